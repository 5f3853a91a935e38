"""The staging folder and the caches kept per source document: written only where bytes changed, and what no
build has touched for two weeks removed (tests build many sources; `.cache` must not only grow)."""

from __future__ import annotations

import os
import time

from qa_site.staging import STALE_AFTER, prune_stale, sync_tree


def test_only_changed_files_are_written_and_stale_ones_removed(tmp_path):
    root = tmp_path / "stage"
    assert sync_tree(str(root), {"zh/a.md": b"a", "zh/b/c.md": b"c"}) == (2, 0)
    assert sync_tree(str(root), {"zh/a.md": b"a", "zh/b/c.md": b"C"}) == (1, 0)
    assert sync_tree(str(root), {"zh/a.md": b"a"}) == (0, 1)
    assert not (root / "zh" / "b").exists()


def test_entries_no_build_touched_for_two_weeks_are_removed_but_never_the_one_in_use(tmp_path):
    now = time.time()
    for name, age in (("old", STALE_AFTER + 60), ("recent", STALE_AFTER - 3600), ("mine", 10 * STALE_AFTER)):
        folder = tmp_path / "pages" / name
        folder.mkdir(parents=True)
        (folder / "index.md").write_text("x", encoding="utf-8")
        os.utime(folder, (now - age, now - age))
    old_file = tmp_path / "katex" / "old.json"
    old_file.parent.mkdir()
    old_file.write_text("{}", encoding="utf-8")
    os.utime(old_file, (now - 2 * STALE_AFTER, now - 2 * STALE_AFTER))
    assert prune_stale(str(tmp_path / "pages"), now, keep="mine") == ["old"]
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == ["mine", "recent"]
    assert prune_stale(str(tmp_path / "katex"), now, keep="other.json") == ["old.json"]
    assert prune_stale(str(tmp_path / "missing"), now, keep="x") == []
