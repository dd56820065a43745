"""The shares a list's parts state (占比32.2%): whether they make the list whole, and what total they are of."""

from __future__ import annotations

from decimal import Decimal

from ..model import Claim, Document
from ..numbers import Interval
from .figures import value_of
from .rounding import judge


def shares_make_whole(doc: Document, parts: list[Claim], sums: tuple[Decimal, Decimal]) -> bool:
    """Whether every part carries one share of no named base (占90.66%) and those shares add up to 100% within
    their rounding, while the parts' sum (``sums``: it and the total) falls short of the total by more than that
    rounding: the writer's own figures say the list is the whole of its total (在支出合计218.78亿元中，基本支出
    188.89亿元，占90.66%；项目支出19.45亿元，占9.34%: 4.8% short), so a sum that misses it is no partial list. Each
    share must be its part's share of the parts' sum (else a share or part is wrong, flagged on its own); a gap
    the shares' rounding hides (99.97% + 0.01% of a total 0.02% above the parts) proves nothing."""
    sum_pt, tot = sums
    slack = _slack_of_whole(doc, parts, sum_pt)
    return slack is not None and tot > 0 and (tot - sum_pt) / tot * 100 > slack


def total_of_the_shares(doc: Document, total: Claim, parts: list[Claim]) -> Claim | None:
    """When every part states one share of no named base, the shares add up to 100% and each is its part's share of
    the parts' sum but not of the total read, the figure of the list's paragraph, stated before it, that the sum is
    (the list's real total: 新增债券25.80亿元，包括…专项债券14.80亿元。其中：用于土地储备8.30亿元，占比32.2%；…);
    None when no figure is, or the shares fit the total read as well (a sum a cent off: a slip of the list)."""
    sum_pt = sum((value_of(p) for p in parts), Decimal(0))
    if sum_pt == value_of(total) or not _shares_of(doc, parts, sum_pt) or _shares_of(doc, parts, value_of(total)):
        return None
    first = min(p.ctx.norm[0] for p in parts)
    same = [
        a
        for a in doc.claims
        if a.kind == "amount"
        and a.ctx.direction is None
        and a.ctx.norm_paragraph == total.ctx.norm_paragraph
        and a.ctx.norm[1] <= first
        and a not in parts
        and a.claimed.unit == total.claimed.unit
        and value_of(a) == sum_pt
    ]
    return same[-1] if same else None


def _shares_of(doc: Document, parts: list[Claim], sum_pt: Decimal) -> bool:
    """Every part states one share of no named base, each its part's share of ``sum_pt`` (a last digit off counts:
    shares forced to add up to 100%), adding up to 100%: they tell which figure the list is of."""
    return _slack_of_whole(doc, parts, sum_pt, ("ok", "rounding")) is not None


def _slack_of_whole(
    doc: Document, parts: list[Claim], sum_pt: Decimal, fits: tuple[str, ...] = ("ok",)
) -> Decimal | None:
    """The rounding the parts' shares allow when every part states one share of no named base, each its part's
    share of ``sum_pt`` (else a share or part is wrong, flagged on its own), and they add up to 100% within it;
    None otherwise."""
    shares = [c for c in doc.claims if c.kind == "share" and not c.claimed.base and c.claimed.pct is not None]
    pcts = []
    for p in parts:
        own = [c.claimed.pct for c in shares if c.ctx.part is p]
        if len(own) != 1 or own[0] is None or sum_pt <= 0:
            return None
        if judge(own[0], Interval.exact(value_of(p) / sum_pt * 100), own[0].decimals).verdict not in fits:
            return None
        pcts.append(own[0])
    slack = sum((n.interval().hi - n.value for n in pcts), Decimal(0))
    whole = len(pcts) >= 2 and abs(sum((n.value for n in pcts), Decimal(0)) - 100) <= slack
    return slack if whole else None
