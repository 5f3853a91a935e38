"""Finding headings in the three forms of this family, and their titles as plain text.

``<h3 id='…'>…</h3>``, an ``<a id="…"></a>`` line followed by a heading, and Markdown ``###`` headings;
never inside code fences (a fence never closed is ended before the next heading of its section).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .markdown_fixes import HTML_ELEMENTS
from .markdown_scan import code_span_ranges, scan_fences
from .math_delimiters import TITLE_MATH, title_formula
from .model import Diagnostic, Heading, Severity
from .slugs import GithubSlugger

MAX_HEADING_CHARS = 10_000  # longer lines are prose (and keep the scanners linear on hostile input)
_ID_ATTR = r"""(?<![\w-])(?:id|name)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>"']+))"""
ID_ATTR = re.compile(_ID_ATTR, re.I)
HTML_HEADING = re.compile(r"^ {0,3}<h(?P<level>[1-6])\b(?P<attrs>[^>]*)>(?P<title>.*?)</h(?P=level)\s*>\s*$", re.I)
HTML_HEADING_OPEN = re.compile(r"^ {0,3}<h(?P<level>[1-6])\b(?P<attrs>[^>]*)>", re.I)
_ANCHOR_OPEN = re.compile(r"\s*<(?P<tag>a|span)\s", re.I)
TAG = re.compile(r"</?(?P<name>[A-Za-z][A-Za-z0-9]*)\b[^<>]*>")
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ue000-\ue003\ufffe\uffff]")

# ---------------------------------------------------------------------------------------------- titles


def _id_from(match: re.Match) -> str | None:
    for group in ("dq", "sq", "bare"):
        value = match.group(group)
        if value is not None:
            return html.unescape(value)
    return None


def clean_text(text: str) -> str:
    """Whitespace collapsed, control and reserved characters shown as U+FFFD (never passed on raw)."""
    return " ".join(CONTROL_CHARS.sub("\ufffd", text).split())


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




def markdown_title(raw: str) -> str:
    """The text a reader sees for a Markdown heading: emphasis, links and known tags removed; code spans
    (their text) and formulas (``$…$``, ``\\(…\\)``, verbatim, for the math pass) kept."""
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
    held = TITLE_MATH.sub(lambda m: hold(m.group(0)) if title_formula(m.group(0)) else m.group(0), "".join(parts))
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


def atx_heading(line: str) -> tuple[int, str] | None:
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
    bold: bool = False


_NUMBER = r"(?:\d{1,3}(?:\s*[.．]\s*\d{1,3})*\s*[.、．:：)）]?\s*)?"  # a question number may stand outside the bold
_BOLD_MD = re.compile(rf"^{_NUMBER}(\*\*|__)(?=\S)(?P<inner>.+?)(?<=\S)\1$")
_BOLD_HTML = re.compile(rf"^{_NUMBER}<(?P<tag>b|strong)\b[^>]*>(?P<inner>.+?)</(?P=tag)\s*>$", re.I)


def bold_only(raw: str) -> bool:
    """The heading's text is one bold span (``**…**``, ``__…__``, ``<b>…</b>``), a number before it allowed."""
    raw = raw.strip()
    if len(raw) > 1000:
        return False
    m = _BOLD_MD.match(raw)
    if m:
        return m.group(1) not in m.group("inner")
    m = _BOLD_HTML.match(raw)
    return bool(m) and not re.search(rf"</?{m.group('tag')}\b", m.group("inner"), re.I)


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
                                f"put '{shorten(trail.strip())}' on a line of its own"))
        return None
    raw = " ".join(parts)
    id_match = ID_ATTR.search(m.group("attrs"))
    explicit = _id_from(id_match) if id_match else None
    if explicit is None:
        inner = re.search(r"<(?:a|span)\s[^>]*>", raw, re.I)
        inner_id = ID_ATTR.search(inner.group(0)) if inner else None
        explicit = _id_from(inner_id) if inner_id else None
    return _Found(level, plain_title(raw), explicit, "html", i, last, bold_only(raw))


def _markdown_heading(line: str, i: int) -> _Found | None:
    atx = atx_heading(line)
    if atx is None:
        return None
    level, raw = atx
    raw, explicit = _split_attr_id(raw)
    raw, inline = _inline_anchor(raw)
    explicit = inline if inline is not None else explicit
    return _Found(level, markdown_title(raw), explicit, "anchor" if explicit is not None else "plain", i, i,
                  bold_only(raw))


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
                                    f"heading '{shorten(found.title)}' has an empty id; it is addressed by its title",
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
                                found.last + 1, bold=found.bold))
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
            marker = shorten(lines[a].strip(), 30)
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
        atx = atx_heading(lines[k])
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
            if nxt is not None and (HTML_HEADING_OPEN.match(lines[nxt]) or atx_heading(lines[nxt])):
                return j
        atx = atx_heading(line)
        if atx and atx[1] and owner is not None and (2 <= atx[0] <= owner or atx[0] == owner == 1):
            return j
    return None


def shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
