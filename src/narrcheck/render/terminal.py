"""The terminal report: flagged claims first, each with its sentence, evidence and fix.

Uses rich; document text is printed as rich ``Text`` objects (never parsed
as markup), and control characters are made visible, so a disclosure can
neither inject markup nor escape sequences into the terminal.
"""

from __future__ import annotations

import regex
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from ..model import FLAGGED, Claim, Document, Finding
from .json import summary

VERDICT_STYLE = {
    "ok": "green",
    "rounding": "yellow",
    "mismatch": "bold red",
    "direction": "bold magenta",
    "unverified": "dim",
}
VERDICT_LABEL = {
    "ok": "一致 ok",
    "rounding": "尾数 rounding",
    "mismatch": "不符 mismatch",
    "direction": "方向 direction",
    "unverified": "未核 unverified",
}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "note": "cyan"}
_CONTROL = regex.compile(r"[\x00-\x08\x0b-\x1f\x7f\x1b]")


def safe(s: str) -> str:
    """Text with control characters (ANSI escapes included) shown as visible codes."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", s)


def _where(doc: Document, line: int, page: int | None) -> str:
    return f"{doc.path}:{line}" + (f" (p.{page})" if page else "")


def _sentence(doc: Document, c: Claim, style: str) -> Text:
    s0, s1 = c.sentence
    s0 = min(s0, c.start)
    s1 = max(s1, c.end)
    if s1 - s0 > 240:
        s0 = max(s0, c.start - 100)
        s1 = min(s1, c.end + 100)
    t = Text("  ")
    t.append(safe(" ".join(doc.text[s0 : c.start].split())))
    t.append(safe(" ".join(doc.text[c.start : c.end].split())), style=f"{style} underline")
    t.append(safe(" ".join(doc.text[c.end : s1].split())))
    return t


def _evidence_table(evidence: list) -> RichTable:
    tab = RichTable(show_header=True, header_style="bold", box=None, padding=(0, 2), pad_edge=False)
    for col in ("表", "行", "列", "值", "页"):
        tab.add_column(col)
    for e in evidence:
        tab.add_row(safe(e.table), safe(e.row), safe(e.column), safe(e.value), str(e.page or ""))
    return tab


def print_claim(console: Console, doc: Document, c: Claim) -> None:
    style = VERDICT_STYLE[c.verdict]
    head = Text()
    head.append(f"[{VERDICT_LABEL[c.verdict]}] ", style=style)
    head.append(f"{_where(doc, c.line, c.page)}  {c.id} {c.kind}")
    if c.subject:
        head.append(f"  主语: {safe(c.subject)}")
    console.print(head)
    console.print(_sentence(doc, c, style))
    console.print(Text("  说明: " + safe(c.message)))
    if c.recomputed:
        rec = "，".join(f"{k}={v}" for k, v in c.recomputed.as_dict().items() if k != "interval")
        console.print(Text(f"  重算: {rec}"))
    if c.evidence:
        console.print(_evidence_table(c.evidence), style="dim")
    if c.suggestion and c.suggestion != c.text:
        line = Text("  建议: ")
        line.append(safe(c.suggestion), style="bold green")
        console.print(line)
    console.print()


def print_finding(console: Console, doc: Document, f: Finding) -> None:
    head = Text()
    head.append(f"[{f.severity}] ", style=SEVERITY_STYLE.get(f.severity, ""))
    head.append(f"{_where(doc, f.line, f.page)}  {f.rule}  ")
    head.append(safe(f.message))
    console.print(head)
    if f.evidence:
        console.print(_evidence_table(f.evidence[:8]), style="dim")
    if f.suggestion:
        console.print(Text("  建议: " + safe(f.suggestion), style="green"))


def _problems(doc: Document, console: Console, show_all: bool) -> None:
    """Flagged claims, then (with ``show_all``) the others, then the findings."""
    for c in doc.claims:
        if c.verdict in FLAGGED:
            print_claim(console, doc, c)
    if show_all:
        for c in doc.claims:
            if c.verdict not in FLAGGED:
                print_claim(console, doc, c)
    for f in doc.findings:
        print_finding(console, doc, f)


def summary_line(doc: Document) -> str:
    s = summary(doc)
    v = s["verdicts"]
    sev = s["severities"]
    return (
        f"{doc.path}: {s['claims']} claims — ok {v['ok']}, rounding {v['rounding']}, mismatch {v['mismatch']}, "
        f"direction {v['direction']}, unverified {v['unverified']}; findings {s['findings']} "
        f"(error {sev['error']}, warning {sev['warning']}, note {sev['note']})"
    )


def render(
    doc: Document, console: Console, *, show_all: bool = False, stats: bool = False, quiet: bool = False
) -> None:
    """What the document is, flagged claims, then findings, then the summary (``quiet``: the problems only)."""
    if quiet:
        _problems(doc, console, show_all)
        return
    about = " · ".join(str(v) for v in (doc.meta.unit, doc.meta.year, doc.meta.doctype) if v)
    tables = f"{len(doc.tables)} tables" if doc.tables else "no tables (narrative checked on its own)"
    console.print(Text(f"{doc.path}: {safe(about) or 'document'} — {tables}", style="bold"), soft_wrap=True)
    console.print()
    if doc.needs_ocr:
        console.print(
            Text(
                f"{doc.path}: no text layer (a scanned PDF?): it needs OCR before it can be checked.", style="bold red"
            )
        )
    for w in doc.warnings:
        console.print(Text(f"{doc.path}: warning: {safe(w)}", style="yellow"))
    _problems(doc, console, show_all)
    if doc.findings:
        console.print()
    console.print(Text(summary_line(doc), style="bold"))
    hidden = doc.meta.silenced or {}
    if any(hidden.values()):
        console.print(
            Text(
                f"{doc.path}: not shown: {hidden.get('ignored', 0)} ignored (--ignore/--select/config), "
                f"{hidden.get('baseline', 0)} known from the baseline"
            )
        )
    if stats:
        s = summary(doc)
        pct = 100 * s["numbers_in_claims"] / s["numbers"] if s["numbers"] else 100.0
        console.print(
            Text(
                f"numbers in the narrative: {s['numbers']}, in a claim: {s['numbers_in_claims']} "
                f"({pct:.1f}%); tables: {len(doc.tables)}"
            )
        )
        timings = ", ".join(f"{k} {v * 1000:.1f} ms" for k, v in doc.timings.items())
        console.print(Text(f"time: {timings}"))
