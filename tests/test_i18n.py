"""The bilingual site: the English edition, language pairing, fallback pages, glossary consistency."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

from qa_site.links import short_anchor
import yaml

from qa_site.source import parse_document
from sitecheck import Page, html_pages
from test_build import ROOT, SEED, mkdocs_build

EN = ROOT / "docs" / "models-and-architectures.en.md"
GLOSSARY = ROOT / "docs" / "glossary.yml"
FIXTURE = ROOT / "tests" / "fixtures" / "bilingual"
CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")


# ---------------------------------------------------------------- the shipped site


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("bilingual") / "site"
    result = mkdocs_build(out)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def question_urls(site: Path, prefix: str = "") -> list[str]:
    return [u[len(prefix):] for u in html_pages(site)
            if u.startswith(prefix) and u[len(prefix):].count("/") == 2 and not u.startswith(("assets/", "search/"))
            and not (prefix == "" and u.startswith("en/"))]


def test_every_chinese_question_has_an_english_twin_and_the_switch_links_pair_them(site):
    zh = sorted(question_urls(site))
    en = sorted(question_urls(site, "en/"))
    assert len(zh) == 21 and zh == en
    for url in zh:
        zh_html = (site / url / "index.html").read_text(encoding="utf-8")
        en_html = (site / "en" / url / "index.html").read_text(encoding="utf-8")
        depth = url.count("/")
        assert f'<a href="{"../" * depth}en/{url}" hreflang="en" class="md-select__link">' in zh_html, url
        assert f'<a href="{"../" * (depth + 1)}{url}" hreflang="zh" class="md-select__link">' in en_html, url
        assert '<html lang="zh"' in zh_html and '<html lang="en"' in en_html
        # hreflang links in the head: per page, absolute (see qa_site/sharing.py for the rel spelling)
        for lang, prefix in (("zh", ""), ("en", "en/")):
            link = f'<link rel="alternate " href="http://127.0.0.1:8000/{prefix}{url}" hreflang="{lang}">'
            assert link in zh_html and link in en_html, (url, lang)


def test_both_languages_share_heading_ids_so_the_switch_keeps_the_section(site):
    for url in question_urls(site):
        zh = Page((site / url / "index.html").read_text(encoding="utf-8"))
        en = Page((site / "en" / url / "index.html").read_text(encoding="utf-8"))
        content_ids = {i for i in zh.ids if not i.startswith("__") and i != "glightbox-style"}
        assert content_ids <= en.ids, (url, content_ids - en.ids)


def test_english_pages_read_as_english_outside_formulas_and_code(site):
    for url in ["en/"] + [f"en/{u}" for u in question_urls(site, "en/")]:
        html = (site / url / "index.html").read_text(encoding="utf-8")
        html = re.sub(r'<span class="katex">.*?</span></span></span>', "", html, flags=re.S)
        html = re.sub(r'<a [^>]*\blang="zh"[^>]*>.*?</a>', "", html, flags=re.S)  # "中文版": a link to the other language
        text = Page(html).text
        assert not CJK.findall(text), (url, CJK.findall(text)[:10])
        assert "This answer has not been translated yet" not in text


def test_english_figures_carry_english_labels(site):
    page = Page((site / "en" / "multimodal" / "vision-text-connectors" / "index.html").read_text(encoding="utf-8"))
    figures = [src for src in page.images if "/imgs/" in src]
    assert len(figures) == 6
    for src in figures:
        svg = (site / "en" / "multimodal" / "vision-text-connectors" / unquote(src)).resolve().read_text(encoding="utf-8")
        labels = "".join(re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S))
        assert labels and not CJK.search(labels), src


def test_the_sitemap_lists_both_languages(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/en/deepseek/mla/</loc>" in sitemap and "/deepseek/mla/</loc>" in sitemap
    assert 'hreflang="en"' in sitemap and 'hreflang="zh"' in sitemap


def test_the_english_ui_is_english(site):
    html = (site / "en" / "deepseek" / "mla" / "index.html").read_text(encoding="utf-8")
    assert "Search questions, terms or keywords" in html  # the search dialog's words (its settings)
    assert "<title>Could you describe the MLA algorithm used in DeepSeek-R1? - LLM Interview Q&amp;A</title>" in html


# ---------------------------------------------------------------- the translation source


def test_the_english_source_has_the_structure_and_formulas_of_the_chinese_one():
    zh = SEED.read_text(encoding="utf-8")
    en = EN.read_text(encoding="utf-8")
    ids = re.compile(r"""<h[1-6] id=['"]([^'"]+)['"]""")
    assert ids.findall(zh) == ids.findall(en)
    formulas = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.S)
    assert sorted(formulas.findall(zh)) == sorted(formulas.findall(en))
    images = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")
    assert images.findall(zh) == images.findall(en)


def test_the_english_source_is_english_outside_ids_links_formulas_and_paths():
    text = EN.read_text(encoding="utf-8")
    text = re.sub(r"""id=['"][^'"]*['"]""", "", text)
    text = re.sub(r"\]\(#.*\)[ \t]*$", "]", text, flags=re.M)  # TOC link targets (the source's ids)
    text = re.sub(r"\(imgs/[^)]*\)", "", text)
    text = re.sub(r"\$\$.*?\$\$|\$[^$\n]+\$", "", text, flags=re.S)
    assert not CJK.findall(text)


def _sections(path: Path) -> dict[str, str]:
    doc, _ = parse_document(path.read_text(encoding="utf-8"), path.name)
    return {q.key: q.title + "\n" + "\n".join(line.text for line in q.body) for q in doc.questions()}


def _unspaced(text: str) -> str:
    return re.sub(r"\s+", "", text)


def glossary_gaps(glossary: list[dict], zh: dict[str, str], en: dict[str, str]) -> tuple[list, int]:
    """(zh term, question key) pairs where the zh answer uses a term and its en twin uses none of its forms.

    Spaces are ignored on the Chinese side (多 Token 预测 is 多Token预测), and a term inside a longer glossary
    term belongs to that one: 位置编码 inside 旋转位置编码 asks for RoPE, not for "position encoding"."""
    gaps, checked = [], 0
    terms = [_unspaced(e["zh"]) for e in glossary]
    for entry in glossary:
        term = _unspaced(entry["zh"])
        longer = sorted((t for t in terms if term in t and t != term), key=len, reverse=True)
        forms = [f.lower() for f in entry["match"]] + [entry["en"].lower()]
        for key, raw in zh.items():
            text = _unspaced(raw)
            for other in longer:
                text = text.replace(other, "\u2003")
            if term in text:
                checked += 1
                if not any(f in en.get(key, "").lower() for f in forms):
                    gaps.append((entry["zh"], key))
    return gaps, checked


def test_glossary_terms_are_translated_consistently():
    glossary = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))
    assert len(glossary) >= 40
    assert {"旋转位置编码", "拒绝采样"} <= {e["zh"] for e in glossary}
    zh, en = _sections(SEED), _sections(EN)
    assert zh.keys() == en.keys()
    gaps, checked = glossary_gaps(glossary, zh, en)
    assert gaps == []
    assert checked >= 40


def test_glossary_check_catches_an_answer_that_drops_the_term():
    glossary = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))
    zh, en = _sections(SEED), _sections(EN)
    key = next(k for k in zh if "旋转位置编码" in zh[k])
    en[key] = re.sub("(?i)rotary position embedding|rope", "the method", en[key])
    gaps, _ = glossary_gaps(glossary, zh, en)
    assert ("旋转位置编码", key) in gaps


def test_glossary_check_is_not_satisfied_by_a_looser_or_longer_term():
    glossary = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))
    zh = {"q": "RL 提升了模型的推理能力。旋转位置编码是一种位置编码。"}
    en = {"q": "RL improves the model's reasoning. Rotary position embedding (RoPE) is a kind of embedding."}
    gaps, _ = glossary_gaps(glossary, zh, en)
    assert ("推理能力", "q") in gaps  # plain "reasoning" is not "reasoning ability"
    assert ("位置编码", "q") in gaps  # "rotary position embedding" does not stand for a standalone 位置编码
    assert ("旋转位置编码", "q") not in gaps
    en["q"] = "RL improves reasoning ability. RoPE is a position encoding."
    gaps, _ = glossary_gaps(glossary, zh, en)
    assert gaps == []
    # spaces on the Chinese side do not hide the term
    gaps, checked = glossary_gaps(glossary, {"q": "支持多Token预测"}, {"q": "supports next-token prediction"})
    assert gaps == [("多 Token 预测", "q")] and checked == 1


# ---------------------------------------------------------------- an untranslated question


@pytest.fixture(scope="module")
def fallback_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("fallback")
    shutil.copytree(FIXTURE, work / "src")
    out = work / "site"
    result = mkdocs_build_nonstrict(out, work / "src" / "book.md")
    return out, result


def mkdocs_build_nonstrict(out: Path, source: Path):
    import os
    import subprocess
    import sys
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(out)], cwd=ROOT,
                          capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "QA_SOURCE": str(source)})


def test_untranslated_question_gets_a_fallback_page_with_a_notice(fallback_site):
    site, result = fallback_site
    assert result.returncode == 0, result.stderr
    html = (site / "en" / "training" / "rejection-sampling" / "index.html").read_text(encoding="utf-8")
    assert "This answer has not been translated yet" in html
    assert '<a href="../../../training/rejection-sampling/" hreflang="zh">Read it on the Chinese site</a>' in html
    assert '<div lang="zh">' in html and "拒绝采样只保留正确的回答" in html
    # the link inside the Chinese text still lands on the right section of the English edition
    assert f'href="../../basics/attention/#{short_anchor("计算步骤")}"' in html
    assert (site / "training" / "rejection-sampling" / "index.html").is_file()


def test_untranslated_question_is_noted_by_name_once(fallback_site):
    _, result = fallback_site
    notes = re.findall(r"(INFO|WARNING) +-  .*question '1\.什么是拒绝采样？' \(.*book\.md:\d+\) has no en translation",
                       result.stderr)
    assert notes == ["INFO"]


def test_a_new_chinese_question_is_published_by_a_strict_build_before_it_is_translated(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "src")
    result = mkdocs_build(tmp_path / "site", {"QA_SOURCE": str(tmp_path / "src" / "book.md")})
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "site" / "en" / "training" / "rejection-sampling" / "index.html").is_file()


def test_require_translations_makes_an_untranslated_question_fail_a_strict_build(tmp_path):
    import os

    shutil.copytree(FIXTURE, tmp_path / "src")
    config = ROOT / f"mkdocs.require-translations-{os.getpid()}.yml"  # INHERIT resolves paths beside the config
    config.write_text("INHERIT: mkdocs.yml\nextra:\n  qa:\n    require_translations: true\n", encoding="utf-8")
    try:
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config),
                                 "-d", str(tmp_path / "site")], cwd=ROOT, capture_output=True, text=True,
                                env={**os.environ, "NO_MKDOCS_2_WARNING": "1",
                                     "QA_SOURCE": str(tmp_path / "src" / "book.md")})
    finally:
        config.unlink()
    assert result.returncode != 0
    assert re.search(r"WARNING +-  .*question '1\.什么是拒绝采样？' .* has no en translation", result.stderr)


def test_translation_status_page_lists_missing_and_outdated(fallback_site):
    site, _ = fallback_site
    text = Page((site / "en" / "translation-status" / "index.html").read_text(encoding="utf-8")).text
    assert "missing: 1" in text
    # no sync file in the fixture: the two translated answers cannot be shown to be up to date
    assert "outdated: 2" in text


def test_translated_figure_is_used_on_english_pages(fallback_site):
    site, _ = fallback_site
    svg = (site / "en" / "imgs" / "attention.svg").read_text(encoding="utf-8")
    assert "Attention" in svg and "注意力" not in svg
    assert "注意力" in (site / "imgs" / "attention.svg").read_text(encoding="utf-8")


def test_a_count_of_one_takes_the_singular_in_english_and_chinese_is_left_alone():
    from qa_site.texts import counted, texts_for

    en, zh = texts_for("en"), texts_for("zh")
    assert counted(en["card_questions"], count=1) == "1 question"
    assert counted(en["card_questions"], count=2) == "2 questions"
    assert counted(en["section_contents"], documents=1, questions=3) == "1 document and 3 questions in this section:"
    assert counted(en["home_intro"], topics=1, questions=1).startswith(
        "An interview Q&A book on large language models: 1 topic and 1 question,")
    assert counted(zh["card_questions"], count=1) == "1 个问题"
    assert counted(en["practice_card_count"], done=1, total=1) == "1 / 1 this session"  # a word, not a noun counted
    # the practice pages count in the browser by the same rule (practice-core.js format): the same nouns
    from qa_site.texts import _COUNTED_NOUN

    script = (Path(__file__).resolve().parents[1] / "overrides" / "assets" / "javascripts" / "practice-core.js")
    nouns = re.search(r"\((question\|[a-z|]+)\)s", _COUNTED_NOUN.pattern).group(1)
    assert f"\\}} ({nouns})s\\b/g" in script.read_text(encoding="utf-8")


def test_a_broken_link_in_an_untranslated_answer_is_reported_and_counted_once(tmp_path):
    # the English site shows the Chinese answer again (fallback page): its problems are still one each
    shutil.copytree(FIXTURE, tmp_path / "src")
    book = tmp_path / "src" / "book.md"
    text = book.read_text(encoding="utf-8")
    book.write_text(text.replace("拒绝采样只保留正确的回答，", "拒绝采样只保留正确的回答（见[不存在](#没有这个标题)），", 1),
                    encoding="utf-8")
    result = mkdocs_build_nonstrict(tmp_path / "site", book)
    assert result.returncode == 0, result.stderr[-3000:]
    warnings = [line for line in result.stderr.splitlines() if "没有这个标题" in line]
    assert len(warnings) == 1 and "WARNING" in warnings[0] and "book.md:" in warnings[0], warnings
    assert "1 links unresolved" in result.stderr, result.stderr[-1500:]
