"""A title as readers see it outside its list: the author's per-topic number split from the text.

Authors number questions within each topic ("5.请介绍下…", "（3）…", "Q3: …"). The number means something in
the topic's list, nothing in a browser tab, a chat preview or a card image. ``split_number`` is the one
place that separates them, for page heads and cards now and for any display of the number later.

It is stricter than ``slugs.strip_number`` (which matches links loosely): a number only counts when a
separator follows it, so "1.5B 参数…", "3D 卷积…", "2024 年…" and "100 LLM Questions" keep their digits (a
space alone separates a number only from Chinese text, and not from a unit: 年, 个, 万…).
"""

from __future__ import annotations

import re
from typing import NamedTuple

_NUMBERED = re.compile(
    r"^\s*(?:"
    r"第\s*(?P<nth>\d{1,4})\s*[题问章节个]?\s*[.、．:：)）]?"  # 第3题 / 第 3 、
    r"|[（(]\s*(?P<paren>\d{1,4})\s*[)）]"  # （3） / (3)
    r"|[Qq](?P<q>\d{1,4})\s*[.:：)）]?"  # Q3: / Q3.
    r"|(?P<plain>\d{1,4})\s*(?:[.．、:：)）](?!\d)"  # 3. / 3、 / 3) — never "1.5B"
    r"|\s(?=\s*[\u3400-\u9fff])(?!\s*[年月日号个位款种条次倍亿万千百岁天周秒分]))"  # "3 什么…", not "2024 年…"
    r")\s*"
)


class NumberedTitle(NamedTuple):
    number: str | None  # the author's number as written ("5"), or None
    text: str  # the title without it


def split_number(title: str) -> NumberedTitle:
    """``"5.请介绍下MLA？"`` → ``("5", "请介绍下MLA？")``; a title without a number comes back whole."""
    m = _NUMBERED.match(title)
    if m is None or not title[m.end():].strip():
        return NumberedTitle(None, title.strip())
    number = next(g for g in (m.group("nth"), m.group("paren"), m.group("q"), m.group("plain")) if g)
    return NumberedTitle(number, title[m.end():].strip())


_INLINE_TEX = re.compile(r"\$`?([^$`]+)`?\$")


def plain_title(title: str) -> str:
    """The title as plain text without its number: inline math shown as its TeX (no ``$``), spaces folded."""
    text = _INLINE_TEX.sub(lambda m: m.group(1).strip(), split_number(title).text)
    return " ".join(text.split())
