"""The HTML report: one self-contained page (inline CSS and JS, no network).

Per document: a summary, verdict filters, the narrative with every claim
highlighted by verdict, a side panel with a claim's evidence and correction,
and the findings grouped by table. Rendered with Jinja2 with autoescape on;
document text only ever reaches the page as escaped text or as JSON with
``<``, ``>`` and ``&`` escaped, so it can neither inject markup nor close a
script tag. The same documents give the same bytes (no timestamps, stable order).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote

import regex
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import __version__
from ..model import FLAGGED, VERDICTS, Claim, Document, Finding
from .json import claim_dict, finding_dict, summary

TEMPLATES = Path(__file__).parent / "templates"

VERDICT_LABEL = {
    "ok": "一致 ok",
    "rounding": "尾数 rounding",
    "mismatch": "不符 mismatch",
    "direction": "方向 direction",
    "unverified": "未核 unverified",
}
# which verdict colours a segment covered by several claims: flagged first, then by outermost
_PRIORITY = {"mismatch": 0, "direction": 1, "rounding": 2, "ok": 3, "unverified": 4}
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def safe(s: str) -> str:
    """Control characters (ANSI escapes included) shown as visible codes, so they render as text."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", s)


def json_script(data: Any) -> str:
    """JSON for a ``<script type="application/json">`` block: ``<``, ``>``, ``&`` escaped."""
    s = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    s = s.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return s.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _safe_tree(v: Any) -> Any:
    if isinstance(v, str):
        return safe(v)
    if isinstance(v, dict):
        return {str(k): _safe_tree(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_safe_tree(x) for x in v]
    if isinstance(v, (int, float, bool)) or v is None:
        return v
    return safe(str(v))


def segments(doc: Document, finding_spans: list[tuple[int, int, str]] | None = None) -> list[dict[str, Any]]:
    """The narrative split at every claim boundary; each piece with the claims covering it.

    Claims may overlap (a share claim contains its amount claim), so each
    segment lists all covering claims outermost first; ``verdict`` is the
    colour: the flagged verdict of the outermost flagged claim, else that of
    the outermost claim.
    """
    if doc.narrative is None:
        return []
    n0, n1 = doc.narrative
    claims = [c for c in doc.claims if c.end > n0 and c.start < n1 and c.end > c.start]
    cuts = {n0, n1}
    for c in claims:
        cuts.add(max(n0, c.start))
        cuts.add(min(n1, c.end))
    for a, b, _ in finding_spans or []:
        cuts.update((a, b))
    bounds = sorted(cuts)
    out: list[dict[str, Any]] = []
    for a, b in zip(bounds, bounds[1:]):
        if a >= b:
            continue
        cover = [c for c in claims if c.start <= a and c.end >= b]
        # outermost first: earliest start, then longest; equal spans by verdict (flagged, ok, unverified)
        cover.sort(key=lambda c: (c.start, -c.end, _PRIORITY.get(c.verdict, 9), c.id))
        seg: dict[str, Any] = {"text": safe(doc.text[a:b]), "claims": [c.id for c in cover]}
        hit = [pid for fa, fb, pid in finding_spans or [] if fa <= a and fb >= b]
        if hit:
            seg["finding"] = hit[0]
        if cover:
            flagged = [c for c in cover if c.verdict in FLAGGED]
            top = flagged[0] if flagged else cover[0]
            seg["verdict"] = top.verdict
            seg["claim"] = top.id
            seg["verdicts"] = sorted({c.verdict for c in cover}, key=VERDICTS.index)
        if out and out[-1]["claims"] == seg["claims"] and out[-1].get("finding") == seg.get("finding"):
            out[-1]["text"] += seg["text"]
        else:
            out.append(seg)
    seen: set[str] = set()
    for seg in out:  # the first piece of a finding's words is the target of the list's link
        if seg.get("finding") and seg["finding"] not in seen:
            seen.add(seg["finding"])
            seg["first"] = True
    return out


def _claim_panel(doc: Document, c: Claim) -> dict[str, Any]:
    d = claim_dict(doc, c)
    s0, s1 = c.sentence
    d["sentence_text"] = doc.text[min(s0, c.start) : max(s1, c.end)]
    d["label"] = VERDICT_LABEL.get(c.verdict, c.verdict)
    return _safe_tree(d)


def _finding_groups(doc: Document) -> list[dict[str, Any]]:
    groups: dict[str, list[Finding]] = {}
    labels: dict[str, str] = {}
    for f in doc.findings:
        t = doc.table(f.table) if f.table else None
        if t is not None:
            key = f"table:{t.id}"
            labels[key] = f"{t.number} {t.title}".strip() + (f"：{t.project}" if t.project else "")
        elif f.evidence and f.evidence[0].table:
            key = f"table:{f.evidence[0].table}"
            labels[key] = f.evidence[0].table
        else:
            key = f"rule:{f.rule}"
            labels[key] = f.rule
        groups.setdefault(key, []).append(f)
    out = []
    for key in sorted(groups, key=lambda k: (not k.startswith("table:"), labels[k], k)):
        out.append(
            {"key": key, "label": safe(labels[key]), "findings": [_safe_tree(finding_dict(f)) for f in groups[key]]}
        )
    return out


SEVERITY_LABEL = {"error": "错误", "warning": "警告", "note": "提示"}
_CLAIM_SEVERITY = {"mismatch": "error", "direction": "error", "rounding": "warning"}
_RANK = {"error": 0, "warning": 1, "note": 2}


def _where(line: int, page: int | None) -> str:
    """ "p.21" for a page (what the person holding the PDF needs), else "第 392 行"."""
    return f"p.{page}" if page else f"第 {line} 行"


def problems(doc: Document, index: int) -> list[dict[str, Any]]:
    """Flagged claims and findings in one list, most severe first, then in reading order.

    Identical problems (same rule or kind, same place, same message) are one
    card with a count, so a template phrase found four times in a line is one.
    """
    items: dict[tuple, dict[str, Any]] = {}
    for c in doc.claims:
        if c.verdict in _CLAIM_SEVERITY:
            key = ("claim", c.kind, c.start, c.message)
            items.setdefault(
                key,
                {
                    "severity": _CLAIM_SEVERITY[c.verdict],
                    "label": VERDICT_LABEL[c.verdict],
                    "badge": f"v-{c.verdict}",
                    "rule": c.kind,
                    "claim": c.id,
                    "start": c.start,
                    "end": c.end,
                    "where": _where(c.line, c.page),
                    "page": c.page,
                    "message": safe(c.message),
                    "text": safe(" ".join(c.text.split())),
                    "suggestion": safe(c.suggestion) if c.suggestion != c.text else "",
                    "evidence": [_safe_tree(e.as_dict()) for e in c.evidence[:12]],
                    "count": 0,
                },
            )["count"] += 1
    for f in doc.findings:
        key = ("finding", f.rule, f.line, f.message)
        items.setdefault(
            key,
            {
                "severity": f.severity,
                "label": SEVERITY_LABEL.get(f.severity, f.severity),
                "badge": f"s-{f.severity}",
                "rule": f.rule,
                "claim": "",
                "start": f.start,
                "end": f.end,
                "where": _where(f.line, f.page),
                "page": f.page,
                "message": safe(f.message),
                "text": safe(" ".join(f.text.split()))[:300],
                "suggestion": safe(f.suggestion),
                "evidence": [_safe_tree(e.as_dict()) for e in f.evidence[:12]],
                "count": 0,
                "spans": [],
            },
        )
        items[key]["count"] += 1
        items[key]["spans"].append((f.start, f.end))
    # most severe first; within a severity the figures (claims) before the wording, then reading order
    ranked = sorted(items.values(), key=lambda p: (_RANK.get(p["severity"], 3), not p["claim"], p["start"], p["rule"]))
    for k, p in enumerate(ranked):
        p["id"] = f"p{index}-{k}"
    return ranked


def _mark_in_text(probs: list[dict[str, Any]], segs: list[dict[str, Any]]) -> None:
    """Flag the findings whose words are highlighted in the narrative (their card links there)."""
    shown = {s["finding"] for s in segs if s.get("first")}
    for p in probs:
        p["first_in_text"] = p["id"] in shown


def _finding_spans(doc: Document, probs: list[dict[str, Any]]) -> list[tuple[int, int, str]]:
    """(start, end, problem id) of every finding whose words lie in the narrative, to highlight them."""
    if doc.narrative is None:
        return []
    n0, n1 = doc.narrative
    return sorted((a, b, p["id"]) for p in probs for a, b in p.get("spans", []) if n0 <= a < b <= n1)


def document_context(doc: Document, index: int, pdf_href: str = "") -> dict[str, Any]:
    """What the template shows of one document; ``pdf_href`` (the source PDF as seen from the page) turns every
    "p.21" into a link to that page of the PDF (``#page=21``, which browsers' PDF viewers open at)."""
    s = summary(doc)
    claims = {c.id: _claim_panel(doc, c) for c in doc.claims}
    probs = problems(doc, index)
    segs = segments(doc, _finding_spans(doc, probs))
    _mark_in_text(probs, segs)
    for p in probs:
        p["href"] = f"{pdf_href}#page={p['page']}" if pdf_href and p["page"] else ""
    return {
        "problems": probs,
        "problem_of": {p["claim"]: p["id"] for p in probs if p["claim"]},
        "index": index,
        "path": safe(doc.path),
        "pdf_href": pdf_href,
        "meta": {
            k: safe(str(v))
            for k in ("encoding", "year", "doctype", "unit")  # the order the stages learn them in
            if (v := getattr(doc.meta, k)) is not None
        },
        "warnings": [safe(w) for w in doc.warnings],
        "needs_ocr": doc.needs_ocr,
        "summary": s,
        "segments": segs,
        "has_narrative": doc.narrative is not None,
        "flagged": [claims[c.id] for c in doc.claims if c.verdict in FLAGGED],
        "groups": _finding_groups(doc),
        "claims_json": json_script(claims),
    }


def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
    )
    env.filters["safe_text"] = safe
    return env


