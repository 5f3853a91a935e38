"""What a page tells crawlers and other sites about itself: language alternates in the page head.

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
