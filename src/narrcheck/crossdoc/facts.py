"""What the cross checks need of one document, without the document: for ``narrcheck batch``'s store.

A batch checks thousands of files in worker processes and keeps only rows in
SQLite; its cross checks must run later, over documents it does not read
again. :class:`Facts` is everything :mod:`~narrcheck.crossdoc.checks` takes
from a :class:`~narrcheck.model.Document`: its identity, its figures, its
statements about another year, and for each of those the words, line, page
and table where it stands (what a finding attached to it shows). It is plain
typed data (Decimals, dataclasses), so it pickles from a worker to the parent
and converts to rows and back without loss (:func:`to_rows`, :func:`from_rows`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..model import Claim, Document, Evidence, Stated
from .figures import Figure, Figures
from .identity import Coverage, Identity, OrgName
from .statements import Statement


@dataclass(frozen=True)
class Place:
    """Where a figure or a statement stands in its own document: its words, line, page and table id."""

    text: str
    line: int
    page: int | None
    table: str = ""


@dataclass
class Facts:
    """One document as the cross checks see it: identity, figures, statements and where each stands."""

    path: str
    ident: Identity
    figures: list[Figure]  # table figures (source table, cell, item) and prose figures (source text)
    statements: list[Statement]
    places: dict[tuple[int, int], Place] = field(default_factory=dict)

    def as_figures(self) -> Figures:
        """The figures as the checks index them: tables before prose."""
        table = {(f.key, f.measure, f.year): f for f in self.figures if f.source != "text"}
        text = {(f.key, f.measure, f.year): f for f in self.figures if f.source == "text"}
        return Figures(self.ident, table, text)


def place_in(doc: Document, start: int, end: int, label: str = "") -> Place:
    """Where ``doc[start:end]`` stands; ``label`` names the table a cell belongs to (its id is looked up)."""
    table = ""
    if label:
        table = next((t.id for t in doc.tables if t.label == label and t.start <= start <= t.end), "")
    return Place(doc.text[start:end], doc.line_of(start), doc.page_of(start), table)


def _lite(c: Claim, line: int) -> Claim:
    """A claim reduced to what a cross finding shows of it (words, offsets, page): it pickles small."""
    return Claim(
        id=c.id,
        kind=c.kind,
        pattern=c.pattern,
        start=c.start,
        end=c.end,
        text=c.text,
        sentence=(c.start, c.end),
        subject=c.subject,
        claimed=Stated(),
        line=line,
        page=c.page,
    )


def facts_of(doc: Document, figures: bool = True) -> Facts | None:
    """The facts of a checked document, or None when its identity is not sure (it never takes part).

    ``figures=False``: its statements only (figures are asked for of few documents, and cost the most)."""
    from .pairing import entry
    from .statements import statements

    e = entry(doc, True)
    if e is None:
        return None
    figs = list(e.figures.table.values()) + list(e.figures.text.values()) if figures else []
    places = {(f.start, f.end): place_in(doc, f.start, f.end, f.evidence.table) for f in figs}
    sts = []
    for st in statements(doc, e.ident):
        claim = _lite(st.claim, doc.line_of(st.claim.start))
        current = _lite(st.current, doc.line_of(st.current.start))
        sts.append(
            Statement(claim, current, st.key, st.measure, st.year, st.lo, st.hi, st.arithmetic, st.tail, st.evidence)
        )
        places[(claim.start, claim.end)] = place_in(doc, claim.start, claim.end)
    return Facts(doc.path, e.ident, figs, sts, places)


# ---------------------------------------------------------------- rows (the batch store)


def _ev(e: Evidence) -> dict[str, Any]:
    return dict(e.as_dict(), offset=list(e.offset) if e.offset else None)


def _ev_back(d: dict[str, Any]) -> Evidence:
    off = d.get("offset")
    return Evidence(
        d["table"], d["title"], d["row"], d["column"], d["value"], d.get("page"), tuple(off) if off else None
    )


@dataclass(frozen=True)
class IdentityRow:
    """The store's ``identities`` row of a document (Decimal-free; ``covered`` as JSON [[region, core], …])."""

    org_region: str
    org_core: str
    org_name: str
    year: int | None
    level: str
    stage: str
    budget_units: int | None
    covered: str

    @property
    def names(self) -> set[tuple[str, str]]:
        """(region, core) of the organisation this document is and of the units it covers: its cross-check groups."""
        return {(self.org_region, self.org_core)} | {(region, core) for region, core in json.loads(self.covered)}


