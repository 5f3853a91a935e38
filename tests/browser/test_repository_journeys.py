"""A repository of nested folders read in the browser: home → section → document → topic → question, with
breadcrumbs and a navigation that shows the page's own section; on a laptop and on a phone."""

from __future__ import annotations

import functools
import threading

import pytest

from conftest import ROOT, Journey, Server, Site, StaticHost
from test_build import build_copy

FIXTURE = ROOT / "tests" / "fixtures" / "nested"
QUESTION = "/da-mo-xing-ji-chu/jing-dian-mo-xing/mla/yuan-li/mla/"


@pytest.fixture(scope="module")
def repo_site(tmp_path_factory):
    out, result = build_copy(tmp_path_factory.mktemp("repo-browser"), FIXTURE)
    assert result.returncode == 0, result.stderr[-3000:]
    server = Server(("127.0.0.1", 0), functools.partial(StaticHost, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Site(f"http://127.0.0.1:{server.server_address[1]}", out)
    server.shutdown()
    server.server_close()


@pytest.fixture()
def repo_journey(browser, repo_site, screenshots_dir, request):
    made = []

    def make(phone: bool = False) -> Journey:
        j = Journey(browser, repo_site, request.node.name + ("-phone" if phone else ""), screenshots_dir, phone)
        made.append(j)
        return j

    yield make
    for j in made:
        j.context.close()


def crumbs(page) -> list[str]:
    return [t.strip() for t in page.locator(".md-path .md-path__link").all_inner_texts()]


def test_reader_goes_down_the_folders_to_a_question_with_breadcrumbs(repo_journey):
    j = repo_journey()
    page = j.page
    j.goto("/")
    cards = page.locator("article .qa-card__title").all_inner_texts()
    assert cards == ["多模态", "大模型基础", "Transformer"]  # the root README's order, then the others
    j.shot("1-home")
    page.locator("article .qa-card__title").get_by_role("link", name="大模型基础").click()
    page.wait_for_url("**/da-mo-xing-ji-chu/")
    assert "大模型基础知识高频考点" in page.locator("article").inner_text()  # the folder's README
    # the header is the same on every reader page: practice is one click away from a folder's page too
    assert page.locator(".md-header .qa-practice-open").get_attribute("href") == "/practice/"
    j.shot("2-section")
    page.locator("article .qa-card__title").get_by_role("link", name="经典模型").click()
    page.wait_for_url("**/jing-dian-mo-xing/")
    page.locator("article .qa-card__title").get_by_role("link", name="MLA 详解").click()
    page.wait_for_url("**/mla/")
    page.locator("article").get_by_role("link", name="什么是 MLA？").first.click()
    page.wait_for_url("**" + QUESTION)
    assert crumbs(page)[:4] == ["首页", "大模型基础", "经典模型", "MLA 详解"]
    nav = page.locator(".md-nav--primary").inner_text()
    assert "什么是 MLA" in nav and "GQA 和 MQA 有什么区别" not in nav and "top-p" not in nav
    j.shot("3-question")
    page.locator(".md-path .md-path__link", has_text="经典模型").click()  # a breadcrumb goes up a folder
    page.wait_for_url("**/jing-dian-mo-xing/")
    assert not j.errors and not [c for c in j.console if c[0] == "error"]


def test_on_a_phone_the_deep_question_reads_and_its_section_is_in_the_drawer(repo_journey):
    j = repo_journey(phone=True)
    page = j.page
    j.goto("/")
    j.shot("1-home")
    j.goto("/da-mo-xing-ji-chu/")
    j.shot("2-section")
    j.goto(QUESTION)
    assert page.locator("article h1").inner_text().startswith("1.")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing wider than the screen
    j.shot("3-question")
    page.locator("label.md-header__button[for=__drawer]").click()
    page.wait_for_timeout(400)
    drawer = page.locator(".md-nav--primary").inner_text()
    assert "什么是 MLA" in drawer
    j.shot("4-drawer")
