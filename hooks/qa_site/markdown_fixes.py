"""Pre-passes that make Python-Markdown read the family's Markdown the way its authors (and GitHub) do.

* Text that looks like HTML but is prose (``<reasoning_process>``, ``<summary>`` with no ``</summary>``,
  ``\\<think>``) is escaped so it stays visible. A tag is real HTML only when it names an HTML element and
  is either void (``<br>``, ``<img>``) or closed later in the same page (``<div align=center>…</div>``).
  A tag spread over several lines is judged as a whole. Active content is always shown as text: script-like
  elements, event handlers (``onerror=``), script URLs (also entity-encoded or split by whitespace), and
  attribute lists (``{: onclick=…}``) that would add them. Control characters (NUL…) become U+FFFD.
* Lists nested by 2 or 3 spaces are re-indented to the 4 spaces Python-Markdown needs, and a list written
  directly under a paragraph line gets the blank line Python-Markdown needs to see it. Nesting deeper than
  ``MAX_LIST_DEPTH`` levels stays at that depth (every item is kept; rendering time stays bounded).
"""

from __future__ import annotations

import html
import re

from .markdown_scan import FENCE_RE, fence_blocks, fence_flags, outside_code, scan_fences

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
OPENER = re.compile(r"<(?=/?[A-Za-z])")
AUTOLINK = re.compile(r"<(?:(?:https?|ftp)://[^<>\s]*|mailto:[^<>\s]+|[^<>\s!@]+@[^<>\s@]+)>", re.I)
ATTR_LIST = re.compile(r"\{:?[^{}\n]*\}")
ATTRIBUTE = re.compile(r"""(?P<name>[^\s"'<>/=]+)"""
                       r"""(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'=<>`]+)))?""")
URL_ATTRS = frozenset("href src action formaction xlink:href srcdoc data poster background srcset dynsrc lowsrc "
                      "codebase cite longdesc usemap".split())
SCRIPT_URL = re.compile(r"^(?:javascript|vbscript|livescript|data):", re.I)
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
MAX_TAG_LINES = 5
DESTINATION_BEFORE = re.compile(r"(?:\]\(\s*|^ {0,3}\[[^\]]+\]:\s*)$")  # "](<dest>)" and "[ref]: <dest>"


def unsafe_attributes(attrs: str) -> str | None:
    """What makes attributes active content (an event handler, a script URL), or None when they are safe.

    Entities are decoded and whitespace removed first, as a browser does: ``jav&#x61;script:``, ``java\\tscript:``.
    """
    if EVENT_ATTR.search(attrs):
        m = re.search(r"\b(on[a-z]+)\s*=", attrs, re.I)
        return f"the event handler '{m.group(1).lower()}='" if m else "a javascript: URL"
    decoded = html.unescape(attrs)
    for m in ATTRIBUTE.finditer(decoded):
        name = m.group("name").lower().lstrip(":")
        if name.startswith("on"):
            return f"the event handler '{name}='"
        value = next((v for v in (m.group("dq"), m.group("sq"), m.group("bare")) if v is not None), None)
        if value is None:
            continue
        compact = re.sub(r"[\x00-\x20]+", "", value).lower()
        if name in URL_ATTRS and SCRIPT_URL.match(compact) and not (
                name == "src" and re.match(r"^data:image/(?:png|gif|jpe?g|webp|avif|bmp)[;,]", compact)):
            return f"a {compact.split(':', 1)[0]}: URL in '{name}='"
        if name == "style" and re.search(r"expression\(|javascript:|behavior:|-moz-binding", compact):
            return "a script in 'style='"
    return None


def _unsafe_attr_list(text: str) -> str | None:
    inside = text[1:-1].lstrip(":")
    return unsafe_attributes(inside) if "=" in inside else None


