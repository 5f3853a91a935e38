"""Parsing a source document into topics and questions, keeping every content line exactly.

The rule that decides what is a topic and what is a question (documented in the README):

1. Front matter — a YAML block between ``---`` lines at the very top — is metadata, not content. Its
   ``qa:`` mapping sets the levels (``topic_level: 2``, ``question_level: [3, 1]``); its ``title:`` names
   the document. Levels passed by the caller (``ParseOptions``) win over the front matter.
2. The hand-written TOC is navigation, not content: a heading titled 目录 / Contents / Table of Contents,
   followed by a list (of links or of plain items), by lines made of links, or by headings that have only
   blank lines under them and whose titles come again further down. A document may have several. Each
   item is matched to a heading: a link by its anchor (also without ``#``, with spaces or ``)`` inside, or
   mistyped: the repair rules of ``anchors.py``), an item without a link by its text. An item whose link
   names one heading but whose text names another is reported; a link that names none is a warning. An
   item without a link that names no heading, or a link to another file, stays text. A TOC none of whose
   items names a heading is kept as text, with a warning.
3. With a TOC, its nesting decides (the TOC with the most matched items, if there are several). When it
   has three levels or more and the outermost is a single item naming the document's first heading, that
   heading is the title. Of the remaining levels, the outer one names topics and the next one questions;
   deeper items name sub-headings. A TOC with a single level lists questions.
4. With a TOC, a heading it does not list is a topic or a question when its level *and* form (explicit id
   or not) are those of headings the TOC lists as topics or as questions (if both, the more frequent);
   otherwise it is a sub-heading inside the current answer (``### 核心回答``) and stays on that answer's
   page. Headings above the TOC and above everything it lists belong to the preamble (home page); the
   first of them, on the shallowest level, is the document's title.
5. Without a TOC (or when no TOC item names a heading), headings with explicit ids are preferred when at
   least two headings have one: the shallowest level gives topics and the next one questions; when they are
   all on one level they are questions, and topics are the headings of the nearest level above. Without
   ids, every heading counts. A heading that opens the document alone on the shallowest level is its title
   (when it is a ``#`` heading or has no id).
6. With explicit levels, headings at the question levels are questions and those at the topic levels
   topics, whatever the TOC says — except a heading whose form differs: with a TOC, an unlisted heading
   whose form differs from every heading the TOC lists at its level; without one, a heading without an id
   at a level where two or more headings have one (so ``### 核心回答`` stays inside its ``<h3 id>``
   answer). ``question_level`` alone: topics are the shallowest other level above the deepest question
   level. ``topic_level`` alone: questions are the first level below the deepest topic level that has
   headings.
7. Three heading forms are read: ``<h3 id='…'>…</h3>`` (closed on the same line or up to two lines
   later), an ``<a id="…"></a>`` (or ``<a name>``, ``<span id>``) line followed by a heading, and Markdown
   ``###`` headings (``{#id}`` or an ``<a id>`` inside give them an id; without one they are addressed by
   GitHub's slug). A heading with no text, with text after its ``</h3>``, or on a line longer than
   ``MAX_HEADING_CHARS`` is text (with a warning for the first two). ``#`` lines inside code fences are
   never headings; a fence never closed ends before the next HTML or anchor heading, or before the next
   Markdown heading of a level from 2 to that of the heading the fence is under (a ``#`` line only when
   that heading is a ``#`` heading: code comments stay code), with a warning.

Every line that is not TOC or front matter lands on exactly one page, in source order.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import yaml

from .anchors import AnchorResolver, loose_key
from .markdown_fixes import HTML_ELEMENTS, unsafe_markup
from .markdown_scan import code_span_ranges, fence_flags, link_destination_end, scan_fences, split_lines
from .math_delimiters import unbalanced_math
from .model import Diagnostic, Document, Heading, Question, Severity, SourceLine, TocEntry, Topic
from .slugs import GithubSlugger, leading_number

MAX_HEADING_CHARS = 10_000  # longer lines are prose (and keep the scanners linear on hostile input)
MAX_REPORTED = 5  # a problem repeated on many lines is reported this many times, then summed up

_ID_ATTR = r"""(?<![\w-])(?:id|name)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>"']+))"""
ID_ATTR = re.compile(_ID_ATTR, re.I)
HTML_HEADING = re.compile(r"^ {0,3}<h(?P<level>[1-6])\b(?P<attrs>[^>]*)>(?P<title>.*?)</h(?P=level)\s*>\s*$", re.I)
HTML_HEADING_OPEN = re.compile(r"^ {0,3}<h(?P<level>[1-6])\b(?P<attrs>[^>]*)>", re.I)
_ANCHOR_OPEN = re.compile(r"\s*<(?P<tag>a|span)\s", re.I)
TAG = re.compile(r"</?(?P<name>[A-Za-z][A-Za-z0-9]*)\b[^<>]*>")
TOC_TITLES = {"目录", "目錄", "contents", "tableofcontents", "toc", "目次", "content"}
TOC_LINK = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*+]|\d{1,9}[.)])(?:[ \t]+(?P<rest>.*))?$")
TOC_MARKER = re.compile(r"^\s*(?:\[TOC\]|\[\[_TOC_\]\]|\[\[TOC\]\]|<!--\s*toc\s*-->|\{:toc\})\s*$", re.I)
_LINK = re.compile(r"(?<!!)\[(?P<text>(?:[^\]\\\[\n]|\\.|\[(?:[^\]\\\[\n]|\\.)*\])*)\]\(")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000-\ue003]")
_LEVELS_KEYS = {"topic_level": "topic", "topic_levels": "topic", "question_level": "question",
                "question_levels": "question"}


@dataclass(frozen=True)
class ParseOptions:
    """The author's override of the automatic rule: which heading levels are topics and questions."""

    topic_levels: tuple[int, ...] | None = None
    question_levels: tuple[int, ...] | None = None


# ---------------------------------------------------------------------------------------------- titles


