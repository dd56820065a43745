"""其中 lists: parts against their total, change amounts against the total change."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from ..claims.listparts import (
    ends_open,
    exhaustive,
    grand_without_carryover,
    partial,
    residual_item,
    spelled_out,
    subset_of,
)
from ..claims.carryover import carryover_role
from ..claims.frames import SEMI
from ..claims.patterns import aliases
from ..model import Claim, Document, Evidence, Recomputed, Stated
from ..numbers import Interval, Number, fmt
from ..textnorm import name_key
from .rounding import judge
from .changelists import judge_change_composition
from .overlaps import both_sides, overlapping_counts, slightly_over
from .figures import aligned, carried_tail, money, replace_last, stated, value_of, written_unit
from .listnames import aggregate, named_twice, siblings
from .listshares import shares_make_whole, total_of_the_shares
from .unitslips import extra_digit, odd_unit_note, slip_notes, total_unit_slip, unit_slip


def judge_composition(doc: Document, claim: Claim) -> None:
    if claim.ctx.signed:
        judge_change_composition(claim)
        return
    total, parts = claim.ctx.total, claim.ctx.parts
    if total is None:
        return
    _sum_against(doc, claim, total, parts)
    if claim.verdict == "ok":
        return
    # the list may break down another total its frame names (突破500亿元 is no total; 502.06亿元 is), also where
    # the nearest was no reading at all (资产总额10907.19亿元，负债总额2720.19亿元。其中：…资产总额…)
    for alt in claim.ctx.alternatives:
        trial = _trial(doc, claim, alt, parts)
        if trial.verdict == "ok":
            _adopt(claim, trial)
            _point_at(doc, claim, alt)
            return
    if not claim.flagged:
        return
    if _leading_parts_add_up(doc, claim, total, parts) or _nested_parts_add_up(doc, claim, total, parts):
        return
    if _shares_name_another_total(doc, claim, total, parts):
        return
    if _first_of_each_clause(doc, claim, total, parts):
        return
    if overlapping_counts(total, parts):
        claim.verdict, claim.suggestion = "unverified", ""
        claim.message = f"{claim.message}但这类计数的分项可相交叠（一人兼为正高与博导），多出一成以上不像笔误，未判定。"
        return
    if any(w in name_key(p.subject) for p in parts for w in aliases()["breakdown"]["averages"]):
        # 居民人均可支配收入36910元。其中，城镇居民人均…43014元；农村居民人均…28358元: groups' averages do not add up
        claim.verdict, claim.suggestion = "unverified", ""
        claim.message = f"{claim.message}但分项是平均数（人均），各组的平均数不能相加，未判定。"
        return
    rival = next((p for p in parts if aggregate(name_key(p.subject))), None)
    if rival is not None and len(parts) > 1 and sum(value_of(p) for p in parts) > value_of(total):
        # 财政总收入178625万元，其中：地方一般预算收入123307万元；税收总收入104717万元: two aggregates that overlap
        claim.verdict, claim.suggestion = "unverified", ""
        claim.message = f"{claim.message}但其中“{rival.subject}”本身是一个合计（与其他项重叠），不像分项，未判定。"
        return
    if claim.ctx.ambiguous:
        claim.verdict = "unverified"
        claim.message = f"{claim.message}但其中所指的合计不确定（段落里有多个可能的合计），未判定。"
        claim.suggestion = ""


def _shares_name_another_total(doc: Document, claim: Claim, total: Claim, parts: list[Claim]) -> bool:
    """The parts' own shares (占比32.2%, …, adding up to 100%) are of their sum, not of the total read: the list is of
    the figure of its paragraph that sum is (listshares.total_of_the_shares), and is judged against it."""
    other = total_of_the_shares(doc, total, parts)
    if other is None:
        return False
    _adopt(claim, _trial(doc, claim, other, parts))
    _point_at(doc, claim, other)
    return True


def _adopt(claim: Claim, trial: Claim) -> None:
    """The judgement of another reading (a trial claim) taken as the claim's own."""
    claim.verdict, claim.message, claim.evidence, claim.recomputed = (
        trial.verdict,
        trial.message,
        trial.evidence,
        trial.recomputed,
    )


