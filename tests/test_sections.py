"""A repository of nested folders as one site: folders are sections in the author's order, with readable
URLs, section pages, breadcrumbs, light pages, languages per book and condensed messages."""

from __future__ import annotations

import re
import shutil

import pytest

from qa_site.book import Settings, build_site, discover, languages_to_build
from qa_site.messages import by_kind
from qa_site.model import Section
from sitecheck import Page, broken_references
from test_build import ROOT, build_copy, mkdocs_build

FIXTURE = ROOT / "tests" / "fixtures" / "nested"


def _tree(section: Section) -> list:
    return [(c.title, _tree(c)) if isinstance(c, Section) else c.path.rsplit("/", 1)[1] for c in section.children]


def _site(path, languages=("zh",)):
    return build_site(Settings(source=str(path), languages=list(languages), project_root=str(path.parent)))


def test_folders_are_sections_in_the_readme_link_order_then_natural_order():
    site = _site(FIXTURE)
    # the root README links 多模态 before 大模型基础; 02-Transformer is not linked: it comes after, and its
    # documents (no README) in natural order, 2- before 10-; 01_大模型基础/README.md links 经典模型/ first
    assert _tree(site.books["zh"].root) == [
        ("多模态", ["CLIP.md"]),
        ("大模型基础", [("经典模型", ["GQA.md", "MLA详解.md"]), "注意力机制.md"]),
        ("Transformer", ["2-编码.md", "10-解码.md"]),
    ]
    assert [p.path.rsplit("/", 1)[1] for p in site.books["zh"].parts] == [
        "CLIP.md", "GQA.md", "MLA详解.md", "注意力机制.md", "2-编码.md", "10-解码.md"]


def test_a_folder_of_one_document_is_that_document_and_a_folder_of_figures_is_no_section(tmp_path):
    book = tmp_path / "book"
    (book / "02-training" / "imgs").mkdir(parents=True)
    (book / "02-training" / "sft.md").write_text("## 微调\n\n### 1. 什么是SFT？\n\n答。\n", encoding="utf-8")
    (book / "imgs").mkdir()
    (book / "imgs" / "a.png").write_bytes(b"")
    (book / "01-attention.md").write_text("## 基础\n\n### 1. 什么是注意力？\n\n答。\n", encoding="utf-8")
    site = _site(book)
    assert _tree(site.books["zh"].root) == ["01-attention.md", "sft.md"]
    assert [p.url_prefix for p in site.books["zh"].parts] == ["attention/", "training/"]  # the folder names it


def test_folder_and_document_urls_are_readable_pinned_or_generated(tmp_path):
    book = tmp_path / "book"
    shutil.copytree(FIXTURE, book)
    (book / "sections.slugs.yml").write_text("sections:\n  01_大模型基础: llm-basics\n", encoding="utf-8")
    (book / "01_大模型基础" / "经典模型" / "MLA详解.slugs.yml").write_text("part: mla\n", encoding="utf-8")
    (book / "03_多模态" / "README.en.md").write_text("# Multimodal models\n", encoding="utf-8")
    site = _site(book)
    prefixes = {p.path.rsplit("/", 1)[1]: p.url_prefix for p in site.books["zh"].parts}
    assert prefixes["MLA详解.md"] == "llm-basics/jing-dian-mo-xing/mla/"  # pinned folder and document
    assert prefixes["CLIP.md"] == "multimodal-models/clip/"  # the README's English title names the folder
    assert prefixes["2-编码.md"] == "transformer/bian-ma/"  # Latin words, else pinyin, numbering left out
    folded = site.messages.details.get("prefix-generated", [])  # more than five: one line, items on the page
    generated = {d.path for d in site.diagnostics + folded if d.code == "prefix-generated"}
    assert "01_大模型基础/经典模型/" in generated and not any(p.endswith("MLA详解.md") for p in generated)


