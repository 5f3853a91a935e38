"""The HTML pass on hostile shapes: what stays HTML, what becomes visible text."""

from __future__ import annotations

from qa_site.markdown_fixes import escape_pseudo_html, unsafe_markup


def test_a_safe_tag_spread_over_lines_stays_html():
    lines = ["<div align=center>", '<img src="imgs/a.png"', '     width="300">', "</div>"]
    assert escape_pseudo_html(lines) == lines


def test_an_unsafe_tag_spread_over_lines_is_text():
    out = escape_pseudo_html(['<img src="a.png"', ' onerror="alert(1)">'])
    assert out == ['&lt;img src="a.png"', ' onerror="alert(1)">']


def test_a_tag_the_scanner_cannot_read_is_text():
    assert escape_pseudo_html(["<img/onerror=alert(1) src=x>"]) == ["&lt;img/onerror=alert(1) src=x>"]


def test_script_urls_hidden_by_entities_or_whitespace_are_caught():
    out = escape_pseudo_html(['<a href="jav&#x61;script:alert(1)">x</a>', '<a href="java\tscript:alert(2)">y</a>',
                              '<a href=" JAVASCRIPT:alert(3)">z</a>', '<a href="https://example.com">ok</a>'])
    assert [line.startswith("&lt;a ") for line in out] == [True, True, True, False]


def test_attribute_lists_that_add_handlers_are_text_and_others_stay():
    out = escape_pseudo_html(['[x](#q){: onclick="alert(1)"}', "段落 {: .note #id }", "集合 {x=1}"])
    assert out == ['[x](#q)&#123;: onclick="alert(1)"}', "段落 {: .note #id }", "集合 {x=1}"]


def test_autolinks_and_angle_bracket_destinations_are_not_tags():
    lines = ["见 <https://example.com/a> 或 <me@example.com>", "![图](<imgs/a b.png>)", "[r]: <docs/x y.md>"]
    assert escape_pseudo_html(lines) == lines


def test_prose_less_than_before_a_letter_is_shown_as_is():
    assert escape_pseudo_html(["a<b 且 c < d"]) == ["a&lt;b 且 c < d"]


def test_control_characters_become_replacement_characters_even_in_code():
    assert escape_pseudo_html(["a\x00b", "```", "c\x02d", "```"]) == ["a\ufffdb", "```", "c\ufffdd", "```"]


def test_unsafe_markup_names_what_it_found():
    assert unsafe_markup('<iframe src="x"></iframe> `<script>` <img src=x onerror=y>') == [
        "<iframe>", "<img> with the event handler 'onerror='"]
    assert unsafe_markup("<b>粗体</b> 与 <think>") == []
