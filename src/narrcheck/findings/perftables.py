"""项目支出绩效自评表 findings: 执行率 = 全年执行数 / 全年预算数 at the printed precision; 总分 = Σ 得分."""

from __future__ import annotations

from decimal import Decimal

from ..model import Column, Finding, Table
from ..numbers import fmt, parse_number, quantize
from ..tables.cells import cell_evidence as _ev
from ..tables.recognize import performance_words
from .sums import Tally, _finding


def performance(t: Table, tally: Tally) -> list[Finding]:
    """执行率 = 全年执行数 / 全年预算数 at the printed precision; 总分 = Σ 得分."""
    out: list[Finding] = []
    cols = {c.name: c for c in t.columns if c.index < 1000}
    b, a, r = cols.get("全年预算数"), cols.get("全年执行数"), cols.get("执行率")
    if b and a and r:
        for row in (x for x in t.rows if x.side == "资金"):
            cb, ca, cr = row.cells.get(b.index), row.cells.get(a.index), row.cells.get(r.index)
            if not (cb and ca and cr and cr.text.strip()) or not cb.value or ca.value is None or cr.value is None:
                continue
            n = parse_number(cr.text.replace("%", "").strip())
            if n is None:
                continue
            expected = quantize(ca.value / cb.value * 100, n.decimals)
            if expected == n.value:
                continue
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
    total_row = next((x for x in t.rows if x.name == "总分"), None)
    if total_row:
        tc = next(iter(total_row.cells.values()))
        parts = []
        for row in t.rows:
            if row.side not in ("资金", "指标"):
                continue
            for idx, cell in row.cells.items():
                col = t.column(idx)
                if col and col.name == "得分" and cell.text.strip() and cell.value is not None:
                    if row.side == "资金" and row.name not in performance_words().scored_fund_rows:
                        continue
                    parts.append((row, col, cell))
        if parts and tc.value is not None:
            f = _finding(
                "table.performance_score",
                t,
                (total_row, t.column(tc.col) or Column(tc.col, ("总分",)), tc),
                parts,
                f"“{t.project}”总分",
                False,
                tally,
            )
            if f:
                out.append(f)
    return out
