"""Labels in the theme's markup, put right for the page's language:

* the breadcrumb trail is named like the main navigation ("导航栏" / "Navigation"), so a screen reader's list of
  landmarks showed two identical entries (axe-core: landmark-unique): it gets its own name;
* the ¶ permalinks' title comes from one Markdown setting shared by every language (``toc.permalink_title``,
  "链接到本节 / Link to this section"): the adapter sets it to ``permalink_title`` before each page is converted;
* the navigation, breadcrumbs and footer print a title as text, the author's number glued to it ("5.请介绍…"):
  the number is marked apart (``qa-num``) as on the page itself, so the theme shows it muted.
"""

from __future__ import annotations

import functools
import html as html_lib

from .landing import numbered
from .texts import texts_for

# found with str methods, not regular expressions: a page of a large book is 60 KB, and this runs on every page
_BREADCRUMB = '<nav class="md-path" aria-label="'
_THEME_TITLE = 'class="md-ellipsis">'
_NUMBER_STARTS = tuple("0123456789０１２３４５６７８９第（(Qq")
_SECTION_TITLE = '<label class="md-nav__title" for="__nav_'
_ICON = '<span class="md-nav__icon md-icon"></span>'


def permalink_title(language: str) -> str:
    return texts_for(language)["permalink_title"]


def fix_labels(page_html: str, language: str) -> str:
    """The page with its labels put right: cut once at the theme's titles, edited in pieces, joined once."""
    pieces = page_html.split(_THEME_TITLE)
    for i in range(1, len(pieces)):
        if pieces[i].lstrip().startswith(_NUMBER_STARTS) and _a_page_title(pieces[i - 1]):
            pieces[i] = _number_apart(pieces[i])
        if _SECTION_TITLE in pieces[i]:  # a section's title atop its level of the phone's drawer
            pieces[i] = _section_titles(pieces[i])
    for i, piece in enumerate(pieces):
        at = piece.find(_BREADCRUMB)
        if at >= 0:
            start = at + len(_BREADCRUMB)
            pieces[i] = (piece[:start] + html_lib.escape(texts_for(language)["breadcrumb_label"])
                         + piece[piece.find('"', start):])
            break
    return _THEME_TITLE.join(pieces)


def _a_page_title(before: str) -> bool:
    """Is the title that follows ``before`` a page's (navigation, breadcrumbs, footer)? Not the header's (the
    site's name, the page's title without its number) nor a link of the table of contents (a sub-heading,
    whose number the page itself shows as written)."""
    tail = before[-160:]
    if "md-header__topic" in tail:
        return False
    href = tail.rfind('href="')
    return href < 0 or not tail.startswith("#", href + 6)


def _number_apart(piece: str) -> str:
    """``piece`` (what follows the theme's ``md-ellipsis`` opening tag) with its title's number marked."""
    end = piece.find("<")
    return piece if end < 0 else _marked(piece[:end]) + piece[end:]


def _section_titles(piece: str) -> str:
    """``piece`` with the title of each section label (``<label …><span icon></span> 4.DeepSeek…``) marked."""
    out, pos = [], 0
    at = piece.find(_SECTION_TITLE)
    while at >= 0:
        opened = piece.find(">", at) + 1
        if opened == 0:  # a label cut short (raw HTML in an answer that imitates the theme's)
            break
        icon = piece.find(_ICON, opened)
        if icon >= 0 and not piece[opened:icon].strip():  # the label's text follows its icon
            start = icon + len(_ICON)
            end = piece.find("<", start)
            if end >= 0:
                out += (piece[pos:start], _marked(piece[start:end]))
                pos = end
        at = piece.find(_SECTION_TITLE, opened)
    out.append(piece[pos:])
    return "".join(out)


@functools.lru_cache(maxsize=1 << 16)
def _marked(text: str) -> str:
    """A title as the theme wrote it (escaped, in whitespace), its number marked: every page's navigation
    repeats the same titles, so each is worked out once."""
    title = numbered(html_lib.unescape(text.strip()))
    if not title.startswith("<span"):
        return text
    return text[: len(text) - len(text.lstrip())] + title + text[len(text.rstrip()):]
