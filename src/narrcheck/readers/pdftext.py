"""A PDF's text assembled from its pages: captions, paragraphs, and tables joined across pages.

``pdf.py`` reads the pages (``pdfpage._read_page``, OCR where they are
scans) into lines and table fragments per page, strips page numbers and
running lines, then hands them here: the short lines above a table become
its caption, lines are joined into paragraphs, a table continued at the top
of the next page is joined to its start, and everything is written out in
reading order with each word's page box kept (see ``pdf.py``'s docstring for
the rules and their reasons).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..model import RawTable
from .build import TextBuilder
from .pdfpage import _CONT_RE, _SENT_END, HEADING_RE, _Frag, _Line


@dataclass
class _Pages:
    """What the page pass gives the document pass: each page's lines and table fragments, and its height."""

    lines: list[list[_Line]] = field(default_factory=list)
    frags: list[list[_Frag]] = field(default_factory=list)
    heights: list[float] = field(default_factory=list)
    textless_with_images: list[int] = field(default_factory=list)  # pages with images and no text at all
    nchars: int = 0  # characters of the text layers as read

    def chars(self) -> int:
        """Characters in the pages' lines and table cells, counted again once OCR has filled scanned pages."""
        in_lines = sum(len(ln.text) for lines in self.lines for ln in lines)
        return in_lines + sum(len(c) for frags in self.frags for fr in frags for r in fr.rows for c in r)


# --------------------------------------------------------------------------- captions


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


# --------------------------------------------------------------------------- paragraphs


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
    indenting: dict[int, float] | None = None,
) -> bool:
    if nxt is None:
        return True
    t = ln.text
    if t.endswith(_SENT_END):
        return not (indenting and _runs_on(ln, nxt, right, indenting))
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
    indented = _indented(nxt, left.get(nxt.page, nxt.x0))
    if nxt.page == ln.page:
        step = nxt.y0 - ln.y0
        if step > 1.45 * pitch.get(ln.page, step) and nxt.y0 - ln.y1 > 0.6 * max(ln.height, nxt.height):
            return True  # a vertical gap wider than the page's usual line pitch
    return indented


def _indented(ln: _Line, lft: float) -> bool:
    """The line opens a paragraph's indent (one to four characters in from the left margin ``lft``)."""
    return lft + 1.2 * ln.height < ln.x0 < lft + 4.5 * ln.height


def _runs_on(ln: _Line, nxt: _Line, right: dict[int, float], left: dict[int, float]) -> bool:
    """A full line ending a sentence, followed on its page by a line at the left margin, on a page whose
    paragraphs open indented: the paragraph goes on (年初预算为0.88万元，支出决算为0.88万元。 / 完成年初预算
    的100.00%。 is one item). ``left``: the left margin of the pages whose paragraphs are indented."""
    if nxt.page != ln.page or ln.page not in left or not ln.text.endswith(("。", "；")) or HEADING_RE.match(nxt.text):
        return False
    full = ln.x1 >= right.get(ln.page, ln.x1) - 0.6 * ln.height
    return full and abs(nxt.x0 - left[ln.page]) < 0.5 * nxt.height


def _margins(lines: list[_Line]) -> tuple[float, float]:
    long = [ln for ln in lines if len(ln.text) >= 12]
    if not long:
        return (min((ln.x0 for ln in lines), default=0.0), max((ln.x1 for ln in lines), default=0.0))
    xs1 = sorted(ln.x1 for ln in long)
    xs0 = Counter(round(ln.x0) for ln in long)
    right = xs1[int(0.9 * (len(xs1) - 1))]
    left = min(x for x, c in xs0.items() if c >= max(1, xs0.most_common(1)[0][1] // 3))
    return left, right


# --------------------------------------------------------------------------- the document text


def _page_geometry(pages: _Pages) -> tuple[dict[int, float], dict[int, float], dict[int, float]]:
    """Per page: left and right text margins and the usual line pitch (paragraph joining needs them)."""
    left: dict[int, float] = {}
    right: dict[int, float] = {}
    pitch: dict[int, float] = {}
    for i, lines in enumerate(pages.lines):
        if lines:
            left[i + 1], right[i + 1] = _margins(lines)
            steps = [b.y0 - a.y0 for a, b in zip(lines, lines[1:]) if b.y0 - a.y0 > 0.5 * a.height]
            if len(steps) >= 3:
                pitch[i + 1] = statistics.median(steps)
    if pitch:
        usual = statistics.median(pitch.values())
        for i in range(1, len(pages.lines) + 1):
            pitch.setdefault(i, usual)  # sparse pages (covers) use the document's pitch
    return left, right, pitch


def _indenting(pages: _Pages, left: dict[int, float]) -> dict[int, float]:
    """The left margin of each page where at least two lines open indented (paragraph starts), so that a line
    at the margin there continues a paragraph."""
    out = {}
    for i, lines in enumerate(pages.lines):
        lft = left.get(i + 1)
        if lft is not None and sum(_indented(ln, lft) for ln in lines) >= 2:
            out[i + 1] = lft
    return out


def _reading_order(pages: _Pages) -> list[Any]:
    """Lines and tables in reading order (each page top to bottom); a table continued on the next page
    is one group of fragments."""
    items: list[tuple[int, float, int, Any]] = []
    for i, (lines, frags) in enumerate(zip(pages.lines, pages.frags)):
        items.extend((i + 1, ln.y0, 1, ln) for ln in lines)
        items.extend((i + 1, fr.y0, 0, fr) for fr in frags)
    items.sort(key=lambda t: (t[0], t[1], t[2]))
    seq: list[Any] = []
    for _p, _y, kind, obj in items:
        if kind == 0:
            prev = seq[-1] if seq else None
            if isinstance(prev, list) and prev[-1].page == obj.page - 1 and _continues(prev, obj):
                prev.append(obj)
                continue
            seq.append([obj])
        else:
            seq.append(obj)
    return seq


def _write_text(pages: _Pages, seq: list[Any]) -> tuple[_Builder, list[RawTable]]:
    """The document text: paragraphs joined from lines, tables as TAB blocks; the raw tables in order."""
    left, right, pitch = _page_geometry(pages)
    indenting = _indenting(pages, left)
    b = _Builder()
    raw_tables: list[RawTable] = []
    para: list[_Line] = []
    for k, obj in enumerate(seq):
        if isinstance(obj, _Line):
            para.append(obj)
            nxt = seq[k + 1] if k + 1 < len(seq) else None
            if not isinstance(nxt, _Line) or _ends_paragraph(obj, nxt, right, left, pitch, pages.heights, indenting):
                _flush_paragraph(b, para)
            continue
        _flush_paragraph(b, para)
        raw_tables.append(_emit_table(b, obj))
    _flush_paragraph(b, para)
    return b, raw_tables


def _flush_paragraph(b: _Builder, para: list[_Line]) -> None:
    """Write the lines of one paragraph as one text line, then empty ``para``."""
    if not para:
        return
    b.blank_line()
    for k, ln in enumerate(para):
        b.mark_page(ln.page)
        if k == 0:
            b.add_line(ln)
        else:
            a, z = para[k - 1].text[-1], ln.text[0]
            # a line break is no space in Chinese text, nor inside a number
            sep = " " if (a.isascii() and a.isalpha() and z.isascii() and z.isalpha()) else ""
            b.add_line(ln, sep)
    b.add("\n")
    para.clear()


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
    """Write one table (its caption, then its fragments as one TAB block, header rows repeated on a
    continuation page dropped), keeping each cell's page box; its ``RawTable``."""
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
