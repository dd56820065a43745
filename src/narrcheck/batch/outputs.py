"""What a batch leaves besides the database: summary.csv and a sortable index.html."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from jinja2 import Environment, select_autoescape

from .. import __version__
from .safeio import atomic_write

CSV_COLUMNS = (
    "path",
    "unit",
    "year",
    "doctype",
    "claims",
    "ok",
    "rounding",
    "mismatch",
    "direction",
    "unverified",
    "findings_error",
    "findings_warning",
    "findings_note",
    "crossdoc_findings",
    "status",
    "error",
    "needs_ocr",
    "first_problem",
    "report",
)


def problems(d: dict[str, Any]) -> int:
    """What the index sorts by: flagged claims (rounding + mismatch + direction) and error findings."""
    return sum(int(d.get(k) or 0) for k in ("rounding", "mismatch", "direction", "findings_error"))


def write_summary_csv(docs: list[dict[str, Any]], target: Path, db_path: Path | None = None) -> None:
    """summary.csv: one row per document, for auditors in Excel (UTF-8 with BOM, CRLF lines as RFC 4180).

    ``first_problem`` is read from the results database (``db_path``, by default ``narrcheck.sqlite``
    beside ``target``); ``report`` is the document's HTML report relative to the CSV (``reports/….html``).
    """
    first = first_problems(db_path or target.parent / "narrcheck.sqlite")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for d in sorted(docs, key=lambda d: d["path"]):
        row = dict(
            d,
            first_problem=first.get(int(d.get("id") or 0), ""),
            report=f"reports/{d['report']}" if d.get("report") else "",
        )
        w.writerow([csv_cell(row.get(k)) for k in CSV_COLUMNS])
    _atomic_write(target, buf.getvalue(), encoding="utf-8-sig")  # BOM: Excel opens the Chinese correctly


# the worst first: a mismatch or direction claim or an error finding, then rounding and warnings, then notes
_FIRST_SQL = """
SELECT document_id, rank, line, page, what, message, text FROM (
  SELECT document_id, CASE verdict WHEN 'rounding' THEN 1 ELSE 0 END AS rank, line, page,
         verdict AS what, message, text, seq
  FROM claims WHERE verdict IN ('mismatch', 'direction', 'rounding')
  UNION ALL
  SELECT document_id, CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, line, page,
         rule, message, text, seq
  FROM findings WHERE severity IN ('error', 'warning', 'note')
) ORDER BY document_id, rank, line, seq
"""


def first_problems(db_path: Path) -> dict[int, str]:
    """Document id → its worst problem in one line (``p.21 mismatch: message “text”``); {} without a database."""
    import sqlite3

    from .db import connect_readonly

    try:
        con = connect_readonly(db_path)
    except (FileNotFoundError, sqlite3.Error):
        return {}
    out: dict[int, str] = {}
    try:
        for doc_id, _, line, page, what, message, text in con.execute(_FIRST_SQL):
            if doc_id not in out:
                where = f"p.{page}" if page else f"line {line}" if line else ""
                quoted = f" “{' '.join(str(text or '').split())[:60]}”" if text else ""
                out[doc_id] = f"{where} {what}: {' '.join(str(message or '').split())}{quoted}".strip()[:300]
    except sqlite3.Error:
        return {}
    finally:
        con.close()
    return out


def error_lines(docs: list[dict[str, Any]], limit: int = 50) -> list[str]:
    """One line per file that could not be checked (``narrcheck: PATH: reason``, as ``check`` says it),
    at most ``limit``, then how many more summary.csv lists."""
    bad = [d for d in sorted(docs, key=lambda d: d["path"]) if d.get("status") in ("error", "timeout")]
    lines = [f"narrcheck: {d['path']}: {d.get('error') or d['status']}" for d in bad[:limit]]
    if len(bad) > limit:
        lines.append(
            f"narrcheck: … and {len(bad) - limit} more files that could not be checked (summary.csv, column error)"
        )
    return lines


def print_errors(db_path: Path, stream: Any = None) -> None:
    """After a batch: name every file that could not be checked, with the reason, on stderr."""
    import sqlite3
    import sys

    from .db import connect_readonly, documents

    try:
        con = connect_readonly(db_path)
        try:
            docs = documents(con)
        finally:
            con.close()
    except (FileNotFoundError, sqlite3.Error):
        return
    for line in error_lines(docs):
        (stream or sys.stderr).write(line + "\n")


_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(v: Any) -> Any:
    """A value for summary.csv: text that a spreadsheet would run as a formula gets a leading apostrophe.

    A file name or an error message beginning with ``= + - @`` (or a tab,
    or their full-width forms) would be a formula in Excel; numbers stay
    numbers.
    """
    if v is None:
        return ""
    if isinstance(v, str) and v.startswith(_FORMULA):
        return "'" + v
    return v


def query_text(cols: list[str], rows: list[tuple[Any, ...]], fmt: str) -> str:
    """``batch --query`` rows for programs: ``json`` (an array of objects keyed by column) or ``csv``
    (a header, CRLF lines as RFC 4180 and Excel expect; formula-looking text defused as in summary.csv)."""
    if fmt == "json":
        import json

        return json.dumps([dict(zip(cols, r)) for r in rows], ensure_ascii=False, indent=1, default=str) + "\n"
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(cols)
    for r in rows:
        w.writerow([csv_cell(v) for v in r])
    return buf.getvalue()


def _atomic_write(target: Path, text: str, encoding: str = "utf-8") -> None:
    atomic_write(target, text, encoding)


_INDEX = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>narrcheck batch: {{ docs|length }} documents</title>
<style>
body { font: 14px/1.45 system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.3em; margin: 0 0 .3em; }
p.sum span { margin-right: 1.2em; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #f4f4f4; cursor: pointer; user-select: none; position: sticky; top: 0; white-space: nowrap; }
th[aria-sort=ascending]::after { content: " ▲"; }
th[aria-sort=descending]::after { content: " ▼"; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.flagged td.status { color: #a15c00; font-weight: 600; }
tr.error td.status, tr.timeout td.status { color: #b00020; font-weight: 600; }
tr.ok td.status { color: #1b7a1b; }
td.path { word-break: break-all; }
td.err { color: #b00020; }
</style>
</head>
<body>
<h1>narrcheck batch report</h1>
<p class="sum"><span>{{ docs|length }} documents</span>\
{% for s, n in counts %}<span>{{ s }}: {{ n }}</span>{% endfor %}<span>narrcheck {{ version }}</span></p>
<p>Click a column header to sort. Problems = rounding + mismatch + direction claims + error findings.
Cross-document findings (each document against the same organisation's other years, its department or unit):
<a href="crossdoc.html">crossdoc.html</a>.</p>
<table id="docs">
<thead><tr>
{% for key, label, kind in columns %}<th data-kind="{{ kind }}"\
{% if key == 'problems' %} aria-sort="descending"{% endif %}>{{ label }}</th>{% endfor %}
</tr></thead>
<tbody>
{% for d in docs %}<tr class="{{ d.status }}">
<td class="path">{% if d.report %}<a href="reports/{{ d.report|urlencode }}">{{ d.path }}</a>\
{% else %}{{ d.path }}{% endif %}</td>
<td>{{ d.unit or '' }}</td><td class="n">{{ d.year or '' }}</td><td>{{ d.doctype or '' }}</td>
<td class="status">{{ d.status }}</td>
<td class="n">{{ d.problems }}</td><td class="n">{{ d.claims }}</td><td class="n">{{ d.rounding }}</td>\
<td class="n">{{ d.mismatch }}</td><td class="n">{{ d.direction }}</td><td class="n">{{ d.unverified }}</td>
<td class="n">{{ d.findings_error }}</td><td class="n">{{ d.findings_warning }}</td>\
<td class="n">{{ d.findings_note }}</td>
<td class="n">{% if d.crossdoc_findings %}<a href="crossdoc.html#d{{ d.id }}">{{ d.crossdoc_findings }}</a>\
{% else %}0{% endif %}</td>
<td class="err">{{ d.error or '' }}</td>
</tr>
{% endfor %}</tbody>
</table>
<script>
(function () {
  var table = document.getElementById("docs");
  var heads = table.tHead.rows[0].cells;
  function key(row, i, kind) {
    var t = row.cells[i].textContent.trim();
    if (kind === "n") { var v = parseFloat(t); return isNaN(v) ? -Infinity : v; }
    return t;
  }
  Array.prototype.forEach.call(heads, function (th, i) {
    th.addEventListener("click", function () {
      var kind = th.getAttribute("data-kind");
      var asc = th.getAttribute("aria-sort") !== "ascending";
      if (th.getAttribute("aria-sort") === null && kind === "n") asc = false;
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a, i, kind), y = key(b, i, kind);
        var c = kind === "n" ? x - y : x.localeCompare(y, "zh");
        if (c === 0) c = a.cells[0].textContent.localeCompare(b.cells[0].textContent);
        return asc ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
})();
</script>
</body>
</html>
"""

