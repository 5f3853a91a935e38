"""Compiled page templates kept between builds: loaded, not compiled again, unless the template changed."""

from __future__ import annotations

import jinja2
import pytest

from qa_site.template_cache import use_bytecode_cache


def _env(folder):
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), auto_reload=False)


def test_a_second_build_loads_the_compiled_template_and_an_edited_one_is_compiled_again(tmp_path, monkeypatch):
    templates, cache = tmp_path / "templates", tmp_path / "cache"
    templates.mkdir()
    (templates / "page.html").write_text("<h1>{{ title }}</h1>{% for x in items %}<i>{{ x }}</i>{% endfor %}")
    first = _env(templates)
    assert use_bytecode_cache(first, str(cache))
    assert first.get_template("page.html").render(title="T", items=[1, 2]) == "<h1>T</h1><i>1</i><i>2</i>"

    second = _env(templates)  # the next build (or the next language) makes a new environment
    assert use_bytecode_cache(second, str(cache))
    monkeypatch.setattr(second, "compile", lambda *a, **k: pytest.fail("compiled again"))
    assert second.get_template("page.html").render(title="T", items=[1, 2]) == "<h1>T</h1><i>1</i><i>2</i>"

    (templates / "page.html").write_text("<h2>{{ title }}</h2>")
    third = _env(templates)
    use_bytecode_cache(third, str(cache))
    assert third.get_template("page.html").render(title="T") == "<h2>T</h2>"


def test_environments_that_compile_differently_never_share_compiled_code(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("<p>{{ x }}</p>\n")
    plain, trimmed = _env(templates), _env(templates)
    trimmed.keep_trailing_newline = True
    for env in (plain, trimmed):
        use_bytecode_cache(env, str(tmp_path / "cache"))
    assert plain.get_template("page.html").render(x=1) == "<p>1</p>"
    assert trimmed.get_template("page.html").render(x=1) == "<p>1</p>\n"
    escaping = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=lambda name: True)
    assert not use_bytecode_cache(escaping, str(tmp_path / "cache"))  # a callable decides: no cache at all
    assert escaping.bytecode_cache is None
