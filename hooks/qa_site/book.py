"""Loading the source documents of each language and turning them into editions of the site.

This is the one entry point the MkDocs adapter calls: ``build_site(settings)`` reads the sources once,
and returns every page, asset, navigation entry, formula and diagnostic for all languages.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import yaml

from .math_delimiters import FormulaTable
from .model import Book, Diagnostic, Part, Severity
from .pages import Edition, PageBuilder
from .slugs import SlugMap, assign_slugs
from .source import parse_document
from .translations import PairStatus, load_sync, pair, sync_path


@dataclass
class Settings:
    source: str  # the Chinese (default language) source document
    languages: list[str] = field(default_factory=lambda: ["zh"])
    default_language: str = "zh"
    site_titles: dict[str, str] = field(default_factory=dict)
    slug_map: str | None = None  # default: "<source stem>.slugs.yml" beside the source
    project_root: str = "."  # paths in messages are shown relative to it


@dataclass
class SiteBuild:
    editions: dict[str, Edition]
    formulas: FormulaTable
    diagnostics: list[Diagnostic]
    books: dict[str, Book]
    slug_map_path: str

    def summary(self) -> dict[str, int]:
        book = self.books[next(iter(self.books))]
        editions = list(self.editions.values())
        return {
            "documents": len(book.parts),
            "topics": len(book.topics()),
            "questions": len(book.questions()),
            "formulas": len(self.formulas.items),
            "links repaired": sum(1 for d in self.diagnostics if "repaired by the" in d.message),
            "links unresolved": sum(e.unresolved_links for e in editions),
            "images missing": sum(1 for d in self.diagnostics if d.message.startswith("image '")),
        }


class SourceError(Exception):
    """A source that cannot be read at all (missing file, bytes that are not UTF-8)."""


def read_text(path: str, display: str) -> str:
    """Read a source as UTF-8; bytes that are not UTF-8 stop with the byte offset and what to do."""
    try:
        data = open(path, "rb").read()
    except OSError as exc:
        raise SourceError(f"{display}: cannot read the source document ({exc.strerror})") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(f"{display}:{line}: byte {exc.start} (0x{data[exc.start]:02x}) is not UTF-8 — "
                          "save the document as UTF-8") from exc


def translation_path(source: str, language: str) -> str:
    stem, ext = os.path.splitext(source)
    return f"{stem}.{language}{ext}"


def default_slug_map(source: str) -> str:
    return os.path.splitext(source)[0] + ".slugs.yml"


def load_slug_map(path: str) -> SlugMap:
    if not os.path.isfile(path):
        return SlugMap.empty()
    with open(path, encoding="utf-8") as fh:
        return SlugMap.from_data(yaml.safe_load(fh))


def _display(path: str, root: str) -> str:
    rel = os.path.relpath(path, root)
    return path if rel.startswith("..") else rel.replace(os.sep, "/")


def load_book(source: str, root: str, diags: list[Diagnostic]) -> Book:
    display = _display(source, root)
    doc, parse_diags = parse_document(read_text(source, display), display)
    diags.extend(parse_diags)
    part = Part(display, doc, os.path.abspath(source))
    for topic in doc.topics:
        topic.part = part
        for question in topic.questions:
            question.part = part
    return Book([part])


def build_site(settings: Settings) -> SiteBuild:
    diags: list[Diagnostic] = []
    root = os.path.abspath(settings.project_root)
    source = os.path.abspath(settings.source)
    map_path = os.path.abspath(settings.slug_map or default_slug_map(source))
    formulas = FormulaTable()
    default = settings.default_language
    source_book = load_book(source, root, diags)
    part = source_book.parts[0]
    diags.extend(assign_slugs(source_book, {part.path: load_slug_map(map_path)},
                              {part.path: _display(map_path, root)}))
    books: dict[str, Book] = {default: source_book}
    statuses: dict[str, list[PairStatus]] = {}
    for language in settings.languages:
        if language == default:
            continue
        path = translation_path(source, language)
        translation = load_book(path, root, diags) if os.path.isfile(path) else None
        if translation is None:
            diags.append(Diagnostic(_display(path, root), 0, Severity.WARNING,
                                    f"no {language} translation of {part.path}: every {language} page shows the "
                                    "source text with a notice",
                                    f"add {_display(path, root)} with the same heading ids"))
        book, statuses[language], pair_diags = pair(source_book, translation, language,
                                                    load_sync(sync_path(path)))
        books[language] = book
        diags.extend(pair_diags)
    editions: dict[str, Edition] = {}
    for language in settings.languages:
        builder = PageBuilder(books[language], language, default,
                              settings.site_titles.get(language, part.document.title or "Q&A"),
                              os.path.dirname(source), formulas, statuses=statuses,
                              languages=list(settings.languages))
        editions[language] = builder.build()
        diags.extend(builder.diagnostics)
    return SiteBuild(editions, formulas, diags, books, map_path)


def generated_slug_map(build: SiteBuild, language: str) -> dict:
    """The slug map as it stands after this build (pinned + generated), to write with ``make pin-slugs``."""
    book = build.books[language]
    return {
        "topics": {t.key: t.slug for t in book.topics()},
        "questions": {q.key: q.slug for q in book.questions()},
    }


def failing(diags: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diags if d.severity in (Severity.ERROR, Severity.WARNING)]
