"""其中 lists and 由…构成 breakdowns: the composition claims that say parts add up to a total.

Where a list opens is found from the words (其中, 包括, 由…构成); which total and parts it breaks down is its
frame (frames.py: nested and parenthesised breakdowns belong to their own parent, change amounts to a change
total, a list ending its sentence goes on in the next ones); this module makes the claims and marks the lists
that are complete by their wording.
"""

from __future__ import annotations

import bisect
from decimal import Decimal

import regex

from ..model import Claim, Document, Stated
from ..numbers import Number
from ..textnorm import name_key
from .link import amounts_of
from .carryover import carryovers, located_at
from .chains import listed_totals, plus_chains
from .counted import count_of, counted_breakdowns
from .listparts import (
    MONEY_UNITS as _MONEY_UNITS,
    approximate,
    divides_rate,
    exceeds,
    head_before,
    named_like_total,
    other_side,
    total_named_by_parts,
)
from .signedchains import signed_chains
from .numbered import inline_items, item_start, numbered_items

from .frames import QIZHONG, frames, lead_sentence, paragraph_of
from .narrative import Narrative
from .patterns import aliases, compiled


def compositions(doc: Document, narr: Narrative, claims: list[Claim]) -> None:
    """Add a composition claim for each 其中 list: parts against their stated total.

    The frame decides what the list breaks down: a 其中 inside brackets belongs to the amount just
    before the bracket and ends at its close; a list runs to the next 其中 of its sentence (a nested
    其中 breaks down the part before it, not the total); bracketed sub-breakdowns are not parts; a list
    of change amounts (其中：公务接待费减少1.00万元 …) breaks down the change before it, not a level.
    """
    text = narr.text
    amounts = [a for a in amounts_of(claims, ("amount", "count")) if not _in_range(text, a)]
    changes = [c for c in claims if c.kind == "change" and c.claimed.delta is not None and c.claimed.d1]
    new: list[Claim] = []
    for m, sent in _openers(narr):
        for tot, ps, signed in frames(doc, narr, amounts, changes, m, sent):
            tot, ps, unsure = (tot, ps, False) if signed else _by_names(text, amounts, (m, sent), (tot, ps))
            for p in ps if not signed and tot.ctx.norm_sentence == sent else []:
                p.ctx.listed_under = tot  # even a list of one part: its share is of the total (recompute.shares)
            c = composition_claim(doc, tot, ps, signed, min_parts=1 if _lone_excess(tot, ps, signed) else 2)
            lead = tot.ctx.norm_sentence == lead_sentence(narr, paragraph_of(text, m.start()), m.start())
            goes_on = c is not None and _continues(narr, changes if signed else amounts, tot, m)
            if c is not None and (lead or goes_on and all(p.ctx.norm_sentence == sent for p in ps)):
                # a list on its own line, or in the sentence after its total's: the claim points at both
                c.end = max(c.end, *(p.end for p in ps))
                c.text = doc.text[c.start : c.end]
                for p in ps if not signed else []:
                    p.ctx.listed_under = p.ctx.listed_under or tot  # a reading its named share may have (shares)
            if c is not None and not signed and (_as_many_as_stated(text, sent, m.start(), ps) or _closed(tot, ps)):
                c.ctx.complete = True
            if c is not None and not signed:
                # other totals the frame could mean: judged if the first does not fit; when the total is
                # not in the 其中's own sentence and others are possible, no alarm is raised on a guess
                # the total and parts of an earlier list are no candidates (90万元，其中：30…。完成89.97万元。其中：…)
                listed = {id(a) for x in new for a in [x.ctx.total, *x.ctx.parts] if a is not None}
                others = [
                    a
                    for a in _levels_before(text, amounts, m)
                    if a is not tot
                    and id(a) not in listed
                    and a.ctx.norm_paragraph == tot.ctx.norm_paragraph
                    and a.ctx.measure in (tot.ctx.measure, "")  # an unmarked amount may be of any measure
                ]
                # an amount's own 包括 list names its total: no other total is tried
                # and neither does the amount right before its 其中 in its own sentence (支出8.60万元，其中：…):
                # an earlier figure that happens to fit is no reading of that frame
                own = tot.ctx.norm_sentence == sent and not any(
                    tot.ctx.norm[1] <= a.ctx.norm[0] < m.start() for a in amounts if a.ctx.direction is None
                )
                c.ctx.alternatives = (
                    [] if own or compiled(aliases()["breakdown"]["opens"]).fullmatch(m.group(0)) else others
                )
                # a candidate giving the same figure (the total restated) leaves no doubt about the total
                differ = [a for a in others if _figure_of(a) != _figure_of(tot)]
                c.ctx.ambiguous = unsure or bool(differ) and tot.ctx.norm_sentence != sent and not goes_on
            if c is not None:
                new.append(c)
    new.extend(_breakdowns(doc, narr, amounts))
    new.extend(counted_breakdowns(doc, narr, amounts, composition_claim))
    new.extend(plus_chains(doc, narr, amounts, composition_claim))
    taken = {id(c.ctx.total) for c in new if c.ctx.total is not None}
    new.extend(listed_totals(doc, narr, amounts, composition_claim, taken))
    new.extend(carryovers(doc, narr.text, [a for a in amounts if a.claimed.unit in _MONEY_UNITS]))
    new.extend(signed_chains(doc, narr, amounts))
    claims.extend(new)


