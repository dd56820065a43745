"""Judging a reported number against a recomputed interval (statcheck style).

A reported value with d decimals is consistent with a recomputed interval
when rounding any value of that interval to d decimals can give it. If it is
off by no more than one unit in its last digit it is a rounding slip;
beyond that a mismatch. The corrected wording uses the midpoint rounded to
the reported precision.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..numbers import Interval, Number, fmt, quantize


@dataclass(frozen=True)
class Judgement:
    verdict: str  # ok, rounding, mismatch
    expected: str  # the recomputed value, at the reported precision
    off_by: Decimal  # distance in units of the last reported digit (0 when ok)


def judge(reported: Number, recomputed: Interval, min_decimals: int = 0) -> Judgement:
    """Compare a reported number with the interval its inputs allow."""
    d = max(reported.decimals, min_decimals)
    unit = Decimal(1).scaleb(-d)
    lo = quantize(recomputed.lo, d)
    hi = quantize(recomputed.hi, d)
    best = quantize(recomputed.mid, d)
    v = reported.value
    if lo <= v <= hi:
        return Judgement("ok", fmt(best, d), Decimal(0))
    gap = (lo - v) if v < lo else (v - hi)
    units = gap / unit
    verdict = "rounding" if units <= 1 else "mismatch"
    return Judgement(verdict, fmt(best, d), units)
