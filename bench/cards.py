"""Link-preview cards: what drawing them adds to a clean build and to a rebuild.

Side by side, in one run: the whole `mkdocs build` of the seed with an empty card cache (every card drawn)
and with a warm one (cards read from .cache/cards), each the median of N runs; and the card step alone
(draw all vs read all). Run: .venv/bin/python bench/cards.py [runs]
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "hooks"))

from qa_site.book import Settings, build_site  # noqa: E402
from qa_site.cards import cards_for, installed_fonts, render_cards  # noqa: E402

CACHE = os.path.join(ROOT, ".cache", "cards")
TITLES = {"zh": "大模型面试问答", "en": "LLM Interview Q&A"}


def mkdocs_build(site: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", site], cwd=ROOT, check=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return time.perf_counter() - start


def main(runs: int) -> None:
    build = build_site(Settings(source=os.path.join(ROOT, "docs", "models-and-architectures.md"),
                                languages=["zh", "en"], project_root=ROOT))
    cards = [c for lang, book in build.books.items() for c in cards_for(book, lang, TITLES[lang])]
    fonts = installed_fonts(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        drawn = render_cards(cards, fonts, tmp)
        draw_all = time.perf_counter() - start
        start = time.perf_counter()
        again = render_cards(cards, fonts, tmp)
        read_all = time.perf_counter() - start
        assert drawn.drawn == len(cards) and again.drawn == 0
        size = sum(len(b) for b in drawn.images.values())

        cold, warm = [], []
        for _ in range(runs):
            shutil.rmtree(CACHE, ignore_errors=True)
            cold.append(mkdocs_build(os.path.join(tmp, "site")))
            warm.append(mkdocs_build(os.path.join(tmp, "site")))
    print(f"{len(cards)} cards (zh + en), {size / len(cards) / 1024:.1f} KB each on average")
    print(f"card step, every card drawn:   {draw_all * 1000:8.0f} ms ({draw_all / len(cards) * 1000:.1f} ms a card)")
    print(f"card step, every card cached:  {read_all * 1000:8.0f} ms")
    c, w = statistics.median(cold), statistics.median(warm)
    print(f"mkdocs build, cards drawn (clean build):  {c:6.2f} s   (median of {runs})")
    print(f"mkdocs build, cards cached (rebuild):     {w:6.2f} s")
    print(f"ratio (clean / rebuild): {c / w:.2f}x; cards add {draw_all / w * 100:.0f}% to a build when all are drawn, "
          f"{read_all / w * 100:.1f}% when cached")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
