"""The sum check every table finding shares: a total against its parts, a slip told from a misread layout."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Cell, Column, Finding, Row, Table
from ..numbers import UNIT_SCALE, fmt
from ..tables.cells import cell_evidence as _ev

__all__ = ["CENT", "Tally", "_MISREAD_NOTE", "_ev", "_finding", "_misread", "_own"]

CENT = Decimal("0.01")
_MISREAD_NOTE = "（一方为空：多半是表格结构未能识别，请人工核对）"


@dataclass
class Tally:
    """Sums checked per table during one :func:`table_findings` call (to tell slips from misreading)."""

    checks: dict[str, int] = field(default_factory=dict)

    def count(self, t: Table) -> None:
        self.checks[t.id] = self.checks.get(t.id, 0) + 1


def _finding(
    rule: str,
    t: Table,
    total: tuple[Row, Column, Cell],
    parts: list[tuple[Row, Column, Cell]],
    what: str,
    tail_ok: bool,
    tally: Tally,
) -> Finding | None:
    tv = total[2].value
    pv = [p[2].value for p in parts if p[2].value is not None]
    if tv is None or len(pv) != len(parts):
        return None
    tally.count(t)
    s = sum(pv, Decimal(0))
    diff = abs(tv - s)
    if diff == 0:
        return None
    tolerance = max(CENT, CENT / 2 * len(parts))
    severity = "note" if diff <= tolerance or _misread(tv, s) else "error"
    note = "（表注说明可能存在尾数误差）" if severity == "note" and tail_ok and diff <= tolerance else ""
    if diff > tolerance and severity == "note":
        note = _MISREAD_NOTE
    msg = f"{t.label}{what}：{total[2].text or '0'} ≠ 各项之和 {_own(t, s)}，差 {_own(t, diff)}{note}。"
    start, end = total[2].offset or (t.start, t.start)
    return Finding(
        rule=rule,
        severity=severity,
        message=msg,
        start=start,
        end=end,
        evidence=[_ev(t, *total)] + [_ev(t, *p) for p in parts],
        table=t.id,
        page=t.page,
    )


def _misread(total: Decimal, parts_sum: Decimal) -> bool:
    """A sum that fails the way a misread layout makes it fail, not the way a slip does: a blank total over
    figures, or figures summing to nothing (江苏's 收支预算总表 read with two 支出 classifications in one column).
    (Parts exactly twice their total are no such sign: a child row given its parent's figure is a real slip.)"""
    return total == 0 or parts_sum == 0


def _own(t: Table, wan: Decimal) -> str:
    """A 万元 sum written in the table's own unit, as its cells are, so the message compares like with like
    (``64,840,547.00 ≠ 各项之和 129,681,094.00`` in a table kept in 元, not ``≠ 12968.11``)."""
    scale = UNIT_SCALE.get(t.unit, Decimal(1))
    return f"{wan / scale:,.2f}" if t.unit in ("元", "千元") else fmt(wan / scale, 2)
