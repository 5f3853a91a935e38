"""From the model to page specs: a home page, one page per topic, one page per question.

A page spec is a path inside the language root (``deepseek/mla.md``) and its Markdown. Each body goes
through the pre-passes in a fixed order, every one of which keeps the source line number of each line
for its messages: sub-headings demoted under the page title, formulas cut out, prose that looks like HTML
escaped, links and images rewritten, lists re-indented.
"""

from __future__ import annotations

import functools
import html
import os
import posixpath
import re
from dataclasses import dataclass, field

from .anchors import AnchorResolver
from . import book_pages, landing, yaml_files
from .assets import Asset, AssetResolver, rewrite_images
from .errata import ErrataIndex
from .links import SAFE_ID, LinkRewriter, Target, build_anchor_index, heading_fragment, page_url
from .markdown_fixes import escape_pseudo_html, fix_fences, normalise_lists
from .markdown_scan import fence_flags
from .math_delimiters import FormulaTable, extract_math
from .model import Book, Diagnostic, Heading, Part, Question, SourceLine, Topic
from .remote_images import RemoteImages
from .sharing import description
from .texts import counted, texts_for
from .titles import split_number
from .translations import PairStatus


@dataclass(frozen=True)
class PageSpec:
    path: str  # inside the language root, e.g. "deepseek/mla.md"
    title: str
    markdown: str
    kind: str  # "home", "topic" or "question"
    key: str = ""  # the source id of the topic or question
    fallback: bool = False  # a page of a translation that shows the source text (no translation yet)


@dataclass
class Edition:
    """Everything one language of the site needs: pages, assets, navigation, the old-anchor map."""

    language: str
    pages: list[PageSpec]
    assets: list[Asset]
    nav: list
    legacy_anchors: dict[str, str]
    diagnostics: list[Diagnostic] = field(default_factory=list)


def page_of(obj: Topic | Question | Part | None) -> str:
    """The page file of a topic, a question, a document of a book (its part page) or the book (home)."""
    if obj is None:
        return "index.md"
    if isinstance(obj, Part):
        return part_page(obj)
    if isinstance(obj, Topic):
        return f"{obj.slug}/index.md"
    return f"{obj.slug}.md"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}])")  # { } too: "{onclick=…}" must never become an attribute list
_INLINE_MATH = re.compile(r"(\$[^$]+\$|\\\(.+?\\\)|\\\[.+?\\\])")


def escape_title(title: str) -> str:
    """Title text as Markdown that shows exactly that text (math in ``$…$`` left for the math pass)."""
    parts = _INLINE_MATH.split(title)
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(part)
        else:
            part = part.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            out.append(_MD_SPECIAL.sub(r"\\\1", part))
    return "".join(out)


def heading_line(level: int, title: str, anchor: str | None, lang: str | None = None,
                 number_apart: bool = False) -> str:
    """A Markdown heading; with ``number_apart``, the author's number ("5.") marked so it shows muted."""
    attrs = []
    if anchor and SAFE_ID.match(anchor):
        attrs.append(f"#{anchor}")
    if lang:
        attrs.append(f"lang={lang}")
    attr = f" {{ {' '.join(attrs)} }}" if attrs else ""
    number, text = split_number(title) if number_apart else (None, title)
    if number is not None and title.endswith(text):
        prefix = title[: len(title) - len(text)]  # as written, space included: the heading's text is unchanged
        return f'{"#" * level} <span class="qa-num">{html.escape(prefix)}</span>{escape_title(text)}{attr}'
    return f"{'#' * level} {escape_title(title)}{attr}"


def html_text(text: str) -> str:
    """Plain text as HTML. MkDocs and Material treat page and nav titles and descriptions as HTML and print
    them unescaped (``<title>{{ page.meta.title }}``): a heading ``<script>…`` must arrive escaped."""
    return html.escape(text, quote=True)


