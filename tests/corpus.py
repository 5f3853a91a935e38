"""Helpers for the corpus tests (family traits, bad input): parse or build a fixture, find its lines."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import FIXTURES, content_line_numbers
from qa_site.book import Settings, build_site
from qa_site.markdown_scan import split_lines
from qa_site.model import Severity
from qa_site.source import parse_document

FAMILY = FIXTURES / "family"
BAD = FIXTURES / "bad"


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def parse(path: Path, options=None):
    text = text_of(path)
    return parse_document(text, path.name, options) if options else parse_document(text, path.name)


def outline(doc) -> list[tuple[str, list[str]]]:
    return [(t.title, [q.title for q in t.questions]) for t in doc.topics]


def line_of(text: str, needle: str, nth: int = 1, whole: bool = False) -> int:
    """The 1-based number of the ``nth`` line containing ``needle`` (being it, with ``whole``)."""
    hits = [n for n, line in enumerate(split_lines(text), start=1) if (line == needle if whole else needle in line)]
    assert len(hits) >= nth, f"{needle!r} is not in the text {nth} time(s)"
    return hits[nth - 1]


def diag_list(diags, severity: Severity | None = None) -> list[tuple[str, int, str]]:
    return [(d.severity.value, d.line, d.message) for d in diags if severity is None or d.severity is severity]


def loud(diags) -> list:
    """Warnings and errors (what fails ``--strict``)."""
    return [d for d in diags if d.severity in (Severity.ERROR, Severity.WARNING)]


def assert_partition(doc, text: str) -> None:
    """Every line that is neither TOC nor front matter lands exactly once, in source order."""
    skipped = set(doc.toc_lines) | set(doc.front_matter_lines)
    total = len(split_lines(text))
    assert content_line_numbers(doc) == [n for n in range(1, total + 1) if n not in skipped]


def body_text(question) -> list[str]:
    return [line.text for line in question.body if line.text.strip()]


def build(tmp_path: Path, source: Path | str, name: str = "doc.md", extra: dict | None = None):
    """Build the site model (one Chinese edition) from a fixture file or folder copied into ``tmp_path``.

    ``source`` is a fixture path, or the text of a document. ``extra`` maps more file names to bytes/str.
    Returns (SiteBuild, {page path: markdown}, path of the source file).
    """
    folder = tmp_path / "src"
    if isinstance(source, Path) and source.is_dir():
        shutil.copytree(source, folder)
        doc = folder / name
    else:
        folder.mkdir(parents=True, exist_ok=True)
        doc = folder / name
        if isinstance(source, Path):
            shutil.copy(source, doc)
        else:
            doc.write_text(source, encoding="utf-8")
    for rel, content in (extra or {}).items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    site = build_site(Settings(source=str(doc), languages=["zh"], default_language="zh", project_root=str(tmp_path)))
    pages = {p.path: p.markdown for p in site.editions["zh"].pages}
    return site, pages, doc


def question_pages(site) -> dict[str, str]:
    return {p.path: p.markdown for p in site.editions["zh"].pages if p.kind == "question"}


def page_by_key(site, key: str) -> str:
    """The Markdown of the question page whose source id is ``key``."""
    from qa_site.pages import page_of

    pages = {p.path: p.markdown for p in site.editions["zh"].pages}
    question = next(q for q in site.books["zh"].questions() if q.key == key)
    return pages[page_of(question)]
