"""A synthetic book for measurements: N copies of the shipped document (and its translation) as N parts.

Every copy gets its own heading ids (``1.p3-为什么…``: the author's number stays in front, so the seed's
misnumbered TOC links are repaired in every copy as in the seed) and TOC links, so each is a real part with
21 questions of its own; the figures are shared. With ``unique_titles`` every topic and question title also ends in its
copy's number (``…的架构？（3）``), so no two pages of the book show the same title: each copy then has its
own link-preview cards and page heads, as a real book of that size would. ``python bench/synthetic_book.py
FOLDER N [--unique-titles]`` writes one.
"""

from __future__ import annotations

import os
import re
import shutil
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = os.path.join(ROOT, "docs")
SOURCE = os.path.join(DOCS, "models-and-architectures.md")
QUESTIONS_PER_COPY = 21


_HEADING = re.compile(r"(<h([23]) id='[^']+'>)(.*?)(</h\2>)")


def _copy(text: str, i: int, suffix: str = "") -> str:
    if suffix:
        text = _HEADING.sub(lambda m: m.group(1) + m.group(3) + suffix.format(i=i) + m.group(4), text)
    text = re.sub(r"id='([^']+)'", lambda m: f"id='{_id(m.group(1), i)}'", text)
    return re.sub(r"\]\(#([^)]+(?:\([^)]*\)[^)]*)*)\)", lambda m: f"](#{_id(m.group(1), i)})", text)


def _id(anchor: str, i: int) -> str:
    """A copy's id: ``9.非…`` → ``9.p3-非…`` (the question number stays first)."""
    number = re.match(r"\d+\.", anchor)
    return f"{number.group(0)}p{i}-{anchor[number.end():]}" if number else f"p{i}-{anchor}"


def make_book(folder: str, copies: int, translations: bool = True, unique_titles: bool = False) -> int:
    """Write ``copies`` parts into ``folder`` (with ``.en.md`` twins when ``translations``); returns questions."""
    os.makedirs(folder, exist_ok=True)
    shutil.copytree(os.path.join(DOCS, "imgs"), os.path.join(folder, "imgs"), dirs_exist_ok=True)
    shutil.copyfile(os.path.join(DOCS, "glossary.yml"), os.path.join(folder, "glossary.yml"))
    keywords = os.path.splitext(SOURCE)[0] + ".keywords.yml"  # keyed by URLs inside the part: valid in every copy
    zh = open(SOURCE, encoding="utf-8").read()
    slugs = yaml.safe_load(open(os.path.splitext(SOURCE)[0] + ".slugs.yml", encoding="utf-8"))
    en = open(os.path.splitext(SOURCE)[0] + ".en.md", encoding="utf-8").read()
    for i in range(1, copies + 1):
        stem = os.path.join(folder, f"{i:03d}-part")
        with open(stem + ".md", "w", encoding="utf-8") as fh:
            fh.write(f"# Part {i}\n\n" + _copy(zh, i, "（{i}）" if unique_titles else ""))
        # the seed's pinned URLs under a part prefix: /part-3/deepseek/mla/
        pinned = {"part": f"part-{i}",
                  "topics": {_id(k, i): v for k, v in slugs["topics"].items()},
                  "questions": {_id(k, i): v for k, v in slugs["questions"].items()}}
        with open(stem + ".slugs.yml", "w", encoding="utf-8") as fh:
            yaml.safe_dump(pinned, fh, allow_unicode=True, sort_keys=False)
        shutil.copyfile(keywords, stem + ".keywords.yml")
        if translations:
            with open(stem + ".en.md", "w", encoding="utf-8") as fh:
                fh.write(f"# Part {i}\n\n" + _copy(en, i, " ({i})" if unique_titles else ""))
    return copies * QUESTIONS_PER_COPY


if __name__ == "__main__":
    print(make_book(sys.argv[1], int(sys.argv[2]), unique_titles="--unique-titles" in sys.argv[3:]), "questions")
