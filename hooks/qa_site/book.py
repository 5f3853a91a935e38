"""Loading the source documents of each language and turning them into editions of the site.

This is the one entry point the MkDocs adapter calls: ``build_site(settings)`` reads the sources once,
and returns every page, asset, navigation entry, formula and diagnostic for all languages.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field

from . import book_pages
from .errata import ErrataIndex
from .math_delimiters import FormulaTable
from .messages import Condensed, condense
from .model import (EMPTY_TOPIC, IMAGE_MISSING, IMAGE_REFUSED, LINK_REPAIRED, LINK_UNRESOLVED, TOC_UNRESOLVED,
                    TRANSLATION_MISSING, Book, Diagnostic, Document, Part, Severity, SourceLine)
from .pages import Edition, PageBuilder, page_of
from .practice import Practice, add_practice
from .remote_images import RemoteImages, remote_urls
from .search import SearchPage, keywords_path, load_glossary, load_keywords, plan
from .sections import build_sections, document_order, read_folders, translated_sections
from .slugs import SlugMap, assign_part_prefixes, assign_slugs
from .source import ParseOptions, parse_document
from .texts import texts_for
from .side_files import read_mapping, utf8_problem
from .translations import PairStatus, load_sync, pair, sync_path


@dataclass
class Settings:
    source: str  # the default language's source: one document, or a folder of documents (a book)
    languages: list[str] = field(default_factory=lambda: ["zh"])
    default_language: str = "zh"
    site_titles: dict[str, str] = field(default_factory=dict)
    slug_map: str | None = None  # default: "<document stem>.slugs.yml" beside each document
    project_root: str = "."  # paths in messages are shown relative to it
    parse_options: ParseOptions | None = None  # the author's override of topic/question levels
    glossary: str | None = None  # default: glossary.yml in the source's folder
    require_translations: bool = False  # a question without a translation is a warning, not a note
    remote_images: str = "link"  # link | download | load (remote_images.py)
    parse_cache: dict | None = None  # under `mkdocs serve`: documents parsed by earlier builds (load_part)


@dataclass
class SiteBuild:
    editions: dict[str, Edition]
    formulas: FormulaTable
    diagnostics: list[Diagnostic]
    books: dict[str, Book]
    slug_maps: dict[str, str]  # document (as shown in messages) → its slug map file
    search: dict[str, dict[str, SearchPage]] = field(default_factory=dict)  # language → page file → index entry
    practice: dict[str, Practice] = field(default_factory=dict)  # language → its practice page and index
    messages: Condensed | None = None  # the messages condensed, with what each summary line stands for

    def summary(self) -> dict[str, int]:
        """The counts of the build's last line; problems are counted by their diagnostics' codes."""
        book = self.books[next(iter(self.books))]
        codes = Counter(d.code for d in self.diagnostics)
        return {
            "documents": len(book.parts),
            "topics": len(book.topics()),
            "questions": len(book.questions()),
            "formulas": len(self.formulas.items),
            "links repaired": codes[LINK_REPAIRED],
            "links unresolved": codes[LINK_UNRESOLVED] + codes[TOC_UNRESOLVED],
            "images missing": codes[IMAGE_MISSING],
            "images refused": codes[IMAGE_REFUSED],
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
        line, problem = utf8_problem(data, exc)
        raise SourceError(f"{display}:{line}: {problem} — save the document as UTF-8") from exc


def _read_if_present(path: str, root: str) -> str | None:
    """An optional file beside a source (its errata): None when absent; read like a source otherwise."""
    return read_text(path, _display(path, root)) if os.path.isfile(path) else None


def translation_path(source: str, language: str) -> str:
    stem, ext = os.path.splitext(source)
    return f"{stem}.{language}{ext}"


def default_slug_map(source: str) -> str:
    return os.path.splitext(source)[0] + ".slugs.yml"


def load_slug_map(path: str, display: str, diags: list[Diagnostic]) -> SlugMap:
    """The pinned slugs. A map that cannot be read is an error, so the build stops: publishing would give
    its questions new URLs and break every link to them."""
    if not os.path.isfile(path):
        return SlugMap.empty()
    data = read_mapping(path, display, Severity.ERROR, "fix the file; published URLs come from it", diags,
                        sections=("topics", "questions"))
    return SlugMap.from_data(data) if data is not None else SlugMap.empty()


def _display(path: str, root: str) -> str:
    rel = os.path.relpath(path, root)
    return path if rel.startswith("..") else rel.replace(os.sep, "/")


def discover(source: str, languages: list[str]) -> list[str]:
    """The documents of a source: the file itself, or every Markdown file of a folder (a book).

    A book's parts are in reading order: each folder's documents and sub-folders in the order its README
    links them, the others in natural order of their names (``sections.py``). Translations (``x.en.md``,
    any ``.<language>.md``) and README/SUMMARY files are not parts.
    """
    if not os.path.isdir(source):
        return [source]
    return document_order(read_folders(source))


def languages_to_build(source: str, languages: list[str], default: str, fallback_pages: bool = False) -> list[str]:
    """The default language, and each other language that some document or folder README of the book has
    a translation in (``x.en.md`` beside ``x.md``): a book without translations is built in its source
    language only, not as thousands of pages that say "not translated yet" (``fallback_pages`` asks for
    them). Within a language that is built, an untranslated document still gets pages in the source text."""
    if fallback_pages:
        return list(languages)
    files = discover(os.path.abspath(source), languages) if os.path.exists(source) else []
    if os.path.isdir(source):
        files += [readme for node in _folders(read_folders(source)) if (readme := node.readme)]
    return [lang for lang in languages
            if lang == default or any(os.path.isfile(translation_path(f, lang)) for f in files)]


def _folders(node) -> list:
    return [node] + [f for child in node.folders for f in _folders(child)]


def load_part(path: str, root: str, diags: list[Diagnostic], options: ParseOptions | None = None,
              cache: dict | None = None) -> Part:
    """One document read and parsed. ``cache`` (text → parse) spares parsing a document whose text has not
    changed since an earlier build of the same process (``mkdocs serve``): the parse depends on nothing else."""
    display = _display(path, root)
    text = read_text(path, display)
    key = (display, text, repr(options))
    if cache is not None and key in cache:
        doc, parse_diags = cache[key]
    else:
        doc, parse_diags = parse_document(text, display, options)
        if cache is not None:
            for stale in [k for k in cache if k[0] == display]:
                del cache[stale]
            cache[key] = (doc, parse_diags)
    diags.extend(parse_diags)
    part = Part(display, doc, os.path.abspath(path), title=doc.title or _preamble_title(doc)
                or os.path.splitext(os.path.basename(path))[0])
    for topic in doc.topics:
        topic.part = part
        for question in topic.questions:
            question.part = part
    return part


SECTIONS_MAP = "sections.slugs.yml"  # at a book's root: each folder's pinned URL segment


def load_sections_map(path: str, display: str = "", diags: list[Diagnostic] | None = None) -> dict[str, str]:
    """The folders' pinned URL segments. A map that cannot be read is an error, as a slug map is."""
    if not path or not os.path.isfile(path):
        return {}
    data = read_mapping(path, display or path, Severity.ERROR, "fix the file; published URLs come from it",
                        diags if diags is not None else [], sections=("sections",))
    return {str(k).strip("/"): str(v) for k, v in ((data or {}).get("sections") or {}).items()}


