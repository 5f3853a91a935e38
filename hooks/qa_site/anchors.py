"""Resolving an ``#anchor`` to what it names, with documented repair rules for links that miss.

Documents of this family are hand-maintained: TOC links carry the wrong question number, change letter
case, use GitHub's ``user-content-`` prefix or percent-encoding. The rules below are tried in order; the
first that gives exactly one target wins. Rules 1–2 are exact matches; rules 3–5 *repair* a link and the
caller reports the repair with the source line, so the author can fix the document.

1. ``exact``      the anchor is an id or GitHub slug (after percent-decoding and dropping ``user-content-``)
2. ``normalised`` equal ignoring letter case, surrounding spaces, and spaces vs ``-``
3. ``renumbered`` equal once the leading question number is removed from both (``#3.非Transformer…``
                  → the heading ``9.非Transformer…``)
4. ``loose``      equal once numbers, spaces, hyphens and punctuation are removed from both
5. ``link-text``  the link's own text names exactly one heading title (TOC entries only)
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Generic, TypeVar
from urllib.parse import unquote

from .slugs import strip_number

T = TypeVar("T")

EXACT_RULES = ("exact", "normalised")


@dataclass(frozen=True)
class Resolution(Generic[T]):
    target: T
    rule: str

    @property
    def repaired(self) -> bool:
        return self.rule not in EXACT_RULES


def clean_anchor(anchor: str) -> str:
    """Percent-decode an anchor and drop ``#`` and GitHub's ``user-content-`` prefix."""
    anchor = anchor[1:] if anchor.startswith("#") else anchor
    if "%" in anchor:
        anchor = unquote(anchor)
    if anchor.lower().startswith("user-content-"):
        anchor = anchor[len("user-content-"):]
    return anchor


def normalised_key(anchor: str) -> str:
    return re.sub(r"[\s\-]+", "-", anchor.strip().casefold()).strip("-")


class _LettersAndDigits(dict):
    """A ``str.translate`` table that keeps letters and digits (Unicode categories L and N) and drops every
    other character; each character's category is looked up once."""

    def __missing__(self, code: int) -> int | None:
        kept = code if unicodedata.category(chr(code))[0] in "LN" else None
        self[code] = kept
        return kept


_LOOSE = _LettersAndDigits()


def loose_key(text: str) -> str:
    return strip_number(text).casefold().translate(_LOOSE)


def renumbered_key(text: str) -> str:
    return normalised_key(strip_number(text))


class AnchorResolver(Generic[T]):
    """Indexes anchors (ids, slugs) and titles of targets, and resolves links by the rules above."""

    def __init__(self) -> None:
        self.default: T | None = None  # what a link to the document itself (no fragment) means
        self._exact: dict[str, T] = {}
        # per rule, key → the targets that have it, in the order they came (a dict: each target once, found
        # without reading the others; many sub-headings of a long document share a title)
        self._by_rule: dict[str, defaultdict[str, dict[T, None]]] = {
            "normalised": defaultdict(dict),
            "renumbered": defaultdict(dict),
            "loose": defaultdict(dict),
            "link-text": defaultdict(dict),
        }

    def add(self, anchor: str, target: T, *, title: str | None = None) -> None:
        """Register an anchor for a target. The first registration of an exact anchor wins."""
        if not anchor:
            return
        self._exact.setdefault(anchor, target)
        for rule, key in (("normalised", normalised_key(anchor)),
                          ("renumbered", renumbered_key(anchor)),
                          ("loose", loose_key(anchor))):
            if key:
                self._by_rule[rule][key].setdefault(target, None)
        if title:
            key = loose_key(title)
            if key:
                self._by_rule["link-text"][key].setdefault(target, None)

    def exact_items(self) -> list[tuple[str, T]]:
        """Every registered anchor and its target (for the map that sends old links to new pages)."""
        return list(self._exact.items())

    def __contains__(self, anchor: str) -> bool:
        return anchor in self._exact

    def resolve_title(self, text: str) -> T | None:
        """The one target whose title is ``text`` (by the loose rule: numbers, spaces, punctuation ignored)."""
        key = loose_key(text)
        hits = self._by_rule["link-text"].get(key, {}) if key else {}
        return next(iter(hits)) if len(hits) == 1 else None

    def resolve(self, anchor: str, link_text: str | None = None) -> Resolution[T] | None:
        raw = anchor[1:] if anchor.startswith("#") else anchor
        for candidate in dict.fromkeys((raw, clean_anchor(anchor))):
            if candidate in self._exact:
                return Resolution(self._exact[candidate], "exact")
        anchor = clean_anchor(anchor)
        for rule, key in (("normalised", normalised_key(anchor)),
                          ("renumbered", renumbered_key(anchor)),
                          ("loose", loose_key(anchor))):
            hits = self._by_rule[rule].get(key, {}) if key else {}
            if len(hits) == 1:
                return Resolution(next(iter(hits)), rule)
        if link_text:
            hits = self._by_rule["link-text"].get(loose_key(link_text), {})
            if len(hits) == 1:
                return Resolution(next(iter(hits)), "link-text")
        return None
