"""The checks across documents, each giving ordinary :class:`Finding` objects with rule ``crossdoc.*``.

- ``crossdoc.prior_year``: a statement about last year's figure (比2024年预算增加 X,
  与2024年预算持平, 与2023年度相比…) against last year's own document: its budget
  for a budget statement (or, without it, the 年初预算 its 决算 lists), its 决算
  for a 决算 statement.
- ``crossdoc.dept_unit``: a 单位 document against its 部门 document of the same
  year: with one budget unit every shared figure (headline totals, each cell of
  the code tables, 三公经费, 机关运行经费) is equal; with several, no unit figure
  exceeds the department's.
- ``crossdoc.budget_final``: a 决算's 年初预算 (total, items, 三公) against that
  year's budget.

A finding sits on the statement (or cell) of the document that makes it,
names the other document (path, page, table, row, value) in its evidence, and
shows the arithmetic: within one unit of the coarser last written place it is
a note (a rounding slip), beyond that a warning (an error between a unit and
its department, which publish the same budget).
"""

from __future__ import annotations

import os
from decimal import Decimal

from ..model import Evidence, Finding
from ..numbers import fmt
from .figures import Figure, finest, places
from .pairing import Entry, Pool, department_of, figure_in, others
from .statements import Statement

MEASURE_CN = {"budget": "预算", "actual": "决算", "estimate": "预算执行数"}


def other_evidence(e: Entry, f: Figure) -> Evidence:
    """A figure of another document as evidence: the document's name leads the table label; no offset here."""
    ev = f.evidence
    return Evidence(
        table=f"{os.path.basename(e.name)}｜{ev.table}",
        title=f"{e.name}：{ev.title}",
        row=ev.row,
        column=ev.column,
        value=ev.value,
        page=ev.page,
    )


def where(e: Entry, f: Figure) -> str:
    """``putuo-caizheng-2024.pdf 正文第13页“…”`` or
    ``… 2024年部门财务收支预算总表“财政拨款收入”收入/本年收入/预算数（第10页）``."""
    ev = f.evidence
    page = f"（第{f.page}页）" if f.page else ""
    if ev.table == "正文":
        return f"{os.path.basename(e.name)}正文{page}“{ev.row}”"
    col = f"“{ev.column}”" if ev.column else ""
    return f"{os.path.basename(e.name)}《{ev.title or ev.table}》“{ev.row}”{col}{page}"


def shown(f: Figure) -> str:
    """A figure as written, with its 万元 value when written in another unit."""
    if f.text.endswith("万元"):
        return f.text
    return f"{f.text}（{places(f.value, f.half)}万元）"


def in_yuan(a: Figure, b: Figure) -> str:
    """``（9元）`` when both figures are written in 元: the difference in the tables' own unit."""
    if all(f.text.endswith("元") and not f.text.endswith("万元") for f in (a, b)):
        return f"（{fmt(abs(a.value - b.value) * 10000)}元）"
    return ""


def gap(lo: Decimal, hi: Decimal, f: Figure) -> Decimal:
    """Distance between an interval and a figure's interval, 0 when they overlap."""
    if f.hi < lo:
        return lo - f.hi
    if f.lo > hi:
        return f.lo - hi
    return Decimal(0)


def severity(distance: Decimal, tail: Decimal, beyond: str) -> str:
    """``note`` within one unit of the coarser last written place (a rounding slip), else ``beyond``."""
    return "note" if distance <= tail else beyond


def _finding(
    rule: str,
    sev: str,
    message: str,
    at: Entry,
    start: int,
    end: int,
    page: int | None,
    evidence: list[Evidence],
    table: str = "",
) -> tuple[Entry, Finding]:
    where = at.place(start, end)
    f = Finding(
        rule=rule,
        severity=sev,
        message=message,
        start=start,
        end=end,
        evidence=evidence,
        text=where.text,
        line=where.line,
        page=page or where.page,
        table=table,
    )
    return at, f


def _target(pool: Pool, me: Entry, st: Statement) -> tuple[Entry, Figure, str] | None:
    """The other year's document and figure a statement is about; a 决算's 年初预算 stands in for a missing budget."""
    stages = ["预算", "决算"] if st.measure == "budget" else ["决算"]
    for stage in stages:
        cands = others(pool, me, year=st.year, stage=stage, level=me.ident.level)
        if cands:
            found = figure_in(cands, st.key, st.measure, st.year)
            if found:
                note = "（该年决算所列年初预算）" if stage == "决算" and st.measure == "budget" else ""
                return found[0], found[1], note
    return None


def key_name(key: str) -> str:
    """A quantity or item as a reader names it: 三公经费, “一般公共服务支出（类）财政事务（款）行政运行（项）”."""
    if key.startswith("item|"):
        names = key[5:].split("/")
        return "“" + "".join(f"{n}（{lv}）" for n, lv in zip(names, ("类", "款", "项"))) + "”"
    return key