def load_readme(path: str, root: str) -> Part:
    """A folder's README as a part without topics: its text is the section page's introduction."""
    display = _display(path, root)
    text = read_text(path, display)
    lines = [SourceLine(i, line) for i, line in enumerate(text.splitlines(), start=1)]
    title = next((line.text[2:].strip() for line in lines if line.text.startswith("# ")), "")
    return Part(display, Document(display, title, [], lines, [], []), os.path.abspath(path), title=title)


def _translated_readme(readme: Part, language: str, root: str) -> Part | None:
    path = translation_path(readme.file, language)
    return load_readme(path, root) if os.path.isfile(path) else None


def _english_names(book: Book, english: list[Part | None]) -> dict[str, str]:
    """English titles of documents and folder READMEs (by source file): they name the generated URLs."""
    out = {part.file: t.title for part, t in zip(book.parts, english) if t is not None and t.title}
    for readme in book.readmes():
        path = translation_path(readme.file, ENGLISH)
        if os.path.isfile(path):
            with open(path, encoding="utf-8", errors="replace") as fh:
                title = next((line[2:].strip() for line in fh if line.startswith("# ")), "")
            if title:
                out[readme.file] = title
    return out


def _preamble_title(doc) -> str:
    """A document's own title: the first level-1 heading above its first topic (``# 基础篇``)."""
    preamble = {line.number for line in doc.preamble}
    for heading in doc.headings:
        if heading.level == 1 and heading.first_line in preamble:
            return heading.title
    return ""


