"""Cross-links after the split: every ``#anchor`` of the source points at the page that now carries it.

The anchor index maps each id and GitHub slug of the document (topics, questions, sub-headings) to a
``Target``: the page and, for sub-headings, the fragment on it. Links are resolved by the rules in
``anchors.py``; a repaired link is reported as a notice with its line, an unresolvable one as a warning
(an error under ``--strict``) and is shown as plain text rather than a broken link.
"""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
from dataclasses import dataclass

from .anchors import AnchorResolver
from .headings import shorten
from .markdown_scan import link_destination_end, outside_code, split_destination
from .model import LINK_REPAIRED, LINK_UNRESOLVED, Book, Diagnostic, Heading, Severity

# linear time even on "[[[[…"; the text may hold one level of nested brackets ("[a [b] c](#x)")
LINK_START = re.compile(r"(?<![!\\])\[(?P<text>(?:[^\]\\\[]|\\.|\[(?:[^\]\\\[]|\\.)*\])*)\]\(")
HTML_HREF = re.compile(r"""(?P<pre><a\b[^>]*?\bhref\s*=\s*)(?P<q>["'])(?P<href>[^"']*)(?P=q)""", re.I)
REF_DEF = re.compile(r"^(?P<pre> {0,3}\[[^\]]+\]:\s*)(?P<dest><[^>]*>|\S+)(?P<rest>.*)$")
UNSAFE_SCHEME = re.compile(r"^\s*(?:javascript|vbscript|data):", re.I)
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


@dataclass(frozen=True)
class Target:
    """Where an anchor lives now: a page (by its source path in the site, e.g. ``deepseek/mla.md``)."""

    page: str
    fragment: str | None = None
    title: str = ""


def heading_fragment(heading: Heading) -> str | None:
    """The id a sub-heading carries on its page: ``short_anchor`` of the id a link to it used in the source
    (its explicit id, or GitHub's slug of its text; a translation's sub-heading takes its source's)."""
    anchor = heading.page_id or heading.explicit_id or heading.github_slug
    return short_anchor(anchor) if anchor and SAFE_ID.match(anchor) else None


READABLE_ANCHOR = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,39}$")


def short_anchor(source_anchor: str) -> str:
    """An id a chat app keeps inside one link: the source's own id when it is short ASCII
    (``deepseek-v3``), else ``s-`` and 6 hex digits of its hash (``基本概念`` → ``s-6d1f0a``).

    Percent-encoded Chinese ids made a shared link 3× longer and some apps end a link at the first raw
    Chinese character. The hash depends only on the source id, so it changes exactly when a link to the
    source's heading would break anyway; the old id still works through ``anchors.json``.
    """
    if READABLE_ANCHOR.match(source_anchor):
        return source_anchor
    return "s-" + hashlib.sha256(source_anchor.encode("utf-8")).hexdigest()[:6]


SAFE_ID = re.compile(r"^[^\s{}=\"'<>&\x00-\x1f\x7f-\x9f\ue000-\ue003]+$")  # nothing a page cannot carry


def build_anchor_index(book: Book, page_of) -> dict[str, AnchorResolver[Target]]:
    """One resolver per source document. ``page_of(obj)`` gives the page file of a topic/question/None."""
    index: dict[str, AnchorResolver[Target]] = {}
    for part in book.parts + book.readmes():
        resolver: AnchorResolver[Target] = AnchorResolver()
        home = page_of(part if len(book.parts) > 1 or book.root is not None else None)
        for topic in part.document.topics:
            page = page_of(topic)
            if topic.heading:
                target = Target(page, None, topic.title)
                _add(resolver, topic.heading, target)
            for sub in topic.sub_headings:
                _add(resolver, sub, Target(page, heading_fragment(sub), sub.title))
            for question in topic.questions:
                q_page = page_of(question)
                _add(resolver, question.heading, Target(q_page, None, question.title))
                if question.heading.page_id:
                    resolver.add(question.heading.page_id, Target(q_page, None, question.title))
                for sub in question.sub_headings:
                    _add(resolver, sub, Target(q_page, heading_fragment(sub), sub.title))
        by_heading = {id(q.heading): page_of(q) for t in part.document.topics for q in t.questions}
        by_heading.update({id(t.heading): page_of(t) for t in part.document.topics if t.heading})
        for entry in part.document.toc_entries:
            heading = part.document.toc_targets.get(entry.line)
            if heading is not None and id(heading) in by_heading and entry.anchor.startswith("#"):
                resolver.add(entry.anchor[1:], Target(by_heading[id(heading)], None, heading.title))
        for heading in part.document.headings:
            if heading.first_line in part.document.toc_lines:
                resolver.add(heading.explicit_id or "", Target(home, None, heading.title))
                resolver.add(heading.github_slug, Target(home, None, heading.title))
        resolver.default = Target(home, None, part.document.title)
        index[part.path] = resolver
    return index


def _add(resolver: AnchorResolver[Target], heading: Heading, target: Target) -> None:
    if heading.page_id:
        resolver.add(heading.page_id, target, title=heading.title)
    if heading.explicit_id:
        resolver.add(heading.explicit_id, target, title=heading.title)
        stripped = heading.explicit_id.strip()
        if stripped != heading.explicit_id:
            resolver.add(stripped, target, title=heading.title)
    resolver.add(heading.github_slug, target, title=heading.title)


