"""Formulas are cut out before Markdown runs, in every shape the family writes them, and nowhere else."""

from __future__ import annotations

import re
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
    assert out == '<p>向量 <span>h</span> 如下</p>\n<div class="qa-math-display" tabindex="0"><span>D</span></div>'


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


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_a_rebuild_takes_known_formulas_from_the_cache_and_sends_only_new_ones_to_katex(tmp_path, monkeypatch):
    from pathlib import Path

    from qa_site import katex as katex_module
    from qa_site.katex import KatexRenderer

    root = str(Path(__file__).resolve().parents[1])
    cache = str(tmp_path / "katex.json")
    good = Formula("h_t \\in \\mathbb{R}^d", False, "docs/doc.md", 12)
    bad = Formula("\\frac{a<b}{", True, "docs/doc.md", 34)
    first = KatexRenderer(root, cache_file=cache).render([good, bad])
    sent: list[list] = []
    real_run = KatexRenderer._run_node

    def counting_run(self, todo):
        sent.append([tex for (tex, _), _ in todo])
        return real_run(self, todo)

    monkeypatch.setattr(KatexRenderer, "_run_node", counting_run)
    again = KatexRenderer(root, cache_file=cache).render([good, bad])
    assert again == first and sent == []  # same HTML, same warning (with its line), same version; no Node
    new = Formula("e^{i\\pi}", False, "docs/doc.md", 40)
    moved = Formula(good.tex, False, "docs/other.md", 7)
    rendered, diags, _ = KatexRenderer(root, cache_file=cache).render([moved, new, bad])
    assert sent == [[new.tex]]
    assert rendered[0] == first[0][0] and "<math" in rendered[1] and [d.line for d in diags] == [34]
    changed = tmp_path / "renderer.cjs"  # another renderer script: nothing of the cache is reused
    changed.write_text(Path(katex_module.SCRIPT).read_text() + "\n// changed\n")
    monkeypatch.setattr(katex_module, "SCRIPT", str(changed))
    KatexRenderer(root, cache_file=cache).render([good])
    assert sent[-1] == [good.tex]


def test_tex_put_back_into_titles_is_escaped_html():
    """Titles are HTML for MkDocs and Material: a formula in a heading must never become markup there."""
    from qa_site.math_delimiters import FormulaTable, plain, replace_inline

    table = FormulaTable()
    title = replace_inline("小节 $<svg onload=alert(2)>$", table, "doc.md", 3)
    assert plain(title, table) == "小节 &lt;svg onload=alert(2)&gt;"


# ---------------------------------------------------------------- \( \) and \[ \] (answers written with an AI assistant)


def test_backslash_parentheses_are_an_inline_formula_even_with_spaces_inside():
    out, table = _extract("其中 \\( \\pi_{\\text{old}} \\) 是旧策略，\\(r_t\\) 是比值")
    assert out == [(1, f"其中 {_inline(0)} 是旧策略，{_inline(1)} 是比值")]
    assert _formulas(table) == [("\\pi_{\\text{old}}", False, 1), ("r_t", False, 1)]


def test_backslash_brackets_in_a_sentence_are_a_display_formula():
    out, table = _extract("目标是 \\[ J(\\theta) = \\mathbb{E}[r] \\] 最大化")
    assert out == [(1, f"目标是 {_inline(0)} 最大化")]
    assert _formulas(table) == [("J(\\theta) = \\mathbb{E}[r]", True, 1)]


def test_backslash_brackets_alone_on_a_line_are_a_display_formula():
    out, table = _extract("目标函数：\n\\[ L = -\\sum_i y_i \\log p_i \\]\n其中")
    assert [t for _, t in out] == ["目标函数：", "", _display(0), "", "其中"]
    assert _formulas(table) == [("L = -\\sum_i y_i \\log p_i", True, 2)]


def test_backslash_bracket_lines_around_a_formula_are_one_display_formula():
    out, table = _extract("裁剪目标：\n\\[\n\\min(r_t A_t,\\ \\text{clip}(r_t) A_t)\n\\]\n后文", first_line=10)
    assert [t for _, t in out] == ["裁剪目标：", "", _display(0), "", "后文"]
    assert _formulas(table) == [("\\min(r_t A_t,\\ \\text{clip}(r_t) A_t)", True, 11)]


