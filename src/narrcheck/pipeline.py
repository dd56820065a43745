"""The one straight pipeline: read → sections → tables → claims → align/recompute → findings.

Each stage annotates the same :class:`Document`; this module only calls
them in order and times them, so a newcomer sees the whole flow here.
"""

from __future__ import annotations

import time
from pathlib import Path

from .align.resolve import build_index
from .claims.extract import extract, number_coverage
from .findings.naming import naming_findings
from .findings.reasons import reason_findings
from .findings.residue import residue_findings
from .findings.tables import table_findings
from .layout.sections import segment
from .model import Document
from .readers import Limits, read
from .recompute.judge import judge_all
from .tables.recognize import recognize


def check_document(doc: Document) -> Document:
    """Run every stage after reading on ``doc`` and return it, annotated."""
    t = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal t
        now = time.perf_counter()
        doc.timings[name] = doc.timings.get(name, 0.0) + (now - t)
        t = now

    segment(doc)
    lap("sections")
    doc.tables = recognize(doc)
    doc.narrative_only = not doc.tables
    lap("tables")
    narr, claims = extract(doc)
    lap("claims")
    index = build_index(doc)
    lap("align")
    judge_all(doc, claims, narr.text, index)
    doc.claims = claims
    doc.meta["numbers"] = number_coverage(doc, narr)
    lap("recompute")
    doc.findings = table_findings(doc) + residue_findings(doc, narr) + naming_findings(doc) + reason_findings(doc, narr)
    for f in doc.findings:
        f.line = doc.line_of(f.start)
        f.page = f.page or doc.page_of(f.start)
        if not f.text:
            f.text = doc.text[f.start : f.end]
    doc.findings.sort(key=lambda f: (f.start, f.end, f.rule))
    lap("findings")
    return doc


def check(path: str | Path, *, tables: str | Path | None = None, limits: Limits = Limits()) -> Document:
    """Read and check one file. Raises :class:`~narrcheck.model.ReadError` if it cannot be read."""
    t = time.perf_counter()
    doc = read(path, tables=tables, limits=limits)
    doc.timings["read"] = time.perf_counter() - t
    return check_document(doc)
