"""The search dialog's query logic (overrides/assets/javascripts/search-query.js), tested in Node.

The tests themselves are in tests/js/*.test.cjs (Node's built-in test runner, no package needed); this file
runs them as part of `make test` and shows Node's report when one fails.
"""

from __future__ import annotations

import shutil
import subprocess

from helpers import ROOT


def test_search_query_logic_in_node():
    node = shutil.which("node")
    assert node, "Node.js is needed (it renders the math too): install it"
    proc = subprocess.run([node, "--test", str(ROOT / "tests" / "js")], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "# fail 0" in proc.stdout and "# pass 0" not in proc.stdout