def _take_reading(claim: Claim, trial: Claim, parts: list[Claim], message: str) -> None:
    """A reading of fewer parts that adds up (a trial claim judged ok) taken as the claim's, with words on what was
    left out of the list and why."""
    _adopt(claim, trial)
    claim.message, claim.suggestion = message, ""
    claim.ctx.parts = parts


def _point_at(doc: Document, claim: Claim, total: Claim) -> None:
    """The list read as another total's (支出合计1,159.78万元，…支付了200万元…。其中：…): the claim states and points at
    that total, as it would had the frame found it first."""
    claim.ctx.total = total
    claim.claimed = dataclasses.replace(claim.claimed, total=total.claimed.figure("value"), unit=total.claimed.unit)
    claim.subject = total.ctx.entity or total.subject
    claim.sentence, claim.ctx.norm, claim.ctx.norm_sentence = total.sentence, total.ctx.norm, total.ctx.norm_sentence
    same = all(p.ctx.norm_sentence == total.ctx.norm_sentence for p in claim.ctx.parts)
    claim.start, claim.end = total.start, max(p.end for p in claim.ctx.parts) if same else total.end
    claim.text = doc.text[claim.start : claim.end]
    claim.line, claim.page = doc.line_of(claim.start), doc.page_of(claim.start)


def _trial(doc: Document, claim: Claim, total: Claim, parts: list[Claim]) -> Claim:
    """``parts`` judged against ``total`` on a scratch claim, ``claim`` left as it is (another reading tried)."""
    trial = Claim(
        id="", kind="composition", pattern="", start=0, end=0, text="", sentence=(0, 0), subject="", claimed=Stated()
    )
    trial.ctx = dataclasses.replace(claim.ctx)
    _sum_against(doc, trial, total, parts)
    return trial


def _leading_parts_add_up(doc: Document, claim: Claim, total: Claim, parts: list[Claim]) -> bool:
    """The list ends where its first parts already make the total: what follows is no part of it.

    其中，国税完成11765万元…；地税完成14796万元…；财政完成3051万元…；实现地方一般预算收入19401万元:
    11765 + 14796 + 3051 = 29612, the total; the fourth figure is another aggregate, not a fourth part.
    """
    if claim.ctx.complete or exhaustive(parts) or claim.pattern == "composition.plus_chain":
        # 因公出国、公务接待、公务用车 (or a 由…构成, or X加A、B后总计T): every part belongs, however it adds up
        return False
    # 58人，其中在职40人，退休18人，遗属1人: one last part a little over among counts of people is a slip as written
    one_over = slightly_over(total, parts)
    carries = carryover_role(total.subject) == "income_total"
    for k in range(len(parts) - 1 - one_over, 1, -1):
        after = parts[k:]
        if carries and any(carryover_role(p.subject) == "carry_in" for p in after):
            continue  # 收入总计X，其中：…本年收入…；上年结转和结余Y: the carry-in is a part of 收入总计 by its name
        if any(residual_item(p) for p in after) and not _makes(doc, claim, total, after):
            continue  # …经营收入0万元，其他收入0.10万元 ends the list: the rest of it, unless a second breakdown
        trial = _trial(doc, claim, total, parts[:k])
        if trial.verdict == "ok":
            rest = "、".join(p.subject or p.text for p in parts[k:])
            _take_reading(claim, trial, parts[:k], f"前 {k} 项之和等于合计；其后的“{rest}”不是它的分项。")
            return True
    return False


def _nested_parts_add_up(doc: Document, claim: Claim, total: Claim, parts: list[Claim]) -> bool:
    """A part followed by its own breakdown (旗本级收入75.29亿元…分项目看：税收16.81亿元，非税58.48亿元；上级转移支付…):
    the parts right after it that make it exactly are its items, not the total's, and the list without them makes
    the total. Only an exact fit on both counts is taken as that reading; where the list read is its first part and
    that part's items alone, short of the total (新增债券331446万元，市本级留用90000万元，转贷县241446万元。…置换债券
    130170万元 in the next sentence), it is no proof of a slip either."""
    for i in range(len(parts) - 2):
        for j in range(i + 3, len(parts) + 1):
            inner = parts[i + 1 : j]
            if _trial(doc, claim, parts[i], inner).verdict != "ok":
                continue
            outer = parts[: i + 1] + parts[j:]
            trial = _trial(doc, claim, total, outer)
            if len(outer) >= 2 and trial.verdict == "ok":
                items = "、".join(p.subject or p.text for p in inner)
                said = f"{len(outer)} 项之和等于合计；“{items}”是“{parts[i].subject}”的分项，不另计。"
                _take_reading(claim, trial, outer, said)
                return True
            if i == 0 and j == len(parts) and value_of(parts[0]) < value_of(total):
                items = "、".join(p.subject or p.text for p in inner)
                claim.verdict, claim.suggestion = "unverified", ""
                first = parts[0].subject
                claim.message = f"“{items}”之和正是“{first}”，是它的分项；“{first}”少于合计（其余各项未列出），未判定。"
                return True
    return _items_of_several_parts(doc, claim, total, parts)


