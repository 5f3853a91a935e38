"""The mutation fuzzer (tests/fuzz.py) in `make test`: a short run finds nothing, and the fuzzer itself works.

The short run takes FUZZ_SECONDS (default 20) with seed FUZZ_SEED (default 0); `make fuzz` runs it longer.
"""

from __future__ import annotations

import os

import fuzz


def test_a_short_fuzz_run_through_the_core_and_mkdocs_build_finds_nothing():
    log: list[str] = []
    stats = fuzz.run(seed=int(os.environ.get("FUZZ_SEED", "0")), seconds=float(os.environ.get("FUZZ_SECONDS", "20")),
                     log=log.append)
    print("\n".join(log))
    assert stats.cases >= 1 and stats.mkdocs_builds >= 1  # the first case always goes through mkdocs build too
    assert not stats.failures, "\n".join(log)


def test_seeds_are_the_shipped_source_the_fixtures_and_the_hostile_corpus():
    names = [seed.name for seed in fuzz.load_seeds()]
    assert names[0] == "docs/models-and-architectures.md"
    assert "tests/fixtures/bad/empty_destinations.md" in names and "tests/fixtures/book/01-basics.md" in names
    assert not any(name.endswith(".en.md") for name in names)  # translations come with their source
    assert len([n for n in names if n.startswith("tests/test_bad_input.py:")]) >= 5  # the documents written inline


def test_case_n_of_a_seed_is_always_the_same_document():
    seeds = fuzz.load_seeds()
    assert fuzz.make_case(7, 123, seeds) == fuzz.make_case(7, 123, seeds)
    assert [fuzz.make_case(7, n, seeds).files for n in range(5)] != [fuzz.make_case(8, n, seeds).files
                                                                     for n in range(5)]


def test_a_crash_is_saved_shrunk_and_printed_with_the_command_that_replays_it(tmp_path, monkeypatch):
    real = fuzz.build_site

    def crashes_on_h3(settings):  # a planted bug: any document with an <h3 tag stops the core
        if os.path.isfile(settings.source) and "<h3" in open(settings.source, "rb").read().decode("utf-8", "replace"):
            raise IndexError("planted")
        return real(settings)

    monkeypatch.setattr(fuzz, "build_site", crashes_on_h3)
    log: list[str] = []
    stats = fuzz.run(seed=0, seconds=120, mkdocs_share=0, out=tmp_path, log=log.append, max_cases=40)
    text = "\n".join(log)
    assert len(stats.failures) == 1 and next(iter(stats.failures)).startswith("crash IndexError at tests/test_fuzz.py:")
    name = next(iter(stats.failures.values()))
    case = int(name.rsplit("case", 1)[1])
    assert f"python tests/fuzz.py --seed 0 --case {case}" in text
    assert (tmp_path / name / "case.json").is_file() and "planted" in (tmp_path / name / "failure.txt").read_text()
    shrunk = fuzz.load_case(tmp_path / name / "shrunk")
    main = [text for rel, text in shrunk.files.items() if rel.endswith(".md") and not rel.endswith(".en.md")]
    assert len(main) == 1 and "<h3" in main[0] and len(main[0].split("\n")) == 1  # one line still fails
    assert fuzz.main(["--replay", str(tmp_path / name / "shrunk")]) == 1
    monkeypatch.setattr(fuzz, "build_site", real)
    assert fuzz.main(["--replay", str(tmp_path / name)]) == 0  # the bug fixed: the case is clean


def test_the_built_page_check_sees_what_would_run_or_fail_to_load():
    article = fuzz._Article('<nav><script>menu()</script></nav><article><p onclick="x()">a</p>'
                            '<a href=" jav&#x61;script:x">b</a><img src="imgs/a.png"><script></script></article>')
    assert article.active == ["<p onclick='x()'>", "<a href=' javascript:x'>", "<script>"]
    assert article.images == ["imgs/a.png"]