def _by_names(
    text: str, amounts: list[Claim], at: tuple[regex.Match, tuple[int, int]], read: tuple[Claim, list[Claim]]
) -> tuple[Claim, list[Claim], bool]:
    """The list a 其中 (``at``: it and its sentence) opens as its names read it (listparts.named_like_total,
    total_named_by_parts): its total, its parts, and whether the total stays unsure."""
    (m, sent), (tot, ps) = at, read
    earlier = [a for a in _levels_before(text, amounts, m) if a.ctx.norm_sentence == sent]
    ps = named_like_total(tot, ps, earlier)
    tot, unsure = total_named_by_parts(tot, ps, earlier)
    return tot, ps, unsure


def _levels_before(text: str, amounts: list[Claim], m: regex.Match) -> list[Claim]:
    """The levels of money stated before a 其中 (no change, no plan a rate divides: 为全年任务740万元的56.6%): the
    totals its list may break down."""
    return [
        a
        for a in amounts
        if a.ctx.norm[1] <= m.start()
        and a.ctx.direction is None
        and a.claimed.unit in _MONEY_UNITS
        and not divides_rate(text, a.ctx.norm[1])
    ]


def _as_many_as_stated(text: str, sent: tuple[int, int], pos: int, parts: list[Claim]) -> bool:
    """Whether the 其中's sentence says, before it, how many kinds the total holds, and the list names that many
    (主要有部门预算项目支出、专项预算支出二类支出，项目资金总预算为2455.5万元，其中…87.5万元，…2350万元). A count
    declared as 由N部分构成 is the partition's (claims/counted.py), not a 其中 list's."""
    rx, declared = compiled(aliases()["breakdown"]["count_stated"]), compiled(aliases()["breakdown"]["counted"])
    taken = [(d.start(), d.end()) for d in declared.finditer(text, sent[0], pos)]  # 由三部分构成: counted.py's
    counts = [
        count_of(m.group("n")) for m in rx.finditer(text, sent[0], pos) if not any(a <= m.start() < b for a, b in taken)
    ]
    return len(counts) == 1 and counts[0] == len(parts) >= 2


def _closed(tot: Claim, ps: list[Claim]) -> bool:
    """The list is closed by its own total, named by nothing but a total word after its last part (其中支持引进品牌
    集聚340.00万，…，支持商业综合服务能力提升80.00万元，合计1410.00万): the writer says the items listed make it."""
    return name_key(tot.subject) in aliases()["totals"]["closing"] and all(p.ctx.norm[1] <= tot.ctx.norm[0] for p in ps)


def _lone_excess(tot: Claim, ps: list[Claim], signed: bool) -> bool:
    """A 其中 of one part larger than its total beyond the rounding of both (旅游总收入69.27亿，…，其中国内旅游总收入
    69.527亿元): a list of one part says nothing of the rest, but no part can exceed its whole."""
    if signed or len(ps) != 1:
        return False
    part = ps[0]
    if part.ctx.norm_sentence != tot.ctx.norm_sentence:
        return False  # a total from another sentence is a weaker reading than one list of parts can check
    names = (name_key(tot.subject), name_key(part.subject))
    if any(w in n for w in aliases()["breakdown"]["averages"] for n in names) or other_side(*names):
        return False
    return exceeds(tot, part)


