"""Mutation fuzzer: real documents of the family, randomly edited, built by the core and by `mkdocs build`.

Bad input must end in a ``file:line`` message and a site, never in a traceback. Hand-written tests cover the
cases someone thought of; this covers the edits nobody did. Each case takes a real document (the shipped
source, a fixture of ``tests/fixtures``, a hostile text of ``tests/test_bad_input.py``), sometimes with its
translation, slug map and sync file, sometimes three of them as a book, and applies a few random edits of
the kind authors and tools make: an inserted ``$``, backtick, ``<h3 id>``, ``](#``, ``![](``, ``<script>``,
tab or NUL; a deleted, swapped, duplicated or moved line; a heading one level up or down; CRLF line ends;
a spliced-in block of another document. Every case is built by ``build_site`` (the core); a share of the
run's time goes to full ``mkdocs build`` runs of cases, which adds Markdown, KaTeX, the theme and i18n.

Besides "no crash", each build is checked for invariants that hold for any input (see ``check_core`` and
``check_mkdocs``): every message names a file and a line inside it, on one line; every content line of the
source lands on exactly one page; every language has its home page and every nav entry its page; copied
figures come from inside the source folder; the generated HTML runs nothing.

Case N of seed S is always the same document (its random generator is seeded with ``S:N``), so a failure
replays exactly. A failing case is saved under ``test-output/fuzz/`` (its files and ``case.json``, plus
``shrunk/``: the same case with as few lines as still fail the same way), and the command replaying it is printed.

    .venv/bin/python tests/fuzz.py --seconds 600 --seed 1          # `make fuzz SECONDS=600 SEED=1`
    .venv/bin/python tests/fuzz.py --seed 1 --case 4711 [--mkdocs]  # build one generated case again
    .venv/bin/python tests/fuzz.py --replay test-output/fuzz/seed1-case4711[/shrunk] [--mkdocs]

``tests/test_fuzz.py`` runs it for about 20 seconds as part of ``make test``.
"""

from __future__ import annotations

import argparse
import ast
import faulthandler
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "tests"))

import yaml  # noqa: E402

from helpers import content_line_numbers  # noqa: E402
from qa_site import published_urls  # noqa: E402
from qa_site.book import Settings, SourceError, build_site, languages_to_build  # noqa: E402
from qa_site.links import page_url  # noqa: E402
from qa_site.markdown_scan import split_lines  # noqa: E402
from qa_site.model import Severity  # noqa: E402
from qa_site.source import ParseOptions  # noqa: E402

OUT = ROOT / "test-output" / "fuzz"
# the commands printed for a failure, to run from the project's folder
PYTHON = os.path.relpath(sys.executable, ROOT) if sys.executable.startswith(str(ROOT)) else sys.executable
SLOW_CASE = 20.0  # seconds: a core build this slow is reported (the seed takes ~0.03 s)
HANG = 300  # seconds: a case still running then is a hang; the process dumps its stack and exits
IMAGE_FOLDERS = [ROOT / "docs" / "imgs", ROOT / "tests" / "fixtures" / "family" / "images" / "imgs",
                 ROOT / "tests" / "fixtures" / "bilingual" / "imgs",
                 ROOT / "tests" / "fixtures" / "book" / "02-training" / "imgs"]
TRANSLATION = re.compile(r"\.[a-z]{2,3}\.md$")


# ---------------------------------------------------------------- seeds: real documents of the family


@dataclass
class Seed:
    name: str
    text: str
    translation: str | None = None  # the .en.md beside it
    slug_map: str | None = None
    sync: str | None = None  # the .en.sync.yml beside it
    keywords: str | None = None  # the .keywords.yml beside it (search)
    urls: str | None = None  # the .urls.txt beside it (the record of published URLs)
    errata: str | None = None  # the .errata.yml beside it (corrections shown beside the answers)


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.is_file() else None


