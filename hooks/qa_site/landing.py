"""The pages a reader starts from: the home page (what the book is, search, topics or sections as cards) and
the lists on section, document and topic pages (a topic's questions with the first sentence of each answer).

Lists stay light at any size: they are cut into pages of at most ``LIST_BUDGET`` bytes of HTML
(``paginate``; ``page-2/``, ``page-3/`` … with a pager), a document's page shows a few questions of each
topic, and a section's cards show counts and a few featured questions, never everything below them.

They are written as HTML blocks inside the page's Markdown, so every link is already the page's final URL
(MkDocs does not rewrite links inside raw HTML; ``tests/sitecheck.py`` checks them all). The author's
numbers ("5.") stay in the text but are marked (``qa-num``) so the theme shows them apart and muted.
Question links carry their source id (``data-qa-key``): scripts (practice progress) find them by it.
"""

from __future__ import annotations

import html
import posixpath
import re

from .headings import CONTROL_CHARS
from .links import page_url
from .model import Book, Part, Question, Section, Topic
from .sharing import description
from .texts import counted
from .titles import split_number

CARD_QUESTIONS = 3  # questions shown on a topic's card on the home page
SENTENCE_LIMIT = 90
LIST_BUDGET = 40_000  # bytes of list HTML on one page: with the theme and navigation, far below 100 KB
PART_TOPIC_QUESTIONS = 8  # a document page lists a topic's questions up to this many, then links the topic


def numbered(title: str) -> str:
    """A title as HTML, with the author's number apart: ``<span class="qa-num">5.</span>请介绍…``."""
    number, text = split_number(title)
    if number is None:
        return html.escape(title)
    prefix = title[: len(title) - len(text)] if title.endswith(text) else f"{number}."  # as written
    return f'<span class="qa-num">{html.escape(prefix)}</span>{html.escape(text)}'


def first_sentence(lines: list[str], limit: int = SENTENCE_LIMIT) -> str:
    """The answer's first sentence as plain text (at most ``limit`` characters)."""
    text = description(lines, limit)
    m = re.search(r"[。！？!?](?=.)|[.;](?=\s)", text)
    return text[: m.end()] if m else text


def href(from_page: str, to_page: str) -> str:
    """The relative URL from one page file to another (``deepseek/index.md`` → ``deepseek/mla.md``: ``mla/``)."""
    here = page_url(from_page)
    there = page_url(to_page)
    rel = posixpath.relpath("/" + there, "/" + here if here else "/")
    return "./" if rel == "." else rel + ("/" if there.endswith("/") or not there else "")


def question_list(questions: list[Question], from_page: str, page_of, with_sentence: bool) -> list[str]:
    """An ordered list of questions (``qa-questions``), each a link, with the first sentence of its answer."""
    out = ['<ol class="qa-questions">']
    for q in questions:
        line = (f'<li><a href="{html.escape(href(from_page, page_of(q)), quote=True)}" '
                f'data-qa-key="{_key_attribute(q.key)}">{numbered(q.title)}</a>')
        sentence = first_sentence([line.text for line in q.body]) if with_sentence else ""
        if sentence:
            line += f'<p class="qa-questions__first">{html.escape(sentence)}</p>'
        out.append(line + "</li>")
    out.append("</ol>")
    return out


def home(book: Book, site_title: str, texts: dict, other_languages: list[tuple[str, str, str]],
         opening: str, page_of, part_page, cards: list[str] | None = None) -> list[str]:
    """The home page's Markdown lines: title, what the book is, search, the other languages, the topics (or,
    in a book of several documents, the documents; in a book of folders, ``cards``: the first page of its
    sections' cards) as cards with their question counts and first questions."""
    topics, questions = book.topics(), book.questions()
    lead = counted(texts["home_intro"], topics=len(topics), questions=len(questions))
    if book.root is not None:  # a repository: its sections and documents, not hundreds of topics
        lead = counted(texts["home_intro_sections"], sections=len(book.root.children), documents=len(book.parts),
                                                   questions=len(questions))
    out = ['<div class="qa-hero" markdown="1">', "", f"# {html.escape(site_title)}", "",
           f'<p class="qa-hero__lead">{html.escape(lead)}</p>',
           '<p class="qa-hero__actions">'
           f'<button type="button" class="qa-hero__search" data-qa-search hidden>{html.escape(texts["home_search"])}</button>']
    for language, name, url in other_languages:
        out.append(f'<a class="qa-hero__language" href="{html.escape(url, quote=True)}" hreflang="{language}" '
                   f'lang="{language}">{html.escape(name)}</a>')
    out += ["</p>", "", "</div>", ""]
    if opening:
        out += [opening.rstrip("\n"), ""]
    out.append('<div class="qa-cards">')
    if cards is not None:
        out += cards
    elif len(book.parts) > 1:
        for part in book.parts:
            out += _card(part_page(part), numbered(part.title), part.document.questions(), texts, page_of,
                         topics=len(part.document.topics), key=part.path)
    else:
        for topic in topics:
            out += _card(page_of(topic), numbered(topic.title), topic.questions, texts, page_of, key=topic.key)
    out += ["</div>", ""]
    return out


