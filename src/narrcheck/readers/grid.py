"""Ruled-table grids from a page's vector drawings, without a character list.

The PDF reader needs only the cell boxes of ruled tables (cell text is filled
from ``get_text("words")``). PyMuPDF's ``page.find_tables()`` computes them
with the pdfplumber "lines" strategy, but first builds its own text page and
character list for every call, which is most of its cost. This module is the
same geometric pipeline, step for step and in the same order (so the
floating-point results are the same), on the ``get_cdrawings()`` output the
reader has already fetched:

1. **Edges.** Every axis-parallel stroke becomes an edge (``l`` items; ``re``
   items thinner than 3 pt are lines through their middle, other rectangles
   give their four borders; ``qu`` items their four sides). Drawings that
   touch or nearly touch (3 pt) are grouped; the border of each group that
   holds text adds four more edges (PyMuPDF's ``clean_graphics``).
2. **Merge.** Edges are snapped to the average coordinate of their chained
   3 pt cluster, then collinear pieces less than 3 pt apart are joined; edges
   shorter than 3 pt are dropped.
3. **Cells.** Crossings of vertical and horizontal edges (3 pt tolerance) are
   the grid points; a cell is the smallest rectangle from a point to a point
   below and a point to the right whose sides are all drawn.
4. **Tables.** Cells sharing a corner form a table; tables with a single
   column or without text are dropped.

Where PyMuPDF asks "is there text here" of its own character list, this
module asks it of the reader's words (see ``gridedges._Text``); on the corpus
the answers agree (checked page by page against ``find_tables()``).

Steps 1 and 2 (the ruling lines) are in ``gridedges.py``, the box index they
and the readers use in ``buckets.py``; steps 3 and 4 (cells and tables) here.

The result has the shape the reader uses from ``find_tables()``: ``bbox``,
``rows`` (each with ``cells``: a box or ``None`` per column, merged cells
present only at their top-left position) and ``col_count``.
"""

from __future__ import annotations

import bisect
from typing import Any, Sequence

from .buckets import Buckets
from .gridedges import MIN_LEN, SNAP, Box, _edges, _groups, _merge, _neighbors, _Text

# Buckets, the edge steps' names and the tolerances stay importable from here (tests and the readers use them)
__all__ = ["MIN_LEN", "SNAP", "Box", "Buckets", "Grid", "Row", "find_grids", "_Text", "_groups", "_neighbors"]


class Row:
    __slots__ = ("cells",)

    def __init__(self, cells: list[Box | None]) -> None:
        self.cells = cells


class Grid:
    """One ruled table: its cells, as ``find_tables()`` reports them."""

    __slots__ = ("cells",)

    def __init__(self, cells: list[Box]) -> None:
        self.cells = cells

    @property
    def bbox(self) -> Box:
        c = self.cells
        return (
            min(x[0] for x in c),
            min(x[1] for x in c),
            max(x[2] for x in c),
            max(x[3] for x in c),
        )

    @property
    def rows(self) -> list[Row]:
        cells = sorted(self.cells, key=lambda c: (c[1], c[0]))
        xs = sorted({c[0] for c in self.cells})
        rows: list[Row] = []
        cur_y = None
        xdict: dict[float, Box] = {}
        for c in cells:
            if c[1] != cur_y:
                if cur_y is not None:
                    rows.append(Row([xdict.get(x) for x in xs]))
                cur_y = c[1]
                xdict = {}
            xdict[c[0]] = c
        if cur_y is not None:
            rows.append(Row([xdict.get(x) for x in xs]))
        return rows

    @property
    def col_count(self) -> int:
        return len({c[0] for c in self.cells})


# --------------------------------------------------------------------------- 3. cells


