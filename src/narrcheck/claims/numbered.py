"""Numbered lists after a list opener: 其中：⏎1、…⏎2、… or 具体安排情况如下：⏎（一）…⏎（二）….

A list that ends its sentence and goes on in numbered lines has as its items the lines of the first
line's numbering (1、 2、 …, or （一） （二） …); lines numbered another way or in no way belong to the item
above them (its sub-items, its text wrapped over lines), and the numbering starting again ends the list.
Its parts are the first amounts of its items (an item stating no amount on its own line: its first
sub-item's); the list never runs past the section the caller reads it in.
Ordinals: patterns/tables.toml [contents] levels (the ordinals of a table of contents).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import regex

from ..model import Claim
from ..patterns import load_toml


@lru_cache(maxsize=1)
def _levels() -> tuple[regex.Pattern, ...]:
    """One pattern per numbering (一、 （一） 1. （1）), brackets full-width or not, after an indent."""
    levels = load_toml("tables.toml")["contents"]["levels"]
    # a level written with full-width brackets takes half-width ones too; one already taking both is kept as it is
    either = [lv if "[（(]" in lv else lv.replace("（", "[（(]").replace("）", "[）)]") for lv in levels]
    return tuple(regex.compile(r"[ \t\u3000]*(?:" + lv + ")") for lv in either)


def _lines_after(text: str, pos: int) -> Iterator[tuple[int, int]]:
    """The non-blank lines after the line holding ``pos``, as (start, end) offsets, read as they are needed."""
    i = text.find("\n", pos)
    while i >= 0:
        j = text.find("\n", i + 1)
        end = len(text) if j < 0 else j
        if text[i + 1 : end].strip():
            yield i + 1, end
        i = j


def numbered_items(text: str, pos: int) -> list[tuple[int, int]]:
    """The items of the numbered list that starts on the line after ``pos`` ([] when that line is numbered in
    no way): each line numbered as the first one is, with the lines after it (its sub-items, its text wrapped
    over lines), up to the numbering starting again (a second list: 1、…2、…如下：1、…)."""
    lines = _lines_after(text, pos)
    head = next(lines, None)
    kind = next((rx for rx in _levels() if rx.match(text, *head)), None) if head else None
    if head is None or kind is None:
        return []
    first = _ordinal(kind, text, head)
    items = [head]
    for a, b in lines:
        if kind.match(text, a, b):
            if _ordinal(kind, text, (a, b)) == first:
                break  # the numbering starts again: another list
            items.append((a, b))
        else:
            items[-1] = (items[-1][0], b)  # a sub-item or a wrapped line: part of the item above it
    return items


def item_end(text: str, s0: int, pos: int, end: int) -> int:
    """Where a list opened at ``pos`` inside a numbered item ends: at the next item of that numbering in the
    sentence (1、群众性综合运动会654.17万元，其中补助地方30万元；2、示范性全民健身活动559.52万元: the 2、 item is
    the 1、 item's sibling, no part of its 其中); ``end`` when the sentence (from ``s0``) opens with no number."""
    kind = next((i for i, rx in enumerate(_levels()) if rx.match(text, s0, pos)), None)
    if kind is None:
        return end
    m = _sibling(kind).search(text, pos, end)
    return m.start() if m else end


@lru_cache(maxsize=8)
def _sibling(kind: int) -> regex.Pattern:
    """An item of numbering ``kind`` after a separator, not a decimal figure (5.5万元)."""
    return regex.compile(r"(?<=[；;，,。\s])" + _levels()[kind].pattern + r"(?!\d)")


def _ordinal(kind: regex.Pattern, text: str, line: tuple[int, int]) -> str:
    m = kind.match(text, *line)
    return m.group(0).strip(" \t\u3000") if m else ""


def first_per_item(amounts: list[Claim], items: list[tuple[int, int]], measures: tuple[str, ...]) -> list[Claim]:
    """The first amount of each item whose measure is one of ``measures`` (``amounts`` in text order)."""
    out = []
    for a, b in items:
        first = next((c for c in amounts if a <= c.ctx.norm[0] < b and c.ctx.measure in measures), None)
        if first is not None:
            out.append(first)
    return out


def inline_items(text: str, pos: int) -> list[tuple[int, int]]:
    """Items numbered 1、 2、 … one after another within the paragraph after ``pos`` (主要支出项目包括： 1、行政运行…
    938.57万元。主要用于…。2、财政事务…): each runs to the next number in sequence, the last to the paragraph's end;
    [] unless the numbering starts at 1 right after ``pos`` and reaches 2. A figure such as 1.5万元 is no number.
    The list ends where a heading of a higher level or the numbering starting again stands in the paragraph
    (…如下：1. 财政拨款收入…。（二）本年支出…如下：1. 基本支出…2. 项目支出…, a page printed as one run)."""
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    first = _inline_number(1).match(text, pos, end)
    if first is None:
        return []
    cut = _inline_break().search(text, first.end(), end)
    end = cut.start() if cut else end
    starts, k, at = [first.end() - 2], 2, first.end()
    while (m := _inline_number(k).search(text, at, end)) is not None:
        starts.append(m.start())
        k, at = k + 1, m.end()
    return [(a, b) for a, b in zip(starts, starts[1:] + [end])] if len(starts) >= 2 else []


@lru_cache(maxsize=64)
def _inline_number(k: int) -> regex.Pattern:
    """Item number ``k`` written inline (1、 2． 3.), never the start of a figure (1.5万元): the first after spaces at
    most, the others after a separator."""
    lead = r"[ \t\u3000]*" if k == 1 else r"(?<=[。；;，,\s])"
    return regex.compile(rf"{lead}{k}[、．.](?!\d)")


@lru_cache(maxsize=1)
def _inline_break() -> regex.Pattern:
    """A heading of a higher level (二、 （二）) or the number 1 again, after a separator: where an inline list ends."""
    higher = "|".join(lv for lv in load_toml("tables.toml")["contents"]["levels"] if "\\d" not in lv)
    return regex.compile(rf"(?<=[。；;，,：:\s])(?:{higher}|1[、．.](?!\d))")


def item_start(text: str, start: int, end: int) -> int:
    """Where the last item numbered inline (1. 2、) between ``start`` and ``end`` begins; ``start`` when none is."""
    last = None
    for last in _any_inline_number().finditer(text, start, end):
        pass
    return last.start() if last else start


@lru_cache(maxsize=1)
def _any_inline_number() -> regex.Pattern:
    """An item number written inline after a separator or a colon (如下：1. , 。2、), never a figure (1.5万元)."""
    return regex.compile(r"(?<=[。；;，,：:\s])\d{1,2}[、．.](?!\d)")
