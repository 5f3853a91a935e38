"""Labels in the theme's markup, put right for the page's language:

* the breadcrumb trail is named like the main navigation ("导航栏" / "Navigation"), so a screen reader's list of
  landmarks showed two identical entries (axe-core: landmark-unique): it gets its own name;
* the ¶ permalinks' title comes from one Markdown setting shared by every language (``toc.permalink_title``,
  "链接到本节 / Link to this section"): each page keeps only its language's half;
* the navigation, breadcrumbs and footer print a title as text, the author's number glued to it ("5.请介绍…"):
  the number is marked apart (``qa-num``) as on the page itself, so the theme shows it muted.
"""

from __future__ import annotations

import html as html_lib
import re

from .landing import numbered
from .texts import texts_for

_BREADCRUMB = re.compile(r'(<nav class="md-path" aria-label=")[^"]*(")')
_THEME_TITLE = re.compile(r'(<(?:span|div) class="md-ellipsis">\s*)([^<]*?\S)(\s*</(?:span|div)>)')
_PERMALINK = re.compile(r'(<a class="headerlink" href="[^"]*" title=")([^"]*)(")')


def fix_labels(page_html: str, language: str) -> str:
    texts = texts_for(language)
    label = html_lib.escape(texts["breadcrumb_label"])
    page_html = _BREADCRUMB.sub(lambda m: m.group(1) + label + m.group(2), page_html, count=1)
    permalink = html_lib.escape(texts["permalink_title"])
    page_html = _PERMALINK.sub(lambda m: m.group(1) + permalink + m.group(3), page_html)
    return _THEME_TITLE.sub(_number_apart, page_html)


def _number_apart(m: re.Match) -> str:
    if not m.group(2).lstrip()[:1].isdigit() and m.group(2).lstrip()[:1] not in "第（(Qq":
        return m.group(0)  # the common case, without unescaping
    title = numbered(html_lib.unescape(m.group(2)))
    return m.group(0) if not title.startswith("<span") else m.group(1) + title + m.group(3)
