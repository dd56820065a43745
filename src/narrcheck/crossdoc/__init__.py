"""Checks across documents: this year's budget against last year's, a department against its unit,
a 决算's 年初预算 against that year's budget (issue 14).

``cross_check(docs, history)`` identifies every document (organisation, year,
kind, units covered), pairs the related ones and adds ``crossdoc.*`` findings
to the documents checked now (``docs``); ``history`` holds already published
documents that are read for their figures but not reported. Nothing is raised
when the other document's identity or what 上年 means is unsure.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Document, Finding
from .checks import budget_final, dept_unit, prior_year
from .pairing import Entry, Pool, build


def cross_findings(pool: Pool) -> list[tuple[Entry, Finding]]:
    """Every cross-document finding of the pool's reported entries, each once (in the order the checks find them).

    Shared by ``narrcheck check`` (entries holding documents) and ``narrcheck batch`` (entries rebuilt from
    its store), so both find the same.
    """
    found = prior_year(pool) + dept_unit(pool) + budget_final(pool)
    seen: set[tuple[int, str, int, int, str]] = set()
    out = []
    for entry, f in found:
        mark = (id(entry), f.rule, f.start, f.end, f.message)
        if mark not in seen:
            seen.add(mark)
            out.append((entry, f))
    return out


def cross_check(docs: Sequence[Document], history: Sequence[Document] = ()) -> int:
    """Add cross-document findings to ``docs`` (in place, findings kept sorted); return how many were added."""
    pool = build(list(docs), list(history))
    if len(pool) < 2:
        return 0
    added = 0
    for entry, f in cross_findings(pool):
        assert entry.doc is not None
        entry.doc.findings.append(f)
        added += 1
    for d in docs:
        d.findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return added


__all__ = ["cross_check", "cross_findings"]
