"""Turning raw cell grids into recognised tables: kind, unit, columns, keyed rows.

A grid is read in three layers: caption rows (title, 部门, 公开NN表, 金额单位),
header rows (column names, possibly several levels, and the 栏次 numbering),
and body rows (a subject code and name, or a label, then values). Two-sided
tables (收入 | 支出) become two sets of rows. Performance self-evaluation
tables are key/value forms and are read by their own labels (``performance.py``).
"""

from __future__ import annotations

from functools import lru_cache

import regex

from ..model import Column, Document, RawTable, Row, Table
from ..patterns import load_toml
from ..textnorm import fold, name_key
from .cells import _is_number, _make_cell
from .panels import _GROUP_LABELS, _income_expense_sides, _pull_spanning_totals, _repeated_sides
from .performance import PerformanceWords, _read_performance, performance_words

__all__ = ["PerformanceWords", "classify_title", "kinds", "performance_words", "recognize", "recognize_one"]

_CODE = regex.compile(r"^\d{3}(?:\d{2}){0,2}$")
_SMALL_INT = regex.compile(r"\d{1,2}")  # a 行次 / 栏次 number
# a 科目 code and its name: no digit right after the code or opening the name (2021年度… is a name, 24500 1… a
# unit code broken over the cell, not the 款 20100)
_CODE_NAME = regex.compile(r"^(\d{3}(?:\d{2}){0,2})(?!\d)\s*(?!\d)(\S.*)$")
_NUMBER_LABEL = regex.compile(r"公开\s*\d+\s*表|表\s*\d+|附表\s*\d+")
_UNIT = regex.compile(r"(?:金额)?单位[：:]\s*(万元|元|亿元|千元)")
_TAIL_NOTE = "尾数误差"
_LABEL_HEADERS = {
    "科目代码",
    "科目名称",
    "项目",
    "行次",
    "栏次",
    "类",
    "款",
    "项",
    "功能分类科目编码",
    "功能分类科目名称",
    "编码",
    "科目编码",
    "支出功能分类科目",
}


@lru_cache(maxsize=1)
def kinds() -> list[dict]:
    """Table kinds from patterns/tables.toml."""
    return load_toml("tables.toml")["kind"]


def classify_title(text: str) -> dict | None:
    """The table kind whose title occurs in ``text`` (longest title wins)."""
    t = fold(text).replace(" ", "")
    best: tuple[int, dict] | None = None
    for kind in kinds():
        for title in kind["titles"]:
            ft = fold(title)
            if ft in t and (best is None or len(ft) > best[0]):
                best = (len(ft), kind)
    return best[1] if best else None


def _is_sequence_row(cells: list[str]) -> bool:
    """The 栏次 row: its numbers run 1, 2, 3 … (possibly after 类/款/项/栏次 labels)."""
    nums = [c for c in cells if c and _SMALL_INT.fullmatch(c)]
    if len(nums) < 2:
        return False
    vals = [int(n) for n in nums]
    others = [c for c in cells if c and not _SMALL_INT.fullmatch(c)]
    if any(
        fold(o).replace(" ", "") not in {"类", "款", "项", "栏次", "行次", "栏次合计"} and "栏次" not in o
        for o in others
    ):
        return False
    return vals == list(range(vals[0], vals[0] + len(vals)))


def _caption_text(doc: Document, raw: RawTable) -> str:
    """Lines just above the grid (title, heading), where readers leave them."""
    before = doc.text[max(0, raw.start - 400) : raw.start]
    lines = [ln.strip() for ln in before.split("\n") if ln.strip()]
    return "\n".join(([raw.caption] if raw.caption else []) + lines[-3:])


def _row_label(cells: list[str], upto: int) -> tuple[str, str]:
    """(code, name) from the label cells left of the first value column."""
    code = ""
    names: list[str] = []
    for c in cells[:upto]:
        c = c.strip()
        if not c:
            continue
        f = fold(c).replace(" ", "")
        if _CODE.match(f) and not code:
            code = f
            continue
        if code and not names and _SMALL_INT.fullmatch(f) and len(code) < 7:
            code += f.zfill(2)  # 类 | 款 | 项 printed in separate cells: 201 | 06 | 01 (PDFs drop the 0: 301 | 2)
            continue
        if _SMALL_INT.fullmatch(f):  # a 行次 number
            continue
        names.append(c)
    name = " ".join(names)
    m = _CODE_NAME.match(fold(name))
    if not code and m:
        code, name = m.group(1), m.group(2)
    return code, name