def _id_from(match: re.Match) -> str | None:
    for group in ("dq", "sq", "bare"):
        value = match.group(group)
        if value is not None:
            return html.unescape(value)
    return None


def clean_text(text: str) -> str:
    """Whitespace collapsed, control and reserved characters shown as U+FFFD (never passed on raw)."""
    return " ".join(_CONTROL.sub("\ufffd", text).split())


def plain_title(title: str) -> str:
    """Heading text without the tags of HTML elements (``<b>``, ``<code>``) and with entities decoded.

    Anything else that looks like a tag (``<think>``, ``<script>``) is text and stays in the title.
    """
    stripped = TAG.sub(lambda m: "" if m.group("name").lower() in HTML_ELEMENTS else m.group(0), title)
    return clean_text(html.unescape(stripped))


_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_MD_LINK = re.compile(r"!?\[((?:[^\]\\\[]|\\.|\[(?:[^\]\\\[]|\\.)*\])*)\]\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)")
_BACKSLASH = re.compile(r"\\([!-/:-@\[-`{-~])")


_TITLE_MATH = re.compile(r"(?<!\\)\$`[^`]+`\$|(?<!\\)\$\$?(?=\S)(?:[^$\\]|\\.)+?(?<=\S)\$\$?")


def markdown_title(raw: str) -> str:
    """The text a reader sees for a Markdown heading: emphasis, links and known tags removed; code spans
    (their text) and formulas (``$…$``, verbatim, for the math pass) kept."""
    raw = raw.replace("\ue010", "\ufffd").replace("\ue011", "\ufffd")
    kept: list[str] = []

    def hold(text: str) -> str:
        kept.append(text)
        return f"\ue010{len(kept) - 1}\ue011"

    parts: list[str] = []
    pos = 0
    for start, end in code_span_ranges(raw):
        ticks = len(raw[start:end]) - len(raw[start:end].lstrip("`"))
        parts += [raw[pos:start], hold(raw[start + ticks:end - ticks].strip())]
        pos = end
    parts.append(raw[pos:])
    held = _TITLE_MATH.sub(lambda m: hold(m.group(0)), "".join(parts))
    text = re.sub("\ue010(\\d+)\ue011", lambda m: kept[int(m.group(1))], _inline_text(held))
    return clean_text(text)


def _inline_text(text: str) -> str:
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    for pattern in (_STRONG, _STRIKE):
        text = pattern.sub(lambda m: m.group(m.lastindex), text)
    text = _EM.sub(lambda m: m.group(1), text)
    text = TAG.sub(lambda m: "" if m.group("name").lower() in HTML_ELEMENTS else m.group(0), text)
    text = _BACKSLASH.sub(lambda m: m.group(1), text)
    return html.unescape(text)


# -------------------------------------------------------------------------------------------- headings


def _anchor_at(text: str, start: int = 0) -> tuple[str | None, int] | None:
    """An empty ``<a id=…></a>`` (or ``<span id=…></span>``) at ``start``: (its id, the index after it)."""
    m = _ANCHOR_OPEN.match(text, start)
    if not m:
        return None
    close = text.find(">", m.end() - 1)
    if close < 0 or close - m.end() > 1000:
        return None
    attrs = text[m.end() - 1:close]
    end_tag = f"</{m.group('tag').lower()}>"
    rest = close + 1
    while rest < len(text) and text[rest] in " \t":
        rest += 1
    if text[rest:rest + len(end_tag)].lower() != end_tag:
        return None
    id_match = ID_ATTR.search(attrs)
    if not id_match:
        return None
    return _id_from(id_match), rest + len(end_tag)


def _anchor_line(line: str) -> str | None:
    """The id of a line that holds only an empty anchor (``<a id="x"></a>``), or None."""
    if len(line) > 1200 or "<" not in line:
        return None
    found = _anchor_at(line)
    if found is None or line[found[1]:].strip():
        return None
    return found[0]


def _atx(line: str) -> tuple[int, str] | None:
    """``(level, raw title)`` of an ATX heading line (``### Title ##``), or None. Linear in the line."""
    i = 0
    while i < 3 and i < len(line) and line[i] == " ":
        i += 1
    j = i
    while j < len(line) and line[j] == "#":
        j += 1
    level = j - i
    if not 1 <= level <= 6 or (j < len(line) and line[j] not in " \t"):
        return None
    rest = line[j:].strip(" \t")
    closing = rest.rstrip("#")
    if closing != rest and (not closing or closing[-1] in " \t"):
        rest = closing.rstrip(" \t")
    return level, rest


def _split_attr_id(raw: str) -> tuple[str, str | None]:
    """``Title {#id .cls}`` → (``Title``, ``id``)."""
    text = raw.rstrip()
    if not text.endswith("}"):
        return raw.strip(), None
    open_at = text.rfind("{")
    if open_at < 0:
        return raw.strip(), None
    inside = text[open_at + 1:-1].strip()
    m = re.match(r"^:?\s*#([^\s{}]+)", inside)
    if not m or "}" in inside:
        return raw.strip(), None
    return text[:open_at].strip(), m.group(1)


def _inline_anchor(title: str) -> tuple[str, str | None]:
    """An empty ``<a id>`` at the start or the end of a heading's title → (title without it, id)."""
    found = _anchor_at(title)
    if found is not None:
        return title[found[1]:].strip(), found[0]
    for tag in ("<a", "<A", "<span", "<SPAN"):
        at = title.rfind(tag)
        if at > 0:
            found = _anchor_at(title, at)
            if found is not None and not title[found[1]:].strip():
                return title[:at].strip(), found[0]
    return title, None


@dataclass
class _Found:
    level: int
    title: str
    explicit_id: str | None
    form: str
    first: int  # 0-based indexes
    last: int