def test_maintainer_can_pin_folder_slugs_with_make_pin_slugs(tmp_path):
    import subprocess
    import sys
    import yaml
    book = tmp_path / "book"
    shutil.copytree(FIXTURE, book)
    run = subprocess.run([sys.executable, "hooks/maintain.py", "pin-slugs"], cwd=ROOT, capture_output=True,
                         text=True, env={**__import__("os").environ, "QA_SOURCE": str(book), "NO_MKDOCS_2_WARNING": "1"})
    assert run.returncode == 0, run.stderr[-2000:]
    pinned = yaml.safe_load((book / "sections.slugs.yml").read_text(encoding="utf-8"))["sections"]
    assert pinned == {"03_多模态": "duo-mo-tai", "01_大模型基础": "da-mo-xing-ji-chu",
                      "01_大模型基础/经典模型": "jing-dian-mo-xing", "02-Transformer": "transformer"}
    assert yaml.safe_load((book / "03_多模态" / "CLIP.slugs.yml").read_text(encoding="utf-8"))["part"] == "clip"
    site = _site(book)
    assert not [d for d in site.diagnostics if d.code in ("prefix-generated", "slug-generated")]
    assert not site.messages.details


@pytest.fixture(scope="module")
def nested_site(tmp_path_factory):
    out, result = build_copy(tmp_path_factory.mktemp("nested"), FIXTURE)
    assert result.returncode == 0, result.stderr[-3000:]
    return out, result.stderr


def test_a_book_without_translations_builds_its_source_language_only(nested_site):
    site, log = nested_site
    assert not (site / "en").exists()
    assert "no document has a en translation: the en site is not built" in log
    assert "no en translation of" not in log
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'hreflang="en"' not in home and "md-select" not in home  # no language switch


def test_section_page_shows_its_readme_and_its_documents_in_order(nested_site):
    site, _ = nested_site
    page = Page((site / "da-mo-xing-ji-chu" / "index.html").read_text(encoding="utf-8"))
    text = " ".join(page.article_text)
    assert page.h1.rstrip("¶") == "大模型基础"
    assert "大模型基础知识高频考点" in text  # the README's own title, one level down
    assert text.index("经典模型") < text.index("注意力机制")
    assert "本部分共 3 篇文档、5 个问题" in text
    assert broken_references(site) == []  # README links to a folder and a document land on their pages


def test_a_deep_question_has_breadcrumbs_and_only_its_own_section_in_the_navigation(nested_site):
    site, _ = nested_site
    html = (site / "da-mo-xing-ji-chu" / "jing-dian-mo-xing" / "mla" / "yuan-li" / "mla" / "index.html").read_text(
        encoding="utf-8")
    crumbs = re.search(r'<nav class="md-path".*?</nav>', html, re.S).group(0)
    assert [re.sub(r"<[^>]+>|\s+", "", t) for t in re.findall(r'<a href[^>]*class="md-path__link"[^>]*>(.*?)</a>',
                                                              crumbs, re.S)][:4] == \
        ["首页", "大模型基础", "经典模型", "MLA详解"]
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', html, re.S).group(0)
    assert "GQA 和 MQA" not in nav and "什么是 top-p 采样" not in nav  # other documents' questions: pruned
    assert "什么是 MLA" in nav


def test_the_home_page_lists_sections_with_counts_and_featured_questions(nested_site):
    site, _ = nested_site
    page = Page((site / "index.html").read_text(encoding="utf-8"))
    text = " ".join(page.article_text)
    for title, count in (("多模态", "1 篇文档 · 1 个问题"), ("大模型基础", "3 篇文档 · 5 个问题"),
                         ("Transformer", "2 篇文档 · 2 个问题")):
        assert title in text and count in text
    assert "什么是 MLA" not in text or text.count("？") <= 9  # a few featured questions, not all
    assert "这是一个按文件夹组织的面试笔记仓库" in text  # the root README