def recognize(doc: Document) -> list[Table]:
    """Recognise every raw table of ``doc``; tables too small to carry values are skipped."""
    tables: list[Table] = []
    for raw in doc.raw_tables:
        t = recognize_one(doc, raw, f"t{len(tables) + 1}")
        if t is not None:
            tables.append(t)
    return tables


def recognize_one(doc: Document, raw: RawTable, table_id: str) -> Table | None:
    grid = raw.rows
    if not grid or max(len(r) for r in grid) < 2:
        return None
    _join_split_column(raw)
    caption = _caption_text(doc, raw)
    grid_text = "\n".join("\t".join(r) for r in grid[:4])
    all_text = caption + "\n" + grid_text
    kind = classify_title(grid_text) or classify_title(caption)
    if kind is None and "绩效" in all_text and "自评" in all_text:
        kind = next(k for k in kinds() if k["id"] == "performance")
    budget = bool(kind and kind.get("doctype") == "预算") or "预算" in (doc.meta.doctype or "")
    num = _NUMBER_LABEL.search(fold(all_text).replace(" ", ""))
    unit_m = _UNIT.search(fold(all_text).replace(" ", ""))
    unit = unit_m.group(1) if unit_m else "万元"
    title_text = ""
    if kind:
        title_text = kind["name"]
        if kind.get("doctype") == "预算":
            # budgets are printed as 2024年部门… / 2025年预算单位…: show the title as printed
            own = [ln.strip() for ln in all_text.split("\n") if classify_title(ln) is kind and len(ln.strip()) <= 60]
            title_text = own[0] if own else title_text
    table = Table(
        id=table_id,
        kind=kind["id"] if kind else "unknown",
        title=title_text or _guess_title(caption, grid),
        number=num.group(0) if num else "",
        unit=unit,
        columns=[],
        rows=[],
        start=raw.start,
        end=raw.end,
        page=raw.page,
        tail_note=_TAIL_NOTE in doc.text,
    )
    if budget:
        table.budget = True  # every value is a budget figure (预算数), whatever its header says
    if table.kind == "performance":
        _read_performance(table, raw)
    else:
        _read_grid(table, raw, kind)
    return table


def _join_split_column(raw: RawTable) -> None:
    """One value column split in two by a grid line its figures straddle (江苏's 基本支出预算表: 10,204.52 under
    the 金额 line on one row, 2,722.57 half a cell right on the next): two adjacent columns of figures no row fills
    both of, one headed and the other never, are one column — the headless one's cells move under the header."""
    grid = raw.rows
    first = next((i for i, r in enumerate(grid) if any(c and _is_number(c) for c in r)), None)
    if first is None:
        return
    width = max(len(r) for r in grid)
    col = [[r[j] if j < len(r) else "" for r in grid] for j in range(width)]
    for j in range(width - 1):
        a, b = col[j], col[j + 1]
        body = list(zip(a[first:], b[first:]))
        if any(x and y for x, y in body) or not all(_is_number(x or "0") and _is_number(y or "0") for x, y in body):
            continue
        if not any(x for x, _ in body) or not any(y for _, y in body) or any(a[:first]) == any(b[:first]):
            continue
        src, dst = (j, j + 1) if any(b[:first]) else (j + 1, j)
        for r in range(first, len(grid)):
            if src < len(grid[r]) and grid[r][src] and dst < len(grid[r]):
                _move_cell(raw, r, src, dst)
        return


def _move_cell(raw: RawTable, r: int, src: int, dst: int) -> None:
    """Move one cell of ``raw`` (text, span and box) from column ``src`` to the blank ``dst`` of its row."""
    raw.rows[r][dst], raw.rows[r][src] = raw.rows[r][src], ""
    for grid in (raw.cell_spans, raw.cell_boxes):
        if grid is not None and r < len(grid) and max(src, dst) < len(grid[r]):
            row: list = grid[r]
            row[dst], row[src] = row[src], None


def _guess_title(caption: str, grid: list[list[str]]) -> str:
    for r in grid[:2]:
        cells = [c for c in r if c]
        if len(cells) == 1 and "表" in cells[0]:
            return cells[0]
    lines = [ln for ln in caption.split("\n") if "表" in ln]
    return lines[-1] if lines else ""


