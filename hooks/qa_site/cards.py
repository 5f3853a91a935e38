"""Card images for link previews (``og:image``): one per page and language, drawn at build time.

Chat apps (Slack, Discord, Telegram, Feishu) show the card beside the link, from a thumbnail of ~300 px up
to full width, so the question is set large, white on the site's indigo, and wrapped the way Chinese is
wrapped: between any two characters, never before a closing mark (，。？), never inside a Latin word.

Drawn with Pillow and Noto Sans SC from an installed npm package (the adapter finds it). Pillow's BASIC
layout is forced so wrapping never depends on whether the system has libraqm. Each card is cached under
a key of everything it is drawn from, so a rebuild draws only the cards whose text changed.
"""

from __future__ import annotations

import functools
import hashlib
import io
import multiprocessing
import os
import re
from dataclasses import dataclass

from .model import Book
from .pages import page_of, part_page
from .texts import counted
from .titles import plain_title

WIDTH, HEIGHT = 1200, 630
DESIGN = "3"  # bump when the drawing changes: every cached card is drawn again

# the site's palette (Material's indigo)
INDIGO = (64, 81, 181)  # #4051b5, the header colour
INDIGO_DARK = (48, 63, 159)  # #303f9f
INDIGO_SOFT = (84, 100, 196)
INDIGO_LIGHT = (197, 202, 233)  # #c5cae9, secondary text
WHITE = (255, 255, 255)

MARGIN = 80
TITLE_TOP, TITLE_BOTTOM = 150, 492
FOOTER_TOP = 530
TITLE_SIZES = (76, 68, 60, 54, 48)  # the largest size at which the title fits in its box wins
LINE_HEIGHT = 1.32

LABELS = {
    "zh": {"questions": "{n} 个问题", "topics": "{t} 个主题 · {q} 个问题", "languages": "中文 · English"},
    "en": {"questions": "{n} questions", "topics": "{t} topics · {q} questions", "languages": "English · 中文"},
    # counted (texts.counted): "1 question", not "1 questions"
}


@dataclass(frozen=True)
class Card:
    """What one card shows. ``path`` is inside the language root (``assets/cards/deepseek/mla.png``)."""

    path: str
    title: str
    kicker: str  # the small line above the title: the topic of a question, the site of a topic
    footer: str  # the site's name
    note: str = ""  # the small line at the bottom right: "9 个问题"
    language: str = "zh"

    def key(self, fonts: "CardFonts") -> str:
        data = "\x1f".join((DESIGN, fonts.identity(), self.title, self.kicker, self.footer, self.note,
                            self.language))
        return hashlib.sha256(data.encode("utf-8")).hexdigest()[:24]


@dataclass(frozen=True)
class CardFonts:
    bold: str  # font files (TrueType/OpenType) with CJK glyphs
    regular: str

    def identity(self) -> str:
        """Name and size of each font file: a different font draws every card again."""
        return ";".join(f"{os.path.basename(p)}:{os.path.getsize(p)}" for p in (self.bold, self.regular))


def card_path(page: str) -> str:
    """The card of a page file: ``deepseek/mla.md`` → ``assets/cards/deepseek/mla.png``."""
    return "assets/cards/" + page[:-3] + ".png"


def cards_for(book: Book, language: str, site_title: str) -> list[Card]:
    """One card for the home page, each part page of a book, each topic and each question."""
    labels = LABELS.get(language, LABELS["en"])
    site = plain_title(site_title)
    topics, questions = book.topics(), book.questions()
    cards = [Card(card_path("index.md"), site, labels["languages"], site,
                  counted(labels["topics"], t=len(topics), q=len(questions)), language)]
    multi = len(book.parts) > 1
    for part in book.parts:
        if multi:
            count = len(part.document.questions())
            cards.append(Card(card_path(part_page(part)), plain_title(part.title), site, site,
                              counted(labels["questions"], n=count), language))
        for topic in part.document.topics:
            topic_title = plain_title(topic.title)
            cards.append(Card(card_path(page_of(topic)), topic_title, site, site,
                              counted(labels["questions"], n=len(topic.questions)), language))
            for question in topic.questions:
                cards.append(Card(card_path(page_of(question)), plain_title(question.title), topic_title, site,
                                  "", language))
    return cards