def test_a_book_with_one_translation_builds_that_language_and_switches_only_where_translated(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "book")
    (tmp_path / "book" / "02-Transformer" / "2-编码.en.md").write_text(
        "# Encoding\n\n## Position encoding {#位置编码}\n\n### 1. Why do we need position encoding? {#1-为什么需要位置编码}\n\n"
        "Attention alone ignores order.\n", encoding="utf-8")
    assert languages_to_build(str(tmp_path / "book"), ["zh", "en"], "zh") == ["zh", "en"]
    out = tmp_path / "site"
    result = mkdocs_build(out, {"QA_SOURCE": str(tmp_path / "book")})
    assert result.returncode == 0, result.stderr[-3000:]
    # the English titles name the generated URLs now
    translated = (out / "transformer" / "encoding" / "position-encoding" / "need-position-encoding" / "index.html")
    untranslated = (out / "transformer" / "jie-ma" / "cai-yang" / "top-p" / "index.html")
    assert 'hreflang="en"' in translated.read_text(encoding="utf-8")
    assert 'hreflang="en"' not in untranslated.read_text(encoding="utf-8")
    assert (out / "en" / "transformer" / "jie-ma" / "cai-yang" / "top-p" / "index.html").is_file()  # a fallback page
    # five documents without a translation: one line for the book, the list on the maintainers' page
    assert "no en translation of" not in result.stderr
    assert "5 documents have no translation yet" in result.stderr


def test_fallback_pages_are_built_when_the_maintainer_asks():
    assert languages_to_build(str(FIXTURE), ["zh", "en"], "zh") == ["zh"]
    assert languages_to_build(str(FIXTURE), ["zh", "en"], "zh", fallback_pages=True) == ["zh", "en"]


# ------------------------------------------------------------------------------------------- at scale

def _big_document(n_topics: int, per_topic: int, unwritten: int = 0) -> str:
    toc, body = ["## 目录", ""], []
    for t in range(1, n_topics + 1):
        toc.append(f"- [{t}.主题{t}](#{t}.主题{t})")
        body += [f"<h2 id='{t}.主题{t}'>{t}.主题{t}</h2>", ""]
        for q in range(1, per_topic + 1):
            title = f"{q}.第{t}章的第{q}个问题是什么？"
            toc.append(f"    - [{title}](#{t}-{q})")
            body += [f"<h3 id='{t}-{q}'>{title}</h3>", "", f"这是第 {t} 章第 {q} 个问题的回答，它足够长，能当作第一句。" * 3, ""]
        if t == n_topics:
            for u in range(1, unwritten + 1):
                toc.append(f"    - [{per_topic + u}.还没写的问题{u}？](#未写-{u})")
    return "\n".join(["# 大文档", ""] + toc + [""] + body) + "\n"


def test_lists_and_navigation_stay_light_in_a_huge_document(tmp_path):
    book = tmp_path / "book"
    book.mkdir()
    (book / "huge.md").write_text(_big_document(2, 300), encoding="utf-8")
    (book / "small.md").write_text(_big_document(1, 2), encoding="utf-8")
    out = tmp_path / "site"
    result = mkdocs_build(out, {"QA_SOURCE": str(book)})
    assert result.returncode == 0, result.stderr[-3000:]
    sizes = {str(p.relative_to(out)): p.stat().st_size for p in out.rglob("*.html")}
    assert max(sizes.values()) < 100_000, sorted(sizes.items(), key=lambda kv: -kv[1])[:3]
    topic_pages = sorted(k for k in sizes if re.match(r"huge/zhu-ti-1/(page-\d+/)?index.html$", k))
    assert len(topic_pages) >= 2  # 300 questions with their first sentences: more than one page
    first = (out / topic_pages[0]).read_text(encoding="utf-8")
    assert 'rel="next"' in first and "第 1 / " in first
    assert broken_references(out) == []
    question = out / "huge" / "zhu-ti-1" / "di-1-zhang-di-1-ge-wen-ti" / "index.html"
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', question.read_text(encoding="utf-8"),
                    re.S).group(0)
    assert nav.count("md-nav__link") < 120  # 300 questions: grouped by 30, only the page's group in full


