"""The results database: one SQLite file, one transaction per document.

Only the parent process writes. Each document's row and all its claims and
findings are replaced together inside ``BEGIN IMMEDIATE … COMMIT``, so a run
killed at any moment leaves every document either fully written (old or new
version) or absent, never half-written. WAL mode keeps readers (``--query``)
working while a batch writes.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import astuple, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

FINAL_STATUSES = ("ok", "flagged", "error", "timeout")

VERDICT_COLUMNS = ("ok", "rounding", "mismatch", "direction", "unverified")
SEVERITY_COLUMNS = ("findings_error", "findings_warning", "findings_note")

_PRAGMAS = ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON")
SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    sha256 TEXT,
    size INTEGER,
    status TEXT NOT NULL CHECK (status IN ('ok', 'flagged', 'error', 'timeout')),
    error TEXT NOT NULL DEFAULT '',
    format TEXT,
    doctype TEXT,
    year INTEGER,
    unit TEXT,
    claims INTEGER NOT NULL DEFAULT 0,
    flagged INTEGER NOT NULL DEFAULT 0,
    ok INTEGER NOT NULL DEFAULT 0,
    rounding INTEGER NOT NULL DEFAULT 0,
    mismatch INTEGER NOT NULL DEFAULT 0,
    direction INTEGER NOT NULL DEFAULT 0,
    unverified INTEGER NOT NULL DEFAULT 0,
    findings INTEGER NOT NULL DEFAULT 0,
    findings_error INTEGER NOT NULL DEFAULT 0,
    findings_warning INTEGER NOT NULL DEFAULT 0,
    findings_note INTEGER NOT NULL DEFAULT 0,
    needs_ocr INTEGER NOT NULL DEFAULT 0,
    report TEXT,
    seconds REAL,
    narrcheck_version TEXT,
    checked_at TEXT
);
CREATE TABLE IF NOT EXISTS claims (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    claim_id TEXT NOT NULL,
    kind TEXT,
    pattern TEXT,
    verdict TEXT,
    text TEXT,
    start INTEGER,
    "end" INTEGER,
    line INTEGER,
    page INTEGER,
    sentence_start INTEGER,
    sentence_end INTEGER,
    section TEXT,
    subject TEXT,
    claimed TEXT,
    recomputed TEXT,
    evidence TEXT,
    message TEXT,
    suggestion TEXT,
    PRIMARY KEY (document_id, seq)
);
CREATE TABLE IF NOT EXISTS findings (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    rule TEXT,
    severity TEXT,
    message TEXT,
    text TEXT,
    start INTEGER,
    "end" INTEGER,
    line INTEGER,
    page INTEGER,
    table_id TEXT,
    evidence TEXT,
    suggestion TEXT,
    PRIMARY KEY (document_id, seq)
);
CREATE INDEX IF NOT EXISTS claims_verdict ON claims(verdict);
CREATE INDEX IF NOT EXISTS findings_severity ON findings(severity);
CREATE TABLE IF NOT EXISTS identities (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    org_region TEXT NOT NULL,
    org_core TEXT NOT NULL,
    org_name TEXT NOT NULL,
    year INTEGER,
    level TEXT NOT NULL,
    stage TEXT NOT NULL,
    budget_units INTEGER,
    covered TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS identities_org ON identities(org_core, year);
CREATE TABLE IF NOT EXISTS cores (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    region TEXT NOT NULL,
    core TEXT NOT NULL,
    PRIMARY KEY (core, region, document_id)
);
CREATE TABLE IF NOT EXISTS figures (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    measure TEXT NOT NULL,
    year INTEGER NOT NULL,
    value TEXT NOT NULL,
    half TEXT NOT NULL,
    text TEXT,
    source TEXT,
    evidence TEXT,
    start INTEGER,
    "end" INTEGER,
    page INTEGER,
    place_text TEXT,
    line INTEGER,
    place_page INTEGER,
    table_id TEXT
);
CREATE INDEX IF NOT EXISTS figures_document ON figures(document_id);
CREATE TABLE IF NOT EXISTS statements (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    claim TEXT NOT NULL,
    current TEXT NOT NULL,
    key TEXT NOT NULL,
    measure TEXT NOT NULL,
    year INTEGER NOT NULL,
    lo TEXT NOT NULL,
    hi TEXT NOT NULL,
    arithmetic TEXT,
    tail TEXT NOT NULL,
    evidence TEXT,
    place_text TEXT,
    line INTEGER,
    place_page INTEGER
);
CREATE INDEX IF NOT EXISTS statements_document ON statements(document_id);
"""

