"""Documents of this family as authors write them: each trait read right, without editing the document."""

from __future__ import annotations

import re
import time

from corpus import (FAMILY, assert_partition, body_text, build, diag_list, line_of, loud, outline, page_by_key,
                    parse, question_pages, text_of)
from helpers import snapshot
from qa_site.markdown_scan import split_lines
from qa_site.math_delimiters import DISPLAY_OPEN, INLINE_OPEN, TOKEN_RE
from qa_site.model import Severity
from qa_site.source import ParseOptions, parse_document

# ---------------------------------------------------------------- heading forms


def test_html_headings_h1_topics_and_h2_questions_with_ids():
    doc, diags = parse(FAMILY / "html_h1_h2.md")
    assert outline(doc) == [("1.基础知识", ["1.什么是Transformer？", "2.什么是自注意力？"]),
                            ("2.训练", ["1.什么是预训练？"])]
    assert [q.key for q in doc.questions()] == ["1.什么是Transformer？", "2.什么是自注意力？", "1.什么是预训练？"]
    transformer, attention, _ = doc.questions()
    # an <h3 id> the TOC does not list is a sub-heading of the answer, not a question
    assert [h.title for h in transformer.sub_headings] == ["核心要点"]
    assert "编码器和解码器都由注意力层堆叠而成。" in body_text(transformer)
    # tags of HTML elements inside a heading are markup, not title text
    assert attention.title == "2.什么是自注意力？"
    assert loud(diags) == []
    assert_partition(doc, text_of(FAMILY / "html_h1_h2.md"))


def test_anchor_lines_and_inline_anchors_give_level_4_and_5_headings_their_ids():
    text = text_of(FAMILY / "anchor_levels.md")
    doc, diags = parse(FAMILY / "anchor_levels.md")
    assert outline(doc) == [("第一章 模型结构", ["1. 什么是 RoPE？", "2. 什么是 ALiBi？"]),
                            ("第二章 推理", ["1. 什么是 KV Cache？", "2. 什么是投机解码？"])]
    # <a id>, <a name>, <span id> (a blank line between), inline <a id> before or after, {#id}
    assert [t.key for t in doc.topics] == ["ch1", "ch2"]
    assert [q.key for q in doc.questions()] == ["rope", "alibi", "kv-cache", "spec"]
    alibi = doc.questions()[1]
    assert (alibi.heading.first_line, alibi.heading.last_line) == (line_of(text, '<span id="alibi">'),
                                                                   line_of(text, "##### 2. 什么是 ALiBi？"))
    assert body_text(alibi) == ["给注意力分数加一个随距离线性增长的偏置。"]
    # TOC links with GitHub's user-content- prefix are exact matches: nothing to report
    assert diags == []
    assert doc.title == "面试题汇总"  # the heading above the TOC


def test_plain_headings_are_addressed_by_github_slugs_with_repeats_prefix_and_case():
    doc, diags = parse(FAMILY / "plain_slugs.md")
    assert outline(doc) == [("基础", ["1.为什么用 LayerNorm？", "2.总结"]),
                            ("进阶", ["1.为什么用 LayerNorm？", "2.总结"]),
                            ("附录", ["1.为什么用 LayerNorm？"])]
    assert [q.key for q in doc.questions()] == ["1为什么用-layernorm", "2总结", "1为什么用-layernorm-1", "2总结-1",
                                                "1为什么用-layernorm-2"]
    # '#1为什么用-LayerNorm-2' (other letter case) and '#user-content-进阶' name their headings exactly
    assert {e.line: doc.toc_targets[e.line].github_slug for e in doc.toc_entries}[12] == "1为什么用-layernorm-2"
    assert diags == []
    assert [body_text(q) for q in doc.topics[2].questions] == [["附录版：与 RMSNorm 的比较。"]]


# ---------------------------------------------------------------- levels that change