def relative_link(from_page: str, target: Target) -> str:
    """A Markdown link from one page file to a target (MkDocs turns ``.md`` links into URLs)."""
    rel = posixpath.relpath(target.page, posixpath.dirname(from_page) or ".")
    return f"{rel}#{target.fragment}" if target.fragment else rel


@dataclass
class LinkRewriter:
    """Rewrites the links of one page of one document."""

    resolver: AnchorResolver[Target]
    page: str
    display_path: str
    other_docs: dict[str, AnchorResolver[Target]]

    def resolve(self, dest: str, link_text: str, line: int, diags: list[Diagnostic],
                html_link: bool = False, shown: str = "") -> str | None:
        """The new destination, or None when the link cannot be kept (then only its text is shown).

        Markdown links get ``.md`` paths (MkDocs validates and converts them); links in raw HTML get URLs.
        """
        if not dest.strip():  # [text](), [text]( ), <a href="">: an author's placeholder, not a link to here
            diags.append(Diagnostic(self.display_path, line, Severity.WARNING,
                                    f"link '{shorten(shown or link_text)}' has no destination; its text is shown",
                                    "write the page or #anchor it should open, or remove the link", LINK_UNRESOLVED))
            return None
        if UNSAFE_SCHEME.match(re.sub(r"[\x00-\x20]", "", html.unescape(dest))):  # as a browser reads the URL
            diags.append(Diagnostic(self.display_path, line, Severity.WARNING,
                                    f"link '{dest[:40]}' uses a script URL and is shown as text",
                                    "link to a page or an https:// address instead"))
            return None
        if SCHEME.match(dest) or dest.startswith("//"):
            return dest
        path, _, fragment = dest.partition("#")
        resolver = self.resolver
        if path:
            resolver = self.other_docs.get(posixpath.normpath(path)) or self.other_docs.get(posixpath.basename(path))
            if resolver is None:
                return dest  # a relative link to something else: MkDocs validates it
        if not fragment:
            target = resolver.default
        else:
            res = resolver.resolve("#" + fragment, link_text)
            if res is None:
                diags.append(Diagnostic(self.display_path, line, Severity.WARNING,
                                        f"link '#{fragment}' matches no heading; it is shown as text",
                                        "fix the anchor so it names a heading id", LINK_UNRESOLVED))
                return None
            if res.repaired:
                diags.append(Diagnostic(self.display_path, line, Severity.NOTICE,
                                        f"link '#{fragment}' matches no id; repaired by the '{res.rule}' rule to "
                                        f"'{res.target.title}'",
                                        "fix the anchor in the source", LINK_REPAIRED))
            target = res.target
        if target is None:
            return dest
        return relative_url(self.page, target) if html_link else relative_link(self.page, target)

    def rewrite(self, text: str, line: int, diags: list[Diagnostic]) -> str:
        m = REF_DEF.match(text)
        if m:
            dest = m.group("dest").strip("<>")
            new = self.resolve(dest, "", line, diags, shown=text.strip())
            return f"{m.group('pre')}<{new or '#'}>{m.group('rest')}"
        return "".join(text[s:e] if code else self._rewrite_segment(text[s:e], line, diags)
                       for code, s, e in outside_code(text))

    def _rewrite_segment(self, seg: str, line: int, diags: list[Diagnostic]) -> str:
        out: list[str] = []
        pos = 0
        for m in LINK_START.finditer(seg):
            if m.start() < pos:
                continue
            end = link_destination_end(seg, m.end())
            spaced = end is None  # [a](x y): not a link to CommonMark, a link to "x y" for Python-Markdown
            if spaced:
                end = link_destination_end(seg, m.end(), loose=True)
                if end is None:
                    continue
            dest, title = split_destination(seg[m.end():end], spaced=spaced)
            new = self.resolve(dest, m.group("text"), line, diags, shown=seg[m.start():end + 1])
            out.append(seg[pos:m.start()])
            if new is None:
                out.append(m.group("text"))
            else:
                out.append(f"[{m.group('text')}](<{new}>{' ' + title if title else ''})")
            pos = end + 1
        out.append(seg[pos:])
        seg = "".join(out)

        def fix_href(m: re.Match) -> str:
            href = html.unescape(m.group("href"))
            new = self.resolve(href, "", line, diags, html_link=True, shown=m.group(0) + ">")
            if new is None and not href.strip():  # <a href="">: without an href the tag is text, not a link
                return re.sub(r"\s*\bhref\s*=\s*$", "", m.group("pre"), flags=re.I)
            if new is None:
                return f'{m.group("pre")}{m.group("q")}#{m.group("q")}'
            return f'{m.group("pre")}{m.group("q")}{html.escape(new, quote=True)}{m.group("q")}'

        return HTML_HREF.sub(fix_href, seg)


def page_url(page: str) -> str:
    """The directory URL MkDocs gives a page file: ``deepseek/mla.md`` → ``deepseek/mla/``."""
    stem = page[:-3] if page.endswith(".md") else page
    if stem == "index" or stem.endswith("/index"):
        stem = stem[:-5]
    return stem if not stem or stem.endswith("/") else stem + "/"


def relative_url(from_page: str, target: Target) -> str:
    """A URL from one page to a target, for raw HTML that MkDocs does not rewrite."""
    rel = posixpath.relpath(page_url(target.page) or ".", page_url(from_page) or ".")
    rel = "./" if rel == "." else rel + "/"
    return f"{rel}#{target.fragment}" if target.fragment else rel