def _html_heading(lines: list[str], in_fence: list[bool], i: int, path: str,
                  diags: list[Diagnostic]) -> _Found | None:
    line = lines[i]
    m = HTML_HEADING_OPEN.match(line)
    if not m:
        return None
    level = int(m.group("level"))
    close = re.compile(rf"</h{level}\s*>", re.I)
    parts = [line[m.end():]]
    last = i
    c = close.search(line, m.end())
    if c:
        parts = [line[m.end():c.start()]]
        trail = line[c.end():]
    else:
        trail = ""
        for j in range(i + 1, min(len(lines), i + 3)):
            if in_fence[j] or not lines[j].strip() or HTML_HEADING_OPEN.match(lines[j]):
                break
            c = close.search(lines[j])
            if c:
                parts += [lines[j][:c.start()]]
                trail, last = lines[j][c.end():], j
                break
            parts.append(lines[j])
        else:
            c = None
        if c is None:
            parts = [line[m.end():]]
            diags.append(Diagnostic(path, i + 1, Severity.WARNING,
                                    f"<h{level}> heading is not closed; its line is read as the heading",
                                    f"close it with </h{level}> on the same line"))
    if TAG.sub("", trail).strip():
        diags.append(Diagnostic(path, last + 1, Severity.WARNING,
                                f"text after </h{level}> on the same line: the line is not read as a heading",
                                f"put '{_short(trail.strip())}' on a line of its own"))
        return None
    raw = " ".join(parts)
    id_match = ID_ATTR.search(m.group("attrs"))
    explicit = _id_from(id_match) if id_match else None
    if explicit is None:
        inner = re.search(r"<(?:a|span)\s[^>]*>", raw, re.I)
        inner_id = ID_ATTR.search(inner.group(0)) if inner else None
        explicit = _id_from(inner_id) if inner_id else None
    return _Found(level, plain_title(raw), explicit, "html", i, last)


def _markdown_heading(line: str, i: int) -> _Found | None:
    atx = _atx(line)
    if atx is None:
        return None
    level, raw = atx
    raw, explicit = _split_attr_id(raw)
    raw, inline = _inline_anchor(raw)
    explicit = inline if inline is not None else explicit
    return _Found(level, markdown_title(raw), explicit, "anchor" if explicit is not None else "plain", i, i)


def _heading_start(line: str) -> bool:
    """Cheap test: can this line start a heading at all?"""
    stripped = line.lstrip(" ")
    return bool(stripped) and stripped[0] in "#<" and len(line) <= MAX_HEADING_CHARS


def scan_headings(lines: list[str], path: str) -> tuple[list[Heading], list[Diagnostic]]:
    """Find every heading outside code fences, in any of the three forms."""
    in_fence, diags = heading_fences(lines, path)
    headings: list[Heading] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if in_fence[i] or not _heading_start(line):
            i += 1
            continue
        found = _html_heading(lines, in_fence, i, path, diags) or _markdown_heading(line, i)
        anchor = _anchor_line(line) if found is None else None
        if anchor is not None:
            j = i + 1
            while j < len(lines) and not lines[j].strip() and j - i <= 2:
                j += 1
            if j < len(lines) and not in_fence[j] and _heading_start(lines[j]):
                found = _html_heading(lines, in_fence, j, path, diags) or _markdown_heading(lines[j], j)
                if found is not None:
                    found.first = i
                    found.explicit_id = anchor if anchor or found.explicit_id is None else found.explicit_id
                    if found.form == "plain":
                        found.form = "anchor"
        if found is None:
            i += 1
            continue
        if found.explicit_id is not None and not found.explicit_id.strip():
            diags.append(Diagnostic(path, found.first + 1, Severity.NOTICE,
                                    f"heading '{_short(found.title)}' has an empty id; it is addressed by its title",
                                    "give it an id or remove the empty one"))
            found.explicit_id = None
            found.form = "plain" if found.form == "anchor" else found.form
        if not found.title:
            diags.append(Diagnostic(path, found.last + 1, Severity.WARNING,
                                    "heading has no text: it is not used as a topic or question and stays a line "
                                    "of the text", "write the heading's title or remove the line"))
            i = found.last + 1
            continue
        headings.append(Heading(found.level, found.title, found.explicit_id, found.form, found.first + 1,
                                found.last + 1))
        i = found.last + 1
    # GitHub numbers the slugs of Markdown headings only; HTML headings get theirs afterwards, so that they
    # never take a slug a link written for GitHub means for a Markdown heading
    slugger = GithubSlugger()
    for h in headings:
        if h.form != "html":
            h.github_slug = slugger.slug(h.title)
    for h in headings:
        if h.form == "html":
            h.github_slug = slugger.slug(h.title)
    return headings, diags


def heading_fences(lines: list[str], path: str) -> tuple[list[bool], list[Diagnostic]]:
    """Which lines are fenced code, for finding headings: a fence never closed ends at the next heading of
    its section's level (or any HTML or anchor heading), instead of swallowing the rest of the document."""
    flags = [False] * len(lines)
    diags: list[Diagnostic] = []
    start = 0
    while start < len(lines):
        restart = None
        for first, last, _, closed in scan_fences(lines[start:]):
            a, b = start + first, start + last
            if closed:
                flags[a:b + 1] = [True] * (b - a + 1)
                continue
            end = _unclosed_fence_end(lines, flags, a)
            marker = _short(lines[a].strip(), 30)
            if end is None:
                flags[a:] = [True] * (len(lines) - a)
                diags.append(Diagnostic(path, a + 1, Severity.WARNING,
                                        f"code fence '{marker}' is never closed: everything after it is code",
                                        f"close it with a line '{_fence_chars(lines[a])}'"))
            else:
                flags[a:end] = [True] * (end - a)
                diags.append(Diagnostic(path, a + 1, Severity.WARNING,
                                        f"code fence '{marker}' is never closed: it is ended before the heading "
                                        f"on line {end + 1}",
                                        f"close it with a line '{_fence_chars(lines[a])}'"))
                restart = end
        if restart is None:
            break
        start = restart
    return flags, diags


def _fence_chars(line: str) -> str:
    stripped = line.strip()
    return stripped[: len(stripped) - len(stripped.lstrip(stripped[0]))] if stripped else "```"


