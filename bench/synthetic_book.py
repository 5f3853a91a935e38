"""A synthetic book for measurements: N copies of the shipped document (and its translation) as N parts.

Every copy gets its own heading ids (``3-1.为什么…``) and TOC links, so each is a real part with 21 questions
of its own; the figures are shared. ``python bench/synthetic_book.py FOLDER N`` writes one.
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


def _copy(text: str, i: int) -> str:
    text = re.sub(r"id='([^']+)'", lambda m: f"id='{i}-{m.group(1)}'", text)
    return re.sub(r"\]\(#", f"](#{i}-", text)


def make_book(folder: str, copies: int, translations: bool = True) -> int:
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
            fh.write(f"# Part {i}\n\n" + _copy(zh, i))
        # the seed's pinned URLs under a part prefix: /part-3/deepseek/mla/
        pinned = {"part": f"part-{i}",
                  "topics": {f"{i}-{k}": v for k, v in slugs["topics"].items()},
                  "questions": {f"{i}-{k}": v for k, v in slugs["questions"].items()}}
        with open(stem + ".slugs.yml", "w", encoding="utf-8") as fh:
            yaml.safe_dump(pinned, fh, allow_unicode=True, sort_keys=False)
        shutil.copyfile(keywords, stem + ".keywords.yml")
        if translations:
            with open(stem + ".en.md", "w", encoding="utf-8") as fh:
                fh.write(f"# Part {i}\n\n" + _copy(en, i))
    return copies * QUESTIONS_PER_COPY


if __name__ == "__main__":
    print(make_book(sys.argv[1], int(sys.argv[2])), "questions")
