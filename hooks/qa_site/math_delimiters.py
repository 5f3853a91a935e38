"""Finding formulas in the shapes this family writes them, and replacing them by placeholders.

Formulas are cut out *before* Markdown sees the text, so Markdown can never mangle TeX (``_`` and ``*``
inside ``$…$``) and every formula keeps its source line for error messages. The placeholders are private-use
characters that Markdown passes through untouched; after rendering, ``substitute`` swaps in the KaTeX HTML.

Shapes recognised (never inside code spans or fenced code):

* ``$…$`` inline, also glued to Chinese text (``向量为$h_t$，其中``), and GitHub's ``$`…`$``;
* ``$ … $`` with spaces inside when its content is clearly TeX (``$ 3.1 \\times 10^8$``);
* ``\\(…\\)`` inline, and ``\\[…\\]`` when it holds TeX or an operator (``\\[1\\]`` is an escaped citation);
* ``$$…$$`` alone on a line, directly under a paragraph or not, or spread over several lines;
* a formula opened and closed by a lone ``$`` line (trailing spaces allowed), or by ``\\[`` and ``\\]`` lines;
* ```` ```math ```` fences.

A ``$`` opens inline math when a non-space follows it; it closes when a non-space precedes it and no digit
follows it. So dollar amounts (``从 $5 涨到 $10``) stay text, as in Pandoc. A ``$`` next to a space inside
still pairs when what lies between is clearly TeX: a command (``\\times``), ``_{``, ``^``, a Unicode math
letter (``𝑥``) or a lone letter (``$ d $``); prices never are those. ``\\$`` is a literal dollar. A ``$$`` or ``\\[`` that is never
closed, or a ``$`` followed by TeX (``$\\alpha``, ``${``, ``$^``) that is never closed, stays text and is
reported by ``unbalanced_math``. The private-use characters the placeholders are made of cannot come from a
document: any found there is shown as U+FFFD.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .markdown_scan import code_span_ranges, fence_blocks, fence_flags, fence_info, map_outside_code

INLINE_OPEN, INLINE_CLOSE = "\ue000", "\ue001"
DISPLAY_OPEN, DISPLAY_CLOSE = "\ue002", "\ue003"
# a placeholder, display (group 1) or inline (group 2): led by a literal the regex engine finds fast (an
# optional "<p>" in front made it scan a page ten times slower; ``substitute`` takes that paragraph itself)
TOKEN_RE = re.compile("\ue002(\\d+)\ue003|\ue000(\\d+)\ue001")
RESERVED = re.compile("[\ue000-\ue003]")
MAX_DISPLAY_LINES = 60
TEX_START = re.compile(r"[\\{^_]")
CLEARLY_TEX = re.compile("\\\\[A-Za-z]+|_\\{|\\^|[\U0001d400-\U0001d7ff]")  # never in a price
LONE_LETTER = re.compile(r"^[A-Za-z\u0370-\u03ff]$")  # "$ d $": a variable, never an amount
MATHY = re.compile("\\\\[A-Za-z]+|[_^=+*/<>|{}]|[\U0001d400-\U0001d7ff]")  # "\\[a+b\\]" is math, "\\[1\\]" text
# a formula inside a heading's text: held as written for the math pass (spaced "$ … $" only when clearly TeX)
TITLE_MATH = re.compile(r"(?<!\\)\$`[^`]+`\$|(?<!\\)\$\$?(?=\S)(?:[^$\\]|\\.)+?(?<=\S)\$\$?|\\\(.+?\\\)"
                        r"|\\\[.+?\\\]|(?<!\\)\$\s(?:[^$\\]|\\.)+?\$")
BLOCK_CLOSERS = {"$": "$", "$$": "$$", "\\[": "\\]"}  # a line holding only the opener → its closing line


@dataclass(frozen=True)
class Formula:
    tex: str
    display: bool
    path: str
    line: int


class FormulaTable:
    """All formulas of a build, numbered; placeholders refer to them by index."""

    def __init__(self) -> None:
        self.items: list[Formula] = []
        self._index: dict[tuple[str, bool, str, int], int] = {}

    def add(self, tex: str, display: bool, path: str, line: int) -> int:
        key = (tex, display, path, line)
        if key not in self._index:
            self._index[key] = len(self.items)
            self.items.append(Formula(tex, display, path, line))
        return self._index[key]

    def inline_token(self, tex: str, path: str, line: int, display: bool = False) -> str:
        return f"{INLINE_OPEN}{self.add(tex.strip(), display, path, line)}{INLINE_CLOSE}"

    def display_token(self, tex: str, path: str, line: int) -> str:
        return f"{DISPLAY_OPEN}{self.add(tex.strip(), True, path, line)}{DISPLAY_CLOSE}"


_GITHUB_INLINE = re.compile(r"\$`(?P<tex>[^`]+)`\$")


Problems = list  # of (line, message, hint): formulas that are never closed


def replace_inline(text: str, table: FormulaTable, path: str, line: int, problems: Problems | None = None) -> str:
    """Replace inline formulas in one line of prose (code spans left alone)."""
    if "$" not in text and "\\" not in text:
        return text  # most lines: no "$", "\\(" or "\\[", nothing to replace and nothing to scan
    spans = code_span_ranges(text)

    def github(m: re.Match) -> str:
        if any(start < m.start() < end for start, end in spans):
            return m.group(0)  # ``$`x`$`` written inside a code span shows the syntax: it is code
        return table.inline_token(m.group("tex"), path, line)

    text = _GITHUB_INLINE.sub(github, text)
    return map_outside_code(text, lambda seg: _replace_dollars(seg, table, path, line, problems))


_SPECIAL = re.compile(r"[$\\]")


def _replace_dollars(seg: str, table: FormulaTable, path: str, line: int, problems: Problems | None = None) -> str:
    if "$" not in seg and "\\" not in seg:
        return seg
    out: list[str] = []
    i, n = 0, len(seg)
    while i < n:
        special = _SPECIAL.search(seg, i)  # the text up to the next "$" or "\\" is copied as it is
        if special is None:
            out.append(seg[i:])
            break
        if special.start() > i:
            out.append(seg[i:special.start()])
            i = special.start()
        ch = seg[i]
        if ch == "\\" and i + 1 < n and seg[i + 1] == "$":
            out.append("$")  # a literal dollar: nothing after this pass treats "$" specially
            i += 2
            continue
        if ch == "\\" and i + 1 < n and seg[i + 1] in "([":
            end = _bracket_close(seg, i)
            if end is not None:
                out.append(table.inline_token(seg[i + 2:end], path, line, display=seg[i + 1] == "["))
                i = end + 2
                continue
        if ch == "\\" and i + 1 < n and seg[i + 1] == "\\":
            out.append("\\\\")  # an escaped backslash: the character after it opens nothing
            i += 2
            continue
        if ch != "$":
            out.append(ch)
            i += 1
            continue
        if seg.startswith("$$", i):
            close = _find_unescaped(seg, "$$", i + 2)
            if close > i + 2:
                out.append(table.inline_token(seg[i + 2:close], path, line, display=True))
                i = close + 2
                continue
            if problems is not None:
                problems.append((line, f"'$$' opens a formula that is never closed: '{_excerpt(seg, i)}' is shown "
                                       "as text",
                                 "close the formula with '$$' (on the same line, or on a line of its own)"))
            out.append("$$")
            i += 2
            continue
        close = _inline_close(seg, i)
        if close is None:
            close = _spaced_close(seg, i)
        if close is None:
            if problems is not None and i + 1 < len(seg) and TEX_START.match(seg, i + 1):
                problems.append((line, f"'$' opens a formula that is never closed: '{_excerpt(seg, i)}' is shown as "
                                       "text", "close it with a '$' right after the formula (no space before it), "
                                               "or write '\\$' for a dollar sign"))
            out.append("$")
            i += 1
            continue
        out.append(table.inline_token(seg[i + 1:close], path, line))
        i = close + 1
    return "".join(out)


def _find_unescaped(seg: str, needle: str, start: int) -> int:
    j = seg.find(needle, start)
    while j > 0 and seg[j - 1] == "\\":
        j = seg.find(needle, j + 1)
    return j


def _inline_close(seg: str, open_at: int) -> int | None:
    """Index of the ``$`` closing an inline formula opened at ``open_at``, or None (then it is text)."""
    if open_at + 1 >= len(seg) or seg[open_at + 1].isspace() or seg[open_at + 1] == "$":
        return None
    j = open_at + 1
    while True:
        j = seg.find("$", j)
        if j < 0:
            return None
        if seg[j - 1] == "\\":
            j += 1
            continue
        if seg[j - 1].isspace() or (j + 1 < len(seg) and seg[j + 1].isdigit()):
            return None  # "$5 涨到 $10": the candidate cannot close, so the opener was a dollar sign
        return j


def title_formula(text: str) -> bool:
    """Is this ``TITLE_MATH`` match a formula (a spaced ``$ … $`` only when clearly TeX)?"""
    if text.startswith("$ ") or text.startswith("$\t"):
        return bool(CLEARLY_TEX.search(text) or LONE_LETTER.match(text[1:-1].strip()))
    if text.startswith("\\["):
        return bool(MATHY.search(text[2:-2]))
    return True


def _spaced_close(seg: str, open_at: int) -> int | None:
    """The ``$`` closing ``$ 3.1 \\times 10^8$`` (a space inside): only when the content is clearly TeX."""
    j = _find_unescaped(seg, "$", open_at + 1)
    if j < 0 or seg.startswith("$$", j) or (j + 1 < len(seg) and seg[j + 1].isdigit()):
        return None
    content = seg[open_at + 1:j].strip()
    return j if CLEARLY_TEX.search(content) or LONE_LETTER.match(content) else None


def _bracket_close(seg: str, open_at: int) -> int | None:
    """Index of the ``\\)`` / ``\\]`` closing ``\\(`` / ``\\[`` at ``open_at`` on this line, or None (then text).

    ``\\[…\\]`` is math only when it holds TeX or an operator: ``见文献\\[1\\]`` escapes brackets in Markdown."""
    closer = "\\)" if seg[open_at + 1] == "(" else "\\]"
    j = seg.find(closer, open_at + 2)
    while j > 0 and _escaped(seg, j):
        j = seg.find(closer, j + 1)
    if j < 0 or not seg[open_at + 2:j].strip():
        return None
    if closer == "\\]" and not MATHY.search(seg[open_at + 2:j]):
        return None
    return j


def _escaped(seg: str, at: int) -> bool:
    """Is the character at ``at`` preceded by an odd number of backslashes?"""
    k = at
    while k > 0 and seg[k - 1] == "\\":
        k -= 1
    return (at - k) % 2 == 1


def _lone(text: str) -> str | None:
    stripped = text.strip()
    return stripped if stripped in BLOCK_CLOSERS else None


def _excerpt(seg: str, at: int, limit: int = 24) -> str:
    text = " ".join(seg[at:at + limit + 1].split())
    return text if len(seg) - at <= limit else text[:limit] + "…"


def unbalanced_math(lines: list[tuple[int, str]]) -> list[tuple[int, str, str]]:
    """Formulas of a page body that are opened and never closed: ``(line, message, hint)`` each."""
    problems: Problems = []
    extract_math(lines, "", FormulaTable(), problems)
    return list(dict.fromkeys(problems))


def extract_math(lines: list[tuple[int, str]], path: str, table: FormulaTable,
                 problems: Problems | None = None) -> list[tuple[int, str]]:
    """Rewrite a page body (``(line number, text)`` pairs) with formulas replaced by placeholders.

    Display formulas become a paragraph of their own (blank lines around it), indented like the line that
    opened them so they stay inside list items. Each output line keeps the number of its source line.
    ``problems``, when given, collects the formulas that are never closed.
    """
    lines = [(n, RESERVED.sub("\ufffd", t)) if RESERVED.search(t) else (n, t) for n, t in lines]
    texts = [t for _, t in lines]
    if not any("$" in t or "\\" in t or "math" in t for t in texts):
        return lines  # no "$", no backslash, no ```math fence: no formula can start here
    in_fence = fence_flags(texts)
    math_fences = {first: last for first, last, info in fence_blocks(texts) if info == "math"}
    out: list[tuple[int, str]] = []
    i = 0

    def emit_display(tex: str, indent: str, line: int) -> None:
        if out and out[-1][1].strip():
            out.append((line, ""))
        out.append((line, indent + table.display_token(tex, path, line)))
        out.append((line, ""))

    while i < len(lines):
        number, text = lines[i]
        indent = text[: len(text) - len(text.lstrip())]
        if i in math_fences:
            last = math_fences[i]
            closed = last > i and fence_info(texts[last]) == ""
            body = texts[i + 1:last] if closed else texts[i + 1:last + 1]
            emit_display("\n".join(b.strip() for b in body), indent, number)
            i = last + 1
            continue
        if in_fence[i]:
            out.append((number, text))
            i += 1
            continue
        delim = _lone(text)
        stripped = text.strip()
        if delim:
            closer = BLOCK_CLOSERS[delim]
            j = _find_closing(lines, in_fence, i, closer)
            if j is not None:
                emit_display("\n".join(t.strip() for _, t in lines[i + 1:j]), indent, number)
                i = j + 1
                continue
            if problems is not None and delim != "$$":
                problems.append((number, f"a line holding only '{delim}' opens a formula that is never closed; "
                                         "it is shown as text", f"close the formula with a '{closer}' line"))
        elif (opener := _block_opener(stripped)) and not stripped.endswith(BLOCK_CLOSERS[opener]):
            closer = BLOCK_CLOSERS[opener]
            j = _find_closing(lines, in_fence, i, closer, suffix=True)
            if j is not None:
                body = [stripped[2:]] + [t.strip() for _, t in lines[i + 1:j]] + [lines[j][1].strip()[:-2]]
                emit_display("\n".join(b for b in body if b), indent, number)
                i = j + 1
                continue
        elif _whole_line_display(stripped):
            emit_display(stripped[2:-2], indent, number)
            i += 1
            continue
        out.append((number, replace_inline(text, table, path, number, problems)))
        i += 1
    return out


def _block_opener(stripped: str) -> str | None:
    """``$$a =`` or ``\\[ a =``: a line that opens a display formula closed at the end of a later line."""
    if stripped.startswith("$$"):
        return "$$"
    if stripped.startswith("\\[") and "\\]" not in stripped:  # "\\[1\\] 作者" closes on its line: a citation
        return "\\["
    return None


def _whole_line_display(stripped: str) -> bool:
    """A line that is one display formula: ``$$…$$``, or ``\\[…\\]`` holding TeX or an operator."""
    if len(stripped) <= 4:
        return False
    if stripped.startswith("$$") and stripped.endswith("$$"):
        return "$$" not in stripped[2:-2]
    if stripped.startswith("\\[") and stripped.endswith("\\]") and not _escaped(stripped, len(stripped) - 2):
        inner = stripped[2:-2]
        return "\\]" not in inner and "\\[" not in inner and bool(MATHY.search(inner))
    return False


def _find_closing(lines: list[tuple[int, str]], in_fence: list[bool], start: int, delim: str,
                  suffix: bool = False) -> int | None:
    """The line closing a multi-line formula opened at ``start``; blank lines end the search."""
    for j in range(start + 1, min(len(lines), start + 1 + MAX_DISPLAY_LINES)):
        text = lines[j][1]
        if in_fence[j] or not text.strip():
            return None
        if text.strip() == delim or (suffix and text.rstrip().endswith(delim)):
            return j
    return None


# closing punctuation (Chinese and Latin) that must never start a line
_CLOSING = "，。、；：？！）」』】》〉”’…,.;:?!)"
_GLUED = re.compile("\ue000(\\d+)\ue001([" + re.escape(_CLOSING) + "]+)")
_FORMULA_END = "</span></span></span>"  # closes the last katex-base, katex-html and katex


def takes_punctuation(found: str) -> bool:
    """Does this formula's HTML take the punctuation after it into its last box (KaTeX's, not an error's)?"""
    return found.endswith(_FORMULA_END) and 'class="katex-html"' in found


def substitute(html: str, rendered: dict[int, str]) -> str:
    """Swap placeholders in rendered HTML for the formulas' HTML (display ones in a scrolling block).

    Punctuation right after an inline formula goes inside the formula's last box (``qa-punct``): a browser
    may break a line between a formula and the "，" after it, and a line must never start with it. Inside
    the box it cannot, and the formula itself may still break where KaTeX allows.
    """

    def glue(m: re.Match) -> str:
        found = rendered.get(int(m.group(1)))
        if found is None or not takes_punctuation(found):
            return m.group(0)
        punct = f'<span class="qa-punct">{m.group(2)}</span>'
        return found[: -len(_FORMULA_END)] + punct + _FORMULA_END

    if INLINE_OPEN not in html and DISPLAY_OPEN not in html:
        return html  # most pages of most books: no formula
    html = _GLUED.sub(glue, html)
    out: list[str] = []
    pos = 0
    for m in TOKEN_RE.finditer(html):
        start, end = m.start(), m.end()
        if m.group(1) is not None:
            found = rendered.get(int(m.group(1)))
            if found is None:
                continue
            if start - 3 >= pos and html.startswith("<p>", start - 3):  # a paragraph of its own: the block
                start -= 3                                               # replaces it
            if html.startswith("</p>", end):
                end += 4
            # focusable: a formula wider than the page scrolls, and a keyboard must be able to scroll it
            found = f'<div class="qa-math-display" tabindex="0">{found}</div>'
        else:
            found = rendered.get(int(m.group(2)))
            if found is None:
                continue
        out += (html[pos:start], found)
        pos = end
    out.append(html[pos:])
    return "".join(out)


def formula_indexes(html: str) -> set[int]:
    """The formulas whose placeholders ``html`` holds."""
    if INLINE_OPEN not in html and DISPLAY_OPEN not in html:
        return set()
    return {int(a or b) for a, b in TOKEN_RE.findall(html)}


def plain(text: str, table: FormulaTable) -> str:
    """Placeholders back to their TeX, escaped, for titles (which MkDocs and Material treat as HTML)."""

    def repl(m: re.Match) -> str:
        index = int(m.group(1) or m.group(2))
        return html.escape(table.items[index].tex) if index < len(table.items) else m.group(0)

    return TOKEN_RE.sub(repl, text)