def _unclosed_fence_end(lines: list[str], flags: list[bool], open_at: int) -> int | None:
    owner = None
    for k in range(open_at - 1, -1, -1):
        if flags[k] or not _heading_start(lines[k]):
            continue
        if HTML_HEADING_OPEN.match(lines[k]):
            owner = int(HTML_HEADING_OPEN.match(lines[k]).group("level"))
            break
        atx = _atx(lines[k])
        if atx and atx[1]:
            owner = atx[0]
            break
    for j in range(open_at + 1, len(lines)):
        line = lines[j]
        if not _heading_start(line):
            continue
        if HTML_HEADING_OPEN.match(line):
            return j
        if _anchor_line(line) is not None:
            nxt = next((k for k in range(j + 1, min(len(lines), j + 4)) if lines[k].strip()), None)
            if nxt is not None and (HTML_HEADING_OPEN.match(lines[nxt]) or _atx(lines[nxt])):
                return j
        atx = _atx(line)
        if atx and atx[1] and owner is not None and (2 <= atx[0] <= owner or atx[0] == owner == 1):
            return j
    return None


# -------------------------------------------------------------------------------------------- front matter


@dataclass
class _FrontMatter:
    lines: list[int] = field(default_factory=list)  # 1-based
    data: dict = field(default_factory=dict)
    topic_levels: tuple[int, ...] | None = None
    question_levels: tuple[int, ...] | None = None


def read_front_matter(lines: list[str], path: str) -> tuple[_FrontMatter, list[Diagnostic]]:
    """The YAML block between ``---`` lines at the very top (metadata: never content)."""
    fm = _FrontMatter()
    diags: list[Diagnostic] = []
    if not lines or lines[0].rstrip() != "---":
        return fm, diags
    end = next((j for j in range(1, len(lines)) if lines[j].rstrip() in ("---", "...")), None)
    if end is None:
        return fm, diags
    block = lines[1:end]
    first = next((text for text in block if text.strip() and not text.lstrip().startswith("#")), None)
    if first is None or not re.match(r"^[A-Za-z_][\w.-]*\s*:(?:\s|$)", first):
        return fm, diags  # a thematic break and some text, not front matter
    fm.lines = list(range(1, end + 2))
    try:
        data = yaml.safe_load("\n".join(block))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = 2 + mark.line if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        diags.append(Diagnostic(path, line, Severity.WARNING,
                                f"front matter is not valid YAML ({problem}); it is ignored",
                                "fix the YAML between the '---' lines"))
        return fm, diags
    if not isinstance(data, dict):
        diags.append(Diagnostic(path, 1, Severity.WARNING, "front matter is not a YAML mapping; it is ignored",
                                "write 'key: value' lines between the '---' lines"))
        return fm, diags
    fm.data = data

    def line_of(key: str) -> int:
        for k, text in enumerate(block):
            if re.match(rf"^\s*{re.escape(key)}\s*:", text):
                return k + 2
        return 1

    unused = [str(k) for k in data if k not in ("qa", "title")]
    if unused:
        diags.append(Diagnostic(path, line_of(unused[0]), Severity.NOTICE,
                                f"front matter keys {', '.join(repr(k) for k in unused)} are not used by the site",
                                "the site reads 'title' and 'qa' (topic_level, question_level)"))
    qa = data.get("qa")
    if qa is None:
        return fm, diags
    if not isinstance(qa, dict):
        diags.append(Diagnostic(path, line_of("qa"), Severity.WARNING,
                                "front matter 'qa' must be a mapping (topic_level, question_level); it is ignored",
                                "write 'qa:' and below it '  question_level: 3'"))
        return fm, diags
    for key, value in qa.items():
        kind = _LEVELS_KEYS.get(str(key))
        if kind is None:
            diags.append(Diagnostic(path, line_of(str(key)), Severity.WARNING,
                                    f"front matter 'qa.{key}' is not a setting; it is ignored",
                                    "the settings are topic_level and question_level"))
            continue
        levels = _levels(value)
        if levels is None:
            diags.append(Diagnostic(path, line_of(str(key)), Severity.WARNING,
                                    f"front matter 'qa.{key}: {value!r}' is not a heading level 1–6 or a list of "
                                    "them; it is ignored", f"write e.g. '{key}: 3' or '{key}: [3, 1]'"))
            continue
        if kind == "topic":
            fm.topic_levels = levels
        else:
            fm.question_levels = levels
    return fm, diags


def _levels(value) -> tuple[int, ...] | None:
    items = value if isinstance(value, (list, tuple)) else [value]
    if not items or not all(isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 6 for v in items):
        return None
    return tuple(dict.fromkeys(items))


# -------------------------------------------------------------------------------------------- TOC


def _is_toc_title(title: str) -> bool:
    letters = "".join(ch for ch in title if unicodedata.category(ch)[0] == "L")
    return letters.casefold() in TOC_TITLES


@dataclass
class _Entry:
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
class _Toc:
    heading: int  # index of the TOC's title heading
    lines: list[int]  # 1-based: TOC (navigation) lines, the title heading's included
    entries: list[_Entry]
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


def find_tocs(lines: list[str], headings: list[Heading]) -> list[_Toc]:
    """Every hand-written TOC: a TOC-titled heading and the list, link lines or headings under it."""
    later_titles: dict[str, list[int]] = defaultdict(list)
    for index, h in enumerate(headings):
        later_titles[loose_key(h.title)].append(index)
    tocs: list[_Toc] = []
    index = 0
    while index < len(headings):
        heading = headings[index]
        if not _is_toc_title(heading.title):
            index += 1
            continue
        toc = _Toc(index, list(heading.lines), [])
        stack: list[int] = []
        only_headings = True
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
            repeated = key and any(k > nxt and not _is_toc_title(headings[k].title) for k in later_titles[key])
            if _is_toc_title(candidate.title) or not (link or repeated):
                break
            after = headings[nxt + 1].first_line - 1 if nxt + 1 < len(headings) else len(lines)
            if any(_line_kind(lines[k - 1]) == "prose" for k in range(candidate.last_line + 1, after + 1)):
                break  # a heading with text under it is content, even when its title repeats later
            toc.lines += list(candidate.lines)
            toc.heading_entries.append(nxt)
            if link and link[1]:
                dest = link[1]
                anchors = [d for d in dest if d.startswith("#")]
                toc.entries.append(_Entry(candidate.first_line, link[0] or candidate.title, anchors, "link",
                                          level=candidate.level, heading=nxt))
            else:
                toc.entries.append(_Entry(candidate.first_line, candidate.title, [], "heading",
                                          level=candidate.level, heading=nxt))
            stack = []
            region_start = candidate.last_line + 1
            nxt += 1
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
    atx = _atx(text)
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


