"""Statements about another year's figure: ``比2024年预算增加107.62万元``, ``与2024年预算持平``, ``与2023年度相比``.

Each one implies the other year's figure: the current amount minus the
change (3121.42 − 107.62 = 3013.80), the current amount over one plus the
rate, or the current amount itself when it is 持平. What it refers to is read
from its words: an explicit year or 上年 (the year before the document's), and
预算 or 决算 (a 决算 comparing with 上年 means last year's 决算; a budget saying
only 比上年 is unsure and skipped). A statement against a 预算执行数 is against
an in-year estimate and is never checked.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from decimal import Decimal

import regex

from ..model import Claim, Document, Evidence
from ..textnorm import fold
from . import vocab
from .figures import claim_key, claim_measure, places, written
from .identity import Identity

_YEAR = regex.compile(r"(20\d\d)")
_BETWEEN_OK = regex.compile(r"^[\s，,。；;：:]*$")
_FLAT = ("持平", "一致", "相同", "相等", "不变", "保持不变")


@dataclass(frozen=True)
class Statement:
    """A statement about another year's figure and the figure it implies."""

    claim: Claim  # the words that make it (the change or the 持平 comparison)
    current: Claim  # this year's amount it starts from
    key: str  # the quantity (财政拨款收入, 三公经费, item|…)
    measure: str  # what the other year's document must hold: budget or actual
    year: int  # the other year
    lo: Decimal  # the implied figure, as an interval in 万元
    hi: Decimal
    arithmetic: str  # how the implied figure is obtained, in the document's own figures
    tail: Decimal  # one unit of the coarsest place written: a miss within it is a rounding slip
    evidence: tuple[Evidence, ...]


def reference(ref: str, ident: Identity) -> tuple[int, str] | None:
    """(year, measure) a reference phrase points to, or None when it is an estimate or unsure."""
    s = fold(ref)
    if ident.year is None or any(w in s for w in vocab.words("reference", "estimate")):
        return None
    m = _YEAR.search(s)
    if m:
        year = int(m.group(1))
    elif any(w in s for w in vocab.words("reference", "prior")):
        year = ident.year - 1
    else:
        return None
    if year >= ident.year:
        return None  # not another year's figure (a wrong year is naming.reference_year's finding)
    if any(w in s for w in vocab.words("reference", "final")):
        return year, "actual"
    if any(w in s for w in vocab.words("reference", "budget")):
        return year, "budget"
    if ident.stage == "决算":
        return year, "actual"
    return None  # a budget's bare 比上年: last year's budget or its execution? unsure


def restated(sentence: str) -> bool:
    """True when a sentence compares on a restated basis (按可比口径, 同口径):
    last year's document does not show that figure."""
    s = fold(sentence)
    return any(w in s for w in vocab.words("reference", "restated"))


def _sign(word: str) -> int:
    w = fold(word or "")
    if w in vocab.words("reference", "up"):
        return 1
    if w in vocab.words("reference", "down"):
        return -1
    return 0


def _text_ev(c: Claim, label: str, name: str = "value") -> Evidence:
    raw = c.claimed.find(name)
    shown = f"{raw.text if raw else ''}{c.claimed.unit}"
    return Evidence(
        table="正文",
        title=label,
        row=f"{c.subject}（{label}）" if c.subject else label,
        column="",
        value=shown,
        page=c.page,
        offset=(c.start, c.end),
    )


def _preceding_amount(c: Claim, amounts: list[Claim], ends: list[int], text: str) -> Claim | None:
    """The amount a 持平 comparison is about: the last one before it, nothing but punctuation between.

    ``amounts`` are sorted by end and ``ends`` are their ends (found by bisection: linear in the claims).
    """
    i = bisect.bisect_right(ends, c.start) - 1
    if i < 0:
        return None
    best = amounts[i]
    if c.start - best.end > 40 or not _BETWEEN_OK.match(text[best.end : c.start]):
        return None
    return best


def _implied(c: Claim, cur: tuple[Decimal, Decimal, str]) -> tuple[Decimal, Decimal, str] | None:
    """(lo, hi, arithmetic) of the other year's figure a change or 持平 claim implies."""
    value, half, _ = cur
    if c.kind == "comparison":
        if c.claimed.rel not in _FLAT:
            return None
        return value - half, value + half, f"{places(value, half)}（持平）"
    delta = written(c, "delta")
    sign = _sign(c.claimed.d1) if delta else _sign(c.claimed.d2)
    if sign == 0:
        return None
    if delta:
        dv, dh, _ = delta
        lo, hi = value - half - sign * dv - dh, value + half - sign * dv + dh
        op = "−" if sign > 0 else "+"
        shown = min(half, dh)
        return lo, hi, f"{places(value, half)}{op}{places(dv, dh)}={places(value - sign * dv, shown)}"
    pct = c.claimed.pct
    if not isinstance(pct, dict):
        return None
    p = Decimal(pct["value"])
    ph = Decimal(1).scaleb(-int(pct.get("decimals", 0))) / 2
    dens = [1 + sign * (p + e) / 100 for e in (-ph, ph)]
    if min(dens) <= 0:
        return None
    bounds = [(value + h) / d for h in (-half, half) for d in dens]
    mid = value / (1 + sign * p / 100)
    op = "+" if sign > 0 else "−"
    return min(bounds), max(bounds), f"{places(value, half)}÷(1{op}{pct['value']}%)≈{places(mid, half)}"


def statements(doc: Document, ident: Identity) -> list[Statement]:
    """Every statement of ``doc`` about another year's figure whose quantity, year and measure are sure."""
    amounts = sorted((c for c in doc.claims if c.kind == "amount"), key=lambda c: c.end)
    ends = [a.end for a in amounts]
    out: list[Statement] = []
    for c in doc.claims:
        ref = c.claimed.ref
        if c.kind not in ("change", "comparison") or not isinstance(ref, str):
            continue
        target = reference(ref, ident)
        if target is not None and restated(doc.text[c.sentence[0] : c.sentence[1]]):
            continue
        cur = c.ctx.current if c.kind == "change" else _preceding_amount(c, amounts, ends, doc.text)
        if target is None or not isinstance(cur, Claim) or cur.kind != "amount":
            continue
        st = _statement(c, cur, target, ident)
        if st is not None:
            out.append(st)
    return out


def _statement(c: Claim, cur: Claim, target: tuple[int, str], ident: Identity) -> Statement | None:
    key = claim_key(cur)
    own = vocab.quantity_of(c.subject) if c.subject and not c.subject.startswith("“") else None
    if key is None or (own is not None and own != key and not key.startswith("item|")):
        return None  # the change names another quantity than the amount it starts from
    mm = claim_measure(cur, ident)
    w = written(cur)
    if mm is None or mm[1] != ident.year or mm[0] == "estimate" or w is None:
        return None
    imp = _implied(c, w)
    if imp is None:
        return None
    lo, hi, arithmetic = imp
    ev = [_text_ev(cur, "本年数")]
    halves = [w[1]]
    delta = written(c, "delta") if c.kind == "change" else None
    if delta:
        ev.append(_text_ev(c, "增减额", "delta"))
        halves.append(delta[1])
    return Statement(c, cur, key, target[1], target[0], lo, hi, arithmetic, 2 * max(halves), tuple(ev))
