"""Formulas are cut out before Markdown runs, in every shape the family writes them, and nowhere else."""

from __future__ import annotations

import shutil

import pytest

from qa_site.math_delimiters import (DISPLAY_CLOSE, DISPLAY_OPEN, INLINE_CLOSE, INLINE_OPEN, Formula,
                                     FormulaTable, extract_math, plain, replace_inline, substitute)
from qa_site.model import Severity


def _extract(text: str, first_line: int = 1):
    table = FormulaTable()
    lines = list(enumerate(text.split("\n"), start=first_line))
    out = extract_math(lines, "doc.md", table)
    return out, table


def _inline(i: int) -> str:
    return f"{INLINE_OPEN}{i}{INLINE_CLOSE}"


def _display(i: int) -> str:
    return f"{DISPLAY_OPEN}{i}{DISPLAY_CLOSE}"


def _formulas(table: FormulaTable):
    return [(f.tex, f.display, f.line) for f in table.items]


def test_inline_math_glued_to_chinese_text_is_a_formula():
    out, table = _extract("向量为$h_t$，其中$d$是维度")
    assert out == [(1, f"向量为{_inline(0)}，其中{_inline(1)}是维度")]
    assert _formulas(table) == [("h_t", False, 1), ("d", False, 1)]


def test_display_formula_directly_under_a_paragraph_becomes_its_own_block():
    out, table = _extract("压缩后的向量：\n$${\\mathbf{k}_t^C} = W^{UK} \\mathbf{c}_t^{KV}$$\n继续说明")
    assert out == [(1, "压缩后的向量："), (2, ""), (2, _display(0)), (2, ""), (3, "继续说明")]
    assert _formulas(table) == [("{\\mathbf{k}_t^C} = W^{UK} \\mathbf{c}_t^{KV}", True, 2)]


def test_formula_between_lone_dollar_lines_with_trailing_spaces_is_display_math():
    out, table = _extract("重建查询：\n$ \n\\mathbf{q}_t^C = W^{UQ} \\mathbf{c}_t^Q\n$   \n下一步")
    assert out == [(1, "重建查询："), (2, ""), (2, _display(0)), (2, ""), (5, "下一步")]
    assert _formulas(table) == [("\\mathbf{q}_t^C = W^{UQ} \\mathbf{c}_t^Q", True, 2)]


def test_multi_line_double_dollar_block_is_one_display_formula():
    text = "$$\n\\begin{aligned}\na &= b \\\\\nc &= d\n\\end{aligned}\n$$"
    out, table = _extract(text, first_line=40)
    assert out == [(40, _display(0)), (40, "")]
    assert _formulas(table) == [("\\begin{aligned}\na &= b \\\\\nc &= d\n\\end{aligned}", True, 40)]


def test_double_dollar_opening_on_a_text_line_and_closing_later_is_one_formula():
    out, table = _extract("$$a =\nb + c$$\n后文")
    assert [t for _, t in out] == [_display(0), "", "后文"]
    assert _formulas(table) == [("a =\nb + c", True, 1)]


def test_github_dollar_backtick_math_is_a_formula():
    out, table = _extract("GitHub 写法 $`\\sqrt{x_1}`$ 也支持")
    assert out == [(1, f"GitHub 写法 {_inline(0)} 也支持")]
    assert _formulas(table) == [("\\sqrt{x_1}", False, 1)]


def test_math_fence_is_a_display_formula():
    out, table = _extract("公式如下：\n```math\nE = mc^2\n```\n完")
    assert [t for _, t in out] == ["公式如下：", "", _display(0), "", "完"]
    assert _formulas(table) == [("E = mc^2", True, 2)]


def test_dollar_inside_inline_code_is_never_math():
    out, table = _extract("Shell 变量写作 `$HOME` 和 `echo $a$b`，而 $x$ 是公式")
    assert out == [(1, f"Shell 变量写作 `$HOME` 和 `echo $a$b`，而 {_inline(0)} 是公式")]
    assert _formulas(table) == [("x", False, 1)]


def test_github_math_syntax_shown_inside_a_code_span_stays_code():
    text = "GitHub 的行内公式写作 `` $`x`$ ``，渲染后是 $x$。"
    out, table = _extract(text)
    assert out == [(1, f"GitHub 的行内公式写作 `` $`x`$ ``，渲染后是 {_inline(0)}。")]
    assert _formulas(table) == [("x", False, 1)]


def test_dollar_inside_a_fenced_code_block_is_never_math():
    text = "```bash\necho \"$HOME $PATH\"\n$$\nx\n$$\n```"
    out, table = _extract(text)
    assert [t for _, t in out] == text.split("\n")
    assert table.items == []


