"""Build scale: the seed and synthetic books of ×10 and ×50, side by side in one run.

For each book (the shipped seed, then N copies of it with unique titles from ``synthetic_book.py``):

* the whole ``mkdocs build`` with our hooks: wall time, CPU time (the build and the helpers it starts: KaTeX's
  Node process, Pagefind), peak memory of the mkdocs process, and per question;
* the same staged pages built by MkDocs alone, without our hooks: a config derived from ``mkdocs.yml`` with
  the same theme, extensions, plugins (i18n, glightbox) and each language's navigation, ``docs_dir`` pointed
  at the staging folder the hooks wrote (``.cache/pages/<hash>``), and for hooks only ``plain_hooks.py``
  (the theme's compiled-template cache, which speeds up MkDocs' own work, not ours). What our hooks add is
  parsing and staging, math (the placeholders stay text without them), cards, page heads, search;
* the HTML bytes per page of the hooks' site (question pages, topic pages, the home page).

Everything runs in a copy of the project without ``.cache`` (the real one is never touched): the first build
of each book is the one of a fresh clone (every link-preview card drawn, every formula rendered, the pages
staged) and is shown on its own line; then RUNS rounds build every book with and without hooks, interleaved,
and the table shows medians. The machine's load average is printed: on shared cores compare the ratios, not
the seconds.

Run: .venv/bin/python bench/build_scale.py [--runs 3] [--sizes 1,10,50]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "hooks"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from synthetic_book import make_book  # noqa: E402

PLAIN_CONFIG = "mkdocs.plain.bench.yml"  # MkDocs without our hooks, beside mkdocs.yml in the run's copy
KB = 1024


# ---------------------------------------------------------------------------------------------- one build


def _child(config: str, site: str) -> None:
    """Run inside the measured process: ``mkdocs build``, then report this process's peak memory."""
    from mkdocs.__main__ import cli

    cli.main(args=["build", "-q", "-f", config, "-d", site], standalone_mode=False)
    print(json.dumps({"peak_kb": _peak_kb()}))


def _peak_kb() -> int:
    """Peak resident memory of this process since it started mkdocs: the kernel's high-water mark of its
    own memory (``getrusage`` would also count the bench's memory it was forked from)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measured_build(project: str, config: str, site: str, source: str) -> dict:
    """One ``mkdocs build`` in its own process: wall seconds, CPU seconds (with the helpers it starts: Node,
    Pagefind), peak memory (MB) of the mkdocs process."""
    env = {**os.environ, "QA_SOURCE": source, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, __file__, "--child", config, site], cwd=project, env=env,
                                stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        lines = out.read().decode().strip().splitlines()
        if proc.returncode != 0 or not lines:
            raise SystemExit(f"build of {source} with {os.path.basename(config)} failed:\n"
                             f"{err.read().decode()[-3000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": json.loads(lines[-1])["peak_kb"] / KB}


# ---------------------------------------------------------------------------------------------- the books


class Book:
    """One book of the run: its source, its questions, its pages and navigation per language (from the core)."""

    def __init__(self, copies: int, source: str, project: str) -> None:
        from qa_site.book import Settings, build_site

        self.copies, self.source, self.project = copies, source, project
        self.name = "seed" if copies == 1 else f"×{copies}"
        config = _load_config(os.path.join(project, "mkdocs.yml"))
        titles = config["extra"]["qa"]["site_title"]
        build = build_site(Settings(source=source, languages=["zh", "en"], default_language="zh",
                                    site_titles=titles, project_root=project))
        self.questions = len(build.books["zh"].questions())
        self.nav = {lang: edition.nav for lang, edition in build.editions.items()}
        self.kinds = {(lang, page.path): page.kind for lang, edition in build.editions.items()
                      for page in edition.pages}

    @property
    def staging(self) -> str:
        import hashlib

        return os.path.join(self.project, ".cache", "pages",
                            hashlib.sha256(self.source.encode("utf-8")).hexdigest()[:10])

    def html_sizes(self, site: str) -> dict[str, list[int]]:
        """Bytes of each page's HTML, by kind of page (both languages)."""
        out: dict[str, list[int]] = {}
        for (lang, path), kind in self.kinds.items():
            prefix = "" if lang == "zh" else f"{lang}/"
            stem = path[:-3]
            html = stem + ".html" if stem == "index" or stem.endswith("/index") else stem + "/index.html"
            out.setdefault(kind, []).append(os.path.getsize(os.path.join(site, prefix + html)))
        return out


def _load_config(path: str) -> dict:
    from mkdocs.utils.yaml import get_yaml_loader

    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=get_yaml_loader())  # noqa: S506 (MkDocs' own loader: resolves !ENV)


def write_plain_config(book: Book) -> None:
    """``mkdocs.yml`` without our hooks, reading the pages the hooks staged, with the hooks' navigation."""
    config = _load_config(os.path.join(book.project, "mkdocs.yml"))
    config["hooks"] = ["bench/plain_hooks.py"]  # only the theme's template cache, as the hooks' build has it
    config.pop("watch", None)
    config["docs_dir"] = book.staging
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            for language in plugin["i18n"]["languages"]:
                language["nav"] = book.nav[language["locale"]]
    with open(os.path.join(book.project, PLAIN_CONFIG), "w", encoding="utf-8") as fh:
        yaml.safe_dump(config, fh, allow_unicode=True, sort_keys=False)