# Columns added after the first stores were written: added to an existing store when it is opened, so a
# store of an earlier version is still resumed (its documents lacking cross-check facts are checked again).
ADDED_COLUMNS = (
    ("documents", "own_status", "TEXT"),  # the status of the document on its own, before the cross checks
    ("documents", "crossdoc_facts", "INTEGER"),  # 1 facts stored, 0 identity unsure or unreadable, NULL unknown
    ("documents", "crossdoc_findings", "INTEGER NOT NULL DEFAULT 0"),
    ("documents", "cross_runs", "INTEGER NOT NULL DEFAULT 0"),  # times its cross findings were worked out
    ("documents", "cross_checked_at", "TEXT"),
    ("findings", "other_document_id", "INTEGER"),  # for crossdoc.*: the other document of the relation
)

_DOC_COLUMNS = (
    "path",
    "sha256",
    "size",
    "status",
    "error",
    "format",
    "doctype",
    "year",
    "unit",
    "claims",
    "flagged",
    *VERDICT_COLUMNS,
    "findings",
    *SEVERITY_COLUMNS,
    "needs_ocr",
    "report",
    "seconds",
    "narrcheck_version",
    "checked_at",
    "own_status",
    "crossdoc_facts",
    "crossdoc_findings",
)


def _json(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False, sort_keys=True, default=str)


BUSY_SECONDS = 60.0


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the results database for writing.

    Another process may be creating or reading the same file: switching to
    WAL and creating the schema can meet "database is locked" even with a
    busy timeout (SQLite does not wait on a lock it might deadlock on), so
    the set-up is retried for up to BUSY_SECONDS.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_SECONDS)
    deadline = time.monotonic() + BUSY_SECONDS
    delay = 0.05
    while True:
        try:
            for pragma in (f"busy_timeout={int(BUSY_SECONDS * 1000)}", *_PRAGMAS):
                con.execute(f"PRAGMA {pragma}")
            con.executescript(SCHEMA)
            migrate(con)
            return con
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                con.close()
                raise
            time.sleep(delay)
            delay = min(1.0, delay * 2)


def migrate(con: sqlite3.Connection) -> None:
    """Add the columns of ADDED_COLUMNS that a store written by an earlier version lacks."""
    for table, column, decl in ADDED_COLUMNS:
        if column in {r[1] for r in con.execute(f"PRAGMA table_info({table})")}:
            continue
        try:
            con.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")
        except sqlite3.OperationalError as exc:  # another process added it between our look and our change
            if "duplicate column" not in str(exc):
                raise


def connect_readonly(path: Path) -> sqlite3.Connection:
    """Open the database read-only (``mode=ro`` URI): a query cannot change it."""
    if not path.exists():
        raise FileNotFoundError(f"no results database at {path}")
    uri = path.resolve().as_uri() + "?mode=ro"
    con = sqlite3.connect(uri, uri=True, timeout=BUSY_SECONDS)
    return con


_READ_ACTIONS = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}
_SCHEMA_PRAGMAS = {"table_info", "table_xinfo", "index_list", "index_info", "index_xinfo", "foreign_key_list"}
_UNSAFE_FUNCTIONS = {"load_extension", "readfile", "writefile", "edit", "fts3_tokenizer"}


