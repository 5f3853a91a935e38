"""Maintainer commands, run through make: ``make pin-slugs`` and ``make mark-translated``.

record-urls      add the URLs of new pages (both languages) to the committed record of published URLs
pin-slugs        pin the URLs of topics and questions that have none yet: the slug map beside the source
                 keeps every existing entry and gains the generated slugs of new ones, in source order
mark-translated  record that the translations are up to date with the current source (the sync file)

Both read the source named in mkdocs.yml (``extra.qa.source``, or ``QA_SOURCE``).
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import yaml  # noqa: E402
from mkdocs.config import load_config  # noqa: E402

from qa_site.book import (SECTIONS_MAP, build_site, generated_sections_map, generated_slug_maps,  # noqa: E402
                           load_sections_map, load_slug_map, translation_path)
from qa_site.model import Book  # noqa: E402
from qa_site import published_urls  # noqa: E402
from qa_site.translations import sync_path, write_sync  # noqa: E402
from site_hooks import settings_from, url_record_path  # noqa: E402

HEADER = ("# Pinned URLs, keyed by the source's heading ids. A question keeps its URL when it is re-titled,\n"
          "# re-numbered or moved: change a line here only on purpose. `make pin-slugs` adds new questions.\n")


def _site(config_file: str, all_languages: bool = False):
    """Read the sources exactly as the build does (same settings, level overrides included)."""
    config = load_config(config_file)
    settings = settings_from(config)
    if not all_languages:
        settings.languages = [settings.default_language]
    return build_site(settings), settings


def mark_translated(config_file: str = "mkdocs.yml") -> int:
    build, settings = _site(config_file, all_languages=True)
    source = build.books[settings.default_language]
    for language, book in build.books.items():
        if language == settings.default_language:
            continue
        for src_part, part in zip(source.parts, book.parts):
            path = sync_path(translation_path(src_part.file, language))
            translated = {q.key for q in part.document.questions() if not q.fallback}
            count = write_sync(Book([src_part]), translated, path)
            print(f"{language}: {count} translated answers of {src_part.path} marked up to date in {path}")
    return 0


def pin_slugs(config_file: str = "mkdocs.yml") -> int:
    build, settings = _site(config_file)
    pinned_any = False
    for map_file, new in generated_slug_maps(build, settings.default_language).items():
        problems: list = []
        current = load_slug_map(map_file, map_file, problems)
        if problems:  # never rewrite a map that could not be read: its pinned URLs would be lost
            print("\n".join(str(p) for p in problems), file=sys.stderr)
            return 1
        added = [k for k in new["topics"] if k not in current.topics] + \
                [k for k in new["questions"] if k not in current.questions]
        if current.part is None and "part" in new:
            added.append("part")
        if not added:
            continue
        pinned_any = True
        merged: dict = {}
        if "part" in new or current.part:
            merged["part"] = current.part or new["part"]
        merged["topics"] = {**current.topics, **{k: v for k, v in new["topics"].items() if k not in current.topics}}
        merged["questions"] = {**current.questions,
                               **{k: v for k, v in new["questions"].items() if k not in current.questions}}
        header = HEADER
        if os.path.isfile(map_file):
            with open(map_file, encoding="utf-8") as fh:
                comments = []
                for line in fh:
                    if not line.startswith("#"):
                        break
                    comments.append(line)
            header = "".join(comments) or HEADER
        with open(map_file, "w", encoding="utf-8") as fh:
            fh.write(header)
            yaml.safe_dump(merged, fh, allow_unicode=True, sort_keys=False, width=1000)
        for key in added:
            value = merged["part"] if key == "part" else new["topics"].get(key) or new["questions"].get(key)
            print(f"{map_file}: pinned {key} → {value}")
    pinned_any = _pin_sections(build, settings) or pinned_any
    if not pinned_any:
        print("every folder, document, topic and question is pinned")
    return 0


def _pin_sections(build, settings) -> bool:
    """Folders' URL segments, in the book's ``sections.slugs.yml`` (existing entries kept)."""
    new = generated_sections_map(build, settings.default_language)
    if not new:
        return False
    path = os.path.join(settings.source, SECTIONS_MAP)
    current = load_sections_map(path)
    added = [k for k in new if k not in current]
    if not added:
        return False
    merged = {**current, **{k: new[k] for k in added}}
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("# Pinned URL segments of the book's folders (folder path → slug). Change a line only on purpose.\n")
        yaml.safe_dump({"sections": merged}, fh, allow_unicode=True, sort_keys=False, width=1000)
    for key in added:
        print(f"{path}: pinned folder {key} → {merged[key]}")
    return True


def record_urls(config_file: str = "mkdocs.yml") -> int:
    """Append every page URL the site now has and the record lacks; never removes a line."""
    config = load_config(config_file)
    settings = settings_from(config)
    build = build_site(settings)
    path = url_record_path(config, settings)
    urls = published_urls.site_urls(build.editions, settings.default_language)
    text, added = published_urls.with_new_urls(published_urls.load_record(path), urls)
    if added:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    print(f"{path}: {added} new URLs recorded ({len(urls)} pages in the site)")
    return 0


COMMANDS = {"pin-slugs": pin_slugs, "mark-translated": mark_translated, "record-urls": record_urls}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(f"usage: {sys.argv[0]} {{{','.join(COMMANDS)}}} [mkdocs.yml]")
    sys.exit(COMMANDS[sys.argv[1]](*sys.argv[2:]))
