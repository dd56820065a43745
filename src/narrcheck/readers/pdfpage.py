"""PDF pages: words, visual lines and ruled-table fragments of one page (its text layer or its OCR boxes).

``readers/pdf.py`` reads a whole document from these pages (margins, captions, paragraphs, tables
continued across pages); see its docstring for how a page is read and why.
"""

from __future__ import annotations

import os
import re
import statistics
from dataclasses import dataclass, field
from typing import Any

from .buckets import Buckets
from .grid import find_grids
from .imagegrid import as_paths

# --------------------------------------------------------------------------- text helpers

_CJK_RE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’《》（）【】、，。：；！？]")
_SENT_END = tuple("。：；！？:;!?")
HEADING_RE = re.compile(
    r"^(?:第[一二三四五六七八九十\d]+部分"
    r"|[一二三四五六七八九十百]+[、.．]"
    r"|[（(][一二三四五六七八九十\d]+[)）]"
    r"|\d{1,2}[、.．](?!\d)"
    r"|附件|附表|注[：:]|说明[：:])"
)
_CONT_RE = re.compile(r"^[（(]?续(?:表|上表|前表)?[)）]?\s*\S{0,20}$")


def _is_cjk(ch: str) -> bool:
    return bool(_CJK_RE.match(ch))


def _join_pieces(
    pieces: list[tuple[float, float, str]], height: float, spans: list[tuple[int, int]] | None = None
) -> str:
    """Join (x0, x1, text) pieces of one visual line, left to right.

    A space is kept between pieces unless both sides are CJK and the gap is
    small (letter spacing such as ``项  目``); touching pieces get no space.
    When ``spans`` is given, the (start, end) of each piece in the result is
    appended to it, in the order of ``pieces``.
    """
    out = ""
    prev_x1 = None
    for x0, x1, t in pieces:
        if not out:
            out = t
            if spans is not None:
                spans.append((0, len(t)))
        else:
            gap = x0 - (prev_x1 if prev_x1 is not None else x0)
            if gap < 0.15 * height:
                sep = ""
            elif _is_cjk(out[-1]) and _is_cjk(t[0]) and gap < 1.6 * height:
                sep = ""
            else:
                sep = " "
            out += sep + t
            if spans is not None:
                spans.append((len(out) - len(t), len(out)))
        prev_x1 = x1 if prev_x1 is None else max(prev_x1, x1)
    return out


def _join_lines(lines: list[str]) -> str:
    """Join the lines of one cell: no space when either side is CJK."""
    out = ""
    for ln in lines:
        ln = ln.strip()
        if not ln:
            continue
        if not out:
            out = ln
        elif out[-1].isascii() and out[-1].isalpha() and ln[0].isascii() and ln[0].isalpha():
            out += " " + ln  # two English words
        else:
            out += ln
    return out


# --------------------------------------------------------------------------- page model


@dataclass
class _Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    key: tuple[int, int]  # MuPDF (block, line)


@dataclass
class _Line:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    height: float
    # (start, end) of each word inside ``text`` and its box (x0, y0, x1, y1)
    words: list[tuple[int, int, float, float, float, float]] = field(default_factory=list)

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class _Frag:
    """One table fragment as found on one page."""

    page: int
    bbox: tuple[float, float, float, float]
    rows: list[list[str]]
    boxes: list[list[tuple[int, float, float, float, float] | None]]
    xs: list[float]  # column left edges
    caption: list[_Line] = field(default_factory=list)

    @property
    def y0(self) -> float:
        return self.bbox[1]

    @property
    def ncols(self) -> int:
        return len(self.rows[0]) if self.rows else 0


