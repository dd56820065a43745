"""项目支出绩效自评表 findings: 执行率 = 全年执行数 / 全年预算数 at the printed precision; 总分 = Σ 得分."""

from __future__ import annotations

from decimal import Decimal

from ..model import Cell, Column, Finding, Row, Table
from ..numbers import fmt, parse_number, quantize
from ..tables.cells import cell_evidence as _ev
from ..tables.recognize import performance_words
from .sums import Tally, _finding


def performance(t: Table, tally: Tally) -> list[Finding]:
    """执行率 = 全年执行数 / 全年预算数 at the printed precision; 总分 = Σ 得分 of each form the table holds."""
    return _rates(t) + _scores(t, tally)


def _rates(t: Table) -> list[Finding]:
    """Each fund row's 执行率 against 全年执行数 / 全年预算数."""
    out: list[Finding] = []
    cols = {c.name: c for c in t.columns if c.index < 1000}
    b, a, r = cols.get("全年预算数"), cols.get("全年执行数"), cols.get("执行率")
    if not (b and a and r):
        return out
    for row in (x for x in t.rows if x.side == "资金"):
        cb, ca, cr = row.cells.get(b.index), row.cells.get(a.index), row.cells.get(r.index)
        if not (cb and ca and cr and cr.text.strip()) or not cb.value or ca.value is None or cr.value is None:
            continue
        n = parse_number(cr.text.replace("%", "").strip())
        if n is None:
            continue
        expected = quantize(ca.value / cb.value * 100, n.decimals)
        if expected == n.value or n.value == 0 and _unscored(row, cols.get("得分")):
            continue  # 0.0% beside a -- score: a form that computes no rate for its sub-rows (中央 forms)
        unit = Decimal(1).scaleb(-n.decimals)
        sev = "note" if abs(expected - n.value) <= unit else "error"
        msg = f"“{t.project}”{row.name} 执行率写 {cr.text}，{ca.text}/{cb.text} = {fmt(expected, n.decimals)}%。"
        s, e = cr.offset or (t.start, t.start)
        out.append(
            Finding(
                rule="table.performance_rate",
                severity=sev,
                message=msg,
                start=s,
                end=e,
                evidence=[_ev(t, row, b, cb), _ev(t, row, a, ca), _ev(t, row, r, cr)],
                table=t.id,
                page=t.page,
                suggestion=f"{fmt(expected, n.decimals)}",
            )
        )
    return out


def _unscored(row: Row, score: Column | None) -> bool:
    """A fund row with no score of its own (its 得分 a dash or empty)."""
    cell = row.cells.get(score.index) if score is not None else None
    return cell is None or cell.value is None


def _scores(t: Table, tally: Tally) -> list[Finding]:
    """Each 总分 against the 得分 of the form it closes (the rows since the 总分 before it: a table may hold the
    forms of several projects, or of one project's several funds, one after another)."""
    out: list[Finding] = []
    fund: list[tuple[Row, Column, Cell]] = []
    ind: list[tuple[Row, Column, Cell]] = []
    for row in t.rows:
        if row.name == "总分" and row.cells:
            f = _score_finding(t, tally, row, fund, ind)
            if f:
                out.append(f)
            fund, ind = [], []
            continue
        if row.side not in ("资金", "指标"):
            continue
        if row.side == "资金" and row.name not in performance_words().scored_fund_rows:
            continue
        for idx, cell in row.cells.items():
            col = t.column(idx)
            if col and col.name == "得分" and cell.text.strip() and cell.value is not None:
                (fund if row.side == "资金" else ind).append((row, col, cell))
    return out


def _score_finding(
    t: Table, tally: Tally, total_row: Row, fund: list[tuple[Row, Column, Cell]], ind: list[tuple[Row, Column, Cell]]
) -> Finding | None:
    """总分 = the fund block's 得分 + the indicators' 得分; a form whose 总分 counts the indicators alone (90 of
    分值, the fund's 10 set apart) is read so when that sum is exact."""
    tc = next(iter(total_row.cells.values()))
    if not (fund or ind) or tc.value is None:
        return None
    if fund and ind and tc.value == sum((p[2].value for p in ind if p[2].value is not None), Decimal(0)):
        return None
    total = (total_row, t.column(tc.col) or Column(tc.col, ("总分",)), tc)
    return _finding("table.performance_score", t, total, fund + ind, f"“{t.project}”总分", False, tally)
