"""Full-text search: which pages each language's index holds, and the words readers know that answers lack.

The engine is Pagefind's extended build (it segments Chinese); ``search_index.py`` runs it once the pages
are written. This module decides, without MkDocs, what goes in:

* **Only answers.** A question page (its title, answer and sub-headings) and a topic page's own intro text;
  never the home page, navigation, topic question lists, maintainer pages or the HTML of formulas.
* **Terms in both languages.** A question whose answer uses a glossary term (``docs/glossary.yml``) in
  either language carries all the term's forms in both indexes, so ``RoPE`` finds 旋转位置编码's answer on the
  Chinese site and ``层归一化`` finds the Layer Normalization answer on the English one.
* **Keywords.** ``NAME.keywords.yml`` beside a document lists extra terms per question (acronyms, other
  names) that a maintainer adds without editing the answer; they reach every language's index.

* **The question in the other languages.** Its translated title, so that an English query on the Chinese
  site finds the question it names.

The extra words sit in hidden blocks right under the question's title (a result they find opens at the top
of the answer), each with its own weight: a maintainer's keyword counts like a sub-heading, the translated
title a little less, a glossary term like a word of the answer.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field

import yaml

from . import math_delimiters, yaml_files
from .model import Book, Diagnostic, Part, Question, Severity, Topic
from .sharing import description
from .side_files import read_text
from .term_lookup import Text, TermIndex, has_cjk, latin_words, term_shape
from .titles import split_number

# What Pagefind must never read inside an indexed page: formulas (MathML and KaTeX glyph soup), the ¶
# permalinks, placeholders of figures that could not be shown, the "not translated yet" notice.
EXCLUDE_SELECTORS = (".katex", ".qa-math-error", ".headerlink", ".qa-missing-figure", ".qa-untranslated",
                     "[data-search-skip]")
# Pagefind's weights: 1 for text, 7 for an h1, 6 for an h2, …
KEYWORDS_WEIGHT = 5.0
TITLES_WEIGHT = 4.0
TERMS_WEIGHT = 1.0


@dataclass(frozen=True)
class TermSet:
    """One glossary entry: every form that names the same concept (``旋转位置编码``, ``RoPE``, …)."""

    chinese: tuple[str, ...]
    latin: tuple[str, ...]

    @property
    def forms(self) -> tuple[str, ...]:
        return self.chinese + self.latin


@dataclass
class SearchPage:
    """One page of a language's index: where it is, what a result shows, the extra terms it carries."""

    path: str  # the page file inside the language root ("deepseek/mla.md")
    title: str  # the question without the author's number, for the result list
    topic: str  # the topic's title, shown above the result
    summary: str = ""  # the answer's opening words, shown when only the title or the extra words match
    keywords: list[str] = field(default_factory=list)  # the maintainer's, from NAME.keywords.yml
    titles: list[str] = field(default_factory=list)  # the question's title in the other languages
    terms: list[str] = field(default_factory=list)  # glossary forms the page's own text lacks


# ---------------------------------------------------------------------------------------------- inputs


def load_glossary(path: str, display: str) -> tuple[list[TermSet], list[Diagnostic]]:
    """The glossary's entries as term sets; a malformed entry is a warning naming its line, never a crash."""
    if not os.path.isfile(path):
        return [], []
    diags: list[Diagnostic] = []
    text = read_text(path, display, Severity.WARNING, "save it as UTF-8; search runs without its terms meanwhile",
                     diags)
    if text is None:
        return [], diags
    try:
        data = yaml_files.safe_load(text)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", -1) + 1
        return [], [Diagnostic(display, line, Severity.WARNING, f"the glossary is not valid YAML ({exc.problem})",
                               "fix the file; search runs without its terms meanwhile")]
    if data is None:
        return [], []
    if not isinstance(data, list):
        return [], [Diagnostic(display, 1, Severity.WARNING, "the glossary must be a list of entries",
                               "write entries as '- zh: 术语' / 'en: term' / 'match: [forms]'")]
    lines = _entry_lines(text)
    out: list[TermSet] = []
    for i, entry in enumerate(data):
        forms = _entry_forms(entry)
        if forms is None:
            diags.append(Diagnostic(display, lines[i] if i < len(lines) else 0, Severity.WARNING,
                                    "glossary entry without a 'zh' and an 'en' term is ignored by search",
                                    "give the entry 'zh:' and 'en:' (and optionally 'match:')"))
            continue
        chinese = tuple(f for f in forms if has_cjk(f))
        latin = tuple(f for f in forms if not has_cjk(f))
        out.append(TermSet(chinese, latin))
    return out, diags