def unsafe_markup(line: str) -> list[str]:
    """Active content in one line of prose (outside code), described for a message: ``<script>``, ``onerror=``…"""
    found: list[str] = []
    if "<" not in line and "{" not in line:
        return found
    for code, start, end in outside_code(line):
        if code:
            continue
        seg = line[start:end]
        tags = {m.start(): m for m in TAG_RE.finditer(seg)}
        pos = 0
        for m in OPENER.finditer(seg):
            at = m.start()
            if at < pos:
                continue
            tag = tags.get(at) or tags.get(at - 1)
            if tag is not None and tag.start() >= pos:
                pos = tag.end()
                if tag.group("escape") or tag.group("close"):
                    continue
                name = tag.group("name").lower()
                why = unsafe_attributes(tag.group("attrs") or "")
                if name in UNSAFE_ELEMENTS:
                    found.append(f"<{name}>")
                elif why:
                    found.append(f"<{name}> with {why}")
                continue
            if AUTOLINK.match(seg, at):
                continue
            stop = min([k for k in (seg.find("<", at + 1), seg.find(">", at + 1)) if k >= 0] or [len(seg)])
            why = unsafe_attributes(seg[at:stop + 1])  # a tag the scanner cannot read (<img/onerror=…>)
            if why:
                name = re.match(r"</?([A-Za-z][A-Za-z0-9_:-]*)", seg[at:]).group(1).lower()
                found.append(f"<{name}> with {why}")
            pos = at + 1
        for m in ATTR_LIST.finditer(seg):
            why = _unsafe_attr_list(m.group(0))
            if why:
                found.append(f"the attribute list '{m.group(0)[:40]}' with {why}")
    return found


def _neutralise_attr_lists(segment: str) -> str:
    """``{: onclick=…}`` would add a handler through Markdown's attribute lists: show it as text."""
    if "{" not in segment:
        return segment
    return ATTR_LIST.sub(lambda m: "&#123;" + m.group(0)[1:] if _unsafe_attr_list(m.group(0)) else m.group(0),
                         segment)


def _multi_line_tags(lines: list[str], in_fence: list[bool]) -> dict[tuple[int, int], str]:
    """Tags whose ``>`` is on a later line: (line index, column of ``<``) → the whole tag on one line."""
    tags: dict[tuple[int, int], str] = {}
    for i, line in enumerate(lines):
        if in_fence[i] or "<" not in line:
            continue
        for code, start, end in outside_code(line):
            if code:
                continue
            seg = line[start:end]
            for m in OPENER.finditer(seg):
                rest = seg[m.start():]
                if ">" in rest or "<" in rest[1:]:
                    continue
                parts = [rest]
                for j in range(i + 1, min(len(lines), i + MAX_TAG_LINES)):
                    if in_fence[j] or not lines[j].strip():
                        break
                    close = lines[j].find(">")
                    opener = lines[j].find("<")
                    if 0 <= opener and (close < 0 or opener < close):
                        break
                    if close >= 0:
                        parts.append(lines[j][:close + 1])
                        tags[(i, start + m.start())] = " ".join(p.strip() for p in parts)
                        break
                    parts.append(lines[j])
    return tags