def _items_of_several_parts(doc: Document, claim: Claim, total: Claim, parts: list[Claim]) -> bool:
    """Each of several parts followed by its own items (一般债务限额11.93亿元，拟留用市本级8.96亿元，转贷县级2.97亿元；
    专项债务限额25.38亿元，拟留用…4.13亿元，转贷…21.25亿元): the items right after a part that make it exactly are
    dropped, part by part, and the list left must make the total exactly."""
    outer: list[Claim] = []
    i = 0
    while i < len(parts):
        outer.append(parts[i])
        ends = range(i + 3, len(parts) + 1)
        fit = (j for j in ends if _trial(doc, claim, parts[i], parts[i + 1 : j]).verdict == "ok")
        i = next(fit, i + 1)
    if len(outer) < 2 or len(parts) - len(outer) < 4:
        return False  # one part's items alone: the reading above
    trial = _trial(doc, claim, total, outer)
    if trial.verdict != "ok":
        return False
    named = "、".join(p.subject or p.text for p in outer)
    _take_reading(claim, trial, outer, f"{len(outer)} 项（{named}）之和等于合计；其后各列的是它们各自的分项，不另计。")
    return True


def _first_of_each_clause(doc: Document, claim: Claim, total: Claim, parts: list[Claim]) -> bool:
    """A list of items set apart by ；, each item's own figure first and some followed by details of it (余额为
    569282万元。其中:一类债务…余额555558万元,本年新增债券161485万元;二类债务…10521万元;三类债务…3203万元): the first
    figure of each clause makes the total exactly, so the others are no parts."""
    groups: list[list[Claim]] = []
    for p in parts:
        if groups and not SEMI.search(doc.text, groups[-1][-1].end, p.start):
            groups[-1].append(p)
        else:
            groups.append([p])
    firsts = [g[0] for g in groups]
    if len(firsts) < 2 or len(firsts) == len(parts):
        return False
    trial = _trial(doc, claim, total, firsts)
    if trial.verdict != "ok":
        return False
    rest = "、".join(p.subject or p.text for g in groups for p in g[1:])
    _take_reading(claim, trial, firsts, f"各分句首个数之和等于合计；其后的“{rest}”是该项的细目，不另计。")
    return True


def _makes(doc: Document, claim: Claim, total: Claim, parts: list[Claim]) -> bool:
    """``parts`` alone make ``total``, to a tail (a second breakdown of it: 按经济分类科目，…)."""
    return _trial(doc, claim, total, parts).verdict in ("ok", "rounding")


