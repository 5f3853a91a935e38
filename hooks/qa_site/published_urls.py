"""The committed record of every URL the site has published, so that no shared link ever breaks.

The record is a text file beside the source (``models-and-architectures.urls.txt``; ``urls.txt`` in a book's
folder), one URL per line, both languages::

    /deepseek/mla/
    /deepseek/mla-old/ -> /deepseek/mla/

A URL that the build would no longer produce fails the build, naming the line to write: ``old -> new``,
after which the old URL redirects to the new one, keeping the reader's ``#anchor`` (``redirect_pages``). ``make record-urls`` adds the URLs of new pages; a build that publishes refuses URLs that
are not in the record yet, since the record would no longer protect them.
"""

from __future__ import annotations

import html
import json
import os
import posixpath
from dataclasses import dataclass, field

from .links import page_url
from .model import Diagnostic, Severity
from .pages import Edition
from .side_files import read_text

RECORD_NAME = "urls.txt"
HEADER = ("# Every URL this site has published (both languages). Never delete a line: when a page moves, write\n"
          "# its new URL after the old one (`/old/ -> /new/`) and the old URL redirects there, #anchor kept.\n"
          "# `make record-urls` adds new pages.\n")
ARROW = "->"


@dataclass
class UrlRecord:
    path: str  # the record file
    urls: list[str] = field(default_factory=list)  # in file order, "/x/y/"
    moves: dict[str, str] = field(default_factory=dict)  # old URL → new URL
    lines: dict[str, int] = field(default_factory=dict)  # URL → its line in the file
    problems: list[Diagnostic] = field(default_factory=list)


def record_path(source: str) -> str:
    """Beside a single document (``doc.urls.txt``), or inside a book's folder (``urls.txt``)."""
    if os.path.isdir(source):
        return os.path.join(source, RECORD_NAME)
    return os.path.splitext(source)[0] + "." + RECORD_NAME


def _normal(url: str) -> str:
    url = "/" + url.strip().strip("/") + "/"
    return "/" if url == "//" else url


def parse_record(text: str, path: str) -> UrlRecord:
    record = UrlRecord(path)
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip() if raw.lstrip().startswith("#") else raw.strip()
        if not line:
            continue
        old, arrow, new = line.partition(ARROW)
        old = old.strip()
        if not all(_is_path(u) for u in ((old, new.strip()) if arrow else (old,))):
            record.problems.append(Diagnostic(path, number, Severity.ERROR, f"'{raw.strip()}' is not a URL path "
                                              f"or '/old/ {ARROW} /new/'", "write one URL path per line"))
            continue
        old = _normal(old)
        if old in record.lines:
            continue
        record.urls.append(old)
        record.lines[old] = number
        if arrow:
            record.moves[old] = _normal(new)
    return record


def _is_path(url: str) -> bool:
    """A URL path of this site: starts with "/", no spaces, no "." or ".." segment, no query or fragment."""
    return (url.startswith("/") and not any(c in url for c in " \t?#\\")
            and not any(seg in (".", "..") for seg in url.split("/")))


def load_record(path: str) -> UrlRecord | None:
    if not os.path.isfile(path):
        return None
    problems: list[Diagnostic] = []
    text = read_text(path, path, Severity.ERROR, "save it as UTF-8: it protects every published URL", problems)
    if text is None:
        return UrlRecord(path, problems=problems)
    return parse_record(text, path)


def site_urls(editions: dict[str, Edition], default_language: str) -> dict[str, tuple[str, str]]:
    """Every page URL the build publishes → (language, page file), default language first, in page order."""
    out: dict[str, tuple[str, str]] = {}
    for language, edition in editions.items():
        prefix = "/" if language == default_language else f"/{language}/"
        for page in edition.pages:
            out.setdefault(_normal(prefix + page_url(page.path)), (language, page.path))
    return out


