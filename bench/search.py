"""Search quality, size and speed, through the site's own search dialog in headless Chromium.

Builds the shipped site and a synthetic book of >= 1,000 questions (copies of the seed and its translation,
bench/synthetic_book.py), serves each like a static host, and types every query of bench/search_queries.yml
into the real dialog (/ to open, then the words), per language. Prints, per site and language:

  R@1, R@5, MRR      rank of the expected answer among the results (in the synthetic book, any copy of it)
  zero               queries that returned nothing
  anchor             of the queries whose words sit under a sub-heading: how many opened at it
  first search       bytes downloaded from opening the dialog to the first results (raw, and gzip as a
                     static host such as GitHub Pages serves text files; Pagefind's index files are
                     compressed already)
  warm query         time from the keystroke to the results on screen, once the index is loaded (median, p90)

Run: .venv/bin/python bench/search.py [--copies 48] [--site DIR] [--book-site DIR] [--verbose]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from urllib.parse import unquote, urlsplit

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
sys.path.insert(0, os.path.join(ROOT, "hooks"))
from qa_site.links import short_anchor  # noqa: E402  (a sub-heading's id: both languages share it)
from synthetic_book import make_book  # noqa: E402

QUERIES = os.path.join(ROOT, "bench", "search_queries.yml")
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
TEXT_TYPES = (".js", ".json", ".css", ".html", ".svg", ".xml")


def build(site: str, source: str | None = None, project: str = ROOT, pythonpath: str | None = None) -> float:
    """``mkdocs build`` of ``project`` (this checkout, or an older tree of it) into ``site``; its seconds."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("QA_SOURCE", None)
    if source:
        env["QA_SOURCE"] = source
    if pythonpath:
        env["PYTHONPATH"] = pythonpath + os.pathsep + env.get("PYTHONPATH", "")
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", site], cwd=project, env=env,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"build failed:\n{proc.stderr[-3000:]}")
    return time.perf_counter() - start


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


def serve(directory: str):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=directory))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


COLLECT = """() => { window.__qa = []; document.addEventListener("qa-search-results",
    e => window.__qa.push(e.detail), true); }"""


def run_language(browser, base: str, root: str, queries: list[dict], directory: str, verbose: bool) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, service_workers="block")
    page = context.new_page()
    fetched: list = []
    page.on("requestfinished", lambda r: fetched.append(r))
    page.goto(base + root)
    page.wait_for_load_state("networkidle")
    page.evaluate(COLLECT)
    before = len(fetched)
    page.keyboard.press("/")
    box = page.locator(".qa-search__input")
    box.wait_for()
    ranks, zero, anchors, latencies, misses = [], 0, [0, 0], [], []
    first_bytes = None
    for i, item in enumerate(queries):
        query = item["q"]
        box.fill(query)
        box.press("End")
        page.wait_for_function("q => window.__qa.some(r => r.query === q)", arg=query.strip(), timeout=30_000)
        detail = page.evaluate("q => window.__qa.filter(r => r.query === q).pop()", query.strip())
        if i == 0:
            page.wait_for_load_state("networkidle")
            first_bytes = _bytes(fetched[before:], directory)
        else:
            latencies.append(detail["ms"])
        shown = page.locator(".qa-search__result:not(.qa-search__result--section) > a").evaluate_all(
            "as => as.map(a => [a.href, (a.querySelector('.qa-search__where') || {}).textContent || ''])")
        links = [h for h, _ in shown]
        paths = [unquote(urlsplit(h).path) for h in links]
        rank = rank_of(paths, item)
        ranks.append(rank)
        zero += detail["count"] == 0
        if item.get("anchor"):
            anchors[1] += 1
            # the result opens at the sub-heading: its id (short, from the source's sub-heading) or its title
            fragment = unquote(urlsplit(links[rank - 1]).fragment) if rank else None
            hit = rank is not None and (fragment in (item["anchor"], short_anchor(item["anchor"]))
                                        or shown[rank - 1][1].endswith("› " + item["anchor"]))
            anchors[0] += hit
        if rank != 1:
            misses.append(f"  {query!r} → rank {rank}; top: {paths[:3]}")
        if verbose:
            opened = unquote(urlsplit(links[rank - 1]).fragment) if rank else ""
            print(f"  {rank!s:>4}  {query}  ({detail['ms']:.0f} ms) {('#' + opened) if opened else ''}")
    context.close()
    return {
        **scores(ranks),
        "zero": zero,
        "anchors": anchors,
        "first": first_bytes,
        "median": statistics.median(latencies),
        "p90": sorted(latencies)[int(0.9 * (len(latencies) - 1))],
        "misses": misses,
    }