# --- wrapping ------------------------------------------------------------------------------------------

NO_LINE_START = set("，。、；：？！）》」』】〕〉”’…—～·,.;:?!)]}%」") | {"\u3001"}
NO_LINE_END = set("（《「『【〔〈“‘([{")
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-+/#'&]*\s*|\s+|.", re.S)


def tokens(text: str) -> list[str]:
    """Units a line may break between: a Latin word (with its trailing space) or one other character;
    closing marks stick to what comes before them, opening marks to what follows."""
    out: list[str] = []
    carry = ""
    for tok in _TOKEN.findall(text):
        if tok[0] in NO_LINE_START and out:
            out[-1] += tok
            continue
        tok = carry + tok
        carry = ""
        if tok[-1] in NO_LINE_END:
            carry = tok
            continue
        out.append(tok)
    if carry:
        out.append(carry)
    return out


def wrap(text: str, width: float, measure) -> list[str]:
    """Greedy lines no wider than ``width`` (``measure(s)`` gives a string's width); a word wider than a
    line is cut between characters."""
    lines: list[str] = []
    line = ""
    for tok in tokens(text):
        if measure((line + tok).rstrip()) <= width:
            line += tok
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = tok.lstrip() if lines else tok
        while measure(line.rstrip()) > width and len(line) > 1:  # a single word wider than the line
            cut = len(line) - 1
            while cut > 1 and measure(line[:cut]) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip():
        lines.append(line.rstrip())
    return lines


def balanced(text: str, lines: list[str], width: float, measure) -> list[str]:
    """The same number of lines, as even as they can be: the narrowest width that still needs no more lines
    (a title of two lines reads as two halves, not a full line and a stub)."""
    if len(lines) < 2:
        return lines
    low, high = max(measure(line) for line in lines) * 0.5, width
    best = lines
    for _ in range(12):
        mid = (low + high) / 2
        trial = wrap(text, mid, measure)
        if len(trial) <= len(lines):
            best, high = trial, mid
        else:
            low = mid
    return best


# --- drawing -------------------------------------------------------------------------------------------