def _front_matter(title: str, **extra: str) -> str:
    return _front_matter_text(title, tuple(extra.items()))


@functools.lru_cache(maxsize=65536)  # every page's, again on every rebuild of `make serve`: YAML is not free
def _front_matter_text(title: str, extra: tuple[tuple[str, str], ...]) -> str:
    data = {"title": html_text(title), **{k: html_text(v) for k, v in extra if v}}
    # ASCII-only double-quoted YAML: any character survives, an emoji too (as \U0001F600; JSON's surrogate pair
    # "\ud83d\ude00" is an error to libyaml, and MkDocs then shows the front matter as text)
    return "---\n" + yaml_files.dump_quoted(data) + "---\n\n"


@dataclass
class PageBuilder:
    """Builds the pages of one edition (one language)."""

    book: Book
    language: str
    default_language: str
    site_title: str
    source_root: str
    formulas: FormulaTable
    statuses: dict[str, list[PairStatus]] = field(default_factory=dict)  # per translated language
    languages: list[str] = field(default_factory=list)
    errata: ErrataIndex = field(default_factory=ErrataIndex)
    remote_images: RemoteImages | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    assets: list[Asset] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.texts = texts_for(self.language)
        self.anchors = build_anchor_index(self.book, page_of)
        self._documents: tuple[dict, dict] | None = None  # every document by file, and by unique file name

    # ------------------------------------------------------------------ bodies

    def render_body(self, part: Part, lines: list[SourceLine], sub_headings: list[Heading], page: str,
                    origin: Part | None = None) -> str:
        """``part`` is the edition's document (links resolve in it); ``origin`` the file the lines come from."""
        origin = origin or part
        numbered = demote_sub_headings(lines, sub_headings, 2)
        numbered = extract_math(numbered, origin.path, self.formulas)
        texts = escape_pseudo_html([t for _, t in numbered])
        in_fence = fence_flags(texts)
        links = LinkRewriter(self.anchors[part.path], page, origin.path, self._other_docs(origin))
        images = AssetResolver(self.source_root, origin.file, origin.path, self.language, self.default_language,
                               self.texts, self.remote_images)
        out: list[str] = []
        for (number, _), text, fenced in zip(numbered, texts, in_fence):
            if not fenced and ("](" in text or "]:" in text or "<" in text):  # else no image or link (most lines)
                text = rewrite_images(text, number, images, page, self.assets, self.diagnostics)
                text = links.rewrite(text, number, self.diagnostics)
            out.append(text)
        out = normalise_lists(fix_fences(out))
        while out and not out[0].strip():
            out.pop(0)
        while out and not out[-1].strip():
            out.pop()
        return "\n".join(out) + "\n" if out else ""

    def opening(self, part: Part, keep_title: bool) -> list[SourceLine]:
        """A document's text above its first topic, without a second h1: the heading that is the document's
        title is dropped where the page already shows it (a part page), demoted to h2 elsewhere (the home page,
        whose h1 is the site title) unless it repeats the site title."""
        doc = part.document
        opening = {line.number for line in doc.preamble}
        title = next((h for h in doc.headings if h.first_line in opening and h.title == part.title), None)
        if title is None:
            return doc.preamble
        out = []
        for line in doc.preamble:
            if line.number == title.first_line and keep_title and title.title != self.site_title:
                out.append(SourceLine(line.number, heading_line(2, title.title, None)))
            elif line.number not in title.lines:
                out.append(line)
        return out

    def _other_docs(self, origin: Part) -> "_OtherDocs":
        """The documents a link in ``origin`` may name (``other.md#x``): by path relative to ``origin`` (a
        translation's links may name the source file; a folder, ``sub/``, names its section page), or by
        bare file name when only one part has it."""
        if self._documents is None:
            by_file: dict[str, AnchorResolver[Target]] = {}
            names: dict[str, list[AnchorResolver[Target]]] = {}
            for p in self.book.parts + self.book.readmes():
                resolver = self.anchors[p.path]
                for file in filter(None, (p.file, _default_language_file(p.file, self.language))):
                    by_file.setdefault(os.path.normpath(file), resolver)
                    names.setdefault(os.path.basename(file), []).append(resolver)
            for section in self.book.root.sections() if self.book.root is not None else []:
                folder = AnchorResolver()  # a link to a folder ("sub/") opens its section page
                folder.default = Target(section.url_prefix + "index.md", None, section.title)
                by_file.setdefault(os.path.normpath(section.folder), folder)
            unique = {name: r[0] for name, r in names.items() if len(r) == 1 and name.lower() != "readme.md"}
            self._documents = (by_file, unique)
        return _OtherDocs(os.path.dirname(origin.file), *self._documents)

    # ------------------------------------------------------------------ pages

    def question_page(self, part: Part, question: Question) -> PageSpec:
        origin = question.part or part
        path = page_of(question)
        lines = self.errata.mark(question, self.language, self.default_language, self.diagnostics)
        body = self.render_body(part, lines, question.sub_headings, path, origin)
        body = self.errata.fill(body, self.formulas, self.texts, self.diagnostics)
        title_line = heading_line(1, question.title, question.heading.explicit_id, number_apart=True,
                                  lang=self.default_language if question.fallback else None)
        title_line = extract_math([(question.heading.first_line, title_line)], origin.path, self.formulas)[0][1]
        if question.fallback:
            body = self.untranslated_notice(path) + self.in_language(self.default_language, body)
        summary = description([line.text for line in question.body])
        md = _front_matter(split_number(question.title).text, description=summary) + title_line + "\n\n" + body
        return PageSpec(path, question.title, md, "question", question.key, question.fallback)

    def untranslated_notice(self, path: str) -> str:
        """The notice on a page whose translation is missing, linking to the page in the source language."""
        depth = len([seg for seg in page_url(path).split("/") if seg]) + 1  # + the language folder
        href = "../" * depth + page_url(path)
        return (f'<div class="admonition note qa-untranslated" markdown="0">\n'
                f'<p class="admonition-title">{self.texts["untranslated_title"]}</p>\n'
                f'<p>{self.texts["untranslated_body"]} <a href="{href}" '
                f'hreflang="{self.default_language}">{self.texts["untranslated_link"]}</a></p>\n</div>\n\n')

    @staticmethod
    def in_language(language: str, markdown: str) -> str:
        """Mark a block of another language for screen readers and hyphenation."""
        return f'<div lang="{language}" markdown="1">\n\n{markdown}\n</div>\n'

    def status_page(self) -> PageSpec:
        """Which questions are translated, missing, or older than their source (for maintainers)."""
        t = self.texts
        out = [f"# {t['status_title']}", "", t["status_intro"], ""]
        for language, statuses in self.statuses.items():
            counts = {k: sum(1 for s in statuses if s.status == k) for k in ("translated", "outdated", "missing", "extra")}
            out += [f"## {language}", "",
                    " · ".join(f"{t['status_' + k]}: {v}" for k, v in counts.items()), "",
                    f"| {t['status_question']} | {t['status_state']} |", "|---|---|"]
            for s in statuses:
                label = escape_title(s.title).replace("|", "\\|")
                if s.slug:
                    label = f"[{label}](<{s.slug}.md>)"
                out.append(f"| {label} | {t['status_' + s.status]} |")
            out.append("")
        return PageSpec("translation-status.md", t["status_title"], _front_matter(t["status_title"]) + "\n".join(out),
                        "status")

    def topic_pages(self, part: Part, topic: Topic) -> list[PageSpec]:
        path = page_of(topic)
        anchor = topic.heading.explicit_id if topic.heading else None
        out = [heading_line(1, topic.title, anchor, number_apart=True), ""]
        intro = self.render_body(part, topic.intro, topic.sub_headings, path, topic.part)
        if intro:
            out += [intro.rstrip("\n"), ""]
        out += [counted(self.texts["topic_questions"], count=len(topic.questions)), ""]
        summary = description([counted(self.texts["topic_questions"], count=len(topic.questions))]
                              + [q.title + ("；" if self.language == "zh" else "; ") for q in topic.questions])
        blocks = [lambda page, q=q: landing.question_list([q], page, page_of, with_sentence=True)[1]
                  for q in topic.questions]
        return book_pages.list_pages(
            path, escape_title(split_number(topic.title).text),
            lambda n: _front_matter(split_number(topic.title).text, description=summary, qa_landing="topic"),
            out, blocks, self.texts, "topic", topic.key, ('<ol class="qa-questions" start="{start}">', "</ol>"),
            spec=_spec(topic.title, topic.fallback))

    def home_pages(self) -> list[PageSpec]:
        multi = len(self.book.parts) > 1
        part = self.book.parts[0]
        opening = "" if multi else self.render_body(part, self.opening(part, keep_title=True), [], "index.md")
        head = landing.home(self.book, self.site_title, self.texts, self.other_languages(), opening, page_of,
                            part_page, cards=[] if self.book.root is not None else None)
        blocks, wrap, about = [], ("", ""), ""
        if self.book.root is not None:  # the sections' cards are a list of their own, cut into pages
            head = head[:-3]  # without the cards' opening and closing tags
            blocks = [lambda page, c=c: landing.child_card(c, page, self.texts, page_of, part_page)
                      for c in self.book.root.children]
            wrap = ('<div class="qa-cards">', "</div>")
            readme = self.book.root.readme
            about = book_pages.readme_markdown(self, readme, "index.md", self.book.root.fallback) if readme else ""
        return book_pages.list_pages(
            "index.md", html_text(self.site_title),
            lambda n: _front_matter(self.site_title, hide="toc", qa_landing="home"), head, blocks, self.texts,
            "home", wrap=wrap, tail=[about.rstrip("\n"), ""] if about else None, spec=_spec(self.site_title))

    def other_languages(self) -> list[tuple[str, str, str]]:
        """(language, the link's words in that language, its home page relative to this language's home)."""
        out = []
        for language in self.languages:
            if language == self.language:
                continue
            if self.language == self.default_language:
                url = f"{language}/"
            elif language == self.default_language:
                url = "../"
            else:
                url = f"../{language}/"
            out.append((language, texts_for(language)["home_language_link"], url))
        return out

    def part_pages(self, part: Part) -> list[PageSpec]:
        """In a book of several documents, each document's own page: its preamble and its topics."""
        path = part_page(part)
        out = [f"# {escape_title(part.title)}", ""]
        pre = self.render_body(part, self.opening(part, keep_title=False), [], path)
        if pre:
            out += [pre.rstrip("\n"), ""]
        blocks = [lambda page, t=topic: landing.part_topic_block(t, page, self.texts, page_of)
                  for topic in part.document.topics]
        return book_pages.list_pages(path, escape_title(part.title), lambda n: _front_matter(part.title, qa_landing="part"),
                                     out, blocks, self.texts, "part", part.path,
                                     spec=_spec(part.title, _untranslated(part)))

    def part_nav(self, part: Part, pages: list[PageSpec], multi: bool) -> list:
        """The pages of one document (appended to ``pages``) and its navigation entries."""
        entries: list = []
        if multi:
            pages += self.part_pages(part)
        for topic in part.document.topics:
            pages += self.topic_pages(part, topic)
            questions: list = []
            for question in topic.questions:
                pages.append(self.question_page(part, question))
                questions.append({html_text(question.title): page_of(question)})
            entries.append({html_text(topic.title): book_pages.chunked(page_of(topic), questions)})
        return [{html_text(part.title): book_pages.chunked(part_page(part), entries)}] if multi else entries

    def build(self) -> Edition:
        pages = self.home_pages()
        nav: list = [{html_text(self.texts["nav_home"]): "index.md"}]
        if self.book.root is not None:
            for section in self.book.root.sections()[1:]:
                untranslated = (section.readme is None or section.fallback) and \
                    all(_untranslated(p) for p in section.parts())
                pages += book_pages.section_pages(self, section, page_of, part_page, _front_matter,
                                                  _spec(section.title, untranslated), escape_title)
            nav += book_pages.chunked(None, book_pages.tree_nav(
                self.book.root, lambda part: self.part_nav(part, pages, True)[0], html_text))
        else:
            multi = len(self.book.parts) > 1
            for part in self.book.parts:
                nav += self.part_nav(part, pages, multi)
        if self.statuses:
            pages.append(self.status_page())
        legacy = legacy_anchor_map(self.anchors)
        return Edition(self.language, pages, _unique_assets(self.assets), nav, legacy, self.diagnostics)


