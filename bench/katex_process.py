"""Math rendering: ONE Node process per build (what the site does) vs one process per formula.

Prints both times measured side by side in one run, and their ratio. Run: .venv/bin/python bench/katex_process.py
"""

from __future__ import annotations

import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "hooks"))

from qa_site.book import Settings, build_site  # noqa: E402
from qa_site.katex import KatexRenderer  # noqa: E402


def main() -> None:
    build = build_site(Settings(source=os.path.join(ROOT, "docs", "models-and-architectures.md"),
                                languages=["zh"], project_root=ROOT))
    formulas = build.formulas.items
    renderer = KatexRenderer(ROOT)
    start = time.perf_counter()
    one, _, _ = renderer.render(formulas)
    batched = time.perf_counter() - start
    start = time.perf_counter()
    many = {}
    for i, formula in enumerate(formulas):
        html, _, _ = renderer.render([formula])
        many[i] = html[0]
    separate = time.perf_counter() - start
    assert one == many, "both ways must render the same HTML"
    print(f"{len(formulas)} formulas of the seed")
    print(f"one process per build:    {batched * 1000:8.1f} ms")
    print(f"one process per formula:  {separate * 1000:8.1f} ms")
    print(f"ratio (per formula / per build): {separate / batched:.1f}x")


if __name__ == "__main__":
    main()
