"""Ruling lines of a page's vector drawings: steps 1 and 2 of ``grid.find_grids`` (edges, then merged edges).

See ``grid.py`` for the whole pipeline and why it is PyMuPDF's ``find_tables()``
"lines" strategy redone step for step (same order, so the same floating-point
results). Here: every axis-parallel stroke becomes an edge, groups of touching
drawings that hold text add their borders (``clean_graphics``, asked of the
reader's words through :class:`_Text`), then edges are snapped to their
cluster's mean coordinate, collinear pieces joined and short ones dropped.
"""

from __future__ import annotations

import heapq
from typing import Any, Iterable, Sequence

from .buckets import Buckets

SNAP = 3.0  # snap, join and intersection tolerance (PyMuPDF defaults)
MIN_LEN = 3.0  # edge_min_length

Box = tuple[float, float, float, float]


class _Text:
    """The "is there text" questions the table finder asks, answered from word boxes.

    ``words`` are (x0, y0, x1, y1) boxes in page coordinates. ``ctm`` is the
    page's transformation matrix: PyMuPDF's group test (``chars_in_rect``)
    compares the group's page-space box with the characters' *PDF-space* y
    (y flipped), a quirk that decides which groups add border edges; the
    same is asked here, so the same groups count.

    PyMuPDF asks it of character boxes with "small glyph heights" (one font
    size tall), which lie inside the word boxes (checked on every character
    of the corpus). So a word inside the box means yes, no word touching it
    means no, and only in between are the characters looked up, with the
    same text-page settings as ``find_tables()`` (``page`` is needed then).
    """

    def __init__(self, words: Sequence[Box], ctm: Sequence[float], page: Any = None) -> None:
        self.words = words
        self.page = page
        self.ctm = tuple(ctm)
        self.simple = self.ctm[1] == 0 and self.ctm[2] == 0
        self._pdf_space: list[Box] | None = None
        self._pdf_index: Buckets | None = None
        self._page_index: Buckets | None = None

    def _to_pdf(self, x0: float, y0: float, x1: float, y1: float) -> Box:
        a, b, c, d, e, f = self.ctm
        xs = (a * x0 + c * y0 + e, a * x1 + c * y0 + e, a * x0 + c * y1 + e, a * x1 + c * y1 + e)
        ys = (b * x0 + d * y0 + f, b * x1 + d * y0 + f, b * x0 + d * y1 + f, b * x1 + d * y1 + f)
        if self.simple:
            return (x0, min(ys), x1, max(ys))  # x stays in page space, as in PyMuPDF
        return (min(xs), min(ys), max(xs), max(ys))

    def in_group(self, r: Sequence[float]) -> bool:
        """A character with its x (page) and PDF-space y inside ``r``."""
        if self._pdf_space is None:
            self._pdf_space = [self._to_pdf(*w) for w in self.words]
            self._pdf_index = Buckets(self._pdf_space)
        rx0, ry0, rx1, ry1 = r
        maybe = False
        assert self._pdf_index is not None
        for i in self._pdf_index.near(r):  # a word inside or touching r shares a grid cell with it
            x0, y0, x1, y1 = self._pdf_space[i]
            if rx0 <= x0 and x1 <= rx1 and ry0 <= y0 and ry1 >= y1:
                return True
            if x0 <= rx1 and x1 >= rx0 and y0 <= ry1 and y1 >= ry0:
                maybe = True
        if not maybe:
            return False
        return self._chars_in_group(r)

    def _chars_in_group(self, r: Sequence[float]) -> bool:
        """The exact test on the characters of the page area that maps onto ``r``."""
        import pymupdf
        from pymupdf import table as _tb

        page = self.page
        if page is None or not self.simple:
            return True  # cannot look: assume text, the more common answer
        rx0, ry0, rx1, ry1 = r
        # page-space area whose PDF-space image is r (the flip is its own inverse)
        a, b, c, d, e, f = self.ctm
        ya, yb = d * ry0 + f, d * ry1 + f
        clip = pymupdf.Rect(rx0 - 1, min(ya, yb) - 1, rx1 + 1, max(ya, yb) + 1)
        old = bool(pymupdf.TOOLS.set_small_glyph_heights())
        pymupdf.TOOLS.set_small_glyph_heights(True)
        try:
            raw = page.get_text("rawdict", clip=clip, flags=_tb.FLAGS)
        finally:
            pymupdf.TOOLS.set_small_glyph_heights(old)
        for blk in raw.get("blocks", ()):
            for ln in blk.get("lines", ()):
                for sp in ln.get("spans", ()):
                    for ch in sp.get("chars", ()):
                        x0, y0, x1, y1 = self._to_pdf(*ch["bbox"])
                        if rx0 <= x0 and x1 <= rx1 and ry0 <= y0 and ry1 >= y1:
                            return True
        return False

    def overlaps(self, r: Sequence[float]) -> bool:
        """A word overlaps ``r`` (strictly)."""
        rx0, ry0, rx1, ry1 = r
        if self._page_index is None:
            self._page_index = Buckets(self.words)
        for i in self._page_index.near(r):
            x0, y0, x1, y1 = self.words[i]
            if x0 < rx1 and x1 > rx0 and y0 < ry1 and y1 > ry0:
                return True
        return False