def _sum_against(doc: Document, claim: Claim, total: Claim, parts: list[Claim]) -> None:
    """Judge ``parts`` against ``total``: every figure read at the places it is written, in one unit."""
    t_iv, t_ev = stated(total, "合计")
    ivs = [stated(p, "其中")[0] for p in parts]
    tot = money(total)
    if t_iv is None or tot is None or any(iv is None for iv in ivs):
        return
    s = Interval(Decimal(0), Decimal(0))
    for iv in ivs:
        s = s + iv  # type: ignore[operator]
    claim.evidence = t_ev + [stated(p, "其中")[1][0] for p in parts]
    # a part aligned to its table cell counts with the table's value: a slip in it is its own alarm
    sum_pt = _parts_sum(parts, tot)
    is_money = total.kind == "amount"
    unit = total.claimed.unit or "万元"
    cents = claim.ctx.cents
    # a total in 亿元, or in whole 万元 where the document does not write cents, is read at its own places;
    # parts in other units than the total's, or written in whole 万元, are summed as the intervals they stand for
    exact = is_money and unit == "万元" and cents
    places = (2 if exact else min(tot.decimals, 2)) if is_money else max(tot.decimals, 0)  # 12.83万人: 2
    mixed = any((p.claimed.unit or "万元") != unit for p in parts)
    j = judge(
        Number(tot.value, max(tot.decimals, places), tot.text),
        Interval.exact(sum_pt) if exact and not mixed else s,
        places,
    )
    in_wan = fmt(sum_pt, max(2, tot.decimals))  # 283.2696, not 283.27, beside a total written 283.2697
    count_places = max([tot.decimals, *(p.claimed.value.decimals for p in parts if p.claimed.value is not None)])
    shown = (
        (in_wan if unit == "万元" else written_unit(total, sum_pt)) if is_money else fmt(sum_pt, max(count_places, 0))
    )
    claim.recomputed = Recomputed(sum=shown)
    n = len(parts)
    if j.verdict == "ok":
        claim.verdict, claim.message = "ok", _equal_message(total, n, shown, sum_pt, tot, is_money)
        return
    diff = abs(sum_pt - tot.value)
    # every figure aligned to a table cell (the sum already uses the cells, so a part's own slip,
    # flagged on its own, does not make the list a second alarm)
    if exact and carried_tail(doc, parts, total, diff):
        # otherwise a cent off is a rounding slip like any other
        claim.verdict, claim.ctx.tail = "ok", diff
        claim.message = f"所列 {n} 项之和 {shown}，与合计 {tot.text} 差 {fmt(diff, 2)}（尾数误差）。"
        return
    if unit_slip(claim, parts, t_ev, tot, unit, sum_pt):
        return
    coarse = exact and not mixed and j.verdict == "mismatch" and _within_coarse_parts(tot, parts, places)
    unsure = coarse or _unsure(doc, claim, total, parts, (sum_pt, tot.value), j.verdict)
    if unsure:
        claim.verdict = "unverified"
        claim.message = f"所列 {n} 项之和 {shown} {unsure.format(total=tot.text)}"
        return
    if _blame_the_loose_part(claim, total, parts, t_ev, places, sum_pt, tot):
        return
    claim.verdict = j.verdict
    claim.message = f"所列 {n} 项之和为 {shown}，正文合计写 {tot.text}。" + odd_unit_note(parts, unit, total)
    claim.message += slip_notes(doc, claim, total, parts, (sum_pt, tot))


def _parts_sum(parts: list[Claim], tot: Number) -> Decimal:
    """The parts' sum, each at its table cell when aligned (a slip in a part is its own alarm), but the written figures
    when, at the total's places or coarser, they make it exactly (17,192万元 of a 元 cell 171,915,200 under 17,192)."""
    written = [money(p) for p in parts]
    if all(n is not None and n.decimals <= max(tot.decimals, 0) for n in written):
        if sum((n.value for n in written if n is not None), Decimal(0)) == tot.value:
            return tot.value
    return sum((value_of(p) for p in parts), Decimal(0))


def _unsure(
    doc: Document, claim: Claim, total: Claim, parts: list[Claim], sums: tuple[Decimal, Decimal], verdict: str
) -> str:
    """Why a list that does not add up proves no slip ('' when it does), worded after its sum (``{total}`` stands
    for the total as written): no breakdown of its total at all, a shortfall of a list that may name only some
    items, or an excess of exactly one part restating the one before it. ``sums``: the parts' sum and the total."""
    sum_pt, tot = sums
    if sum_pt > tot and both_sides(total, parts):
        return "大于合计 {total}：所列含收入、支出两方，合计是两方各自的总数（收支总预算），未判定。"
    grand = grand_without_carryover(total.subject, parts)  # 收入总计 over the year's items: the carryover unlisted
    complete = claim.ctx.complete or not grand and (exhaustive(parts) or shares_make_whole(doc, parts, sums))
    why = _not_its_breakdown(total, parts, tot, complete, claim.pattern == "composition.plus_chain")
    if why:
        return f"{why}，未判定。"
    para_end = doc.text.find("\n", claim.sentence[1])
    partly = partial(parts, doc.text[claim.sentence[0] : para_end if para_end >= 0 else len(doc.text)])
    # …彩票公益金收入0.3亿元等: not all named (a line may break before the 等)
    partly = partly or ends_open(doc.text, parts[-1].end)
    # parts in a finer unit than their total (6,711万元… under 1.85亿元): a shortfall one unit of the total's last
    # digit is still many of the parts' own, as a partial list leaves it, not a tail
    finer = any((p.claimed.unit or "万元") != (total.claimed.unit or "万元") for p in parts)
    if (
        sum_pt < tot
        and not complete
        and (verdict == "mismatch" or partly or finer)
        and (grand or not spelled_out(parts, value_of))
    ):
        return "小于合计 {total}（可能未列全）。"
    if sum_pt > tot and _restated_part(parts, sum_pt - tot):
        return "大于合计 {total}，正好多出与前一项相同的一项（疑为其下级科目复述），未判定。"
    return ""


