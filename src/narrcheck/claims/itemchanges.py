"""The changes of a complete 其中 list's items against the change of its total.

``一般公共预算财政拨款支出1643.29万元，比上年增加105.77万元。其中：基本支出952.50万元，比上年增加39.77万元；
项目支出690.79万元，比上年增加66.00万元`` — when the items add up to their total, their changes against the
same year must add up to the total's change too (39.77 + 66.00 = 105.77). An item whose change is stated as
none (较上年无增减, 持平) adds 0. The list is then complete by its own figures, so a sum short of the total's
change is an error, not a list left unfinished.

Only lists every item of which states one change against the year the total's change is against (上年, 同比,
a year), in the 其中's own sentence, are read: a change against a budget, a missing change, or two changes for
one item leave the list alone.

A change of spending whose reason names the changes of its two kinds and nothing else with a figure (支出较去年增加
29.48万元，主要是基本支出增加76.05万元；项目支出增加1.86万元: patterns/aliases.toml [reasons]) is the whole of it the
same way: 基本支出 and 项目支出 make a unit's spending.
"""

from __future__ import annotations


import regex

from ..model import Claim, Document
from .breakdowns import composition_claim
from .listparts import adds_up
from .patterns import aliases, compiled
from .subjects import split_direction

_MESSAGE = "The changes of a complete 其中 list's items must add up to the change of their total."


def item_changes(doc: Document, text: str, claims: list[Claim]) -> None:
    """Add a signed composition claim for each complete 其中 list whose items and total all state a change."""
    changes = [c for c in claims if c.kind == "change" and c.claimed.delta is not None and c.claimed.d1]
    new = []
    for comp in (c for c in claims if c.kind == "composition" and not c.ctx.signed):
        c = _of_list(doc, text, comp, changes)
        if c is not None:
            new.append(c)
    claims.extend(new)


def _of_list(doc: Document, text: str, comp: Claim, changes: list[Claim]) -> Claim | None:
    tot, parts = comp.ctx.total, comp.ctx.parts
    if tot is None or len(parts) < 2 or not adds_up(tot, parts):
        return None
    mine = [c for c in changes if c.ctx.current is tot and _against_a_year(c)]
    if len(mine) != 1:
        return None
    found: list[Claim] = []
    for i, p in enumerate(parts):
        stop = parts[i + 1].ctx.norm[0] if i + 1 < len(parts) else _clause_end(text, p.ctx.norm[1])
        if i + 1 == len(parts) and not text[p.ctx.norm[1] : stop].strip("，、 "):
            stop = _clause_end(text, stop + 1)  # 公务接待费1.35万元。比2024年预算持平: its change in the next clause
        own = [c for c in changes if c.ctx.current is p and p.ctx.norm[1] <= c.ctx.norm[1] <= stop]
        if len(own) == 1 and _against_a_year(own[0]):
            found.append(own[0])
        elif own or not _flat(text[p.ctx.norm[1] : stop]):
            return None
    if not found:
        return None
    c = composition_claim(doc, mine[0], found, True, min_parts=1)
    if c is not None:
        c.pattern = "composition.item_changes"
        c.ctx.complete, c.ctx.message = True, _MESSAGE
    return c


def _against_a_year(change: Claim) -> bool:
    """A change against last year (比上年, 同比, 较2023年, a budget's 比2024年预算), not against this year's budget
    (比年初预算)."""
    ref = change.claimed.ref or ""
    return bool(_YEAR.search(ref)) or not any(w in ref for w in ("预算", "计划"))


_YEAR = regex.compile(r"20\d\d")


def _flat(clause: str) -> bool:
    """The item's clause says it did not change (较上年无增减, 与上年持平)."""
    return any(w in clause for w in aliases()["directions"]["flat"])


_CLAUSE_END = regex.compile(r"[；。\n]")


def _clause_end(text: str, pos: int) -> int:
    m = _CLAUSE_END.search(text, pos)
    return m.start() if m else len(text)


def reason_changes(doc: Document, text: str, claims: list[Claim]) -> None:
    """Add a signed composition claim for each change of spending its reason splits into its two kinds."""
    spec = aliases()["reasons"]
    opens = compiled(spec["opens"])
    amounts = [c for c in claims if c.kind == "amount"]
    new = []
    for ch in (c for c in claims if c.kind == "change" and c.claimed.delta is not None and c.claimed.d1):
        s1 = ch.ctx.norm_sentence[1]
        m = opens.search(text, ch.ctx.norm[1], s1)
        if m is None or text.find("。", ch.ctx.norm[1], m.start()) >= 0 or not _of_spending(text, ch, spec["whole"]):
            continue
        inside = [a for a in amounts if m.end() <= a.ctx.norm[0] < s1]
        if sorted(_member(a.subject, spec) for a in inside) != sorted(spec["members"]):
            continue
        if any(not a.ctx.direction for a in inside):
            continue
        c = composition_claim(doc, ch, inside, True)
        if c is not None:
            c.pattern = "composition.reason_changes"
            c.ctx.complete = True
            c.ctx.message = "The changes of 基本支出 and 项目支出 a reason gives must add up to the change of spending."
            new.append(c)
    claims.extend(new)


def _of_spending(text: str, ch: Claim, whole: str) -> bool:
    """The change is of spending: its clause, up to its figure, names it (支出较去年增加…, 支出…，比上年增加…)."""
    start = max(text.rfind(c, ch.ctx.norm_sentence[0], ch.ctx.norm[0]) for c in "；;。") + 1
    return whole in text[max(start, ch.ctx.norm_sentence[0]) : ch.ctx.norm[0]]


def _member(subject: str, spec: dict) -> str:
    """The kind of spending an amount's name is (its reason opener, direction word and [reasons] drop words left
    out: 主要原因是基本支出增加, 项目支出预算减少了), or ''."""
    name, _ = split_direction(compiled("^(?:" + spec["opens"] + ")").sub("", subject or ""))
    for w in spec["drop"]:
        name = name.removesuffix(w)
    return name if name in spec["members"] else ""
