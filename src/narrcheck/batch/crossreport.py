"""crossdoc.html: every cross-document finding of a batch, by document, with the other document's evidence.

The per-document reports are written by the workers before the cross stage
runs (and a document whose group changes later is not read again), so the
cross findings get their own page, linked from index.html: each finding
with its message, the words it sits on (page, line), and the evidence table
whose last row names the other document (its path, page, table, row, value).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, select_autoescape

from .. import __version__
from .safeio import atomic_write

_SQL = """
SELECT d.id, d.path, d.report, f.severity, f.rule, f.message, f.text, f.line, f.page, f.evidence, o.path
FROM findings f JOIN documents d ON d.id = f.document_id LEFT JOIN documents o ON o.id = f.other_document_id
WHERE f.rule LIKE 'crossdoc.%' ORDER BY d.path, f.seq
"""


@dataclass
class CrossRow:
    """One cross-document finding as the page shows it."""

    severity: str
    rule: str
    message: str
    text: str
    where: str  # p.7 / line 91
    evidence: list[dict[str, Any]]
    other: str  # the other document's path ('' when not known)


@dataclass
class CrossDoc:
    """A document with cross-document findings, and its own report."""

    id: int
    path: str
    report: str
    findings: list[CrossRow]


def cross_documents(db_path: Path) -> list[CrossDoc]:
    """The documents of the store with cross-document findings, by path; [] without a store."""
    from .db import connect_readonly

    try:
        con = connect_readonly(db_path)
    except (FileNotFoundError, sqlite3.Error):
        return []
    out: dict[int, CrossDoc] = {}
    try:
        for doc_id, path, report, sev, rule, msg, text, line, page, ev, other in con.execute(_SQL):
            d = out.setdefault(doc_id, CrossDoc(doc_id, path, report or "", []))
            where = f"p.{page}" if page else f"line {line}" if line else ""
            d.findings.append(CrossRow(sev, rule, msg, text or "", where, json.loads(ev or "[]"), other or ""))
    except sqlite3.Error:
        return []
    finally:
        con.close()
    return list(out.values())


_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>narrcheck batch: cross-document findings</title>
<style>
body { font: 14px/1.45 system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.3em; } h2 { font-size: 1.05em; margin-top: 1.6em; word-break: break-all; }
li { margin: .6em 0; } .sev-error { color: #b00020; } .sev-warning { color: #a15c00; } .sev-note { color: #555; }
table { border-collapse: collapse; margin: .3em 0; } td, th { border-bottom: 1px solid #ddd; padding: .2em .5em; }
td.num { text-align: right; font-variant-numeric: tabular-nums; } q { background: #fff3cd; }
</style>
</head>
<body>
<h1>跨文件核对 / cross-document findings</h1>
<p>{{ total }} findings in {{ docs|length }} documents. narrcheck {{ version }}. <a href="index.html">index</a></p>
{% if not docs %}<p>No cross-document findings.</p>{% endif %}
{% for d in docs %}<h2 id="d{{ d.id }}">{% if d.report %}<a href="reports/{{ d.report|urlencode }}">{{ d.path }}</a>\
{% else %}{{ d.path }}{% endif %}</h2>
<ol>{% for f in d.findings %}<li class="sev-{{ f.severity }}"><strong>{{ f.severity }}</strong> {{ f.where }}
<code>{{ f.rule }}</code> <q>{{ f.text }}</q><br>{{ f.message }}
{% if f.other %}<br>other document: {{ f.other }}{% endif %}
<table><tr><th>table</th><th>row</th><th>column</th><th>value</th><th>page</th></tr>
{% for e in f.evidence %}<tr><td>{{ e.table }}</td><td>{{ e.row }}</td><td>{{ e.column }}</td>\
<td class="num">{{ e.value }}</td><td>{{ e.page if e.page is not none else '' }}</td></tr>
{% endfor %}</table></li>
{% endfor %}</ol>
{% endfor %}
</body>
</html>
"""


def write_crossdoc_page(db_path: Path, target: Path) -> None:
    """Write crossdoc.html from the store (an empty list says so)."""
    docs = cross_documents(db_path)
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    page = env.from_string(_PAGE).render(docs=docs, total=sum(len(d.findings) for d in docs), version=__version__)
    atomic_write(target, page)