def _entry_forms(entry) -> list[str] | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("zh"), str) or not isinstance(entry.get("en"), str):
        return None
    forms = [entry["zh"], entry["en"]]
    match = entry.get("match") or []
    forms += [m for m in (match if isinstance(match, list) else [match]) if isinstance(m, str)]
    for f in list(forms):  # "Rotary Position Embedding (RoPE)" is also "Rotary Position Embedding" and "RoPE"
        m = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", f)
        if m:
            forms += [m.group(1), m.group(2)]
    return _unique([" ".join(f.split()) for f in forms if f and f.strip()])


def _entry_lines(text: str) -> list[int]:
    return [i for i, line in enumerate(text.splitlines(), 1) if line.startswith("- ")]


def keywords_path(document: str) -> str:
    """``docs/x.md`` → ``docs/x.keywords.yml``: a document's search keywords live beside it."""
    return os.path.splitext(document)[0] + ".keywords.yml"


def load_keywords(path: str, display: str, part: Part) -> tuple[dict[str, list[str]], list[Diagnostic]]:
    """Keywords per question key, from a file keyed by the question's URL (as pinned) or its source id.

    ``architecture/mqa-vs-gqa: [MQA, GQA, 分组查询注意力]``. A key that names no question is a warning.
    """
    if not os.path.isfile(path):
        return {}, []
    diags: list[Diagnostic] = []
    text = read_text(path, display, Severity.WARNING, "save it as UTF-8; search runs without its keywords meanwhile",
                     diags)
    if text is None:
        return {}, diags
    try:
        data = yaml_files.safe_load(text)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", -1) + 1
        return {}, [Diagnostic(display, line, Severity.WARNING, f"the keywords file is not valid YAML ({exc.problem})",
                               "fix the file; search runs without its keywords meanwhile")]
    if not data:
        return {}, []
    if not isinstance(data, dict):
        return {}, [Diagnostic(display, 1, Severity.WARNING, "the keywords file must map questions to lists of terms",
                               "write one line per question: 'topic/question: [term, term]'")]
    by_name: dict[str, Question | Topic] = {}
    for q in part.document.questions():
        by_name[q.key] = q
        by_name[q.slug] = q
        by_name[q.slug[len(part.url_prefix):]] = q
    out: dict[str, list[str]] = {}
    for key, terms in data.items():
        line = _key_line(text, str(key))
        target = by_name.get(str(key).strip().strip("/"))
        if target is None:
            diags.append(Diagnostic(display, line, Severity.WARNING,
                                    f"keywords for '{key}', which names no question of {part.path}",
                                    "use the question's URL as in its slug map (topic/question) or its source id"))
            continue
        values = terms if isinstance(terms, list) else [terms]
        words = [" ".join(str(t).split()) for t in values if isinstance(t, (str, int, float)) and str(t).strip()]
        if len(words) != len(values):
            diags.append(Diagnostic(display, line, Severity.WARNING, f"keywords for '{key}' must be a list of terms",
                                    "write them as [term, term]"))
        out.setdefault(target.key, []).extend(words)
    return out, diags


def _key_line(text: str, key: str) -> int:
    for i, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip("'\"")
        if stripped.startswith(key) and not line.startswith((" ", "\t", "#", "-")):
            return i
    return 0


# ---------------------------------------------------------------------------------------------- planning


def plan(books: dict[str, Book], glossary: list[TermSet], keywords: dict[str, list[str]],
         page_of) -> dict[str, dict[str, SearchPage]]:
    """Per language, the pages to index (by page file) with their titles and extra words.

    ``books`` holds one book per language, paired by question key; ``page_of`` gives a question's or a
    topic's page file.
    """
    texts: dict[str, dict[str, Text]] = {}  # language → question key → title + answer, as written
    titles: dict[str, dict[str, str]] = {}
    for language, book in books.items():
        texts[language] = {q.key: Text(_question_text(q)) for q in book.questions()}
        titles[language] = {q.key: _without_number(q.title) for q in book.questions() if not q.fallback}
    used_terms: dict[str, list[str]] = {}  # question key → glossary forms its answer uses in any language
    forms = TermIndex([form for terms in glossary for form in terms.forms])
    out: dict[str, dict[str, SearchPage]] = {}
    for language, book in books.items():
        pages: dict[str, SearchPage] = {}
        for topic in book.topics():
            topic_title = _without_number(topic.title)
            if any(line.text.strip() for line in topic.intro):
                path = page_of(topic)
                pages[path] = SearchPage(path, topic_title, "", description([line.text for line in topic.intro]))
            for q in topic.questions:
                own = texts[language].get(q.key) or Text("")
                if q.key not in used_terms:  # the same in every language: computed once per question
                    found = set().union(*(forms.found_in(t[q.key]) for t in texts.values() if q.key in t))
                    used_terms[q.key] = [form for terms in glossary if not found.isdisjoint(terms.forms)
                                         for form in terms.forms]
                glossary_forms = used_terms[q.key]
                others = [t[q.key] for lang, t in titles.items() if lang != language and q.key in t]
                path = page_of(q)
                keyword_words = _missing_words(keywords.get(q.key, []), own)
                pages[path] = SearchPage(
                    path, _without_number(q.title), topic_title, description([line.text for line in q.body]),
                    keyword_words,
                    [t for t in others if t not in own.text],
                    [w for w in _missing_words(glossary_forms, own) if w not in keyword_words])
        out[language] = pages
    return out


