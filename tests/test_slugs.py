"""GitHub anchors (what old links use) and pinned URL slugs (what keeps URLs stable)."""

from __future__ import annotations

import pytest
import yaml

from helpers import SEED, SEED_SLUGS, book_of, read_fixture
from qa_site.model import Severity
from qa_site.slugs import GithubSlugger, SlugMap, ascii_slug, github_slug, readable_slug


@pytest.mark.parametrize("title, slug", [
    ("1.为什么？", "1为什么"),
    ("旋转位置编码的作用", "旋转位置编码的作用"),
    ("2.什么是 Transformer？", "2什么是-transformer"),
    ("prefix LM 和 causal LM 区别是什么？", "prefix-lm-和-causal-lm-区别是什么"),
    ("6.GPT3、LLAMA、ChatGLM 的Layer Normalization 的区别是什么？",
     "6gpt3llamachatglm-的layer-normalization-的区别是什么"),
    ("Multi-query Attention与Grouped-query Attention", "multi-query-attention与grouped-query-attention"),
    ("snake_case (v2.0)!", "snake_case-v20"),
    ("  两端空格  ", "两端空格"),
])
def test_github_slug_keeps_chinese_drops_punctuation_and_turns_spaces_into_hyphens(title, slug):
    assert github_slug(title) == slug


def test_repeated_headings_are_numbered_like_github():
    slugger = GithubSlugger()
    assert [slugger.slug(t) for t in ["核心回答", "核心回答", "核心回答", "总结"]] == [
        "核心回答", "核心回答-1", "核心回答-2", "总结"]


def test_a_heading_titled_like_a_numbered_repeat_does_not_collide():
    slugger = GithubSlugger()
    assert [slugger.slug(t) for t in ["a", "a-1", "a"]] == ["a", "a-1", "a-2"]


@pytest.mark.parametrize("title, slug", [
    ("1.为什么现在的大模型大多是decoder-only的架构？", "decoder-only"),
    ("7.Multi-query Attention与Grouped-query Attention区别是什么？", "multi-query-attention-grouped-query-attention"),
    ("9.非Transformer架构的算法模型如LFM(Liquid Foundation Models)有哪些优势？", "transformer-lfm-liquid-foundation-models"),
    ("2.旋转位置编码的作用", "q2"),
])
def test_generated_slug_uses_the_latin_words_of_the_title_or_the_fallback(title, slug):
    fallback = "q2"
    assert ascii_slug(title, fallback) == slug


@pytest.mark.parametrize("title, english, slug", [
    ("1.为什么现在的大模型大多是decoder-only的架构？", "1.Why are most LLMs decoder-only?", "decoder-only"),  # Latin words first
    ("2.旋转位置编码的作用", "2.What does rotary position embedding do?", "rotary-position-embedding"),
    ("3.什么是过拟合？", None, "guo-ni-he"),  # pinyin, without the question's filler words
    ("请介绍一下重庆银行的行长", None, "chong-qing-yin-hang-hang-zhang"),  # phrases read right: 重庆, 银行, 行长
    ("1.多模态大模型中，视觉编码器和文本解码器常见的连接方式有哪几种？", None,  # cut to a few words
     "duo-mo-tai-da-mo-xing-zhong-shi"),
    ("1.2 为什么要除以根号 d？", None, "yao-chu-yi-gen-hao-d"),  # one letter does not name it: pinyin, "d" kept
    ("1.1 讲讲你对注意力的理解？", None, "zhu-yi-li"),
    ("残差连接与安全", None, "can-cha-lian-jie-yu-an-quan"),  # 残 "can", 安 "an": syllables, not English fillers
    ("问题1：介绍一下你做过的项目", None, "ni-zuo-guo-xiang-mu"),
    ("2024年总结", None, "2024-nian-zong-jie"),
    ("一、基础知识", None, "ji-chu-zhi-shi"),  # chapter numbering dropped
    ("第3题 什么是熵？", None, "shang"),
    ("绿色计算", None, "lv-se-ji-suan"),  # ASCII only
    ("4.什么是熵？", "4.？", "shang"),  # an English title without words does not help
    ("？？？", None, "q2"),
])
def test_a_title_without_latin_words_gets_a_readable_slug_from_its_english_title_or_its_pinyin(title, english, slug):
    assert readable_slug(title, english, "q2") == slug


