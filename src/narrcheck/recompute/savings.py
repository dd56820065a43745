"""Saving rates (节约率, 节支率, 审减率): the amount saved over the budget it was saved from.

A 政府采购 summary writes 采购预算 X, 实际采购金额 Y, 节约资金 Z, 节约率 r%; a 财政评审 one 送审金额 X,
审定金额 Y, 审减金额 Z, 审减率 r%. Then Z = X − Y and r = Z / X; when X is not written, X = Y + Z. A few
writers divide by Y instead, so a rate that Z / Y gives is consistent too (and the message says which base
fits): only a rate that no reading gives, or a saving that is not the budget less the actual, is flagged.
"""

from __future__ import annotations

from ..model import Claim, Document, Evidence
from ..numbers import UNIT_SCALE, Interval, fmt
from .figures import HUNDRED, money, pct_judgement, retry_half_cents, show, stated
from .rounding import judge

_RANK = {"ok": 0, "rounding": 1, "mismatch": 2}


def judge_saving(doc: Document, claim: Claim) -> None:
    """Judge a saving rate against its amounts (linked by claims.link._link_saving); ``unverified`` without them."""
    saved, budget, actual = claim.ctx.part, claim.ctx.budget, claim.ctx.actual
    s_iv, s_ev = stated(saved, "节约金额") if saved is not None else (None, [])
    b_iv, b_ev = stated(budget, "预算金额") if budget is not None else (None, [])
    a_iv, a_ev = stated(actual, "实际金额") if actual is not None else (None, [])
    if saved is None or s_iv is None or (b_iv is None and a_iv is None):
        claim.verdict = "unverified"
        claim.message = "找不到节约（审减）金额及其预算（送审）或实际（审定）金额，节约率无从核对。"
        return
    what = claim.claimed.base or "节约率"
    base = b_iv if b_iv is not None else a_iv + s_iv  # type: ignore[operator]
    pct_judgement(claim, s_iv.ratio(base), what, s_ev + (b_ev or a_ev))
    if claim.flagged:
        retry_half_cents(claim, (s_iv, s_ev), (base, b_ev or a_ev), what)
    if b_iv is None:
        claim.message = f"预算金额未写出，按实际 {show(actual)} + 节约 {show(saved)} 计；" + claim.message  # type: ignore[arg-type]
    if a_iv is not None:
        _over_actual(claim, s_iv, a_iv, s_ev + b_ev + a_ev)
    if a_iv is not None and b_iv is not None:
        _identity(claim, saved, b_iv, a_iv, s_ev + b_ev + a_ev)


def _over_actual(claim: Claim, s_iv: Interval, a_iv: Interval, ev: list[Evidence]) -> None:
    """A flagged rate that the saving over the actual gives is consistent, said so (the usual base is the budget)."""
    pct, ratio = claim.claimed.pct, s_iv.ratio(a_iv)
    if not claim.flagged or pct is None or ratio is None or judge(pct, ratio.scale(HUNDRED)).verdict != "ok":
        claim.evidence = ev
        return
    what = claim.claimed.base or "节约率"
    pct_judgement(claim, ratio, what, ev)
    claim.message = f"{what}按实际金额（而非预算金额）计为 {claim.recomputed.pct}%，一致。"


def _identity(claim: Claim, saved: Claim, b_iv: Interval, a_iv: Interval, ev: list[Evidence]) -> None:
    """The saving must be the budget less the actual (送审 − 审定 = 审减): the worse of this and the rate decides."""
    n = money(saved)  # in 万元, its decimals shifted with its unit (1.2亿元: to the 1000万元)
    if n is None or saved.claimed.unit not in UNIT_SCALE:
        return
    d = n.decimals
    diff = b_iv - a_iv
    j = judge(n, diff)
    if j.verdict == "ok":
        return
    claim.recomputed.value, claim.recomputed.unit = fmt(diff.mid, max(d, 0)), "万元"
    said = (
        f"预算（送审）金额 − 实际（审定）金额 = {fmt(diff.mid, max(d, 0))}万元，"
        f"正文写节约（审减）{show(saved)}{saved.claimed.unit}。"
    )
    if _RANK[j.verdict] >= _RANK.get(claim.verdict, 0):
        claim.verdict = j.verdict
    claim.message = said + claim.message
    claim.evidence = ev

