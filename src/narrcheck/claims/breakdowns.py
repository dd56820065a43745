"""其中 lists and 由…构成 breakdowns: the composition claims that say parts add up to a total.

A frame is found from the words (其中, 由…构成, a list ending its sentence continued in the next
sentences), then its total and parts are the level amounts around it, by measure; nested and
parenthesised breakdowns belong to their own parent, change amounts to a change total.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from decimal import Decimal

import regex

from ..model import Claim, Context, Document, Stated
from ..numbers import UNIT_SCALE, Number, to_wan
from ..textnorm import name_key
from .link import amounts_of
from .carryover import carryovers
from .chains import listed_totals, plus_chains
from .counted import count_of, counted_breakdowns
from .listparts import MONEY_UNITS as _MONEY_UNITS, additive, by_measure, exhaustive, head_before
from .numbered import first_per_item, item_end, numbered_items

from .narrative import Narrative
from .patterns import aliases, compiled

# 其中, or 包括 opening a bracket after an amount (国库拨款75亿7,210万4千元（包括A 27亿…及B 51亿…）): the bracket's
# frame then makes the amount before it the total
_QIZHONG = regex.compile(r"其中[：，]?|(?<=（)(?:主要)?包括[：，]?")


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
        for tot, ps, signed in _frames(doc, narr, amounts, changes, m, sent):
            for p in ps if not signed and tot.ctx.norm_sentence == sent else []:
                p.ctx.listed_under = tot  # even a list of one part: its share is of the total (recompute.shares)
            c = composition_claim(doc, tot, ps, signed, min_parts=1 if _lone_excess(tot, ps, signed) else 2)
            lead = tot.ctx.norm_sentence == _lead_sentence(narr, _para(text, m.start()), m.start())
            goes_on = c is not None and _continues(narr, amounts, tot, m)
            if c is not None and (lead or goes_on and all(p.ctx.norm_sentence == sent for p in ps)):
                # a list on its own line, or in the sentence after its total's: the claim points at both
                c.end = max(c.end, *(p.end for p in ps))
                c.text = doc.text[c.start : c.end]
            if c is not None and not signed and _as_many_as_stated(text, sent, m.start(), ps):
                c.ctx.complete = True
            if c is not None and not signed:
                # other totals the frame could mean: judged if the first does not fit; when the total is
                # not in the 其中's own sentence and others are possible, no alarm is raised on a guess
                # the total and parts of an earlier list are no candidates (90万元，其中：30…。完成89.97万元。其中：…)
                listed = {id(a) for x in new for a in [x.ctx.total, *x.ctx.parts] if a is not None}
                others = [
                    a
                    for a in amounts
                    if a.ctx.direction is None
                    and a is not tot
                    and id(a) not in listed
                    and a.ctx.norm_paragraph == tot.ctx.norm_paragraph
                    and a.ctx.norm[1] <= m.start()
                    and a.ctx.measure in (tot.ctx.measure, "")  # an unmarked amount may be of any measure
                    and a.claimed.unit in _MONEY_UNITS
                ]
                # an amount's own 包括 list names its total: no other total is tried
                c.ctx.alternatives = [] if compiled(aliases()["breakdown"]["opens"]).fullmatch(m.group(0)) else others
                # a candidate giving the same figure (the total restated) leaves no doubt about the total
                differ = [a for a in others if _figure_of(a) != _figure_of(tot)]
                c.ctx.ambiguous = bool(differ) and tot.ctx.norm_sentence != sent and not goes_on
            if c is not None:
                new.append(c)
    new.extend(_breakdowns(doc, narr, amounts))
    new.extend(counted_breakdowns(doc, narr, amounts, composition_claim))
    new.extend(plus_chains(doc, narr, amounts, composition_claim))
    taken = {id(c.ctx.total) for c in new if c.ctx.total is not None}
    new.extend(listed_totals(doc, narr, amounts, composition_claim, taken))
    new.extend(carryovers(doc, narr.text, [a for a in amounts if a.claimed.unit in _MONEY_UNITS]))
    claims.extend(new)


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


def _lone_excess(tot: Claim, ps: list[Claim], signed: bool) -> bool:
    """A 其中 of one part larger than its total beyond the rounding of both (旅游总收入69.27亿，…，其中国内旅游总收入
    69.527亿元): a list of one part says nothing of the rest, but no part can exceed its whole."""
    if signed or len(ps) != 1 or tot.claimed.value is None or ps[0].claimed.value is None:
        return False
    part = ps[0]
    if part.ctx.norm_sentence != tot.ctx.norm_sentence or tot.claimed.value.value <= 0:
        return False  # a total from another sentence is a weaker reading than one list of parts can check
    names = (name_key(tot.subject), name_key(part.subject))
    if any(w in n for w in aliases()["breakdown"]["averages"] for n in names) or _sides_differ(*names):
        return False
    unit, part_unit = tot.claimed.unit or "万元", ps[0].claimed.unit or "万元"
    if (unit in _MONEY_UNITS) != (part_unit in _MONEY_UNITS) or (unit not in _MONEY_UNITS and unit != part_unit):
        return False
    t, p = tot.claimed.value, ps[0].claimed.value
    one = Decimal(1)
    slack = one.scaleb(-t.decimals) / 2 * UNIT_SCALE.get(unit, one) + one.scaleb(-p.decimals) / 2 * UNIT_SCALE.get(
        part_unit, one
    )
    return to_wan(p.value, part_unit) - to_wan(t.value, unit) > slack


def _sides_differ(total: str, part: str) -> bool:
    """The total is a revenue and the part a spending, or the other way round (收入519531萬元…其中，用於民生…的支出為
    556979萬元; patterns/aliases.toml [chain] sides)."""
    sides = aliases()["chain"]["sides"]

    def side(name: str) -> str:
        found = [(name.rfind(w), w) for w in sides if w in name]
        return max(found)[1] if found else ""

    return bool(side(total) and side(part) and side(total) != side(part))


def _continues(narr: Narrative, amounts: list[Claim], tot: Claim, m: regex.Match) -> bool:
    """Whether a 其中 opening its sentence goes on from the sentence right before it, whose one level amount is
    the total (…人均可支配收入6838.86元，比上年增加661.69元，增长10.71%。其中：工资性收入…): no other total is meant."""
    sent = narr.sentence_at(m.start())
    if sent is None or narr.text[sent[0] : m.start()].strip() or sent[0] == 0:
        return False
    if narr.sentence_at(sent[0] - 1) != tot.ctx.norm_sentence:
        return False
    money = tot.claimed.unit in _MONEY_UNITS  # a count beside a money total (6611.21万人提取…20316.13亿元) is no rival
    return [
        a
        for a in amounts
        if a.ctx.norm_sentence == tot.ctx.norm_sentence
        and a.ctx.direction is None
        and (a.claimed.unit in _MONEY_UNITS) == money
    ] == [tot]


def _openers(narr: Narrative) -> list[tuple[regex.Match, tuple[int, int]]]:
    """Where a list opens, with its sentence: each 其中, and an amount's own 包括 list (“三保”支出需求59650万元，
    包括保工资37013万元、保运转2498万元、保基本民生21314万元; aliases.toml [breakdown] opens). Inside a 其中 list such a
    包括 breaks the part before it down ([breakdown] within): its list ends at the part's ； and is no part of the
    outer list (其中，收入总计…，包括A、B；支出总计…，包括C、D)."""
    text = narr.text
    out = []
    for m in _QIZHONG.finditer(text):
        sent = narr.sentence_at(m.start())
        if sent is not None:
            out.append((m, sent))
    for m in compiled(aliases()["breakdown"]["opens"]).finditer(text):
        sent = narr.sentence_at(m.start())
        if sent is not None:
            out.append((m, sent))
    for m in compiled(aliases()["breakdown"]["follows"]).finditer(text):
        sent = narr.sentence_at(m.start())
        if sent is not None and not text[m.end() : sent[1]].strip("。 \n") and numbered_items(text, m.end()):
            out.append((m, sent))  # …支出完成5472.90万元，主要预算项目执行情况如下：⏎1、…⏎2、…
    return sorted(out, key=lambda t: t[0].start())


def _excepted(text: str, a: Claim) -> bool:
    """An amount inside a clause that sets figures aside (除…外: patterns/aliases.toml [breakdown] excepted)."""
    n0, n1 = a.ctx.norm
    start = max(text.rfind(sep, 0, n0) for sep in "，,；;。：:") + 1
    m = compiled(aliases()["breakdown"]["excepted"]).search(text, start, min(len(text), n1 + 40))
    return m is not None and m.start() < n0 and n1 <= m.end()


def _in_range(text: str, a: Claim) -> bool:
    """An amount that is a bound or a rough size (超10亿, 多为5亿-10亿元, 1000万元以上): no total and no part of a
    list (patterns/aliases.toml [approximate])."""
    return approximate(text, *a.ctx.norm)


def approximate(text: str, n0: int, n1: int) -> bool:
    """Whether the figure at ``text[n0:n1]`` is a bound, a rough size or one end of a range."""
    spec = aliases()["approximate"]
    before, after = text[max(0, n0 - 8) : n0], text[n1 : n1 + 3]
    if before.endswith(tuple(spec["before"])) or after.startswith(tuple(spec["after"])):
        return True
    ends, starts = _range_marks()
    return bool(ends.search(before) or starts.match(after))


@lru_cache(maxsize=1)
def _range_marks() -> tuple[regex.Pattern, regex.Pattern]:
    """A figure's range mark before it (5亿-) and after it (-10亿), from aliases [approximate] range_marks."""
    marks = "".join(regex.escape(m) for m in aliases()["approximate"]["range_marks"])
    return regex.compile(rf"\d(?:亿|万|千)?元?[{marks}]$"), regex.compile(rf"[{marks}]\d")


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


