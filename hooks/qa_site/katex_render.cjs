// Renders formulas with KaTeX for the site build: one process per build, many formulas.
// Reads one JSON request per line on stdin: {"id": 3, "tex": "a^2", "display": false}
// Writes one JSON answer per line on stdout:  {"id": 3, "html": "<span class=\"katex\">…"} or {"id": 3, "error": "…"}
"use strict";
const katex = require("katex");
const readline = require("readline");

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on("line", (line) => {
  if (!line.trim()) return;
  const req = JSON.parse(line);
  const warnings = [];
  let answer;
  try {
    const html = katex.renderToString(req.tex, {
      displayMode: Boolean(req.display),
      output: "htmlAndMathml", // MathML for screen readers, HTML for the eye
      throwOnError: true,
      strict: (code, message) => { warnings.push(`${code}: ${message}`); return "ignore"; },
      trust: false,
      maxExpand: 1000,
    });
    answer = { id: req.id, html, warnings };
  } catch (err) {
    answer = { id: req.id, error: String(err && err.message ? err.message : err) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
});
rl.on("close", () => process.stdout.write(JSON.stringify({ done: true, version: katex.version }) + "\n"));
