"""Checked documents held between checking and reporting, so that ``check`` on many files stays flat in memory.

``narrcheck check a.pdf b.pdf …`` puts the cross-document findings (this
year against last, a department against its unit) in each file's own report,
so no report can go out before every file has been read. A checked
:class:`~narrcheck.model.Document` holds about 1.3 MB of Python objects (its
text, tables, claims and their evidence); 300 of them held whole passed 500 MB.
A :class:`Held` writes each one as a compressed pickle (about 70 KB for a seed
document) to an anonymous temporary file and keeps only its identity and its
statements about other years (the part of its
:class:`~narrcheck.crossdoc.facts.Facts` every cross check asks for); a check
that needs a document's figures unpacks it then. The documents come back one at
a time, each with its cross findings added, for its report to be written and
dropped: 300 seed documents in one ``check`` peak at 170 MB, as one does.

The first few inputs are held as they are: for a handful of files packing would cost time and save nothing.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from typing import IO, TYPE_CHECKING

from .model import Document, Finding

if TYPE_CHECKING:
    from .crossdoc.facts import Facts
    from .crossdoc.identity import Identity
    from .crossdoc.pairing import Entry

_LEVEL = 1  # zlib's fastest level: a seed document packs to a fifth in about 6 ms


@dataclass
class _Input:
    """One input as held: its path, its document (whole, packed at (offset, size), or None: unreadable), its
    identity, whether it takes part in the cross checks, and (packed) its statements about other years."""

    path: str
    doc: Document | tuple[int, int] | None
    name: str  # the document's path as its reports name it
    ident: Identity | None = None
    part: bool = False  # identity sure: it takes part in the cross checks
    said: Facts | None = None


@dataclass
class Held:
    """The inputs of one ``check`` in order: each one's path and its checked document (None: unreadable)."""

    keep_whole: int = 16  # the first inputs are kept as they are: packing costs ~12 ms a document, saved only
    # when there are many
    _inputs: list[_Input] = field(default_factory=list)
    _spool: IO[bytes] | None = None  # packed documents, one after the other, in an anonymous temporary file
    _cross: dict[int, list[Finding]] = field(default_factory=dict)
    _sort: bool = False  # the cross checks ran: every document's findings are put in order again

    def add(self, path: str, doc: Document | None) -> None:
        """Hold ``doc`` (checked; None when it could not be read) as the next input."""
        from .crossdoc.facts import facts_of
        from .crossdoc.identity import identify
        from .crossdoc.pairing import takes_part

        if doc is None:
            self._inputs.append(_Input(path, None, path))
            return
        ident = identify(doc)
        part = takes_part(doc, ident)
        at = self._pack(doc) if len(self._inputs) >= self.keep_whole else None
        said = facts_of(doc, figures=False) if at is not None and part else None
        self._inputs.append(_Input(path, doc if at is None else at, doc.path, ident, part, said))

    def _pack(self, doc: Document) -> tuple[int, int] | None:
        """Write ``doc`` to the spool; where it stands there (None: it does not pickle, and is kept whole)."""
        try:
            data = zlib.compress(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL), _LEVEL)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return None  # never lose a report to the memory saving
        if self._spool is None:
            self._spool = tempfile.TemporaryFile(prefix="narrcheck-held-")
        offset = self._spool.seek(0, os.SEEK_END)
        self._spool.write(data)
        return offset, len(data)

    def _unpack(self, at: tuple[int, int]) -> Document:
        """The document packed at ``at``."""
        assert self._spool is not None
        self._spool.seek(at[0])
        doc = pickle.loads(zlib.decompress(self._spool.read(at[1])))
        assert isinstance(doc, Document)
        return doc

    def identities(self) -> list[tuple[str, Identity]]:
        """Each readable input's path (as reported) and identity, for ``--history`` to find related documents."""
        return [(i.name, i.ident) for i in self._inputs if i.ident is not None]

    def __len__(self) -> int:
        return len(self._inputs)

    def cross_check(self, history: Sequence[Document] = ()) -> int:
        """Run the cross-document checks over the held inputs (and ``history``, read but not reported); the
        findings join their documents when those are given back. Returns how many were found.

        A packed document is unpacked, and its facts worked out, only when a check asks for its figures: most
        documents of a folder have no related one."""
        from .crossdoc import cross_findings
        from .crossdoc.pairing import Pool, entry

        now = [(k, self._entry(i)) for k, i in enumerate(self._inputs) if i.part]
        past = [e for e in (entry(d, False) for d in sorted(history, key=lambda d: d.path)) if e is not None]
        pool = Pool([e for _, e in now] + past)
        if len(pool) < 2:
            return 0
        index = {id(e): k for k, e in now}
        found = 0
        for e, f in cross_findings(pool):
            self._cross.setdefault(index[id(e)], []).append(f)
            found += 1
        self._sort = True
        return found

    def _entry(self, i: _Input) -> Entry:
        """The cross checks' entry for an input: its document, or (packed) its statements, the rest of its
        facts worked out (the document unpacked) when a check first asks for its figures."""
        from .crossdoc.facts import facts_of
        from .crossdoc.pairing import Entry

        assert i.ident is not None and i.doc is not None
        held = i.doc
        if not isinstance(held, tuple):
            return Entry(held, i.ident, True)

        def load() -> Facts:
            facts = facts_of(self._unpack(held))
            assert facts is not None  # the identity was sure when held
            return facts

        return Entry(None, i.ident, True, facts=i.said, load=load)

    def __iter__(self) -> Iterator[tuple[str, Document | None]]:
        """Each input's path and document (unpacked, its cross findings added), in the order held."""
        for k, i in enumerate(self._inputs):
            doc = self._unpack(i.doc) if isinstance(i.doc, tuple) else i.doc
            if doc is not None:
                doc.findings.extend(self._cross.get(k, []))
                if self._sort:
                    doc.findings.sort(key=lambda f: (f.start, f.end, f.rule))
            yield i.path, doc
