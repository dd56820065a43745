"""Word (.docx) disclosures: body paragraphs and tables in document order.

The body's XML children are walked in order, so a table appears in the text
exactly where it stands between paragraphs. Each paragraph is one line
(paragraphs separated by a blank line); each table is a block of lines, one
per row, cells joined by TAB, with a blank line before and after.

Only ``word/document.xml`` (the part ``_rels/.rels`` names) is read from the
package, after its uncompressed size is checked (``zipsafe``); media and
other parts are never inflated. It is parsed with python-docx's element
classes (its own parser: no entity resolution), so paragraph text is
python-docx's, but table grids are laid out here: python-docx resolves each
vertically merged cell by walking every row above it (quadratic in the
rows), this reader keeps the row above's cells by grid offset (linear).

Merged cells, as python-docx's ``row.cells`` gives them: a horizontally
merged cell is repeated once per grid column it spans and keeps its text
at its first position only (later positions blank, as in the PDF reader);
a vertically merged continuation cell (``vMerge`` without ``restart``)
stands for the cell it continues and shows its text again. Nested tables
are flattened into their cell's text. Rows, columns and cells are capped
(``Limits``): the error names the cap that was hit.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..model import Document, RawTable, ReadError
from .build import TableCaps, TextBuilder, attach_captions
from .zipsafe import check_members, open_zip, read_member

_WS = re.compile(r"[ \t\u00a0\u3000]+")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MAIN = re.compile(
    rb'Type="[^"]*/officeDocument"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Type="[^"]*/officeDocument"'
)


def _clean(text: str) -> str:
    return _WS.sub(" ", text.replace("\r", "\n")).strip()


def _is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or "\u3000" <= ch <= "\u303f"


def _join_parts(parts: list[str]) -> str:
    """Cell pieces joined: no space next to a CJK character, one space otherwise."""
    text = ""
    for p in parts:
        if not p:
            continue
        if text and not (_is_cjk(text[-1]) or _is_cjk(p[0])):
            text += " "
        text += p
    return text.replace("\t", " ")


def _tc_props(tc: Any) -> tuple[int, bool]:
    """(grid span, is a vertical-merge continuation) of a ``w:tc``."""
    span, cont = 1, False
    pr = tc.find(_W + "tcPr")
    if pr is not None:
        gs = pr.find(_W + "gridSpan")
        if gs is not None:
            try:
                span = max(1, int(gs.get(_W + "val", "1")))
            except ValueError:
                span = 1
        vm = pr.find(_W + "vMerge")
        cont = vm is not None and vm.get(_W + "val", "continue") == "continue"
    return span, cont


def _grid_before(tr: Any) -> int:
    pr = tr.find(_W + "trPr")
    gb = pr.find(_W + "gridBefore") if pr is not None else None
    try:
        return int(gb.get(_W + "val", "0")) if gb is not None else 0
    except ValueError:
        return 0


def _row_tcs(tbl: Any, caps: TableCaps | None) -> list[list[Any]]:
    """Each row's cells as python-docx's ``row.cells`` gives them (``w:tc`` elements), in linear time.

    A continuation cell resolves to the cell the row above has at its grid
    offset (itself resolved), repeated by that cell's span; one with no
    cell above at its offset is blank (``None``).
    """
    out: list[list[Any]] = []
    above: dict[int, Any] = {}
    for tr in tbl.iterchildren(_W + "tr"):
        cells: list[Any] = []
        here: dict[int, Any] = {}
        offset = _grid_before(tr)
        for tc in tr.iterchildren(_W + "tc"):
            span, cont = _tc_props(tc)
            root = above.get(offset) if cont else tc
            here[offset] = root
            if root is None:
                cells.append(None)
            else:
                cells.extend([root] * (_tc_props(root)[0] if cont else span))
            offset += span
            if caps is not None and len(cells) > caps.cols:
                caps.row(len(cells))
        if caps is not None:
            caps.row(len(cells))
        above = here
        out.append(cells)
    return out


def _cell_text(tc: Any) -> str:
    parts = [_clean(p.text) for p in tc.iterchildren(_W + "p")]
    for t in tc.iterchildren(_W + "tbl"):  # nested tables: flatten
        for row in _row_tcs(t, None):
            parts.append(
                " ".join(
                    _clean("\n".join(p.text for p in c.iterchildren(_W + "p"))) if c is not None else "" for c in row
                )
            )
    return _join_parts(parts)


def _grid(tbl: Any, caps: TableCaps) -> list[list[str]]:
    rows: list[list[str]] = []
    texts: dict[int, str] = {}
    for tcs in _row_tcs(tbl, caps):
        cells: list[str] = []
        prev = None
        for tc in tcs:
            if tc is None:
                cells.append("")
                prev = None
                continue
            if prev is not None and tc is prev:
                cells.append("")  # the same merged cell repeated: keep its text once
                continue
            prev = tc
            key = id(tc)
            if key not in texts:
                texts[key] = _cell_text(tc)
            cells.append(texts[key])
        rows.append(cells)
    width = max((len(r) for r in rows), default=0)
    for r in rows:
        r.extend([""] * (width - len(r)))
    return [r for r in rows if any(r)]


def _main_part(z: Any) -> str:
    """The main document part's name, from the package relationships (word/document.xml as a rule)."""
    try:
        rels = read_member(z, "_rels/.rels", "docx")
    except ReadError:
        return "word/document.xml"
    m = _MAIN.search(rels)
    if not m:
        return "word/document.xml"
    return (m.group(1) or m.group(2)).decode("utf-8", "replace").lstrip("/")


def _body(data: bytes, limits: Any) -> Any:
    """The ``w:body`` element of the package's main document, its size checked first."""
    from docx.oxml.parser import parse_xml

    z = open_zip(data, "docx")
    main = _main_part(z)
    if main not in z.namelist():
        raise ReadError(f"broken .docx: missing part '{main}'")
    check_members(z, "docx", limits, lambda name: name in (main, "_rels/.rels"))
    xml = read_member(z, main, "docx")
    try:
        root = parse_xml(xml)
    except Exception as exc:  # noqa: BLE001 - lxml raises many kinds
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ReadError(f"broken .docx: {msg[:200]}") from None
    body = root.find(_W + "body")
    if body is None:
        raise ReadError("broken .docx: the document has no body")
    return body


def read_docx(path: Path, data: bytes, limits: Any = None) -> Document:
    """Read a .docx into a :class:`Document`; raises :class:`ReadError` when it cannot."""
    body = _body(data, limits)
    b = TextBuilder()
    raw_tables: list[RawTable] = []
    caps = TableCaps(limits)
    try:
        for child in body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
            if tag == "p":
                text = _clean(child.text)
                if text:
                    b.blank_line()
                    b.add(text + "\n")
            elif tag == "tbl":
                rows = _grid(child, caps)
                if not rows:
                    continue
                b.blank_line()
                start, end, spans = b.add_grid(rows)
                raw_tables.append(RawTable(rows=rows, start=start, end=end, cell_spans=spans))
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise ReadError(f"broken .docx: {str(exc)[:200] or type(exc).__name__}") from None

    text = b.text()
    if not text.strip():
        raise ReadError("the .docx holds no text")
    attach_captions(text, raw_tables)
    return Document(path=str(path), text=text, format="docx", raw_tables=raw_tables, narrative_only=not raw_tables)