def load_seeds() -> list[Seed]:
    """The shipped source, every fixture document, and the documents written inline in the hostile corpus."""
    files = [ROOT / "docs" / "models-and-architectures.md"]
    files += sorted(p for p in (ROOT / "tests" / "fixtures").rglob("*.md") if not TRANSLATION.search(p.name))
    seeds = []
    for path in files:
        stem = path.with_suffix("")
        seeds.append(Seed(str(path.relative_to(ROOT)), path.read_text(encoding="utf-8"),
                          _read(stem.with_suffix(".en.md")), _read(stem.with_suffix(".slugs.yml")),
                          _read(stem.with_suffix(".en.sync.yml")), _read(stem.with_suffix(".keywords.yml")),
                          _read(stem.with_suffix(".urls.txt")), _read(stem.with_suffix(".errata.yml"))))
    corpus = ROOT / "tests" / "test_bad_input.py"
    for node in ast.walk(ast.parse(corpus.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and _looks_like_a_document(node.value):
            seeds.append(Seed(f"{corpus.relative_to(ROOT)}:{node.lineno}", node.value))
    return seeds


def _looks_like_a_document(text: str) -> bool:
    return text.count("\n") >= 2 and bool(re.search(r"^(?:#|<h[1-6])", text, re.M))


# ---------------------------------------------------------------- mutations

INLINE = ["$", "$$", "\\$", "$x$", "$`a`$", "`", "``", "```", "<h3 id='x'>", "</h3>", "<h2 id=\"t\">", "</h2>",
          "](#", "](", "](#q)", "![](", "![]()", "[]()", "[x]( )", "![a](<>)", "[x](<>)", "<img src=\"\">", "<img>",
          "<img src=", "![图](imgs/missing.png)", "![a b](imgs/a b.png)", "<script>", "</script>",
          "<script>alert(1)</script>", "<a id=\"a\"></a>", "<a href=\"\">", "<a href=\"#q1\">", "\t", "\x00",
          "\x02", "\x7f", "{#", "{#id}", "{: onclick=x}", "}", "{", "[", "]", "(", ")", "<", ">", "\\", "#", "|",
          "*", "_", "~", "&", "&#x61;", "&amp;", "<br>", "<details>", "<summary>", "</div>", "<div align=center>",
          "\ue000", "\ue001", "\ufeff", "\u2028", "\u200b", "\ufffd", "javascript:", "../", "imgs/", "目录", "？",
          "。", "<!--", "-->", "\\frac{", "\\begin{aligned}", "\\end{aligned}", "\\\\", "'", "\"", ":", "\r",
          "<reasoning_process>", "\\<think>", "%2F", "?", "data:image/svg+xml,", "</a>", "<a name=x>", "😀", "𝑥",
          "](javascript:alert(1) x)", "&#106;", "&colon;", "javascript&colon;", " onerror=alert(1)", "<a href="]
LINES = ["# 目录", "## 目录", "## Contents", "# T", "## 2.新主题", "### 9.新问题", "#### 子标题", "#", "######",
         "<h1 id='top'>标题</h1>", "<h2 id='t9'>9.新主题</h2>", "<h3 id='q9'>9.新问题</h3>", "<h3 id=''></h3>",
         "<h3 id='q1'>重复的 id</h3>", "<h3 id=\"x\">", "<h4 id='s'>子</h4>", "<a id=\"x\"></a>",
         "<a name=\"y\"></a>", "### 带 id {#qq}", "```", "```math", "```python", "~~~", "````", "  ```", "    ```",
         "\t```", "> ```", "---", "***", "$$",
         "$", "$ ", "", "", "    缩进的代码", "- [1.问题](#q1)", "- [没有链接的项]", "  - [2.问题](#2.问题)",
         "\t- [x](#x)", "1) 第一项", "2. 第二项", "> 引用", "[r]: #q", "[r]: <>", "[r]:", "| a | b |", "|---|---|",
         "![图](imgs/基础知识/BLIP2-1.svg)", "<img src=\"imgs/a.png\"", "src=\"x.png\">", "<details>", "</details>",
         "<div markdown=\"1\">", "</div>", "\\[", "\\]", "<script>", "<style>", "<iframe src=x>", "[^1]: 注", "*[T]: 缩写",
         "!!! note", "??? tip", "---\nqa:\n  topic_level: 2\n  question_level: [3, 1]\n---",
         "---\ntitle: [未闭合\n---", "---\nqa: 3\n---"]
HEADING = re.compile(r"^\s*(?:#{1,6}(?:\s|$)|<h[1-6]\b|<a\s+(?:id|name)=)", re.I)


def _random_char(rng: random.Random) -> str:
    while True:
        code = rng.choice([rng.randrange(0x20, 0x7F), rng.randrange(0x4E00, 0x9FFF), rng.randrange(0, 0x110000)])
        if not 0xD800 <= code <= 0xDFFF:
            return chr(code)


def _insert_inline(lines, rng, donors):
    i = rng.randrange(len(lines))
    at = rng.randrange(len(lines[i]) + 1)
    snippet = rng.choice(INLINE) if rng.random() < 0.9 else _random_char(rng)
    lines[i] = lines[i][:at] + snippet + lines[i][at:]


def _insert_line(lines, rng, donors):
    lines.insert(rng.randrange(len(lines) + 1), rng.choice(LINES))


def _delete_chars(lines, rng, donors):
    i = rng.randrange(len(lines))
    if lines[i]:
        at = rng.randrange(len(lines[i]))
        lines[i] = lines[i][:at] + lines[i][at + rng.randint(1, 8):]


def _replace_char(lines, rng, donors):
    i = rng.randrange(len(lines))
    if lines[i]:
        at = rng.randrange(len(lines[i]))
        lines[i] = lines[i][:at] + _random_char(rng) + lines[i][at + 1:]


def _delete_lines(lines, rng, donors):
    i = rng.randrange(len(lines))
    del lines[i:i + rng.choice([1, 1, 1, 2, 5, 20])]


def _duplicate_lines(lines, rng, donors):
    i = rng.randrange(len(lines))
    block = lines[i:i + rng.choice([1, 1, 3, 10])]
    lines[i:i] = block


def _swap_lines(lines, rng, donors):
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]


def _move_block(lines, rng, donors):
    i = rng.randrange(len(lines))
    block = lines[i:i + rng.randint(1, 15)]
    del lines[i:i + len(block)]
    at = rng.randrange(len(lines) + 1)
    lines[at:at] = block


def _splice(lines, rng, donors):
    donor = split_lines(rng.choice(donors).text) or [""]
    i = rng.randrange(len(donor))
    at = rng.randrange(len(lines) + 1)
    lines[at:at] = donor[i:i + rng.randint(1, 12)]


def _truncate(lines, rng, donors):
    del lines[rng.randrange(len(lines)):]


def _heading_level(lines, rng, donors):
    found = [i for i, line in enumerate(lines) if HEADING.match(line)]
    if not found:
        return
    i = rng.choice(found)
    line, up = lines[i], rng.random() < 0.5
    if re.match(r"\s*#", line):
        lines[i] = ("#" + line) if up else line.replace("#", "", 1)
    else:
        lines[i] = re.sub(r"(</?h)([1-6])", lambda m: m.group(1) + str(max(1, min(6, int(m.group(2)) + (-1 if up
                          else 1)))), line, count=rng.choice([1, 2]))


def _heading_id(lines, rng, donors):
    found = [i for i, line in enumerate(lines) if HEADING.match(line)]
    if found:
        i = rng.choice(found)
        how = rng.randrange(3)
        if how == 0:  # drop the id
            lines[i] = re.sub(r"""\s(?:id|name)=(['"]).*?\1""", "", lines[i], count=1)
        elif how == 1:  # give it the id of another heading
            other = re.search(r"""(?:id|name)=(['"])(.*?)\1""", lines[rng.choice(found)])
            if other:
                lines[i] = re.sub(r"""((?:id|name)=(['"])).*?\2""", lambda m: m.group(1) + other.group(2) + m.group(2),
                                  lines[i], count=1)
        else:  # duplicate the heading line (a repeated id, a repeated title)
            lines.insert(rng.randrange(len(lines) + 1), lines[i])


def _indent(lines, rng, donors):
    i = rng.randrange(len(lines))
    lines[i] = rng.choice(["\t", "  ", "   ", "    ", ""]) + lines[i].lstrip() if rng.random() < 0.7 else \
        lines[i].replace("    ", "\t")


def _long_line(lines, rng, donors):
    lines.insert(rng.randrange(len(lines) + 1), rng.choice(INLINE + ["长", "a "]) * rng.choice([50, 500, 3000]))


LINE_MUTATIONS = [(_insert_inline, 8), (_insert_line, 5), (_delete_chars, 2), (_replace_char, 2), (_delete_lines, 3),
                  (_duplicate_lines, 2), (_swap_lines, 2), (_move_block, 2), (_splice, 2), (_truncate, 0.3),
                  (_heading_level, 2), (_heading_id, 2), (_indent, 1), (_long_line, 0.3)]


def mutate(text: str, rng: random.Random, donors: list[Seed], edits: int) -> str | bytes:
    """``edits`` random edits of a document; now and then its line ends, BOM or bytes change too."""
    lines = split_lines(text) or [""]
    funcs, weights = zip(*LINE_MUTATIONS)
    for func in rng.choices(funcs, weights, k=edits):
        if not lines:
            lines = [""]
        func(lines, rng, donors)
    end = "\r\n" if rng.random() < 0.08 else "\r" if rng.random() < 0.02 else "\n"
    out = end.join(lines) + (end if rng.random() < 0.9 else "")
    if rng.random() < 0.03:
        out = "\ufeff" + out
    if rng.random() < 0.01:  # bytes that are not UTF-8: a clean stop with file, line and offset
        data = out.encode("utf-8")
        at = rng.randrange(len(data) + 1)
        return data[:at] + rng.choice([b"\xff", b"\xc3", b"\xe4\xb8", b"\xed\xa0\x80"]) + data[at:]
    return out


GLOSSARY = ROOT / "docs" / "glossary.yml"


def mutate_side_file(text: str, rng: random.Random) -> str | bytes:
    """A slug map, sync, keywords or URL-record file edited by hand, badly: a line lost, doubled or broken,
    a list for a mapping, now and then a byte that is not UTF-8."""
    if rng.random() < 0.05:
        return text.encode("utf-8") + b"\xff\n"
    lines = split_lines(text) or [""]
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(lines))
        how = rng.randrange(6)
        if how == 0:
            del lines[i]
        elif how == 1:
            lines.insert(i, lines[i])
        elif how == 2:
            lines[i] = lines[i].replace(":", "", 1)
        elif how == 3:
            lines[i] = rng.choice(["- a", "[", "{x: 1", ": :", "questions:", "part: Bad Slug", "topics: 3", "\t",
                                   "q1: UPPER", "q1: a/b", "part:", "questions: [a, b]", "- zh: 词", "  match: 3",
                                   "x/y: 3", "x/y: [a, {b: c}]", "/a/ -> ", "/a/ -> /b/", "-> /c/", "/d e/", "/../",
                                   "# comment", "/deepseek/mla/ -> /deepseek/mla/"])
        elif how == 4:
            lines[i] = "  " + lines[i]
        else:
            lines = [rng.choice(["[]", "just text", "- a\n- b", "3", "~", "", "{"])]
        if not lines:
            lines = [""]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- cases