def test_generated_urls_use_the_english_titles_even_when_only_chinese_is_built(tmp_path):
    """`make pin-slugs` builds only the default language: it must pin the URL the full build shows."""
    from qa_site.book import Settings, build_site

    (tmp_path / "doc.md").write_text("## 1.基础 {#basics}\n\n### 1.什么是过拟合？ {#over}\n\n答。\n\n"
                                     "### 2.什么是欠拟合？ {#under}\n\n答。\n", encoding="utf-8")
    (tmp_path / "doc.en.md").write_text("## 1.Basics {#basics}\n\n### 1.What is overfitting? {#over}\n\nAnswer.\n",
                                        encoding="utf-8")
    zh_only = build_site(Settings(source=str(tmp_path / "doc.md"), languages=["zh"], project_root=str(tmp_path)))
    both = build_site(Settings(source=str(tmp_path / "doc.md"), languages=["zh", "en"], project_root=str(tmp_path)))
    # the second question is not translated yet: its URL comes from its pinyin
    assert [q.slug for q in zh_only.books["zh"].questions()] == ["basics/overfitting", "basics/qian-ni-he"]
    assert [q.slug for q in both.books["zh"].questions()] == ["basics/overfitting", "basics/qian-ni-he"]
    assert [q.slug for q in both.books["en"].questions()] == ["basics/overfitting", "basics/qian-ni-he"]


def _seed_book(pinned):
    return book_of(SEED.read_text(encoding="utf-8"), "seed.md", pinned)


def test_pinned_slugs_give_the_seed_its_committed_urls():
    pinned = yaml.safe_load(SEED_SLUGS.read_text(encoding="utf-8"))
    book, diags = _seed_book(pinned)
    assert [t.slug for t in book.topics()] == ["multimodal", "text-llm", "architecture", "deepseek"]
    questions = {q.key: q.slug for q in book.questions()}
    assert questions == pinned["questions"]
    assert not [d for d in diags if "pinned slug" in d.message or "make pin-slugs" in d.hint]


def test_question_without_pinned_slug_gets_a_generated_one_and_a_notice_to_pin_it():
    pinned = yaml.safe_load(SEED_SLUGS.read_text(encoding="utf-8"))
    del pinned["questions"]["1.为什么现在的大模型大多是decoder-only的架构？"]
    book, diags = _seed_book(pinned)
    question = next(q for q in book.questions() if q.key == "1.为什么现在的大模型大多是decoder-only的架构？")
    assert question.slug == "architecture/decoder-only"
    notices = [d for d in diags if "no pinned slug" in d.message]
    assert len(notices) == 1
    notice = notices[0]
    assert notice.severity is Severity.NOTICE
    assert (notice.path, notice.line) == ("seed.md", 93)
    assert "make pin-slugs" in notice.hint and "seed.slugs.yml" in notice.hint


def test_generated_slug_that_would_take_a_pinned_url_yields():
    text = read_fixture("html_headings.md")
    pinned = {"topics": {"1.基础概念": "basics", "2.训练方法": "training"},  # the URL the next question generates:
              "questions": {"1.什么是注意力机制？": "basics/xu-yao-wei-zhi-bian-ma"}}  # 需要位置编码
    book, diags = book_of(text, "doc.md", pinned)
    assert [q.slug for q in book.questions()] == ["basics/xu-yao-wei-zhi-bian-ma", "basics/xu-yao-wei-zhi-bian-ma-2",
                                                  "training/sft"]
    assert not [d for d in diags if d.severity is Severity.ERROR]


def test_generated_slug_yields_also_to_a_url_pinned_further_down():
    # found by tests/fuzz.py: the earlier question took the URL first and the build failed with an error
    text = read_fixture("html_headings.md")
    pinned = {"topics": {"1.基础概念": "basics", "2.训练方法": "training"},
              "questions": {"2.为什么需要位置编码？": "basics/zhu-yi-li-ji-zhi"}}  # the URL question 1 generates
    book, diags = book_of(text, "doc.md", pinned)
    assert [q.slug for q in book.questions()] == ["basics/zhu-yi-li-ji-zhi-2", "basics/zhu-yi-li-ji-zhi",
                                                  "training/sft"]
    assert not [d for d in diags if d.severity is Severity.ERROR]


