"""A whole repository as one site: build time per question against the single-document site, peak memory,
output size, page sizes, and how long `make serve` takes to show an edit.

Builds, each from a fresh copy of the project (an empty .cache: what a clean clone sees), then once more
warm (caches kept):
  seed   the shipped document alone (zh only: its translation left out, as the repository has none)
  repo   the synthetic repository of bench/synthetic_repo.py (~200 documents, ≥ 3,000 questions)
and prints them side by side, with the per-question cost of the repository over the seed's (target
≤ 1.5), the repository's wall time (target ≤ 120 s on 2 cores) and, with --serve, the time from saving a
document to the page showing the edit under `mkdocs serve` (target ≤ 5 s).

Run: .venv/bin/python bench/repo_scale.py [--serve] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from synthetic_repo import make_repo  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
PAGE_LIMIT = 100_000


def project_copy(work: str) -> str:
    """The project as a clean clone has it (committed files, no .cache), sharing .venv and node_modules."""
    dest = os.path.join(work, "project")
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, capture_output=True, check=True).stdout
    os.makedirs(dest)
    subprocess.run(["tar", "-x", "-C", dest], input=archive, check=True)
    for shared in (".venv", "node_modules"):
        os.symlink(os.path.join(ROOT, shared), os.path.join(dest, shared))
    return dest


def seed_source(work: str) -> str:
    """The shipped document with its figures and maps, without its translation: a zh-only book."""
    dest = os.path.join(work, "seed")
    docs = os.path.join(ROOT, "docs")
    shutil.copytree(docs, dest, ignore=shutil.ignore_patterns("*.en.md", "*.en.sync.yml", "*.urls.txt"))
    return os.path.join(dest, "models-and-architectures.md")


def build(project: str, source: str, site: str) -> dict:
    """One `mkdocs build` (as `make build` runs it, without --strict: notes about unpinned URLs are expected)."""
    start = time.perf_counter()
    proc = subprocess.Popen([os.path.join(project, ".venv", "bin", "mkdocs"), "build", "-d", site], cwd=project,
                            env={**ENV, "QA_SOURCE": source}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    log = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        sys.exit(f"build of {source} failed:\n{log[-3000:]}")
    m = re.search(r"qa: (\d+) documents, (\d+) topics, (\d+) questions, (\d+) formulas", log)
    sizes = [os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(site) for f in fs if f.endswith(".html")]
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(site) for f in fs)
    return {"seconds": seconds, "cpu_s": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024,
            "documents": int(m.group(1)),
            "questions": int(m.group(3)), "formulas": int(m.group(4)), "pages": len(sizes),
            "largest_kb": max(sizes) / 1000, "over_limit": sum(s > PAGE_LIMIT for s in sizes),
            "mean_kb": sum(sizes) / len(sizes) / 1000, "output_mb": total / 1e6,
            "log_lines": log.count("\n")}


def largest_pages(site: str, n: int = 5) -> list[tuple[int, str]]:
    found = [(os.path.getsize(os.path.join(d, f)), os.path.relpath(os.path.join(d, f), site))
             for d, _, fs in os.walk(site) for f in fs if f.endswith(".html")]
    return sorted(found, reverse=True)[:n]


def serve_edit(project: str, source_folder: str, document: str, url_path: str, tries: int = 3) -> list[float]:
    """Seconds from saving an edit of ``document`` to the served page at ``url_path`` showing it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([os.path.join(project, ".venv", "bin", "mkdocs"), "serve", "--dirty", "--dev-addr",
                             f"127.0.0.1:{port}", "--livereload"], cwd=project,
                            env={**ENV, "QA_SOURCE": source_folder}, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/{url_path}"
    try:
        deadline = time.time() + 900
        while time.time() < deadline:
            try:
                urllib.request.urlopen(url, timeout=5).read()
                break
            except OSError:
                time.sleep(1)
        time.sleep(3)  # let the server settle after its first build
        times = []
        original = open(document, encoding="utf-8").read()
        for i in range(tries):
            marker = f"编辑标记{i}{int(time.time())}"
            text = re.sub(r"(<h3 id='[^']+'>[^<]*</h3>\n\n)", rf"\1{marker}。\n\n", original, count=1)
            start = time.perf_counter()
            with open(document, "w", encoding="utf-8") as fh:
                fh.write(text)
            while time.perf_counter() - start < 300:
                try:
                    if marker in urllib.request.urlopen(url, timeout=5).read().decode("utf-8"):
                        break
                except OSError:
                    pass
                time.sleep(0.1)
            times.append(time.perf_counter() - start)
            time.sleep(2)
        with open(document, "w", encoding="utf-8") as fh:
            fh.write(original)
        return times
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--serve", action="store_true", help="also measure edit-to-visible under mkdocs serve")
    parser.add_argument("--keep", help="build in this folder and keep it")
    parser.add_argument("--serve-only", action="store_true", help="only the edit-to-visible measurement")
    args = parser.parse_args()
    work = args.keep or tempfile.mkdtemp(prefix="qa-repo-bench-")
    os.makedirs(work, exist_ok=True)
    project = project_copy(os.path.join(work, "clean"))
    repo = os.path.join(work, "repo")
    shutil.rmtree(repo, ignore_errors=True)
    made = make_repo(repo)
    print(f"synthetic repository: {made['documents']} documents, {made['questions']} questions ({repo})")
    if args.serve_only:
        return _serve(project, repo)
    seed = seed_source(work)
    results = {}
    for name, source in (("seed", seed), ("repo", repo)):
        results[name, "clean"] = build(project, source, os.path.join(work, f"site-{name}"))
        results[name, "warm"] = build(project, source, os.path.join(work, f"site-{name}"))
    rows = [("", "seed clean", "repo clean", "seed warm", "repo warm")]
    keys = [("documents", "{:.0f}"), ("questions", "{:.0f}"), ("formulas", "{:.0f}"), ("pages", "{:.0f}"),
            ("seconds", "{:.1f}"), ("cpu_s", "{:.1f}"), ("rss_mb", "{:.0f}"), ("output_mb", "{:.1f}"),
            ("mean_kb", "{:.1f}"),
            ("largest_kb", "{:.1f}"), ("over_limit", "{:.0f}"), ("log_lines", "{:.0f}")]
    for key, fmt in keys:
        rows.append((key, *(fmt.format(results[n, k][key]) for k in ("clean", "warm") for n in ("seed", "repo"))))
    for k in ("clean", "warm"):
        seed_q = results["seed", k]["seconds"] / results["seed", k]["questions"]
        repo_q = results["repo", k]["seconds"] / results["repo", k]["questions"]
        rows.append((f"ms/question ({k})", f"{seed_q * 1000:.0f}", f"{repo_q * 1000:.0f}", "", ""))
        print(f"per-question cost, {k}: repo / seed = {repo_q / seed_q:.2f} (target ≤ 1.5)")
    print(f"repository build, clean: {results['repo', 'clean']['seconds']:.0f} s wall, "
          f"{results['repo', 'clean']['cpu_s']:.0f} s CPU (target ≤ 120 s on 2 cores); load average now "
          f"{os.getloadavg()[0]:.1f} (other work on the machine slows the wall time)")
    width = [max(len(r[i]) for r in rows) for i in range(5)]
    for r in rows:
        print("  ".join(c.rjust(w) for c, w in zip(r, width)))
    print("largest repository pages:", ", ".join(f"{p} {s / 1000:.0f} KB" for s, p in
                                                 largest_pages(os.path.join(work, "site-repo"))))
    if args.serve:
        _serve(project, repo)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _serve(project: str, repo: str) -> int:
    doc, page = _first_question(repo)
    times = serve_edit(project, repo, doc, page)
    print(f"make serve (mkdocs serve --dirty), edit to visible ({os.path.relpath(doc, repo)} → /{page}): "
          + ", ".join(f"{t:.1f} s" for t in times) + f" (target ≤ 5 s); load average {os.getloadavg()[0]:.1f}")
    return 0


def _first_question(repo: str) -> tuple[str, str]:
    """A document in the middle of the repository and the URL of its first question, as the core names it."""
    sys.path.insert(0, os.path.join(ROOT, "hooks"))
    from qa_site.book import Settings, build_site

    book = build_site(Settings(source=repo, languages=["zh"], project_root=os.path.dirname(repo))).books["zh"]
    part = book.parts[len(book.parts) // 2]
    return part.file, part.document.questions()[0].slug + "/"


if __name__ == "__main__":
    sys.exit(main())
