"""The intrinsic size of a figure, so the page reserves its space before the figure arrives (no layout jump).

SVG: the root element's ``width``/``height`` (plain numbers or px), else its ``viewBox``. Raster images: the
header, read by Pillow without decoding the pixels. Anything else, or a file that cannot be read: unknown.
"""

from __future__ import annotations

import functools
import re

_SVG_ROOT = re.compile(r"<svg\b[^>]*>", re.S)
_NUMBER = r"\s*([0-9]+(?:\.[0-9]+)?)\s*(?:px)?\s*"


@functools.lru_cache(maxsize=4096)
def intrinsic_size(path: str) -> tuple[int, int] | None:
    if path.lower().endswith(".svg"):
        return _svg_size(path)
    try:
        from PIL import Image

        with Image.open(path) as image:
            return image.size
    except Exception:  # not an image Pillow knows, or unreadable: the page simply reserves nothing
        return None


def _svg_size(path: str) -> tuple[int, int] | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            head = fh.read(8192)
    except OSError:
        return None
    root = _SVG_ROOT.search(head)
    if root is None:
        return None
    tag = root.group(0)
    width = re.search(r'\swidth\s*=\s*["\']' + _NUMBER + '["\']', tag)
    height = re.search(r'\sheight\s*=\s*["\']' + _NUMBER + '["\']', tag)
    if width and height:
        return round(float(width.group(1))), round(float(height.group(1)))
    box = re.search(r'viewBox\s*=\s*["\']\s*[-0-9.]+[\s,]+[-0-9.]+[\s,]+([0-9.]+)[\s,]+([0-9.]+)\s*["\']', tag)
    if box:
        return round(float(box.group(1))), round(float(box.group(2)))
    return None