def test_retitling_a_question_keeps_its_url():
    pinned = yaml.safe_load(SEED_SLUGS.read_text(encoding="utf-8"))
    text = SEED.read_text(encoding="utf-8")
    old = "'>1.为什么现在的大模型大多是decoder-only的架构？</h3>"
    new = "'>1.为什么今天的大语言模型几乎都采用仅解码器（causal decoder）架构？</h3>"
    assert text.count(old) == 1
    book, diags = book_of(text.replace(old, new), "seed.md", pinned)
    question = next(q for q in book.questions() if q.key == "1.为什么现在的大模型大多是decoder-only的架构？")
    assert question.title == "1.为什么今天的大语言模型几乎都采用仅解码器（causal decoder）架构？"
    assert question.slug == "architecture/decoder-only"
    assert not [d for d in diags if "no pinned slug" in d.message]


def test_two_questions_pinned_to_the_same_url_fail_the_build():
    text = read_fixture("html_headings.md")
    pinned = {"topics": {"1.基础概念": "basics", "2.训练方法": "training"},
              "questions": {"1.什么是注意力机制？": "basics/same", "2.为什么需要位置编码？": "basics/same",
                            "1.什么是SFT？": "training/sft"}}
    _, diags = book_of(text, "doc.md", pinned)
    errors = [d for d in diags if d.severity is Severity.ERROR]
    assert len(errors) == 1
    assert (errors[0].path, errors[0].line) == ("doc.md", 17)
    assert "/basics/same/" in errors[0].message and "doc.md:13" in errors[0].message


def test_invalid_pinned_slug_is_an_error_and_is_not_used():
    text = read_fixture("html_headings.md")
    pinned = {"topics": {"1.基础概念": "basics", "2.训练方法": "Foo Bar"},
              "questions": {"1.什么是注意力机制？": "basics/Foo Bar", "2.为什么需要位置编码？": "basics/position",
                            "1.什么是SFT？": "training/sft"}}
    book, diags = book_of(text, "doc.md", pinned)
    errors = [d for d in diags if d.severity is Severity.ERROR]
    assert [(d.line, "Foo Bar" in d.message) for d in errors] == [(13, True), (21, True)]
    assert all("doc.slugs.yml" in d.hint for d in errors)
    assert " " not in "".join(q.slug for q in book.questions()) + "".join(t.slug for t in book.topics())


def test_slug_map_from_empty_yaml_is_empty():
    assert SlugMap.from_data(None) == SlugMap({}, {})
    assert SlugMap.from_data({"topics": None, "questions": {"a": "t/a"}}) == SlugMap({}, {"a": "t/a"})


def test_a_pinned_pinyin_url_stays_when_the_english_translation_arrives(tmp_path):
    from qa_site.book import Settings, build_site, generated_slug_maps

    settings = Settings(source=str(tmp_path / "doc.md"), languages=["zh", "en"], project_root=str(tmp_path))
    (tmp_path / "doc.md").write_text("## 1.基础 {#basics}\n\n### 1.什么是过拟合？ {#over}\n\n答。\n", encoding="utf-8")
    first = build_site(settings)
    assert [q.slug for q in first.books["zh"].questions()] == ["ji-chu/guo-ni-he"]
    for path, data in generated_slug_maps(first, "zh").items():  # what `make pin-slugs` writes
        with open(path, "w", encoding="utf-8") as fh:
            yaml.safe_dump(data, fh, allow_unicode=True)
    (tmp_path / "doc.en.md").write_text("## 1.Basics {#basics}\n\n### 1.What is overfitting? {#over}\n\nAnswer.\n",
                                        encoding="utf-8")
    later = build_site(settings)
    assert [q.slug for q in later.books["zh"].questions()] == ["ji-chu/guo-ni-he"]
    assert not [d for d in later.diagnostics if "no pinned slug" in d.message]