def _toc_line(text: str, n: int, toc: _Toc, stack: list[int]) -> str:
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


def _entry_of(rest: str, n: int, depth: int) -> _Entry:
    link = _link_in(rest) if len(rest) <= MAX_HEADING_CHARS else None
    if link is None:
        return _Entry(n, markdown_title(rest), [], "text", list_depth=depth)
    text, dests = link
    anchors = [d for d in dests if d.startswith("#")]
    if anchors:
        return _Entry(n, text, anchors, "link", list_depth=depth)
    if dests and _is_bare_anchor(dests[0]):
        return _Entry(n, text, ["#" + d for d in dests if _is_bare_anchor(d)], "link", list_depth=depth,
                      missing_hash=True)
    return _Entry(n, text, [], "other", list_depth=depth)


# -------------------------------------------------------------------------------------------- classifying


@dataclass
class _Resolved:
    entry: _Entry
    target: int
    anchor: str
    rule: str


def _resolver(headings: list[Heading], candidates: list[int]) -> AnchorResolver[int]:
    resolver: AnchorResolver[int] = AnchorResolver()
    for i in candidates:
        h = headings[i]
        if h.explicit_id:
            resolver.add(h.explicit_id, i, title=h.title)
            if h.explicit_id.strip() != h.explicit_id:
                resolver.add(h.explicit_id.strip(), i, title=h.title)
        resolver.add(h.github_slug, i, title=h.title)
    return resolver


def _resolve_entry(entry: _Entry, resolver: AnchorResolver[int]) -> _Resolved | None:
    if entry.kind in ("text", "heading"):
        target = resolver.resolve_title(entry.text)  # an item without a link is matched by its text
        return _Resolved(entry, target, "", "link-text") if target is not None else None
    if entry.kind != "link":
        return None
    best: _Resolved | None = None
    for anchor in entry.anchors:
        res = resolver.resolve(anchor, entry.text)
        if res is None:
            continue
        if not res.repaired:
            return _Resolved(entry, res.target, anchor, res.rule)
        best = best or _Resolved(entry, res.target, anchor, res.rule)
    return best


def _title_index(resolver_titles: dict[str, list[int]], text: str) -> int | None:
    hits = resolver_titles.get(loose_key(text), [])
    return hits[0] if len(hits) == 1 else None


@dataclass
class _Classified:
    kinds: dict[int, str]
    toc_targets: dict[int, int]
    toc_lines: set[int]
    entries: list[TocEntry]
    first_toc_line: int | None


