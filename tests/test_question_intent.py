"""Every document of the family split the way its author meant: exactly the author's questions, no more, no fewer.

Each fixture in ``tests/fixtures/intent/`` is a short document of one shape the family writes; each test
asserts its exact list of topics and questions, that the headings inside answers stay there, and that no
line is lost. The last test builds them all with MkDocs, as a maintainer would, and reads the pages.
"""

from __future__ import annotations

import re
import shutil

import pytest

from corpus import FIXTURES, assert_partition, body_text, line_of, loud, outline, parse, text_of
from qa_site.question_signals import asks, numbering_style
from qa_site.source import parse_document
from sitecheck import Page, broken_references, html_pages
from test_build import mkdocs_build

INTENT = FIXTURES / "intent"

# the author's questions of each shape, topic by topic (an untitled document's topic is named by its title)
EXPECTED = {
    # "# Title", then "## 1. …？" questions whose answers have "###"/"####" parts, "<br>" between them
    "numbered_h2_questions.md": [("大模型基础面试题", [
        "1. 什么是大语言模型？", "2. 为什么需要位置编码？", "3. 注意力的计算复杂度是多少？", "4. 简述 KV Cache 的原理"])],
    # "## 1.1 chapter", "### 1. …" questions with "### 核心回答" / "### 通俗案例" at their level, a TOC of heading
    # links and bulleted links to GitHub slugs (numbers restart per chapter: "#3-小结-1")
    "chapters_core_answer.md": [
        ("1.1 基础概念", ["1. 什么是词元？", "2. 什么是词向量？", "3. 小结"]),
        ("1.2 检索增强", ["1. 什么是检索增强生成？", "2. 怎样切分文档？", "3. 小结"]),
        ("1.3 智能体", ["1. 智能体由哪几部分组成？"])],
    # a stale TOC of link-less headings, then a list of "#user-content-…" links; <h2 id> then <h1 id>
    # questions; <h3 id> points inside an answer
    "two_tocs_user_content.md": [("多模态面试题", [
        "1. 视觉编码器常用哪些结构？", "2. 图像怎样变成词元？", "3. 什么是对比学习？", "4. 多模态模型怎样对齐？",
        "5. 什么是指令微调？"])],
    # the same, with the second TOC under a title of its own
    "two_tocs_titled.md": [("多模态面试题", ["1. 视觉编码器常用哪些结构？", "2. 图像怎样变成词元？", "3. 什么是对比学习？"])],
    # a Notion export: bold "#### **1.1 …？**" questions, "#### （1）…" points at the same level
    "notion_bold.md": [
        ("一、注意力机制", ["1.1 讲讲你对注意力的理解？", "1.2 为什么要除以根号 d？", "1.3 注意力的掩码有几种"]),
        ("二、位置编码", ["2.1 绝对位置编码和相对位置编码有什么区别？", "2.2 RoPE 是怎么实现的？"])],
    # bold questions without numbers or question marks, plain parts at their level
    "bold_questions.md": [("基础", ["讲讲 RLHF 的流程", "PPO 和 DPO 的区别"]), ("进阶", ["奖励黑客是什么意思"])],
    # "## Q1. …" questions without a question mark, "###" parts
    "q_numbered.md": [("Interview notes: fine-tuning", [
        "Q1. Explain how LoRA works", "Q2. Compare full fine-tuning with adapters",
        "Q3. When would you merge the adapter into the weights"])],
    # "### 问题1：…" with "### 参考回答" at the same level
    "question_numbered.md": [("一、一面", ["问题1：介绍一下你做过的项目", "问题2：手写一个 softmax"]),
                             ("二、二面", ["问题1：讲讲注意力的时间复杂度"])],
    # "#### 面试问题：…" with "#### 回答" at the same level, no topics
    "interview_question_prefix.md": [("检索增强生成", ["面试问题：如何缓解大模型的幻觉", "面试问题：向量检索和关键词检索怎么选"])],
}


