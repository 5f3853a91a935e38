"""Pre-passes that make Python-Markdown read the family's Markdown the way its authors (and GitHub) do.

* Text that looks like HTML but is prose (``<reasoning_process>``, ``<summary>`` with no ``</summary>``,
  ``\\<think>``) is escaped so it stays visible. A tag is real HTML only when it names an HTML element and
  is either void (``<br>``, ``<img>``) or closed later in the same page (``<div align=center>…</div>``).
* Lists nested by 2 or 3 spaces are re-indented to the 4 spaces Python-Markdown needs, and a list written
  directly under a paragraph line gets the blank line Python-Markdown needs to see it.
"""

from __future__ import annotations

import re

from .markdown_scan import fence_blocks, fence_flags, map_outside_code, outside_code

HTML_ELEMENTS = frozenset("""
a abbr address article aside audio b bdi bdo blockquote br button caption center cite code col colgroup data
dd del details dfn div dl dt em figcaption figure font footer h1 h2 h3 h4 h5 h6 header hr i iframe img input
ins kbd label legend li mark nav ol p picture pre q s samp section small source span strike strong sub
summary sup table tbody td tfoot th thead time tr track u ul var video wbr
""".split())
VOID_ELEMENTS = frozenset("area base br col embed hr img input link meta source track wbr".split())
# <script>, <style>, <iframe> and event handlers are never passed through: they would run in readers' browsers
UNSAFE_ELEMENTS = frozenset("script style iframe object embed form input button textarea select link meta base".split())

TAG_RE = re.compile(r"(?P<escape>\\?)<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9_:-]*)(?P<attrs>(?:\s[^<>]*?)?)(?P<selfclose>/?)>")
EVENT_ATTR = re.compile(r"\bon[a-z]+\s*=|javascript:", re.I)


def escape_pseudo_html(lines: list[str]) -> list[str]:
    """Escape tag-like text that is not real HTML; keep real HTML the author wrote."""
    in_fence = fence_flags(lines)
    closes: dict[str, int] = {}  # closing tags not yet reached (outside code), by element name
    for i, line in enumerate(lines):
        if in_fence[i]:
            continue
        for code, start, end in outside_code(line):
            if code:
                continue
            for m in TAG_RE.finditer(line[start:end]):
                if m.group("close") and not m.group("escape"):
                    closes[m.group("name").lower()] = closes.get(m.group("name").lower(), 0) + 1

    opened: dict[str, int] = {}

    def fix(segment: str) -> str:
        def repl(m: re.Match) -> str:
            name = m.group("name").lower()
            if m.group("close") and not m.group("escape"):
                closes[name] -= 1  # an opening tag further on can no longer be closed by this one
            if m.group("escape"):
                return "&lt;" + m.group(0)[2:]
            if name in UNSAFE_ELEMENTS or EVENT_ATTR.search(m.group("attrs") or ""):
                return "&lt;" + m.group(0)[1:]
            if name not in HTML_ELEMENTS:
                return "&lt;" + m.group(0)[1:]
            if m.group("close"):
                if opened.get(name, 0) > 0:
                    opened[name] -= 1
                    return m.group(0)
                return "&lt;" + m.group(0)[1:]
            if name in VOID_ELEMENTS or m.group("selfclose"):
                return m.group(0)
            if closes.get(name, 0) > opened.get(name, 0):
                opened[name] = opened.get(name, 0) + 1
                return m.group(0)
            return "&lt;" + m.group(0)[1:]

        return TAG_RE.sub(repl, segment)

    return [line if in_fence[i] else map_outside_code(line, fix) for i, line in enumerate(lines)]


LIST_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*+]|\d{1,9}[.)])(?P<space>[ \t]+|$)")


def _width(indent: str) -> int:
    return len(indent.expandtabs(4))


def normalise_lists(lines: list[str]) -> list[str]:
    """Re-indent list items and their continuation lines to 4 spaces per nesting level.

    An item's children are recognised by being indented more than the item's marker (2, 3 or 4 spaces, or
    a tab); they move to exactly 4 spaces per level, keeping any extra indentation (code, sub-paragraphs).
    A fenced block inside an item moves as a whole.
    """
    fences = {first: last for first, last, _ in fence_blocks(lines)}
    out: list[str] = []
    stack: list[tuple[int, int, int]] = []  # (marker column, content column, new marker column)
    previous_blank = True
    previous_paragraph = False
    i = 0
    while i < len(lines):
        line = lines[i]
        width = _width(line[: len(line) - len(line.lstrip())])
        if not line.strip():
            out.append(line)
            previous_blank = True
            i += 1
            continue
        item = LIST_ITEM.match(line) if i not in fences else None
        if item:
            while stack and width <= stack[-1][0]:
                stack.pop()
            if not stack and previous_paragraph and not previous_blank:
                out.append("")  # a list directly under a paragraph line
            new_col = 4 * len(stack)
            space = item.group("space").expandtabs(4) or " "
            stack.append((width, width + len(item.group("marker")) + len(space), new_col))
            out.append(" " * new_col + line.lstrip())
            previous_paragraph = False
        elif stack and width == 0 and previous_blank:
            stack.clear()
            out.append(line)
            previous_paragraph = True
        elif stack and width == 0 and i not in fences:
            out.append(line)  # a lazy continuation line of the item's paragraph
        elif stack:
            while len(stack) > 1 and width <= stack[-1][0]:
                stack.pop()
            marker_col, content_col, new_col = stack[-1]
            shift = new_col + 4 + max(0, width - content_col) - width
            last = fences.get(i, i)
            out.extend(_shift(lines[j], shift) for j in range(i, last + 1))
            i = last + 1
            previous_blank = False
            continue
        else:
            last = fences.get(i, i)
            out.extend(lines[i:last + 1])
            previous_paragraph = i not in fences and not line.lstrip().startswith(("#", "<", ">", "|"))
            i = last + 1
            previous_blank = False
            continue
        previous_blank = False
        i += 1
    return out


def _shift(line: str, amount: int) -> str:
    """Move a line right (or left) by ``amount`` columns, tabs counted as 4."""
    if not line.strip():
        return line
    width = _width(line[: len(line) - len(line.lstrip())])
    return " " * max(0, width + amount) + line.lstrip()