def classify_headings(lines: list[str], headings: list[Heading], path: str, topic_levels: tuple[int, ...] | None,
                      question_levels: tuple[int, ...] | None) -> tuple[_Classified, list[Diagnostic]]:
    """Decide for each heading (by index) whether it is a ``topic``, ``question``, ``title``, ``sub`` heading
    or part of a TOC (``toc``); find the TOC lines and which heading each TOC item names."""
    diags: list[Diagnostic] = []
    tocs = find_tocs(lines, headings)
    toc_title_indexes = {t.heading for t in tocs} | {i for i, h in enumerate(headings) if _is_toc_title(h.title)}
    in_tocs = {i for t in tocs for i in t.heading_entries}
    candidates = [i for i in range(len(headings)) if i not in toc_title_indexes and i not in in_tocs]
    resolver = _resolver(headings, candidates)
    titles: dict[str, list[int]] = defaultdict(list)
    for i in candidates:
        titles[loose_key(headings[i].title)].append(i)

    valid: list[tuple[_Toc, list[_Resolved]]] = []
    returned = False  # headings that were taken for TOC items and are headings again
    for toc in tocs:
        resolved = [r for r in (_resolve_entry(e, resolver) for e in toc.entries) if r is not None]
        if resolved:
            valid.append((toc, resolved))
            continue
        title = headings[toc.heading]
        if toc.entries:
            diags.append(Diagnostic(path, title.first_line, Severity.WARNING,
                                    f"the TOC under '{title.title}' names no heading of the document; it is kept "
                                    "as text", "fix its links so they name the headings' ids"))
        candidates += toc.heading_entries  # the headings of a TOC that is not one are headings again
        returned = returned or bool(toc.heading_entries)
    for toc, resolved in valid:
        # an item that names no heading and is not a broken link (plain text, a link to another file) is text
        named = {r.entry.line for r in resolved}
        for e in toc.entries:
            if e.line in named or e.kind == "link":
                continue
            lines_of_item = list(headings[e.heading].lines) if e.heading >= 0 else [e.line]
            toc.lines = [n for n in toc.lines if n not in lines_of_item]
            if e.heading >= 0:
                candidates.append(e.heading)
                returned = True
    candidates.sort()
    if returned:
        resolver = _resolver(headings, candidates)
        valid = [(toc, [r for r in (_resolve_entry(e, resolver) for e in toc.entries) if r is not None])
                 for toc, _ in valid]

    toc_lines = {n for toc, _ in valid for n in toc.lines}
    toc_targets: dict[int, int] = {}
    entries: list[TocEntry] = []
    for toc, resolved in valid:
        by_line = {r.entry.line: r for r in resolved}
        for e in toc.entries:
            r = by_line.get(e.line)
            entries.append(TocEntry(e.text, r.anchor if r else (e.anchors[0] if e.anchors else ""), e.depth, e.line))
            if r is None:
                if _is_toc_title(e.text):
                    continue  # a link to the TOC itself
                if e.kind == "link":
                    diags.append(Diagnostic(path, e.line, Severity.WARNING,
                                            f"TOC link '{_short(e.anchors[0])}' matches no heading",
                                            "fix the anchor so it names a heading id"))
                continue
            toc_targets[e.line] = r.target
            h = headings[r.target]
            if e.missing_hash:
                diags.append(Diagnostic(path, e.line, Severity.NOTICE,
                                        f"TOC link '{_short(r.anchor[1:])}' has no '#'; read as a link to line "
                                        f"{h.first_line} '{_short(h.title)}'",
                                        f"change the link to '#{h.explicit_id or h.github_slug}'"))
            elif r.rule not in ("exact", "normalised", "link-text"):
                diags.append(Diagnostic(path, e.line, Severity.NOTICE,
                                        f"TOC link '{_short(r.anchor)}' matches no id; repaired by the '{r.rule}' "
                                        f"rule to line {h.first_line} '{h.title}'",
                                        f"change the link to '#{h.explicit_id or h.github_slug}'"))
            elif r.rule == "link-text" and e.kind == "link":
                diags.append(Diagnostic(path, e.line, Severity.NOTICE,
                                        f"TOC link '{_short(r.anchor or e.anchors[0])}' matches no id; repaired by "
                                        f"the 'link-text' rule to line {h.first_line} '{h.title}'",
                                        f"change the link to '#{h.explicit_id or h.github_slug}'"))
            if e.kind == "link" and r.rule in ("exact", "normalised"):
                named = _title_index(titles, e.text)
                if named is not None and named != r.target and loose_key(e.text) != loose_key(h.title):
                    other = headings[named]
                    diags.append(Diagnostic(path, e.line, Severity.NOTICE,
                                            f"TOC item '{_short(e.text)}' links to line {h.first_line} "
                                            f"'{_short(h.title)}', but its text names line {other.first_line}",
                                            f"change the link to '#{other.explicit_id or other.github_slug}'"))

    primary = max(valid, key=lambda v: len(v[1]), default=None)
    first_toc_line = headings[primary[0].heading].first_line if primary else None
    if topic_levels is not None or question_levels is not None:
        listed = _roles_from_toc(primary, headings, candidates, titles) if primary else {}
        kinds = _classify_by_levels(headings, candidates, listed, topic_levels, question_levels)
    elif primary:
        listed = _roles_from_toc(primary, headings, candidates, titles)
        kinds = _classify_by_toc(headings, candidates, listed, first_toc_line, path, diags)
    else:
        kinds = _classify_without_toc(headings, candidates)
    for i in range(len(headings)):
        kinds.setdefault(i, "toc" if headings[i].first_line in toc_lines else "sub")
    return _Classified(kinds, toc_targets, toc_lines, entries, first_toc_line), diags


def _roles_from_toc(primary: tuple[_Toc, list[_Resolved]], headings: list[Heading], candidates: list[int],
                    titles: dict[str, list[int]]) -> dict[int, str]:
    """Heading index → role its TOC item gives it (``title``, ``topic``, ``question`` or ``sub``)."""
    _, resolved = primary
    depths = sorted({r.entry.depth for r in resolved})
    by_depth: dict[int, list[int]] = defaultdict(list)
    for r in resolved:
        by_depth[r.entry.depth].append(r.target)
    roles: dict[int, str] = {}
    first = min(candidates) if candidates else None
    top = by_depth[depths[0]]
    if len(depths) >= 3 and len(set(top)) == 1 and top[0] == first \
            and headings[first].level == min(headings[i].level for i in candidates):
        roles[depths[0]] = "title"
        depths = depths[1:]
    if len(depths) == 1:
        roles[depths[0]] = "question"
    else:
        roles[depths[0]], roles[depths[1]] = "topic", "question"
        for d in depths[2:]:
            roles[d] = "sub"
    listed: dict[int, str] = {}
    for r in resolved:
        listed.setdefault(r.target, roles[r.entry.depth])
    for r in resolved:  # a link to the wrong heading: the heading its text names is listed too
        if r.entry.kind == "link" and r.rule in ("exact", "normalised"):
            named = _title_index(titles, r.entry.text)
            if named is not None and named != r.target:
                listed.setdefault(named, roles[r.entry.depth])
    return listed


def _signature(h: Heading) -> tuple[int, bool]:
    return h.level, bool(h.explicit_id)


def _title_heading(headings: list[Heading], candidates: list[int], excluded_levels: set[int] = frozenset(),
                   above: int | None = None) -> int | None:
    """The document's title: its first heading, alone on the shallowest level (or above the TOC)."""
    if not candidates:
        return None
    first = candidates[0]
    levels = [headings[i].level for i in candidates]
    top = min(levels)
    h = headings[first]
    if h.level != top or h.level in excluded_levels or (h.explicit_id and h.level != 1):
        return None
    if above is not None and h.first_line < above:
        return first
    if levels.count(top) == 1 and len(set(levels)) > 1:
        return first
    return None