# --------------------------------------------------------------------------- 1. edges

# an edge: [x0, top, x1, bottom, width, height, vertical?]


def _make_line(p1: Sequence[float], p2: Sequence[float], clip: Box, out: list[list[Any]]) -> None:
    ax, ay = p1[0], p1[1]
    bx, by = p2[0], p2[1]
    if not (abs(ax - bx) <= SNAP or abs(ay - by) <= SNAP):
        return  # only axis-parallel lines
    x0 = min(ax, bx)
    x1 = max(ax, bx)
    y0 = min(ay, by)
    y1 = max(ay, by)
    cx0, cy0, cx1, cy1 = clip
    if x0 > cx1 or x1 < cx0 or y0 > cy1 or y1 < cy0:
        return
    if x0 < cx0:
        x0 = cx0
    if x1 > cx1:
        x1 = cx1
    if y0 < cy0:
        y0 = cy0
    if y1 > cy1:
        y1 = cy1
    width = x1 - x0
    height = y1 - y0
    if width == height == 0:
        return
    # PyMuPDF calls a line horizontal only when it is exactly so
    out.append([x0, y0, x1, y1, width, height, y0 != y1])


def _neighbors(r1: Sequence[float], r2: Sequence[float]) -> bool:
    s = SNAP
    if (r2[0] - s <= r1[0] <= r2[2] + s or r2[0] - s <= r1[2] <= r2[2] + s) and (
        r2[1] - s <= r1[1] <= r2[3] + s or r2[1] - s <= r1[3] <= r2[3] + s
    ):
        return True
    if (r1[0] - s <= r2[0] <= r1[2] + s or r1[0] - s <= r2[2] <= r1[2] + s) and (
        r1[1] - s <= r2[1] <= r1[3] + s or r1[1] - s <= r2[3] <= r1[3] + s
    ):
        return True
    return False


def _groups(paths: Iterable[dict[str, Any]], text: _Text) -> list[Box]:
    """Boxes of groups of touching drawings that hold text (``clean_graphics``).

    PyMuPDF's order, which decides the result: boxes sorted by bottom, then
    left; the first box absorbs every other box that is its neighbour
    (``_neighbors``, inlined: this loop is the hot one), scanning from the
    last to the second and growing as it goes; the pass repeats until
    nothing is absorbed; then the next box starts. Done here with a
    :class:`Buckets` index: a pass visits, in the same descending order,
    only the boxes near the growing box (the others fail the "far apart"
    test anyway), so the result is the same and the cost is no longer the
    square of the number of drawings.
    """
    prects = sorted({tuple(p["rect"]) for p in paths}, key=lambda r: (r[3], r[0]))
    n = len(prects)
    index = Buckets(prects)
    alive = [True] * n
    out: list[Box] = []
    for first in range(n):
        if not alive[first]:
            continue
        alive[first] = False
        box = prects[first]
        grown = True
        while grown:
            box, grown = _absorb_pass(prects, alive, index, first, box)
        if text.in_group(box):
            out.append(box)
    return out


def _absorb_pass(prects: list[Box], alive: list[bool], index: Buckets, first: int, box: Box) -> tuple[Box, bool]:
    """One pass of :func:`_groups` from the last box down to ``first + 1``: (grown box, anything absorbed)."""
    s = SNAP
    x0, y0, x1, y1 = box
    seen = {i for i in index.near((x0 - s, y0 - s, x1 + s, y1 + s)) if i > first and alive[i]}
    heap = [-i for i in seen]
    heapq.heapify(heap)
    absorbed = False
    while heap:
        i = -heapq.heappop(heap)
        a0, b0, a1, b1 = prects[i]
        if a0 > x1 + s or a1 < x0 - s or b0 > y1 + s or b1 < y0 - s:
            continue  # far apart: never neighbours
        if not (
            ((a0 - s <= x0 <= a1 + s or a0 - s <= x1 <= a1 + s) and (b0 - s <= y0 <= b1 + s or b0 - s <= y1 <= b1 + s))
            or (
                (x0 - s <= a0 <= x1 + s or x0 - s <= a1 <= x1 + s)
                and (y0 - s <= b0 <= y1 + s or y0 - s <= b1 <= y1 + s)
            )
        ):
            continue
        # include both corners
        nx0, nx1 = min(x0, a0, a1), max(x1, a0, a1)
        ny0, ny1 = min(y0, b0, b1), max(y1, b0, b1)
        alive[i] = False
        absorbed = True
        if (nx0, ny0, nx1, ny1) != (x0, y0, x1, y1):
            x0, y0, x1, y1 = nx0, ny0, nx1, ny1
            # boxes below i that the grown box now reaches are visited later in this same pass
            for j in index.near((x0 - s, y0 - s, x1 + s, y1 + s)):
                if first < j < i and alive[j] and j not in seen:
                    seen.add(j)
                    heapq.heappush(heap, -j)
    return (x0, y0, x1, y1), absorbed


