"""Test set-up: the pure core is importable as ``qa_site`` (it lives in hooks/, beside the MkDocs adapter)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))
