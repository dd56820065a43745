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
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Document, RawTable, ReadError
from .build import TextBuilder
from .pdfpage import _CONT_RE, _PAGE_NO_RE, _SENT_END, HEADING_RE, _Frag, _Line, _read_page


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


def _page_count(pdf: Any, data: bytes, limits: Any) -> int:
    """The page count of an open PDF, or the one-line reason it cannot be read (ReadError)."""
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
    if b"%%EOF" not in data[-4096:] and getattr(pdf, "is_repaired", False):
        raise ReadError("broken PDF: truncated (no end-of-file marker; the file was cut short)")
    return n


def _read_pages(pdf: Any, n: int) -> _Pages:
    """Every page's text layer read into lines and table fragments (a broken page: ReadError naming it)."""
    pages = _Pages()
    for i in range(n):
        try:
            page = pdf.load_page(i)
            lines, frags, nchars = _read_page(page, i + 1)
            pages.heights.append(page.rect.height)
            if nchars == 0 and page.get_images(full=False):
                pages.textless_with_images.append(i + 1)
        except ReadError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise ReadError(f"broken PDF: page {i + 1}: {_first_line(exc)}") from None
        pages.lines.append(lines)
        pages.frags.append(frags)
        pages.nchars += nchars
    return pages


def _read_open(pdf: Any, path: Path, data: bytes, limits: Any) -> Document:
    """Read an open PDF: its pages (OCR where they are scans), then the document's text and tables."""
    n = _page_count(pdf, data, limits)
    warnings: list[str] = []
    pages = _read_pages(pdf, n)
    scans = _ocr_pass(pdf, pages.lines, pages.frags, limits, warnings)
    if scans:
        pages.textless_with_images = [p for p in pages.textless_with_images if p not in scans]
    doc = Document(path=str(path), text="", format="pdf")
    total_chars = pages.chars() if scans else pages.nchars
    if total_chars < 20 * n and total_chars < 200:
        doc.needs_ocr = True
        warnings.append(
            f"the PDF has no text layer ({total_chars} characters on {n} pages): it is a scan; run OCR first"
        )
    elif pages.textless_with_images:
        shown = ", ".join(map(str, pages.textless_with_images[:10]))
        warnings.append(f"pages without a text layer (scanned images?) were skipped: {shown}")
    _strip_margins(pages.lines, pages.heights)
    for i in range(n):
        pages.lines[i] = _take_captions(pages.lines[i], pages.frags[i])
    b, raw_tables = _write_text(pages, _reading_order(pages))
    b.mark_page(n)
    doc.text = b.text()
    share = _unreadable_share(doc.text)
    if not doc.needs_ocr and len(doc.text) >= 200 and share > 0.5:
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
    b = _Builder()
    raw_tables: list[RawTable] = []
    para: list[_Line] = []
    for k, obj in enumerate(seq):
        if isinstance(obj, _Line):
            para.append(obj)
            nxt = seq[k + 1] if k + 1 < len(seq) else None
            if not isinstance(nxt, _Line) or _ends_paragraph(obj, nxt, right, left, pitch, pages.heights):
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