def _spec(title: str, fallback: bool = False):
    """A page spec maker for one list's pages (``book_pages.list_pages``)."""
    return lambda path, body, head, kind, key: PageSpec(path, title, head + "\n".join(body) + "\n", kind, key,
                                                        fallback)


def _untranslated(part: Part) -> bool:
    """A document of a translation none of whose questions is translated."""
    questions = part.document.questions()
    return bool(questions) and all(q.fallback for q in questions)


def part_page(part: Part) -> str:
    return f"{part.url_prefix}index.md" if part.url_prefix else "index.md"


def demote_sub_headings(lines: list[SourceLine], subs: list[Heading], base_level: int) -> list[tuple[int, str]]:
    """Rewrite an answer's own headings as Markdown headings under the page title, with stable ids.

    The shallowest sub-heading becomes ``base_level`` (h2 under the question's h1), deeper ones keep their
    distance; each carries the id a link to it used in the source (explicit id or GitHub slug).
    """
    if not subs:
        return [(l.number, l.text) for l in lines]
    top = min(h.level for h in subs)
    starts = {h.first_line: h for h in subs}
    skip: set[int] = set()
    out: list[tuple[int, str]] = []
    for line in lines:
        if line.number in skip:
            continue
        h = starts.get(line.number)
        if h is None:
            out.append((line.number, line.text))
            continue
        level = min(6, base_level + h.level - top)
        out.append((line.number, heading_line(level, h.title, heading_fragment(h))))
        skip.update(range(h.first_line + 1, h.last_line + 1))
    return out


