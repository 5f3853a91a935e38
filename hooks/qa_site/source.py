"""Parsing a source document into topics and questions, keeping every content line exactly.

The rule that decides what is a topic and what is a question (documented in the README):

1. Front matter — a YAML block between ``---`` lines at the very top — is metadata, not content. Its
   ``qa:`` mapping sets the levels (``topic_level: 2``, ``question_level: [3, 1]``); its ``title:`` names
   the document. Levels passed by the caller (``ParseOptions``) win over the front matter.
2. The hand-written TOC is navigation, not content: a heading titled 目录 / Contents / Table of Contents,
   followed by a list (of links or of plain items), by lines made of links, or by headings that have only
   blank lines under them and whose titles come again further down, or that a list of links or another TOC
   follows. A document may have several. Each item is matched to a heading: a link by its anchor (also
   without ``#``, with spaces or ``)`` inside, or mistyped: the repair rules of ``anchors.py``), an item
   without a link by its text. An item whose link names one heading but whose text names another is
   reported; a link that names none is a warning. An item without a link that names no heading, or a link
   to another file, stays text; but headings of a TOC that name none (a stale outline above the real TOC)
   are navigation, left out with a note, when an item of a TOC names a heading. A TOC none of whose items
   names a heading is kept as text, with a warning.
3. With a TOC, its nesting decides (the TOC with the most matched items, if there are several). When it
   has three levels or more and the outermost is a single item naming the document's first heading, that
   heading is the title. Of the remaining levels, the outer one names topics and the next one questions;
   deeper items name sub-headings. A TOC with a single level lists questions.
4. With a TOC, a heading it does not list is a topic or a question when its level *and* form (explicit id
   or not) are those of headings the TOC lists as topics or as questions (if both, the more frequent), and,
   for a question, when it is written like the listed questions (rule 8); otherwise it is a sub-heading
   inside the current answer (``### 核心回答``) and stays on that answer's page. Headings above the TOC and
   above everything it lists belong to the preamble (home page); the first of them, on the shallowest
   level, is the document's title.
5. Without a TOC (or when no TOC item names a heading), headings with explicit ids are preferred when at
   least two headings have one. The headings that *ask* (rule 8) say where the questions are: the level of
   the largest group of asking headings of one level and mark (two at least, half of the group at least,
   not numbered as points or chapters) is a question level; so is another level where headings of the same mark ask, unless most of them sit
   inside answers of the first (a deeper level: follow-up points) or hold its questions (a shallower one:
   topics). Topics are then the nearest other level above the deepest question level (none: one topic,
   named after the document). When no heading asks, the shallowest level gives topics and the next one
   questions; when they are all on one level they are questions, and topics are the headings of the
   nearest level above. Without ids, every heading counts. A heading that opens the document alone on the
   shallowest level, or alone there without an id (``# 书名`` above ``<h1 id>`` questions), is its title
   (when it is a ``#`` heading or has no id). Then rule 8 sends headings unlike the questions into answers.
6. With explicit levels, headings at the question levels are questions and those at the topic levels
   topics, whatever the TOC says — except a heading whose form differs: with a TOC, an unlisted heading
   whose form differs from every heading the TOC lists at its level; without one, a heading without an id
   at a level where two or more headings have one (so ``### 核心回答`` stays inside its ``<h3 id>``
   answer). ``question_level`` alone: topics are the shallowest other level above the deepest question
   level. ``topic_level`` alone: questions are the first level below the deepest topic level that has
   headings. Rule 8 does not apply: explicit levels are the way out when the signals mislead.
7. Three heading forms are read: ``<h3 id='…'>…</h3>`` (closed on the same line or up to two lines
   later), an ``<a id="…"></a>`` (or ``<a name>``, ``<span id>``) line followed by a heading, and Markdown
   ``###`` headings (``{#id}`` or an ``<a id>`` inside give them an id; without one they are addressed by
   GitHub's slug). A heading with no text, with text after its ``</h3>``, or on a line longer than
   ``MAX_HEADING_CHARS`` is text (with a warning for the first two). ``#`` lines inside code fences are
   never headings; a fence never closed ends before the next HTML or anchor heading, or before the next
   Markdown heading of a level from 2 to that of the heading the fence is under (a ``#`` line only when
   that heading is a ``#`` heading: code comments stay code), with a warning.
8. A heading's own text carries the author's signals (``question_signals.py``): its numbering (``1.`` /
   ``1、``, ``1.1``, a question marker ``Q1`` / ``问题1`` / ``面试问题：`` / ``第3题``; while ``（1）`` / ``①``
   number the points of an answer and ``一、`` / ``第一章`` chapters), a closing ``?`` / ``？`` (a heading
   *asks* when it has one or a question marker), and a title that is bold and nothing else. A heading's
   *mark* is its numbering style and boldness. At a question level, a heading that has none of the marks of
   question numbering or bold the questions have, and does not ask (``### 核心回答`` among ``### 1. …``,
   ``#### （1）MHA`` among ``#### **1.1 …？**``), is a sub-heading of the answer it sits in: with a TOC when
   the TOC does not list it; without one when two headings at least are written like the questions (a mark
   of theirs, or asking) and most of the others sit inside their answers. Questions that carry no mark at
   all leave every heading as it is.

Every line that is not TOC or front matter lands on exactly one page, in source order.
"""


