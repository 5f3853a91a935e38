"""extra.qa.remote_images: link (default), download (fetched once into a cache, served from the site), load.

The images are served by a local HTTP server started by the test: no test needs the network.
"""

from __future__ import annotations

import http.server
import struct
import threading
import zlib

import pytest

from qa_site.book import Settings, build_site
from qa_site.remote_images import RemoteImages, image_type, remote_urls


def _png(width: int = 3, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


PNG = _png()
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.fixture()
def server():
    """A local server: /fig.png is a PNG, /evil.svg an SVG, anything else 404; it counts the requests."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            body = {"/fig.png": PNG, "/evil.svg": SVG}.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", hits, httpd
    httpd.shutdown()
    httpd.server_close()


def _document(tmp_path, base: str):
    doc = tmp_path / "book" / "doc.md"
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(f"<h2 id='t'>主题</h2>\n\n<h3 id='q'>1.问题？</h3>\n\n答案。\n\n![结构图]({base}/fig.png)\n\n"
                   f'<img src="{base}/missing.png" alt="缺">\n\n![svg]({base}/evil.svg)\n', encoding="utf-8")
    return doc


def _build(tmp_path, doc, mode: str):
    return build_site(Settings(source=str(doc), languages=["zh"], project_root=str(tmp_path), remote_images=mode))


def _question(site) -> str:
    return next(p.markdown for p in site.editions["zh"].pages if p.kind == "question")


def test_download_serves_the_image_from_the_site_and_falls_back_to_a_link_when_it_fails(tmp_path, server):
    base, hits, _ = server
    site = _build(tmp_path, _document(tmp_path, base), "download")
    page = _question(site)
    assets = [a for a in site.editions["zh"].assets if a.target.startswith("remote-images/")]
    assert len(assets) == 1 and assets[0].target.endswith(".png")
    assert open(assets[0].source, "rb").read() == PNG
    assert f"(<../{assets[0].target}>)" in page and '{ width="3" height="2" }' in page
    assert f'href="{base}/missing.png"' in page and f'href="{base}/evil.svg"' in page  # links, not images
    assert f'src="{base}' not in page and f"]({base}" not in page
    failed = sorted((d.line, d.message.split(": ", 1)[1]) for d in site.diagnostics if d.code == "image-download-failed")
    assert failed == [(9, "the server answered HTTP 404; it is shown as a link"),
                      (11, "what the server sent is not a PNG, JPEG, GIF, WebP or AVIF image; it is shown as a link")]
    assert all(d.severity.value == "warning" for d in site.diagnostics if d.code == "image-download-failed")


def test_a_downloaded_image_is_fetched_once_then_read_from_the_cache(tmp_path, server):
    base, hits, httpd = server
    doc = _document(tmp_path, base)
    _build(tmp_path, doc, "download")
    assert hits.count("/fig.png") == 1
    httpd.shutdown()  # offline now: the cached image still builds
    site = _build(tmp_path, doc, "download")
    assert hits.count("/fig.png") == 1
    assert any(a.target.startswith("remote-images/") for a in site.editions["zh"].assets)


def test_link_mode_loads_nothing_and_says_so_in_a_note(tmp_path, server):
    base, hits, _ = server
    site = _build(tmp_path, _document(tmp_path, base), "link")
    assert hits == []
    page = _question(site)
    assert f'href="{base}/fig.png"' in page and "外部图片未加载" in page
    notes = [d for d in site.diagnostics if d.code == "image-remote"]
    assert len(notes) == 1 and notes[0].severity.value == "notice" and notes[0].message.startswith("3 remote images")


def test_load_mode_keeps_the_remote_address(tmp_path, server):
    base, hits, _ = server
    site = _build(tmp_path, _document(tmp_path, base), "load")
    page = _question(site)
    assert f"![结构图]({base}/fig.png)" in page and f'<img src="{base}/missing.png" alt="缺">' in page
    assert hits == [] and not [d for d in site.diagnostics if d.code.startswith("image")]


def test_image_type_is_read_from_the_bytes():
    assert image_type(PNG) == ".png" and image_type(b"\xff\xd8\xff\xe0") == ".jpg"
    assert image_type(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == ".webp"
    assert image_type(SVG) is None and image_type(b"<!DOCTYPE html>") is None


def test_remote_urls_are_found_in_markdown_and_html_images():
    text = '![a](https://x.org/a.png) <img alt="b" src="http://y.org/b.jpg"> [link](https://z.org/c.png)'
    assert remote_urls(text) == ["https://x.org/a.png", "http://y.org/b.jpg"]


def test_an_unreachable_server_is_a_failure_not_a_crash(tmp_path):
    images = RemoteImages(str(tmp_path), "download")
    path, error = images.get("http://127.0.0.1:9/nothing.png")  # the discard port: refused
    assert path is None and error.startswith("it could not be fetched")
