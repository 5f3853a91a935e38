"""What a heading's own text says about the author's intent: is it written like a question?

Documents of this family mark their questions in a few ways, and the parser reads them per document:

* numbering — ``1.`` / ``1、`` / ``1)`` (``numbered``), ``1.1`` (``sectioned``), ``Q1`` / ``问题1`` /
  ``面试问题：`` / ``第3题`` (``asked``: an explicit question marker); ``（1）`` / ``①`` / ``a.`` number the points
  of an answer (``point``) and ``一、`` / ``第一章`` / ``Part 2`` number chapters (``chapter``): neither is a
  question's numbering;
* a closing ``?`` / ``？``;
* a title that is bold and nothing else (``#### **1.1 讲讲对注意力的理解？**``, a Notion export).

A *mark* is the numbering style and boldness of a heading. The author's questions share marks; a heading
that carries none of their marks and does not ask (``### 核心回答``, ``#### （1）MHA``) is a part of the
answer it sits in. The rules that use these signals are in ``source.py`` (rules 4, 5 and 8).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from .model import Heading

QUESTION_STYLES = ("numbered", "sectioned", "asked")  # numbering that numbers questions
_STYLES = (
    ("asked", re.compile(r"^(?:Q\s*\d+|(?:面试)?问题\s*\d+|(?:面试)?(?:问题|题目)\s*[：:]|面试题\s*(?:\d+|[：:])"
                         r"|题目\s*\d+|第\s*\d+\s*题)", re.I)),
    ("point", re.compile(r"^(?:[（(]\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3}|[a-zA-Z])\s*[)）]|[\u2460-\u2473\u2776-\u277f]"
                         r"|[a-zA-Z][.)、]\s)")),
    ("chapter", re.compile(r"^(?:[一二三四五六七八九十百]{1,4}\s*[、.．]|第\s*[一二三四五六七八九十百\d]{1,4}\s*[章节部分篇讲课]"
                           r"|(?:part|chapter|section|lecture)\s+\d+\b)", re.I)),
    ("sectioned", re.compile(r"^\d{1,3}(?:\s*[.．]\s*\d{1,3})+(?![\d%])")),
    ("numbered", re.compile(r"^\d{1,3}(?:\s*[.、．:：)）]|\s+(?=\S))(?![\d%])")),
)
_TRAILING = re.compile(r"(?:\s*[（(][^（）()]{1,12}[)）])?[\s*_`~）)\]」』”\"'’。.!！…]*$")  # "？（上）", "?**"


@dataclass(frozen=True)
class Mark:
    """How a heading is written: its numbering style (``""`` for none) and whether it is bold-only."""

    style: str
    bold: bool

    @property
    def signals(self) -> bool:
        """Does this mark say "question" by itself (question numbering or bold)?"""
        return self.style in QUESTION_STYLES or self.bold


@lru_cache(maxsize=4096)
def numbering_style(title: str) -> str:
    text = title.strip()
    for style, pattern in _STYLES:
        if pattern.match(text):
            return style
    return ""


def mark_of(h: Heading) -> Mark:
    return Mark(numbering_style(h.title), h.bold)


def asks(h: Heading) -> bool:
    """The title asks: it ends with a question mark, or carries an explicit question marker (``Q3``)."""
    return _title_asks(h.title)


@lru_cache(maxsize=4096)
def _title_asks(title: str) -> bool:
    if numbering_style(title) == "asked":
        return True
    return _TRAILING.sub("", title).endswith(("?", "？"))


# ----------------------------------------------------------------------------------------------- levels


def _asking_groups(headings: list[Heading], pool: list[int]) -> dict[tuple[int, Mark], list[int]]:
    groups: dict[tuple[int, Mark], list[int]] = defaultdict(list)
    for i in pool:
        groups[(headings[i].level, mark_of(headings[i]))].append(i)
    out = {}
    for key, members in groups.items():
        asking = sum(1 for i in members if asks(headings[i]))
        if asking >= 2 and asking * 2 >= len(members) and key[1].style not in ("point", "chapter"):
            out[key] = members
    return out


def question_levels(headings: list[Heading], pool: list[int]) -> set[int] | None:
    """The levels the author's questions are on, read from the headings that ask; None when none do.

    The level of the largest group of asking headings (same level and mark) is a question level. Another
    level whose headings of the same mark ask is one too, unless its headings sit inside answers of the first
    (a deeper level: follow-up points) or hold its questions (a shallower level: topics).
    """
    groups = _asking_groups(headings, pool)
    if not groups:
        return None

    def asking(key) -> int:
        return sum(1 for i in groups[key] if asks(headings[i]))

    (level, mark) = max(groups, key=lambda k: (asking(k), -k[0]))
    primary = set(groups[(level, mark)])
    parent = parents(headings, sorted(pool))
    holders: set[int] = set()  # every heading that holds a primary question (its ancestors)
    for i in primary:
        j = parent.get(i)
        while j is not None and j not in holders:
            holders.add(j)
            j = parent.get(j)
    levels = {level}
    for (other, other_mark), members in groups.items():
        if other_mark != mark or other == level:
            continue
        if other > level:
            nested = sum(1 for i in members if parent.get(i) in primary)
        else:
            nested = sum(1 for i in members if i in holders)
        if nested * 2 < len(members):
            levels.add(other)
    return levels


def parents(headings: list[Heading], order: list[int]) -> dict[int, int | None]:
    """Each heading's parent: the nearest heading before it on a shallower level (one pass, a stack)."""
    out: dict[int, int | None] = {}
    stack: list[int] = []
    for i in order:
        while stack and headings[stack[-1]].level >= headings[i].level:
            stack.pop()
        out[i] = stack[-1] if stack else None
        stack.append(i)
    return out


# ---------------------------------------------------------------------------------------- answer parts


def question_marks(headings: list[Heading], questions: list[int]) -> set[Mark]:
    """The marks that make a heading one of these questions: those of question numbering or bold."""
    return {mark_of(headings[i]) for i in questions if mark_of(headings[i]).signals}


def is_like(h: Heading, marks: set[Mark]) -> bool:
    """Written like the author's questions: one of their marks, or asking without a point's numbering."""
    if not marks:
        return True  # the questions carry no mark: nothing to tell a part by
    mark = mark_of(h)
    return mark in marks or (asks(h) and mark.style not in ("point", "chapter"))


def answer_parts(headings: list[Heading], order: list[int], kinds: dict[int, str]) -> set[int]:
    """Headings taken for questions that are parts of answers: unlike the questions around them, and
    (most of them) sitting inside a question's answer. ``order`` is every candidate heading, in order."""
    questions = [i for i in order if kinds.get(i) == "question"]
    marks = question_marks(headings, questions)
    alike = {i: is_like(headings[i], marks) for i in questions}
    like = [i for i in questions if alike[i]]
    unlike = [i for i in questions if not alike[i]]
    if len(like) < 2 or not unlike:
        return set()
    like_set, unlike_set = set(like), set(unlike)
    inside = 0
    owner: int | None = None  # the question or topic whose text a heading sits in
    for i in order:
        if i in unlike_set:
            inside += owner in like_set
        elif i in like_set or kinds.get(i) in ("topic", "title"):
            owner = i
    return unlike_set if inside * 2 > len(unlike) else set()