from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from .anchors import AnchorResolver, loose_key
from .front_matter import FrontMatter, parse_levels, read_front_matter
from .headings import CONTROL_CHARS, clean_text, scan_headings, shorten
from .markdown_fixes import unsafe_markup
from .markdown_scan import fence_flags, split_lines
from .math_delimiters import unbalanced_math
from .question_signals import answer_parts, is_like, question_levels, question_marks
from .model import (
    EMPTY_DOCUMENT,
    EMPTY_TOPIC,
    NO_QUESTIONS,
    TOC_UNRESOLVED,
    LINK_REPAIRED,
    LINK_UNRESOLVED,
    Diagnostic,
    Document,
    Heading,
    Question,
    Severity,
    SourceLine,
    TocEntry,
    Topic,
)
from .slugs import leading_number
from .toc import Toc, TocItem, find_tocs, is_toc_title

MAX_REPORTED = 5  # a problem repeated on many lines is reported this many times, then summed up


@dataclass(frozen=True)
class ParseOptions:
    """The author's override of the automatic rule: which heading levels are topics and questions."""

    topic_levels: tuple[int, ...] | None = None
    question_levels: tuple[int, ...] | None = None


@dataclass
class _Resolved:
    entry: TocItem
    target: int
    anchor: str
    rule: str


def _resolver(headings: list[Heading], candidates: list[int]) -> AnchorResolver[int]:
    resolver: AnchorResolver[int] = AnchorResolver()
    for i in candidates:
        h = headings[i]
        if h.explicit_id:
            resolver.add(h.explicit_id, i, title=h.title)
            if h.explicit_id.strip() != h.explicit_id:
                resolver.add(h.explicit_id.strip(), i, title=h.title)
        resolver.add(h.github_slug, i, title=h.title)
    return resolver


def _resolve_entry(entry: TocItem, resolver: AnchorResolver[int]) -> _Resolved | None:
    if entry.kind in ("text", "heading"):
        target = resolver.resolve_title(entry.text)  # an item without a link is matched by its text
        if target is None or target == entry.heading:  # a TOC heading given back to the text never names itself
            return None
        return _Resolved(entry, target, "", "link-text")
    if entry.kind != "link":
        return None
    best: _Resolved | None = None
    for anchor in entry.anchors:
        res = resolver.resolve(anchor, entry.text)
        if res is None or res.target == entry.heading:
            continue
        if not res.repaired:
            return _Resolved(entry, res.target, anchor, res.rule)
        best = best or _Resolved(entry, res.target, anchor, res.rule)
    return best


