"""The figures a verdict rests on: written amounts in 万元 as intervals, the reading (written or table),
evidence rows, and the percentage judgement every ratio shares."""

from __future__ import annotations

from contextvars import ContextVar
from decimal import Decimal


from ..align.resolve import Candidate
from ..model import Claim, Document, Evidence, Recomputed
from ..numbers import UNIT_SCALE, Interval, Number, fmt, to_wan
from .rounding import judge


HUNDRED = Decimal(100)


def money(claim: Claim, name: str = "value") -> Number | None:
    """A claimed amount in 万元 with the precision it was written with (≥ 0.01 for 万元)."""
    n = claim.claimed.find(name)
    if n is None:
        return None
    unit = prior_unit(claim) if name == "prior" else claim.claimed.unit or "万元"
    if unit == "万元":
        return n
    shift = {"元": 4, "千元": 1, "亿元": -4, "万亿元": -8}.get(unit, 0)
    # 1.2亿元 is 12000万元 to the nearest 1000 (decimals -3): its interval is ±500万元, not ±0.5
    return Number(to_wan(n.value, unit), n.decimals + shift, n.text)


def prior_unit(claim: Claim) -> str:
    """The unit of the prior a change writes: its own (较2024年的1650万元减少150万元), else the change amount's, else
    this year's amount's (为730.48亿元，比上年的691.92增长5.58%), else 万元."""
    current = claim.ctx.current.claimed.unit if claim.ctx.current is not None else ""
    return claim.claimed.unit0 or claim.claimed.unit or current or "万元"


def written_unit(claim: Claim, value_wan: Decimal, name: str = "value") -> str:
    """A 万元 value written the way the claim writes its figure (its unit and its places)."""
    unit = claim.claimed.unit or "万元"
    raw = claim.claimed.find(name)
    if unit == "万元" or raw is None:
        return fmt(value_wan, 2)
    return fmt(value_wan / UNIT_SCALE.get(unit, Decimal(1)), max(raw.decimals, 0))


def cents_convention(claims: list[Claim]) -> bool:
    """True when the prose writes 万元 amounts to the cent, so ``1153.9`` is exactly 1153.90.

    Decided from the document itself: at least half of its non-integer 万元
    amounts carry two decimals, and they are not a stray few among whole amounts (one 4183.32 among
    28 whole 万元 amounts is a figure copied to the cent, not a text written so: at least one two-decimal
    amount for every four non-zero whole ones). Otherwise amounts are read as rounded to the
    places written (an interval), which can only make fewer alarms.
    """
    amounts = _wan_figures(claims)
    frac = [n.decimals for n in amounts if n.decimals > 0]
    cents = sum(1 for d in frac if d >= 2)
    whole = sum(1 for n in amounts if n.decimals == 0 and n.value != 0)
    return bool(frac) and cents * 2 >= len(frac) and cents * 4 >= whole


def tenths_exact(claims: list[Claim]) -> bool:
    """True when the prose keeps the trailing zeros of its 万元 amounts (45.00, 28.10, 9746.50) more often than it
    writes one decimal: a one-decimal figure there is no rounding (28.1 is 28.10 read short, a slip if the sum says
    otherwise). Where one-decimal figures are as common (57.8 for a table's 57.804), they are read at their decimal."""
    figs = _wan_figures(claims)
    zeros = sum(1 for n in figs if n.decimals == 2 and n.text.rstrip().endswith("0"))
    tenths = sum(1 for n in figs if n.decimals == 1)
    return zeros > tenths


def _wan_figures(claims: list[Claim]) -> list[Number]:
    """The prose's amounts in 万元 as written: what the document's conventions are read from."""
    return [
        c.claimed.figure("value")
        for c in claims
        if c.kind == "amount" and (c.claimed.unit or "万元") == "万元" and c.claimed.value is not None
    ]


def money_interval(n: Number, unit: str, cents: bool, tenths: bool = False) -> Interval:
    """What a written amount stands for: exact at the cent under the cents convention (whole 万元 too: 45万元),
    but a figure of one decimal is rounded there (比上年7.3万元增加了2.37万元 with this year's 96299元: 7.3
    stands for 7.25–7.35, else the writer would have written 7.30); a whole count of things (5人次, 2个) is
    exact too (9126.14万人次 is rounded). ``tenths``: a one-decimal figure is exact at the cent after all — a part
    of a list (其中…减少2.6万元 copies its table's cell, trailing zero dropped, as the other parts do) or a figure of
    a text that keeps its trailing zeros (:func:`tenths_exact`)."""
    if unit == "万元" and cents and (n.decimals in (0, 2) or tenths and n.decimals == 1):
        return Interval.exact(n.value)
    if unit not in UNIT_SCALE and not unit.startswith("万") and n.decimals == 0:
        return Interval.exact(n.value)
    return n.interval(n.decimals)