# ---------------------------------------------------------------------------------------------- the run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="measured rounds (medians are shown)")
    parser.add_argument("--sizes", default="1,10,50", help="copies of the seed per book (1 = the seed itself)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    books: list[Book] = []
    load = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory(prefix="qa-scale-") as tmp:
        project = fresh_clone(os.path.join(tmp, "project"))
        for copies in sizes:
            source = os.path.join(project, "docs", "models-and-architectures.md")
            if copies > 1:
                source = os.path.join(tmp, f"book-{copies}")
                make_book(source, copies, unique_titles=True)
            books.append(Book(copies, source, project))
        print(f"{'book':8}{'questions':>10}  first build, as on a fresh clone (every card drawn, pages staged)")
        for book in books:
            first = measured_build(project, "mkdocs.yml", os.path.join(tmp, "site"), book.source)
            print(f"{book.name:8}{book.questions:>10}  {first['wall']:6.1f} s wall, {first['cpu']:6.1f} s CPU",
                  flush=True)
        runs: dict[tuple[str, str], list[dict]] = {}
        sizes_html: dict[str, dict[str, list[int]]] = {}
        for r in range(args.runs):
            for book in books:
                site = os.path.join(tmp, f"site-{book.copies}")
                runs.setdefault((book.name, "hooks"), []).append(
                    measured_build(project, "mkdocs.yml", site, book.source))
                sizes_html[book.name] = book.html_sizes(site)
                shutil.rmtree(site)
                write_plain_config(book)
                runs.setdefault((book.name, "plain"), []).append(
                    measured_build(project, PLAIN_CONFIG, os.path.join(tmp, "plain"), book.source))
                shutil.rmtree(os.path.join(tmp, "plain"))
                load.append(os.getloadavg()[0])
            print(f"round {r + 1}/{args.runs} done (load average {os.getloadavg()[0]:.1f})", flush=True)
    report(books, runs, sizes_html, load, args.runs)


def fresh_clone(project: str) -> str:
    """The project's files in ``project``, without ``.cache`` (as on a fresh clone; the run never touches
    the real one), sharing the installed ``node_modules``."""
    skip = shutil.ignore_patterns(".git", ".venv", "node_modules", ".cache", "site", "test-output", "__pycache__",
                                  ".pytest_cache", ".hypothesis", "*.egg-info", PLAIN_CONFIG)
    shutil.copytree(ROOT, project, ignore=skip)
    os.symlink(os.path.join(ROOT, "node_modules"), os.path.join(project, "node_modules"))
    return project


def _median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def report(books: list[Book], runs: dict, html: dict, load: list[float], rounds: int) -> None:
    """A Markdown table (as in the README), then the ratios the targets are about."""
    print(f"\nmedians of {rounds} rounds; load average {min(load):.1f}–{max(load):.1f} on {os.cpu_count()} cores "
          "while measuring\n")
    print("| book | questions | build, wall | build, CPU | CPU per question | peak memory | MkDocs alone, wall "
          "| MkDocs alone, CPU | our hooks add (CPU / wall) | question page HTML, mean / max | topic page | home page |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for book in books:
        hooks, plain = runs[(book.name, "hooks")], runs[(book.name, "plain")]
        wall, cpu, plain_wall, plain_cpu = (_median(hooks, "wall"), _median(hooks, "cpu"), _median(plain, "wall"),
                                            _median(plain, "cpu"))
        pages = html[book.name]
        question, topic, home = pages.get("question", [0]), pages.get("topic", [0]), pages.get("home", [0])
        print(f"| {book.name} | {book.questions:,} | {wall:.1f} s | {cpu:.1f} s | {cpu / book.questions * 1000:.1f} ms "
              f"| {_median(hooks, 'rss'):.0f} MB (alone {_median(plain, 'rss'):.0f}) | {plain_wall:.1f} s "
              f"| {plain_cpu:.1f} s | {(cpu / plain_cpu - 1) * 100:.0f}% / {(wall / plain_wall - 1) * 100:.0f}% "
              f"| {statistics.mean(question) / KB:.0f} / {max(question) / KB:.0f} KB "
              f"| {statistics.mean(topic) / KB:.0f} KB | {max(home) / KB:.0f} KB |")
    base = books[0]
    for book in books[1:]:
        ratios = [(_median(runs[(book.name, "hooks")], key) / book.questions)
                  / (_median(runs[(base.name, "hooks")], key) / base.questions) for key in ("cpu", "wall")]
        print(f"\ntime per question, {book.name} / {base.name}: {ratios[0]:.2f}x CPU, {ratios[1]:.2f}x wall "
              "(target ≤ 1.2x)", end="")
    print()
    for small, large in zip(books, books[1:]):
        extra = [(_median(runs[(large.name, "hooks")], key) - _median(runs[(small.name, "hooks")], key))
                 / (large.questions - small.questions) * 1000 for key in ("cpu", "wall")]
        print(f"one more question, from {small.name} to {large.name}: {extra[0]:.1f} ms CPU, {extra[1]:.1f} ms wall")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3])
    else:
        main()
