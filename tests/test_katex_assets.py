"""KaTeX's fonts and stylesheet cut to what the formulas use: each character in its face, outlines untouched,
only the rules the formulas need."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from helpers import ROOT
from qa_site.katex_assets import (DEFAULT, analyse, class_rules, copy_fonts, cut_fonts, font_characters, font_file,
                                  prune, stylesheet, used_classes)

DIST = ROOT / "node_modules" / "katex" / "dist"
CSS = (DIST / "katex-swap.min.css").read_text(encoding="utf-8")


def katex(tex: str, display: bool = False) -> str:
    from qa_site.katex import KatexRenderer
    from qa_site.math_delimiters import Formula

    rendered, diags, _ = KatexRenderer(str(ROOT)).render([Formula(tex, display, "t.md", 1)])
    assert not diags
    return rendered[0]


def test_the_stylesheet_says_which_classes_choose_which_face():
    rules = {frozenset(k): v for k, v in class_rules(CSS)}
    assert rules[frozenset({"mathnormal"})] == {"family": "KaTeX_Math", "style": "italic"}
    assert rules[frozenset({"mathbb"})] == {"family": "KaTeX_AMS"}
    assert rules[frozenset({"delimsizing", "size1"})] == {"family": "KaTeX_Size1"}


def test_each_character_is_kept_in_the_face_that_draws_it():
    found = font_characters([katex(r"\mathbb{R}^{d} \mathbf{k}_t = \sum_i x_i"), katex(r"\sum_{i=1}^{G}", True)], CSS)
    assert found[("KaTeX_AMS", "normal", "400")] == "R"
    assert found[("KaTeX_Main", "normal", "700")] == "k"
    assert set("dtix") <= set(found[("KaTeX_Math", "italic", "400")])
    assert "∑" in found[("KaTeX_Size1", "normal", "400")] and "∑" in found[("KaTeX_Size2", "normal", "400")]
    assert "=" in found[DEFAULT] and "R" not in found.get(DEFAULT, "")
    assert "mathbb" not in "".join(found.values())  # the TeX source in the MathML annotation is not drawn


def test_cut_fonts_keep_katex_s_outlines_and_advances(tmp_path):
    found = font_characters([katex(r"W^{DKV} \in \mathbb{R}^{d_c \times d}"), katex(r"\mathbf{q}_t")], CSS)
    cached, sizes = cut_fonts(str(DIST / "fonts"), found, str(tmp_path / "cache"))
    assert sum(sizes.values()) < 0.2 * sum(p.stat().st_size for p in (DIST / "fonts").glob("*.woff2"))
    for face, chars in found.items():
        original, cut = TTFont(DIST / "fonts" / font_file(*face)), TTFont(Path(cached) / font_file(*face))
        for ch in chars.strip():
            if ord(ch) not in original.getBestCmap():
                continue  # KaTeX writes a zero-width space here and there: no face draws it
            a, b = original.getBestCmap()[ord(ch)], cut.getBestCmap().get(ord(ch))
            assert b is not None, f"{ch!r} missing from {font_file(*face)}"
            assert original["hmtx"][a] == cut["hmtx"][b]
            ga, gb = original["glyf"][a], cut["glyf"][b]
            assert list(ga.getCoordinates(original["glyf"])[0]) == list(gb.getCoordinates(cut["glyf"])[0])
    # a second build with the same characters finds the cut fonts already there
    before = {p.name: p.stat().st_mtime_ns for p in Path(cached).glob("*.woff2")}
    again, _ = cut_fonts(str(DIST / "fonts"), found, str(tmp_path / "cache"))
    assert again == cached and {p.name: p.stat().st_mtime_ns for p in Path(cached).glob("*.woff2")} == before
    copy_fonts(cached, str(tmp_path / "site"))
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == sorted(sizes)


def test_the_stylesheet_keeps_the_rules_the_formulas_use_and_points_at_woff2_only(tmp_path):
    formulas = [katex(r"\sum_i x_i \mathbb{R}", True)]
    found = font_characters(formulas, CSS)
    cached, _ = cut_fonts(str(DIST / "fonts"), found, str(tmp_path / "cache"))
    pruned = prune(CSS, used_classes(formulas))
    assert len(pruned) < 0.6 * len(CSS)
    assert ".katex .mathbb" in pruned and ".mathfrak" not in pruned  # \mathfrak is used by no formula here
    assert ".katex .vlist-t" in pruned and pruned.count("@font-face") == CSS.count("@font-face")
    css = stylesheet(pruned, cached, {"KaTeX_Size2-Regular.woff2"})
    assert ".woff)" not in css and ".ttf)" not in css
    assert "KaTeX_Size2-Regular.woff2" not in css and "data:font/woff2;base64," in css  # embedded
    assert "url(fonts/KaTeX_Main-Regular.woff2)" in css  # not embedded: a file, loaded only when drawn with


def test_each_distinct_formula_is_read_once_and_draws_with_the_same_fonts_as_read_alone():
    formulas = {0: katex(r"\mathbb{R}^{d}"), 1: katex(r"\sum_i x_i", True), 2: katex(r"\mathbb{R}^{d}"),
                3: '<code class="qa-math-error" title="x">\\frac{</code>'}
    memo: dict = {}
    characters, faces = analyse(formulas, CSS, memo)
    assert len(memo) == 3  # the repeated formula was read once
    assert characters == font_characters(list(formulas.values()), CSS)
    assert faces == {i: {font_file(*key) for key in font_characters([f], CSS)} for i, f in formulas.items()}
    assert faces[0] == faces[2] and faces[3] == set() and font_file("KaTeX_AMS", "normal", "400") in faces[0]
