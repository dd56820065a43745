"""Totals reached by adding on: 一般公共预算收入42100万元，加上级补助收入387613万元、…，收入总计451227万元.

A budget report states its 收入总计 (or 支出总计, 总量) as the first figure of
its sentence plus the items introduced by 加 (加上, 再加): the total must be
their sum. The chain is read in one sentence, from the last amount before 加
to the first amount named as a total after it (全县一般预算总收入 closes one
chain, and the next 加 opens another from it); amounts inside brackets break
an item down and are left out. A chain with a 减 in it is claims/signedchains.py's
(it reads the terms taken away where each is stated), and one with a change or last
year's figure among its items is not read. Vocabulary: patterns/aliases.toml ``[chain]``.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from functools import cache

import regex

from ..model import Claim, Document
from .link import rate_base
from .listparts import adds_up, ends_open, other_side
from .narrative import Narrative
from .patterns import aliases


@cache
def chain_rx(key: str) -> regex.Pattern:
    """A pattern of patterns/aliases.toml [chain], compiled once (claims/signedchains.py reads chains by it too)."""
    return regex.compile(aliases()["chain"][key])


QIZHONG_WORD = regex.compile("其中")  # the word, wherever it stands (frames.QIZHONG opens a list)
_CLAUSE_END = regex.compile(r"[，,；;。]")
_LISTED = regex.compile("[：；:;]")  # a list between a sentence's first amount and a chain's base
_QIZHONG_REACH = 200  # how far back from a chain's base (characters) the 其中 it may be a part of is looked for

Build = Callable[[Document, Claim, list[Claim], bool], "Claim | None"]


def plus_chains(doc: Document, narr: Narrative, amounts: list[Claim], build: Build) -> list[Claim]:
    """The composition claims of every 加 chain ending in a total (``build`` makes one from a total and its
    parts, as for a 其中 list)."""
    text = narr.text
    level = sorted((a for a in amounts if a.ctx.direction is None), key=lambda a: a.ctx.norm[0])
    starts = [a.ctx.norm[0] for a in level]
    out: list[Claim] = []
    done = -1
    for m in chain_rx("opener").finditer(text):
        sent = narr.sentence_at(m.start())
        if sent is None or m.start() < done:
            continue
        lo = sent[0]
        if not text[sent[0] : m.start()].strip() and sent[0] > 0:
            # 收入180.97亿元，为预算的102.27%。加上上级补助收入…: the chain opens a sentence and adds on to the
            # figure the sentence before ends with (in the same paragraph)
            prev = narr.sentence_at(sent[0] - 1)
            if prev is not None and prev[0] > 0 and text[prev[0] : prev[1]].lstrip().startswith("其中"):
                # …收入15.81亿元，…。其中，税收收入…。加上…: the 其中 sentence goes on from the one before it
                prev = (narr.sentence_at(prev[0] - 1) or prev)[0], prev[1]
            lo = prev[0] if prev is not None and "\n" not in text[prev[0] : sent[0]] else sent[0]
        before = level[bisect.bisect_left(starts, lo) : bisect.bisect_left(starts, m.start())]
        after = level[bisect.bisect_left(starts, m.end()) : bisect.bisect_left(starts, sent[1])]
        chain = _chain(text, narr, m, before, after)
        if chain is not None:
            chain = _settle(text, narr, level, chain)
        if chain is None:
            continue
        base, parts, total = chain
        c = build(doc, total, [base, *parts], False)
        if c is None:
            continue
        c.pattern = "composition.plus_chain"
        c.start, c.end = base.start, total.end
        c.text = doc.text[c.start : c.end]
        c.ctx.message = "A total reached by adding on (X，加A、B…，收入总计T) must be the sum of its items."
        c.ctx.complete = _tight(text, (base, m.start(), total), parts, level)
        out.append(c)
        done = total.ctx.norm[1]
    return out


def listed_totals(doc: Document, narr: Narrative, amounts: list[Claim], build: Build, taken: set[int]) -> list[Claim]:
    """The composition claims of lists with no opener closed by their total (中央500.796万元、省级66.7728万元、…，
    合计834.66万元): three or more items joined by 、 (or 和 before the last), then a comma and the total's name.
    A total already read as one (of a 加 chain or a 其中 list: ``taken``, by object id) is left to that reading."""
    text = narr.text
    level = sorted((a for a in amounts if a.ctx.direction is None), key=lambda a: a.ctx.norm[0])
    out: list[Claim] = []
    for k, total in enumerate(level):
        if id(total) in taken or not chain_rx("total").search(total.subject or "") or k == 0:
            continue
        if not chain_rx("closer").match(text[level[k - 1].ctx.norm[1] : total.ctx.norm[0]]):
            continue
        items = [level[k - 1]]
        for a in reversed(level[: k - 1]):
            if not chain_rx("joiner").match(text[a.ctx.norm[1] : items[0].ctx.norm[0]]):
                break
            items.insert(0, a)
        if len(items) < 3 or not all(plain(text, a) for a in items):
            continue
        head = _head_of_list(text, level, items[0], total)
        c = build(doc, total, [head, *items] if head is not None else items, False)
        if c is None:
            continue
        c.ctx.complete = c.ctx.complete or head is not None
        c.pattern = "composition.listed_total"
        c.start, c.end = items[0].start, total.end
        c.text = doc.text[c.start : c.end]
        c.ctx.message = "A list closed by its total (A x、B y、C z，合计T) must add up to it."
        out.append(c)
    return out


def _head_of_list(text: str, level: list[Claim], first: Claim, total: Claim) -> Claim | None:
    """The amount opening the sentence of a list closed by its total, when the list starts the clause after a ；
    (一般公共预算收入654,233万元，完成年初预算的120.2%，…；上级补助收入…、调入资金…，收入总计3,436,067万元): the
    year's own revenue (or spending) the items are added on to, the first part — the sentence's only level amount
    before the ；, of the total's side (收入 with 收入总计). Every item then stands with its figure: the list is
    whole."""
    s0 = total.ctx.norm_sentence[0]
    semi = text.rfind("；", s0, first.ctx.norm[0])
    if semi < 0 or regex.search(r"[，,、。]", text[semi + 1 : first.ctx.norm[0]]):
        return None
    before = [a for a in level if s0 <= a.ctx.norm[0] < semi]
    if len(before) != 1 or not plain(text, before[0]):
        return None
    head = before[0]
    same = any(w in total.subject and w in head.subject for group in aliases()["chain"]["sides"] for w in group)
    return head if same and not other_side(total.subject, head.subject) else None


def _chain(
    text: str, narr: Narrative, m: regex.Match, before: list[Claim], after: list[Claim]
) -> tuple[Claim, list[Claim], Claim] | None:
    """(base, items, total) of the chain a 加 at ``m`` opens, or None when it is not one narrcheck can read. After a
    其中 list the chain adds on to that list's total, not to its last part (基金收入12.5亿元，…其中，土地出让…11.1亿元；
    加上…11.5亿元，政府性基金收入总计24亿元: 12.5 + 11.5)."""
    lo = before[0].ctx.norm_sentence[0] if before else m.start()
    opened = [q.start() for q in QIZHONG_WORD.finditer(text, lo, m.start()) if not narr.unclosed_bracket(lo, q.start())]
    if opened:
        before = [a for a in before if a.ctx.norm[1] <= opened[-1]]
    before = [
        a
        for i, a in enumerate(before)
        if not (i and chain_rx("adjusted").search(text, before[i - 1].ctx.norm[1], a.ctx.norm[0]))
        and not _in_reason(text, a, before[i - 1] if i else None)
    ]  # 支出168.23亿元，…剔除一次性因素后，为165.61亿元，…；加上…: the chain adds on to the figure, not its restatement
    base = next(
        (
            a
            for a in reversed(before)
            if not narr.unclosed_bracket(a.ctx.norm[1], m.start()) and not narr.unclosed_bracket(lo, a.ctx.norm[0])
        ),
        None,
    )  # an amount inside a bracket before 加 (收入X亿元（其中：…59.65亿元），加上…) is a part of the one before it
    if base is None or not plain(text, base) or not _added_with_figure(text, m, after):
        return None
    parts: list[Claim] = []
    for a in after:
        if narr.unclosed_bracket(m.end(), a.ctx.norm[0]):
            continue  # an item's own breakdown (其中：专项补助收入…)
        if not plain(text, a):
            return None
        if chain_rx("total").search(a.subject or ""):
            return (base, parts, a) if parts and _readable(text, narr, (base, m.start(), a)) else None
        parts.append(a)
    return None


def _settle(
    text: str, narr: Narrative, level: list[Claim], chain: tuple[Claim, list[Claim], Claim]
) -> tuple[Claim, list[Claim], Claim] | None:
    """The chain as read, or another reading when its base is unsure and the chain as read does not add up: after a
    list of items (支出461.67亿元，…主要项目安排情况：教育支出73.75亿元；…住房保障支出18.06亿元，加上…20.44亿元，
    支出总计482.11亿元) the base is the list's total, not its last item; a base opening its sentence
    (收入拟安排2.71亿元。上级补助收入0.05亿元，加上年结转0.04亿元，收入总计2.80亿元) may add on to the figure the
    sentence before ends with — read so only when that makes the total exact, and no claim is made when neither
    reading adds up."""
    base, parts, total = chain
    if adds_up(total, [base, *parts]):
        return chain
    head = _qizhong_head(text, level, base)
    if head is not None and not other_side(total.subject, head.subject) and plain(text, head):
        return head, parts, total  # …收入13.5亿元，…其中：…；⏎非税收入4.4亿元，…。加上级补助收入…: the list's total
    listed = _listed_base(text, level, base)
    if listed is not None:
        fits = not other_side(total.subject, listed.subject) and plain(text, listed)
        return (listed, parts, total) if fits else chain
    alt = _sentence_before(text, narr, level, base)
    if alt is None or other_side(total.subject, alt.subject) or not plain(text, alt):
        return chain  # 收入总量…2095.27万元。全乡一般公共预算支出…，加…，支出总量: no base of the 支出 chain
    return (alt, [base, *parts], total) if adds_up(total, [alt, base, *parts]) else None


def _qizhong_head(text: str, level: list[Claim], base: Claim) -> Claim | None:
    """The total of the 其中 list the base is a part of (no full stop between the 其中 and the base, nor between
    that total and its 其中), when the list began in a sentence before the base's (text wrapped line by line)."""
    q = text.rfind("其中", max(0, base.ctx.norm[0] - _QIZHONG_REACH), base.ctx.norm_sentence[0])
    if q < 0 or "。" in text[q : base.ctx.norm[0]]:
        return None
    heads = [a for a in level if a.ctx.norm[1] <= q]
    if not heads or "。" in text[heads[-1].ctx.norm[1] : q]:
        return None
    return heads[-1]