def test_question_level_changing_halfway_is_read_from_the_toc():
    text = text_of(FAMILY / "level_change.md")
    doc, diags = parse(FAMILY / "level_change.md")
    assert [len(t.questions) for t in doc.topics] == [7, 1]
    assert [q.heading.level for q in doc.topics[0].questions] == [3, 3, 3, 3, 3, 1, 1]
    assert doc.topics[1].questions[0].heading.level == 1
    # every answer keeps its own "### 核心回答", same level as Q1–Q5 but without an id: a sub-heading
    assert all([h.title for h in q.sub_headings] == ["核心回答"] for q in doc.questions())
    sixth = doc.topics[0].questions[5]
    assert sixth.heading.first_line == line_of(text, "<h1 id=\"6.")
    assert body_text(sixth) == ["### 核心回答", "第6题的回答。"]
    assert diags == []


def test_front_matter_sets_the_levels_when_there_is_no_toc():
    with_toc, _ = parse(FAMILY / "level_change.md")
    doc, diags = parse(FAMILY / "level_change_front_matter.md")
    assert outline(doc) == outline(with_toc)
    assert doc.front_matter_lines == [1, 2, 3, 4, 5]  # metadata, on no page
    assert doc.front_matter["qa"] == {"topic_level": 2, "question_level": [3, 1]}
    assert all([h.title for h in q.sub_headings] == ["核心回答"] for q in doc.questions())
    assert diags == []
    assert_partition(doc, text_of(FAMILY / "level_change_front_matter.md"))


def test_parse_options_set_the_levels_like_front_matter():
    text = text_of(FAMILY / "level_change_front_matter.md")
    without = "\n".join(split_lines(text)[5:]) + "\n"
    doc, _ = parse_document(without, "doc.md", ParseOptions(topic_levels=(2,), question_levels=(3, 1)))
    with_fm, _ = parse(FAMILY / "level_change_front_matter.md")
    assert outline(doc) == outline(with_fm)


def test_explicit_parse_options_win_over_front_matter():
    doc, _ = parse(FAMILY / "level_change_front_matter.md", ParseOptions(question_levels=(3,)))
    # the option keeps front matter's topic level 2 but only h3 questions: Q6 and Q7 (h1) stay in Q5's answer
    assert [len(t.questions) for t in doc.topics] == [5, 0]
    fifth = doc.topics[0].questions[4]
    assert "6.什么是稀疏注意力？" in [h.title for h in fifth.sub_headings]


def test_without_toc_or_levels_the_questions_that_ask_give_their_levels():
    text = text_of(FAMILY / "level_change_front_matter.md")
    without = "\n".join(split_lines(text)[5:]) + "\n"
    doc, diags = parse_document(without, "doc.md")
    with_fm, _ = parse(FAMILY / "level_change_front_matter.md")
    # rule 5: the <h3 id> and <h1 id> questions end with "？", the <h2 id> topics do not
    assert outline(doc) == outline(with_fm)
    assert all([h.title for h in q.sub_headings] == ["核心回答"] for q in doc.questions())
    assert diags == []
    assert_partition(doc, without)


def test_without_toc_levels_or_signals_the_automatic_rule_is_the_documented_one_and_the_author_is_told():
    text = text_of(FAMILY / "level_change_front_matter.md")
    without = "\n".join(split_lines(text)[5:]).replace("？", "") + "\n"
    doc, diags = parse_document(without, "doc.md")
    # rule 5: headings with ids; the shallowest level (the h1 questions) gives topics, the next (h2) questions
    assert outline(doc) == [("doc", ["1.注意力机制"]), ("6.什么是稀疏注意力", []),
                            ("7.什么是线性注意力", ["2.位置编码"]), ("1.什么是绝对位置编码", [])]
    # nothing is lost, and the messages point at the misread headings so the author sets the levels
    assert_partition(doc, without)
    assert diag_list(diags) == [
        ("notice", 2, "question '1.注意力机制' comes before any topic heading; it is put in an untitled first topic"),
        ("warning", line_of(without, "<h1 id=\"6."), "topic '6.什么是稀疏注意力' has no questions"),
        ("warning", line_of(without, "<h1 id=\"1."), "topic '1.什么是绝对位置编码' has no questions"),
    ]
    assert all("question_level" in d.hint for d in diags if "has no questions" in d.message)