READING: ContextVar[str] = ContextVar("reading", default="written")
"""Which figures a ratio is recomputed from: "written" (the narrative's own figures; table cells only
where they agree with them) or "table" (the cells of amounts that were flagged against their table)."""


def uses_cell(claim: Claim) -> bool:
    """The amount stands for its table cell: it agrees with it, or the table reading is being tried."""
    return claim.ctx.trusted_cell is not None and (claim.verdict == "ok" or READING.get() == "table")


def amount_interval(claim: Claim) -> Interval | None:
    """The interval an amount claim stands for under the current reading.

    Written reading: the table cell when the amount agrees with it (the cell is exact), else the figure
    as written. Table reading: the cell of every amount aligned with confidence. A ratio is flagged only
    when neither reading explains it, so one wrongly written amount raises one alarm, not three, and a
    verdict always shows the figures it was computed from.
    """
    if uses_cell(claim) and claim.ctx.trusted_cell is not None:
        return Interval.exact(claim.ctx.trusted_cell)
    n = money(claim)
    if n is None:
        return None
    return money_interval(n, (claim.claimed.unit or "万元"), claim.ctx.cents, claim.ctx.tenths)


def ev_cell(c: Candidate) -> Evidence:
    return Evidence(
        table=c.table.label,
        title=c.table.title,
        row=(f"{c.row.code} " if c.row.code else "") + c.row.name,
        column=c.column.key,
        value=c.cell.text or "0",
        page=c.table.page,
        offset=c.cell.offset,
    )


def ev_text(claim: Claim, label: str) -> Evidence:
    """A figure the narrative states, as evidence: named by its item when its subject is only a measure."""
    v = claim.claimed.value
    row = claim.subject or label
    path = claim.ctx.path or []
    if path and claim.ctx.inherited:
        row = f"{path[-1][0]}（{path[-1][1]}）{row}"  # 行政运行（项）年初预算, not 年初预算 eleven times
    return Evidence(
        table="正文",
        title=label,
        row=row,
        column="",
        value=(v.text if v else "") + claim.claimed.unit,
        page=claim.page,
        offset=(claim.start, claim.end),
    )


def replace_last(text: str, old: str, new: str) -> str:
    i = text.rfind(old)
    return text if i < 0 else text[:i] + new + text[i + len(old) :]


def pct_judgement(claim: Claim, computed: Interval | None, what: str, evidence: list[Evidence]) -> None:
    pct = claim.claimed.pct
    if pct is None:
        return
    if computed is None:
        claim.verdict = "unverified"
        claim.message = f"{what}的分母为零，比例无从计算。"
        claim.evidence = evidence
        return
    j = judge(pct, computed.scale(HUNDRED))
    claim.verdict = j.verdict
    claim.evidence = evidence
    claim.recomputed = Recomputed(
        pct=j.expected, interval=(fmt(computed.lo * HUNDRED, 4), fmt(computed.hi * HUNDRED, 4))
    )
    if j.verdict == "ok" and _same_figure(j.expected, pct):
        claim.message = f"{what}重算为 {j.expected}%，一致。"
    elif j.verdict == "ok":
        # the figures' rounding allows a range the written rate is in, though its middle rounds otherwise (12290万元
        # over 2亿元, whole 亿: 49.2%–81.9%): the range is what the verdict rests on, so the message shows it
        lo, hi = (fmt(v * HUNDRED, pct.decimals) for v in (computed.lo, computed.hi))
        claim.message = f"{what}按各数末位四舍五入的范围为 {lo}%–{hi}%，正文 {pct.text}% 在其内，一致。"
    else:
        claim.message = f"{what}重算为 {j.expected}%，正文写 {pct.text}%。"
        if (claim.claimed.d2 or "").endswith(("-", "－")):  # 增长-13.19%: a fall of that size, and so is the figure
            claim.message = f"{what}重算为下降 {j.expected}%，正文写 -{pct.text}%（即下降 {pct.text}%）。"
        claim.suggestion = replace_last(claim.text, pct.text, j.expected)


def _same_figure(expected: str, pct: Number) -> bool:
    """Whether the recomputed rate, written to the stated places, is the stated rate."""
    try:
        return Decimal(expected) == pct.value
    except ArithmeticError:
        return False


Judged = tuple[str, str, list[Evidence], Recomputed, str]
"""A claim's judgement: verdict, message, evidence, recomputed figures, suggestion."""


def set_aside(claim: Claim) -> Judged:
    """The claim's judgement, kept while another reading is tried; the claim is left unjudged."""
    kept = (claim.verdict, claim.message, claim.evidence, claim.recomputed, claim.suggestion)
    claim.verdict, claim.message, claim.evidence, claim.recomputed, claim.suggestion = (
        "unverified",
        "",
        [],
        Recomputed(),
        "",
    )
    return kept


