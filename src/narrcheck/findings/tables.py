"""Table findings: sums that do not add up, within and across tables.

Checked: parent subject rows = Σ children (by code), 合计 = Σ 类 rows, a
合计/小计 column = Σ its sibling columns, two-sided totals (本年收入合计 =
Σ income rows; 总计 = 本年合计 + 结转结余 rows; both 总计 equal), identities
between tables (01 by 类 = 03; 04 一般公共预算 = 05; 01 收入合计 = 02); performance
tables in perftables.py. A gap
within rounding of the parts (0.01, or half a cent per part) is a `note`;
anything larger an `error`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator


from ..model import Cell, Column, Document, Finding, Row, Table
from ..numbers import fmt
from ..patterns import load_toml
from ..tables.cells import cell_evidence as _ev
from .perftables import performance
from .sums import _MISREAD_NOTE, CENT, Tally, _finding, _misread
from .tablenotes import note_findings


def _col_cell(row: Row, col: Column) -> tuple[Row, Column, Cell] | None:
    cell = row.cells.get(col.index)
    return (row, col, cell) if cell is not None else None


def hierarchy(t: Table, tally: Tally) -> list[Finding]:
    """Parent subject rows equal the sum of their children; 合计 the sum of 类 rows."""
    out: list[Finding] = []
    coded = _once([r for r in t.rows if r.code])
    if not coded:
        return out
    block = _blocks(coded)
    children: dict[tuple[int, str], list[Row]] = {}  # a parent's code → its rows two digits longer (grouped once)
    for i, r in enumerate(coded):
        if len(r.code) > 3:
            children.setdefault((block[i], r.code[:-2]), []).append(r)
    for col in (c for c in t.columns if summable(c)):
        for i, parent in enumerate(coded):
            kids = children.get((block[i], parent.code), [])
            if not kids:
                continue
            total = _col_cell(parent, col)
            parts = [p for p in (_col_cell(k, col) for k in kids) if p]
            if total and parts:
                f = _finding(
                    "table.hierarchy", t, total, parts, f"“{parent.code} {parent.name}”{col.key}", t.tail_note, tally
                )
                if f:
                    out.append(f)
        totals = [r for r in t.rows if r.is_total and not r.code and r.name in ("合计", "总计")]
        tops = _one_family([r for r in coded if len(r.code) == 3], totals[0] if totals else None, col)
        if totals and tops:
            total = _col_cell(totals[0], col)
            parts = [p for p in (_col_cell(k, col) for k in tops) if p]
            if total and parts:
                f = _finding("table.total", t, total, parts, f"“合计”{col.key}", t.tail_note, tally)
                if f:
                    out.append(f)
    return out


def _blocks(rows: list[Row]) -> list[int]:
    """The block of each coded row: a table listing several units' figures one after another (烟台民政局's 基本支出表:
    301…, 302…, then 301… again) starts a new block where a 类 (three-digit code) of the current block comes again;
    a parent's children are those of its own block. (A 款 or 项 may stand twice in one block: 30201 办公费 paired with
    two 政府经济分类 codes.)"""
    out: list[int] = []
    seen: set[str] = set()
    n = 0
    for r in rows:
        if len(r.code) == 3 and r.code in seen:
            n, seen = n + 1, set()
        seen.add(r.code)
        out.append(n)
    return out


def _once(rows: list[Row]) -> list[Row]:
    """Coded rows, a row printed twice in a row (the same code, name and figures: 无锡 prints 21999 其他支出 as its 款
    and again as its 项) counted once."""
    out: list[Row] = []
    for r in rows:
        if not (out and _same_row(out[-1], r)):
            out.append(r)
    return out


def _same_row(a: Row, b: Row) -> bool:
    figures = {k: c.value for k, c in a.cells.items()} == {k: c.value for k, c in b.cells.items()}
    return (a.code, a.name) == (b.code, b.name) and figures


def summable(col: Column) -> bool:
    """A column whose figures add up: not one of rates (增减（%）: patterns/tables.toml [columns] rates)."""
    rates = load_toml("tables.toml")["columns"]["rates"]
    return not any(w in p for p in col.path for w in rates)


def _implicit_parents(parts: list[tuple[Row, Column, Cell]], total: Decimal | None) -> list[tuple[Row, Column, Cell]]:
    """Rows that add up to their total once each row equal to the sum of the rows right after it is read as their
    parent, at any depth (江苏's 收支预算总表: 财政拨款 13,297.11 over 一般公共预算 13,297.11 and 政府性基金预算 0,
    no 其中 written; 杭州's: 类, 款 and 项 rows of 支出 one under another, no codes): those rows are the parent's,
    not more parts. Only a reading that makes the total exactly with every row is taken."""
    vals = [p[2].value or Decimal(0) for p in parts]
    if total is None or sum(vals, Decimal(0)) == total or any(v < 0 for v in vals):
        return parts
    tops = _tree_tops(vals, total)
    return [parts[i] for i in tops] if tops is not None else parts


def _tree_tops(vals: list[Decimal], total: Decimal) -> list[int] | None:
    """Indices of the top rows of a reading of ``vals`` as a tree in reading order (each parent the sum of the
    rows right under it, to the cent: tables converted from 元 leave one-cent tails) whose tops add up to
    ``total`` and use every row; None when there is none (searched depth first, parent readings before leaf
    ones, within a bounded number of steps)."""
    n, steps = len(vals), [0]

    def ends(i: int, target: Decimal, tops: list[int]) -> Iterator[tuple[int, list[int]]]:
        steps[0] += 1
        if steps[0] > 20000:
            return
        while i < n and vals[i] == 0:  # an empty row adds nothing at whatever level it stands
            i, tops = i + 1, tops + [i]
        if abs(target) <= CENT:
            yield i, tops
            if target <= 0:
                return
        if i >= n or vals[i] > target + CENT:
            return
        v = vals[i]
        for k, _ in ends(i + 1, v, []):  # row i read as the parent of the rows up to k
            if k > i + 1:
                yield from ends(k, target - v, tops + [i])
        yield from ends(i + 1, target - v, tops + [i])

    return next((tops for j, tops in ends(0, total, []) if j == n), None)


def _one_family(tops: list[Row], total: Row | None, col: Column) -> list[Row]:
    """The 类 rows one 合计 adds up: a table holding two classifications (功能 2xx and 经济 3xx rows of one 基本支出,
    江苏's 公开06表) is one total over each; the family that makes the total, else the first one."""
    families: dict[str, list[Row]] = {}
    for r in tops:
        families.setdefault(r.code[0], []).append(r)
    if len(families) < 2 or total is None or total.value(col.index) is None:
        return tops
    want = total.value(col.index)
    for rows in families.values():
        if sum((r.value(col.index) or Decimal(0) for r in rows), Decimal(0)) == want:
            return rows
    return next(iter(families.values()))


def column_sums(t: Table, tally: Tally) -> list[Finding]:
    """A 合计/小计 column equals the sum of its sibling columns, row by row."""
    out: list[Finding] = []
    # a 其中 column (事业收入 | 其中：教育收费) is part of the column before it, never a part of the sum
    restating = tuple(load_toml("tables.toml")["columns"]["restating"])  # 扣除基建项目后预算数: another basis
    cols = [c for c in t.columns if c.index < 1000 and not c.name.startswith(("其中", *restating)) and summable(c)]
    for col in cols:
        leaf = col.name
        if not (leaf in ("合计", "小计") or leaf.startswith("本年") and leaf.endswith("合计")):
            continue
        prefix = col.path[:-1]
        depth = len(col.path)
        siblings: list[Column] = []
        groups: set[str] = set()
        for c in cols:
            if c is col or c.path[: len(prefix)] != prefix or len(c.path) < depth:
                continue
            if len(c.path) == depth:
                siblings.append(c)
            else:
                g = c.path[len(prefix)]
                if g in groups:
                    continue
                members = [x for x in cols if x.path[: len(prefix) + 1] == prefix + (g,)]
                sub = [x for x in members if x.name in ("小计", "合计")]
                groups.add(g)
                # a group without a subtotal column (基本支出: 人员经费 | 公用经费) adds up through its leaves
                siblings.extend(sub[:1] or [x for x in members if len(x.path) == len(prefix) + 2])
        if not siblings:
            continue
        for row in t.rows:
            total = _col_cell(row, col)
            parts = [p for p in (_col_cell(row, c) for c in siblings) if p]
            if total and len(parts) == len(siblings):
                # 项目支出总数 | 扣除基建项目后预算数 (北京): a column restating the one before it counts once
                parts = _implicit_parents(parts, total[2].value)
                f = _finding(
                    "table.columns",
                    t,
                    total,
                    parts,
                    f"“{(row.code + ' ') if row.code else ''}{row.name}”行 {col.key}",
                    t.tail_note,
                    tally,
                )
                if f:
                    out.append(f)
    return out


_CARRY = ("结转", "结余", "分配", "使用")


def _carried(name: str) -> bool:
    """A row carrying money over (年末结转和结余, 结余分配, 使用非财政拨款结余), never an item of spending whose name
    holds such a word (国有土地使用权出让收入安排的支出)."""
    return any(w in name for w in _CARRY) and not name.endswith("支出")


def two_sided(t: Table, tally: Tally) -> list[Finding]:
    """本年收入/支出合计 = Σ rows above it; 总计 = 本年合计 + 结转结余 rows; both 总计 equal."""
    out: list[Finding] = []
    grand: list[tuple[Row, Column, Cell]] = []
    for side in ("收入", "支出"):
        rows = [r for r in t.rows if r.side == side and not r.within]  # 其中：捐赠收入 is inside 其他收入
        cols = [c for c in t.columns if c.path and c.path[0] == side]
        if not rows or not cols:
            continue
        col = cols[0]
        subtotal_i = next((i for i, r in enumerate(rows) if r.is_total and "总计" not in r.name), None)
        total_i = next((i for i, r in enumerate(rows) if "总计" in r.name), None)
        if subtotal_i is not None:
            parts = [p for p in (_col_cell(r, col) for r in rows[:subtotal_i]) if p]
            total = _col_cell(rows[subtotal_i], col)
            parts = _implicit_parents(parts, total[2].value if total else None)
            if total and parts:
                f = _finding("table.total", t, total, parts, f"{side}方“{rows[subtotal_i].name}”", t.tail_note, tally)
                if f:
                    out.append(f)
            if total_i is not None and total_i > subtotal_i:
                between = [r for r in rows[subtotal_i + 1 : total_i] if _carried(r.name)]
                parts = [p for p in (_col_cell(r, col) for r in [rows[subtotal_i]] + between) if p]
                total = _col_cell(rows[total_i], col)
                parts = _implicit_parents(parts, total[2].value if total else None)  # 上年结转 over its funds
                if total and parts:
                    f = _finding("table.total", t, total, parts, f"{side}方“总计”", t.tail_note, tally)
                    if f:
                        out.append(f)
        if total_i is not None:
            c = _col_cell(rows[total_i], col)
            if c:
                grand.append(c)
    if len(grand) == 2:
        f = _finding("table.balance", t, grand[0], [grand[1]], "收入总计与支出总计", t.tail_note, tally)
        if f:
            out.append(f)
    return out


def _by_kind(doc: Document, kind: str) -> Table | None:
    return next((t for t in doc.tables if t.kind == kind), None)


def _total_row(t: Table, side: str = "", name_has: str = "合计") -> Row | None:
    for r in t.rows:
        if r.is_total and (not side or r.side == side) and name_has in r.name and "总计" not in r.name:
            return r
    return None


def cross_tables(doc: Document, unreadable: frozenset[str] = frozenset()) -> list[Finding]:
    """Identities between tables (DOMAIN.md), matched by subject name and code (``unreadable``: ids of tables
    whose sums showed them misread, left out)."""
    out: list[Finding] = []
    t01, t02, t03 = _by_kind(doc, "income_expenditure_total"), _by_kind(doc, "income"), _by_kind(doc, "expenditure")
    t04, t05 = _by_kind(doc, "appropriation_total"), _by_kind(doc, "gp_expenditure")

    def first_col(t: Table, side: str = "") -> Column | None:
        cols = [c for c in t.columns if not side or (c.path and c.path[0] == side)]
        return cols[0] if cols else None

    def compare(rule: str, a: tuple[Table, Row, Column], b: tuple[Table, Row, Column], what: str) -> None:
        ca, cb = a[1].cells.get(a[2].index), b[1].cells.get(b[2].index)
        if ca is None or cb is None or ca.value is None or cb.value is None or ca.value == cb.value:
            return
        if a[0].id in unreadable or b[0].id in unreadable:
            return  # a table whose own sums mostly fail was misread: its cells prove nothing against another's
        diff = abs(ca.value - cb.value)
        sev = "note" if diff <= CENT or _misread(ca.value, cb.value) else "error"
        msg = f"{what}：{a[0].label} {ca.text or '0'} ≠ {b[0].label} {cb.text or '0'}，差 {fmt(diff, 2)}。"
        start, end = cb.offset or (b[0].start, b[0].start)
        out.append(
            Finding(
                rule=rule,
                severity=sev,
                message=msg,
                start=start,
                end=end,
                evidence=[_ev(a[0], a[1], a[2], ca), _ev(b[0], b[1], b[2], cb)],
                table=b[0].id,
                page=b[0].page,
            )
        )

    if t01 and t03:
        c01, c03 = first_col(t01, "支出"), first_col(t03)
        if c01 and c03:
            for r03 in (r for r in t03.rows if len(r.code) == 3):
                r01 = next((r for r in t01.rows if r.side == "支出" and r.name == r03.name), None)
                if r01:
                    compare("table.cross", (t01, r01, c01), (t03, r03, c03), f"“{r03.name}”支出")
            a, b = _total_row(t01, "支出"), _total_row(t03)
            if a and b:
                compare("table.cross", (t01, a, c01), (t03, b, c03), "本年支出合计")
    if t01 and t02:
        # the 本年 column of the income table (a 收入合计 column of a budget also holds 上年结转: another measure)
        c01, c02 = first_col(t01, "收入"), next((c for c in t02.columns if c.name.startswith("本年")), None)
        a, b = _total_row(t01, "收入"), _total_row(t02)
        if a and b and c01 and c02:
            compare("table.cross", (t01, a, c01), (t02, b, c02), "本年收入合计")
    if t04 and t05:
        c04 = next((c for c in t04.columns if c.path and c.path[0] == "支出" and "一般公共预算" in c.name), None)
        c05 = first_col(t05)
        if c04 and c05:
            for r05 in (r for r in t05.rows if len(r.code) == 3):
                r04 = next((r for r in t04.rows if r.side == "支出" and r.name == r05.name), None)
                if r04:
                    compare("table.cross", (t04, r04, c04), (t05, r05, c05), f"“{r05.name}”一般公共预算财政拨款支出")
    return out


def table_findings(doc: Document) -> list[Finding]:
    """Every table finding of ``doc``.

    A table whose sums fail more often than they hold (at least four errors,
    over half of its checks) was almost surely misread — a layout this reader
    does not know — not drafted that badly: its errors give way to one note,
    so an unfamiliar layout cannot bury a report under false alarms.
    """
    out: list[Finding] = []
    tally = Tally()
    unreadable: set[str] = set()
    for t in doc.tables:
        if t.kind == "performance":
            out.extend(performance(t, tally))
            continue
        mine = (
            hierarchy(t, tally) + column_sums(t, tally) + (two_sided(t, tally) if any(r.side for r in t.rows) else [])
        )
        errors = [f for f in mine if f.severity == "error" or f.message.endswith(_MISREAD_NOTE + "。")]
        checks = tally.checks.get(t.id, 0)
        if len(errors) >= 4 and len(errors) * 2 > checks:
            out.append(
                Finding(
                    rule="table.unreadable",
                    severity="note",
                    message=(
                        f"{t.label}：{len(errors)}/{checks} 项合计校验不符，"
                        "多半是表格结构未能正确识别，这些校验从略（请人工核对该表）。"
                    ),
                    start=t.start,
                    end=t.start,
                    table=t.id,
                    page=t.page,
                )
            )
            out.extend(f for f in mine if f not in errors)
            unreadable.add(t.id)
            continue
        out.extend(mine)
    out.extend(cross_tables(doc, frozenset(unreadable)))
    out.extend(note_findings(doc))
    return out
