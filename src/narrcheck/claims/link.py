"""Linking claims to the amounts they rest on: a share to its numerator, a change to its current amount,
a completion or comparison to its item's 预算 and 决算, an amount to the item a heading or an earlier
amount names.

The prose states these relations by position, not by name, so every link is looked for among the
amounts just before the claim in its own sentence or paragraph (a bounded window keeps it linear).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import regex

from ..model import Claim
from ..numbers import UNIT_SCALE
from ..align.resolve import canonical_name
from ..textnorm import name_key
from .listparts import bound, divides_rate
from .linkroles import PAIR_REACH, link_balance, link_progress, link_saving, named_list
from .patterns import aliases, compiled
from .linkbefore import by_bare_measure, ending_the_sentence_before, one_figure
from .linkbudget import link_budget_actual
from .narrative import Narrative
from .shareitems import names_item, share_item, share_of_sum
from .subjects import class_path, named_of, names_another, similar, split_measure, subject_before


def amounts_of(claims: list[Claim], kinds: tuple[str, ...] = ("amount",)) -> list[Claim]:
    return [c for c in claims if c.kind in kinds]


@dataclass
class _Groups:
    """The amounts of a narrative grouped once by sentence, paragraph, section and item name, so
    linking stays linear in the number of claims, not quadratic."""

    by_sentence: dict[tuple[int, int], list[Claim]] = field(default_factory=dict)
    by_paragraph: dict[tuple[int, int], list[Claim]] = field(default_factory=dict)
    by_scope: dict[int, list[Claim]] = field(default_factory=dict)
    by_entity: dict[tuple[int, str], list[Claim]] = field(default_factory=dict)
    ends_s: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    ends_p: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    changed: set[int] = field(default_factory=set)  # the amounts a change already rests on (by object: ids come later)
    narr: Narrative | None = None  # the narrative linked, for its bracket offsets

    @classmethod
    def of(cls, amounts: list[Claim]) -> _Groups:
        g = cls()
        for a in amounts:
            g.by_sentence.setdefault(a.ctx.norm_sentence, []).append(a)
            g.by_paragraph.setdefault(a.ctx.norm_paragraph, []).append(a)
            g.by_scope.setdefault(a.ctx.scope, []).append(a)
        _inherit_items(amounts, g.by_sentence)
        for a in amounts:
            if a.ctx.direction is None and a.ctx.measure in ("actual", "") and a.ctx.entity:
                g.by_entity.setdefault((a.ctx.scope, _item_key(a.ctx.entity)), []).append(a)
        g.ends_s = {k: [a.ctx.norm[1] for a in v] for k, v in g.by_sentence.items()}
        g.ends_p = {k: [a.ctx.norm[1] for a in v] for k, v in g.by_paragraph.items()}
        return g


def link(claims: list[Claim], narr: Narrative) -> None:
    """Tie shares, changes, completions and comparisons to the amounts they rest on."""
    text = narr.text
    groups = _Groups.of(amounts_of(claims))
    groups.narr = narr
    groups.by_entity = {k: [a for a in v if not _in_note(text, a)] for k, v in groups.by_entity.items()}
    counted: dict[str, _Groups] = {}  # the counts of each unit, grouped when a change of that unit asks
    for c in claims:
        n0 = c.ctx.norm[0]
        before_in_sentence = _up_to(groups.by_sentence, groups.ends_s, c.ctx.norm_sentence, n0)
        before_in_para = _up_to(groups.by_paragraph, groups.ends_p, c.ctx.norm_paragraph, n0)
        if c.ctx.respectively:
            _link_respectively(c, before_in_sentence, text, before_in_para)
        elif c.kind == "share":
            _link_share(c, text, before_in_sentence, groups)
        elif c.kind == "change" and c.claimed.value is not None and c.claimed.prior is not None:
            pass  # 由280元提高到320元: both figures written in the claim, nothing to link
        elif c.kind == "change" and c.claimed.unit and c.claimed.unit not in UNIT_SCALE:
            # 9126.14萬人次，比上年增加692.87萬人次: a change of a count rests on a count of its unit
            unit = c.claimed.unit
            if unit not in counted:
                counted[unit] = _Groups.of([a for a in amounts_of(claims, ("count",)) if a.claimed.unit == unit])
                counted[unit].narr = narr
            g = counted[unit]
            _link_change(c, text, g, _up_to(g.by_paragraph, g.ends_p, c.ctx.norm_paragraph, n0))
        elif c.kind == "change":
            _link_change(c, text, groups, before_in_para)
        elif c.kind in ("completion", "comparison"):
            link_budget_actual(c, groups.by_scope, before_in_para, before_in_sentence, text)
            if c.kind == "completion" and c.ctx.actual is None:
                link_progress(c, text, before_in_sentence)  # 资金总量75.20亿元，支出45.76亿元，支付率60.8%
        elif c.kind == "saving":
            link_saving(c, text, before_in_sentence)
        elif c.kind == "balance":
            link_balance(c, text, before_in_sentence, before_in_para)


def _link_share(c: Claim, text: str, before_in_sentence: list[Claim], groups: _Groups) -> None:
    """A share rests on the last amount of its own clause (after the last ；) before it; a share naming its
    own item before 占 with no amount of that item in its clause (教育支出83.74亿元，同比增长8.1%。教育支出占…的
    比重达20.1%) rests on the one figure stated earlier in its section under exactly that name."""
    sent, n0 = c.ctx.norm_sentence, c.ctx.norm[0]
    clause_start = max(text.rfind("；", sent[0], n0), sent[0])
    cands = [a for a in before_in_sentence if a.ctx.norm[0] >= clause_start]
    if c.pattern == "share.zhan_amount":  # 占一般公共预算支出21.05亿元的14.49%: the amount after 占 is the base
        n0 = max(text.rfind("占", clause_start, n0), clause_start)
        c.ctx.total = next((a for a in cands if a.ctx.norm[0] >= n0), None)
        cands = [a for a in cands if a.ctx.norm[0] < n0]
    # 财政拨款收入4352.47万元（其中，一般公共预算…，国有资本经营预算0万元），占收入合计100%: the bracket breaks its
    # amount down, and the share is the amount's, not its last part's
    cands = _outside_bracket(text, clause_start, n0, cands, groups, "，、")
    # 税收收入完成75.2亿元，增长9.1%，增收6.3亿元，税收占…的比重为65.3%: a share is of a level, not of a change amount
    # (unless its base is an increase: 占全省收入增量比重为66.8%; patterns/aliases.toml [share_item] increment_bases)
    if not any(w in c.claimed.base for w in aliases()["share_item"]["increment_bases"]):
        cands = [a for a in cands if a.ctx.direction is None] or cands
    if share_of_sum(text[sent[0] : n0]):
        return  # 两项合计占0.1%: the share of several amounts together, none of them alone
    item = share_item(text[sent[0] : n0])
    alike = cands and names_item(item, named_of(cands[-1]), cands[-1].ctx.entity)
    if item and not alike:
        c.subject = c.subject or item  # 税收收入占…57.7%: that item's share; its amount is not in the clause
        named = [a for a in _named_elsewhere(c, groups.by_entity, item) if a.ctx.norm[1] <= n0]
        if named:
            c.ctx.part = named[0]
        return
    if cands:
        c.ctx.part = cands[-1]
        c.start = min(c.start, cands[-1].start)
        c.subject = c.subject or named_of(cands[-1])


def _bracket_closed_before(text: str, lo: int, at: int, seps: str = "，、") -> int | None:
    """Where the bracket opens whose closing ） stands right before ``at`` (one of ``seps`` between them
    allowed), when it opens at or after ``lo``; None when no bracket closes there."""
    head = text[lo:at].rstrip(seps)
    if not head.endswith("）"):
        return None
    depth = 0
    for i in range(len(head) - 1, -1, -1):
        depth += {"）": 1, "（": -1}.get(head[i], 0)
        if depth == 0:
            return lo + i
    return None


def _link_change(c: Claim, text: str, groups: _Groups, before_in_para: list[Claim]) -> None:
    """A named change (同口径收入减少 …) rests on an amount of that name; an unnamed one on the amount
    its own sentence states before it, never on some other figure of the paragraph. An unnamed change
    keeps the other level amounts of its clause as alternatives (总预算X元，其中：…，项目支出Y元，同比增加…:
    the total's change or the last part's), tried when the nearest does not explain it."""
    sent, n0 = c.ctx.norm_sentence, c.ctx.norm[0]
    named = bool(split_measure(c.subject)[0])  # 较上年支出数减少…: a measure word alone names no item
    if named:
        pool = [a for a in before_in_para if similar(_entity(a), c.subject)]
        pool = pool or _named_elsewhere(c, groups.by_entity)
        if not pool and canonical_name(name_key(c.subject)) == _GRAND_TOTAL:
            pool = _grand_total(c, groups)  # 与2023年相比，收、支总计各增加…: the 收入总计 and 支出总计 before it
    else:
        pool = _outside_bracket(text, sent[0], n0, [a for a in before_in_para if a.ctx.norm_sentence == sent], groups)
        if pool and c.claimed.delta is not None and c.claimed.pct is not None:
            cur = pool[-1]
            pool = [] if names_another(text, n0, sent[0], _entity(cur) or cur.subject, cur.ctx.norm[1]) else pool
        if not pool:
            lead = subject_before(text, n0, sent[0])
            pool = _led_by_item(c, groups, lead) or by_bare_measure(lead, before_in_para)
        if not pool and not text[sent[0] : n0].strip("，, "):
            pool = ending_the_sentence_before(text, sent, before_in_para)
    # not a budget, unless the change writes last year's figure itself (预算数为118885亿元，比2020年执行数
    # 118410.87亿元下降0.4%: this year's budget against last year's outcome) and the budget is no rate's base
    # (完成预算数31220万元的101.7%，较上年28899万元增长9.9%: the rate is the 31751 before it)
    # nor a change amount (短收7431万元，同比下降10.2%: the level is the 42100 before the shortfall), nor the base
    # of a share (占年计划17305万元的62.87%，同比增收1354万元: the plan, not the level that rose), nor a bound
    # (首次突破2万亿元), nor a figure the text gives as an earlier year's (较前年度决算数870亿8,157万元，增加…)
    pool = [a for a in pool if a.ctx.direction is None and a.ctx.measure != "prior"]
    pool = [a for a in pool if not _divided(text, a) and not bound(text, *a.ctx.norm)]
    pool, last_years = _of_the_later_year(pool) if not named else (pool, None)
    actual = [
        a
        for a in pool
        if a.ctx.measure != "budget" or last_years or (c.claimed.prior is not None and not rate_base(text, a))
    ]
    if _against_last_budget(c):
        outcomes = tuple(aliases()["measures"]["outcomes"])
        actual = [a for a in pool if not any(w in a.subject for w in outcomes)] or actual
    if actual or pool:
        cur = (actual or pool)[-1]
        if not named:
            clause = text.rfind("；", sent[0], n0)
            others = [
                a
                for a in (actual or pool)[:-1]
                if a.ctx.norm[0] > clause and a.ctx.direction is None and id(a) not in groups.changed
            ]  # an amount with a change of its own is not this change's (a total's and its part's)
            # a change writing its own prior takes another amount only across a list (收入50.48亿，包括…32.91亿元，…，
            # 较上年度法定预算数141.68亿元，减少91.2亿元), never over the figure right before it (预算数为118885亿元…)
            listed = bool(others) and _LIST_OPENER.search(text, others[0].ctx.norm[1], cur.ctx.norm[0]) is not None
            c.ctx.alternatives = others[::-1][:_ALTERNATIVES] if listed or c.claimed.prior is None else []
        c.ctx.current = cur
        groups.changed.add(id(cur))
        c.subject = c.subject or named_of(cur)
        if cur.ctx.norm_sentence == sent and n0 - cur.ctx.norm[1] <= PAIR_REACH:
            c.start = min(c.start, cur.start)  # the claim is the pair: current amount and its change
            if last_years and c.claimed.prior is None:
                c.start = min(c.start, last_years.start)  # …and last year's before them, unless it writes its own


def _of_the_later_year(pool: list[Claim]) -> tuple[list[Claim], Claim | None]:
    """The amounts a change may rest on when its sentence states two years' figures (2016年执行数是356.60亿元，2017年
    的预算数是466.29亿元，比上一年度增加109.69亿元): the later year's, the earlier being last year's, the prior (given
    back then: this year's figure may be a budget, compared with last year's outcome)."""
    years = {a.ctx.year for a in pool if a.ctx.year}
    earlier = [a for a in pool if a.ctx.year and a.ctx.year + 1 in years]
    if not earlier:
        return pool, None
    return [a for a in pool if a not in earlier], earlier[-1]


def _outside_bracket(
    text: str, lo: int, n0: int, pool: list[Claim], groups: _Groups, seps: str = "，、；"
) -> list[Claim]:
    """The amounts a rate or change after a closed bracket may rest on (``seps`` may stand between them):
    支出17070万元（其中：…；其他支出63万元）；比上年同期减少6364万元 is the change of the amount the bracket breaks
    down, not of its last part, and so is a change a clause later (收入150,502万元（其中：…，双龙区域完成25,090万元），
    完成预算的100.25%，较上年增收14,027万元): an amount inside a bracket that closes before the figure is never
    its level. All of ``pool`` when none of it stands outside such a bracket."""
    opened = _bracket_closed_before(text, lo, n0, seps)
    if opened is not None:
        outside = [a for a in pool if a.ctx.norm[0] < opened]
    else:
        narr = groups.narr
        outside = [a for a in pool if narr is None or not narr.closed_before(a.ctx.norm[1], n0)]
    return outside or pool


_LINK_WINDOW = 32
_ALTERNATIVES = 3  # other amounts of its clause an unnamed change may rest on, nearest first
_LIST_OPENER = regex.compile("其中|包括|[：:]")


def _named_elsewhere(c: Claim, by_entity: dict[tuple[int, str], list[Claim]], subject: str = "") -> list[Claim]:
    """This year's amount of the item a named change is about (公务接待费支出决算增加0.16万元，增长7.4%),
    stated elsewhere in its section (公务接待费支出决算为2.38万元): only when the section states one
    figure under exactly that name. ``subject``: the name when it is not the claim's own subject."""
    entity = _item_key(split_measure(subject or c.subject)[0])
    if not entity:
        return []
    found = by_entity.get((c.ctx.scope, entity), [])
    return found[:1] if one_figure(found) else []


