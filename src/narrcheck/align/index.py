"""The align stage's index of names: every row name and column-header element of a document's tables, built once
(:func:`build_index`) so that a claim's subject is compared with all of them in one rapidfuzz call."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from ..model import Column, Document, Row, Table
from ..textnorm import name_key

_GROUP_WORDS = {"预算数", "决算数", "收入", "支出", "小计", "合计", "资金", "指标"}
_BUDGET_COLS = ("预算数", "年初预算数", "全年预算数", "调整预算数", "预算")


@lru_cache(maxsize=65536)
def key(s: str) -> str:
    """Subject or name in comparable form: folded, no ordinal, no brackets noise."""
    k = name_key(s)
    return k.replace("（", "(").replace("）", ")").replace(" ", "")


@dataclass
class RowIndex:
    """Every row name and column-header element of a document, for one rapidfuzz call per name.

    ``cols`` holds (table, column, the table's total row); ``col_keys[i]`` is
    one comparable element of a column's header path and ``col_of[i]`` says
    which column it belongs to and whether it is the path's last element.
    """

    keys: list[str]
    rows: list[tuple[Table, Row]]
    key_row: list[int]  # keys[k] names rows[key_row[k]] (a total row is also named without 合计)
    col_keys: list[str]
    col_of: list[tuple[int, bool]]
    cols: list[tuple[Table, Column, Row | None]]


def build_index(doc: Document) -> RowIndex:
    """The align stage's entry point: every row and column name of ``doc``'s tables, built once per
    document after recognition (tables do not change afterwards) and handed to :func:`candidates`."""
    rows = [(t, r) for t in doc.tables for r in t.rows]
    cols: list[tuple[Table, Column, Row | None]] = []
    col_keys: list[str] = []
    col_of: list[tuple[int, bool]] = []
    for t in doc.tables:
        tot = [r for r in t.rows if r.is_total] or (t.rows[:1] if len(t.rows) == 1 else [])
        for col in t.columns:
            span = spanning_header(t)
            elems = [key(header_core(p)) for p in col.path if not _is_group(p) and p not in span]
            if not elems:
                continue
            cols.append((t, col, tot[0] if tot else None))
            for j, e in enumerate(elems):
                col_keys.append(e)
                col_of.append((len(cols) - 1, j == len(elems) - 1))
            if len(elems) >= 2 and len(elems[-1]) <= 3:
                # a short leaf under its group (公务用车购置及运行费 / 购置费) is also named in full (公务用车购置费)
                col_keys.append(elems[-2][:4] + elems[-1])
                col_of.append((len(cols) - 1, True))
    keys: list[str] = []
    key_row: list[int] = []
    for i, (_, r) in enumerate(rows):
        k = key(r.name)
        keys.append(k)
        key_row.append(i)
        if len(k) > 4 and k.endswith(("合计", "小计")):
            keys.append(k[:-2])  # 人员经费合计 is the 人员经费 the prose names
            key_row.append(i)
    return RowIndex(keys=keys, rows=rows, key_row=key_row, col_keys=col_keys, col_of=col_of, cols=cols)


_YEAR_MEASURE = regex.compile(r"^(?:20\d\d年度?)?(?P<core>.*?)(?:预算数|决算数)?$")


def header_core(p: str) -> str:
    """A header cell without its year and measure: 2024年机关运行经费预算数 → 机关运行经费."""
    m = _YEAR_MEASURE.match(p.replace("“", "").replace("”", ""))
    return m.group("core") if m else p


def _is_group(p: str) -> bool:
    """A header cell that names a measure, a side or the table's own topic, not a subject
    (预算数, 收入, 2024年“三公”经费预算数 — but 2024年机关运行经费预算数 names its column)."""
    if p in _GROUP_WORDS or p in _BUDGET_COLS:
        return True
    core = header_core(p)
    return core != p.replace("“", "").replace("”", "") and (not core or "三公" in core)


def spanning_header(t: Table) -> frozenset[str]:
    """Header cells over every column of a table (财政拨款“三公”经费 above all twelve): they name no column."""
    if t.spanning is None:
        paths = [c.path for c in t.columns if c.index < 1000]
        common: list[str] = []
        if len(paths) > 1:
            for level in zip(*paths):
                if len(set(level)) != 1:
                    break
                common.append(level[0])
        t.spanning = frozenset(common)
    return t.spanning