def check(record: UrlRecord | None, current: list[str] | dict, shown: str, publishing: bool) -> list[Diagnostic]:
    """Recorded URLs that would disappear (errors), broken moves (errors), and new URLs not yet recorded
    (a note; an error when the build publishes, because the record must be committed first)."""
    if record is None:
        severity = Severity.ERROR if publishing else Severity.NOTICE
        return [Diagnostic(shown, 0, severity, "no record of the published URLs yet",
                           f"run `make record-urls` and commit {shown}")]
    diags = list(record.problems)
    pages = set(current)
    for url in record.urls:
        line = record.lines[url]
        if url in record.moves:
            target = record.moves[url]
            if url in pages:
                diags.append(Diagnostic(shown, line, Severity.ERROR, f"{url} redirects to {target}, but a page "
                                        f"lives at {url} again", f"remove ' {ARROW} {target}' from the line"))
            elif target not in pages:
                diags.append(Diagnostic(shown, line, Severity.ERROR, f"{url} redirects to {target}, which is "
                                        "not a page of the site", "write the page's current URL after the arrow"))
        elif url not in pages:
            diags.append(Diagnostic(shown, line, Severity.ERROR,
                                    f"the published URL {url} would disappear and links to it would break",
                                    f"if the page moved, write its new URL on that line: `{url} {ARROW} /new/` "
                                    "(the old URL then redirects there); or put its slug back in the slug map"))
    new = [url for url in current if url not in record.lines]
    if new:
        severity = Severity.ERROR if publishing else Severity.NOTICE
        more = f" and {len(new) - 3} more" if len(new) > 3 else ""
        diags.append(Diagnostic(shown, 0, severity, f"{len(new)} URLs are not in the record yet: "
                                f"{', '.join(new[:3])}{more}", f"run `make record-urls` and commit {shown}"))
    return diags


def with_new_urls(record: UrlRecord | None, current: list[str] | dict) -> tuple[str, int]:
    """The record's text with the URLs of new pages appended (nothing is ever removed); how many."""
    if record is None:
        return HEADER + "".join(f"{url}\n" for url in current), len(current)
    with open(record.path, encoding="utf-8") as fh:
        text = fh.read()
    new = [url for url in current if url not in record.lines]
    if text and not text.endswith("\n"):
        text += "\n"
    return text + "".join(f"{url}\n" for url in new), len(new)


REDIRECT_PAGE = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{canonical}">
<script>location.replace({target_js} + location.hash)</script>
<meta http-equiv="refresh" content="0; url={target}">
</head>
<body>
<p><a href="{target}">{title}</a></p>
</body>
</html>
"""
MOVED = {"zh": "页面已移动", "en": "This page has moved"}


def redirect_pages(record: UrlRecord | None, pages: dict[str, tuple[str, str]], site_url: str) -> dict[str, str]:
    """For each move of the record, the page left at the old URL: file in the site → HTML.

    It sends the reader on with ``location.replace`` and the reader's ``#anchor`` (a link to a section
    still lands on it), with a meta refresh for readers without JavaScript, and a canonical link so search
    engines move their entry. (mkdocs-redirects does the same for one language; with mkdocs-static-i18n it
    read the default language's URLs before i18n set them.)"""
    if record is None:
        return {}
    out: dict[str, str] = {}
    for old, new in record.moves.items():
        if new not in pages or old in pages:
            continue  # reported by check()
        rel = posixpath.relpath(new, old.rstrip("/") or "/")
        target = "./" if rel == "." else rel.rstrip("/") + "/"
        language = pages[new][0]
        out[old.strip("/") + "/index.html" if old != "/" else "index.html"] = REDIRECT_PAGE.format(
            lang=language, title=MOVED.get(language, MOVED["en"]), target=html.escape(target),
            target_js=json.dumps(target),  # slugs only: nothing to escape
            canonical=html.escape(site_url.rstrip("/") + new))
    return out
