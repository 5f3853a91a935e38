"""Reading a built site the way a reader's browser would: visible text, ids, links, images."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

INVISIBLE = {"script", "style", "template", "noscript", "svg", "head"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    """Collects a page's ids, links, image sources and the text a reader sees in the article."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.images: list[str] = []
        self.title = ""
        self._stack: list[tuple[str, bool]] = []
        self._in_title = False
        self._article_depth = 0
        self.article_text: list[str] = []
        self.h1 = ""
        self._in_h1 = False
        self.feed(html)

    def _hidden(self) -> bool:
        return any(hidden for _, hidden in self._stack)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "link" and "href" in a and a.get("rel") in ("stylesheet", "icon"):
            self.links.append(a["href"])
        if tag in ("img", "script") and a.get("src"):
            (self.images if tag == "img" else self.links).append(a["src"])
        if tag == "title":
            self._in_title = True
        if tag == "h1" and self._article_depth:
            self._in_h1 = True
        if tag in VOID:
            return
        classes = (a.get("class") or "").split()
        hidden = tag in INVISIBLE or "katex-mathml" in classes or a.get("aria-hidden") == "true" and False
        if tag == "article":
            self._article_depth += 1
        self._stack.append((tag, hidden))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag == "h1":
            self._in_h1 = False
        if tag == "article" and self._article_depth:
            self._article_depth -= 1
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._article_depth and not self._hidden():
            self.article_text.append(data)
            if self._in_h1:
                self.h1 += data

    @property
    def text(self) -> str:
        return "".join(self.article_text)


def html_pages(site: Path) -> dict[str, Path]:
    """URL path (``deepseek/mla/``) → file, for every page of the site."""
    out = {}
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix()
        out["" if rel == "." else rel + "/"] = path
    return out


def resolve(site: Path, page_url: str, href: str) -> tuple[Path | None, str]:
    """The file a relative link of a page points at, and its fragment (None when it leaves the site)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None, ""
    base = "" if parts.path.startswith("/") else page_url  # the 404 page links from the site root
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path).lstrip("/"))) if parts.path else page_url
    target = "" if target == "." else target
    path = site / target
    if path.is_dir() or not parts.path or parts.path.endswith("/"):
        path = path / "index.html"
    return path, unquote(parts.fragment)


def broken_references(site: Path) -> list[str]:
    """Every link, anchor and image of every page that does not resolve inside the site."""
    problems = []
    parsed: dict[Path, Page] = {}

    def page(path: Path) -> Page:
        if path not in parsed:
            parsed[path] = Page(path.read_text(encoding="utf-8"))
        return parsed[path]

    for url, file in html_pages(site).items():
        p = page(file)
        for href in p.links + p.images:
            if href.startswith(("mailto:", "javascript:")):
                continue
            target, fragment = resolve(site, url, href)
            if target is None:
                continue
            if not target.exists():
                problems.append(f"/{url}: {href} → missing {target.relative_to(site)}")
            elif fragment and target.suffix == ".html" and fragment not in page(target).ids:
                problems.append(f"/{url}: {href} → no id '{fragment}'")
    return problems


def search_fragments(bundle: Path) -> list[dict]:
    """The records of a Pagefind bundle (``site/pagefind``): one per indexed page, with its URL, meta and text."""
    import gzip
    import json

    records = []
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        records.append(json.loads(data[data.index(b"{"):]))
    return records
