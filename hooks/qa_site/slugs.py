"""Anchors and URL slugs.

Two different things live here:

* ``github_slug`` reproduces the anchors GitHub gives to headings, because documents of this family link to
  them (``#旋转位置编码的作用``) and readers arrive with such links.
* URL slugs (``architecture/decoder-only``) are short ASCII paths pinned in a committed map keyed by the
  source id, so that re-titling or re-ordering a question never changes its URL. A slug that is not pinned
  yet is generated from the title's Latin words, the English title, or the title's pinyin.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from .model import PREFIX_GENERATED, SLUG_GENERATED, Book, Diagnostic, Section, Severity
from .sections import folder_title

_KEEP_CATEGORIES = ("L", "N", "M")


def github_slug(text: str) -> str:
    """The anchor GitHub derives from a heading's text (before numbering repeats with -1, -2).

    Lower-case; letters, digits, marks, ``-`` and ``_`` kept (Chinese included); other punctuation and
    symbols dropped; each space becomes ``-``.
    """
    out = []
    for ch in text.strip().lower():
        if ch == " ":
            out.append("-")
        elif ch in "-_" or unicodedata.category(ch).startswith(_KEEP_CATEGORIES):
            out.append(ch)
    return "".join(out)


class GithubSlugger:
    """Numbers repeated slugs the way GitHub does: ``a``, ``a-1``, ``a-2``."""

    def __init__(self) -> None:
        self._seen: Counter[str] = Counter()

    def slug(self, text: str) -> str:
        base = github_slug(text)
        slug = base
        while slug in self._seen:
            slug = f"{base}-{self._seen[base]}"
            self._seen[base] += 1
        self._seen[slug] += 1
        return slug


_NUMBER_PREFIX = re.compile(r"^\s*(?:第?\s*\d+\s*[.、．:：)）]?\s*|[（(]\s*\d+\s*[)）]\s*|Q\d+[.:：]?\s*)")
_ASCII_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*")
_STOP_WORDS = {"a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "is", "are", "what", "how", "why",
               "do", "does", "did", "can", "could", "should", "would", "which", "when", "where", "who", "you", "your",
               "we", "our", "it", "its", "be", "with", "about", "please", "explain", "describe"}
MAX_SLUG_WORDS = 6


def strip_number(title: str) -> str:
    """A title without its leading question number (``9.非Transformer…`` → ``非Transformer…``)."""
    return _NUMBER_PREFIX.sub("", title, count=1)


def leading_number(title: str) -> int | None:
    m = re.match(r"^\s*(?:第\s*)?(\d+)", title)
    return int(m.group(1)) if m else None


# words that every question has and no URL needs ("请介绍一下…", "谈谈你对…的理解", "…是什么？")
_ZH_FILLER = re.compile("请?(?:详细)?(?:介绍|解释|说明|描述)(?:一下|下)?|请?简(?:述|要说明)|讲讲|说说|谈谈|聊聊|[你您]对"
                        "|是什么意思|什么是|是什么|为什么|有哪几种|有几种|有哪些|有什么|是多少|哪些|什么|如何|怎么样|怎么"
                        "|怎样|一下|吗|呢|的|了|(?:理解|认识|看法)(?=[\\s？?。！!]*$)")
# numbering before a title: chapters (一、, 第二章), question markers (Q1, 问题1：, 第3题), numbers (1., 1.2)
_ZH_ORDINAL = re.compile(r"^\s*(?:第\s*[一二三四五六七八九十百\d]+\s*[章节部分篇讲课题]|[一二三四五六七八九十百]+\s*[、.．])\s*")
_MARKER = re.compile(r"^\s*(?:Q\s*\d+|(?:面试)?问题\s*\d*|面试题\s*\d*|题目\s*\d*)\s*[:：.、]?\s*", re.I)
_NUMBERS = re.compile(r"^\s*\d{1,3}(?:\s*[.．]\s*\d{1,3})*(?!\d)\s*[.、．:：)）]?\s*")
MAX_PINYIN_WORDS = 8  # syllables and Latin words: short titles whole, long ones cut to a few words
MIN_LATIN_LETTERS = 3  # fewer ("根号 d", "Q1") do not name the question: its pinyin does, Latin words kept


def pinyin_slug(title: str, max_words: int = MAX_PINYIN_WORDS) -> str:
    """``什么是过拟合？`` → ``guo-ni-he``: the title in pinyin (pypinyin reads phrases: ``银行`` → ``yin-hang``),
    its Latin words kept in place, without question filler words and chapter numbers, cut to a few words."""
    from pypinyin import Style, lazy_pinyin  # imported on first use: a dictionary that takes a moment to load

    text = _ZH_FILLER.sub(" ", _NUMBERS.sub("", _MARKER.sub("", _ZH_ORDINAL.sub("", title))))
    words: list[str] = []
    for run in _HAN_RUN.split(text):
        if _HAN_RUN.fullmatch(run):  # a syllable per Han character: 安 "an", 残 "can" are words, not English
            words += [w for w in lazy_pinyin(run, style=Style.NORMAL) if re.fullmatch(r"[a-z]+", w)]
        else:  # Latin words and numbers as written, without English filler words
            words += [w for w in re.findall(r"[a-z0-9]+", run.lower()) if w not in _STOP_WORDS]
    return "-".join(words[:max_words])


_HAN_RUN = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)")


@functools.lru_cache(maxsize=65536)  # pure, and asked again for every title on every rebuild of `make serve`
def readable_slug(title: str, translated: str | None, fallback: str, max_words: int = MAX_PINYIN_WORDS) -> str:
    """The generated slug of a title: its Latin words (when they hold three letters or more); otherwise the
    Latin words of its English translation's title; without one, its pinyin; ``fallback`` only when none of
    these gives a word."""
    latin = ascii_slug(title, "")
    if sum(ch.isalpha() for ch in latin) >= MIN_LATIN_LETTERS:
        return latin
    return (ascii_slug(translated, "") if translated else "") or pinyin_slug(title, max_words) or latin or fallback


def ascii_slug(title: str, fallback: str) -> str:
    """A readable ASCII slug from the Latin words of a title, or ``fallback`` when it has none.

    ``为什么现在的大模型大多是decoder-only的架构？`` → ``decoder-only``.
    """
    words = [w.lower().replace(".", "-") for w in _ASCII_WORD.findall(strip_number(title))]
    words = [w for w in words if w not in _STOP_WORDS][:MAX_SLUG_WORDS]
    slug = "-".join(words)
    slug = re.sub(r"-{2,}", "-", slug).strip("-")
    return slug or fallback


VALID_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class SlugMap:
    """The committed map: topic key → topic slug, question key → ``topic-slug/question-slug``."""

    topics: dict[str, str]
    questions: dict[str, str]
    part: str | None = None  # the URL prefix of this document in a multi-document book

    @classmethod
    def empty(cls) -> "SlugMap":
        return cls({}, {})

    @classmethod
    def from_data(cls, data: dict | None) -> "SlugMap":
        data = data or {}
        part = data.get("part")
        return cls({str(k): str(v) for k, v in (data.get("topics") or {}).items()},
                   {str(k): str(v) for k, v in (data.get("questions") or {}).items()},
                   str(part) if part else None)


NAME_WORDS = 6  # a folder's or document's name: a few words, the URL stays short


def assign_part_prefixes(book: Book, pinned: dict[str, SlugMap], map_paths: dict[str, str],
                         sections: dict[str, str] | None = None, sections_map: str = "",
                         english: dict[str, str] | None = None) -> list[Diagnostic]:
    """In a book of several documents, each document's URLs start with its folders' and its own slug
    (``llm-basics/classic-models/mla/…``).

    A document's slug is pinned in its slug map (``part: mla``), a folder's in the book's ``sections``
    map (``sections.slugs.yml``: folder path → slug); both are generated otherwise, from the name's
    Latin words, its English title (``english``: a document's or README's path → its translation's
    title), or its pinyin, and the build says so. A single document has no prefix: ``/topic/question/``.
    """
    diags: list[Diagnostic] = []
    if len(book.parts) < 2 and book.root is None:
        return diags
    sections, english = sections or {}, english or {}
    used: set[str] = set()
    reserved: set[str] = set()  # a generated slug yields to every pinned one, also to one pinned later

    def claim(prefix: str, name: str, pinned_slug: str | None, where: str, fallback: str, what: str,
              pin_hint: str, translated: str | None) -> str:
        slug = pinned_slug
        if slug is not None and not VALID_SLUG.match(slug):
            diags.append(Diagnostic(where, 0, Severity.ERROR, f"pinned {what} slug '{slug}' is not lower-case "
                                    "ASCII words joined by '-'", f"fix it in {pin_hint}"))
            slug = None
        if slug is None:
            slug = base = readable_slug(name, translated, fallback, NAME_WORDS)
            n = 2
            while prefix + slug in used or prefix + slug in reserved:  # a generated slug yields instead of failing
                slug, n = f"{base}-{n}", n + 1
            diags.append(Diagnostic(where, 0, Severity.NOTICE,
                                    f"{what} has no pinned slug; its URLs start with '/{prefix}{slug}/'",
                                    f"run `make pin-slugs` to pin it in {pin_hint}", PREFIX_GENERATED))
        if prefix + slug in used:
            diags.append(Diagnostic(where, 0, Severity.ERROR, f"URL '/{prefix}{slug}/' is used twice in one folder",
                                    f"give one of them another slug in {pin_hint}"))
        used.add(prefix + slug)
        return prefix + slug + "/"

    def part_slug(part, prefix: str, index: int, name: str) -> None:
        part.url_prefix = claim(prefix, name, pinned.get(part.path, SlugMap.empty()).part, part.path,
                                f"part-{index}", "document", map_paths.get(part.path, "its slug map"),
                                english.get(part.file))

    def reserve(prefix: str, slugs) -> None:
        reserved.update(prefix + slug for slug in slugs if slug is not None and VALID_SLUG.match(slug))

    if book.root is None:
        reserve("", (pinned.get(p.path, SlugMap.empty()).part for p in book.parts))
        for index, part in enumerate(book.parts, start=1):
            part_slug(part, "", index, os.path.splitext(os.path.basename(part.path))[0])
        return diags

    def visit(section: Section) -> None:
        reserve(section.url_prefix, (sections.get(c.path) if isinstance(c, Section) else
                                     pinned.get(c.path, SlugMap.empty()).part for c in section.children))
        for index, child in enumerate(section.children, start=1):
            if isinstance(child, Section):
                where = child.readme.path if child.readme else child.path + "/"
                child.url_prefix = claim(section.url_prefix, child.title, sections.get(child.path), where,
                                         f"section-{index}", "folder", sections_map,
                                         english.get(child.readme.file) if child.readme else None)
                if child.readme is not None:
                    child.readme.url_prefix = child.url_prefix
                visit(child)
            else:
                folder = os.path.dirname(child.file)
                collapsed = os.path.normcase(folder) != os.path.normcase(section.folder)  # a folder of one document
                name = folder_title(os.path.basename(folder)) if collapsed else \
                    os.path.splitext(os.path.basename(child.file))[0]
                part_slug(child, section.url_prefix, index, name)

    visit(book.root)
    return diags


def assign_slugs(book: Book, pinned: dict[str, SlugMap], map_paths: dict[str, str],
                 translated: dict[str, dict[str, str]] | None = None) -> list[Diagnostic]:
    """Give every topic and question its URL slug, pinned where the map has one, generated otherwise.

    A generated slug is announced (so the maintainer pins it: ``make pin-slugs``); two pages with the same
    URL, or a pinned slug that is not a valid URL segment, fail the build. ``translated`` holds, per document,
    the English titles by source id (``readable_slug`` uses them for titles without Latin words).
    """
    diags: list[Diagnostic] = []
    used: dict[str, tuple[str, int]] = {}
    unpinned: list[tuple[str, int, str]] = []
    reserved = _pinned_paths(book, pinned)  # a generated slug yields to every pinned one, also to a later one

    def taken(path: str) -> bool:
        return path in used or path in reserved

    def claim(path: str, where: str, line: int, title: str) -> None:
        if path in used:
            other = used[path]
            diags.append(Diagnostic(where, line, Severity.ERROR,
                                    f"URL '/{path}/' of '{title}' is already used by {other[0]}:{other[1]}",
                                    "give one of them another slug in the slug map"))
        else:
            used[path] = (where, line)

    for part in book.parts:
        slugs = pinned.get(part.path, SlugMap.empty())
        prefix = part.url_prefix
        english = (translated or {}).get(part.path, {})
        for t_index, topic in enumerate(part.document.topics, start=1):
            line = topic.heading.first_line if topic.heading else 1
            slug = slugs.topics.get(topic.key)
            if slug is not None and not VALID_SLUG.match(slug):
                diags.append(Diagnostic(part.path, line, Severity.ERROR,
                                        f"pinned topic slug '{slug}' is not lower-case ASCII words joined by '-'",
                                        f"fix it in {map_paths.get(part.path, 'the slug map')}"))
                slug = None
            if slug is None:
                slug = base = readable_slug(topic.title, english.get(topic.key), f"topic-{topic.number or t_index}")
                n = 2
                while taken(f"{prefix}{slug}"):  # a generated slug yields instead of failing
                    slug, n = f"{base}-{n}", n + 1
                unpinned.append((part.path, line, topic.title))
            topic.slug = f"{prefix}{slug}"
            claim(topic.slug, part.path, line, topic.title)
            for q_index, question in enumerate(topic.questions, start=1):
                q_line = question.heading.first_line
                path = slugs.questions.get(question.key)
                if path is not None and not _valid_path(path):
                    diags.append(Diagnostic(part.path, q_line, Severity.ERROR,
                                            f"pinned slug '{path}' is not ASCII words joined by '-' and '/'",
                                            f"fix it in {map_paths.get(part.path, 'the slug map')}"))
                    path = None
                if path is None:
                    leaf = readable_slug(question.title, english.get(question.key), f"q{question.number or q_index}")
                    path = f"{slug}/{leaf}"
                    unpinned.append((part.path, q_line, question.title))
                    if taken(f"{prefix}{path}"):  # a generated slug yields instead of failing
                        n = 2
                        while taken(f"{prefix}{path}-{n}"):
                            n += 1
                        path = f"{path}-{n}"
                question.slug = f"{prefix}{path}"
                claim(question.slug, part.path, q_line, question.title)
    for path, line, title in unpinned:
        diags.append(Diagnostic(path, line, Severity.NOTICE,
                                f"'{title}' has no pinned slug; its URL is generated and may change",
                                f"run `make pin-slugs` to pin it in {map_paths.get(path, 'the slug map')}",
                                SLUG_GENERATED))
    return diags


def _valid_path(path: str | None) -> bool:
    return path is not None and all(VALID_SLUG.match(seg) for seg in path.split("/"))


def _pinned_paths(book: Book, pinned: dict[str, SlugMap]) -> set[str]:
    """The URL paths the slug maps pin for the topics and questions of the book (valid ones only)."""
    out: set[str] = set()
    for part in book.parts:
        slugs = pinned.get(part.path, SlugMap.empty())
        for topic in part.document.topics:
            found = [slugs.topics.get(topic.key)] + [slugs.questions.get(q.key) for q in topic.questions]
            out.update(part.url_prefix + path for path in found if _valid_path(path))
    return out
