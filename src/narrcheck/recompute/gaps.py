"""Gaps in percentage points between two stated rates (增长19.9%，高于全省平均增幅（11%）8.9个百分点).

The claim states a rate A, a compared rate B (in brackets) and the gap Z between them, on the side its
words say (高于, 低于, 比…高). Z must be A − B (or B − A when A is the lower), each rate read as the interval
its decimals allow; a rate on the other side of B than the words say is a wrong direction.
"""

from __future__ import annotations

from ..claims.patterns import aliases
from ..model import Claim, Document, Evidence, Recomputed
from ..numbers import Interval, fmt
from .figures import replace_last
from .rounding import judge


def side(words: str) -> int:
    """+1 when the words put the rate above the compared one, −1 below, 0 when they say neither or both."""
    spec = aliases()["points"]
    up = any(w in words for w in spec["higher"])
    down = any(w in words for w in spec["lower"])
    return 0 if up == down else (1 if up else -1)


def judge_gap(doc: Document, claim: Claim) -> None:
    """Judge the stated gap against the difference of the two stated rates."""
    a, b, gap = claim.claimed.pct, claim.claimed.prior, claim.claimed.delta
    words = claim.claimed.rel + claim.claimed.d1
    s = side(words)
    if a is None or b is None or gap is None or s == 0:
        claim.verdict = "unverified"
        claim.message = "看不出两个比率孰高孰低（高于/低于），百分点差未核对。"
        return
    diff = a.interval() - b.interval()
    claim.evidence = [_ev(claim, "本项比率", a.text), _ev(claim, "比较的比率", b.text)]
    if (diff.hi < 0 and s > 0) or (diff.lo > 0 and s < 0):
        claim.verdict = "direction"
        said, real = ("高于", "低于") if s > 0 else ("低于", "高于")
        claim.recomputed = Recomputed(delta=fmt(abs(diff.mid), gap.decimals))
        claim.message = f"{a.text}% {real} {b.text}%，正文却说{said}。"
        return
    want = Interval(diff.lo, diff.hi) if s > 0 else Interval(-diff.hi, -diff.lo)
    j = judge(gap, want)
    claim.verdict = j.verdict
    claim.recomputed = Recomputed(delta=j.expected)
    if j.verdict == "ok":
        claim.message = f"{a.text}% 与 {b.text}% 相差 {j.expected} 个百分点，一致。"
    else:
        claim.message = f"{a.text}% 与 {b.text}% 相差 {j.expected} 个百分点，正文写 {gap.text} 个百分点。"
        claim.suggestion = replace_last(claim.text, gap.text, j.expected)


def _ev(claim: Claim, title: str, pct: str) -> Evidence:
    at = (claim.start, claim.end)
    return Evidence(table="正文", title=title, row=title, column="", value=f"{pct}%", page=claim.page, offset=at)
