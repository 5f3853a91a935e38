"""What `make serve` (``mkdocs serve --dirty``) keeps between the rebuilds of its process, so that an edit
costs what it changed: the formulas KaTeX rendered (``render_math``). The adapter owns the memo (it lives as
long as the process); documents parsed are kept the same way (``book.load_part``'s cache)."""

from __future__ import annotations


def render_math(renderer, formulas: list, memo: dict | None) -> tuple[dict[int, str], list]:
    """Every formula's HTML by index, and KaTeX's messages. With a ``memo`` ((TeX, display) → HTML), only the
    formulas no earlier build rendered go to KaTeX; one KaTeX rejects always does, so its message comes again."""
    memo = {} if memo is None else memo
    todo = [i for i, f in enumerate(formulas) if (f.tex, f.display) not in memo]
    fresh, diags, _ = renderer.render([formulas[i] for i in todo], some=bool(memo)) if todo else ({}, [], "")
    rejected = {(d.path, d.line) for d in diags}
    rendered = {i: memo[(f.tex, f.display)] for i, f in enumerate(formulas) if (f.tex, f.display) in memo}
    for position, i in enumerate(todo):
        rendered[i] = fresh[position]
        if (formulas[i].path, formulas[i].line) not in rejected:
            memo[(formulas[i].tex, formulas[i].display)] = fresh[position]
    return rendered, diags