def test_stray_levels_toc_decides_and_unlisted_headings_stay_in_answers():
    doc, diags = parse(FAMILY / "stray_levels.md")
    assert outline(doc) == [("2026-07 算法岗笔试", ["1. 手写多头注意力", "2. DPO 的推导"]),
                            ("2026-09 Agent 岗一面", ["1. Agent 架构分几层？", "2. 如何评测 Agent？"])]
    # a question written one level higher (####) than its siblings (#####): the TOC nests it as a question
    assert doc.topics[1].questions[0].heading.level == 4
    # "### 实现要点" (topic level, no id) inside an answer stays in that answer
    first = doc.topics[0].questions[0]
    assert [h.title for h in first.sub_headings] == ["实现要点"]
    assert "注意掩码的形状。" in body_text(first)
    # "#### 面试问题汇总" (no id) stays in the topic's introduction
    assert [h.title for h in doc.topics[0].sub_headings] == ["面试问题汇总"]
    # headings above the TOC are the preamble; the first is the document's title
    assert doc.title == "某公司高频面试题"
    assert [line.number for line in doc.preamble][:8] == list(range(1, 9))
    assert diags == []


def test_sub_point_level_of_one_file_is_the_question_level_of_another():
    as_questions, diags_a = parse(FAMILY / "questions_at_h4.md")
    as_points, diags_b = parse(FAMILY / "subpoints_at_h4.md")
    assert outline(as_questions) == [("基础篇", ["1.什么是微调？", "2.什么是 LoRA？"])]
    assert {q.heading.level for q in as_questions.questions()} == {4}
    assert outline(as_points) == [("基础篇", ["1.什么是微调？", "2.什么是 LoRA？"])]
    assert [[h.title for h in q.sub_headings] for q in as_points.questions()] == [["全参数微调", "参数高效微调"],
                                                                                  ["原理"]]
    assert diags_a == diags_b == []


# ---------------------------------------------------------------- TOCs


def test_no_toc_at_all():
    doc, diags = parse(FAMILY / "html_h1_h2.md")
    text = text_of(FAMILY / "html_h1_h2.md")
    no_toc = "\n".join(split_lines(text)[8:]) + "\n"
    bare, bare_diags = parse_document(no_toc, "doc.md")
    assert outline(bare) == outline(doc)
    assert bare.toc_lines == [] and bare_diags == []


def test_two_tocs_a_link_list_and_a_plain_list_are_both_navigation():
    text = text_of(FAMILY / "two_tocs.md")
    doc, diags = parse(FAMILY / "two_tocs.md")
    assert outline(doc) == [("1.基础", ["1.什么是 token？", "2.什么是词表？"])]
    contents = line_of(text, "## Contents")
    assert set(range(1, 6)) | set(range(contents, contents + 5)) <= set(doc.toc_lines)
    # the plain items are matched by their text
    plain = [e for e in doc.toc_entries if e.line > contents]
    assert [(e.text, doc.toc_targets[e.line].title) for e in plain] == [
        ("基础", "1.基础"), ("什么是 token？", "1.什么是 token？"), ("什么是词表？", "2.什么是词表？")]
    assert [line.text for line in doc.preamble if line.text.strip()] == []
    assert diags == []
    assert_partition(doc, text)


def test_a_toc_made_of_headings_is_navigation_and_its_nesting_counts():
    text = text_of(FAMILY / "heading_toc.md")
    doc, diags = parse(FAMILY / "heading_toc.md")
    assert outline(doc) == [("第一章 基础", ["1. 什么是 token？"]), ("第二章 进阶", ["1. 什么是 MoE？"])]
    assert doc.toc_lines == list(range(1, 8))
    assert doc.topics[0].heading.first_line == line_of(text, "## 第一章 基础", whole=True)
    assert diags == []


