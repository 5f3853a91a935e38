"""The head of every page, parsed tag by tag: what search engines and chat apps read."""

from __future__ import annotations

import html.parser
import re
from pathlib import Path

import pytest
from PIL import Image

from test_build import mkdocs_build

pytestmark = pytest.mark.build

SITE_URL = "https://example.org/qa/"
TITLE_ZH = '3.“引号” 与 "x < y & z" 的区别？'
TITLE_EN = '3.Quotes and "x < y & z": what differs?'
ZH = f"""<h2 id='1.主题'>1.主题</h2>

<h3 id='3.q'>{TITLE_ZH}</h3>

**比较**运算 $x<y$ 见[下文](#3.q)：`a & b` 表示按位与。第二句话在这里。

### 小节

更多内容。
"""
EN = f"""<h2 id='1.主题'>1.Topic</h2>

<h3 id='3.q'>{TITLE_EN}</h3>

The **comparison** $x<y$ is shown [below](#3.q): `a & b` is a bitwise and. A second sentence follows here.

### Part

More text.
"""


class Head(html.parser.HTMLParser):
    """The <title>, <meta> and <link> tags of a page's head, with their attributes as the browser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.titles: list[str] = []
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, list[str]] = {}
        self._in_title = False
        self._in_head = True

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self._in_head = False
        if not self._in_head:
            return
        if tag == "title":
            self._in_title = True
            self.titles.append("")
        elif tag == "meta" and ("property" in a or "name" in a):
            self.meta.setdefault(a.get("property") or a["name"], []).append(a.get("content", ""))
        elif tag == "link" and "rel" in a:
            self.links.setdefault(a["rel"].strip(), []).append(a.get("href", ""))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.titles[-1] += data

    def one(self, name: str) -> str:
        values = self.meta.get(name, [])
        assert len(values) == 1, f"{name}: {values}"
        return values[0]


def head_of(file: Path) -> Head:
    head = Head()
    head.feed(file.read_text(encoding="utf-8"))
    return head


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    work = tmp_path_factory.mktemp("head")
    (work / "doc.md").write_text(ZH, encoding="utf-8")
    (work / "doc.en.md").write_text(EN, encoding="utf-8")
    (work / "doc.slugs.yml").write_text("topics: {1.主题: topic}\nquestions: {3.q: topic/quotes}\n", encoding="utf-8")
    result = mkdocs_build(work / "site", {"QA_SOURCE": str(work / "doc.md"), "SITE_URL": SITE_URL})
    assert result.returncode == 0, result.stderr[-3000:]
    return work / "site"


@pytest.mark.parametrize("lang, prefix, title, site_name, locale, alternate", [
    ("zh", "", TITLE_ZH, "大模型面试问答", "zh_CN", "en_US"),
    ("en", "en/", TITLE_EN, "LLM Interview Q&A", "en_US", "zh_CN"),
])
def test_question_page_head_tag_by_tag(site, lang, prefix, title, site_name, locale, alternate):
    page = site / prefix / "topic" / "quotes" / "index.html"
    raw = page.read_text(encoding="utf-8")
    head = head_of(page)
    own = title.split(".", 1)[1]  # the author's number is not part of the title outside its topic list
    url = f"{SITE_URL}{prefix}topic/quotes/"
    assert head.titles == [f"{own} - {site_name}"]
    assert head.links["canonical"] == [url]
    description = head.one("description")
    assert description == head.one("og:description")
    assert 20 <= len(description) <= 160
    assert not any(mark in description for mark in ("**", "$", "<", "](", "`")), description
    assert ("比较运算" if lang == "zh" else "The comparison") in description
    assert head.one("og:title") == own
    assert head.one("og:type") == "article"
    assert head.one("og:url") == url
    assert head.one("og:site_name") == site_name
    assert head.one("og:locale") == locale and head.one("og:locale:alternate") == alternate
    image = head.one("og:image")
    assert image == f"{SITE_URL}{prefix}assets/cards/topic/quotes.png"
    card = site / image[len(SITE_URL):]
    assert Image.open(card).size == (1200, 630)
    assert head.one("og:image:width") == "1200" and head.one("og:image:height") == "630"
    assert head.one("og:image:type") == "image/png"
    assert head.one("og:image:alt") == own
    assert head.one("twitter:card") == "summary_large_image"
    # escaped exactly once: the parser reads back the title's own characters, and no raw < or " leaks
    escaped = own.replace("&", "&amp;").replace("<", "&lt;")
    assert any(f'content="{escaped.replace(chr(34), q)}"' in raw for q in ("&#34;", "&quot;"))
    assert "&amp;lt;" not in raw and "&amp;amp;" not in raw
    assert {link for link in head.links.get("alternate", []) if link.startswith("http")} == {
        f"{SITE_URL}topic/quotes/", f"{SITE_URL}en/topic/quotes/"}


@pytest.mark.parametrize("prefix, site_name", [("", "大模型面试问答"), ("en/", "LLM Interview Q&A")])
def test_home_and_topic_heads(site, prefix, site_name):
    home = head_of(site / prefix / "index.html")
    assert home.titles == [site_name]  # the site's name once
    assert home.one("og:title") == site_name and home.one("og:type") == "website"
    assert home.one("og:image") == f"{SITE_URL}{prefix}assets/cards/index.png"
    assert home.links["canonical"] == [f"{SITE_URL}{prefix}"]
    topic = head_of(site / prefix / "topic" / "index.html")
    own = "主题" if not prefix else "Topic"
    assert topic.titles == [f"{own} - {site_name}"]
    assert topic.one("og:title") == own and topic.one("og:type") == "website"
    assert topic.one("og:image") == f"{SITE_URL}{prefix}assets/cards/topic/index.png"
    for card in ("index.png", "topic/index.png", "topic/quotes.png"):
        assert Image.open(site / prefix / "assets" / "cards" / card).size == (1200, 630)


@pytest.mark.parametrize("prefix, navigation, breadcrumb", [("", "导航栏", "当前位置"), ("en/", "Navigation", "Breadcrumb")])
def test_each_landmark_has_its_own_name(site, prefix, navigation, breadcrumb):
    """The theme names the breadcrumb trail like the main navigation; a screen reader lists landmarks by name."""
    page = (site / prefix / "topic" / "quotes" / "index.html").read_text(encoding="utf-8")
    assert f'<nav class="md-path" aria-label="{breadcrumb}"' in page
    assert f'class="md-nav md-nav--primary" aria-label="{navigation}"' in page
    labels = re.findall(r'<nav class="md-(?:path|nav md-nav--primary|header__inner md-grid|footer__inner md-grid)"'
                        r' aria-label="([^"]*)"', page)
    assert len(labels) == 4 and len(set(labels)) == 4, labels
    permalinks = set(re.findall(r'<a class="headerlink" href="[^"]*" title="([^"]*)"', page))
    assert permalinks == {"链接到本节" if prefix == "" else "Link to this section"}, permalinks
