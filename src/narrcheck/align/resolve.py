"""Aligning a claim's subject to the table cells it talks about.

Three things decide where a subject points: the section the claim sits in
(五、一般公共预算财政拨款支出决算情况说明 → that table), the qualifier that
opens the subject (一般公共预算财政拨款 …, “三公”经费 …), and the rapidfuzz
``ratio`` between the normalised subject and row or column names (plain
ratio: partial_ratio and WRatio pick short names inside long ones, see
MEASURED.md). A subject written as X（类）Y（款）Z（项） resolves through the
subject codes. Candidates come back ranked; the verdict stage decides
whether they are confident enough to judge by.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Collection

from rapidfuzz import fuzz, process

from ..claims.patterns import aliases
from ..model import Cell, Claim, Column, Document, Row, Table
from ..textnorm import fold
from .index import _BUDGET_COLS, RowIndex, _is_group, key, spanning_header

STRONG = 88.0
"""Name score from which a match is trusted to raise an alarm."""
WEAK = 70.0
"""Name score from which a match may confirm a claim (only if the value agrees)."""


@dataclass
class Candidate:
    """A table cell a claim may be talking about, with how well it fits."""

    table: Table
    row: Row
    column: Column
    cell: Cell
    score: float  # name similarity, 0–100
    pref: int  # 3: named by section and qualifier, 2: by qualifier, 1: by section, 0: elsewhere
    how: str
    order: int = 0  # position of the table's kind in the section's list (first = the section's own table)

    @property
    def value(self) -> Decimal | None:
        return self.cell.value

    @property
    def cell_value(self) -> Decimal:
        """The cell's value where a caller has kept only candidates that hold one (blank cells are 0)."""
        return self.cell.value if self.cell.value is not None else Decimal(0)


def section_kinds(headings: list[str]) -> list[str]:
    """Table kinds the nearest heading that names one points at (deepest heading first)."""
    return list(_section_kinds(tuple(headings)))


@lru_cache(maxsize=1024)
def _section_kinds(headings: tuple[str, ...]) -> tuple[str, ...]:
    sections = {k: v for k, v in aliases()["sections"].items() if isinstance(v, list) and k != "section_examples"}
    for title in reversed(headings):
        t = fold(title).replace("“", "").replace("”", "")
        # the earliest key in the heading wins (its topic comes first: “三公”经费支出决算情况),
        # the longest on a tie (财政拨款收入支出决算总体情况 over 收入支出决算总体情况)
        hits = []
        for word in sections:
            w = word.replace("“", "").replace("”", "")
            i = t.find(w)
            if i >= 0:
                hits.append((i, -len(w), word))
        if hits:
            return tuple(sections[min(hits)[2]])
    return ()


def split_qualifier(entity: str) -> tuple[str, list[str]]:
    """(rest, table kinds) after removing a leading fund qualifier from ``entity``."""
    quals = {k: v for k, v in aliases()["qualifiers"].items() if isinstance(v, list) and k != "qualifier_examples"}
    e = entity.replace("“", "").replace("”", "")
    for q in sorted(quals, key=len, reverse=True):
        if e.startswith(q):
            return e[len(q) :], list(quals[q])
    return e, []


def canonical_name(name: str) -> str:
    names = {k: v for k, v in aliases()["names"].items() if isinstance(v, str)}
    return names.get(name, name)


def is_total_word(rest: str) -> bool:
    return rest in aliases()["totals"]["words"]


def is_budget_column(col: Column) -> bool:
    return _budget_path(col.path)


@lru_cache(maxsize=4096)
def _budget_path(path: tuple[str, ...]) -> bool:
    return any(p in _BUDGET_COLS or p.endswith("预算数") and "决算" not in p for p in path)


@lru_cache(maxsize=4096)
def _prior_path(path: tuple[str, ...]) -> bool:
    measures = aliases()["measures"]
    words, alone = measures["budget_table_prior"], measures["budget_table_prior_headers"]
    return any(p in alone or any(w in p for w in words) for p in path)


