"""OCR doubt: a flag that rests on a figure OCR was unsure of is not reported as an error.

The reader keeps the OCR confidence of every word and table cell it read from
a page image (``Document.ocr_conf``: start, end, confidence). After claims
are judged and findings made, :func:`mark_ocr_doubt`

* gives every claim that has figures read by OCR their lowest confidence
  (``claim.ctx.ocr_conf``, and the JSON's ``recomputed.ocr_conf``);
* turns a flagged claim (``rounding``, ``mismatch``, ``direction``) whose own
  figures or evidence cells were read with confidence under ``ocr.LOW_CONF``
  into ``unverified``, its message starting with "OCR doubt" (the
  recomputation and evidence stay, for the reviewer to look at the scan);
* turns a table finding (``table.*``, error or warning) whose evidence cells
  include a low-confidence read into a ``note`` starting with "OCR doubt";
  when exactly one of its cells is doubtful, the note says which value the
  identity asks that cell to hold.

A text-layer document has no ``ocr_conf``: nothing changes for it.
"""

from __future__ import annotations

import bisect
import re
from decimal import Decimal, InvalidOperation

from ..model import FLAGGED, Claim, Document, Evidence, Finding
from .ocr import LOW_CONF

_DIGIT = re.compile(r"\d")
_NEQ = re.compile(r"([\d,]+(?:\.\d+)?)\s*≠\s*[^\d≠]*?([\d,]+(?:\.\d+)?)")


class _Conf:
    """Lowest OCR confidence over a text range, from the sorted (start, end, conf) spans."""

    def __init__(self, doc: Document) -> None:
        self.text = doc.text
        self.spans = doc.ocr_conf or []
        self.starts = [s[0] for s in self.spans]
        self.longest = max((e - s for s, e, _c in self.spans), default=0)

    def lowest(self, start: int, end: int, digits_only: bool = True) -> float | None:
        """The lowest confidence of the OCR reads overlapping [start, end) (that hold a digit there)."""
        lo = bisect.bisect_left(self.starts, start - self.longest)
        best: float | None = None
        for s, e, c in self.spans[lo : bisect.bisect_left(self.starts, end)]:
            a, z = max(s, start), min(e, end)
            if a >= z or (digits_only and not _DIGIT.search(self.text[a:z])):
                continue
            best = c if best is None else min(best, c)
        return best


def _claim_conf(conf: _Conf, claim: Claim) -> float | None:
    """The lowest confidence among the claim's own figures and its evidence cells."""
    ranges = list(claim.number_spans) or [(claim.start, claim.end)]
    ranges += [e.offset for e in claim.evidence if e.offset]
    vals = [v for a, z in ranges if (v := conf.lowest(a, z)) is not None]
    return min(vals) if vals else None


def _doubtful_cells(conf: _Conf, evidence: list[Evidence]) -> list[tuple[Evidence, float]]:
    out = []
    for ev in evidence:
        if ev.offset:
            v = conf.lowest(*ev.offset)
            if v is not None and v < LOW_CONF:
                out.append((ev, v))
    return out


def _pin(finding: Finding, ev: Evidence) -> str:
    """What the one doubtful cell would have to read for the identity ``A ≠ … B`` in the message to hold.

    The cell is A (a stated total, or one side of a cross-table pair): it should
    read B; it is B: A; it is a part of a sum: its value + (A − B). Said as
    *the* reading when it differs from what OCR read in a single digit.
    """
    m = _NEQ.search(finding.message)
    try:
        value = Decimal(ev.value.replace(",", ""))
        a, b = (Decimal(g.replace(",", "")) for g in m.groups()) if m else (None, None)
    except (InvalidOperation, AttributeError):
        return ""
    if a is None or b is None:
        return ""
    cand = b if value == a else a if value == b else value + (a - b)
    if cand < 0 or cand == value:
        return ""
    if _one_digit_apart(f"{value:.2f}", f"{cand:.2f}"):
        return f"；表内勾稽确定该格应为 {cand:.2f}（一位数字误识）"
    return f"；若该格为 {cand:.2f}，则相符"


def _one_digit_apart(a: str, b: str) -> bool:
    """Same length and layout, differing in exactly one digit (a typical OCR misread: 8 for 3, 1 for 7)."""
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b)) == 1


def mark_ocr_doubt(doc: Document) -> None:
    """Claims and table findings resting on low-confidence OCR reads become ``unverified`` / notes (see module)."""
    if not doc.ocr_conf:
        return
    conf = _Conf(doc)
    for claim in doc.claims:
        low = _claim_conf(conf, claim)
        if low is None:
            continue
        claim.ctx.ocr_conf = low
        claim.recomputed.ocr_conf = f"{low:.2f}"
        if claim.verdict in FLAGGED and low < LOW_CONF:
            claim.message = f"OCR doubt (识别置信度 {low:.2f})，未判定：{claim.message}"
            claim.verdict = "unverified"
    for f in doc.findings:
        if not f.rule.startswith("table.") or f.severity == "note":
            continue
        cells = _doubtful_cells(conf, f.evidence)
        if not cells:
            continue
        ev, low = min(cells, key=lambda t: t[1])
        where = f"“{ev.row}”{ev.column} {ev.value}"
        pin = _pin(f, ev) if len(cells) == 1 else ""
        f.message = f"OCR doubt：{where} 识别置信度 {low:.2f}{pin}。{f.message}"
        f.severity = "note"