def _frames(
    doc: Document, narr: Narrative, amounts: list[Claim], changes: list[Claim], m, sent
) -> list[tuple[Claim, list[Claim], bool]]:
    """(total, parts, signed) lists a 其中 at ``m`` opens, by the frame it stands in: inside brackets, a
    list in its own sentence, or a list that ends its sentence and goes on in the next ones."""
    text, pos = narr.text, m.start()
    level = [a for a in amounts if a.ctx.direction is None]
    bracket = text.rfind("（", sent[0], pos)
    if bracket >= 0 and narr.unclosed_bracket(bracket, pos):
        close = text.find("）", m.end(), sent[1])
        end = close if close >= 0 else sent[1]
        parts = [a for a in level if m.end() <= a.ctx.norm[0] < end]
        heads = [a for a in level if sent[0] <= a.ctx.norm[0] and a.ctx.norm[1] <= bracket]
        return [(heads[-1], parts, False)] if heads else []
    para = _para(text, pos)
    lead = _lead_sentence(narr, para, pos)
    totals = [
        a
        for a in level
        if a.ctx.norm[1] <= pos
        and a.ctx.measure != "prior"  # 较2023年年初预算的1278万元: last year's figure is no total of this list
        and not narr.unclosed_bracket(a.ctx.norm[1], pos)
        and (
            a.ctx.norm_sentence == sent
            or a.ctx.norm_sentence == lead
            and a.claimed.unit in _MONEY_UNITS  # a count a line up is no such total
            or a.ctx.norm_paragraph == para
            and a.ctx.norm[0] >= para[0] - 400
        )
    ]
    # 预算919万元（其中一般公共预算经费拨款841万元），…。其中：…: a bracket's own part is no total of a list outside it
    totals = [a for a in totals if not narr.unclosed_bracket(a.ctx.norm_sentence[0], a.ctx.norm[0])] or totals
    totals = [a for a in totals if not _excepted(text, a)]
    if compiled(aliases()["breakdown"]["follows"]).fullmatch(m.group(0)):
        # 具体情况如下：a list of what its own sentence states (X万元，…如下：), never of a figure before that sentence
        totals = [a for a in totals if a.ctx.norm_sentence == sent]
    if text[m.end() : sent[1]].strip("。 \n"):
        return _in_sentence(narr, amounts, changes, level, totals, m, sent)
    return _in_next_sentences(doc, narr, level, totals, pos)


