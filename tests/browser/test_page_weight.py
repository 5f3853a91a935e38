"""Light pages, measured in Chromium on a phone: what a cold load of a page downloads, and fonts that draw right.

Sizes are what a static host that compresses text (as GitHub Pages does) sends: text files gzip-compressed,
fonts and other binaries as they are. The targets are those of the README's "Page weight" table.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml")
# page → (most KB, most requests not counting figures)
TARGETS = {
    "/deepseek/mla/": (100, 10),  # 31 formulas
    "/deepseek/grpo/": (100, 10),
    "/architecture/decoder-only/": (75, 10),  # no math, no figure
    "/": (75, 10),
    "/multimodal/vision-text-connectors/": (100, 10),  # six figures, counted apart (requests and bytes)
    "/en/deepseek/mla/": (100, 10),
}


def cold_load(journey, site, path: str) -> tuple[float, list[str], list[str]]:
    """(KB as a compressing host sends them, same-origin requests, figure requests) of a first visit; the
    figures' requests and bytes are counted apart: a page with figures may load one more request per figure."""
    j = journey(phone=True)
    finished: list = []
    j.context.on("requestfinished", lambda r: finished.append(r))
    j.goto(path, wait_until="networkidle", timeout=45_000)  # generous: the machines are shared
    j.page.evaluate("document.fonts.ready.then(() => 0)")  # the fonts a page draws with have arrived
    j.page.wait_for_timeout(300)  # and their "request finished" events too
    total, requests, figures = 0, [], []
    for request in finished:
        url = urlsplit(request.url)
        if url.scheme == "data":
            continue
        assert url.netloc == site.netloc, f"{path} loads {request.url} from off-site"
        file = site.dir / unquote(url.path).lstrip("/")
        if file.is_dir():
            file = file / "index.html"
        data = file.read_bytes()
        if "/imgs/" in url.path:
            figures.append(unquote(url.path))
            continue
        total += len(gzip.compress(data, 6)) if file.suffix in TEXT else len(data)
        requests.append(unquote(url.path))
    assert not j.failed, j.failed
    return total / 1024, requests, figures


@pytest.mark.parametrize("path", list(TARGETS))
def test_a_cold_load_on_a_phone_stays_within_its_weight(journey, site, path):
    most_kb, most_requests = TARGETS[path]
    kb, requests, figures = cold_load(journey, site, path)
    print(f"\npage weight {path}: {kb:.1f} KB in {len(requests)} requests (+ {len(figures)} figures)")  # the README's table: pytest -s
    assert kb <= most_kb, f"{path}: {kb:.1f} KB > {most_kb} KB ({len(requests)} requests: {requests})"
    assert len(requests) <= most_requests, f"{path}: {len(requests)} requests: {requests}"
    kinds = {Path(r).suffix for r in requests}
    if "connectors" in path:
        assert len(figures) == 6 and any("glightbox" in r for r in requests)
    else:
        assert not any("glightbox" in r for r in requests), "the lightbox loads only with figures"
    if "mla" in path or "grpo" in path:
        assert ".woff2" in kinds and any("katex" in r for r in requests)
    else:
        assert not any("katex" in r for r in requests), "KaTeX loads only with math"
    assert not any("pagefind" in r or "search-ui" in r for r in requests), "search loads only when used"


GLYPH_BOXES = """() => [...document.querySelectorAll("article .katex-html")].map(formula => {
    const origin = formula.getBoundingClientRect();
    return [...formula.querySelectorAll("span")].filter(s => !s.children.length && s.textContent.trim())
      .map(s => { const r = s.getBoundingClientRect();
                  return [s.textContent, +(r.left - origin.left).toFixed(2), +r.width.toFixed(2), +r.height.toFixed(2)]; });
})"""


def glyph_boxes(page) -> list:
    page.evaluate("document.fonts.ready.then(() => 0)")
    page.wait_for_timeout(200)
    return page.evaluate(GLYPH_BOXES)


def katex_file(dist: Path, route) -> Path:
    """KaTeX's own file for a request of the site's: its whole stylesheet for any of the site's variants."""
    name = unquote(urlsplit(route.request.url).path).split("/assets/katex/", 1)[1]
    return dist / ("katex-swap.min.css" if name.endswith(".css") else name)


def test_the_cut_fonts_lay_out_every_formula_like_katex_s_own(journey):
    """The site's KaTeX fonts keep only the glyphs its formulas draw (tests/test_katex_assets.py checks that the
    outlines and advances are KaTeX's own). Swap KaTeX's own stylesheet and fonts in (from node_modules): every
    glyph of every formula must sit in the same box. A character the cut fonts lacked would be drawn by a
    fallback font, with other widths."""
    dist = ROOT / "node_modules" / "katex" / "dist"
    for path in ("/deepseek/mla/", "/deepseek/grpo/"):
        ours = journey()
        ours.goto(path, wait_until="networkidle")
        cut = glyph_boxes(ours.page)
        theirs = journey()
        theirs.context.route("**/assets/katex/**", lambda route: route.fulfill(path=str(katex_file(dist, route))))
        theirs.goto(path, wait_until="networkidle")
        whole = glyph_boxes(theirs.page)
        assert len(cut) == len(whole) >= 3 and sum(len(f) for f in cut) > 50
        different = [(i, a, b) for i, (a, b) in enumerate(zip(cut, whole)) if a != b]
        assert not different, f"{path}: formulas laid out differently with KaTeX's own fonts: {different[:2]}"
        loaded = ours.page.evaluate(
            "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family).join(' ')")
        assert "KaTeX_Main" in loaded and "KaTeX_Math" in loaded
