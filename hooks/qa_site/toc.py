"""The hand-written TOC: finding it (several shapes, several per document) and matching
its items to headings.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from .anchors import loose_key
from .headings import MAX_HEADING_CHARS, atx_heading, markdown_title
from .markdown_scan import link_destination_end
from .model import Heading

TOC_TITLES = {"目录", "目錄", "contents", "tableofcontents", "toc", "目次", "content"}
TOC_LINK = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*+]|\d{1,9}[.)])(?:[ \t]+(?P<rest>.*))?$")
TOC_MARKER = re.compile(r"^\s*(?:\[TOC\]|\[\[_TOC_\]\]|\[\[TOC\]\]|<!--\s*toc\s*-->|\{:toc\})\s*$", re.I)
_LINK = re.compile(r"(?<!!)\[(?P<text>(?:[^\]\\\[\n]|\\.|\[(?:[^\]\\\[\n]|\\.)*\])*)\]\(")

# -------------------------------------------------------------------------------------------- TOC


def is_toc_title(title: str) -> bool:
    letters = "".join(ch for ch in title if unicodedata.category(ch)[0] == "L")
    return letters.casefold() in TOC_TITLES


@dataclass
class TocItem:
    line: int
    text: str
    anchors: list[str]  # candidate anchors ("#…"), best first; empty for an item without a link
    kind: str  # "link", "text" (a plain item), "heading" (a TOC made of headings), "other" (another file)
    depth: int = 0
    list_depth: int = 0
    level: int = 0
    missing_hash: bool = False
    heading: int = -1  # for an item that is a heading (a TOC made of headings): its index


@dataclass
class Toc:
    heading: int  # index of the TOC's title heading
    lines: list[int]  # 1-based: TOC (navigation) lines, the title heading's included
    entries: list[TocItem]
    heading_entries: list[int] = field(default_factory=list)  # indexes of headings that are TOC items


def _link_in(text: str) -> tuple[str, list[str]] | None:
    """The first ``[text](dest)`` of a TOC item → (its text, candidate destinations, best first)."""
    m = _LINK.search(text)
    if not m:
        return None
    start = m.end()
    candidates: list[str] = []
    end = link_destination_end(text, start)
    if end is not None:
        candidates.append(text[start:end].strip())
    last = text.rfind(")")
    if last >= start:
        candidates.append(text[start:last].strip())  # ids with spaces or an unbalanced ')' inside
    cleaned: list[str] = []
    for dest in candidates:
        if dest.startswith("<") and ">" in dest:
            dest = dest[1:dest.index(">")]
        title = re.match(r'^(\S+)\s+"[^"]*"$', dest)
        if title and not dest.startswith("#"):
            dest = title.group(1)
        if dest and dest not in cleaned:
            cleaned.append(dest)
    return markdown_title(m.group("text")), cleaned


def _is_bare_anchor(dest: str) -> bool:
    """A destination that names a heading but forgot its ``#`` (not a URL, a path or another file)."""
    return bool(dest) and not re.match(r"^[a-z][a-z0-9+.-]*:", dest, re.I) and "/" not in dest \
        and not re.search(r"\.(?:md|markdown|html?|pdf|png|jpe?g|gif|svg)$", dest, re.I)