def _cells(edges: list[list[Any]]) -> list[Box]:
    vs = sorted((e for e in edges if e[6]), key=lambda e: (e[0], e[1]))
    hs = sorted((e for e in edges if not e[6]), key=lambda e: (e[1], e[0]))
    # a point -> ids of the vertical and horizontal edges through it
    inter: dict[tuple[float, float], tuple[set[int], set[int]]] = {}
    t = SNAP
    hys = [h[1] for h in hs]  # hs is sorted by top: only those within a vertical's reach are tried
    for vi, v in enumerate(vs):
        vx, vtop, vbot = v[0], v[1], v[3]
        for hi in range(bisect.bisect_left(hys, vtop - t - 1e-6), bisect.bisect_right(hys, vbot + t + 1e-6)):
            h = hs[hi]
            ht = h[1]
            if vtop <= ht + t and vbot >= ht - t and vx >= h[0] - t and vx <= h[2] + t:
                pt = (vx, ht)
                got = inter.get(pt)
                if got is None:
                    got = inter[pt] = (set(), set())
                got[0].add(vi)
                got[1].add(hi)
    points = sorted(inter)
    by_x: dict[float, list[tuple[float, float]]] = {}
    by_y: dict[float, list[tuple[float, float]]] = {}
    for pt in points:  # sorted by x then y: each list is in order
        by_x.setdefault(pt[0], []).append(pt)
    for pt in sorted(points, key=lambda p: (p[1], p[0])):
        by_y.setdefault(pt[1], []).append(pt)

    def v_conn(p1: tuple[float, float], p2: tuple[float, float]) -> bool:
        return not inter[p1][0].isdisjoint(inter[p2][0])

    def h_conn(p1: tuple[float, float], p2: tuple[float, float]) -> bool:
        return not inter[p1][1].isdisjoint(inter[p2][1])

    cells: list[Box] = []
    for pt in points:
        col = by_x[pt[0]]
        row = by_y[pt[1]]
        below = col[col.index(pt) + 1 :]
        right = row[row.index(pt) + 1 :]
        found = None
        for bp in below:
            if not v_conn(pt, bp):
                continue
            for rp in right:
                if not h_conn(pt, rp):
                    continue
                br = (rp[0], bp[1])
                if br in inter and v_conn(br, rp) and h_conn(br, bp):
                    found = (pt[0], pt[1], br[0], br[1])
                    break
            if found:
                break
        if found:
            cells.append(found)
    return cells


# --------------------------------------------------------------------------- 4. tables


def _tables(cells: list[Box], text: _Text) -> list[list[Box]]:
    remaining = list(cells)
    corners: set[tuple[float, float]] = set()
    current: list[Box] = []
    tables: list[list[Box]] = []
    while remaining:
        before = len(current)
        keep: list[Box] = []
        for cell in remaining:
            x0, y0, x1, y1 = cell
            cc = ((x0, y0), (x0, y1), (x1, y0), (x1, y1))
            if not current or any(c in corners for c in cc):
                corners.update(cc)
                current.append(cell)
            else:
                keep.append(cell)
        remaining = keep
        if len(current) == before:
            tables.append(current)
            corners = set()
            current = []
    if current:
        tables.append(current)

    out = []
    for t in tables:
        if len({c[0] for c in t}) < 2 or len({c[2] for c in t}) < 2:
            continue
        bbox = (min(c[0] for c in t), min(c[1] for c in t), max(c[2] for c in t), max(c[3] for c in t))
        if not text.overlaps(bbox):
            continue
        out.append(t)
    out.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return out


def find_grids(
    paths: list[dict[str, Any]],
    clip: Box,
    words: Sequence[Box],
    ctm: Sequence[float],
    page: Any = None,
) -> list[Grid]:
    """Ruled tables on a page (rotation 0) from its ``get_cdrawings()`` paths.

    ``clip`` is the page rectangle, ``words`` the word boxes of the page,
    ``ctm`` its transformation matrix and ``page`` the page itself, for the
    rare text question the word boxes cannot answer (see :class:`_Text`).
    """
    text = _Text(words, ctm, page)
    edges = _merge(_edges(paths, clip, text))
    if not edges:
        return []
    return [Grid(t) for t in _tables(_cells(edges), text)]
