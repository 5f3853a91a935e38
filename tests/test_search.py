"""Search: what each language's index holds, the words readers know that answers lack, the built bundles."""

from __future__ import annotations

import json
import re
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import ROOT, book_of
from qa_site.pages import page_of
from qa_site.search import (ANSWER_ANCHOR, KEYWORDS_WEIGHT, TERMS_ANCHOR, SearchPage, han_characters_apart,
                            load_glossary, load_keywords, mark_for_index, plan)
from qa_site.model import Severity

ZH = textwrap.dedent("""\
    <h2 id='1.架构'>1.架构</h2>

    <h3 id='1.旋转位置编码的作用'>1.旋转位置编码的作用</h3>

    旋转位置编码通过旋转查询和键向量注入位置信息。

    <h3 id='2.归一化放在哪里？'>2.归一化放在哪里？</h3>

    LLaMA 使用前标准化结构。

    <h2 id='2.训练'>2.训练</h2>

    本主题讲训练。

    <h3 id='1.什么是拒绝采样？'>1.什么是拒绝采样？</h3>

    拒绝采样只保留正确的回答。
    """)
EN = (ZH.replace("1.旋转位置编码的作用'>1.旋转位置编码的作用", "1.旋转位置编码的作用'>1.The role of rotary position embedding")
      .replace("旋转位置编码通过旋转查询和键向量注入位置信息。", "Rotary position embedding rotates queries and keys.")
      .replace("2.归一化放在哪里？'>2.归一化放在哪里？", "2.归一化放在哪里？'>2.Where does layer normalization go?")
      .replace("LLaMA 使用前标准化结构。", "LLaMA normalizes before each block (Pre-LN).")
      .replace("1.架构'>1.架构", "1.架构'>1.Architecture").replace("2.训练'>2.训练", "2.训练'>2.Training")
      .replace("本主题讲训练。", "This topic is about training.")
      .replace("1.什么是拒绝采样？'>1.什么是拒绝采样？", "1.什么是拒绝采样？'>1.What is rejection sampling?")
      .replace("拒绝采样只保留正确的回答。", "Rejection sampling keeps only correct answers."))
GLOSSARY = textwrap.dedent("""\
    - zh: 旋转位置编码
      en: Rotary Position Embedding (RoPE)
      match: [rotary position embedding]
    - zh: 层归一化
      en: layer normalization
      match: [layer normalization, LayerNorm]
    - zh: 拒绝采样
      en: rejection sampling
      match: [rejection sampling]
    """)


@pytest.fixture
def books(tmp_path):
    zh, _ = book_of(ZH, "doc.md", {"questions": {"1.旋转位置编码的作用": "arch/rope", "2.归一化放在哪里？": "arch/norm",
                                                  "1.什么是拒绝采样？": "training/rejection-sampling"},
                                    "topics": {"1.架构": "arch", "2.训练": "training"}})
    en, _ = book_of(EN, "doc.en.md", {"questions": {"1.旋转位置编码的作用": "arch/rope", "2.归一化放在哪里？": "arch/norm",
                                                     "1.什么是拒绝采样？": "training/rejection-sampling"},
                                       "topics": {"1.架构": "arch", "2.训练": "training"}})
    glossary = tmp_path / "glossary.yml"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    return {"zh": zh, "en": en}, load_glossary(str(glossary), "glossary.yml")[0]


# ------------------------------------------------------------------------------------------ what is indexed


def test_only_answers_are_indexed_and_a_topic_only_for_its_own_intro(books):
    by_language, glossary = books
    pages = plan(by_language, glossary, {}, page_of)
    assert sorted(pages["zh"]) == ["arch/norm.md", "arch/rope.md", "training/index.md",
                                   "training/rejection-sampling.md"]
    assert "arch/index.md" not in pages["zh"]  # a topic page that only lists its questions
    assert pages["zh"]["arch/rope.md"].title == "旋转位置编码的作用"  # the author's number is not shown
    assert pages["zh"]["arch/rope.md"].topic == "架构"
    assert pages["zh"]["arch/rope.md"].summary == "旋转位置编码通过旋转查询和键向量注入位置信息。"