def _card(target: str, title_html: str, questions: list[Question], texts: dict, page_of, topics: int = 0,
          key: str = "", from_page: str = "index.md", count: str = "", shown: list[Question] | None = None,
          total: int | None = None) -> list[str]:
    count = count or counted(texts["card_questions"], count=len(questions))
    if topics:
        count = counted(texts["card_topics"], topics=topics) + " · " + count
    out = [f'<section class="qa-card" data-qa-topic="{_key_attribute(key)}">',
           f'<h2 class="qa-card__title"><a href="{html.escape(href(from_page, target), quote=True)}">{title_html}</a></h2>',
           f'<p class="qa-card__count">{html.escape(count)}</p>', '<ul class="qa-card__questions">']
    for q in (questions[:CARD_QUESTIONS] if shown is None else shown):
        # featured questions come from several documents: their own numbers (all "1.") would say nothing
        title = numbered(q.title) if shown is None else html.escape(split_number(q.title).text)
        out.append(f'<li><a href="{html.escape(href(from_page, page_of(q)), quote=True)}" '
                   f'data-qa-key="{_key_attribute(q.key)}">{title}</a></li>')
    out.append("</ul>")
    total = len(questions) if total is None else total
    if total > CARD_QUESTIONS:
        out.append(f'<a class="qa-card__more" href="{html.escape(href(from_page, target), quote=True)}">'
                   f'{html.escape(counted(texts["card_more"], count=total))}</a>')
    out.append("</section>")
    return out


def _key_attribute(key: str) -> str:
    """A source id as an attribute value: escaped, control characters shown as U+FFFD (never written raw)."""
    return html.escape(CONTROL_CHARS.sub("\ufffd", key), quote=True)


# ---------------------------------------------------------------------------------------- books of folders

def featured(section: Section, limit: int = CARD_QUESTIONS) -> list[Question]:
    """A few questions that show what a section holds: the first question of each of its first documents."""
    out: list[Question] = []
    for part in section.parts():
        questions = part.document.questions()
        if questions:
            out.append(questions[0])
        if len(out) == limit:
            break
    return out


def child_card(child: Section | Part, from_page: str, texts: dict, page_of, part_page) -> str:
    """A card for a section's child: a sub-section (its documents and questions counted, a few featured
    questions) or a document (its topics and questions counted, its first questions)."""
    if isinstance(child, Section):
        parts = child.parts()
        total = sum(len(p.document.questions()) for p in parts)
        count = counted(texts["card_documents"], count=len(parts)) + " · " + \
            counted(texts["card_questions"], count=total)
        return "\n".join(_card(child.url_prefix + "index.md", numbered(child.title), [], texts, page_of,
                               key=child.path, from_page=from_page, count=count, shown=featured(child),
                               total=total))
    return "\n".join(_card(part_page(child), numbered(child.title), child.document.questions(), texts, page_of,
                           topics=len(child.document.topics), key=child.path, from_page=from_page))


def part_topic_block(topic: Topic, from_page: str, texts: dict, page_of) -> str:
    """A topic on its document's page: its title and questions, the first few when it has many."""
    out = [f'<h2 class="qa-part-topic"><a href="{html.escape(href(from_page, page_of(topic)), quote=True)}">'
           f"{numbered(topic.title)}</a></h2>"]
    shown = topic.questions if len(topic.questions) <= PART_TOPIC_QUESTIONS else topic.questions[:CARD_QUESTIONS]
    out += question_list(shown, from_page, page_of, with_sentence=False)
    if len(shown) < len(topic.questions):
        out.append(f'<p><a class="qa-card__more" href="{html.escape(href(from_page, page_of(topic)), quote=True)}">'
                   f'{html.escape(counted(texts["card_more"], count=len(topic.questions)))}</a></p>')
    return "\n".join(out)


def page_file(first: str, number: int) -> str:
    """The file of page ``number`` of a list whose first page is ``first`` (``x/index.md`` → ``x/page-2.md``)."""
    if number == 1:
        return first
    folder = posixpath.dirname(first)
    return posixpath.join(folder, f"page-{number}.md") if folder else f"page-{number}.md"


def paginate(blocks: list, first: str, budget: int = LIST_BUDGET) -> list[list[str]]:
    """Blocks of a list (each ``block(page_file) -> html``) cut into pages of at most ``budget`` bytes (a
    block larger than that gets a page of its own); each page's blocks rendered for the page they land on."""
    rendered = [block(first) for block in blocks]
    sizes = [len(html.encode("utf-8")) for html in rendered]
    if sum(sizes) <= budget:
        return [rendered]  # one page (most lists): rendered once, for the page it lands on
    cut: list[list] = [[]]
    used = 0
    for block, size in zip(blocks, sizes):
        if cut[-1] and used + size > budget:
            cut.append([])
            used = 0
        cut[-1].append(block)
        used += size
    return [[block(page_file(first, n)) for block in page] for n, page in enumerate(cut, start=1)]


def pager(first: str, number: int, pages: int, texts: dict) -> str:
    """Links to the previous and next pages of a list cut into ``pages`` pages, and where the reader is."""
    if pages < 2:
        return ""
    here = page_file(first, number)
    out = [f'<nav class="qa-pager" aria-label="{html.escape(texts["pager_label"], quote=True)}">']
    if number > 1:
        out.append(f'<a rel="prev" href="{html.escape(href(here, page_file(first, number - 1)), quote=True)}">'
                   f'{html.escape(texts["pager_prev"])}</a>')
    out.append(f'<span>{html.escape(texts["pager_position"].format(page=number, pages=pages))}</span>')
    if number < pages:
        out.append(f'<a rel="next" href="{html.escape(href(here, page_file(first, number + 1)), quote=True)}">'
                   f'{html.escape(texts["pager_next"])}</a>')
    out.append("</nav>")
    return "".join(out)