def _in_note(text: str, a: Claim) -> bool:
    """Whether the amount stands in a paragraph opening with a note mark (注：…): not the item's own figure."""
    p0 = a.ctx.norm_paragraph[0]
    return compiled(aliases()["measures"]["note"]).match(text, p0, a.ctx.norm[0]) is not None


def _led_by_item(c: Claim, groups: _Groups, lead: str) -> list[Claim]:
    """2023年度“三公”经费支出决算数比2022年减少…: a change with no amount before it in its sentence, whose
    sentence opens with an item and a measure, rests on that item's one figure of that measure in its
    section. Both must be named: 公务用车运行费用较上年同期增加… in a budget's 决算 section names no
    measure, and the 决算 figure there is last year's, not the budget the change is about."""
    entity, measure = split_measure(lead)
    if entity and not measure and canonical_name(name_key(entity)) == _GRAND_TOTAL:
        return _grand_total(c, groups)
    if not entity or not measure:
        return []
    return [a for a in _named_elsewhere(c, groups.by_entity, lead) if a.ctx.measure == measure]


def _against_last_budget(c: Claim) -> bool:
    """较上年预算数减少…: a change against last year's budget compares this year's budget, so its current amount is
    the nearest figure before it that is no outcome (2024年执行数2010.95万元，2025年预算数2005.41万元，较上年预算数减少
    94.91万元). patterns/aliases.toml [measures] budget_ref."""
    ref = (c.claimed.ref or "") + c.subject  # 较上年 + 预算数: the pattern reads the measure as the change's subject
    return bool(c.claimed.ref) and compiled(aliases()["measures"]["budget_ref"]).search(ref) is not None