def _classify_by_toc(headings: list[Heading], candidates: list[int], listed: dict[int, str], first_toc_line: int,
                     path: str, diags: list[Diagnostic]) -> dict[int, str]:
    kinds: dict[int, str] = dict(listed)
    sigs: dict[str, Counter] = {"topic": Counter(), "question": Counter()}
    for i, role in listed.items():
        if role in sigs:
            sigs[role][_signature(headings[i])] += 1
    listed_lines = [headings[i].first_line for i, role in listed.items() if role in ("topic", "question")]
    first_listed = min(listed_lines) if listed_lines else None
    title = _title_heading(headings, [i for i in candidates if i not in listed], above=first_toc_line)
    if title is not None and (first_listed is None or headings[title].first_line < first_listed):
        kinds[title] = "title"
    for i in candidates:
        if i in kinds:
            continue
        h = headings[i]
        if h.first_line < first_toc_line and (first_listed is None or h.first_line < first_listed):
            kinds[i] = "sub"  # above the TOC (and above everything it lists): the preamble
            continue
        t, q = sigs["topic"][_signature(h)], sigs["question"][_signature(h)]
        if not t and not q:
            kinds[i] = "sub"
        elif q >= t:
            kinds[i] = "question"
            diags.append(Diagnostic(path, h.first_line, Severity.NOTICE,
                                    f"question '{h.title}' is not listed in the TOC",
                                    "add it to the TOC if readers of the source should find it"))
        else:
            kinds[i] = "topic"
            diags.append(Diagnostic(path, h.first_line, Severity.NOTICE,
                                    f"topic '{h.title}' is not listed in the TOC",
                                    "add it to the TOC if readers of the source should find it"))
    return kinds


def _classify_without_toc(headings: list[Heading], candidates: list[int]) -> dict[int, str]:
    kinds: dict[int, str] = {}
    title = _title_heading(headings, candidates)
    if title is not None:
        kinds[title] = "title"
    rest = [i for i in candidates if i != title]
    with_ids = [i for i in rest if headings[i].explicit_id]
    pool = set(with_ids) if len(with_ids) >= 2 else set(rest)
    levels = sorted({headings[i].level for i in pool})
    if not levels:
        return kinds
    topic_level: int | None = None
    topics_from_pool = True
    if len(levels) >= 2:
        topic_level, question_level = levels[0], levels[1]
    else:
        question_level = levels[0]
        above = [headings[i].level for i in rest if headings[i].level < question_level]
        if above:
            topic_level, topics_from_pool = max(above), False
    for i in rest:
        level = headings[i].level
        if level == topic_level and (i in pool or not topics_from_pool):
            kinds[i] = "topic"
        elif level == question_level and i in pool:
            kinds[i] = "question"
        else:
            kinds[i] = "sub"
    return kinds


def _classify_by_levels(headings: list[Heading], candidates: list[int], listed: dict[int, str],
                        topic_levels: tuple[int, ...] | None,
                        question_levels: tuple[int, ...] | None) -> dict[int, str]:
    kinds: dict[int, str] = {}
    explicit = set(topic_levels or ()) | set(question_levels or ())
    title = _title_heading(headings, candidates, excluded_levels=explicit)
    if title is not None:
        kinds[title] = "title"
    rest = [i for i in candidates if i != title]
    present = sorted({headings[i].level for i in rest})
    questions = set(question_levels or ())
    topics = set(topic_levels or ())
    if question_levels is not None and topic_levels is None:
        deepest = max(questions)
        others = [lvl for lvl in present if lvl not in questions and lvl < deepest]
        topics = {others[0]} if others else set()
    if topic_levels is not None and question_levels is None:
        below = [lvl for lvl in present if lvl > max(topics)]
        questions = {below[0]} if below else set()
    forms: dict[int, set[bool]] = defaultdict(set)
    if listed:
        for i in listed:
            forms[headings[i].level].add(bool(headings[i].explicit_id))
    else:  # no TOC: at a level where two or more headings have ids, those without one are sub-headings
        ids = Counter(headings[i].level for i in rest if headings[i].explicit_id)
        forms.update({level: {True} for level, count in ids.items() if count >= 2})
    for i in rest:
        h = headings[i]
        kind = "question" if h.level in questions else "topic" if h.level in topics else "sub"
        if kind != "sub" and i not in listed and forms.get(h.level) and bool(h.explicit_id) not in forms[h.level]:
            kind = "sub"
        kinds[i] = kind
    return kinds


# -------------------------------------------------------------------------------------------- document


def _merge_options(options: ParseOptions | None, fm: _FrontMatter, path: str,
                   diags: list[Diagnostic]) -> tuple[tuple[int, ...] | None, tuple[int, ...] | None]:
    topic, question = fm.topic_levels, fm.question_levels
    if options is not None:
        for name in ("topic_levels", "question_levels"):
            value = getattr(options, name)
            if value is None:
                continue
            levels = _levels(list(value))
            if levels is None:
                diags.append(Diagnostic(path, 0, Severity.ERROR,
                                        f"parse option {name}={value!r} is not a list of heading levels 1–6",
                                        "fix the setting that passes it"))
                continue
            if name == "topic_levels":
                topic = levels
            else:
                question = levels
    if topic and question and set(topic) & set(question):
        both = sorted(set(topic) & set(question))
        diags.append(Diagnostic(path, fm.lines[0] if fm.lines else 0, Severity.WARNING,
                                f"heading level {', '.join(map(str, both))} is set as both a topic and a question "
                                "level; it is read as a question level",
                                "give topics and questions different levels"))
        topic = tuple(level for level in topic if level not in question) or None
    return topic, question


