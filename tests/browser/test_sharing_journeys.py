"""Sharing one answer, in real Chromium: the copy-link buttons put the short canonical URL on the clipboard.

Each test reads the clipboard back (``navigator.clipboard.readText``), on a desktop and on a phone, in
both languages, by mouse, by tap and by keyboard. Screenshots: test-output/screenshots/.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from qa_site.links import short_anchor

pytestmark = pytest.mark.browser

MLA = "/deepseek/mla/"
SECTION_IN_SOURCE = "具体实现"
SECTION = short_anchor(SECTION_IN_SOURCE)


def allow_clipboard(j) -> None:
    j.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=j.site.base)


def clipboard(j) -> str:
    return j.page.evaluate("navigator.clipboard.readText()")


def canonical(page) -> str:
    return page.locator('link[rel="canonical"]').get_attribute("href")


def sub_heading(page, text: str):
    return page.locator("article h2").filter(has_text=text)


def assert_one_chat_link(url: str) -> None:
    """What a chat app needs to keep the URL as one link: printable ASCII, no spaces or brackets."""
    assert url.isascii() and " " not in url and not set(url) & set("()<>[]{}\"'"), url
    assert "%" not in url, f"percent-encoded text in a shared link: {url}"


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_copy_link_by_the_title_and_by_a_sub_heading_copies_the_canonical_url(journey, phone):
    j = journey(phone=phone)
    allow_clipboard(j)
    page = j.page
    j.goto(MLA)
    page_url = canonical(page)
    assert urlsplit(page_url).path == MLA and not urlsplit(page_url).fragment

    title_button = page.locator("article h1 .qa-copy-link")
    expect(title_button).to_be_visible()  # no hover needed: a phone shows it too
    assert title_button.evaluate("b => getComputedStyle(b).opacity") == "1"
    box = title_button.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24, box  # a target a finger can hit
    if phone:
        title_button.tap()
    else:
        title_button.click()
    status = page.locator(".qa-copy-status")
    expect(status).to_have_text("已复制链接")
    expect(status).to_be_visible()
    assert clipboard(j) == page_url
    assert_one_chat_link(page_url)

    heading = sub_heading(page, SECTION_IN_SOURCE)
    assert heading.get_attribute("id") == SECTION
    button = heading.locator(".qa-copy-link")
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-label", f"复制本节链接：{SECTION_IN_SOURCE}")
    button.scroll_into_view_if_needed()
    if phone:
        button.tap()
    else:
        button.click()
    expect(status).to_have_text("已复制链接")
    expect(button).to_have_class("qa-copy-link qa-copy-link--done")
    j.shot("copied")
    copied = clipboard(j)
    assert copied == f"{page_url}#{SECTION}"
    assert_one_chat_link(copied)
    assert len(copied) - len(page_url) <= 10, copied

    # the copied link, opened (on this test host), lands on that section
    fresh = journey(phone=phone)
    fresh.goto(urlsplit(copied).path + "#" + urlsplit(copied).fragment)
    target = fresh.page.locator(f'[id="{SECTION}"]')
    top = target.evaluate("el => el.getBoundingClientRect().top")
    assert 0 <= top < fresh.page.viewport_size["height"] / 2, top


def test_copy_link_works_from_the_keyboard_and_speaks_english_on_english_pages(journey):
    j = journey()
    allow_clipboard(j)
    page = j.page
    j.goto("/en" + MLA)
    button = page.locator("article h2 .qa-copy-link").first
    button.focus()
    outline = button.evaluate("b => getComputedStyle(b).outlineStyle")
    assert outline != "none", "a focused copy-link button shows no focus ring"
    page.keyboard.press("Enter")
    expect(page.locator(".qa-copy-status")).to_have_text("Link copied")
    heading_id = page.locator("article h2").first.get_attribute("id")
    assert clipboard(j) == f"{canonical(page)}#{heading_id}"
    assert urlsplit(canonical(page)).path == "/en" + MLA
    # Tab moves from one copy-link button to the next, with Space as well as Enter
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    if "qa-copy-link" not in focused:  # the ¶ permalink sits between two buttons in the tab order
        page.keyboard.press("Tab")
    page.keyboard.press(" ")
    second = page.locator("article h2").nth(1).get_attribute("id")
    assert clipboard(j) == f"{canonical(page)}#{second}"


def test_topic_pages_have_a_copy_link_and_the_home_page_none(journey):
    j = journey()
    allow_clipboard(j)
    j.goto("/deepseek/")
    j.page.locator("article h1 .qa-copy-link").click()
    assert clipboard(j) == canonical(j.page)
    j.goto("/")
    assert j.page.locator(".qa-copy-link").count() == 0


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory):
    """The moved-question fixture after its question got a new URL and the record says where it went."""
    import re
    import shutil

    from test_build import mkdocs_build
    from test_published_urls import FIXTURE, record_urls

    work = tmp_path_factory.mktemp("moved-browser")
    shutil.copytree(FIXTURE, work / "src")
    source = work / "src" / "doc.md"
    assert record_urls(source).returncode == 0
    slugs = source.with_name("doc.slugs.yml")
    slugs.write_text(slugs.read_text(encoding="utf-8").replace("basics/attention", "training/attention"),
                     encoding="utf-8")
    record = source.with_name("doc.urls.txt")
    text = re.sub(r"(?m)^/basics/attention/$", "/basics/attention/ -> /training/attention/",
                  record.read_text(encoding="utf-8"))
    text = re.sub(r"(?m)^/en/basics/attention/$", "/en/basics/attention/ -> /en/training/attention/", text)
    record.write_text(text, encoding="utf-8")
    assert record_urls(source).returncode == 0
    result = mkdocs_build(work / "site", {"QA_SOURCE": str(source)})
    assert result.returncode == 0, result.stderr[-3000:]
    return work / "site"


def test_an_old_link_to_a_section_of_a_moved_question_lands_on_that_section(browser, moved_site):
    import functools
    import threading

    from conftest import Server, StaticHost

    server = Server(("127.0.0.1", 0), functools.partial(StaticHost, directory=str(moved_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    context = browser.new_context(viewport={"width": 390, "height": 500})
    try:
        page = context.new_page()
        anchor = short_anchor("计算步骤")
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/basics/attention/#{anchor}")
        page.wait_for_url(lambda url: urlsplit(url).path == "/training/attention/")
        assert urlsplit(page.url).fragment == anchor
        expect(page.locator(f'[id="{anchor}"]')).to_be_in_viewport()
    finally:
        context.close()
        server.shutdown()
        server.server_close()
