"""Reading the maintainer's YAML files (slug maps, keywords, glossary, translation fingerprints) quickly.

A book keeps several of them per document, and PyYAML's own parser, written in Python, took a tenth of the
core's time for a book of 50 documents. PyYAML's bindings to libyaml parse the same files several times
faster into the same data (the same constructors build it). A file libyaml refuses is read again by the
Python parser, so a mistake is reported exactly as before: same words, same line.
"""

from __future__ import annotations

import yaml

_FAST = getattr(yaml, "CSafeLoader", None)  # absent when PyYAML was built without libyaml


def safe_load(text: str):
    """``yaml.safe_load(text)``, sooner."""
    if _FAST is not None:
        try:
            return yaml.load(text, Loader=_FAST)  # noqa: S506 (the safe loader, libyaml's parser)
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)
