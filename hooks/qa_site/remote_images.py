"""Remote images (``![](https://…)``), as the maintainer chooses in ``extra.qa.remote_images``.

* ``link`` (default): nothing is loaded off-site; the figure is a placeholder with a link to the image.
* ``download``: each image is fetched once, at build time, into ``.cache/remote-images`` (named by a hash of
  its URL, so a rebuild or a clean ``site/`` never fetches it again) and served from the site like a local
  figure. Only PNG, JPEG, GIF, WebP and AVIF are kept (checked by their bytes, not by the URL or the
  server's word): an SVG or an HTML error page served from the site's own origin could run scripts. A
  download that fails (network, HTTP error, not an image, too large) falls back to ``link``, with a warning
  naming the file and line.
* ``load``: the page loads the image from its server (the maintainer accepts off-site requests).
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

MODES = ("link", "download", "load")
MAX_BYTES = 20 * 1024 * 1024
TIMEOUT = 15  # seconds per image
WORKERS = 8
USER_AGENT = "qa-site-image-fetch/1 (+build time, once per image)"
_SIGNATURES = [  # (offset, bytes, extension)
    (0, b"\x89PNG\r\n\x1a\n", ".png"),
    (0, b"\xff\xd8\xff", ".jpg"),
    (0, b"GIF87a", ".gif"),
    (0, b"GIF89a", ".gif"),
    (8, b"WEBP", ".webp"),
    (4, b"ftypavif", ".avif"),
]
_URL_IN_IMAGE = re.compile(r"""!\[[^\]\n]*\]\(\s*<?(https?://[^\s)>]+)|<img\b[^>]*?\bsrc\s*=\s*["']?(https?://[^\s"'>]+)""", re.I)


def image_type(data: bytes) -> str | None:
    """The file extension of a raster image by its first bytes, or None for anything else."""
    for offset, signature, ext in _SIGNATURES:
        if data[offset:offset + len(signature)] == signature:
            return ext
    return None


def remote_urls(text: str) -> list[str]:
    """The remote images a document shows (for fetching them all at once, before its pages are built)."""
    return [a or b for a, b in _URL_IN_IMAGE.findall(text)]


@dataclass
class RemoteImages:
    """Fetches remote images once into ``cache`` and remembers the outcome for the build."""

    cache: str
    mode: str = "link"
    _results: dict[str, tuple[str | None, str]] = field(default_factory=dict)  # URL → (file, error)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def cached_file(self, url: str) -> str | None:
        stem = os.path.join(self.cache, hashlib.sha256(url.encode("utf-8")).hexdigest()[:20])
        for _, _, ext in _SIGNATURES:
            if os.path.isfile(stem + ext):
                return stem + ext
        return None

    def get(self, url: str) -> tuple[str | None, str]:
        """(the local file, "") or (None, why it could not be fetched)."""
        with self._lock:
            if url in self._results:
                return self._results[url]
        result = self._fetch(url)
        with self._lock:
            self._results[url] = result
        return result

    def prefetch(self, urls: list[str]) -> None:
        """Fetch every image not cached yet, a few at a time (a repository has hundreds)."""
        todo = sorted({u for u in urls if u not in self._results})
        if todo:
            with ThreadPoolExecutor(WORKERS) as pool:
                list(pool.map(self.get, todo))

    def _fetch(self, url: str) -> tuple[str | None, str]:
        cached = self.cached_file(url)
        if cached:
            return cached, ""
        try:
            request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (http/https only)
                data = response.read(MAX_BYTES + 1)
        except urllib.error.HTTPError as exc:
            return None, f"the server answered HTTP {exc.code}"
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", None) or exc
            return None, f"it could not be fetched ({reason})"
        if len(data) > MAX_BYTES:
            return None, f"it is larger than {MAX_BYTES // (1024 * 1024)} MB"
        ext = image_type(data)
        if ext is None:
            return None, "what the server sent is not a PNG, JPEG, GIF, WebP or AVIF image"
        os.makedirs(self.cache, exist_ok=True)
        path = os.path.join(self.cache, hashlib.sha256(url.encode("utf-8")).hexdigest()[:20] + ext)
        tmp = f"{path}.{os.getpid()}.{threading.get_ident()}.part"
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
        return path, ""