def test_a_glossary_term_reaches_both_languages_whichever_language_uses_it(books):
    by_language, glossary = books
    pages = plan(by_language, glossary, {}, page_of)
    # the Chinese answer says 旋转位置编码: its index also knows the English names
    assert {"RoPE", "Rotary", "Position", "Embedding"} <= set(pages["zh"]["arch/rope.md"].terms)
    # only the English answer says "layer normalization": the Chinese index learns 层归一化 from it
    assert "层归一化" in pages["zh"]["arch/norm.md"].terms
    assert "拒绝采样" in pages["en"]["training/rejection-sampling.md"].terms
    # words a page already has are not repeated (they would pull the excerpt away from the answer)
    assert "rejection" not in [t.lower() for t in pages["en"]["training/rejection-sampling.md"].terms]
    assert "旋转位置编码" not in pages["zh"]["arch/rope.md"].terms


def test_each_page_knows_its_question_in_the_other_language(books):
    by_language, glossary = books
    pages = plan(by_language, glossary, {}, page_of)
    assert pages["zh"]["training/rejection-sampling.md"].titles == ["What is rejection sampling?"]
    assert pages["en"]["training/rejection-sampling.md"].titles == ["什么是拒绝采样？"]


def test_keywords_by_url_or_source_id_reach_every_language_and_unknown_keys_warn(books, tmp_path):
    by_language, glossary = books
    path = tmp_path / "doc.keywords.yml"
    path.write_text("# keywords\narch/norm: [Pre-LN, 层归一化]\n'1.什么是拒绝采样？': [RS]\nno/such-question: [x]\n"
                    "arch/rope: RoPE\n", encoding="utf-8")
    keywords, diags = load_keywords(str(path), "doc.keywords.yml", by_language["zh"].parts[0])
    assert keywords == {"2.归一化放在哪里？": ["Pre-LN", "层归一化"], "1.什么是拒绝采样？": ["RS"],
                        "1.旋转位置编码的作用": ["RoPE"]}
    assert [(d.line, d.severity) for d in diags] == [(4, Severity.WARNING)]
    assert "no/such-question" in diags[0].message and "slug map" in diags[0].hint
    pages = plan(by_language, glossary, keywords, page_of)
    for language in ("zh", "en"):
        assert "RS" in pages[language]["training/rejection-sampling.md"].keywords
    assert pages["zh"]["arch/norm.md"].keywords == ["Pre", "LN", "层归一化"]
    assert pages["en"]["arch/norm.md"].keywords == ["层归一化"]  # "Pre-LN" is in the English answer already


@pytest.mark.parametrize("text, line, message", [
    ("- zh: 甲\n  en: a\n- just a string\n", 3, "without a 'zh' and an 'en' term"),
    ("zh: 甲\n", 1, "must be a list"),
    ("- zh: [unclosed\n", 2, "not valid YAML"),  # where YAML noticed: the end of the file
])
def test_a_broken_glossary_warns_with_its_line_and_search_still_builds(tmp_path, text, line, message):
    path = tmp_path / "glossary.yml"
    path.write_text(text, encoding="utf-8")
    terms, diags = load_glossary(str(path), "glossary.yml")
    assert [d.line for d in diags] == [line] and message in diags[0].message
    assert all(d.severity is Severity.WARNING for d in diags)


def test_the_shipped_glossary_and_keywords_load_without_a_message():
    terms, diags = load_glossary(str(ROOT / "docs" / "glossary.yml"), "docs/glossary.yml")
    assert not diags and len(terms) > 50
    assert any("RoPE" in t.latin and "旋转位置编码" in t.chinese for t in terms)


# ------------------------------------------------------------------------------------------ the indexed copy


