"""其中 lists of change amounts: the listed changes, signed by their words, against the total change."""

from __future__ import annotations

from decimal import Decimal

from ..claims.listparts import exhaustive, members_of_a_set
from ..model import Claim, Evidence, Recomputed
from ..numbers import UNIT_SCALE, Interval, Number, fmt
from .changes import DOWN, UP
from .figures import ev_text, money, money_interval
from .rounding import judge
from .unitslips import in_parts_unit


def judge_change_composition(claim: Claim) -> None:
    """其中 after a change: the listed change amounts, signed by their words, add up to the total change
    (“三公”经费比上年减少3.50万元，其中：因公出国（境）费减少1.00万元，公务接待费减少2.50万元)."""
    change, parts = claim.ctx.total, claim.ctx.parts
    if change is None:
        return
    d1 = change.claimed.d1
    sign = 1 if d1 in UP else -1 if d1 in DOWN else 0
    delta = money(change, "delta")
    if not sign or delta is None:
        claim.verdict = "unverified"
        claim.message = "总增减额方向不明，未核对。"
        return
    cents = claim.ctx.cents
    lo = hi = Decimal(0)
    for p in parts:
        n, up = _part_change(p)
        iv = money_interval(n, (p.claimed.unit or "万元"), cents, tenths=True)
        lo, hi = (lo + iv.lo, hi + iv.hi) if up else (lo - iv.hi, hi - iv.lo)
    total = Interval(lo, hi)
    unit = change.claimed.unit or "万元"
    # a change written in whole 万元 where its parts carry cents (增加7451万元 against 7843.92 − 524.18 + 131.57) is
    # rounded: read at its own places, not as 7451.00 (one written with a decimal, 166.4, has only dropped its 0)
    places = 2 if unit == "万元" and cents and delta.decimals >= 1 else min(delta.decimals, 0)
    if claim.pattern == "composition.reason_changes":
        places = delta.decimals  # a reason's split is checked at the places the change is written to (140.4: ±0.05)
    j = judge(Number(sign * delta.value, delta.decimals, delta.text), total, places)
    # shown in the total change's own unit and places (19.53 for 亿元 parts, not 195300 万元)
    written = change.claimed.figure("delta")
    shown = fmt(total.mid / UNIT_SCALE.get(unit, Decimal(1)), max(places, 0) if unit == "万元" else written.decimals)
    claim.recomputed = Recomputed(sum=shown)
    claim.evidence = [_change_evidence(change, "总增减额")] + [_part_evidence(p) for p in parts]
    if j.verdict == "ok":
        claim.verdict = "ok"
        claim.message = f"所列 {len(parts)} 项增减额合计 {shown}，与总增减额一致。"
    elif abs(total.mid) < delta.value and not (claim.ctx.complete or exhaustive(parts)):
        claim.verdict = "unverified"
        claim.message = f"所列 {len(parts)} 项增减额合计 {shown}，小于总增减额 {delta.text}（可能未列全）。"
    elif not (claim.ctx.complete or exhaustive(parts) or members_of_a_set(parts)):
        # 减少48亿元。其中，工薪所得税减少52亿元…个体工商户…减少15亿元: a selection of items may leave out some that
        # moved the other way, so even a larger sum proves no slip (members of a known breakdown, 基本支出 and 项目支出,
        # are its whole in practice)
        claim.verdict = "unverified"
        said = f"所列 {len(parts)} 项增减额合计 {shown}，与总增减额 {delta.text} 不符"
        claim.message = f"{said}，但未列出的项目可能反向变动，未判定。"
    else:
        claim.verdict = j.verdict
        listed = f"所列 {len(parts)} 项增减额"
        if claim.pattern == "composition.reason_changes":
            listed = "原因所列基本支出、项目支出的增减额（二者即全部支出）"
        elif claim.ctx.complete:
            listed = "其中各项之和与合计相符，各项增减额（写明无增减的计 0）"
        claim.message = (
            f"{listed}（增为正、减为负）合计 {shown}{unit}，"
            f"正文总增减额为{d1} {delta.text}{unit}（即 {fmt(sign * written.value)}）。"
        ) + _unit_note(parts, unit, sign * written.value, total.mid)


def _unit_note(parts: list[Claim], unit: str, written: Decimal, total_wan: Decimal) -> str:
    """A word on the total change's unit when its parts, all in another one, add up to its digits in theirs
    (支出比2024年增加170.77元，主要是基本支出增加146.89万元，项目支出增加23.88万元: 170.77万元)."""
    read = in_parts_unit(parts, unit, total_wan)
    if read is None or read[1] != written:
        return ""
    u, in_u = read
    return f"各项均以{u}计，其和 {fmt(in_u, 2)} 正是总增减额的数字：总增减额的单位（{unit}）疑写错。"


def _part_change(p: Claim) -> tuple[Number, bool]:
    """A part's change and whether it is an increase: a change amount (公务接待费减少1.00万元), or the change an
    item states (基本支出952.50万元，比上年增加39.77万元)."""
    if p.kind == "change":
        return money(p, "delta"), p.claimed.d1 in UP  # type: ignore[return-value]
    return money(p), (p.ctx.direction or 0) > 0  # type: ignore[return-value]


def _part_evidence(p: Claim) -> Evidence:
    """A part as evidence; an item's change is shown with its direction word, so its sign can be read."""
    return _change_evidence(p, "其中") if p.kind == "change" else ev_text(p, "其中")


def _change_evidence(c: Claim, title: str) -> Evidence:
    """A change claim's amount as evidence: its subject and direction word, its change as written with its unit."""
    delta = c.claimed.figure("delta")
    return Evidence(
        table="正文",
        title=title,
        row=f"{c.subject}{c.claimed.d1}",
        column="",
        value=f"{delta.text}{c.claimed.unit or '万元'}",
        page=c.page,
        offset=(c.start, c.end),
    )