def _title_index(resolver_titles: dict[str, list[int]], text: str) -> int | None:
    hits = resolver_titles.get(loose_key(text), [])
    return hits[0] if len(hits) == 1 else None


@dataclass
class _Classified:
    kinds: dict[int, str]
    toc_targets: dict[int, int]
    toc_lines: set[int]
    entries: list[TocEntry]
    first_toc_line: int | None


def classify_headings(lines: list[str], headings: list[Heading], path: str, topic_levels: tuple[int, ...] | None,
                      question_levels: tuple[int, ...] | None) -> tuple[_Classified, list[Diagnostic]]:
    """Decide for each heading (by index) whether it is a ``topic``, ``question``, ``title``, ``sub`` heading
    or part of a TOC (``toc``); find the TOC lines and which heading each TOC item names."""
    diags: list[Diagnostic] = []
    tocs = find_tocs(lines, headings)
    toc_title_indexes = {t.heading for t in tocs} | {i for i, h in enumerate(headings) if is_toc_title(h.title)}
    in_tocs = {i for t in tocs for i in t.heading_entries}
    candidates = [i for i in range(len(headings)) if i not in toc_title_indexes and i not in in_tocs]
    resolver = _resolver(headings, candidates)
    titles: dict[str, list[int]] = defaultdict(list)
    for i in candidates:
        titles[loose_key(headings[i].title)].append(i)

    valid: list[tuple[Toc, list[_Resolved]]] = []
    outlines: list[Toc] = []  # TOCs made only of headings that name nothing: stale outlines
    returned = False  # headings that were taken for TOC items and are headings again
    for toc in tocs:
        resolved = [r for r in (_resolve_entry(e, resolver) for e in toc.entries) if r is not None]
        if resolved:
            valid.append((toc, resolved))
            continue
        if toc.entries and all(e.kind == "heading" for e in toc.entries):
            outlines.append(toc)
            continue
        title = headings[toc.heading]
        if toc.entries:
            diags.append(Diagnostic(path, title.first_line, Severity.WARNING,
                                    f"the TOC under '{title.title}' names no heading of the document; it is kept "
                                    "as text", "fix its links so they name the headings' ids"))
        candidates += toc.heading_entries  # the headings of a TOC that is not one are headings again
        returned = returned or bool(toc.heading_entries)
    for toc in outlines:  # navigation beside a TOC that works; otherwise its headings are headings again
        if valid:
            valid.append((toc, []))
        else:
            candidates += toc.heading_entries
            returned = returned or bool(toc.heading_entries)
    for toc, resolved in valid:
        # an item that names no heading and is not a broken link (plain text, a link to another file) is text;
        # a heading of the TOC that names none is a stale outline's: navigation, noted
        named = {r.entry.line for r in resolved}
        stale = [e for e in toc.entries if e.kind == "heading" and e.line not in named]
        if stale:
            diags.append(Diagnostic(path, stale[0].line, Severity.NOTICE,
                                    f"{len(stale)} heading(s) of the TOC under '{headings[toc.heading].title}' "
                                    f"(lines {stale[0].line}–{stale[-1].line}) name no heading of the document: a "
                                    "stale outline, left out with the TOC", "remove them, or make them links"))
        for e in toc.entries:
            if e.line in named or e.kind in ("link", "heading"):
                continue
            lines_of_item = list(headings[e.heading].lines) if e.heading >= 0 else [e.line]
            toc.lines = [n for n in toc.lines if n not in lines_of_item]
            if e.heading >= 0:
                candidates.append(e.heading)
                returned = True
    candidates.sort()
    if returned:
        resolver = _resolver(headings, candidates)
        valid = [(toc, [r for r in (_resolve_entry(e, resolver) for e in toc.entries) if r is not None])
                 for toc, _ in valid]

    toc_lines = {n for toc, _ in valid for n in toc.lines}
    toc_targets: dict[int, int] = {}
    entries: list[TocEntry] = []
    for toc, resolved in valid:
        by_line = {r.entry.line: r for r in resolved}
        for e in toc.entries:
            r = by_line.get(e.line)
            entries.append(TocEntry(e.text, r.anchor if r else (e.anchors[0] if e.anchors else ""), e.depth, e.line))
            if r is None:
                if is_toc_title(e.text):
                    continue  # a link to the TOC itself
                if e.kind == "link":
                    diags.append(Diagnostic(path, e.line, Severity.WARNING,
                                            f"TOC link '{shorten(e.anchors[0])}' matches no heading",
                                            "fix the anchor so it names a heading id", TOC_UNRESOLVED))
                continue
            toc_targets[e.line] = r.target
            h = headings[r.target]
            if e.missing_hash:
                diags.append(Diagnostic(path, e.line, Severity.NOTICE,
                                        f"TOC link '{shorten(r.anchor[1:])}' has no '#'; read as a link to line "
                                        f"{h.first_line} '{shorten(h.title)}'",
                                        f"change the link to '#{h.explicit_id or h.github_slug}'"))
            elif r.rule not in ("exact", "normalised", "link-text"):
                diags.append(Diagnostic(path, e.line, Severity.NOTICE,
                                        f"TOC link '{shorten(r.anchor)}' matches no id; repaired by the '{r.rule}' "
                                        f"rule to line {h.first_line} '{h.title}'",
                                        f"change the link to '#{h.explicit_id or h.github_slug}'", LINK_REPAIRED))
            elif r.rule == "link-text" and e.kind == "link":
                diags.append(Diagnostic(path, e.line, Severity.NOTICE,
                                        f"TOC link '{shorten(r.anchor or e.anchors[0])}' matches no id; repaired by "
                                        f"the 'link-text' rule to line {h.first_line} '{h.title}'",
                                        f"change the link to '#{h.explicit_id or h.github_slug}'"))
            if e.kind == "link" and r.rule in ("exact", "normalised"):
                named = _title_index(titles, e.text)
                if named is not None and named != r.target and loose_key(e.text) != loose_key(h.title):
                    other = headings[named]
                    diags.append(Diagnostic(path, e.line, Severity.NOTICE,
                                            f"TOC item '{shorten(e.text)}' links to line {h.first_line} "
                                            f"'{shorten(h.title)}', but its text names line {other.first_line}",
                                            f"change the link to '#{other.explicit_id or other.github_slug}'"))

    primary = max(valid, key=lambda v: len(v[1]), default=None)
    first_toc_line = headings[primary[0].heading].first_line if primary else None
    if topic_levels is not None or question_levels is not None:
        listed = _roles_from_toc(primary, headings, candidates, titles) if primary else {}
        kinds = _classify_by_levels(headings, candidates, listed, topic_levels, question_levels)
    elif primary:
        listed = _roles_from_toc(primary, headings, candidates, titles)
        kinds = _classify_by_toc(headings, candidates, listed, first_toc_line, path, diags)
    else:
        kinds = _classify_without_toc(headings, candidates)
    for i in range(len(headings)):
        kinds.setdefault(i, "toc" if headings[i].first_line in toc_lines else "sub")
    return _Classified(kinds, toc_targets, toc_lines, entries, first_toc_line), diags