def legacy_anchor_map(anchors: dict[str, AnchorResolver[Target]]) -> dict[str, str]:
    """Every anchor of the source → the URL (relative to the language root) that now carries it."""
    out: dict[str, str] = {}
    for resolver in anchors.values():
        for anchor, target in resolver.exact_items():
            url = page_url(target.page)
            out.setdefault(anchor, f"{url}#{target.fragment}" if target.fragment else url)
    return out


@dataclass
class _OtherDocs:
    """The documents a link may name, seen from one folder: ``get("../x.md")`` is the resolver of the
    document that path names, ``get("x.md")`` also the only document of that name anywhere."""

    here: str
    by_file: dict
    by_name: dict

    def get(self, path: str):
        found = self.by_file.get(os.path.normpath(os.path.join(self.here, path)))
        return found if found is not None or "/" in path else self.by_name.get(path)


def _default_language_file(path: str, language: str) -> str | None:
    """``x.en.md`` → ``x.md``: a translation's links may name the source document's file."""
    suffix = f".{language}.md"
    return path[: -len(suffix)] + ".md" if path.endswith(suffix) else None


def _unique_assets(assets: list[Asset]) -> list[Asset]:
    seen: dict[str, Asset] = {}
    for a in assets:
        seen.setdefault(a.target, a)
    return list(seen.values())
