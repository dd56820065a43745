"""Join a narrative draft and a separate tables file into one Document.

For ``narrcheck check draft.docx --tables 决算表.xlsx``: the result's text is
the narrative text, a blank line, then the tables file's text; raw tables of
both keep their cells, with every offset of the second shifted. Pages are
kept only when the narrative has them (the tables file's pages are appended
after it when both are paged).
"""

from __future__ import annotations

import dataclasses

from ..model import Document, RawTable


def _shift(t: RawTable, by: int) -> RawTable:
    spans = None
    if t.cell_spans is not None:
        spans = [[(sp[0] + by, sp[1] + by) if sp is not None else None for sp in row] for row in t.cell_spans]
    return dataclasses.replace(t, start=t.start + by, end=t.end + by, cell_spans=spans)


def attach_tables(narrative: Document, tables: Document) -> Document:
    """A new Document: ``narrative.text + "\\n\\n" + tables.text``, raw tables from both."""
    sep = "\n\n"
    base = narrative.text
    offset = len(base) + len(sep)
    text = base + sep + tables.text
    raw = [dataclasses.replace(t) for t in narrative.raw_tables] + [_shift(t, offset) for t in tables.raw_tables]
    page_starts: list[int] = []
    if narrative.page_starts:
        page_starts = list(narrative.page_starts)
        if tables.page_starts:
            n = len(page_starts)
            page_starts += [p + offset for p in tables.page_starts]
            for t in raw[len(narrative.raw_tables) :]:
                if t.page is not None:
                    t.page += n
                if t.cell_boxes is not None:
                    t.cell_boxes = [
                        [(b[0] + n, *b[1:]) if b is not None else None for b in row] for row in t.cell_boxes
                    ]
    doc = Document(
        path=narrative.path,
        text=text,
        format=f"{narrative.format}+{tables.format}",
        page_starts=page_starts,
        raw_tables=raw,
        narrative_only=not raw,
        needs_ocr=narrative.needs_ocr,
        warnings=list(narrative.warnings) + [f"{tables.path}: {w}" for w in tables.warnings],
    )
    doc.meta = dataclasses.replace(narrative.meta, tables_path=tables.path, tables_offset=offset)
    return doc