@dataclass
class Case:
    """One build's input: files (relative to the source folder) and how the build is set up."""

    files: dict[str, str | bytes]
    source: str  # the file or folder QA_SOURCE names, relative to the source folder
    languages: list[str] = field(default_factory=lambda: ["zh", "en"])
    topic_levels: list[int] | None = None
    question_levels: list[int] | None = None
    origin: str = ""  # which seeds and how many edits, for the report

    @property
    def options(self) -> ParseOptions | None:
        if self.topic_levels is None and self.question_levels is None:
            return None
        return ParseOptions(topic_levels=tuple(self.topic_levels) if self.topic_levels else None,
                            question_levels=tuple(self.question_levels) if self.question_levels else None)


def _document_files(seed: Seed, stem: str, rng: random.Random, seeds: list[Seed]) -> dict[str, str | bytes]:
    edits = rng.choice([1, 1, 2, 3, 4, 6, 10, 20])
    files: dict[str, str | bytes] = {f"{stem}.md": mutate(seed.text, rng, seeds, edits)}
    if seed.translation is not None and rng.random() < 0.6:
        files[f"{stem}.en.md"] = mutate(seed.translation, rng, seeds, rng.choice([0, 1, 2, 4])) \
            if rng.random() < 0.8 else seed.translation
        if seed.sync is not None:
            files[f"{stem}.en.sync.yml"] = mutate_side_file(seed.sync, rng) if rng.random() < 0.1 else seed.sync
    elif rng.random() < 0.1:  # the source itself as its translation: every id pairs
        files[f"{stem}.en.md"] = files[f"{stem}.md"]
    side_files = ((".slugs.yml", seed.slug_map, 0.9), (".keywords.yml", seed.keywords, 0.7),
                  (".urls.txt", seed.urls, 0.2 if "/" not in stem else 0), (".errata.yml", seed.errata, 0.5))
    for suffix, text, chance in side_files:
        if text is not None and rng.random() < chance:
            files[stem + suffix] = mutate_side_file(text, rng) if rng.random() < 0.1 else text
    return files


