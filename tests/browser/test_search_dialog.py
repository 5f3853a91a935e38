"""Search, in real Chromium: a reader types words the way they know them and lands on the answer.

Chinese words inside longer runs, English terms on the Chinese site and Chinese ones on the English site,
acronyms that only the keywords know, a match under a sub-heading, the keyboard and the phone, and a search
that downloads nothing until the reader asks for it. Screenshots: test-output/screenshots/test_search_*.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import expect

from qa_site.links import short_anchor
from searching import RESULTS, listen, open_dialog, search

pytestmark = pytest.mark.browser

MLA = "/deepseek/mla/"


def pagefind_requests(j) -> list[str]:
    return [u for u in j.request_urls if "/pagefind/" in u]


def test_chinese_words_inside_longer_phrases_find_their_answer(journey):
    j = journey()
    page = j.page
    j.goto("/")
    page.wait_for_load_state("networkidle")
    assert not pagefind_requests(j), "the search index must not load before the reader searches"
    open_dialog(page, "/")
    expected = {
        "KV缓存": MLA,  # the answer says 键值（KV）缓存
        "多头潜在注意力": MLA,  # the answer says Multi-Head Latent Attention: a keyword
        "位置编码": "/architecture/rope/",
        "层归一化": "/architecture/layer-norm-placement/",  # the answer says Layer Normalization, 前/后标准化
        "拒绝采样": "/deepseek/rejection-sampling-sft/",
        "为什么decoder-only": "/architecture/decoder-only/",
        "GQA": "/architecture/mqa-vs-gqa/",  # only the keywords know the acronym
        "rotary position embedding": "/architecture/rope/",  # English on the Chinese site
        "KV cache": MLA,
        "组相对策略优化": "/deepseek/grpo/",  # the glossary's Chinese name of GRPO
    }
    problems = []
    for query, answer in expected.items():
        results = search(page, query)
        if not results or results[0].split("#")[0] != answer:
            problems.append(f"{query!r}: {results[:3]}")
        if any(r.startswith("/en/") for r in results):
            problems.append(f"{query!r} lists English pages: {results}")
    assert not problems, "\n".join(problems)
    search(page, "KV缓存")
    first = page.locator(".qa-search__result").first
    expect(first.locator("mark").first).to_be_visible()  # the words are highlighted in the snippet
    assert "缓存" in first.locator(".qa-search__excerpt").inner_text()
    assert not re.search(r"\\[a-z]+|katex", page.locator(".qa-search").inner_text())  # no TeX in results
    j.shot("kv-cache")
    assert pagefind_requests(j) and all(urlsplit(u).path.startswith("/pagefind/") for u in pagefind_requests(j))


def test_a_match_under_a_sub_heading_opens_there_with_the_keyboard(journey):
    j = journey()
    page = j.page
    j.goto("/architecture/rope/")
    open_dialog(page, "Control+K")
    results = search(page, "冷启动数据怎么构造")
    assert results[0] == "/deepseek/cold-start-data/#" + short_anchor("冷启动数据的构建"), results  # its short id
    where = page.locator(".qa-search__result").first.locator(".qa-search__where").inner_text()
    assert where.endswith("冷启动数据的构建")
    box = page.locator(".qa-search__input")
    assert box.get_attribute("aria-activedescendant") == "qa-search-option-0"
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "qa-search-option-1"
    expect(page.locator("#qa-search-option-1")).to_have_attribute("aria-selected", "true")
    box.press("ArrowUp")
    box.press("Enter")
    page.wait_for_url(lambda url: unquote(urlsplit(url).path) == "/deepseek/cold-start-data/")
    assert unquote(urlsplit(page.url).fragment) == short_anchor("冷启动数据的构建")
    heading = page.locator(f'[id="{short_anchor("冷启动数据的构建")}"]')
    page.wait_for_function("el => { const t = el.getBoundingClientRect().top; return t >= 0 && t < innerHeight / 2; }",
                           arg=heading.element_handle())
    j.shot("landed-on-sub-heading")


def test_escape_closes_the_dialog_and_slash_in_a_field_is_just_a_slash(journey):
    j = journey()
    page = j.page
    j.goto("/")
    open_dialog(page, "click")
    page.keyboard.press("Escape")
    expect(page.locator("dialog.qa-search")).not_to_be_visible()
    expect(page.locator(".qa-search-open")).to_be_focused()  # focus returns to where the reader was
    j.goto("/no/such/page/")
    field = page.locator("#qa-404-q")
    field.fill("")
    field.type("a/b")
    assert field.input_value() == "a/b"
    expect(page.locator("dialog.qa-search")).to_have_count(0)


def test_the_english_site_searches_english_answers_only_and_knows_chinese_terms(journey):
    j = journey()
    page = j.page
    j.goto("/en/")
    open_dialog(page, "/")
    expected = {
        "rotary position": "/en/architecture/rope/",
        "旋转位置编码": "/en/architecture/rope/",  # Chinese on the English site
        "GQA": "/en/architecture/mqa-vs-gqa/",
        "layer normalization": "/en/architecture/layer-norm-placement/",
        "rejection sampling": "/en/deepseek/rejection-sampling-sft/",
        "KV cache": "/en" + MLA,
        "分组查询注意力": "/en/architecture/mqa-vs-gqa/",  # glossary and keywords, in Chinese
        "组相对策略优化": "/en/deepseek/grpo/",
    }
    problems = []
    for query, answer in expected.items():
        results = search(page, query)
        if not results or results[0].split("#")[0] != answer:
            problems.append(f"{query!r}: {results[:3]}")
        if [r for r in results if not r.startswith("/en/")]:
            problems.append(f"{query!r} lists Chinese pages: {results}")
    assert not problems, "\n".join(problems)
    search(page, "rotary position")
    assert page.locator(".qa-search__keys").inner_text().startswith("↑ ↓ to select")
    assert page.locator(".qa-search__status").inner_text() == "2 results"
    j.shot("rotary-position")


def test_a_typo_still_finds_the_answer_and_nonsense_says_so(journey):
    j = journey()
    page = j.page
    j.goto("/")
    open_dialog(page)
    assert search(page, "旋转位置编吗")[0].split("#")[0] == "/architecture/rope/"
    assert search(page, "rejection smapling")[0].startswith("/deepseek/rejection-sampling-sft/")
    assert search(page, "zzqx") == []
    expect(page.locator(".qa-search__status")).to_contain_text("没有找到与“zzqx”相关的答案")


def test_searching_on_a_phone_in_dark_mode(journey):
    j = journey(phone=True)
    page = j.page
    j.goto(MLA)
    page.emulate_media(color_scheme="dark")
    page.evaluate("""() => { localStorage.setItem("/.__palette", JSON.stringify({index: 2,
        color: {media: "(prefers-color-scheme: dark)", scheme: "slate", primary: "indigo", accent: "indigo"}})); }""")
    j.goto(MLA)
    open_dialog(page, "tap")
    box = page.locator("dialog.qa-search").bounding_box()
    assert box["width"] >= 389 and box["height"] >= 800, box  # the whole screen
    results = search(page, "层归一化")
    assert results[0] == "/architecture/layer-norm-placement/"
    # the count says what is listed, once the rest of the list has been sifted too (it said 2 above 1 answer)
    page.wait_for_timeout(300)
    listed = page.locator(RESULTS).count()
    expect(page.locator(".qa-search__status")).to_have_text(f"{listed} 个结果")
    background = page.evaluate("getComputedStyle(document.querySelector('dialog.qa-search')).backgroundColor")
    assert sum(int(v) for v in re.findall(r"\d+", background)[:3]) < 200, background  # dark, like the site
    j.shot("phone-dark")
    page.locator(RESULTS).first.tap()
    page.wait_for_url(lambda url: urlsplit(url).path == "/architecture/layer-norm-placement/")


def test_the_404_page_suggests_answers_from_the_words_of_the_address(journey):
    j = journey()
    page = j.page
    response = j.goto("/en/deepseek/grpo-algorithm/")
    assert response.status == 404
    suggestions = page.locator(".qa-404__suggestions")
    expect(suggestions).to_be_visible()
    expect(suggestions).to_have_attribute("lang", "en")
    first = suggestions.locator("a").first
    assert urlsplit(first.get_attribute("href")).path == "/en/deepseek/grpo/"
    j.shot("404-suggestions")
    # the form searches with the same dialog, in the language of the address
    listen(page)
    page.locator(".qa-404__search button[type=submit]").click()
    expect(page.locator("dialog.qa-search")).to_be_visible()
    expect(page.locator(".qa-search__input")).to_have_value("grpo algorithm")
    page.wait_for_function("() => window.__qa.length > 0")
    hrefs = page.locator(RESULTS).evaluate_all("as => as.map(a => new URL(a.href).pathname)")
    assert hrefs and all(h.startswith("/en/") for h in hrefs), hrefs


def test_a_search_link_with_q_opens_the_dialog_with_its_words(journey):
    j = journey()
    page = j.page
    j.goto("/?q=" + "拒绝采样")
    expect(page.locator("dialog.qa-search")).to_be_visible()
    expect(page.locator(".qa-search__input")).to_have_value("拒绝采样")
    expect(page.locator(RESULTS).first).to_have_attribute("href", re.compile(r"/deepseek/rejection-sampling-sft/$"))
