"""Lists whose parts may legitimately exceed their total: counts of holders of several qualities, and the two
sides (收入, 支出) of a total both make on their own. Such a list proves no slip (recompute/compositions.py)."""

from __future__ import annotations

from decimal import Decimal

from ..claims.patterns import aliases
from ..model import Claim
from ..textnorm import name_key
from .figures import value_of


def overlapping_counts(total: Claim, parts: list[Claim]) -> bool:
    """Counts of people or programmes (patterns/aliases.toml [totals] overlapping_counts) whose parts exceed their
    total by more than a tenth: qualities one holder has together (正高级职称, 博士生导师), not a slip of one figure
    (58人，其中在职40人，退休18人，遗属1人 is one over: still judged)."""
    return _of_holders(total) and sum(value_of(p) for p in parts) > _tenth_over(total)


def slightly_over(total: Claim, parts: list[Claim]) -> bool:
    """Counts of people or programmes whose parts exceed their total by a tenth at most (58人，其中在职40人，退休18人，
    遗属1人): a slip of one figure, judged as written — no reading leaves a part outside the list."""
    return _of_holders(total) and value_of(total) < sum(value_of(p) for p in parts) <= _tenth_over(total)


def _of_holders(total: Claim) -> bool:
    """The total counts people or programmes (patterns/aliases.toml [totals] overlapping_counts, overlapping_scales)."""
    spec = aliases()["totals"]
    unit = total.claimed.unit or ""
    return total.kind != "amount" and (unit in spec["overlapping_counts"] or unit[:1] in spec["overlapping_scales"])


def _tenth_over(total: Claim) -> Decimal:
    """The most parts may add up to and still be one figure's slip (patterns/aliases.toml [totals] overlap_share)."""
    return value_of(total) * (1 + Decimal(aliases()["totals"]["overlap_share"]))


def both_sides(total: Claim, parts: list[Claim]) -> bool:
    """The parts name two sides of one group (本年收入预算…；本年支出预算…) and the total neither (收支总预算): each
    side makes the total on its own, so the parts of both are never added together. Sides named as their own
    totals (收入总计…；支出总计…) are judged as before: each should be the whole."""
    name = name_key(total.subject)
    if all(any(w in name_key(p.subject) for w in aliases()["totals"]["closing"]) for p in parts):
        return False
    for group in aliases()["totals"]["both_sides"]:
        named = {s for p in parts for s in group if s in name_key(p.subject)}
        if len(named) >= 2 and not any(s in name for s in group):
            return True
    return False
