"""Which performance self-evaluation table (绩效自评表) a narrative paragraph is about, and its cells.

A 项目绩效自评 paragraph names its project; the table is the one whose 项目名称 matches it surely
enough (rapidfuzz, as row names are matched), and the figures it states are read from the table's
fund block (年度资金总额 …) or its 总分 row.
"""

from __future__ import annotations

import regex

from ..model import Cell, Column, Document, Row, Table
from ..tables.recognize import performance_words
from .resolve import STRONG, _score, key

_PROJECT_NOISE = regex.compile(r"\(.*?\)|项目$")
_PROJECT = regex.compile(r"^(?:\d+[.、])?(?P<name>.+?)(?:项目)?(?:绩效自评情况|绩效评价情况|自评情况)")


def project_of(paragraph: str) -> str:
    """The project a performance paragraph is about (信息化系统运维项目绩效自评情况：…)."""
    m = _PROJECT.search(paragraph[:80])
    return m.group("name") if m else ""


def _project_key(name: str) -> str:
    k = key(name)
    return _PROJECT_NOISE.sub("", k)


def performance_table(doc: Document, project: str) -> tuple[Table | None, float]:
    """The performance table of ``project`` and how sure the match is (0–100)."""
    perf = [t for t in doc.tables if t.kind == "performance" and t.project]
    if not perf or not project:
        return None, 0.0
    pk = _project_key(project)
    scored = sorted(((_score(pk, _project_key(t.project)), t) for t in perf), key=lambda x: -x[0])
    best_score, best = scored[0]
    second = scored[1][0] if len(scored) > 1 else 0.0
    if best_score >= STRONG or (best_score >= 60 and best_score - second >= 25):
        return best, best_score
    return None, best_score


def perf_cell(table: Table, column: str) -> tuple[Row, Column, Cell] | None:
    """A cell of the fund block (年度资金总额 row) or the 总分 row."""
    if column == "总分":
        for row in table.rows:
            if row.name == "总分":
                for idx, cell in row.cells.items():
                    return row, table.column(idx) or Column(idx, ("总分",)), cell
        return None
    order = list(performance_words().fund_totals)
    rows = sorted((r for r in table.rows if r.side == "资金" and r.name in order), key=lambda r: order.index(r.name))
    for row in rows:
        for col in table.columns:
            if col.path[-1] == column and col.index in row.cells:
                cell = row.cells[col.index]
                if cell.text.strip() or column in ("全年执行数",):
                    return row, col, cell
    return None