def _listed_base(text: str, level: list[Claim], base: Claim) -> Claim | None:
    """The first amount of the base's sentence when a list (a ：or ； between them) leads from it to the base."""
    s0 = base.ctx.norm_sentence[0]
    head = next((a for a in level if a.ctx.norm[0] >= s0), None)
    if head is None or head is base or not _LISTED.search(text, head.ctx.norm[1], base.ctx.norm[0]):
        return None
    return head


def _sentence_before(text: str, narr: Narrative, level: list[Claim], base: Claim) -> Claim | None:
    """The amount ending the sentence before, in the same paragraph, when the base is the first figure of its own
    sentence."""
    s0 = base.ctx.norm_sentence[0]
    if s0 == 0 or any(s0 <= a.ctx.norm[0] < base.ctx.norm[0] for a in level):
        return None
    prev = narr.sentence_at(s0 - 1)
    if prev is None or "\n" in text[prev[0] : s0]:
        return None
    mine = [a for a in level if prev[0] <= a.ctx.norm[0] < prev[1]]
    return mine[-1] if mine else None


def _added_with_figure(text: str, m: regex.Match, after: list[Claim]) -> bool:
    """Whether the clause the 加 opens states what it adds (加上级补助收入387613万元): one naming no figure (加上上下级
    体制结算资金，市级财政当年可用财力296.2亿元；…，合计381.4亿元) makes the next figure a subtotal, no item."""
    stop = _CLAUSE_END.search(text, m.end())
    end = stop.start() if stop else len(text)
    return any(m.end() <= a.ctx.norm[0] < end for a in after)


