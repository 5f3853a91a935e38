"""Practice mode in real Chromium: sessions on a desktop and a phone, progress kept and shown, export and import.

Each test starts with an empty browser (a fresh context: no progress). Screenshots land in
test-output/screenshots/<test-name>-<step>.png: the card before and after "show answer" on a phone and on a
desktop in both languages (and in dark mode), and topic pages with progress.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml
from playwright.sync_api import expect

from helpers import SEED_SLUGS

pytestmark = pytest.mark.browser

KEY = "qa-practice:/"
IDS = {slug: key for key, slug in yaml.safe_load(SEED_SLUGS.read_text(encoding="utf-8"))["questions"].items()}
CONNECTORS_ID = IDS["multimodal/vision-text-connectors"]
Q_FORMER_ID = IDS["multimodal/why-q-former-faded"]
PREFIX_ID = IDS["text-llm/prefix-vs-causal-lm"]
CONNECTORS = "多模态大模型中，视觉编码器和文本解码器常见的连接方式有哪几种？"
Q_FORMER = "为什么BLIP2中大Q-Former结构不流行了？"


def stored(page) -> dict | None:
    text = page.evaluate(f"localStorage.getItem({KEY!r})")
    return json.loads(text) if text else None


def start_button(page):
    return page.locator(".qa-chooser__actions .md-button--primary")


def question(page):
    return page.locator(".qa-flashcard__question")


def answer(page):
    return page.locator(".qa-flashcard__answer")


def wait_for_card(page, text: str | None = None) -> None:
    expect(page.locator(".qa-flashcard__show")).to_be_enabled()
    if text is not None:
        expect(question(page)).to_have_text(text)


def mark_with_keys(page, result: str) -> None:
    """Space shows the answer, → (got it) or ← (review again) marks it."""
    expect(page.locator(".qa-flashcard__show")).to_be_enabled()
    page.keyboard.press("Space")
    expect(page.locator(".qa-flashcard--revealed")).to_be_visible()
    page.keyboard.press("ArrowRight" if result == "known" else "ArrowLeft")


def focused(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.className")


def article_of(page, url: str) -> dict:
    """What the question page itself shows in its article (title and ¶ links left out)."""
    return page.evaluate(
        """async (url) => {
            const html = await (await fetch(url)).text();
            const art = new DOMParser().parseFromString(html, "text/html").querySelector("article");
            art.querySelector("h1").remove();
            art.querySelectorAll(".headerlink").forEach((el) => el.remove());
            return {text: art.textContent.replace(/\\s+/g, " ").trim(), images: art.querySelectorAll("img").length,
                    formulas: art.querySelectorAll(".katex").length};
        }""", url)


def card_answer(page) -> dict:
    return answer(page).evaluate(
        """(el) => ({text: el.textContent.replace(/\\s+/g, " ").trim(), images: el.querySelectorAll("img").length,
                     formulas: el.querySelectorAll(".katex").length})""")


def wait_for_images(page, selector: str) -> list[int]:
    return page.evaluate(
        """async (selector) => {
            const imgs = [...document.querySelectorAll(selector)];
            await Promise.all(imgs.map((img) => img.complete ? 0 : new Promise((done) => {
                img.addEventListener("load", done); img.addEventListener("error", done); })));
            return imgs.map((img) => img.naturalWidth);
        }""", selector)


def progress_line(page) -> str:
    line = page.locator("article .qa-progress-line .qa-progress")
    expect(line).to_be_visible()
    return line.inner_text()


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


# --- a full session --------------------------------------------------------------------------------------


def test_a_full_session_on_desktop_hides_each_answer_until_shown_and_keeps_the_marks(journey):
    j = journey()
    page = j.page
    j.goto("/practice/?topic=multimodal,text-llm")
    expect(page.locator(".qa-practice__rule")).to_contain_text("“再看”的题隔几张卡片就会再出现")
    checked = page.locator(".qa-chooser__topic input:checked")
    assert [checked.nth(i).get_attribute("value") for i in range(checked.count())] == ["multimodal", "text-llm"]
    expect(start_button(page)).to_have_text("开始练习（3 张待练）")
    j.shot("0-chooser")
    start_button(page).click()

    # the first card: the question without the author's number, the answer nowhere in the page
    wait_for_card(page, CONNECTORS)
    assert focused(page) == "qa-flashcard-question"
    region = answer(page)
    assert region.get_attribute("aria-live") == "polite" and region.get_attribute("role") == "region"
    expect(region).to_be_empty()
    assert "常见连接方式有Q-Former" not in page.content()
    assert page.locator(".qa-flashcard img").count() == 0
    expect(page.locator(".qa-flashcard__keys")).to_have_text("快捷键：空格 显示答案 · ← 或 1 再看 · → 或 2 会了")
    expect(page.locator(".qa-flashcard__show")).to_have_attribute("aria-keyshortcuts", "Space")
    expect(page.locator(".qa-flashcard__again")).to_be_hidden()
    expect(page.locator(".qa-flashcard__known")).to_be_hidden()
    # Tab goes from the question to "show answer"
    page.keyboard.press("Tab")
    assert "qa-flashcard__show" in focused(page)
    j.shot("1-card")

    page.keyboard.press("Space")  # on the focused button: the button's own activation
    expect(region).to_contain_text("常见连接方式有Q-Former")
    expect(page.locator(".qa-flashcard__show")).to_be_hidden()
    expect(region).to_be_focused()  # Space now scrolls the answer; it never marks the card
    page.keyboard.press("Space")
    expect(page.locator(".qa-flashcard--revealed")).to_have_count(1)
    expect(question(page)).to_have_text(CONNECTORS)
    # Tab goes through the answer's links (its figures) to "review again", then "got it"
    for _ in range(12):
        page.keyboard.press("Tab")
        if "qa-flashcard__again" in focused(page):
            break
    assert "qa-flashcard__again" in focused(page)
    page.keyboard.press("Tab")
    assert "qa-flashcard__known" in focused(page)
    # the answer is the question page's article: same text, same figures, which load
    shown = card_answer(page)
    assert shown == article_of(page, j.url("/multimodal/vision-text-connectors/"))
    assert shown["images"] == 6
    assert all(w > 0 for w in wait_for_images(page, ".qa-flashcard__answer img"))
    # a figure opens larger in the lightbox, as on its page (its script and styles come with the first figure)
    page.locator(".qa-flashcard__answer a.glightbox").first.click()
    expect(page.locator(".glightbox-container .gslide.current img")).to_be_visible()
    page.wait_for_timeout(400)  # the zoom-in animation
    j.shot("2-lightbox")
    page.keyboard.press("Escape")  # the lightbox's key: it closes, the card stays
    expect(page.locator(".glightbox-container")).to_have_count(0)
    expect(page.locator(".qa-flashcard--revealed")).to_have_count(1)
    assert len(page.context.pages) == 1
    j.shot("2-answer")
    page.keyboard.press("ArrowLeft")  # review again

    wait_for_card(page, Q_FORMER)
    expect(page.locator(".qa-flashcard__count")).to_have_text("本轮 0 / 3")
    page.locator(".qa-flashcard__show").click()
    expect(page.locator(".qa-flashcard__known")).to_be_visible()
    page.keyboard.press("2")  # got it
    wait_for_card(page, re.compile("prefix LM 和 causal LM 区别是什么"))
    expect(page.locator(".qa-flashcard__count")).to_have_text("本轮 1 / 3")
    mark_with_keys(page, "known")
    wait_for_card(page, CONNECTORS)  # the card marked "review again" is back before the session ends
    mark_with_keys(page, "known")

    summary = page.locator(".qa-summary")
    expect(summary.locator("h2")).to_have_text("本轮完成")
    expect(summary.locator(".qa-summary__counts")).to_have_text("3 张卡片：会了 3，再看过 1。")
    expect(summary.locator(".qa-summary__again a")).to_have_text(CONNECTORS)
    assert page.evaluate("document.activeElement.tagName") == "H2"
    j.shot("3-summary")

    progress = stored(page)
    assert progress["format"] == "qa-practice-progress" and progress["version"] == 1
    cards = progress["cards"]
    assert set(cards) == {CONNECTORS_ID, Q_FORMER_ID, PREFIX_ID}  # keyed by the pinned source ids
    assert cards[CONNECTORS_ID]["seen"] == 2 and cards[Q_FORMER_ID]["seen"] == 1
    tomorrow = page.evaluate("(() => { const d = new Date(); d.setDate(d.getDate() + 1); "
                             "return d.toLocaleDateString('sv'); })()")
    assert {c["box"] for c in cards.values()} == {2} and {c["due"] for c in cards.values()} == {tomorrow}

    # after a reload: the progress is still there, and nothing is due today
    page.reload()
    topics = page.locator(".qa-chooser__topic")
    expect(topics.filter(has_text="多模态模型").locator(".qa-progress")).to_have_text("2 / 2 会了")
    expect(topics.filter(has_text="文本大模型").locator(".qa-progress")).to_have_text("1 / 1 会了")
    expect(start_button(page)).to_be_disabled()
    expect(page.locator(".qa-chooser__hint")).to_have_text("所选主题今天没有待练的题，可以全部再练一遍。")
    expect(page.locator(".qa-chooser__actions .md-button:not(.md-button--primary)")).to_have_text("全部练习（3 张）")

    # ... and on the book's pages
    j.goto("/")
    assert progress_line(page) == "3 / 21 会了"
    expect(page.locator("article h2 .qa-progress").first).to_have_text("2 / 2 会了")
    j.goto("/multimodal/")
    assert progress_line(page) == "2 / 2 会了"
    expect(page.locator("article li .qa-mark--known")).to_have_count(2)
    expect(page.locator("article .qa-progress-line__practice")).to_have_attribute("href", "/practice/?topic=multimodal")
    j.shot("4-topic-with-progress")
    j.goto("/architecture/")
    assert progress_line(page) == "0 / 9 会了"
    expect(page.locator("article .qa-mark")).to_have_count(0)
    j.goto("/multimodal/why-q-former-faded/")
    expect(page.locator("article .qa-progress--known")).to_contain_text("会了 · 下次复习：")
    j.shot("5-question-mark")
    assert not j.errors, j.errors


def swipe(j, dx: int) -> None:
    """A finger across the card's answer: touch start, eight moves, end (Chromium's touch input)."""
    box = j.page.locator(".qa-flashcard__answer > *").first.bounding_box()
    x, y = box["x"] + box["width"] / 2 - dx / 2, box["y"] + min(10, box["height"] / 2)
    cdp = j.context.new_cdp_session(j.page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for i in range(1, 9):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x + dx * i / 8, "y": y}]})
    j.page.wait_for_timeout(150)  # the finger rests before it lifts: no fling, which would eat the next tap
    cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x + dx, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def test_a_session_on_a_phone_with_big_buttons_and_swipes_in_english(journey):
    j = journey(phone=True)
    page = j.page
    j.goto("/en/practice/?topic=multimodal")
    expect(page.locator(".qa-practice__rule")).to_contain_text("each Got it doubles the wait")
    expect(start_button(page)).to_have_text("Start (2 to practise)")
    start_button(page).tap()
    wait_for_card(page, re.compile(r"^In multimodal large models, what are the common ways of connecting"))
    expect(page.locator(".qa-flashcard__swipe")).to_be_visible()  # a touch screen gets the swipe hint, not the keys
    expect(page.locator(".qa-flashcard__keys")).to_be_hidden()
    show = page.locator(".qa-flashcard__show")
    box = show.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300, box
    assert overflow(page) <= 0
    j.shot("1-card")
    show.tap()
    expect(answer(page)).to_contain_text("Q-Former")
    for name in ("again", "known"):
        b = page.locator(f".qa-flashcard__{name}").bounding_box()
        assert b["height"] >= 44 and b["width"] >= 150, (name, b)
        assert b["y"] + b["height"] <= 844, f"the {name} button is below the screen: {b}"  # sticky at the bottom
    expect(page.locator(".qa-flashcard__again")).to_have_accessible_name("Review again")
    expect(page.locator(".qa-flashcard__known")).to_have_accessible_name("Got it")
    assert overflow(page) <= 0
    j.shot("2-answer")

    swipe(j, 160)  # right: got it
    wait_for_card(page, re.compile("Q-Former"))
    page.locator(".qa-flashcard__show").tap()
    expect(page.locator(".qa-flashcard--revealed")).to_be_visible()
    swipe(j, 40)  # too short: nothing happens
    expect(page.locator(".qa-flashcard--revealed")).to_be_visible()
    swipe(j, -160)  # left: review again; the last card comes straight back
    wait_for_card(page, re.compile("Q-Former"))
    expect(page.locator(".qa-flashcard--revealed")).to_have_count(0)
    page.locator(".qa-flashcard__show").tap()
    page.locator(".qa-flashcard__known").tap()
    expect(page.locator(".qa-summary__counts")).to_have_text("2 cards: 2 got it, 1 marked review again.")
    j.shot("3-summary")
    assert set(stored(page)["cards"]) == {CONNECTORS_ID, Q_FORMER_ID}  # the same ids as the Chinese site
    j.goto("/en/")
    assert progress_line(page) == "2 / 21 got it"
    j.goto("/en/multimodal/")
    assert progress_line(page) == "2 / 2 got it"
    j.shot("4-topic-with-progress")
    j.goto("/multimodal/")  # progress is the reader's, whatever the language
    assert progress_line(page) == "2 / 2 会了"
    assert not j.errors, j.errors


# --- the card, as a reader sees it -----------------------------------------------------------------------


@pytest.mark.parametrize("phone,language,dark", [(False, "zh", False), (False, "en", False), (True, "zh", False),
                                                 (True, "en", False), (True, "zh", True)],
                         ids=["desktop-zh", "desktop-en", "phone-zh", "phone-en", "phone-zh-dark"])
def test_a_card_with_formulas_before_and_after_show_answer(journey, phone, language, dark):
    j = journey(phone=phone)
    page = j.page
    if dark:
        page.emulate_media(color_scheme="dark")
    root = "" if language == "zh" else "/en"
    j.goto(f"{root}/practice/?topic=deepseek")
    if dark:
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    start_button(page).click()
    for _ in range(3):  # to the fourth question, GRPO, whose answer has formulas
        mark_with_keys(page, "known")
    wait_for_card(page, re.compile("GRPO"))
    expect(answer(page)).to_be_empty()
    assert overflow(page) <= 0
    j.shot("before")
    page.locator(".qa-flashcard__show").click()
    expect(page.locator(".qa-flashcard__answer .katex").first).to_be_visible()
    page.evaluate("document.fonts.ready.then(() => 0)")
    shown = card_answer(page)
    assert shown == article_of(page, j.url(f"{root}/deepseek/grpo/")) and shown["formulas"] >= 3
    assert overflow(page) <= 0, "a formula widens the page"
    j.shot("after")
    page.locator(".qa-flashcard__answer .katex").first.scroll_into_view_if_needed()
    j.shot("after-formula")
    page.keyboard.press("ArrowRight")
    wait_for_card(page, re.compile("MLA"))  # next: MLA, with sub-headings, one level under the card's question
    page.keyboard.press("Space")
    expect(page.locator(".qa-flashcard__answer h3").first).to_be_visible()
    assert page.locator(".qa-flashcard__answer h3").count() == 5 and page.locator(".qa-flashcard__answer h2").count() == 0
    if dark:
        background = page.locator(".qa-flashcard").evaluate("el => getComputedStyle(el).backgroundColor")
        assert sum(int(v) for v in re.findall(r"\d+", background)[:3]) < 200, background


# --- progress: export, import, reset ---------------------------------------------------------------------


def practise_multimodal(j) -> None:
    """Got it on the first multimodal question, review again on the second, then end the session."""
    page = j.page
    j.goto("/practice/?topic=multimodal")
    start_button(page).click()
    mark_with_keys(page, "known")
    wait_for_card(page, Q_FORMER)
    mark_with_keys(page, "again")
    wait_for_card(page, Q_FORMER)
    page.locator(".qa-flashcard__end").click()
    expect(page.locator(".qa-summary h2")).to_have_text("本轮已结束")


def test_export_then_import_into_a_fresh_browser_reproduces_the_progress(journey, tmp_path):
    a = journey()
    practise_multimodal(a)
    mine = stored(a.page)
    a.goto("/multimodal/")
    shown = progress_line(a.page)
    assert shown == "1 / 2 会了 · 1 再看"
    a.goto("/practice/")
    with a.page.expect_download() as download:
        a.page.get_by_role("button", name="导出进度").click()
    file = tmp_path / download.value.suggested_filename
    download.value.save_as(file)
    assert re.fullmatch(r"practice-progress-127\.0\.0\.1-\d{4}-\d{2}-\d{2}\.json", file.name), file.name
    exported = json.loads(file.read_text(encoding="utf-8"))
    assert exported["format"] == "qa-practice-progress" and exported["version"] == 1
    assert exported["cards"] == mine["cards"] and exported["site"]
    assert file.stat().st_size < 1000

    b = journey(phone=True)  # another device: nothing stored yet
    b.goto("/practice/")
    assert stored(b.page) is None
    expect(b.page.get_by_role("button", name="导出进度")).to_be_disabled()
    bad = tmp_path / "notes.json"
    bad.write_text('{"hello": "world"}', encoding="utf-8")
    b.page.locator(".qa-progress-tools__file").set_input_files(str(bad))
    expect(b.page.locator(".qa-practice__notice")).to_have_text("无法导入：这个文件不是本站导出的练习进度")
    assert stored(b.page) is None
    b.page.locator(".qa-progress-tools__file").set_input_files(str(file))
    expect(b.page.locator(".qa-practice__notice")).to_have_text("已导入 2 道题的进度。")
    expect(b.page.locator(".qa-chooser__topic").first.locator(".qa-progress")).to_have_text("1 / 2 会了 · 1 再看")
    b.shot("imported")
    assert stored(b.page) == mine
    b.goto("/multimodal/")
    assert progress_line(b.page) == shown
    expect(b.page.locator("article li .qa-mark--again")).to_have_count(1)


def test_reset_asks_first_and_then_clears_every_mark(journey):
    j = journey()
    page = j.page
    practise_multimodal(j)
    j.goto("/practice/")
    reset = page.get_by_role("button", name="重置进度")
    reset.click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("清除这个浏览器中 2 道题的练习进度？此操作不能撤销。")
    assert page.evaluate("document.activeElement.textContent") == "取消"  # the safe choice has the focus
    j.shot("confirm")
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    assert len(stored(page)["cards"]) == 2
    reset.click()
    page.get_by_role("button", name="清除进度").click()
    expect(page.locator(".qa-practice__notice")).to_have_text("进度已清除。")
    assert stored(page) is None
    j.goto("/multimodal/")
    expect(page.locator("article .qa-progress, article .qa-mark")).to_have_count(0)


# --- the rest of the book --------------------------------------------------------------------------------


def test_a_reader_who_never_practises_sees_the_book_as_before(journey, browser, site):
    j = journey()
    page = j.page
    plain = browser.new_context(java_script_enabled=False)
    try:
        reader = plain.new_page()
        for path in ("/", "/architecture/", "/architecture/rope/", "/en/deepseek/mla/"):
            j.goto(path, wait_until="networkidle")
            expect(page.locator(".md-header .qa-practice-open")).to_have_attribute(
                "href", "/en/practice/" if path.startswith("/en/") else "/practice/")
            expect(page.locator("article .qa-progress, article .qa-mark")).to_have_count(0)
            text = page.locator("article").evaluate(
                "el => { const c = el.cloneNode(true); c.querySelectorAll('.qa-progress-line').forEach(n => n.remove());"
                " return c.textContent.replace(/\\s+/g, ' ').trim(); }")
            reader.goto(site.url(path))
            without_js = reader.locator("article").evaluate("el => el.textContent.replace(/\\s+/g, ' ').trim()")
            assert text == without_js, path  # the article reads the same as without any script
        j.goto("/architecture/")
        expect(page.locator("article .qa-progress-line__practice")).to_have_text("练习本主题")
        fetched = [u for u in j.request_urls if "questions.json" in u or "progress-ui" in u or "practice" in u]
        assert not fetched, fetched
    finally:
        plain.close()


def test_without_javascript_the_practice_page_sends_readers_to_the_topics(browser, site, screenshots_dir):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(site.url("/practice/"))
        fallback = page.locator(".qa-practice__fallback")
        expect(fallback).to_be_visible()
        expect(fallback).to_contain_text("练习模式需要 JavaScript")
        links = fallback.locator("a")
        assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
            "../multimodal/", "../text-llm/", "../architecture/", "../deepseek/"]
        expect(page.locator(".md-header .qa-practice-open")).to_have_count(0)  # no link to a page that cannot work
        page.screenshot(path=str(screenshots_dir / "practice-without-javascript.png"))
        page.goto(site.url("/deepseek/mla/"))
        assert page.locator("article .katex").count() > 30  # the math reads without any script
    finally:
        context.close()


# --- when things go wrong --------------------------------------------------------------------------------


def test_a_card_that_cannot_load_offers_retry_and_skip_and_nothing_leaves_the_site(journey, site):
    j = journey()
    page = j.page
    j.goto("/practice/?topic=multimodal,text-llm")
    j.context.set_offline(True)
    start_button(page).click()
    expect(question(page)).to_have_text("无法加载这道题（网络断开，且这一页还没有缓存）。")
    expect(page.get_by_role("button", name="重试")).to_be_focused()
    j.shot("offline")
    j.context.set_offline(False)
    page.get_by_role("button", name="重试").click()
    wait_for_card(page, CONNECTORS)  # the next card is fetched while the reader reads this one
    page.wait_for_function("() => performance.getEntriesByType('resource')"
                           ".some((e) => e.name.includes('why-q-former-faded'))")
    j.context.set_offline(True)
    mark_with_keys(page, "known")
    wait_for_card(page, Q_FORMER)  # already here: offline does not matter
    mark_with_keys(page, "known")
    expect(question(page)).to_have_text("无法加载这道题（网络断开，且这一页还没有缓存）。")
    page.get_by_role("button", name="跳过").click()
    expect(page.locator(".qa-summary__counts")).to_have_text("3 张卡片：会了 2，再看过 0。")
    expect(page.locator(".qa-summary")).to_contain_text("还有 1 张没有练到。")
    j.context.set_offline(False)
    offsite = [u for u in j.request_urls if not u.startswith(("data:", "blob:")) and site.netloc not in u]
    assert not offsite, offsite


def test_a_reload_in_the_middle_of_a_session_offers_to_resume_it(journey):
    j = journey()
    page = j.page
    j.goto("/practice/?topic=multimodal,text-llm")
    page.get_by_label("随机").check()
    start_button(page).click()
    wait_for_card(page)
    first = question(page).inner_text()
    mark_with_keys(page, "known")
    wait_for_card(page)
    second = question(page).inner_text()
    assert second != first
    page.reload()
    resume = page.get_by_role("button", name="继续上次的练习（还剩 2 张）")
    expect(resume).to_be_visible()
    resume.click()
    wait_for_card(page, second)
    mark_with_keys(page, "known")
    mark_with_keys(page, "known")
    expect(page.locator(".qa-summary__counts")).to_have_text("3 张卡片：会了 3，再看过 0。")
    page.reload()
    expect(page.locator(".qa-chooser__resume")).to_have_count(0)


def test_progress_saved_by_a_newer_version_of_the_site_is_left_untouched(journey):
    j = journey()
    page = j.page
    j.goto("/practice/")
    newer = json.dumps({"format": "qa-practice-progress", "version": 2, "cards": {"x": {"stage": "future"}}})
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, newer])
    page.reload()
    expect(page.locator(".qa-practice__notice")).to_have_text(
        "进度由较新版本的网站保存，这个页面无法读取，也不会改动它。请刷新页面。")
    expect(page.get_by_role("button", name="导入进度")).to_be_disabled()
    expect(page.get_by_role("button", name="重置进度")).to_be_disabled()
    start_button(page).click()
    mark_with_keys(page, "known")
    wait_for_card(page)
    assert page.evaluate(f"localStorage.getItem({KEY!r})") == newer


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_practice_and_the_marks_have_no_serious_accessibility_violation(journey, scheme):
    from test_accessibility import violations  # axe-core, as for the reader pages

    j = journey(phone=scheme == "dark")
    page = j.page
    if scheme == "dark":
        page.emulate_media(color_scheme="dark")
    problems = []
    j.goto("/practice/?topic=multimodal")
    expect(start_button(page)).to_be_enabled()
    problems += [f"chooser: {v}" for v in violations(page)]
    start_button(page).click()
    wait_for_card(page, CONNECTORS)
    problems += [f"card: {v}" for v in violations(page)]
    page.keyboard.press("Space")
    expect(answer(page)).to_contain_text("Q-Former")
    problems += [f"answer: {v}" for v in violations(page)]
    page.keyboard.press("ArrowLeft")
    wait_for_card(page, Q_FORMER)
    page.locator(".qa-flashcard__end").click()
    expect(page.locator(".qa-summary")).to_be_visible()
    problems += [f"summary: {v}" for v in violations(page)]
    for path in ("/", "/multimodal/", "/multimodal/vision-text-connectors/"):
        j.goto(path, wait_until="networkidle")
        expect(page.locator("article .qa-progress").first).to_be_visible()
        problems += [f"{path} with progress: {v}" for v in violations(page)]
    assert not problems, "\n".join(problems)