def _edges(paths: list[dict[str, Any]], clip: Box, text: _Text) -> list[list[Any]]:
    edges: list[list[Any]] = []
    for p in paths:
        items = p.get("items") or ()
        if p.get("closePath") and items and items[0][0] == "l" and items[-1][0] == "l":
            items = list(items) + [("l", items[-1][2], items[0][1])]
        for it in items:
            kind = it[0]
            if kind == "l":
                _make_line(it[1], it[2], clip, edges)
            elif kind == "re":
                x0, y0, x1, y1 = it[1]
                if x1 < x0:
                    x0, x1 = x1, x0
                if y1 < y0:
                    y0, y1 = y1, y0
                w = x1 - x0
                h = y1 - y0
                if w <= MIN_LEN and w < h:  # a vertical line drawn as a thin box
                    x = abs(x1 + x0) / 2
                    _make_line((x, y0), (x, y1), clip, edges)
                    continue
                if h <= MIN_LEN and h < w:  # a horizontal one
                    y = abs(y1 + y0) / 2
                    _make_line((x0, y), (x1, y), clip, edges)
                    continue
                _make_line((x0, y0), (x0, y1), clip, edges)
                _make_line((x0, y1), (x1, y1), clip, edges)
                _make_line((x1, y1), (x1, y0), clip, edges)
                _make_line((x1, y0), (x0, y0), clip, edges)
            elif kind == "qu":
                ul, ur, ll, lr = it[1]
                _make_line(ul, ll, clip, edges)
                _make_line(ll, lr, clip, edges)
                _make_line(lr, ur, clip, edges)
                _make_line(ur, ul, clip, edges)
    for x0, y0, x1, y1 in _groups(paths, text):
        _make_line((x0, y0), (x1, y0), clip, edges)
        _make_line((x0, y1), (x1, y1), clip, edges)
        _make_line((x0, y0), (x0, y1), clip, edges)
        _make_line((x1, y0), (x1, y1), clip, edges)
    return edges


# --------------------------------------------------------------------------- 2. merge


def _snap(edges: list[list[Any]], key: int) -> list[list[Any]]:
    """Move edges to the mean of their chained SNAP-clusters (``snap_objects``)."""
    if not edges:
        return []
    values = sorted({e[key] for e in edges})
    cid: dict[float, int] = {}
    c = 0
    last = values[0]
    for v in values:
        if v > last + SNAP:
            c += 1
        cid[v] = c
        last = v
    clusters: list[list[list[Any]]] = [[] for _ in range(c + 1)]
    for e in edges:
        clusters[cid[e[key]]].append(e)
    out: list[list[Any]] = []
    for cl in clusters:
        if not cl:
            continue
        avg = sum(e[key] for e in cl) / len(cl)
        for e in cl:
            d = avg - e[key]
            ne = list(e)
            if key == 0:
                ne[0] = e[0] + d
                ne[2] = e[2] + d
            else:
                ne[1] = e[1] + d
                ne[3] = e[3] + d
            out.append(ne)
    return out


def _join(group: list[list[Any]], vertical: bool) -> list[list[Any]]:
    lo, hi = (1, 3) if vertical else (0, 2)
    group = sorted(group, key=lambda e: e[lo])
    joined = [group[0]]
    for e in group[1:]:
        last = joined[-1]
        if e[lo] <= last[hi] + SNAP:
            if e[hi] > last[hi]:
                ne = list(last)
                ne[hi] = e[hi]
                if vertical:  # as pdfplumber's resize_object computes them
                    ne[5] = last[5] + (e[hi] - last[hi])
                else:
                    ne[4] = e[hi] - last[0]
                joined[-1] = ne
        else:
            joined.append(e)
    return joined


def _merge(edges: list[list[Any]]) -> list[list[Any]]:
    v = [e for e in edges if e[6] and e[5] >= 1]
    h = [e for e in edges if not e[6] and e[4] >= 1]
    snapped = _snap(v, 0) + _snap(h, 1)
    # group by (orientation, coordinate): "h" before "v", then by coordinate
    snapped.sort(key=lambda e: (1, e[0]) if e[6] else (0, e[1]))
    out: list[list[Any]] = []
    i = 0
    n = len(snapped)
    while i < n:
        e = snapped[i]
        k = (e[6], e[0] if e[6] else e[1])
        j = i + 1
        while j < n and (snapped[j][6], snapped[j][0] if snapped[j][6] else snapped[j][1]) == k:
            j += 1
        out.extend(_join(snapped[i:j], e[6]))
        i = j
    return [e for e in out if (e[5] if e[6] else e[4]) >= MIN_LEN]
