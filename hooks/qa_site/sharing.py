"""What a page tells crawlers and chat apps about itself: a short description, language alternates.

Material's language-switch script reads every ``<link rel="alternate">`` of the page and fetches a
``sitemap.xml`` beside it, expecting links to language home pages; mkdocs-static-i18n rightly gives
per-page alternates, so every page load made two requests that fail (``/en/deepseek/mla/sitemap.xml``) and
the switch lost the reader's section. The head links stay per page — what search engines need — but are
written with absolute URLs and with ``rel="alternate "``: the same token list for every HTML parser, which
Material's exact-match selector ``link[rel=alternate]`` no longer picks up.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

HEAD_ALTERNATE = re.compile(r'<link rel="alternate" href="(?P<href>[^"]*)" hreflang="(?P<lang>[^"]*)">')


def head_alternates(html: str, page_url: str) -> str:
    """Rewrite the head's hreflang links: absolute (against the page's own URL) and hidden from Material."""
    head_end = html.find("</head>")
    if head_end < 0:
        return html

    def repl(m: re.Match) -> str:
        href = urljoin(page_url, m.group("href")) if page_url else m.group("href")
        return f'<link rel="alternate " href="{href}" hreflang="{m.group("lang")}">'

    return HEAD_ALTERNATE.sub(repl, html[:head_end]) + html[head_end:]


_DEST = r"\([^()]*(?:\([^()]*\)[^()]*)*\)"  # a link destination, with balanced parentheses one level deep
_MARKUP = [
    (re.compile(r"!\[[^\]\[]*\]" + _DEST), ""),  # images (patterns linear even on "[[[[…")
    (re.compile(r"\[([^\]\[]*)\]" + _DEST), r"\1"),  # links → their text
    (re.compile(r"<[^<>]+>"), ""),  # tags
    (re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ue000-\ue003\ufffe\uffff]"), "\ufffd"),  # control chars
    (re.compile(r"\$\$?[^$]*\$\$?"), ""),  # formulas (TeX reads badly in a chat preview)
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"(\*\*|__|\*|~~)"), ""),
    (re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)]|>)\s*"), ""),  # list and quote markers
]
DESCRIPTION_LIMIT = 140


def description(lines: list[str], limit: int = DESCRIPTION_LIMIT) -> str:
    """The opening words of an answer, as plain text, for ``<meta name="description">`` and link previews.

    Takes paragraphs until ``limit`` characters, skipping code, figures and formulas; cuts at a sentence end
    when there is one in the second half, else at the limit with an ellipsis.
    """
    words: list[str] = []
    in_fence = False
    for line in lines:
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence or not stripped or stripped.startswith(("|", "#")):
            continue  # code, tables and sub-headings say little about the answer
        text = stripped
        for pattern, repl in _MARKUP:
            text = pattern.sub(repl, text)
        text = " ".join(text.split())
        if text:
            words.append(text)
        if sum(len(w) for w in words) >= limit:
            break
    text = _join(words)
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(p) for p in "。！？；.!?;")
    if end >= limit // 2:
        return cut[: end + 1]
    return cut.rstrip() + "…"


def _join(parts: list[str]) -> str:
    """Join lines without a space between CJK characters (Chinese has none), with one elsewhere."""
    out = ""
    for part in parts:
        if out and not (_cjk(out[-1]) or _cjk(part[0])):
            out += " "
        out += part
    return out


def _cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"