def rank_of(paths: list[str], item: dict) -> int | None:
    """The rank of the first result that is the query's expected answer (or one of its ``also``)."""
    expected = [e.strip("/") for e in [item["expect"], *item.get("also", [])]]
    return next((n for n, p in enumerate(paths, 1) if any(p.rstrip("/").endswith("/" + e) for e in expected)),
                None)


def scores(ranks: list[int | None]) -> dict:
    """R@1, R@5 and MRR of a query set's ranks (``None``: not found)."""
    n = len(ranks)
    return {"n": n, "r1": sum(r == 1 for r in ranks) / n, "r5": sum(r is not None and r <= 5 for r in ranks) / n,
            "mrr": sum(1 / r for r in ranks if r) / n}


def _bytes(requests, directory: str) -> tuple[int, int, int]:
    """(raw bytes, bytes as a gzip-serving host sends them, requests) of what the first search fetched."""
    raw = packed = 0
    for request in requests:
        sizes = request.sizes()
        body = sizes["responseBodySize"]
        raw += body + sizes["responseHeadersSize"]
        path = os.path.join(directory, unquote(urlsplit(request.url).path).lstrip("/"))
        if path.endswith(TEXT_TYPES) and os.path.isfile(path):
            body = len(gzip.compress(open(path, "rb").read(), 6))
        packed += body + sizes["responseHeadersSize"]
    return raw, packed, len(requests)


def report(name: str, results: dict[str, dict]) -> None:
    print(f"\n{name}")
    print(f"{'':6}{'queries':>8}{'R@1':>7}{'R@5':>7}{'MRR':>7}{'zero':>6}{'anchor':>8}"
          f"{'first search (raw / gzip, requests)':>38}{'warm query (median / p90)':>28}")
    for language, r in results.items():
        raw, packed, count = r["first"]
        print(f"{language:6}{r['n']:>8}{r['r1']:>7.2f}{r['r5']:>7.2f}{r['mrr']:>7.2f}{r['zero']:>6}"
              f"{r['anchors'][0]:>5}/{r['anchors'][1]:<2}"
              f"{raw / 1024:>16.0f} KB / {packed / 1024:.0f} KB, {count:>3}"
              f"{r['median']:>16.1f} ms / {r['p90']:.1f} ms")
    for language, r in results.items():
        if r["misses"]:
            print(f"  not first ({language}):")
            print("\n".join(r["misses"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=48, help="copies of the seed in the synthetic book")
    parser.add_argument("--site", help="an already built site of the seed (skips its build)")
    parser.add_argument("--book-site", help="an already built synthetic book (skips its build)")
    parser.add_argument("--only-seed", action="store_true", help="measure the shipped site only")
    parser.add_argument("--verbose", action="store_true", help="print every query's rank")
    parser.add_argument("--queries", default=QUERIES, help="the query set (default: bench/search_queries.yml)")
    args = parser.parse_args()
    queries = yaml.safe_load(open(args.queries, encoding="utf-8"))
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="qa-search-bench-") as tmp:
        sites = []
        seed = args.site or os.path.join(tmp, "seed")
        if not args.site:
            print(f"building the shipped site… {build(seed):.1f} s")
        sites.append(("shipped site (21 questions)", seed))
        if not args.only_seed:
            book_site = args.book_site or os.path.join(tmp, "book-site")
            if not args.book_site:
                questions = make_book(os.path.join(tmp, "book"), args.copies)
                print(f"building a synthetic book of {questions} questions… "
                      f"{build(book_site, os.path.join(tmp, 'book')):.1f} s")
            sites.append((f"synthetic book ({args.copies} copies of the seed)", book_site))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            for name, directory in sites:
                server, base = serve(directory)
                try:
                    results = {}
                    for language, root in (("zh", "/"), ("en", "/en/")):
                        if args.verbose:
                            print(f"{name}, {language}:")
                        results[language] = run_language(browser, base, root, queries[language], directory,
                                                         args.verbose)
                    report(name, results)
                finally:
                    server.shutdown()
            browser.close()


if __name__ == "__main__":
    main()