def _continues(narr: Narrative, amounts: list[Claim], tot: Claim, m: regex.Match) -> bool:
    """Whether a 其中 opening its sentence goes on from the sentence right before it, whose one level amount is
    the total (…人均可支配收入6838.86元，比上年增加661.69元，增长10.71%。其中：工资性收入…): no other total is meant.
    A sentence holding a list numbered inline has as its figures those of its last item (…本年支出1744.08万元，具体
    情况如下：1. 基本支出717.82万元。其中，人员支出…).
    ``amounts`` are the changes when the total is one (比上年减少80.74万元。其中：…减少30.31万元): its sentence's
    only one."""
    sent = narr.sentence_at(m.start())
    if sent is None or narr.text[sent[0] : m.start()].strip() or sent[0] == 0:
        return False
    if narr.sentence_at(sent[0] - 1) != tot.ctx.norm_sentence:
        return False
    lo = _list_item_start(narr.text, tot.ctx.norm_sentence)  # …如下：1. 基本支出717.82万元。其中，…: the item's figure
    if tot.ctx.norm[0] < lo:
        return False
    money = tot.claimed.unit in _MONEY_UNITS  # a count beside a money total (6611.21万人提取…20316.13亿元) is no rival
    return [
        a
        for a in amounts
        if a.ctx.norm_sentence == tot.ctx.norm_sentence
        and a.ctx.norm[0] >= lo
        and (a.ctx.direction is None or tot.kind == "change")
        and (a.claimed.unit in _MONEY_UNITS) == money
        and (a is tot or not divides_rate(narr.text, a.ctx.norm[1]))  # a plan a rate divides is no rival
    ] == [tot]


def _list_item_start(text: str, sent: tuple[int, int]) -> int:
    """Where the last item of a list opened and numbered inline in ``sent`` begins (具体情况如下：1. …2. …); the
    sentence's start when it holds no such list (原因是:1、…2、… numbers reasons, not the parts of a figure)."""
    opener = None
    for opener in compiled(aliases()["breakdown"]["inline_opens"]).finditer(text, *sent):
        pass
    return item_start(text, opener.end(), sent[1]) if opener else sent[0]


def _openers(narr: Narrative) -> list[tuple[regex.Match, tuple[int, int]]]:
    """Where a list opens, with its sentence: each 其中, and an amount's own 包括 list (“三保”支出需求59650万元，
    包括保工资37013万元、保运转2498万元、保基本民生21314万元; aliases.toml [breakdown] opens). Inside a 其中 list such a
    包括 breaks the part before it down ([breakdown] within): its list ends at the part's ； and is no part of the
    outer list (其中，收入总计…，包括A、B；支出总计…，包括C、D)."""
    text = narr.text
    out = []
    for m in QIZHONG.finditer(text):
        sent = narr.sentence_at(m.start())
        if sent is not None:
            out.append((m, sent))
    for m in compiled(aliases()["breakdown"]["opens"]).finditer(text):
        sent = narr.sentence_at(m.start())
        if sent is not None:
            out.append((m, sent))
    for m in compiled(aliases()["breakdown"]["named_head"]).finditer(text):
        sent = narr.sentence_at(m.end() - 1)
        if sent is not None:
            out.append((m, sent))  # 财政拨款支出预算中，…: frames keeps only totals of that name
    for m in compiled(aliases()["breakdown"]["follows"]).finditer(text):
        sent = narr.sentence_at(m.start())
        if sent is not None and not text[m.end() : sent[1]].strip("。 \n") and numbered_items(text, m.end()):
            out.append((m, sent))  # …支出完成5472.90万元，主要预算项目执行情况如下：⏎1、…⏎2、…
    for m in compiled(aliases()["breakdown"]["inline_opens"]).finditer(text):
        sent = narr.sentence_at(m.start())
        if sent is not None and inline_items(text, m.end()):
            out.append((m, sent))  # …支出1741.82万元，主要支出项目包括： 1、…938.57万元。…2、…24.26万元。…
    return sorted(out, key=lambda t: t[0].start())


