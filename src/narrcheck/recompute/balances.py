"""Balances of revenue and spending (收支结余, 岁入岁出剩余, 录得…赤字): the difference of the two amounts before.

``政府整體支出548億元，收入488億元，因而錄得60億元的赤字`` — a deficit is the spending less the revenue, a surplus
the revenue less the spending (余绌 either way), each amount the interval its writing allows. A balance on the
other side than its word says (a 赤字 where the revenue is larger) is a wrong direction.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from ..claims.carryover import carryover_term
from ..claims.signedchains import term_name
from ..claims.patterns import aliases
from ..model import Claim, Document, Evidence, Recomputed
from ..numbers import Interval, Number, fmt
from ..textnorm import name_key
from .figures import carried_tail, ev_text, money, money_interval, replace_last, show, stated, written_unit
from .rounding import judge
from .unitslips import keystroke_away


def judge_balance(doc: Document, claim: Claim) -> None:
    """Judge a stated balance against the revenue and spending it rests on (claims.link._link_balance)."""
    if claim.pattern == "balance.carryover":
        _judge_carryover(doc, claim)
        return
    if claim.pattern == "balance.chain":
        _judge_chain(claim)
        return
    n = money(claim)
    if len(claim.ctx.parts) != 2 or n is None:
        claim.verdict = "unverified"
        claim.message = "句中找不到收入和支出两个金额，差额未核对。"
        return
    rev, spend = claim.ctx.parts
    r_iv, r_ev = stated(rev, "收入")
    s_iv, s_ev = stated(spend, "支出")
    if r_iv is None or s_iv is None:
        return
    spec, word = aliases()["balance"], claim.claimed.rel
    diff = r_iv - s_iv  # revenue less spending
    if word in spec["deficit"]:
        want = Interval(-diff.hi, -diff.lo)
    elif word in spec["surplus"]:
        want = diff
    else:
        want = diff if diff.mid >= 0 else Interval(-diff.hi, -diff.lo)
    claim.evidence = r_ev + s_ev
    if want.hi < 0 and claim.ctx.ambiguous:
        claim.verdict = "unverified"
        claim.message = (
            f"收入 {show(rev)}、支出 {show(spend)} 取自前文（收入、支出不止一对），与{word}方向不合，未判定。"
        )
        return
    if want.hi < 0:
        claim.verdict = "direction"
        claim.recomputed = Recomputed(value=written_unit(claim, -want.mid), unit=claim.claimed.unit or "万元")
        larger = "收入" if word in spec["deficit"] else "支出"
        claim.message = f"收入 {show(rev)}、支出 {show(spend)}：{larger}较大，正文却说{word}。"
        return
    j = judge(n, want)
    claim.verdict = j.verdict
    shown = written_unit(claim, want.mid)
    claim.recomputed = Recomputed(value=shown, unit=claim.claimed.unit or "万元")
    told = f"收入 {show(rev)} 与支出 {show(spend)} 相差 {shown}{claim.claimed.unit}"
    written = claim.claimed.figure("value").text
    if j.verdict == "ok" and shown != written:
        # 32829 − 27913 = 4916, the text writes 4915: each figure stands for its rounding interval (DOMAIN.md)
        lo, hi = written_unit(claim, want.lo), written_unit(claim, want.hi)
        claim.message = f"{told}；各数按其舍入区间相差 {lo}～{hi}，含正文的{word} {written}，一致。"
    elif j.verdict == "ok":
        claim.message = f"{told}，与正文的{word}一致。"
    elif why := _unsure(claim, rev, keystroke_away(written, shown)):
        claim.verdict = "unverified"
        claim.message = f"{told}，正文写{word} {written}{claim.claimed.unit}；{why}，未判定。"
    else:
        claim.message = f"{told}，正文写{word} {written}{claim.claimed.unit}。"
        claim.suggestion = replace_last(claim.text, written, shown)


def _unsure(claim: Claim, rev: Claim, typo: bool) -> str:
    """Why a balance off revenue less spending proves no slip ('' when it does): the two figures came from sentences
    before, among others that could be meant (收入 and 收入总量), or the fund nets transfers the text does not list
    (社会保险基金: patterns/aliases.toml [balance] netted) and the balance written is no ``typo`` of the difference (a
    keystroke away from it, 2431 for 2331: a slip whatever the transfers)."""
    if claim.ctx.ambiguous:
        return "前文收入、支出不止一对"
    if not typo and any(w in name_key(claim.subject + rev.subject) for w in aliases()["balance"]["netted"]):
        return "这类基金的结余另计上解、下拨调剂资金"
    return ""


_SIGN = {"carry_in": 1, "income": 1, "income_total": 1, "plus": 1, "spending": -1, "minus": -1}
_LABEL = {
    "carry_in": "年初结转和结余",
    "income": "本年收入",
    "income_total": "收入总计",
    "spending": "本年支出",
    "minus": "结余分配",
}


def _judge_carryover(doc: Document, claim: Claim) -> None:
    """年末结转和结余 against 年初结转和结余 + 本年收入 − 本年支出 (± 动用结余, 结余分配) of its sentence
    (claims.carryover), each figure the interval its writing allows. A cent's tail that the tables carry (every
    figure copied from its cell) or the document declares (尾数误差) is a note, as for a 其中 list."""
    terms = []
    for p in claim.ctx.parts:
        role, word = carryover_term(p.subject)
        label = word if role == "plus" else _LABEL[role]  # the text's own name for what it drew on
        terms.append((_SIGN[role], p, label, ev_text(p, label)))  # each titled by its role
    r = _reckon(claim, terms)
    if r is None:
        return
    reckoned, verdict, unit, shown, written = r.said, r.verdict, r.unit, r.shown, r.written
    tail = abs(r.n.value - r.want.mid)
    total = claim.ctx.total
    if verdict != "ok" and claim.ctx.cents and total is not None and carried_tail(doc, claim.ctx.parts, total, tail):
        claim.verdict, claim.ctx.tail = "ok", tail
        said = f"正文的年末结转和结余 {written}{unit}"
        claim.message = f"{reckoned} = {shown}{unit}，与{said}差 {fmt(tail, 2)}（尾数误差）。"
        return
    if verdict == "ok":
        claim.message = f"{reckoned} = {shown}{unit}，与正文的年末结转和结余 {written}{unit} 一致。"
        return
    claim.message = f"{reckoned} = {shown}{unit}，正文写年末结转和结余 {written}{unit}。"
    claim.suggestion = replace_last(claim.text, written, shown)


def _judge_chain(claim: Claim) -> None:
    """A total reached by adding on and taking away (claims.signedchains) against the signed sum of its terms,
    each the interval its writing allows; the message writes the sum out term by term, in the text's order."""
    signed = [(1, p) for p in claim.ctx.parts] + [(-1, p) for p in claim.ctx.subtracted]
    terms = []
    for sign, p in sorted(signed, key=lambda t: t[1].start):
        name = term_name(p.subject) or "未名项"
        terms.append((sign, p, name, dataclasses.replace(ev_text(p, ""), title="加" if sign > 0 else "减", row=name)))
    r = _reckon(claim, terms)
    if r is None:
        return
    reckoned, verdict, unit, shown, written = r.said, r.verdict, r.unit, r.shown, r.written
    if verdict == "ok" and shown != written:
        lo, hi = written_unit(claim, r.want.lo), written_unit(claim, r.want.hi)
        within = f"各数按其舍入区间在 {lo}～{hi} 之间"
        claim.message = f"{reckoned} = {shown}{unit}；{within}，含正文的 {written}{unit}，一致。"
    elif verdict == "ok":
        claim.message = f"{reckoned} = {shown}{unit}，与正文的“{claim.subject}” {written}{unit} 一致。"
    else:
        claim.message = f"{reckoned} = {shown}{unit}，正文写“{claim.subject}” {written}{unit}。"
        claim.suggestion = replace_last(claim.text, written, shown)