def _without_number(title: str) -> str:
    return split_number(title).text


def _missing_words(terms: list[str], text: Text) -> list[str]:
    """The words of ``terms`` that ``text`` lacks: Chinese terms whole, Latin ones word by word.

    Words the answer already has add nothing to recall, and repeated in the terms block they would draw the
    result's excerpt away from the answer's own sentences.
    """
    words: list[str] = []
    for term in terms:
        if term_shape(term)[0]:
            words.append(term)
        else:
            words += latin_words(term)
    return [w for w in _unique(words) if not text.contains(w)]


def _question_text(q: Question) -> str:
    return "\n".join([q.title] + [line.text for line in q.body] + [h.title for h in q.sub_headings])


def _unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item.casefold() not in seen:
            seen.add(item.casefold())
            out.append(item)
    return out


# ---------------------------------------------------------------------------------------------- markup

def formula_stubs(rendered: dict[int, str]) -> dict[int, str]:
    """What stands for each formula in the copy of a page Pagefind indexes: an empty box it skips.

    Pagefind never indexes a formula (``.katex`` is excluded), yet it had to parse KaTeX's HTML and MathML,
    about half of an answer's bytes. An empty skipped box in its place leaves the same words in the same
    places: a formula that takes the punctuation after it into its last box (``substitute``) gets a box of the
    same shape, so that punctuation is left out of the index as it is with the formula itself.
    """
    return {i: KATEX_STUB if math_delimiters.takes_punctuation(found) else OTHER_STUB for i, found in rendered.items()}


KATEX_STUB = '<span class="katex"><span class="katex-html"><span></span></span></span>'
OTHER_STUB = "<span data-search-skip></span>"

TERMS_ANCHOR, ANSWER_ANCHOR = "qa-terms", "qa-answer"  # sections of the indexed copy only, never of the page


def mark_for_index(content: str, page: SearchPage, label: str) -> str:
    """The page's rendered content as Pagefind should index it: its result title, topic and summary, and the
    extra words in a hidden section titled ``label`` (in the reader's language: an excerpt may show it).

    Pagefind cuts a page into sections ("sub-results") at headings with an id. Two hidden ones go between
    the title and the answer, one before the extra words and one before the answer's text: the dialog then
    tells a match in the answer (shown from the answer's own sentences) from a match in the extra words.
    """
    meta = (f'<span hidden data-pagefind-meta="title[data-title], topic[data-topic], summary[data-summary]" '
            f'data-title="{html.escape(page.title, quote=True)}" data-topic="{html.escape(page.topic, quote=True)}" '
            f'data-summary="{html.escape(page.summary, quote=True)}"></span>')
    blocks = "".join(f'<p data-pagefind-weight="{weight}">{html.escape(" ".join(words))}</p>'
                     for words, weight in ((page.keywords, KEYWORDS_WEIGHT), (page.titles, TITLES_WEIGHT),
                                           (page.terms, TERMS_WEIGHT)) if words)
    extra = f'\n<h6 hidden id="{TERMS_ANCHOR}">{html.escape(label)}</h6>{blocks}' if blocks else ""
    end = content.find("</h1>")
    at = end + len("</h1>") if end >= 0 else 0
    content = content[:at] + extra + f'\n<h6 hidden id="{ANSWER_ANCHOR}">¶</h6>\n' + content[at:]
    return f"<div data-pagefind-body>{meta}\n{content}\n</div>"


SEGMENTED_LANGUAGES = {"zh", "ja", "ko"}  # Pagefind's extended build segments these; it splits others at spaces
_HAN_PAIR = re.compile(r"(?<=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])(?=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")
_TAG = re.compile(r"(<[^>]*>)")


def han_characters_apart(page_html: str, language: str) -> str:
    """Chinese text with a break between every two Han characters (tags and attributes untouched).

    Pagefind segments the index with a dictionary (jieba) and the query with the browser's ICU segmenter;
    the two disagree (归一化 vs 归|一|化, 缓存 vs 缓|存), and a query whose words split differently finds
    nothing. One character per word on both sides (the dialog spaces a query's Han characters too) always
    agrees; the dialog then ranks results whose text has the query's characters in a row first.
    The break is a zero-width space where Pagefind segments the language (it keeps excerpts unchanged),
    a space elsewhere (an English index splits words at spaces only).
    """
    separator = "\u200b" if language.split("-")[0] in SEGMENTED_LANGUAGES else " "
    parts = _TAG.split(page_html)
    return "".join(part if i % 2 else _HAN_PAIR.sub(separator, part) for i, part in enumerate(parts))