def parse_document(text: str, path: str, options: ParseOptions | None = None) -> tuple[Document, list[Diagnostic]]:
    """Split one document into preamble, topics and questions; every content line lands in exactly one."""
    lines = split_lines(text)
    fm, diags = read_front_matter(lines, path)
    topic_levels, question_levels = _merge_options(options, fm, path, diags)
    fm_set = set(fm.lines)
    scan_lines = ["" if n + 1 in fm_set else line for n, line in enumerate(lines)]
    headings, heading_diags = scan_headings(scan_lines, path)
    diags += heading_diags
    classified, class_diags = classify_headings(scan_lines, headings, path, topic_levels, question_levels)
    diags += class_diags
    kinds = classified.kinds
    skip = classified.toc_lines | fm_set
    heading_at = {h.first_line: (i, h) for i, h in enumerate(headings)}

    title = ""
    preamble: list[SourceLine] = []
    topics: list[Topic] = []
    current: list[SourceLine] = preamble
    current_subs: list[Heading] | None = None
    topic: Topic | None = None
    has_topics = any(kind == "topic" for kind in kinds.values())
    n = 1
    while n <= len(lines):
        if n in skip:
            n += 1
            continue
        hit = heading_at.get(n)
        kind = kinds.get(hit[0]) if hit else None
        if hit and kind in ("topic", "question"):
            h = hit[1]
            if kind == "topic":
                topic = Topic(h, h.title, [], number=leading_number(h.title))
                topics.append(topic)
                current, current_subs = topic.intro, topic.sub_headings
            else:
                if topic is None:
                    topic = Topic(None, "", [], number=None)
                    topics.append(topic)
                    if has_topics:
                        diags.append(Diagnostic(path, h.first_line, Severity.NOTICE,
                                                f"question '{h.title}' comes before any topic heading; it is put in "
                                                "an untitled first topic", "add a topic heading above it"))
                q = Question(h, [], leading_number(h.title), topic=topic)
                topic.questions.append(q)
                current, current_subs = q.body, q.sub_headings
            n = h.last_line + 1
            continue
        if hit and kind == "title" and not title:
            title = hit[1].title
        if hit and kind in ("sub", "title") and current_subs is not None:
            current_subs.append(hit[1])
        current.append(SourceLine(n, lines[n - 1]))
        n += 1
    fm_title = fm.data.get("title") if isinstance(fm.data.get("title"), str) else ""
    title = clean_text(fm_title) or title
    for t in topics:
        if t.heading is None:
            t.title = title or path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if not t.questions:
            diags.append(Diagnostic(path, t.heading.first_line if t.heading else 1, Severity.WARNING,
                                    f"topic '{t.title}' has no questions",
                                    "add questions under it or remove the heading; if its questions are read as "
                                    "topics, set the levels in the front matter ('qa: {topic_level: 2, "
                                    "question_level: 3}')"))
    if not topics:
        diags.append(Diagnostic(path, 1, Severity.WARNING, "no topics or questions found",
                                "use headings with ids or a TOC, or set the levels in the front matter "
                                "('qa: {question_level: 3}')"))
    diags += _duplicate_ids(headings, topics, kinds, path)
    sections = [preamble] + [s for t in topics for s in [t.intro] + [q.body for q in t.questions]]
    diags += _lint(sections, lines, fm_set, path)
    doc = Document(path, title, sorted(classified.toc_lines), preamble, topics, headings, classified.entries,
                   {line: headings[i] for line, i in classified.toc_targets.items()},
                   front_matter_lines=fm.lines, front_matter=fm.data)
    return doc, diags


def _duplicate_ids(headings: list[Heading], topics: list[Topic], kinds: dict[int, str],
                   path: str) -> list[Diagnostic]:
    """A repeated id: reported; the later topic/question gets the key ``id-1`` so its URL stays its own."""
    diags: list[Diagnostic] = []
    first_with: dict[str, Heading] = {}
    for i, h in enumerate(headings):
        if kinds.get(i) == "toc" or not h.explicit_id:
            continue
        other = first_with.get(h.explicit_id)
        if other is None:
            first_with[h.explicit_id] = h
            continue
        diags.append(Diagnostic(path, h.first_line, Severity.WARNING,
                                f"id '{_short(h.explicit_id)}' is already the id of line {other.first_line} "
                                f"'{_short(other.title)}'; links to '#{_short(h.explicit_id)}' go there",
                                "give this heading an id of its own"))
    used: set[str] = set()
    structural = sorted([t.heading for t in topics if t.heading] + [q.heading for t in topics for q in t.questions],
                        key=lambda h: h.first_line)
    every = {h.explicit_id for h in headings if h.explicit_id} | {h.github_slug for h in headings}
    for h in structural:
        key = h.explicit_id or h.github_slug
        if key in used:
            k = 1
            while f"{key}-{k}" in used or f"{key}-{k}" in every:
                k += 1
            h.unique_key = f"{key}-{k}"
            key = h.unique_key
        used.add(key)
    return diags


def _lint(sections: list[list[SourceLine]], lines: list[str], fm_set: set[int], path: str) -> list[Diagnostic]:
    """Problems inside the text: characters that cannot be shown, unclosed formulas, HTML shown as text."""
    diags: list[Diagnostic] = []
    bad_chars = [n for n, line in enumerate(lines, start=1) if n not in fm_set and _CONTROL.search(line)]
    for n in bad_chars[:MAX_REPORTED]:
        ch = _CONTROL.search(lines[n - 1]).group()
        name = "a NUL byte" if ch == "\x00" else f"the character U+{ord(ch):04X}"
        diags.append(Diagnostic(path, n, Severity.WARNING,
                                f"line contains {name}, which cannot be shown; it is shown as U+FFFD (\ufffd)",
                                "remove it: the file may be damaged or partly binary"))
    if len(bad_chars) > MAX_REPORTED:
        diags.append(Diagnostic(path, bad_chars[MAX_REPORTED], Severity.WARNING,
                                f"{len(bad_chars) - MAX_REPORTED} more lines contain characters that cannot be "
                                "shown", "remove them: the file may be damaged or partly binary"))
    unsafe: list[tuple[int, str]] = []
    for section in sections:
        if not section:
            continue
        numbered = [(line.number, line.text) for line in section]
        for number, message, hint in unbalanced_math(numbered):
            diags.append(Diagnostic(path, number, Severity.WARNING, message, hint))
        flags = fence_flags([t for _, t in numbered])
        for (number, text), fenced in zip(numbered, flags):
            if not fenced:
                unsafe += [(number, what) for what in unsafe_markup(text)]
    for number, what in unsafe[:20]:
        diags.append(Diagnostic(path, number, Severity.NOTICE,
                                f"{what} is shown as text: the site never runs scripts or loads frames from a document",
                                "put it in `code` if it is an example"))
    if len(unsafe) > 20:
        diags.append(Diagnostic(path, unsafe[20][0], Severity.NOTICE,
                                f"{len(unsafe) - 20} more pieces of HTML are shown as text",
                                "put them in `code` if they are examples"))
    diags.sort(key=lambda d: d.line)
    return diags


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
