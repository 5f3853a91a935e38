"""KaTeX's stylesheet and fonts as this site needs them: only what its formulas use, so math pages stay light.

Fonts: cut to the glyphs the formulas draw (fonttools). Stylesheet: only the rules whose classes the
formulas use, fonts as WOFF2 only, and per set of small faces a page draws with, a variant with those faces
embedded as ``data:`` URIs (one request fewer each).

KaTeX ships each font whole (about 100 KB for the five a typical page needs); a book's formulas draw a few
hundred characters, each in one font. Which font draws a character is decided by KaTeX's stylesheet: the
innermost element whose class sets a ``font-family`` (``.mathnormal`` → KaTeX_Math italic), ``font-style``
or ``font-weight``; KaTeX_Main regular otherwise. ``font_characters`` reads those rules from the stylesheet
itself and walks the visual part of every rendered formula, so each font keeps only its own characters (plus
a few KaTeX may draw by itself). The fonts keep their names, so the stylesheet finds them unchanged. The
result is cached by the character sets and the font files: a rebuild that draws no new character copies it.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
from html.parser import HTMLParser

# kept in KaTeX_Main regular, the default face, whatever the formulas draw: cheap insurance for characters KaTeX
# may draw without spelling them out
ALWAYS = "0123456789()[]{}+-=|/.,:;'\"<>*!?^_ \u00a0\u2212\u2032\u2026"
DEFAULT = ("KaTeX_Main", "normal", "400")
_PROPERTY = re.compile(r"font-(family|style|weight)\s*:\s*([^;}]+)")


def class_rules(stylesheet: str) -> list[tuple[frozenset[str], dict[str, str]]]:
    """``(classes an element must have, font properties they set)`` from KaTeX's stylesheet.

    Only rules of the form ``.katex .a.b{…}`` (one element) are read; a selector list is split into its parts.
    """
    rules = []
    for block in re.finditer(r"([^{}]+)\{([^}]*)\}", stylesheet):
        props = {name: value.strip().strip("'\"").split(",")[0].strip()
                 for name, value in _PROPERTY.findall(block.group(2))}
        if not props:
            continue
        for selector in block.group(1).split(","):
            m = re.fullmatch(r"\s*\.katex\s+((?:\.[\w-]+)+)\s*", selector)
            if m:
                rules.append((frozenset(m.group(1).strip(".").split(".")), props))
    return rules


class _Walker(HTMLParser):
    """Collects, per (family, style, weight), the characters drawn under the elements that choose it.

    It is fed KaTeX's visual part only (``katex-html``): the MathML copy before it is for screen readers.
    """

    VOID = {"br", "img", "hr", "wbr", "input", "meta", "link"}

    def __init__(self, rules) -> None:
        super().__init__(convert_charrefs=True)
        self.rules = rules
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.found: dict[tuple[str, str, str], set[str]] = {}

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        props: dict[str, str] = {}
        for needed, values in self.rules:
            if needed <= classes:
                props.update(values)
        self.stack.append((tag, props))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not data.strip() or any(tag == "svg" for tag, _ in self.stack):
            return
        family, style, weight = DEFAULT
        for _, props in self.stack:  # outermost first: inner rules win
            family = props.get("family", family)
            style = props.get("style", style)
            weight = props.get("weight", weight)
        key = (family, style, "700" if weight in ("700", "bold") else "400")
        self.found.setdefault(key, set()).update(data)


def font_characters(rendered_html: list[str], stylesheet: str) -> dict[tuple[str, str, str], str]:
    """(family, style, weight) → the characters the formulas draw in that font."""
    walker = _Walker(class_rules(stylesheet))
    for fragment in rendered_html:
        at = fragment.find('class="katex-html"')
        if at < 0:
            continue
        walker.feed(fragment[fragment.rfind("<", 0, at):])
        walker.stack.clear()
    return {key: "".join(sorted(chars)) for key, chars in walker.found.items()}


def font_file(family: str, style: str, weight: str) -> str:
    """KaTeX's file name for a face: ``KaTeX_Main-BoldItalic.woff2``."""
    variant = ("Bold" if weight == "700" else "") + ("Italic" if style == "italic" else "")
    return f"{family}-{variant or 'Regular'}.woff2"


