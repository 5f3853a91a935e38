"""Front matter: the YAML block at the very top of a document, metadata that never reaches a page.

Its ``qa:`` mapping overrides the levels of topics and questions; its ``title:`` names the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from .model import Diagnostic, Severity

_LEVELS_KEYS = {"topic_level": "topic", "topic_levels": "topic", "question_level": "question",
                "question_levels": "question"}


# -------------------------------------------------------------------------------------------- front matter


@dataclass
class FrontMatter:
    lines: list[int] = field(default_factory=list)  # 1-based
    data: dict = field(default_factory=dict)
    topic_levels: tuple[int, ...] | None = None
    question_levels: tuple[int, ...] | None = None


def read_front_matter(lines: list[str], path: str) -> tuple[FrontMatter, list[Diagnostic]]:
    """The YAML block between ``---`` lines at the very top (metadata: never content)."""
    fm = FrontMatter()
    diags: list[Diagnostic] = []
    if not lines or lines[0].rstrip() != "---":
        return fm, diags
    end = next((j for j in range(1, len(lines)) if lines[j].rstrip() in ("---", "...")), None)
    if end is None:
        return fm, diags
    block = lines[1:end]
    first = next((text for text in block if text.strip() and not text.lstrip().startswith("#")), None)
    if first is None or not re.match(r"^[A-Za-z_][\w.-]*\s*:(?:\s|$)", first):
        return fm, diags  # a thematic break and some text, not front matter
    fm.lines = list(range(1, end + 2))
    try:
        data = yaml.safe_load("\n".join(block))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = 2 + mark.line if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        diags.append(Diagnostic(path, line, Severity.WARNING,
                                f"front matter is not valid YAML ({problem}); it is ignored",
                                "fix the YAML between the '---' lines"))
        return fm, diags
    if not isinstance(data, dict):
        diags.append(Diagnostic(path, 1, Severity.WARNING, "front matter is not a YAML mapping; it is ignored",
                                "write 'key: value' lines between the '---' lines"))
        return fm, diags
    fm.data = data

    def line_of(key: str) -> int:
        for k, text in enumerate(block):
            if re.match(rf"^\s*{re.escape(key)}\s*:", text):
                return k + 2
        return 1

    unused = [str(k) for k in data if k not in ("qa", "title")]
    if unused:
        diags.append(Diagnostic(path, line_of(unused[0]), Severity.NOTICE,
                                f"front matter keys {', '.join(repr(k) for k in unused)} are not used by the site",
                                "the site reads 'title' and 'qa' (topic_level, question_level)"))
    qa = data.get("qa")
    if qa is None:
        return fm, diags
    if not isinstance(qa, dict):
        diags.append(Diagnostic(path, line_of("qa"), Severity.WARNING,
                                "front matter 'qa' must be a mapping (topic_level, question_level); it is ignored",
                                "write 'qa:' and below it '  question_level: 3'"))
        return fm, diags
    for key, value in qa.items():
        kind = _LEVELS_KEYS.get(str(key))
        if kind is None:
            diags.append(Diagnostic(path, line_of(str(key)), Severity.WARNING,
                                    f"front matter 'qa.{key}' is not a setting; it is ignored",
                                    "the settings are topic_level and question_level"))
            continue
        levels = parse_levels(value)
        if levels is None:
            diags.append(Diagnostic(path, line_of(str(key)), Severity.WARNING,
                                    f"front matter 'qa.{key}: {value!r}' is not a heading level 1–6 or a list of "
                                    "them; it is ignored", f"write e.g. '{key}: 3' or '{key}: [3, 1]'"))
            continue
        if kind == "topic":
            fm.topic_levels = levels
        else:
            fm.question_levels = levels
    return fm, diags


def parse_levels(value) -> tuple[int, ...] | None:
    items = value if isinstance(value, (list, tuple)) else [value]
    if not items or not all(isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 6 for v in items):
        return None
    return tuple(dict.fromkeys(items))
