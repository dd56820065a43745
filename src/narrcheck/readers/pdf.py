"""PDF disclosures: narrative lines rebuilt from word boxes, tables from ruled grids.

How a page is read (PyMuPDF 1.2x; see docs/READERS.md for the measurements):

* ``page.get_text("words")`` gives every word with its box. Words are grouped
  into visual lines with a *vertical tolerance*: MuPDF's own lines are merged
  when they overlap vertically by at least half the smaller height and do not
  overlap horizontally, so digits set in another font on a slightly different
  baseline stay inside their sentence.
* Ruled tables: ``grid.find_grids()`` (PyMuPDF's ``find_tables()`` ruling-line
  pipeline redone on ``get_cdrawings()`` without its character list; same
  cells, 20-40x faster; ``find_tables()`` stays for rotated pages and as a
  fallback) gives each table's cell bounding boxes only. Every word is put in
  the cell holding its centre (a word straddling two cells is split into
  characters). Multi-line cell text is joined without a space between CJK
  characters (``本年收入合`` / ``计`` -> ``本年收入合计``).
* **Merged cells:** the text of a merged (spanned) cell is kept in its first
  (top-left) grid position; the other positions it covers are left blank
  (``''``, with ``None`` span and box). This holds for headers spanning
  several columns and for cells spanning several rows.
* Rows that are blank in every cell are dropped; grids with a single column
  are treated as framed text, not tables.
* A table that is the last thing on a page and is continued by a table with
  the same number of columns at the top of the next page (nothing but ``续表``
  or a repeated caption between them) is joined into one ``RawTable`` with
  ``continued=True``; header rows repeated at the top of the continuation are
  dropped.
* Page numbers (``3``, ``- 3 -``, ``第3页``, ``3/25``) and running lines
  repeated in the top or bottom margin of many pages are removed.
* Lines are joined into paragraphs (one output line per paragraph): a
  paragraph ends after a line ending in 。：；！？, after a line that stops short
  of the right margin, before an indented line, before a heading
  (``一、`` ``（一）`` ``1.`` ``第三部分``), at a vertical gap and at a table.
* Short lines just above a table (title, 部门：…, 公开01表, 金额单位：万元) are
  its caption: they are written as ordinary lines right before the table block
  and also kept in ``RawTable.caption``.

Text layout: paragraphs separated by a blank line; a table is a block of
consecutive lines, one per row, cells joined by TAB, with a blank line before
and after it (the same shape as the plain-text corpus).
"""

from __future__ import annotations

