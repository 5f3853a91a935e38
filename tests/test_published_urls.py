"""URLs that never break: the committed record of published URLs, the build that refuses to drop one, and
the redirect (anchor kept) once the maintainer says where the page went."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qa_site.model import Severity
from qa_site.published_urls import check, parse_record, record_path, redirect_pages, with_new_urls
from test_build import ROOT, mkdocs_build

FIXTURE = ROOT / "tests" / "fixtures" / "moved"
SEED_RECORD = ROOT / "docs" / "models-and-architectures.urls.txt"


# --- the record ----------------------------------------------------------------------------------------


def test_record_reads_urls_and_moves_and_ignores_comments():
    record = parse_record("# header\n/\n/a/b/\n\n/a/old/ -> /a/b/\nen/x\n", "r.txt")
    assert record.urls == ["/", "/a/b/", "/a/old/"]
    assert record.moves == {"/a/old/": "/a/b/"}
    assert [d.line for d in record.problems] == [6]  # not a path: named with its line


def test_a_recorded_url_that_disappears_is_an_error_naming_the_fix():
    record = parse_record("/\n/a/b/\n", "r.txt")
    diags = check(record, ["/", "/a/c/"], "r.txt", publishing=False)
    gone = [d for d in diags if d.severity is Severity.ERROR]
    assert len(gone) == 1 and gone[0].line == 2 and "/a/b/" in gone[0].message
    assert "/a/b/ -> /new/" in gone[0].hint
    new = [d for d in diags if d.severity is Severity.NOTICE]
    assert len(new) == 1 and "/a/c/" in new[0].message and "make record-urls" in new[0].hint


def test_publishing_refuses_urls_the_record_does_not_protect_yet():
    record = parse_record("/\n", "r.txt")
    diags = check(record, ["/", "/a/"], "r.txt", publishing=True)
    assert [d.severity for d in diags] == [Severity.ERROR]
    assert [d.severity for d in check(None, ["/"], "r.txt", publishing=True)] == [Severity.ERROR]
    assert [d.severity for d in check(None, ["/"], "r.txt", publishing=False)] == [Severity.NOTICE]


def test_a_move_must_point_at_a_page_and_must_not_shadow_one():
    record = parse_record("/a/ -> /gone/\n/b/ -> /a2/\n/a2/\n", "r.txt")
    diags = check(record, ["/a2/", "/b/"], "r.txt", publishing=False)
    assert sorted(d.line for d in diags if d.severity is Severity.ERROR) == [1, 2]


def test_a_move_leaves_a_page_that_sends_the_reader_on_with_the_anchor():
    record = parse_record("/a/old/ -> /b/new/\n/en/a/old/ -> /en/b/new/\n/x/ -> /gone/\n", "r.txt")
    pages = {"/b/new/": ("zh", "b/new.md"), "/en/b/new/": ("en", "b/new.md")}
    out = redirect_pages(record, pages, "https://example.org/qa/")
    assert sorted(out) == ["a/old/index.html", "en/a/old/index.html"]
    zh, en = out["a/old/index.html"], out["en/a/old/index.html"]
    assert 'location.replace("../../b/new/" + location.hash)' in zh
    assert '<meta http-equiv="refresh" content="0; url=../../b/new/">' in zh
    assert '<link rel="canonical" href="https://example.org/qa/b/new/">' in zh and '<html lang="zh">' in zh
    assert 'location.replace("../../b/new/" + location.hash)' in en and '<html lang="en">' in en


def test_a_record_line_never_names_a_path_outside_the_site():
    record = parse_record("/../../etc/\n/a/ -> /../b/\n/ok/\n", "r.txt")
    assert record.urls == ["/ok/"] and len(record.problems) == 2


def test_recording_appends_new_urls_and_never_removes_one(tmp_path):
    file = tmp_path / "doc.urls.txt"
    file.write_text("# mine\n/\n/gone/ -> /\n", encoding="utf-8")
    text, added = with_new_urls(parse_record(file.read_text(encoding="utf-8"), str(file)), ["/", "/a/"])
    assert added == 1 and text == "# mine\n/\n/gone/ -> /\n/a/\n"


def test_record_lives_beside_the_source():
    assert record_path("docs/models-and-architectures.md") == "docs/models-and-architectures.urls.txt"


def test_the_committed_record_holds_every_page_of_the_seed_in_both_languages():
    urls = parse_record(SEED_RECORD.read_text(encoding="utf-8"), str(SEED_RECORD)).urls
    assert "/deepseek/mla/" in urls and "/en/deepseek/mla/" in urls and "/" in urls and "/en/" in urls
    assert len([u for u in urls if u.startswith("/en/")]) * 2 == len(urls)


# --- the moved-question fixture, built ------------------------------------------------------------------

def record_urls(source: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "hooks/maintain.py", "record-urls"], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "QA_SOURCE": str(source)})


def move_attention_to_training(text: str) -> str:
    """Move question 1 (with its sub-heading) from the first topic to the end of the second, TOC included."""
    start = text.index("<h3 id='1.什么是注意力？'>")
    end = text.index("<h3 id='2.什么是旋转位置编码？'>")
    block = text[start:end]
    text = text[:start] + text[end:]
    toc_line = next(line for line in text.splitlines() if "(#1.什么是注意力？)" in line) + "\n"
    text = text.replace(toc_line, "") + "\n" + block
    return text.replace("(#1.什么是拒绝采样？)\n", "(#1.什么是拒绝采样？)\n" + toc_line, 1)


@pytest.fixture(scope="module")
def moved(tmp_path_factory):
    work = tmp_path_factory.mktemp("moved")
    shutil.copytree(FIXTURE, work / "src")
    source = work / "src" / "doc.md"
    result = record_urls(source)
    assert result.returncode == 0, result.stderr
    return work, source


@pytest.mark.build
def test_moving_a_question_in_the_source_keeps_its_url(moved):
    work, source = moved
    for doc in (source, source.with_name("doc.en.md")):
        doc.write_text(move_attention_to_training(doc.read_text(encoding="utf-8")), encoding="utf-8")
    result = mkdocs_build(work / "site-a", {"QA_SOURCE": str(source)})
    assert result.returncode == 0, result.stderr[-3000:]
    page = (work / "site-a" / "basics" / "attention" / "index.html").read_text(encoding="utf-8")
    assert "注意力用查询和键计算权重" in page
    assert 'href="../../training/"' in page  # now in the second topic


@pytest.mark.build
def test_a_build_that_drops_a_published_url_fails_until_a_redirect_is_written(moved):
    work, source = moved
    slugs = source.with_name("doc.slugs.yml")
    slugs.write_text(slugs.read_text(encoding="utf-8").replace("basics/attention", "training/attention"),
                     encoding="utf-8")
    result = mkdocs_build(work / "site-b", {"QA_SOURCE": str(source)})
    assert result.returncode != 0
    for url in ("/basics/attention/", "/en/basics/attention/"):
        assert re.search(rf"doc\.urls\.txt:\d+: the published URL {re.escape(url)} would disappear", result.stderr)
    assert "-> /new/" in result.stderr

    record = source.with_name("doc.urls.txt")
    text = record.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^/basics/attention/$", "/basics/attention/ -> /training/attention/", text)
    text = re.sub(r"(?m)^/en/basics/attention/$", "/en/basics/attention/ -> /en/training/attention/", text)
    record.write_text(text, encoding="utf-8")
    assert record_urls(source).returncode == 0  # records the new URLs; the moves stay
    result = mkdocs_build(work / "site-b", {"QA_SOURCE": str(source)})
    assert result.returncode == 0, result.stderr[-3000:]
    site = work / "site-b"
    assert "注意力用查询和键计算权重" in (site / "training" / "attention" / "index.html").read_text(encoding="utf-8")
    for old in ("basics/attention", "en/basics/attention"):
        html = (site / old / "index.html").read_text(encoding="utf-8")
        assert '<meta http-equiv="refresh" content="0; url=../../training/attention/">' in html
        assert 'location.replace("../../training/attention/" + location.hash)' in html  # #anchor kept
    assert "/training/attention/ -> " not in record.read_text(encoding="utf-8")
