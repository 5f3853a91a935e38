"""Descriptions for link previews and search engines, and the hreflang links in the page head."""

from qa_site.sharing import description, head_alternates


def test_description_is_the_opening_of_the_answer_as_plain_text():
    lines = ["### 基本概念", "", "**MLA** 通过[低秩](#x)压缩减少 $K$ 缓存。", "", "![图](a.png)", "第二段。"]
    assert description(lines) == "MLA 通过低秩压缩减少 缓存。第二段。"


def test_description_skips_code_and_cuts_at_a_sentence_end():
    lines = ["```python", "print('no')", "```", "First sentence is here. " * 5 + "Tail without end"]
    text = description(lines, limit=60)
    assert text.endswith(".") and len(text) <= 60 and "print" not in text


def test_description_without_a_sentence_end_is_cut_with_an_ellipsis():
    assert description(["字" * 200], limit=50) == "字" * 49 + "…"


def test_description_never_ends_inside_a_word_and_stays_within_160_characters():
    words = " ".join(["attention"] * 40)
    text = description([words])
    assert len(text) <= 160 and text.endswith("attention…"), text
    assert len(description(["字" * 400])) <= 160


def test_head_alternates_become_absolute_and_leave_the_body_alone():
    html = ('<head><link rel="alternate" href="../../en/a/" hreflang="en"></head>'
            '<body><link rel="alternate" href="x" hreflang="en"></body>')
    out = head_alternates(html, "https://example.org/docs/q/a/")
    assert '<link rel="alternate " href="https://example.org/docs/en/a/" hreflang="en">' in out
    assert out.endswith('<body><link rel="alternate" href="x" hreflang="en"></body>')


def test_a_description_leaves_out_formulas_written_over_several_lines_and_in_brackets():
    text = description(["复杂度是 \\(O(n^2 d)\\)：", "", "\\[", "\\mathrm{Attention}(Q, K, V) = x", "\\]", "",
                        "$$", "y = z", "$$", "所以很贵。"])
    assert text == "复杂度是 ：所以很贵。"
