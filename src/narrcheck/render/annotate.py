"""Mark the flagged claims and the findings on a copy of the original PDF, in a form a printer can use.

``annotate_pdf(doc, src, out)`` copies the PDF byte for byte and appends an
incremental update, so the contents of every original page stay exactly as
they were:

* in front, one or more summary pages (``pdf_summary.py``): every problem,
  the worst first, numbered, with its page in the original, the quoted
  words, the reason, the evidence cells and the corrected wording, after a
  colour legend, all in Chinese; each entry links to its page;
* a flagged claim (rounding / mismatch / direction) gets a highlight over the
  exact characters of its span (one annotation per page the span touches, one
  quad per line), coloured by verdict, and thin frames on the table cells it
  was checked against; consistent claims only with ``mark_ok=True``;
* a finding on narrative text (``residue.*``) gets a highlight over its span;
  a table finding (``table.*``) a rectangle around each cell its evidence
  points at (blue for error/warning, cyan for note);
* every mark has its summary number in the left margin (a printed FreeText
  box, linked back to the summary) and a note (title ``narrcheck``) in
  Chinese for the screen: what the text says, what the tables give, the
  evidence cells and the corrected wording;
* page labels keep the original page numbers on the original pages; the
  outline keeps the document's own entries and gets a last top-level entry
  ``narrcheck 核对：N 处问题`` (the summary) with one child per mark.

Positions come from ``Document.boxes`` (page and box of each word of
``Document.text``, kept by the PDF reader); a span covering only part of a
word (CJK lines are often a single "word") is narrowed to its characters
using the page's character boxes (``pdflocate.py``). The notes' wording is
shared with the Word and workbook copies (``notes.py``).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Claim, Document, Evidence, Finding
from .notes import SEVERITY_CN, VERDICT_CN, _evidence_lines, _one_line, claim_note, finding_note
from .pdflocate import Box, _Locator

# the notes stay importable from here (render/xlsx.py and serve/word.py import them)
__all__ = [
    "COLORS",
    "SEVERITY_CN",
    "TITLE",
    "VERDICT_CN",
    "AnnotateResult",
    "Mark",
    "_one_line",
    "annotate_pdf",
    "claim_note",
    "finding_note",
]

TITLE = "narrcheck"

COLORS: dict[str, tuple[float, float, float]] = {
    "rounding": (1.0, 0.75, 0.0),  # amber
    "mismatch": (1.0, 0.0, 0.0),  # red
    "direction": (0.9, 0.0, 0.9),  # magenta
    "residue": (1.0, 0.5, 0.0),  # orange
    "table": (0.0, 0.35, 1.0),  # blue
    "text": (0.5, 0.2, 0.8),  # purple: wording against its own figures or another document's
    "note": (0.0, 0.75, 0.85),  # cyan
    "ok": (0.1, 0.75, 0.1),  # green
}


@dataclass
class Mark:
    """One thing marked on the PDF, as listed in the summary pages and the outline."""

    label: str  # verdict, or the finding's rule
    page: int
    y: float
    text: str
    annots: int = 0
    color_key: str = ""  # key of COLORS (and of the legend)
    lines: list[str] = field(default_factory=list)  # explanation printed on the summary page
    cells: list[tuple[int, float]] = field(default_factory=list)  # (page, y) of the evidence cells it framed
    tags: list[tuple[int, tuple[float, float, float, float]]] = field(default_factory=list)  # its number in margins
    rank: int = 3  # 0 errors (mismatch, direction), 1 warnings (rounding), 2 notes, 3 consistent: summary order


@dataclass
class AnnotateResult:
    out_path: str
    marks: list[Mark] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # claims/findings that could not be placed
    summary_pages: int = 0  # pages put in front of the original (the printed list of problems)

    @property
    def count(self) -> int:
        return len(self.marks)


def _finding_color(f: Finding) -> tuple[str, tuple[float, float, float]]:
    """The legend entry of a finding: template residue, a note, a table that does not add up, or the wording
    (a reason against its change, an old subject name, another document's figure)."""
    if f.rule.startswith("residue."):
        return "residue", COLORS["residue"]
    if f.severity == "note":
        return "note", COLORS["note"]
    if f.rule.startswith("table."):
        return "table", COLORS["table"]
    return "text", COLORS["text"]


# --------------------------------------------------------------------------- writing


def _open_pymupdf():
    try:
        import pymupdf
    except ImportError:  # pragma: no cover
        import fitz as pymupdf  # type: ignore[no-redef]
    return pymupdf


def _highlight(pdf: Any, pymupdf: Any, rects: list, color, note: str, subject: str) -> int:
    n = 0
    for page, rs in rects:
        pg = pdf[page - 1]
        quads = [pymupdf.Rect(*r).quad for r in rs if r[2] > r[0] and r[3] > r[1]]
        if not quads:
            continue
        annot = pg.add_highlight_annot(quads=quads)
        annot.set_colors(stroke=color)
        annot.set_info(title=TITLE, content=note, subject=subject)
        annot.update()
        n += 1
    return n


def _box(pdf: Any, pymupdf: Any, box: Box, color, note: str, subject: str, width: float) -> None:
    page, x0, y0, x1, y1 = box
    pg = pdf[page - 1]
    # drawn just inside the cell's ruling, so neighbouring marked cells stay apart
    annot = pg.add_rect_annot(pymupdf.Rect(x0 + 1, y0 + 1, x1 - 1, y1 - 1))
    annot.set_colors(stroke=color)
    annot.set_border(width=width)
    annot.set_info(title=TITLE, content=note, subject=subject)
    annot.update()


def _outline_text(label: str, page: int, text: str) -> str:
    t = _one_line(text)
    if len(t) > 30:
        t = t[:30] + "…"
    return f"[{label}] 第{page}页 {t}"


def annotate_pdf(doc: Document, src_path: str | Path, out_path: str | Path, *, mark_ok: bool = False) -> AnnotateResult:
    """Write ``out_path``: the PDF at ``src_path`` with ``doc``'s claims and findings marked on it.

    ``doc`` must be the checked Document read from ``src_path`` (its ``boxes``
    come from the PDF reader). The original bytes are copied unchanged and
    the summary pages, annotations and outline are appended as an
    incremental update, so every original page keeps its contents. Returns
    what was marked; claims or findings whose words could not be located
    are listed in ``skipped``. Raises ``ValueError`` when ``doc`` has no
    word boxes (not a PDF, or tables merged from another file) or when
    ``out_path`` is ``src_path``.
    """
    pymupdf = _open_pymupdf()
    src, out = Path(src_path), Path(out_path)
    if not doc.boxes:
        raise ValueError("no word positions for this document (annotation needs a PDF read on its own)")
    if out.exists() and out.resolve() == src.resolve():
        raise ValueError("the annotated copy must not overwrite the original PDF")
    out.parent.mkdir(parents=True, exist_ok=True)
    # written next to the target and renamed at the end; created by copyfile, so with the usual permissions
    tmp = out.with_name(f".{out.name}.narrcheck-{os.getpid()}.tmp")
    result = AnnotateResult(out_path=str(out))
    try:
        shutil.copyfile(src, tmp)
        pdf = pymupdf.open(str(tmp))
        try:
            _annotate_open(doc, pdf, pymupdf, result, mark_ok)
            result.summary_pages = _front_matter(pdf, pymupdf, result.marks, src.name)
            if pdf.can_save_incrementally():
                pdf.saveIncr()
                pdf.close()
            else:  # e.g. a repaired file: a full save, still without garbage collection or rewriting
                full = tmp.with_suffix(".full.pdf")
                pdf.save(str(full), garbage=0, deflate=False, clean=False)
                pdf.close()
                os.replace(full, tmp)
        finally:
            if not pdf.is_closed:
                pdf.close()
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return result


def _annotate_open(doc: Document, pdf: Any, pymupdf: Any, result: AnnotateResult, mark_ok: bool) -> None:
    """Highlight, box and note every problem on the original pages, in reading order."""
    loc = _Locator(doc, pdf)
    todo: list[tuple[int, str, Any]] = []
    for c in doc.claims:
        if c.flagged or (mark_ok and c.verdict == "ok"):
            todo.append((c.start, "claim", c))
    for f in doc.findings:
        if f.severity in ("error", "warning", "note"):
            todo.append((f.start, "finding", f))
    todo.sort(key=lambda t: t[0])
    for _, what, obj in todo:
        if what == "claim":
            mark = _mark_claim(pdf, pymupdf, loc, obj)
            skip = f"{obj.id} {obj.verdict} {_one_line(obj.text)}"
        else:
            mark = _mark_finding(pdf, pymupdf, loc, obj)
            skip = f"{obj.rule} {_one_line(obj.text or obj.message)[:40]}"
        if mark is None:
            result.skipped.append(skip)
        else:
            result.marks.append(mark)


def _summary_lines(head: str, message: str, evidence: list[Evidence], suggestion: str) -> list[str]:
    """What the printed summary says under a mark: the reason, up to three evidence cells, the fix."""
    lines = [f"{head}{_one_line(message)}"] if message else []
    ev = [e.lstrip("· ") for e in _evidence_lines(evidence)]
    if ev:
        more = f" 等 {len(ev)} 项" if len(ev) > 3 else ""
        lines.append("依据：" + "；".join(ev[:3]) + more)
    if suggestion:
        lines.append(f"建议改为：“{_one_line(suggestion)}”")
    return lines


def _mark_claim(pdf: Any, pymupdf: Any, loc: _Locator, c: Claim) -> Mark | None:
    """Highlight a claim's words and frame its evidence cells; None when its words cannot be placed."""
    rects = loc.span_rects(c.start, c.end)
    if not rects:
        return None
    key = "ok" if c.verdict == "ok" else c.verdict
    color = COLORS[key]
    n = _highlight(pdf, pymupdf, rects, color, claim_note(c), f"{VERDICT_CN.get(c.verdict, '')} {c.verdict}")
    page, rs = rects[0]
    cells = _evidence_boxes(pdf, pymupdf, loc, c, page, color) if c.flagged else []
    n += len(cells)
    lines = _summary_lines("", c.message, c.evidence, c.suggestion)
    rank = {"mismatch": 0, "direction": 0, "rounding": 1}.get(c.verdict, 3)
    return Mark(c.verdict, page, rs[0][1], c.text, n, key, lines, rank=rank, cells=cells)


def _mark_finding(pdf: Any, pymupdf: Any, loc: _Locator, f: Finding) -> Mark | None:
    """Box a table finding's cells, or highlight a narrative finding's words; None when nothing can be placed."""
    key, color = _finding_color(f)
    note = finding_note(f)
    subject = f"{f.rule} {f.severity}"
    rank = {"error": 0, "warning": 1}.get(f.severity, 2)
    lines = _summary_lines(f"{SEVERITY_CN.get(f.severity, f.severity)} {f.rule}：", f.message, f.evidence, f.suggestion)
    if f.rule.startswith("table."):
        boxes: list[tuple[Box, Evidence | None]] = []
        seen = set()
        # the cell the finding is about first, then the other cells of its evidence
        for off, ev in [((f.start, f.end), None)] + [(e.offset, e) for e in f.evidence]:
            bx = loc.cell_box(off)
            if bx is not None and bx not in seen:
                seen.add(bx)
                boxes.append((bx, ev))
        if boxes:
            main = boxes[0][0]
            for k, (bx, ev) in enumerate(boxes):
                if k == 0:  # the cell the finding is about: the full note, a heavier frame
                    _box(pdf, pymupdf, bx, color, note, subject, 1.5)
                    continue
                cell = f"{ev.row}｜{ev.column} = {ev.value}" if ev else ""
                short = f"参与核对的单元格：{cell}\n见第{main[0]}页“{_one_line(f.text)[:20]}”处的标注：{f.message}"
                _box(pdf, pymupdf, bx, color, short, subject, 0.8)
            return Mark(f.rule, main[0], main[2], f.text or f.message, len(boxes), key, lines, rank=rank)
    rects = loc.span_rects(f.start, f.end)
    if not rects:
        return None
    n = _highlight(pdf, pymupdf, rects, color, note, subject)
    page, rs = rects[0]
    return Mark(f.rule, page, rs[0][1], f.text or f.message, n, key, lines, rank=rank)


def _evidence_boxes(pdf: Any, pymupdf: Any, loc: _Locator, c: Claim, page: int, color) -> list[tuple[int, float]]:
    """Thin frames on the table cells a flagged claim was checked against, each saying which claim; where
    their number goes (page, top of the tag)."""
    seen: set[Box] = set()
    for e in c.evidence:
        if not e.column:  # a figure the prose states (表 "正文"), not a table cell
            continue
        bx = loc.cell_box(e.offset)
        if bx is None or bx in seen:
            continue
        seen.add(bx)
        note = (
            f"证据单元格：{e.row}｜{e.column} = {e.value}\n"
            f"见第{page}页“{_one_line(c.text)[:30]}”：{_one_line(c.message)}"
        )
        _box(pdf, pymupdf, bx, color, note, f"证据 {VERDICT_CN.get(c.verdict, '')}", 0.8)
    return [(b[0], (b[2] + b[4]) / 2 - 4) for b in sorted(seen)]  # a 10 pt tag centred on the cell's row


# --------------------------------------------------------------------------- what a printout shows


def _front_matter(pdf: Any, pymupdf: Any, marks: list[Mark], source: str) -> int:
    """Number tags in the margins, the summary pages in front, links both ways, page labels, the outline.

    Returns the number of summary pages inserted before the original pages.
    """
    from .pdf_summary import Entry, write_summary

    marks.sort(key=lambda m: (m.rank, m.page, m.y))  # the worst first, then by page
    for number, m in enumerate(marks, 1):
        # the number beside the mark, and beside each evidence cell it framed (a printout says which problem)
        for page, y in dict.fromkeys([(m.page, m.y)] + m.cells):
            m.tags.append((page, _tag(pdf, pymupdf, page, y, number, m.color_key)))
    entries = [
        Entry(i, m.color_key, COLORS[m.color_key], m.page, m.y, _quote(m.text), m.lines) for i, m in enumerate(marks, 1)
    ]
    try:
        labels = pdf.get_page_labels()  # read before pages are inserted: they count from the first page
    except Exception:  # noqa: BLE001 - an odd label tree: left as it is
        labels = None
    k, placed = write_summary(pdf, pymupdf, entries, source, COLORS)
    for m, p in zip(marks, placed):
        target = pymupdf.Point(0, max(0.0, m.y - 20))
        pdf[p.page_index].insert_link(
            {"kind": pymupdf.LINK_GOTO, "from": pymupdf.Rect(p.rect), "page": m.page - 1 + k, "to": target}
        )
        back = pymupdf.Point(0, max(0.0, p.rect[1] - 10))
        for page, rect in m.tags:
            pdf[page - 1 + k].insert_link(
                {"kind": pymupdf.LINK_GOTO, "from": pymupdf.Rect(rect), "page": p.page_index, "to": back}
            )
    if labels is not None:
        _page_labels(pdf, k, labels)
    _outline(pdf, marks, k)
    return k


def _quote(text: str, limit: int = 60) -> str:
    t = _one_line(text)
    return f"“{t[:limit]}…”" if len(t) > limit else f"“{t}”"


def _tag(pdf: Any, pymupdf: Any, pno: int, top: float, number: int, key: str) -> tuple[float, float, float, float]:
    """A mark's number in the left margin of page ``pno`` at height ``top`` (a printed FreeText box),
    beside the tags already there."""
    page = pdf[pno - 1]
    width = 8.0 + 4.2 * len(str(number))
    x, y = 3.0, max(1.0, top - 1)
    taken = [a.rect for a in page.annots(types=[pymupdf.PDF_ANNOT_FREE_TEXT]) if a.info.get("title") == TITLE]
    rect = pymupdf.Rect(x, y, x + width, y + 10)
    while any(rect.intersects(t) for t in taken):
        rect = pymupdf.Rect(rect.x1 + 1, y, rect.x1 + 1 + width, y + 10)
    light = tuple(0.45 * c + 0.55 for c in COLORS[key])  # the mark's colour, pale: black digits stay legible
    annot = page.add_freetext_annot(
        rect, str(number), fontsize=7, fontname="helv", text_color=(0, 0, 0), fill_color=light, align=1
    )
    annot.set_info(title=TITLE, subject=f"编号 {number}")
    annot.update()
    return (rect.x0, rect.y0, rect.x1, rect.y1)


def _page_labels(pdf: Any, k: int, old: list[dict[str, Any]]) -> None:
    """Viewers show the original page numbers on the original pages (the summary pages are narrcheck-1, …)."""
    try:
        rules = [{"startpage": 0, "prefix": "narrcheck-", "style": "D", "firstpagenum": 1}]
        if old:
            rules += [dict(r, startpage=r["startpage"] + k) for r in old]
        else:
            rules.append({"startpage": k, "prefix": "", "style": "D", "firstpagenum": 1})
        pdf.set_page_labels(rules)
    except Exception:  # noqa: BLE001 - labels are a convenience; an odd label tree is left as it was
        pass


def _outline(pdf: Any, marks: list[Mark], k: int) -> None:
    """The document's own outline (now after the summary), then ``narrcheck 核对：N 处问题`` with one entry per mark."""
    from .pdf_summary import LABELS

    ours: list[list[Any]] = [[1, f"narrcheck 核对：{len(marks)} 处问题", 1, 0.0]]
    for m in marks:
        label = LABELS.get(m.color_key, m.color_key)
        ours.append([2, _outline_text(label, m.page, m.text), m.page + k, max(0.0, m.y - 20)])
    try:
        pdf.set_toc(pdf.get_toc(simple=False) + ours, collapse=1)
    except Exception:  # noqa: BLE001 - an outline entry PyMuPDF cannot write back (odd link kinds)
        pdf.set_toc(pdf.get_toc(simple=True) + ours, collapse=1)
