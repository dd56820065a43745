"""Web pages (.html, .htm): a disclosure as a 政务公开 page publishes it, its 情况说明 and its tables.

Auditors save the pages they check; read as plain text, a page's markup splits every sentence
(``<font face="宋体">…</font>`` between a figure and its rate) and its tables lose their grid. The page
is parsed with lxml's HTML parser (libxml2: it takes the broken markup such pages carry, fetches
nothing and resolves no outside entity). Scripts, styles, the head and comments are dropped; the
page's <title> opens the text when the body does not repeat it (it names the document). A block
element (p, div, li, h1…h6, br …) ends a paragraph; inline markup (span, font, b …) is joined as a
browser shows Chinese, without a space. Each ``<table>`` becomes a grid written as tab-separated lines
(the Word reader's layout): a cell spanning columns keeps its text at its first position (later ones
blank), one spanning rows shows its text again on each row it covers, and a table nested in a cell is
flattened into the cell's text. Rows, columns and cells are capped as for Word tables.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html
import regex

from ..model import Document, RawTable, ReadError
from .build import TableCaps, TextBuilder, attach_captions
from .text import decode

_DROP = ("script", "style", "head", "noscript", "template", "iframe", "object", "svg", "select", "button")
_BLOCK = frozenset(
    "p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 section article header footer aside nav main blockquote pre "
    "address figure figcaption caption center form fieldset hr table tr".split()
)
_CJK = r"[\p{Han}\u3000-\u303f\uff00-\uffef]"
_BREAK_GAP = regex.compile(rf"(?<={_CJK})[ \t\u200b]*[\r\n][ \t\r\n\u200b]*(?={_CJK})")
_WS = regex.compile(r"[ \t\r\n\f\v\u00a0\u2002\u2003\u2009\u200b]+")
_XML_DECL = regex.compile(r"^\s*<\?xml[^>]*\?>")
_MAX_SPAN = 1000  # a colspan or rowspan larger than this is a page's error, read as 1


def looks_like_html(data: bytes) -> bool:
    """Whether a text file's first bytes open an HTML page (<!DOCTYPE html>, <html>), whatever its name."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or (head.startswith(b"<?xml") and b"<html" in head)


def clean(text: str) -> str:
    """Whitespace as a browser collapses it: a run of it one space, and a source line break between two Chinese
    characters nothing (as Chinese text is wrapped in a page's source)."""
    return _WS.sub(" ", _BREAK_GAP.sub("", text)).strip()


def read_html(path: Path, data: bytes, limits: Any = None) -> Document:
    """Read a saved web page into a :class:`Document`; raises :class:`ReadError` when it cannot."""
    if not data.strip():
        raise ReadError("empty file")
    text, encoding = decode(data)
    try:
        root = lxml.html.document_fromstring(_XML_DECL.sub("", text))
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ReadError(f"not a readable HTML page ({str(exc)[:100] or type(exc).__name__})") from None
    title = clean(root.findtext(".//title") or "")
    for el in list(root.iter(*_DROP, lxml.etree.Comment, lxml.etree.ProcessingInstruction)):
        el.drop_tree()
    body = root.find("body")
    b = TextBuilder()
    if title and title not in clean((body if body is not None else root).text_content())[:2000]:
        # the page's title (关于阜新市2025年财政决算的报告) names the document when its body does not
        b.add(title + "\n")
    tables: list[RawTable] = []
    _walk(body if body is not None else root, b, tables, TableCaps(limits))
    out = b.text()
    if not out.strip():
        raise ReadError("the page holds no text")
    attach_captions(out, tables)
    doc = Document(path=str(path), text=out, format="html", raw_tables=tables, narrative_only=not tables)
    doc.meta.encoding = encoding
    return doc


def _walk(top: Any, b: TextBuilder, tables: list[RawTable], caps: TableCaps) -> None:
    """The page in document order: paragraphs of inline text, and each table's grid where it stands."""
    line: list[str] = []

    def flush() -> None:
        s = clean("".join(line))
        line.clear()
        if s:
            b.blank_line()
            b.add(s + "\n")

    walker = lxml.etree.iterwalk(top, events=("start", "end"))
    for event, el in walker:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if tag == "table":
                flush()
                _add_table(el, b, tables, caps)
                walker.skip_subtree()
                line.append(el.tail or "")  # no "end" event follows a skipped element
                continue
            if tag in _BLOCK or tag == "br":
                flush()
            line.append(el.text or "")
        else:
            if tag in _BLOCK or tag == "br":
                flush()
            if el is not top:
                line.append(el.tail or "")
    flush()


def _add_table(el: Any, b: TextBuilder, tables: list[RawTable], caps: TableCaps) -> None:
    """Write one table's grid as tab-separated lines and keep it as a raw table."""
    rows = _grid(el, caps)
    if not any(any(c for c in row) for row in rows):
        return
    b.blank_line()
    start, end, spans = b.add_grid(rows)
    caption = el.find("caption")
    tables.append(
        RawTable(
            rows=rows,
            start=start,
            end=end,
            cell_spans=spans,
            caption=clean(caption.text_content()) if caption is not None else "",
        )
    )


def _span(cell: Any, name: str) -> int:
    try:
        n = int(str(cell.get(name, "1")).strip() or 1)
    except ValueError:
        return 1
    return n if 1 <= n <= _MAX_SPAN else 1


def _grid(table: Any, caps: TableCaps) -> list[list[str]]:
    """The table's rows (its own, not a nested table's) with spanned cells laid out on the grid."""
    rows: list[list[str]] = []
    below: dict[int, tuple[str, int]] = {}  # column → (text, rows still covered) of cells spanning down
    for tr in table.iter("tr"):
        if next(tr.iterancestors("table"), None) is not table:
            continue
        row: list[str] = []
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                continue
            _fill_from_above(row, below)
            text, down = clean(cell.text_content()), _span(cell, "rowspan")
            for k in range(_span(cell, "colspan")):
                if down > 1:
                    below[len(row)] = (text if k == 0 else "", down - 1)
                row.append(text if k == 0 else "")
        _fill_from_above(row, below, rest=True)
        caps.row(len(row))
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def _fill_from_above(row: list[str], below: dict[int, tuple[str, int]], rest: bool = False) -> None:
    """Cells of rows above that span down into this row, at the row's next positions (all of them when ``rest``)."""
    while len(row) in below or (rest and below and len(row) < max(below) + 1):
        text, left = below.pop(len(row), ("", 0))
        if left > 1:
            below[len(row)] = (text, left - 1)
        row.append(text)
