"""What a page tells crawlers and chat apps about itself: title, description, card, language alternates.

Material's language-switch script reads every ``<link rel="alternate">`` of the page and fetches a
``sitemap.xml`` beside it, expecting links to language home pages; mkdocs-static-i18n rightly gives
per-page alternates, so every page load made two requests that fail (``/en/deepseek/mla/sitemap.xml``) and
the switch lost the reader's section. The head links stay per page — what search engines need — but are
written with absolute URLs and with ``rel="alternate "``: the same token list for every HTML parser, which
Material's exact-match selector ``link[rel=alternate]`` no longer picks up.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from .texts import texts_for
from .titles import plain_title

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
    (re.compile(r"\$\$?[^$]*\$\$?|\\\(.*?\\\)|\\\[.*?\\\]"), ""),  # formulas (TeX reads badly in a chat preview)
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"(\*\*|__|\*|~~)"), ""),
    (re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)）、]|[（(]\d+[)）]|>)\s*"), ""),  # list and quote markers, 1） too
]
DESCRIPTION_LIMIT = 160  # what search engines and chat apps show before cutting


def description(lines: list[str], limit: int = DESCRIPTION_LIMIT) -> str:
    """The opening words of an answer, as plain text, for ``<meta name="description">`` and link previews.

    Takes paragraphs until ``limit`` characters, skipping code, figures and formulas; cuts at a sentence end
    when there is one in the second half, else at the last space (Latin text) or character (Chinese) that
    fits, with an ellipsis.
    """
    return _description(tuple(lines), limit)


@functools.lru_cache(maxsize=65536)  # a repository has 8,000 answers and openings: all of them, every rebuild
def _description(lines: tuple[str, ...], limit: int) -> str:
    """``description``, once per answer: the page head and the search result both show it."""
    words: list[str] = []
    in_fence = False
    math_end = ""  # inside a display formula written over several lines: the line that closes it
    for line in lines:
        stripped = line.strip()
        if math_end:
            math_end = "" if stripped.endswith(math_end) else math_end
            continue
        if stripped in ("$$", "$", "\\["):
            math_end = "\\]" if stripped == "\\[" else stripped
            continue
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
    cut = text[: limit - 1]  # room for the ellipsis
    if not _cjk(text[limit - 1]) and not text[limit - 1].isspace():
        space = cut.rfind(" ")  # never end inside a Latin word
        if space >= limit // 2:
            cut = cut[:space]
    return cut.rstrip(" ,;:，、；：") + "…"


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


# --- the page head -------------------------------------------------------------------------------------

LOCALES = {"zh": "zh_CN", "en": "en_US"}


@dataclass(frozen=True)
class PageHead:
    """Everything the head of one page says about it, as plain text (the template escapes it)."""

    title: str  # <title>: "question - site", or just the site on its home page
    og_title: str  # the page's own title, without the author's number
    description: str
    url: str  # canonical, absolute
    og_type: str  # "article" for a question, "website" otherwise
    site_name: str
    locale: str
    locale_alternates: tuple[str, ...]
    image: str  # absolute URL of the card
    image_alt: str
    image_width: int
    image_height: int


def page_head(*, kind: str, title: str, site_name: str, description: str, url: str, language: str,
              languages: list[str], image: str, image_size: tuple[int, int]) -> PageHead:
    """The head of a page of ``kind`` ("home", "topic", "question", …) titled ``title`` (as written)."""
    own = plain_title(title)
    site = plain_title(site_name)
    full = site if kind == "home" or own == site else f"{own} - {site}"
    og_title = site if kind == "home" else own
    locale = _locale(language)
    return PageHead(full, og_title, description, url, "article" if kind == "question" else "website", site,
                    locale, tuple(_locale(lang) for lang in languages if lang != language), image,
                    og_title, image_size[0], image_size[1])


def _locale(language: str) -> str:
    return LOCALES.get(language, language.replace("-", "_"))


def share_config(kind: str, language: str) -> dict[str, str]:
    """What the copy-link script needs to know about a page: its kind and the reader-facing texts."""
    texts = texts_for(language)
    return {"kind": kind, **{k: texts[k] for k in ("copy_link", "copy_link_to", "link_copied", "copy_failed")}}


LOCAL_HOSTS = ("localhost", "127.0.0.1", "0.0.0.0", "::1", "[::1]")


def is_local_address(site_url: str) -> bool:
    """True for a site_url no reader can open: empty, localhost, 127.x, ::1, 0.0.0.0 or *.localhost."""
    host = (urlsplit(site_url).hostname or "").lower()
    return (not host or host in LOCAL_HOSTS or host.startswith("127.") or host.endswith(".localhost"))
