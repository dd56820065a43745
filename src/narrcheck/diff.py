"""Draft diff: what changed between two versions of a disclosure, as ``narrcheck diff`` shows it.

The drafts are matched in ``diffmatch.py`` (claims paired by kind, masked
sentence, subject and position; findings by fingerprint; table cells by
table, row and column); this module renders the result as text (rich, with
git-style word diffs inside each changed sentence), HTML or JSON. The
matching names are importable from here too (``diff``, ``numbers``, …).
"""

from __future__ import annotations

from typing import Any

import regex
from jinja2 import Environment
from rich.console import Console
from rich.text import Text

from .diffmatch import (
    MIN_SCORE,
    CellChange,
    DiffResult,
    Pair,
    diff,
    diff_cells,
    diff_findings,
    numbers,
    pair_claims,
    sentence_text,
)
from .model import FLAGGED, Claim, Document, Finding

__all__ = [
    "MIN_SCORE",
    "CellChange",
    "DiffResult",
    "Pair",
    "diff",
    "diff_cells",
    "diff_findings",
    "numbers",
    "pair_claims",
    "render_html",
    "render_json",
    "render_text",
    "sentence_text",
    "word_diff",
]

_CONTROL = regex.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _safe(s: str) -> str:
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", s)


def _one(doc: Document, c: Claim) -> str:
    return _safe(" ".join(c.text.split()))


def _where(doc: Document, c: Claim) -> str:
    return f"{doc.path}:{c.line}"


_TOKEN = regex.compile(r"\d[\d,.，]*|\s+|.", regex.S)


def word_diff(a: str, b: str) -> list[tuple[str, str]]:
    """(op, text) runs turning ``a`` into ``b``: op is '=', '-' or '+'; numbers are whole tokens."""
    import difflib

    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", "".join(ta[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", "".join(ta[i1:i2])))
        if j2 > j1:
            out.append(("+", "".join(tb[j1:j2])))
    return out


def _marked_text(old: Document, a: Claim, new: Document, b: Claim) -> Text:
    """The new sentence with the changed words marked [-old-]{+new+}, as git's word diff does."""
    t = Text("    ")
    for op, run in word_diff(" ".join(sentence_text(old, a).split()), " ".join(sentence_text(new, b).split())):
        if op == "=":
            t.append(_safe(run))
        else:
            t.append(
                f"[-{_safe(run)}-]" if op == "-" else f"{{+{_safe(run)}+}}",
                style="red strike" if op == "-" else "bold green",
            )
    return t


def _summary(res: DiffResult) -> str:
    return (
        f"{res.old.path} → {res.new.path}: {len(res.numbers_changed)} numbers changed, {len(res.reworded)} reworded, "
        f"{len(res.added)} added, {len(res.removed)} removed; "
        f"{len(res.fixed)} fixed, {len(res.newly_broken)} newly broken; "
        f"findings {len(res.findings_added)} new, {len(res.findings_removed)} gone; "
        f"{len(res.cells_changed)} table cells changed"
    )


def _render_rest(res: DiffResult, console: Console) -> None:
    """Findings that came and went, and table cells that changed."""
    console.print(Text(f"new findings ({len(res.findings_added)})", style="bold"))
    for f in res.findings_added:
        console.print(
            Text(
                f"  + [{f.severity}] {_where_f(res.new, f)}  {f.rule}  {_safe(f.message)}",
                style="bold red" if f.severity != "note" else "",
            )
        )
    console.print(Text(f"findings gone ({len(res.findings_removed)})", style="bold"))
    for f in res.findings_removed:
        console.print(Text(f"  - [{f.severity}] {_where_f(res.old, f)}  {f.rule}  {_safe(f.message)}", style="green"))
    console.print(Text(f"table cells changed ({len(res.cells_changed)})", style="bold"))
    for c in res.cells_changed:
        t = Text(f"  {_safe(c.table)} “{_safe(c.row)}” {_safe(c.column)}" + (f" (p.{c.page})" if c.page else "") + ": ")
        t.append(_safe(c.old) or "(blank)", style="red")
        t.append(" → ")
        t.append(_safe(c.new) or "(blank)", style="green")
        console.print(t)


def _where_f(doc: Document, f: Finding) -> str:
    return f"{doc.path}:" + (f"p.{f.page}" if f.page else str(f.line))


