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

This module reads the pages and the document's warnings; ``pdfpage.py`` reads
one page, ``pdftext.py`` assembles the text (captions, paragraphs, tables).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path
from typing import Any

from ..model import Document, ReadError
from ..textnorm import PAGE_NUMBER
from .pdfpage import _Frag, _Line, _read_page
from .pdftext import _Pages, _reading_order, _take_captions, _write_text


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
            if zone and (zone, _norm_running(ln.text)) in repeated or _page_number(ln, lines, h):
                continue
            kept.append(ln)
        pages[i] = kept


def _page_number(ln: _Line, lines: list[_Line], h: float) -> bool:
    """A bare number in the top or bottom margin, or the last line of a page low on it: a landscape table page
    sets its number above the usual margin (y 523 of 595) and a table joined over the page break must not be
    split by it."""
    if not PAGE_NUMBER.match(ln.text.strip()):
        return False
    if ln.y1 < 0.12 * h or ln.y0 > 0.88 * h:
        return True
    return ln.y0 > 0.8 * h and all(o.y0 <= ln.y0 for o in lines)


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
