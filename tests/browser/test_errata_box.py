"""A reader meets an erratum: a marked box beside the answer, readable in both languages and both schemes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from test_reader_journeys import horizontal_overflow, relative_luminance, switch_to_dark

pytestmark = pytest.mark.browser

MQA = "/architecture/mqa-vs-gqa/"
MLA = "/deepseek/mla/"


def rgba(css: str) -> tuple[float, float, float, float]:
    values = [float(v) for v in re.findall(r"[\d.]+", css)]
    return (*values[:3], values[3] if len(values) > 3 else 1.0)


def over(top: tuple, below: tuple) -> tuple:
    """``top`` composited over an opaque ``below``."""
    a = top[3]
    return tuple(top[i] * a + below[i] * (1 - a) for i in range(3)) + (1.0,)


def contrast(fg: tuple, bg: tuple) -> float:
    lf, lb = (relative_luminance("rgb({}, {}, {})".format(*(round(v) for v in c[:3]))) for c in (fg, bg))
    return (max(lf, lb) + 0.05) / (min(lf, lb) + 0.05)


def box_contrasts(page) -> dict[str, float]:
    """The contrast of each kind of text in the first erratum box against the box as painted on the page."""
    colours = page.locator(".qa-erratum").first.evaluate("""box => {
        const c = el => getComputedStyle(el).color;
        return {page: getComputedStyle(document.body).backgroundColor, box: getComputedStyle(box).backgroundColor,
                title: c(box.querySelector('.qa-erratum__title')), quote: c(box.querySelector('.qa-erratum__quote')),
                text: c(box.querySelector('p:not([class])')), refs: c(box.querySelector('.qa-erratum__refs a'))};
    }""")
    bg = over(rgba(colours["box"]), rgba(colours["page"]))
    return {k: round(contrast(over(rgba(colours[k]), bg), bg), 2) for k in ("title", "quote", "text", "refs")}


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_reader_sees_an_erratum_beside_the_answer_in_both_languages_and_schemes(journey, phone):
    j = journey(phone=phone)
    page = j.page
    for scheme in ("light", "dark"):
        for prefix, title, says in (("", "勘误", "原文："), ("/en", "Erratum", "The answer says:")):
            j.goto(prefix + MQA)
            if scheme == "dark":
                switch_to_dark(page)
                page.wait_for_timeout(300)  # the palette's colour transition
            box = page.locator(".qa-erratum").first
            box.scroll_into_view_if_needed()
            expect(box).to_be_visible()
            expect(box.locator(".qa-erratum__title")).to_have_text(title)
            expect(box.locator(".qa-erratum__quote")).to_contain_text(says)
            expect(box).to_have_attribute("role", "note")
            # the box follows the paragraph it corrects and comes before the next one
            order = box.evaluate("b => [b.previousElementSibling.textContent, b.nextElementSibling.textContent]")
            assert ("Multi-query" in order[0]) and ("Grouped-query" in order[1]), order
            assert box.locator(".katex").count() >= 2  # its formulas are rendered
            contrasts = box_contrasts(page)
            assert min(contrasts.values()) >= 4.5, (scheme, prefix, contrasts)
            if phone:
                overflow = horizontal_overflow(page)
                assert overflow["scroll"] <= overflow["viewport"], overflow
            j.shot(f"{scheme}-{prefix.strip('/') or 'zh'}")
    # the display formulas of the boxes fit the column, even on a phone
    for path in (MLA, "/architecture/activation-functions/", "/architecture/layer-norm-placement/"):
        j.goto(path)
        wide = page.locator(".qa-erratum .qa-math-display").evaluate_all(
            "els => els.map(e => e.scrollWidth - e.clientWidth)")
        assert wide and max(wide) <= 1, (path, wide)


def test_dark_boxes_are_dark(journey):
    j = journey()
    page = j.page
    j.goto(MQA)
    light = page.locator(".qa-erratum").first.evaluate("b => getComputedStyle(b).backgroundColor")
    switch_to_dark(page)
    page.wait_for_timeout(300)
    dark = page.locator(".qa-erratum").first.evaluate("b => getComputedStyle(b).backgroundColor")
    body = page.evaluate("getComputedStyle(document.body).backgroundColor")
    painted = over(rgba(dark), rgba(body))
    assert relative_luminance(light) > 0.8
    assert relative_luminance("rgb({}, {}, {})".format(*(round(v) for v in painted[:3]))) < 0.1
