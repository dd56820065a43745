"""Problem lists for grep, editors' jump lists and spreadsheets: lines, csv, jsonl.

One record per problem (a flagged claim or a finding), never wrapped, in
document order. ``lines`` is ``path:line: severity rule message`` (``path:p.21:``
for PDFs, where a text line means nothing to the person holding the page).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterator

from ..config import claim_fingerprint, finding_fingerprint
from ..model import Document

CLAIM_SEVERITY = {"mismatch": "error", "direction": "error", "rounding": "warning"}
COLUMNS = ("path", "line", "page", "severity", "rule", "verdict", "text", "message", "suggestion", "fingerprint")


def _flat(s: str) -> str:
    """One line: every run of whitespace (newlines included) becomes one space."""
    return " ".join(s.split())


def problems(doc: Document) -> Iterator[dict[str, Any]]:
    """Flagged claims and findings of ``doc`` as flat records, ordered by position in the text."""
    rows: list[tuple[int, dict[str, Any]]] = []
    for c in doc.claims:
        if c.verdict in CLAIM_SEVERITY:
            rows.append(
                (
                    c.start,
                    {
                        "path": doc.path,
                        "line": c.line,
                        "page": c.page,
                        "severity": CLAIM_SEVERITY[c.verdict],
                        "rule": f"claim.{c.kind}",
                        "verdict": c.verdict,
                        "text": _flat(c.text),
                        "message": _flat(c.message),
                        "suggestion": _flat(c.suggestion) if c.suggestion != c.text else "",
                        "fingerprint": claim_fingerprint(doc, c),
                    },
                )
            )
    for f in doc.findings:
        rows.append(
            (
                f.start,
                {
                    "path": doc.path,
                    "line": f.line,
                    "page": f.page,
                    "severity": f.severity,
                    "rule": f.rule,
                    "verdict": "",
                    "text": _flat(f.text),
                    "message": _flat(f.message),
                    "suggestion": _flat(f.suggestion),
                    "fingerprint": finding_fingerprint(doc, f),
                },
            )
        )
    if doc.needs_ocr:
        rows.append(
            (
                0,
                {
                    "path": doc.path,
                    "line": 0,
                    "page": None,
                    "severity": "error",
                    "rule": "input.needs_ocr",
                    "verdict": "",
                    "text": "",
                    "message": "no text layer (a scanned PDF?): it needs OCR before it can be checked",
                    "suggestion": "",
                    "fingerprint": "",
                },
            )
        )
    rows.sort(key=lambda r: r[0])
    return (r for _, r in rows)


def render_lines(docs: list[Document], header: bool = True) -> str:
    """``path:line: severity rule message [→ suggestion]``, one problem a line (no header row to leave out)."""
    out = []
    for doc in docs:
        for p in problems(doc):
            where = f"p.{p['page']}" if p["page"] else str(p["line"])
            tail = f" → {p['suggestion']}" if p["suggestion"] else ""
            out.append(f"{p['path']}:{where}: {p['severity']} {p['rule']} {p['message']}{tail}")
    return "".join(line + "\n" for line in out)


def render_jsonl(docs: list[Document], header: bool = True) -> str:
    """One JSON object a problem, one a line (keys as in :data:`COLUMNS`; no header row to leave out)."""
    return "".join(json.dumps(p, ensure_ascii=False) + "\n" for doc in docs for p in problems(doc))


def render_csv(docs: list[Document], header: bool = True) -> str:
    """A header row (unless ``header`` is False: a report written document by document) and one row a problem
    (RFC 4180 quoting, so Chinese commas and quotes survive)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\r\n")
    if header:
        w.writeheader()
    for doc in docs:
        for p in problems(doc):
            w.writerow({k: "" if p[k] is None else p[k] for k in COLUMNS})
    return buf.getvalue()


RENDERERS = {"lines": render_lines, "jsonl": render_jsonl, "csv": render_csv}