def find_tocs(lines: list[str], headings: list[Heading]) -> list[Toc]:
    """Every hand-written TOC: a TOC-titled heading and the list, link lines or headings under it."""
    later_titles: dict[str, list[int]] = defaultdict(list)
    for index, h in enumerate(headings):
        later_titles[loose_key(h.title)].append(index)
    tocs: list[Toc] = []
    index = 0
    while index < len(headings):
        heading = headings[index]
        if not is_toc_title(heading.title):
            index += 1
            continue
        toc = Toc(index, list(heading.lines), [])
        stack: list[int] = []
        only_headings = True
        tentative: int | None = None  # the first heading taken only because nothing but TOC lines is under it
        nxt = index + 1
        region_start = heading.last_line + 1
        while True:
            end = headings[nxt].first_line - 1 if nxt < len(headings) else len(lines)
            for n in range(region_start, end + 1):
                text = lines[n - 1]
                kind = _toc_line(text, n, toc, stack)
                if kind == "prose":
                    only_headings = False
            if nxt >= len(headings) or not only_headings:
                break
            candidate = headings[nxt]
            key = loose_key(candidate.title)
            link = _link_in(_raw_heading_text(lines, candidate))
            repeated = key and any(k > nxt and not is_toc_title(headings[k].title) for k in later_titles[key])
            if is_toc_title(candidate.title):
                break
            after = headings[nxt + 1].first_line - 1 if nxt + 1 < len(headings) else len(lines)
            if any(_line_kind(lines[k - 1]) == "prose" for k in range(candidate.last_line + 1, after + 1)):
                break  # a heading with text under it is content, even when its title repeats later
            if not (link or repeated) and tentative is None:
                tentative = nxt  # kept if links or another TOC follow (a stale outline above the real TOC)
            toc.lines += list(candidate.lines)
            toc.heading_entries.append(nxt)
            if link and link[1]:  # read like a list item's link: "#id", an id without its '#', another file
                item = _link_item(candidate.first_line, link[0] or candidate.title, link[1])
            else:
                item = TocItem(candidate.first_line, candidate.title, [], "heading")
            item.level, item.heading = candidate.level, nxt
            toc.entries.append(item)
            stack = []
            region_start = candidate.last_line + 1
            nxt += 1
        cut = headings[tentative].first_line if tentative is not None else 0
        next_toc = nxt < len(headings) and is_toc_title(headings[nxt].title)  # the outline ends at another TOC
        if tentative is not None and not next_toc and not any(e.kind == "link" and e.line > cut for e in toc.entries):
            # no link follows: those headings are content after all
            toc.entries = [e for e in toc.entries if e.line < cut]
            toc.lines = [n for n in toc.lines if n < cut]
            toc.heading_entries = [k for k in toc.heading_entries if k < tentative]
            nxt = tentative
        heading_levels = sorted({e.level for e in toc.entries if e.level})
        offset = len(heading_levels)
        for e in toc.entries:
            e.depth = heading_levels.index(e.level) if e.level else offset + e.list_depth
        # trailing blank lines belong to the content that follows, not to the TOC
        while toc.lines and not lines[toc.lines[-1] - 1].strip() and toc.lines[-1] > heading.last_line:
            toc.lines.pop()
        tocs.append(toc)
        index = nxt if toc.heading_entries else index + 1
    return tocs


def _raw_heading_text(lines: list[str], heading: Heading) -> str:
    text = lines[heading.last_line - 1]
    atx = atx_heading(text)
    return atx[1] if atx else text


_FULL_LINK = re.compile(r"\[(?:[^\]\\\[\n]|\\.|\[(?:[^\]\\\[\n]|\\.)*\])*\]\([^)\n]*\)")
_LINK_SEPARATORS = re.compile(r"^\s*\d{1,4}[、.．)）]?|[\s|·•、,，;；/*]|<br\s*/?>|&nbsp;")


def _line_kind(text: str) -> str:
    """What a line under a TOC title is: blank, a TOC marker, a list item, a line of links, or prose."""
    if not text.strip():
        return "blank"
    if TOC_MARKER.match(text):
        return "marker"
    if TOC_LINK.match(text):
        return "item"
    if len(text) <= MAX_HEADING_CHARS and _LINK.search(text) and not _LINK_SEPARATORS.sub("", _FULL_LINK.sub("", text)):
        return "links"
    return "prose"


def _toc_line(text: str, n: int, toc: Toc, stack: list[int]) -> str:
    """Read one line under a TOC title into the TOC; prose is left out of it (it is content)."""
    kind = _line_kind(text)
    if kind == "prose":
        return kind  # prose inside the TOC region is content: it goes to the home page
    toc.lines.append(n)
    if kind == "item":
        m = TOC_LINK.match(text)
        width = len(m.group("indent").expandtabs(4))
        while stack and width <= stack[-1]:
            stack.pop()
        depth = len(stack)
        stack.append(width)
        toc.entries.append(_entry_of((m.group("rest") or "").strip(), n, depth))
    elif kind == "links":
        stack.clear()
        toc.entries.append(_entry_of(text.strip(), n, 0))
    return kind


def _entry_of(rest: str, n: int, depth: int) -> TocItem:
    link = _link_in(rest) if len(rest) <= MAX_HEADING_CHARS else None
    if link is None:
        return TocItem(n, markdown_title(rest), [], "text", list_depth=depth)
    return _link_item(n, *link, depth=depth)


def _link_item(n: int, text: str, dests: list[str], depth: int = 0) -> TocItem:
    """An item with a link: to a heading (``#id``, or an id that forgot its ``#``), or to another file."""
    anchors = [d for d in dests if d.startswith("#")]
    if anchors:
        return TocItem(n, text, anchors, "link", list_depth=depth)
    if dests and _is_bare_anchor(dests[0]):
        return TocItem(n, text, ["#" + d for d in dests if _is_bare_anchor(d)], "link", list_depth=depth,
                      missing_hash=True)
    return TocItem(n, text, [], "other", list_depth=depth)


# -------------------------------------------------------------------------------------------- classifying
