"""Image references: resolved beside the source document, refused when they leave its folder.

Every image a page shows is copied from the source folder into the site, under the same relative path,
so the page's link to it works at any depth. A missing image, a path that leaves the source folder (also
through a symbolic link), or a remote image (the site loads nothing off-site) becomes a visible placeholder
and a message naming the file and line; nothing outside the folder is ever read. An inline ``data:`` image
is kept when it is a raster image (PNG, JPEG, GIF, WebP) and refused otherwise. ``<img>`` tags whose ``>``
is on a later line are rewritten too, and ``![](imgs/a b.png)`` (a path with spaces, which Markdown does
not read as an image) is read as the image it names when that file exists. For a language other than the
default, ``name.<lang>.ext`` beside the image is used when it exists (``BLIP2-1.en.svg``): figures carry
translated labels.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote

from .headings import shorten
from .image_size import intrinsic_size
from .links import page_url
from .markdown_scan import link_destination_end, outside_code, split_destination
from .model import IMAGE_DOWNLOAD_FAILED, IMAGE_MISSING, IMAGE_REFUSED, IMAGE_REMOTE, Diagnostic, Severity
from .remote_images import RemoteImages

REMOTE_FOLDER = "remote-images"  # downloaded remote images, inside each language's root

# the alt text may hold one level of brackets; no "[" otherwise, so the scan stays linear on hostile lines
MD_IMAGE = re.compile(r"!\[(?P<alt>(?:[^\]\\\[]|\\.|\[(?:[^\]\\\[]|\\.)*\])*)\]\(")
HTML_IMG = re.compile(r"<img\b[^<>]*(?:>|$)", re.I)  # "$": the tag's ">" is on a later line
HTML_ATTR = r"""\b{name}\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'>]+))"""
SRC_ATTR = re.compile(HTML_ATTR.format(name="src"), re.I)
ALT_ATTR = re.compile(HTML_ATTR.format(name="alt"), re.I)
REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)
RASTER_DATA = re.compile(r"^data:image/(?:png|jpe?g|gif|webp|avif|bmp)(?:;[a-z0-9=.+-]+)*[;,]", re.I)
MAX_PATH = 4096


@dataclass(frozen=True)
class Asset:
    """A file to copy into the site: from ``source`` (absolute) to ``target`` (relative to the language root)."""

    source: str
    target: str


@dataclass
class AssetResolver:
    """Resolves image paths of one source document (``doc_path``) inside its source folder (``root``)."""

    root: str
    doc_path: str
    display_path: str
    language: str
    default_language: str
    texts: dict

    remote: RemoteImages | None = None  # extra.qa.remote_images (remote_images.py); None: "link"

    def resolve(self, src: str, line: int, diags: list[Diagnostic], shown: str = "") -> tuple[Asset | None, str]:
        """Returns the asset (or None) and, when None, the reason for the placeholder ("load": keep it)."""
        if not src.strip():
            diags.append(Diagnostic(self.display_path, line, Severity.WARNING,
                                    f"image '{shown}' has no path: a placeholder is shown",
                                    "write the figure's path, like imgs/figure.png, or remove the image",
                                    IMAGE_MISSING))
            return None, "missing"
        if REMOTE.match(src):
            return self._remote(src, line, diags)
        if src[:5].lower() == "data:":
            if RASTER_DATA.match(src):
                return None, "data"
            diags.append(Diagnostic(self.display_path, line, Severity.WARNING,
                                    f"inline image '{src[:40]}…' is not a PNG, JPEG, GIF or WebP image and is refused",
                                    "save the image as a file next to the document and link it", IMAGE_REFUSED))
            return None, "unsupported"
        path = unquote(src.split("#", 1)[0].split("?", 1)[0])
        if not path:
            diags.append(Diagnostic(self.display_path, line, Severity.WARNING, f"image '{src}' names no file",
                                    "link the image by a relative path like imgs/figure.png", IMAGE_MISSING))
            return None, "missing"
        if "\x00" in path or len(path) > MAX_PATH or re.match(r"^[a-z][a-z0-9+.-]*:", path, re.I):
            diags.append(Diagnostic(self.display_path, line, Severity.WARNING,
                                    f"image '{src[:60]}' is not a path inside the source folder and is refused",
                                    "link the image by a relative path like imgs/figure.png", IMAGE_REFUSED))
            return None, "unsupported"
        doc_dir = os.path.dirname(self.doc_path)
        candidate = os.path.normpath(os.path.join(doc_dir, path))
        root = os.path.realpath(self.root)
        real = os.path.realpath(candidate)
        if os.path.isabs(path) or os.path.commonpath([root, real]) != root:
            diags.append(Diagnostic(self.display_path, line, Severity.WARNING,
                                    f"image '{src}' is outside the source folder and is refused",
                                    f"move the image into {self.root!r} and link it by a relative path",
                                    IMAGE_REFUSED))
            return None, "refused"
        if not os.path.isfile(real):
            diags.append(Diagnostic(self.display_path, line, Severity.WARNING,
                                    f"image '{src}' does not exist",
                                    "add the file next to the document or fix the path", IMAGE_MISSING))
            return None, "missing"
        target = os.path.relpath(real, root).replace(os.sep, "/")
        if self.language != self.default_language:
            stem, ext = os.path.splitext(real)
            localized = f"{stem}.{self.language}{ext}"
            if os.path.isfile(localized):
                return Asset(localized, target), ""
        return Asset(real, target), ""

    def _remote(self, src: str, line: int, diags: list[Diagnostic]) -> tuple[Asset | None, str]:
        mode = self.remote.mode if self.remote else "link"
        web = src.lower().startswith(("https://", "http://"))
        if mode == "load" and web:
            return None, "load"
        if mode == "download" and web:
            path, error = self.remote.get(src)
            if path:
                return Asset(path, f"{REMOTE_FOLDER}/{os.path.basename(path)}"), ""
            diags.append(Diagnostic(self.display_path, line, Severity.WARNING,
                                    f"remote image '{src}' was not downloaded: {error}; it is shown as a link",
                                    "check the address, or save the image next to the document and link it by "
                                    "a relative path", IMAGE_DOWNLOAD_FAILED))
            return None, "remote"
        diags.append(Diagnostic(self.display_path, line, Severity.NOTICE,
                                f"remote image '{src}' is shown as a link: the site loads nothing off-site",
                                "set extra.qa.remote_images: download to serve it from the site, or save it next "
                                "to the document", IMAGE_REMOTE))
        return None, "remote"

    def placeholder(self, alt: str, src: str, reason: str) -> str:
        label = self.texts["figure_" + reason] if ("figure_" + reason) in self.texts else self.texts["figure_missing"]
        alt_text = html.escape(alt or posixpath.basename(src), quote=True)
        if not alt_text:  # ![]() or <img src="">: nothing to name, the label alone
            return f'<span class="qa-missing-figure" role="img" aria-label="{label}">{label}</span>'

        link = ""
        if reason == "remote" and src.lower().startswith(("https://", "http://")):
            link = f' <a href="{html.escape(src, quote=True)}" rel="nofollow noopener">{html.escape(src)}</a>'
        return (f'<span class="qa-missing-figure" role="img" aria-label="{label}: {alt_text}">'
                f"{label}: {alt_text}{link}</span>")


