"""The whole site, built by MkDocs from the seed exactly as `make build` does."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitecheck import Page, broken_references, html_pages

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "docs" / "models-and-architectures.md"
pytestmark = pytest.mark.build


def mkdocs_build(site_dir: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)],
                          cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})


def build_copy(work: Path, fixture: Path) -> tuple[Path, subprocess.CompletedProcess]:
    """A book folder copied into ``work`` (so what a build writes beside its source lands there) and built
    with ``--strict`` into ``work/site``."""
    shutil.copytree(fixture, work / "book")
    out = work / "site"
    return out, mkdocs_build(out, {"QA_SOURCE": str(work / "book")})


def docs_snapshot() -> dict[str, int]:
    return {str(p.relative_to(ROOT)): p.stat().st_mtime_ns for p in (ROOT / "docs").rglob("*")}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = tmp_path_factory.mktemp("seed") / "site"
    before = docs_snapshot()
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr[-3000:]
    assert docs_snapshot() == before, "the build must not write into docs/"
    return site, result.stderr


def seed_titles(tag: str) -> list[str]:
    return re.findall(rf"<{tag} id='[^']*'>(.*?)</{tag}>", SEED.read_text(encoding="utf-8"))


def test_strict_build_has_no_warnings(built):
    _, log = built
    assert "WARNING" not in log and "ERROR" not in log, log


def test_every_question_and_topic_has_its_page_with_the_seed_title(built):
    site, _ = built
    pages = html_pages(site)
    questions = {u for u in pages if u.count("/") == 2 and not u.startswith(("assets/", "search/", "en/"))}
    topics = {u for u in pages if u.count("/") == 1
              and not u.startswith(("assets/", "search/", "en/", "translation-status/", "practice/"))}
    assert len(questions) == 21
    assert len(topics) == 4
    h1 = {Page(pages[u].read_text(encoding="utf-8")).h1.rstrip("¶") for u in questions}
    assert h1 == set(seed_titles("h3"))
    assert {Page(pages[u].read_text(encoding="utf-8")).h1.rstrip("¶") for u in topics} == set(seed_titles("h2"))


def test_urls_are_the_pinned_slugs(built):
    site, _ = built
    for url in ("architecture/decoder-only/", "deepseek/mla/", "deepseek/grpo/", "multimodal/vision-text-connectors/"):
        assert (site / url / "index.html").is_file(), url


def test_no_raw_tex_or_stray_dollar_is_visible(built):
    site, _ = built
    for url, file in html_pages(site).items():
        text = Page(file.read_text(encoding="utf-8")).text
        assert "$" not in text, url
        assert not re.search(r"\\(frac|mathbf|mathbb|sum|sqrt|left|right|begin)\b", text), url


def test_formulas_render_with_mathml_for_screen_readers(built):
    site, _ = built
    html = (site / "deepseek" / "mla" / "index.html").read_text(encoding="utf-8")
    assert html.count('class="katex"') >= 30
    assert html.count("<math") == html.count('class="katex"')
    grpo = (site / "deepseek" / "grpo" / "index.html").read_text(encoding="utf-8")
    assert grpo.count('class="qa-math-display"') == 3  # objective, KL term, group-normalised advantage
    # KaTeX's stylesheet (a variant with the small faces the page draws with) and fonts, from the site itself
    sheet = re.search(r'<link rel="stylesheet" href="\.\./\.\./(assets/katex/katex[\w-]*\.css)">', grpo)
    assert sheet and (site / sheet.group(1)).is_file()
    assert list((site / "assets" / "katex" / "fonts").glob("*.woff2"))
    # pages without math do not load KaTeX
    assert "assets/katex/" not in (site / "architecture" / "decoder-only" / "index.html").read_text(encoding="utf-8")


def test_every_link_anchor_and_image_resolves(built):
    site, _ = built
    assert broken_references(site) == []


def test_the_seed_figures_are_on_the_connectors_page(built):
    site, _ = built
    page = Page((site / "multimodal" / "vision-text-connectors" / "index.html").read_text(encoding="utf-8"))
    figures = [src for src in page.images if "/imgs/" in src]
    assert len(figures) == 6
    assert 'class="glightbox"' in (site / "multimodal" / "vision-text-connectors" / "index.html").read_text()


def test_text_that_looks_like_html_is_visible(built):
    site, _ = built
    text = Page((site / "deepseek" / "cold-start-data" / "index.html").read_text(encoding="utf-8")).text
    assert "|special_token|<reasoning_process>|special_token|<summary>" in text
    text = Page((site / "deepseek" / "v3-r1-zero-r1" / "index.html").read_text(encoding="utf-8")).text
    assert "<think> 标签内" in text


def test_lists_keep_their_numbers(built):
    site, _ = built
    html = (site / "deepseek" / "gpu-optimization" / "index.html").read_text(encoding="utf-8")
    assert '<ol start="2"' in html


def test_old_single_document_anchors_map_to_question_pages(built):
    site, _ = built
    anchors = json.loads((site / "anchors.json").read_text(encoding="utf-8"))
    assert anchors["1.为什么现在的大模型大多是decoder-only的架构？"] == "architecture/decoder-only/"
    # the TOC's mistyped anchors, as readers may have copied them, land on the intended questions
    assert anchors["3.非Transformer架构的算法模型如LFM(Liquid-Foundation-Models)有哪些优势？"] == \
        "architecture/non-transformer-lfm/"
    assert anchors["4.DeepSeek-R1模型在哪些方面对DeepSeek-R1-Zero进行了改进？其多阶段训练管道的具体步骤是什么？"] == \
        "deepseek/r1-vs-r1-zero/"


def test_question_pages_keep_the_source_heading_id_as_anchor(built):
    site, _ = built
    page = Page((site / "architecture" / "decoder-only" / "index.html").read_text(encoding="utf-8"))
    assert "1.为什么现在的大模型大多是decoder-only的架构？" in page.ids


def test_generated_pages_are_not_committed():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.splitlines()
    assert not [f for f in tracked if f.startswith((".cache/", "site/"))]
    # the only Markdown in docs/ is the source and its translation: no generated page was ever committed
    assert sorted(f for f in tracked if f.startswith("docs/") and f.endswith(".md")) == [
        "docs/models-and-architectures.en.md", "docs/models-and-architectures.md"]


def test_page_html_stays_small_with_a_pruned_nav(built):
    site, _ = built
    # what a reader downloads (hosts serve HTML gzipped): KaTeX markup is bulky raw but compresses ~12x, so
    # the MLA page with its errata is ~220 KB raw and ~19 KB gzipped
    sizes = [len(gzip.compress(f.read_bytes())) for u, f in html_pages(site).items() if u.count("/") == 2]
    html = (site / "deepseek" / "mla" / "index.html").read_text(encoding="utf-8")
    # only the current topic's questions are in the nav of a question page
    assert html.count('class="md-nav__link"') < 40
    assert max(sizes) < 25_000


def test_question_pages_preview_well_when_shared(built):
    site, _ = built
    html = (site / "deepseek" / "mla" / "index.html").read_text(encoding="utf-8")
    description = ("Multi-Head Latent Attention (MLA) 是 DeepSeek-R1 模型中用于高效推理的核心注意力机制。MLA 通过"
                   "低秩联合压缩技术，减少了推理时的键值（KV）缓存，从而在保持性能的同时显著降低了内存占用。")
    assert f'<meta name="description" content="{description}">' in html
    assert f'<meta property="og:description" content="{description}">' in html
    assert '<meta property="og:title" content="请介绍下在DeepSeek-R1中所用到的MLA算法？">' in html  # no number
    assert '<meta property="og:url" content="http://127.0.0.1:8000/deepseek/mla/">' in html


def test_every_page_is_one_html_document(built):
    """No page holds a second <html>/<body> (a plugin once handed the article back as a whole document)."""
    site, _ = built
    for url, path in html_pages(site).items():
        html = path.read_text(encoding="utf-8")
        assert html.count("<html") == 1 and html.count("<body") == 1, url
