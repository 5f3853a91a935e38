"""The parser: which lines are topics, questions, answers and navigation, for every heading form."""

from __future__ import annotations

from helpers import SEED, content_line_numbers, parse_fixture, read_fixture, snapshot
from qa_site.markdown_scan import split_lines
from qa_site.model import Severity
from qa_site.source import parse_document


def _outline(doc):
    return [(t.title, [q.title for q in t.questions]) for t in doc.topics]


def _assert_partition(doc, text):
    """Every line that is not TOC lands exactly once, in source order."""
    total = len(split_lines(text))
    expected = [n for n in range(1, total + 1) if n not in set(doc.toc_lines)]
    assert content_line_numbers(doc) == expected


# ---------------------------------------------------------------- (a) <h2 id> topics, <h3 id> questions


def test_html_heading_document_splits_into_the_topics_and_questions_its_toc_lists():
    doc, diags = parse_fixture("html_headings.md")
    assert _outline(doc) == [
        ("1.基础概念", ["1.什么是注意力机制？", "2.为什么需要位置编码？"]),
        ("2.训练方法", ["1.什么是SFT？"]),
    ]
    assert [t.key for t in doc.topics] == ["1.基础概念", "2.训练方法"]
    assert [q.key for q in doc.questions()] == ["1.什么是注意力机制？", "2.为什么需要位置编码？", "1.什么是SFT？"]
    assert {q.heading.form for q in doc.questions()} == {"html"}
    assert [q.number for q in doc.questions()] == [1, 2, 1]
    assert [t.number for t in doc.topics] == [1, 2]
    assert not [d for d in diags if d.severity in (Severity.ERROR, Severity.WARNING)]


def test_html_heading_document_answer_holds_exactly_the_lines_under_its_question():
    doc, _ = parse_fixture("html_headings.md")
    first = doc.questions()[0]
    assert first.heading.first_line == 13
    assert [l.number for l in first.body] == [14, 15, 16]
    assert [l.text for l in first.body if l.text.strip()] == ["注意力机制按相关性对值向量加权求和。"]
    assert [l.text for l in doc.topics[0].intro if l.text.strip()] == ["本主题介绍基础概念。"]


def test_html_heading_toc_entries_name_their_headings():
    doc, _ = parse_fixture("html_headings.md")
    assert [(e.line, e.depth) for e in doc.toc_entries] == [(3, 0), (4, 1), (5, 1), (6, 0), (7, 1)]
    assert {line: h.first_line for line, h in doc.toc_targets.items()} == {3: 9, 4: 13, 5: 17, 6: 21, 7: 23}


# ---------------------------------------------------------------- (b) <a id></a> line, then ## / ###


def test_anchor_line_before_a_heading_gives_the_heading_its_id():
    doc, diags = parse_fixture("anchor_headings.md")
    assert _outline(doc) == [
        ("1.基础概念", ["1.什么是注意力机制？", "2.为什么需要位置编码？"]),
        ("2.训练方法", ["1.什么是SFT？"]),
    ]
    assert [t.key for t in doc.topics] == ["basics", "training"]  # <a name=…> counts as an id too
    assert [q.key for q in doc.questions()] == ["attention", "position", "sft"]
    assert {q.heading.form for q in doc.questions()} == {"anchor"}
    assert not [d for d in diags if d.severity in (Severity.ERROR, Severity.WARNING)]


def test_anchor_heading_spans_from_the_anchor_line_to_the_heading_line():
    doc, _ = parse_fixture("anchor_headings.md")
    attention, position, sft = doc.questions()
    assert (attention.heading.first_line, attention.heading.last_line) == (12, 13)
    # a blank line between the <a id> line and the heading still belongs to the heading
    assert (position.heading.first_line, position.heading.last_line) == (17, 19)
    assert [l.number for l in position.body] == [20, 21, 22]
    assert position.heading.level == 3 and doc.topics[0].heading.level == 2


def test_anchor_headings_without_toc_use_the_id_levels_and_keep_plain_headings_in_the_answer():
    doc, _ = parse_fixture("anchor_headings_no_toc.md")
    assert _outline(doc) == [("1.基础概念", ["1.什么是注意力机制？", "2.为什么需要位置编码？"])]
    attention = doc.questions()[0]
    assert [h.title for h in attention.sub_headings] == ["核心回答"]
    assert 10 in [l.number for l in attention.body]  # the "### 核心回答" line itself
    assert [l.number for l in doc.preamble] == [1, 2, 3, 4]


# ---------------------------------------------------------------- (c) plain headings, GitHub anchors


def test_plain_headings_are_found_by_their_github_slugs_in_the_toc():
    doc, diags = parse_fixture("plain_headings.md")
    assert _outline(doc) == [
        ("基础", ["1.为什么？", "2.什么是 Transformer？"]),
        ("进阶", ["1.为什么？"]),
    ]
    assert [q.key for q in doc.questions()] == ["1为什么", "2什么是-transformer", "1为什么-1"]
    assert {q.heading.form for q in doc.questions()} == {"plain"}
    assert not [d for d in diags if d.severity in (Severity.ERROR, Severity.WARNING)]
    assert not [d for d in diags if "repaired" in d.message]  # every TOC link was exact


def test_toc_link_to_repeated_title_with_suffix_lands_on_the_second_occurrence():
    doc, _ = parse_fixture("plain_headings.md")
    targets = {e.anchor: doc.toc_targets[e.line] for e in doc.toc_entries}
    assert targets["#1为什么"].first_line == 11
    assert targets["#1为什么-1"].first_line == 21
    assert doc.topics[1].questions[0].heading.first_line == 21
    assert [l.text for l in doc.topics[1].questions[0].body if l.text.strip()] == ["进阶部分的为什么。"]


