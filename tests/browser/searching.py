"""Driving the site's search dialog the way a reader does, for the browser tests."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from playwright.sync_api import expect

RESULTS = ".qa-search__result:not(.qa-search__result--section) > a"


def listen(page) -> None:
    """Record every batch of results the dialog shows (its ``qa-search-results`` event) in ``window.__qa``."""
    page.evaluate("""() => { if (window.__qa) return; window.__qa = [];
        document.addEventListener("qa-search-results", e => window.__qa.push(e.detail), true); }""")


def open_dialog(page, how: str = "/") -> None:
    """Open the dialog with a key (``/``, ``Control+K``) or a ``tap``/``click`` on the header button."""
    listen(page)
    if how in ("tap", "click"):
        button = page.locator(".qa-search-open")
        button.tap() if how == "tap" else button.click()
    else:
        page.keyboard.press(how)
    expect(page.locator("dialog.qa-search")).to_be_visible()
    expect(page.locator(".qa-search__input")).to_be_focused()


def search(page, query: str) -> list[str]:
    """Type ``query`` into the open dialog; the decoded paths (with #fragment) of the results shown."""
    box = page.locator(".qa-search__input")
    box.fill(query)
    box.press("End")
    page.wait_for_function("q => window.__qa.some(r => r.query === q)", arg=query.strip())
    hrefs = page.locator(RESULTS).evaluate_all("as => as.map(a => a.href)")
    return [unquote(urlsplit(h).path) + (f"#{unquote(urlsplit(h).fragment)}" if urlsplit(h).fragment else "")
            for h in hrefs]