def test_the_indexed_copy_carries_title_topic_summary_and_hidden_sections_after_the_title():
    page = SearchPage("a/b.md", 'Say "hi" <b>&', "话题", "开头。", keywords=["GQA"], titles=["分组"], terms=["KV"])
    html = mark_for_index('<h1 id="t">Say</h1>\n<p>Body</p>', page, "相关术语")
    assert html.startswith("<div data-pagefind-body>")
    assert 'data-title="Say &quot;hi&quot; &lt;b&gt;&amp;"' in html  # attribute-safe
    order = [html.index(x) for x in ("</h1>", f'id="{TERMS_ANCHOR}"', "GQA", f'id="{ANSWER_ANCHOR}"', "<p>Body")]
    assert order == sorted(order)
    assert f'<p data-pagefind-weight="{KEYWORDS_WEIGHT}">GQA</p>' in html
    assert re.search(r"<h6 hidden id=\"qa-terms\">相关术语</h6>", html)


def test_without_extra_words_there_is_no_terms_section():
    html = mark_for_index("<h1>T</h1><p>x</p>", SearchPage("p.md", "T", ""), "相关术语")
    assert TERMS_ANCHOR not in html and ANSWER_ANCHOR in html


def test_han_characters_are_indexed_one_by_one_and_markup_is_left_alone():
    html = '<h2 id="归一化">层归一化 LayerNorm</h2><img alt="图片说明">'
    assert han_characters_apart(html, "zh") == '<h2 id="归一化">层\u200b归\u200b一\u200b化 LayerNorm</h2><img alt="图片说明">'
    # an English index splits at spaces only
    assert han_characters_apart("<p>拒绝采样</p>", "en") == "<p>拒 绝 采 样</p>"


def test_pagefind_indexes_a_page_with_its_formulas_left_out_exactly_as_the_page_itself(tmp_path):
    """Pagefind skips formulas (.katex, .qa-math-error); it is handed the page with an empty box in each
    formula's place instead of KaTeX's markup, and must build the very same bundle, byte for byte: also where
    a formula takes the punctuation after it into its box, and where KaTeX refused a formula."""
    from qa_site.math_delimiters import substitute
    from qa_site.search import formula_stubs
    from qa_site.search_index import standalone_page, write_bundle

    katex = ('<span class="katex"><span class="katex-mathml"><math><mi>h</mi><mi>t</mi></math></span>'
             '<span class="katex-html" aria-hidden="true"><span class="base"><span class="mord">h</span></span>'
             '</span></span>')
    body = ("<h1>注意力</h1>\n<p>向量\ue0000\ue001，其中 attention 分数\ue0001\ue001. 又如\ue0003\ue001。</p>\n"
            "<p>\ue0022\ue003</p>\n<p>GQA 与 MQA 的区别</p>")
    rendered = {0: katex, 1: katex.replace(">h<", ">x<"), 2: katex.replace("katex-html", "katex-html big"),
                3: '<code class="qa-math-error" title="KaTeX: x">\\frac{</code>'}
    page = SearchPage("a/b.md", "注意力", "架构", "", ["GQA"])
    for language in ("zh", "en"):
        bundles = []
        for formulas in (rendered, formula_stubs(rendered)):
            root = tmp_path / f"{language}-{len(bundles)}"
            content = mark_for_index(substitute(body, formulas), page, "术语")
            write_bundle([("/a/b/", standalone_page(language, content))], language, str(root))
            bundles.append({p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()})
        assert bundles[0] == bundles[1] and len(bundles[0]) > 3


def test_an_indexing_run_goes_on_while_the_build_does_and_a_failed_build_stops_it(tmp_path):
    import os

    from qa_site.search_index import standalone_page, start_bundle

    pages = [(f"/q{i}/", standalone_page("zh", f"<div data-pagefind-body><h1>问题{i}</h1><p>注意力{i}</p></div>"))
             for i in range(3)]
    pending = start_bundle(pages, "zh", str(tmp_path / "a"))  # returns at once: Pagefind runs meanwhile
    result = pending.finish()
    assert result.pages == 3 and (tmp_path / "a" / "pagefind" / "pagefind-entry.json").is_file()
    stopped = start_bundle(pages, "zh", str(tmp_path / "b"))
    scratch = stopped._scratch.name
    stopped.cancel()
    assert stopped._proc.returncode is not None and not os.path.exists(scratch)


