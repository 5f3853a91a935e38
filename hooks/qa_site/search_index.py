"""Writing one language's search bundle with Pagefind (extended build, installed from PyPI).

The pages to index are handed over in memory as (URL path, HTML) pairs, written to a scratch folder, and
indexed by ONE run of the Pagefind binary with the language forced: each language gets its own bundle under
its own root (``/pagefind/``, ``/en/pagefind/``), so a reader's results can only come from the language they
read. Pagefind's own UI files are removed afterwards: the site has its own search dialog.
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
    bundle = os.path.join(language_root, BUNDLE)
    shutil.rmtree(bundle, ignore_errors=True)
    if not pages:
        return IndexResult(0, bundle, "")
    binary = pagefind_binary()
    with tempfile.TemporaryDirectory(prefix="qa-search-") as scratch:
        for url, page_html in pages:
            rel = url.strip("/")
            target = os.path.join(scratch, *[p for p in rel.split("/") if p], "index.html")
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as fh:
                fh.write(page_html)
        command = [binary, "--site", scratch, "--output-path", os.path.abspath(bundle),
                   "--force-language", language, "--exclude-selectors", ", ".join(EXCLUDE_SELECTORS)]
        proc = subprocess.run(command, capture_output=True, text=True, check=False)
    log = (proc.stdout + proc.stderr).strip()
    if proc.returncode != 0:
        raise SearchUnavailable(f"Pagefind failed to index the {language} pages: {log[-1500:]}")
    for name in UNUSED_FILES:
        path = os.path.join(bundle, name)
        if os.path.exists(path):
            os.remove(path)
    return IndexResult(len(pages), bundle, log)


def standalone_page(language: str, body: str) -> str:
    """A minimal HTML document around a page's marked content: Pagefind needs nothing else of the page."""
    return (f'<!doctype html>\n<html lang="{language}"><head><meta charset="utf-8"></head>'
            f"<body>{han_characters_apart(body, language)}</body></html>\n")
