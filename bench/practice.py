"""What practice mode costs a reader: the practice page, a card, and the marks on every page.

Builds the shipped site and a synthetic book of >= 1,000 questions (bench/synthetic_book.py) and prints, from
the built files (raw, and gzip as a static host such as GitHub Pages serves them), side by side:

  practice page        its HTML, its own scripts and styles (minified), and practice/questions.json
  one card             a question page, which the card fetches (mean over the book's questions)
  embedded instead     what opening the practice page would cost if the build embedded every answer's HTML
                       in it (the articles of all question pages), the design this one avoids
  every page           progress.js (in site.js) + progress.css (inline), minified, which every page of the
                       book carries (the header link, "practise this topic")
  once practised       progress-ui.js + progress-ui.css, which a page loads only once there is progress to
                       show (and questions.json on the home and topic pages)

Run: .venv/bin/python bench/practice.py [--copies 48] [--site DIR] [--book-site DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
sys.path.insert(0, os.path.join(ROOT, "hooks"))
from qa_site import bundles  # noqa: E402
from search import build  # noqa: E402
from synthetic_book import make_book  # noqa: E402

PAGE_ASSETS = ["assets/javascripts/practice-ui.js", "assets/javascripts/progress-ui.js",
               "assets/stylesheets/progress-ui.css", "assets/stylesheets/practice-ui.css"]
EVERY_PAGE = ["assets/javascripts/progress.js", "assets/stylesheets/progress.css"]  # in site.js, and inline
WITH_PROGRESS = ["assets/javascripts/progress-ui.js", "assets/stylesheets/progress-ui.css"]
ARTICLE = re.compile(r"<article[^>]*>(.*?)</article>", re.S)


def sizes(data: bytes) -> tuple[int, int]:
    return len(data), len(gzip.compress(data, 6))


def read(site: str, path: str) -> bytes:
    with open(os.path.join(site, path), "rb") as fh:
        return fh.read()


def measure(site: str) -> dict[str, tuple[int, int]]:
    index = json.loads(read(site, "practice/questions.json"))
    urls = [q["url"] for t in index["topics"] for q in t["questions"]]
    pages = [read(site, f"{url}index.html") for url in urls]
    articles = b"".join(ARTICLE.search(p.decode("utf-8")).group(1).encode("utf-8") for p in pages)
    out = {
        "questions": (len(urls), len(urls)),
        "practice page HTML": sizes(read(site, "practice/index.html")),
        "its scripts and styles": tuple(map(sum, zip(*(sizes(read(site, a)) for a in PAGE_ASSETS)))),
        "questions.json": sizes(read(site, "practice/questions.json")),
    }
    out["to open the practice page"] = tuple(map(sum, zip(*(out[k] for k in (
        "practice page HTML", "its scripts and styles", "questions.json")))))
    card = [sizes(p) for p in pages]
    out["one card (mean)"] = (int(statistics.mean(c[0] for c in card)), int(statistics.mean(c[1] for c in card)))
    embedded = sizes(articles)
    out["embedded instead"] = (out["to open the practice page"][0] + embedded[0],
                               out["to open the practice page"][1] + embedded[1])
    out["progress.js + .css (every page)"] = tuple(map(sum, zip(*(
        sizes(bundles._minify(a, read(site, a).decode("utf-8")).encode("utf-8")) for a in EVERY_PAGE))))
    out["progress-ui.js + .css (once practised)"] = tuple(map(sum, zip(*(sizes(read(site, a)) for a in WITH_PROGRESS))))
    return out


def kb(n: int) -> str:
    return f"{n / 1024:8.1f} KB"


def report(results: list[tuple[str, dict]]) -> None:
    names = [name for name, _ in results]
    print(f"\n{'':40}" + "".join(f"{n:>30}" for n in names) + f"{'ratio':>10}")
    print(f"{'':40}" + "".join(f"{'raw':>15}{'gzip':>15}" for _ in names))
    for key in results[0][1]:
        row = [r[key] for _, r in results]
        if key == "questions":
            print(f"{key:40}" + "".join(f"{v[0]:>30}" for v in row) + f"{row[-1][0] / row[0][0]:>9.0f}x")
            continue
        ratio = row[-1][1] / row[0][1] if row[0][1] else 0
        print(f"{key:40}" + "".join(f"{kb(v[0]):>15}{kb(v[1]):>15}" for v in row) + f"{ratio:>9.1f}x")
    for name, r in results:
        embedded, opened = r["embedded instead"][1], r["to open the practice page"][1]
        print(f"{name}: embedding every answer would make opening the practice page {embedded / opened:.1f}x "
              f"as heavy (gzip); a card fetched on demand costs {r['one card (mean)'][1] / 1024:.1f} KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=48, help="copies of the seed in the synthetic book")
    parser.add_argument("--site", help="an already built site of the seed (skips its build)")
    parser.add_argument("--book-site", help="an already built synthetic book (skips its build)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qa-practice-bench-") as tmp:
        seed = args.site or os.path.join(tmp, "seed")
        if not args.site:
            print(f"building the shipped site… {build(seed):.1f} s")
        book_site = args.book_site or os.path.join(tmp, "book-site")
        if not args.book_site:
            questions = make_book(os.path.join(tmp, "book"), args.copies)
            print(f"building a synthetic book of {questions} questions… "
                  f"{build(book_site, os.path.join(tmp, 'book')):.1f} s")
        report([("shipped site", measure(seed)), (f"synthetic book ({args.copies}×)", measure(book_site))])


if __name__ == "__main__":
    main()