def cut_fonts(font_dir: str, characters: dict[tuple[str, str, str], str], cache_dir: str) -> tuple[str, dict[str, int]]:
    """Every ``*.woff2`` of ``font_dir`` cut to the characters drawn in it (the default face also keeps
    ``ALWAYS``), in a folder of ``cache_dir`` named after what it holds; returns that folder and the bytes of
    each font. A build that draws no new character finds the folder already there."""
    names = sorted(n for n in os.listdir(font_dir) if n.endswith(".woff2"))
    wanted: dict[str, set[str]] = {name: set() for name in names}
    wanted.setdefault(font_file(*DEFAULT), set()).update(ALWAYS)
    for face, chars in characters.items():
        name = font_file(*face)
        if name in wanted:
            wanted[name].update(chars)
    key = hashlib.sha256()
    for name in names:
        key.update(f"{name}:{os.path.getsize(os.path.join(font_dir, name))}:{''.join(sorted(wanted[name]))}".encode())
    cached = os.path.join(cache_dir, key.hexdigest()[:16])
    if not all(os.path.isfile(os.path.join(cached, n)) for n in names):
        from fontTools import subset  # imported here: only a build that draws new characters pays for it

        os.makedirs(cached, exist_ok=True)
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        options.notdef_outline = True
        options.hinting = False  # like the fonts Google Fonts serves to most systems: smaller, same outlines
        for name in names:
            font = subset.load_font(os.path.join(font_dir, name), options)
            subsetter = subset.Subsetter(options)
            subsetter.populate(text="".join(sorted(wanted[name])))
            subsetter.subset(font)
            subset.save_font(font, os.path.join(cached, name + ".part"), options)
            os.replace(os.path.join(cached, name + ".part"), os.path.join(cached, name))
    return cached, {name: os.path.getsize(os.path.join(cached, name)) for name in names}


def copy_fonts(cached: str, out_dir: str) -> None:
    os.makedirs(out_dir, exist_ok=True)
    for name in os.listdir(cached):
        if name.endswith(".woff2"):
            shutil.copyfile(os.path.join(cached, name), os.path.join(out_dir, name))


def used_classes(rendered_html: list[str]) -> set[str]:
    """Every class the formulas' HTML uses."""
    out: set[str] = set()
    for fragment in rendered_html:
        for m in re.finditer(r'class="([^"]*)"', fragment):
            out.update(m.group(1).split())
    return out


def prune(css: str, classes: set[str]) -> str:
    """KaTeX's stylesheet without the rules no formula of the site needs (about 60 % of it).

    The stylesheet is flat (``@font-face`` blocks and ``selectors{declarations}``). A selector is kept when
    every class it names is used (classes inside ``:not(…)`` do not count: they match by being absent).
    """
    out = []
    for m in re.finditer(r"(@font-face\{[^}]*\})|([^{}@]+)\{([^}]*)\}", css):
        if m.group(1):
            out.append(m.group(1))
            continue
        selectors = [sel for sel in m.group(2).split(",")
                     if set(re.findall(r"\.([\w-]+)", re.sub(r":not\([^)]*\)", "", sel))) <= classes]
        if selectors:
            out.append(",".join(selectors) + "{" + m.group(3) + "}")
    return "".join(out)


def formula_fonts(rendered: dict[int, str], css: str) -> tuple[dict[tuple[str, str, str], str], dict[int, set[str]]]:
    """``font_characters`` of all formulas, and the font files each formula draws with (``faces``), walking
    each distinct formula once: a book repeats formulas (both languages have each one), and walking every
    formula twice with a fresh reading of the stylesheet each time grew to seconds for a large book."""
    rules = class_rules(css)
    drawn: dict[str, dict[tuple[str, str, str], set[str]]] = {}  # formula HTML → its characters per font
    for fragment in rendered.values():
        if fragment in drawn:
            continue
        walker = _Walker(rules)
        at = fragment.find('class="katex-html"')
        if at >= 0:
            walker.feed(fragment[fragment.rfind("<", 0, at):])
        drawn[fragment] = walker.found
    characters: dict[tuple[str, str, str], set[str]] = {}
    for found in drawn.values():
        for key, chars in found.items():
            characters.setdefault(key, set()).update(chars)
    return ({key: "".join(sorted(chars)) for key, chars in characters.items()},
            {i: {font_file(*key) for key in drawn[fragment]} for i, fragment in rendered.items()})


EMBED_BELOW = 1536  # bytes: a face this small travels inside the stylesheet of the pages that draw with it


def stylesheet(css: str, font_dir: str, embed: set[str]) -> str:
    """KaTeX's stylesheet with each ``@font-face`` pointing at the WOFF2 file only (the site ships no other
    format), and the faces in ``embed`` inside it as ``data:`` URIs (read from ``font_dir``)."""

    def face(m: re.Match) -> str:
        name = m.group(1)
        if name in embed:
            with open(os.path.join(font_dir, name), "rb") as fh:
                data = base64.b64encode(fh.read()).decode("ascii")
            return f'src:url(data:font/woff2;base64,{data}) format("woff2")'
        return f'src:url(fonts/{name}) format("woff2")'

    return re.sub(r'src:url\(fonts/([\w-]+\.woff2)\) format\("woff2"\)(?:,url\([^)]*\) format\("\w+"\))*', face, css)


def variant(embed: set[str]) -> str:
    """The stylesheet's file for a set of embedded faces: ``katex.css``, or ``katex-3f2a9c1b.css``."""
    if not embed:
        return "katex.css"
    return "katex-" + hashlib.sha256(",".join(sorted(embed)).encode()).hexdigest()[:8] + ".css"