def _lead_sentence(narr: Narrative, para: tuple[int, int], pos: int) -> tuple[int, int] | None:
    """The sentence a 其中 opening its paragraph continues: the last one of the paragraph before
    (…支出1532.7亿元，下降0.3%。⏎其中：省级支出…；市县级支出…), as lists are often printed on a line of their own."""
    before = narr.text[: para[0]].rstrip()
    if narr.text[para[0] : pos].strip() or not before:
        return None
    return narr.sentence_at(len(before) - 1)


def _in_sentence(
    narr: Narrative, amounts: list[Claim], changes: list[Claim], level: list[Claim], totals: list[Claim], m, sent
) -> list[tuple[Claim, list[Claim], bool]]:
    """A list in the 其中's own sentence, up to a nested 其中: change amounts break down the change before
    it; levels break down the total of their measure (a list explained part by part may go on)."""
    text, pos = narr.text, m.start()
    nested = [
        n.start() for n in _QIZHONG.finditer(text, m.end(), sent[1]) if not narr.unclosed_bracket(m.end(), n.start())
    ]
    end = item_end(text, sent[0], pos, nested[0] if nested else sent[1])
    if _outer_list(narr, sent, pos):
        # a nested 其中 ends with its part's clause: …33.13万元，其中：购置17.98万元，运行15.15万元；公务接待费0万元
        stop = text.find("；", m.end(), end)
        end = end if stop < 0 else stop
    within = _within_parts(text, m.end(), end)
    parts = [
        a
        for a in amounts
        if a.ctx.norm_sentence == sent
        and m.end() <= a.ctx.norm[0] < end
        and not narr.unclosed_bracket(m.end(), a.ctx.norm[0])
        and not any(lo <= a.ctx.norm[0] < hi for lo, hi in within)
    ]
    parts = additive(parts)
    moved = [c for c in changes if c.ctx.norm_sentence == sent and c.ctx.norm[1] <= pos]
    # every part a change: an amount with its word (公务接待费减少1.00万元) or a change with its rate (公务接待费
    # 支出决算减少17,993元，下降85.38%)
    signed = sorted(parts + _listed_changes(narr, changes, sent, m.end(), end, within), key=lambda p: p.ctx.norm)
    if signed and all(p.kind == "change" or p.ctx.direction for p in signed):
        moved = moved or _change_ending(narr, amounts, changes, sent, pos)
        return [(moved[-1], signed, True)] if moved else []
    levels = [p for p in parts if p.ctx.direction is None]
    money = [p for p in levels if p.claimed.unit in _MONEY_UNITS]
    if len(money) == 1 and not nested:
        levels += _continued(text, level, sent, money[0])
    if not totals or (len(levels) < len(parts) and len({p.ctx.measure for p in levels}) < 2):
        return []  # change amounts mixed with levels of one measure: no frame to judge by
    # an item list stating each item's 预算数, 决算数 and 上年数 (its changes beside them): by measure
    return [(t, _siblings_cut(text, t, ps), s) for t, ps, s in by_measure(totals, levels)]


