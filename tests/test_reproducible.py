"""Two builds of the same input give byte-identical sites, apart from files that must carry a date."""

from __future__ import annotations

import time

import pytest

from test_build import mkdocs_build

pytestmark = pytest.mark.build

# sitemap.xml.gz: gzip writes the compression time into its header (MkDocs does not pin it).
# sitemap.xml: <lastmod> is the build date; equal within one day, so it differs only across midnight.
DATED = {"sitemap.xml.gz", "sitemap.xml"}


def test_two_builds_of_the_same_input_are_byte_identical(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert mkdocs_build(first).returncode == 0
    time.sleep(1.1)  # a timestamp with second resolution would show up
    assert mkdocs_build(second).returncode == 0
    files_a = {p.relative_to(first) for p in first.rglob("*") if p.is_file()}
    files_b = {p.relative_to(second) for p in second.rglob("*") if p.is_file()}
    assert files_a == files_b
    differing = sorted(str(f) for f in files_a if (first / f).read_bytes() != (second / f).read_bytes())
    assert set(differing) <= DATED, differing