def _in_range(text: str, a: Claim) -> bool:
    """An amount that is a bound or a rough size (超10亿, 多为5亿-10亿元, 1000万元以上): no total and no part of a
    list (patterns/aliases.toml [approximate])."""
    return approximate(text, *a.ctx.norm)


def _figure_of(a: Claim) -> tuple[Decimal | None, str]:
    """An amount's value and unit, as written (8,904.98 and 8904.98 are one figure)."""
    return (a.claimed.value.value if a.claimed.value is not None else None), a.claimed.unit


def _breakdowns(doc: Document, narr: Narrative, amounts: list[Claim]) -> list[Claim]:
    """A composition claim for each 由…构成 of a total (patterns/aliases.toml [breakdown]).

    The total is the last level amount before 由 in its own sentence, outside brackets; the parts are
    the level amounts inside the breakdown. Such a list is complete by its wording, so a part larger
    than the total is an error of the total, not a sign of another list.
    """
    text = narr.text
    level = sorted((a for a in amounts if a.ctx.direction is None), key=lambda a: a.ctx.norm[0])
    starts = [a.ctx.norm[0] for a in level]
    out = []
    for m in regex.finditer(aliases()["breakdown"]["regex"], text):
        sent = narr.sentence_at(m.start())
        if sent is None:
            continue
        head = head_before(narr, level, starts, sent, m.start())
        parts = level[bisect.bisect_left(starts, m.start("body")) : bisect.bisect_left(starts, m.end("body"))]
        c = composition_claim(doc, head, parts, False) if head is not None else None
        if c is not None:
            c.pattern = "composition.breakdown"
            c.ctx.complete, c.ctx.message = True, "Amounts a total is 由…构成 of must add up to it."
            out.append(c)
    return out


def composition_claim(doc: Document, tot: Claim, ps: list[Claim], signed: bool, min_parts: int = 2) -> Claim | None:
    """The composition claim of one frame, or None when fewer than ``min_parts`` parts share the total's unit
    (one, for a list whose other items are stated as unchanged)."""
    unit = tot.claimed.unit
    if unit in _MONEY_UNITS or signed:
        ps = [p for p in ps if p.claimed.unit in _MONEY_UNITS]  # amounts convert; counts do not
    else:
        ps = [p for p in ps if p.claimed.unit == unit]
    if len(ps) < min_parts:
        return None
    figure = tot.claimed.figure("delta") if signed else tot.claimed.figure("value")
    c = Claim(
        id="",
        kind="composition",  # of amounts or of counts; of change amounts when signed
        pattern="composition.change" if signed else "composition.qizhong",
        start=tot.start,
        end=max(p.end for p in ps),
        text="",
        sentence=tot.sentence,
        subject=(tot.subject if signed else tot.ctx.entity or tot.subject),
        # a part is an amount, or (the items of a list, each with its change) that item's change
        claimed=Stated(total=figure, parts=[_part_figure(p) for p in ps], unit=unit),
    )
    # the claim points at its total and, when the list is one sentence, its parts
    same = all(p.ctx.norm_sentence == tot.ctx.norm_sentence for p in ps)
    c.end = max(p.end for p in ps) if same else tot.end
    if same and tot.start > ps[0].start:  # a list closed by its total (…，上级拨款2085万元，合计3988万元)
        c.start, c.end = ps[0].start, max(c.end, tot.end)
    c.text = doc.text[c.start : c.end]
    message = (
        "Change amounts listed after 其中 must add up to the total change."
        if signed
        else "Parts listed after 其中 must add up to their total."
    )
    c.ctx = located_at(tot)
    c.ctx.parts, c.ctx.signed, c.ctx.message = ps, signed, message
    c.number_spans = [] if signed else [tot.number_spans[0]]  # its own figure; the parts are claims of their own
    return c


def _part_figure(p: Claim) -> Number:
    """A part's figure: its amount, or (an item of a list stating each item's change) its change."""
    return p.claimed.figure("delta" if p.kind == "change" else "value")