class CardPainter:
    """Draws cards with one set of fonts (loaded once, on first use)."""

    def __init__(self, fonts: CardFonts) -> None:
        from PIL import ImageFont

        self.fonts = fonts
        self._font = ImageFont
        self._cache: dict[tuple[str, int], object] = {}
        self._notdef: dict[str, bytes] = {}
        self._glyphs: dict[tuple[str, str], bool] = {}

    def font(self, which: str, size: int):
        key = (which, size)
        if key not in self._cache:
            path = self.fonts.bold if which == "bold" else self.fonts.regular
            self._cache[key] = self._font.truetype(path, size, layout_engine=self._font.Layout.BASIC)
        return self._cache[key]

    def missing_glyphs(self, text: str, which: str = "bold") -> list[str]:
        """Characters of ``text`` the font has no glyph for (they would be drawn as boxes: tofu).

        A character is missing when it renders exactly like a character no font maps (its .notdef box).
        Each character is looked at once per build (titles share most of theirs).
        """
        font = self.font(which, GLYPH_PROBE_SIZE)
        if which not in self._notdef:
            self._notdef[which] = _glyph_image(font, "\uffff")
        missing = []
        for ch in dict.fromkeys(text):
            key = (which, ch)
            if key not in self._glyphs:
                self._glyphs[key] = ch.isspace() or _glyph_image(font, ch) != self._notdef[which]
            if not self._glyphs[key]:
                missing.append(ch)
        return missing

    def fit_title(self, title: str) -> tuple[object, list[str], int]:
        """The largest title size whose wrapped lines fit the title box; the smallest, shortened, else."""
        width = WIDTH - 2 * MARGIN
        for size in TITLE_SIZES:
            font = self.font("bold", size)
            measure = functools.lru_cache(maxsize=None)(font.getlength)  # balancing measures the same lines again
            lines = wrap(title, width, measure)
            step = round(size * LINE_HEIGHT)
            if len(lines) * step <= TITLE_BOTTOM - TITLE_TOP:
                return font, balanced(title, lines, width, measure), step
        step = round(size * LINE_HEIGHT)
        keep = max(1, (TITLE_BOTTOM - TITLE_TOP) // step)
        last = lines[keep - 1]
        while last and font.getlength(last + "…") > width:
            last = last[:-1]
        return font, lines[: keep - 1] + [last.rstrip() + "…"], step

    def draw(self, card: Card) -> bytes:
        """The card as a palette PNG (small: a few dozen colours of anti-aliased text on flat indigo)."""
        from PIL import Image, ImageDraw

        image = Image.new("RGB", (WIDTH, HEIGHT), INDIGO)
        d = ImageDraw.Draw(image)
        # a quiet shape for depth, then the footer band
        d.ellipse((WIDTH - 300, -230, WIDTH + 160, 230), fill=INDIGO_SOFT)
        d.rectangle((0, FOOTER_TOP - 18, WIDTH, HEIGHT), fill=INDIGO_DARK)
        d.rectangle((MARGIN, 84, MARGIN + 56, 90), fill=INDIGO_LIGHT)  # an accent rule above the kicker

        kicker_font = self.font("regular", 34)
        kicker = _shorten(card.kicker, WIDTH - 2 * MARGIN - 260, kicker_font)
        d.text((MARGIN, 102), kicker, font=kicker_font, fill=INDIGO_LIGHT)

        font, lines, step = self.fit_title(card.title)
        top = TITLE_TOP + max(0, ((TITLE_BOTTOM - TITLE_TOP) - len(lines) * step) // 3)
        for i, line in enumerate(lines):
            d.text((MARGIN, top + i * step), line, font=font, fill=WHITE)

        footer_font = self.font("bold", 34)
        mid = FOOTER_TOP + (HEIGHT - FOOTER_TOP) // 2 - 9
        _mark(d, MARGIN, mid)
        d.text((MARGIN + 62, mid), _shorten(card.footer, 620, footer_font), font=footer_font, fill=WHITE,
               anchor="lm")
        if card.note:
            note_font = self.font("regular", 30)
            d.text((WIDTH - MARGIN, mid), card.note, font=note_font, fill=INDIGO_LIGHT, anchor="rm")
        out = io.BytesIO()
        image.quantize(palette=_palette(), dither=Image.Dither.NONE).save(out, format="PNG", compress_level=3)
        return out.getvalue()


@functools.lru_cache(maxsize=1)
def _palette():
    """Every colour a card can have: each text colour blended over each background in 16 steps (the
    anti-aliased edges). Mapping to a fixed palette takes 2 ms; an adaptive one took 27 ms."""
    from PIL import Image

    colours = list(dict.fromkeys(
        tuple(round(bg[i] + (fg[i] - bg[i]) * k / 15) for i in range(3))
        for bg in (INDIGO, INDIGO_DARK, INDIGO_SOFT) for fg in (WHITE, INDIGO_LIGHT) for k in range(16)))
    image = Image.new("P", (1, 1))
    image.putpalette([v for c in colours for v in c])
    return image


GLYPH_PROBE_SIZE = 20  # large enough that no two glyphs of the font render alike


def _glyph_image(font, ch: str) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("L", (GLYPH_PROBE_SIZE * 2, GLYPH_PROBE_SIZE * 2))
    ImageDraw.Draw(image).text((4, 2), ch, font=font, fill=255)
    return image.tobytes()


def _shorten(text: str, width: float, font) -> str:
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _mark(d, x: int, mid: int) -> None:
    """The site's mark: a speech bubble with a question mark's dot, drawn in a 44 px square."""
    d.rounded_rectangle((x, mid - 22, x + 44, mid + 16), radius=10, fill=WHITE)
    d.polygon([(x + 10, mid + 14), (x + 10, mid + 26), (x + 22, mid + 14)], fill=WHITE)
    d.rounded_rectangle((x + 10, mid - 8, x + 34, mid - 3), radius=2, fill=INDIGO_DARK)
    d.rounded_rectangle((x + 10, mid + 2, x + 26, mid + 7), radius=2, fill=INDIGO_DARK)


# --- the cache -----------------------------------------------------------------------------------------


@dataclass
class CardResult:
    files: dict[str, str]  # card path → its PNG in the cache (named by what it shows: never changes)
    drawn: int  # cards drawn in this build (the others came from the cache)
    missing: dict[str, list[str]]  # card path → characters drawn as boxes

    @property
    def images(self) -> dict[str, bytes]:
        """card path → PNG bytes (read now: a build copies the files instead of holding thousands of cards)."""
        out = {}
        for path, file in self.files.items():
            with open(file, "rb") as fh:
                out[path] = fh.read()
        return out


PARALLEL_FROM = 64  # cards to draw from which the machine's cores share the work (a repository: thousands)


def render_cards(cards: list[Card], fonts: CardFonts, cache_dir: str, workers: int | None = None) -> CardResult:
    """Every card's PNG, from ``cache_dir`` when its key is there, drawn (and cached) otherwise; many cards
    are drawn by one process per core (``workers``, default: the cores there are)."""
    os.makedirs(cache_dir, exist_ok=True)
    files = {card.path: os.path.join(cache_dir, card.key(fonts) + ".png") for card in cards}
    todo = [card for card in cards if not os.path.isfile(files[card.path])]
    workers = min(workers or os.cpu_count() or 1, 8)
    if len(todo) >= PARALLEL_FROM and workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        chunks = [todo[i::workers] for i in range(workers)]
        context = multiprocessing.get_context("fork")  # the workers inherit the fonts' paths, nothing to pickle
        with context.Pool(workers) as pool:
            pool.starmap(_draw_all, [(chunk, fonts, files) for chunk in chunks])
    else:
        _draw_all(todo, fonts, files)
    missing: dict[str, list[str]] = {}
    for card in cards:
        lacking_file = files[card.path][:-4] + ".missing"  # the characters drawn as boxes, on every build
        if os.path.isfile(lacking_file):
            with open(lacking_file, encoding="utf-8") as fh:
                missing[card.path] = list(fh.read())
    return CardResult(files, len(todo), missing)


def _draw_all(cards: list[Card], fonts: CardFonts, files: dict[str, str]) -> None:
    """Draw ``cards`` into the cache (their PNG, and the characters drawn as boxes when there are any)."""
    painter: CardPainter | None = None
    for card in cards:
        painter = painter or CardPainter(fonts)
        lacking = painter.missing_glyphs(card.title + card.kicker + card.footer)
        if lacking:
            _write(files[card.path][:-4] + ".missing", "".join(lacking).encode("utf-8"))
        _write(files[card.path], painter.draw(card))


def _write(path: str, data: bytes) -> None:
    tmp = path + ".tmp"
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)  # a build stopped half-way never leaves half a card in the cache


FONT_PACKAGE = "@expo-google-fonts/noto-sans-sc"
FONT_FILES = ("700Bold/NotoSansSC_700Bold.ttf", "500Medium/NotoSansSC_500Medium.ttf")


class CardFontsMissing(Exception):
    """The font package is not installed: cards cannot be drawn."""


def installed_fonts(project_root: str) -> CardFonts:
    """Noto Sans SC from the npm package pinned in package-lock.json (OFL 1.1, the whole of GB 2312)."""
    base = os.path.join(project_root, "node_modules", *FONT_PACKAGE.split("/"))
    paths = [os.path.join(base, *name.split("/")) for name in FONT_FILES]
    missing = [p for p in paths if not os.path.isfile(p)]
    if missing:
        raise CardFontsMissing(f"the card font {missing[0]} is missing — run `make setup` (npm ci installs "
                               f"{FONT_PACKAGE})")
    return CardFonts(*paths)
