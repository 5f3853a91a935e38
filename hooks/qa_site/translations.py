"""Pairing a translation with its source: by source id, never by translated title.

The translation (``doc.en.md``) keeps the source's heading ids; its edition of the site follows the source's
order. A question the translation lacks is shown in the source language with a notice (a *fallback*) and
noted, so a new question can be published before it is translated; a question only the translation has is
reported and left out. A committed sync file (``doc.en.sync.yml``) records,
per question, a fingerprint of the source text the translation was made from, so an answer whose source
changed since is reported as outdated.
"""

from __future__ import annotations

import copy
import hashlib
import os
from dataclasses import dataclass

import yaml

from .model import Book, Diagnostic, Part, Question, Severity, Topic
from .side_files import read_mapping

TRANSLATED, MISSING, OUTDATED, EXTRA = "translated", "missing", "outdated", "extra"


@dataclass(frozen=True)
class PairStatus:
    key: str
    source_title: str
    title: str
    status: str
    slug: str = ""


def fingerprint(question: Question) -> str:
    """A short hash of a question's source text (title and body, trailing spaces ignored)."""
    text = question.title + "\n" + "\n".join(line.text.rstrip() for line in question.body).strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def sync_path(translation_file: str) -> str:
    return os.path.splitext(translation_file)[0] + ".sync.yml"


def load_sync(path: str, display: str, diags: list[Diagnostic]) -> dict[str, str]:
    """The fingerprints of the sync file; one that cannot be read is a warning, and every answer is outdated."""
    if not os.path.isfile(path):
        return {}
    data = read_mapping(path, display, Severity.WARNING, "fix the file, or run `make mark-translated` to write it "
                        "again", diags)
    return {str(k): str(v) for k, v in (data or {}).items()}


def _adopt_sub_heading_ids(source: Question, translated: Question) -> None:
    """Give the translation's sub-headings the source's ids (matched by position), so a link with an anchor
    means the same section in both languages and the language switch keeps it."""
    if len(source.sub_headings) != len(translated.sub_headings):
        return
    for src, dst in zip(source.sub_headings, translated.sub_headings):
        dst.page_id = src.page_id or src.explicit_id or src.github_slug


def pair(src_part: Part, translation: Part | None, language: str, sync: dict[str, str],
         missing: Severity = Severity.NOTICE) -> tuple[Part, list[PairStatus], list[Diagnostic]]:
    """One document's translation, in the source's order, with fallbacks; its statuses and messages.

    A question not translated yet is published in the source language: a note by default (publish first,
    translate later), ``missing=Severity.WARNING`` for projects that want every question translated."""
    diags: list[Diagnostic] = []
    statuses: list[PairStatus] = []
    if translation is None:  # everything falls back, the opening text included
        document = copy.copy(src_part.document)
        document.topics = []
        tr_part = Part(src_part.path, document, src_part.file)
    else:
        tr_part = translation
    tr_topics = {t.key: t for t in tr_part.document.topics}
    tr_questions = {q.key: q for t in tr_part.document.topics for q in t.questions}
    used: set[str] = set()
    merged: list[Topic] = []
    for s_topic in src_part.document.topics:
        t_topic = tr_topics.get(s_topic.key)
        if t_topic is None:
            topic = copy.copy(s_topic)
            topic.part, topic.fallback = src_part, True
        else:
            topic = copy.copy(t_topic)
            topic.part = tr_part
        topic.questions = []
        topic.slug = s_topic.slug
        for s_q in s_topic.questions:
            t_q = tr_questions.get(s_q.key)
            if t_q is None:
                q = copy.copy(s_q)
                q.part, q.fallback = src_part, True
                statuses.append(PairStatus(s_q.key, s_q.title, s_q.title, MISSING, s_q.slug))
                if translation is not None:  # a missing file is reported once, by the caller
                    diags.append(Diagnostic(tr_part.path, 0, missing,
                                            f"question '{s_q.title}' ({src_part.path}:{s_q.heading.first_line}) has "
                                            f"no {language} translation; its page shows the source text with a notice",
                                            f"translate it in {tr_part.path} under a heading with id '{s_q.key}'"))
            else:
                q = copy.copy(t_q)
                q.part = tr_part
                used.add(s_q.key)
                _adopt_sub_heading_ids(s_q, q)
                status = TRANSLATED if sync.get(s_q.key) == fingerprint(s_q) else OUTDATED
                statuses.append(PairStatus(s_q.key, s_q.title, t_q.title, status, s_q.slug))
                if status == OUTDATED:
                    diags.append(Diagnostic(tr_part.path, t_q.heading.first_line, Severity.NOTICE,
                                            f"the {language} answer '{t_q.title}' is older than its source "
                                            f"({src_part.path}:{s_q.heading.first_line})",
                                            "update the translation, then run `make mark-translated`"))
            q.slug = s_q.slug
            q.topic = topic
            topic.questions.append(q)
        merged.append(topic)
    for key, t_q in tr_questions.items():
        if key in used:
            continue
        statuses.append(PairStatus(key, "", t_q.title, EXTRA))
        diags.append(Diagnostic(tr_part.path, t_q.heading.first_line, Severity.WARNING,
                                f"question '{t_q.title}' (id '{key}') has no counterpart in {src_part.path}; "
                                "it is left out of the site",
                                "give it the id of its source question, or add it to the source first"))
    document = copy.copy(tr_part.document)
    document.topics = merged
    if translation is None:
        document.title = src_part.document.title
    return Part(tr_part.path, document, tr_part.file, src_part.url_prefix, src_part.title), statuses, diags


def write_sync(source: Book, translated: set[str], path: str) -> int:
    """Record the current source fingerprint of every translated question (``make mark-translated``)."""
    data = {q.key: fingerprint(q) for q in source.questions() if q.key in translated}
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("# Fingerprints of the source answers each translation was made from (make mark-translated).\n")
        yaml.safe_dump(data, fh, allow_unicode=True, sort_keys=False, width=1000)
    return len(data)