def _divided(text: str, a: Claim) -> bool:
    """A rate right after the amount divides it (占年计划17305万元的62.87%): no level of its own (a budget, which a
    change may still rest on, excepted). rate_base with the rate's figure itself following."""
    return a.ctx.measure != "budget" and divides_rate(text, a.ctx.norm[1])


def rate_base(text: str, a: Claim) -> bool:
    """The amount is the base of a rate right after it (预算数31220万元的101.7%)."""
    return text[a.ctx.norm[1] : a.ctx.norm[1] + 1] == "的"


def _grand_total(c: Claim, groups: _Groups) -> list[Claim]:
    """收支较上年决算数减少…, 收、支与2023年度相比…: the 收入总计 and 支出总计 stated before it in its section
    (patterns/aliases.toml [names]), when they are one figure."""
    found = [
        a
        for a in groups.by_scope.get(c.ctx.scope, ())
        if a.ctx.norm[1] <= c.ctx.norm[0]
        and a.ctx.direction is None
        and a.ctx.measure != "prior"
        and canonical_name(name_key(a.ctx.entity)) == _GRAND_TOTAL
    ]
    return found[-1:] if one_figure(found) else []


_GRAND_TOTAL = "总计"  # what [names] maps 收入总计, 支出总计, 收支 and their variants to


