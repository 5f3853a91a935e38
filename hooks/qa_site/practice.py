"""Practice mode: the practice page of each language and the small index its scripts read.

The practice page holds no answers. It is a shell (a title, the scheduling rule in one line, a list of the
topics for readers without JavaScript) that ``overrides/assets/javascripts/practice.js`` turns into the
cards; each card fetches its question's own page and shows that page's article, so the answer is the same
HTML as the question page (math and figures included) and nothing of the book is copied. What the scripts
need to know about the book is one JSON file per language (``practice/questions.json``): the topics in book
order, and for each question its practice id and its URL. It grows by about 160 bytes per question (11 KB
compressed for 1,000 questions, see bench/practice.py).

A question's practice id is its pinned source id (the key of the slug map), prefixed with its document's
pinned part slug in a book of several documents: progress survives re-titling and re-ordering, and is the
same in every language (a translation keeps its source's ids).
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, field

from .links import page_url
from .model import Book, Diagnostic, Part, Question, Severity, Topic
from .pages import Edition, PageSpec, escape_title, html_text
from .texts import counted, texts_for
from .titles import plain_title

INDEX_VERSION = 1
# the practice page's URL, in order of preference: a topic may already use the first one
PAGE_CANDIDATES = ("practice", "practice-mode")  # both in mkdocs.yml's not_in_nav
INDEX_NAME = "questions.json"  # beside the practice page: practice/questions.json (progress-marks.js knows it)
# the kinds of pages that show progress and the header entry (progress.js)
PROGRESS_KINDS = ("home", "part", "topic", "question", "practice")
MAINTAINER_KINDS = ("status",)  # /translation-status/, /book-status/ (and its later pages): no practice link


@dataclass
class Practice:
    """One language's practice page, its index file, and the practice id of every page that shows progress."""

    page: PageSpec
    files: dict[str, bytes]  # path inside the language root → content (the index)
    url: str  # the practice page's URL inside the language root ("practice/")
    ids: dict[str, str] = field(default_factory=dict)  # page file → practice id (questions and topics)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def question_id(part: Part, question: Question) -> str:
    """The practice id of a question: its source id, after its part's pinned slug in a book of several."""
    return part.url_prefix + question.key


def topic_id(part: Part, topic: Topic) -> str:
    return part.url_prefix + topic.key


def practice_index(book: Book, page_of) -> dict:
    """The topics in book order, each with its questions' practice ids and URLs."""
    multi = len(book.parts) > 1
    topics = []
    for part in book.parts:
        for topic in part.document.topics:
            entry = {"id": topic_id(part, topic), "slug": topic.slug, "title": plain_title(topic.title),
                     "url": page_url(page_of(topic)),
                     "questions": [_question_entry(part, q, page_of) for q in topic.questions]}
            if multi:
                entry["part"] = plain_title(part.title)
            topics.append(entry)
    return {"version": INDEX_VERSION, "topics": topics}


def _question_entry(part: Part, question: Question, page_of) -> dict:
    return {"id": question_id(part, question), "url": page_url(page_of(question))}


def page_path(taken: set[str]) -> str:
    """The practice page's file: ``practice.md`` unless a topic or part already lives at ``/practice/``."""
    names = list(PAGE_CANDIDATES) + [f"practice-{n}" for n in range(2, len(taken) + 3)]
    return next(f"{name}.md" for name in names if f"{name}.md" not in taken and f"{name}/index.md" not in taken)


def practice_page(book: Book, language: str, path: str, page_of) -> PageSpec:
    """The practice page: its title, what it does, the rule in one line, and (for readers without
    JavaScript, whom the cards cannot serve) the topics to read instead."""
    t = texts_for(language)
    here = posixpath.dirname(path)
    out = [f"# {escape_title(t['practice_title'])}", "",
           f'<p class="qa-practice__intro">{html_text(t["practice_intro"])}</p>', "",
           f'<p class="qa-practice__rule">{html_text(t["practice_rule"])}</p>', "",
           '<div class="qa-practice__fallback" markdown="1">', "", t["practice_noscript"], ""]
    # every topic; in a book of folders (hundreds of topics), its top-level sections: the page stays light
    entries = [(topic.title, page_of(topic), len(topic.questions)) for part in book.parts
               for topic in part.document.topics] if book.root is None else [
        (child.title, page_of(child) if isinstance(child, Part) else child.url_prefix + "index.md",
         len(child.document.questions()) if isinstance(child, Part) else
         sum(len(p.document.questions()) for p in child.parts())) for child in book.root.children]
    for title, page, questions in entries:
        rel = posixpath.relpath(page, here or ".")
        count = counted(t["practice_topic_count"], count=questions)
        out.append(f"- [{escape_title(plain_title(title))}](<{rel}>) {html_text(count)}")
    out += ["", "</div>", "", '<div id="qa-practice" class="qa-practice"></div>', ""]
    meta = {"title": html_text(t["practice_title"]), "description": html_text(t["practice_description"]),
            "hide": ["navigation", "toc"]}
    front = "---\n" + "".join(f"{k}: {json.dumps(v)}\n" for k, v in meta.items()) + "---\n\n"
    return PageSpec(path, t["practice_title"], front + "\n".join(out), "practice")


