"""Writing one language's search bundle with Pagefind (extended build, installed from PyPI).

The pages to index are handed over in memory as (URL path, HTML) pairs, written to a scratch folder, and
indexed by ONE run of the Pagefind binary with the language forced: each language gets its own bundle under
its own root (``/pagefind/``, ``/en/pagefind/``), so a reader's results can only come from the language they
read. Pagefind's own UI files are removed afterwards: the site has its own search dialog. A run can be
started and finished later (``start_bundle``): the build renders the next language meanwhile.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

from .search import EXCLUDE_SELECTORS, han_characters_apart

BUNDLE = "pagefind"
# Pagefind writes UI kits the site does not use; readers never load them, the published site need not hold them
UNUSED_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


class SearchUnavailable(Exception):
    """The Pagefind binary is missing or failed: the site cannot have search."""


@dataclass
class IndexResult:
    pages: int
    bundle: str  # the bundle folder written
    log: str  # what Pagefind printed (kept for a failure message)


def pagefind_binary() -> str:
    """The extended Pagefind binary from the ``pagefind[extended]`` package (``PAGEFIND_BINARY_PATH`` wins)."""
    try:
        from pagefind.service import get_executable
    except ImportError as exc:
        raise SearchUnavailable("Pagefind is not installed: run `make setup` (pip install 'pagefind[extended]')") from exc
    binary = get_executable()
    if binary is None or not os.path.isfile(binary):
        raise SearchUnavailable("the Pagefind binary is missing: run `make setup` (pip install 'pagefind[extended]')")
    if "extended" not in os.path.basename(str(binary)):
        raise SearchUnavailable(f"{binary} is not Pagefind's extended build, which Chinese search needs: "
                                "pip install 'pagefind[extended]'")
    return str(binary)


def write_bundle(pages: list[tuple[str, str]], language: str, language_root: str) -> IndexResult:
    """Index ``pages`` ((URL path inside the language root, HTML)) into ``language_root/pagefind``."""
    return start_bundle(pages, language, language_root).finish()


class PendingBundle:
    """A Pagefind run started by ``start_bundle``: the build goes on (the next language's pages) while it
    indexes; ``finish`` waits for it, checks it and tidies the bundle."""

    def __init__(self, language: str, bundle: str, pages: int, scratch: tempfile.TemporaryDirectory | None = None,
                 proc: subprocess.Popen | None = None, output=None) -> None:
        self.language, self.bundle, self.pages = language, bundle, pages
        self._scratch, self._proc, self._output = scratch, proc, output

    def finish(self) -> IndexResult:
        if self._proc is None:
            return IndexResult(0, self.bundle, "")
        self._proc.wait()
        self._output.seek(0)
        log = self._output.read().decode("utf-8", "replace").strip()
        self._output.close()
        self._scratch.cleanup()
        if self._proc.returncode != 0:
            raise SearchUnavailable(f"Pagefind failed to index the {self.language} pages: {log[-1500:]}")
        for name in UNUSED_FILES:
            path = os.path.join(self.bundle, name)
            if os.path.exists(path):
                os.remove(path)
        return IndexResult(self.pages, self.bundle, log)

    def cancel(self) -> None:
        """Stop the run (the build failed on the way)."""
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.kill()
            self._proc.wait()
            self._output.close()
            self._scratch.cleanup()


def start_bundle(pages: list[tuple[str, str]], language: str, language_root: str) -> PendingBundle:
    """Start indexing ``pages`` ((URL path inside the language root, HTML)) into ``language_root/pagefind``."""
    bundle = os.path.join(language_root, BUNDLE)
    shutil.rmtree(bundle, ignore_errors=True)
    if not pages:
        return PendingBundle(language, bundle, 0)
    binary = pagefind_binary()
    scratch = _scratch(3 * sum(len(page_html) for _, page_html in pages))
    for url, page_html in pages:
        rel = url.strip("/")
        target = os.path.join(scratch.name, *[p for p in rel.split("/") if p], "index.html")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as fh:
            fh.write(page_html)
    command = [binary, "--site", scratch.name, "--output-path", os.path.abspath(bundle),
               "--force-language", language, "--exclude-selectors", ", ".join(EXCLUDE_SELECTORS)]
    output = tempfile.TemporaryFile()  # not a pipe: a run that prints much never waits for a reader
    proc = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    return PendingBundle(language, bundle, len(pages), scratch, proc, output)


SHARED_MEMORY = "/dev/shm"


def _scratch(size: int) -> tempfile.TemporaryDirectory:
    """The folder the pages are written to for Pagefind: in memory (Linux's /dev/shm) when it has room for
    them, else the system's temporary folder. A page a file, each in a folder of its own, written, read once
    and deleted: on a busy disk, deleting 1,050 of them took 0.1–1.1 s, in memory 0.03 s."""
    try:
        if os.access(SHARED_MEMORY, os.W_OK) and shutil.disk_usage(SHARED_MEMORY).free > 4 * size:
            return tempfile.TemporaryDirectory(prefix="qa-search-", dir=SHARED_MEMORY)
    except OSError:
        pass
    return tempfile.TemporaryDirectory(prefix="qa-search-")


def standalone_page(language: str, body: str) -> str:
    """A minimal HTML document around a page's marked content: Pagefind needs nothing else of the page."""
    return (f'<!doctype html>\n<html lang="{language}"><head><meta charset="utf-8"></head>'
            f"<body>{han_characters_apart(body, language)}</body></html>\n")