def _siblings_cut(text: str, total: Claim, parts: list[Claim]) -> list[Claim]:
    """The parts up to a clause naming the total's own whole area again (全市新增住房公积金归集额18567.70万元，其中
    市本级归集额7721.19万元，…；全市新增提取使用住房公积金…10950.10万元: 全市's withdrawals stand beside 全市's
    deposits, no part of them; patterns/aliases.toml [scopes] whole)."""
    name = name_key(total.subject)
    whole = [w for w in aliases()["scopes"]["whole"] if w in name]
    for i, p in enumerate(parts[1:], 1):
        start = p.ctx.norm[0]
        clause = text[max(text.rfind(sep, 0, start) for sep in "；;，,。") + 1 : start].lstrip()
        if any(clause.startswith(w) for w in whole):
            return parts[:i]
    return parts


def _listed_changes(
    narr: Narrative, changes: list[Claim], sent: tuple[int, int], start: int, end: int, within: list[tuple[int, int]]
) -> list[Claim]:
    """The change claims a 其中 list (``start:end`` of its sentence) states, outside brackets and sub-breakdowns."""
    return [
        c
        for c in changes
        if c.ctx.norm_sentence == sent
        and start <= c.ctx.norm[0] < end
        and not narr.unclosed_bracket(start, c.ctx.norm[0])
        and not any(lo <= c.ctx.norm[0] < hi for lo, hi in within)
    ]