# ------------------------------------------------------------------------------------------ the built site


@pytest.mark.build
def test_each_language_has_its_own_bundle_holding_only_its_answers(tmp_path_factory):
    from sitecheck import html_pages, search_fragments
    from test_build import mkdocs_build

    site = tmp_path_factory.mktemp("search") / "site"
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr[-3000:]
    for language, root in (("zh", site), ("en", site / "en")):
        entry = json.loads((root / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert list(entry["languages"]) == [language]
        records = search_fragments(root / "pagefind")
        urls = sorted(r["url"] for r in records)
        assert len(urls) == 21 and all(u.count("/") == 3 for u in urls), urls  # question pages only
        assert not [u for u in urls if "translation-status" in u or u == "/"]
        text = " ".join(r["content"] for r in records)
        for leak in ("\\mathbb", "mathbb", "katex", "\\frac"):
            assert leak not in text, leak  # formulas stay out
        # the permalinks (¶) stay out: the one ¶ per page is the hidden marker of the answer's opening
        assert text.count("¶") == len(records)
        # Pagefind's own UI kits are not published
        assert not list((root / "pagefind").glob("pagefind-*ui*"))
    zh = {r["url"]: r for r in search_fragments(site / "pagefind")}
    assert zh["/deepseek/mla/"]["meta"]["title"] == "请介绍下在DeepSeek-R1中所用到的MLA算法？"
    assert zh["/deepseek/mla/"]["meta"]["topic"] == "DeepSeek相关问答"
    assert "GQA" in zh["/architecture/mqa-vs-gqa/"]["content"]  # a maintainer's keyword
    # no page loads a search index: only the site's script (the search button), deferred
    home = html_pages(site)[""].read_text(encoding="utf-8")
    assert re.search(r'<script src="[^"]*assets/javascripts/site\.js" defer(="")?>', home)
    assert "search_index.json" not in home and "lunr" not in home
    assert not (site / "search" / "search_index.json").exists()
    assert "qa: search index (zh): 21 pages" in result.stderr and "qa: search index (en): 21 pages" in result.stderr


# ---------------------------------------------------------------------------------------------- term matching

_TERM_ALPHABET = "abkKisS Iq-.+() 0129中文旋转\u0130\u0131\u212a\u017f\u00e9\u00dfǅﬀ\u212b"


def _word_in(text: str, term: str) -> bool:
    """The rule as it reads: Chinese terms by substring, others as whole words, ignoring case."""
    if re.search("[\u3400-\u9fff\uf900-\ufaff]", term):
        return term in text
    return re.search(r"(?<![A-Za-z0-9])" + re.escape(term) + r"(?![A-Za-z0-9])", text, re.IGNORECASE) is not None


@given(text=st.text(alphabet=_TERM_ALPHABET, max_size=60), term=st.text(alphabet=_TERM_ALPHABET, min_size=1, max_size=6))
@settings(max_examples=3000, deadline=None)
def test_term_lookup_answers_exactly_as_the_word_pattern(text, term):
    """The fast lookup (a case-folded substring test before the pattern) never answers differently from the
    pattern, also for the letters Python matches across scripts ignoring case (İ ı K ſ)."""
    from qa_site.term_lookup import Text

    assert Text(text).contains(term) == _word_in(text, term)
    assert Text(text.upper()).contains(term) == _word_in(text.upper(), term)


def test_term_lookup_finds_whole_words_only():
    from qa_site.term_lookup import Text

    text = Text("Grouped-query attention (GQA) shares keys; a queryset is not a query.")
    assert text.contains("gqa") and text.contains("Grouped-Query Attention") and text.contains("query")
    assert not text.contains("quer") and not text.contains("keys;a")
    assert Text("\u212aV cache").contains("kv") and Text("使用旋转位置编码").contains("旋转位置编码")
