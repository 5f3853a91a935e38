"""Practice mode's scheduler, sessions and progress format (overrides/assets/javascripts/practice-core.js),
tested in Node: the tests are in tests/js/practice_core.test.cjs (Node's built-in runner, no package needed).
"""

from __future__ import annotations

import shutil
import subprocess

from helpers import ROOT


def test_practice_core_in_node():
    node = shutil.which("node")
    assert node, "Node.js is needed (it renders the math too): install it"
    tests = ROOT / "tests" / "js" / "practice_core.test.cjs"
    proc = subprocess.run([node, "--test", str(tests)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "# fail 0" in proc.stdout and "# pass 0" not in proc.stdout
