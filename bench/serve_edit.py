"""`make serve`: how long after saving an edit to the source the served page shows it.

Starts `make serve` on a free port over a copy of the shipped documents (``QA_SOURCE``), then, EDITS times, changes one sentence of an answer, saves the file and asks the server for that question's
page every 10 ms until the page holds the new sentence. A browser on the page is told to reload at the same
moment (the server answers its long poll when the rebuild is done), so this is what a maintainer waits for.
Prints every edit's time, their median, and the machine's load. The server watches by polling (MkDocs' own
observer, every 0.1 s under our hooks), so a change is noticed 0–0.1 s after it is saved; that wait is part of
the time.

Run: .venv/bin/python bench/serve_edit.py [--edits 9]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = os.path.join(ROOT, "docs")
SOURCE_NAME = "models-and-architectures.md"
PAGE = "deepseek/mla/"  # the page of the edited answer
SENTENCE = "是 DeepSeek-R1 模型中用于高效推理的核心注意力机制"  # text of that answer the edit changes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(url: str, marker: str, limit: float) -> float:
    """Seconds until the page at ``url`` holds ``marker`` (polled every 10 ms)."""
    start = time.perf_counter()
    while marker not in fetch(url):
        if time.perf_counter() - start > limit:
            raise SystemExit(f"{url} did not show {marker!r} within {limit:.0f} s")
        time.sleep(0.01)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qa-serve-") as tmp:
        docs = os.path.join(tmp, "docs")
        shutil.copytree(DOCS, docs)
        source = os.path.join(docs, SOURCE_NAME)
        text = open(source, encoding="utf-8").read()
        assert SENTENCE in text, f"{SENTENCE!r} is no longer in {SOURCE_NAME}: update bench/serve_edit.py"
        port = free_port()
        url = f"http://127.0.0.1:{port}/{PAGE}"
        log = open(os.path.join(tmp, "serve.log"), "wb")
        env = {**os.environ, "QA_SOURCE": source, "NO_MKDOCS_2_WARNING": "1"}
        server = subprocess.Popen(["make", "--no-print-directory", "serve", f"PORT={port}"], cwd=ROOT, env=env,
                                  stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        times: list[float] = []
        loads = [os.getloadavg()[0]]
        try:
            started = wait_for(url, SENTENCE, 300)
            print(f"first build served after {started:.1f} s")
            time.sleep(1.0)
            for i in range(args.edits):
                marker = f"编辑{i}号"
                with open(source, "w", encoding="utf-8") as fh:  # in place, as an editor saves
                    fh.write(text.replace(SENTENCE, SENTENCE + marker, 1))
                times.append(wait_for(url, marker, 120))
                loads.append(os.getloadavg()[0])
                print(f"edit {i + 1}: visible after {times[-1]:.2f} s", flush=True)
                time.sleep(1.0)  # let the server settle, as between two saves
        finally:
            os.killpg(server.pid, signal.SIGINT)  # make and MkDocs (its own group): MkDocs removes its site
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
            log.close()
            staging = os.path.join(ROOT, ".cache", "pages", hashlib.sha256(source.encode("utf-8")).hexdigest()[:10])
            shutil.rmtree(staging, ignore_errors=True)
    print(f"edit to visible: median {statistics.median(times):.2f} s, min {min(times):.2f} s, "
          f"max {max(times):.2f} s over {len(times)} edits (target ≤ 1 s); load average "
          f"{min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