def _split_rows(grid: list[list[str]]) -> tuple[int, int, int | None]:
    """(first header row, first body row, 栏次 row index or None)."""
    first_header = 0
    for i, row in enumerate(grid):
        cells = [c for c in row if c]
        joined = fold("".join(cells))
        if len(cells) <= 2 and (
            not cells or "表" in joined or "单位" in joined or "部门" in joined or "单位：" in joined
        ):
            first_header = i + 1
            continue
        if "部门：" in joined or "单位：" in joined and len(cells) <= 3:
            first_header = i + 1
            continue
        break
    seq_row = None
    body = len(grid)
    for i in range(first_header, len(grid)):
        row = grid[i]
        if _is_sequence_row(row):
            seq_row = i
            body = i + 1
            break
        label_cells = [c for c in row if c and not _is_number(c)]
        has_code = any(_CODE.match(fold(c).replace(" ", "")) for c in row[:3] if c)
        numbers = [c for c in row if c and _is_number(c) and not _SMALL_INT.fullmatch(c)]
        if has_code or (numbers and label_cells) or (numbers and i > first_header):
            body = i
            break
        if len(label_cells) == 1 and name_key(label_cells[0]).replace("栏次", "") in {"合计", "总计"}:
            body = i
            break
    return first_header, body, seq_row


def _own_headers(grid: list[list[str]], first: int, body: int, j: int) -> list[str]:
    """Header texts printed in column ``j`` itself (not inherited from a merged cell)."""
    out = []
    for r in range(first, body):
        if _is_sequence_row(grid[r]):
            continue
        c = grid[r][j] if j < len(grid[r]) else ""
        t = fold(c).replace(" ", "")
        if t:
            out.append(t)
    return out


def _is_label_header(t: str) -> bool:
    return (
        t in _LABEL_HEADERS
        or t in _GROUP_LABELS
        or t.endswith("编码")
        or t.endswith("代码")
        or t.endswith("科目名称")
        or "行次" in t
        or "栏次" in t
    )


def _value_columns(grid: list[list[str]], body: int, seq_row: int | None, first: int = 0) -> list[int]:
    if seq_row is not None:
        cols = [j for j, c in enumerate(grid[seq_row]) if _SMALL_INT.fullmatch(c or "")]
        if cols:
            return cols
    width = max(len(r) for r in grid)
    cols = []
    labels = -1  # rightmost column holding labels (names, codes, 类/款/项 headers)
    for j in range(width):
        vals = [r[j] for r in grid[body:] if j < len(r) and r[j]]
        nums = [v for v in vals if _is_number(v)]
        heads = _own_headers(grid, first, body, j)
        valued_head = bool(heads) and not any(_is_label_header(h) for h in heads)
        small = nums and all(_SMALL_INT.fullmatch(v) or _CODE.match(v) for v in nums)
        # digits under a code header (部门代码 113001, 113002) are labels, however many a unit code has
        coded = bool(heads) and any(_is_label_header(h) for h in heads) and all(v.isdigit() for v in nums)
        if (
            nums
            and len(nums) >= 0.6 * len(vals)
            and (not small or (valued_head and len(nums) == len(vals)))
            and not coded
        ):
            cols.append(j)
        elif not vals and valued_head and j > labels and body < len(grid):
            cols.append(j)  # a value column left blank (blank means zero)
        elif vals or any(_is_label_header(h) for h in heads):
            labels = j
    return cols


def _parent_starts(grid: list[list[str]], header_rows: list[int], r: int, k: int, j: int) -> bool:
    """Whether a header above row ``r`` starts after column ``k`` up to ``j``: a merged cell stays under its parent."""
    return any(m < len(grid[a]) and grid[a][m] for a in header_rows if a < r for m in range(k + 1, j + 1))


def _header_paths(
    grid: list[list[str]], first: int, body: int, cols: list[int], kind: dict | None
) -> dict[int, tuple[str, ...]]:
    """Header path per value column: by the template when positions are unreliable."""
    header_rows = [r for r in range(first, body) if not _is_sequence_row(grid[r])]
    positional: dict[int, tuple[str, ...]] = {}
    for j in cols:
        path: list[str] = []
        own_above = False
        for r in header_rows:
            row = grid[r]
            text = row[j] if j < len(row) else ""
            if text:
                own_above = True
            elif own_above:
                continue  # merged downwards from this column's own header
            if not text and r != header_rows[-1]:
                # a merged cell spans to the right: inherit from the left, never across a header above it
                k = j - 1
                while k >= 0 and not (row[k] if k < len(row) else ""):
                    k -= 1
                text = row[k] if k >= 0 and not _parent_starts(grid, header_rows, r, k, j) else ""
                if fold(text).replace(" ", "") in _LABEL_HEADERS:
                    text = ""
            t = fold(text).replace(" ", "")
            if t and t not in _LABEL_HEADERS and (not path or path[-1] != t) and not _SMALL_INT.fullmatch(t):
                path.append(t)
        positional[j] = tuple(path)
    template = kind.get("columns") if kind else None
    if template and len(template) == len(cols):
        leaves = [fold(c).replace(" ", "") for r in header_rows for c in grid[r] if c]
        wanted = [p[-1] for p in template]
        hits = sum(1 for w in wanted if any(w in leaf or leaf in w for leaf in leaves))
        aligned = sum(1 for j, p in zip(cols, template) if positional[j] and positional[j][-1] == p[-1])
        if hits >= len(wanted) - 1 and aligned < len(wanted):
            return {j: tuple(p) for j, p in zip(cols, template)}
    return positional


