"""Parsing a source document into topics and questions, keeping every content line exactly.

The rule that decides what is a topic and what is a question (documented in the README):

1. The hand-written TOC (a heading titled 目录/Contents followed by a list of links) is navigation, not
   content. Each TOC link is matched to a heading (``anchors.py``): outer entries name topics, nested
   entries name questions.
2. A heading matched by an outer TOC entry is a topic, one matched by a nested entry is a question. A
   heading the TOC does not list is a topic or question when it has the level *and* the form (explicit id
   or not) of the listed ones — otherwise it is a sub-heading inside the current answer (``### 核心回答``).
3. Without a TOC, headings with explicit ids are preferred: the shallowest level with ids gives topics
   and the next one questions; with a single level, they are questions of one implicit topic.
4. ``#`` lines inside code fences are never headings.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass

from .anchors import AnchorResolver
from .markdown_scan import fence_flags, link_destination_end, split_lines
from .model import Diagnostic, Document, Heading, Question, Severity, SourceLine, TocEntry, Topic
from .slugs import GithubSlugger, leading_number

_ID_ATTR = r"""\b(?:id|name)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>"']+))"""
HTML_HEADING = re.compile(r"^ {0,3}<h(?P<level>[1-6])\b(?P<attrs>[^>]*)>(?P<title>.*?)</h(?P=level)\s*>\s*$", re.I)
HTML_HEADING_OPEN = re.compile(r"^ {0,3}<h(?P<level>[1-6])\b(?P<attrs>[^>]*)>(?P<title>.*)$", re.I)
ANCHOR_LINE = re.compile(r"^ {0,3}<a\s[^>]*?" + _ID_ATTR + r"[^>]*>\s*</a>\s*$", re.I)
ATX_HEADING = re.compile(r"^ {0,3}(?P<hashes>#{1,6})(?:[ \t]+(?P<title>.*?))?(?:[ \t]+#+)?[ \t]*$")
INLINE_ANCHOR = re.compile(r"^\s*<a\s[^>]*?" + _ID_ATTR + r"[^>]*>\s*</a>\s*", re.I)
ATTR_LIST_ID = re.compile(r"\s*\{\s*#(?P<id>[^\s}]+)[^}]*\}\s*$")
TAG = re.compile(r"<[^>]+>")
TOC_TITLES = {"目录", "目錄", "contents", "tableofcontents", "toc", "目次"}
TOC_LINK = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+]|\d+[.)])[ \t]+(?P<rest>.*)$")


def _id_from(match: re.Match) -> str | None:
    for group in ("dq", "sq", "bare"):
        value = match.group(group)
        if value is not None:
            return html.unescape(value)
    return None


def plain_title(title: str) -> str:
    """Heading text without tags and entities, for navigation and slugs."""
    return html.unescape(TAG.sub("", title)).strip()


def scan_headings(lines: list[str], path: str) -> tuple[list[Heading], list[Diagnostic]]:
    """Find every heading outside code fences, in any of the three forms."""
    in_fence = fence_flags(lines)
    headings: list[Heading] = []
    diags: list[Diagnostic] = []
    skip_until = -1
    for i, line in enumerate(lines):
        if i <= skip_until or in_fence[i]:
            continue
        n = i + 1
        m = HTML_HEADING.match(line)
        if m:
            id_match = re.search(_ID_ATTR, m.group("attrs"), re.I)
            headings.append(Heading(int(m.group("level")), plain_title(m.group("title")),
                                    _id_from(id_match) if id_match else None, "html", n, n))
            continue
        m = HTML_HEADING_OPEN.match(line)
        if m and "</h" not in line.lower():
            diags.append(Diagnostic(path, n, Severity.WARNING,
                                    f"<h{m.group('level')}> heading is not closed on its line; read as a heading anyway",
                                    f"close it with </h{m.group('level')}>"))
            id_match = re.search(_ID_ATTR, m.group("attrs"), re.I)
            headings.append(Heading(int(m.group("level")), plain_title(m.group("title")),
                                    _id_from(id_match) if id_match else None, "html", n, n))
            continue
        m = ANCHOR_LINE.match(line)
        if m:
            j = i + 1
            while j < len(lines) and not lines[j].strip() and j - i <= 2:
                j += 1
            atx = ATX_HEADING.match(lines[j]) if j < len(lines) and not in_fence[j] else None
            if atx and atx.group("title"):
                headings.append(Heading(len(atx.group("hashes")), html.unescape(_atx_title(atx.group("title"))[0]),
                                        _id_from(m), "anchor", n, j + 1))
                skip_until = j
            continue
        m = ATX_HEADING.match(line)
        if m and m.group("title"):
            title, explicit = _atx_title(m.group("title"))
            form = "plain"
            inline = INLINE_ANCHOR.match(title)
            if inline:
                explicit = _id_from(inline)
                title = title[inline.end():]
                form = "anchor"
            elif explicit:
                form = "anchor"
            headings.append(Heading(len(m.group("hashes")), html.unescape(title).strip(), explicit, form, n, n))
    slugger = GithubSlugger()
    for h in headings:
        h.github_slug = slugger.slug(h.title)
    return headings, diags


