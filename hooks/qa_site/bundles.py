"""The site's own scripts and styles, served with as few requests as possible.

Every feature keeps its source file under ``overrides/assets/`` (search, copy link, the site's CSS). A page
carries the site's styles inline (``INLINE_CSS``: about 2 KB compressed, one request fewer on every cold
load) and loads one script of ours, ``site.js``; the search dialog loads ``search-ui.css`` and
``search-ui.js`` when a reader first opens it. Files are joined as they are, each introduced by a comment
naming its source, then minified (rjsmin, rcssmin: comments and spaces go, nothing is renamed).
"""

from __future__ import annotations

import os

import rcssmin
import rjsmin

LANDING_CSS = ("assets/stylesheets/landing.css",)  # the home page's and the topic pages' own, inline there only
INLINE_CSS = ("assets/stylesheets/qa.css", "assets/stylesheets/qa-share.css", "assets/stylesheets/search.css",
              "assets/stylesheets/errata.css", "assets/stylesheets/progress.css")
BUNDLES: dict[str, tuple[str, ...]] = {
    "assets/javascripts/site.js": ("assets/javascripts/search.js", "assets/javascripts/qa-share.js",
                                   "assets/javascripts/progress.js"),
    # practice mode: the reader's progress (progress.js loads it once there is some to show, and on the practice
    # page), and the practice page's own script and styles
    "assets/javascripts/progress-ui.js": ("assets/javascripts/practice-core.js", "assets/javascripts/progress-marks.js"),
    "assets/stylesheets/progress-ui.css": ("assets/stylesheets/progress-marks.css",),
    "assets/javascripts/practice-ui.js": ("assets/javascripts/practice.js",),
    "assets/stylesheets/practice-ui.css": ("assets/stylesheets/practice.css",),
    "assets/stylesheets/search-ui.css": ("assets/stylesheets/search-dialog.css",),
    "assets/javascripts/search-ui.js": ("assets/javascripts/search-query.js", "assets/javascripts/search-dialog.js"),
}


def bundle_contents(source_root: str) -> dict[str, bytes]:
    """Each bundle's bytes, from the source files under ``source_root`` (the theme's ``overrides`` folder)."""
    out: dict[str, bytes] = {}
    for target, sources in BUNDLES.items():
        parts = []
        for source in sources:
            with open(os.path.join(source_root, *source.split("/")), encoding="utf-8") as fh:
                parts.append(f"/* {source} */\n{_minify(source, fh.read())}\n")
        out[target] = "".join(parts).encode("utf-8")
    return out


def inline_css(source_root: str, sources: tuple[str, ...] = INLINE_CSS) -> str:
    """The site's styles for a ``<style>`` element in every page's head (or ``sources`` only)."""
    parts = []
    for source in sources:
        with open(os.path.join(source_root, *source.split("/")), encoding="utf-8") as fh:
            parts.append(_minify(source, fh.read()))
    return "\n".join(parts).replace("</", "<\\/")  # never ends the <style> element early


def _minify(source: str, text: str) -> str:
    if source.endswith(".js"):
        return rjsmin.jsmin(text)
    return rcssmin.cssmin(text)
