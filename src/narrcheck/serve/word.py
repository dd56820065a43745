"""A copy of the editor's Word draft with a comment (批注) on every flagged claim and finding.

python-docx ≥ 1.2 writes comments anchored on runs. The draft's paragraphs
are matched to ``Document.text`` the way the Word reader built it (body
paragraphs in order, whitespace collapsed), so a claim's character range
maps to characters of one paragraph; the runs there are split at the
claim's first and last character so the comment covers exactly its words
(a run holding anything but text, tabs and breaks is never split: then
the comment covers the whole paragraph). A finding inside a table is
anchored on the table cell holding its first character. Everything else
(the tables of a separate tables file) is counted as skipped.

The note in each comment is the one the annotated PDF carries
(:func:`narrcheck.render.annotate.claim_note`/``finding_note``).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from ..model import Document
from ..render.annotate import claim_note, finding_note

AUTHOR, INITIALS = "narrcheck", "NC"
_WS = re.compile(r"[ \t\u00a0\u3000]+")
_TEXT_TAGS = {"rPr", "t", "tab", "br", "cr", "noBreakHyphen", "softHyphen"}


def clean_map(raw: str) -> tuple[str, list[int]]:
    """The Word reader's whitespace cleaning of ``raw``, and for each kept character its index in ``raw``."""
    raw = raw.replace("\r", "\n")
    out: list[str] = []
    idx: list[int] = []
    i = 0
    while i < len(raw):
        m = _WS.match(raw, i)
        if m:
            out.append(" ")
            idx.append(i)
            i = m.end()
        else:
            out.append(raw[i])
            idx.append(i)
            i += 1
    text = "".join(out)
    lead = len(text) - len(text.lstrip())
    trail = len(text.rstrip())
    return text[lead:trail], idx[lead:trail]


def _paragraph_spans(doc: Document, wd: Any) -> tuple[list[tuple[int, int, Any, list[int]]], list[Any]]:
    """Body paragraphs located in ``doc.text`` as (start, end, paragraph, raw index map); and the body tables."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    spans: list[tuple[int, int, Any, list[int]]] = []
    tables: list[Any] = []
    limit = len(doc.text) if doc.meta.tables_offset is None else doc.meta.tables_offset
    cursor = 0
    for child in wd.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "tbl":
            t = Table(child, wd)
            if any(c.text.strip() for row in t.rows for c in row.cells):  # the reader skips empty tables
                tables.append(t)
            continue
        if tag != "p":
            continue
        p = Paragraph(child, wd)
        text, idx = clean_map(p.text)
        if not text:
            continue
        at = doc.text.find(text, cursor, limit)
        if at < 0:
            continue
        spans.append((at, at + len(text), p, idx))
        cursor = at + len(text)
    return spans, tables


def _plain(run: Any) -> bool:
    return all(ch.tag.rsplit("}", 1)[-1] in _TEXT_TAGS for ch in run._r)


def _split(paragraph: Any, at: int) -> None:
    """Split the run holding raw character ``at`` of ``paragraph`` so that a run starts there."""
    from docx.text.run import Run

    pos = 0
    for run in paragraph.runs:
        t = run.text
        if pos < at < pos + len(t):
            if not _plain(run):
                raise ValueError("run holds more than text")
            new = copy.deepcopy(run._r)
            run._r.addnext(new)
            run.text = t[: at - pos]
            Run(new, run._parent).text = t[at - pos :]
            return
        pos += len(t)


def _runs_for(paragraph: Any, a: int, b: int) -> list[Any]:
    """The runs covering raw characters [a, b) of ``paragraph``, split at a and b when that is safe."""
    runs = paragraph.runs
    if not runs:
        return []
    if sum(len(r.text) for r in runs) != len(paragraph.text):
        return runs  # hyperlinks or fields between the runs: comment the whole paragraph
    try:
        _split(paragraph, a)
        _split(paragraph, b)
    except ValueError:
        return paragraph.runs
    out, pos = [], 0
    for run in paragraph.runs:
        n = len(run.text)
        if pos < b and pos + n > a and n:
            out.append(run)
        pos += n
    return out or paragraph.runs


def _locate(spans: list[tuple[int, int, Any, list[int]]], offset: int) -> tuple[Any, int] | None:
    """The body paragraph holding text offset ``offset`` and the raw index of that character in it."""
    for s0, s1, p, idx in spans:
        if s0 <= offset < s1:
            return p, idx[offset - s0]
    return None


def _anchor(spans: list[tuple[int, int, Any, list[int]]], start: int, end: int) -> list[Any]:
    """Runs covering text offsets [start, end) when they begin in a body paragraph
    (possibly ending in a later one), else []."""
    first = _locate(spans, start)
    if first is None:
        return []
    last = _locate(spans, max(start, end - 1)) or first
    (p, a), (q, z) = first, last
    if q is p:
        return _runs_for(p, a, z + 1)
    head, tail = _runs_for(p, a, len(p.text)), _runs_for(q, 0, z + 1)
    return [head[0], tail[-1]] if head and tail else head


def _cell_anchor(doc: Document, tables: list[Any], offset: int) -> list[Any]:
    """Runs of the Word table cell that holds ``offset`` (a table finding), matched by row and cell text."""
    limit = len(doc.text) if doc.meta.tables_offset is None else doc.meta.tables_offset
    body = [t for t in doc.raw_tables if t.start < limit]
    if len(body) != len(tables):
        return []  # the tables cannot be paired one to one
    for raw, table in zip(body, tables):
        if not (raw.start <= offset < raw.end) or raw.cell_spans is None:
            continue
        hit = [
            (r, c)
            for r, row in enumerate(raw.cell_spans)
            for c, sp in enumerate(row)
            if sp is not None and sp[0] <= offset < max(sp[1], sp[0] + 1)
        ]
        if not hit:
            return []
        r, c = hit[0]
        rows = [row for row in table.rows if any(cell.text.strip() for cell in row.cells)]
        order = ([rows[r]] if r < len(rows) else []) + rows
        for row in order:
            for cell in row.cells:
                runs = [run for p in cell.paragraphs for run in p.runs]
                if runs and clean_map(cell.text)[0] == raw.rows[r][c]:
                    return [runs[0], runs[-1]]
    return []


def _comment(wd: Any, runs: list[Any], note: str) -> None:
    lines = note.split("\n")
    comment = wd.add_comment(runs, text=lines[0], author=AUTHOR, initials=INITIALS)
    for line in lines[1:]:
        comment.add_paragraph(line)


def comment_docx(doc: Document, src: str | Path, out: str | Path) -> tuple[int, int]:
    """Write ``out``: the .docx at ``src`` with a comment per flagged claim and per finding.

    ``doc`` is the checked Document read from ``src`` (optionally with a
    separate tables file). Returns (comments written, items skipped).
    """
    import docx

    wd = docx.Document(str(src))
    if not hasattr(wd, "add_comment"):
        raise RuntimeError("python-docx 1.2 or later is needed for Word comments")
    spans, tables = _paragraph_spans(doc, wd)
    items: list[tuple[int, int, str]] = [(c.start, c.end, claim_note(c)) for c in doc.claims if c.flagged]
    items += [(f.start, f.end, finding_note(f)) for f in doc.findings]
    items.sort(key=lambda t: (t[0], -t[1]))
    written = skipped = 0
    for start, end, note in items:
        runs = _anchor(spans, start, end) or _cell_anchor(doc, tables, start)
        if not runs:
            skipped += 1
            continue
        _comment(wd, runs, note)
        written += 1
    wd.save(str(out))
    return written, skipped
