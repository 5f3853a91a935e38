"""Errata: corrections shown beside an answer, while the source document stays as its author wrote it.

A maintainer who publishes someone else's notes must be able to take the author's next version unchanged,
yet readers deserve to know where the notes are wrong. ``NAME.errata.yml`` beside ``NAME.md`` lists the
corrections, each keyed by the question's source id (its heading id, as in the slug map)::

    - id: "7.Multi-queryAttention与Grouped-queryAttention区别是什么？"
      quote:                       # optional: a phrase of one line of the answer, per language
        zh: 每个查询与多个键值对进行交互
        en: each query interacts with multiple key-value pairs
      zh: 在 MQA 中，所有查询头共享**同一组**键和值……      # Markdown, formulas allowed
      en: In MQA all query heads share **one** key head and one value head …
      references:                  # link text and address; nothing is loaded from it
        - title: "Shazeer, Fast Transformer Decoding: One Write-Head is All You Need (2019), arXiv:1911.02150"
          url: https://arxiv.org/abs/1911.02150

Each erratum becomes a marked box on the question's page in every language it has text for: right after
the block (paragraph, list item, formula) that holds the quoted phrase, or at the end of the answer when it
quotes nothing. An id no question has, or a phrase no longer in its answer, is a warning naming the errata
file and line: the author may have fixed the text, and the maintainer should look. A box whose phrase is
gone still shows, at the end of the answer: nothing is dropped silently.

The boxes reach the page in two steps around the normal rendering of the body: ``mark`` puts one marker
line where each box goes (the body's passes leave such a line alone), ``fill`` swaps the markers for the
boxes, whose text went through the same math and HTML passes as the answers, with this file's line numbers.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import yaml

from .markdown_fixes import escape_pseudo_html
from .markdown_scan import fence_blocks, fence_flags
from .math_delimiters import FormulaTable, extract_math
from .model import Book, Diagnostic, Question, Severity, SourceLine

MARK_OPEN, MARK_CLOSE = "\ue012", "\ue013"  # private use: a marker line is "\ue012<n>\ue013"
MARKER = re.compile("^\ue012(\\d+)\ue013$")
MARK_CHARS = re.compile("[\ue012\ue013]")
ENTRY_KEYS = {"id", "quote", "references"}
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])(?:\s|$)")


@dataclass(frozen=True)
class Reference:
    title: str
    url: str


@dataclass(frozen=True)
class Erratum:
    """One correction: which question, where in it, what to say in each language, and on what authority."""

    key: str  # the question's source id
    text: dict[str, str]  # language → Markdown
    quote: dict[str, str]  # language → a phrase of that language's answer ({} = end of the answer)
    references: tuple[Reference, ...]
    file: str  # the errata file, as shown in messages
    line: int  # the entry's first line
    quote_line: int = 0
    text_lines: dict[str, int] = field(default_factory=dict)  # language → line of the text's first line


def errata_path(source_file: str) -> str:
    """``docs/x.md`` → ``docs/x.errata.yml``."""
    stem = source_file[:-3] if source_file.endswith(".md") else source_file
    return stem + ".errata.yml"


def _diag(file: str, line: int, message: str, hint: str) -> Diagnostic:
    # one line, whatever the file's values hold (a YAML string may span lines)
    return Diagnostic(file, line, Severity.WARNING, " ".join(message.split()), hint)


def parse_errata(text: str, display: str) -> tuple[list[Erratum], list[Diagnostic]]:
    """Read an errata file; a malformed entry is left out with a warning naming its line."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return [], [_diag(display, mark.line + 1 if mark else 0, f"the errata file is not valid YAML ({getattr(exc, 'problem', None) or exc})",
                          "fix the YAML; no erratum of this file is shown until then")]
    finally:
        loader.dispose()
    if root is None:
        return [], []
    if not isinstance(root, yaml.SequenceNode):
        return [], [_diag(display, root.start_mark.line + 1, "the errata file must be a list of entries",
                          "start each entry with '- id: <question id>'")]
    entries, diags = [], []
    for node in root.value:
        entry, problem = _entry(node, display)
        if entry is not None:
            entries.append(entry)
        else:
            diags.append(_diag(display, node.start_mark.line + 1, f"erratum left out: {problem}",
                               "each entry needs 'id', the text per language ('zh:', 'en:') and 'references' "
                               "(title and http(s) url)"))
    return entries, diags