@pytest.mark.parametrize("text", [
    "价格从 $5 涨到 $10",
    "$5/$10",
    "花了 $20，又花了 $30。",
    "单价 $3.5 元",
])
def test_dollar_amounts_stay_text(text):
    out, table = _extract(text)
    assert out == [(1, text)]
    assert table.items == []


def test_escaped_dollar_is_a_literal_dollar():
    out, table = _extract("成本是 \\$100，而 $c$ 是变量；\\$x\\$ 不是公式")
    assert out == [(1, f"成本是 $100，而 {_inline(0)} 是变量；$x$ 不是公式")]
    assert _formulas(table) == [("c", False, 1)]


def test_display_math_inside_a_list_item_keeps_the_item_indentation():
    out, _ = _extract("1. **重建键**：\n\n    $$\n    k = W c\n    $$\n\n2. 下一项")
    assert [t for _, t in out] == ["1. **重建键**：", "", "    " + _display(0), "", "", "2. 下一项"]


def test_single_line_display_in_list_item_keeps_the_item_indentation():
    out, table = _extract("- 重建：\n  $$k = W c$$")
    assert [t for _, t in out] == ["- 重建：", "", "  " + _display(0), ""]
    assert _formulas(table) == [("k = W c", True, 2)]


def test_formula_line_numbers_are_the_source_lines():
    text = "第一行 $a$\n\n第三行\n$$\nb\n$$\n第七行 $c$"
    _, table = _extract(text, first_line=100)
    assert _formulas(table) == [("a", False, 100), ("b", True, 103), ("c", False, 106)]
    assert {f.path for f in table.items} == {"doc.md"}


def test_unclosed_double_dollar_followed_by_blank_line_is_left_as_text():
    out, table = _extract("$$\na + b\n\n后文")
    assert table.items == []
    assert [t for _, t in out] == ["$$", "a + b", "", "后文"]


def test_replace_inline_leaves_prose_without_math_alone():
    table = FormulaTable()
    assert replace_inline("没有公式的 **粗体** 文本_下划线_", table, "doc.md", 1) == "没有公式的 **粗体** 文本_下划线_"
    assert table.items == []


def test_same_formula_on_the_same_line_is_stored_once():
    table = FormulaTable()
    out = replace_inline("$x$ 与 $x$", table, "doc.md", 5)
    assert out == f"{_inline(0)} 与 {_inline(0)}"
    assert len(table.items) == 1


def test_substitute_puts_display_formulas_in_a_scrolling_block_and_inline_in_place():
    html = f"<p>向量 {_inline(0)} 如下</p>\n<p>{_display(1)}</p>"
    out = substitute(html, {0: "<span>h</span>", 1: "<span>D</span>"})
    assert out == '<p>向量 <span>h</span> 如下</p>\n<div class="qa-math-display"><span>D</span></div>'


def test_plain_gives_back_the_tex_for_titles():
    table = FormulaTable()
    line = replace_inline("标题里的 $x^2$", table, "doc.md", 1)
    assert plain(line, table) == "标题里的 x^2"


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_katex_renders_good_formulas_and_reports_bad_ones_with_file_and_line():
    from pathlib import Path

    from qa_site.katex import KatexRenderer

    root = Path(__file__).resolve().parents[1]
    good = Formula("h_t \\in \\mathbb{R}^d", False, "docs/doc.md", 12)
    bad = Formula("\\frac{a<b}{", True, "docs/doc.md", 34)
    rendered, diags, version = KatexRenderer(str(root)).render([good, bad])
    assert "<math" in rendered[0] and "katex-html" in rendered[0]
    assert version
    assert len(diags) == 1
    diag = diags[0]
    assert (diag.path, diag.line, diag.severity) == ("docs/doc.md", 34, Severity.WARNING)
    assert "\\frac{a<b}{" in diag.message
    assert 'class="qa-math-error"' in rendered[1]
    assert "\\frac{a&lt;b}{" in rendered[1] and "<b}" not in rendered[1]


def test_tex_put_back_into_titles_is_escaped_html():
    """Titles are HTML for MkDocs and Material: a formula in a heading must never become markup there."""
    from qa_site.math_delimiters import FormulaTable, plain, replace_inline

    table = FormulaTable()
    title = replace_inline("小节 $<svg onload=alert(2)>$", table, "doc.md", 3)
    assert plain(title, table) == "小节 &lt;svg onload=alert(2)&gt;"
