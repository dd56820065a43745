"""Word (.docx) disclosures: body paragraphs and tables in document order.

The body's XML children are walked in order, so a table appears in the text
exactly where it stands between paragraphs. Each paragraph is one line
(paragraphs separated by a blank line); each table is a block of lines, one
per row, cells joined by TAB, with a blank line before and after.

Merged cells: python-docx returns a horizontally merged cell once per grid
column it spans (the same underlying ``<w:tc>``); only its first position
keeps the text, later positions are blank (the same convention as the PDF
reader). Vertically merged continuation cells (``vMerge`` without restart)
are blank too. Nested tables are flattened into their cell's text.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from ..model import Document, RawTable, ReadError
from .build import TextBuilder

_WS = re.compile(r"[ \t\u00a0\u3000]+")


def _clean(text: str) -> str:
    return _WS.sub(" ", text.replace("\r", "\n")).strip()


def _cell_text(cell: Any) -> str:
    parts = [_clean(p.text) for p in cell.paragraphs]
    for t in cell.tables:  # nested tables: flatten
        for row in t.rows:
            parts.append(" ".join(_clean(c.text) for c in row.cells))
    text = ""
    for p in parts:
        if not p:
            continue
        if text and not (_is_cjk(text[-1]) or _is_cjk(p[0])):
            text += " "
        text += p
    return text.replace("\t", " ")


def _is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or "\u3000" <= ch <= "\u303f"


def _vmerge_continue(cell: Any) -> bool:
    tcPr = cell._tc.tcPr
    if tcPr is None:
        return False
    from docx.oxml.ns import qn

    vm = tcPr.find(qn("w:vMerge"))
    if vm is None:
        return False
    return vm.get(qn("w:val")) in (None, "continue")


def _grid(table: Any) -> list[list[str]]:
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        prev = None
        for cell in row.cells:
            if prev is not None and cell._tc is prev:
                cells.append("")  # the same merged cell repeated: keep its text once
                continue
            prev = cell._tc
            cells.append("" if _vmerge_continue(cell) else _cell_text(cell))
        rows.append(cells)
    width = max((len(r) for r in rows), default=0)
    for r in rows:
        r.extend([""] * (width - len(r)))
    return [r for r in rows if any(r)]


def read_docx(path: Path, data: bytes, limits: Any = None) -> Document:
    """Read a .docx into a :class:`Document`; raises :class:`ReadError` when it cannot."""
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as exc:  # pragma: no cover
        raise ReadError(f"python-docx is not installed ({exc})") from None
    try:
        d = docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ReadError("broken .docx: not a valid zip archive (truncated?)") from None
    except KeyError as exc:
        raise ReadError(f"broken .docx: missing part {exc}") from None
    except Exception as exc:  # noqa: BLE001 - lxml, zip and docx errors alike
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "encrypt" in msg.lower():
            raise ReadError("encrypted .docx (password required)") from None
        raise ReadError(f"broken .docx: {msg[:200]}") from None

    b = TextBuilder()
    add, blank_line = b.add, b.blank_line
    raw_tables: list[RawTable] = []

    try:
        body = d.element.body
        for child in body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                text = _clean(Paragraph(child, d).text)
                if text:
                    blank_line()
                    add(text + "\n")
            elif tag == "tbl":
                rows = _grid(Table(child, d))
                if not rows:
                    continue
                blank_line()
                start, end, spans = b.add_grid(rows)
                raw_tables.append(RawTable(rows=rows, start=start, end=end, cell_spans=spans))
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise ReadError(f"broken .docx: {str(exc)[:200] or type(exc).__name__}") from None

    text = b.text()
    if not text.strip():
        raise ReadError("the .docx holds no text")
    _attach_captions(text, raw_tables)
    return Document(
        path=str(path), text=text, format="docx", raw_tables=raw_tables, narrative_only=not raw_tables
    )


def _attach_captions(text: str, tables: list[RawTable]) -> None:
    """Short title-like paragraphs right above a table become its caption too."""
    for t in tables:
        before = text[: t.start].rstrip("\n").split("\n")
        caps: list[str] = []
        for line in reversed(before[-8:]):
            if not line.strip():
                continue
            if "\t" in line or len(line) > 60 or line.endswith(("。", "；", "：")) or "，" in line:
                break
            caps.append(line)
            if len(caps) >= 4:
                break
        t.caption = "\n".join(reversed(caps))