def identity_row(ident: Identity) -> IdentityRow:
    cov = json.dumps([[n.region, n.core] for n in ident.coverage.names], ensure_ascii=False)
    o = ident.org
    return IdentityRow(
        o.region, o.core, ident.name, ident.year, ident.level, ident.stage, ident.coverage.budget_units, cov
    )


def identity_back(path: str, r: IdentityRow) -> Identity:
    names = tuple(OrgName(region, core) for region, core in json.loads(r.covered))
    return Identity(
        path, r.org_name, OrgName(r.org_region, r.org_core), r.year, r.level, r.stage, Coverage(names, r.budget_units)
    )


FIGURE_COLUMNS = (
    "key", "measure", "year", "value", "half", "text", "source", "evidence",
    "start", '"end"', "page", "place_text", "line", "place_page", "table_id",
)  # fmt: skip
STATEMENT_COLUMNS = (
    "claim", "current", "key", "measure", "year", "lo", "hi", "arithmetic", "tail", "evidence",
    "place_text", "line", "place_page",
)  # fmt: skip


def figure_row(f: Figure, p: Place) -> tuple[Any, ...]:
    """A figure as a row of FIGURE_COLUMNS (Decimals as exact strings)."""
    ev = json.dumps(_ev(f.evidence), ensure_ascii=False)
    return (
        f.key, f.measure, f.year, str(f.value), str(f.half), f.text, f.source, ev,
        f.start, f.end, f.page, p.text, p.line, p.page, p.table,
    )  # fmt: skip


def figure_back(r: tuple[Any, ...]) -> tuple[Figure, Place]:
    key, measure, year, value, half, text, source, ev, start, end, page, ptext, line, ppage, table = r
    f = Figure(
        key, measure, year, Decimal(value), Decimal(half), text, source, _ev_back(json.loads(ev)), start, end, page
    )
    return f, Place(ptext, line, ppage, table)


def _claim_json(c: Claim) -> str:
    keep = {"id": c.id, "kind": c.kind, "pattern": c.pattern, "start": c.start, "end": c.end}
    return json.dumps(dict(keep, text=c.text, subject=c.subject, line=c.line, page=c.page), ensure_ascii=False)


def _claim_back(s: str) -> Claim:
    d = json.loads(s)
    return Claim(
        d["id"], d["kind"], d["pattern"], d["start"], d["end"], d["text"], (d["start"], d["end"]), d["subject"],
        Stated(), line=d["line"], page=d["page"],
    )  # fmt: skip


def statement_row(st: Statement, p: Place) -> tuple[Any, ...]:
    """A statement as a row of STATEMENT_COLUMNS."""
    ev = json.dumps([_ev(e) for e in st.evidence], ensure_ascii=False)
    return (
        _claim_json(st.claim), _claim_json(st.current), st.key, st.measure, st.year, str(st.lo), str(st.hi),
        st.arithmetic, str(st.tail), ev, p.text, p.line, p.page,
    )  # fmt: skip


def statement_back(r: tuple[Any, ...]) -> tuple[Statement, Place]:
    claim, current, key, measure, year, lo, hi, arithmetic, tail, ev, ptext, line, ppage = r
    c = _claim_back(claim)
    evidence = tuple(_ev_back(e) for e in json.loads(ev))
    st = Statement(
        c, _claim_back(current), key, measure, year, Decimal(lo), Decimal(hi), arithmetic, Decimal(tail), evidence
    )
    return st, Place(ptext, line, ppage)


def from_rows(
    path: str, ident: IdentityRow, figures: list[tuple[Any, ...]], statements: list[tuple[Any, ...]]
) -> Facts:
    """Facts rebuilt from the store's rows of one document."""
    figs, sts, places = [], [], {}
    for r in figures:
        f, p = figure_back(r)
        figs.append(f)
        places[(f.start, f.end)] = p
    for r in statements:
        st, p = statement_back(r)
        sts.append(st)
        places[(st.claim.start, st.claim.end)] = p
    return Facts(path, identity_back(path, ident), figs, sts, places)