def build_site(settings: Settings) -> SiteBuild:
    diags: list[Diagnostic] = []
    root = os.path.abspath(settings.project_root)
    source = os.path.abspath(settings.source)
    default = settings.default_language
    files = discover(source, settings.languages)
    if not files:
        raise SourceError(f"{_display(source, root)}: no Markdown documents found")
    options = settings.parse_options
    if settings.parse_cache is not None:  # only this build's documents stay in it
        kept = {(_display(f, root)) for f in files}
        for key in [k for k in settings.parse_cache if k[0] not in kept]:
            del settings.parse_cache[key]
    source_book = Book([load_part(f, root, diags, options, settings.parse_cache) for f in files])
    if os.path.isdir(source):
        by_file = {part.file: part for part in source_book.parts}
        source_book.root = build_sections(read_folders(source), by_file, lambda path: load_readme(path, root))
    pinned: dict[str, SlugMap] = {}
    map_paths: dict[str, str] = {}
    for part in source_book.parts:
        map_file = (os.path.abspath(settings.slug_map) if settings.slug_map and len(files) == 1
                    else default_slug_map(part.file))
        map_paths[part.path] = _display(map_file, root)
        pinned[part.path] = load_slug_map(map_file, map_paths[part.path], diags)
    translation_diags: list[Diagnostic] = []
    translations = {language: [_load_translation(part, language, root, options, translation_diags)
                               for part in source_book.parts]
                    for language in settings.languages if language != default}
    english = translations.get(ENGLISH) if default != ENGLISH else []
    if english is None:  # English is not built (or not now: `make pin-slugs`), yet its titles name the URLs
        english = [_load_translation(part, ENGLISH, root, options, [], quiet=True) for part in source_book.parts]
    titles = {part.path: _titles(translation) for part, translation in zip(source_book.parts, english)
              if translation is not None}
    sections_file = os.path.join(source, SECTIONS_MAP) if os.path.isdir(source) else ""
    sections_shown = _display(sections_file, root) if sections_file else ""
    diags.extend(assign_part_prefixes(source_book, pinned, map_paths,
                                      load_sections_map(sections_file, sections_shown, diags), sections_shown,
                                      _english_names(source_book, english)))
    diags.extend(assign_slugs(source_book, pinned, map_paths, titles))
    errata = ErrataIndex.load(source_book, lambda path: _read_if_present(path, root), lambda path: _display(path, root))
    diags.extend(errata.diagnostics)
    diags.extend(_awaiting_translation(source_book, translations, translation_diags))
    missing = Severity.WARNING if settings.require_translations else Severity.NOTICE
    books: dict[str, Book] = {default: source_book}
    statuses: dict[str, list[PairStatus]] = {}
    for language, loaded in translations.items():
        parts, statuses[language] = [], []
        for part, translation in zip(source_book.parts, loaded):
            path = translation_path(part.file, language)
            if translation is None:
                diags.append(Diagnostic(_display(path, root), 0, missing,
                                        f"no {language} translation of {part.path}: its {language} pages show the "
                                        "source text with a notice",
                                        f"add {_display(path, root)} with the same heading ids",
                                        TRANSLATION_MISSING))
            sync = load_sync(sync_path(path), _display(sync_path(path), root), diags)
            paired, part_statuses, pair_diags = pair(part, translation, language, sync, missing)
            parts.append(paired)
            statuses[language] += part_statuses
            diags.extend(pair_diags)
        books[language] = Book(parts)
        if source_book.root is not None:
            books[language].root = translated_sections(
                source_book.root, {id(s): p for s, p in zip(source_book.parts, parts)},
                lambda readme, lang=language: _translated_readme(readme, lang, root))
    source_root = source if os.path.isdir(source) else os.path.dirname(source)
    remote = RemoteImages(os.path.join(root, ".cache", "remote-images"), settings.remote_images)
    if remote.mode == "download":  # all of them at once, a few at a time, before the pages need them
        remote.prefetch([url for part in source_book.parts + source_book.readmes() + [t for t in english if t]
                         for url in remote_urls("\n".join(line.text for line in _all_lines(part)))])
    formulas = FormulaTable()
    editions: dict[str, Edition] = {}
    practice: dict[str, Practice] = {}
    for language in settings.languages:
        builder = PageBuilder(books[language], language, default,
                              settings.site_titles.get(language, source_book.parts[0].document.title or "Q&A"),
                              source_root, formulas, statuses=statuses, languages=list(settings.languages),
                              errata=errata, remote_images=remote)
        editions[language] = builder.build()
        drill = add_practice(editions[language], books[language], page_of)
        if drill:
            practice[language] = drill
        diags.extend(builder.diagnostics)
    abs_maps = {path: os.path.join(root, shown) if not os.path.isabs(shown) else shown
                for path, shown in map_paths.items()}
    search = _search_plan(settings, books, source_book, source_root, root, diags)
    # a page that falls back to the source text renders it once per language: a problem in that text is
    # found once per language, but it is one problem, reported and counted once
    condensed = condense(list(dict.fromkeys(diags)), source_book)
    if condensed.details:
        editions[default].pages += book_pages.status_pages(condensed, texts_for(default))
    return SiteBuild(editions, formulas, condensed.diagnostics, books, abs_maps, search, practice, condensed)


