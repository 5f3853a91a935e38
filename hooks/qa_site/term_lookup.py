"""Looking many terms up in many texts: the glossary's forms in every answer, in every language.

The rule is ``search``'s: Chinese terms by substring; Latin ones as whole words, ignoring case (``query`` is
not in ``queryset``), as the pattern ``(?<![A-Za-z0-9])term(?![A-Za-z0-9])`` with ``re.IGNORECASE`` finds
them. Checking every form against every whole answer was most of a large book's build (12.6 s of 13 s of
the core's time for 1,050 questions), so a text is first reduced to its words (its runs of letters and
digits, case-folded) and its characters: a whole-word match of a Latin term has each of the term's words
among the text's, and for a term that is one such word that is the answer; a longer term is then confirmed
by its pattern; a Chinese term is looked for only when the text has all of its characters. The answers are
the pattern's and the substring test's (``tests/test_search.py`` checks them against the pattern).
"""

from __future__ import annotations

import functools
import re

# ASCII letters, and the only other characters a case-insensitive ASCII letter matches in Python's re
# (İ ı → i, K → k, ſ → s), folded to lower-case ASCII one for one
_FOLD = {**{c: c + 32 for c in range(ord("A"), ord("Z") + 1)},
         0x130: ord("i"), 0x131: ord("i"), 0x212A: ord("k"), 0x17F: ord("s")}


class Text:
    """A text searched for many terms; its words and characters are worked out once, when first needed."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._words: frozenset[str] | None = None
        self._chars: frozenset[str] | None = None
        self._folded: str | None = None

    @property
    def words(self) -> frozenset[str]:
        if self._words is None:  # the runs of characters that fold to [a-z0-9], folded
            self._words = frozenset(_WORD.findall(self.folded))
        return self._words

    @property
    def chars(self) -> frozenset[str]:
        if self._chars is None:
            self._chars = frozenset(self.text)
        return self._chars

    @property
    def folded(self) -> str:
        """The text with every character a case-insensitive ASCII letter matches folded to that letter."""
        if self._folded is None:
            self._folded = self.text.translate(_FOLD)
        return self._folded

    def contains(self, term: str) -> bool:
        chinese, words, one_word, pattern, folded = term_shape(term)
        if chinese:
            return words <= self.chars and term in self.text
        if words:
            if not words <= self.words:
                return False
            if one_word:
                return True
            return self._has_word_run(folded)
        return pattern.search(self.text) is not None

    def _has_word_run(self, folded: str) -> bool:
        """An ASCII term (folded) as the pattern finds it: the folded text holds it with no ASCII letter or
        digit right before or after (in the text as written, ignoring case: what folds to one)."""
        text = self.folded
        at = text.find(folded)
        while at >= 0:
            end = at + len(folded)
            if (at == 0 or not _ALNUM(text[at - 1])) and (end == len(text) or not _ALNUM(text[end])):
                return True
            at = text.find(folded, at + 1)
        return False


class TermIndex:
    """Terms filed under one of their words (Latin) or characters (Chinese): a text is checked only against
    the terms whose word or character it has, not against the whole glossary."""

    def __init__(self, terms: list[str]) -> None:
        self.by_word: dict[str, list[str]] = {}
        self.by_char: dict[str, list[str]] = {}
        self.always: list[str] = []  # terms without such a word (not ASCII): always checked
        for term in dict.fromkeys(terms):
            chinese, words, *_ = term_shape(term)
            index = self.by_char if chinese else self.by_word
            if words:  # filed under its longest word (the rarest, as a rule) or any of its characters
                index.setdefault(max(sorted(words), key=len), []).append(term)
            else:
                self.always.append(term)

    def found_in(self, text: Text) -> set[str]:
        candidates = list(self.always)
        for key in text.words & self.by_word.keys():
            candidates += self.by_word[key]
        for key in text.chars & self.by_char.keys():
            candidates += self.by_char[key]
        return {term for term in candidates if text.contains(term)}


_WORD = re.compile(r"[a-z0-9]+")
_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789").__contains__  # after folding: [A-Za-z0-9] ignoring case


@functools.lru_cache(maxsize=None)
def term_shape(term: str) -> tuple[bool, frozenset[str], bool, re.Pattern, str]:
    """How a term is looked for: Chinese or not; its characters (Chinese) or its case-folded words (ASCII
    terms; none for others, which the pattern alone decides); whether it is one such word; its pattern; the
    term folded as ``Text.folded`` folds a text (for an ASCII term, a cheap test before the pattern)."""
    chinese = has_cjk(term)
    words = (frozenset(term) if chinese else
             frozenset(_WORD.findall(term.translate(_FOLD))) if term.isascii() else frozenset())
    one_word = not chinese and term.isascii() and _WORD.fullmatch(term.translate(_FOLD)) is not None
    return (chinese, words, one_word,
            re.compile(r"(?<![A-Za-z0-9])" + re.escape(term) + r"(?![A-Za-z0-9])", re.IGNORECASE),
            term.translate(_FOLD))


@functools.lru_cache(maxsize=None)
def latin_words(term: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[A-Za-z0-9]+", term))


def has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


