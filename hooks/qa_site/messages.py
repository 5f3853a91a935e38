"""Messages a maintainer can act on, at the size of a whole repository.

A repository of 200 documents gave thousands of lines, most of them true one by one but useless together:
an outline document whose TOC lists 1,182 questions not written yet, a generated URL per question, a
remote image per line. Here the build's messages are condensed:

* an **outline** (a document whose TOC names ``OUTLINE_MIN`` or more headings that do not exist) gets one
  note, "34 questions listed in the TOC are not written yet", its empty topics folded in; each item is
  listed on the maintainers' page ``/book-status/``;
* notes that repeat per line of one document (generated URLs, remote images shown as links) become one
  line per document, the items on the same page;
* every real problem stays one line with ``file:line``;
* ``by_kind`` gives the closing summary: one line per kind of message, with counts of items and documents.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .model import (IMAGE_DOWNLOAD_FAILED, EMPTY_DOCUMENT, EMPTY_TOPIC, IMAGE_MISSING, IMAGE_REFUSED, IMAGE_REMOTE, LINK_REPAIRED,
                    LINK_UNRESOLVED, NO_QUESTIONS, PREFIX_GENERATED, SLUG_GENERATED, TOC_UNRESOLVED, TRANSLATION_MISSING, Book,
                    Diagnostic, Severity)

OUTLINE_MIN = 3  # unresolved TOC links in one document from which it reads as an outline, not as typos
TOC_UNWRITTEN = "toc-unwritten"  # one outline document's summary
STATUS_PAGE = "book-status/index.md"
STATUS_URL = "/book-status/"

# codes whose notes are summarised per document: (what one item is, what to do)
PER_DOCUMENT = {
    SLUG_GENERATED: ("pages have generated URLs, not pinned yet", "run `make pin-slugs` to pin them"),
    IMAGE_REMOTE: ("remote images are shown as links",
                   "set extra.qa.remote_images: download to serve them from the site"),
}

# codes whose notes are one per document: more than GLOBAL_MAX of them become one line for the book
BOOK_WIDE = {
    PREFIX_GENERATED: ("folders and documents have generated URLs, not pinned yet", "run `make pin-slugs` to pin them"),
    TRANSLATION_MISSING: ("documents have no translation yet: their pages show the source text",
                          "translate them beside their source (x.en.md)"),
}
GLOBAL_MAX = 3

KINDS = {  # code → how the summary names one item of it
    PREFIX_GENERATED: "generated folder or document URL, not pinned",
    LINK_UNRESOLVED: "link that matches no heading",
    TOC_UNRESOLVED: "TOC link that matches no heading",
    TOC_UNWRITTEN: "question listed in a TOC, not written yet",
    EMPTY_TOPIC: "topic without questions",
    EMPTY_DOCUMENT: "empty document",
    NO_QUESTIONS: "document without topics or questions",
    IMAGE_MISSING: "missing image",
    IMAGE_REFUSED: "refused image",
    IMAGE_REMOTE: "remote image shown as a link",
    IMAGE_DOWNLOAD_FAILED: "remote image not downloaded, shown as a link",
    SLUG_GENERATED: "generated URL, not pinned",
    LINK_REPAIRED: "link repaired by a rule",
    TRANSLATION_MISSING: "document without a translation",
}


@dataclass
class Condensed:
    diagnostics: list[Diagnostic]  # what the build prints, one line each
    details: dict[str, list[Diagnostic]] = field(default_factory=dict)  # code → items folded into one line
    counts: Counter = field(default_factory=Counter)  # (severity, code) → items, folded ones included
    documents: dict = field(default_factory=lambda: defaultdict(set))  # (severity, code) → documents


def condense(diags: list[Diagnostic], book: Book) -> Condensed:
    """The build's messages, outlines and per-line notes folded into one line per document."""
    toc = defaultdict(list)
    for d in diags:
        if d.code == TOC_UNRESOLVED:
            toc[d.path].append(d)
    outlines = {path for path, items in toc.items() if len(items) >= OUTLINE_MIN}
    texts = {(part.path, e.line): e.text for part in book.parts for e in part.document.toc_entries}
    result = Condensed([])
    grouped: dict[tuple[str, str], list[Diagnostic]] = defaultdict(list)
    empty_topics: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in diags:
        if d.path in outlines and d.code in (TOC_UNRESOLVED, EMPTY_TOPIC):
            if d.code == EMPTY_TOPIC:
                empty_topics[d.path].append(d)
            continue
        if d.code in PER_DOCUMENT and d.severity is Severity.NOTICE:
            grouped[(d.code, d.path)].append(d)
            continue
        if d.code in BOOK_WIDE and d.severity is Severity.NOTICE:
            grouped[(d.code, "")].append(d)
            continue
        result.diagnostics.append(d)
        _count(result, d)
    for path in sorted(outlines, key=lambda p: toc[p][0].line):
        items = [Diagnostic(path, d.line, Severity.NOTICE, texts.get((path, d.line)) or d.message, "", TOC_UNWRITTEN)
                 for d in toc[path]]
        result.details.setdefault(TOC_UNWRITTEN, []).extend(items)
        result.details.setdefault(EMPTY_TOPIC, []).extend(empty_topics[path])
        for item in items:
            _count(result, item)
        for d in empty_topics[path]:
            _count(result, Diagnostic(d.path, d.line, Severity.NOTICE, d.message, "", EMPTY_TOPIC))
        lines = f"lines {items[0].line}–{items[-1].line}"
        n = len(empty_topics[path])
        topics = f"; {n} of its topics {'has' if n == 1 else 'have'} none written yet" if n else ""
        result.diagnostics.append(Diagnostic(
            path, items[0].line, Severity.NOTICE,
            f"{len(items)} questions listed in the TOC are not written yet ({lines}){topics}",
            f"they are listed on {STATUS_URL}; write them, or take them out of the TOC", TOC_UNWRITTEN))
    spread = Counter(code for code, path in grouped if path)
    for code in [c for c, n in spread.items() if n > GLOBAL_MAX]:  # in many documents: one line for the book
        for key in [k for k in grouped if k[0] == code and k[1]]:
            grouped[(code, "")] += grouped.pop(key)
    for (code, path), items in grouped.items():
        for d in items:
            _count(result, d)
        if len(items) == 1 or (not path and len(items) <= GLOBAL_MAX):
            result.diagnostics.extend(items)
            continue
        what, todo = PER_DOCUMENT.get(code) or BOOK_WIDE[code]
        if not path:  # one line for the whole book
            result.details.setdefault(code, []).extend(items)
            documents = len({d.path for d in items})
            where = f" in {documents} documents" if documents > 1 and code in PER_DOCUMENT else ""
            result.diagnostics.append(Diagnostic(items[0].path, 0, Severity.NOTICE,
                                                 f"{len(items)} {what}{where} (this one first)",
                                                 f"{todo}; each is listed on {STATUS_URL}", code))
            continue
        result.details.setdefault(code, []).extend(items)
        result.diagnostics.append(Diagnostic(path, items[0].line, Severity.NOTICE,
                                             f"{len(items)} {what} (first: line {items[0].line})",
                                             f"{todo}; each is listed on {STATUS_URL}", code))
    return result