def _search_plan(settings: Settings, books: dict[str, Book], source_book: Book, source_root: str, root: str,
                 diags: list[Diagnostic]) -> dict[str, dict[str, SearchPage]]:
    """What each language's search index holds: answers, plus glossary terms and the maintainer's keywords."""
    glossary_file = os.path.abspath(settings.glossary or os.path.join(source_root, "glossary.yml"))
    glossary, glossary_diags = load_glossary(glossary_file, _display(glossary_file, root))
    diags.extend(glossary_diags)
    keywords: dict[str, list[str]] = {}
    for part in source_book.parts:
        path = keywords_path(part.file)
        found, keyword_diags = load_keywords(path, _display(path, root), part)
        diags.extend(keyword_diags)
        for key, words in found.items():
            keywords.setdefault(key, []).extend(words)
    return plan(books, glossary, keywords, page_of)


ENGLISH = "en"  # the language whose titles give readable URLs to titles without Latin words


def _load_translation(part: Part, language: str, root: str, options: ParseOptions | None,
                      diags: list[Diagnostic], quiet: bool = False) -> Part | None:
    """The translation of ``part`` beside it, or None. ``quiet``: read for its titles only (not built), so
    its problems are not the build's."""
    path = translation_path(part.file, language)
    if not os.path.isfile(path):
        return None
    try:
        return load_part(path, root, diags, options)
    except SourceError:
        if not quiet:
            raise
        return None


def _awaiting_translation(source: Book, translations: dict[str, list[Part | None]],
                          diags: list[Diagnostic]) -> list[Diagnostic]:
    """A translation's messages, less "topic has no questions" for a topic whose questions are only not
    translated yet: its page shows them in the source language, as every untranslated question."""
    with_questions = {t.key for t in source.topics() if t.questions}
    filled = {(part.path, t.heading.first_line) for parts in translations.values() for part in parts if part
              for t in part.document.topics if t.heading and not t.questions and t.key in with_questions}
    return [d for d in diags if not (d.code == EMPTY_TOPIC and (d.path, d.line) in filled)]


def _all_lines(part: Part) -> list[SourceLine]:
    doc = part.document
    return doc.preamble + [line for t in doc.topics for line in t.intro + [l for q in t.questions for l in q.body]]


def _titles(part: Part) -> dict[str, str]:
    """A translation's titles by source id (topics and questions), for generated URLs."""
    doc = part.document
    return {**{t.key: t.title for t in doc.topics if t.heading}, **{q.key: q.title for q in doc.questions()}}


def generated_slug_maps(build: SiteBuild, language: str) -> dict[str, dict]:
    """Per slug-map file, the map as it stands after this build (pinned + generated): ``make pin-slugs``."""
    out = {}
    for part in build.books[language].parts:
        data: dict = {}
        if part.url_prefix:
            data["part"] = part.url_prefix.rstrip("/").rsplit("/", 1)[-1]  # its own segment, below its folders
        data["topics"] = {t.key: t.slug[len(part.url_prefix):] for t in part.document.topics}
        data["questions"] = {q.key: q.slug[len(part.url_prefix):] for q in part.document.questions()}
        out[build.slug_maps[part.path]] = data
    return out


def generated_sections_map(build: SiteBuild, language: str) -> dict[str, str]:
    """Each folder's URL segment as it stands after this build (pinned + generated): ``make pin-slugs``."""
    root = build.books[language].root
    return {s.path: s.url_prefix.rstrip("/").rsplit("/", 1)[-1] for s in root.sections()[1:]} if root else {}