def rewrite_images(text: str, line: int, resolver: AssetResolver, page: str,
                   assets: list[Asset], diags: list[Diagnostic]) -> str:
    """Point every image of one line of ``page`` (``deepseek/mla.md``) at its copy in the site, or replace it
    by a placeholder. Markdown images are relative to the page file (MkDocs turns them into URLs); ``<img>``
    tags, which MkDocs leaves alone, are relative to the page's URL (``deepseek/mla/``)."""
    page_dir, url_dir = posixpath.dirname(page), page_url(page).rstrip("/")

    def fix_segment(seg: str) -> str:
        out: list[str] = []
        pos = 0
        for m in MD_IMAGE.finditer(seg):
            if m.start() < pos:
                continue
            end = link_destination_end(seg, m.end())
            spaced = _spaced_destination(seg, m.end(), end, resolver)
            if spaced is None and end is None:  # ![a](x y): not an image to CommonMark, one for Python-Markdown
                spaced = link_destination_end(seg, m.end(), loose=True)
            if spaced is not None:
                end = spaced
            if end is None:
                continue
            src, title = split_destination(seg[m.end():end], spaced=spaced is not None)
            asset, reason = resolver.resolve(src, line, diags, shown=shorten(seg[m.start():end + 1]))
            out.append(seg[pos:m.start()])
            if asset:
                assets.append(asset)
                rel = posixpath.relpath(asset.target, page_dir or ".")
                size = intrinsic_size(asset.source)
                attrs = f'{{ width="{size[0]}" height="{size[1]}" }}' if size else ""
                out.append(f"![{m.group('alt')}](<{rel}>{' ' + title if title else ''}){attrs}")
            elif reason in ("data", "load"):
                out.append(seg[m.start():end + 1])
            else:
                out.append(resolver.placeholder(m.group("alt"), src, reason))
            pos = end + 1
        out.append(seg[pos:])
        seg = "".join(out)

        def fix_img(m: re.Match) -> str:
            tag = m.group(0)
            src_match = SRC_ATTR.search(tag)
            if not src_match and not tag.endswith(">"):
                return tag  # the tag goes on on the next line, which may hold its src
            src = html.unescape(_attr_value(src_match)) if src_match else ""
            asset, reason = resolver.resolve(src, line, diags, shown=shorten(tag))
            if asset:
                assets.append(asset)
                rel = posixpath.relpath(asset.target, url_dir or ".")
                tag = tag[:src_match.start()] + f'src="{html.escape(rel, quote=True)}"' + tag[src_match.end():]
                size = intrinsic_size(asset.source)
                if size and not re.search(r"\s(?:width|height)\s*=", tag, re.I):
                    tag = re.sub(r"\s*/?>$", lambda end: f' width="{size[0]}" height="{size[1]}"{end.group(0)}', tag)
                return tag
            if reason in ("data", "load"):
                return tag
            alt_match = ALT_ATTR.search(tag)
            return resolver.placeholder(html.unescape(_attr_value(alt_match)) if alt_match else "", src, reason)

        return HTML_IMG.sub(fix_img, seg)

    return "".join(text[s:e] if code else fix_segment(text[s:e]) for code, s, e in outside_code(text))


def _spaced_destination(seg: str, start: int, end: int | None, resolver: AssetResolver) -> int | None:
    """``![x](imgs/a b.png)``: when the whole text up to ``)`` names an existing image, where it ends."""
    if end is not None and " " not in seg[start:end].strip():
        return None
    close = seg.find(")", start)
    if close < 0 or close - start > MAX_PATH:
        return None
    candidate = unquote(seg[start:close].strip())
    if " " not in candidate or candidate.startswith(("<", "#")) or REMOTE.match(candidate):
        return None
    path = os.path.normpath(os.path.join(os.path.dirname(resolver.doc_path), candidate))
    return close if "\x00" not in path and os.path.isfile(path) else None


def _attr_value(m: re.Match) -> str:
    return next(v for v in (m.group("dq"), m.group("sq"), m.group("bare")) if v is not None)
