"""项目支出绩效自评表: key/value forms read by their own labels, not as a grid of columns.

Such a table has a project name (项目名称), a block of fund rows (年初预算数,
全年预算数, 全年执行数 … per fund source), blocks of indicator rows (一级/二级/
三级指标, 年度指标值, 实际完成值, 分值, 得分) and a 总分. The labels come from
patterns/tables.toml ``[performance]``. Indicator and 总分 values get their own
column index spaces (``_IND``, ``_TOTAL``): one grid column can hold a fund
value in one block and an indicator score in another.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import regex

from ..model import Column, RawTable, Row, Table
from ..patterns import load_toml
from ..textnorm import fold
from .cells import _is_number, _make_cell


@dataclass(frozen=True)
class PerformanceWords:
    """patterns/tables.toml [performance]: how a 项目支出绩效自评表's blocks are read."""

    fund_columns: dict[str, str]
    indicator_columns: dict[str, str]
    fund_rows: tuple[str, ...]
    fund_totals: tuple[str, ...]
    scored_fund_rows: tuple[str, ...]
    fund_row_trim: regex.Pattern[str]

    def fund_row(self, label: str) -> str:
        """The fund-row name a label gives, or ''."""
        name = self.fund_row_trim.sub("", label)
        return name if name in self.fund_rows else ""


@lru_cache(maxsize=1)
def performance_words() -> PerformanceWords:
    """The performance-table vocabulary, loaded once for the reader, the aligner and the checks."""
    d = load_toml("tables.toml")["performance"]
    return PerformanceWords(
        dict(d["fund_columns"]),
        dict(d["indicator_columns"]),
        tuple(d["fund_rows"]),
        tuple(d["fund_totals"]),
        tuple(d["scored_fund_rows"]),
        regex.compile(d["fund_row_trim"]),
    )


_IND = 1000  # indicator columns get their own index space: a grid column can hold a fund
_TOTAL = 2000  # value in one block and an indicator score in another


def _read_performance(table: Table, raw: RawTable) -> None:
    """A 项目支出绩效自评表: project name, fund rows, indicator rows, 总分.

    Rows are read top to bottom; a header row (the fund columns, or 三级指标)
    switches the block the rows below it belong to, and 总分 ends a block.
    """
    grid = raw.rows
    words = performance_words()
    project = _project_name(grid)
    if project:
        table.project = project
    fund_cols: dict[int, str] = {}
    ind_cols: dict[int, str] = {}
    name_col = -1
    mode = ""
    for r, row in enumerate(grid):
        keys = {j: fold(c).replace("*", "").replace(" ", "") for j, c in enumerate(row) if c}
        found_f = _fund_header(keys, words)
        if "全年预算数" in found_f.values() and "全年执行数" in found_f.values():
            fund_cols, mode = found_f, "fund"
            for j, canon in found_f.items():
                _add_column(table, j, ("资金", canon))
            continue
        if any("三级指标" in k for k in keys.values()):
            ind_cols = _indicator_header(keys, words)
            mode = "ind"
            name_col = next(j for j, k in keys.items() if "三级指标" in k)
            for j, canon in ind_cols.items():
                _add_column(table, _IND + j, ("指标", canon))
            continue
        label_cells = [fold(c).replace(" ", "") for c in row if c and not _is_number(c)]
        if mode == "fund":
            if _fund_row(table, raw, r, label_cells, fund_cols, words):
                continue
            if label_cells and not any(_is_number(c) for c in row if c):
                mode = "" if not any("目标" in k for k in label_cells) else mode
        if any(k.startswith("总分") for k in label_cells):
            _total_row(table, raw, r, row)
            mode = ""
            continue
        if mode == "ind" and ind_cols:
            _indicator_row(table, raw, r, row, ind_cols, name_col)
    table.columns.sort(key=lambda c: c.index)


def _project_name(grid: list[list[str]]) -> str:
    """The text after the first 项目名称 cell that has text after it ('' when none)."""
    for row in grid:
        project = ""
        for j, c in enumerate(row):
            if fold(c).replace("*", "").replace(" ", "") == "项目名称":
                rest = [x for x in row[j + 1 :] if x]
                if rest:
                    project = fold(rest[0]).strip()
                    break
        if project:
            return project
    return ""


def _add_column(table: Table, index: int, path: tuple[str, ...]) -> None:
    """A column of the table, unless one with this index is there already."""
    if not any(c.index == index for c in table.columns):
        table.columns.append(Column(index=index, path=path))


def _fund_header(keys: dict[int, str], words: PerformanceWords) -> dict[int, str]:
    """Grid column → canonical fund column for the cells of a row that name one (``keys``: folded cell texts)."""
    found: dict[int, str] = {}
    for j, k in keys.items():
        for label, canon in words.fund_columns.items():
            if k.startswith(label) or (label == "执行率" and "执行率" in k):
                found[j] = canon
    return found


def _indicator_header(keys: dict[int, str], words: PerformanceWords) -> dict[int, str]:
    """Grid column → canonical indicator column for a 三级指标 header row (the first 得分-like column is 得分)."""
    ind_cols: dict[int, str] = {}
    for j, k in keys.items():
        for label, canon in words.indicator_columns.items():
            if k == label or (
                label in k and canon == "得分" and "校验" not in k and "偏差" not in k and j not in ind_cols
            ):
                ind_cols.setdefault(j, canon)
    return ind_cols


def _fund_row(
    table: Table, raw: RawTable, r: int, label_cells: list[str], fund_cols: dict[int, str], words: PerformanceWords
) -> bool:
    """Add grid row ``r`` as a fund row when one of its labels is a fund-row name; True when added."""
    name = next(filter(None, map(words.fund_row, label_cells)), "")
    if not name:
        return False
    out = Row(index=len(table.rows), name=name, side="资金")
    for j in fund_cols:
        out.cells[j] = _make_cell(table, raw, r, j, out.index, j)
    table.rows.append(out)
    return True


def _total_row(table: Table, raw: RawTable, r: int, row: list[str]) -> None:
    """The 总分 row: its last number, in the 总分 column space."""
    nums = [(j, c) for j, c in enumerate(row) if c and _is_number(c)]
    if nums:
        j = nums[-1][0]
        _add_column(table, _TOTAL + j, ("总分",))
        out = Row(index=len(table.rows), name="总分", side="总分", is_total=True)
        out.cells[_TOTAL + j] = _make_cell(table, raw, r, j, out.index, _TOTAL + j)
        table.rows.append(out)


def _indicator_row(
    table: Table, raw: RawTable, r: int, row: list[str], ind_cols: dict[int, str], name_col: int
) -> None:
    """An indicator row (named by its 三级指标 cell), kept when any of its indicator cells holds something."""
    texts = [c for c in row if c]
    if not texts:
        return
    name = fold(row[name_col]) if 0 <= name_col < len(row) else ""
    out = Row(index=len(table.rows), name=name or "指标", side="指标")
    for j in ind_cols:
        out.cells[_IND + j] = _make_cell(table, raw, r, j, out.index, _IND + j)
    if any(cell.value not in (None, Decimal(0)) or cell.text for cell in out.cells.values()):
        table.rows.append(out)