def prior_year(pool: Pool) -> list[tuple[Entry, Finding]]:
    """Statements about last year's figures that last year's own document contradicts.

    The same implied figure contradicted in the same document (财政拨款收入, 财政拨款支出 and
    一般公共预算拨款支出 each 比2024年预算增加107.62万元) is one slip: reported once, on its first statement.
    """
    out = []
    for me in pool:
        if not me.reported:
            continue
        seen: set[tuple[str, Decimal, Decimal]] = set()
        for st in me.statements:
            t = _target(pool, me, st)
            if t is None:
                continue
            other, fig, note = t
            d = gap(st.lo, st.hi, fig)
            slip = (other.name, st.lo, st.hi)
            if d == 0 or slip in seen:
                continue
            seen.add(slip)
            implied = (st.lo + st.hi) / 2
            diff = places(abs(implied - fig.value), finest(st.tail / 2, fig.half))
            quoted = " ".join(st.claim.text.split())
            msg = (
                f"与{other.ident.describe()}不符：“{quoted}”意味着{st.year}年{key_name(st.key)}{MEASURE_CN[st.measure]}为{st.arithmetic}万元，"
                f"而{where(other, fig)}{note}为{shown(fig)}，相差{diff}万元。"
            )
            ev = list(st.evidence) + [other_evidence(other, fig)]
            out.append(
                _finding(
                    "crossdoc.prior_year",
                    severity(d, st.tail, "warning"),
                    msg,
                    me,
                    st.claim.start,
                    st.claim.end,
                    st.claim.page,
                    ev,
                )
            )
    return out


def _label(f: Figure) -> str:
    ev = f.evidence
    if ev.table == "正文":
        return f"“{ev.row}”"
    return f"{ev.table}“{ev.row}”{ev.column}"


def _unit_pairs(unit: Entry, dept: Entry) -> list[tuple[Figure, Figure]]:
    """Figures both state for the same (key, measure, year): table figures, and prose figures no table holds."""
    pairs = []
    for k, uf in sorted(unit.figures.table.items(), key=lambda kv: (kv[1].start, kv[0])):
        df = dept.figures.table.get(k)
        if df is not None and uf.source != "item":
            pairs.append((uf, df))
    for k, uf in sorted(unit.figures.text.items(), key=lambda kv: (kv[1].start, kv[0])):
        df = dept.figures.text.get(k)
        if df is not None and k not in unit.figures.table and k not in dept.figures.table:
            pairs.append((uf, df))
    return pairs


def dept_unit(pool: Pool) -> list[tuple[Entry, Finding]]:
    """A 单位 document against its 部门 document: equal with one budget unit, never larger with several."""
    out = []
    for unit in pool:
        if unit.ident.level != "单位":
            continue
        dept = department_of(pool, unit)
        if dept is None or not (unit.reported or dept.reported):
            continue
        one = dept.ident.coverage.budget_units == 1
        used: set[tuple[str, int, int]] = set()
        for uf, df in _unit_pairs(unit, dept):
            marks = {(unit.name, uf.start, uf.end), (dept.name, df.start, df.end)}
            if marks & used:
                continue  # one slip, one alarm: a cell already reported under another key
            finding = _dept_unit_finding(unit, dept, uf, df, one)
            if finding is not None:
                used |= marks
                out.append(finding)
    return out


def _dept_unit_finding(unit: Entry, dept: Entry, uf: Figure, df: Figure, one: bool) -> tuple[Entry, Finding] | None:
    tail = 2 * max(uf.half, df.half)
    if one:
        d = gap(df.lo, df.hi, uf)
        if d == 0:
            return None
        what = f"{dept.ident.describe()}只有一个预算单位，单位与部门的数应相等"
    else:
        d = uf.lo - df.hi
        if d <= 0:
            return None
        what = f"部门合并其所属单位，单位数不应大于{dept.ident.describe()}的数"
    diff = places(abs(uf.value - df.value), finest(uf.half, df.half)) + "万元" + in_yuan(uf, df)
    at, own, other, of = (unit, uf, dept, df) if unit.reported else (dept, df, unit, uf)
    msg = f"{what}：{_label(own)}为{shown(own)}，{where(other, of)}为{shown(of)}，相差{diff}。"
    table = at.place(own.start, own.end, own.evidence.table).table
    return _finding(
        "crossdoc.dept_unit",
        severity(d, tail, "error"),
        msg,
        at,
        own.start,
        own.end,
        own.page,
        [own.evidence, other_evidence(other, of)],
        table,
    )


def budget_final(pool: Pool) -> list[tuple[Entry, Finding]]:
    """A 决算's 年初预算 figures against that year's own budget."""
    out = []
    for final in pool:
        if final.ident.stage != "决算" or final.ident.year is None:
            continue
        budgets = others(pool, final, year=final.ident.year, stage="预算", level=final.ident.level)
        if not budgets or not (final.reported or any(b.reported for b in budgets)):
            continue
        keys = sorted(
            {
                k
                for k in list(final.figures.table) + list(final.figures.text)
                if k[1] == "budget" and k[2] == final.ident.year
            }
        )
        for key, measure, year in keys:
            ff = final.figures.get(key, measure, year)
            found = figure_in(budgets, key, measure, year)
            if ff is None or found is None or ff.source == "cell":
                continue
            b, bf = found
            d = gap(bf.lo, bf.hi, ff)
            if d == 0:
                continue
            diff = places(abs(ff.value - bf.value), finest(ff.half, bf.half))
            at, own, other, of = (final, ff, b, bf) if final.reported else (b, bf, final, ff)
            msg = (
                f"{final.ident.describe()}所列年初预算与{b.ident.describe()}不符："
                f"{_label(own)}为{shown(own)}，{where(other, of)}为{shown(of)}，相差{diff}万元。"
            )
            tail = 2 * max(ff.half, bf.half)
            out.append(
                _finding(
                    "crossdoc.budget_final",
                    severity(d, tail, "warning"),
                    msg,
                    at,
                    own.start,
                    own.end,
                    own.page,
                    [own.evidence, other_evidence(other, of)],
                )
            )
    return out