def test_toc_quirks_are_repaired_and_reported_with_their_lines():
    text = text_of(FAMILY / "toc_quirks.md")
    doc, diags = parse(FAMILY / "toc_quirks.md")
    assert outline(doc) == [
        ("1.基础", ["1.什么是 token？", "2.什么是词表？", "3.什么是 BPE？", "4.什么是 WordPiece？",
                  "5.什么是 Unigram？"]),
        ("2.进阶", ["1.什么是 LFM(Liquid)？", "2.什么是 MoE？", "3.a)b 是什么？"])]
    targets = {e.line: doc.toc_targets[e.line].title for e in doc.toc_entries}
    assert targets[line_of(text, "](1.什么是token？)")] == "1.什么是 token？"  # no '#'
    assert targets[line_of(text, "(#2.什么是词表?)")] == "2.什么是词表？"  # typo
    assert targets[line_of(text, "(#6.什么是Unigram？)")] == "5.什么是 Unigram？"  # number out of step
    assert targets[line_of(text, "(#1.什么是LFM(Liquid)？)")] == "1.什么是 LFM(Liquid)？"  # ')' inside
    assert targets[line_of(text, "(#2.什么是 MoE？)")] == "2.什么是 MoE？"  # spaces inside, id ' 2.什么是 MoE？ '
    assert targets[line_of(text, "(#3.a)b是什么？)")] == "3.a)b 是什么？"  # unbalanced ')'
    assert diag_list(diags) == [
        ("notice", 4, "TOC link '1.什么是token？' has no '#'; read as a link to line 16 '1.什么是 token？'"),
        ("notice", 5, "TOC link '#2.什么是词表?' matches no id; repaired by the 'loose' rule to line 20 "
                      "'2.什么是词表？'"),
        ("notice", 6, "TOC item '3.什么是 BPE？' links to line 28 '4.什么是 WordPiece？', but its text names line 24"),
        ("notice", 8, "TOC link '#6.什么是Unigram？' matches no id; repaired by the 'renumbered' rule to line 32 "
                      "'5.什么是 Unigram？'"),
    ]
    assert [d.hint for d in diags] == ["change the link to '#1.什么是token？'", "change the link to '#2.什么是词表？'",
                                       "change the link to '#3.什么是BPE？'", "change the link to '#5.什么是Unigram？'"]


def test_toc_quirks_still_give_every_question_its_page_and_links(tmp_path):
    site, pages, _ = build(tmp_path, FAMILY / "toc_quirks.md")
    assert len(question_pages(site)) == 8
    assert loud(site.diagnostics) == []


# ---------------------------------------------------------------- numbering


def test_numbering_that_restarts_or_repeats_and_identical_titles_get_distinct_pages(tmp_path):
    doc, diags = parse(FAMILY / "numbering.md")
    assert [q.number for q in doc.questions()] == [1, 2, 1, 1]
    keys = [q.key for q in doc.questions()]
    assert keys == ["1什么是过拟合", "2如何缓解过拟合", "1什么是过拟合-1", "1什么是欠拟合"]
    assert diags == []
    site, pages, _ = build(tmp_path, FAMILY / "numbering.md")
    urls = [q.slug for q in site.books["zh"].questions()]
    assert len(set(urls)) == 4
    first, _, again, _ = site.books["zh"].questions()
    assert "训练集好、测试集差。" in pages[first.slug + ".md"]
    assert "第二部分再问一次，答案更深入。" in pages[again.slug + ".md"]
    assert not [d for d in site.diagnostics if d.severity is Severity.ERROR]


# ---------------------------------------------------------------- math


def _formulas(site):
    return [(f.tex, f.display) for f in site.formulas.items]