def render_text(res: DiffResult, console: Console) -> None:
    """Sections of the diff as rich Text (document text is never parsed as markup)."""
    old, new = res.old, res.new

    def head(title: str, n: int) -> None:
        console.print(Text(f"{title} ({n})", style="bold"))

    head("numbers changed", len(res.numbers_changed))
    for p in res.numbers_changed:
        t = Text(f"  {p.old.id}→{p.new.id} {p.new.kind} {_where(new, p.new)}  ")
        t.append(" ".join(numbers(old, p.old)), style="red")
        t.append(" → ")
        t.append(" ".join(numbers(new, p.new)), style="green")
        t.append(f"  [{p.old.verdict} → {p.new.verdict}]  ")
        t.append(_one(new, p.new))
        console.print(t)
        console.print(_marked_text(old, p.old, new, p.new))
    head("reworded", len(res.reworded))
    for p in res.reworded:
        t = Text(f"  {p.old.id}→{p.new.id} {p.new.kind} {_where(new, p.new)}  ")
        t.append(_safe(" ".join(sentence_text(old, p.old).split())), style="red")
        t.append(" → ")
        t.append(_safe(" ".join(sentence_text(new, p.new).split())), style="green")
        console.print(t)
        console.print(_marked_text(old, p.old, new, p.new))
    head("verdict changed", len(res.verdict_changed))
    for p in res.verdict_changed:
        label = "fixed" if p.fixed else "newly broken" if p.newly_broken else "changed"
        t = Text(f"  [{label}] ", style="green" if p.fixed else "bold red" if p.newly_broken else "yellow")
        t.append(f"{p.old.id}→{p.new.id} {p.new.kind} {_where(new, p.new)}  {p.old.verdict} → {p.new.verdict}  ")
        t.append(_one(new, p.new))
        if p.new.message and p.new.verdict in FLAGGED:
            t.append("  " + _safe(p.new.message), style="dim")
        console.print(t)
    head("added", len(res.added))
    for c in res.added:
        t = Text(f"  + {c.id} {c.kind} {_where(new, c)} [{c.verdict}] ", style="green")
        t.append(_one(new, c))
        console.print(t)
    head("removed", len(res.removed))
    for c in res.removed:
        t = Text(f"  - {c.id} {c.kind} {_where(old, c)} [{c.verdict}] ", style="red")
        t.append(_one(old, c))
        console.print(t)
    _render_rest(res, console)
    console.print(Text(_summary(res), style="bold"))