def _within_coarse_parts(tot: Number, parts: list[Claim], places: int) -> str:
    """Why a sum that misses its cents total is no proof of a slip ('' when it is): every part but zeros is written
    with fewer places than the total (因公出国费39万元、公务用车运行维护费119.5万元 against 168.53万元: a list
    rounded as a list), or the total itself is written without cents beside whole parts (328,661 against 49,376 +
    279,285.70), and the figures as written stand for intervals the total lies within, so they may be rounded figures
    of the cents behind it. A cents total with one part at its places (1974.87、3.07、744.8) says the list is written
    to the cent; a part with one decimal beside a coarse total (58.9 under 502.6) had its zero dropped; a part
    keeping a trailing zero of its cents (54.10、16、228 under 298.3, a total with decimals of its own) says the whole
    parts are whole."""
    figures = [p.claimed.value for p in parts if p.claimed.value is not None and p.claimed.value.value != 0]
    if not figures or tot.decimals >= 2 and any(n.decimals >= tot.decimals for n in figures):
        return ""  # a part written to the total's places: the list is at its cents, a short one had its 0 dropped
    if tot.decimals >= 1 and any(n.decimals >= 2 and n.text.rstrip().endswith("0") for n in figures):
        return ""  # a part keeping its cents' zero (54.10 beside 16 and 228 under 298.3): whole parts are whole
    most = tot.decimals if tot.decimals >= 2 else 1  # the places a part is coarse below
    coarse = [
        p
        for p in parts
        if p.claimed.value is not None and p.claimed.value.value != 0 and p.claimed.value.decimals < most
    ]
    if not coarse:
        return ""
    s = Interval(Decimal(0), Decimal(0))
    for p in parts:
        n = money(p)
        if n is None or p.claimed.value is None:
            return ""
        s = s + (n.interval(n.decimals) if p in coarse else Interval.exact(value_of(p)))
    if judge(Number(tot.value, tot.decimals, tot.text), s, min(tot.decimals, places)).verdict != "ok":
        return ""
    lo, hi = fmt(s.lo, places), fmt(s.hi, places)
    return f"与合计 {{total}} 不等，但各数未都写到分，按所写位数的舍入区间各项之和在 {lo}～{hi} 之间，未判定。"


def _restated_part(parts: list[Claim], excess: Decimal) -> bool:
    """Whether the excess of a list over its total is exactly one part that repeats the part before it (文化旅游体育与
    传媒支出286.85万元，群众文化支出286.85万元: a line of the category restated as its own item), so that the list
    without it makes the total: a reading the frame cannot tell from a slip."""
    values = [value_of(p) for p in parts]
    return any(a == b == excess and a != 0 for a, b in zip(values, values[1:]))


def _equal_message(total: Claim, n: int, shown: str, sum_pt: Decimal, tot: Number, is_money: bool) -> str:
    """The message of a list that adds up: equal, or off only inside its figures' rounding (18504.19亿元 +
    7683.55亿元 against 26187.73亿元), which it then says, so the verdict follows from the figures shown."""
    if is_money and written_unit(total, sum_pt) != written_unit(total, tot.value):
        off = written_unit(total, abs(sum_pt - tot.value))
        return f"{n} 项之和 {shown}，与合计 {tot.text} 差 {off}，在各数末位四舍五入的误差之内，一致。"
    if not is_money and sum_pt != tot.value:  # counts in 万 are rounded too (8.65万人 + 4.17万人 against 12.83万人)
        off = fmt(abs(sum_pt - tot.value), max(tot.decimals, 0))
        return f"{n} 项之和 {shown}，与合计 {tot.text} 差 {off}，在各数末位四舍五入的误差之内，一致。"
    return f"{n} 项之和 {shown}，等于合计。"