def test_math_in_every_shape_several_on_one_line(tmp_path):
    site, _, _ = build(tmp_path, FAMILY / "math.md")
    formulas = _formulas(site)
    assert set(formulas) == {("h_t", False), ("W^{Q}", False), ("d_k", False), ("\\sqrt{d_k}", False),
                             ("\\frac{1}{2}", True), ("q = W^Q x", True), ("k = W^K x", True),
                             ("\\mathrm{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}}\\right)V", True)}
    inline = page_by_key(site, "inline")
    line = next(row for row in inline.splitlines() if row.startswith("向量"))
    assert len(TOKEN_RE.findall(line)) == 5 and "$" not in line
    # display formulas inside list items stay indented under their item
    lists = page_by_key(site, "lists").splitlines()
    displays = [row for row in lists if DISPLAY_OPEN in row]
    assert len(displays) == 2 and all(row.startswith("    ") for row in displays)
    fence = page_by_key(site, "fence")
    assert DISPLAY_OPEN in fence and "```math" not in fence
    # dollar amounts and code stay text
    assert "价格从 $5 涨到 $10，变量写作 `$HOME`。" in fence
    assert INLINE_OPEN not in fence.split("价格")[1]
    assert loud(site.diagnostics) == []


# ---------------------------------------------------------------- images


def test_images_in_every_shape_are_copied_or_shown_as_placeholders(tmp_path):
    site, pages, doc = build(tmp_path, FAMILY / "images")
    page = page_by_key(site, "q")
    assert "![](<../imgs/a.png>)" in page
    assert "![第二张](<../imgs/b.jpeg>)" in page
    assert '<div align=center><img src="../../imgs/c.gif" width="300"></div>' in page  # from the page's URL
    assert "![结构图](<../imgs/结构图（1）.png>)" in page
    assert sorted(a.target for a in site.editions["zh"].assets) == ["imgs/a.png", "imgs/b.jpeg", "imgs/c.gif",
                                                                  "imgs/结构图（1）.png"]
    text = text_of(doc)
    warnings = [(d.line, d.message) for d in loud(site.diagnostics)]
    assert warnings == [(line_of(text, "missing.png"), "image 'imgs/missing.png' does not exist")]
    notes = [(d.line, d.message) for d in site.diagnostics if d.code == "image-remote"]
    assert notes == [(line_of(text, "#pic_center"), "remote image 'https://img-blog.example.com/2024/x.png#pic_center' "
                                                    "is shown as a link: the site loads nothing off-site")]
    assert 'href="https://img-blog.example.com/2024/x.png#pic_center"' in page and "<img src=\"https" not in page
    assert "图片缺失: 缺失" in page
    assert "`![](imgs/none.png)`" in page  # code is not an image


def test_image_path_with_spaces_is_read_when_the_file_exists(tmp_path):
    text = "<h2 id='t'>T</h2>\n<h3 id='q'>Q</h3>\n\n![图](imgs/my fig.png)\n"
    site, _, _ = build(tmp_path, text, extra={"imgs/my fig.png": b"png"})
    assert "![图](<../imgs/my fig.png>)" in page_by_key(site, "q")
    assert [a.target for a in site.editions["zh"].assets] == ["imgs/my fig.png"]


# ---------------------------------------------------------------- bytes and whitespace


def test_crlf_and_bom_parse_and_render_exactly_like_lf(tmp_path):
    text = text_of(FAMILY / "level_change.md")
    lf, lf_diags = parse_document(text, "doc.md")
    crlf, crlf_diags = parse_document("\ufeff" + text.replace("\n", "\r\n"), "doc.md")
    assert snapshot(crlf) == snapshot(lf) and crlf_diags == lf_diags
    site_lf, pages_lf, _ = build(tmp_path / "lf", text)
    site_crlf, pages_crlf, _ = build(tmp_path / "crlf", "\ufeff" + text.replace("\n", "\r\n"))
    assert pages_crlf == pages_lf
    assert not any("\r" in md or "\ufeff" in md for md in pages_crlf.values())


def test_tabs_and_three_space_nesting_in_lists_become_four_space_nesting(tmp_path):
    site, _, _ = build(tmp_path, FAMILY / "lists.md")
    page = page_by_key(site, "1嵌套列表")
    assert "- 第一层\n    - 制表符缩进的第二层\n        - 两个制表符的第三层\n- 又一项\n    - 三个空格的第二层\n" \
           "        - 六个空格的第三层\n" in page
    assert "1. 编号项\n    继续说明\n2. 下一个编号项" in page


