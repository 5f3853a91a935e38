"""The pages and navigation of a book read from folders, and list pages that stay light at any size.

* Each folder is a section: its page shows its README (the author's introduction, headings one level down
  under the section's title) and its documents and sub-folders as cards, in the author's order.
* The navigation nests sections as the folders nest; with the theme's ``navigation.prune`` a page carries
  only the entries on its own path, and a level with more than ``NAV_CHUNK`` entries is grouped by position
  ("31–60"), so no page's navigation grows with the book.
* Any list (home cards, section cards, a document's topics, a topic's questions) is cut into pages of a
  bounded size (``landing.paginate``) with a pager; the later pages are not in the navigation.
"""

from __future__ import annotations

from . import landing
from .markdown_scan import fence_flags
from .model import Part, Section, SourceLine
from .texts import counted

NAV_CHUNK = 30


def list_pages(first: str, title: str, front_matter, head: list[str], blocks: list, texts: dict, kind: str,
               key: str = "", wrap: tuple[str, str] = ("", ""), tail: list[str] | None = None,
               spec=None) -> list:
    """The pages of one list: ``head`` (Markdown lines) and ``tail`` on the first page only, the blocks cut
    into pages with a pager on each; ``front_matter(page_number)`` gives each page's front matter."""
    pages = landing.paginate(blocks, first)
    out = []
    for number, page_blocks in enumerate(pages, start=1):
        path = landing.page_file(first, number)
        body = list(head) if number == 1 else [f"# {title}", ""]
        if page_blocks:
            if wrap[0]:
                start = 1 + sum(len(p) for p in pages[:number - 1])  # an ordered list goes on counting
                body.append(wrap[0].format(start=start) if start > 1 else wrap[0].replace(' start="{start}"', ""))
            body += page_blocks
            if wrap[1]:
                body.append(wrap[1])
            body.append("")
        pager = landing.pager(first, number, len(pages), texts)
        if pager:
            body += [pager, ""]
        if number == 1 and tail:
            body += tail
        out.append(spec(path, body, front_matter(number), kind if number == 1 else kind + "-page", key))
    return out


def readme_markdown(builder, readme: Part, page: str, fallback: bool) -> str:
    """A README's text for its section page (or the home page): its headings one level down, under the
    page's own title; links to documents and folders pointed at their pages."""
    lines = demote_headings(readme.document.preamble)
    body = builder.render_body(readme, lines, [], page)
    if body and fallback:
        body = builder.in_language(builder.default_language, body)
    return body


def demote_headings(lines: list[SourceLine]) -> list[SourceLine]:
    fenced = fence_flags([line.text for line in lines])
    out = []
    for line, in_fence in zip(lines, fenced):
        text = line.text
        if not in_fence and text.startswith("#") and text.lstrip("#")[:1] in (" ", "\t") and \
                len(text) - len(text.lstrip("#")) < 6:
            text = "#" + text
        out.append(SourceLine(line.number, text))
    return out


def section_pages(builder, section: Section, page_of, part_page, front_matter, spec, escape_title) -> list:
    """A section's page(s): its title, its README, then its documents and sub-sections as cards."""
    texts = builder.texts
    first = section.url_prefix + "index.md"
    head = [f"# {escape_title(section.title)}", ""]
    if section.readme is not None:
        body = readme_markdown(builder, section.readme, first, section.fallback)
        if body:
            head += [body.rstrip("\n"), ""]
    parts = section.parts()
    questions = sum(len(p.document.questions()) for p in parts)
    summary = counted(texts["section_contents"], documents=len(parts), questions=questions)
    head += [f'<p class="qa-section__count">{summary}</p>', ""]
    blocks = [lambda page, child=child: landing.child_card(child, page, texts, page_of, part_page)
              for child in section.children]
    return list_pages(first, escape_title(section.title),
                      lambda n: front_matter(section.title, description=summary, qa_landing="section"),
                      head, blocks, texts, "section", section.path, ('<div class="qa-cards">', "</div>"),
                      spec=spec)


def chunked(index: str | None, entries: list) -> list:
    """A navigation level: its index page first, then its entries, grouped by position when there are more
    than ``NAV_CHUNK`` ("1–30", "31–60", …: the theme shows only the group the page is in)."""
    head = [index] if index else []
    if len(entries) <= NAV_CHUNK:
        return head + entries
    groups = [{f"{i + 1}–{min(i + NAV_CHUNK, len(entries))}": entries[i:i + NAV_CHUNK]}
              for i in range(0, len(entries), NAV_CHUNK)]
    return head + groups


def tree_nav(section: Section, part_nav, title) -> list:
    """The navigation entries of a section's children, sections nested as the folders are."""
    out: list = []
    for child in section.children:
        if isinstance(child, Section):
            out.append({title(child.title): chunked(child.url_prefix + "index.md", tree_nav(child, part_nav, title))})
        else:
            out.append(part_nav(child))
    return out


def status_pages(condensed, texts: dict) -> list:
    """The maintainers' page (not in the navigation): what the build's summary lines stand for, item by item
    (the questions an outline's TOC lists but the document does not have yet, …)."""
    from .messages import STATUS_PAGE, status_blocks
    from .pages import PageSpec, _front_matter, escape_title

    def spec(path, body, head, kind, key):
        return PageSpec(path, texts["book_status_title"], head + "\n".join(body) + "\n", kind, key)

    head = [f"# {texts['book_status_title']}", "", texts["book_status_intro"], ""]
    return list_pages(STATUS_PAGE, texts["book_status_title"],
                      lambda n: _front_matter(texts["book_status_title"], hide="toc"),  # thousands of items
                      head, status_blocks(condensed, texts, escape_title), texts, "status", spec=spec)
