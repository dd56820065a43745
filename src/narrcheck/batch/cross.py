"""The batch's cross-document stage: after the files are checked, the cross checks run from the store.

Every checked document whose identity is sure left its facts in the store
(identity, figures, statements: :mod:`narrcheck.crossdoc.facts`) and its
groups (table ``cores``): the organisation it is (上海市普陀区 + 万里街道) and, for
a 部门 document, the units it covers. A group is one core in compatible
regions (上海市财政局 and 上海市普陀区财政局 are two). Only the groups of documents
written in this run (before and after) are worked out again: their documents,
and the departments that cover them, are rebuilt from the rows, the checks
of :mod:`narrcheck.crossdoc` run over them, and the ``crossdoc.*`` findings
of the group's documents are replaced. Adding 2026's files re-checks
万里街道's group and leaves every other organisation's findings as they were,
and no file is read again.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from . import db


@dataclass
class CrossStats:
    """What the cross stage did: groups and documents worked out, findings stored."""

    groups: int = 0  # organisations (region, core) whose documents were worked out
    documents: int = 0
    findings: int = 0
    paths: list[str] = field(default_factory=list)  # the documents whose cross findings were worked out


def _in_groups(con: sqlite3.Connection, sql: str, names: set[tuple[str, str]]) -> set[int]:
    """Ids of the (id, region, core) rows ``sql`` gives for the cores of ``names`` (a JSON list bound to ``?``)
    whose region is compatible with a touched one of that core (普陀区 / 上海市普陀区, or one unknown)."""
    from ..crossdoc.identity import regions_compatible

    regions: dict[str, set[str]] = {}
    for region, core in names:
        regions.setdefault(core, set()).add(region)
    found = con.execute(sql, (json.dumps(sorted(regions), ensure_ascii=False),))
    return {int(i) for i, region, core in found if any(regions_compatible(region, r) for r in regions.get(core, ()))}


_MEMBERS = "SELECT document_id, region, core FROM cores WHERE core IN (SELECT value FROM json_each(?))"
_NO_REGION = "SELECT DISTINCT core FROM cores WHERE region = '' AND document_id IN (SELECT value FROM json_each(?))"
_OWN = "SELECT document_id, org_region, org_core FROM identities WHERE org_core IN (SELECT value FROM json_each(?))"


def run_cross(con: sqlite3.Connection, touched: db.Touched) -> CrossStats:
    """Redo the cross checks of every group a document written in this run belongs (or belonged) to."""
    from ..crossdoc import cross_findings
    from ..crossdoc.pairing import Pool, from_facts

    stats = CrossStats()
    names = {(r, c) for r, c in touched.names if c}
    if not names:
        return stats
    own = _in_groups(con, _OWN, names)
    # a reported name without a region fits every region's: its whole core takes part, as in `check` (where
    # two regions fitting it mean nothing is raised), so a partial group never makes an unsure pairing look sure
    unsure = {("", c) for (c,) in con.execute(_NO_REGION, (json.dumps(sorted(own)),))}
    if not unsure <= names:
        names |= unsure
        own = _in_groups(con, _OWN, names)
    members = _in_groups(con, _MEMBERS, names)
    # the group's documents are reported; departments covering one of them take part, unreported
    entries = {}
    for i in sorted(members | own):
        facts = db.load_facts(con, i)
        if facts is not None:
            entries[i] = from_facts(facts, reported=i in own)
    ids = {id(e): i for i, e in entries.items()}
    by_name = sorted(((e.name, i) for i, e in entries.items()), key=lambda x: -len(x[0]))
    rows: dict[int, list[tuple[dict[str, Any], int | None]]] = {i: [] for i in own}
    pool = Pool(list(entries.values()))
    if len(pool) >= 2:
        for entry, f in cross_findings(pool):
            rows.setdefault(ids[id(entry)], []).append((_finding_dict(f), _other(f, by_name)))
    _store(con, rows)
    stats.groups = len({(e.ident.org.region, e.ident.org.core) for i, e in entries.items() if i in own})
    stats.documents = len(rows)
    stats.findings = sum(len(v) for v in rows.values())
    stats.paths = sorted(entries[i].name for i in rows if i in entries)
    return stats


def _finding_dict(f: Any) -> dict[str, Any]:
    from ..render import json as json_render

    return json_render.finding_dict(f)


def _other(f: Any, by_name: list[tuple[str, int]]) -> int | None:
    """The id of the other document a finding names (its last evidence's title starts with that path)."""
    title = f.evidence[-1].title if f.evidence else ""
    return next((i for name, i in by_name if title.startswith(name + "：")), None)


_RECOUNT = """
UPDATE documents SET
  crossdoc_findings = (SELECT count(*) FROM findings f WHERE f.document_id = documents.id AND f.rule LIKE 'crossdoc.%'),
  findings = (SELECT count(*) FROM findings f WHERE f.document_id = documents.id),
  findings_error = (SELECT count(*) FROM findings f WHERE f.document_id = documents.id AND f.severity = 'error'),
  findings_warning = (SELECT count(*) FROM findings f WHERE f.document_id = documents.id AND f.severity = 'warning'),
  findings_note = (SELECT count(*) FROM findings f WHERE f.document_id = documents.id AND f.severity = 'note'),
  status = CASE
    WHEN coalesce(own_status, status) = 'ok' AND EXISTS (SELECT 1 FROM findings f WHERE f.document_id = documents.id
         AND f.rule LIKE 'crossdoc.%' AND f.severity IN ('error', 'warning')) THEN 'flagged'
    ELSE coalesce(own_status, status) END,
  cross_runs = cross_runs + 1,
  cross_checked_at = ?
WHERE id = ?
"""


def _store(con: sqlite3.Connection, rows: dict[int, list[tuple[dict[str, Any], int | None]]]) -> None:
    """Replace the ``crossdoc.*`` findings of each document in ``rows``; recount its findings and status.

    One transaction: a run killed here leaves the old cross findings, and the
    next run (nothing new to check) leaves them too — so the stage is redone
    for every group whose documents were written after their last cross run.
    """
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    con.execute("BEGIN IMMEDIATE")
    try:
        for doc_id, found in rows.items():
            con.execute("DELETE FROM findings WHERE document_id = ? AND rule LIKE 'crossdoc.%'", (doc_id,))
            first = con.execute("SELECT coalesce(max(seq), -1) + 1 FROM findings WHERE document_id = ?", (doc_id,))
            seq = int(first.fetchone()[0])
            for n, (row, other) in enumerate(found, seq):
                (values,) = list(db.finding_rows(doc_id, [row], n))
                con.execute(
                    'INSERT INTO findings (document_id, seq, rule, severity, message, text, start, "end", line, page, '
                    "table_id, evidence, suggestion, other_document_id) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*values, other),
                )
            con.execute(_RECOUNT, (now, doc_id))
        con.execute("COMMIT")
    except BaseException:
        db.rollback(con)
        raise


def stale_groups(con: sqlite3.Connection) -> set[tuple[str, str]]:
    """Groups of documents written after their last cross run (by a run stopped before its cross stage)."""
    sql = (
        "SELECT DISTINCT c.region, c.core FROM cores c JOIN documents d ON d.id = c.document_id "
        "WHERE d.cross_checked_at IS NULL OR d.cross_checked_at < d.checked_at"
    )
    return {(r, c) for r, c in con.execute(sql)}