_HTML = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>narrcheck diff: {{ old }} → {{ new }}</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:1.2em;color:#222}
table{border-collapse:collapse;font-size:.92em;margin-bottom:1.2em}
td,th{border:1px solid #ddd;padding:.2em .5em;text-align:left;vertical-align:top}
.old{color:#b71c1c}.new{color:#1b5e20}.fixed{background:#d7f0d2}.broken{background:#ff9c9c}
</style></head><body>
<h1>narrcheck diff</h1>
<p>{{ old }} → {{ new }}: {{ s.numbers_changed }} numbers changed, {{ s.reworded }} reworded,
{{ s.added }} added, {{ s.removed }} removed; {{ s.fixed }} fixed, {{ s.newly_broken }} newly broken;
findings {{ s.findings_added }} new, {{ s.findings_removed }} gone; {{ s.cells_changed }} table cells changed</p>
{% for sec in sections %}<h2>{{ sec.title }} ({{ sec.rows|length }})</h2>
{% if sec.rows %}<table><tr>{% for h in sec.head %}<th>{{ h }}</th>{% endfor %}</tr>
{% for r in sec.rows %}<tr class="{{ r.cls }}">{% for cell in r.cells %}<td>{{ cell }}</td>{% endfor %}</tr>
{% endfor %}</table>{% endif %}
{% endfor %}</body></html>
"""


def _html_rest(res: DiffResult) -> list[dict[str, Any]]:
    """HTML sections for findings that came and went and for changed table cells."""

    def where(d: Document, f: Finding) -> str:
        return f"p.{f.page}" if f.page else str(f.line)

    head = ["severity", "rule", "where", "message"]
    return [
        {
            "title": "new findings",
            "head": head,
            "rows": [
                {
                    "cls": "broken" if f.severity != "note" else "",
                    "cells": [f.severity, f.rule, where(res.new, f), _safe(f.message)],
                }
                for f in res.findings_added
            ],
        },
        {
            "title": "findings gone",
            "head": head,
            "rows": [
                {"cls": "fixed", "cells": [f.severity, f.rule, where(res.old, f), _safe(f.message)]}
                for f in res.findings_removed
            ],
        },
        {
            "title": "table cells changed",
            "head": ["table", "row", "column", "old", "new"],
            "rows": [
                {"cls": "", "cells": [_safe(c.table), _safe(c.row), _safe(c.column), _safe(c.old), _safe(c.new)]}
                for c in res.cells_changed
            ],
        },
    ]


def _sent(d: Document, c: Claim) -> str:
    """The claim's whole sentence on one line, control characters escaped."""
    return _safe(" ".join(sentence_text(d, c).split()))


def _html_changed(res: DiffResult) -> list[dict[str, Any]]:
    """HTML sections for paired claims: numbers changed, reworded, verdict changed."""
    old, new = res.old, res.new
    return [
        {
            "title": "numbers changed",
            "head": ["claim", "kind", "line", "old", "new", "verdict", "sentence"],
            "rows": [
                {
                    "cls": "fixed" if p.fixed else "broken" if p.newly_broken else "",
                    "cells": [
                        f"{p.old.id}→{p.new.id}",
                        p.new.kind,
                        p.new.line,
                        " ".join(numbers(old, p.old)),
                        " ".join(numbers(new, p.new)),
                        f"{p.old.verdict} → {p.new.verdict}",
                        _sent(new, p.new),
                    ],
                }
                for p in res.numbers_changed
            ],
        },
        {
            "title": "reworded",
            "head": ["claim", "kind", "line", "old", "new"],
            "rows": [
                {
                    "cls": "",
                    "cells": [f"{p.old.id}→{p.new.id}", p.new.kind, p.new.line, _sent(old, p.old), _sent(new, p.new)],
                }
                for p in res.reworded
            ],
        },
        {
            "title": "verdict changed",
            "head": ["claim", "kind", "line", "change", "verdict", "text", "message"],
            "rows": [
                {
                    "cls": "fixed" if p.fixed else "broken" if p.newly_broken else "",
                    "cells": [
                        f"{p.old.id}→{p.new.id}",
                        p.new.kind,
                        p.new.line,
                        "fixed" if p.fixed else "newly broken" if p.newly_broken else "changed",
                        f"{p.old.verdict} → {p.new.verdict}",
                        _one(new, p.new),
                        _safe(p.new.message),
                    ],
                }
                for p in res.verdict_changed
            ],
        },
    ]


def _html_unpaired(res: DiffResult) -> list[dict[str, Any]]:
    """HTML sections for claims only one draft has: added (flagged ones marked) and removed."""
    return [
        {
            "title": "added",
            "head": ["claim", "kind", "line", "verdict", "text"],
            "rows": [
                {
                    "cls": "broken" if c.verdict in FLAGGED else "",
                    "cells": [c.id, c.kind, c.line, c.verdict, _one(res.new, c)],
                }
                for c in res.added
            ],
        },
        {
            "title": "removed",
            "head": ["claim", "kind", "line", "verdict", "text"],
            "rows": [{"cls": "", "cells": [c.id, c.kind, c.line, c.verdict, _one(res.old, c)]} for c in res.removed],
        },
    ]


def render_html(res: DiffResult) -> str:
    """The diff as one HTML page: the summary line, then a table per kind of change (document text escaped)."""
    sections = [*_html_changed(res), *_html_unpaired(res), *_html_rest(res)]
    env = Environment(autoescape=True, keep_trailing_newline=True)
    return env.from_string(_HTML).render(
        old=_safe(res.old.path), new=_safe(res.new.path), s=res.counts(), sections=sections
    )


def render_json(res: DiffResult) -> str:
    """The whole diff as one JSON object (claims paired by id, findings, table cells, counts)."""
    import json

    from .render.json import finding_dict

    def pair(p: Pair) -> dict[str, Any]:
        return {
            "old": p.old.id,
            "new": p.new.id,
            "kind": p.new.kind,
            "line": p.new.line,
            "page": p.new.page,
            "numbers": {"old": list(numbers(res.old, p.old)), "new": list(numbers(res.new, p.new))},
            "verdict": {"old": p.old.verdict, "new": p.new.verdict},
            "text": p.new.text,
            "words": [
                list(w)
                for w in word_diff(
                    " ".join(sentence_text(res.old, p.old).split()), " ".join(sentence_text(res.new, p.new).split())
                )
            ],
        }

    def claim(d: Document, c: Claim) -> dict[str, Any]:
        return {
            "id": c.id,
            "kind": c.kind,
            "line": c.line,
            "page": c.page,
            "verdict": c.verdict,
            "text": c.text,
            "message": c.message,
        }

    data = {
        "old": res.old.path,
        "new": res.new.path,
        "summary": {**res.counts(), "new_flags": res.new_flags},
        "numbers_changed": [pair(p) for p in res.numbers_changed],
        "reworded": [pair(p) for p in res.reworded],
        "verdict_changed": [pair(p) for p in res.verdict_changed],
        "added": [claim(res.new, c) for c in res.added],
        "removed": [claim(res.old, c) for c in res.removed],
        "findings_added": [finding_dict(f, res.new) for f in res.findings_added],
        "findings_removed": [finding_dict(f, res.old) for f in res.findings_removed],
        "cells_changed": [vars(c) for c in res.cells_changed],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