def put_back(claim: Claim, kept: Judged) -> None:
    """The judgement :func:`set_aside` kept, restored when the other reading did not explain the claim."""
    claim.verdict, claim.message, claim.evidence, claim.recomputed, claim.suggestion = kept


HALF_CENT = Decimal("0.005")


def half_cents(iv: Interval, evidence: list[Evidence]) -> Interval:
    """A written 万元 figure read exact at the cent (the cents convention), as the half-cent interval it
    stands for (DOMAIN.md: a ratio of rounded amounts is an interval); a table cell or a figure already
    read as an interval is left as it is."""
    written = bool(evidence) and evidence[0].table == "正文" and evidence[0].value.endswith("万元")
    return Interval(iv.lo - HALF_CENT, iv.hi + HALF_CENT) if written and iv.lo == iv.hi else iv


def retry_half_cents(
    claim: Claim, num: tuple[Interval, list[Evidence]], den: tuple[Interval, list[Evidence]], what: str
) -> None:
    """A flagged share or completion rate of written 万元 amounts read exact at the cent, tried again with each
    amount as its half-cent interval: over a small base (0.39 of 1.75) the half cent moves the rate by whole
    units, and a rate those intervals give is consistent (DOMAIN.md)."""
    if claim.flagged:
        accept_half_cents(claim, half_cents(*num).ratio(half_cents(*den)), what)


def accept_half_cents(claim: Claim, wide: Interval | None, what: str) -> None:
    """The claim is consistent when its rate rounds from ``wide``, the ratio of its amounts' half-cent
    intervals: judged and worded so (the interval shown); otherwise it is left as it is."""
    pct = claim.claimed.pct
    if wide is not None and pct is not None and judge(pct, wide.scale(HUNDRED)).verdict == "ok":
        pct_judgement(claim, wide, what, claim.evidence)
        lo, hi = claim.recomputed.interval or ("", "")
        claim.message = f"{what}按金额的舍入区间（各 ±0.005 万元）重算为 {lo}%～{hi}%，含正文的 {pct.text}%，一致。"


def stated(claim: Claim, role: str) -> tuple[Interval | None, list[Evidence]]:
    """Interval and evidence for an amount a ratio rests on (its table cell if it has one)."""
    iv = amount_interval(claim)
    ev = list(claim.evidence) if claim.evidence and uses_cell(claim) else [ev_text(claim, role)]
    return iv, ev


def is_level(a: Claim) -> bool:
    """An amount that may be a total: not a change amount, not last year's figure."""
    return a.ctx.direction is None and a.ctx.measure != "prior"


def show(c: Claim) -> str:
    """The figure of an amount as the verdict used it: its cell under the table reading, else as written."""
    if uses_cell(c) and c.verdict != "ok" and c.ctx.trusted_cell is not None:
        return fmt(c.ctx.trusted_cell, 2)
    return c.claimed.value.text if c.claimed.value else "?"


def value_of(c: Claim) -> Decimal:
    """An amount's figure under the current reading (its cell when :func:`uses_cell`)."""
    if uses_cell(c) and c.ctx.trusted_cell is not None:
        return c.ctx.trusted_cell
    n = money(c)
    return n.value if n is not None else Decimal(0)


def aligned(c: Claim) -> bool:
    """The claim's figure was tied to a table cell with confidence (whatever its verdict)."""
    return c.ctx.trusted_cell is not None


def carried_tail(doc: Document, parts: list[Claim], total: Claim, diff: Decimal) -> bool:
    """A sum off its total by a tail the tables carry (every figure copied from its cell) or the document declares
    (尾数误差): at most a cent, or half a cent per part. A note, not an alarm (DOMAIN.md)."""
    tables = doc.meta.tail_note or all(aligned(p) for p in [*parts, total]) or _row_holds(doc, parts, total)
    return tables and diff <= max(Decimal("0.01"), HALF_CENT * len(parts))


def _row_holds(doc: Document, parts: list[Claim], total: Claim) -> bool:
    """Every part is a cell of one table row that also holds the total's figure (各项支出总计457,676.75万元，其中
    基本支出…，项目支出… restating the 合计 row of the 支出决算表): the text copies the row, whose own tail is
    the table's (a note on the table), though the total's name found no cell of its own."""
    evs = [p.evidence[0] for p in parts if aligned(p) and p.evidence]
    tot = money(total)
    if tot is None or len(evs) != len(parts) or len({(e.table, e.row) for e in evs}) != 1:
        return False
    want = tot.value * UNIT_SCALE.get(total.claimed.unit or "万元", Decimal(1))  # cells are in 万元
    rows = [r for t in doc.tables if evs[0].table in (t.label, t.title) for r in t.rows]
    row = next((r for r in rows if evs[0].row in (r.name, f"{r.code} {r.name}")), None)
    return row is not None and any(c.value == want for c in row.cells.values())
