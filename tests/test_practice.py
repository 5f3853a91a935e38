"""Practice mode, as the build makes it: the practice page and the index its scripts read, from the model.

The scheduler and the progress format are unit-tested in Node (tests/js/practice_core.test.cjs, run by
test_practice_js.py); the sessions themselves in Chromium (tests/browser/test_practice_journeys.py).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from helpers import FIXTURES, SEED, SEED_SLUGS
from qa_site.book import Settings, build_site
from qa_site.practice import client_config, client_json
from sitecheck import Page, html_pages
from test_build import built  # noqa: F401  (the seed's site, built once for this module)

TITLES = {"zh": "大模型面试问答", "en": "LLM Interview Q&A"}


def seed_build(languages=("zh", "en")):
    return build_site(Settings(source=str(SEED), languages=list(languages), site_titles=TITLES))


def write_doc(folder: Path, questions: list[tuple[str, str]], topic="<h2 id='t'>专题</h2>") -> Path:
    body = "\n\n".join(f"<h3 id='{qid}'>{title}</h3>\n\n{title} 的答案。" for qid, title in questions)
    doc = folder / "doc.md"
    doc.write_text(f"# 书\n\n{topic}\n\n{body}\n", encoding="utf-8")
    return doc


def index_of(site, language="zh") -> dict:
    practice = site.practice[language]
    (name, data), = practice.files.items()
    assert name == "practice/questions.json"
    return json.loads(data)


# --- the index -------------------------------------------------------------------------------------------


def test_the_index_lists_every_topic_in_book_order_with_its_questions_by_pinned_source_id():
    site = seed_build()
    index = index_of(site)
    slugs = yaml.safe_load(SEED_SLUGS.read_text(encoding="utf-8"))
    assert index["version"] == 1
    assert [t["slug"] for t in index["topics"]] == ["multimodal", "text-llm", "architecture", "deepseek"]
    assert [t["id"] for t in index["topics"]] == list(slugs["topics"])
    questions = [q for t in index["topics"] for q in t["questions"]]
    assert [q["id"] for q in questions] == list(slugs["questions"])  # the slug map's keys, in book order
    assert [q["url"] for q in questions] == [f"{slug}/" for slug in slugs["questions"].values()]
    mla = next(q for q in questions if q["url"] == "deepseek/mla/")
    assert mla == {"id": "5.请介绍下在DeepSeek-R1中所用到的MLA算法？", "url": "deepseek/mla/"}


def test_both_languages_share_the_ids_so_progress_is_the_same_in_either():
    site = seed_build()
    zh, en = index_of(site, "zh"), index_of(site, "en")
    ids = lambda index: [q["id"] for t in index["topics"] for q in t["questions"]]  # noqa: E731
    assert ids(zh) == ids(en)
    assert [t["url"] for t in zh["topics"]] == [t["url"] for t in en["topics"]]
    assert [t["title"] for t in en["topics"]] != [t["title"] for t in zh["topics"]]  # titles are the language's


def test_progress_ids_survive_re_titling_and_re_ordering(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write_doc(tmp_path / "a", [("q-attention", "1.什么是注意力？"), ("q-norm", "2.什么是层归一化？")])
    second = write_doc(tmp_path / "b", [("q-norm", "1.为什么要归一化？"), ("q-attention", "2.注意力是什么？")])
    before = build_site(Settings(source=str(first), languages=["zh"]))
    after = build_site(Settings(source=str(second), languages=["zh"]))
    ids = lambda site: {q["id"] for t in index_of(site)["topics"] for q in t["questions"]}  # noqa: E731
    assert ids(before) == ids(after) == {"q-attention", "q-norm"}
    assert [q["id"] for q in index_of(after)["topics"][0]["questions"]] == ["q-norm", "q-attention"]


def test_in_a_book_of_documents_ids_carry_the_part_slug_and_never_collide(tmp_path):
    shutil.copytree(FIXTURES / "book", tmp_path / "book")
    shutil.copytree(FIXTURES / "book" / "02-training", tmp_path / "book" / "03-again")  # same source ids
    (tmp_path / "book" / "03-again" / "sft.slugs.yml").write_text("part: again\n", encoding="utf-8")
    site = build_site(Settings(source=str(tmp_path / "book"), languages=["zh"], project_root=str(tmp_path)))
    index = index_of(site)
    ids = [q["id"] for t in index["topics"] for q in t["questions"]]
    assert len(ids) == len(set(ids)) == 3
    assert "training/fine-tuning/1.什么是监督微调？" not in ids  # the part slug, not the question's URL
    assert "training/1.什么是监督微调？" in ids and "again/1.什么是监督微调？" in ids
    assert [t["part"] for t in index["topics"]] == ["基础篇", "训练篇", "训练篇"]  # the chooser groups by document


# --- the page --------------------------------------------------------------------------------------------


def test_the_practice_page_is_a_shell_without_a_copy_of_any_answer():
    site = seed_build()
    page = next(p for p in site.editions["zh"].pages if p.kind == "practice")
    assert page.path == "practice.md"
    assert 'hide: ["navigation", "toc"]' in page.markdown
    assert "# 练习" in page.markdown and "qa-practice__rule" in page.markdown
    for question in site.books["zh"].questions():
        opening = next(line.text for line in question.body if len(line.text.strip()) > 20)
        assert opening.strip() not in page.markdown
    # readers without JavaScript get the topics to read instead, linked
    for topic in site.books["zh"].topics():
        assert f"(<{topic.slug}/index.md>)" in page.markdown
    en = next(p for p in site.editions["en"].pages if p.kind == "practice")
    assert "# Practice" in en.markdown and "Practice needs JavaScript" in en.markdown


def test_a_topic_at_practice_moves_the_practice_page_aside_and_says_so(tmp_path):
    doc = write_doc(tmp_path, [("q1", "1.问题？")], topic="<h2 id='练习'>练习</h2>")
    (tmp_path / "doc.slugs.yml").write_text("topics:\n  练习: practice\nquestions:\n  q1: practice/q1\n",
                                            encoding="utf-8")
    site = build_site(Settings(source=str(doc), languages=["zh"]))
    paths = [p.path for p in site.editions["zh"].pages]
    assert "practice/index.md" in paths and "practice-mode.md" in paths
    assert site.practice["zh"].url == "practice-mode/"
    assert any("the practice page is at /practice-mode/" in d.message for d in site.diagnostics)


def test_a_book_without_questions_has_no_practice_page(tmp_path):
    doc = tmp_path / "doc.md"
    doc.write_text("一段没有标题的文字。\n", encoding="utf-8")
    site = build_site(Settings(source=str(doc), languages=["zh"]))
    assert site.practice == {}
    assert [p.kind for p in site.editions["zh"].pages] == ["home"]


# --- what each page tells the scripts --------------------------------------------------------------------


def test_scripts_settings_only_on_pages_that_show_progress_with_the_words_they_need():
    assert client_config("status", "translation-status.md", "", "zh", "zh", "practice/") is None
    assert client_config("status-page", "book-status/page-2.md", "", "zh", "zh", "practice/") is None
    # a folder's page and a list's later pages: the header's link only (every reader page has it)
    for kind in ("section", "section-page", "topic-page"):
        other = client_config(kind, "training/index.md", "", "en", "zh", "practice/")
        assert other == {"kind": "page", "language": "en", "root": "en/", "page": "practice/",
                         "strings": {"practice_title": "Practice"}}, kind
    question = client_config("question", "deepseek/mla.md", "5.MLA", "en", "zh", "practice/")
    assert question["id"] == "5.MLA" and question["root"] == "en/" and question["page"] == "practice/"
    assert set(question["strings"]) == {"practice_title", "mark_known", "mark_again", "mark_due", "mark_next"}
    assert "topic" not in question
    home = client_config("home", "index.md", "", "zh", "zh", "practice/")
    assert "id" not in home and "practice_topic_link" not in home["strings"] and "progress_known" in home["strings"]
    topic = client_config("topic", "deepseek/index.md", "4.DeepSeek", "zh", "zh", "practice/")
    assert topic["topic"] == "deepseek" and topic["root"] == ""
    practice = client_config("practice", "practice.md", "", "zh", "zh", "practice/")
    assert practice["strings"]["practice_show"] == "显示答案" and len(practice["strings"]) > 40
    # in the page as UTF-8, never closed early by a title such as "</script>"
    text = client_json({"kind": "question", "id": "</script><b>&", "strings": {"mark_known": "会了"}})
    assert "</" not in text and "会了" in text and json.loads(text)["id"] == "</script><b>&"


# --- the built site --------------------------------------------------------------------------------------


def preloads(html: str) -> set[str]:
    return {m.split("/")[-1] for m in re.findall(r'<link rel="preload" as="script" href="([^"]+)"', html)}


def config_of(html: str) -> dict:
    m = re.search(r'<script id="qa-practice-config" type="application/json"[^>]*>(.*?)</script>', html, re.S)
    return json.loads(m.group(1)) if m else {}


def test_built_site_has_both_practice_pages_with_their_index_and_nothing_of_the_answers(built):  # noqa: F811
    site, _ = built
    for root, title in (("", "练习"), ("en/", "Practice")):
        html = (site / root / "practice" / "index.html").read_text(encoding="utf-8")
        assert Page(html).h1.rstrip("¶") == title
        assert preloads(html) == {"progress-ui.js", "practice-ui.js"}
        assert "practice-ui.css" in html and "progress-ui.css" in html
        assert config_of(html)["kind"] == "practice"
        article = html.split("<article", 1)[1].split("</article>")[0]
        assert "katex" not in article and "<img" not in article
        index = json.loads((site / root / "practice" / "questions.json").read_text(encoding="utf-8"))
        for topic in index["topics"]:
            for q in topic["questions"]:
                assert (site / root / q["url"] / "index.html").is_file(), q
        assert (site / root / "practice" / "questions.json").stat().st_size < 4000  # 21 questions
    # the scripts are minified bundles of their sources (bundles.py); the logic is the one tested in Node
    core = (site / "assets" / "javascripts" / "progress-ui.js").read_text(encoding="utf-8")
    assert "qaPracticeCore" in core and "qa-practice-progress" in core and "qaProgressMarks" in core
    assert "qa-practice-config" in (site / "assets" / "javascripts" / "site.js").read_text(encoding="utf-8")


def test_built_pages_carry_the_practice_settings_only_where_they_are_used(built):  # noqa: F811
    site, _ = built
    pages = html_pages(site)
    slugs = yaml.safe_load(SEED_SLUGS.read_text(encoding="utf-8"))
    by_url = {f"{slug}/": key for key, slug in slugs["questions"].items()}
    topics = {f"{slug}/": key for key, slug in slugs["topics"].items()}
    for url, file in pages.items():
        html = file.read_text(encoding="utf-8")
        if url.endswith("practice/"):
            continue
        assert not preloads(html) and "practice-ui.css" not in html and "progress-ui" not in html, url
        config = config_of(html)
        if url.startswith(("translation-status/", "en/translation-status/")):
            assert not config, url
            continue
        plain = url[3:] if url.startswith("en/") else url
        assert config["page"] == "practice/" and config["root"] == ("en/" if url.startswith("en/") else ""), url
        if plain in by_url:
            assert config["kind"] == "question" and config["id"] == by_url[plain], url
        elif plain in topics:
            assert config["kind"] == "topic" and config["id"] == topics[plain] and config["topic"] == plain[:-1]
    assert not config_of((site / "404.html").read_text(encoding="utf-8"))


def test_the_practice_page_is_not_in_the_navigation_nor_in_the_search_index(built):  # noqa: F811
    site, log = built
    home = (site / "index.html").read_text(encoding="utf-8")
    nav = home.split('class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    assert "practice/" not in nav
    assert "qa: search index (zh): 21 pages" in log and "qa: search index (en): 21 pages" in log
    urls = (SEED.parent / "models-and-architectures.urls.txt").read_text(encoding="utf-8").split()
    assert "/practice/" in urls and "/en/practice/" in urls  # recorded: the page's URL never breaks
