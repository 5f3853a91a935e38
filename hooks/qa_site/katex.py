"""Server-side KaTeX: every formula of a build rendered by ONE Node process, into HTML + MathML.

Readers need no JavaScript and no CDN to read math. A formula KaTeX rejects becomes a diagnostic naming
its file and line, and shows as escaped TeX on the page: never a crash.

With a cache file, what KaTeX answered is kept between builds, by the TeX it was asked to render (after
``katex_tex``) and under the identity of the installed KaTeX and of the renderer script: a rebuild (every
edit under ``mkdocs serve``) sends only new formulas to Node, and starts no Node process at all when there
are none. The file keeps the formulas of the last build (under ``make serve``, of its rebuilds too:
``render(…, some=True)``).
"""

from __future__ import annotations

import hashlib
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
    cache_file: str | None = None  # KaTeX's answers of the last build (see the module's docstring)

    def katex_dir(self) -> str:
        return os.path.join(self.project_root, "node_modules", "katex")

    def check(self) -> None:
        if shutil.which(self.node) is None:
            raise KatexUnavailable("Node.js is not installed: install it, then run `npm ci` (or `make setup`)")
        if not os.path.isfile(os.path.join(self.katex_dir(), "package.json")):
            raise KatexUnavailable(f"KaTeX is not installed in {self.katex_dir()}: run `npm ci` (or `make setup`)")

    def render(self, formulas: list[Formula], some: bool = False) -> tuple[dict[int, str], list[Diagnostic], str]:
        """Render all formulas; returns HTML by index, diagnostics, and the KaTeX version used.

        The cache keeps the answers for the formulas of the last call; with ``some`` (the call renders only
        some of the book's formulas: those a ``make serve`` rebuild has not seen), it keeps the others too."""
        if not formulas:
            return {}, [], ""
        self.check()
        unique: dict[tuple[str, bool], int] = {}  # the same formula in two languages is rendered once
        for f in formulas:
            unique.setdefault((f.tex, f.display), len(unique))
        queries = {i: (katex_tex(tex), display) for (tex, display), i in unique.items()}  # what KaTeX is asked
        identity = self._identity() if self.cache_file else ""
        cached, version = self._load_cache(identity)
        answers = {i: cached[query] for i, query in queries.items() if query in cached}
        todo = [(query, i) for i, query in queries.items() if i not in answers]
        if todo:
            fresh, version = self._run_node(todo)
            answers.update(fresh)
        if self.cache_file and (todo or (not some and len(cached) != len(set(queries.values())))):
            kept = dict(cached) if some else {}
            kept.update({query: answers[i] for i, query in queries.items() if i in answers})
            self._save_cache(identity, version, kept)
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

    def _run_node(self, todo: list[tuple[tuple[str, bool], int]]) -> tuple[dict[int, dict], str]:
        """KaTeX's answers for ``todo`` ((TeX as KaTeX reads it, display) and an id), from ONE Node process;
        and its version."""
        requests = "".join(json.dumps({"id": i, "tex": tex, "display": display}) + "\n"
                           for (tex, display), i in todo)
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
        return answers, version

    # ------------------------------------------------------------------ the cache

    def _identity(self) -> str:
        """The installed KaTeX (its package.json) and the renderer script: what the answers depend on."""
        digest = hashlib.sha256()
        for path in (os.path.join(self.katex_dir(), "package.json"), SCRIPT):
            with open(path, "rb") as fh:
                digest.update(fh.read())
            digest.update(b"\0")
        return digest.hexdigest()

    def _load_cache(self, identity: str) -> tuple[dict[tuple[str, bool], dict], str]:
        if not self.cache_file:
            return {}, ""
        try:
            with open(self.cache_file, encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError):
            return {}, ""
        if not isinstance(data, dict) or data.get("identity") != identity:
            return {}, ""
        return {(tex, bool(display)): answer for tex, display, answer in data.get("formulas", [])}, data.get("version", "")

    def _save_cache(self, identity: str, version: str, answers: dict[tuple[str, bool], dict]) -> None:
        os.makedirs(os.path.dirname(self.cache_file), exist_ok=True)
        tmp = f"{self.cache_file}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump({"identity": identity, "version": version,
                       "formulas": [[tex, display, answer] for (tex, display), answer in answers.items()]},
                      fh, ensure_ascii=False)
        os.replace(tmp, self.cache_file)  # a build stopped half-way never leaves half a cache


def _short(tex: str, limit: int = 60) -> str:
    tex = " ".join(tex.split())
    return tex if len(tex) <= limit else tex[: limit - 1] + "…"
