"""Link-preview cards: right size, not blank, every character a real glyph (no tofu), cached."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from helpers import ROOT, SEED
from qa_site.cards import (HEIGHT, INDIGO, WIDTH, Card, CardPainter, cards_for, installed_fonts, render_cards,
                           tokens, wrap)
from qa_site.titles import plain_title

FONTS = installed_fonts(str(ROOT))


@pytest.fixture(scope="module")
def painter():
    return CardPainter(FONTS)


def ink(png: bytes) -> float:
    """The share of the card's pixels that are not the background: text and shapes."""
    image = Image.open(io.BytesIO(png))
    assert image.convert("RGB").getpixel((WIDTH // 2, 40)) == INDIGO  # exactly the site's header colour
    background = image.getpixel((WIDTH // 2, 40))  # its palette index
    return 1 - image.histogram()[background] / (WIDTH * HEIGHT)


def test_a_card_is_a_1200x630_png_with_the_title_drawn(painter):
    card = Card("assets/cards/x.png", "请介绍下在DeepSeek-R1中所用到的MLA算法？", "DeepSeek相关问答", "大模型面试问答")
    png = painter.draw(card)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (WIDTH, HEIGHT) and image.mode == "P"
    assert len(png) < 60_000
    blank = painter.draw(Card("assets/cards/y.png", "", "", ""))
    assert ink(png) > ink(blank) + 0.02  # the title adds a great deal of ink


def test_every_title_of_the_seed_has_a_glyph_for_every_character(painter):
    from qa_site.book import Settings, build_site

    build = build_site(Settings(str(SEED), languages=["zh", "en"], site_titles={"zh": "大模型面试问答",
                                                                               "en": "LLM Interview Q&A"}))
    texts = [c.title + c.kicker + c.footer + c.note for lang, book in build.books.items()
             for c in cards_for(book, lang, "大模型面试问答" if lang == "zh" else "LLM Interview Q&A")]
    assert len(texts) == 2 * (1 + 4 + 21)
    assert {t: painter.missing_glyphs(t) for t in texts if painter.missing_glyphs(t)} == {}


def test_the_tofu_check_finds_characters_the_font_lacks(painter):
    # U+A66E and an emoji are not in Noto Sans SC: they would be drawn as .notdef boxes
    assert painter.missing_glyphs("注意力ꙮ😀") == ["ꙮ", "😀"]
    assert painter.missing_glyphs("注意力 Attention（RoPE）？") == []


def test_chinese_wraps_between_characters_but_never_before_closing_punctuation():
    assert tokens("什么是RoPE？") == ["什", "么", "是", "RoPE？"]
    assert tokens("（注）好") == ["（注）", "好"]  # an opening mark stays with what follows it
    lines = wrap("为什么现在的大模型大多是decoder-only的架构？", 14, len)
    assert all(not line.startswith(("？", "，", "。")) for line in lines)
    assert "decoder-only" in "".join(lines) and any("decoder-only" in line for line in lines)


def test_a_long_title_shrinks_then_is_shortened_with_an_ellipsis(painter):
    _, short_lines, _ = painter.fit_title("短标题")
    font, lines, _ = painter.fit_title("很长的标题" * 40)
    assert short_lines == ["短标题"]
    assert lines[-1].endswith("…") and font.size == 48


def test_rebuilding_draws_only_the_cards_that_changed(tmp_path):
    cards = [Card(f"assets/cards/{i}.png", f"第{i}个问题", "主题", "站点") for i in range(3)]
    first = render_cards(cards, FONTS, str(tmp_path))
    again = render_cards(cards, FONTS, str(tmp_path))
    assert (first.drawn, again.drawn) == (3, 0) and again.images == first.images
    cards[1] = Card("assets/cards/1.png", "改过的标题", "主题", "站点")
    assert render_cards(cards, FONTS, str(tmp_path)).drawn == 1


def test_cards_use_the_title_without_the_authors_number():
    from helpers import book_of

    book, _ = book_of("<h2 id='1.基础'>1.基础</h2>\n\n<h3 id='1.什么'>1.什么是注意力？</h3>\n\n正文。\n")
    cards = {c.path: c for c in cards_for(book, "zh", "站点")}
    assert set(cards) == {"assets/cards/index.png", f"assets/cards/{book.topics()[0].slug}/index.png",
                          f"assets/cards/{book.questions()[0].slug}.png"}
    question = cards[f"assets/cards/{book.questions()[0].slug}.png"]
    assert (question.title, question.kicker) == ("什么是注意力？", "基础")
    assert plain_title("1.基础") == "基础"


def test_many_cards_are_drawn_by_several_processes_exactly_as_by_one(tmp_path):
    fonts = installed_fonts(str(ROOT))
    cards = [Card(f"assets/cards/{i}.png", f"第{i}个问题：为什么需要位置编码？", "主题", "站点") for i in range(70)]
    shared = render_cards(cards, fonts, str(tmp_path / "two"), workers=2)
    alone = render_cards(cards, fonts, str(tmp_path / "one"), workers=1)
    assert shared.drawn == alone.drawn == 70
    assert shared.images == alone.images
    assert render_cards(cards, fonts, str(tmp_path / "two"), workers=2).drawn == 0  # then read from the cache


@pytest.mark.build
def test_a_rebuild_into_the_same_site_rewrites_only_the_cards_whose_text_changed(tmp_path):
    # cards bypass MkDocs (written after the build into each language's root): a dirty rebuild, as under
    # `make serve`, must still bring the card of a re-titled question up to date and leave the others alone
    import os
    import re
    import shutil
    import subprocess
    import sys

    shutil.copytree(ROOT / "tests" / "fixtures" / "bilingual", tmp_path / "src")
    site = tmp_path / "site"

    def build():
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "QA_SOURCE": str(tmp_path / "src" / "book.md")}
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--dirty", "-d", str(site)], cwd=ROOT,
                                capture_output=True, text=True, env=env)
        assert result.returncode == 0, result.stderr[-2000:]

    build()
    cards = sorted(site.glob("**/assets/cards/**/*.png"))
    zh = {p.relative_to(site).as_posix() for p in cards if not p.relative_to(site).as_posix().startswith("en/")}
    assert "assets/cards/index.png" in zh and (site / "en" / "assets" / "cards" / "index.png").is_file()
    announced = [(page, image) for page in site.glob("**/index.html")  # every card a page announces is there
                 for image in re.findall(r'<meta property="og:image" content="http://127\.0\.0\.1:8000/([^"]+)"',
                                         page.read_text(encoding="utf-8"))]
    assert len(announced) >= 10 and all((site / image).is_file() for _, image in announced), announced
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in cards}
    book = tmp_path / "src" / "book.md"
    book.write_text(book.read_text(encoding="utf-8").replace("1.什么是注意力？</h3>", "1.注意力机制是什么？</h3>"),
                    encoding="utf-8")
    build()
    changed = [p.relative_to(site).as_posix() for p, (_, data) in before.items() if p.read_bytes() != data]
    untouched = [p for p, (mtime, _) in before.items() if p.stat().st_mtime_ns == mtime]
    assert len(changed) == 1 and changed[0].startswith("assets/cards/") and "index" not in changed[0], changed
    assert len(untouched) == len(before) - 1