def make_case(seed: int, index: int, seeds: list[Seed]) -> Case:
    """Case ``index`` of run ``seed``: always the same, whatever ran before it."""
    rng = random.Random(f"{seed}:{index}")
    if rng.random() < 0.08:  # a book: a folder of documents, one part each
        picked = [rng.choice(seeds) for _ in range(rng.randint(2, 3))]
        files: dict[str, str | bytes] = {}
        for n, s in enumerate(picked, start=1):
            stem = f"book/{n:02d}-part" if n < 3 else "book/03-sub/part"
            files.update(_document_files(s, stem, rng, seeds))
        case = Case(files, "book", origin=" + ".join(s.name for s in picked))
    else:
        s = rng.choice(seeds) if rng.random() < 0.8 else seeds[0]  # the shipped document more often
        case = Case(_document_files(s, "doc", rng, seeds), "doc.md", origin=s.name)
        if rng.random() < 0.05:  # the project's glossary beside it (search terms; matching them is slow)
            glossary = GLOSSARY.read_text(encoding="utf-8")
            case.files["glossary.yml"] = mutate_side_file(glossary, rng) if rng.random() < 0.5 else glossary
    if rng.random() < 0.1:
        case.topic_levels = rng.sample(range(1, 7), rng.randint(1, 2)) if rng.random() < 0.7 else None
        case.question_levels = rng.sample(range(1, 8), rng.randint(1, 2)) if rng.random() < 0.8 else None
    if rng.random() < 0.2:
        case.languages = ["zh"]
    return case


