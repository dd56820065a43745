"""Totals declared to be made of a counted set of parts: 2019年财政总收入为6028万元，由三部分构成：一是本镇财政收入
2454万元…；二是上级财政补助收入3292万元…；三是上年结余结转收入4万元; or made of the parts marked after 其组成情况如下：
however many they are.

The count names how many parts there are, and the parts are marked 一是, 二是, … in order: each part is the first
amount after its mark (outside brackets, where a part's own breakdown stands). Read only when exactly that many
marks follow, each with an amount; such a list is complete by its wording. Vocabulary: patterns/aliases.toml
[breakdown] counted.
"""

from __future__ import annotations

from collections.abc import Callable

import regex

from ..model import Claim, Document
from .listparts import head_before
from .narrative import Narrative
from .patterns import aliases, compiled

Build = Callable[[Document, Claim, list[Claim], bool], "Claim | None"]

_DIGITS = "一二三四五六七八九"


def ordinal(k: int) -> str:
    """A number from 1 to 99 in Chinese numerals (一, 十, 十一, 二十三), as 一是 … 十四是 mark parts."""
    tens, ones = divmod(k, 10)
    head = "" if tens == 0 else "十" if tens == 1 else _DIGITS[tens - 1] + "十"
    return head + (_DIGITS[ones - 1] if ones else "")


def count_of(word: str) -> int:
    """The count a 由N部分构成 names (三, 14, 两), 0 when it is none."""
    if word.isdigit():
        return int(word)
    word = word.replace("两", "二")
    return next((k for k in range(1, 100) if ordinal(k) == word), 0)


def counted_breakdowns(doc: Document, narr: Narrative, amounts: list[Claim], build: Build) -> list[Claim]:
    """The composition claims of every 由N部分构成 whose N marked parts each state an amount."""
    text = narr.text
    level = sorted((a for a in amounts if a.ctx.direction is None), key=lambda a: a.ctx.norm[0])
    starts = [a.ctx.norm[0] for a in level]
    out: list[Claim] = []
    for m in compiled(aliases()["breakdown"]["counted"]).finditer(text):
        sent = narr.sentence_at(m.start())
        n = count_of(m.group("n")) if m.group("n") else _marks_after(text, m.end())
        if not 2 <= n <= 30 or sent is None:
            continue
        head = head_before(narr, level, starts, sent, m.start())
        parts = _marked_parts(text, narr, level, m.end(), n)
        c = build(doc, head, parts, False) if head is not None and parts else None
        if c is not None:
            c.pattern = "composition.breakdown"
            c.ctx.complete, c.ctx.message = True, "Amounts a total is 由…构成 of must add up to it."
            out.append(c)
    return out


def _marked_parts(text: str, narr: Narrative, level: list[Claim], pos: int, n: int) -> list[Claim]:
    """The first amount after each of the marks 一是 … N是 that follow ``pos`` in its paragraph, in order; [] when
    a mark is missing, a part states no amount, or an (N+1)th mark follows (the count is not the list's)."""
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    marks: list[int] = []
    for k in range(1, n + 2):
        hit = _mark(k).search(text[:end], pos=marks[-1] if marks else pos)
        if hit is None:
            break
        marks.append(hit.end())
    if len(marks) != n:
        return []
    parts = []
    for i, start in enumerate(marks):
        stop = marks[i + 1] if i + 1 < n else _clause_end(text, start, end)
        first = next(
            (a for a in level if start <= a.ctx.norm[0] < stop and not narr.unclosed_bracket(start, a.ctx.norm[0])),
            None,
        )
        if first is None:
            return []
        parts.append(first)
    return parts


def _marks_after(text: str, pos: int) -> int:
    """How many marks 一是, 二是, … follow ``pos`` in order in its paragraph (组成如下： names no count of its own)."""
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    k = 0
    while k < 30 and (hit := _mark(k + 1).search(text[:end], pos=pos)):
        k, pos = k + 1, hit.end()
    return k


def _mark(k: int) -> regex.Pattern:
    """The k-th part's mark (三是) where a clause or bracket opens."""
    return regex.compile(rf"(?<=^|[：:；;，,。\s（(]){ordinal(k)}是")


def _clause_end(text: str, start: int, end: int) -> int:
    """Where the last part's clause ends: its ；, 。 or the paragraph's end."""
    stops = [i for i in (text.find("；", start, end), text.find("。", start, end)) if i >= 0]
    return min(stops) if stops else end
