"""Errata: corrections beside the answers, in both languages, without editing the source document."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from qa_site.book import Settings, build_site
from qa_site.errata import errata_path, parse_errata
from qa_site.model import Severity
from sitecheck import Page
from test_build import ROOT, built, mkdocs_build  # noqa: F401 (built: the seed's site, a fixture)

DOCS = ROOT / "docs"
SHIPPED = DOCS / "models-and-architectures.errata.yml"

ZH = """<h2 id='1.基础'>1.基础</h2>

<h3 id='1.什么是MQA？'>1.什么是MQA？</h3>

MQA 让每个查询与多个键值对交互。

- 第一项：MQA 减少计算量。
    - 嵌套的一项
- 第二项

最后一段。

<h3 id='2.什么是GQA？'>2.什么是GQA？</h3>

GQA 把查询分组。
"""

EN = """<h2 id='1.基础'>1.Basics</h2>

<h3 id='1.什么是MQA？'>1.What is MQA?</h3>

MQA lets each query interact with many key-value pairs.

- First: MQA reduces computation.
    - a nested item
- Second

Last paragraph.

<h3 id='2.什么是GQA？'>2.What is GQA?</h3>

GQA groups the queries.
"""

ENTRY = """- id: 1.什么是MQA？
  quote:
    zh: 每个查询与多个键值对交互
    en: each query interact with many key-value pairs
  zh: |
    MQA 中所有查询头共享**一个**键头和值头，KV 缓存降为 $1/n_h$。
  en: |
    In MQA all query heads share **one** key head and value head: the KV cache shrinks to $1/n_h$.
  references:
    - title: "Shazeer, Fast Transformer Decoding (2019), arXiv:1911.02150"
      url: https://arxiv.org/abs/1911.02150