# ---------------------------------------------------------------- (d) sub-headings inside answers


def test_sub_headings_at_question_level_stay_inside_the_answer():
    doc, diags = parse_fixture("sub_headings.md")
    rope, mla = doc.questions()
    assert len(doc.questions()) == 2
    assert [h.title for h in rope.sub_headings] == ["核心回答", "补充说明"]
    assert [h.title for h in mla.sub_headings] == ["核心回答"]
    assert [l.number for l in rope.body] == list(range(10, 19))
    assert "### 补充说明" in [l.text for l in rope.body]
    assert not [d for d in diags if "not listed in the TOC" in d.message]
    # repeated sub-heading titles get GitHub's -1 suffix, so links to both stay distinct
    assert rope.sub_headings[0].github_slug == "核心回答"
    assert mla.sub_headings[0].github_slug == "核心回答-1"


def test_seed_rope_question_keeps_its_two_sub_headings():
    doc, _ = parse_document(SEED.read_text(encoding="utf-8"), "seed.md")
    rope = next(q for q in doc.questions() if q.key == "2.旋转位置编码的作用")
    assert [h.title for h in rope.sub_headings] == ["旋转位置编码的本质和计算流程", "旋转位置编码如何表达相对位置信息"]
    assert [h.first_line for h in rope.sub_headings] == [99, 105]
    body_numbers = [l.number for l in rope.body]
    assert 99 in body_numbers and 105 in body_numbers
    assert rope.heading.first_line == 97 and body_numbers[-1] == 113


# ---------------------------------------------------------------- (e) fences


def test_hash_lines_inside_code_fences_are_never_headings():
    doc, _ = parse_fixture("fenced_hashes.md")
    assert _outline(doc) == [("1.代码", ["1.如何写注释？", "2.如何写Markdown标题？"])]
    heading_lines = [h.first_line for h in doc.headings]
    assert heading_lines == [1, 3, 17]
    comments, nested = doc.questions()
    assert comments.sub_headings == [] and nested.sub_headings == []
    texts = [l.text for l in comments.body]
    assert "# 这是注释" in texts and "### 仍然不是标题" in texts and "<h3 id='fake'>假标题</h3>" in texts
    assert [l.text for l in nested.body][1:7] == ["````markdown", "# 一级标题", "```", "## 嵌套围栏内", "```", "````"]
    assert nested.body[-1].text == "写完了。"


# ---------------------------------------------------------------- (f) TOC is navigation, the rest content


def test_toc_lines_are_navigation_and_every_other_line_lands_in_exactly_one_place():
    text = read_fixture("toc_with_prose.md")
    doc, _ = parse_document(text, "toc_with_prose.md")
    assert doc.toc_lines == [3, 4, 5, 6]
    assert [l.number for l in doc.preamble] == [1, 2, 7, 8, 9]
    assert "说明：目录之后的这段话是正文。" in [l.text for l in doc.preamble]
    assert [l.number for l in doc.topics[0].intro] == [11, 12, 13]
    assert [l.number for l in doc.questions()[0].body] == [15, 16]
    _assert_partition(doc, text)


def test_every_fixture_and_the_seed_split_without_losing_or_duplicating_a_line():
    names = ["html_headings.md", "anchor_headings.md", "anchor_headings_no_toc.md", "plain_headings.md",
             "sub_headings.md", "fenced_hashes.md", "toc_with_prose.md"]
    for name in names:
        text = read_fixture(name)
        doc, _ = parse_document(text, name)
        _assert_partition(doc, text)
    text = SEED.read_text(encoding="utf-8")
    doc, _ = parse_document(text, "seed.md")
    assert doc.toc_lines == list(range(1, 28))
    _assert_partition(doc, text)


# ---------------------------------------------------------------- (g) the seed


def test_seed_has_four_topics_and_twenty_one_questions():
    doc, diags = parse_document(SEED.read_text(encoding="utf-8"), "docs/models-and-architectures.md")
    assert [t.title for t in doc.topics] == ["1.多模态模型", "2.文本大模型", "3.通识架构", "4.DeepSeek相关问答"]
    assert [len(t.questions) for t in doc.topics] == [2, 1, 9, 9]
    assert len(doc.questions()) == 21
    assert doc.questions()[2].title == "1.prefix LM 和 causal LM 区别是什么？"
    assert doc.questions()[2].key == "1.prefix和causal区别是什么？"
    assert not [d for d in diags if d.severity in (Severity.ERROR, Severity.WARNING)]


# ---------------------------------------------------------------- (h) line endings and BOM


def test_crlf_and_bom_parse_exactly_like_lf():
    text = read_fixture("anchor_headings.md")
    lf, lf_diags = parse_document(text, "doc.md")
    crlf, crlf_diags = parse_document(text.replace("\n", "\r\n"), "doc.md")
    bom, bom_diags = parse_document("\ufeff" + text.replace("\n", "\r\n"), "doc.md")
    assert snapshot(crlf) == snapshot(lf)
    assert snapshot(bom) == snapshot(lf)
    assert crlf_diags == lf_diags == bom_diags
    assert not any("\r" in l.text for q in crlf.questions() for l in q.body)
    assert [q.key for q in bom.questions()] == ["attention", "position", "sft"]


def test_bom_before_an_html_heading_does_not_hide_the_first_topic():
    text = read_fixture("fenced_hashes.md")
    lf, _ = parse_document(text, "doc.md")
    bom, _ = parse_document("\ufeff" + text, "doc.md")
    assert bom.topics[0].heading is not None and bom.topics[0].title == "1.代码"
    assert snapshot(bom) == snapshot(lf)
