"""The baseline of bench/build_scale.py: MkDocs alone on the staged pages, plus the one thing our hooks do for
MkDocs' own work (the theme's compiled templates kept between builds), so that the comparison counts only
what our hooks add: parsing, staging, math, cards, page heads, search."""

from __future__ import annotations

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "hooks"))

try:
    from qa_site import template_cache  # noqa: E402
except ImportError:  # a version of the site from before the cache (measured for comparison): MkDocs alone
    template_cache = None


def on_env(env, config, files):
    if template_cache is not None:
        template_cache.use_bytecode_cache(env, os.path.join(ROOT, ".cache", "templates"))
    return env
