"""Which documents are related: the same organisation's other years, its 部门 and 单位 documents.

Every document checked together (and every one of ``--history DIR``) becomes
an :class:`Entry` with its identity and figures. Related documents are found
by identity only; when the candidates for one role are not one organisation
(two regions fit a name without a region) or give different figures, nothing
is compared: the other document's identity is unsure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ..model import Document
from .facts import Facts, Place, place_in
from .figures import Figure, Figures, agree, collect
from .identity import Identity, identify, regions_compatible, same_org
from .statements import Statement, statements


@dataclass
class Entry:
    """A document taking part in the cross checks: the checked :class:`Document` (figures collected when first
    asked for), or its :class:`~.facts.Facts` (``doc`` is then None): rebuilt from the store in a batch, or
    (``check`` holding many documents packed) its statements, the rest loaded when first asked for."""

    doc: Document | None
    ident: Identity
    reported: bool  # checked and reported now (not only read from --history or the store)
    _figures: Figures | None = None
    facts: Facts | None = None
    _statements: list[Statement] | None = field(default=None, repr=False)
    load: Callable[[], Facts] | None = field(default=None, repr=False)  # all the facts, when ``facts`` has
    # only the statements (figures, and places of figures, are worked out when first asked for)

    def _loaded(self) -> None:
        if self.load is not None:
            self.facts, self.load = self.load(), None

    @property
    def figures(self) -> Figures:
        """The document's figures: collected once, and only for documents that have a related one."""
        if self._figures is None:
            self._loaded()
            if self.facts is not None:
                self._figures = self.facts.as_figures()
            else:
                assert self.doc is not None
                self._figures = collect(self.doc, self.ident)
        return self._figures

    @property
    def statements(self) -> list[Statement]:
        """The document's statements about another year's figure (found once)."""
        if self._statements is None:
            if self.facts is not None:
                self._statements = self.facts.statements
            else:
                assert self.doc is not None
                self._statements = statements(self.doc, self.ident)
        return self._statements

    def place(self, start: int, end: int, label: str = "") -> Place:
        """Where ``start:end`` stands (words, line, page, and the id of the table ``label`` names)."""
        if self.facts is not None and (start, end) not in self.facts.places:
            self._loaded()
        if self.facts is not None:
            return self.facts.places.get((start, end)) or Place("", 0, None)
        assert self.doc is not None
        return place_in(self.doc, start, end, label)

    @property
    def name(self) -> str:
        """The document as named in evidence: its path."""
        return self.facts.path if self.facts is not None else self.doc.path if self.doc is not None else ""


def from_facts(facts: Facts, reported: bool) -> Entry:
    """An entry for a document known only by its stored facts (a batch's cross stage)."""
    return Entry(None, facts.ident, reported, facts=facts)


def entry(doc: Document, reported: bool) -> Entry | None:
    """An entry for a checked document, or None when its identity is not sure (or it is a blank template)."""
    if doc.needs_ocr or doc.meta.blank_template:
        return None
    ident = identify(doc)
    return Entry(doc, ident, reported) if takes_part(doc, ident) else None


def takes_part(doc: Document, ident: Identity) -> bool:
    """Whether ``doc`` (identified as ``ident``) takes part in the cross checks: read, no blank template, and
    its identity sure."""
    if doc.needs_ocr or doc.meta.blank_template:
        return False
    return ident.sure and "XX" not in ident.name.upper()


def _same_identity(a: Identity, b: Identity) -> bool:
    return same_org(a.org, b.org) and a.year == b.year and a.kind == b.kind


def one_organisation(entries: list[Entry]) -> bool:
    """True when the entries' regions fit one place (a name without a region may match two)."""
    regions = {e.ident.org.region for e in entries if e.ident.org.region}
    return all(regions_compatible(a, b) for a in regions for b in regions)


class Pool:
    """The entries of one run, indexed by organisation core (and by the cores a department covers).

    Pairing looks only at entries sharing a core, so a folder of thousands of
    documents is paired in time linear in its size.
    """

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.by_core: dict[str, list[Entry]] = {}
        self.covering: dict[str, list[Entry]] = {}
        for e in entries:
            self.by_core.setdefault(e.ident.org.core, []).append(e)
            for n in {n.core for n in e.ident.coverage.names}:
                self.covering.setdefault(n, []).append(e)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, i: int) -> Entry:
        return self.entries[i]


def others(pool: Pool, me: Entry, *, year: int, stage: str, level: str) -> list[Entry]:
    """The documents of ``me``'s organisation for ``year`` and kind ``level+stage``, not copies of ``me``."""
    out = [
        e
        for e in pool.by_core.get(me.ident.org.core, [])
        if e is not me
        and e.ident.year == year
        and e.ident.stage == stage
        and e.ident.level == level
        and same_org(e.ident.org, me.ident.org)
        and not _same_identity(e.ident, me.ident)
    ]
    return out if one_organisation(out + [me]) else []


def figure_in(entries: list[Entry], key: str, measure: str, year: int) -> tuple[Entry, Figure] | None:
    """The one figure the entries give for (key, measure, year); None if none or if copies disagree."""
    found = [(e, f) for e in entries for f in [e.figures.get(key, measure, year)] if f is not None]
    if not found or any(not agree(found[0][1], f) for _, f in found[1:]):
        return None
    return found[0]


def department_of(pool: Pool, unit: Entry) -> Entry | None:
    """The 部门 document of the same year and stage that covers ``unit``; None if none or several."""
    core = unit.ident.org.core
    cands = {id(e): e for e in pool.by_core.get(core, []) + pool.covering.get(core, [])}.values()
    depts = [
        e
        for e in cands
        if e.ident.level == "部门"
        and e.ident.stage == unit.ident.stage
        and e.ident.year == unit.ident.year
        and (same_org(e.ident.org, unit.ident.org) or any(same_org(n, unit.ident.org) for n in e.ident.coverage.names))
    ]
    if not depts or not one_organisation(depts):
        return None
    depts.sort(key=lambda e: (not e.reported, e.name))
    first = depts[0]
    if any(not _same_identity(first.ident, d.ident) for d in depts[1:]):
        return None
    return first


def build(docs: list[Document], history: list[Document]) -> Pool:
    """Entries for the documents checked now and those read from the history folder, in a stable order."""
    out = [e for e in (entry(d, True) for d in docs) if e is not None]
    out += [e for e in (entry(d, False) for d in sorted(history, key=lambda d: d.path)) if e is not None]
    return Pool(out)