def _roles_from_toc(primary: tuple[Toc, list[_Resolved]], headings: list[Heading], candidates: list[int],
                    titles: dict[str, list[int]]) -> dict[int, str]:
    """Heading index → role its TOC item gives it (``title``, ``topic``, ``question`` or ``sub``)."""
    _, resolved = primary
    depths = sorted({r.entry.depth for r in resolved})
    by_depth: dict[int, list[int]] = defaultdict(list)
    for r in resolved:
        by_depth[r.entry.depth].append(r.target)
    roles: dict[int, str] = {}
    first = min(candidates) if candidates else None
    top = by_depth[depths[0]]
    if len(depths) >= 3 and len(set(top)) == 1 and top[0] == first \
            and headings[first].level == min(headings[i].level for i in candidates):
        roles[depths[0]] = "title"
        depths = depths[1:]
    if len(depths) == 1:
        roles[depths[0]] = "question"
    else:
        roles[depths[0]], roles[depths[1]] = "topic", "question"
        for d in depths[2:]:
            roles[d] = "sub"
    listed: dict[int, str] = {}
    for r in resolved:
        listed.setdefault(r.target, roles[r.entry.depth])
    for r in resolved:  # a link to the wrong heading: the heading its text names is listed too
        if r.entry.kind == "link" and r.rule in ("exact", "normalised"):
            named = _title_index(titles, r.entry.text)
            if named is not None and named != r.target:
                listed.setdefault(named, roles[r.entry.depth])
    return listed


