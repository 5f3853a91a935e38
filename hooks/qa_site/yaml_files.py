"""YAML through libyaml: the maintainer's files (slug maps, keywords, glossary, fingerprints) read, and each
page's front matter written, several times sooner than by PyYAML's own parser and emitter, written in Python.

A book keeps several files per document, and parsing them took a tenth of the core's time for a book of 50
documents; writing the front matter of its 2,100 pages, a fifth. libyaml parses into the same data (the same
constructors build it) and writes the same text (``tests/test_yaml_files.py`` compares them). A file libyaml
refuses is read again by the Python parser, so a mistake is reported exactly as before: same words, same line.
"""

from __future__ import annotations

import yaml

_FAST = getattr(yaml, "CSafeLoader", None)  # absent when PyYAML was built without libyaml
_FAST_DUMPER = getattr(yaml, "CSafeDumper", None)
_ONE_LINE = 2**31 - 1  # libyaml's line width is an int: wider than any value, as PyYAML's float("inf")


def safe_load(text: str):
    """``yaml.safe_load(text)``, sooner."""
    if _FAST is not None:
        try:
            return yaml.load(text, Loader=_FAST)  # noqa: S506 (the safe loader, libyaml's parser)
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)


def dump_quoted(data: dict) -> str:
    """``data`` as YAML, every value double-quoted in ASCII on one line, keys in their order:
    ``yaml.safe_dump(data, allow_unicode=False, default_style='"', sort_keys=False, width=float("inf"))``."""
    if _FAST_DUMPER is not None:
        return yaml.dump(data, Dumper=_FAST_DUMPER, allow_unicode=False, default_style='"', sort_keys=False,
                         width=_ONE_LINE)
    return yaml.safe_dump(data, allow_unicode=False, default_style='"', sort_keys=False, width=float("inf"))