import functools
import os
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Document, RawTable, ReadError
from .build import TextBuilder
from .grid import Buckets, find_grids
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
_PAGE_NO_RE = re.compile(
    r"^(?:[-—–－\s]*\d{1,4}[-—–－\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$"
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
    :class:`~.grid.Buckets` index, so a page of 100,000 words in 2,000 cells
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
    paths: list[dict[str, Any]] | None
    try:
        # a ruled table needs at least a handful of vector strokes; most prose
        # pages have none
        paths = page.get_cdrawings() if scan is None else as_paths(scan.segments)
        ruled = sum(len(d.get("items", ())) for d in paths) >= 4
    except Exception:  # noqa: BLE001
        paths, ruled = None, True
    if ruled:
        found = _find_grids(page, paths, words)
    rest = words
    for tab in found:
        trows = tab.rows
        ncols = tab.col_count
        if ncols < 2 or not trows:
            continue
        cells: list[tuple[int, int, tuple[float, float, float, float]]] = []
        for ri, r in enumerate(trows):
            for ci, c in enumerate(r.cells):
                if c is not None:
                    cells.append((ri, ci, tuple(c)))
        if not cells:
            continue
        bx0, by0, bx1, by1 = tab.bbox
        inside: list[_Word] = []
        outside: list[_Word] = []
        for w in rest:
            cx, cy = (w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2
            if bx0 - 1 <= cx <= bx1 + 1 and by0 - 1 <= cy <= by1 + 1:
                inside.append(w)
            else:
                outside.append(w)
        rest = outside
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
            continue
        xs = [0.0] * ncols
        for ci in range(ncols):
            col = [c[2][0] for c in cells if c[1] == ci]
            xs[ci] = min(col) if col else 0.0
        frags.append(
            _Frag(
                page=pno,
                bbox=(bx0, by0, bx1, by1),
                rows=[grid[i] for i in keep],
                boxes=[boxes[i] for i in keep],
                xs=xs,
            )
        )
    lines = _group_lines(rest, pno)
    return lines, frags, nchars


# --------------------------------------------------------------------------- headers / footers


def _norm_running(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _strip_margins(pages: list[list[_Line]], heights: list[float]) -> None:
    """Remove page numbers and running headers/footers in place."""
    n = len(pages)
    counts: Counter[tuple[str, str]] = Counter()
    for lines, h in zip(pages, heights):
        seen = set()
        for ln in lines:
            zone = "top" if ln.y1 < 0.12 * h else "bottom" if ln.y0 > 0.88 * h else ""
            if zone:
                seen.add((zone, _norm_running(ln.text)))
        counts.update(seen)
    repeated = {k for k, v in counts.items() if n >= 3 and v >= 3 and v >= 0.4 * n}
    for i, (lines, h) in enumerate(zip(pages, heights)):
        kept = []
        for ln in lines:
            zone = "top" if ln.y1 < 0.12 * h else "bottom" if ln.y0 > 0.88 * h else ""
            if zone and (_PAGE_NO_RE.match(ln.text.strip()) or (zone, _norm_running(ln.text)) in repeated):
                continue
            kept.append(ln)
        pages[i] = kept


# --------------------------------------------------------------------------- captions and joins


def _caption_like(ln: _Line, right: float) -> bool:
    """Short title-like lines: no sentence punctuation, not a lead-in, not body text."""
    t = ln.text
    if len(t) > 60 or t.endswith(("。", "；", ";", "：", ":")) or "，" in t or "。" in t:
        return False
    if t.startswith("第") and "部分" in t[:6]:
        return False
    if HEADING_RE.match(t) and not t.endswith("表"):
        return False
    return True


def _take_captions(lines: list[_Line], frags: list[_Frag]) -> list[_Line]:
    """Attach the short lines just above each table to it; return the remaining lines."""
    used: set[int] = set()
    right = _margins(lines)[1] if lines else 0.0
    for fr in frags:
        above = [i for i, ln in enumerate(lines) if ln.y1 <= fr.y0 + 2 and i not in used]
        above.sort(key=lambda i: lines[i].y0)
        taken: list[int] = []
        bottom = fr.y0
        for i in reversed(above):
            ln = lines[i]
            limit = 45.0 if not taken else max(2.8 * ln.height, 30.0)
            if bottom - ln.y1 > limit or not _caption_like(ln, right) or len(taken) >= 5:
                break
            taken.append(i)
            bottom = ln.y0
        fr.caption = [lines[i] for i in sorted(taken, key=lambda i: lines[i].y0)]
        used.update(taken)
    return [ln for i, ln in enumerate(lines) if i not in used]


# --------------------------------------------------------------------------- assembling the text


class _Builder(TextBuilder):
    """The document text, plus where each page starts and each word stands on its page."""

    def __init__(self) -> None:
        super().__init__()
        self.page_starts: list[int] = []
        self.boxes: list[tuple[int, int, int, float, float, float, float]] = []

    def add_line(self, ln: _Line, prefix: str = "", suffix: str = "") -> int:
        """Add a line's text and remember where each of its words stands on the page."""
        base = self.add(prefix + ln.text + suffix) + len(prefix)
        for a, z, x0, y0, x1, y1 in ln.words:
            self.boxes.append((base + a, base + z, ln.page, x0, y0, x1, y1))
        return base

    def mark_page(self, page: int) -> None:
        while len(self.page_starts) < page:
            self.page_starts.append(self.pos)


_LEAD_TOKEN = re.compile(r"[0-9A-Za-z.,%＋+\-]+")


def _ends_paragraph(
    ln: _Line,
    nxt: _Line | None,
    right: dict[int, float],
    left: dict[int, float],
    pitch: dict[int, float],
    heights: list[float] | None = None,
) -> bool:
    if nxt is None:
        return True
    t = ln.text
    if t.endswith(_SENT_END):
        return True
    if HEADING_RE.match(nxt.text):
        return True
    # stops short of the right margin, by more than the next line's first
    # unbreakable token (a number such as 161.62 that did not fit) would need
    m = _LEAD_TOKEN.match(nxt.text)
    room = 1.8 * ln.height + (0.62 * ln.height * len(m.group(0)) if m else 0.0)
    if nxt.text[1:2] and nxt.text[1] in "、，。：；！？）》”’":
        room += 1.1 * ln.height  # kinsoku: a character was pushed down with its punctuation
    if ln.x1 < right.get(ln.page, ln.x1) - room:
        return True
    if nxt.page != ln.page and heights:
        # a sentence runs on to the next page only from the bottom of one to the top of the next
        if ln.y1 < 0.7 * heights[ln.page - 1] or nxt.y0 > 0.3 * heights[nxt.page - 1]:
            return True
    lft = left.get(nxt.page, nxt.x0)
    indented = lft + 1.2 * nxt.height < nxt.x0 < lft + 4.5 * nxt.height
    if nxt.page == ln.page:
        step = nxt.y0 - ln.y0
        if step > 1.45 * pitch.get(ln.page, step) and nxt.y0 - ln.y1 > 0.6 * max(ln.height, nxt.height):
            return True  # a vertical gap wider than the page's usual line pitch
    return indented


def _margins(lines: list[_Line]) -> tuple[float, float]:
    long = [ln for ln in lines if len(ln.text) >= 12]
    if not long:
        return (min((ln.x0 for ln in lines), default=0.0), max((ln.x1 for ln in lines), default=0.0))
    xs1 = sorted(ln.x1 for ln in long)
    xs0 = Counter(round(ln.x0) for ln in long)
    right = xs1[int(0.9 * (len(xs1) - 1))]
    left = min(x for x, c in xs0.items() if c >= max(1, xs0.most_common(1)[0][1] // 3))
    return left, right


def read_pdf(path: Path, data: bytes, limits: Any) -> Document:
    """Read a PDF disclosure into a :class:`Document` (see the module docstring)."""
    try:
        import pymupdf
    except ImportError:  # pragma: no cover - dependency always installed
        import fitz as pymupdf  # type: ignore[no-redef]
    try:
        pymupdf.no_recommend_layout()
    except AttributeError:  # older releases print nothing anyway
        pass
    try:
        pymupdf.TOOLS.mupdf_display_errors(False)
        pymupdf.TOOLS.mupdf_display_warnings(False)
    except Exception:  # noqa: BLE001
        pass

    try:
        pdf = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # noqa: BLE001 - MuPDF raises many kinds
        raise ReadError(f"broken PDF: {_first_line(exc)}") from None
    try:
        return _read_open(pdf, path, data, limits)
    finally:
        pdf.close()


def _first_line(exc: BaseException) -> str:
    s = str(exc).strip().splitlines()
    return (s[0] if s else type(exc).__name__)[:200]


def _read_open(pdf: Any, path: Path, data: bytes, limits: Any) -> Document:
    if pdf.needs_pass:
        raise ReadError("encrypted PDF (password required)")
    try:
        n = pdf.page_count
    except Exception as exc:  # noqa: BLE001
        raise ReadError(f"broken PDF: {_first_line(exc)}") from None
    if n == 0:
        raise ReadError("broken PDF: no pages")
    max_pages = getattr(limits, "max_pages", None)
    if max_pages is not None and n > max_pages:
        raise ReadError(f"PDF has {n} pages, over the {max_pages}-page limit")
    truncated = b"%%EOF" not in data[-4096:]
    warnings: list[str] = []
    if truncated and getattr(pdf, "is_repaired", False):
        raise ReadError("broken PDF: truncated (no end-of-file marker; the file was cut short)")

    page_lines: list[list[_Line]] = []
    page_frags: list[list[_Frag]] = []
    heights: list[float] = []
    textless_with_images: list[int] = []
    total_chars = 0
    for i in range(n):
        try:
            page = pdf.load_page(i)
            lines, frags, nchars = _read_page(page, i + 1)
            heights.append(page.rect.height)
            if nchars == 0 and page.get_images(full=False):
                textless_with_images.append(i + 1)
        except ReadError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise ReadError(f"broken PDF: page {i + 1}: {_first_line(exc)}") from None
        total_chars += nchars
        page_lines.append(lines)
        page_frags.append(frags)

    scans = _ocr_pass(pdf, page_lines, page_frags, limits, warnings)
    if scans:
        total_chars = sum(len(ln.text) for lines in page_lines for ln in lines) + sum(
            len(c) for frags in page_frags for fr in frags for r in fr.rows for c in r
        )
        textless_with_images = [p for p in textless_with_images if p not in scans]

    doc = Document(path=str(path), text="", format="pdf")
    if total_chars < 20 * n and total_chars < 200:
        doc.needs_ocr = True
        warnings.append(
            f"the PDF has no text layer ({total_chars} characters on {n} pages): it is a scan; run OCR first"
        )
    elif textless_with_images:
        shown = ", ".join(map(str, textless_with_images[:10]))
        warnings.append(f"pages without a text layer (scanned images?) were skipped: {shown}")

    _strip_margins(page_lines, heights)
    for i in range(n):
        page_lines[i] = _take_captions(page_lines[i], page_frags[i])

    # per-page left/right text margins (for paragraph joining)
    left: dict[int, float] = {}
    right: dict[int, float] = {}
    pitch: dict[int, float] = {}
    for i, lines in enumerate(page_lines):
        if lines:
            left[i + 1], right[i + 1] = _margins(lines)
            steps = [b.y0 - a.y0 for a, b in zip(lines, lines[1:]) if b.y0 - a.y0 > 0.5 * a.height]
            if len(steps) >= 3:
                pitch[i + 1] = statistics.median(steps)
    if pitch:
        usual = statistics.median(pitch.values())
        for i in range(1, n + 1):
            pitch.setdefault(i, usual)  # sparse pages (covers) use the document's pitch

    # reading order: lines and table fragments of each page by their top
    items: list[tuple[int, float, int, Any]] = []
    for i in range(n):
        for ln in page_lines[i]:
            items.append((i + 1, ln.y0, 1, ln))
        for fr in page_frags[i]:
            items.append((i + 1, fr.y0, 0, fr))
    items.sort(key=lambda t: (t[0], t[1], t[2]))

    # join continued table fragments
    tables: list[list[_Frag]] = []
    seq: list[Any] = []
    for idx, (_p, _y, kind, obj) in enumerate(items):
        if kind == 0:
            prev = seq[-1] if seq else None
            if isinstance(prev, list) and prev[-1].page == obj.page - 1 and _continues(prev, obj):
                prev.append(obj)
                continue
            group = [obj]
            tables.append(group)
            seq.append(group)
        else:
            seq.append(obj)

    b = _Builder()
    raw_tables: list[RawTable] = []
    para: list[_Line] = []

    def flush_para() -> None:
        if not para:
            return
        b.blank_line()
        for k, ln in enumerate(para):
            b.mark_page(ln.page)
            if k == 0:
                b.add_line(ln)
            else:
                prev = para[k - 1].text
                a, z = prev[-1], ln.text[0]
                # a line break is no space in Chinese text, nor inside a number
                sep = " " if (a.isascii() and a.isalpha() and z.isascii() and z.isalpha()) else ""
                b.add_line(ln, sep)
        b.add("\n")
        para.clear()

    for k, obj in enumerate(seq):
        if isinstance(obj, _Line):
            para.append(obj)
            nxt = seq[k + 1] if k + 1 < len(seq) else None
            if not isinstance(nxt, _Line) or _ends_paragraph(obj, nxt, right, left, pitch, heights):
                flush_para()
            continue
        flush_para()
        raw_tables.append(_emit_table(b, obj))
    flush_para()
    b.mark_page(n)
    text = b.text()
    doc.text = text
    share = _unreadable_share(text)
    if not doc.needs_ocr and len(text) >= 200 and share > 0.5:
        doc.needs_ocr = True
        warnings.append(
            f"the PDF's text layer does not decode to readable text ({share:.0%} of its characters are glyph codes "
            "without a Unicode mapping): treat it as a scan; run OCR first"
        )
    doc.page_starts = b.page_starts[:n]
    doc.page_starts[0] = 0
    doc.raw_tables = raw_tables
    doc.boxes = sorted(b.boxes)
    doc.narrative_only = not raw_tables
    doc.warnings.extend(warnings)
    doc.meta.pages = n
    if scans:
        from .ocr import confidence_spans

        doc.ocr_conf = confidence_spans(doc.boxes, scans)
        doc.meta.ocr_pages = sorted(scans)
    return doc


def _page_text(lines: list[_Line], frags: list[_Frag]) -> str:
    """The text a page was read as (lines and cells), for the garbage test."""
    return "\n".join([ln.text for ln in lines] + [c for fr in frags for r in fr.rows for c in r])


def _ocr_pass(
    pdf: Any, page_lines: list[list[_Line]], page_frags: list[list[_Frag]], limits: Any, warnings: list[str]
) -> dict[int, Any]:
    """Re-read by OCR the pages that are scans (``--ocr auto``) or every page (``always``), in place.

    Returns the OCR result per page number ({} when no page needed it, or
    when OCR is not installed under ``auto``: then the file reads as before,
    as a scan that needs OCR, with the reason in the warnings).
    """
    mode = getattr(limits, "ocr", "auto")
    if mode == "never":
        return {}
    from . import ocr

    want = []
    for i, (lines, frags) in enumerate(zip(page_lines, page_frags)):
        text = _page_text(lines, frags)
        nchars = len("".join(text.split()))
        if not ocr.wants_ocr(mode, nchars, text, functools.partial(pdf.load_page, i)):
            continue
        size = ocr.oversized_image(pdf.load_page(i))
        if size:
            warnings.append(f"page {i + 1}: its image is {size} pixels, too large to read by OCR; not read")
        else:
            want.append(i + 1)
    if not want:
        return {}
    engine = getattr(limits, "ocr_engine", "") or ocr.default_engine()
    reason = ocr.available(engine)
    if reason:
        if mode == "always":
            raise ReadError(f"--ocr always: {reason}")
        warnings.append(f"{len(want)} page(s) need OCR, but {reason}")
        return {}
    cache = ocr.cache_dir(getattr(limits, "ocr_cache", ""))
    scans = ocr.scan_pages(pdf, want, engine, cache, bool(getattr(limits, "progress", False)))
    for pno, scan in scans.items():
        lines, frags, _n = _read_page(pdf.load_page(pno - 1), pno, scan)
        page_lines[pno - 1] = lines
        page_frags[pno - 1] = frags
    return scans


_READABLE = re.compile(
    r"[\s\x21-\x7e\u00b7\u00d7\u2010-\u2027\u2030\u2160-\u217f\u2460-\u24ff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)


def _unreadable_share(text: str) -> float:
    """Share of the non-space characters that no Chinese disclosure is written in.

    A text layer whose fonts have no usable ToUnicode map comes out as glyph
    ids read as code points (Latin-extended, symbols, U+FFFD, private use):
    then most characters are not CJK, ASCII, or the punctuation and forms
    Chinese documents use. 0.0 for an empty text.
    """
    sample = "".join(text.split())[:200_000]
    if not sample:
        return 0.0
    readable = len(_READABLE.findall(sample))
    return 1.0 - readable / len(sample)


def _continues(prev: list[_Frag], frag: _Frag) -> bool:
    """Does ``frag`` (top of a page) continue the table ``prev`` (bottom of the page before)?

    The column left edges must line up. A fragment with fewer columns (a
    closing 合计 row whose label cell spans the code columns) is accepted when
    each of its columns starts at a column edge of the table; it is then
    widened in place to the table's columns, spanned positions left blank.
    """
    if frag.caption:
        ok = all(_CONT_RE.match(c.text) or c.text in {x.text for x in prev[0].caption} for c in frag.caption)
        if not ok:
            return False
    last = prev[-1]
    a, bx = last.xs, frag.xs
    width = last.bbox[2] - last.bbox[0]
    tol = max(6.0, 0.03 * width)
    if abs(last.bbox[0] - frag.bbox[0]) > tol or abs(last.bbox[2] - frag.bbox[2]) > tol:
        return False
    if len(a) == len(bx):
        return all(abs(x - y) <= tol for x, y in zip(a, bx))
    if len(bx) > len(a):
        return False
    colmap: list[int] = []
    for x in bx:
        j = min(range(len(a)), key=lambda k: abs(a[k] - x))
        if abs(a[j] - x) > tol or (colmap and j <= colmap[-1]):
            return False
        colmap.append(j)
    if colmap[0] != 0:
        return False
    ncols = len(a)
    for ri, row in enumerate(frag.rows):
        new = [""] * ncols
        newb: list[Any] = [None] * ncols
        for ci, j in enumerate(colmap):
            new[j] = row[ci]
            newb[j] = frag.boxes[ri][ci]
        frag.rows[ri] = new
        frag.boxes[ri] = newb
    frag.xs = list(a)
    return True


def _emit_table(b: _Builder, group: list[_Frag]) -> RawTable:
    first = group[0]
    rows: list[list[str]] = [list(r) for r in first.rows]
    boxes: list[list[Any]] = [list(r) for r in first.boxes]
    for fr in group[1:]:
        # drop header rows repeated at the top of the continuation
        skip = 0
        while skip < len(fr.rows) and skip < len(first.rows) - 1 and fr.rows[skip] == first.rows[skip]:
            skip += 1
        rows.extend(list(r) for r in fr.rows[skip:])
        boxes.extend(list(r) for r in fr.boxes[skip:])
    cap_lines = [c.text for c in first.caption]
    b.blank_line()
    if cap_lines:
        b.mark_page(first.caption[0].page)
        for c in first.caption:
            b.add_line(c, suffix="\n")
        b.add("\n")
    b.mark_page(first.page)
    page_of_row: list[int] = []
    for fr in group:
        skip = 0
        if fr is not first:
            while skip < len(fr.rows) and skip < len(first.rows) - 1 and fr.rows[skip] == first.rows[skip]:
                skip += 1
        page_of_row.extend([fr.page] * (len(fr.rows) - skip))
    start, end, spans = b.add_grid(rows, before_row=lambda r: b.mark_page(page_of_row[r]))
    for ri, row_spans in enumerate(spans):
        for ci, span in enumerate(row_spans):
            box = boxes[ri][ci] if span is not None and ci < len(boxes[ri]) else None
            if box is not None and span is not None:
                b.boxes.append((span[0], span[1], *box))
    return RawTable(
        rows=rows,
        start=start,
        end=end,
        page=first.page,
        caption="\n".join(cap_lines),
        cell_spans=spans,
        cell_boxes=boxes,
        continued=len(group) > 1,
    )
