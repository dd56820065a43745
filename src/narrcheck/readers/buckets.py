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
        for i, b in enumerate(boxes):
            r = self._range(b)
            if r is None or (r[2] - r[0] + 1) * (r[3] - r[1] + 1) > self.SPAN:
                self.wide.append(i)
                continue
            for gx in range(r[0], r[2] + 1):
                for gy in range(r[1], r[3] + 1):
                    self.grid[(gx, gy)].append(i)

    def _range(self, b: Sequence[float]) -> tuple[int, int, int, int] | None:
        x0, y0, x1, y1 = b[0], b[1], b[2], b[3]
        if not all(math.isfinite(v) for v in (x0, y0, x1, y1)):
            return None
        c = self.cell
        return (
            math.floor(min(x0, x1) / c),
            math.floor(min(y0, y1) / c),
            math.floor(max(x0, x1) / c),
            math.floor(max(y0, y1) / c),
        )

    def near(self, b: Sequence[float]) -> set[int]:
        """Indices of the boxes that may overlap or touch ``b``."""
        out = set(self.wide)
        r = self._range(b)
        if r is None or (r[2] - r[0] + 1) * (r[3] - r[1] + 1) > len(self.grid):
            for ids in self.grid.values():
                out.update(ids)
            return out
        for gx in range(r[0], r[2] + 1):
            for gy in range(r[1], r[3] + 1):
                found = self.grid.get((gx, gy))
                if found:
                    out.update(found)
        return out
