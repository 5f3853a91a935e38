"""Which search engine: the same query set through the real search UI of each candidate, side by side.

The engine was chosen by measurement (issue 8); this bench keeps that measurement repeatable. It types every
query of bench/search_queries.yml into three sites built from the same document and its translation:

  lunr           the site as it was before Pagefind (commit 5b6ff00): Material's search plugin, lunr, one
                 index for both languages, Material's search UI
  lunr + jieba   the same site built with jieba installed, which Material uses to cut the index's Chinese
                 into words (jieba goes into a folder of its own, put on the build's PYTHONPATH only)
  pagefind       the site as it is: Pagefind (extended) per language, the site's own dialog (bench/search.py)

and prints per language R@1, R@5, MRR, queries with no result, and queries whose first result is a page of
the other language. The old site comes from this repository's history (``git archive``): run it in a clone
with history, with the registry reachable for jieba (or pass --jieba DIR, a folder holding it).

Run: .venv/bin/python bench/search_engines.py [--verbose]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from urllib.parse import unquote, urlsplit

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from search import ARGS, CHROMIUM, QUERIES, ROOT, build, rank_of, run_language, scores, serve  # noqa: E402

BEFORE_PAGEFIND = "5b6ff00"  # the last commit whose site searched with Material's lunr
JIEBA = "jieba==0.42.1"


def build_old_site(tmp: str, site: str, jieba_dir: str | None) -> float:
    """The site of commit BEFORE_PAGEFIND, built with this checkout's environments."""
    tree = os.path.join(tmp, "old")
    if not os.path.isdir(tree):
        os.makedirs(tree)
        archive = subprocess.run(["git", "archive", BEFORE_PAGEFIND], cwd=ROOT, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", tree], input=archive.stdout, check=True)
        os.symlink(os.path.join(ROOT, "node_modules"), os.path.join(tree, "node_modules"))
    return build(site, project=tree, pythonpath=jieba_dir)


def install_jieba(tmp: str) -> str:
    target = os.path.join(tmp, "jieba")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--target", target, JIEBA], check=True)
    return target


def run_material(browser, base: str, root: str, queries: list[dict], verbose: bool) -> dict:
    """Material's own search box: '/' focuses it, results come as you type (lunr in a web worker)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, service_workers="block")
    page = context.new_page()
    page.goto(base + root)
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    box.wait_for()
    def mine(path: str) -> bool:  # a page of the language being read (one index holds both)
        return path.startswith("/en/") == (root == "/en/")

    ranks, zero, foreign, misses = [], 0, 0, []
    for item in queries:
        query = item["q"]
        box.fill("")
        page.wait_for_timeout(150)
        box.fill(query)
        box.press("End")  # Playwright fills Chinese without key events: Material searches on a key
        # the worker answers within a few milliseconds here; the list is final once it stops changing
        previous, stable = None, 0
        for _ in range(60):
            page.wait_for_timeout(50)
            links = page.locator(".md-search-result__item > a.md-search-result__link").evaluate_all(
                "as => as.map(a => a.href)")
            meta = page.locator(".md-search-result__meta").inner_text()
            state = (tuple(links), meta)
            stable = stable + 1 if state == previous else 0
            previous = state
            if stable >= 4:
                break
        paths = [unquote(urlsplit(h).path) for h in links]
        # the expected answer in the reader's language: the same page of the other language does not count
        rank = rank_of([p if mine(p) else "" for p in paths], item)
        ranks.append(rank)
        zero += not paths
        foreign += bool(paths) and not mine(paths[0])
        if rank != 1:
            misses.append(f"  {query!r} → rank {rank}; top: {paths[:3]}")
        if verbose:
            print(f"  {rank!s:>4}  {query}")
    context.close()
    return _summary(ranks, zero, foreign, misses)


def run_pagefind(browser, base: str, root: str, queries: list[dict], directory: str, verbose: bool) -> dict:
    r = run_language(browser, base, root, queries, directory, verbose)
    # the dialog searches one language's bundle: a result from the other language cannot occur
    return {**r, "foreign": 0}


def _summary(ranks: list, zero: int, foreign: int, misses: list[str]) -> dict:
    return {**scores(ranks), "zero": zero, "foreign": foreign, "misses": misses}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jieba", help="a folder holding jieba (default: pip install --target a temporary one)")
    parser.add_argument("--verbose", action="store_true", help="print every query's rank")
    parser.add_argument("--misses", action="store_true", help="list the queries each engine does not put first")
    args = parser.parse_args()
    queries = yaml.safe_load(open(QUERIES, encoding="utf-8"))
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="qa-engines-") as tmp:
        sites = []
        site = os.path.join(tmp, "lunr")
        print(f"building the site of {BEFORE_PAGEFIND} (lunr)… {build_old_site(tmp, site, None):.1f} s")
        sites.append(("lunr (Material, before Pagefind)", site, "material"))
        jieba_dir = args.jieba or install_jieba(tmp)
        if not os.path.isfile(os.path.join(jieba_dir, "jieba", "__init__.py")):  # else "with jieba" is lunr again
            raise SystemExit(f"no jieba in {jieba_dir}")
        site = os.path.join(tmp, "lunr-jieba")
        print(f"building it again with jieba… {build_old_site(tmp, site, jieba_dir):.1f} s")
        sites.append(("lunr + jieba (Material)", site, "material"))
        site = os.path.join(tmp, "pagefind")
        print(f"building the site as it is (Pagefind)… {build(site):.1f} s")
        sites.append(("pagefind extended (this site)", site, "pagefind"))
        rows = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            for name, directory, kind in sites:
                server, base = serve(directory)
                try:
                    for language, root in (("zh", "/"), ("en", "/en/")):
                        if args.verbose:
                            print(f"{name}, {language}:")
                        if kind == "material":
                            r = run_material(browser, base, root, queries[language], args.verbose)
                        else:
                            r = run_pagefind(browser, base, root, queries[language], directory, args.verbose)
                        rows.append((name, language, r))
                finally:
                    server.shutdown()
            browser.close()
    print(f"\n{'engine':34}{'lang':>5}{'queries':>8}{'R@1':>7}{'R@5':>7}{'MRR':>7}{'no result':>11}"
          f"{'other language first':>22}")
    for name, language, r in rows:
        print(f"{name:34}{language:>5}{r['n']:>8}{r['r1']:>7.2f}{r['r5']:>7.2f}{r['mrr']:>7.2f}{r['zero']:>11}"
              f"{r['foreign']:>22}")
    if args.misses:
        for name, language, r in rows:
            if r["misses"]:
                print(f"\n{name}, {language}, not first:")
                print("\n".join(r["misses"]))


if __name__ == "__main__":
    main()