"""


def write_book(folder: Path, errata: str, zh: str = ZH, en: str | None = EN) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "book.md").write_text(zh, encoding="utf-8")
    if en is not None:
        (folder / "book.en.md").write_text(en, encoding="utf-8")
    (folder / "book.errata.yml").write_text(errata, encoding="utf-8")
    return folder / "book.md"


def pages(tmp_path: Path, errata: str, **kwargs):
    source = write_book(tmp_path / "src", errata, **kwargs)
    site = build_site(Settings(source=str(source), languages=["zh", "en"], project_root=str(tmp_path)))
    by_lang = {lang: {p.key: p.markdown for p in edition.pages if p.kind == "question"}
               for lang, edition in site.editions.items()}
    return by_lang, site.diagnostics


def warnings(diags, text: str = "") -> list:
    return [d for d in diags if d.severity is Severity.WARNING and text in d.message]


# ---------------------------------------------------------------- reading the file


def test_errata_file_sits_beside_its_source():
    assert errata_path("docs/models-and-architectures.md") == "docs/models-and-architectures.errata.yml"


def test_an_entry_is_read_with_its_lines():
    entries, diags = parse_errata("# notes\n\n" + ENTRY, "book.errata.yml")
    assert diags == []
    [entry] = entries
    assert entry.key == "1.什么是MQA？" and entry.line == 3 and entry.quote_line == 4
    assert entry.quote == {"zh": "每个查询与多个键值对交互", "en": "each query interact with many key-value pairs"}
    assert entry.text_lines == {"zh": 8, "en": 10}  # the first line under each "|"
    assert entry.references[0].url == "https://arxiv.org/abs/1911.02150"


@pytest.mark.parametrize("entry, problem", [
    ("- zh: 没有 id\n  references: [{title: t, url: 'https://a.b'}]\n", "'id'"),
    ("- id: q\n  zh: 没有出处\n", "'references' is missing"),
    ("- id: q\n  zh: x\n  references: [{title: t, url: 'javascript:alert(1)'}]\n", "not an http(s) address"),
    ("- id: q\n  references: [{title: t, url: 'https://a.b'}]\n", "no correction text"),
    ("- id: q\n  zh: [not, text]\n  references: [{title: t, url: 'https://a.b'}]\n", "not a correction text"),
    ("- id: q\n  zh: x\n  quote: [a, b]\n  references: [{title: t, url: 'https://a.b'}]\n", "'quote'"),
])
def test_a_malformed_entry_is_left_out_with_a_warning_naming_its_line(entry, problem):
    entries, diags = parse_errata("\n" + entry, "x.errata.yml")
    assert entries == []
    [diag] = diags
    assert diag.severity is Severity.WARNING and diag.path == "x.errata.yml" and diag.line == 2
    assert problem in diag.message


def test_invalid_yaml_is_a_warning_with_its_line():
    entries, diags = parse_errata("- id: q\n  zh: [unclosed\n", "x.errata.yml")
    assert entries == [] and diags[0].line >= 2 and "not valid YAML" in diags[0].message


def test_an_errata_file_that_is_not_a_list_is_a_warning():
    _, diags = parse_errata("id: q\n", "x.errata.yml")
    assert "must be a list" in diags[0].message


# ---------------------------------------------------------------- where the box goes


def test_quoted_erratum_follows_the_quoted_paragraph_in_both_languages(tmp_path):
    by_lang, diags = pages(tmp_path, ENTRY.replace("each query interact", "each query interact"))
    assert warnings(diags) == []
    zh, en = by_lang["zh"]["1.什么是MQA？"], by_lang["en"]["1.什么是MQA？"]
    assert zh.index("MQA 让每个查询") < zh.index('class="qa-erratum"') < zh.index("- 第一项")
    assert en.index("MQA lets each query") < en.index('class="qa-erratum"') < en.index("- First")
    assert '<p class="qa-erratum__title">勘误</p>' in zh and '<p class="qa-erratum__title">Erratum</p>' in en
    assert "共享**一个**键头" in zh and "share **one** key head" in en
    assert '<a href="https://arxiv.org/abs/1911.02150" rel="noopener">Shazeer' in zh
    assert "qa-erratum" not in by_lang["zh"]["2.什么是GQA？"]


def test_erratum_without_quote_ends_the_answer(tmp_path):
    entry = re.sub(r"  quote:\n(    .*\n)+", "", ENTRY)
    by_lang, _ = pages(tmp_path, entry)
    for lang in ("zh", "en"):
        md = by_lang[lang]["1.什么是MQA？"]
        assert md.rstrip().endswith("</div>") and md.index("qa-erratum") > md.index("Last" if lang == "en" else "最后")


def test_a_box_never_splits_a_list_item(tmp_path):
    entry = ENTRY.replace("每个查询与多个键值对交互", "MQA 减少计算量").replace(
        "each query interact with many key-value pairs", "MQA reduces computation")
    by_lang, _ = pages(tmp_path / "tight", entry)
    zh = by_lang["zh"]["1.什么是MQA？"]
    assert zh.index("- 第二项") < zh.index("qa-erratum") < zh.index("最后一段")  # a tight list is one block
    loose = ZH.replace("- 第一项：MQA 减少计算量。\n", "- 第一项：MQA 减少计算量。\n\n    第一项的第二段。\n\n")
    loose = loose.replace("- 第二项", "\n- 第二项")
    by_lang, _ = pages(tmp_path / "loose", entry, zh=loose)
    zh = by_lang["zh"]["1.什么是MQA？"]
    assert zh.index("第一项的第二段") < zh.index("嵌套的一项") < zh.index("qa-erratum") < zh.index("- 第二项")


def test_formulas_in_an_erratum_are_rendered_with_the_errata_file_line(tmp_path):
    source = write_book(tmp_path / "src", ENTRY)
    site = build_site(Settings(source=str(source), languages=["zh", "en"], project_root=str(tmp_path)))
    mine = [f for f in site.formulas.items if f.path.endswith("book.errata.yml")]
    assert [(f.tex, f.line) for f in mine] == [("1/n_h", 6), ("1/n_h", 8)]


def test_an_entry_without_a_language_text_is_shown_in_the_others_only_with_a_note(tmp_path):
    entry = re.sub(r"  en: \|\n    .*\n", "", ENTRY)
    by_lang, diags = pages(tmp_path, entry)
    assert "qa-erratum" in by_lang["zh"]["1.什么是MQA？"] and "qa-erratum" not in by_lang["en"]["1.什么是MQA？"]
    notes = [d for d in diags if "has no en text" in d.message]
    assert len(notes) == 1 and notes[0].severity is Severity.NOTICE and notes[0].line == 1


def test_an_untranslated_answer_places_the_box_by_the_source_phrase(tmp_path):
    by_lang, diags = pages(tmp_path, ENTRY, en=EN.split("<h3 id='2.")[0].replace("1.What is MQA?", "1.What is MQA?")
                           .replace("MQA lets each query interact with many key-value pairs.", "Translated."))
    assert warnings(diags, "no longer in its en answer")  # the en answer exists and lost the phrase
    by_lang, diags = pages(tmp_path / "fallback", ENTRY, en=None)
    en = by_lang["en"]["1.什么是MQA？"]  # the Chinese text under the "not translated" notice
    assert en.index("MQA 让每个查询") < en.index('class="qa-erratum"') < en.index("- 第一项")
    assert '<p class="qa-erratum__title">Erratum</p>' in en and 'lang="en"' in en


def test_a_document_cannot_forge_a_box_marker(tmp_path):
    by_lang, _ = pages(tmp_path, ENTRY, zh=ZH.replace("最后一段。", "\ue0120\ue013"))
    zh = by_lang["zh"]["1.什么是MQA？"]
    assert zh.count('class="qa-erratum"') == 1 and "\ue012" not in zh


# ---------------------------------------------------------------- stale entries


def test_an_id_no_question_has_is_a_warning_naming_the_errata_line(tmp_path):
    by_lang, diags = pages(tmp_path, "\n" + ENTRY.replace("1.什么是MQA？", "9.已删除的问题"))
    [warning] = warnings(diags, "9.已删除的问题")
    assert warning.path == "src/book.errata.yml" and warning.line == 2
    assert "no question of src/book.md has this id" in warning.message
    assert all("qa-erratum" not in md for lang in by_lang.values() for md in lang.values())


def test_a_phrase_no_longer_in_the_answer_is_a_warning_and_the_box_still_shows(tmp_path):
    by_lang, diags = pages(tmp_path, ENTRY, zh=ZH.replace("每个查询与多个键值对交互", "每个查询头各有键值"))
    [warning] = warnings(diags, "no longer in its zh answer")
    assert (warning.path, warning.line) == ("src/book.errata.yml", 2)  # the line of 'quote:'
    assert "“每个查询与多个键值对交互”" in warning.message and "src/book.md:3" in warning.message
    zh = by_lang["zh"]["1.什么是MQA？"]
    assert zh.rstrip().endswith("</div>") and "qa-erratum__quote" not in zh
    assert warnings(diags, "no longer in its en answer") == []  # the English answer still has its phrase


# ---------------------------------------------------------------- the shipped site


def test_shipped_erratum_renders_on_both_language_pages(built):
    shipped, _ = built
    for prefix, title, phrase in (("", "勘误", "每个查询与多个键值对进行交互"),
                                  ("en/", "Erratum", "each query interacts with multiple key-value pairs")):
        html = (shipped / prefix / "architecture" / "mqa-vs-gqa" / "index.html").read_text(encoding="utf-8")
        box = re.search(r'<div [^>]*class="qa-erratum".*?</div>', html, re.S).group(0)
        assert f'<p class="qa-erratum__title">{title}</p>' in box and f"<q>{phrase}</q>" in box
        assert 'href="https://arxiv.org/abs/1911.02150"' in box and 'class="katex"' in box  # $1/n_h$ rendered
        assert "data-search-skip" in box  # search ranks answers by their own text
        text = Page(html).text
        # beside the quoted paragraph: after the MQA sentence, before the GQA paragraph
        mqa = "在这种机制中" if not prefix else "in this mechanism, each query"
        gqa = "这种机制将查询分成多个组" if not prefix else "this mechanism splits the queries"
        assert text.index(mqa) < text.index(title) < text.index(gqa)


def test_every_shipped_erratum_cites_a_reference_and_matches_its_answer():
    entries, diags = parse_errata(SHIPPED.read_text(encoding="utf-8"), SHIPPED.name)
    assert diags == [] and len(entries) >= 15
    assert all(e.references and all(r.url.startswith("https://") for r in e.references) for e in entries)
    assert all("zh" in e.text for e in entries)
    site = build_site(Settings(source=str(DOCS / "models-and-architectures.md"), languages=["zh", "en"],
                               project_root=str(ROOT)))
    assert [d for d in site.diagnostics if d.path.endswith(".errata.yml") and d.severity is Severity.WARNING] == []


def test_a_stale_erratum_fails_the_strict_build_and_names_file_and_line(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("models-and-architectures.md", "models-and-architectures.en.md",
                 "models-and-architectures.slugs.yml", "models-and-architectures.en.sync.yml"):
        shutil.copy(DOCS / name, docs / name)
    shutil.copytree(DOCS / "imgs", docs / "imgs")
    (docs / "models-and-architectures.errata.yml").write_text(
        ENTRY.replace("1.什么是MQA？", "7.Multi-queryAttention与Grouped-queryAttention区别是什么？")
        + "\n" + ENTRY.replace("1.什么是MQA？", "99.不存在的问题"), encoding="utf-8")
    result = mkdocs_build(tmp_path / "site", {"QA_SOURCE": str(docs / "models-and-architectures.md")})
    assert result.returncode != 0
    assert re.search(r"WARNING.*models-and-architectures\.errata\.yml:2: erratum for question .* quotes "
                     r"“每个查询与多个键值对交互”, which is no longer in its zh answer", result.stderr)
    assert re.search(r"WARNING.*models-and-architectures\.errata\.yml:13: erratum for question id "
                     r"'99\.不存在的问题'", result.stderr)
