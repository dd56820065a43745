"""`check 说明.docx --tables 报表.xlsx --annotate 报表-批注.xlsx`: the tables workbook with cell comments.

Editors keep the tables in Excel. The copy gets an Excel comment (批注) on
every cell a flagged claim was checked against (what the narrative says, the
recomputation and the corrected wording) and on the cells of each table
finding; several problems on one cell share one comment. The original is
only read; the copy is written to a temporary file and renamed.

The reader (``readers/xlsx.py``) keeps each cell's offsets in the text but
not its sheet and address, so the workbook is walked again with the
reader's own cell formatting and table splitting, and each recognised grid
is found among the sheet's rows; a cell whose text differs from what the
reader saw is left without a comment (counted as not anchored). openpyxl
keeps values, formulas, styles and merged cells; charts and images of the
original are not carried into the copy.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..batch.safeio import temp_for
from ..model import Claim, Document, Evidence, Finding, RawTable
from .annotate import SEVERITY_CN, VERDICT_CN, _one_line

AUTHOR = "narrcheck"
Where = tuple[int, int, int]  # (table of the workbook, row, column) in the reader's grids
Address = tuple[str, str]  # (sheet title, cell coordinate such as "C7")


def annotate_xlsx(doc: Document, src: str | Path, out: str | Path) -> tuple[int, int]:
    """Write ``out``: workbook ``src`` with a comment on each cell a problem of ``doc`` rests on.

    ``src`` is the workbook ``doc`` was read from: the ``--tables`` file (its
    tables follow ``doc.meta.tables_offset``) or the checked file itself.
    Returns (comments written, problems none of whose cells could be found).
    """
    import openpyxl
    from openpyxl.comments import Comment

    notes, missing = _notes(doc, _cells_of(doc))
    addresses = _addresses(src, _own_tables(doc))
    wb = openpyxl.load_workbook(src)
    written = 0
    for where in sorted(notes):
        addr = addresses.get(where)
        if addr is None:
            missing += 1
            continue
        comment = Comment("\n\n".join(notes[where]), AUTHOR)
        comment.width, comment.height = 360, min(60 + 90 * len(notes[where]), 600)
        wb[addr[0]][addr[1]].comment = comment
        written += 1
    tmp = temp_for(Path(out))
    try:
        wb.save(tmp)
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return written, missing


def _own_tables(doc: Document) -> list[RawTable]:
    """The raw tables read from the workbook: after ``tables_offset`` for a --tables file, else all."""
    base = doc.meta.tables_offset
    if isinstance(base, int):
        return [t for t in doc.raw_tables if t.start >= base]
    return list(doc.raw_tables)


def _cells_of(doc: Document) -> dict[tuple[int, int], Where]:
    """Text offsets of every workbook cell → (table, row, column) in the reader's grids."""
    out: dict[tuple[int, int], Where] = {}
    for k, t in enumerate(_own_tables(doc)):
        for i, row in enumerate(t.cell_spans or []):
            for j, sp in enumerate(row):
                if sp is not None:
                    out[(sp[0], sp[1])] = (k, i, j)
    return out


def _claim_note(c: Claim, e: Evidence) -> str:
    where = f"第{c.page}页" if c.page else f"第{c.line}行"
    lines = [
        f"【{VERDICT_CN.get(c.verdict, c.verdict)} {c.verdict}】正文{where}“{_one_line(c.text)}”以此单元格为依据"
        f"（{e.row}｜{e.column} = {e.value}）",
        f"核算：{_one_line(c.message)}",
    ]
    if c.suggestion:
        lines.append(f"建议改为：“{_one_line(c.suggestion)}”")
    return "\n".join(lines)


def _finding_note(f: Finding) -> str:
    lines = [f"【表格核对 {f.rule}·{SEVERITY_CN.get(f.severity, f.severity)}】{_one_line(f.message)}"]
    if f.suggestion:
        lines.append(f"建议：{_one_line(f.suggestion)}")
    return "\n".join(lines)


def _notes(doc: Document, cells: dict[tuple[int, int], Where]) -> tuple[dict[Where, list[str]], int]:
    """Comment texts per cell, and how many problems with cells in the workbook got none of them."""
    notes: dict[Where, list[str]] = {}
    missing = 0

    def add(where: Where, text: str) -> None:
        if text not in notes.setdefault(where, []):
            notes[where].append(text)

    for c in doc.claims:
        if not c.flagged:
            continue
        placed = [(cells[(e.offset[0], e.offset[1])], e) for e in c.evidence if e.offset and tuple(e.offset) in cells]
        for where, e in placed:
            add(where, _claim_note(c, e))
        missing += bool(c.evidence and not placed and any(e.column for e in c.evidence))
    for f in doc.findings:
        if not f.rule.startswith("table.") or f.severity not in ("error", "warning", "note"):
            continue
        offsets = [(f.start, f.end)] + [(e.offset[0], e.offset[1]) for e in f.evidence if e.offset]
        placed_f = [cells[o] for o in offsets if o in cells]
        for where in dict.fromkeys(placed_f):
            add(where, _finding_note(f))
    return notes, missing


def _addresses(src: str | Path, tables: list[RawTable]) -> dict[Where, Address]:
    """(table, row, column) of the reader's grids → (sheet, cell address) in the workbook at ``src``."""
    import openpyxl

    from ..readers.xlsx import _split_tables, _text

    wb = openpyxl.load_workbook(src, data_only=True)
    out: dict[Where, Address] = {}
    k = 0
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        cells = [list(r) for r in ws.iter_rows()]
        texts = [[_text(c.value, c.number_format) if c.value is not None else "" for c in r] for r in cells]
        cursor = 0
        for _, grid in _split_tables(texts):
            if not grid:
                continue
            start = _find_grid(texts, grid, cursor)
            if k < len(tables) and start is not None and tables[k].rows == grid:
                for i, row in enumerate(grid):
                    for j in range(len(row)):
                        out[(k, i, j)] = (ws.title, cells[start + i][j].coordinate)
                cursor = start + len(grid)
            k += 1
    return out


def _find_grid(texts: list[list[str]], grid: list[list[str]], cursor: int) -> int | None:
    """The first sheet row at or after ``cursor`` where ``grid``'s rows start (compared over its width)."""
    width = len(grid[0]) if grid else 0

    def same(r: list[str], g: list[str]) -> bool:
        cut = r[:width] + [""] * (width - len(r[:width]))
        return cut == g and not any(r[width:])

    for s in range(cursor, len(texts) - len(grid) + 1):
        if all(same(texts[s + i], g) for i, g in enumerate(grid)):
            return s
    return None
