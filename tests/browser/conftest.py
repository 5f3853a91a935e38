"""Browser fixtures: the site built once, served like a static host, and one Debian Chromium per session.

- ``site_dir``: the site built with ``mkdocs build --strict`` into a temporary folder (once per session).
- ``site``: that folder served on 127.0.0.1 (free port) by a ThreadingHTTPServer that behaves like GitHub
  Pages: files as they are, ``dir/`` → ``dir/index.html``, ``dir`` → 301 ``dir/``, and any unknown path → 404
  with the body of ``/404.html``.
- ``browser``: Debian Chromium (``/usr/bin/chromium``) driven by Playwright. A missing Chromium is a failure,
  never a skip: CI installs it (``.ci/run``).
- ``journey``: a factory of fresh browser contexts (desktop 1280×800, or phone 390×844 with touch) that record
  every request, response, failed request, console message and uncaught page error, and take screenshots
  into ``test-output/screenshots/<test-name>-<label>.png``.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from test_build import mkdocs_build

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


# --- the site --------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("browser") / "site"
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (site / "404.html").is_file()
    return site


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """A static host like GitHub Pages: unknown paths get status 404 and the body of /404.html."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".html": "text/html; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".woff2": "font/woff2",
        ".woff": "font/woff",
        ".ttf": "font/ttf",
        ".xml": "application/xml",
        ".gz": "application/gzip",
    }

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):  # quiet: the tests record requests on the browser side
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # the browser hangs up on requests it no longer needs (a page left mid-load): not worth a traceback
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Site:
    def __init__(self, base: str, directory: Path) -> None:
        self.base = base  # http://127.0.0.1:PORT (no trailing slash)
        self.dir = directory
        self.netloc = urlsplit(base).netloc

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture(scope="session")
def site(site_dir):
    handler = functools.partial(StaticHost, directory=str(site_dir))
    server = Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="static-host", daemon=True)
    thread.start()
    try:
        yield Site(f"http://127.0.0.1:{server.server_address[1]}", site_dir)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# --- the browser -----------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: install it (apt-get install chromium); "
                    "the browser tests do not skip", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


class Journey:
    """One fresh browser context and its page, recording everything the page asks the network for."""

    def __init__(self, browser, site: Site, name: str, shots: Path, phone: bool = False) -> None:
        self.site = site
        self.name = name
        self.shots = shots
        self.phone = phone
        options = dict(PHONE if phone else DESKTOP)
        self.context = browser.new_context(**options, color_scheme="light", locale="zh-CN",
                                           service_workers="block")
        self.context.set_default_timeout(15_000)
        self.requests: list = []  # every Request, in order
        self.responses: list = []  # (url, status, resource type, is navigation)
        self.failed: list = []  # (url, failure text)
        self.console: list = []  # (type, text, location url)
        self.errors: list = []  # uncaught exceptions
        self.context.on("request", lambda r: self.requests.append(r))
        self.context.on("response", lambda r: self.responses.append(
            (r.url, r.status, r.request.resource_type, r.request.is_navigation_request())))
        self.context.on("requestfailed", lambda r: self.failed.append((r.url, r.failure)))
        self.context.on("console", lambda m: self.console.append((m.type, m.text, m.location.get("url", ""))))
        self.context.on("weberror", lambda e: self.errors.append(str(e.error)))
        self.page = self.context.new_page()

    # navigation helpers
    def url(self, path: str) -> str:
        return self.site.url(path)

    def goto(self, path: str, **kwargs):
        return self.page.goto(self.url(path), wait_until=kwargs.pop("wait_until", "load"), **kwargs)

    @property
    def path(self) -> str:
        return unquote(urlsplit(self.page.url).path)

    @property
    def fragment(self) -> str:
        return unquote(urlsplit(self.page.url).fragment)

    def shot(self, label: str = "", full_page: bool = False) -> Path:
        slug = re.sub(r"[^\w.-]+", "-", self.name).strip("-")
        file = self.shots / (f"{slug}-{label}.png" if label else f"{slug}.png")
        self.page.screenshot(path=str(file), full_page=full_page)
        return file

    # what the page did
    @property
    def request_urls(self) -> list[str]:
        return [r.url for r in self.requests]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def journey(browser, site, screenshots_dir, request):
    """``journey()`` → a desktop Journey; ``journey(phone=True)`` → a phone one. Each call is a fresh context."""
    opened: list[Journey] = []

    def open_journey(phone: bool = False) -> Journey:
        j = Journey(browser, site, request.node.name, screenshots_dir, phone=phone)
        opened.append(j)
        return j

    yield open_journey
    for j in opened:
        j.close()
