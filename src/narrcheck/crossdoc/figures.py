"""The figures of one document that another document may restate, each with what it stands for.

A :class:`Figure` is a value in 万元 with the half-unit of its last written
place (DOMAIN.md: ``2993.92`` stands for [2993.915, 2993.925]; a table in 元
written ``156,211,123`` for ±0.00005 万元), what it measures (``budget``: a
budget figure or a 决算's 年初预算; ``actual``: a 决算 figure; ``estimate``: a
预算执行数, compared only between a department and its unit), the fiscal year it
is about, and where it stands (table, row, column, page, or the sentence).

Figures come from the tables (headline quantities of crossdoc.toml, every
cell of the code tables, and each 类/款/项 item of the 一般公共预算 table) and
from the prose (amount claims whose subject is a headline quantity or an
item). A 决算's bare 预算数 is the adjusted 全年预算 and is never taken for the
年初预算.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

import regex

from ..model import Claim, Column, Document, Evidence, Row, Table
from ..numbers import UNIT_SCALE, fmt, parse_number
from ..tables.cells import cell_evidence
from ..textnorm import name_key
from . import vocab
from .identity import Identity

HALF = Decimal("0.5")


@dataclass(frozen=True)
class Figure:
    """One figure of a document, ready to be compared with another document's."""

    key: str  # headline quantity (三公经费), code cell (gp_expenditure|2010601|合计) or item (item|类/款/项)
    measure: str  # budget, actual or estimate
    year: int
    value: Decimal  # 万元
    half: Decimal  # half a unit of the last written place, in 万元
    text: str  # as written, with its unit
    source: str  # table, cell (a code-table cell), item (a 类/款/项 row) or text
    evidence: Evidence  # where it stands in its own document
    start: int
    end: int
    page: int | None

    @property
    def lo(self) -> Decimal:
        return self.value - self.half

    @property
    def hi(self) -> Decimal:
        return self.value + self.half


def places(value: Decimal, half: Decimal) -> str:
    """A 万元 value written to the places its half-unit implies (0.005 → two decimals, 0.00005 → four)."""
    if half <= 0:
        return fmt(value)
    decimals = max(0, -(half * 2).adjusted())
    return fmt(value, decimals)


def finest(*halves: Decimal) -> Decimal:
    """The finest non-zero half-unit among figures: a difference shown to it is exact for the figures shown."""
    nonzero = [h for h in halves if h > 0]
    return min(nonzero) if nonzero else Decimal(0)


def cell_half(text: str, unit: str, cents: bool = False) -> Decimal:
    """Half a unit of the last place a cell is written to, in 万元 (a blank cell is an exact 0).

    Under the document's cents convention a 万元 cell is read at the cent (``25`` is 25.00).
    """
    n = parse_number(text) if text.strip() else None
    if n is None:
        return Decimal(0)
    decimals = max(n.decimals, 2) if cents and unit in ("万元", "") else n.decimals
    return Decimal(1).scaleb(-decimals) * HALF * UNIT_SCALE.get(unit or "万元", Decimal(1))


def column_measure(col: Column, ident: Identity) -> str | None:
    """What a column holds: budget, actual, or None when unsure (全年预算, a 决算's bare 预算数, 执行数)."""
    key = col.key
    if any(w in key for w in vocab.words("reference", "estimate")):
        return None
    if ident.stage == "预算":
        return "budget"
    if "年初预算" in key:
        return "budget"
    if "预算" in key:
        return None  # 全年预算 / 调整预算 / a bare 预算数: adjusted in the year, not the published budget
    return "actual"


def _cell_figure(
    doc: Document, ident: Identity, t: Table, row: Row, col: Column, key: str, source: str
) -> Figure | None:
    cell = row.cells.get(col.index)
    measure = column_measure(col, ident)
    if cell is None or cell.value is None or measure is None or ident.year is None:
        return None
    ev = cell_evidence(t, row, col, cell)
    start, end = cell.offset or (t.start, t.start)
    shown = (cell.text or "0") + (t.unit or "万元")
    half = cell_half(cell.text, t.unit, doc.meta.cents)
    return Figure(key, measure, ident.year, cell.value, half, shown, source, ev, start, end, t.page)


def _value_columns(t: Table) -> list[Column]:
    """The columns that hold a cell in some row (headers without values are left out)."""
    used = {i for r in t.rows for i in r.cells}
    return [c for c in t.columns if c.index in used]