def render(docs: list[Document], pdf_href: Callable[[Document], str] | None = None) -> str:
    """The report page for ``docs`` (already checked), as one HTML string.

    ``pdf_href`` gives, for a document read from a PDF, where the page can reach that PDF (a relative
    path or a file URI, already URL-quoted; '' for none): page numbers then link into it.
    """
    tpl = _env().get_template("report.html.j2")
    return tpl.render(
        version=__version__,
        verdicts=VERDICTS,
        flagged_verdicts=FLAGGED,
        verdict_label=VERDICT_LABEL,
        severity_label=SEVERITY_LABEL,
        severities=("error", "warning", "note"),
        docs=[document_context(d, i, pdf_href(d) if pdf_href else "") for i, d in enumerate(docs)],
    )


def pdf_links(report: Path | None) -> Callable[[Document], str]:
    """How a report written to ``report`` (None: standard output) reaches each PDF it checked: a path relative
    to the report's folder (the two can be moved together), or a file URI when written to standard output."""

    def href(doc: Document) -> str:
        src = Path(doc.path)
        if doc.format != "pdf" or not src.is_file():
            return ""
        if report is None:
            return src.resolve().as_uri()
        try:
            rel = os.path.relpath(src.resolve(), report.resolve().parent)
        except ValueError:  # another drive
            return src.resolve().as_uri()
        return quote(Path(rel).as_posix())

    return href