def escape_pseudo_html(lines: list[str]) -> list[str]:
    """Escape tag-like text that is not real HTML; keep real HTML the author wrote."""
    lines = [CONTROL.sub("\ufffd", line) if CONTROL.search(line) else line for line in lines]
    in_fence = fence_flags(lines)
    multi = _multi_line_tags(lines, in_fence)
    closes: dict[str, int] = {}  # closing tags not yet reached (outside code), by element name
    for i, line in enumerate(lines):
        if in_fence[i] or "<" not in line:
            continue
        for code, start, end in outside_code(line):
            if code:
                continue
            for m in TAG_RE.finditer(line[start:end]):
                if m.group("close") and not m.group("escape"):
                    closes[m.group("name").lower()] = closes.get(m.group("name").lower(), 0) + 1

    opened: dict[str, int] = {}

    def keep(m: re.Match) -> bool:
        """Whether a tag (a TAG_RE match, not escaped) stays HTML; counts opened/closed elements."""
        name = m.group("name").lower()
        if m.group("close"):
            closes[name] = closes.get(name, 0) - 1  # an opening tag further on can no longer be closed by it
        if name in UNSAFE_ELEMENTS or unsafe_attributes(m.group("attrs") or ""):
            return False
        if name not in HTML_ELEMENTS:
            return False
        if m.group("close"):
            if opened.get(name, 0) > 0:
                opened[name] -= 1
                return True
            return False
        if name in VOID_ELEMENTS or m.group("selfclose"):
            return True
        if closes.get(name, 0) > opened.get(name, 0):
            opened[name] = opened.get(name, 0) + 1
            return True
        return False

    def fix_line(i: int, line: str) -> str:
        if "<" not in line and "{" not in line:
            return line  # no tag and no attribute list: nothing to fix (most lines)
        out: list[str] = []
        for code, start, end in outside_code(line):
            seg = line[start:end]
            out.append(seg if code else fix_segment(i, start, seg))
        return "".join(out)

    def fix_segment(i: int, offset: int, segment: str) -> str:
        out: list[str] = []
        pos = 0
        tags = {m.start(): m for m in TAG_RE.finditer(segment)}
        for m in OPENER.finditer(segment):
            at = m.start()
            if at < pos:
                continue
            close = segment.find(">", at)
            if close > 0 and "<" not in segment[at + 1:close] and DESTINATION_BEFORE.search(segment[pos:at]) \
                    and not unsafe_attributes(segment[at:close]):
                out += [_neutralise_attr_lists(segment[pos:at]), segment[at:close + 1]]
                pos = close + 1  # a link destination in angle brackets (``](<a b.png>)``): not a tag
                continue
            tag = tags.get(at) or tags.get(at - 1)
            if tag is not None and tag.start() >= pos:
                out.append(_neutralise_attr_lists(segment[pos:tag.start()]))
                if tag.group("escape"):
                    out.append("&lt;" + tag.group(0)[2:])
                else:
                    out.append(tag.group(0) if keep(tag) else "&lt;" + tag.group(0)[1:])
                pos = tag.end()
                continue
            out.append(_neutralise_attr_lists(segment[pos:at]))
            auto = AUTOLINK.match(segment, at)
            if auto:
                out.append(auto.group(0))
                pos = auto.end()
                continue

            whole = multi.get((i, offset + at))
            joined = TAG_RE.fullmatch(whole) if whole else None
            if joined is not None and not joined.group("escape") and keep(joined):
                out.append("<")  # a tag spread over several lines, judged as a whole and kept
            else:
                out.append("&lt;")
            pos = at + 1
        out.append(_neutralise_attr_lists(segment[pos:]))
        return "".join(out)

    return [line if in_fence[i] else fix_line(i, line) for i, line in enumerate(lines)]


MAX_LIST_DEPTH = 16
LIST_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*+]|\d{1,9}[.)])(?P<space>[ \t]+|$)")


def _width(indent: str) -> int:
    return len(indent.expandtabs(4))


def fix_fences(lines: list[str]) -> list[str]:
    """Code blocks written the way Python-Markdown's superfences reads them, so it sees the code the passes
    here saw.

    These passes read fences as CommonMark does: an unclosed fence runs to the end, a closing fence may be
    longer or indented otherwise, a line may be indented less than its fence. Superfences gives up on such
    a block and shows it as text, with any HTML inside as HTML, which the passes had left alone as code. So
    every block ends with a copy of its opening fence at its indentation, and, in an indented block, each
    line is indented at least as much as the fence, with spaces (CommonMark drops the missing indentation).
    """
    out = list(lines)
    blocks = scan_fences(out)
    if blocks and not blocks[-1][3]:
        out.append("")  # the closing fence, written below
        blocks[-1] = (blocks[-1][0], len(out) - 1, blocks[-1][2], True)
    for first, last, _, _ in blocks:
        m = FENCE_RE.match(out[first])
        width = _width(m.group("indent"))
        if width:
            for j in range(first, last):
                row = out[j]
                stripped = row.lstrip(" \t")
                if stripped:
                    out[j] = " " * max(width, _width(row[:len(row) - len(stripped)])) + stripped
        out[last] = " " * width + m.group("fence")
    return out


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
            new_col = 4 * min(len(stack), MAX_LIST_DEPTH)
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
