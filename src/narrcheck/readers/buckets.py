"""A uniform-grid index over boxes: which boxes may touch a given one, without scanning them all.

The table finder (``grid.py``), the PDF reader's word-to-cell assignment
(``pdfpage.py``) and the OCR confidences (``ocr.py``) ask this of pages with
up to 100,000 drawings or words; each question used to scan them all.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Sequence


class Buckets:
    """A uniform grid over boxes, answering "which boxes may touch this one" in time proportional to the answer.

    Every box that overlaps or touches a query box (closed intervals) is in
    the answer; some that do not may be too (callers test exactly). Boxes
    spanning many grid cells, or with coordinates that are not finite, are
    kept aside and always returned. This is what keeps the table finder
    linear on pages with 100,000 drawings or words (each question used to
    scan them all).
    """

    SPAN = 64  # grid cells a box may cover before it is kept aside

    def __init__(self, boxes: Sequence[Sequence[float]], cell: float = 48.0) -> None:
        self.cell = cell
        self.grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.wide: list[int] = []
        grid, rng, span = self.grid, self._range, self.SPAN
        for i, b in enumerate(boxes):
            r = rng(b)
            if r is None:
                self.wide.append(i)
                continue
            gx0, gy0, gx1, gy1 = r
            if gx0 == gx1 and gy0 == gy1:  # most words and short rules sit in one grid cell
                grid[(gx0, gy0)].append(i)
            elif (gx1 - gx0 + 1) * (gy1 - gy0 + 1) > span:
                self.wide.append(i)
            else:
                for gx in range(gx0, gx1 + 1):
                    for gy in range(gy0, gy1 + 1):
                        grid[(gx, gy)].append(i)

    def _range(self, b: Sequence[float]) -> tuple[int, int, int, int] | None:
        # asked about every box and word of a page: written out (no generator, no min/max calls), which
        # halves the reader's time in it
        x0, y0, x1, y1 = b[0], b[1], b[2], b[3]
        isfinite = math.isfinite
        if not (isfinite(x0) and isfinite(y0) and isfinite(x1) and isfinite(y1)):
            return None
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        c, floor = self.cell, math.floor
        return floor(x0 / c), floor(y0 / c), floor(x1 / c), floor(y1 / c)

    def near(self, b: Sequence[float]) -> set[int]:
        """Indices of the boxes that may overlap or touch ``b``."""
        out = set(self.wide)
        r = self._range(b)
        if r is None or (r[2] - r[0] + 1) * (r[3] - r[1] + 1) > len(self.grid):
            for ids in self.grid.values():
                out.update(ids)
            return out
        get = self.grid.get
        for gx in range(r[0], r[2] + 1):
            for gy in range(r[1], r[3] + 1):
                found = get((gx, gy))
                if found:
                    out.update(found)
        return out
