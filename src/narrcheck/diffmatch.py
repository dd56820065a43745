"""Draft diff, the matching: what changed between two versions of a disclosure, claim by claim.

Both versions are checked by the pipeline; their claims are paired (same
kind, similar sentence with numbers masked, similar subject, similar
position in the narrative, scored with rapidfuzz), and each pair or
leftover is reported as added, removed, reworded (same numbers, other
words), numbers changed (old → new) and verdict changed (fixed: was flagged
now not; newly broken: was not flagged now is). Findings are matched by
fingerprint and table cells by table, row and column. ``diff.py`` renders
the result as text, HTML or JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex
from rapidfuzz import fuzz

from .config import finding_fingerprint
from .model import FLAGGED, Claim, Document, Finding, Table

_NUM = regex.compile(r"\d[\d,，]*(?:\.\d+)?")
MIN_SCORE = 60.0


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
