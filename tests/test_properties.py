"""Properties of the split over generated documents: no content line is ever lost, doubled or moved."""

from __future__ import annotations

import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import content_line_numbers, snapshot
from qa_site.markdown_scan import split_lines
from qa_site.math_delimiters import FormulaTable
from qa_site.model import Book, Part
from qa_site.pages import PageBuilder
from qa_site.slugs import SlugMap, assign_slugs
from qa_site.source import ParseOptions, parse_document

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# characters that mean something to one pass or another, plus ordinary prose
PROSE_ALPHABET = "ab xyz012 中文问题答案。，？$#<>`*_[]()!\\-|~{}=\"'/:&"
TITLES = ["1.为什么？", "2.什么是注意力", "核心回答", "总结", "Transformer 架构", "目录", "1.为什么？",
          # the signals question detection reads: numbering styles, a closing "？", bold-only text
          "**1.1 讲讲注意力？**", "（1）MHA", "Q1. Explain LoRA", "问题1：介绍项目", "面试问题：幻觉", "一、基础",
          "通俗案例", "什么是 \\(x\\)？"]

prose = st.text(alphabet=PROSE_ALPHABET, min_size=0, max_size=40)
title = st.one_of(st.sampled_from(TITLES), st.text(alphabet=PROSE_ALPHABET, min_size=1, max_size=20))
ident = st.one_of(st.sampled_from(["t1", "t2", "q1", "q2", "1.为什么？", "dup"]),
                  st.text(alphabet="abc123.为什么", min_size=1, max_size=8))


@st.composite
def heading(draw, level: int):
    form = draw(st.sampled_from(["html", "anchor", "anchor-gap", "plain", "attr", "html-2-lines", "html-unclosed",
                                 "html-trailing", "a-name", "span-id", "inline-anchor", "trailing-anchor",
                                 "blank", "html-empty-id"]))
    text = draw(title)
    anchor = draw(ident)
    hashes = "#" * level
    if form == "html":
        return [f"<h{level} id='{anchor}'>{text}</h{level}>"]
    if form == "html-2-lines":
        return [f'<h{level} id="{anchor}">{text}', f"{text}</h{level}>"]
    if form == "html-unclosed":
        return [f"<h{level} id='{anchor}'>{text}"]
    if form == "html-trailing":
        return [f"<h{level} id='{anchor}'>{text}</h{level}> {text}"]
    if form == "html-empty-id":
        return [f'<h{level} id="">{text}</h{level}>']
    if form == "anchor":
        return [f'<a id="{anchor}"></a>', f"{hashes} {text}"]
    if form == "a-name":
        return [f"<a name='{anchor}'></a>", f"{hashes} {text}"]
    if form == "span-id":
        return [f'<span id="{anchor}"></span>', "", f"<h{level}>{text}</h{level}>"]
    if form == "anchor-gap":
        return [f'<a id="{anchor}"></a>', "", f"{hashes} {text}"]
    if form == "attr":
        return [f"{hashes} {text} {{#{anchor}}}"]
    if form == "inline-anchor":
        return [f'{hashes} <a id="{anchor}"></a>{text}']
    if form == "trailing-anchor":
        return [f'{hashes} {text} <a id="{anchor}"></a>']
    if form == "blank":
        return [f"{hashes}   "]
    return [f"{hashes} {text}"]


@st.composite
def fence(draw):
    marker = draw(st.sampled_from(["```", "~~~", "````"]))
    info = draw(st.sampled_from(["", "python", "math", "markdown"]))
    body = draw(st.lists(st.one_of(
        st.sampled_from(["# 注释", "## 不是标题", "<h3 id='x'>假</h3>", "$$", "$", "- item", "```"]),
        prose), max_size=4))
    closed = draw(st.booleans())
    return [marker + info, *body] + ([marker] if closed else [])


