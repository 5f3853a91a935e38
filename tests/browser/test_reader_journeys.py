"""Reader journeys through the built site, in real Chromium: one test per thing a reader relies on.

The site is built once, served like a static host (see conftest.py), and each test gets fresh contexts.
Screenshots land in test-output/screenshots/<test-name>-<step>.png.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from playwright.sync_api import expect
from qa_site.links import short_anchor

from searching import open_dialog, search

pytestmark = pytest.mark.browser

MLA = "5.请介绍下在DeepSeek-R1中所用到的MLA算法？"
GRPO = "4.请介绍下在DeepSeek-R1中所用到的GRPO算法？"
DEEPSEEK = "4.DeepSeek相关问答"
DECODER_ONLY = "1.为什么现在的大模型大多是decoder-only的架构？"
CONNECTORS = "/multimodal/vision-text-connectors/"
SECTION_IN_SOURCE = "具体实现"  # a sub-heading's anchor in the source document (its GitHub slug)
SECTION = short_anchor(SECTION_IN_SOURCE)  # the short ASCII id it carries on its page
CJK = re.compile(r"[\u4e00-\u9fff]")


def path_is(expected: str):
    """A predicate for ``page.wait_for_url``: the decoded path of the URL is ``expected``."""
    return lambda url: unquote(urlsplit(url).path) == expected


def h1_text(page) -> str:
    return page.locator("article h1").first.inner_text().rstrip("¶").strip()


def wait_for_images(page, selector: str = "article img") -> list[dict]:
    """Wait until every image matched has finished loading (or failed); their natural sizes and sources."""
    return page.evaluate(
        """async (selector) => {
            const imgs = [...document.querySelectorAll(selector)];
            for (const img of imgs) img.loading = "eager";
            await Promise.all(imgs.map(img => img.complete ? img.decode().catch(() => {}) :
                new Promise(done => { img.addEventListener("load", done); img.addEventListener("error", done); })));
            return imgs.map(img => ({src: img.currentSrc || img.src, width: img.naturalWidth, alt: img.alt}));
        }""",
        selector,
    )


def horizontal_overflow(page) -> dict:
    return page.evaluate("() => ({scroll: document.documentElement.scrollWidth, viewport: window.innerWidth})")


def relative_luminance(css_colour: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"[\d.]+", css_colour)[:3])
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def switch_to_dark(page) -> None:
    """Click the palette toggle (auto → light → dark) until the page is in the dark (slate) scheme."""
    for _ in range(3):
        if page.evaluate("document.body.dataset.mdColorScheme") == "slate":
            return
        page.locator('label.md-header__button[for^="__palette"]:visible').first.click()
        page.wait_for_timeout(100)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")


# --- 1 ---------------------------------------------------------------------------------------------------


def test_reader_goes_from_home_to_a_topic_to_a_question_and_back(journey):
    j = journey()
    page = j.page
    j.goto("/")
    j.shot("1-home")
    page.locator("article").get_by_role("link", name=DEEPSEEK, exact=True).click()
    page.wait_for_url(path_is("/deepseek/"))
    assert h1_text(page) == DEEPSEEK
    j.shot("2-topic")
    page.locator("article").get_by_role("link", name=MLA, exact=True).click()
    page.wait_for_url(path_is("/deepseek/mla/"))
    assert j.path == "/deepseek/mla/"
    assert h1_text(page) == MLA
    assert page.title() == "请介绍下在DeepSeek-R1中所用到的MLA算法？ - 大模型面试问答"  # no per-topic number
    j.shot("3-question")
    page.go_back()
    page.wait_for_url(path_is("/deepseek/"))
    page.go_back()
    page.wait_for_url(path_is("/"))
    assert h1_text(page) == "大模型面试问答"


# --- 2 ---------------------------------------------------------------------------------------------------


def assert_formulas_rendered(page, minimum: int, display_minimum: int = 0) -> None:
    article = page.locator("article")
    assert article.locator(".katex").count() >= minimum
    assert article.locator(".qa-math-display .katex").count() >= display_minimum
    assert article.locator(".qa-math-error").count() == 0
    text = article.inner_text()
    assert "$" not in text
    for tex in ("\\frac", "\\mathbf", "\\left"):
        assert tex not in text, f"raw TeX {tex} is visible"


def katex_fonts(page) -> dict:
    return page.evaluate(
        """async () => {
            await document.fonts.ready;
            const faces = [...document.fonts].filter(f => f.family.replace(/["']/g, "") === "KaTeX_Main");
            return {check: document.fonts.check("16px KaTeX_Main"),
                    loaded: faces.filter(f => f.status === "loaded").length, faces: faces.length};
        }"""
    )


def test_every_formula_is_rendered_with_the_katex_fonts(journey):
    j = journey()
    page = j.page
    j.goto("/deepseek/mla/")
    assert_formulas_rendered(page, minimum=30)
    fonts = katex_fonts(page)
    assert fonts["check"] and fonts["loaded"] >= 1, fonts
    page.locator(f'[id="{SECTION}"]').scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 300)")
    page.wait_for_timeout(400)  # the header's title swap on scroll
    j.shot("mla")

    j.goto("/deepseek/grpo/")
    assert_formulas_rendered(page, minimum=3, display_minimum=3)
    fonts = katex_fonts(page)
    assert fonts["check"] and fonts["loaded"] >= 1, fonts
    font_files = [(u, s) for u, s, kind, _ in j.responses if kind == "font"]
    assert font_files and all(s == 200 and urlsplit(u).path.startswith("/assets/katex/fonts/")
                              for u, s in font_files), font_files

    # at phone width the long display formula scrolls inside its block; the page itself does not overflow
    phone = journey(phone=True)
    phone.goto("/deepseek/grpo/")
    blocks = phone.page.evaluate(
        """() => [...document.querySelectorAll("article .qa-math-display")].map(b =>
            ({scroll: b.scrollWidth, client: b.clientWidth, overflowX: getComputedStyle(b).overflowX}))"""
    )
    scrolling = [b for b in blocks if b["scroll"] > b["client"]]
    assert scrolling, f"no display formula is wider than its block at 390px: {blocks}"
    assert all(b["overflowX"] in ("auto", "scroll") for b in scrolling), blocks
    overflow = horizontal_overflow(phone.page)
    assert overflow["scroll"] <= overflow["viewport"], overflow
    phone.page.locator("article .qa-math-display").first.scroll_into_view_if_needed()
    phone.page.wait_for_timeout(400)  # the header's title swap on scroll
    phone.shot("grpo-phone")


# --- 3 ---------------------------------------------------------------------------------------------------


def test_every_figure_loads_and_opens_in_the_lightbox(journey):
    j = journey()
    page = j.page
    for lang, path in (("zh", CONNECTORS), ("en", "/en" + CONNECTORS)):
        j.goto(path)
        images = wait_for_images(page)
        assert len(images) == 6, images
        assert all(img["width"] > 0 for img in images), [img for img in images if not img["width"]]
        # the English page shows the English drawings (copied from NAME.en.svg), the Chinese page the Chinese
        svg_texts = page.evaluate(
            "async (srcs) => Promise.all(srcs.map(s => fetch(s).then(r => r.text())))",
            [img["src"] for img in images])
        if lang == "en":
            assert all(urlsplit(img["src"]).path.startswith("/en/imgs/") for img in images), images
            assert not [img["src"] for img, svg in zip(images, svg_texts) if CJK.search(svg)]
        else:
            assert all(CJK.search(svg) for svg in svg_texts)
        j.shot(f"{lang}-page")

        page.locator("article a.glightbox").first.click()
        box = page.locator(".glightbox-container")
        expect(box).to_be_visible()
        zoomed = box.locator(".gslide.current img")
        expect(zoomed).to_be_visible()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=zoomed.element_handle())
        assert unquote(zoomed.get_attribute("src")).endswith("BLIP2-1.svg")
        page.wait_for_timeout(400)  # the zoom-in animation
        j.shot(f"{lang}-lightbox")
        page.keyboard.press("Escape")
        expect(page.locator(".glightbox-container")).to_have_count(0)


# --- 4 ---------------------------------------------------------------------------------------------------


def choose_language(page, hreflang: str) -> None:
    select = page.locator(".md-header__option .md-select")
    select.hover()
    link = select.locator(f"a[hreflang={hreflang}]")
    expect(link).to_be_visible()
    link.click()


def section_problem(j, path: str) -> str | None:
    """Check that we are on ``path``; return what is wrong with the section (None when it is kept)."""
    j.page.wait_for_url(path_is(path))
    j.page.wait_for_load_state("load")
    assert j.path == path
    if j.fragment != SECTION:
        return f"{path}: URL {j.page.url} lost the #{SECTION} fragment"
    heading = j.page.locator(f'[id="{SECTION}"]')
    if heading.count() != 1:
        return f"{path}: no element with id {SECTION!r}"
    top = heading.evaluate("el => el.getBoundingClientRect().top")
    if not 0 <= top < j.page.viewport_size["height"] / 2:
        return f"{path}: the section is not in view (top={top})"
    return None


def test_language_switch_lands_on_the_same_answer_and_section(journey):
    j = journey()
    page = j.page
    problems = []
    j.goto(f"/deepseek/mla/#{SECTION_IN_SOURCE}")  # an old link: the page turns it into the short id
    page.wait_for_url(lambda url: url.endswith("#" + SECTION))
    assert section_problem(j, "/deepseek/mla/") is None
    choose_language(page, "en")
    problems.append(section_problem(j, "/en/deepseek/mla/"))
    assert h1_text(page).startswith("5.") and "MLA" in h1_text(page)
    assert not CJK.search(h1_text(page)), h1_text(page)
    j.shot("en")
    if j.fragment != SECTION:  # keep walking the journey back from the section the reader was reading
        j.goto(f"/en/deepseek/mla/#{SECTION}")
    choose_language(page, "zh")
    problems.append(section_problem(j, "/deepseek/mla/"))
    assert h1_text(page) == MLA
    j.shot("zh")
    problems = [p for p in problems if p]
    if problems:
        pytest.fail("; ".join(problems))


# --- 5 ---------------------------------------------------------------------------------------------------


def test_dark_mode_darkens_the_page_and_inverts_the_figures(journey):
    j = journey()
    page = j.page
    j.goto(CONNECTORS)
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert relative_luminance(light) > 0.8, light
    switch_to_dark(page)
    wait_for_images(page)
    page.wait_for_timeout(300)  # the palette's colour transition
    j.shot("dark")
    dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert relative_luminance(dark) < 0.2, dark
    filters = page.evaluate("[...document.querySelectorAll('article img')].map(i => getComputedStyle(i).filter)")
    assert len(filters) == 6 and all("invert" in f for f in filters), filters
    # the choice is remembered on the next page
    j.goto("/deepseek/mla/")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    j.shot("dark-next-page")


# --- 6 ---------------------------------------------------------------------------------------------------


def sidebar_box(page) -> dict:
    return page.locator(".md-sidebar--primary").evaluate(
        "el => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, width: r.width}; }")


def open_drawer(j) -> None:
    page = j.page
    page.locator('.md-header label[for="__drawer"]').tap()
    expect(page.locator("#__drawer")).to_be_checked()
    page.wait_for_function(
        "() => { const r = document.querySelector('.md-sidebar--primary').getBoundingClientRect();"
        " return r.left >= 0 && r.right <= window.innerWidth && r.width > 0; }")
    page.wait_for_timeout(300)  # the slide-in transition


def test_phone_reader_navigates_through_the_drawer(journey):
    j = journey(phone=True)
    page = j.page
    j.goto("/")
    assert page.viewport_size == {"width": 390, "height": 844}
    box = sidebar_box(page)
    assert box["right"] <= 0, f"the navigation is on screen before the drawer opens: {box}"
    expect(page.locator("#__drawer")).not_to_be_checked()
    j.shot("1-home")

    open_drawer(j)
    j.shot("2-drawer")
    nav = page.locator(".md-sidebar--primary nav.md-nav--primary")
    # (the drawer also holds this page's table of contents: its links start with #)
    nav.get_by_role("link", name=DEEPSEEK, exact=True).and_(page.locator(':not([href^="#"])')).tap()
    page.wait_for_url(path_is("/deepseek/"))
    j.shot("3-topic")

    open_drawer(j)
    j.shot("4-drawer-topic")
    nav.get_by_role("link", name=GRPO, exact=True).and_(page.locator(':not([href^="#"])')).tap()
    page.wait_for_url(path_is("/deepseek/grpo/"))
    assert h1_text(page) == GRPO
    overflow = horizontal_overflow(page)
    assert overflow["scroll"] <= 390, overflow
    j.shot("5-question")


# --- 7 ---------------------------------------------------------------------------------------------------


def test_old_links_to_the_single_document_open_the_question_page(journey):
    j = journey()
    page = j.page
    for old, new, title in ((f"/#{DECODER_ONLY}", "/architecture/decoder-only/", DECODER_ONLY),
                            (f"/en/#{MLA}", "/en/deepseek/mla/", None)):
        j.goto(old)
        page.wait_for_url(path_is(new))
        page.wait_for_load_state("load")
        if title:
            assert h1_text(page) == title
        else:
            assert h1_text(page).startswith("5.") and "MLA" in h1_text(page)
        j.shot(new.strip("/").replace("/", "-"))


# --- 8 ---------------------------------------------------------------------------------------------------


def test_the_404_page_helps_the_reader_on(journey):
    j = journey()
    page = j.page
    response = j.goto("/no/such/page/")
    assert response.status == 404
    text = page.locator("article").inner_text()
    assert "页面不存在" in text and "Page not found" in text
    query = page.locator("#qa-404-q")
    words = query.input_value().split()
    assert words and set(words) <= {"no", "such", "page"}, words
    j.shot("404")

    for href, landing in (("/", "/"), ("/en/", "/en/")):
        with page.expect_navigation() as nav:
            page.locator(f'article a.md-button[href="{href}"]').click()
        assert nav.value.status == 200
        assert j.path == landing
        page.go_back()
        page.wait_for_url(path_is("/no/such/page/"))

    # the search form opens the site's search dialog with those words (tests/browser/test_search_journeys.py)
    expected = query.input_value()
    page.locator(".qa-404__search button[type=submit]").click()
    expect(page.locator("dialog.qa-search")).to_be_visible()
    expect(page.locator(".qa-search__input")).to_have_value(expected)
    expect(page.locator(".qa-search__status")).not_to_be_empty()
    j.shot("search")
    page.keyboard.press("Escape")

    problems = []
    # a missing English address: the form should search the English site
    response = j.goto("/en/deepseek/no-such-answer/")
    assert response.status == 404
    assert page.locator("#qa-404-q").input_value() == "such answer"  # the last two words of the path
    action = urlsplit(page.locator(".qa-404__search").evaluate("form => form.action")).path
    if action != "/en/":
        problems.append(f"/en/deepseek/no-such-answer/: the 404 search form submits to {action!r}, not '/en/'")
    # a missing address with a #fragment (an old link): the page's scripts must not throw
    errors_before = len(j.errors)
    response = j.goto("/no/such/page/#some-section")
    assert response.status == 404
    page.wait_for_timeout(300)
    if len(j.errors) > errors_before:
        problems.append(f"/no/such/page/#some-section: uncaught {j.errors[errors_before:]}")
    if problems:
        pytest.fail("; ".join(problems))


# --- 9 --------------------------------------------------------------------------------------------------


def test_nothing_is_loaded_from_off_site(journey, site):
    j = journey()
    page = j.page
    for path in ("/", "/deepseek/", "/deepseek/mla/", "/deepseek/grpo/", CONNECTORS,
                 "/en/", "/en/deepseek/", "/en/deepseek/mla/", "/en/deepseek/grpo/", "/en" + CONNECTORS):
        j.goto(path, wait_until="networkidle")
        wait_for_images(page)
        page.evaluate("document.fonts.ready.then(() => 0)")
    # the lightbox, dark mode and search
    j.goto(CONNECTORS)
    page.locator("article a.glightbox").first.click()
    expect(page.locator(".glightbox-container .gslide.current img")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(".glightbox-container")).to_have_count(0)
    switch_to_dark(page)
    open_dialog(page)
    assert search(page, "注意力")
    # the deliberate 404
    missing = j.goto("/no/such/page/")
    assert missing.status == 404
    page.wait_for_load_state("networkidle")

    allowed = ("data:", "blob:", "about:")
    offsite = [u for u in j.request_urls if not u.startswith(allowed) and urlsplit(u).netloc != site.netloc]
    assert not offsite, "requests left the site:\n" + "\n".join(offsite)
    assert any("/pagefind/pagefind.js" in u for u in j.request_urls)  # the search ran, from the site itself

    deliberate = site.url("/no/such/page/")
    bad = [(u, s) for u, s, _, nav in j.responses if s >= 400 and not (nav and u == deliberate)]
    # net::ERR_ABORTED is a request the browser cancelled because the journey moved on to the next page
    failed = [(u, why) for u, why in j.failed if why != "net::ERR_ABORTED"]
    assert not failed, f"requests failed: {failed}"
    # console errors, but not the one Chromium logs for the deliberate 404 navigation itself
    errors = [(text, url) for kind, text, url in j.console if kind == "error" and url != deliberate]
    errors += [(f"uncaught: {e}", "") for e in j.errors]
    assert not bad, "requests failed:\n" + "\n".join(f"{s} {u}" for u, s in bad)
    assert not errors, "console errors:\n" + "\n".join(f"{t} ({u})" for t, u in errors)