def read_only_authorizer(
    action: int, arg1: str | None, arg2: str | None, db_name: str | None, source: str | None
) -> int:
    """SQLite authorizer for ``--query``: reading only.

    Allowed: SELECT, reading columns, ordinary functions, recursive CTEs,
    PRAGMAs that only read (no value given) and the schema PRAGMAs that
    take a table name (``table_info``…). Everything else, among it
    ATTACH (which would create a file) and VACUUM INTO, is denied.
    """
    if action == sqlite3.SQLITE_FUNCTION:
        return sqlite3.SQLITE_DENY if (arg2 or "").lower() in _UNSAFE_FUNCTIONS else sqlite3.SQLITE_OK
    if action in _READ_ACTIONS:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA and (arg2 is None or (arg1 or "").lower() in _SCHEMA_PRAGMAS):
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def known(con: sqlite3.Connection) -> dict[str, tuple[str, str, str]]:
    """path → (sha256, status, narrcheck version) for every stored document."""
    return {
        p: (h or "", s, v or "")
        for p, h, s, v in con.execute("SELECT path, sha256, status, narrcheck_version FROM documents")
    }


def without_facts(con: sqlite3.Connection) -> set[str]:
    """Paths of checked documents stored before the store kept cross-check facts: they are checked again."""
    sql = "SELECT path FROM documents WHERE crossdoc_facts IS NULL AND status IN ('ok', 'flagged')"
    return {p for (p,) in con.execute(sql)}


@dataclass
class Touched:
    """What a run wrote: document ids, and the organisations (region, core; before and after) whose cross checks
    to redo."""

    ids: set[int] = field(default_factory=set)
    names: set[tuple[str, str]] = field(default_factory=set)


