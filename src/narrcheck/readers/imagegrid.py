"""Ruling lines of a scanned page, found in its image, as the segments a text PDF draws.

A text PDF's tables are found from its vector drawings (``grid.find_grids``).
A scan has none; its table rules are long thin runs of dark pixels. They are
found with two morphological openings of the binarised page (a horizontal
and a vertical structuring element longer than any character stroke, so
text is removed and rules remain), each connected remnant becomes one
segment through its middle, and the segments are handed to ``find_grids``
as ``l`` drawing items: the same snapping, joining, cell and table steps
then build the same grids the reader builds for a text PDF.
"""

from __future__ import annotations

from typing import Any

Segment = tuple[float, float, float, float]  # x0, y0, x1, y1 (horizontal: y0 == y1; vertical: x0 == x1)

MIN_RULE_PT = 24.0  # a rule is at least this long (a CJK character at 12 pt is 12 pt wide)
MAX_THICK_PT = 3.0  # and at most this thick


def _binary(img: Any) -> Any:
    """Dark pixels as 255 (Otsu's threshold on the greyscale page)."""
    import cv2

    _t, bw = cv2.threshold(img, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return bw


def find_segments(img: Any, dpi: float | None = None) -> list[Segment]:
    """Horizontal and vertical rules of a greyscale page image, in pixels, top-to-bottom then left-to-right.

    ``dpi`` sets the minimum rule length (MIN_RULE_PT); by default it is
    guessed from the page width (an A4 page is 595 pt wide).
    """
    import cv2

    h, w = img.shape[:2]
    dpi = dpi or w / 595.0 * 72.0
    length = max(10, int(MIN_RULE_PT * dpi / 72.0))
    thick = max(2, int(MAX_THICK_PT * dpi / 72.0))
    bw = _binary(img)
    horiz = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    vert = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    segs = _components(horiz, thick, horizontal=True) + _components(vert, thick, horizontal=False)
    segs.sort(key=lambda s: (s[1], s[0], s[3], s[2]))
    return segs


def _components(mask: Any, thick: int, horizontal: bool) -> list[Segment]:
    """One segment through the middle of each connected run that is long and thin enough."""
    import cv2

    n, _labels, stats, _c = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out: list[Segment] = []
    for i in range(1, n):
        x, y, w, h = (int(v) for v in stats[i][:4])
        if horizontal and h <= thick * 2:
            mid = y + (h - 1) / 2
            out.append((float(x), mid, float(x + w - 1), mid))
        elif not horizontal and w <= thick * 2:
            mid = x + (w - 1) / 2
            out.append((mid, float(y), mid, float(y + h - 1)))
    return out


def erase_segments(img: Any, segs: list[Segment], pad: int = 2) -> Any:
    """A copy of the page with the rules painted white (OCR reads cells better without their borders)."""
    out = img.copy()
    for x0, y0, x1, y1 in segs:
        a = max(0, int(x0) - pad)
        b = max(0, int(y0) - pad)
        out[b : int(y1) + pad + 1, a : int(x1) + pad + 1] = 255
    return out


def as_paths(segs: list[Segment]) -> list[dict[str, Any]]:
    """Segments in the shape of ``page.get_cdrawings()`` paths, for ``grid.find_grids``."""
    return [{"rect": (x0, y0, x1, y1), "items": [("l", (x0, y0), (x1, y1))]} for x0, y0, x1, y1 in segs]