def _entry(node: yaml.Node, display: str) -> tuple[Erratum | None, str]:
    """One entry of the file (``display`` names the file in the entry), or None and what is wrong with it."""
    if not isinstance(node, yaml.MappingNode):
        return None, "an entry must be a mapping"
    fields: dict[str, yaml.Node] = {}
    key_lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        fields[str(key_node.value)] = value_node
        key_lines[str(key_node.value)] = key_node.start_mark.line + 1
    data = {k: _plain(v) for k, v in fields.items()}
    key = data.get("id")
    if not isinstance(key, str) or not key.strip():
        return None, "'id' (the question's source id) is missing"
    text = {k: v.strip() for k, v in data.items() if k not in ENTRY_KEYS and isinstance(v, str) and v.strip()}
    odd = [k for k, v in data.items() if k not in ENTRY_KEYS and not (isinstance(v, str) and v.strip())]
    if odd:
        return None, f"'{odd[0]}' is not a correction text (a language code followed by Markdown text)"
    if not text:
        return None, "no correction text (add 'zh:' and 'en:')"
    quote = data.get("quote") or {}
    if isinstance(quote, str):
        quote = {next(iter(text)): quote}  # a plain phrase quotes the first language's answer
    if not isinstance(quote, dict) or not all(isinstance(v, str) and v.strip() for v in quote.values()):
        return None, "'quote' must be a phrase, or a phrase per language"
    refs = data.get("references")
    if not isinstance(refs, list) or not refs:
        return None, "'references' is missing: say where the correction comes from"
    references = []
    for ref in refs:
        if not isinstance(ref, dict) or not isinstance(ref.get("title"), str) or not isinstance(ref.get("url"), str):
            return None, "each reference needs a 'title' and a 'url'"
        url = ref["url"].strip()
        if urlsplit(url).scheme not in ("http", "https") or re.search(r"\s", url):
            return None, f"reference url '{url}' is not an http(s) address"
        references.append(Reference(ref["title"].strip(), url))
    lines = {lang: _first_text_line(fields[lang]) for lang in text}
    quote_line = key_lines.get("quote", 0)
    return Erratum(key.strip(), text, {k: v.strip() for k, v in quote.items()}, tuple(references), display,
                   node.start_mark.line + 1, quote_line, lines), ""


def _plain(node: yaml.Node):
    """A node as plain Python data (strings, lists, dicts), without YAML's tags and anchors."""
    if isinstance(node, yaml.ScalarNode):
        return node.value if node.tag.endswith(":str") or node.style else yaml.safe_load(node.value)
    if isinstance(node, yaml.SequenceNode):
        return [_plain(n) for n in node.value]
    if isinstance(node, yaml.MappingNode):
        return {str(k.value): _plain(v) for k, v in node.value}
    return None


def _first_text_line(node: yaml.Node) -> int:
    """The line of a text's first line: below the ``|`` or ``>`` of a block scalar, else the value's own."""
    block = isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")
    return node.start_mark.line + 1 + (1 if block else 0)


class ErrataIndex:
    """The errata of a book, looked up by question; it renders their boxes for each language's pages."""

    def __init__(self) -> None:
        self._by_slug: dict[str, list[Erratum]] = {}
        self.diagnostics: list[Diagnostic] = []
        self._boxes: dict[int, tuple[Erratum, str, bool]] = {}

    @classmethod
    def load(cls, book: Book, read, display) -> "ErrataIndex":
        """The errata files beside the book's documents (``read(path) -> text | None``, ``display(path)``)."""
        index = cls()
        for part in book.parts:
            path = errata_path(part.file)
            text = read(path)
            if text is None:
                continue
            entries, diags = parse_errata(text, display(path))
            index.diagnostics += diags
            questions = {q.key: q for q in part.document.questions()}
            for entry in entries:
                question = questions.get(entry.key)
                if question is None:
                    index.diagnostics.append(_diag(
                        entry.file, entry.line, f"erratum for question id '{entry.key}': no question of "
                        f"{part.path} has this id, so it is shown nowhere",
                        "use the question's heading id (see its slug map), or remove the entry"))
                    continue
                index._by_slug.setdefault(question.slug, []).append(entry)
        return index

    def count(self) -> int:
        return sum(len(v) for v in self._by_slug.values())

    # ------------------------------------------------------------------ placing boxes in an answer

    def mark(self, question: Question, language: str, default_language: str,
             diags: list[Diagnostic]) -> list[SourceLine]:
        """The answer's lines with a marker line where each erratum's box goes (none: the lines as they are)."""
        body = [SourceLine(l.number, MARK_CHARS.sub("\ufffd", l.text)) if MARK_CHARS.search(l.text) else l
                for l in question.body]  # a document cannot forge a marker
        entries = []
        for entry in self._by_slug.get(question.slug, []):
            if language in entry.text:
                entries.append(entry)
            else:
                diags.append(Diagnostic(entry.file, entry.line, Severity.NOTICE,
                                        f"erratum for question '{question.title}' has no {language} text: it is "
                                        f"shown on the other languages' pages only",
                                        f"add '{language}:' to show it on the {language} pages too"))
        if not entries:
            return body
        text_language = default_language if question.fallback else language
        at_end: list[Erratum] = []
        after: dict[int, list[Erratum]] = {}
        for entry in entries:
            phrase = entry.quote.get(text_language)
            if not phrase:
                at_end.append(entry)
                continue
            where = _block_end(body, phrase)
            if where is None:
                at_end.append(entry)
                if not question.fallback:
                    origin = question.part.path if question.part else ""
                    diags.append(_diag(entry.file, entry.quote_line or entry.line,
                                       f"erratum for question '{question.title}' quotes “{phrase}”, which is no "
                                       f"longer in its {text_language} answer ({origin}:{question.heading.first_line}); "
                                       "the box is shown at the end of the answer",
                                       "quote a phrase of one line of the answer as it is now, or remove the "
                                       "entry if the answer was corrected"))
                continue
            after.setdefault(where, []).append(entry)
        out: list[SourceLine] = []
        for i, line in enumerate(body):
            out.append(line)
            for entry in after.get(i, []):
                out += [SourceLine(0, ""), SourceLine(0, self._marker(entry, language, bool(entry.quote))),
                        SourceLine(0, "")]
        for entry in at_end:
            out += [SourceLine(0, ""), SourceLine(0, self._marker(entry, language, False))]
        return out

    def _marker(self, entry: Erratum, language: str, quoted: bool) -> str:
        number = len(self._boxes)
        self._boxes[number] = (entry, language, quoted)
        return f"{MARK_OPEN}{number}{MARK_CLOSE}"

    def fill(self, markdown: str, formulas: FormulaTable, texts: dict[str, str], diags: list[Diagnostic]) -> str:
        """Swap each marker line of a rendered answer for its erratum's box. A marker inside a code block
        (a fence the author never closed runs to the end of the answer) moves after the block: a box in the
        middle of code would end it early, and show the rest of the code as text."""
        if MARK_OPEN not in markdown:
            return markdown
        lines = markdown.split("\n")
        block_end = {i: last for first, last, _ in fence_blocks(lines) for i in range(first + 1, last)}
        boxes: dict[int, list[str]] = {}  # line index → the boxes that go after it
        for i, line in enumerate(lines):
            m = MARKER.match(line.strip())
            if m and int(m.group(1)) in self._boxes:
                entry, language, quoted = self._boxes[int(m.group(1))]
                box = render_box(entry, language, quoted, formulas, texts, diags)
                if i in block_end:
                    box = f"\n{box}\n"  # after the code block, a block of its own
                boxes.setdefault(block_end.get(i, i), []).append(box)
                lines[i] = None
        out = []
        for i, line in enumerate(lines):
            if line is not None:
                out.append(line)
            out += boxes.get(i, [])
        return "\n".join(out)


