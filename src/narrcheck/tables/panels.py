"""Tables printed in panels: the 收入 | 支出 sides of a two-sided table, the repeated 科目 panels of a 基本支出
明细表 (左栏/右栏, 第1栏…), and a panel total whose figure stands under the next panel."""

from __future__ import annotations

from ..model import RawTable, Row, Table
from ..textnorm import fold
from .cells import _is_number, _make_cell

_GROUP_LABELS = {"项目", "科目编码", "经济分类科目编码", "经济分类", "功能分类科目编码", "科目代码"}


def _income_expense_sides(grid: list[list[str]], first: int, body: int, width: int) -> list[tuple[str, int, int]]:
    """(side, first col, end col) of a 收入 | 支出 table: split at the second 项目 header, else at 支出."""
    split = None
    for r in range(first, body):
        labels = [j for j, c in enumerate(grid[r]) if fold(c).replace(" ", "").startswith("项目")]
        if len(labels) >= 2:
            split = labels[1]
            break
    if split is None:
        for r in range(first, body):
            labels = [j for j, c in enumerate(grid[r]) if fold(c).replace(" ", "") in {"支出", "支出项目"}]
            if labels:
                split = labels[0]
                break
    return [("收入", 0, split), ("支出", split, width)] if split else []


def _repeated_sides(grid: list[list[str]], first: int, body: int, width: int) -> list[tuple[str, int, int]]:
    """(side, first col, end col) of a table printed in several panels: the label headers repeat across it."""
    for r in range(first, body):
        heads = [(j, fold(c).replace(" ", "")) for j, c in enumerate(grid[r]) if c]
        labels = [j for j, h in heads if h in _GROUP_LABELS or h.endswith("科目编码")]
        texts = [h for j, h in heads if j in labels]
        if len(labels) >= 2 and texts[0] == texts[-1] or len(labels) >= 2 and len(set(texts)) < len(texts):
            starts = [j for j, h in heads if h == texts[0]]
            if len(starts) >= 2:
                bounds = starts + [width]
                names = ["左栏", "右栏"] if len(starts) == 2 else [f"第{i + 1}栏" for i in range(len(starts))]
                return [(names[i], bounds[i], bounds[i + 1]) for i in range(len(starts))]
    return []


def _pull_spanning_totals(
    table: Table, raw: RawTable, read: list[tuple[Row, int]], end: int, all_cols: list[int], to: int
) -> None:
    """A panel's total row with no figure of its own whose figure stands under a later panel with no label of its
    own (中央 公开06表: 公用经费合计 spans the two 公用经费 panels, its 2,266.65 printed under the last one): the
    figure is the total's. ``read``: the panel's rows with the grid row each was read from."""
    for row, r in read:
        if not row.is_total or any(c.text.strip() for c in row.cells.values()):
            continue
        later = [(j, x) for j, x in enumerate(raw.rows[r]) if j >= end and x and x.strip()]
        if len(later) == 1 and later[0][0] in all_cols and _is_number(later[0][1]):
            row.cells[to] = _make_cell(table, raw, r, later[0][0], row.index, to)