def test_backslash_bracket_opening_on_a_line_and_closing_at_the_end_of_a_later_one():
    out, table = _extract("\\[ a = b +\nc \\]\n后文")
    assert [t for _, t in out] == [_display(0), "", "后文"]
    assert _formulas(table) == [("a = b +\nc", True, 1)]


def test_backslash_brackets_inside_a_list_item_keep_the_item_indentation():
    out, table = _extract("- 目标：\n  \\[\n  J = \\mathbb{E}[r]\n  \\]\n- 约束：\\(\\beta > 0\\)")
    assert [t for _, t in out] == ["- 目标：", "", "  " + _display(0), "", f"- 约束：{_inline(1)}"]
    assert _formulas(table) == [("J = \\mathbb{E}[r]", True, 2), ("\\beta > 0", False, 5)]


@pytest.mark.parametrize("text", [
    "见文献\\[1\\]和\\[2, 3\\]",
    "\\[1\\] 作者甲，2023。",
    "\\[注\\]",
    "代码 `\\(x\\)` 与 `\\[a+b\\]`",
    "两个反斜杠 \\\\(x\\\\) 不是公式",
])
def test_escaped_brackets_citations_and_code_are_not_formulas(text):
    out, table = _extract(text)
    assert out == [(1, text)]
    assert table.items == []


def test_a_backslash_bracket_line_never_closed_is_text_and_reported():
    from qa_site.math_delimiters import unbalanced_math

    lines = [(7, "\\["), (8, "a = b"), (9, ""), (10, "后文")]
    out, table = _extract("\\[\na = b\n\n后文", first_line=7)
    assert table.items == [] and out == lines
    assert unbalanced_math(lines) == [(7, "a line holding only '\\[' opens a formula that is never closed; it is "
                                          "shown as text", "close the formula with a '\\]' line")]


# ---------------------------------------------------------------- "$ … $" with spaces inside


@pytest.mark.parametrize("text, tex", [
    ("光速约 $ 3.1 \\times 10^8$ 米每秒", "3.1 \\times 10^8"),
    ("联合分布 $ 𝑝(𝑥_{1:𝐿})$ 可以分解", "𝑝(𝑥_{1:𝐿})"),
    ("平方 $x^2 $ 即可", "x^2"),
    ("系数 $ \\alpha $ 取 0.1", "\\alpha"),
    ("下标 $ a_{i} $ 表示第 i 个", "a_{i}"),
    ("维度 $ d $ 越大", "d"),  # a lone letter is a variable, never an amount
])
def test_dollars_with_spaces_inside_are_a_formula_when_the_content_is_clearly_tex(text, tex):
    out, table = _extract(text)
    assert _formulas(table) == [(tex, False, 1)]
    assert "$" not in out[0][1]


@pytest.mark.parametrize("text", [
    "售价 $ 9.99，折后 $ 7.99",
    "从 $ 5 涨到 $ 10",
    "从 $5 涨到 $10 ^_^",
    "预算 $ 100 - $ 200 之间",
    "$ 20 (约 ¥140)",
    "US$ 和 HK$ 的汇率",
])
def test_prices_with_spaces_stay_text(text):
    out, table = _extract(text)
    assert out == [(1, text)]
    assert table.items == []


# ---------------------------------------------------------------- formulas in titles


def test_backslash_formulas_in_titles_are_kept_for_the_math_pass():
    from qa_site.headings import markdown_title
    from qa_site.pages import escape_title

    title = markdown_title("3. 为什么 **\\(\\pi_{\\theta}\\)** 要裁剪？见\\[1\\]")
    assert title == "3. 为什么 \\(\\pi_{\\theta}\\) 要裁剪？见[1]"
    table = FormulaTable()
    line = replace_inline(escape_title(title), table, "doc.md", 1)
    assert line == f"3. 为什么 {_inline(0)} 要裁剪？见\\[1\\]"
    assert _formulas(table) == [("\\pi_{\\theta}", False, 1)]


