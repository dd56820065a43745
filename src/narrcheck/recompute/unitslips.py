"""Unit and digit slips in a list (recompute.compositions): one part, or the total, written in another unit than
the rest (教育支出29104元 among 万元 items; 总支出2.36元 after items in 亿元) — told where reading it in their unit
makes the list add up, so the alarm names the unit, not the figure; one part with a digit too many (12000 for 1200)
where leaving it out closes the list to the last place."""

from __future__ import annotations

from decimal import Decimal

from ..claims.listparts import subset_of
from ..model import Claim, Document, Evidence, Recomputed
from .listshares import shares_make_whole
from ..numbers import UNIT_SCALE, Interval, Number, fmt
from .figures import replace_last, stated, value_of
from .rounding import judge


def odd_unit_note(parts: list[Claim], unit: str, total: Claim) -> str:
    """A word on a unit that stands out, for the reader to see both slips at once: the one part written in another
    unit than the total and the rest (支出1710.52元 among 万元 items) when reading it in theirs does not make the list
    add up either; or a total in another unit than all its parts that their sum matches read in theirs (1.65亿元，
    加上…0.71亿元后，总支出2.36元)."""
    units = {p.claimed.unit or "万元" for p in parts}
    tot = total.claimed.value  # as written, in its own unit
    if tot is None or unit not in UNIT_SCALE or not units <= set(UNIT_SCALE):
        return ""
    if len(units) == 1 and unit not in units:
        return total_unit_slip(parts, unit, total)
    odd = [p for p in parts if (p.claimed.unit or "万元") != unit]
    v = odd[0].claimed.value if len(odd) == 1 and len(parts) >= 2 else None
    if v is None:
        return ""
    others = sum((value_of(p) for p in parts if p is not odd[0]), Decimal(0)) / UNIT_SCALE[unit]
    as_unit = fmt(others + v.value, max(tot.decimals, v.decimals, 0))
    return f"其中“{odd[0].subject}”写作 {v.text}{odd[0].claimed.unit}，按{unit}计各项之和为 {as_unit}，仍不等于合计。"


def total_unit_slip(parts: list[Claim], unit: str, total: Claim) -> str:
    """The word on a total written in another unit than all its parts when their sum, read in theirs, is its digits
    (其中完成…补助471.23元,其中中央补助189.63万元,地方财政补助281.6万元); '' otherwise. Such a list is its
    total's breakdown, however far above it the sum is in the total's unit."""
    tot = total.claimed.value
    read = in_parts_unit(parts, unit, sum((value_of(p) for p in parts), Decimal(0)))
    if tot is None or read is None or judge(tot, Interval.exact(read[1]), tot.decimals).verdict != "ok":
        return ""
    u, in_u = read
    return f"各项均以{u}计，其和 {fmt(in_u, tot.decimals)} 正是合计的数字：合计的单位（{unit}）疑写错。"


def in_parts_unit(parts: list[Claim], unit: str, sum_wan: Decimal) -> tuple[str, Decimal] | None:
    """The one unit all parts are written in, when it is another than ``unit`` (the total's), and their sum
    (``sum_wan``, in 万元) read in it; None otherwise. Where that figure is the total's, the total's unit is the slip
    (a list's total: :func:`total_unit_slip`; a change's: recompute.changelists)."""
    units = {p.claimed.unit or "万元" for p in parts}
    if len(units) != 1 or unit in units or not {unit, *units} <= set(UNIT_SCALE):
        return None
    (u,) = units
    return u, sum_wan / UNIT_SCALE[u]


def unit_slip(claim: Claim, parts: list[Claim], t_ev: list[Evidence], tot: Number, unit: str, sum_pt: Decimal) -> bool:
    """One part written in another unit than the total and every other part (教育支出29104元 among 万元
    amounts) whose figure, read in their unit, makes the list add up to the total exactly: the unit is the
    slip. The alarm sits on that part, with the total and the other parts as evidence.
    """
    odd = [p for p in parts if (p.claimed.unit or "万元") != unit]
    if len(odd) != 1 or len(parts) < 3 or unit not in UNIT_SCALE or odd[0].claimed.unit not in UNIT_SCALE:
        return False
    part = odd[0]
    v = part.claimed.value
    if v is None or v.value <= 0:
        return False
    others = sum((value_of(p) for p in parts if p is not part), Decimal(0))
    expected = (tot.value * UNIT_SCALE[unit] - others) / UNIT_SCALE[unit]  # in the total's unit
    places = max(tot.decimals, v.decimals, 0)
    if judge(Number(v.value, places, v.text), Interval.exact(expected), places).verdict != "ok":
        return False
    shown = fmt(expected, places)
    part.verdict = "mismatch"
    part.recomputed = Recomputed(value=shown, unit=unit)
    part.evidence = t_ev + [stated(p, "其中")[1][0] for p in parts if p is not part]
    part.message = (
        f"合计 {tot.text}{unit} 减去其余各项后此项应为 {shown}{unit}，正文写 {v.text}{part.claimed.unit}："
        f"单位疑写错（按{unit}计恰好相符）。"
    )
    part.suggestion = replace_last(part.text, part.claimed.unit, unit)
    claim.verdict = "unverified"
    claim.recomputed = Recomputed(sum=fmt(sum_pt, 2))
    claim.message = (
        f"所列 {len(parts)} 项之和 {fmt(sum_pt, 2)} ≠ 合计 {tot.text}；"
        f"“{part.subject}”按{unit}计则恰好相符，不符的是它的单位（{part.id}）。"
    )
    return True