@dataclasses.dataclass
class _Reckoning:
    """A stated total against the signed sum of its terms: the figures, the verdict and the sum written out."""

    n: Number  # the total as written
    want: Interval  # the sum of the terms, each the interval its writing allows
    said: str  # the sum written out term by term
    verdict: str
    unit: str
    shown: str  # the sum in the total's unit and places
    written: str  # the total's figure as written


def _reckon(claim: Claim, terms: list[tuple[int, Claim, str, Evidence]]) -> _Reckoning | None:
    """The signed sum of ``terms`` (sign, figure, its name, its evidence), each the interval its writing allows (the
    identity a sentence asserts is of its own figures, as written), against the total the claim writes; the claim's
    verdict, recomputed figure and evidence are set. None when the total or a term has no figure."""
    n = money(claim)
    if n is None:
        return None
    want = Interval(Decimal(0), Decimal(0))
    said = []
    for sign, p, name, _ in terms:
        figure = money(p)
        if figure is None:
            return None
        iv = money_interval(figure, p.claimed.unit or "万元", claim.ctx.cents, claim.ctx.tenths)
        want = want + iv if sign > 0 else want - iv
        said.append(f"{'+' if sign > 0 else '−'} {name} {figure.text}{p.claimed.unit}")
    claim.evidence = [ev for *_, ev in terms]
    j = judge(n, want)
    unit = claim.claimed.unit or "万元"
    shown = written_unit(claim, want.mid)
    claim.verdict = j.verdict
    claim.recomputed = Recomputed(value=shown, unit=unit)
    written = claim.claimed.figure("value").text
    return _Reckoning(n, want, " ".join(said).removeprefix("+ "), j.verdict, unit, shown, written)
