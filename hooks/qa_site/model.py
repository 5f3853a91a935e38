"""The data model shared by every stage: diagnostics, source lines, headings, topics, questions, books."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    """How loud a diagnostic is. ERROR and WARNING fail ``mkdocs build --strict``; NOTICE never does."""

    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"


LINK_REPAIRED, LINK_UNRESOLVED = "link-repaired", "link-unresolved"
IMAGE_MISSING, IMAGE_REFUSED = "image-missing", "image-refused"
EMPTY_TOPIC = "empty-topic"
SLUG_GENERATED = "slug-generated"
PREFIX_GENERATED = "prefix-generated"  # a folder's or document's URL segment, generated
TOC_UNRESOLVED = "toc-unresolved"  # a TOC link that names no heading (in an outline: a question not written yet)
EMPTY_DOCUMENT = "empty-document"
NO_QUESTIONS = "no-questions"  # a document with text but no topic or question
TRANSLATION_MISSING = "translation-missing"
IMAGE_DOWNLOAD_FAILED = "image-download-failed"
IMAGE_REMOTE = "image-remote"  # a remote image shown as a link (extra.qa.remote_images: link)


@dataclass(frozen=True)
class Diagnostic:
    """A problem (or a repair) found in a source document, always tied to a file and line."""

    path: str
    line: int
    severity: Severity
    message: str
    hint: str = ""
    code: str = ""  # for the build summary: LINK_REPAIRED, IMAGE_MISSING, … or "" for everything else

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


@dataclass(frozen=True)
class SourceLine:
    """One line of a source document and its 1-based line number there."""

    number: int
    text: str


@dataclass
class Heading:
    """A heading as written in the source, in any of the family's three forms.

    ``form`` is ``"html"`` (``<h3 id=…>``), ``"anchor"`` (``<a id=…></a>`` then ``###``) or ``"plain"``
    (``### Title``, addressed by its GitHub-style slug).
    """

    level: int
    title: str
    explicit_id: str | None
    form: str
    first_line: int  # 1-based, the first line of the heading (the <a id> line for the anchor form)
    last_line: int
    github_slug: str = ""  # filled in once all headings are known (GitHub numbers repeats)
    page_id: str | None = None  # the id on the page when it differs (a translation takes its source's ids)
    unique_key: str = ""  # set by the parser only when the id repeats an earlier heading's (then "id-1", …)
    bold: bool = False  # the title is bold and nothing else (``**1.1 …？**``): a sign of a question

    @property
    def lines(self) -> range:
        return range(self.first_line, self.last_line + 1)


@dataclass
class Question:
    heading: Heading
    body: list[SourceLine]
    number: int | None
    slug: str = ""  # "topic-slug/question-slug", the page's URL path
    topic: "Topic | None" = field(default=None, repr=False, compare=False)
    sub_headings: list[Heading] = field(default_factory=list)
    part: "Part | None" = field(default=None, repr=False, compare=False)  # the document the body comes from
    fallback: bool = False  # a translation is missing: the body is the default language's

    @property
    def title(self) -> str:
        return self.heading.title

    @property
    def key(self) -> str:
        """The stable key of the question: its source id (what the pinned slug map is keyed by).

        A repeated id gets GitHub's ``-1``, ``-2`` suffix (``Heading.unique_key``), so keys never collide.
        """
        return self.heading.unique_key or self.heading.explicit_id or self.heading.github_slug


@dataclass
class Topic:
    heading: Heading | None  # None for an implicit topic (questions before any topic heading)
    title: str
    intro: list[SourceLine]
    questions: list[Question] = field(default_factory=list)
    number: int | None = None
    slug: str = ""
    sub_headings: list[Heading] = field(default_factory=list)
    part: "Part | None" = field(default=None, repr=False, compare=False)  # the document the intro comes from
    fallback: bool = False

    @property
    def key(self) -> str:
        if self.heading is None:
            return "#implicit"
        return self.heading.unique_key or self.heading.explicit_id or self.heading.github_slug


@dataclass
class Document:
    """One parsed source file: its hand-written TOC (navigation only) and its content."""

    path: str
    title: str
    toc_lines: list[int]
    preamble: list[SourceLine]
    topics: list[Topic]
    headings: list[Heading]
    toc_entries: list["TocEntry"] = field(default_factory=list)
    toc_targets: dict[int, Heading] = field(default_factory=dict)  # TOC entry line → the heading it names
    front_matter_lines: list[int] = field(default_factory=list)  # the YAML block at the top: metadata only
    front_matter: dict = field(default_factory=dict)  # its data (``qa:`` levels, ``title:``)

    def questions(self) -> list[Question]:
        return [q for t in self.topics for q in t.questions]


@dataclass(frozen=True)
class TocEntry:
    """One link of a hand-written TOC: its text, its target anchor, its nesting depth and line."""

    text: str
    anchor: str
    depth: int
    line: int


@dataclass
class Part:
    """One source document inside a book, with where its pages live."""

    path: str  # the source file, as shown in messages
    document: Document
    file: str = ""  # the source file's absolute path (images are resolved beside it)
    url_prefix: str = ""  # "" for a single document; "part-slug/" for the parts of a multi-document book
    title: str = ""  # the part's title in a multi-document book (its document title or file name)
    section: "Section | None" = field(default=None, repr=False, compare=False)  # the folder it sits in


@dataclass
class Section:
    """A folder of a book: a navigation section introduced by its README, its children in the author's order.

    ``children`` holds sub-sections and documents (``Part``); ``readme`` is the README read as a part
    without topics (its text is the section page's introduction), or None.
    """

    path: str  # the folder relative to the book's root ("" for the root), with "/"
    folder: str  # the folder's absolute path
    title: str
    children: list = field(default_factory=list)
    readme: Part | None = None
    parent: "Section | None" = field(default=None, repr=False, compare=False)
    url_prefix: str = ""  # "" for the root; "llm-basics/classic-models/" below it
    fallback: bool = False  # in a translated edition: the README is the source language's

    def parts(self) -> list[Part]:
        """The documents inside, at any depth, in reading order."""
        out: list[Part] = []
        for child in self.children:
            out += child.parts() if isinstance(child, Section) else [child]
        return out

    def sections(self) -> list["Section"]:
        """This section and every section below it, parents first."""
        out = [self]
        for child in self.children:
            if isinstance(child, Section):
                out += child.sections()
        return out


@dataclass
class Book:
    """Everything the site is made of, in reading order."""

    parts: list[Part]
    root: Section | None = None  # a book read from nested folders: its sections

    def readmes(self) -> list[Part]:
        return [s.readme for s in self.root.sections() if s.readme] if self.root else []

    def topics(self) -> list[Topic]:
        return [t for p in self.parts for t in p.document.topics]

    def questions(self) -> list[Question]:
        return [q for t in self.topics() for q in t.questions]
