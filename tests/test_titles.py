"""The author's per-topic number split from a title (for <title>, og:title and cards; issue 10 reuses it)."""

import pytest

from qa_site.titles import plain_title, split_number


@pytest.mark.parametrize("title, number, text", [
    ("5.请介绍下在DeepSeek-R1中所用到的MLA算法？", "5", "请介绍下在DeepSeek-R1中所用到的MLA算法？"),
    ("5.Could you describe MLA?", "5", "Could you describe MLA?"),
    ("12、什么是 RoPE", "12", "什么是 RoPE"),
    ("（3）为什么？", "3", "为什么？"),
    ("第3题：为什么？", "3", "为什么？"),
    ("Q7: What is GQA?", "7", "What is GQA?"),
    ("3) Why?", "3", "Why?"),
    # digits that belong to the title stay
    ("1.5B 参数的模型够用吗？", None, "1.5B 参数的模型够用吗？"),
    ("3D 卷积是什么？", None, "3D 卷积是什么？"),
    ("2024年的大模型", None, "2024年的大模型"),
    ("2024 年的大模型", None, "2024 年的大模型"),
    ("100 LLM Questions", None, "100 LLM Questions"),
    ("3 什么是 RoPE？", "3", "什么是 RoPE？"),
    ("DeepSeek-V3", None, "DeepSeek-V3"),
    ("7.", None, "7."),  # nothing but a number: kept whole
])
def test_split_number(title, number, text):
    assert split_number(title) == (number, text)


def test_plain_title_drops_the_number_and_the_math_delimiters():
    assert plain_title("2.为什么除以 $\\sqrt{d_k}$ ？") == "为什么除以 \\sqrt{d_k} ？"
    assert plain_title("  4.DeepSeek相关问答 ") == "DeepSeek相关问答"


def test_the_theme_s_titles_show_the_author_s_number_apart_and_its_labels_in_the_page_s_language():
    from qa_site.theme_labels import fix_labels

    page = ('<nav class="md-path" aria-label="导航栏"><span class="md-ellipsis">\n  4.DeepSeek相关问答\n</span></nav>'
            '<a href="../mla/" class="md-nav__link"><span class="md-ellipsis">\n    5.请介绍下 &lt;MLA&gt; 算法？\n  </span></a>'
            '<div class="md-ellipsis">\n 1.5B 参数的模型\n</div><span class="md-ellipsis">首页</span>')
    zh = fix_labels(page, "zh")
    assert '<nav class="md-path" aria-label="当前位置">' in zh
    assert '\n  <span class="qa-num">4.</span>DeepSeek相关问答\n' in zh
    assert '<span class="qa-num">5.</span>请介绍下 &lt;MLA&gt; 算法？\n' in zh  # still escaped
    assert "\n 1.5B 参数的模型\n" in zh and '<span class="md-ellipsis">首页</span>' in zh  # not a number: as it was
    en = fix_labels(page, "en")
    assert 'aria-label="Breadcrumb"' in en


def test_a_section_title_atop_the_phone_drawer_shows_its_number_apart():
    from qa_site.theme_labels import fix_labels

    page = ('<span class="md-ellipsis">x</span><nav><label class="md-nav__title" for="__nav_5">\n'
            '  <span class="md-nav__icon md-icon"></span>\n\n    4.DeepSeek相关问答\n  </label>'
            '<label class="md-nav__title" for="__nav_6"><span class="md-nav__icon md-icon"></span>首页</label>')
    out = fix_labels(page, "zh")
    assert '<span class="md-nav__icon md-icon"></span>\n\n    <span class="qa-num">4.</span>DeepSeek相关问答\n  </label>' in out
    assert '<span class="md-nav__icon md-icon"></span>首页</label>' in out


def test_only_page_titles_are_marked_and_imitations_of_the_theme_s_markup_are_left_as_they_are():
    from qa_site.theme_labels import fix_labels

    page = ('<div class="md-header__topic"><span class="md-ellipsis">100 LLM Questions</span></div>'
            '<a href="#s-1" class="md-nav__link"><span class="md-ellipsis">1. 背景</span></a>'
            '<a href="../mla/" class="md-nav__link"><span class="md-ellipsis">５．请介绍MLA？</span></a>'
            '<label class="md-nav__link" for="__nav_2"><span class="md-ellipsis">2.文本大模型</span></label>')
    out = fix_labels(page, "zh")
    assert '<span class="md-ellipsis">100 LLM Questions</span>' in out  # the site's name
    assert '<span class="md-ellipsis">1. 背景</span>' in out  # a sub-heading in the table of contents
    assert '<span class="qa-num">５．</span>请介绍MLA？' in out and '<span class="qa-num">2.</span>文本大模型' in out
    # raw HTML in an answer that imitates a drawer title, cut where the theme's title class splits the page
    cut = '<span class="md-ellipsis">x</span><p><label class="md-nav__title" for="__nav_1" class="md-ellipsis">Hi</label></p>'
    assert fix_labels(cut, "zh") == cut
