"""Recomputing every claim and giving it a verdict, with evidence and a corrected wording.

Amounts are compared with the cells alignment found; shares, changes and
completion rates are recomputed from the amounts they rest on (table cells
when aligned, the figures the sentence states otherwise) as intervals, and
judged with :func:`rounding.judge`. Direction and comparison words are
checked against the sign of what the numbers say. A claim whose inputs
cannot be established with confidence stays ``unverified``.

This module orders the work and tries the two readings of a ratio; each kind
has its module: ``amounts`` (amounts, scores, counts, the 元→万元 truncation
habit), ``shares`` (their bases: ``sharebases``), ``changes``, ``budgets`` (completion rates, comparisons),
``compositions`` (其中 lists), ``savings`` (节约率, 审减率), ``gaps`` (百分点 between two rates),
``balances`` (收支结余, 赤字), all
built on ``figures`` (written figures as intervals, evidence, the percentage judgement) and ``rounding``
(the rule).
"""

from __future__ import annotations


from ..align.resolve import RowIndex
from ..model import Claim, Document
from .amounts import judge_amount, judge_count, judge_score, truncation_convention
from .budgets import judge_comparison, judge_completion
from .changes import judge_change
from .compositions import judge_composition
from .balances import judge_balance
from .gaps import judge_gap
from .savings import judge_saving
from .figures import READING, cents_convention, tenths_exact, put_back, set_aside
from .sharebases import ShareIndex
from .shares import judge_share


_DERIVED = ("change", "completion", "comparison", "composition", "saving", "balance")  # rest on amount claims
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
    inputs = [getattr(claim.ctx, k) for k in _INPUTS] + list(claim.ctx.parts) + list(claim.ctx.sentence_amounts)
    if not any(i is not None and i.ctx.trusted_cell is not None and i.verdict != "ok" for i in inputs):
        return
    written = set_aside(claim)
    token = READING.set("table")
    try:
        run()
    finally:
        READING.reset(token)
    if claim.verdict == "ok":
        claim.message += "（按表中数计算；正文所写金额的差错另行报告）"
    else:
        put_back(claim, written)


def _whole_wan(amounts: list[Claim]) -> bool:
    """A paragraph whose 万元 amounts are all written in whole 万元 (收入预算17,192万元，其中：…)."""
    wan = [a for a in amounts if (a.claimed.unit or "万元") == "万元"]
    return bool(wan) and all(a.claimed.figure("value").decimals == 0 for a in wan)


def _whole_change(c: Claim, sentence_amounts: list[Claim]) -> bool:
    """A change whose sentence writes every 万元 figure whole (its amounts, its prior and its change): they are
    rounded to the 万元 there, even in a text that writes other amounts to the cent."""
    own = [n for n in (c.claimed.prior, c.claimed.delta) if n is not None]
    wan = (c.claimed.unit or "万元") == "万元" and (c.claimed.unit0 or "万元") == "万元"
    return bool(own) and wan and all(n.decimals == 0 for n in own) and _whole_wan(sentence_amounts)


def judge_all(doc: Document, claims: list[Claim], narrative_text: str, index: RowIndex) -> None:
    """Give every claim its verdict; amounts first, since ratios rest on them.

    ``index`` is the align stage's name index over ``doc``'s tables (:func:`~narrcheck.align.index.build_index`).
    """
    _annotate(doc, claims, narrative_text)
    order = {
        "amount": 0,
        "count": 1,
        "score": 1,
        "share": 2,
        "change": 2,
        "completion": 2,
        "comparison": 2,
        "saving": 2,
        "gap": 2,
        "balance": 2,
        "composition": 3,
    }
    ordered = sorted(claims, key=lambda c: order.get(c.kind, 9))
    first_ratio = next((i for i, c in enumerate(ordered) if order.get(c.kind, 9) > 0), len(ordered))
    idx = ShareIndex.build(claims, index)
    by_kind = {
        "score": judge_score,
        "change": judge_change,
        "comparison": judge_comparison,
        "composition": judge_composition,
        "saving": judge_saving,
        "gap": judge_gap,
        "balance": judge_balance,
        "count": judge_count,
    }
    for i, c in enumerate(ordered):
        if i == first_ratio:
            truncation_convention(doc, claims)  # amounts are all judged: settle the document's conversion habit
        fn = by_kind.get(c.kind)
        if c.kind == "amount":
            judge_amount(doc, c, index)
        elif c.kind == "share":
            _judge_by_readings(c, lambda c=c: judge_share(doc, c, idx))
        elif c.kind == "completion":
            _judge_by_readings(c, lambda c=c: judge_completion(doc, c, index))
        elif c.kind in _DERIVED and fn is not None:
            _judge_by_readings(c, lambda c=c, fn=fn: fn(doc, c))
        elif fn is not None:
            fn(doc, c)
        if not c.message:
            c.message = c.ctx.message
    if first_ratio == len(ordered):
        truncation_convention(doc, claims)


def _annotate(doc: Document, claims: list[Claim], narrative_text: str) -> None:
    """What every judgement reads besides its own claim: the document's conventions, and each claim's
    sentence and paragraph amounts and paragraph text (grouped once, one copy per paragraph)."""
    cents = cents_convention(claims)
    tenths = tenths_exact(claims)
    doc.meta.cents = cents
    doc.meta.tail_note = "尾数误差" in doc.text
    by_paragraph: dict[tuple[int, int], list[Claim]] = {}
    by_sentence: dict[tuple[int, int], list[Claim]] = {}
    for c in claims:
        if c.kind == "amount":
            by_paragraph.setdefault(c.ctx.norm_paragraph, []).append(c)
            by_sentence.setdefault(c.ctx.norm_sentence, []).append(c)
    whole = {k: _whole_wan(v) for k, v in by_paragraph.items()}
    texts: dict[tuple[int, int], str] = {}
    for c in claims:
        para = c.ctx.norm_paragraph
        if para not in texts:
            texts[para] = narrative_text[para[0] : para[1]]
        ctx = c.ctx
        ctx.siblings, ctx.cents, ctx.tenths, ctx.paragraph_text = claims, cents, tenths, texts[para]
        ctx.paragraph_amounts = by_paragraph.get(para, [])
        ctx.sentence_amounts = by_sentence.get(ctx.norm_sentence, [])
        ctx.paragraph_whole = whole.get(para, False)
        if cents and c.kind == "change" and _whole_change(c, ctx.sentence_amounts):
            ctx.cents = False  # 为5024万元，比上年的4883万元增加141万元: rounded to the 万元, whatever the rest writes