def _not_its_breakdown(total: Claim, parts: list[Claim], tot: Decimal, complete: bool, added: bool = False) -> str:
    """Why a list that does not add up is no breakdown of its total at all, worded after its sum ('' when it
    may be one; ``{total}`` stands for the total as written). A chain that adds on to its first figure
    (``added``: 本级支出2243万元，加上…后，支出总计2243万元) says its first figure is a term, not the total restated."""
    if tot <= 0:
        return ""
    values = [value_of(p) for p in parts]
    if sum(1 for v in values if v == tot) >= 2:
        # 收支总预算77.82万元。其中，收入总计77.82万元…；支出总计77.82万元…: the two sides of a balance
        return "中有两项各等于合计 {total}（如收入、支出两方）：不是它的分项"
    if values[0] == tot and any(v not in (0, tot) for v in values[1:]) and not added and not siblings(parts):
        # 收入决算1396万元，其中：本年收入1396万元，…包括财政拨款收入…；事业单位专户资金158.3万元…: the first part
        # restates the total and the rest break it down
        return "中首项即合计 {total}（复述），其余是它的分项而非并列项"
    twice = named_twice(parts)
    if twice:
        # 投资计划37.0亿元，其中中央资金9.9亿元；完成投资24.2亿元，…完成中央资金7.3亿元: one item's two figures
        return f"中“{twice[0]}”与“{twice[1]}”是同一项目的两个数：不是 {{total}} 的并列分项"
    trusted_total = aligned(total) and total.verdict == "ok"
    # a complete breakdown (因公出国, 公务接待, 公务用车; 由…构成) is this total's, large or not
    far = max(values) > tot * Decimal("1.2") or sum(values) > 2 * tot
    slip = extra_digit(parts, total) or subset_of(total, parts) or total_unit_slip(parts, total.claimed.unit, total)
    if not trusted_total and not complete and far and not slip:
        return "远大于“合计” {total}：其中所列不像它的分项"  # a subset's figures
    return ""


def _blame_the_loose_part(
    claim: Claim, total: Claim, parts: list[Claim], t_ev: list[Evidence], places: int, sum_pt: Decimal, tot: Number
) -> bool:
    """When the total agrees with its table and one part alone is no table's, that part is the slip.

    The alarm then sits on the wrong number, with the figure the total and the
    other parts leave for it, and the 其中 list itself is not raised twice.
    """
    loose = [p for p in parts if not aligned(p)]
    if sum_pt > tot.value:
        # too much: only a part that can shrink can be the slip (amounts are not negative)
        loose = [p for p in loose if (money(p) or Number(Decimal(0), 0)).value > 0]
    if not (aligned(total) and total.verdict == "ok") or len(loose) != 1 or loose[0].verdict != "unverified":
        return False
    part = loose[0]
    pn = money(part)
    if pn is None or total.ctx.trusted_cell is None:
        return False
    others = sum((value_of(p) for p in parts if p is not part), Decimal(0))
    expected = total.ctx.trusted_cell - others
    if expected < 0:
        return False
    jj = judge(Number(pn.value, max(pn.decimals, places), pn.text), Interval.exact(expected), places)
    if jj.verdict == "ok":
        return False
    shown = fmt(expected, places)
    part.verdict = jj.verdict
    part.recomputed = Recomputed(value=shown, unit=part.claimed.unit)
    part.evidence = t_ev + [stated(p, "其中")[1][0] for p in parts if p is not part]
    part.message = f"合计 {tot.text} 与表一致，减去其余各项后此项应为 {shown}，正文写 {pn.text}。"
    part.suggestion = replace_last(part.text, part.claimed.figure("value").text, shown)
    claim.verdict = "unverified"
    claim.message = (
        f"所列 {len(parts)} 项之和 {fmt(sum_pt, 2)} ≠ 合计 {tot.text}；"
        f"合计与表一致，不符的是“{part.subject}”（{part.id}）。"
    )
    return True