def _block_end(body: list[SourceLine], phrase: str) -> int | None:
    """The index of the last line of the top-level block whose line holds ``phrase``: its paragraph, its
    formula, the fenced block it is in, or the whole list item (with nested items) it belongs to, so a box
    placed after it never breaks a list apart mid-item."""
    texts = [line.text for line in body]
    fenced = fence_flags(texts)
    start = next((i for i, t in enumerate(texts) if phrase in t), None)
    if start is None:
        return None
    end = start
    while True:
        while end + 1 < len(texts) and (texts[end + 1].strip() or fenced[end + 1]):
            end += 1  # the rest of this paragraph (or fence)
        nxt = end + 1
        while nxt < len(texts) and not texts[nxt].strip() and not fenced[nxt]:
            nxt += 1
        if nxt < len(texts) and texts[nxt][:1] in (" ", "\t") and _in_list(texts, start):
            end = nxt  # an indented continuation of the list item: the box goes after the whole item
            continue
        return end


def _in_list(texts: list[str], start: int) -> bool:
    """Whether the paragraph holding line ``start`` is (part of) a list item: one of its lines is an item,
    or it is indented (a later paragraph of an item)."""
    i = start
    while i > 0 and texts[i - 1].strip():
        i -= 1
    return texts[i][:1] in (" ", "\t") or any(LIST_ITEM.match(t) for t in texts[i:start + 1])


def render_box(entry: Erratum, language: str, quoted: bool, formulas: FormulaTable, texts: dict[str, str],
               diags: list[Diagnostic]) -> str:
    """The box: a title, the quoted phrase, the correction (Markdown, formulas), the references."""
    first = entry.text_lines.get(language, entry.line)
    lines = [(first + i, t) for i, t in enumerate(entry.text[language].split("\n"))]
    problems: list = []
    lines = extract_math(lines, entry.file, formulas, problems)
    for line, message, hint in problems:
        diags.append(_diag(entry.file, line, message, hint))
    body = escape_pseudo_html([t for _, t in lines])
    title = html.escape(texts["erratum_title"])
    # kept out of the search index (search.py skips [data-search-skip]): a correction that names a term must not
    # outrank the answers whose subject it is (even at a tenth of the weight, "KV cache" put MQA above MLA)
    out = [f'<div class="qa-erratum" role="note" aria-label="{title}" lang="{html.escape(language)}" '
           f'data-search-skip markdown="1">',
           f'<p class="qa-erratum__title">{title}</p>']
    phrase = entry.quote.get(language)
    if quoted and phrase:
        out.append(f'<p class="qa-erratum__quote">{html.escape(texts["erratum_quote"])}'
                   f'<q>{html.escape(phrase)}</q></p>')
    out += [""] + body + [""]
    links = texts["erratum_separator"].join(
        f'<a href="{html.escape(r.url, quote=True)}" rel="noopener">{html.escape(r.title)}</a>'
        for r in entry.references)
    out.append(f'<p class="qa-erratum__refs">{html.escape(texts["erratum_references"])}{links}</p>')
    out.append("</div>")
    return "\n".join(out)