def extra_digit(parts: list[Claim], total: Claim) -> tuple[Claim, str] | None:
    """The one part that, written with one digit fewer, makes the list equal its total to the last place (往年非稅
    結余指標12000萬元 beside 3565.88 and 1284.1 under 6049.98: 1200 closes it), and that figure; None when no part
    or several do. A sum far above its total is otherwise read as no breakdown of it (a subset's figures); an exact
    close by one dropped digit says it is the breakdown, with one digit too many. Parts and total in one unit; the
    total of four significant digits or more (a round 500 is closed by chance too often)."""
    tot = total.claimed.value
    unit = total.claimed.unit or "万元"
    if (
        tot is None
        or len(fmt(tot.value, max(tot.decimals, 0)).replace(".", "").strip("0")) < 4
        or any((p.claimed.unit or "万元") != unit or p.claimed.value is None for p in parts)
    ):
        return None
    found: list[tuple[Claim, str]] = []
    for p in parts:
        n = p.claimed.value
        assert n is not None
        rest = sum((q.claimed.value.value for q in parts if q is not p and q.claimed.value), Decimal(0))
        for fixed in sorted(_one_digit_fewer(fmt(n.value, max(n.decimals, 0)))):
            if rest + Decimal(fixed) == tot.value and Decimal(fixed) != 0:
                found.append((p, fixed))
    return found[0] if len(found) == 1 else None


def keystroke_away(written: str, right: str) -> bool:
    """Whether a written figure is the right one with one keystroke gone wrong: one digit changed (2431 for 2331), two
    neighbours swapped (15.89 for 15.98), or one digit dropped or doubled (4558 for 45158). Commas are left out."""
    a, b = written.replace(",", ""), right.replace(",", "")
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        return len(diff) == 1 or swapped
    short, long_ = sorted((a, b), key=len)
    return len(long_) == len(short) + 1 and short in _one_digit_fewer(long_)


def _one_digit_fewer(written: str) -> set[str]:
    """The figures ``written`` becomes with one of its digits left out (12000 → 2000, 1000, 1200)."""
    out = set()
    for i, ch in enumerate(written):
        if ch.isdigit():
            t = (written[:i] + written[i + 1 :]).rstrip(".")
            if t and t != "." and not t.startswith("."):
                out.add(t)
    return out


def slip_notes(doc: Document, claim: Claim, total: Claim, parts: list[Claim], sums: tuple[Decimal, Number]) -> str:
    """Words on where the slip of a list that does not add up likely is, for the reader to confirm in seconds: one
    digit too many in a part, a narrower set's part above its wider total, a first part equal to the total while the
    rest make it, or shares of 100% that say a short list is whole (``sums``: the parts' sum and the total, in 万元
    for money)."""
    sum_pt, tot = sums
    notes = ""
    slip = extra_digit(parts, total) if sum_pt > tot.value else None
    if slip:
        notes += f"“{slip[0].subject}”若为 {slip[1]}，各项之和正是合计：疑多写了一位数字。"
    narrow = subset_of(total, parts) if sum_pt > tot.value else ""
    if narrow:
        notes += f"{narrow}是合计所说范围的一部分，不能大于它。"
    if len(parts) > 2 and value_of(parts[0]) == tot.value and sum(value_of(p) for p in parts[1:]) == tot.value:
        notes += f"首项“{parts[0].subject}”与合计同为 {tot.text}，其余各项之和正是合计：疑首项的数字填错。"
    if sum_pt < tot.value and not claim.ctx.complete and shares_make_whole(doc, parts, (sum_pt, tot.value)):
        notes += "各项占比合计 100%，已列全。"
    return notes
