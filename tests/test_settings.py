"""Settings in mkdocs.yml reach the core: the author's override of topic and question levels."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from sitecheck import Page, html_pages
from test_build import ROOT

pytestmark = pytest.mark.build

# no heading carries a sign of a question (numbering, "？", bold): the automatic rule reads "##" as topics
DOC = """# 训练技巧

## 学习率预热

### 要点

先用小学习率，再逐步升高。

## 梯度裁剪

### 要点

把梯度范数限制在阈值以内。
"""


def build_with(tmp_path, extra_yaml: str):
    source = tmp_path / "doc.md"
    source.write_text(DOC, encoding="utf-8")
    config = ROOT / f"mkdocs.settings-test-{os.getpid()}.yml"  # INHERIT resolves paths beside the config
    config.write_text(f"INHERIT: mkdocs.yml\nextra:\n  qa:\n    source: {source}\n{extra_yaml}", encoding="utf-8")
    try:
        site = tmp_path / "site"
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)],
                                cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    finally:
        config.unlink()
    assert result.returncode == 0, result.stderr[-2000:]
    return site


def h1s(site) -> set[str]:
    return {Page(f.read_text(encoding="utf-8")).h1.rstrip("¶") for u, f in html_pages(site).items()
            if not u.startswith(("en/", "assets/", "search/"))}


def test_without_settings_the_automatic_rule_reads_the_sub_points_as_questions(tmp_path):
    site = build_with(tmp_path, "")
    assert "要点" in h1s(site)  # the ### sub-points became question pages: the rule guessed wrong


def test_question_level_in_mkdocs_yml_overrides_the_automatic_rule(tmp_path):
    site = build_with(tmp_path, "    question_level: 2\n")
    titles = h1s(site)
    assert {"学习率预热", "梯度裁剪", "训练技巧"} <= titles
    assert "要点" not in titles


def test_the_maintainer_commands_read_the_document_with_the_same_levels(tmp_path):
    source = tmp_path / "doc.md"
    source.write_text(DOC, encoding="utf-8")
    config = ROOT / f"mkdocs.settings-test-{os.getpid()}.yml"
    config.write_text(f"INHERIT: mkdocs.yml\nextra:\n  qa:\n    source: {source}\n    question_level: 2\n",
                      encoding="utf-8")
    try:
        result = subprocess.run([sys.executable, "hooks/maintain.py", "pin-slugs", str(config)], cwd=ROOT,
                                capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    finally:
        config.unlink()
    assert result.returncode == 0, result.stderr[-2000:]
    pinned = (tmp_path / "doc.slugs.yml").read_text(encoding="utf-8")
    # plain headings: GitHub slugs as keys; titles without Latin words: their pinyin as URLs
    assert "学习率预热: xun-lian-ji-qiao/xue-xi-lv-yu-re" in pinned and "要点" not in pinned