def test_hash_comment_lines_inside_code_fences_are_code(tmp_path):
    doc, diags = parse(FAMILY / "code_comments.md")
    assert outline(doc) == [("1.代码", ["1.配置文件怎么写？", "2.下一题"])]
    assert doc.questions()[0].sub_headings == []
    assert diags == []
    site, _, _ = build(tmp_path, FAMILY / "code_comments.md")
    page = page_by_key(site, "q1")
    for line in ["# 这是 YAML 注释", "## 也不是标题", "#!/bin/bash", "# 安装依赖", "    # 列表里的注释",
                 "### 波浪线围栏里的井号"]:
        assert f"\n{line}\n" in page
    assert "{ #" not in page.split("\n", 6)[-1]  # no comment became a heading with an id


def test_english_document_with_table_of_contents():
    doc, diags = parse(FAMILY / "english.md")
    assert outline(doc) == [("1. Architecture", ["1.1 Why decoder-only?", "1.2 What is RoPE?"]),
                            ("2. Training", ["2.1 What is SFT?"])]
    assert doc.title == "LLM Interview Questions"
    assert [h.title for h in doc.questions()[0].sub_headings] == ["Short answer"]
    assert doc.toc_lines == list(range(3, 10))
    assert diags == []


def test_english_document_with_contents_and_a_flat_toc():
    doc, diags = parse(FAMILY / "english_contents.md")
    assert outline(doc) == [("Deep Learning Q&A", ["What is dropout?", "What is batch norm?"])]
    assert doc.topics[0].heading is None  # a flat TOC lists questions: one implicit topic, named by the title
    assert diags == []


def test_front_matter_title_and_question_level_and_unused_keys():
    text = text_of(FAMILY / "front_matter.md")
    doc, diags = parse(FAMILY / "front_matter.md")
    assert doc.title == "大模型面试宝典"
    assert outline(doc) == [("基础", ["1.什么是 LLM？"]), ("进阶", ["1.什么是 MoE？"])]
    assert [h.title for h in doc.questions()[0].sub_headings] == ["要点"]
    assert doc.front_matter_lines == list(range(1, 7))
    assert [line.number for line in doc.preamble] == [7, 8]  # "# 旧标题" is still content
    assert diag_list(diags) == [("notice", line_of(text, "author:"),
                                 "front matter keys 'author' are not used by the site")]


# ---------------------------------------------------------------- size


def _large_document(tables: int = 200, blocks: int = 250) -> str:
    out = ["# 大型文档", "", "## 目录", ""]
    body: list[str] = []
    topics = 10
    per_topic = 25
    n = 0
    for t in range(1, topics + 1):
        out.append(f"- [{t}.主题{t}](#t{t})")
        body += [f"<h2 id='t{t}'>{t}.主题{t}</h2>", ""]
        for k in range(1, per_topic + 1):
            n += 1
            out.append(f"  - [{k}.问题{n}](#q{n})")
            body += [f"<h3 id='q{n}'>{k}.问题{n}</h3>", "", "### 核心回答", ""]
            if n <= tables:
                body += ["| 方法 | 复杂度 | 说明 |", "|---|---|---|"] + \
                        [f"| 方法{r} | $O(n^{r})$ | 第{r}行的说明，写得长一些。 |" for r in range(12)] + [""]
            if n <= blocks:
                body += ["```python", "# 注释：不是标题", "## 也不是", "def f(x):", "    return x  # $不是公式$",
                         "```", ""]
            body += ["正文段落，" * 60, ""]
    return "\n".join(out + [""] + body) + "\n"


def test_a_400_kb_document_with_200_tables_and_250_code_blocks(tmp_path):
    text = _large_document()
    assert 350_000 < len(text.encode("utf-8")) < 600_000
    started = time.monotonic()
    doc, diags = parse_document(text, "big.md")
    assert len(doc.questions()) == 250 and len(doc.topics) == 10
    assert all([h.title for h in q.sub_headings] == ["核心回答"] for q in doc.questions())
    assert diags == []
    assert_partition(doc, text)
    site, pages, _ = build(tmp_path, text)
    elapsed = time.monotonic() - started
    markdown = "\n".join(question_pages(site).values())
    assert markdown.count("|---|---|---|") == 200
    assert markdown.count("```python") == 250
    assert markdown.count("\n# 注释：不是标题\n") == 250
    assert len(re.findall(r"^# ", markdown, re.M)) == 250 * 2  # each page's title + each code comment
    assert elapsed < 60, elapsed