def _group_lines(words: list[_Word], page: int) -> list[_Line]:
    """Visual lines from words: MuPDF lines, merged when they share a baseline band."""
    by_key: dict[tuple[int, int], list[_Word]] = {}
    for w in words:
        by_key.setdefault(w.key, []).append(w)
    groups: list[list[_Word]] = sorted(by_key.values(), key=lambda g: min(w.y0 for w in g))

    def core(g: list[_Word]) -> tuple[float, float]:
        # the band of the line's most common height, so one tall word cannot stretch it
        hs = sorted(w.y1 - w.y0 for w in g)
        h = hs[len(hs) // 2]
        ws = [w for w in g if abs((w.y1 - w.y0) - h) < 0.5] or g
        return min(w.y0 for w in ws), max(w.y1 for w in ws)

    clusters: list[tuple[list[_Word], float, float]] = []  # words, y0, y1 (core)
    for g in groups:
        gy0, gy1 = core(g)
        gx0, gx1 = min(w.x0 for w in g), max(w.x1 for w in g)
        placed = False
        for ci in range(len(clusters) - 1, max(-1, len(clusters) - 6), -1):
            cw, cy0, cy1 = clusters[ci]
            ov = min(gy1, cy1) - max(gy0, cy0)
            if ov <= 0:
                continue
            if ov < 0.5 * min(gy1 - gy0, cy1 - cy0):
                continue
            if any(min(gx1, w.x1) - max(gx0, w.x0) > 1.0 for w in cw):
                continue  # horizontally overlapping: a different line
            cw.extend(g)
            clusters[ci] = (cw, min(cy0, gy0), max(cy1, gy1))
            placed = True
            break
        if not placed:
            clusters.append((list(g), gy0, gy1))

    lines: list[_Line] = []
    for cw, cy0, cy1 in clusters:
        cw.sort(key=lambda w: w.x0)
        h = cy1 - cy0
        spans: list[tuple[int, int]] = []
        text = _join_pieces([(w.x0, w.x1, w.text) for w in cw], h, spans)
        if not text.strip():
            continue
        lead = len(text) - len(text.lstrip())
        text = text.strip()
        boxes = [
            (a - lead, z - lead, w.x0, w.y0, w.x1, w.y1)
            for (a, z), w in zip(spans, cw)
            if a - lead >= 0 and z - lead <= len(text)
        ]
        lines.append(_Line(page, min(w.x0 for w in cw), cy0, max(w.x1 for w in cw), cy1, text, h, boxes))
    lines.sort(key=lambda ln: (round(ln.y0, 0), ln.x0))
    return lines


def _cell_text(words: list[_Word]) -> str:
    if not words:
        return ""
    # rows of words inside a cell, by vertical overlap
    words = sorted(words, key=lambda w: (w.y0, w.x0))
    rows: list[list[_Word]] = []
    bands: list[list[float]] = []  # each row's (min y0, max y1), kept as words join it
    for w in words:
        for r, band in zip(rows, bands):
            ry0, ry1 = band
            ov = min(ry1, w.y1) - max(ry0, w.y0)
            if ov > 0.5 * min(ry1 - ry0, w.y1 - w.y0):
                r.append(w)
                band[0], band[1] = min(ry0, w.y0), max(ry1, w.y1)
                break
        else:
            rows.append([w])
            bands.append([w.y0, w.y1])
    rows.sort(key=lambda r: min(x.y0 for x in r))
    parts = []
    for r in rows:
        r.sort(key=lambda w: w.x0)
        h = statistics.median(w.y1 - w.y0 for w in r)
        parts.append(_join_pieces([(w.x0, w.x1, w.text) for w in r], h))
    return _join_lines(parts).replace("\t", " ")


def _split_word_chars(page: Any, w: _Word) -> list[_Word]:
    """A word straddling cell borders, as one-character words (rare, so done lazily)."""
    import pymupdf

    out: list[_Word] = []
    clip = pymupdf.Rect(w.x0 - 0.5, w.y0 - 0.5, w.x1 + 0.5, w.y1 + 0.5)
    raw = page.get_text("rawdict", clip=clip)
    for b in raw.get("blocks", []):
        for ln in b.get("lines", []):
            for sp in ln.get("spans", []):
                for ch in sp.get("chars", []):
                    c = ch["c"]
                    if not c.strip():
                        continue
                    x0, y0, x1, y1 = ch["bbox"]
                    out.append(_Word(x0, y0, x1, y1, c, w.key))
    return out or [w]


_USE_FIND_TABLES = os.environ.get("NARRCHECK_PDF_TABLES", "").strip().lower() == "pymupdf"


def _find_grids(page: Any, paths: list[dict[str, Any]] | None, words: list[_Word]) -> list[Any]:
    """The page's ruled tables: objects with ``bbox``, ``rows[i].cells`` and ``col_count``.

    ``grid.find_grids`` (the same line-strategy pipeline as ``find_tables()``,
    on the drawings already fetched and the page's words, ~10x faster) on
    ordinary pages; ``page.find_tables()`` on rotated or transformed pages,
    when the drawings could not be read, if the grid code fails, or with
    ``NARRCHECK_PDF_TABLES=pymupdf`` (for cross-checks).
    """
    if not _USE_FIND_TABLES and paths is not None and page.rotation == 0:
        ctm = tuple(page.transformation_matrix)
        if ctm[0] == 1 and ctm[1] == 0 and ctm[2] == 0 and ctm[3] == -1:
            try:
                return find_grids(paths, tuple(page.rect), [(w.x0, w.y0, w.x1, w.y1) for w in words], ctm, page)
            except Exception:  # noqa: BLE001 - odd drawings: let PyMuPDF try
                pass
    try:
        return page.find_tables().tables
    except Exception:  # noqa: BLE001 - a grid we cannot parse is text
        return []


_MAX_SPLITS = 2000  # words straddling cell borders split per page (each split asks MuPDF for its characters)


def _assign_words(
    page: Any, words: list[_Word], cells: list[tuple[int, int, tuple[float, float, float, float]]]
) -> dict[tuple[int, int], list[_Word]]:
    """Each word into the first cell (in ``cells`` order) holding its centre, else the nearest cell.

    A word reaching more than a third of a character past its cell is split
    into characters (at most _MAX_SPLITS per page). Cells are looked up in a
    :class:`~.buckets.Buckets` index, so a page of 100,000 words in 2,000 cells
    costs what its words cost, not their product.
    """
    index = Buckets([c[2] for c in cells])
    bucket: dict[tuple[int, int], list[_Word]] = {}
    queue = list(words)
    splits = 0
    while queue:
        w = queue.pop()
        cx, cy = (w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2
        hit = None
        straddle = False
        for k in sorted(index.near((cx, cy, cx, cy))):
            ri, ci, (x0, y0, x1, y1) = cells[k]
            if x0 <= cx <= x1 and y0 <= cy <= y1:
                hit = (ri, ci)
                # more than a third of a character outside the cell: split it
                cw = (w.x1 - w.x0) / max(1, len(w.text))
                if len(w.text) > 1 and (w.x0 < x0 - cw / 3 or w.x1 > x1 + cw / 3):
                    straddle = True
                break
        if straddle and splits < _MAX_SPLITS:
            splits += 1
            parts = _split_word_chars(page, w)
            if len(parts) > 1:
                queue.extend(parts)
                continue
        if hit is None:  # nearest cell
            best = None
            for ri, ci, (x0, y0, x1, y1) in cells:
                dx = max(x0 - cx, 0, cx - x1)
                dy = max(y0 - cy, 0, cy - y1)
                d = dx * dx + dy * dy
                if best is None or d < best[0]:
                    best = (d, (ri, ci))
            hit = best[1] if best else None
        if hit is not None:
            bucket.setdefault(hit, []).append(w)
    return bucket


def _page_words(page: Any, scan: Any) -> list[_Word]:
    """The page's words: its text layer, or the OCR boxes of ``scan`` (an ``ocr.OcrPage``) for a scanned page."""
    if scan is not None:
        return [_Word(w.x0, w.y0, w.x1, w.y1, w.text, (w.line, 0)) for w in scan.words if w.text.strip()]
    words: list[_Word] = []
    for x0, y0, x1, y1, t, b, ln, _wn in page.get_text("words"):
        t = t.strip()
        if t:
            words.append(_Word(x0, y0, x1, y1, t, (b, ln)))
    return words


def _read_page(page: Any, pno: int, scan: Any = None) -> tuple[list[_Line], list[_Frag], int]:
    """Lines outside tables, table fragments, and the number of text characters.

    With ``scan`` (an ``ocr.OcrPage``) the words are its OCR boxes and the
    drawings its ruling lines found in the image: the same steps follow.
    """
    words = _page_words(page, scan)
    nchars = sum(len(w.text) for w in words)

    frags: list[_Frag] = []
    found: list[Any] = []
    paths, ruled = _page_paths(page, scan)
    if ruled:
        found = _find_grids(page, paths, words)
    rest = words
    for tab in found:
        frag, rest = _fragment(page, pno, tab, rest)
        if frag is not None:
            frags.append(frag)
    lines = _group_lines(rest, pno)
    return lines, frags, nchars


def _page_paths(page: Any, scan: Any) -> tuple[list[dict[str, Any]] | None, bool]:
    """The page's drawings (or the ruling lines of ``scan``), and whether there are enough to hold a ruled table.

    A ruled table needs at least a handful of vector strokes; most prose pages have none. Drawings that
    cannot be read are None, and then the table finder is asked anyway.
    """
    paths: list[dict[str, Any]] | None
    try:
        paths = page.get_cdrawings() if scan is None else as_paths(scan.segments)
        paths = [d for d in paths if not _invisible(d)]
        ruled = sum(len(d.get("items", ())) for d in paths) >= 4
    except Exception:  # noqa: BLE001
        paths, ruled = None, True
    return paths, ruled


def _invisible(path: dict[str, Any]) -> bool:
    """A white fill with no stroke: the background a word processor paints behind each run of text (every line
    of a 长沙 budget's prose sits on one), which rules nothing however its boxes tile the page."""
    return path.get("type") == "f" and path.get("fill") == (1.0, 1.0, 1.0) and not path.get("color")


def _fragment(page: Any, pno: int, tab: Any, words: list[_Word]) -> tuple[_Frag | None, list[_Word]]:
    """One ruled table of the page as a fragment (cell texts and boxes, blank rows dropped), and the words
    left outside it; None for a grid with fewer than two columns, no cells or no text at all."""
    trows = tab.rows
    ncols = tab.col_count
    if ncols < 2 or not trows:
        return None, words
    cells: list[tuple[int, int, tuple[float, float, float, float]]] = []
    for ri, r in enumerate(trows):
        for ci, c in enumerate(r.cells):
            if c is not None:
                cells.append((ri, ci, tuple(c)))
    if not cells:
        return None, words
    bx0, by0, bx1, by1 = tab.bbox
    inside: list[_Word] = []
    outside: list[_Word] = []
    for w in words:
        cx, cy = (w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2
        if bx0 - 1 <= cx <= bx1 + 1 and by0 - 1 <= cy <= by1 + 1:
            inside.append(w)
        else:
            outside.append(w)
    bucket = _assign_words(page, inside, cells)
    grid: list[list[str]] = [[""] * ncols for _ in trows]
    boxes: list[list[Any]] = [[None] * ncols for _ in trows]
    for ri, ci, box in cells:
        txt = _cell_text(bucket.get((ri, ci), []))
        if ci < ncols:
            grid[ri][ci] = txt
            if txt:
                boxes[ri][ci] = (pno, round(box[0], 2), round(box[1], 2), round(box[2], 2), round(box[3], 2))
    keep = [i for i, r in enumerate(grid) if any(c for c in r)]
    if not keep:
        # a ruled grid with no text at all (a blank spill-over row): nothing to report
        return None, outside
    xs = [0.0] * ncols
    for ci in range(ncols):
        col = [c[2][0] for c in cells if c[1] == ci]
        xs[ci] = min(col) if col else 0.0
    frag = _Frag(
        page=pno,
        bbox=(bx0, by0, bx1, by1),
        rows=[grid[i] for i in keep],
        boxes=[boxes[i] for i in keep],
        xs=xs,
    )
    return frag, outside


# --------------------------------------------------------------------------- headers / footers
