"""One table cell: its text read as a value (in the table's unit, 万元 by default) and placed as a ``Cell``.

Shared by the grid reader (``recognize.py``) and the performance-table reader (``performance.py``); a cell as
the evidence a finding or a check across documents shows (``cell_evidence``).
"""

from __future__ import annotations

from decimal import Decimal

from ..model import Cell, Column, Evidence, RawTable, Row, Table
from ..numbers import parse_number, to_wan


def _is_number(s: str) -> bool:
    s2 = s.replace("%", "").replace("％", "").strip()
    return bool(s2) and parse_number(s2) is not None


def _cell_value(text: str, unit: str) -> Decimal | None:
    s = text.strip()
    if not s or s in {"-", "—", "——", "－"}:
        return Decimal(0)
    pct = s.endswith("%") or s.endswith("％")
    n = parse_number(s.rstrip("%％").strip())
    if n is None:
        return None
    return n.value if pct else to_wan(n.value, unit)


def _make_cell(table: Table, raw: RawTable, r: int, c: int, row_index: int, col_index: int) -> Cell:
    text = raw.rows[r][c] if c < len(raw.rows[r]) else ""
    span = raw.cell_spans[r][c] if raw.cell_spans and c < len(raw.cell_spans[r]) else None
    box = raw.cell_boxes[r][c] if raw.cell_boxes and r < len(raw.cell_boxes) and c < len(raw.cell_boxes[r]) else None
    return Cell(
        table=table.id,
        row=row_index,
        col=col_index,
        text=text,
        value=_cell_value(text, table.unit),
        offset=span,
        box=box,
    )


def cell_evidence(t: Table, row: Row, col: Column | None, cell: Cell) -> Evidence:
    """A table cell as evidence: its table, its row named with its 科目代码, its column and its text."""
    return Evidence(
        table=t.label,
        title=t.title,
        row=(f"{row.code} " if row.code else "") + row.name,
        column=col.key if col else "",
        value=cell.text or "0",
        page=t.page,
        offset=cell.offset,
    )