# ---------------------------------------------------------------- details of the rule


def test_toc_at_the_end_still_lets_unlisted_questions_of_the_listed_form_count():
    text = ("<h2 id='t'>1.主题</h2>\n\n<h3 id='q1'>1.列出的问题</h3>\n\n答一。\n\n"
            "<h3 id='q2'>2.漏列的问题</h3>\n\n答二。\n\n"
            "### 核心回答\n\n补充。\n\n## 目录\n\n- [1.主题](#t)\n  - [1.列出的问题](#q1)\n")
    doc, diags = parse_document(text, "doc.md")
    assert outline(doc) == [("1.主题", ["1.列出的问题", "2.漏列的问题"])]
    assert [h.title for h in doc.questions()[1].sub_headings] == ["核心回答"]
    assert diag_list(diags) == [("notice", 7, "question '2.漏列的问题' is not listed in the TOC")]


def test_a_toc_item_linking_to_the_toc_itself_is_not_a_problem():
    text = "# 目录\n\n- [目录](#目录)\n- [1.问题](#1问题)\n\n### 1.问题\n\n答。\n"
    doc, diags = parse_document(text, "doc.md")
    assert [q.title for q in doc.questions()] == ["1.问题"] and diags == []


def test_markdown_in_titles_is_reduced_to_its_text_but_formulas_are_kept_verbatim():
    text = "## 1.主题\n\n### 1.什么是 **$\\{x_i\\}$** 与 `a*b*`？\n\n答。\n\n### 2.[链接](#x) 与 a\\*b\n\n答。\n"
    doc, _ = parse_document(text, "doc.md")
    assert [q.title for q in doc.questions()] == ["1.什么是 $\\{x_i\\}$ 与 a*b*？", "2.链接 与 a*b"]


def test_front_matter_never_reaches_a_page(tmp_path):
    site, pages, _ = build(tmp_path, FAMILY / "front_matter.md")
    assert not any("author" in md or "question_level" in md for md in pages.values())
    assert "# 旧标题" in pages["index.md"]  # the heading below the front matter is content


def test_toc_items_that_name_no_heading_stay_text_and_broken_links_are_warned():
    text = ("## 目录\n\n- [1.基础](#1基础)\n  - [1.问题](#1问题)\n- 更多内容持续更新中……\n- [English](README.en.md)\n"
            "- [坏链接](#nothing)\n\n## 1.基础\n\n### 1.问题\n\n答。\n")
    doc, diags = parse_document(text, "doc.md")
    assert outline(doc) == [("1.基础", ["1.问题"])]
    assert doc.toc_lines == [1, 2, 3, 4, 7]
    assert [line.text for line in doc.preamble if line.text.strip()] == ["- 更多内容持续更新中……", "- [English](README.en.md)"]
    assert diag_list(diags) == [("warning", 7, "TOC link '#nothing' matches no heading")]


def test_angle_bracket_destinations_with_spaces_stay_links_and_images(tmp_path):
    text = ("<h2 id='t'>T</h2>\n\n<h3 id='q'>Q</h3>\n\n![图](<imgs/my fig.png>) 见 [另一题](<#q2>)\n\n"
            "<h3 id='q2'>Q2</h3>\n\n答。\n")
    site, _, _ = build(tmp_path, text, extra={"imgs/my fig.png": b"png"})
    import posixpath

    from qa_site.pages import page_of

    q, q2 = site.books["zh"].questions()
    page = page_by_key(site, "q")
    assert "![图](<../imgs/my fig.png>)" in page
    assert f"[另一题](<{posixpath.relpath(page_of(q2), posixpath.dirname(page_of(q)))}>)" in page
    assert loud(site.diagnostics) == []
