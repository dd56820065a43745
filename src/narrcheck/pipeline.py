"""The one straight pipeline: read → sections → tables → claims → align/recompute → findings.

Each stage annotates the same :class:`Document`; this module only calls
them in order and times them, so a newcomer sees the whole flow here.
"""

from __future__ import annotations

import gc
import time
from pathlib import Path

from .align.index import build_index
from .claims.extract import extract, number_coverage
from .findings.contents import contents_findings
from .findings.naming import naming_findings
from .findings.reasons import reason_findings
from .findings.residue import residue_findings
from .findings.tables import table_findings
from .layout.sections import segment
from .model import Document
from .readers import Limits, read
from .readers.ocrdoubt import mark_ocr_doubt
from .recompute.judge import judge_all
from .tables.recognize import recognize


STAGES = ("sections", "tables", "claims", "align", "recompute", "findings")
"""The stages after reading, in order; :func:`run` stops after the one it is told to."""


def run(doc: Document, until: str = "findings") -> Document:
    """Run the stages after reading on ``doc``, in order, up to and including ``until``, and return it.

    ``until="tables"`` gives the recognised tables (the ``tables`` command), ``until="claims"`` the
    extracted, unjudged claims (the ``claims`` command); the default runs everything (``check``).
    Each stage is timed into ``doc.timings``.
    """
    if until not in STAGES:
        raise ValueError(f"unknown stage {until!r}; stages: {', '.join(STAGES)}")
    stop = STAGES.index(until)
    t = time.perf_counter()

    def lap(name: str) -> bool:
        nonlocal t
        now = time.perf_counter()
        doc.timings[name] = doc.timings.get(name, 0.0) + (now - t)
        t = now
        return STAGES.index(name) >= stop

    segment(doc)
    if lap("sections"):
        return doc
    doc.tables = recognize(doc)
    doc.narrative_only = not doc.tables
    if lap("tables"):
        return doc
    narr, claims = extract(doc)
    doc.claims = claims
    if lap("claims"):
        return doc
    index = build_index(doc)
    if lap("align"):
        return doc
    judge_all(doc, claims, narr.text, index)
    mark_ocr_doubt(doc)  # scanned pages: flags resting on unsure OCR reads become unverified
    doc.meta.numbers = number_coverage(doc, narr)
    if lap("recompute"):
        return doc
    doc.findings = _findings(doc, narr)
    mark_ocr_doubt(doc)  # and table findings resting on them become notes
    lap("findings")
    return doc


def _findings(doc: Document, narr) -> list:
    """Every finding beyond single claims, placed (line, page, text) and in document order."""
    findings = table_findings(doc) + contents_findings(doc) + residue_findings(doc, narr) + naming_findings(doc)
    findings += reason_findings(doc, narr)
    for f in findings:
        f.line = doc.line_of(f.start)
        f.page = f.page or doc.page_of(f.start)
        if not f.text:
            f.text = doc.text[f.start : f.end]
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return findings


def warm_up() -> None:
    """Load what every document needs (claim patterns, vocabulary, spaCy's pipeline) and move it, with every
    module, out of the garbage collector's way (``gc.freeze``): these objects live as long as the process, and
    each full collection would walk them again — about a tenth of a seed document's time when one process
    checks many (benchmarks/speed.py). Called before a run of documents, never per document (a document's
    own objects must stay collectable)."""
    from .claims.narrative import nlp
    from .claims.patterns import aliases, claim_patterns

    claim_patterns()
    aliases()
    nlp()
    gc.freeze()


def check_document(doc: Document) -> Document:
    """Run every stage after reading on ``doc`` and return it, annotated."""
    return run(doc)


def check(path: str | Path, *, tables: str | Path | None = None, limits: Limits = Limits()) -> Document:
    """Read and check one file. Raises :class:`~narrcheck.model.ReadError` if it cannot be read."""
    t = time.perf_counter()
    doc = read(path, tables=tables, limits=limits)
    doc.timings["read"] = time.perf_counter() - t
    return check_document(doc)