def _signature(h: Heading) -> tuple[int, bool]:
    return h.level, bool(h.explicit_id)


def _title_heading(headings: list[Heading], candidates: list[int], excluded_levels: set[int] = frozenset(),
                   above: int | None = None) -> int | None:
    """The document's title: its first heading, alone on the shallowest level (or above the TOC)."""
    if not candidates:
        return None
    first = candidates[0]
    levels = [headings[i].level for i in candidates]
    top = min(levels)
    h = headings[first]
    if h.level != top or h.level in excluded_levels or (h.explicit_id and h.level != 1):
        return None
    if above is not None and h.first_line < above:
        return first
    if levels.count(top) == 1 and len(set(levels)) > 1:
        return first
    if not h.explicit_id and all(headings[i].explicit_id for i in candidates[1:] if headings[i].level == top):
        return first  # "# 书名" above "<h1 id>" questions: alone in its form on the level
    return None


def _classify_by_toc(headings: list[Heading], candidates: list[int], listed: dict[int, str], first_toc_line: int,
                     path: str, diags: list[Diagnostic]) -> dict[int, str]:
    kinds: dict[int, str] = dict(listed)
    sigs: dict[str, Counter] = {"topic": Counter(), "question": Counter()}
    for i, role in listed.items():
        if role in sigs:
            sigs[role][_signature(headings[i])] += 1
    listed_lines = [headings[i].first_line for i, role in listed.items() if role in ("topic", "question")]
    first_listed = min(listed_lines) if listed_lines else None
    title = _title_heading(headings, [i for i in candidates if i not in listed], above=first_toc_line)
    if title is not None and (first_listed is None or headings[title].first_line < first_listed):
        kinds[title] = "title"
    marks = question_marks(headings, [i for i, role in listed.items() if role == "question"])
    for i in candidates:
        if i in kinds:
            continue
        h = headings[i]
        if h.first_line < first_toc_line and (first_listed is None or h.first_line < first_listed):
            kinds[i] = "sub"  # above the TOC (and above everything it lists): the preamble
            continue
        t, q = sigs["topic"][_signature(h)], sigs["question"][_signature(h)]
        if q >= t and not is_like(h, marks):
            q = 0  # written unlike every listed question (``### 核心回答`` among ``### 1. …``): a part of an answer
        if not t and not q:
            kinds[i] = "sub"
        elif q >= t:
            kinds[i] = "question"
            diags.append(Diagnostic(path, h.first_line, Severity.NOTICE,
                                    f"question '{h.title}' is not listed in the TOC",
                                    "add it to the TOC if readers of the source should find it"))
        else:
            kinds[i] = "topic"
            diags.append(Diagnostic(path, h.first_line, Severity.NOTICE,
                                    f"topic '{h.title}' is not listed in the TOC",
                                    "add it to the TOC if readers of the source should find it"))
    return kinds


