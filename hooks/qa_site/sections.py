"""A book's folders as navigation sections, in the author's order.

A repository of interview notes keeps its documents in nested folders, each folder often introduced by a
README that lists its documents in the order the author wants them read. Here a folder is a ``Section``:

* its children are the documents and sub-folders it holds (a folder without any document below it is not
  a section: ``imgs/``);
* their order is the order in which the README links them (a link into a sub-folder places that
  sub-folder), then, for those it does not link, natural file order (``2-x`` before ``10-x``);
* its title is the folder's name without its ordering number (``01_大模型基础`` → ``大模型基础``);
* a folder with a single document, no README and no sub-folder is not a section of its own: the document
  takes its place (``02-training/sft.md`` reads as the document "training").

Nothing here reads a document's content except the README's links: parsing stays in ``source.py``.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from .model import Section

SKIPPED_NAMES = {"readme.md", "summary.md", "changelog.md", "license.md", "contributing.md"}
README_NAMES = ("README.md", "readme.md", "Readme.md", "README.MD")
TRANSLATION_NAME = re.compile(r"\.[a-z]{2,3}(?:[-_][a-z]{2,4})?\.md$")  # x.en.md, x.zh-tw.md
_NATURAL = re.compile(r"(\d+)")
_LEADING_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)*|[一二三四五六七八九十]+)\s*[-_.、．:：)）\s]\s*")
_MD_LINK = re.compile(r"\]\(\s*<?([^)>\s]+)")
_HTML_HREF = re.compile(r"""\bhref\s*=\s*["']([^"']+)["']""", re.I)


def natural_key(path: str) -> list:
    """``2-x.md`` before ``10-x.md``: numbers in names compare as numbers."""
    return [int(part) if part.isdigit() else part.casefold() for part in _NATURAL.split(path)]


def is_document(name: str) -> bool:
    lower = name.lower()
    return lower.endswith(".md") and not TRANSLATION_NAME.search(lower) and lower not in SKIPPED_NAMES


def folder_title(name: str) -> str:
    """A folder's name as a title: without its ordering number, ``_`` as a space."""
    title = _LEADING_NUMBER.sub("", name, count=1).replace("_", " ").strip()
    return title or name


def readme_of(folder: str) -> str | None:
    for name in README_NAMES:
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            return path
    return None


@dataclass
class _Folder:
    """A folder while it is read: its documents and sub-folders, before they become parts and sections."""

    path: str
    folder: str
    documents: list[str] = field(default_factory=list)  # absolute paths
    folders: list["_Folder"] = field(default_factory=list)
    readme: str | None = None
    order: list[str] = field(default_factory=list)  # absolute paths of documents and folders, in order

    def has_documents(self) -> bool:
        return bool(self.documents) or any(f.has_documents() for f in self.folders)


def read_folders(root: str) -> _Folder:
    """The folder tree below ``root``, each folder's children in the author's order."""

    def visit(folder: str, rel: str) -> _Folder:
        node = _Folder(rel, folder, readme=readme_of(folder))
        try:
            names = sorted(os.listdir(folder), key=natural_key)
        except OSError:
            names = []
        for name in names:
            if name.startswith("."):
                continue
            full = os.path.join(folder, name)
            if os.path.isdir(full):
                child = visit(full, posixpath.join(rel, name) if rel else name)
                if child.has_documents():
                    node.folders.append(child)
            elif is_document(name):
                node.documents.append(full)
        natural = sorted(node.documents + [f.folder for f in node.folders],
                         key=lambda p: natural_key(os.path.basename(p)))
        listed = readme_order(node.readme, folder, natural) if node.readme else []
        node.order = listed + [p for p in natural if p not in listed]
        return node

    return visit(os.path.abspath(root), "")


def readme_order(readme: str, folder: str, children: list[str]) -> list[str]:
    """The children a README links, in the order of their first link. A link into a sub-folder (its README
    or a document inside it) places that sub-folder."""
    try:
        with open(readme, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
    except OSError:
        return []
    wanted = {os.path.normcase(os.path.abspath(c)): c for c in children}
    out: list[str] = []
    for m in sorted(list(_MD_LINK.finditer(text)) + list(_HTML_HREF.finditer(text)), key=lambda m: m.start()):
        dest = unquote(m.group(1).split("#", 1)[0].split("?", 1)[0])
        if not dest or re.match(r"^[a-z][a-z0-9+.-]*:", dest, re.I) or dest.startswith("/"):
            continue
        target = os.path.normcase(os.path.abspath(os.path.join(folder, dest)))
        here = os.path.normcase(os.path.abspath(folder))
        if os.path.commonpath([here, target]) != here or target == here:
            continue
        first = os.path.join(here, os.path.relpath(target, here).split(os.sep)[0])
        child = wanted.get(first)
        if child is not None and child not in out:
            out.append(child)
    return out


def document_order(tree: _Folder) -> list[str]:
    """Every document of the tree in reading order (depth first, in each folder's order)."""
    folders = {f.folder: f for f in tree.folders}
    out: list[str] = []
    for path in tree.order:
        out += document_order(folders[path]) if path in folders else [path]
    return out


def build_sections(tree: _Folder, parts: dict, readme_part) -> Section:
    """The ``Section`` tree for a folder tree; ``parts`` maps a document's absolute path to its ``Part``,
    ``readme_part(path)`` reads a README as a part without topics."""

    def make(node: _Folder, parent: Section | None) -> Section:
        name = os.path.basename(node.folder)
        section = Section(node.path, node.folder, folder_title(name) if node.path else "", parent=parent,
                          readme=readme_part(node.readme) if node.readme else None)
        folders = {f.folder: f for f in node.folders}
        for path in node.order:
            if path in folders:
                sub = folders[path]
                if len(sub.documents) == 1 and not sub.folders and not sub.readme:
                    child = parts[sub.documents[0]]  # a folder of one document is that document
                    child.section = section
                else:
                    child = make(sub, section)
            else:
                child = parts[path]
                child.section = section
            section.children.append(child)
        return section

    return make(tree, None)


def ancestors(section: Section | None) -> list[Section]:
    """The sections from the root's first child down to ``section`` (the root itself left out)."""
    out: list[Section] = []
    while section is not None and section.parent is not None:
        out.insert(0, section)
        section = section.parent
    return out


def translated_sections(root: Section, parts: dict[int, object], readme_part) -> Section:
    """The same tree for another language's edition: its parts (``parts``: id of a source part → the
    edition's part), and each README's translation (``readme_part(source README part)`` → the translated
    README part, or None: the source README is shown, marked as a fallback)."""

    def clone(section: Section, parent: Section | None) -> Section:
        readme, fallback = section.readme, False
        if section.readme is not None:
            translated = readme_part(section.readme)
            readme, fallback = (translated, False) if translated is not None else (section.readme, True)
        if readme is not None:
            readme.url_prefix = section.url_prefix
        copy = Section(section.path, section.folder, section.title, readme=readme, parent=parent,
                       url_prefix=section.url_prefix, fallback=fallback)
        for child in section.children:
            if isinstance(child, Section):
                copy.children.append(clone(child, copy))
            else:
                part = parts[id(child)]
                part.section = copy
                copy.children.append(part)
        return copy

    return clone(root, None)