def _lookup(doc: Document, ident: Identity, lk: vocab.TableLookup, key: str) -> list[Figure]:
    out: list[Figure] = []
    for t in doc.tables:
        if t.kind != lk.kind:
            continue
        rows = [r for r in t.rows if (not lk.side or r.side == lk.side) and lk.row.search(name_key(r.name))]
        for r in rows[:1]:
            cols = [
                c
                for c in _value_columns(t)
                if c.index in r.cells and (lk.side == "" or c.key.startswith(lk.side) or r.side == "")
            ]
            if lk.column is not None:
                cols = [
                    c
                    for c in _value_columns(t)
                    if c.index in r.cells and vocab.column_quantities(t.kind, name_key(c.key)) == [key]
                ]
            cols = [c for c in cols if column_measure(c, ident) is not None]
            for c in _one_per_measure(cols, ident):
                f = _cell_figure(doc, ident, t, r, c, key, "table")
                if f:
                    out.append(f)
    return out


def _one_per_measure(cols: list[Column], ident: Identity) -> list[Column]:
    """The first column of each measure (a 三公 合计 has 预算数 and 决算数 columns)."""
    seen: set[str | None] = set()
    out = []
    for c in cols:
        m = column_measure(c, ident)
        if m not in seen:
            seen.add(m)
            out.append(c)
    return out


def table_figures(doc: Document, ident: Identity) -> list[Figure]:
    """Headline quantities as the tables hold them (the first lookup that finds a cell, per measure)."""
    out: list[Figure] = []
    for q in vocab.quantities():
        found: dict[str, Figure] = {}
        for lk in q.tables:
            for f in _lookup(doc, ident, lk, q.key):
                found.setdefault(f.measure, f)
        out.extend(found.values())
    return out


def cell_figures(doc: Document, ident: Identity) -> list[Figure]:
    """Every value cell of the code tables, keyed kind|code (or total-row name)|column."""
    kinds = set(vocab.data()["items"]["kinds"])
    out: list[Figure] = []
    for t in doc.tables:
        if t.kind not in kinds:
            continue
        seen: set[str] = set()
        cols = _value_columns(t)
        for r in t.rows:
            rk = r.code or (name_key(r.name) if r.is_total else "")
            if not rk or rk in seen:
                continue  # a row with neither code nor total name, or a repeated code: no sure key
            seen.add(rk)
            for c in cols:
                f = _cell_figure(doc, ident, t, r, c, f"{t.kind}|{rk}|{name_key(c.key)}", "cell")
                if f:
                    out.append(f)
    return out


def two_sided_figures(doc: Document, ident: Identity) -> list[Figure]:
    """Every value cell of the two-sided tables (收支总表), keyed kind|side:row name|column.

    The first value column of each side is also keyed ``#1``, so a 单位 table that
    splits 支出 into more columns (合计, 人员经费 …) still meets its 部门 table's one
    column. A row name written twice on one side has no sure key and is left out.
    """
    kinds = set(vocab.data()["items"]["two_sided"])
    out: list[Figure] = []
    for t in doc.tables:
        if t.kind not in kinds:
            continue
        names = Counter((r.side, name_key(r.name)) for r in t.rows)
        value_cols = _value_columns(t)
        for r in t.rows:
            rk = (r.side, name_key(r.name))
            if not r.name or names[rk] > 1:
                continue
            cols = [c for c in value_cols if c.index in r.cells]
            for i, c in enumerate(cols):
                for ck in [name_key(c.key)] + (["#1"] if i == 0 else []):
                    f = _cell_figure(doc, ident, t, r, c, f"{t.kind}|{r.side}:{rk[1]}|{ck}", "cell")
                    if f:
                        out.append(f)
    return out


def item_key(names: list[str]) -> str:
    """``item|一般公共服务支出/财政事务/行政运行`` from a 类/款/项 path."""
    return "item|" + "/".join(name_key(n) for n in names)


def item_figures(doc: Document, ident: Identity) -> list[Figure]:
    """Each 类/款/项 row of the 一般公共预算 table as an item figure (its 合计 column)."""
    items = vocab.data()["items"]
    col_rx = regex.compile(items["item_column"])
    out: list[Figure] = []
    for t in doc.tables:
        if t.kind != items["item_kind"]:
            continue
        cols = [c for c in t.columns if col_rx.search(name_key(c.key))]
        if not cols:
            continue
        by_code = {r.code: r for r in t.rows if r.code}
        for code, r in by_code.items():
            path = [by_code[code[:n]].name for n in (3, 5, 7) if n <= len(code) and code[:n] in by_code]
            if len(path) != (len(code) - 1) // 2:
                continue  # a parent row is missing: the names path is not sure
            f = _cell_figure(doc, ident, t, r, cols[0], item_key(path), "item")
            if f:
                out.append(f)
    return out


