"""Unicode math letters copied from web pages (``𝑝(𝑥_{1:𝐿})``, ``𝜃``, ``𝓛``) as TeX that KaTeX renders.

KaTeX draws the Latin letters of the Mathematical Alphanumeric Symbols block itself, but not the Greek ones
nor bold script: those come out as bare characters without font metrics (``unknownSymbol``), in whatever
font the reader's system has. Every letter of the block is therefore written as the TeX it stands for
(``𝜃`` → ``{\\theta}``, ``𝐖`` → ``{\\mathbf{W}}``, ``𝔼`` → ``{\\mathbb{E}}``), read from its Unicode name,
before the formula reaches KaTeX. Only formulas are rewritten; messages still quote the author's TeX.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_MATH_LETTER = re.compile("[\U0001d400-\U0001d7ff]")
_NAME = re.compile(r"^MATHEMATICAL (?P<style>.+?) (?:(?P<symbol>NABLA|PARTIAL DIFFERENTIAL|(?:CAPITAL )?"
                   r"(?:EPSILON|THETA|KAPPA|PHI|RHO|PI) SYMBOL)|(?P<case>CAPITAL|SMALL) (?P<letter>.+)"
                   r"|DIGIT (?P<digit>\w+))$")
_LATIN = {  # style → wrapper of a Latin letter or digit (italic is TeX's default for letters)
    "ITALIC": "{}",
    "BOLD": "\\mathbf{{{}}}",
    "BOLD ITALIC": "\\boldsymbol{{{}}}",
    "SCRIPT": "\\mathcal{{{}}}",
    "BOLD SCRIPT": "\\boldsymbol{{\\mathcal{{{}}}}}",
    "FRAKTUR": "\\mathfrak{{{}}}",
    "BOLD FRAKTUR": "\\boldsymbol{{\\mathfrak{{{}}}}}",
    "DOUBLE-STRUCK": "\\mathbb{{{}}}",
    "SANS-SERIF": "\\mathsf{{{}}}",
    "SANS-SERIF BOLD": "\\boldsymbol{{\\mathsf{{{}}}}}",
    "SANS-SERIF ITALIC": "\\mathsf{{{}}}",
    "SANS-SERIF BOLD ITALIC": "\\boldsymbol{{\\mathsf{{{}}}}}",
    "MONOSPACE": "\\mathtt{{{}}}",
}
_GREEK_SMALL = {"EPSILON": "varepsilon", "PHI": "varphi", "FINAL SIGMA": "varsigma"}  # the shapes Unicode draws
_GREEK_NAMES = {"LAMDA": "LAMBDA"}  # Unicode's spelling
_GREEK_ANY_CASE = {"DIGAMMA": "digamma"}  # KaTeX has the small one only
_SYMBOLS = {"EPSILON SYMBOL": "epsilon", "THETA SYMBOL": "vartheta", "KAPPA SYMBOL": "varkappa",
            "PHI SYMBOL": "phi", "RHO SYMBOL": "varrho", "PI SYMBOL": "varpi", "CAPITAL THETA SYMBOL": "varTheta",
            "NABLA": "nabla", "PARTIAL DIFFERENTIAL": "partial"}
_DOTLESS = {"DOTLESS I": "imath", "DOTLESS J": "jmath"}


@lru_cache(maxsize=None)
def tex_of(ch: str) -> str:
    """The TeX for one math letter (``𝜃`` → ``{\\theta}``); the character itself when it is not one."""
    m = _NAME.match(unicodedata.name(ch, ""))
    if not m:
        return ch
    style = m.group("style")
    bold = "BOLD" in style.split()
    if m.group("digit"):
        return "{" + _LATIN.get(style, "{}").format(str(unicodedata.digit(ch))) + "}"
    if m.group("symbol"):
        command = "\\" + _SYMBOLS.get(m.group("symbol"), "")
        if command == "\\":
            return ch
        return "{" + (f"\\boldsymbol{{{command}}}" if bold else command) + "}"
    letter, case = m.group("letter"), m.group("case")
    if len(letter) == 1:  # Latin
        letter = letter if case == "CAPITAL" else letter.lower()
        return letter if style == "ITALIC" else "{" + _LATIN.get(style, "{}").format(letter) + "}"
    if letter in _DOTLESS:
        return "{\\" + _DOTLESS[letter] + "}"
    letter = _GREEK_NAMES.get(letter, letter)
    if letter in _GREEK_ANY_CASE:
        name = _GREEK_ANY_CASE[letter]
    else:
        name = _GREEK_SMALL.get(letter, letter.lower()) if case == "SMALL" else letter.capitalize()
    command = "\\" + name.replace(" ", "")
    return "{" + (f"\\boldsymbol{{{command}}}" if bold else command) + "}"


def katex_tex(tex: str) -> str:
    """A formula's TeX with every Unicode math letter written as TeX."""
    return _MATH_LETTER.sub(lambda m: tex_of(m.group(0)), tex) if _MATH_LETTER.search(tex) else tex
