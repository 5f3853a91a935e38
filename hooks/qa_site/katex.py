"""Server-side KaTeX: every formula of a build rendered by ONE Node process, into HTML + MathML.

Readers need no JavaScript and no CDN to read math. A formula KaTeX rejects becomes a diagnostic naming
its file and line, and shows as escaped TeX on the page: never a crash.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass

from .math_delimiters import Formula
from .model import Diagnostic, Severity
from .unicode_math import katex_tex

# KaTeX repeats each formula's TeX inside its MathML (<annotation>): no reader sees or hears it, and it is
# about 6 % of a math page (compressed). The MathML itself stays: screen readers read the formula from it.
TEX_ANNOTATION = re.compile(r'<annotation encoding="application/x-tex">.*?</annotation>', re.S)
SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "katex_render.cjs")


class KatexUnavailable(Exception):
    """Node or the katex npm package is missing: the build cannot render math at all."""


@dataclass
class KatexRenderer:
    """Owns the Node process of one build. ``project_root`` is where ``node_modules/katex`` lives."""

    project_root: str
    node: str = "node"

    def katex_dir(self) -> str:
        return os.path.join(self.project_root, "node_modules", "katex")

    def check(self) -> None:
        if shutil.which(self.node) is None:
            raise KatexUnavailable("Node.js is not installed: install it, then run `npm ci` (or `make setup`)")
        if not os.path.isfile(os.path.join(self.katex_dir(), "package.json")):
            raise KatexUnavailable(f"KaTeX is not installed in {self.katex_dir()}: run `npm ci` (or `make setup`)")

    def render(self, formulas: list[Formula]) -> tuple[dict[int, str], list[Diagnostic], str]:
        """Render all formulas; returns HTML by index, diagnostics, and the KaTeX version used."""
        if not formulas:
            return {}, [], ""
        self.check()
        unique: dict[tuple[str, bool], int] = {}  # the same formula in two languages is rendered once
        for f in formulas:
            unique.setdefault((f.tex, f.display), len(unique))
        requests = "".join(json.dumps({"id": i, "tex": katex_tex(tex), "display": display}) + "\n"
                           for (tex, display), i in unique.items())
        env = dict(os.environ, NODE_PATH=os.path.join(self.project_root, "node_modules"))
        proc = subprocess.run([self.node, SCRIPT], input=requests, capture_output=True, text=True,
                              encoding="utf-8", cwd=self.project_root, env=env, check=False)
        if proc.returncode != 0:
            raise KatexUnavailable(f"the KaTeX renderer failed: {proc.stderr.strip()[:500]}")
        answers: dict[int, dict] = {}
        version = ""
        for line in proc.stdout.splitlines():
            answer = json.loads(line)
            if answer.get("done"):
                version = answer.get("version", "")
            else:
                answers[answer["id"]] = answer
        rendered: dict[int, str] = {}
        diags: list[Diagnostic] = []
        for i, f in enumerate(formulas):
            answer = answers.get(unique[(f.tex, f.display)])
            if answer is None:
                continue
            if "error" in answer:
                diags.append(Diagnostic(f.path, f.line, Severity.WARNING,
                                        f"KaTeX cannot render formula '{_short(f.tex)}': {answer['error']}",
                                        "fix the TeX; the page shows it as text meanwhile"))
                rendered[i] = (f'<code class="qa-math-error" title="{html.escape(answer["error"], quote=True)}">'
                               f"{html.escape(f.tex)}</code>")
            else:
                rendered[i] = TEX_ANNOTATION.sub("", answer["html"])
        missing = set(range(len(formulas))) - set(rendered)
        if missing:
            raise KatexUnavailable(f"the KaTeX renderer answered {len(rendered)} of {len(formulas)} formulas")
        return rendered, diags, version


def _short(tex: str, limit: int = 60) -> str:
    tex = " ".join(tex.split())
    return tex if len(tex) <= limit else tex[: limit - 1] + "…"
