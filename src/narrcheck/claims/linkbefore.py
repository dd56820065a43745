"""Linking a change that names nothing, or only a measure, to the figure of the sentence before it (一般公共预算财政
拨款支出4603.07万元。与上年相比，增加1612.54万元; 支出918.16万元。…。支出减少15.2万元): which figure that sentence
states, and whether only sentences saying what it is for stand between."""

from __future__ import annotations

from functools import cache

import regex

from ..model import Claim
from ..patterns import load_toml
from .patterns import aliases, compiled
from .subjects import split_measure


def one_figure(amounts: list[Claim]) -> bool:
    """Whether the amounts state one figure between them (the same total written twice is one)."""
    return len({str(a.claimed.figure("value").value) for a in amounts}) == 1


def by_bare_measure(lead: str, before_in_para: list[Claim]) -> list[Claim]:
    """财政拨款收入918.16万元，支出918.16万元。…。支出减少15.2万元: a change led by a measure word alone (支出, 收入)
    rests on the one figure its paragraph gives under that same word, or under it and a word of sum (支出总计6,954.57
    万元。…。支出增加841.13万元; patterns/aliases.toml [measures] sums)."""
    entity, measure = split_measure(lead)
    if entity or not measure:
        return []
    names = {lead, *(lead + w for w in aliases()["measures"]["sums"])}
    same = [a for a in before_in_para if a.subject in names and a.ctx.direction is None and a.ctx.measure != "prior"]
    return same[-1:] if one_figure(same) else []


@cache
def _item_line() -> regex.Pattern:
    """A line opening with a list ordinal (1. 2、 （一） (3)): patterns/tables.toml [contents] levels."""
    return regex.compile(r"\s*(?:" + "|".join(load_toml("tables.toml")["contents"]["levels"]) + ")")


def ending_the_sentence_before(text: str, sent: tuple[int, int], before_in_para: list[Claim]) -> list[Claim]:
    """一般公共预算财政拨款支出4603.07万元。与上年相比，增加1612.54万元，增长53.92%: a change that opens its
    sentence, naming nothing, rests on the amount that ends the sentence before it in its paragraph."""
    if not before_in_para or not _only_asides(text, before_in_para[-1].ctx.norm_sentence[1], sent[0]):
        return []
    prev = [a for a in before_in_para if a.ctx.norm_sentence == before_in_para[-1].ctx.norm_sentence]
    last = prev[-1]
    # the figure ends it; or the sentence is a numbered item's line and only words follow its figure (8.上年结转和
    # 结余1.75万元，为以前年度…的资金。较2023年度决算数减少…): the change is that item's. After an unnumbered
    # sentence (本年支出合计3400万元，主要是人员经费。) which figure changed is unsure.
    # the figure's own share after it (，占收入总计的9.02%) is no other figure ([reasons] own_share)
    tail = compiled(aliases()["reasons"]["own_share"]).sub("", text[last.ctx.norm[1] : sent[0]])
    item_line = _item_line().match(text, prev[0].ctx.norm_sentence[0]) is not None
    ends = not tail.strip("。；;. ") or (item_line and not regex.search(r"\d", tail))
    # one figure in that sentence (本年收入合计4000万元，本年支出合计3400万元。与上年相比… is unsure)
    one = one_figure([a for a in prev if a.ctx.direction is None])
    if not one or last.ctx.direction is not None or last.ctx.measure == "prior":
        return []
    return [last] if ends or _changed(text, last) or _rates_only(text, last) else []


def _changed(text: str, figure: Claim) -> bool:
    """财政拨款收入6955.73万元，较上年决算数增加950.05万元，增长15.82%。主要原因是…。较年初预算数减少1311.69万元: only
    the figure's own change follows it in its sentence (a comparison right after it: patterns/aliases.toml [directions]
    own_change; one amount, a year, rates), so a second change opening a later sentence is that figure's too."""
    rest = text[figure.ctx.norm[1] : figure.ctx.norm_sentence[1]]
    if not compiled(aliases()["directions"]["own_change"]).match(rest):
        return False
    rest = regex.sub(r"\d+(?:\.\d+)?\s*[%％]|(?:19|20)\d\d年", "", rest)
    return len(regex.findall(r"\d[\d,.]*", rest)) <= 1


def _rates_only(text: str, figure: Claim) -> bool:
    """全国财政支出12810.92亿元，完成年度预算的16.8%，比去年同期提高1.2个百分点。同比增加3304.18亿元: every clause
    after the figure states a rate of it (a % or 个百分点 in each), no other item, so a change opening the next sentence
    is its."""
    rest = text[figure.ctx.norm[1] : figure.ctx.norm_sentence[1]].strip("。；;. ")
    clauses = [c for c in regex.split(r"[，,]", rest) if c.strip()]
    return bool(clauses) and all(regex.search(r"\d\s*(?:[%％]|个百分点)", c) for c in clauses)


def _only_asides(text: str, lo: int, hi: int) -> bool:
    """Nothing stands between the two offsets but sentences saying what the figure before is for or why, with no
    figure of their own (主要用于…等支出。: patterns/aliases.toml [reasons] aside)."""
    gap = text[lo:hi]
    if regex.search(r"\d", gap):
        return False
    aside = compiled(aliases()["reasons"]["aside"])
    return all(aside.match(s) for s in regex.split(r"(?<=[。！？])", gap) if s.strip())