def _item_key(entity: str) -> str:
    """An item's name for finding it elsewhere: 三公经费支出 and 三公经费 (支出决算数 read as the measure) are one."""
    key = name_key(entity)
    return key[:-2] if key.endswith("支出") and len(key) > 2 else key


def _up_to(
    groups: dict[tuple[int, int], list[Claim]], ends: dict[tuple[int, int], list[int]], k: tuple[int, int], pos: int
) -> list[Claim]:
    """The amounts of one sentence or paragraph that end at or before ``pos``, the nearest
    :data:`_LINK_WINDOW` of them (a claim rests on figures just before it; bisect and a bounded
    window keep linking linear in the text)."""
    group = groups.get(k, [])
    i = bisect.bisect_right(ends.get(k, []), pos)
    return group[max(0, i - _LINK_WINDOW) : i]


def _entity(a: Claim) -> str:
    """The item an amount names (maybe ''); any other claim's subject."""
    return a.ctx.entity if a.kind == "amount" else a.subject


def _link_respectively(c: Claim, before: list[Claim], text: str, before_in_para: list[Claim]) -> None:
    """The i-th of n listed figures rests on the i-th of the n level amounts just before the list, or, when its
    sentence states none, on the amount of the i-th item it names (linkroles.named_list)."""
    i, n = c.ctx.respectively or (0, 0)
    levels = [a for a in before if a.ctx.direction is None and a.ctx.measure != "prior"]
    if not levels and c.kind == "share":
        levels = named_list(text, c.ctx.norm_sentence[0], c.ctx.norm[0], n, before_in_para)
    if len(levels) < n:
        return  # fewer amounts than figures: nothing to pair with (unverified)
    a = levels[len(levels) - n + i]
    if c.kind == "share":
        c.ctx.part = a
    else:
        c.ctx.current = a
    c.subject = c.subject or named_of(a)


