"""The JSON report: a stable contract other tools read (schema in README.md).

Only plain types; Decimals are written as strings exactly as computed, so
the same input gives the same bytes.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from .. import __version__
from ..config import claim_fingerprint, finding_fingerprint
from ..model import FLAGGED, VERDICTS, Claim, Document, Finding, field_names
from ..numbers import Number

SCHEMA_VERSION = 2
"""2: ``claimed`` and ``recomputed`` are closed objects, one key a field of model.Stated / model.Recomputed."""


def claimed_dict(c: Claim) -> dict[str, Any]:
    """What the claim says, in ``Stated``'s field order, leaving out what it does not state; figures as
    the digits written (thousands separators removed)."""
    out: dict[str, Any] = {}
    for name in field_names(type(c.claimed)):
        v = getattr(c.claimed, name)
        if isinstance(v, Number):
            out[name] = str(v.value)
        elif isinstance(v, list):
            if v:
                out[name] = [str(n.value) for n in v]
        elif v:
            out[name] = v
    return out


def claim_head(c: Claim) -> dict[str, Any]:
    """What a claim is and where, before any judgement (the ``claims`` command prints just this)."""
    return {
        "id": c.id,
        "kind": c.kind,
        "pattern": c.pattern,
        "text": c.text,
        "start": c.start,
        "end": c.end,
        "line": c.line,
        "page": c.page,
    }


def claim_dict(doc: Document, c: Claim) -> dict[str, Any]:
    return {
        **claim_head(c),
        "sentence": {"start": c.sentence[0], "end": c.sentence[1]},
        "section": c.section,
        "subject": c.subject,
        "claimed": claimed_dict(c),
        "recomputed": c.recomputed.as_dict(),
        "verdict": c.verdict,
        "evidence": [e.as_dict() for e in c.evidence],
        "message": c.message,
        "suggestion": c.suggestion,
        "fingerprint": claim_fingerprint(doc, c),
    }


def finding_dict(f: Finding, doc: Document | None = None) -> dict[str, Any]:
    """A finding as plain data; with ``doc``, also its stable fingerprint (what --baseline matches)."""
    out = {
        "rule": f.rule,
        "severity": f.severity,
        "message": f.message,
        "text": f.text,
        "start": f.start,
        "end": f.end,
        "line": f.line,
        "page": f.page,
        "table": f.table,
        "evidence": [e.as_dict() for e in f.evidence],
        "suggestion": f.suggestion,
    }
    if doc is not None:
        out["fingerprint"] = finding_fingerprint(doc, f)
    return out


def summary(doc: Document) -> dict[str, Any]:
    """Counts per verdict and severity, the flagged total, and number coverage."""
    verdicts = Counter(c.verdict for c in doc.claims)
    sev = Counter(f.severity for f in doc.findings)
    cov = doc.meta.numbers or {"numbers": 0, "in_claims": 0}
    return {
        "claims": len(doc.claims),
        "verdicts": {v: verdicts.get(v, 0) for v in VERDICTS},
        "flagged": sum(verdicts.get(v, 0) for v in FLAGGED),
        "findings": len(doc.findings),
        "severities": {s: sev.get(s, 0) for s in ("error", "warning", "note")},
        "numbers": cov["numbers"],
        "numbers_in_claims": cov["in_claims"],
    }


def is_flagged(doc: Document) -> bool:
    """True when a claim is flagged or a finding is more than a note (exit status 1)."""
    return (
        any(c.flagged for c in doc.claims)
        or any(f.severity in ("error", "warning") for f in doc.findings)
        or doc.needs_ocr
    )


def document_dict(doc: Document) -> dict[str, Any]:
    return {
        "schema": SCHEMA_VERSION,
        "narrcheck": __version__,
        "path": doc.path,
        "format": doc.format,
        "meta": doc.meta.shown(),
        "needs_ocr": doc.needs_ocr,
        "warnings": list(doc.warnings),
        "summary": summary(doc),
        "tables": [
            {
                "id": t.id,
                "kind": t.kind,
                "number": t.number,
                "title": t.title,
                "unit": t.unit,
                "page": t.page,
                "rows": len(t.rows),
                "columns": len(t.columns),
                "project": t.project,
            }
            for t in doc.tables
        ],
        "claims": [claim_dict(doc, c) for c in doc.claims],
        "findings": [finding_dict(f, doc) for f in doc.findings],
    }


def error_dict(path: str, reason: str) -> dict[str, Any]:
    """The object written for a file that could not be read."""
    return {
        "schema": SCHEMA_VERSION,
        "narrcheck": __version__,
        "path": path,
        "error": reason,
        "claims": [],
        "findings": [],
    }


def render(objs: list[dict[str, Any]]) -> str:
    """One document → one object; several → an array, in the order given."""
    data: Any = objs[0] if len(objs) == 1 else objs
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def tables_json(doc: Document) -> str:
    """The recognised tables as JSON: kind, number, title, page, unit, columns, rows with their cell texts."""
    data = [
        {
            "id": t.id,
            "kind": t.kind,
            "number": t.number,
            "title": t.title,
            "project": t.project,
            "page": t.page,
            "unit": t.unit,
            "columns": [c.key for c in t.columns],
            "rows": [
                {
                    "code": r.code,
                    "name": r.name,
                    "side": r.side,
                    "cells": {(col.key if (col := t.column(i)) else str(i)): c.text for i, c in r.cells.items()},
                }
                for r in t.rows
            ],
        }
        for t in doc.tables
    ]
    return json.dumps({"path": doc.path, "tables": data}, ensure_ascii=False, indent=2) + "\n"
