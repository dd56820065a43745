"""Draft diff: what changed between two versions of a disclosure, claim by claim.

Both versions are checked by the pipeline; their claims are paired (same
kind, similar sentence with numbers masked, similar subject, similar
position in the narrative, scored with rapidfuzz), and each pair or
leftover is reported as added, removed, reworded (same numbers, other
words), numbers changed (old → new) and verdict changed (fixed: was flagged
now not; newly broken: was not flagged now is).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import regex
from jinja2 import Environment
from rapidfuzz import fuzz
from rich.console import Console
from rich.text import Text

from .config import finding_fingerprint
from .model import FLAGGED, Claim, Document, Finding, Table

_NUM = regex.compile(r"\d[\d,，]*(?:\.\d+)?")
_CONTROL = regex.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
MIN_SCORE = 60.0


def _safe(s: str) -> str:
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", s)


def _squash(s: str) -> str:
    return "".join(s.split())


def sentence_text(doc: Document, c: Claim) -> str:
    s0, s1 = c.sentence
    return doc.text[min(s0, c.start) : max(s1, c.end)]


def numbers(doc: Document, c: Claim) -> tuple[str, ...]:
    """The numbers written inside the claim's own words (not the parts it only refers to)."""
    own = [doc.text[a:b] for a, b in c.number_spans if a >= c.start and b <= c.end]
    if not own:
        own = _NUM.findall(c.text)
    return tuple(n.replace(",", "").replace("，", "") for n in own)


def _masked(s: str) -> str:
    return _NUM.sub("#", _squash(s))


def _position(doc: Document, c: Claim) -> float:
    n0, n1 = doc.narrative or (0, len(doc.text))
    return (c.start - n0) / max(1, n1 - n0)


@dataclass
class Pair:
    old: Claim
    new: Claim
    score: float

    @property
    def fixed(self) -> bool:
        return self.old.verdict in FLAGGED and self.new.verdict not in FLAGGED

    @property
    def newly_broken(self) -> bool:
        return self.old.verdict not in FLAGGED and self.new.verdict in FLAGGED


@dataclass
class CellChange:
    """One table cell whose text differs between the drafts (same table, row and column)."""

    table: str
    row: str
    column: str
    old: str
    new: str
    page: int | None = None


_COUNTED = (
    "numbers_changed",
    "reworded",
    "added",
    "removed",
    "fixed",
    "newly_broken",
    "findings_added",
    "findings_removed",
    "cells_changed",
)
"""The kinds of change a diff counts, in the order its summaries give them."""