def test_every_shape_has_a_fixture_and_every_fixture_an_expectation():
    assert sorted(p.name for p in INTENT.glob("*.md")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_shape_gives_exactly_its_authors_questions(name):
    doc, diags = parse(INTENT / name)
    assert outline(doc) == EXPECTED[name]
    assert loud(diags) == []
    assert_partition(doc, text_of(INTENT / name))


# ---------------------------------------------------------------- what stays inside an answer


def test_parts_of_an_answer_on_deeper_levels_stay_in_it_when_the_questions_ask():
    doc, _ = parse(INTENT / "numbered_h2_questions.md")
    first, _, third, _ = doc.questions()
    assert [h.title for h in first.sub_headings] == ["定义", "关键能力", "上下文学习", "指令跟随"]
    # numbered parts of an answer ("### 1. 时间复杂度") are parts too: the questions are one level up
    assert [h.title for h in third.sub_headings] == ["1. 时间复杂度", "2. 显存占用"]
    assert doc.topics[0].heading is None  # no topic headings: one topic named after the document


def test_unnumbered_headings_at_the_question_level_between_numbered_questions_stay_in_the_answer():
    doc, diags = parse(INTENT / "chapters_core_answer.md")
    assert [[h.title for h in q.sub_headings] for q in doc.questions()] == [
        ["核心回答", "通俗案例"], ["核心回答", "通俗案例"], [], ["核心回答", "通俗案例"], ["核心回答", "通俗案例"], [],
        ["核心回答", "通俗案例"]]
    assert body_text(doc.questions()[0]) == ["### 核心回答", "模型读写文本的最小单位，由分词器切出来。", "### 通俗案例",
                                             "就像把一句话拆成一块块积木。"]
    assert diags == []  # none of them is "a question not listed in the TOC"


def test_a_toc_of_heading_links_and_bulleted_github_slugs_names_every_topic_and_question():
    text = text_of(INTENT / "chapters_core_answer.md")
    doc, _ = parse(INTENT / "chapters_core_answer.md")
    targets = {e.line: doc.toc_targets[e.line] for e in doc.toc_entries}
    # the TOC's own "#### [1.1 基础概念]" takes GitHub's slug first, so the chapter's is "11-基础概念-1"
    assert targets[line_of(text, "#### [1.1 基础概念]")].first_line == line_of(text, "## 1.1 基础概念", whole=True)
    assert targets[line_of(text, "(#3-小结-1)")].first_line == line_of(text, "### 3. 小结", nth=2)
    assert len(targets) == 3 + 7


def test_numbered_points_at_the_question_level_stay_in_the_answer_of_a_bold_question():
    doc, _ = parse(INTENT / "notion_bold.md")
    assert [[h.title for h in q.sub_headings] for q in doc.questions()] == [
        ["（1）多头注意力", "（2）多查询注意力"], [], ["（1）填充掩码", "（2）因果掩码"], ["（1）绝对位置编码", "（2）相对位置编码"], []]
    assert [h.bold for h in doc.headings if h.level == 4][:3] == [True, False, False]


def test_plain_parts_stay_in_the_answer_of_bold_questions_and_answers_marked_by_the_author_too():
    bold, _ = parse(INTENT / "bold_questions.md")
    assert [[h.title for h in q.sub_headings] for q in bold.questions()] == [["监督微调", "奖励模型"], ["训练方式"], []]
    numbered, _ = parse(INTENT / "question_numbered.md")
    assert [[h.title for h in q.sub_headings] for q in numbered.questions()] == [["参考回答"], ["参考回答"],
                                                                                  ["参考回答", "延伸"]]
    prefixed, _ = parse(INTENT / "interview_question_prefix.md")
    assert [[h.title for h in q.sub_headings] for q in prefixed.questions()] == [["回答"], ["回答", "追问"]]


@pytest.mark.parametrize("name, outline_lines", [("two_tocs_user_content.md", (5, 13)), ("two_tocs_titled.md", (5, 9))])
def test_a_stale_outline_of_headings_beside_a_working_toc_is_navigation_with_a_note(name, outline_lines):
    text = text_of(INTENT / name)
    doc, diags = parse(INTENT / name)
    first, last = outline_lines
    assert set(range(first, last + 1)) <= set(doc.toc_lines)  # the outline's headings, as the link list, are the TOC
    first_link = line_of(text, "(#user-content-q1)")
    assert set(range(first_link, first_link + 3)) <= set(doc.toc_lines)
    assert [line.text for line in doc.preamble if line.text.strip()] == ["# 多模态面试题"]
    assert [(d.severity.value, d.line) for d in diags] == [("notice", first)]
    assert f"(lines {first}–{last}) name no heading of the document: a stale outline" in diags[0].message
    assert doc.title == "多模态面试题"  # "# 多模态面试题" is alone in its form among the <h1 id> questions
    assert [h.title for h in doc.questions()[1].sub_headings][:1] == ["（1）切块"]


def test_an_outline_of_headings_with_no_working_toc_stays_content():
    text = "## 目录\n\n## 第一章\n\n### 概述\n\n## Contents\n\n- 还没写\n\n## 1. 什么是熵？\n\n答。\n"
    doc, diags = parse_document(text, "doc.md")
    assert doc.toc_lines == [] and "第一章" in [t.title for t in doc.topics]  # nothing of it is left out
    assert not any("stale outline" in d.message for d in diags)


def test_without_any_signal_the_structural_rule_stands():
    """Headings that neither ask nor carry a question's numbering or bold leave the documented rule as it was."""
    text = "# 笔记\n\n## 注意力\n\n### 缩放\n\n答。\n\n### 掩码\n\n答。\n\n## 归一化\n\n### 层归一化\n\n答。\n"
    doc, _ = parse_document(text, "doc.md")
    assert outline(doc) == [("注意力", ["缩放", "掩码"]), ("归一化", ["层归一化"])]


def test_one_numbered_heading_among_unnumbered_questions_demotes_nothing():
    text = "## 基础\n\n### 什么是过拟合\n\n答。\n\n### 什么是欠拟合\n\n答。\n\n### 1. 补充\n\n再说一点。\n"
    doc, _ = parse_document(text, "doc.md")
    assert outline(doc) == [("基础", ["什么是过拟合", "什么是欠拟合", "1. 补充"])]


def test_follow_up_questions_inside_an_answer_are_not_questions_of_their_own():
    text = ("# 面试题\n\n## 1. 什么是注意力？\n\n答。\n\n### 1. 为什么要缩放？\n\n追问的回答。\n\n"
            "## 2. 什么是掩码？\n\n答。\n\n### 1. 因果掩码怎么实现？\n\n追问的回答。\n")
    doc, _ = parse_document(text, "doc.md")
    assert outline(doc) == [("面试题", ["1. 什么是注意力？", "2. 什么是掩码？"])]
    assert [[h.title for h in q.sub_headings] for q in doc.questions()] == [["1. 为什么要缩放？"], ["1. 因果掩码怎么实现？"]]


def test_topics_that_ask_still_hold_their_questions():
    text = ("## 1. 为什么要学大模型？\n\n### 1. 什么是预训练？\n\n答。\n\n### 2. 什么是微调？\n\n答。\n\n"
            "## 2. 怎样准备面试？\n\n### 1. 要刷多少题？\n\n答。\n")
    doc, _ = parse_document(text, "doc.md")
    assert outline(doc) == [("1. 为什么要学大模型？", ["1. 什么是预训练？", "2. 什么是微调？"]),
                            ("2. 怎样准备面试？", ["1. 要刷多少题？"])]


# ---------------------------------------------------------------- the signals


@pytest.mark.parametrize("title, style", [
    ("1. 什么是注意力？", "numbered"), ("2、为什么", "numbered"), ("3)三", "numbered"), ("12 Questions", "numbered"),
    ("1.1 讲讲注意力", "sectioned"), ("2.3.4 细节", "sectioned"),
    ("Q1. Explain LoRA", "asked"), ("q12：题目", "asked"), ("问题1：介绍项目", "asked"), ("面试问题：幻觉", "asked"),
    ("第3题 熵", "asked"), ("面试题1：x", "asked"),
    ("（1）多头注意力", "point"), ("(2) MQA", "point"), ("①第一点", "point"), ("a. first", "point"),
    ("一、基础", "chapter"), ("第二章 进阶", "chapter"), ("Part 2 Training", "chapter"),
    ("核心回答", ""), ("2024 年总结", ""), ("7B 模型", ""), ("3.5% 的提升", ""), ("面试问题汇总", ""), ("QKV 矩阵", ""),
])
def test_numbering_styles(title, style):
    assert numbering_style(title) == style


@pytest.mark.parametrize("title, asking", [
    ("什么是注意力？", True), ("What is RoPE?", True), ("为什么？（上）", True), ("**粗体？**", True),
    ("Q3 LoRA", True), ("面试问题：幻觉", True), ("核心回答", False), ("1.1 讲讲注意力", False),
])
def test_a_title_asks_with_a_closing_question_mark_or_a_question_marker(title, asking):
    from qa_site.model import Heading

    assert asks(Heading(3, title, None, "plain", 1, 1)) is asking


@pytest.mark.parametrize("line, bold", [
    ("#### **1.1 讲讲对注意力的理解？**", True), ("#### 1.1 **讲讲对注意力的理解？**", True), ("### __加粗__", True),
    ("<h4><b>1.2 为什么？</b></h4>", True), ("#### **一半**粗体", False), ("#### **a** 和 **b**", False),
    ("#### 普通标题", False),
])
def test_bold_only_headings_are_recognised(line, bold):
    doc, _ = parse_document(f"{line}\n\n答。\n", "doc.md")
    assert doc.headings[0].bold is bold


# ---------------------------------------------------------------- built as a maintainer builds them


def test_every_shape_built_by_mkdocs_has_exactly_its_question_pages_and_no_raw_tex(tmp_path):
    shutil.copytree(INTENT, tmp_path / "shapes")
    site = tmp_path / "site"
    result = mkdocs_build(site, {"QA_SOURCE": str(tmp_path / "shapes")})  # one book, one part per shape
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WARNING" not in result.stderr
    pages = html_pages(site)
    for name, expected in EXPECTED.items():
        part = re.sub(r"[^a-z0-9]+", "-", name[:-3].lower())
        titles = sorted(Page(f.read_text(encoding="utf-8")).h1.rstrip("¶") for u, f in pages.items()
                        if u.startswith(part + "/") and u.count("/") == 3)
        assert titles == sorted(q for _, questions in expected for q in questions), name
    for url, file in pages.items():
        if url.startswith(("assets/", "search/")):
            continue
        text = Page(file.read_text(encoding="utf-8")).text
        assert not re.search(r"\\[A-Za-z]+|\\[()\[\]]|[_^]\{", text), (url, text[:300])
        assert not re.search(r"\$(?!\s?\d)", text), url  # a "$" left is a price: "$0.01", "$ 40"
        assert "𝑥" not in text and "𝜃" not in text, url  # Unicode math letters reach KaTeX as TeX
    assert broken_references(site) == []