def write_case(case: Case, folder: Path) -> None:
    """The case's files in ``folder`` (documents, maps), replacing the previous case's."""
    for path in list(folder.rglob("*")):
        if path.is_file() and path.suffix in (".md", ".yml", ".txt"):
            path.unlink()
    for rel, content in case.files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8", newline="")


def save_case(case: Case, folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    write_case(case, folder)
    meta = {"source": case.source, "languages": case.languages, "topic_levels": case.topic_levels,
            "question_levels": case.question_levels, "origin": case.origin}
    (folder / "case.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def load_case(path: Path) -> Case:
    """A saved case folder, or a lone document (built as ``doc.md``)."""
    if path.is_file():
        return Case({"doc.md": path.read_bytes().decode("utf-8") if _utf8(path) else path.read_bytes()},
                    "doc.md", origin=str(path))
    meta = json.loads((path / "case.json").read_text(encoding="utf-8"))
    files: dict[str, str | bytes] = {}
    for p in sorted(path.rglob("*")):
        if p.is_file() and p.suffix in (".md", ".yml", ".txt") and "shrunk" not in p.relative_to(path).parts:
            files[str(p.relative_to(path))] = p.read_bytes().decode("utf-8") if _utf8(p) else p.read_bytes()
    return Case(files, meta["source"], meta["languages"], meta["topic_levels"], meta["question_levels"],
                meta.get("origin", ""))


def _utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


# ---------------------------------------------------------------- the checks


@dataclass
class Failure:
    kind: str  # a short signature: the same bug gives the same kind
    detail: str


def _crash(exc: BaseException) -> Failure:
    """A traceback, its signature being the exception type and the innermost frame of the project's code."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if str(ROOT / "hooks") in f.filename] or frames
    where = f"{os.path.relpath(ours[-1].filename, ROOT)}:{ours[-1].lineno}" if ours else "?"
    return Failure(f"crash {type(exc).__name__} at {where}",
                   "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))


def settings_for(case: Case, work: Path) -> Settings:
    return Settings(source=str(work / "src" / case.source), languages=list(case.languages), default_language="zh",
                    project_root=str(work), parse_options=case.options)


def check_core(case: Case, work: Path, twice: bool = False) -> tuple[object, list[Failure]]:
    """Build the case with the core; returns (the build or None, what went wrong)."""
    settings = settings_for(case, work)
    try:
        site = build_site(settings)
        site.diagnostics += _url_record_check(settings, site)
    except SourceError as exc:  # a clean stop: it must say where
        if not re.match(r"^src/\S+?(?::\d+)?: \S", str(exc)):
            return None, [Failure("source error without file:line", str(exc))]
        return None, []
    except Exception as exc:  # noqa: BLE001 - a crash is what we are looking for
        return None, [_crash(exc)]
    failures: list[Failure] = []
    try:
        failures += _check_diagnostics(case, site)
        failures += _check_pages(case, site, work)
        failures += _check_partition(site)
        if twice:
            again = build_site(settings)
            again.diagnostics += _url_record_check(settings, again)
            if _picture(again) != _picture(site):
                failures.append(Failure("two builds of one input differ", ""))
    except Exception as exc:  # noqa: BLE001
        failures.append(_crash(exc))
    return site, failures


def _url_record_check(settings: Settings, site) -> list:
    """What the MkDocs adapter adds to the core's messages: the check of the record of published URLs."""
    path = published_urls.record_path(settings.source)
    return published_urls.check(published_urls.load_record(path), published_urls.site_urls(site.editions, "zh"),
                                os.path.relpath(path, settings.project_root), publishing=False)


def _check_diagnostics(case: Case, site) -> list[Failure]:
    sizes = {f"src/{rel}": len(split_lines(text)) for rel, text in case.files.items() if isinstance(text, str)}
    out = []
    for d in site.diagnostics:
        shown = str(d)
        if not (isinstance(d.path, str) and d.path and isinstance(d.line, int) and d.line >= 0 and d.message.strip()
                and isinstance(d.severity, Severity)):
            out.append(Failure("diagnostic without file, line or message", repr(d)))
        elif "\n" in shown or "\r" in shown:
            out.append(Failure("diagnostic on more than one line", shown))
        elif d.path in sizes and d.line > sizes[d.path] + 1:  # + 1: the end of a file, where YAML may notice
            out.append(Failure("diagnostic line past the end of its file", f"{shown} ({sizes[d.path]} lines)"))
    return out


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _check_pages(case: Case, site, work: Path) -> list[Failure]:
    out = []
    errors = any(d.severity is Severity.ERROR for d in site.diagnostics)
    root = os.path.realpath(work / "src")
    for language in case.languages:
        edition = site.editions.get(language)
        if edition is None:
            out.append(Failure("a language has no edition", language))
            continue
        paths = [p.path for p in edition.pages]
        if "index.md" not in paths:
            out.append(Failure("no home page", language))
        if len(set(paths)) != len(paths) and not errors:  # two pinned to one URL: an error, the build stops
            twice = sorted(p for p in paths if paths.count(p) > 1)
            out.append(Failure("two pages with one path", f"{language}: {twice}"))
        for page in edition.pages:
            if not page.path.endswith(".md") or page.path.startswith("/") or ".." in page.path.split("/"):
                out.append(Failure("page path outside the site", page.path))
            if CONTROL.search(page.markdown):
                out.append(Failure("control character on a page", f"{language}/{page.path}"))
            head = re.match(r"---\n(.*?)\n---\n", page.markdown, re.S)
            meta = yaml.load(head.group(1), Loader=yaml.CSafeLoader) if head else None
            if not (isinstance(meta, dict) and isinstance(meta.get("title"), str)):
                out.append(Failure("page front matter is not YAML with a title", f"{language}/{page.path}"))
        for entry in _nav_files(edition.nav):
            if entry not in paths:
                out.append(Failure("nav entry without a page", f"{language}: {entry}"))
        for asset in edition.assets:
            real = os.path.realpath(asset.source)
            if os.path.commonpath([root, real]) != root or not os.path.isfile(real) or ".." in asset.target.split("/"):
                out.append(Failure("figure copied from outside the source folder", f"{asset}"))
        if not errors:
            keys = sorted(q.key for q in site.books[language].questions())
            shown = sorted(p.key for p in edition.pages if p.kind == "question")
            if keys != shown:
                out.append(Failure("a question without its page", f"{language}: {sorted(set(keys) ^ set(shown))}"))
    return out


def _nav_files(nav) -> list[str]:
    if isinstance(nav, str):
        return [nav] if nav.endswith(".md") else []
    if isinstance(nav, dict):
        return [f for v in nav.values() for f in _nav_files(v)]
    if isinstance(nav, list):
        return [f for v in nav for f in _nav_files(v)]
    return []


def _check_partition(site) -> list[Failure]:
    """Every line of each source (but its TOC and front matter) lands on exactly one page, in order."""
    out = []
    for part in next(iter(site.books.values())).parts:
        doc = part.document
        total = len(split_lines(Path(part.file).read_bytes().decode("utf-8")))
        skipped = set(doc.toc_lines) | set(doc.front_matter_lines)
        if content_line_numbers(doc) != [n for n in range(1, total + 1) if n not in skipped]:
            out.append(Failure("a content line is lost, doubled or moved", part.path))
    return out


def _picture(site) -> tuple:
    return (tuple(str(d) for d in site.diagnostics),
            tuple((lang, p.path, p.markdown) for lang, e in site.editions.items() for p in e.pages))


# ---------------------------------------------------------------- the whole build, with MkDocs

ACTIVE_TAGS = {"script", "style", "iframe", "object", "embed", "form", "base", "meta", "link", "frame"}


class _Article(HTMLParser):
    """What the article of a built page would run or fail to load."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.active: list[str] = []
        self.images: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        if not self.depth:
            return
        if tag in ACTIVE_TAGS:
            self.active.append(f"<{tag}>")
        for name, value in attrs:
            compact = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name.startswith("on") or compact.startswith(("javascript:", "vbscript:", "data:text")):
                self.active.append(f"<{tag} {name}={value!r}>")
        if tag == "img":
            self.images.append(dict(attrs).get("src") or "")

    def handle_endtag(self, tag):
        if tag == "article" and self.depth:
            self.depth -= 1


def check_mkdocs(case: Case, work: Path, site) -> list[Failure]:
    """``mkdocs build`` of the case (not --strict: fuzzed documents warn) with the project's own mkdocs.yml."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "QA_SOURCE": str(work / "src" / case.source)}
    out_dir = work / "site"
    try:
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out_dir)], cwd=ROOT,
                                env=env, capture_output=True, text=True, timeout=HANG)
    except subprocess.TimeoutExpired:
        return [Failure("mkdocs build hangs", f"no end after {HANG} s")]
    log = result.stdout + result.stderr
    if "Traceback (most recent call last)" in log:
        last = [line for line in log.splitlines() if line.strip()][-1]
        return [Failure(f"mkdocs crash: {last[:120]}", log[-6000:])]
    stopped = site is None or any(d.severity is Severity.ERROR for d in site.diagnostics)
    if stopped:
        return [] if result.returncode != 0 else [Failure("mkdocs build passes an input the core stops", log[-3000:])]
    if result.returncode != 0:
        return [Failure("mkdocs build fails", log[-6000:])]
    unplaced = [line for line in log.splitlines() if re.match(r"ERROR +- ", line)
                and not re.match(r"ERROR +- +\S+(?::\d+)?: ", line)]
    if unplaced:  # an error that names no file cannot be fixed from its message
        return [Failure("mkdocs error without a file", "\n".join(unplaced[:5]))]
    failures = []
    # mkdocs.yml's languages, less those the book has no translation in: they are not built (languages per book),
    # and what the core gives for the languages built is what the site must hold
    built = languages_to_build(str(work / "src" / case.source), list(site.editions), "zh")
    if built != list(site.editions):
        settings = settings_for(case, work)
        settings.languages = built
        site = build_site(settings)
    for language, edition in site.editions.items():
        prefix = "" if language == "zh" else f"{language}/"
        for page in edition.pages:
            url = prefix + page_url(page.path)
            html_file = out_dir / url / "index.html"
            if not html_file.is_file():
                failures.append(Failure("a page is not in the built site", url))
                continue
            article = _Article(html_file.read_text(encoding="utf-8"))
            if article.active:
                failures.append(Failure("active HTML in an answer", f"{url}: {article.active[:3]}"))
            for src in article.images:
                if src.startswith("data:image/"):
                    continue
                target = (out_dir / url / unquote(urlsplit(src).path)).resolve()
                if not src or urlsplit(src).scheme or not target.is_file():
                    failures.append(Failure("an image of the site is broken", f"{url}: {src!r}"))
    return failures


