"""What `make serve` (mkdocs serve --dirty) keeps between the rebuilds of one process: formulas KaTeX has
rendered (a rejected one goes to KaTeX again, so its message comes again)."""

from __future__ import annotations

from helpers import ROOT
from qa_site.katex import KatexRenderer
from qa_site.math_delimiters import Formula
from qa_site.rebuilds import render_math


class CountingRenderer(KatexRenderer):
    def __init__(self) -> None:
        super().__init__(str(ROOT))
        self.sent: list[list[str]] = []

    def render(self, formulas, some=False):
        self.sent.append([f.tex for f in formulas])
        return super().render(formulas)


def test_a_rebuild_sends_only_new_and_rejected_formulas_to_katex():
    formulas = [Formula(r"x^2", False, "a.md", 1), Formula(r"\frac{a}{b}", True, "a.md", 2),
                Formula(r"\notacommand", False, "a.md", 3)]
    memo: dict = {}
    renderer = CountingRenderer()
    first, first_diags = render_math(renderer, formulas, memo)
    again, again_diags = render_math(renderer, formulas + [Formula("y_1", False, "a.md", 4)], memo)
    assert renderer.sent == [[r"x^2", r"\frac{a}{b}", r"\notacommand"], [r"\notacommand", "y_1"]]
    assert {i: again[i] for i in first} == first
    assert [d.line for d in first_diags] == [d.line for d in again_diags] == [3]
    alone, _ = render_math(KatexRenderer(str(ROOT)), formulas, None)  # without a memo: as a build renders them
    assert alone == first


def test_the_formula_cache_keeps_the_book_s_formulas_through_serve_rebuilds(tmp_path):
    """A `make serve` rebuild renders only the formulas it has not seen: the cache on disk must keep the
    others, or the next `make build` starts KaTeX for all of them again. A whole build keeps its own only."""
    cache = tmp_path / "katex.json"
    book = [Formula(r"x^2", False, "a.md", 1), Formula(r"\frac{a}{b}", True, "a.md", 2)]
    renderer = KatexRenderer(str(ROOT), cache_file=str(cache))

    def cached() -> set:
        return {tex for tex, _ in renderer._load_cache(renderer._identity())[0]}

    memo: dict = {}
    render_math(renderer, book, memo)  # the first build of `make serve`
    render_math(renderer, book + [Formula("y_1", False, "a.md", 3)], memo)  # an edit adds a formula
    assert cached() == {"x^2", r"\frac{a}{b}", "y_1"}
    render_math(renderer, book, None)  # a whole build: the answers for its formulas only
    assert cached() == {"x^2", r"\frac{a}{b}"}