_COLUMNS = (
    ("path", "document", "s"),
    ("unit", "unit", "s"),
    ("year", "year", "n"),
    ("doctype", "type", "s"),
    ("status", "status", "s"),
    ("problems", "problems", "n"),
    ("claims", "claims", "n"),
    ("rounding", "rounding", "n"),
    ("mismatch", "mismatch", "n"),
    ("direction", "direction", "n"),
    ("unverified", "unverified", "n"),
    ("findings_error", "error findings", "n"),
    ("findings_warning", "warnings", "n"),
    ("findings_note", "notes", "n"),
    ("crossdoc_findings", "cross-document", "n"),
    ("error", "reason", "s"),
)


def render_index(docs: list[dict[str, Any]]) -> str:
    """The index page: every document, most problems first, each linked to its own report."""
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    rows = [dict(d, problems=problems(d)) for d in docs]
    rows.sort(key=lambda d: (-d["problems"], d["status"] not in ("error", "timeout"), d["path"]))
    counts: dict[str, int] = {}
    for d in rows:
        counts[d["status"]] = counts.get(d["status"], 0) + 1
    order = ("ok", "flagged", "error", "timeout")
    return env.from_string(_INDEX).render(
        docs=rows, columns=_COLUMNS, version=__version__, counts=[(s, counts[s]) for s in order if s in counts]
    )


def write_index(docs: list[dict[str, Any]], target: Path, db_path: Path | None = None) -> None:
    """index.html, and beside it crossdoc.html with every cross-document finding of the store at ``db_path``."""
    from .crossreport import write_crossdoc_page

    _atomic_write(target, render_index(docs))
    write_crossdoc_page(db_path or target.parent / "narrcheck.sqlite", target.parent / "crossdoc.html")
