"""A folder of documents is a book: each document a part, in natural file-name order."""

from __future__ import annotations

import re
import shutil

import pytest

from qa_site.book import Settings, build_site, discover
from sitecheck import Page, broken_references
from test_build import ROOT, build_copy, mkdocs_build

FIXTURE = ROOT / "tests" / "fixtures" / "book"


def test_a_folder_is_read_as_parts_in_natural_order_without_translations_or_readme(tmp_path):
    book = tmp_path / "book"
    shutil.copytree(FIXTURE, book)
    (book / "10-later.md").write_text("<h2 id='t'>T</h2>\n<h3 id='q'>Q</h3>\n\nA\n", encoding="utf-8")
    names = [p.replace(str(book) + "/", "") for p in discover(str(book), ["zh", "en"])]
    assert names == ["01-basics.md", "02-training/sft.md", "10-later.md"]


def test_each_part_gets_its_url_prefix_pinned_or_generated(tmp_path):
    book = tmp_path / "book"
    shutil.copytree(FIXTURE, book)
    site = build_site(Settings(source=str(book), languages=["zh"], project_root=str(tmp_path)))
    slugs = [q.slug for q in site.books["zh"].questions()]
    assert slugs[1] == "training/fine-tuning/sft"  # pinned in 02-training/sft.slugs.yml
    assert slugs[0].startswith("basics/")  # generated from the file name "01-basics"
    notices = [d for d in site.diagnostics if d.code == "prefix-generated"]
    assert [d.path for d in notices] == ["book/01-basics.md"]


def test_a_generated_part_prefix_yields_to_one_pinned_by_a_later_part(tmp_path):
    book = tmp_path / "book"
    shutil.copytree(FIXTURE, book)
    (book / "02-training" / "sft.slugs.yml").write_text("part: basics\n", encoding="utf-8")  # 01-basics' own
    site = build_site(Settings(source=str(book), languages=["zh"], project_root=str(tmp_path)))
    assert [p.url_prefix for p in site.books["zh"].parts] == ["basics-2/", "basics/"]
    assert not [d for d in site.diagnostics if d.severity.value == "error"]


@pytest.fixture(scope="module")
def book_site(tmp_path_factory):
    return build_copy(tmp_path_factory.mktemp("book"), FIXTURE)


def test_a_book_builds_with_links_between_documents(book_site):
    site, result = book_site
    # the second document has no English translation: a note, so the strict build publishes it
    assert re.search(r"INFO    -  \S*book/02-training/sft\.en\.md: no en translation of \S*book/02-training/sft\.md",
                     result.stderr)
    assert result.returncode == 0, result.stderr[-3000:]
    assert broken_references(site) == []


def test_a_book_builds_without_strict_and_every_reference_resolves(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "book")
    (tmp_path / "book" / "02-training" / "sft.en.md").write_text(
        "# Training\n\n<h2 id='1.微调'>1.Fine-tuning</h2>\n\n<h3 id='1.什么是监督微调？'>1.What is supervised "
        "fine-tuning?</h3>\n\nSupervised fine-tuning continues training on labelled data, see "
        "[self-attention](../01-basics.md#1.什么是自注意力？).\n\n![Fine-tuning](imgs/sft.svg)\n", encoding="utf-8")
    out = tmp_path / "site"
    result = mkdocs_build(out, {"QA_SOURCE": str(tmp_path / "book")})
    assert result.returncode == 0, result.stderr[-3000:]
    assert broken_references(out) == []
    question_pages = [p for p in (out / "basics").rglob("index.html") if len(p.relative_to(out).parts) == 4]
    assert len(question_pages) == 1
    html = question_pages[0].read_text(encoding="utf-8")
    assert 'href="../../../training/fine-tuning/sft/"' in html
    sft = (out / "training" / "fine-tuning" / "sft" / "index.html").read_text(encoding="utf-8")
    assert "imgs/sft.svg" in sft
    home = Page((out / "index.html").read_text(encoding="utf-8")).text
    assert "基础篇" in home and "训练篇" in home
    assert (out / "training" / "index.html").is_file() and (out / "en" / "training" / "index.html").is_file()


def test_generated_part_slugs_never_collide(tmp_path):
    for name in ("01-part.md", "02-part.md"):
        (tmp_path / name).write_text("<h2 id='t'>T</h2>\n\n<h3 id='q'>Q</h3>\n\nA\n", encoding="utf-8")
    site = build_site(Settings(source=str(tmp_path), languages=["zh"], project_root=str(tmp_path)))
    assert [p.url_prefix for p in site.books["zh"].parts] == ["part/", "part-2/"]
    assert not [d for d in site.diagnostics if d.severity.value == "error"]


def test_a_link_to_a_file_name_two_parts_share_goes_to_the_part_beside_the_link(tmp_path):
    for folder, qid in (("01-a", "qa"), ("02-b", "qd")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "intro.md").write_text(
            f"<h2 id='t{qid}'>T</h2>\n\n<h3 id='{qid}'>1.问题{qid}</h3>\n\n见[本篇](intro.md#{qid})。\n", encoding="utf-8")
    site = build_site(Settings(source=str(tmp_path), languages=["zh"], project_root=str(tmp_path)))
    assert not [d for d in site.diagnostics if "matches no heading" in d.message]
    second = next(p for p in site.editions["zh"].pages if p.key == "qd")
    assert f"(<{second.path.rsplit('/', 1)[1]}>)" in second.markdown


def test_the_home_page_has_one_h1_and_keeps_the_document_title(tmp_path):
    (tmp_path / "doc.md").write_text("# 书名\n\n前言。\n\n## 主题\n\n### 1. 问题\n\n答。\n", encoding="utf-8")
    site = build_site(Settings(source=str(tmp_path / "doc.md"), languages=["zh", "en"], project_root=str(tmp_path),
                               site_titles={"zh": "站点", "en": "Site"}))
    for language in ("zh", "en"):
        home = site.editions[language].pages[0].markdown.split("\n---\n", 1)[1]
        assert [line for line in home.splitlines() if line.startswith("# ")] == [f"# {'站点' if language == 'zh' else 'Site'}"]
        assert "## 书名" in home and "前言。" in home  # with no translation the opening text falls back too


def test_the_build_summary_counts_each_kind_of_problem_once(tmp_path):
    (tmp_path / "doc.md").write_text(
        "# 目录\n\n- [1.主题](#1.主题)\n    - [1.问题](#9.问题)\n\n"  # a TOC link repaired by renumbering
        "<h2 id='1.主题'>1.主题</h2>\n\n<h3 id='1.问题'>1.问题</h3>\n\n"
        "见[别处](#没有这个)，[同题](#2.问题)。\n\n"  # one unresolved, one repaired
        "![缺](imgs/none.png) ![外](../outside.png) ![远](https://example.org/a.png)\n", encoding="utf-8")
    site = build_site(Settings(source=str(tmp_path / "doc.md"), languages=["zh"], project_root=str(tmp_path)))
    summary = site.summary()
    assert (summary["links repaired"], summary["links unresolved"]) == (2, 1)
    assert (summary["images missing"], summary["images refused"]) == (1, 1)  # the remote one is a link (a note)
    assert (summary["topics"], summary["questions"]) == (1, 1)