def _change_ending(
    narr: Narrative, amounts: list[Claim], changes: list[Claim], sent: tuple[int, int], pos: int
) -> list[Claim]:
    """The change the sentence before ends with, when a 其中 opens its own sentence (“三公”经费支出决算数比上年减少
    18,987.42元，下降42.13%。其中：因公出国（境）费支出决算增加0元，…公务接待费支出决算减少17,993元…): its
    parts' changes add up to it. Only when no amount follows that change in its sentence."""
    text = narr.text
    if text[sent[0] : pos].strip():
        return []
    before = text[: sent[0]].rstrip()
    prev = narr.sentence_at(len(before) - 1) if before else None
    if prev is None:
        return []
    mine = [c for c in changes if c.ctx.norm_sentence == prev]
    if not mine or any(a.ctx.norm_sentence == prev and a.ctx.norm[0] >= mine[-1].ctx.norm[1] for a in amounts):
        return []
    return mine[-1:]


def _outer_list(narr: Narrative, sent: tuple[int, int], pos: int) -> bool:
    """Whether the 其中 at ``pos`` stands inside an earlier 其中 list of its sentence (outside brackets)."""
    return any(
        o.start() < pos and not narr.unclosed_bracket(o.start(), pos) and not narr.unclosed_bracket(sent[0], o.start())
        for o in _QIZHONG.finditer(narr.text, sent[0], pos)
    )


def within_rx() -> regex.Pattern:
    """A clause that breaks the part before it down (patterns/aliases.toml [breakdown] within)."""
    return compiled(aliases()["breakdown"]["within"])


