"""The pages a reader starts from: the home page (what the book is, search, topics as cards) and the lists of
questions on topic and document pages (each with the first sentence of its answer).

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
from .model import Book, Part, Question, Topic
from .sharing import description
from .titles import split_number

CARD_QUESTIONS = 3  # questions shown on a topic's card on the home page
SENTENCE_LIMIT = 90


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
         opening: str, page_of, part_page) -> list[str]:
    """The home page's Markdown lines: title, what the book is, search, the other languages, the topics (or,
    in a book of several documents, the documents) as cards with their question counts and first questions."""
    topics, questions = book.topics(), book.questions()
    out = ['<div class="qa-hero" markdown="1">', "", f"# {html.escape(site_title)}", "",
           f'<p class="qa-hero__lead">{html.escape(texts["home_intro"].format(topics=len(topics), questions=len(questions)))}</p>',
           '<p class="qa-hero__actions">'
           f'<button type="button" class="qa-hero__search" data-qa-search hidden>{html.escape(texts["home_search"])}</button>']
    for language, name, url in other_languages:
        out.append(f'<a class="qa-hero__language" href="{html.escape(url, quote=True)}" hreflang="{language}" '
                   f'lang="{language}">{html.escape(name)}</a>')
    out += ["</p>", "", "</div>", ""]
    if opening:
        out += [opening.rstrip("\n"), ""]
    out.append('<div class="qa-cards">')
    if len(book.parts) > 1:
        for part in book.parts:
            out += _card(part_page(part), numbered(part.title), part.document.questions(), texts, page_of,
                         topics=len(part.document.topics), key=part.path)
    else:
        for topic in topics:
            out += _card(page_of(topic), numbered(topic.title), topic.questions, texts, page_of, key=topic.key)
    out += ["</div>", ""]
    return out


def _card(target: str, title_html: str, questions: list[Question], texts: dict, page_of, topics: int = 0,
          key: str = "") -> list[str]:
    count = texts["card_questions"].format(count=len(questions))
    if topics:
        count = texts["card_topics"].format(topics=topics) + " · " + count
    out = [f'<section class="qa-card" data-qa-topic="{_key_attribute(key)}">',
           f'<h2 class="qa-card__title"><a href="{html.escape(href("index.md", target), quote=True)}">{title_html}</a></h2>',
           f'<p class="qa-card__count">{html.escape(count)}</p>', '<ul class="qa-card__questions">']
    for q in questions[:CARD_QUESTIONS]:
        out.append(f'<li><a href="{html.escape(href("index.md", page_of(q)), quote=True)}" '
                   f'data-qa-key="{_key_attribute(q.key)}">{numbered(q.title)}</a></li>')
    out.append("</ul>")
    if len(questions) > CARD_QUESTIONS:
        out.append(f'<a class="qa-card__more" href="{html.escape(href("index.md", target), quote=True)}">'
                   f'{html.escape(texts["card_more"].format(count=len(questions)))}</a>')
    out.append("</section>")
    return out


def _key_attribute(key: str) -> str:
    """A source id as an attribute value: escaped, control characters shown as U+FFFD (never written raw)."""
    return html.escape(CONTROL_CHARS.sub("\ufffd", key), quote=True)