_ESTIMATE_SUBJECT = regex.compile(r"执行数|执行")


def claim_measure(c: Claim, ident: Identity) -> tuple[str, int] | None:
    """(measure, year) of an amount the prose states, or None when not sure what it is."""
    stated = c.ctx.year
    if ident.year is None or (stated is not None and not isinstance(stated, int)):
        return None
    year: int = stated or ident.year
    measure = c.ctx.measure
    subject = name_key(c.subject)
    if _ESTIMATE_SUBJECT.search(subject):
        return ("estimate", year) if stated else None
    if measure == "prior" or year != ident.year:
        return None
    if ident.stage == "预算":
        return ("budget", year) if measure in ("budget", "") else None
    if measure == "budget":
        return ("budget", year) if "年初预算" in subject else None
    return ("actual", year) if measure in ("actual", "") else None


def written(c: Claim, name: str = "value") -> tuple[Decimal, Decimal, str] | None:
    """(value in 万元, half-unit in 万元, text) of a figure the prose writes.

    Under the document's cents convention (it writes 万元 to the cent, trailing
    zeros dropped) a 万元 figure is read at the cent: ``10`` stands for 10.00 ± 0.005.
    """
    raw = c.claimed.find(name)
    if raw is None:
        return None
    unit = c.claimed.unit or "万元"
    if unit not in UNIT_SCALE:
        return None
    decimals = raw.decimals
    if unit == "万元" and c.ctx.cents:
        decimals = max(decimals, 2)
    scale = UNIT_SCALE[unit]
    value = raw.value * scale
    return value, Decimal(1).scaleb(-decimals) * HALF * scale, f"{raw.text}{unit}"


def claim_key(c: Claim) -> str | None:
    """The quantity or item an amount claim states, or None."""
    path = c.ctx.path or []
    if path and len(path) in (1, 2, 3) and [lv for _, lv in path] == ["类", "款", "项"][: len(path)]:
        return item_key([n for n, _ in path])
    # the whole subject first (一般公共预算财政拨款支出, where 支出 is no measure word), then the
    # entity left once the measure word is split off (财政拨款支出预算 → 财政拨款支出)
    for name in (c.subject, c.ctx.entity):
        key = vocab.quantity_of(name) if name else None
        if key:
            return key
    return None


def text_figure(c: Claim, ident: Identity) -> Figure | None:
    """An amount claim as a figure, when its quantity (or item), measure and year are sure."""
    if c.kind != "amount" or ident.year is None:
        return None
    key = claim_key(c)
    mm = claim_measure(c, ident)
    w = written(c)
    if key is None or mm is None or w is None:
        return None
    value, half, text = w
    ev = Evidence(
        table="正文", title="正文所述", row=c.subject, column="", value=text, page=c.page, offset=(c.start, c.end)
    )
    return Figure(key, mm[0], mm[1], value, half, text, "text", ev, c.start, c.end, c.page)


def text_figures(doc: Document, ident: Identity) -> list[Figure]:
    """Figures the prose states, one per (key, measure, year): a key stated with two different values is dropped."""
    by: dict[tuple[str, str, int], list[Figure]] = {}
    for c in doc.claims:
        f = text_figure(c, ident)
        if f:
            by.setdefault((f.key, f.measure, f.year), []).append(f)
    return [fs[0] for fs in by.values() if all(agree(fs[0], g) for g in fs[1:])]


def agree(a: Figure, b: Figure) -> bool:
    """Two figures can be the same amount: their intervals touch (rounding is half-up)."""
    return a.lo <= b.hi and b.lo <= a.hi


@dataclass
class Figures:
    """All figures of one document, by (key, measure, year), tables before prose."""

    ident: Identity
    table: dict[tuple[str, str, int], Figure]
    text: dict[tuple[str, str, int], Figure]

    def get(self, key: str, measure: str, year: int) -> Figure | None:
        """The table's figure when the tables hold it, else the prose's."""
        return self.table.get((key, measure, year)) or self.text.get((key, measure, year))


def collect(doc: Document, ident: Identity) -> Figures:
    """Every figure of ``doc`` that a related document may restate."""
    table: dict[tuple[str, str, int], Figure] = {}
    for f in (
        table_figures(doc, ident) + item_figures(doc, ident) + cell_figures(doc, ident) + two_sided_figures(doc, ident)
    ):
        table.setdefault((f.key, f.measure, f.year), f)
    text = {(f.key, f.measure, f.year): f for f in text_figures(doc, ident)}
    return Figures(ident, table, text)
