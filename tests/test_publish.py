"""`make publish` builds with --strict and pushes the site to a branch of a git remote."""

from __future__ import annotations

import os
import subprocess

import pytest

from test_build import ROOT

pytestmark = pytest.mark.build


def git(*args, cwd, env=None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env).stdout


def test_publish_pushes_the_built_site_to_a_branch_of_the_remote(tmp_path):
    remote = tmp_path / "remote.git"
    git("init", "--bare", "-q", str(remote), cwd=tmp_path)
    clone = tmp_path / "clone"
    git("clone", "-q", str(ROOT), str(clone), cwd=tmp_path)
    # the clone reuses this checkout's installed environments instead of installing them again
    (clone / "node_modules").symlink_to(ROOT / "node_modules")
    (clone / ".venv").symlink_to(ROOT / ".venv")
    env = {**os.environ, "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
           "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.invalid"}
    # -o: the linked environments count as set up (their stamps are older than the fresh clone)
    publish = ["make", "-o", ".venv/.installed", "-o", "node_modules/.installed", "publish",
               f"REMOTE={remote}", "BRANCH=site-branch"]
    # without a real address the site would link to localhost: refused, with what to do
    local = {k: v for k, v in env.items() if k != "SITE_URL"}
    result = subprocess.run(publish, cwd=clone, capture_output=True, text=True, env=local)
    assert result.returncode != 0
    assert "site_url is 'http://127.0.0.1:8000/'" in result.stderr and "SITE_URL" in result.stderr
    result = subprocess.run(publish, cwd=clone, capture_output=True, text=True,
                            env={**env, "SITE_URL": "https://example.org/qa/"})
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    files = git("ls-tree", "-r", "--name-only", "site-branch", cwd=remote).split()
    assert "index.html" in files and "404.html" in files and "en/index.html" in files
    assert "deepseek/mla/index.html" in files and "en/deepseek/mla/index.html" in files
    assert "assets/katex/katex.css" in files and "assets/katex/fonts/KaTeX_Main-Regular.woff2" in files
    assert ".nojekyll" in files  # GitHub Pages serves folders that start with "_" too
    page = git("show", "site-branch:deepseek/mla/index.html", cwd=remote)
    assert 'class="katex"' in page
    assert '<link rel="canonical" href="https://example.org/qa/deepseek/mla/">' in page
    assert '<meta property="og:image" content="https://example.org/qa/assets/cards/deepseek/mla.png">' in page
    assert "assets/cards/deepseek/mla.png" in files and "en/assets/cards/deepseek/mla.png" in files


@pytest.mark.parametrize("site_url", ["http://localhost:8000/", "http://[::1]/qa/", "http://127.0.0.2/"])
def test_any_build_that_publishes_refuses_a_local_address(tmp_path, site_url):
    # QA_PUBLISH=1: a build for another host (upload site/ yourself) is refused like `make publish`, at once
    from test_build import mkdocs_build

    result = mkdocs_build(tmp_path / "site", {"QA_PUBLISH": "1", "SITE_URL": site_url})
    assert result.returncode != 0
    assert f"site_url is '{site_url}'" in result.stderr and "The site's address" in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_build_that_does_not_publish_may_keep_the_local_address(tmp_path):
    from qa_site.sharing import is_local_address

    assert is_local_address("http://127.0.0.1:8000/") and is_local_address("") and is_local_address("http://a.localhost/")
    assert not is_local_address("https://example.org/qa/") and not is_local_address("http://10.0.0.5/")