def _classify_without_toc(headings: list[Heading], candidates: list[int]) -> dict[int, str]:
    kinds: dict[int, str] = {}
    title = _title_heading(headings, candidates)
    if title is not None:
        kinds[title] = "title"
    rest = [i for i in candidates if i != title]
    with_ids = [i for i in rest if headings[i].explicit_id]
    pool = set(with_ids) if len(with_ids) >= 2 else set(rest)
    levels = sorted({headings[i].level for i in pool})
    if not levels:
        return kinds
    asked = question_levels(headings, sorted(pool))
    topic_level: int | None = None
    topics_from_pool = True
    if asked:  # the headings that ask say where the questions are; topics are the nearest level above
        questions = asked
        above = [lvl for lvl in levels if lvl < max(asked) and lvl not in asked]
        if above:
            topic_level = max(above)
        else:
            above = [headings[i].level for i in rest if headings[i].level < max(asked)
                     and headings[i].level not in asked]
            if above:
                topic_level, topics_from_pool = max(above), False
    elif len(levels) >= 2:
        topic_level, questions = levels[0], {levels[1]}
    else:
        questions = {levels[0]}
        above = [headings[i].level for i in rest if headings[i].level < levels[0]]
        if above:
            topic_level, topics_from_pool = max(above), False
    for i in rest:
        level = headings[i].level
        if level == topic_level and (i in pool or not topics_from_pool):
            kinds[i] = "topic"
        elif level in questions and i in pool:
            kinds[i] = "question"
        else:
            kinds[i] = "sub"
    for i in answer_parts(headings, rest, kinds):
        kinds[i] = "sub"
    return kinds


def _classify_by_levels(headings: list[Heading], candidates: list[int], listed: dict[int, str],
                        topic_levels: tuple[int, ...] | None,
                        question_levels: tuple[int, ...] | None) -> dict[int, str]:
    kinds: dict[int, str] = {}
    explicit = set(topic_levels or ()) | set(question_levels or ())
    title = _title_heading(headings, candidates, excluded_levels=explicit)
    if title is not None:
        kinds[title] = "title"
    rest = [i for i in candidates if i != title]
    present = sorted({headings[i].level for i in rest})
    questions = set(question_levels or ())
    topics = set(topic_levels or ())
    if question_levels is not None and topic_levels is None:
        deepest = max(questions)
        others = [lvl for lvl in present if lvl not in questions and lvl < deepest]
        topics = {others[0]} if others else set()
    if topic_levels is not None and question_levels is None:
        below = [lvl for lvl in present if lvl > max(topics)]
        questions = {below[0]} if below else set()
    forms: dict[int, set[bool]] = defaultdict(set)
    if listed:
        for i in listed:
            forms[headings[i].level].add(bool(headings[i].explicit_id))
    else:  # no TOC: at a level where two or more headings have ids, those without one are sub-headings
        ids = Counter(headings[i].level for i in rest if headings[i].explicit_id)
        forms.update({level: {True} for level, count in ids.items() if count >= 2})
    for i in rest:
        h = headings[i]
        kind = "question" if h.level in questions else "topic" if h.level in topics else "sub"
        if kind != "sub" and i not in listed and forms.get(h.level) and bool(h.explicit_id) not in forms[h.level]:
            kind = "sub"
        kinds[i] = kind
    return kinds


# -------------------------------------------------------------------------------------------- document


def _merge_options(options: ParseOptions | None, fm: FrontMatter, path: str,
                   diags: list[Diagnostic]) -> tuple[tuple[int, ...] | None, tuple[int, ...] | None]:
    topic, question = fm.topic_levels, fm.question_levels
    if options is not None:
        for name in ("topic_levels", "question_levels"):
            value = getattr(options, name)
            if value is None:
                continue
            levels = parse_levels(list(value))
            if levels is None:
                diags.append(Diagnostic(path, 0, Severity.ERROR,
                                        f"parse option {name}={value!r} is not a list of heading levels 1–6",
                                        "fix the setting that passes it"))
                continue
            if name == "topic_levels":
                topic = levels
            else:
                question = levels
    if topic and question and set(topic) & set(question):
        both = sorted(set(topic) & set(question))
        diags.append(Diagnostic(path, fm.lines[0] if fm.lines else 0, Severity.WARNING,
                                f"heading level {', '.join(map(str, both))} is set as both a topic and a question "
                                "level; it is read as a question level",
                                "give topics and questions different levels"))
        topic = tuple(level for level in topic if level not in question) or None
    return topic, question