def _read_grid(table: Table, raw: RawTable, kind: dict | None) -> None:
    """Columns (header paths) and keyed rows of an ordinary grid, side by side for a two-sided table."""
    grid = raw.rows
    first, body, seq_row = _split_rows(grid)
    two_sided = bool(kind and kind.get("two_sided"))
    width = max(len(r) for r in grid)
    sides = (_income_expense_sides(grid, first, body, width) if two_sided else []) or _repeated_sides(
        grid, first, body, width
    )
    if not sides:
        sides = [("", 0, width)]
    all_cols = _value_columns(grid, body, seq_row, first)
    for side, c0, c1 in sides:
        cols = [j for j in all_cols if c0 <= j < c1]
        if two_sided and sides[0][0]:
            # 行次 columns hold small integers; value columns come after them
            cols = [j for j in cols if not _is_line_no_column(grid, body, j)]
        paths = _header_paths(grid, first, body, cols, kind)
        for j in cols:
            path = paths.get(j, ())
            if not path:
                path = ("决算数",) if two_sided else (f"列{j + 1}",)
            if side and side in ("收入", "支出"):
                path = (side,) + tuple(p for p in path if p != side and p not in {"收入", "支出"})
            elif side:
                path = (side,) + path
            table.columns.append(Column(index=j, path=path))
        read = _read_rows(table, raw, body, side, c0, min(cols) if cols else c1, cols)
        if len(sides) >= 2 and side not in ("收入", "支出") and cols:
            _pull_spanning_totals(table, raw, read, c1, all_cols, cols[-1])
    if table.budget:
        _drop_common_head(table)


_TOTAL_NAMES = {"合计", "总计", "本年收入合计", "本年支出合计", "收入总计", "支出总计", "小计"}


def _read_rows(
    table: Table, raw: RawTable, body: int, side: str, c0: int, first_value: int, cols: list[int]
) -> list[tuple[Row, int]]:
    """The body rows of one side: label (code, name, 行次) from columns ``c0`` to ``first_value``, a cell per
    value column; a 注 line ends the table. Returns each row added with the grid row it was read from."""
    grid = raw.rows
    read: list[tuple[Row, int]] = []
    for r in range(body, len(grid)):
        cells = grid[r]
        code, name = _row_label(cells[c0:first_value], first_value - c0) if first_value > c0 else ("", "")
        if not name and not code:
            if first_value > c0 or not any(_is_number(cells[j]) for j in cols if j < len(cells) and cells[j]):
                continue
            name = "合计"  # a table without label columns: its one row is the totals (三公经费表)
        if name.startswith("注") or "注：" in name:
            break
        line_no = 0
        for c in cells[c0:first_value]:
            if _SMALL_INT.fullmatch(c or ""):
                line_no = int(c)
        row = Row(index=len(table.rows), name=name_key(name) if name else "", code=code, side=side, line_no=line_no)
        row.is_total = row.name.replace("、", "") in _TOTAL_NAMES or (row.name.endswith(("合计", "小计")) and not code)
        row.within = fold(name).lstrip().startswith("其中")
        for j in cols:
            row.cells[j] = _make_cell(table, raw, r, j, row.index, j)
        table.rows.append(row)
        read.append((row, r))
    return read


def _drop_common_head(table: Table) -> None:
    """Budget tables put one header over all value columns (支出预算 | 合计 基本支出 项目支出):
    it names the table, not a column, so it is dropped (per side of a two-sided table)."""
    for side in {c.path[0] if c.path and c.path[0] in ("收入", "支出") else "" for c in table.columns}:
        cols = [
            c
            for c in table.columns
            if (c.path[:1] == (side,) if side else not (c.path and c.path[0] in ("收入", "支出")))
        ]
        at = 1 if side else 0
        heads = {c.path[at] if len(c.path) > at + 1 else None for c in cols}
        if len(cols) >= 2 and len(heads) == 1 and None not in heads:
            for c in cols:
                c.path = c.path[:at] + c.path[at + 1 :]


def _is_line_no_column(grid: list[list[str]], body: int, j: int) -> bool:
    vals = [r[j] for r in grid[body:] if j < len(r) and r[j]]
    return bool(vals) and all(_SMALL_INT.fullmatch(v) for v in vals)