def _within_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of a 其中 list (``start:end``) that break a part down rather than list more parts: a clause
    opening with 包括 or 主要支出事项： after a part (其中：财政拨款收入751.8万元，占…，包括一般公共预算收入751.8万元；
    其他收入…), up to the next ； of the list."""
    spans = []
    for m in within_rx().finditer(text, start, end):
        stop = text.find("；", m.end(), end)
        spans.append((m.start(), end if stop < 0 else stop))
    return spans


def _in_next_sentences(
    doc: Document, narr: Narrative, level: list[Claim], totals: list[Claim], pos: int
) -> list[tuple[Claim, list[Claim], bool]]:
    """The list ends the sentence: its parts are the first amounts of the next sentences, by measure."""
    text = narr.text
    src_pos = narr.to_source(pos, pos + 1)[0]
    scope_end = _scope_end(doc, src_pos)
    later = [a for a in level if src_pos <= a.start < scope_end]
    items = numbered_items(text, pos)  # 其中：⏎1、…⏎2、…: the numbered items, up to the numbering starting again

    def first(measures: tuple[str, ...]) -> list[Claim]:
        return first_per_item(later, items, measures) if items else _first_per_sentence(text, later, measures)

    out: list[tuple[Claim, list[Claim], bool]] = []
    used_measures: set[str] = set()
    for tot in reversed(totals[-3:]):
        meas = tot.ctx.measure
        if meas in used_measures:
            continue
        used_measures.add(meas)
        ps = first((meas,))
        if len(ps) < 2 and meas:
            ps = first((meas, ""))  # 收入总预算 … 其中：1、一般公共财政预算拨款 …: unmarked
        out.append((tot, ps, False))
    return out


_OPENING = 16  # at most this many characters of item name before the amount a sentence opens with
_GAP = 40  # at most this many characters of remark, with no amount, between two items of a continued list


def _continued(text: str, level: list[Claim], sent: tuple[int, int], first: Claim) -> list[Claim]:
    """其中：人员经费X元，主要包括：…。公用经费Y元，主要包括：…。 — a list whose only part's sentence goes on
    to explain that part may continue in the next sentences, with the amounts that open their clauses (an
    item name, then its amount; a short remark at most between sentences). It is taken as the list only
    when the parts then make a complete breakdown (patterns/aliases.toml [exhaustive]): a sentence after
    a list is as often a new topic (加上转移性收入…, 三大主体税种中：…) as the list going on."""
    out: list[Claim] = []
    end = sent[1]
    following = sorted((a for a in level if a.ctx.norm[0] >= sent[1]), key=lambda a: a.ctx.norm[0])
    while following:
        s0, s1 = following[0].ctx.norm_sentence
        mine = [a for a in following if a.ctx.norm_sentence == (s0, s1)]
        following = following[len(mine) :]
        opening = [a for a in mine if a.ctx.norm[0] - max(s0, text.rfind("；", s0, a.ctx.norm[0]) + 1) <= _OPENING]
        gap = text[end:s0].strip()  # a short remark between two items (本单位2023年度无此项支出。) may stand
        if not opening or len(gap) > _GAP or text.startswith("其中", s0):
            break
        if any(a.ctx.scope != first.ctx.scope or a.ctx.measure != first.ctx.measure for a in opening):
            break
        out += opening
        end = s1
    return out if out and exhaustive([first] + out) else []


def _first_per_sentence(text: str, amounts: list[Claim], measures: tuple[str, ...]) -> list[Claim]:
    """The first amount of each sentence among ``amounts`` whose measure is one of ``measures``;
    a sentence opening with 其中 breaks down the part before it and gives none."""
    seen: set[tuple[int, int]] = set()
    out = []
    for a in amounts:
        sent = a.ctx.norm_sentence
        if sent in seen or a.ctx.measure not in measures or text.startswith("其中", sent[0]):
            continue
        seen.add(a.ctx.norm_sentence)
        out.append(a)
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
    c.text = doc.text[c.start : c.end]
    message = (
        "Change amounts listed after 其中 must add up to the total change."
        if signed
        else "Parts listed after 其中 must add up to their total."
    )
    c.ctx = Context(
        norm=tot.ctx.norm,
        norm_sentence=tot.ctx.norm_sentence,
        norm_paragraph=tot.ctx.norm_paragraph,
        total=tot,
        parts=ps,
        signed=signed,
        message=message,
    )
    c.number_spans = [] if signed else [tot.number_spans[0]]  # its own figure; the parts are claims of their own
    return c


def _part_figure(p: Claim) -> Number:
    """A part's figure: its amount, or (an item of a list stating each item's change) its change."""
    return p.claimed.figure("delta" if p.kind == "change" else "value")


def _para(text: str, pos: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, (len(text) if b == -1 else b)


def _scope_end(doc: Document, offset: int) -> int:
    """End of the deepest section holding ``offset`` (its subsections included)."""
    path = doc.section_path(offset)
    return path[-1].end if path else len(doc.text)
