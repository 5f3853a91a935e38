"""Reading the files kept beside a document and edited by hand: slug maps, sync files, search keywords and
the glossary, the record of published URLs.

A hand-edited file can be broken in many ways: not UTF-8, not YAML, a list where a mapping belongs. Each
is one diagnostic naming the file and line, and the caller goes on without what it could not read: never a
traceback.
"""

from __future__ import annotations

import re

import yaml

from . import yaml_files
from .model import Diagnostic, Severity


def read_text(path: str, display: str, severity: Severity, hint: str, diags: list[Diagnostic]) -> str | None:
    """The file's text, or None after a diagnostic (line and byte offset) when its bytes are not UTF-8."""
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, problem = utf8_problem(data, exc)
        diags.append(Diagnostic(display, line, severity, f"{problem}; the file is not read", hint))
        return None


def utf8_problem(data: bytes, exc: UnicodeDecodeError) -> tuple[int, str]:
    """Where bytes stop being UTF-8, for a message: (its line, "byte 1720 (0xff) is not UTF-8")."""
    return data.count(b"\n", 0, exc.start) + 1, f"byte {exc.start} (0x{data[exc.start]:02x}) is not UTF-8"


def read_mapping(path: str, display: str, severity: Severity, hint: str, diags: list[Diagnostic],
                 sections: tuple[str, ...] = ()) -> dict | None:
    """The mapping a YAML file holds ({} for an empty file), or None after a diagnostic when it holds none.

    Each key of ``sections`` must hold a mapping too; one that does not is reported and read as empty.
    """
    text = read_text(path, display, severity, hint, diags)
    if text is None:
        return None
    try:
        value = yaml_files.safe_load(text)
    except yaml.YAMLError as exc:
        marks = [m for m in (getattr(exc, "problem_mark", None), getattr(exc, "context_mark", None)) if m]
        # where YAML noticed, unless that is past the last line ("[a" never closed): then where the trouble began
        lines = [m.line + 1 for m in marks]
        line = next((n for n in lines if n <= len(text.splitlines())), lines[0] if lines else 0)
        problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
        diags.append(Diagnostic(display, line, severity, f"not valid YAML ({problem}); the file is not read", hint))
        return None
    if value is None:
        return {}
    if not isinstance(value, dict):
        diags.append(Diagnostic(display, 1, severity, f"holds a {_kind(value)}, not a mapping of keys to values; "
                                "the file is not read", hint))
        return None
    for key in sections:
        if value.get(key) is not None and not isinstance(value[key], dict):
            line = next((n for n, row in enumerate(text.splitlines(), start=1)
                         if re.match(rf"^['\"]?{re.escape(key)}['\"]?\s*:", row)), 0)
            diags.append(Diagnostic(display, line, severity, f"'{key}' holds a {_kind(value[key])}, not a mapping "
                                    "of keys to values; it is not read", hint))
            value[key] = {}
    return value


def _kind(value) -> str:
    return {list: "list", str: "text", int: "number", float: "number", bool: "yes/no value"}.get(type(value),
                                                                                               type(value).__name__)
