"""YAML through libyaml: the same data read and the same front matter written as by PyYAML's own code."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from qa_site import yaml_files

# any character a title or description may hold: CJK, emoji, controls, line and paragraph separators, quotes
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)


@given(title=TEXT, description=TEXT)
@settings(max_examples=2000, deadline=None)
def test_front_matter_is_written_exactly_as_pyyaml_writes_it(title, description):
    data = {"title": title, "description": description}
    assert yaml_files.dump_quoted(data) == yaml.safe_dump(data, allow_unicode=False, default_style='"',
                                                          sort_keys=False, width=float("inf"))
    assert yaml.safe_load(yaml_files.dump_quoted(data)) == data


def test_a_file_libyaml_refuses_is_reported_as_pyyaml_reports_it():
    text = "topics:\n  a: [1, 2\nquestions: {}\n"
    with pytest.raises(yaml.YAMLError) as pyyaml:
        yaml.safe_load(text)
    with pytest.raises(yaml.YAMLError) as ours:
        yaml_files.safe_load(text)
    assert (str(ours.value), ours.value.problem_mark.line) == (str(pyyaml.value), pyyaml.value.problem_mark.line)
    assert yaml_files.safe_load("a: [1, 2]\nb: 中文\n") == {"a": [1, 2], "b": "中文"}
