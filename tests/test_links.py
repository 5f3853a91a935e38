"""Links after the split: TOC typos repaired, in-text anchors sent to the page that now carries them."""

from __future__ import annotations

import shutil

import pytest
import yaml

from helpers import FIXTURES, SEED, SEED_SLUGS, book_of
from qa_site.book import Settings, build_site
from qa_site.links import LinkRewriter, Target, build_anchor_index, short_anchor
from qa_site.markdown_scan import link_destination_end
from qa_site.math_delimiters import FormulaTable
from qa_site.model import Severity
from qa_site.pages import PageBuilder, page_of
from qa_site.source import parse_document

LFM_TYPO = "#3.非Transformer架构的算法模型如LFM(Liquid-Foundation-Models)有哪些优势？"
R1_TYPO = "#4.DeepSeek-R1模型在哪些方面对DeepSeek-R1-Zero进行了改进？其多阶段训练管道的具体步骤是什么？"
LFM_ID = "9.非Transformer架构的算法模型如LFM(Liquid-Foundation-Models)有哪些优势？"
R1_ID = "3.DeepSeek-R1模型在哪些方面对DeepSeek-R1-Zero进行了改进？其多阶段训练管道的具体步骤是什么？"


def _seed_book():
    pinned = yaml.safe_load(SEED_SLUGS.read_text(encoding="utf-8"))
    return book_of(SEED.read_text(encoding="utf-8"), "docs/models-and-architectures.md", pinned, str(SEED))


@pytest.fixture
def links_site(tmp_path):
    shutil.copy(FIXTURES / "links.md", tmp_path / "links.md")
    shutil.copy(FIXTURES / "links.slugs.yml", tmp_path / "links.slugs.yml")
    build = build_site(Settings(source=str(tmp_path / "links.md"), project_root=str(tmp_path)))
    pages = {p.path: p.markdown for p in build.editions["zh"].pages}
    return build, pages


# ---------------------------------------------------------------- the two TOC typos of the seed


def test_toc_link_with_wrong_number_lands_on_intended_question():
    doc, diags = parse_document(SEED.read_text(encoding="utf-8"), "docs/models-and-architectures.md")
    entries = {e.line: e for e in doc.toc_entries}
    assert entries[17].anchor == LFM_TYPO
    assert entries[21].anchor == R1_TYPO
    assert doc.toc_targets[17].explicit_id == LFM_ID
    assert doc.toc_targets[17].first_line == 217
    assert doc.toc_targets[21].explicit_id == R1_ID
    assert doc.toc_targets[21].first_line == 239


def test_toc_typo_repairs_are_reported_as_notices_naming_the_line_and_the_fix():
    _, diags = parse_document(SEED.read_text(encoding="utf-8"), "docs/models-and-architectures.md")
    repaired = [d for d in diags if "repaired" in d.message]
    assert [d.line for d in repaired] == [17, 21]
    assert {d.severity for d in repaired} == {Severity.NOTICE}
    assert {d.path for d in repaired} == {"docs/models-and-architectures.md"}
    lfm, r1 = repaired
    assert "line 217" in lfm.message and "'9.非Transformer" in lfm.message
    assert lfm.hint == f"change the link to '#{LFM_ID}'"
    assert "line 239" in r1.message and "'3.DeepSeek-R1模型" in r1.message
    assert r1.hint == f"change the link to '#{R1_ID}'"
    # the typos are the only repairs, and nothing in the seed is a warning
    assert not [d for d in diags if d.severity in (Severity.ERROR, Severity.WARNING)]


def test_anchor_index_sends_both_toc_typos_to_the_intended_question_pages():
    book, _ = _seed_book()
    resolver = build_anchor_index(book, page_of)["docs/models-and-architectures.md"]
    lfm = resolver.resolve(LFM_TYPO)
    r1 = resolver.resolve(R1_TYPO)
    assert lfm.target == Target("architecture/non-transformer-lfm.md", None, lfm.target.title)
    assert lfm.target.title.startswith("9.")
    assert r1.target == Target("deepseek/r1-vs-r1-zero.md", None, r1.target.title)
    assert r1.target.title.startswith("3.")
    # the real id of the '4.' question still goes to the GRPO page, not to the typo's target
    grpo = resolver.resolve("#4.请介绍下在DeepSeek-R1中所用到的GRPO算法？")
    assert grpo.target.page == "deepseek/grpo.md"


def test_in_text_link_with_toc_typo_anchor_is_repaired_by_renumbering():
    book, _ = _seed_book()
    resolver = build_anchor_index(book, page_of)["docs/models-and-architectures.md"]
    # a typo that is not the TOC's own spelling: number 5 instead of 9
    res = resolver.resolve("#5.非Transformer架构的算法模型如LFM(Liquid-Foundation-Models)有哪些优势？")
    assert res.rule == "renumbered" and res.repaired
    assert res.target.page == "architecture/non-transformer-lfm.md"


# ---------------------------------------------------------------- link destinations


def test_link_target_with_balanced_parentheses_is_not_cut_short():
    text = f"见[非Transformer]({LFM_TYPO})一节。"
    start = text.index("](") + 2
    end = link_destination_end(text, start)
    assert text[start:end] == LFM_TYPO
    assert text[end + 1:] == "一节。"