def _atx_title(raw: str) -> tuple[str, str | None]:
    m = ATTR_LIST_ID.search(raw)
    if m:
        return raw[: m.start()].strip(), m.group("id")
    return raw.strip(), None


def _is_toc_title(title: str) -> bool:
    return re.sub(r"[\s\d.、:：]+", "", title).casefold() in TOC_TITLES


def _toc_link(rest: str) -> tuple[str, str] | None:
    """``[text](#anchor)`` at the start of a list item → (text, anchor)."""
    m = re.match(r"\[(?P<text>(?:[^\]\\]|\\.)*)\]\(", rest)
    if not m:
        return None
    end = link_destination_end(rest, m.end())
    if end is None:
        return None
    dest = rest[m.end():end].strip()
    if dest.startswith("<") and dest.endswith(">"):
        dest = dest[1:-1]
    dest = dest.split(" ")[0] if " " in dest and not dest.startswith("#") else dest
    return m.group("text"), dest


@dataclass
class _Toc:
    lines: list[int]  # 1-based line numbers that are TOC (navigation) and not content
    entries: list[TocEntry]


def find_toc(lines: list[str], headings: list[Heading]) -> _Toc | None:
    """The hand-written TOC: a 目录/Contents heading and the list under it (lines up to the next heading)."""
    for index, heading in enumerate(headings):
        if not _is_toc_title(heading.title):
            continue
        end = headings[index + 1].first_line - 1 if index + 1 < len(headings) else len(lines)
        toc_lines = list(heading.lines)
        raw_entries: list[tuple[int, str, str, int]] = []
        for n in range(heading.last_line + 1, end + 1):
            text = lines[n - 1]
            if not text.strip():
                toc_lines.append(n)
                continue
            m = TOC_LINK.match(text)
            if not m:
                continue  # prose inside the TOC region is content: it goes to the home page
            toc_lines.append(n)
            link = _toc_link(m.group("rest").strip())
            indent = len(m.group("indent").expandtabs(4))
            if link:
                raw_entries.append((n, link[0], link[1], indent))
        indents = sorted({e[3] for e in raw_entries})
        entries = [TocEntry(text, anchor, _depth(indent, indents), n) for n, text, anchor, indent in raw_entries]
        # trailing blank lines belong to the content that follows, not to the TOC
        while toc_lines and not lines[toc_lines[-1] - 1].strip() and toc_lines[-1] > heading.last_line:
            toc_lines.pop()
        return _Toc(toc_lines, entries)
    return None


def _depth(indent: int, indents: list[int]) -> int:
    """Nesting depth of a TOC entry: 0 for the least indented, 1 for anything deeper (tabs = 4 spaces)."""
    return 0 if indent == indents[0] else 1


