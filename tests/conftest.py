"""Test set-up: the pure core is importable as ``qa_site`` (it lives in hooks/, beside the MkDocs adapter)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))

# --- added with the spec tests: the seed document copied into a temporary folder -------------------------

import shutil  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture
def seed_copy(tmp_path):
    """The seed document, its slug map and its figures copied into a temporary folder."""
    docs = ROOT / "docs"
    shutil.copy(docs / "models-and-architectures.md", tmp_path / "models-and-architectures.md")
    shutil.copy(docs / "models-and-architectures.slugs.yml", tmp_path / "models-and-architectures.slugs.yml")
    shutil.copytree(docs / "imgs", tmp_path / "imgs")
    return tmp_path / "models-and-architectures.md"