def parse_document(text: str, path: str, options: ParseOptions | None = None) -> tuple[Document, list[Diagnostic]]:
    """Split one document into preamble, topics and questions; every content line lands in exactly one."""
    lines = split_lines(text)
    fm, diags = read_front_matter(lines, path)
    topic_levels, question_levels = _merge_options(options, fm, path, diags)
    fm_set = set(fm.lines)
    scan_lines = ["" if n + 1 in fm_set else line for n, line in enumerate(lines)]
    headings, heading_diags = scan_headings(scan_lines, path)
    diags += heading_diags
    classified, class_diags = classify_headings(scan_lines, headings, path, topic_levels, question_levels)
    diags += class_diags
    kinds = classified.kinds
    skip = classified.toc_lines | fm_set
    heading_at = {h.first_line: (i, h) for i, h in enumerate(headings)}

    title = ""
    preamble: list[SourceLine] = []
    topics: list[Topic] = []
    current: list[SourceLine] = preamble
    current_subs: list[Heading] | None = None
    topic: Topic | None = None
    has_topics = any(kind == "topic" for kind in kinds.values())
    n = 1
    while n <= len(lines):
        if n in skip:
            n += 1
            continue
        hit = heading_at.get(n)
        kind = kinds.get(hit[0]) if hit else None
        if hit and kind in ("topic", "question"):
            h = hit[1]
            if kind == "topic":
                topic = Topic(h, h.title, [], number=leading_number(h.title))
                topics.append(topic)
                current, current_subs = topic.intro, topic.sub_headings
            else:
                if topic is None:
                    topic = Topic(None, "", [], number=None)
                    topics.append(topic)
                    if has_topics:
                        diags.append(Diagnostic(path, h.first_line, Severity.NOTICE,
                                                f"question '{h.title}' comes before any topic heading; it is put in "
                                                "an untitled first topic", "add a topic heading above it"))
                q = Question(h, [], leading_number(h.title), topic=topic)
                topic.questions.append(q)
                current, current_subs = q.body, q.sub_headings
            n = h.last_line + 1
            continue
        if hit and kind == "title" and not title:
            title = hit[1].title
        if hit and kind in ("sub", "title") and current_subs is not None:
            current_subs.append(hit[1])
        current.append(SourceLine(n, lines[n - 1]))
        n += 1
    fm_title = fm.data.get("title") if isinstance(fm.data.get("title"), str) else ""
    title = clean_text(fm_title) or title
    for t in topics:
        if t.heading is None:
            t.title = title or path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if not t.questions:
            diags.append(Diagnostic(path, t.heading.first_line if t.heading else 1, Severity.WARNING,
                                    f"topic '{t.title}' has no questions",
                                    "add questions under it or remove the heading; if its questions are read as "
                                    "topics, set the levels in the front matter ('qa: {topic_level: 2, "
                                    "question_level: 3}')", EMPTY_TOPIC))
    if not topics and not any(line.text.strip() for line in preamble):
        diags.append(Diagnostic(path, 1, Severity.NOTICE, "the document is empty: it has no text yet",
                                "write its questions, or remove the file", EMPTY_DOCUMENT))
    elif not topics:
        diags.append(Diagnostic(path, 1, Severity.WARNING, "no topics or questions found",
                                "use headings with ids or a TOC, or set the levels in the front matter "
                                "('qa: {question_level: 3}')", NO_QUESTIONS))
    diags += _duplicate_ids(headings, topics, kinds, path)
    sections = [preamble] + [s for t in topics for s in [t.intro] + [q.body for q in t.questions]]
    diags += _lint(sections, lines, fm_set, path)
    doc = Document(path, title, sorted(classified.toc_lines), preamble, topics, headings, classified.entries,
                   {line: headings[i] for line, i in classified.toc_targets.items()},
                   front_matter_lines=fm.lines, front_matter=fm.data)
    return doc, diags


