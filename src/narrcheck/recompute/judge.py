"""Recomputing every claim and giving it a verdict, with evidence and a corrected wording.

Amounts are compared with the cells alignment found; shares, changes and
completion rates are recomputed from the amounts they rest on (table cells
when aligned, the figures the sentence states otherwise) as intervals, and
judged with :func:`rounding.judge`. Direction and comparison words are
checked against the sign of what the numbers say. A claim whose inputs
cannot be established with confidence stays ``unverified``.

This module orders the work and tries the two readings of a ratio; each kind
has its module: ``amounts`` (amounts, scores, counts, the 元→万元 truncation
habit), ``shares``, ``changes``, ``budgets`` (completion rates, comparisons),
``compositions`` (其中 lists), all built on ``figures`` (written figures as
intervals, evidence, the percentage judgement) and ``rounding`` (the rule).
"""

from __future__ import annotations


from ..model import Claim, Document
from .amounts import judge_amount, judge_count, judge_score, truncation_convention
from .budgets import judge_comparison, judge_completion
from .changes import judge_change
from .compositions import judge_composition
from .figures import READING, cents_convention
from .shares import ShareIndex, judge_share


_DERIVED = ("change", "completion", "comparison", "composition")
_INPUTS = ("part", "budget", "actual", "current", "total")


def _judge_by_readings(claim: Claim, run) -> None:
    """Judge a claim built on amounts from the written figures; if that flags it and one of its
    amounts was itself flagged against a table cell, try the cells: when they explain the claim,
    it is ``ok`` (the slip is the amount's, already reported once)."""
    token = READING.set("written")
    try:
        run()
    finally:
        READING.reset(token)
    if not claim.flagged:
        return
    inputs = [claim.data.get(k) for k in _INPUTS] + list(claim.data.get("parts", ())) + list(claim.data.get("sentence_amounts", ()))
    if not any(i is not None and i.data.get("trusted_cell") is not None and i.verdict != "ok" for i in inputs):
        return
    written = (claim.verdict, claim.message, claim.evidence, claim.recomputed, claim.suggestion)
    claim.verdict, claim.message, claim.evidence, claim.recomputed, claim.suggestion = "unverified", "", [], {}, ""
    token = READING.set("table")
    try:
        run()
    finally:
        READING.reset(token)
    if claim.verdict == "ok":
        claim.message += "（按表中数计算；正文所写金额的差错另行报告）"
    else:
        claim.verdict, claim.message, claim.evidence, claim.recomputed, claim.suggestion = written


def _whole_wan(amounts: list[Claim]) -> bool:
    """A paragraph whose 万元 amounts are all written in whole 万元 (收入预算17,192万元，其中：…)."""
    wan = [a for a in amounts if a.claimed.get("unit", "万元") == "万元"]
    return bool(wan) and all(a.claimed["value"]["decimals"] == 0 for a in wan)


def judge_all(doc: Document, claims: list[Claim], narrative_text: str) -> None:
    """Give every claim its verdict; amounts first, since ratios rest on them."""
    cents = cents_convention(claims)
    doc.meta["cents"] = cents
    doc.meta["tail_note"] = "尾数误差" in doc.text
    by_paragraph: dict[tuple[int, int], list[Claim]] = {}
    by_sentence: dict[tuple[int, int], list[Claim]] = {}
    for c in claims:
        if c.kind == "amount":
            by_paragraph.setdefault(c.data["norm_paragraph"], []).append(c)
            by_sentence.setdefault(c.data["norm_sentence"], []).append(c)
    for c in claims:
        c.data["siblings"] = claims
        c.data["cents"] = cents
        c.data["paragraph_amounts"] = by_paragraph.get(c.data["norm_paragraph"], [])
        c.data["sentence_amounts"] = by_sentence.get(c.data["norm_sentence"], [])
    whole = {k: _whole_wan(v) for k, v in by_paragraph.items()}
    texts: dict[tuple[int, int], str] = {}  # one copy of each paragraph, however many claims it holds
    for c in claims:
        para = c.data["norm_paragraph"]
        if para not in texts:
            texts[para] = narrative_text[para[0] : para[1]]
        c.data["paragraph_text"] = texts[para]
        c.data["paragraph_whole"] = whole.get(para, False)
    order = {"amount": 0, "count": 1, "score": 1, "share": 2, "change": 2, "completion": 2, "comparison": 2, "composition": 3}
    ordered = sorted(claims, key=lambda c: order.get(c.kind, 9))
    first_ratio = next((i for i, c in enumerate(ordered) if order.get(c.kind, 9) > 0), len(ordered))
    idx = ShareIndex.build(claims)
    for i, c in enumerate(ordered + [None]):  # type: ignore[operator]
        if i == first_ratio:
            truncation_convention(doc, claims)  # amounts are all judged: settle the document's conversion habit
        if c is None:
            break
        fn = {
            "amount": judge_amount,
            "score": judge_score,
            "change": judge_change,
            "completion": judge_completion,
            "comparison": judge_comparison,
            "composition": judge_composition,
            "count": judge_count,
        }.get(c.kind)
        if c.kind == "share":
            _judge_by_readings(c, lambda c=c: judge_share(doc, c, idx))
        elif c.kind in _DERIVED and fn is not None:
            _judge_by_readings(c, lambda c=c, fn=fn: fn(doc, c))
        elif fn is not None:
            fn(doc, c)
        if not c.message:
            c.message = c.data.get("message", "")