def _count(result: Condensed, d: Diagnostic) -> None:
    key = (d.severity, d.code)
    result.counts[key] += 1
    result.documents[key].add(d.path)


SEVERITY_WORDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "note"}


def by_kind(condensed: Condensed) -> list[str]:
    """The closing summary: per kind of message its items and documents, errors first, then warnings."""
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTICE: 2}
    out = []
    for (severity, code), count in sorted(condensed.counts.items(), key=lambda kv: (order[kv[0][0]], -kv[1])):
        documents = len(condensed.documents[(severity, code)])
        kind = KINDS.get(code, "other message")
        where = f" in {documents} document{'s' if documents != 1 else ''}"
        out.append(f"{SEVERITY_WORDS[severity]:>7} {count:>6} × {kind}{where}")
    return out


def status_blocks(condensed: Condensed, texts: dict, escape) -> list:
    """The maintainers' page: every item folded into a summary line, by kind and document (blocks for
    ``landing.paginate``, so the page stays light with thousands of items)."""
    blocks: list = []
    for code in (TOC_UNWRITTEN, EMPTY_TOPIC, IMAGE_REMOTE, TRANSLATION_MISSING, PREFIX_GENERATED, SLUG_GENERATED):
        items = condensed.details.get(code) or []
        if not items:
            continue
        blocks.append(lambda page, n=len(items), code=code: f"\n## {texts['status_kind_' + code.replace('-', '_')]} ({n})\n")
        path = None
        for d in items:
            head = f"\n**{escape(d.path)}**\n\n" if d.path != path else ""  # not a heading: no TOC of hundreds
            path = d.path
            where = f"{d.line}: " if d.line else ""
            blocks.append(lambda page, head=head, d=d, where=where: f"{head}- {where}{escape(d.message)}")
    return blocks