def _duplicate_ids(headings: list[Heading], topics: list[Topic], kinds: dict[int, str],
                   path: str) -> list[Diagnostic]:
    """A repeated id: reported; the later topic/question gets the key ``id-1`` so its URL stays its own."""
    diags: list[Diagnostic] = []
    first_with: dict[str, Heading] = {}
    for i, h in enumerate(headings):
        if kinds.get(i) == "toc" or not h.explicit_id:
            continue
        other = first_with.get(h.explicit_id)
        if other is None:
            first_with[h.explicit_id] = h
            continue
        diags.append(Diagnostic(path, h.first_line, Severity.WARNING,
                                f"id '{shorten(h.explicit_id)}' is already the id of line {other.first_line} "
                                f"'{shorten(other.title)}'; links to '#{shorten(h.explicit_id)}' go there",
                                "give this heading an id of its own"))
    used: set[str] = set()
    structural = sorted([t.heading for t in topics if t.heading] + [q.heading for t in topics for q in t.questions],
                        key=lambda h: h.first_line)
    every = {h.explicit_id for h in headings if h.explicit_id} | {h.github_slug for h in headings}
    for h in structural:
        key = h.explicit_id or h.github_slug
        if key in used:
            k = 1
            while f"{key}-{k}" in used or f"{key}-{k}" in every:
                k += 1
            h.unique_key = f"{key}-{k}"
            key = h.unique_key
        used.add(key)
    return diags


def _lint(sections: list[list[SourceLine]], lines: list[str], fm_set: set[int], path: str) -> list[Diagnostic]:
    """Problems inside the text: characters that cannot be shown, unclosed formulas, HTML shown as text."""
    diags: list[Diagnostic] = []
    bad_chars = [n for n, line in enumerate(lines, start=1) if n not in fm_set and CONTROL_CHARS.search(line)]
    for n in bad_chars[:MAX_REPORTED]:
        ch = CONTROL_CHARS.search(lines[n - 1]).group()
        name = "a NUL byte" if ch == "\x00" else f"the character U+{ord(ch):04X}"
        diags.append(Diagnostic(path, n, Severity.WARNING,
                                f"line contains {name}, which cannot be shown; it is shown as U+FFFD (\ufffd)",
                                "remove it: the file may be damaged or partly binary"))
    if len(bad_chars) > MAX_REPORTED:
        diags.append(Diagnostic(path, bad_chars[MAX_REPORTED], Severity.WARNING,
                                f"{len(bad_chars) - MAX_REPORTED} more lines contain characters that cannot be "
                                "shown", "remove them: the file may be damaged or partly binary"))
    unsafe: list[tuple[int, str]] = []
    for section in sections:
        if not section:
            continue
        numbered = [(line.number, line.text) for line in section]
        for number, message, hint in unbalanced_math(numbered):
            diags.append(Diagnostic(path, number, Severity.WARNING, message, hint))
        flags = fence_flags([t for _, t in numbered])
        for (number, text), fenced in zip(numbered, flags):
            if not fenced:
                unsafe += [(number, what) for what in unsafe_markup(text)]
    for number, what in unsafe[:20]:
        diags.append(Diagnostic(path, number, Severity.NOTICE,
                                f"{what} is shown as text: the site never runs scripts or loads frames from a document",
                                "put it in `code` if it is an example"))
    if len(unsafe) > 20:
        diags.append(Diagnostic(path, unsafe[20][0], Severity.NOTICE,
                                f"{len(unsafe) - 20} more pieces of HTML are shown as text",
                                "put them in `code` if they are examples"))
    diags.sort(key=lambda d: d.line)
    return diags