@dataclass
class DiffResult:
    old: Document
    new: Document
    pairs: list[Pair] = field(default_factory=list)
    added: list[Claim] = field(default_factory=list)
    removed: list[Claim] = field(default_factory=list)
    findings_added: list[Finding] = field(default_factory=list)
    findings_removed: list[Finding] = field(default_factory=list)
    cells_changed: list[CellChange] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many of each kind of change: the summary of the HTML and JSON diffs."""
        return {k: len(getattr(self, k)) for k in _COUNTED}

    @property
    def new_flags(self) -> int:
        """Problems the new draft has and the old did not: flagged claims, error and warning findings (exit 1)."""
        worse = [
            p
            for p in self.pairs
            if p.old.verdict in FLAGGED and p.new.verdict in FLAGGED and p.old.verdict != p.new.verdict
        ]
        return (
            len(self.newly_broken) + len(worse) + sum(f.severity in ("error", "warning") for f in self.findings_added)
        )

    @property
    def numbers_changed(self) -> list[Pair]:
        return [p for p in self.pairs if numbers(self.old, p.old) != numbers(self.new, p.new)]

    @property
    def reworded(self) -> list[Pair]:
        return [
            p
            for p in self.pairs
            if numbers(self.old, p.old) == numbers(self.new, p.new)
            and _masked(sentence_text(self.old, p.old)) != _masked(sentence_text(self.new, p.new))
        ]

    @property
    def verdict_changed(self) -> list[Pair]:
        return [p for p in self.pairs if p.old.verdict != p.new.verdict]

    @property
    def fixed(self) -> list[Pair]:
        return [p for p in self.pairs if p.fixed]

    @property
    def newly_broken(self) -> list[Claim]:
        """New-version flagged claims the old version did not have flagged (paired or added)."""
        out = [p.new for p in self.pairs if p.newly_broken]
        out += [c for c in self.added if c.verdict in FLAGGED]
        return sorted(out, key=lambda c: (c.start, c.id))


def _score(old: Document, a: Claim, new: Document, b: Claim) -> float:
    sent = fuzz.ratio(_masked(sentence_text(old, a)), _masked(sentence_text(new, b)))
    text = fuzz.ratio(_masked(a.text), _masked(b.text))
    subj = fuzz.ratio(a.subject, b.subject) if (a.subject or b.subject) else 100.0
    pos = 100.0 * max(0.0, 1.0 - 10.0 * abs(_position(old, a) - _position(new, b)))
    return 0.4 * sent + 0.2 * text + 0.2 * subj + 0.2 * pos


def pair_claims(old: Document, new: Document) -> DiffResult:
    """Pair claims of the same kind, best scores first; identical claims in order before that."""
    res = DiffResult(old, new)
    used_old: set[int] = set()
    used_new: set[int] = set()
    # 1. identical claims (same kind, text and sentence), in order
    index: dict[tuple, list[int]] = {}
    for j, b in enumerate(new.claims):
        index.setdefault((b.kind, _squash(b.text), _squash(sentence_text(new, b)), b.subject), []).append(j)
    for i, a in enumerate(old.claims):
        cands = index.get((a.kind, _squash(a.text), _squash(sentence_text(old, a)), a.subject))
        if cands:
            j = min(cands, key=lambda j: (abs(_position(old, a) - _position(new, new.claims[j])), j))
            cands.remove(j)
            used_old.add(i)
            used_new.add(j)
            res.pairs.append(Pair(a, new.claims[j], 100.0))
    # 2. the rest by similarity, greedy on the best score
    scored = []
    for i, a in enumerate(old.claims):
        if i in used_old:
            continue
        for j, b in enumerate(new.claims):
            if j in used_new or a.kind != b.kind:
                continue
            s = _score(old, a, new, b)
            if s >= MIN_SCORE:
                scored.append((-s, i, j))
    for neg, i, j in sorted(scored):
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        res.pairs.append(Pair(old.claims[i], new.claims[j], -neg))
    res.pairs.sort(key=lambda p: (p.new.start, p.new.id))
    res.removed = [a for i, a in enumerate(old.claims) if i not in used_old]
    res.added = [b for j, b in enumerate(new.claims) if j not in used_new]
    return res


def diff(old: Document, new: Document) -> DiffResult:
    """Everything that changed: claims paired, findings by fingerprint, table cells by table/row/column."""
    res = pair_claims(old, new)
    res.findings_added, res.findings_removed = diff_findings(old, new)
    res.cells_changed = diff_cells(old, new)
    return res


def diff_findings(old: Document, new: Document) -> tuple[list[Finding], list[Finding]]:
    """Findings only the new draft has, and only the old one had, matched by stable fingerprint (with counts)."""

    def left_over(a: Document, b: Document) -> list[Finding]:
        pool: dict[str, int] = {}
        for f in b.findings:
            fp = finding_fingerprint(b, f)
            pool[fp] = pool.get(fp, 0) + 1
        out = []
        for f in a.findings:
            fp = finding_fingerprint(a, f)
            if pool.get(fp, 0) > 0:
                pool[fp] -= 1
            else:
                out.append(f)
        return out

    added, removed = left_over(new, old), left_over(old, new)
    # second chance: same rule and same words on a line that was edited elsewhere
    gone: dict[tuple[str, str], list[Finding]] = {}
    for f in removed:
        gone.setdefault((f.rule, _squash(f.text or f.message)), []).append(f)
    still = []
    for f in added:
        same = gone.get((f.rule, _squash(f.text or f.message)))
        if same:
            removed.remove(same.pop())
        else:
            still.append(f)
    return still, removed


def _table_key(t: Table) -> tuple[str, str, str]:
    return (t.kind, _squash(t.number or t.title), _squash(t.project))


def _cells(t: Table) -> dict[tuple[str, str, str], tuple[str, str, str]]:
    """(row key, side, column key) → (row label, column label, text without separators)."""
    out: dict[tuple[str, str, str], tuple[str, str, str]] = {}
    for r in t.rows:
        for col, cell in r.cells.items():
            c = t.column(col)
            key = (r.code or _squash(r.name), r.side, c.key if c else str(col))
            out.setdefault(
                key, (_squash(r.name) or r.code, c.key if c else str(col), _squash(cell.text).replace(",", ""))
            )
    return out


def diff_cells(old: Document, new: Document) -> list[CellChange]:
    """Cells of tables present in both drafts (same kind and number or title) whose text changed."""
    olds: dict[tuple[str, str, str], Table] = {}
    for t in old.tables:
        olds.setdefault(_table_key(t), t)
    changes = []
    for t in new.tables:
        before = olds.pop(_table_key(t), None)
        if before is None:
            continue
        a, b = _cells(before), _cells(t)
        for key, (row, col, text) in b.items():
            if key in a and a[key][2] != text:
                changes.append(CellChange(t.label, row, col, a[key][2], text, t.page))
    return changes


# ---------------------------------------------------------------- rendering


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


def render_html(res: DiffResult) -> str:
    old, new = res.old, res.new

    def sent(d: Document, c: Claim) -> str:
        return _safe(" ".join(sentence_text(d, c).split()))

    sections: list[dict[str, Any]] = [
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
                        sent(new, p.new),
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
                    "cells": [f"{p.old.id}→{p.new.id}", p.new.kind, p.new.line, sent(old, p.old), sent(new, p.new)],
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
        {
            "title": "added",
            "head": ["claim", "kind", "line", "verdict", "text"],
            "rows": [
                {
                    "cls": "broken" if c.verdict in FLAGGED else "",
                    "cells": [c.id, c.kind, c.line, c.verdict, _one(new, c)],
                }
                for c in res.added
            ],
        },
        {
            "title": "removed",
            "head": ["claim", "kind", "line", "verdict", "text"],
            "rows": [{"cls": "", "cells": [c.id, c.kind, c.line, c.verdict, _one(old, c)]} for c in res.removed],
        },
        *_html_rest(res),
    ]
    s = res.counts()
    env = Environment(autoescape=True, keep_trailing_newline=True)
    return env.from_string(_HTML).render(old=_safe(old.path), new=_safe(new.path), s=s, sections=sections)


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