@st.composite
def toc(draw):
    head = draw(st.sampled_from(["# 目录", '<h1 id="目录">目录</h1>', "## Contents", "## Table of Contents",
                                 "### 目录："]))
    entries = []
    for _ in range(draw(st.integers(0, 5))):
        indent = draw(st.sampled_from(["", "  ", "\t", "    ", "   "]))
        marker = draw(st.sampled_from(["- ", "* ", "1. ", ""]))
        entry = draw(st.sampled_from(["link", "no-hash", "spaces", "paren", "plain", "heading"]))
        text, anchor = draw(title), draw(ident)
        if entry == "link":
            entries.append(f"{indent}{marker}[{text}](#{anchor})")
        elif entry == "no-hash":
            entries.append(f"{indent}{marker}[{text}]({anchor})")
        elif entry == "spaces":
            entries.append(f"{indent}{marker}[{text}](#{anchor} {anchor})")
        elif entry == "paren":
            entries.append(f"{indent}{marker}[{text}](#{anchor}){anchor})")
        elif entry == "heading":
            entries.append(f"{'#' * draw(st.integers(2, 5))} {text}")
        else:
            entries.append(f"{indent}- {text}")
    tail = draw(st.lists(st.sampled_from(["", "目录后的说明文字。", "[TOC]"]), max_size=2))
    return [head, ""] + entries + tail


@st.composite
def front_matter(draw):
    kind = draw(st.sampled_from(["levels", "title", "invalid", "not-yaml", "unclosed", "bad-values"]))
    if kind == "levels":
        q = draw(st.lists(st.integers(1, 6), min_size=1, max_size=2))
        return ["---", "qa:", f"  topic_level: {draw(st.integers(1, 6))}", f"  question_level: {q}", "---"]
    if kind == "title":
        return ["---", f"title: {draw(st.sampled_from(['书名', 'x: y', '']))}", "author: a", "---"]
    if kind == "invalid":
        return ["---", "qa:", "  question_level: [3", "---"]
    if kind == "not-yaml":
        return ["---", "只是一段文字", "---"]
    if kind == "unclosed":
        return ["---", "title: 没有结束"]
    return ["---", "qa:", "  question_level: 9", "  levels: x", "---"]


block = st.one_of(
    heading(2),
    heading(3),
    st.builds(lambda h: h, heading(4)),
    st.integers(1, 6).flatmap(heading),  # the level of questions may change anywhere
    st.lists(prose, min_size=1, max_size=3),
    fence(),
    st.just([""]),
    st.lists(st.builds(lambda marker, text: marker + text,
                       st.sampled_from(["- ", "   - ", "1. ", "1) ", "* ", "\t- "]), prose), min_size=1, max_size=3),
    st.sampled_from([["$$", "x^2", "$$"], ["$", "y", "$"], ["$$a+b$$"], ["```math", "E=mc^2", "```"],
                     ["\\[", "a+b", "\\]"], ["\\[ a = b +", "c \\]"], ["\\[1\\] 文献"], ["其中 \\(x\\) 与 $ 3 \\times 10^8$"]]),
    toc(),
)


@st.composite
def document(draw):
    blocks = draw(st.lists(block, max_size=14))
    for _ in range(draw(st.integers(0, 2))):  # no TOC, one, or two
        blocks.insert(draw(st.integers(0, len(blocks))), draw(toc()))
    if draw(st.integers(0, 3)) == 0:
        blocks.insert(0, draw(front_matter()))
    lines = [line for b in blocks for line in b]
    return "\n".join(lines) + ("\n" if draw(st.booleans()) else "")


@st.composite
def raw_document(draw):
    """A generated document as bytes on disk would have it: any line endings, mixed, and maybe a BOM."""
    lines = split_lines(draw(document()))
    endings = draw(st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=len(lines), max_size=len(lines)))
    text = "".join(line + end for line, end in zip(lines, endings))
    return ("\ufeff" if draw(st.booleans()) else "") + text


def _skipped(doc) -> set[int]:
    return set(doc.toc_lines) | set(doc.front_matter_lines)


@SETTINGS
@given(document())
def test_split_never_loses_duplicates_or_reorders_a_content_line(text):
    doc, _ = parse_document(text, "gen.md")
    total = len(split_lines(text))
    skipped = _skipped(doc)
    assert skipped <= set(range(1, total + 1))
    assert content_line_numbers(doc) == [n for n in range(1, total + 1) if n not in skipped]
    # front matter is only ever the block at the very top
    assert doc.front_matter_lines == list(range(1, len(doc.front_matter_lines) + 1))