def add_practice(edition: Edition, book: Book, page_of) -> Practice | None:
    """Everything practice adds to one language of the site; the practice page joins the edition's pages.
    A book without questions has nothing to practise: no page, no header link."""
    if not book.questions():
        return None
    language = edition.language
    path = page_path({p.path for p in edition.pages})
    diags = []
    if path != "practice.md":
        diags.append(Diagnostic(path, 0, Severity.NOTICE, f"a topic already lives at /practice/: the practice "
                                f"page is at /{page_url(path)}"))
    url = page_url(path)
    index = json.dumps(practice_index(book, page_of), ensure_ascii=False, separators=(",", ":"))
    ids: dict[str, str] = {}
    for part in book.parts:
        for topic in part.document.topics:
            ids[page_of(topic)] = topic_id(part, topic)
            for q in topic.questions:
                ids[page_of(q)] = question_id(part, q)
    practice = Practice(practice_page(book, language, path, page_of), {url + INDEX_NAME: index.encode("utf-8")},
                        url, ids, diags)
    edition.pages.append(practice.page)
    edition.diagnostics.extend(diags)
    return practice


# --- what the scripts read in each page -----------------------------------------------------------------

# the words each kind of page needs (progress.js and progress-marks.js); the practice page gets every
# practice_/progress_/mark_ text. Every page of the book carries its settings: they are kept short.
_MARKS = ("mark_known", "mark_again", "mark_due")
_COUNTS = ("progress_known", "progress_again", "progress_due")
PAGE_TEXTS = {
    "question": ("practice_title", *_MARKS, "mark_next"),
    "topic": ("practice_title", "practice_topic_link", *_COUNTS, *_MARKS),
    "home": ("practice_title", *_COUNTS, *_MARKS),
    "part": ("practice_title", *_COUNTS, *_MARKS),
}
PRACTICE_TEXTS = ("practice_", "progress_", "mark_")


def client_config(kind: str, path: str, page_id: str, language: str, default: str, practice_url: str) -> dict | None:
    """The settings of progress.js (and, on the practice page, of the cards): ``None`` on the maintainers'
    pages; on reader pages that show no progress (a folder's page, a list's later pages), the header's link.

    Paths are relative to the language root; the page gives the site root (``data-base``). Progress is
    stored once for the whole site (both languages share it), under the site root's path. The index is
    ``practice_url`` + ``questions.json``.
    """
    if kind.startswith(MAINTAINER_KINDS):
        return None
    texts = texts_for(language)
    config = {"kind": kind, "language": language, "root": "" if language == default else f"{language}/",
              "page": practice_url}
    if kind not in PROGRESS_KINDS:  # a folder's page, a list's later pages: the header's link, no progress
        return {**config, "kind": "page", "strings": {"practice_title": texts["practice_title"]}}
    if page_id:
        config["id"] = page_id
    if kind == "topic":
        config["topic"] = page_url(path).strip("/")  # its slug: practice/?topic=slug
    if kind == "practice":
        config["strings"] = {k: v for k, v in texts.items() if k.startswith(PRACTICE_TEXTS)}
    else:
        config["strings"] = {k: texts[k] for k in PAGE_TEXTS[kind]}
    return config


def client_json(config: dict) -> str:
    """The settings as JSON for a ``<script type="application/json">``: UTF-8 as it is (half the bytes of
    ``\\uXXXX``), with ``<``, ``>`` and ``&`` escaped so that the text never closes the element."""
    text = json.dumps(config, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