def _in_reason(text: str, a: Claim, prev: Claim | None) -> bool:
    """The amount stands in a reason (主要原因是2025年增加对国企资本金3亿元): no base of a chain. A reason runs on
    over commas from the figure it explains (支出完成2665184万元，…，主要是受…影响，2024年支出基数中有21.62亿元…):
    the words are looked for back to the figure before in the sentence (``prev``), or to the clause's start."""
    start = max(text.rfind(sep, 0, a.ctx.norm[0]) for sep in "，,；;。") + 1
    if prev is not None and prev.ctx.norm_sentence == a.ctx.norm_sentence:
        start = min(start, prev.ctx.norm[1])
    return chain_rx("reason").search(text, start, a.ctx.norm[0]) is not None


def _readable(text: str, narr: Narrative, chain: tuple[Claim, int, Claim]) -> bool:
    """Whether the chain (its base, where its 加 stands, its total) is plain addition of one side: no 减 in it, no
    其中 list after the 加 outside brackets (its parts break an item down; one before it breaks the base down), and a
    base of the total's side (收入总量3002.97亿元；加上…支出…，支出总量: the 收入 total is no base of the 支出 one)."""
    base, at, total = chain
    if chain_rx("minus").search(text, base.ctx.norm[1], total.ctx.norm[0]):
        return False
    for m in QIZHONG_WORD.finditer(text, at, total.ctx.norm[0]):
        if not narr.unclosed_bracket(at, m.start()):
            return False
    return not other_side(total.subject, base.subject)


