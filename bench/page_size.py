"""Page weight and build time of a large book: Material's nav pruned (what the site does) vs not pruned.

Builds a book of N copies of the seed (N × 21 questions, default N=20) twice, side by side in one run, and
prints the mean question-page HTML size, the whole site's size and the build time, with their ratios.
Run: .venv/bin/python bench/page_size.py [N]
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = os.path.join(ROOT, "docs", "models-and-architectures.md")


def make_book(folder: str, copies: int) -> None:
    text = open(SEED, encoding="utf-8").read()
    shutil.copytree(os.path.join(ROOT, "docs", "imgs"), os.path.join(folder, "imgs"))
    for i in range(1, copies + 1):
        # distinct ids per copy, so every copy is a real part with its own questions
        copy = re.sub(r"id='([^']+)'", lambda m: f"id='{i}-{m.group(1)}'", text)
        copy = re.sub(r"\]\(#", f"](#{i}-", copy)
        with open(os.path.join(folder, f"{i:02d}-part.md"), "w", encoding="utf-8") as fh:
            fh.write(f"# Part {i}\n\n" + copy)


def build(config: str, site: str, source: str) -> float:
    env = {**os.environ, "QA_SOURCE": source, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", site], cwd=ROOT,
                   env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def sizes(site: str) -> tuple[float, int]:
    pages, total = [], 0
    for dirpath, _, files in os.walk(site):
        for name in files:
            size = os.path.getsize(os.path.join(dirpath, name))
            total += size
            rel = os.path.relpath(dirpath, site).split(os.sep)
            if name == "index.html" and len(rel) == 3 and rel[0] != "en":
                pages.append(size)
    return sum(pages) / max(1, len(pages)), total


def main() -> None:
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    with tempfile.TemporaryDirectory() as tmp:
        book = os.path.join(tmp, "book")
        os.makedirs(book)
        make_book(book, copies)
        unpruned = os.path.join(ROOT, "mkdocs.unpruned.bench.yml")
        with open(os.path.join(ROOT, "mkdocs.yml"), encoding="utf-8") as fh:
            config = fh.read()
        with open(unpruned, "w", encoding="utf-8") as fh:
            fh.write(config.replace("    - navigation.prune\n", ""))
        try:
            t_pruned = build("mkdocs.yml", os.path.join(tmp, "pruned"), book)
            t_full = build(unpruned, os.path.join(tmp, "full"), book)
        finally:
            os.remove(unpruned)
        page_p, total_p = sizes(os.path.join(tmp, "pruned"))
        page_f, total_f = sizes(os.path.join(tmp, "full"))
    print(f"book of {copies} copies of the seed: {copies * 21} questions, 2 languages")
    print(f"{'':24}{'pruned nav':>14}{'full nav':>14}{'ratio':>8}")
    print(f"{'question page (mean)':24}{page_p / 1024:12.1f}KB{page_f / 1024:12.1f}KB{page_f / page_p:7.1f}x")
    print(f"{'whole site':24}{total_p / 2**20:12.1f}MB{total_f / 2**20:12.1f}MB{total_f / total_p:7.1f}x")
    print(f"{'build time':24}{t_pruned:13.1f}s{t_full:13.1f}s{t_full / t_pruned:7.1f}x")


if __name__ == "__main__":
    main()
