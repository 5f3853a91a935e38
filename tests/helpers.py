"""Helpers shared by the spec tests: fixture paths, and plain pictures of parsed documents."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FIXTURES = ROOT / "tests" / "fixtures"
SEED = ROOT / "docs" / "models-and-architectures.md"
SEED_SLUGS = ROOT / "docs" / "models-and-architectures.slugs.yml"


def read_fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def content_line_numbers(doc) -> list[int]:
    """Every line number the parser kept as content, in the order it kept them.

    preamble, then for each topic: its heading lines, its intro, then for each question its heading lines
    and its body. This is the order the pages show the text in.
    """
    numbers = [line.number for line in doc.preamble]
    for topic in doc.topics:
        if topic.heading is not None:
            numbers += list(topic.heading.lines)
        numbers += [line.number for line in topic.intro]
        for question in topic.questions:
            numbers += list(question.heading.lines)
            numbers += [line.number for line in question.body]
    return numbers


def snapshot(doc) -> tuple:
    """A plain, comparable picture of a parsed document (the dataclasses refer to each other in a cycle)."""

    def heading(h):
        return None if h is None else (h.level, h.title, h.explicit_id, h.form, h.first_line, h.last_line,
                                       h.github_slug)

    return (
        doc.path, doc.title, tuple(doc.toc_lines),
        tuple((l.number, l.text) for l in doc.preamble),
        tuple(
            (heading(t.heading), t.title, t.number, tuple((l.number, l.text) for l in t.intro),
             tuple(heading(s) for s in t.sub_headings),
             tuple((heading(q.heading), q.number, tuple((l.number, l.text) for l in q.body),
                    tuple(heading(s) for s in q.sub_headings)) for q in t.questions))
            for t in doc.topics
        ),
        tuple(heading(h) for h in doc.headings),
        tuple(doc.toc_entries),
        tuple(sorted((line, heading(h)) for line, h in doc.toc_targets.items())),
    )


def parse_fixture(name: str):
    """Parse a fixture document; returns (document, diagnostics)."""
    from qa_site.source import parse_document

    return parse_document(read_fixture(name), name)


def book_of(text: str, path: str = "doc.md", pinned: dict | None = None, file: str = ""):
    """Parse one document into a one-part book and give it slugs (pinned from ``pinned`` map data).

    Returns (book, parse diagnostics + slug diagnostics).
    """
    from qa_site.model import Book, Part
    from qa_site.slugs import SlugMap, assign_slugs
    from qa_site.source import parse_document

    doc, diags = parse_document(text, path)
    book = Book([Part(path, doc, file)])
    diags = diags + assign_slugs(book, {path: SlugMap.from_data(pinned)}, {path: path.rsplit(".", 1)[0] + ".slugs.yml"})
    return book, diags


def questions_by_id(doc) -> dict:
    return {q.key: q for q in doc.questions()}