def write_result(con: sqlite3.Connection, res: dict[str, Any], touched: Touched | None = None) -> int:
    """Replace one document's rows (document, claims, findings, cross-check facts) in a single transaction.

    ``res["crossdoc"]`` holds the document's :class:`~narrcheck.crossdoc.facts.Facts` (None when its
    identity is unsure). Its old ``crossdoc.*`` findings go with the rest: ``touched`` collects its id
    and the organisations it belonged to before and after, whose cross checks the run redoes.
    Returns the document's id.
    """
    facts = res.get("crossdoc")
    row = {k: res.get(k) for k in _DOC_COLUMNS}
    row["error"] = row["error"] or ""
    row["own_status"] = row["status"]
    row["crossdoc_facts"] = 1 if facts is not None else 0
    row["crossdoc_findings"] = 0
    row["checked_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    for k in ("claims", "flagged", *VERDICT_COLUMNS, "findings", *SEVERITY_COLUMNS, "needs_ocr"):
        row[k] = int(row[k] or 0)
    cols = ", ".join(_DOC_COLUMNS)
    marks = ", ".join(f":{k}" for k in _DOC_COLUMNS)
    updates = ", ".join(f"{k}=excluded.{k}" for k in _DOC_COLUMNS if k != "path")
    con.execute("BEGIN IMMEDIATE")
    try:
        doc_id = con.execute(
            f"INSERT INTO documents ({cols}) VALUES ({marks}) ON CONFLICT(path) DO UPDATE SET {updates} RETURNING id",
            row,
        ).fetchone()[0]
        con.execute("DELETE FROM claims WHERE document_id = ?", (doc_id,))
        con.execute("DELETE FROM findings WHERE document_id = ?", (doc_id,))
        if touched is not None:
            touched.ids.add(doc_id)
            old = con.execute("SELECT region, core FROM cores WHERE document_id = ?", (doc_id,))
            touched.names |= {(r, c) for r, c in old}
        _write_facts(con, doc_id, facts, touched)
        con.executemany(
            'INSERT INTO claims (document_id, seq, claim_id, kind, pattern, verdict, text, start, "end", line, page, '
            "sentence_start, sentence_end, section, subject, claimed, recomputed, evidence, message, suggestion) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            list(_claim_rows(doc_id, res.get("claim_rows") or [])),
        )
        con.executemany(
            'INSERT INTO findings (document_id, seq, rule, severity, message, text, start, "end", line, page, '
            "table_id, evidence, suggestion) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            list(finding_rows(doc_id, res.get("finding_rows") or [])),
        )
        con.execute("COMMIT")
    except BaseException:
        rollback(con)
        raise
    return int(doc_id)


def rollback(con: sqlite3.Connection) -> None:
    """Roll back the open transaction, if any (a failed COMMIT, on a full disk, may already have ended it)."""
    if con.in_transaction:
        try:
            con.execute("ROLLBACK")
        except sqlite3.Error:
            pass


_FACT_TABLES = ("identities", "cores", "figures", "statements")


def _write_facts(con: sqlite3.Connection, doc_id: int, facts: Any, touched: Touched | None) -> None:
    """Replace the document's cross-check facts (identity, group cores, figures, statements) by ``facts``."""
    from ..crossdoc import facts as fx

    for table in _FACT_TABLES:
        con.execute(f"DELETE FROM {table} WHERE document_id = ?", (doc_id,))
    if facts is None:
        return
    ident = fx.identity_row(facts.ident)
    con.execute("INSERT INTO identities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (doc_id, *astuple(ident)))
    con.executemany("INSERT INTO cores VALUES (?, ?, ?)", [(doc_id, r, c) for r, c in sorted(ident.names)])
    if touched is not None:
        touched.names |= ident.names
    cols = ", ".join(fx.FIGURE_COLUMNS)
    marks = ", ".join("?" * (len(fx.FIGURE_COLUMNS) + 1))
    con.executemany(
        f"INSERT INTO figures (document_id, {cols}) VALUES ({marks})",
        [(doc_id, *fx.figure_row(f, facts.places[(f.start, f.end)])) for f in facts.figures],
    )
    cols = ", ".join(fx.STATEMENT_COLUMNS)
    marks = ", ".join("?" * (len(fx.STATEMENT_COLUMNS) + 1))
    con.executemany(
        f"INSERT INTO statements (document_id, {cols}) VALUES ({marks})",
        [(doc_id, *fx.statement_row(st, facts.places[(st.claim.start, st.claim.end)])) for st in facts.statements],
    )


def load_facts(con: sqlite3.Connection, doc_id: int) -> Any:
    """The stored :class:`~narrcheck.crossdoc.facts.Facts` of a document, or None when it has none."""
    from ..crossdoc import facts as fx

    got = con.execute(
        "SELECT d.path, i.org_region, i.org_core, i.org_name, i.year, i.level, i.stage, i.budget_units, i.covered "
        "FROM identities i JOIN documents d ON d.id = i.document_id WHERE i.document_id = ?",
        (doc_id,),
    ).fetchone()
    if got is None:
        return None
    path, *ident = got
    figs = con.execute(f"SELECT {', '.join(fx.FIGURE_COLUMNS)} FROM figures WHERE document_id = ?", (doc_id,))
    sts = con.execute(f"SELECT {', '.join(fx.STATEMENT_COLUMNS)} FROM statements WHERE document_id = ?", (doc_id,))
    return fx.from_rows(path, fx.IdentityRow(*ident), figs.fetchall(), sts.fetchall())


def _claim_rows(doc_id: int, claims: Iterable[dict[str, Any]]):
    for i, c in enumerate(claims):
        sent = c.get("sentence") or {}
        yield (
            doc_id,
            i,
            c["id"],
            c["kind"],
            c.get("pattern"),
            c["verdict"],
            c["text"],
            c["start"],
            c["end"],
            c["line"],
            c["page"],
            sent.get("start"),
            sent.get("end"),
            c.get("section", ""),
            c.get("subject", ""),
            _json(c.get("claimed", {})),
            _json(c.get("recomputed", {})),
            _json(c.get("evidence", [])),
            c.get("message", ""),
            c.get("suggestion", ""),
        )


def finding_rows(doc_id: int, findings: Iterable[dict[str, Any]], first: int = 0):
    """The ``findings`` rows of JSON-report finding dicts, numbered from ``first``."""
    for i, f in enumerate(findings, first):
        yield (
            doc_id,
            i,
            f["rule"],
            f["severity"],
            f["message"],
            f.get("text", ""),
            f["start"],
            f["end"],
            f["line"],
            f["page"],
            f.get("table", ""),
            _json(f.get("evidence", [])),
            f.get("suggestion", ""),
        )


def documents(con: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every stored document as a dict, sorted by path."""
    cur = con.execute("SELECT * FROM documents ORDER BY path")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]
