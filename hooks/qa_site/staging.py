"""Writing the generated pages and copied assets to the staging folder MkDocs reads as its docs_dir.

Only files whose bytes changed are written and stale files are removed, so ``mkdocs serve`` sees exactly
what an edit changed. Nothing is ever written into the project's ``docs/``.
"""

from __future__ import annotations

import os
import shutil


def sync_tree(root: str, files: dict[str, bytes | str]) -> tuple[int, int]:
    """Make ``root`` hold exactly ``files`` (relative path → content or, for ``str``, a file to copy).

    Returns (files written, files removed).
    """
    os.makedirs(root, exist_ok=True)
    written = 0
    wanted = set()
    for rel, content in files.items():
        rel = rel.replace("\\", "/")
        wanted.add(rel)
        dest = os.path.join(root, *rel.split("/"))
        data = content if isinstance(content, bytes) else _read(content)
        try:
            with open(dest, "rb") as fh:
                if fh.read() == data:
                    continue
        except FileNotFoundError:
            pass
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "wb") as fh:
            fh.write(data)
        written += 1
    removed = 0
    for dirpath, dirnames, filenames in os.walk(root, topdown=False):
        for name in filenames:
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root).replace(os.sep, "/")
            if rel not in wanted:
                os.remove(full)
                removed += 1
        if dirpath != root and not os.listdir(dirpath):
            os.rmdir(dirpath)
    return written, removed


def _read(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def copy_tree_files(pairs: list[tuple[str, str]]) -> None:
    """Copy (source, destination) file pairs, creating folders; used for build-time assets like KaTeX."""
    for src, dest in pairs:
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        shutil.copyfile(src, dest)