@pytest.mark.parametrize("text, dest", [
    ("[a](#a(b)c) 后文", "#a(b)c"),
    ("[a](#x) 后文 (括号)", "#x"),
    ("[a](#x \"标题 (一)\") 后文", "#x \"标题 (一)\""),
    ("[a](<#有 空格>) 后文", "<#有 空格>"),
    ("[a](#a\\)b) 后文", "#a\\)b"),
])
def test_link_destination_ends_at_its_own_closing_parenthesis(text, dest):
    start = text.index("](") + 2
    end = link_destination_end(text, start)
    assert text[start:end] == dest
    assert text[end] == ")"


def test_unclosed_link_destination_is_not_a_link():
    text = "[a](#a(b) 没有闭合"
    assert link_destination_end(text, text.index("](") + 2) is None


# ---------------------------------------------------------------- in-text links in answers


def test_in_text_anchor_link_points_at_the_question_page(links_site):
    _, pages = links_site
    mla = pages["architecture/mla.md"]
    assert "[RoPE](<rope.md>)" in mla
    assert "[SFT](<../training/sft.md>)" in mla
    assert "[MLA](<../architecture/mla.md>)" in pages["training/sft.md"]


def test_in_text_link_to_a_sub_heading_points_at_its_fragment_on_the_answer_page(links_site):
    _, pages = links_site
    section = short_anchor("相对位置")  # the short ASCII id the sub-heading carries on its page
    assert f"[相对位置](<rope.md#{section}>)" in pages["architecture/mla.md"]
    # and the fragment exists on that page
    assert f"## 相对位置 {{ #{section} }}" in pages["architecture/rope.md"]


def test_unresolvable_anchor_warns_with_its_line_and_keeps_the_text_without_link(links_site):
    build, pages = links_site
    warnings = [d for d in build.diagnostics if "不存在的标题" in d.message]
    assert len(warnings) == 1
    assert (warnings[0].path, warnings[0].line, warnings[0].severity) == ("links.md", 21, Severity.WARNING)
    assert "这个 坏链接 指向不存在的标题。" in pages["architecture/mla.md"]
    assert "(#不存在的标题)" not in pages["architecture/mla.md"]
    # the same link inside a code span is code, not a link: untouched and not reported
    assert "`[x](#不存在的标题)`" in pages["training/sft.md"]


def test_javascript_link_is_neutralised_with_a_warning(links_site):
    build, pages = links_site
    warnings = [d for d in build.diagnostics if "script URL" in d.message]
    assert [(d.line, d.severity) for d in warnings] == [(22, Severity.WARNING)]
    assert "不要点 这里。" in pages["architecture/mla.md"]
    assert "javascript" not in pages["architecture/mla.md"].lower()


def test_html_link_with_javascript_href_loses_its_href():
    book, _ = book_of((FIXTURES / "links.md").read_text(encoding="utf-8"), "links.md",
                      yaml.safe_load((FIXTURES / "links.slugs.yml").read_text(encoding="utf-8")))
    rewriter = LinkRewriter(build_anchor_index(book, page_of)["links.md"], "architecture/mla.md", "links.md", {})
    diags = []
    out = rewriter.rewrite('<a href="javascript:alert(1)">点我</a>', 30, diags)
    assert out == '<a href="#">点我</a>'
    assert [(d.line, d.severity) for d in diags] == [(30, Severity.WARNING)]
    out = rewriter.rewrite("<a href='#1.什么是SFT？'>SFT</a>", 31, diags)
    assert out == "<a href='../../training/sft/'>SFT</a>"


# ---------------------------------------------------------------- old links keep working


def test_legacy_anchor_of_a_question_sends_readers_to_its_page():
    book, _ = _seed_book()
    builder = PageBuilder(book=book, language="zh", default_language="zh", site_title="大模型面试问答",
                          source_root=str(SEED.parent), formulas=FormulaTable())
    legacy = builder.build().legacy_anchors
    assert legacy["1.为什么现在的大模型大多是decoder-only的架构？"] == "architecture/decoder-only/"
    assert legacy["3.通识架构"] == "architecture/"
    assert legacy["旋转位置编码如何表达相对位置信息"] == "architecture/rope/#" + short_anchor("旋转位置编码如何表达相对位置信息")
    # the TOC's misspelt anchors are old links too: they go where the TOC meant
    assert legacy[LFM_TYPO[1:]] == "architecture/non-transformer-lfm/"
    assert legacy[R1_TYPO[1:]] == "deepseek/r1-vs-r1-zero/"


def test_seed_site_build_reports_the_typos_at_the_toc_lines(seed_copy):
    build = build_site(Settings(source=str(seed_copy), project_root=str(seed_copy.parent)))
    notices = [d for d in build.diagnostics if "repaired" in d.message and d.path == seed_copy.name]
    assert [d.line for d in notices] == [17, 21]
    assert build.editions["zh"].legacy_anchors["1.为什么现在的大模型大多是decoder-only的架构？"] == "architecture/decoder-only/"


def test_sub_heading_ids_are_short_ascii_and_readable_ones_are_kept():
    assert short_anchor("deepseek-v3") == "deepseek-v3"
    chinese = short_anchor("旋转位置编码如何表达相对位置信息")
    assert chinese.startswith("s-") and len(chinese) == 8 and chinese.isascii()
    assert short_anchor("基本概念") != short_anchor("具体实现")
    assert short_anchor("基本概念") == short_anchor("基本概念")  # a function of the source id only