def _inherit_items(amounts: list[Claim], by_sentence: dict[tuple[int, int], list[Claim]]) -> None:
    """Give measure-only amounts (年初预算为 …，支出决算为 …) the item they belong to.

    The item is the nearest thing before the amount that names one: an amount of the same
    sentence with a subject of its own, else the last amount written under a 类/款/项 path
    in the same section (an item heading that carries no number of its own:
    “公共安全支出（类）…（项）”288.14万元 …), else the numbered heading above it. Numbering
    alone does not delimit items: several un-numbered items may follow one number.
    """
    anchors = [b for b in amounts if b.ctx.path]
    anchor_starts = [b.start for b in anchors]
    named: dict[tuple[int, int], Claim] = {}  # the last amount of each sentence that names its subject
    for a in amounts:
        sent = a.ctx.norm_sentence
        if not (a.ctx.entity or a.ctx.path):
            _inherit(a, named.get(sent), anchors, anchor_starts)
        if a.ctx.entity or a.ctx.path:
            named[sent] = a


def _inherit(a: Claim, prev: Claim | None, anchors: list[Claim], anchor_starts: list[int]) -> None:
    """Set the item of one measure-only amount: its sentence's, its section's last path, or its heading's."""
    if prev is not None:
        a.ctx.entity, a.ctx.path, a.ctx.inherited = (
            prev.ctx.entity,
            prev.ctx.path,
            prev.subject,
        )
        return
    scope = a.ctx.scope
    i = bisect.bisect_left(anchor_starts, a.start) - 1
    if i >= 0 and anchors[i].start >= scope and anchors[i].ctx.scope == scope:
        b = anchors[i]
        a.ctx.entity, a.ctx.path, a.ctx.inherited = b.ctx.entity, b.ctx.path, b.subject
        return
    # a numbered item's heading names the subject (1. X（类）Y（款）Z（项）。年初预算为 …)
    heading = a.ctx.heading
    path = class_path(heading)
    if path:
        a.ctx.path = path
        a.ctx.entity = "".join(f"{n}（{lv}）" for n, lv in path)
        a.ctx.inherited = heading
