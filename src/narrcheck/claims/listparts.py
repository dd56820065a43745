"""Which amounts of a list count as its parts: not an item a part includes or restates, items of the list's
one measure, and whether the items named are the whole of their total (patterns/aliases.toml [breakdown],
[exhaustive]). Used by breakdowns.py when a list is read and by recompute.compositions when it is judged.
"""

from __future__ import annotations

import bisect
import os
from functools import lru_cache
from itertools import takewhile
from collections.abc import Callable, Sequence
from decimal import Decimal

import regex


from ..model import Claim
from ..numbers import Interval, to_wan
from .narrative import Narrative, brackets_open
from ..textnorm import name_key
from .patterns import aliases, compiled

MONEY_UNITS = ("万元", "元", "亿元", "千元", "万亿元")


def own_change(text: str, parts: list[Claim], p: Claim) -> bool:
    """``p`` is the change of the part right before it, in its clause (其中参保在职职工118.91万人，比上年同期增加
    5.2万人，参保退休人员…): that part's own figure, no part of the list."""
    i = parts.index(p)
    if not p.ctx.direction or i == 0 or parts[i - 1].ctx.direction is not None:
        return False
    between = text[parts[i - 1].ctx.norm[1] : p.ctx.norm[0]]
    # a comparison opens what stands between (，比上年同期增加), never an item's name (支持商销稳增长30.00万;
    # patterns/aliases.toml [directions] own_change)
    compared = compiled(aliases()["directions"]["own_change"]).match(between) is not None
    return compared and len(between) <= 12 and not regex.search(r"[\d；;。]", between)


def inside_earlier(parts: list[Claim], p: Claim) -> bool:
    """``p`` is named as a part of an earlier part (中长期贷款935.7亿元，…，中长期贷款中个人消费贷款414.2亿元):
    inside it, no sibling of the list."""
    name = name_key(p.ctx.entity or p.subject)
    earlier = [name_key(q.ctx.entity or q.subject) for q in parts[: parts.index(p)]]
    return any(e and name.startswith(e + "中") for e in earlier)


def divides_rate(text: str, end: int) -> bool:
    """Whether the amount ending at ``end`` of ``text`` is the base of a rate right after it (预算数31220万元的101.7%,
    为年初预算108400万元的95.82%): 的 and the rate's figure follow."""
    return text[end : end + 1] == "的" and text[end + 1 : end + 2].isdigit()


