"""Compiled page templates kept between builds: Jinja's own bytecode cache, on disk.

MkDocs makes a new template environment for every build, and mkdocs-static-i18n builds once per language,
so the theme's templates were compiled twice per build and twice per edit under ``mkdocs serve``: a quarter
of the seed's build. With the cache each template is compiled once, then loaded. Jinja compares each
template's source with the cached code (a checksum), so an edited template is compiled again; the folder is
named after everything else that shapes the compiled code (Jinja's and Python's versions, the environment's
syntax and extensions), so code compiled for another setup is never read. The pages come out the same.
"""

from __future__ import annotations

import hashlib
import os
import sys

import jinja2

SYNTAX = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
          "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
          "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized", "is_async")


def use_bytecode_cache(env: jinja2.Environment, cache_root: str) -> bool:
    """Give ``env`` a bytecode cache under ``cache_root``; False (no cache) when the code could depend on
    something the folder name cannot capture (a callable autoescape or finalize)."""
    if callable(env.autoescape) or env.finalize is not None:
        return False
    identity = repr((jinja2.__version__, sys.version, sorted(env.extensions), env.autoescape,
                     [getattr(env, name) for name in SYNTAX]))
    folder = os.path.join(cache_root, hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16])
    os.makedirs(folder, exist_ok=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(folder)
    return True
