"""Images: found beside the document, copied into the site, refused when they leave its folder."""

from __future__ import annotations

import os

import pytest

from qa_site.assets import Asset, AssetResolver, rewrite_images
from qa_site.model import Severity
from qa_site.texts import texts_for


@pytest.fixture
def source(tmp_path):
    """A source folder with a document, one figure (and its English version) and a file outside it."""
    src = tmp_path / "src"
    (src / "imgs" / "基础知识").mkdir(parents=True)
    (src / "doc.md").write_text("# doc\n", encoding="utf-8")
    (src / "imgs" / "基础知识" / "BLIP2-1.svg").write_text("<svg>zh</svg>", encoding="utf-8")
    (src / "imgs" / "基础知识" / "BLIP2-1.en.svg").write_text("<svg>en</svg>", encoding="utf-8")
    (src / "imgs" / "only-zh.png").write_bytes(b"png")
    (tmp_path / "outside.png").write_bytes(b"secret")
    return src


def _resolver(src, language="zh"):
    return AssetResolver(str(src), str(src / "doc.md"), "docs/doc.md", language, "zh", texts_for(language))


def _rewrite(src, text, page="architecture/rope/page.md", language="zh", line=12):
    assets: list[Asset] = []
    diags = []
    out = rewrite_images(text, line, _resolver(src, language), page, assets, diags)
    return out, assets, diags


def test_image_beside_the_document_is_copied_and_linked_from_a_deep_page(source):
    out, assets, diags = _rewrite(source, "![BLIP2整体结构](imgs/基础知识/BLIP2-1.svg)")
    assert out == "![BLIP2整体结构](<../../imgs/基础知识/BLIP2-1.svg>)"
    assert assets == [Asset(str(source / "imgs" / "基础知识" / "BLIP2-1.svg"), "imgs/基础知识/BLIP2-1.svg")]
    assert diags == []


def test_image_link_is_relative_to_the_page_folder(source):
    out, _, _ = _rewrite(source, "![图](imgs/only-zh.png)", page="deepseek/mla.md")
    assert out == "![图](<../imgs/only-zh.png>)"
    out, _, _ = _rewrite(source, "![图](imgs/only-zh.png)", page="index.md")
    assert out == "![图](<imgs/only-zh.png>)"


def test_image_title_is_kept(source):
    out, assets, _ = _rewrite(source, '![图](imgs/only-zh.png "结构图")', page="deepseek/mla.md")
    assert out == '![图](<../imgs/only-zh.png> "结构图")'
    assert len(assets) == 1


def test_missing_image_warns_with_file_and_line_and_shows_a_placeholder(source):
    out, assets, diags = _rewrite(source, "前文 ![Fuyu架构](imgs/基础知识/fuyu.svg) 后文", line=69)
    assert assets == []
    assert [(d.path, d.line, d.severity) for d in diags] == [("docs/doc.md", 69, Severity.WARNING)]
    assert "imgs/基础知识/fuyu.svg" in diags[0].message
    assert "<img" not in out and "![" not in out
    assert out.startswith("前文 <span class=\"qa-missing-figure\"") and out.endswith("</span> 后文")
    assert "图片缺失: Fuyu架构" in out


@pytest.mark.parametrize("src_of", [
    lambda root: "../outside.png",
    lambda root: str(root.parent / "outside.png"),  # absolute, outside
    lambda root: str(root / "imgs" / "only-zh.png"),  # absolute, even though the file is inside
    lambda root: "imgs/../../outside.png",
])
def test_image_path_leaving_the_source_folder_is_refused(source, src_of):
    src = src_of(source)
    out, assets, diags = _rewrite(source, f"![秘密]({src})", line=7)
    assert assets == []
    assert [(d.path, d.line, d.severity) for d in diags] == [("docs/doc.md", 7, Severity.WARNING)]
    assert "refused" in diags[0].message
    assert "<img" not in out and src not in out
    assert 'class="qa-missing-figure"' in out


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this platform")
def test_symlink_inside_the_folder_pointing_outside_is_refused(source):
    os.symlink(source.parent / "outside.png", source / "imgs" / "link.png")
    out, assets, diags = _rewrite(source, "![链接](imgs/link.png)")
    assert assets == []
    assert [d.severity for d in diags] == [Severity.WARNING] and "refused" in diags[0].message
    assert "<img" not in out and "qa-missing-figure" in out


def test_symlink_inside_the_folder_pointing_inside_is_copied_from_its_target(source):
    os.symlink(source / "imgs" / "only-zh.png", source / "imgs" / "alias.png")
    out, assets, diags = _rewrite(source, "![别名](imgs/alias.png)", page="t/q.md")
    assert diags == []
    assert assets == [Asset(str(source / "imgs" / "only-zh.png"), "imgs/only-zh.png")]
    assert out == "![别名](<../imgs/only-zh.png>)"


def test_html_img_tag_is_rewritten_too(source):
    out, assets, diags = _rewrite(source, '<div align=center><img src="imgs/only-zh.png" width="300"></div>',
                                  page="deepseek/mla.md")
    assert out == '<div align=center><img src="../../imgs/only-zh.png" width="300"></div>'  # from deepseek/mla/
    assert [a.target for a in assets] == ["imgs/only-zh.png"]
    assert diags == []


def test_html_img_tag_with_missing_file_becomes_a_placeholder_with_its_alt(source):
    out, assets, diags = _rewrite(source, "<img src='imgs/none.png' alt='流程图'>", line=3)
    assert assets == [] and [d.line for d in diags] == [3]
    assert "<img" not in out and "流程图" in out and "qa-missing-figure" in out


def test_english_edition_uses_the_translated_figure_beside_the_original(source):
    out, assets, diags = _rewrite(source, "![BLIP2](imgs/基础知识/BLIP2-1.svg)", language="en")
    assert assets == [Asset(str(source / "imgs" / "基础知识" / "BLIP2-1.en.svg"), "imgs/基础知识/BLIP2-1.svg")]
    assert out == "![BLIP2](<../../imgs/基础知识/BLIP2-1.svg>)"
    assert diags == []


def test_english_edition_falls_back_to_the_original_figure(source):
    _, assets, diags = _rewrite(source, "![图](imgs/only-zh.png)", language="en")
    assert assets == [Asset(str(source / "imgs" / "only-zh.png"), "imgs/only-zh.png")]
    assert diags == []


def test_remote_image_is_not_loaded(source):
    out, assets, diags = _rewrite(source, "![远程](https://example.com/a.png)")
    # extra.qa.remote_images is "link" by default: the chosen behaviour, a note (test_remote_images.py)
    assert assets == [] and [(d.severity, d.code) for d in diags] == [(Severity.NOTICE, "image-remote")]
    assert "<img" not in out and 'href="https://example.com/a.png"' in out


def test_image_inside_a_code_span_is_untouched(source):
    text = "写法是 `![图](imgs/none.png)`"
    out, assets, diags = _rewrite(source, text)
    assert out == text and assets == [] and diags == []