def named_like_total(total: Claim, parts: list[Claim], earlier: Sequence[Claim] = ()) -> list[Claim]:
    """The parts named like the total, when every item states several figures under names it repeats item by item
    (交易金额26179.87万元。其中工程建设…交易金额24283.88万元，节约资金828.5万元…；政府采购…交易金额1895.99万元，节约资金
    144.23万元…): the 交易金额 figures alone break the 交易金额 down. Only where the names run in one cycle, item after
    item (A, B, A, B), or where one item restates the figures its total's sentence states (``earlier``) under the
    same names (贷款总额119.43亿元，贷款余额75.51亿元；其中市本级…贷款总额63.23亿元，贷款余额40.2亿元); otherwise all
    the parts (names that merely recur, as a wrapped 支出⏎决算 may make them, tell no figure of each item from
    another)."""
    key, money = name_key(total.subject), total.claimed.unit in MONEY_UNITS
    alike = [p for p in parts if (p.claimed.unit in MONEY_UNITS) == money]  # counts beside amounts are no rivals
    names = [name_key(p.subject) for p in alike]
    k = len(set(names))
    cycle = 2 <= k < len(names) and len(names) % k == 0 and names == names[:k] * (len(names) // k)
    stated = {name_key(a.subject) for a in earlier if a is not total}
    restated = 2 <= k == len(names) and all(n == key or n in stated for n in names)
    mine = [p for p, n in zip(alike, names) if n == key]
    if not key or not (cycle or restated) or not mine:
        return parts
    kept = {id(p) for p in mine} | {id(p) for p in parts if (p.claimed.unit in MONEY_UNITS) != money}
    return [p for p in parts if id(p) in kept]


def total_named_by_parts(total: Claim, parts: list[Claim], earlier: list[Claim]) -> tuple[Claim, bool]:
    """The total a list's own names point at, and whether it stays unsure: parts all named by one word the nearest
    total's name lacks (实现政府采购额13579万元，节约资金2431万元，节支率为15.18%，其中：货物类采购额6114万元、工程类
    采购额5318万元、服务类采购额2147万元 — 采购额, not 节约资金) break down the ``earlier`` figure of the sentence so
    named when they make it; when they do not, neither reading is sure."""
    names = [name_key(p.subject) for p in parts]
    common = os.path.commonprefix([n[::-1] for n in names])[::-1] if len(names) >= 2 else ""
    for word in (common[i:] for i in range(len(common) - 1)):  # 类采购额, 采购额, 购额
        if word in name_key(total.subject):
            return total, False
        named = [a for a in earlier if word in name_key(a.subject) and a is not total]
        if named:
            return (named[-1], False) if adds_up(named[-1], parts) else (total, True)
    return total, False


def additive(parts: list[Claim]) -> list[Claim]:
    """The parts of a list that add up: less those an earlier part says it includes (职工基本医疗保险基金（含生育保险）
    支出6520.54亿元，…，生育保险基金待遇支出431.91亿元 names a share of the first part, not a third part beside it) and
    those restating an earlier part on another basis (税收收入75.15亿元…；同口径税收收入（剔除…后）60.68亿元);
    patterns/aliases.toml [breakdown] includes and restated."""
    words = aliases()["breakdown"]
    rx, restated = compiled(words["includes"]), compiled(words["restated"])
    out: list[Claim] = []
    inside: list[str] = []
    for p in parts:
        name = p.ctx.entity or p.subject
        if not any(item in name for item in inside) and not (out and restated.search(name)):
            out.append(p)
        inside += [m.group("item") for m in rx.finditer(name)]
    return out


def by_measure(
    totals: list[Claim], parts: list[Claim], head: Claim | None = None
) -> list[tuple[Claim, list[Claim], bool]]:
    """Parts of several measures in one list (预算数为 …，决算支出数为 …，较2022年决算数 … for each item)
    break down the total of their own measure; one measure breaks down the nearest total. Items of no measure
    word belong with the ``head`` the 其中 follows in its own sentence (总支出7.8亿元，其中：…支出1.6亿元，调出资金
    1.7亿元，年终结余4.5亿元), never with an unmarked figure of a sentence before."""
    measures = {p.ctx.measure for p in parts}
    money = {p.claimed.unit in MONEY_UNITS for p in parts}
    if len(money) == 1:  # amounts break down an amount, counts a count (新增1辆公务用车。其中：购置费15万元…)
        totals = [t for t in totals if (t.claimed.unit in MONEY_UNITS) in money] or totals
    if len(measures) == 1:
        return [(totals[-1], parts, False)]
    if _few_unmarked(parts, measures):
        # one measure named, a few items between by no measure word (…支出为35356.77万元，其中住院支出为27751.05万元，
        # 门诊慢特病2789.58万元，门诊统筹支出为…): those items are of the list's one measure, under its total
        named = [t for t in totals if {t.ctx.measure, ""} == measures]
        if named:
            return [(named[-1], parts, False)]
    out: dict[int, tuple[Claim, list[Claim], bool]] = {}
    for meas in sorted(measures):
        own = [t for t in totals if t.ctx.measure == meas]
        if head is not None and meas in ("", head.ctx.measure):
            own = [head]
        if own:
            out.setdefault(id(own[-1]), (own[-1], [], False))[1].extend(p for p in parts if p.ctx.measure == meas)
    return [(t, sorted(ps, key=lambda p: p.ctx.norm), s) for t, ps, s in out.values()]


def _few_unmarked(parts: list[Claim], measures: set[str]) -> bool:
    """Whether a list names one measure for most items and none for a few that stand between named ones: an
    unmarked figure first or last may be a remark (平均每辆3.86万元; 2010年则为13611.45万元), and where most are
    unmarked the marked ones are figures within items (完成年初预算计划14246万元的31.3%)."""
    unmarked = sum(1 for p in parts if not p.ctx.measure)
    return (
        len(measures) == 2
        and "" in measures
        and bool(parts[0].ctx.measure and parts[-1].ctx.measure)
        and 2 * unmarked < len(parts)
    )


def exhaustive(parts: list[Claim]) -> bool:
    """True when the parts named are a complete breakdown (patterns/aliases.toml [exhaustive])."""
    return _in_one_set(parts, whole=True)


def members_of_a_set(parts: list[Claim]) -> bool:
    """True when every part named is a member of one known breakdown (基本支出；项目支出), listed whole or not."""
    return _in_one_set(parts, whole=False)


def _in_one_set(parts: list[Claim], whole: bool) -> bool:
    """Every part is one of a set of patterns/aliases.toml [exhaustive] (and, when ``whole``, every member listed)."""
    names = [_key(p.subject) for p in parts]
    for words in aliases().get("exhaustive", {}).get("sets", []):
        if all(any(w in n for w in words) for n in names) and (
            not whole or all(any(w in n for n in names) for w in words)
        ):
            return True
    return False


def grand_without_carryover(total: str, parts: list[Claim]) -> bool:
    """True when a grand total (收入总计, patterns/aliases.toml [exhaustive] grand) is broken down by the year's
    own items alone (其中：财政拨款收入…其他收入): the 年初结转和结余 it also holds is not listed, so the year's
    complete set of items is no complete breakdown of it."""
    spec = aliases()["exhaustive"]
    if not any(w in (total or "") for w in spec["grand"]):
        return False
    return not any(w in _key(p.subject) for p in parts for w in spec["carryover"])


def partial(parts: list[Claim], paragraph: str) -> bool:
    """True when every part named is one of a set whose members are all always stated (patterns/aliases.toml
    [exhaustive] stated: the three “三公” items) but a member is not even named in the paragraph (其中公务用车运行维护费
    15.48万元、公务接待费9.18万元, no 因公出国): the list leaves an item out, so no shortfall is a slip."""
    names = [_key(p.subject) for p in parts]
    text = _key(paragraph)
    for words in aliases().get("exhaustive", {}).get("stated", []):
        if all(any(w in n for w in words) for n in names) and not all(w in text for w in words):
            return True
    return False


def _key(s: str) -> str:
    """A name in comparable form (as align.resolve.key): folded, brackets plain, no spaces."""
    return name_key(s).replace("（", "(").replace("）", ")").replace(" ", "")


def head_before(
    narr: Narrative, level: list[Claim], starts: list[int], sent: tuple[int, int], pos: int
) -> Claim | None:
    """The total a breakdown opening at ``pos`` names (由…构成, 由三部分构成：…): the last level amount before it in its
    own sentence, outside brackets. ``level`` is sorted by offset and ``starts`` are their offsets."""
    before = level[bisect.bisect_left(starts, sent[0]) : bisect.bisect_left(starts, pos)]
    return next(
        (
            a
            for a in reversed(before)
            if a.ctx.norm_sentence == sent and a.ctx.norm[1] <= pos and not narr.unclosed_bracket(a.ctx.norm[1], pos)
        ),
        None,
    )


def residual_item(p: Claim) -> bool:
    """Whether a part is its list's catch-all (其他收入, 其他支出; patterns/aliases.toml [exhaustive] residual)."""
    return name_key(p.subject).startswith(tuple(aliases()["exhaustive"]["residual"]))


def spelled_out(parts: list[Claim], value_of: Callable[[Claim], Decimal]) -> bool:
    """A list of four or more items that writes some as 0 and has its catch-all item (…2.上级补助收入0万元 …
    4.其他收入0万元 5.用事业基金弥补收支差额0万元…) follows its template item by item: it is the whole of its total,
    so a shortfall is a slip. Without the catch-all a list may name main items only. ``value_of`` reads a part's
    figure under the current reading (recompute.figures)."""
    return len(parts) >= 4 and any(value_of(p) == 0 for p in parts) and any(residual_item(p) for p in parts)


def other_side(total: str, name: str) -> bool:
    """Whether ``name`` names a side the total does not (收入总量… against 支出…; 离退休人员 under 在职教职工):
    patterns/aliases.toml [chain] sides, group by group. A total naming no side of a group has none to differ from."""
    for group in aliases()["chain"]["sides"]:
        own = [s for s in group if s in (total or "")]
        if own and any(s in (name or "") for s in group if s not in own):
            return True
    return False


def subset_of(total: Claim, parts: list[Claim]) -> str:
    """The narrower set every part names when the total names the wider one of a pair that holds the other by
    definition (patterns/aliases.toml [breakdown] nested: 中小企业 over 小型和微型企业), '' otherwise: such parts are
    of the total, and none can exceed it."""
    t = name_key(total.subject)
    for wide, narrow in aliases()["breakdown"]["nested"]:
        if wide in t and narrow not in t and parts and all(narrow in name_key(p.subject) for p in parts):
            return narrow
    return ""


def exceeds(total: Claim, part: Claim) -> bool:
    """True when a part alone is larger than its total beyond the rounding of both (the part's least reading above
    the total's greatest), both amounts of money or counts of one unit."""
    t, p = total.claimed.value, part.claimed.value
    if t is None or p is None or t.value <= 0:
        return False
    unit, part_unit = total.claimed.unit or "万元", part.claimed.unit or "万元"
    if (unit in MONEY_UNITS) != (part_unit in MONEY_UNITS) or (unit not in MONEY_UNITS and unit != part_unit):
        return False
    return to_wan(p.interval().lo, part_unit) > to_wan(t.interval().hi, unit)


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


def bound(text: str, n0: int, n1: int) -> bool:
    """Whether the figure at ``text[n0:n1]`` is a bound a level passed or fell short of (首次突破2万亿元, 1000万元以上;
    patterns/aliases.toml [approximate] bounds_before, bounds_after): a round figure — 近8.27亿元 and 超5.8亿元 give
    the level itself, roughly."""
    if "." in text[n0:n1]:
        return False
    spec = aliases()["approximate"]
    if text[max(0, n0 - 8) : n0].endswith(tuple(spec["bounds_before"])):
        return True
    # every figure of a 、 list the bound word closes (跨越400亿元、500亿元、600亿元大关): the list's, each
    return bool(_bound_after().match(text, pos=n1))


@lru_cache(maxsize=1)
def _bound_after() -> regex.Pattern:
    """A bound word after a figure, maybe after more figures of its 、 list (…500亿元、600亿元大关)."""
    words = "|".join(regex.escape(w) for w in aliases()["approximate"]["bounds_after"])
    return regex.compile(rf"(?:、\d+(?:万亿|亿|万|千)?元?)*(?:{words})")


def in_bracket(stretch: str) -> bool:
    """Whether the end of ``stretch`` stands inside a bracket it opened and has not closed."""
    return brackets_open(stretch) > 0


def ends_open(text: str, end: int) -> bool:
    """Whether a list's last figure, ending at ``end``, is followed by 等 (patterns/aliases.toml [chain] etc), maybe
    after a line break or spaces: the list names only some of its items."""
    return text[end : end + 8].lstrip().startswith(tuple(aliases()["chain"]["etc"]))


def adds_up(tot: Claim, parts: list[Claim]) -> bool:
    """The items add up to their total, in 万元, exactly or, where a figure is written without cents, within what the
    figures as written stand for (49,376 + 279,285.70 + 0 against 328,661): the list is then complete by its own
    figures."""
    whole, each = _wan_bounds(tot, cents_exact=True), [_wan_bounds(p, cents_exact=True) for p in parts]
    rest = [b for b in each if b is not None]
    if whole is None or len(rest) < len(each):
        return False
    return sum((lo for lo, _ in rest), Decimal(0)) <= whole[1] and whole[0] <= sum((hi for _, hi in rest), Decimal(0))


def sum_exceeds(total: Claim, parts: list[Claim]) -> bool:
    """The parts' least sum lies above the total's greatest reading, in 万元 (amounts of money only)."""
    if any((c.claimed.unit or "万元") not in MONEY_UNITS for c in [total, *parts]):
        return False
    whole, each = _wan_bounds(total, cents_exact=False), [_wan_bounds(p, cents_exact=False) for p in parts]
    rest = [b for b in each if b is not None]
    return whole is not None and len(rest) == len(each) and sum((lo for lo, _ in rest), Decimal(0)) > whole[1]


def _wan_bounds(c: Claim, cents_exact: bool) -> tuple[Decimal, Decimal] | None:
    """The least and greatest reading of an amount as written, in 万元 (a 万元 figure with cents exact when
    ``cents_exact``); None when it states no figure."""
    n, unit = c.claimed.value, c.claimed.unit or "万元"
    if n is None:
        return None
    iv = Interval.exact(n.value) if cents_exact and n.decimals >= 2 and unit == "万元" else n.interval()
    return to_wan(iv.lo, unit), to_wan(iv.hi, unit)


def first_per_sentence(text: str, amounts: list[Claim], measures: tuple[str, ...]) -> list[Claim]:
    """The first amount of each sentence among ``amounts`` whose measure is one of ``measures``;
    a sentence opening with 其中 breaks down the part before it and gives none, and one opening a new topic
    (分级次情况：…, patterns/aliases.toml [breakdown] topic) ends the list."""
    seen: set[tuple[int, int]] = set()
    out: list[Claim] = []
    topic = compiled(aliases()["breakdown"]["topic"])
    for a in amounts:
        sent = a.ctx.norm_sentence
        if sent not in seen and out and topic.match(text, sent[0]):
            break
        if sent in seen or a.ctx.measure not in measures or text.startswith("其中", sent[0]):
            continue
        seen.add(a.ctx.norm_sentence)
        out.append(a)
    return out


def by_measure_or_run(tot: Claim, marked: list[Claim], both: list[Claim]) -> list[Claim]:
    """The parts of a list after a 其中 ending its sentence, of a total named with a measure: those of that measure
    (预算支出), else the unmarked ones right after the 其中 (三公经费预算支出80.11万元。其中：⏎因公出国…0.00⏎公务接待费
    3.01⏎…⏎会议费预算支出23.09: the run before the measure returns is the list), else all (收入总预算…其中：1、一般公共
    财政预算拨款…) — but first the reading whose figures make the total exactly, when one does."""
    run = list(takewhile(lambda a: a.ctx.measure != tot.ctx.measure, both))
    readings = [r for r in (run, marked, both) if len(r) >= 2]
    exact = [r for r in readings if _same_units(tot, r) and sum(_figure(a) for a in r) == _figure(tot)]
    if exact:
        return exact[0]
    return run if len(run) >= 2 else both if len(marked) < 2 else marked


def _same_units(tot: Claim, parts: list[Claim]) -> bool:
    return all((a.claimed.unit or "万元") == (tot.claimed.unit or "万元") for a in parts)


def _figure(a: Claim) -> Decimal:
    return a.claimed.value.value if a.claimed.value is not None else Decimal(-1)