# ---------------------------------------------------------------- Unicode math letters


@pytest.mark.parametrize("tex, expected", [
    ("𝑝(𝑥_{1:𝐿})", "p(x_{1:L})"),
    ("𝜃 + 𝛼𝛽", "{\\theta} + {\\alpha}{\\beta}"),
    ("𝐖𝐱", "{\\mathbf{W}}{\\mathbf{x}}"),
    ("𝔼[𝓛]", "{\\mathbb{E}}[{\\boldsymbol{\\mathcal{L}}}]"),
    ("𝜀 ≠ 𝜖, 𝜑 ≠ 𝜙", "{\\varepsilon} ≠ {\\epsilon}, {\\varphi} ≠ {\\phi}"),
    ("𝛌 𝚲 𝟏 ∇𝜕", "{\\boldsymbol{\\lambda}} {\\boldsymbol{\\Lambda}} {\\mathbf{1}} ∇{\\partial}"),
    ("x_𝛼", "x_{\\alpha}"),
    ("\\frac{a}{b}", "\\frac{a}{b}"),
])
def test_unicode_math_letters_are_written_as_tex(tex, expected):
    from qa_site.unicode_math import katex_tex

    assert katex_tex(tex) == expected


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_every_unicode_math_letter_renders_with_katex_fonts():
    """KaTeX has no font metrics for Greek math letters or bold script: each must reach it as TeX."""
    import json
    import subprocess
    import unicodedata
    from pathlib import Path

    from qa_site.unicode_math import katex_tex

    root = Path(__file__).resolve().parents[1]
    letters = [chr(cp) for cp in range(0x1D400, 0x1D800) if unicodedata.name(chr(cp), "")]
    script = ("const k=require('katex');const out=[];for(const t of JSON.parse(require('fs').readFileSync(0,'utf8')))"
              "{const w=[];k.renderToString(t,{throwOnError:true,strict:(c)=>{w.push(c);return 'ignore';}});"
              "out.push(w);}process.stdout.write(JSON.stringify(out));")
    controls = ["𝜃", "𝓛"]  # as written, KaTeX has no metrics for them
    result = subprocess.run(["node", "-e", script], input=json.dumps([katex_tex(ch) for ch in letters] + controls),
                            capture_output=True, text=True, cwd=root, check=True,
                            env={"NODE_PATH": str(root / "node_modules"), "PATH": "/usr/bin:/bin:/usr/local/bin"})
    warnings = json.loads(result.stdout)
    assert len(letters) == 996
    assert [(ch, w) for ch, w in zip(letters, warnings) if w] == []
    assert warnings[-2:] == [["unknownSymbol", "symbolNotInFont"]] * 2


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_a_formula_with_unicode_letters_renders_them_in_katex_fonts():
    from pathlib import Path

    from qa_site.katex import KatexRenderer

    root = Path(__file__).resolve().parents[1]
    rendered, diags, _ = KatexRenderer(str(root)).render([Formula("𝜃^* = \\arg\\max_𝜃 𝓛(𝜃)", False, "d.md", 1)])
    html = rendered[0]
    assert diags == [] and "𝜃" not in html and "𝓛" not in html
    assert re.search(r'<span class="mord mathnormal"[^>]*>θ</span>', html)
    assert '<span class="mord mathcal">L</span>' in html


def test_punctuation_after_an_inline_formula_stays_on_the_formula_s_line():
    from helpers import ROOT
    from qa_site.katex import KatexRenderer

    rendered, _, _ = KatexRenderer(str(ROOT)).render([Formula(r"h_t \in \mathbb{R}^d", False, "t.md", 1)])
    html = substitute("<p>向量 \ue0000\ue001，其中 \ue0000\ue001 是维度。</p>", rendered)
    # the "，" sits inside the formula's last box, where no line can break before it
    assert '<span class="qa-punct">，</span></span></span></span>，' not in html
    assert html.count('<span class="qa-punct">，</span></span></span></span>其中') == 1
    assert "</span></span></span> 是维度" in html  # no punctuation, nothing glued
    assert "\ue000" not in html and "\ue001" not in html
