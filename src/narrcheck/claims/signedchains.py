"""Totals reached by adding on and taking away: 收入1245.5亿元加上A、B、C，减去D、E后，可安排财力1125.82亿元.

A budget report's balance of means states the year's revenue (or the figures that came in), then what is added
(加上, 加：) and what is taken away (减去, 减：, 减上解支出…), and ends with what is left (可安排财力, 滚存结余,
年终结余, 总计): the total must be the signed sum of the terms. A chain is read in one sentence, from the first
amount of the clause it opens in to the first amount after a 减 named as such a total; each term takes the sign of
the last 加 or 减 before it (none: +). It is not read when a term is last year's figure, a budget a rate divides, a
rough size (约, 近) or a change, when a clause between the first 加/减 and the total names no figure (a term left
unstated), or when a 其中 stands outside brackets inside it; amounts inside brackets break a term down and are left
out. Chains with no 减 are claims/chains.py's. Vocabulary: patterns/aliases.toml ``[chain]``.
"""

from __future__ import annotations

import regex

from ..model import Claim, Document
from .carryover import balance_claim
from .chains import QIZHONG_WORD, chain_rx, plain
from .listparts import MONEY_UNITS, approximate
from .narrative import Narrative

_MESSAGE = "A total reached by adding on and taking away (X，加上A，减去B后，Y) must be X + A − B."
_CLAUSES = regex.compile(r"[^，,、；;]+")


def signed_chains(doc: Document, narr: Narrative, amounts: list[Claim]) -> list[Claim]:
    """One balance claim per sentence whose figures are added on and taken away to a total (the first 减 of
    each sentence opens one; ``amounts`` are the narrative's amount claims)."""
    text = narr.text
    level = sorted((a for a in amounts if a.ctx.direction is None), key=lambda a: a.ctx.norm[0])
    out: list[Claim] = []
    seen: set[tuple[int, int]] = set()
    for m in chain_rx("minus_opener").finditer(text):
        sent = narr.sentence_at(m.start())
        if sent is None or sent in seen:
            continue
        seen.add(sent)
        read = _read(text, narr, [a for a in level if sent[0] <= a.ctx.norm[0] < sent[1]], m.start(), amounts)
        if read is not None:
            added, taken, total = read
            out.append(balance_claim(doc, "balance.chain", total, (added, taken), _MESSAGE))
    return out


def _read(
    text: str, narr: Narrative, mine: list[Claim], minus_at: int, amounts: list[Claim]
) -> tuple[list[Claim], list[Claim], Claim] | None:
    """(terms added, terms taken away, total) of the chain whose first 减 stands at ``minus_at``, or None."""
    s0 = mine[0].ctx.norm_sentence[0] if mine else minus_at
    total = next((a for a in mine if a.ctx.norm[0] > minus_at and _closes(text, a)), None)
    if total is None:
        return None
    marks = _marks(text, s0, total.ctx.norm[0])
    first_mark = marks[0][0] if marks else minus_at
    start = max([s0] + [text.rfind(c, s0, first_mark) + 1 for c in "：:；;"])
    terms = [
        a
        for a in mine
        if start <= a.ctx.norm[0] < total.ctx.norm[0] and not narr.unclosed_bracket(start, a.ctx.norm[0])
    ]
    if not _readable(text, narr, terms, total, amounts):
        return None
    added: list[Claim] = []
    taken: list[Claim] = []
    for a in terms:
        sign = next((s for at, s in reversed(marks) if at < a.ctx.norm[0]), 1)
        (added if sign > 0 else taken).append(a)
    if not added or not taken or not _every_clause_has_a_figure(text, first_mark, terms, total):
        return None
    return added, taken, total


def _closes(text: str, a: Claim) -> bool:
    """Whether ``a`` is named as what the chain leaves (可安排财力, 滚存结余) and no 加/减 opens its clause
    (加：上年结余1.79万元 is a term, the 其他资金结余 after it the total)."""
    if not chain_rx("signed_total").search(a.subject or ""):
        return False
    clause = max(text.rfind(c, 0, a.ctx.norm[0]) for c in "，,；;。") + 1
    return not _marks(text, clause, a.ctx.norm[0])


def term_name(subject: str) -> str:
    """A term's name without the 加/减 words its subject may have taken in (减去调入资金 → 调入资金; 收入X亿元加上上级
    专款 → 上级专款), for the message that writes the sum out."""
    cut = max((m.end() for key in ("opener", "minus_opener") for m in chain_rx(key).finditer(subject)), default=0)
    rest = subject[cut:].lstrip("：: ")
    return rest[1:] if cut and subject[cut - 1] == "加" and rest.startswith("上") else rest  # 加上 is one word


def _marks(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """(position, sign) of every 加 (+1) and 减 (−1) between ``lo`` and ``hi``, in order."""
    found = [(m.start(), 1) for m in chain_rx("opener").finditer(text, lo, hi)]
    found += [(m.start(), -1) for m in chain_rx("minus_opener").finditer(text, lo, hi)]
    return sorted(found)


def _readable(text: str, narr: Narrative, terms: list[Claim], total: Claim, amounts: list[Claim]) -> bool:
    """Every term and the total a plain money figure of record, no change and no 其中 among them."""
    if len(terms) < 2 or any(not plain(text, a) or approximate(text, *a.ctx.norm) for a in [*terms, total]):
        return False
    if any((a.claimed.unit or "万元") not in MONEY_UNITS for a in [*terms, total]):
        return False
    lo, hi = terms[0].ctx.norm[0], total.ctx.norm[0]
    if any(a.ctx.direction is not None and lo <= a.ctx.norm[0] < hi for a in amounts):
        return False  # a change among the terms (增加3亿元): not a balance of means
    return not any(not narr.unclosed_bracket(lo, q.start()) for q in QIZHONG_WORD.finditer(text, lo, hi))


def _every_clause_has_a_figure(text: str, lo: int, terms: list[Claim], total: Claim) -> bool:
    """Whether each clause from the first 加/减 up to the total holds a term (减去上解支出，…: a term unstated)."""
    hi = total.ctx.norm[0]
    starts = [a.ctx.norm[0] for a in terms]
    for m in _CLAUSES.finditer(text, lo, hi):
        if m.group().strip() and m.end() < hi and not any(m.start() <= s < m.end() for s in starts):
            return False
    return True