@SETTINGS
@given(raw_document())
def test_split_never_loses_a_line_whatever_the_line_endings_and_bom(text):
    doc, _ = parse_document(text, "gen.md")
    lines = split_lines(text)
    skipped = _skipped(doc)
    assert content_line_numbers(doc) == [n for n in range(1, len(lines) + 1) if n not in skipped]
    kept = doc.preamble + [x for t in doc.topics for x in t.intro + [y for q in t.questions for y in q.body]]
    assert all(lines[x.number - 1] == x.text and "\r" not in x.text for x in kept)


@SETTINGS
@given(document(), st.sampled_from([None, (1,), (2,), (3,), (3, 1), (2, 4)]),
       st.sampled_from([None, (1,), (2,), (4,)]))
def test_explicit_levels_never_lose_a_line(text, question_levels, topic_levels):
    doc, _ = parse_document(text, "gen.md", ParseOptions(topic_levels=topic_levels, question_levels=question_levels))
    total = len(split_lines(text))
    skipped = _skipped(doc)
    assert content_line_numbers(doc) == [n for n in range(1, total + 1) if n not in skipped]
    if question_levels:
        assert {q.heading.level for q in doc.questions()} <= set(question_levels)


@SETTINGS
@given(document())
def test_content_lines_keep_their_source_text(text):
    doc, _ = parse_document(text, "gen.md")
    lines = split_lines(text)
    kept = [l for l in doc.preamble]
    for t in doc.topics:
        kept += t.intro
        for q in t.questions:
            kept += q.body
    assert all(lines[l.number - 1] == l.text for l in kept)


@SETTINGS
@given(document())
def test_parsing_twice_gives_the_same_result(text):
    first, first_diags = parse_document(text, "gen.md")
    second, second_diags = parse_document(text, "gen.md")
    assert snapshot(first) == snapshot(second)
    assert first_diags == second_diags
    assert (first.front_matter_lines, first.front_matter) == (second.front_matter_lines, second.front_matter)
    assert [q.key for q in first.questions()] == [q.key for q in second.questions()]


def _pages(text: str, folder: str) -> tuple[dict[str, str], bool]:
    """Every page of a document, and whether each topic and question got a URL of its own."""
    doc, _ = parse_document(text, "gen.md")
    book = Book([Part("gen.md", doc, f"{folder}/gen.md")])
    slug_diags = assign_slugs(book, {"gen.md": SlugMap.empty()}, {"gen.md": "gen.slugs.yml"})
    builder = PageBuilder(book, "zh", "zh", "站点", folder, FormulaTable())
    pages = builder.build().pages
    return {p.path: p.markdown for p in pages}, not [d for d in slug_diags if d.severity.value == "error"]


@SETTINGS
@given(document())
def test_rendering_pages_twice_gives_identical_markdown(text):
    with tempfile.TemporaryDirectory() as folder:
        first, unique = _pages(text, folder)
        second, _ = _pages(text, folder)
    assert first == second
    if unique:  # (two generated topic URLs can collide: that is an error of its own, reported by slugs.py)
        assert len(first) == 1 + sum(1 + len(t.questions) for t in parse_document(text, "gen.md")[0].topics)


@SETTINGS
@given(document())
def test_question_keys_and_urls_are_unique(text):
    doc, _ = parse_document(text, "gen.md")
    keys = [q.key for q in doc.questions()]
    assert len(set(keys)) == len(keys)
    topic_keys = [t.key for t in doc.topics]
    assert len(set(topic_keys)) == len(topic_keys)


@SETTINGS
@given(document())
def test_crlf_and_bom_never_change_the_split(text):
    lf, lf_diags = parse_document(text, "gen.md")
    crlf, crlf_diags = parse_document("\ufeff" + text.replace("\n", "\r\n"), "gen.md")
    assert snapshot(crlf) == snapshot(lf)
    assert crlf_diags == lf_diags


@SETTINGS
@given(document())
def test_every_question_belongs_to_the_topic_that_lists_it(text):
    doc, _ = parse_document(text, "gen.md")
    for topic in doc.topics:
        for question in topic.questions:
            assert question.topic is topic
            if topic.heading is not None:
                assert question.heading.first_line > topic.heading.last_line
    starts = [q.heading.first_line for q in doc.questions()]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
