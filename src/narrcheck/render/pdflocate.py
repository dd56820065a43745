"""Where text stands on the pages of a PDF: offsets of ``Document.text`` → rectangles, table cells → boxes.

Positions come from ``Document.boxes`` (page and box of each word of the
text, kept by the PDF reader); a span covering only part of a word (CJK
lines are often a single "word") is narrowed to its characters using the
page's character boxes. Used by ``annotate.py`` to place its marks.
"""

from __future__ import annotations

import bisect
from typing import Any

from ..model import Document

Box = tuple[int, float, float, float, float]  # page (1-based), x0, y0, x1, y1


class _Locator:
    """Text offsets of ``Document.text`` → rectangles on the pages of the open PDF."""

    def __init__(self, doc: Document, pdf: Any) -> None:
        self.doc = doc
        self.pdf = pdf
        self.boxes = doc.boxes or []
        self.starts = [b[0] for b in self.boxes]
        self._chars: dict[int, list[tuple[float, float, tuple[float, float, float, float], str]]] = {}
        self._cells: dict[tuple[int, int], Box] | None = None

    def page_chars(self, page: int) -> list[tuple[float, float, tuple[float, float, float, float], str]]:
        """(x centre, y centre, bbox, char) of every character of a page, in MuPDF order."""
        if page not in self._chars:
            out = []
            raw = self.pdf[page - 1].get_text("rawdict")
            for b in raw.get("blocks", []):
                for ln in b.get("lines", []):
                    for sp in ln.get("spans", []):
                        for ch in sp.get("chars", []):
                            x0, y0, x1, y1 = ch["bbox"]
                            out.append(((x0 + x1) / 2, (y0 + y1) / 2, (x0, y0, x1, y1), ch["c"]))
            self._chars[page] = out
        return self._chars[page]

    def _narrow(self, entry: tuple, a: int, z: int) -> tuple[float, float, float, float]:
        """The part of a word box holding characters [a, z) of ``Document.text``."""
        s, e, page, x0, y0, x1, y1 = entry
        if a <= s and z >= e:
            return (x0, y0, x1, y1)
        word = self.doc.text[s:e]
        idx = [i for i, c in enumerate(word) if not c.isspace()]
        chars = [
            c
            for c in self.page_chars(page)
            if x0 - 0.5 <= c[0] <= x1 + 0.5 and y0 - 0.5 <= c[1] <= y1 + 0.5 and not c[3].isspace()
        ]
        lo, hi = max(a, s) - s, min(z, e) - s
        if len(chars) == len(idx) and all(word[i] == c[3] for i, c in zip(idx, chars)):
            picked = [c[2] for i, c in zip(idx, chars) if lo <= i < hi]
            if picked:
                return (
                    min(p[0] for p in picked),
                    min(p[1] for p in picked),
                    max(p[2] for p in picked),
                    max(p[3] for p in picked),
                )
        # characters not recoverable: share the width out (a CJK character counts double)
        weights = [2.0 if ord(c) > 0x2E80 else 1.0 for c in word]
        total = sum(weights) or 1.0
        left = sum(weights[:lo]) / total
        right = sum(weights[:hi]) / total
        return (x0 + (x1 - x0) * left, y0, x0 + (x1 - x0) * right, y1)

    def span_rects(self, start: int, end: int) -> list[tuple[int, list[tuple[float, float, float, float]]]]:
        """Rectangles covering text [start, end): per page, one per line, in reading order."""
        if not self.boxes or end <= start:
            return []
        i = bisect.bisect_right(self.starts, start) - 1
        i = max(i, 0)
        out: list[tuple[int, list[list[float]]]] = []
        while i < len(self.boxes) and self.boxes[i][0] < end:
            entry = self.boxes[i]
            i += 1
            if entry[1] <= start:
                continue
            page = entry[2]
            r = list(self._narrow(entry, start, end))
            if out and out[-1][0] == page:
                last = out[-1][1][-1]
                ov = min(last[3], r[3]) - max(last[1], r[1])
                if ov > 0.5 * min(last[3] - last[1], r[3] - r[1]) and r[0] >= last[0] - 1:
                    last[0], last[1] = min(last[0], r[0]), min(last[1], r[1])
                    last[2], last[3] = max(last[2], r[2]), max(last[3], r[3])
                    continue
                out[-1][1].append(r)
            else:
                out.append((page, [r]))
        return [(p, [tuple(r) for r in rs]) for p, rs in out]  # type: ignore[misc]

    def cell_box(self, offset: tuple[int, int] | None) -> Box | None:
        """Box of the table cell whose text starts at ``offset``."""
        if offset is None:
            return None
        if self._cells is None:
            self._cells = {}
            for rt in self.doc.raw_tables:
                if not rt.cell_spans or not rt.cell_boxes:
                    continue
                for srow, brow in zip(rt.cell_spans, rt.cell_boxes):
                    for sp, bx in zip(srow, brow):
                        if sp is not None and bx is not None:
                            self._cells[sp] = bx
        box = self._cells.get(tuple(offset))  # type: ignore[arg-type]
        if box is not None:
            return box
        rects = self.span_rects(offset[0], offset[1])
        if not rects:
            return None
        page, rs = rects[0]
        return (page, min(r[0] for r in rs), min(r[1] for r in rs), max(r[2] for r in rs), max(r[3] for r in rs))
