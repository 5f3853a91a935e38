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


STALE_AFTER = 14 * 24 * 3600  # seconds: what no build of that source has touched for two weeks


def prune_stale(folder: str, now: float, keep: str) -> list[str]:
    """Remove the entries of ``folder`` (one per source document: staged pages, KaTeX's answers) that no
    build has touched for ``STALE_AFTER``, except ``keep``; returns what was removed. Every source built
    (tests build many in temporary folders) leaves one, and ``.cache`` would otherwise only grow. A removed
    one is made again, whole, by the next build of its source."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return removed
    for entry in entries:
        if entry.name == keep or now - entry.stat(follow_symlinks=False).st_mtime < STALE_AFTER:
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            os.remove(entry.path)
        removed.append(entry.name)
    return removed


def _read(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def copy_tree_files(pairs: list[tuple[str, str]]) -> None:
    """Copy (source, destination) file pairs, creating folders; used for build-time assets like KaTeX."""
    for src, dest in pairs:
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        shutil.copyfile(src, dest)