def test_an_outline_is_one_note_and_its_unwritten_questions_are_on_the_status_page(tmp_path):
    book = tmp_path / "book"
    book.mkdir()
    (book / "outline.md").write_text(_big_document(2, 2, unwritten=40), encoding="utf-8")
    (book / "empty.md").write_text("", encoding="utf-8")
    site = _site(book)
    lines = [d for d in site.diagnostics if d.path.endswith("outline.md") and "TOC" in d.message]
    assert [(d.severity.value, d.message.split(" (")[0]) for d in lines] == [
        ("notice", "40 questions listed in the TOC are not written yet")]
    assert [(d.severity.value, d.message) for d in site.diagnostics if d.path.endswith("empty.md") and d.line] == [
        ("notice", "the document is empty: it has no text yet")]
    status = "\n".join(p.markdown for p in site.editions["zh"].pages if p.path.startswith("book-status/"))
    assert "还没写的问题1？" in status and "还没写的问题40？" in status
    kinds = by_kind(site.messages)
    assert any(re.search(r"note +40 × question listed in a TOC, not written yet in 1 document$", k) for k in kinds)
    assert any(re.search(r"note +1 × empty document in 1 document$", k) for k in kinds)


def test_discover_lists_documents_in_reading_order():
    names = [p.replace(str(FIXTURE) + "/", "") for p in discover(str(FIXTURE), ["zh"])]
    assert names[0] == "03_多模态/CLIP.md" and names[-1] == "02-Transformer/10-解码.md"


def test_a_rebuild_with_a_parse_cache_gives_the_same_site_and_parses_only_what_changed(tmp_path, monkeypatch):
    import qa_site.book as book
    shutil.copytree(FIXTURE, tmp_path / "book")
    cache: dict = {}
    settings = Settings(source=str(tmp_path / "book"), languages=["zh"], project_root=str(tmp_path), parse_cache=cache)
    first = build_site(settings)
    calls = []
    real = book.parse_document
    monkeypatch.setattr(book, "parse_document", lambda *a, **k: calls.append(a[1]) or real(*a, **k))
    doc = tmp_path / "book" / "02-Transformer" / "10-解码.md"
    doc.write_text(doc.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    second = build_site(settings)
    assert [c.rsplit("/", 1)[1] for c in calls] == ["10-解码.md"]
    fresh = build_site(Settings(source=str(tmp_path / "book"), languages=["zh"], project_root=str(tmp_path)))
    assert [(p.path, p.markdown) for p in second.editions["zh"].pages] == \
        [(p.path, p.markdown) for p in fresh.editions["zh"].pages]
    assert [str(d) for d in second.diagnostics] == [str(d) for d in fresh.diagnostics]
    assert len(cache) == len(first.books["zh"].parts)


def test_a_generated_folder_or_document_slug_yields_to_one_pinned_later_in_its_folder(tmp_path):
    book = tmp_path / "book" / "01-basics"
    book.mkdir(parents=True)
    for name in ("01-attention.md", "02-other.md", "03-more.md"):
        (book / name).write_text("## 主题\n\n### 1. 什么是注意力？\n\n答。\n", encoding="utf-8")
    (book / "02-other.slugs.yml").write_text("part: attention\n", encoding="utf-8")  # pinned, later in the folder
    site = _site(tmp_path / "book")
    prefixes = {p.path.rsplit("/", 1)[1]: p.url_prefix for p in site.books["zh"].parts}
    assert prefixes == {"01-attention.md": "basics/attention-2/", "02-other.md": "basics/attention/",
                        "03-more.md": "basics/more/"}
    assert not [d for d in site.diagnostics if d.severity.value == "error"]


@pytest.mark.parametrize("content, line", [("sections:\n  01_大模型基础: [\n", 3), ("- a\n- b\n", 1),
                                           (b"sections:\n  a: \xff\n", 2)])
def test_a_folder_slug_map_that_cannot_be_read_is_an_error_with_its_line_not_a_crash(tmp_path, content, line):
    from qa_site.model import Severity

    book = tmp_path / "book"
    shutil.copytree(FIXTURE, book)
    path = book / "sections.slugs.yml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    site = _site(book)
    errors = [d for d in site.diagnostics if d.severity is Severity.ERROR]
    assert len(errors) == 1 and errors[0].path.endswith("sections.slugs.yml"), errors
    assert errors[0].line == line, errors[0]