def _tight(text: str, chain: tuple[Claim, int, Claim], parts: list[Claim], level: list[Claim]) -> bool:
    """Whether every clause of the chain (its base, where its 加 stands, its total) from the 加 on holds one of its
    amounts (收入750.55亿元，加上转移性收入等692.70亿元，收入决算结果1443.25亿元): no item named without a figure
    (…、上年结转以及调入资金，收入总计…), so the chain is the whole of its total by its wording and a shortfall is a
    slip, not an item left unstated. Never where a 其中 stands in the paragraph before the base: the base may be a
    part of that list (…其中，税收收入29.09亿元…。非税收入24.1亿元，增长1.9%。加上…) — unless a total closes the
    list before the base (…其中…。…加上级补助收入…，收入总量为5407.78万元。全镇一般公共预算支出…，加上…)."""
    base, at, total = chain
    q = text.rfind("其中", base.ctx.norm_paragraph[0], base.ctx.norm[0])
    if q >= 0 and not any(
        q < a.ctx.norm[0] < base.ctx.norm[0] and chain_rx("total").search(a.subject or "") for a in level
    ):
        return False
    if parts and ends_open(text, parts[-1].ctx.norm[1]):
        return False  # …其他调入资金66.01亿元等，总收入…: items left unnamed
    lo, hi = at, total.ctx.norm[0]
    starts = [p.ctx.norm[0] for p in parts]
    for m in regex.finditer(r"[^，,、；;]+", text[lo:hi]):
        a, b = lo + m.start(), lo + m.end()
        if m.group().strip() and b < hi and not any(a <= s < b for s in starts):
            return False  # (the last clause names the total)
    return bool(parts)


def plain(text: str, a: Claim) -> bool:
    """An amount of this year that stands for itself: no last year's figure, no budget a rate divides
    (预算49531万元的85.0%), no figure with a sign left outside it (负1.83亿元; a minus right after a name is read
    with the figure: 上解上级支出-1.83亿元)."""
    signed = a.ctx.norm[0] > 0 and text[a.ctx.norm[0] - 1] in aliases()["chain"]["negative"]
    return a.ctx.measure != "prior" and not rate_base(text, a) and a.claimed.value is not None and not signed
