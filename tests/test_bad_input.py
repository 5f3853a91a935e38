"""Bad and hostile documents: the build says what and where, publishes what it can, loses and runs nothing."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from html.parser import HTMLParser
from urllib.parse import unquote

import markdown
import pytest

from qa_site.titles import split_number

from corpus import (BAD, assert_partition, body_text, build, diag_list, line_of, loud, outline, page_by_key, parse,
                    text_of)
from qa_site.book import Settings, SourceError, build_site, read_text
from qa_site.math_delimiters import INLINE_OPEN, substitute
from qa_site.model import Severity
from qa_site.source import ParseOptions, parse_document
from sitecheck import search_fragments, Page, html_pages

SHOWN_AS_TEXT = "is shown as text: the site never runs scripts or loads frames from a document"


# ---------------------------------------------------------------- headings


def test_unclosed_heading_tags():
    text = text_of(BAD / "unclosed_heading.md")
    doc, diags = parse(BAD / "unclosed_heading.md")
    # unclosed: its line is the heading; closed on the next line: both lines are the heading
    assert outline(doc) == [("1.主题", ["1.没有闭合的标题", "2.跨两行的 标题"])]
    second = doc.questions()[1]
    assert (second.heading.first_line, second.heading.last_line) == (7, 8)
    # text after </h3>: the line is kept as text of the answer above, not dropped
    assert "<h3 id=\"q3\">3.标题后面还有字</h3> 这段字在同一行" in body_text(second)
    assert diag_list(diags) == [
        ("warning", 3, "<h3> heading is not closed; its line is read as the heading"),
        ("warning", line_of(text, "这段字在同一行"), "text after </h3> on the same line: the line is not read as a "
                                                  "heading"),
    ]
    assert_partition(doc, text)


def test_heading_with_only_spaces_is_text_with_a_warning():
    text = text_of(BAD / "blank_heading.md")
    doc, diags = parse(BAD / "blank_heading.md")
    assert outline(doc) == [("1.主题", ["1.问题"])]
    assert diag_list(diags) == [
        ("warning", 5, "heading has no text: it is not used as a topic or question and stays a line of the text"),
        ("warning", 7, "heading has no text: it is not used as a topic or question and stays a line of the text"),
    ]
    assert [line.number for line in doc.questions()[0].body] == [4, 5, 6, 7, 8, 9]
    assert_partition(doc, text)


def test_empty_id_is_ignored_with_a_notice():
    doc, diags = parse(BAD / "empty_id.md")
    q = doc.questions()[0]
    assert q.heading.explicit_id is None and q.key == "1空-id-的问题"
    assert diag_list(diags) == [("notice", 3, "heading '1.空 id 的问题' has an empty id; it is addressed by its title")]


def test_ids_with_quote_and_brace_keep_their_questions_and_pages(tmp_path):
    doc, diags = parse(BAD / "odd_ids.md")
    assert [q.key for q in doc.questions()] == ['a"b', "c}d"]
    # "{#e}f}" is not an id: the heading keeps its whole text (a sub-heading: its level has ids, it has none)
    assert [h.title for h in doc.questions()[1].sub_headings] == ["3.属性列表 {#e}f}"]
    assert diags == []
    site, pages, _ = build(tmp_path, BAD / "odd_ids.md")
    quote = page_by_key(site, 'a"b')
    heading = re.search(r"^# .*$", quote, re.M).group(0)
    assert re.sub(r"<[^>]+>", "", heading) == "# 1.引号 id"  # no '{ #a"b }': not a usable id (the number is marked)
    assert "答二，见 [引号](<" in page_by_key(site, "c}d")
    assert not [d for d in loud(site.diagnostics) if "matches no heading" in d.message]


def test_duplicate_ids_are_reported_and_both_questions_keep_their_own_page(tmp_path):
    doc, diags = parse(BAD / "duplicate_ids.md")
    assert [q.key for q in doc.questions()] == ["q", "q-1"]
    assert diag_list(diags) == [
        ("warning", 7, "id 'q' is already the id of line 3 '1.第一个问题'; links to '#q' go there")]
    assert diags[0].hint == "give this heading an id of its own"
    site, _, _ = build(tmp_path, BAD / "duplicate_ids.md")
    first, second = site.books["zh"].questions()
    assert first.slug != second.slug
    assert not [d for d in site.diagnostics if d.severity is Severity.ERROR]
    assert "答二，见 [第一个](<" in page_by_key(site, "q-1")


# ---------------------------------------------------------------- structure


def test_empty_topic_is_published_with_a_warning(tmp_path):
    doc, diags = parse(BAD / "empty_topic.md")
    assert outline(doc) == [("1.空主题", []), ("2.主题", ["1.问题"])]
    assert diag_list(diags) == [("warning", 1, "topic '1.空主题' has no questions")]
    site, pages, _ = build(tmp_path, BAD / "empty_topic.md")
    topic_page = next(p.markdown for p in site.editions["zh"].pages if p.kind == "topic" and p.key == "t1")
    assert "这个主题还没有问题。" in topic_page


def test_question_before_any_topic_goes_to_an_untitled_first_topic():
    doc, diags = parse(BAD / "question_before_topic.md")
    assert outline(doc) == [("question_before_topic", ["0.孤立的问题"]), ("1.主题", ["1.问题"])]
    assert doc.topics[0].heading is None
    assert diag_list(diags) == [("notice", 1, "question '0.孤立的问题' comes before any topic heading; it is put in "
                                              "an untitled first topic")]


def test_empty_file_builds_a_home_page_and_is_a_note_not_a_problem(tmp_path):
    doc, diags = parse(BAD / "empty.md")
    assert doc.topics == [] and doc.preamble == []
    assert diag_list(diags) == [("notice", 1, "the document is empty: it has no text yet")]
    site, pages, _ = build(tmp_path, BAD / "empty.md")
    assert list(pages) == ["index.md"]


def test_file_with_only_a_toc_keeps_it_as_text(tmp_path):
    doc, diags = parse(BAD / "only_toc.md")
    assert doc.toc_lines == [] and [line.number for line in doc.preamble] == [1, 2, 3, 4]
    assert diag_list(diags) == [
        ("warning", 1, "the TOC under '目录' names no heading of the document; it is kept as text"),
        ("warning", 1, "no topics or questions found"),
    ]
    site, pages, _ = build(tmp_path, BAD / "only_toc.md")
    assert "1.基础" in pages["index.md"] and "1.问题" in pages["index.md"]


def test_toc_pointing_at_nothing_is_text_and_the_headings_still_split():
    doc, diags = parse(BAD / "toc_to_nothing.md")
    assert outline(doc) == [("1.基础", ["1.问题"])]
    assert doc.toc_lines == [] and [line.number for line in doc.preamble] == [1, 2, 3, 4, 5]
    assert diag_list(diags) == [("warning", 1, "the TOC under '目录' names no heading of the document; it is kept "
                                               "as text")]


# ---------------------------------------------------------------- front matter and options


def test_front_matter_that_is_not_yaml_is_ignored_with_its_line():
    doc, diags = parse(BAD / "front_matter_invalid.md")
    assert doc.front_matter_lines == [1, 2, 3, 4] and doc.front_matter == {}
    assert outline(doc) == [("1.主题", ["1.问题"])]
    assert [(d.severity.value, d.line) for d in diags] == [("warning", 3)]
    assert diags[0].message.startswith("front matter is not valid YAML (")
    assert diags[0].message.endswith("); it is ignored")


def test_front_matter_with_bad_values_says_which_and_ignores_them():
    doc, diags = parse(BAD / "front_matter_bad_values.md")
    assert outline(doc) == [("1.主题", ["1.问题"])]
    assert diag_list(diags) == [
        ("warning", 3, "front matter 'qa.question_level: 9' is not a heading level 1–6 or a list of them; it is "
                       "ignored"),
        ("warning", 4, "front matter 'qa.topic_level: 'two'' is not a heading level 1–6 or a list of them; it is "
                       "ignored"),
        ("warning", 5, "front matter 'qa.levels' is not a setting; it is ignored"),
    ]


def test_parse_options_out_of_range_or_overlapping_are_reported():
    text = text_of(BAD / "empty_topic.md")
    _, diags = parse_document(text, "doc.md", ParseOptions(question_levels=(7,)))
    assert diag_list(diags, Severity.ERROR) == [("error", 0, "parse option question_levels=(7,) is not a list of "
                                                             "heading levels 1–6")]
    doc, diags = parse_document(text, "doc.md", ParseOptions(topic_levels=(2, 3), question_levels=(3,)))
    assert ("warning", 0, "heading level 3 is set as both a topic and a question level; it is read as a question "
                          "level") in diag_list(diags)
    assert [len(t.questions) for t in doc.topics] == [0, 1]


# ---------------------------------------------------------------- code and math


def test_unclosed_fence_ends_before_the_next_question_with_a_warning():
    doc, diags = parse(BAD / "unclosed_fence.md")
    assert outline(doc) == [("1.代码", ["1.第一题", "2.第二题"])]
    assert diag_list(diags) == [("warning", 5, "code fence '```python' is never closed: it is ended before the "
                                               "heading on line 9")]
    assert diags[0].hint == "close it with a line '```'"
    assert body_text(doc.questions()[1]) == ["答二。"]


def test_unclosed_fence_in_plain_headings_ends_at_the_next_heading_of_its_level_not_at_comments():
    doc, diags = parse(BAD / "unclosed_fence_plain.md")
    assert [q.title for q in doc.questions()] == ["1.第一题", "2.第二题"]
    assert "# 注释不是标题" in body_text(doc.questions()[0])
    assert diag_list(diags) == [("warning", 5, "code fence '```bash' is never closed: it is ended before the "
                                               "heading on line 9")]


def test_unbalanced_dollars_are_text_with_warnings_but_dollar_amounts_are_quiet(tmp_path):
    text = text_of(BAD / "unbalanced_dollar.md")
    _, diags = parse(BAD / "unbalanced_dollar.md")
    assert diag_list(diags) == [
        ("warning", 5, "'$' opens a formula that is never closed: '$\\alpha + \\beta 没有闭合。' is shown as text"),
        ("warning", 7, "'$$' opens a formula that is never closed: '$$' is shown as text"),
        ("warning", line_of(text, "行内"), "'$$' opens a formula that is never closed: '$$a+b 也没闭合。' is shown "
                                           "as text"),
    ]
    site, _, _ = build(tmp_path, BAD / "unbalanced_dollar.md")
    page = page_by_key(site, "q")
    assert "这里 $\\alpha + \\beta 没有闭合。" in page and "价格 $5 不是公式。" in page
    assert site.formulas.items == []


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_formula_katex_rejects_is_a_warning_with_its_line_and_the_page_is_built(tmp_path):
    from test_build import mkdocs_build

    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(BAD / "katex_rejects.md", src / "doc.md")
    shutil.copy(BAD / "katex_rejects.md", src / "doc.en.md")
    result = mkdocs_build(tmp_path / "site", {"QA_SOURCE": str(src / "doc.md")})
    line = line_of(text_of(BAD / "katex_rejects.md"), "错误的")
    assert re.search(rf"WARNING +- +\S*/doc\.md:{line}: " + re.escape("KaTeX cannot render formula '\\frac{a}{'"),
                     result.stderr)
    assert result.returncode != 0  # a warning fails --strict …
    html = next(p for u, p in html_pages(tmp_path / "site").items() if u.count("/") == 2 and not u.startswith("en/"))
    content = html.read_text(encoding="utf-8")
    assert 'class="qa-math-error"' in content and "\\frac{a}{" in content  # … and the page shows the TeX
    assert "后面的文字照常显示" in Page(content).text


def test_reserved_placeholder_characters_in_the_source_cannot_forge_a_formula(tmp_path):
    text = "<h2 id='t'>T</h2>\n\n<h3 id='q'>Q</h3>\n\n伪造 \ue0000\ue001 与 \ue002999\ue003，真的 $x$。\n"
    doc, diags = parse_document(text, "doc.md")
    assert diag_list(diags) == [("warning", 5, "line contains the character U+E000, which cannot be shown; it is "
                                               "shown as U+FFFD (\ufffd)")]
    site, _, _ = build(tmp_path, text)
    page = page_by_key(site, "q").split("\n---\n", 1)[1]  # the body (the description is sharing.py's)
    assert page.count(INLINE_OPEN) == 1  # only the real formula
    assert "伪造 \ufffd0\ufffd 与 \ufffd999\ufffd" in page
    assert substitute(f"{INLINE_OPEN}42\ue001", {}) == f"{INLINE_OPEN}42\ue001"  # an unknown number: no crash


# ---------------------------------------------------------------- bytes


def test_non_utf8_bytes_stop_with_file_line_and_byte_offset(tmp_path):
    path = tmp_path / "doc.md"
    data = "<h2 id='t'>T</h2>\n\n第三行\n".encode("utf-8") + b"bad \xff\xfe here\n"
    path.write_bytes(data)
    offset = data.index(b"\xff")
    with pytest.raises(SourceError) as info:
        read_text(str(path), "docs/doc.md")
    assert str(info.value) == f"docs/doc.md:4: byte {offset} (0xff) is not UTF-8 — save the document as UTF-8"
    with pytest.raises(SourceError):
        build_site(Settings(source=str(path), languages=["zh"], default_language="zh", project_root=str(tmp_path)))


def test_nul_and_control_bytes_are_reported_and_shown_as_replacement_characters(tmp_path):
    text = "<h2 id='t'>T</h2>\n\n<h3 id='q'>1.问\x00题</h3>\n\n答\x00案\x02wzxhzdk:0\x03。\n"
    doc, diags = parse_document(text, "doc.md")
    assert doc.questions()[0].title == "1.问\ufffd题"
    assert diag_list(diags) == [
        ("warning", 3, "line contains a NUL byte, which cannot be shown; it is shown as U+FFFD (\ufffd)"),
        ("warning", 5, "line contains a NUL byte, which cannot be shown; it is shown as U+FFFD (\ufffd)"),
    ]
    assert doc.questions()[0].body[1].text == "答\x00案\x02wzxhzdk:0\x03。"  # the model keeps the source
    site, pages, _ = build(tmp_path, text)
    assert not any(re.search("[\x00-\x08]", md) for md in pages.values())
    assert "答\ufffd案\ufffdwzxhzdk:0\ufffd。" in page_by_key(site, "q")


def test_many_bad_lines_are_summed_up_after_five(tmp_path):
    text = "<h2 id='t'>T</h2>\n<h3 id='q'>Q</h3>\n" + "坏\x00\n" * 40
    _, diags = parse_document(text, "doc.md")
    assert [d.line for d in diags] == [3, 4, 5, 6, 7, 8]
    assert diags[-1].message == "35 more lines contain characters that cannot be shown"


# ---------------------------------------------------------------- size


def _ten_megabytes() -> tuple[str, int]:
    parts = ["# 十兆字节的文档", "", "## 目录", ""]
    body: list[str] = []
    n = 0
    size = 0
    t = 0
    while size < 10 * 1024 * 1024:
        t += 1
        parts.append(f"- [{t}.主题{t}](#t{t})")
        body += [f"<h2 id='t{t}'>{t}.主题{t}</h2>", ""]
        for k in range(1, 21):
            n += 1
            parts.append(f"  - [{k}.问题{n}](#q{n})")
            chunk = [f"<h3 id='q{n}'>{k}.问题{n}</h3>", "", "### 核心回答", "",
                     f"第{n}题：注意力 $\\mathrm{{softmax}}(QK^T)V$ 与 `code`。" + "正文" * 150, "",
                     "| a | b |", "|---|---|", f"| {n} | $x_{{{n}}}$ |", "",
                     "```python", "# 注释", f"print({n})", "```", ""]
            body += chunk
            size += sum(len(c.encode("utf-8")) + 1 for c in chunk)
    return "\n".join(parts + [""] + body) + "\n", n


def test_a_10_mb_document_parses_quickly_and_loses_nothing():
    text, count = _ten_megabytes()
    assert len(text.encode("utf-8")) > 10 * 1024 * 1024
    started = time.monotonic()
    doc, diags = parse_document(text, "big.md")
    elapsed = time.monotonic() - started
    assert elapsed < 20, elapsed
    assert len(doc.questions()) == count and diags == []
    assert_partition(doc, text)
    last = doc.questions()[-1]
    assert body_text(last)[1].startswith(f"第{count}题：")


def test_a_line_of_100k_characters_is_kept_whole_and_fast(tmp_path):
    line = ("长句子，有公式 $a_i$、代码 `x[i]`、链接 [第一题](#q) 和 <b>粗体</b>。" * 3000)[:100_000]
    text = f"<h2 id='t'>T</h2>\n\n<h3 id='q'>Q</h3>\n\n{line}\n\n# {'标' * 100_000}\n"
    started = time.monotonic()
    doc, diags = parse_document(text, "doc.md")
    assert doc.questions()[0].body[1].text == line
    assert [h.title for h in doc.questions()[0].sub_headings] == []  # a 100k-character "heading" is text
    site, _, _ = build(tmp_path, text)
    assert time.monotonic() - started < 30
    page = page_by_key(site, "q").split("\n---\n", 1)[1]
    assert page.count("长句子") == line.count("长句子")
    assert ("标" * 100_000) in page


def test_a_hostile_line_of_brackets_renders_in_linear_time(tmp_path):
    # 10k characters: ~1.5 s today, ~0.01 s with linear patterns (100k would take minutes today)
    text = "<h2 id='t'>T</h2>\n\n<h3 id='q'>Q</h3>\n\n" + "[" * 10_000 + "\n\n" + "<" * 10_000 + "\n"
    started = time.monotonic()
    build(tmp_path, text)
    assert time.monotonic() - started < 0.3


def test_deeply_nested_lists_keep_every_item_and_stay_bounded(tmp_path):
    items = [("\t" * i) + f"- 第{i}层" for i in range(300)]
    text = "<h2 id='t'>T</h2>\n\n<h3 id='q'>Q</h3>\n\n" + "\n".join(items) + "\n"
    site, _, _ = build(tmp_path, text)
    page = page_by_key(site, "q")
    assert all(f"- 第{i}层" in page for i in range(300))
    widths = [len(row) - len(row.lstrip(" ")) for row in page.splitlines() if "层" in row]
    assert max(widths) == 4 * 16
    started = time.monotonic()
    html = markdown.markdown(page.split("---\n", 2)[2], extensions=["pymdownx.superfences", "attr_list"])
    assert time.monotonic() - started < 10
    assert all(f"第{i}层" in html for i in range(300))


# ---------------------------------------------------------------- hostile HTML and links


def _render(page_markdown: str) -> str:
    """A page's Markdown through the extensions that could turn text into active HTML."""
    body = page_markdown.split("---\n", 2)[2]
    return markdown.markdown(body, extensions=["attr_list", "md_in_html", "toc", "pymdownx.superfences"])


