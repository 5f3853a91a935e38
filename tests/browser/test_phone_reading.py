"""Reading on a phone (390×844, touch): figures that open full screen and zoom until their labels read, wide
formulas that show they scroll, punctuation that never starts a line after a formula, no layout jump."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CONNECTORS = "/multimodal/vision-text-connectors/"
SMALLEST_LABEL = 16  # the drawings' smallest labels, in their own units (880 wide)


def pinch(context, page, box, spread: int) -> None:
    """Two fingers on the middle of ``box``, moving ``spread`` pixels apart each (Chrome DevTools touch input)."""
    cdp = context.new_cdp_session(page)
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2

    def touch(kind, points):
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [{"x": a, "y": b} for a, b in points]})

    touch("touchStart", [(x - 20, y), (x + 20, y)])
    for d in range(20, spread, 10):
        touch("touchMove", [(x - d, y), (x + d, y)])
        page.wait_for_timeout(16)
    touch("touchEnd", [])


def test_a_figure_opens_full_screen_and_zooms_until_its_labels_read(journey):
    j = journey(phone=True)
    page = j.page
    j.goto(CONNECTORS, wait_until="networkidle")
    link = page.locator("article a.glightbox").first
    link.scroll_into_view_if_needed()
    on_page = link.locator("img").bounding_box()
    link.tap()
    image = page.locator(".gslide.current img")
    expect(image).to_be_visible()
    page.wait_for_timeout(600)  # the opening animation
    opened = image.bounding_box()
    assert opened["width"] >= 0.95 * 390, opened  # the whole width of the screen
    assert opened["width"] * SMALLEST_LABEL / 880 < 12  # at that size the smallest labels are too small…
    pinch(j.context, page, opened, 200)
    page.wait_for_timeout(400)
    zoomed = image.bounding_box()
    assert zoomed["width"] * SMALLEST_LABEL / 880 >= 12, zoomed  # …pinched, they read (SVG: sharp at any zoom)
    j.shot("zoomed")
    assert on_page["width"] < opened["width"] < zoomed["width"]

    desk = journey()
    desk.goto(CONNECTORS, wait_until="networkidle")
    desk.page.locator("article a.glightbox").first.click()
    big = desk.page.locator(".gslide.current img")
    expect(big).to_be_visible()
    desk.page.wait_for_timeout(600)
    assert big.bounding_box()["width"] >= 1.3 * 880 or big.bounding_box()["height"] >= 0.85 * 800


def test_a_wide_formula_shows_that_it_scrolls(journey):
    j = journey(phone=True)
    page = j.page
    j.goto("/deepseek/grpo/", wait_until="networkidle")
    blocks = page.locator("article .qa-math-display")
    wide = blocks.evaluate_all("bs => bs.filter(b => b.scrollWidth > b.clientWidth + 1).length")
    assert wide >= 1
    style = blocks.first.evaluate("b => ({image: getComputedStyle(b).backgroundImage, tab: b.tabIndex})")
    assert style["image"].count("gradient") == 4 and style["tab"] == 0  # shadows; reachable with a keyboard
    blocks.first.scroll_into_view_if_needed()
    j.shot("grpo")
    # tables scroll the same way (the theme wraps each in a scrolling box: the same shadows apply to it)
    j.goto("/translation-status/", wait_until="networkidle")
    wrap = page.locator("article .md-typeset__scrollwrap").first
    style = wrap.evaluate("w => ({image: getComputedStyle(w).backgroundImage, x: getComputedStyle(w).overflowX})")
    assert style["image"].count("gradient") == 4 and style["x"] == "auto", style


def test_punctuation_after_an_inline_formula_never_starts_a_line(journey):
    j = journey(phone=True)
    page = j.page
    j.goto("/deepseek/mla/", wait_until="networkidle")
    page.evaluate("document.fonts.ready.then(() => 0)")
    alone = page.evaluate("""() => [...document.querySelectorAll("article .qa-punct")].filter(p => {
        const bases = p.closest(".katex-html").querySelectorAll(".katex-base");
        const last = [...bases].filter(b => b.contains(p)).pop() || bases[bases.length - 1];
        const a = p.getBoundingClientRect(), b = last.getBoundingClientRect();
        return a.left < b.left || a.top > b.bottom;  // the punctuation went to another line
    }).length""")
    count = page.locator("article .qa-punct").count()
    assert count >= 10 and alone == 0, (count, alone)


def test_pages_do_not_jump_while_figures_and_fonts_arrive(journey):
    j = journey(phone=True)
    page = j.page
    page.add_init_script("""window.__shift = 0; new PerformanceObserver(list => { for (const e of list.getEntries())
        if (!e.hadRecentInput) window.__shift += e.value; }).observe({type: "layout-shift", buffered: true});""")
    for path in (CONNECTORS, "/deepseek/mla/", "/", "/deepseek/"):
        j.goto(path, wait_until="networkidle")
        page.evaluate("document.fonts.ready.then(() => 0)")
        page.wait_for_timeout(300)
        shift = page.evaluate("window.__shift")
        assert shift < 0.02, (path, shift)  # "good" is under 0.1
    images = page.locator("article img")
    j.goto(CONNECTORS)
    assert all(img.get_attribute("width") and img.get_attribute("height") for img in images.all())


LAST_WORDS_AND_BUTTON = """() => {
    const h1 = document.querySelector("article h1");
    const button = h1.querySelector(".qa-copy-link").getBoundingClientRect();
    const text = [...h1.childNodes].filter(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim()).pop();
    const range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(text, text.textContent.length);
    const lines = [...range.getClientRects()];
    const last = lines[lines.length - 1];
    return {buttonMiddle: (button.top + button.bottom) / 2, lastTop: last.top, lastBottom: last.bottom, lines: lines.length};
}"""


@pytest.mark.parametrize("path", ["/en/deepseek/mla/", "/deepseek/mla/", "/en/deepseek/grpo/"])
def test_the_copy_link_button_never_sits_alone_on_the_title_s_last_line(journey, path):
    """A title that fills its last line exactly pushed the button onto a line of its own (English MLA)."""
    j = journey(phone=True)
    j.goto(path, wait_until="networkidle")
    j.page.locator("article h1 .qa-copy-link").wait_for()
    box = j.page.evaluate(LAST_WORDS_AND_BUTTON)
    assert box["lastTop"] <= box["buttonMiddle"] <= box["lastBottom"], box