def classify(headings: list[Heading], toc: _Toc | None, path: str) -> tuple[dict[int, str], list[Diagnostic], dict[int, int]]:
    """Decide for each heading (by index) whether it is a ``topic``, a ``question`` or a ``sub`` heading.

    Returns the decisions, diagnostics, and for each TOC entry line the index of the heading it names.
    """
    diags: list[Diagnostic] = []
    resolver: AnchorResolver[int] = AnchorResolver()
    toc_heading_lines = set(toc.lines) if toc else set()
    candidates = [i for i, h in enumerate(headings) if h.first_line not in toc_heading_lines]
    for i in candidates:
        h = headings[i]
        if h.explicit_id:
            resolver.add(h.explicit_id, i, title=h.title)
        resolver.add(h.github_slug, i, title=h.title)
    kinds: dict[int, str] = {}
    entry_targets: dict[int, int] = {}
    if toc and toc.entries:
        matched: dict[str, list[int]] = {"topic": [], "question": []}
        for entry in toc.entries:
            if not entry.anchor.startswith("#"):
                continue
            res = resolver.resolve(entry.anchor, entry.text)
            if res is None:
                diags.append(Diagnostic(path, entry.line, Severity.WARNING,
                                        f"TOC link '{entry.anchor}' matches no heading",
                                        "fix the anchor so it names a heading id"))
                continue
            if res.repaired:
                h = headings[res.target]
                diags.append(Diagnostic(path, entry.line, Severity.NOTICE,
                                        f"TOC link '{entry.anchor}' matches no id; repaired by the '{res.rule}' "
                                        f"rule to line {h.first_line} '{h.title}'",
                                        f"change the link to '#{h.explicit_id or h.github_slug}'"))
            entry_targets[entry.line] = res.target
            kind = "topic" if entry.depth == 0 else "question"
            if res.target not in kinds:
                kinds[res.target] = kind
                matched[kind].append(res.target)
        if not matched["question"] and matched["topic"]:
            # a flat TOC lists questions only
            matched["question"], matched["topic"] = matched["topic"], []
            for i in matched["question"]:
                kinds[i] = "question"
        q_levels = {headings[i].level for i in matched["question"]}
        t_levels = {headings[i].level for i in matched["topic"]}
        q_explicit = _majority(bool(headings[i].explicit_id) for i in matched["question"])
        t_explicit = _majority(bool(headings[i].explicit_id) for i in matched["topic"])
        for i in candidates:
            if i in kinds:
                continue
            h = headings[i]
            if h.level in t_levels and (not q_levels or h.level < min(q_levels)) and bool(h.explicit_id) == t_explicit:
                kinds[i] = "topic"
            elif h.level in q_levels and bool(h.explicit_id) == q_explicit:
                kinds[i] = "question"
                diags.append(Diagnostic(path, h.first_line, Severity.NOTICE,
                                        f"question '{h.title}' is not listed in the TOC",
                                        "add it to the TOC if readers of the source should find it"))
            else:
                kinds[i] = "sub"
    else:
        kinds = _classify_without_toc(headings, candidates)
    for i in range(len(headings)):
        kinds.setdefault(i, "toc" if headings[i].first_line in toc_heading_lines else "sub")
    return kinds, diags, entry_targets


def _majority(flags) -> bool:
    counts = Counter(flags)
    return counts[True] >= counts[False] if counts else True


def _classify_without_toc(headings: list[Heading], candidates: list[int]) -> dict[int, str]:
    kinds: dict[int, str] = {}
    with_ids = [i for i in candidates if headings[i].explicit_id]
    pool = with_ids if with_ids else list(candidates)
    levels = sorted({headings[i].level for i in pool})
    # a single top-level heading first in the document is the document's title
    if pool and not with_ids and len(levels) > 1:
        top = [i for i in pool if headings[i].level == levels[0]]
        if len(top) == 1 and top[0] == pool[0]:
            kinds[top[0]] = "title"
            pool = pool[1:]
            levels = sorted({headings[i].level for i in pool})
    if not levels:
        return kinds
    if len(levels) == 1:
        topic_level, question_level = None, levels[0]
    else:
        topic_level, question_level = levels[0], levels[1]
    for i in candidates:
        if i in kinds:
            continue
        level = headings[i].level
        if i in pool and level == topic_level:
            kinds[i] = "topic"
        elif i in pool and level == question_level:
            kinds[i] = "question"
        else:
            kinds[i] = "sub"
    return kinds


def parse_document(text: str, path: str) -> tuple[Document, list[Diagnostic]]:
    """Split one document into preamble, topics and questions; every non-TOC line lands in exactly one."""
    lines = split_lines(text)
    headings, diags = scan_headings(lines, path)
    toc = find_toc(lines, headings)
    kinds, class_diags, toc_targets = classify(headings, toc, path)
    diags += class_diags
    toc_set = set(toc.lines) if toc else set()
    heading_at = {h.first_line: (i, h) for i, h in enumerate(headings)}

    title = ""
    preamble: list[SourceLine] = []
    topics: list[Topic] = []
    current: list[SourceLine] = preamble
    current_subs: list[Heading] | None = None
    topic: Topic | None = None
    n = 1
    while n <= len(lines):
        if n in toc_set:
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
                    diags.append(Diagnostic(path, h.first_line, Severity.NOTICE,
                                            f"question '{h.title}' comes before any topic heading; it is put in an untitled first topic",
                                            "add a topic heading above it"))
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
    for t in topics:
        if t.heading is None:
            t.title = title or path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if not t.questions:
            diags.append(Diagnostic(path, t.heading.first_line if t.heading else 1, Severity.WARNING,
                                    f"topic '{t.title}' has no questions",
                                    "add questions under it or remove the heading"))
    if not topics:
        diags.append(Diagnostic(path, 1, Severity.WARNING, "no topics or questions found",
                                "use headings with ids or a TOC; see the README's 'Source documents' section"))
    doc = Document(path, title, sorted(toc_set), preamble, topics, headings, toc.entries if toc else [],
                   {line: headings[i] for line, i in toc_targets.items()})
    return doc, diags