def _measure_ok(col: Column, measure: str, table: Table | None = None) -> bool:
    if table is not None and table.budget:
        # a budget table holds budget figures only, whatever its headers say, beside last year's (2025年执行数)
        return measure != "actual" and not _prior_path(col.path)
    if measure == "budget":
        return is_budget_column(col)
    return not is_budget_column(col)


def _primary_column(table: Table, row: Row, measure: str) -> Column | None:
    cols = [c for c in table.columns if c.index in row.cells and _measure_ok(c, measure, table)]
    if row.side:
        cols = [c for c in cols if not c.path or c.path[0] == row.side or row.side in ("资金", "指标", "总分")]
    return cols[0] if cols else None


def _score(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 100.0
    return fuzz.ratio(a, b)


def _name_variants(entity: str, subject: str) -> list[str]:
    """The forms a subject may take in a table: as written, its canonical name, and the
    noun after its last 的 (…参公事业单位财政拨款的机关运行经费 → 机关运行经费)."""
    out = []
    for s in (entity, subject):
        k = key(s)
        forms = [k, key(canonical_name(k.replace("(", "（").replace(")", "）")))]
        if "的" in k:
            forms.append(k.rsplit("的", 1)[1])
        for f in forms:
            if len(f) >= 2 and f not in out:
                out.append(f)
    return out


def total_rows(table: Table, rest: str) -> list[Row]:
    """Rows that hold the table's totals for a subject like 支出 / 收入 / 总计."""
    totals = [r for r in table.rows if r.is_total]
    if not totals:
        return []
    if "总计" in rest:
        return [r for r in totals if "总计" in r.name] or totals[-1:]
    if "收入" in rest:
        side = [r for r in totals if r.side == "收入" or "收入" in r.name]
        return [r for r in side if "总计" not in r.name][:1] or side[:1]
    if "支出" in rest or rest in ("", "合计", "总额"):
        side = [r for r in totals if r.side in ("支出", "") and "总计" not in r.name]
        return side[:1] or totals[:1]
    return totals[:1]


def candidates(
    doc: Document, claim: Claim, index: "RowIndex", entity: str | None = None, measure: str | None = None
) -> list[Candidate]:
    """Cells an amount claim (or a named total) may refer to, best first (``index``: :func:`build_index` of ``doc``).

    By its 类/款/项 path when it has one (exact); by a total row when it names a total; else by
    row names and column headers close to its name (rapidfuzz). Tables of the sections it stands in
    (and of the qualifier it names: 财政拨款, 一般公共预算 …) rank first.
    """
    entity = claim.ctx.entity if entity is None else entity
    measure = claim.ctx.measure if measure is None else measure
    ctx = section_kinds(claim.ctx.sections)
    rest, qual_kinds = split_qualifier(key(entity) if entity else "")
    prefer = _Preference(ctx, qual_kinds)
    tables = [t for t in doc.tables if t.kind != "performance"]
    if claim.ctx.path:
        return _rank(_by_path(tables, claim.ctx.path, measure, prefer), ctx)
    if not entity:
        return []  # a bare measure (支出决算为 …) whose entity is unknown: nothing to align
    if not rest or is_total_word(rest):
        named = key(entity).replace("“", "").replace("”", "")
        qual = named[: len(named) - len(rest)] if rest and named.endswith(rest) else ""
        cands = _by_total(tables, rest, measure, prefer) + _by_qualifier_row(index, qual, rest, measure, prefer)
        if qual:  # 财政拨款收入 is also a row of that very name (上海's 财务收支预算总表: 一、财政拨款收入)
            cands += _rows_named(index, named, measure, prefer, 100.0, "row name")
        return _rank(cands, ctx)
    subj_rest, _ = split_qualifier(key(claim.subject))
    names = _name_variants(rest, subj_rest)
    out = _by_row_name(index, names, measure, prefer) + _by_column_name(index, names, measure, prefer)
    return _rank(out, ctx)


@dataclass(frozen=True)
class _Preference:
    """How much a table is preferred for a claim: its kind is both the sections' and the qualifier's (3),
    the qualifier's only (2), the sections' only (1), neither (0)."""

    ctx: Collection[str]
    qual_kinds: Collection[str]

    def __call__(self, t: Table) -> int:
        if t.kind in self.ctx and (not self.qual_kinds or t.kind in self.qual_kinds):
            return 3
        if t.kind in self.qual_kinds:
            return 2
        if t.kind in self.ctx:
            return 1
        return 0


def _by_path(tables: list[Table], path: list[tuple[str, str]], measure: str, prefer: _Preference) -> list[Candidate]:
    """The row each table has under exactly this 类/款/项 path, in the column of the measure."""
    out = []
    for t in tables:
        row = _row_by_path(t, path)
        if row is not None:
            col = _primary_column(t, row, measure)
            if col is not None:
                out.append(Candidate(t, row, col, row.cells[col.index], 100.0, prefer(t), "subject path"))
    return out


def _by_total(tables: list[Table], rest: str, measure: str, prefer: _Preference) -> list[Candidate]:
    """A named total (合计, 支出总计 …): the total row of each table the sections or the qualifier point to,
    in its first column of the measure that is not a named part (基本支出 …)."""
    out = []
    for t in tables:
        if prefer.qual_kinds and t.kind not in prefer.qual_kinds:
            continue
        if not prefer.qual_kinds and t.kind not in prefer.ctx:
            continue
        if _other_side_table(t, rest):
            continue  # 财政拨款支出 is no total of a 收入预算表, though 财政拨款 points at income tables too
        for row in total_rows(t, rest):
            for col in t.columns:
                if col.index not in row.cells or not _measure_ok(col, measure, t):
                    continue
                if row.side and col.path and col.path[0] != row.side:
                    continue
                span = spanning_header(t)
                if any(not _is_group(p) and not p.startswith("本年") and p not in span for p in col.path):
                    continue  # a named column (基本支出…), not the total
                out.append(Candidate(t, row, col, row.cells[col.index], 95.0, prefer(t), "table total"))
                break
    return out


def _by_qualifier_row(index: "RowIndex", qual: str, rest: str, measure: str, prefer: _Preference) -> list[Candidate]:
    """Rows named by the qualifier of a qualified total, on the side the total names (一般公共预算收入 beside a
    财政拨款收支总表's 收入 row 一般公共预算): the words read as a fund and a total word may name that row, so it is
    a reading as likely as the total's."""
    if len(qual) < 2 or not prefer.qual_kinds:
        return []
    sides = {s for s in ("收入", "支出") if s in rest}
    return [
        c
        for c in _rows_named(index, qual, measure, prefer, 95.0, "qualifier row")
        if c.table.kind in prefer.qual_kinds and not (sides and c.row.side and c.row.side not in sides)
    ]


def _rows_named(
    index: "RowIndex", name: str, measure: str, prefer: _Preference, score: float, how: str
) -> list[Candidate]:
    """The rows (no totals, no performance table) whose name is exactly ``name``, in the column of the measure."""
    out: list[Candidate] = []
    for k, i in zip(index.keys, index.key_row):
        t, row = index.rows[i]
        if k != name or row.is_total or t.kind == "performance":
            continue
        col = _primary_column(t, row, measure)
        if col is not None:
            out.append(Candidate(t, row, col, row.cells[col.index], score, prefer(t), how))
    return out


def _other_side_table(t: Table, rest: str) -> bool:
    """A total naming one side (支出, 收入: patterns/aliases.toml [totals] both_sides) against a table whose title
    names only another."""
    title = fold(t.title or "")
    for group in aliases()["totals"]["both_sides"]:
        mine = {s for s in group if s in rest}
        theirs = {s for s in group if s in title}
        if len(mine) == 1 and theirs and not theirs & mine:
            return True
    return False


def _by_row_name(index: "RowIndex", names: list[str], measure: str, prefer: _Preference) -> list[Candidate]:
    """Rows whose name is close to one of ``names`` (best score per row), in the column of the measure."""
    best_row: dict[int, float] = {}
    for n in names:
        for _, s, k in process.extract(n, index.keys, scorer=fuzz.ratio, score_cutoff=WEAK, limit=None):
            i = index.key_row[k]
            if s > best_row.get(i, 0.0):
                best_row[i] = s
    out = []
    for i in sorted(best_row):
        t, row = index.rows[i]
        if t.kind == "performance":
            continue
        col = _primary_column(t, row, measure)
        if col is not None:
            out.append(Candidate(t, row, col, row.cells[col.index], best_row[i], prefer(t), "row name"))
    return out


def _by_column_name(index: "RowIndex", names: list[str], measure: str, prefer: _Preference) -> list[Candidate]:
    """Columns whose header element is close to one of ``names``, read in the table's total row (best
    element score per column; a group header only when the column is its 小计/合计)."""
    best_col: dict[int, tuple[float, bool]] = {}  # column entry → (score, matched its leaf element)
    for n in names:
        for _, sc, i in process.extract(n, index.col_keys, scorer=fuzz.ratio, score_cutoff=WEAK, limit=None):
            entry, is_leaf = index.col_of[i]
            prev = best_col.get(entry)
            if prev is None or sc > prev[0] or (sc == prev[0] and is_leaf and not prev[1]):
                best_col[entry] = (sc, is_leaf)
    out = []
    for entry in sorted(best_col):
        t, col, row = index.cols[entry]
        sc, is_leaf = best_col[entry]
        if t.kind == "performance" or not _measure_ok(col, measure, t):
            continue
        if not is_leaf and col.name not in ("小计", "合计"):
            continue  # the subject names a group, this column is one of its parts
        if row is not None and col.index in row.cells and (not row.side or not col.path or col.path[0] == row.side):
            out.append(Candidate(t, row, col, row.cells[col.index], sc, prefer(t), "column name"))
    return out


def _rank(cands: list[Candidate], ctx: list[str]) -> list[Candidate]:
    for c in cands:
        c.order = ctx.index(c.table.kind) if c.table.kind in ctx else len(ctx)
    return sorted(
        cands,
        key=lambda c: (
            -c.pref,
            c.order,
            -c.score,
            int(c.table.id[1:]) if c.table.id[1:].isdigit() else 0,
            c.row.index,
            c.column.index,
        ),
    )


def _row_by_path(table: Table, path: list[tuple[str, str]]) -> Row | None:
    """The row a 类/款/项 path names, matching each level's name within its parent's code.

    A 款 the table does not hold under the matched 类 (named otherwise in the text: 住房保障支出（款） for
    住房改革支出, or a table listing only 类 and 项) is passed over when the 项 after it names one row of that 类.
    """
    prefix = ""
    found: Row | None = None
    for i, (name, level) in enumerate(path):
        row = _level_row(table, key(name), {"类": 3, "款": 5, "项": 7}[level], prefix)
        if row is None and level == "款" and prefix and i + 1 < len(path):
            continue
        if row is None:
            return None
        found, prefix = row, row.code
    return found


def _level_row(table: Table, k: str, want: int, prefix: str) -> Row | None:
    """The one row of code length ``want`` under ``prefix`` named ``k``; None when none or several are."""
    scored = sorted(
        (
            (_score(k, key(row.name)), row)
            for row in table.rows
            if len(row.code) == want and row.code.startswith(prefix)
        ),
        key=lambda x: -x[0],
    )
    scored = [(s, r) for s, r in scored if s >= STRONG]
    if not scored:
        return None
    if len(scored) > 1 and scored[1][0] >= scored[0][0] - 2 and scored[1][1].code != scored[0][1].code:
        return None  # the same name under several parents (一般行政管理事务 under 群众团体事务, 组织事务 …)
    return scored[0][1]


# ---------------------------------------------------------------- performance tables
