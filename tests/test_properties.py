"""Properties of the split over generated documents: no content line is ever lost, doubled or moved."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import content_line_numbers, snapshot
from qa_site.markdown_scan import split_lines
from qa_site.source import parse_document

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# characters that mean something to one pass or another, plus ordinary prose
PROSE_ALPHABET = "ab xyz012 中文问题答案。，？$#<>`*_[]()!\\-|~{}=\"'/:&"
TITLES = ["1.为什么？", "2.什么是注意力", "核心回答", "总结", "Transformer 架构", "目录", "1.为什么？"]

prose = st.text(alphabet=PROSE_ALPHABET, min_size=0, max_size=40)
title = st.one_of(st.sampled_from(TITLES), st.text(alphabet=PROSE_ALPHABET, min_size=1, max_size=20))
ident = st.one_of(st.sampled_from(["t1", "t2", "q1", "q2", "1.为什么？", "dup"]),
                  st.text(alphabet="abc123.为什么", min_size=1, max_size=8))


@st.composite
def heading(draw, level: int):
    form = draw(st.sampled_from(["html", "anchor", "anchor-gap", "plain", "attr"]))
    text = draw(title)
    anchor = draw(ident)
    hashes = "#" * level
    if form == "html":
        return [f"<h{level} id='{anchor}'>{text}</h{level}>"]
    if form == "anchor":
        return [f'<a id="{anchor}"></a>', f"{hashes} {text}"]
    if form == "anchor-gap":
        return [f'<a id="{anchor}"></a>', "", f"{hashes} {text}"]
    if form == "attr":
        return [f"{hashes} {text} {{#{anchor}}}"]
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
    head = draw(st.sampled_from(["# 目录", '<h1 id="目录">目录</h1>', "## Contents"]))
    entries = []
    for _ in range(draw(st.integers(0, 5))):
        indent = draw(st.sampled_from(["", "  ", "\t", "    "]))
        entries.append(f"{indent}- [{draw(title)}](#{draw(ident)})")
    tail = draw(st.lists(st.sampled_from(["", "目录后的说明文字。"]), max_size=2))
    return [head, ""] + entries + tail


block = st.one_of(
    heading(2),
    heading(3),
    st.builds(lambda h: h, heading(4)),
    st.lists(prose, min_size=1, max_size=3),
    fence(),
    st.just([""]),
    st.lists(st.builds(lambda marker, text: marker + text,
                       st.sampled_from(["- ", "   - ", "1. ", "1) ", "* ", "\t- "]), prose), min_size=1, max_size=3),
    st.sampled_from([["$$", "x^2", "$$"], ["$", "y", "$"], ["$$a+b$$"], ["```math", "E=mc^2", "```"]]),
    toc(),
)


@st.composite
def document(draw):
    blocks = draw(st.lists(block, max_size=14))
    if draw(st.booleans()):
        blocks.insert(draw(st.integers(0, len(blocks))), draw(toc()))
    lines = [line for b in blocks for line in b]
    return "\n".join(lines) + ("\n" if draw(st.booleans()) else "")


@SETTINGS
@given(document())
def test_split_never_loses_duplicates_or_reorders_a_content_line(text):
    doc, _ = parse_document(text, "gen.md")
    total = len(split_lines(text))
    toc_lines = set(doc.toc_lines)
    assert toc_lines <= set(range(1, total + 1))
    assert content_line_numbers(doc) == [n for n in range(1, total + 1) if n not in toc_lines]


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
