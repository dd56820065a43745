"""The batch's cross-document stage: after the files are checked, the cross checks run from the store.

Every checked document whose identity is sure left its facts in the store
(identity, figures, statements: :mod:`narrcheck.crossdoc.facts`) and its
*cores*: the organisation it is (万里街道) and, for a 部门 document, the units
it covers. A group is one core. Only the groups of documents written in this
run (their cores before and after) are worked out again: their documents,
and the departments that cover them, are rebuilt from the rows, the checks
of :mod:`narrcheck.crossdoc` run over them, and the ``crossdoc.*`` findings
of the group's documents are replaced. Adding 2026's files re-checks
万里街道's group and leaves every other organisation's findings as they were,
and no file is read again.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from . import db


@dataclass
class CrossStats:
    """What the cross stage did: groups and documents worked out, findings stored."""

    groups: int = 0
    documents: int = 0
    findings: int = 0
    paths: list[str] = field(default_factory=list)  # the documents whose cross findings were worked out


def _ids_in(con: sqlite3.Connection, sql: str, values: list[Any]) -> list[int]:
    """Document ids a query over a JSON list of values gives (``json_each(?)``: any number of values)."""
    import json

    return [int(i) for (i,) in con.execute(sql, (json.dumps(values, ensure_ascii=False),))]


def run_cross(con: sqlite3.Connection, touched: db.Touched) -> CrossStats:
    """Redo the cross checks of every group a document written in this run belongs (or belonged) to."""
    from ..crossdoc import cross_findings
    from ..crossdoc.pairing import Pool, from_facts

    stats = CrossStats()
    cores = sorted(c for c in touched.cores if c)
    if not cores:
        return stats
    members = _ids_in(
        con, "SELECT DISTINCT document_id FROM cores WHERE core IN (SELECT value FROM json_each(?))", cores
    )
    own = set(
        _ids_in(con, "SELECT document_id FROM identities WHERE org_core IN (SELECT value FROM json_each(?))", cores)
    )
    # the group's documents are reported; departments covering one of them take part, unreported
    entries = {}
    for i in sorted(members):
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
    stats.groups = len({e.ident.org.core for i, e in entries.items() if i in own})
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


def stale_cores(con: sqlite3.Connection) -> set[str]:
    """Cores of documents written after their group's last cross run (a run stopped before its cross stage)."""
    sql = (
        "SELECT DISTINCT c.core FROM cores c JOIN documents d ON d.id = c.document_id "
        "WHERE d.cross_checked_at IS NULL OR d.cross_checked_at < d.checked_at"
    )
    return {c for (c,) in con.execute(sql)}