class _Active(HTMLParser):
    """Collects everything in rendered HTML that a browser would run or load."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "iframe", "object", "embed", "form", "base", "meta", "link"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            compact = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name.startswith("on") or compact.startswith(("javascript:", "vbscript:", "data:text")):
                self.found.append(f"{tag} {name}={value}")


def test_active_html_in_answers_is_shown_as_text_and_reported(tmp_path):
    text = text_of(BAD / "active_html.md")
    _, diags = parse(BAD / "active_html.md")
    assert [(d.line, d.message.replace(" " + SHOWN_AS_TEXT, "")) for d in diags] == [
        (line_of(text, "<iframe"), "<iframe>"),
        (line_of(text, "<style>"), "<style>"),
        (line_of(text, 'onerror="alert(1)"'), "<img> with the event handler 'onerror='"),
        (line_of(text, "<img/onerror"), "<img> with the event handler 'onerror='"),
        (line_of(text, "jav&#x61;script"), "<a> with a javascript: URL in 'href='"),
        (line_of(text, "{: onclick"), "the attribute list '{: onclick=\"alert(5)\"}' with the event handler "
                                      "'onclick='"),
        (line_of(text, "ontoggle"), "<details> with the event handler 'ontoggle='"),
    ]
    assert {d.severity for d in diags} == {Severity.NOTICE}
    site, pages, _ = build(tmp_path, BAD / "active_html.md")
    page = page_by_key(site, "q")
    html = _render(page)
    assert _Active(html).found == []
    visible = Page(f"<article>{html}</article>").text
    for shown in ['<iframe src="https://example.com"></iframe>', "<style>body { display: none }</style>",
                  '<img src="x.png" onerror="alert(1)">', "<img/onerror=alert(2) src=x.png>", 'onerror="alert(4)">',
                  '{: onclick="alert(5)"}', "<details open ontoggle=alert(6)>"]:
        assert shown in visible, shown
    assert "<div align=center>保留的 HTML</div>" in html  # safe HTML stays HTML


def test_javascript_links_are_neutralised_with_warnings(tmp_path):
    site, pages, _ = build(tmp_path, BAD / "javascript_links.md")
    text = text_of(BAD / "javascript_links.md")
    warned = {d.line for d in loud(site.diagnostics) if "uses a script URL and is shown as text" in d.message}
    assert warned == {line_of(text, "[点我]"), line_of(text, "[大写]"), line_of(text, "[r]: javascript")}
    html = _render(page_by_key(site, "q"))
    assert _Active(html).found == []
    assert "点我" in html and "大写" in html and "实体编码" in html


def test_image_paths_leaving_the_source_folder_are_refused_also_through_symlinks(tmp_path):
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"secret")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "secret.png").write_bytes(b"secret")
    src = tmp_path / "src"
    (src / "imgs").mkdir(parents=True)
    shutil.copy(BAD / "image_outside.md", src / "doc.md")
    os.symlink(outside, src / "imgs" / "link.png")
    os.symlink(tmp_path / "elsewhere", src / "shared")
    site = build_site(Settings(source=str(src / "doc.md"), languages=["zh"], default_language="zh",
                               project_root=str(tmp_path)))
    assert site.editions["zh"].assets == []  # nothing outside the folder is copied
    text = text_of(BAD / "image_outside.md")
    refused = sorted(d.line for d in loud(site.diagnostics) if "outside the source folder and is refused" in d.message)
    assert refused == sorted(line_of(text, s) for s in ("../secret.png)", "/etc/passwd", "%2F", "link.png",
                                                        "shared/", '<img src="../secret.png"'))
    page = page_by_key(site, "q")
    assert page.count('class="qa-missing-figure"') == 6
    assert "secret.png" not in page.replace('aria-label="', "").split("qa-missing-figure")[0]
    assert "<img" not in page and "](../" not in page


def test_data_uri_images_raster_kept_others_refused(tmp_path):
    site, _, _ = build(tmp_path, BAD / "data_uri.md")
    text = text_of(BAD / "data_uri.md")
    page = page_by_key(site, "q")
    assert "![点](data:image/png;base64,iVBORw0KGgo=)" in page
    body = page.split("\n---\n", 1)[1]
    assert "data:image/svg" not in body and '<span class="qa-missing-figure"' in body
    assert '&lt;img src="data:text/html;base64,PHNjcmlwdD4=">' in body  # shown as text
    assert [(d.line, d.message) for d in loud(site.diagnostics)] == [
        (line_of(text, "svg+xml"), "inline image 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz…' is not a PNG, JPEG, "
                                   "GIF or WebP image and is refused")]
    assert _Active(_render(page)).found == []


def test_attribute_list_in_a_question_title_never_becomes_an_attribute(tmp_path):
    text = "<h2 id='t'>T</h2>\n\n<h3 id='a\"b'>1.标题 {onclick=alert(1)}</h3>\n\n答。\n"
    site, _, _ = build(tmp_path, text)
    html = _render(page_by_key(site, 'a"b'))
    assert _Active(html).found == []
    assert "{onclick=alert(1)}" in Page(f"<article>{html}</article>").text


# ---------------------------------------------------------------- found by the fuzzer (tests/fuzz.py)


def test_empty_image_and_link_destinations_get_messages_placeholders_and_text(tmp_path):
    # ![]() was an IndexError in split_destination that stopped `mkdocs build` with a traceback
    text = text_of(BAD / "empty_destinations.md")
    site, _, _ = build(tmp_path, BAD / "empty_destinations.md")
    no_path = "has no path: a placeholder is shown"
    no_dest = "has no destination; its text is shown"
    assert [(d.line, d.message) for d in loud(site.diagnostics)] == [
        (line_of(text, "图片占位"), f"image '![]()' {no_path}"),
        (line_of(text, "有说明的图"), f"image '![有说明的图]( )' {no_path}"),
        (line_of(text, '<img src="">'), f"image '<img src=\"\">' {no_path}"),
        (line_of(text, "只有说明"), f"image '<img alt=\"只有说明\">' {no_path}"),
        (line_of(text, "空链接 []()"), f"link '[]()' {no_dest}"),
        (line_of(text, "空链接 []()"), f"link '[有文字的空链接]( )' {no_dest}"),
        (line_of(text, "空链接 []()"), f"link '[尖括号](<>)' {no_dest}"),
        (line_of(text, "HTML 空链接"), f"link '<a href=\"\">' {no_dest}"),
    ]
    assert site.summary()["images missing"] == 4 and site.summary()["links unresolved"] == 4
    html = _render(page_by_key(site, "q"))
    assert html.count('class="qa-missing-figure"') == 4 and "<img" not in html
    assert 'aria-label="图片缺失">图片缺失</span>' in html  # nothing to name: the label alone, no "图片缺失: "
    assert "空链接  和 有文字的空链接 与 尖括号。" in html and "<a>HTML 空链接</a>" in html
    assert 'href=""' not in html and '<a href="q1/">到本题</a>' not in html  # the one real link stays a link
    assert "到本题</a>" in html


@pytest.mark.parametrize("content, line, message", [
    ("topics:\n  t: [a\n", 2, "not valid YAML (expected ',' or ']', but got '<stream end>'); the file is not read"),
    ("- a\n- b\n", 1, "holds a list, not a mapping of keys to values; the file is not read"),
    ("topics: 3\nquestions:\n  q1: t/q\n", 1, "'topics' holds a number, not a mapping of keys to values; it is not "
                                              "read"),
    ("questions: \xff\n".encode("latin-1"), 1, "byte 11 (0xff) is not UTF-8; the file is not read"),
])
def test_slug_map_that_cannot_be_read_is_an_error_with_its_line(tmp_path, content, line, message):
    # each was a traceback from yaml or from SlugMap.from_data
    text = "<h2 id='t'>1.主题</h2>\n\n<h3 id='q1'>1.问题</h3>\n\n答。\n"
    site, _, _ = build(tmp_path, text, extra={"doc.slugs.yml": content})
    errors = [d for d in site.diagnostics if d.severity is Severity.ERROR]
    assert [(d.path, d.line, d.message) for d in errors] == [("src/doc.slugs.yml", line, message)]
    assert errors[0].hint == "fix the file; published URLs come from it"


def test_pin_slugs_never_rewrites_a_slug_map_it_cannot_read(tmp_path):
    import subprocess
    import sys

    from helpers import ROOT

    (tmp_path / "doc.md").write_text("<h2 id='t'>1.主题</h2>\n\n<h3 id='q1'>1.问题</h3>\n\n答。\n", encoding="utf-8")
    broken = "questions:\n  q1: t/q\n  [\n"
    (tmp_path / "doc.slugs.yml").write_text(broken, encoding="utf-8")
    result = subprocess.run([sys.executable, "hooks/maintain.py", "pin-slugs"], cwd=ROOT, capture_output=True,
                            text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1",
                                            "QA_SOURCE": str(tmp_path / "doc.md")})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{tmp_path / 'doc.slugs.yml'}:3: not valid YAML" in result.stderr
    assert (tmp_path / "doc.slugs.yml").read_text(encoding="utf-8") == broken


def test_sync_file_that_cannot_be_read_is_a_warning_and_its_answers_count_as_outdated(tmp_path):
    text = "<h2 id='t'>1.主题</h2>\n\n<h3 id='q1'>1.问题</h3>\n\n答。\n"
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "doc.md").write_text(text, encoding="utf-8")
    (folder / "doc.en.md").write_text(text.replace("答", "Answer"), encoding="utf-8")
    (folder / "doc.en.sync.yml").write_text("just text\n", encoding="utf-8")
    site = build_site(Settings(source=str(folder / "doc.md"), languages=["zh", "en"], default_language="zh",
                               project_root=str(tmp_path)))
    assert [str(d) for d in loud(site.diagnostics)] == [
        "src/doc.en.sync.yml:1: holds a text, not a mapping of keys to values; the file is not read — fix the file, "
        "or run `make mark-translated` to write it again"]
    assert any("is older than its source" in d.message for d in site.diagnostics)


def test_search_glossary_and_keywords_that_are_not_utf8_are_warnings_with_their_line(tmp_path):
    text = "<h2 id='t'>1.主题</h2>\n\n<h3 id='q1'>1.问题</h3>\n\n答。\n"
    site, _, _ = build(tmp_path, text, extra={"glossary.yml": b"- zh: \xe6\x9c\xaf\n  en: \xff\n",
                                              "doc.keywords.yml": b"t/q1: [\xfe]\n"})
    assert [str(d) for d in loud(site.diagnostics)] == [
        "src/glossary.yml:2: byte 16 (0xff) is not UTF-8; the file is not read — save it as UTF-8; search runs "
        "without its terms meanwhile",
        "src/doc.keywords.yml:1: byte 7 (0xfe) is not UTF-8; the file is not read — save it as UTF-8; search runs "
        "without its keywords meanwhile"]


def test_url_record_that_is_not_utf8_stops_the_build_with_its_line(tmp_path):
    from qa_site import published_urls

    path = tmp_path / "doc.urls.txt"
    path.write_bytes(b"/\n/a/\xff\n")
    record = published_urls.load_record(str(path))
    errors = [d for d in published_urls.check(record, ["/"], "doc.urls.txt", publishing=False)
              if d.severity is Severity.ERROR]
    assert [(d.line, d.message) for d in errors] == [(2, "byte 5 (0xff) is not UTF-8; the file is not read")]
    assert errors[0].hint == "save it as UTF-8: it protects every published URL"


def test_toc_heading_whose_link_lacks_its_hash_or_names_another_file_is_read_not_a_crash():
    # "## [附录](…)" under a TOC: its link was read as a link with no anchor, an IndexError
    bare = "# 目录\n\n- [1.基础](#1.基础)\n\n## [附录](附录)\n\n## 1.基础\n\n### 1.问题\n\n答。\n"
    doc, diags = parse_document(bare, "doc.md")
    assert outline(doc) == [("doc", ["1.基础"])]
    assert ("warning", 5, "TOC link '#附录' matches no heading") in diag_list(diags)
    assert_partition(doc, bare)
    other = bare.replace("](附录)", "](appendix.md)")
    doc, diags = parse_document(other, "doc.md")
    assert "附录" in [h.title for h in doc.headings if h.first_line not in doc.toc_lines]  # a link elsewhere: text
    assert loud(diags) == []
    assert_partition(doc, other)


def test_question_title_with_an_emoji_keeps_front_matter_mkdocs_can_read(tmp_path):
    # JSON wrote "\ud83e\udd17", which libyaml (MkDocs' loader) rejects: the page then showed its front matter
    import yaml

    text = "<h2 id='t'>1.主题</h2>\n\n<h3 id='q'>1.什么是 🤗 Transformers 与 𝑥？</h3>\n\n答：\x85 行。\n"
    site, _, _ = build(tmp_path, text)
    for page in site.editions["zh"].pages:
        meta = yaml.load(page.markdown.split("---\n")[1], Loader=yaml.CSafeLoader)
        if page.kind == "question":
            assert meta["title"].endswith("什么是 🤗 Transformers 与 𝑥？")  # the characters survive


def test_heading_id_with_a_control_character_is_not_written_onto_the_page(tmp_path):
    text = "<h2 id='\x03'>1.主题</h2>\n\n<h3 id='\x02'>1.问题</h3>\n\n#### 子标题 {#a\x01b}\n\n答。\n"
    site, pages, _ = build(tmp_path, text)
    assert [(d.line, d.message[:40]) for d in loud(site.diagnostics)] == [
        (1, "line contains the character U+0003, whic"), (3, "line contains the character U+0002, whic"),
        (5, "line contains the character U+0001, whic")]
    assert not any(re.search("[\x00-\x08]", md) for md in pages.values())  # "{ #\x02 }", data-qa-key="\x02"…
    page = page_by_key(site, "\x02")
    assert re.search(r"^# .*问题$", page, re.M) and "## 子标题\n" in page  # no "{ #… }" after either


@pytest.mark.parametrize("fence", [
    "  ```python\n<script>alert(1)</script>\n  ```",  # a line indented less than its fence
    "```python\n<script>alert(2)</script>\n  ```",  # a closing fence indented otherwise
    "    ```python\n<script>alert(3)</script>\n    ```",  # a fence indented four spaces
    "\t```\n<script>alert(4)</script>\n\t```",  # indented by a tab
    "```\n<script>alert(5)</script>\n````",  # a longer closing fence
    "```\n<script>alert(6)</script>",  # never closed
    "- 列表\n\n   ```\n<script>alert(7)</script>\n   ```",  # inside a list item
    "  ```\n> <script>alert(8)</script>\n  ```",  # a line that looks like a quote
])
def test_html_in_code_blocks_markdown_reads_otherwise_is_still_code(tmp_path, fence):
    # the passes left the block's HTML alone as code, but Python-Markdown's superfences read it as text and
    # HTML: a <script> ran (in each of these shapes)
    text = f"<h2 id='t'>1.主题</h2>\n\n<h3 id='q'>1.问题</h3>\n\n{fence}\n\n后文。\n"
    site, _, _ = build(tmp_path, text)
    html = _render(page_by_key(site, "q"))
    assert _Active(html).found == []
    assert "<script>alert(" in Page(f"<article>{html}</article>").text  # shown, as code


def test_script_urls_hidden_by_spaces_or_entities_are_shown_as_text(tmp_path):
    text = ("<h2 id='t'>1.主题</h2>\n\n<h3 id='q'>1.问题</h3>\n\n[空格](javascript:alert(1) x)\n\n"
            "[实体](&#106;avascript:alert(2))\n\n[冒号](javascript&colon;alert(3))\n")
    site, _, _ = build(tmp_path, text)
    assert len([d for d in loud(site.diagnostics) if "uses a script URL" in d.message]) == 3
    html = _render(page_by_key(site, "q"))
    assert _Active(html).found == [] and "<a" not in html
    assert all(word in html for word in ("空格", "实体", "冒号"))


def test_image_path_with_spaces_that_does_not_exist_is_a_placeholder(tmp_path):
    # Python-Markdown reads ![a](imgs/a b.png) as an image, CommonMark does not: it was left as a broken image
    text = "<h2 id='t'>1.主题</h2>\n\n<h3 id='q'>1.问题</h3>\n\n![示意 图](imgs/a b.png \"标题\")\n"
    site, _, _ = build(tmp_path, text)
    assert [(d.line, d.message) for d in loud(site.diagnostics)] == [(5, "image 'imgs/a b.png' does not exist")]
    html = _render(page_by_key(site, "q"))
    assert "<img" not in html and 'aria-label="图片缺失: 示意 图"' in html


# ---------------------------------------------------------------- the whole site, built by MkDocs


class _Meta(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta[a.get("property") or a.get("name")] = a.get("content") or ""


@pytest.fixture(scope="module")
def script_site(tmp_path_factory):
    from test_build import mkdocs_build

    work = tmp_path_factory.mktemp("script")
    shutil.copy(BAD / "script_in_heading.md", work / "doc.md")
    shutil.copy(BAD / "script_in_heading.md", work / "doc.en.md")  # a translation, so --strict has no warning
    result = mkdocs_build(work / "site", {"QA_SOURCE": str(work / "doc.md")})
    return work / "site", result


def test_script_and_quotes_in_headings_are_escaped_everywhere_and_shown_as_text(script_site):
    site, result = script_site
    assert result.returncode == 0, result.stderr[-3000:]
    titles = ["1.什么是<script>alert(1)</script>注入？", "2.为什么 \"引号\" 和 'quote' 要转义？",
              "<script>alert(3)</script>3.原样的标签"]
    files = [p for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".xml", ".js")]
    for path in files:
        content = path.read_text(encoding="utf-8", errors="replace")
        assert "<script>alert" not in content, path  # never a raw tag: not in nav, head, meta, JSON
    pages = [(u, p.read_text(encoding="utf-8")) for u, p in html_pages(site).items()
             if u.count("/") == 2 and not u.startswith(("en/", "assets/", "search/"))]
    seen = {}
    for url, html in pages:
        page = Page(html)
        seen[page.h1.rstrip("¶")] = (page, _Meta(html).meta)
    assert set(titles) <= set(seen)
    for title in titles:
        page, meta = seen[title]
        own = split_number(title).text  # outside its topic's list a title has no per-topic number
        assert page.title.startswith(own + " - ")  # <title>, decoded: the text itself
        assert meta["og:title"] == own  # the quotes did not cut the attribute
    # the search index holds the titles as plain text (the dialog shows them as text, never as HTML)
    records = search_fragments(site / "pagefind")
    search_titles = {r["meta"]["title"] for r in records}
    assert "什么是<script>alert(1)</script>注入？" in search_titles
    sub_headings = {a["text"].replace("\u200b", "") for r in records for a in r["anchors"]}
    assert "<script>alert(2)</script> 子标题" in sub_headings
    nav = html_pages(site)[""].read_text(encoding="utf-8")
    assert "什么是&lt;script&gt;alert(1)&lt;/script&gt;注入？" in nav  # escaped (its number is marked apart)


def test_empty_destinations_build_with_mkdocs_into_messages_not_a_traceback(tmp_path):
    from test_i18n import mkdocs_build_nonstrict

    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(BAD / "empty_destinations.md", src / "doc.md")
    shutil.copy(BAD / "empty_destinations.md", src / "doc.en.md")
    result = mkdocs_build_nonstrict(tmp_path / "site", src / "doc.md")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-3000:]
    line = line_of(text_of(BAD / "empty_destinations.md"), "图片占位")
    assert re.search(rf"WARNING +- +\S*/doc\.md:{line}: image '!\[\]\(\)' has no path", result.stderr)
    html = next(p for u, p in html_pages(tmp_path / "site").items() if u.count("/") == 2 and not u.startswith("en/"))
    article = re.search(r"<article.*?</article>", html.read_text(encoding="utf-8"), re.S).group(0)
    assert article.count('class="qa-missing-figure"') == 4 and "<img" not in article


def test_figures_in_img_tags_load_on_the_built_question_page(tmp_path):
    # <img src> was written relative to the page file (t/q.md), but MkDocs leaves raw HTML alone and the
    # browser reads it from the page's URL (t/q/): the figure was broken
    from sitecheck import Page as Seen
    from test_i18n import mkdocs_build_nonstrict

    src = tmp_path / "src"
    shutil.copytree(BAD.parent / "family" / "images", src)
    result = mkdocs_build_nonstrict(tmp_path / "site", src / "doc.md")
    assert result.returncode == 0, result.stderr[-3000:]
    url, html = next((u, p) for u, p in html_pages(tmp_path / "site").items()
                     if u.count("/") == 2 and not u.startswith("en/"))
    images = [i for i in Seen(html.read_text(encoding="utf-8")).images if not i.startswith("data:")]  # the logo
    assert any(i.endswith("c.gif") for i in images)
    assert [i for i in images if not (tmp_path / "site" / url / unquote(i)).resolve().is_file()] == []


def test_erratum_quoting_code_that_is_never_closed_goes_after_the_code_not_into_it(tmp_path):
    # the box went inside the (closed on the page) code block: its HTML ended the block, and the rest of the
    # code became text and HTML, a figure in it a broken image
    text = ("<h2 id='t'>1.主题</h2>\n\n<h3 id='q'>1.问题</h3>\n\n说明：\n  ```\n  要更正的一行\n"
            "![图](imgs/none.png)\n<script>alert(1)</script>\n\n<h3 id='q2'>2.下一题</h3>\n\n答。\n")
    errata = ("- id: q\n  quote:\n    zh: 要更正的一行\n  zh: 更正。\n  references:\n"
              "    - title: 出处\n      url: https://example.com/\n")
    site, _, _ = build(tmp_path, text, extra={"doc.errata.yml": errata})
    html = _render(page_by_key(site, "q"))
    assert _Active(html).found == [] and "<img" not in html
    code, box = html.index("<code>"), html.index('class="qa-erratum"')
    assert code < html.index("要更正的一行") < html.index("</code>") < box  # the code whole, then the box
    assert "<script>alert(1)</script>" in Page(f"<article>{html}</article>").text


def test_erratum_whose_id_spans_lines_is_reported_on_one_line(tmp_path):
    text = "<h2 id='t'>1.主题</h2>\n\n<h3 id='q'>1.问题</h3>\n\n答。\n"
    errata = ('- id: "q\\n其实是两行"\n  zh: 更正。\n  references:\n    - title: 出处\n'  # YAML's \n: a line break
              "      url: https://example.com/\n")
    site, _, _ = build(tmp_path, text, extra={"doc.errata.yml": errata})
    assert [(d.line, d.message) for d in loud(site.diagnostics)] == [
        (1, "erratum for question id 'q 其实是两行': no question of src/doc.md has this id, so it is shown nowhere")]