# ---------------------------------------------------------------- running


class Workspace:
    """A source folder with the project's figures, reused by every case of a run."""

    def __init__(self) -> None:
        self.path = Path(tempfile.mkdtemp(prefix="qa-fuzz-"))
        for folder in (self.path / "src", self.path / "src" / "book"):
            for images in IMAGE_FOLDERS:
                shutil.copytree(images, folder / "imgs", dirs_exist_ok=True)

    def close(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        # the MkDocs adapter stages pages per source path (hooks/site_hooks.py): drop this run's folders
        import hashlib

        for source in ("doc.md", "book"):
            key = hashlib.sha256(str(self.path / "src" / source).encode("utf-8")).hexdigest()[:10]
            shutil.rmtree(ROOT / ".cache" / "pages" / key, ignore_errors=True)


def run_case(case: Case, ws: Workspace, mkdocs: bool, twice: bool = False) -> tuple[list[Failure], float]:
    write_case(case, ws.path / "src")
    started = time.perf_counter()
    site, failures = check_core(case, ws.path, twice)
    elapsed = time.perf_counter() - started
    if elapsed > SLOW_CASE:
        failures.append(Failure("slow core build", f"{elapsed:.1f} s"))
    if mkdocs and not any(f.kind.startswith("crash") for f in failures):
        failures += check_mkdocs(case, ws.path, site)
    return failures, elapsed


def shrink(case: Case, ws: Workspace, kind: str, budget: float = 30.0) -> Case | None:
    """The case with as many lines of its main document removed as keeps the failure (core failures only)."""
    main = case.source if case.source.endswith(".md") else next(k for k in case.files if k.endswith(".md"))
    text = case.files[main]
    if not isinstance(text, str):
        return None
    lines = text.split("\n")

    def variant(rows: list[str]) -> Case:
        return Case({**case.files, main: "\n".join(rows)}, case.source, case.languages, case.topic_levels,
                    case.question_levels, case.origin)

    deadline = time.monotonic() + budget
    chunk = max(1, len(lines) // 2)
    while chunk >= 1 and time.monotonic() < deadline:
        i, progress = 0, False
        while i < len(lines) and time.monotonic() < deadline:
            trial = lines[:i] + lines[i + chunk:]
            if any(f.kind == kind for f in run_case(variant(trial), ws, mkdocs=False)[0]):
                lines, progress = trial, True
            else:
                i += chunk
        if not progress:
            chunk //= 2
    return variant(lines)


def report_failure(case: Case, failure: Failure, name: str, replay: str, ws: Workspace, out: Path,
                   mkdocs: bool, log) -> None:
    folder = out / name
    save_case(case, folder)
    (folder / "failure.txt").write_text(f"{failure.kind}\n\n{failure.detail}\n", encoding="utf-8")
    log(f"\nFAIL {name}: {failure.kind}  (from {case.origin})")
    log("  " + "\n  ".join(failure.detail.strip().splitlines()[-12:]))
    rel = os.path.relpath(folder, ROOT)
    log(f"  saved in {rel}/; replay with:\n    {replay}\n    {PYTHON} tests/fuzz.py --replay {rel}"
        f"{' --mkdocs' if mkdocs else ''}")
    if failure.kind.startswith("crash") or not mkdocs:
        small = shrink(case, ws, failure.kind)
        if small is not None:
            save_case(small, folder / "shrunk")
            main = small.source if small.source.endswith(".md") else next(k for k in small.files if k.endswith(".md"))
            rows = str(small.files[main]).split("\n")
            log(f"  shrunk (its main document down to {len(rows)} lines): {PYTHON} tests/fuzz.py --replay "
                f"{rel}/shrunk")
            if len(rows) <= 12:
                log("  | " + "\n  | ".join(repr(row)[1:-1] for row in rows))


@dataclass
class Stats:
    cases: int = 0
    core_seconds: float = 0.0
    mkdocs_builds: int = 0
    mkdocs_seconds: float = 0.0
    failures: dict[str, str] = field(default_factory=dict)  # kind → saved case name


def run(seed: int, seconds: float, mkdocs_share: float = 0.25, out: Path = OUT, log=print,
        max_cases: int | None = None) -> Stats:
    """Cases 0, 1, 2, … of ``seed`` for ``seconds``; a case goes through ``mkdocs build`` too while
    MkDocs has had less than ``mkdocs_share`` of the time so far."""
    seeds = load_seeds()
    ws = Workspace()
    stats = Stats()
    started = time.monotonic()
    faulthandler.dump_traceback_later(HANG * 2, exit=True)
    log(f"fuzz: seed {seed}, {seconds:.0f} s, {len(seeds)} seed documents, "
        f"{mkdocs_share:.0%} of the time in mkdocs build")
    try:
        index = 0
        while time.monotonic() - started < seconds and (max_cases is None or index < max_cases):
            case = make_case(seed, index, seeds)
            elapsed = time.monotonic() - started
            mkdocs = (mkdocs_share > 0 and case.options is None and case.languages == ["zh", "en"]  # as mkdocs.yml
                      and stats.mkdocs_seconds <= mkdocs_share * elapsed)
            t0 = time.monotonic()
            faulthandler.dump_traceback_later(HANG * 2, exit=True)
            failures, core = run_case(case, ws, mkdocs, twice=index % 20 == 0)
            stats.cases += 1
            stats.core_seconds += core
            if mkdocs:
                stats.mkdocs_builds += 1
                stats.mkdocs_seconds += time.monotonic() - t0 - core
            for failure in failures:
                if failure.kind in stats.failures:
                    continue
                name = f"seed{seed}-case{index}"
                stats.failures[failure.kind] = name
                replay = f"{PYTHON} tests/fuzz.py --seed {seed} --case {index}{' --mkdocs' if mkdocs else ''}"
                report_failure(case, failure, name, replay, ws, out, mkdocs, log)
            index += 1
            if index % 500 == 0:
                log(f"  {index} cases, {stats.mkdocs_builds} mkdocs builds, {time.monotonic() - started:.0f} s")
    finally:
        faulthandler.cancel_dump_traceback_later()
        ws.close()
    total = time.monotonic() - started
    log(f"fuzz: {stats.cases} cases in {total:.0f} s ({stats.cases / total * 60:.0f}/min): core builds "
        f"{stats.cases / max(stats.core_seconds, 1e-9) * 60:.0f}/min of core time; {stats.mkdocs_builds} mkdocs builds "
        f"({stats.mkdocs_builds / max(stats.mkdocs_seconds, 1e-9) * 60:.1f}/min of mkdocs time); "
        f"{len(stats.failures)} distinct failures")
    return stats


def replay(case: Case, mkdocs: bool, log=print) -> int:
    ws = Workspace()
    try:
        failures, elapsed = run_case(case, ws, mkdocs, twice=True)
    finally:
        ws.close()
    for failure in failures:
        log(f"FAIL: {failure.kind}\n{failure.detail}")
    log(f"{'clean' if not failures else f'{len(failures)} failure(s)'} ({elapsed:.2f} s in the core"
        f"{', then mkdocs build' if mkdocs else ''})")
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="how long to run (default 60)")
    parser.add_argument("--seed", type=int, default=1, help="the run's seed: case N of a seed is always the same")
    parser.add_argument("--case", type=int, help="build only this case of --seed, then stop")
    parser.add_argument("--replay", type=Path, help="build a saved case folder (or one .md file) again")
    parser.add_argument("--mkdocs", action="store_true", help="with --case/--replay: also run mkdocs build")
    parser.add_argument("--mkdocs-share", type=float, default=0.25, help="share of the time spent in mkdocs build")
    parser.add_argument("--out", type=Path, default=OUT, help="where failing cases are saved")
    args = parser.parse_args(argv)
    if args.replay:
        return replay(load_case(args.replay), args.mkdocs)
    if args.case is not None:
        case = make_case(args.seed, args.case, load_seeds())
        print(f"case {args.case} of seed {args.seed}, from {case.origin}: {sorted(case.files)}")
        return replay(case, args.mkdocs)
    stats = run(args.seed, args.seconds, args.mkdocs_share, args.out)
    return 1 if stats.failures else 0


if __name__ == "__main__":
    sys.exit(main())
