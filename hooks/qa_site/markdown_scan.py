"""Small Markdown scanners shared by the passes that must never touch code.

Every pre-pass (headings, links, math, HTML-like text) needs the same two facts: which lines are inside a
fenced code block, and which parts of a line are inline code spans. They live here once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

FENCE_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


def split_lines(text: str) -> list[str]:
    """Split text into lines on LF, CRLF or CR only (``str.splitlines`` also splits on U+2028 and friends)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def scan_fences(lines: Iterable[str]) -> list[tuple[int, int, str, bool]]:
    """Fenced code blocks as ``(first, last, info, closed)``: 0-based line indexes, fence lines included.

    An unclosed fence runs to the end (``closed`` is False), as in CommonMark and Python-Markdown's
    superfences; only the last block can be unclosed.
    """
    blocks: list[tuple[int, int, str, bool]] = []
    start = -1
    fence = info = ""
    index = -1
    for index, line in enumerate(lines):
        if start < 0:
            if "`" not in line and "~" not in line:
                continue
            m = FENCE_RE.match(line)
            if m and not (m.group("fence")[0] == "`" and "`" in m.group("info")):
                start, fence, info = index, m.group("fence"), m.group("info").strip()
        else:
            stripped = line.strip()
            if len(stripped) >= len(fence) and set(stripped) == {fence[0]}:
                blocks.append((start, index, info, True))
                start = -1
    if start >= 0:
        blocks.append((start, index, info, False))
    return blocks


def fence_blocks(lines: Iterable[str]) -> list[tuple[int, int, str]]:
    """Fenced code blocks as ``(first, last, info)`` 0-based line indexes, fence lines included.

    An unclosed fence runs to the end, as in CommonMark and Python-Markdown's superfences.
    """
    return [(first, last, info) for first, last, info, _ in scan_fences(lines)]


def fence_flags(lines: Iterable[str]) -> list[bool]:
    """For each line, True when it belongs to a fenced code block (the fence lines included)."""
    lines = list(lines)
    flags = [False] * len(lines)
    for first, last, _ in fence_blocks(lines):
        for i in range(first, last + 1):
            flags[i] = True
    return flags


def fence_info(line: str) -> str | None:
    """The info string of a fence opening line (``math`` for ```` ```math ````), or None if not a fence."""
    m = FENCE_RE.match(line)
    return m.group("info").strip() if m else None


_BACKTICKS = re.compile(r"`+")


def code_span_ranges(text: str) -> list[tuple[int, int]]:
    """Half-open character ranges of inline code spans (backticks included) in one line.

    A run of N backticks opens a span closed by the next run of exactly N backticks, as in CommonMark.
    A backslash-escaped backtick opens nothing.
    """
    ranges: list[tuple[int, int]] = []
    pos = 0
    while True:
        m = _BACKTICKS.search(text, pos)
        if not m:
            return ranges
        if m.start() > 0 and text[m.start() - 1] == "\\" and not _is_escaped_backslash(text, m.start() - 1):
            pos = m.start() + 1
            continue
        run = m.group()
        close = m.end()
        while True:
            c = _BACKTICKS.search(text, close)
            if not c:
                break
            if len(c.group()) == len(run):
                ranges.append((m.start(), c.end()))
                break
            close = c.end()
        if not c:
            pos = m.end()
        else:
            pos = c.end()


def _is_escaped_backslash(text: str, index: int) -> bool:
    """True when the backslash at ``index`` is itself escaped (an odd number of backslashes before it)."""
    count = 0
    i = index - 1
    while i >= 0 and text[i] == "\\":
        count += 1
        i -= 1
    return count % 2 == 1


def outside_code(text: str) -> Iterator[tuple[bool, int, int]]:
    """Yield ``(is_code, start, end)`` segments covering the line, code spans marked."""
    pos = 0
    for start, end in code_span_ranges(text):
        if start > pos:
            yield False, pos, start
        yield True, start, end
        pos = end
    if pos < len(text):
        yield False, pos, len(text)


def map_outside_code(text: str, func) -> str:
    """Apply ``func`` to the parts of one line that are not inline code, keep code spans as they are."""
    return "".join(text[s:e] if code else func(text[s:e]) for code, s, e in outside_code(text))


def link_destination_end(text: str, start: int, loose: bool = False) -> int | None:
    """Given the index just after ``](``, return the index of the ``)`` closing the destination.

    Balanced parentheses inside the destination are kept, as CommonMark does: ``(#a(b)c)`` is one link.
    A destination in angle brackets ends at its ``>``. Returns None when the link is not closed on the line.
    ``loose`` reads as Python-Markdown does where CommonMark sees no link (``[a](x y)``, ``![a](imgs/a b.png)``):
    spaces do not end the destination.
    """
    i = start
    n = len(text)
    while i < n and text[i] == " ":
        i += 1
    if i < n and text[i] == "<" and not loose:
        close = text.find(">", i + 1)
        if close < 0:
            return None
        j = close + 1
        # optional title
        rest = text.find(")", j)
        return rest if rest >= 0 else None
    depth = 0
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n:
            i += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                return i
            depth -= 1
        elif ch == " " and depth == 0 and not loose:
            # a title may follow: find the closing parenthesis after it
            rest = re.match(r' +(?:"[^"]*"|\'[^\']*\'|\([^)]*\))? *\)', text[i:])
            return i + rest.end() - 1 if rest else None
        i += 1
    return None


_TRAILING_TITLE = re.compile(r'\s+("[^"]*"|\'[^\']*\')$')


def split_destination(raw: str, spaced: bool = False) -> tuple[str, str]:
    """A link's destination and its optional title: ``<a b.md> "t"``, ``a.md "t"``, ``#an id "t"``.

    An anchor keeps its inner spaces (hand-made ids have them); ``spaced`` keeps a whole path with spaces
    (and splits off a quoted title at its end).
    An empty destination (``![]()``, ``[text]( )``, ``[x](<>)``) gives ``("", "")``: the callers report it.
    """
    raw = raw.strip()
    if not raw:
        return "", ""
    if raw.startswith("<"):
        close = raw.find(">")
        if close < 0:
            return raw, ""
        return raw[1:close], raw[close + 1:].strip()
    if spaced or raw.startswith("#"):
        m = _TRAILING_TITLE.search(raw)
        return (raw[: m.start()], m.group(1)) if m else (raw, "")
    parts = raw.split(None, 1)
    return parts[0], (parts[1] if len(parts) > 1 else "")
