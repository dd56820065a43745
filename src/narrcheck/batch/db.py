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
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

FINAL_STATUSES = ("ok", "flagged", "error", "timeout")

VERDICT_COLUMNS = ("ok", "rounding", "mismatch", "direction", "unverified")
SEVERITY_COLUMNS = ("findings_error", "findings_warning", "findings_note")

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
"""

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
    import time

    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_SECONDS)
    deadline = time.monotonic() + BUSY_SECONDS
    delay = 0.05
    while True:
        try:
            con.execute(f"PRAGMA busy_timeout={int(BUSY_SECONDS * 1000)}")
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=NORMAL")
            con.execute("PRAGMA foreign_keys=ON")
            con.executescript(SCHEMA)
            return con
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                con.close()
                raise
            time.sleep(delay)
            delay = min(1.0, delay * 2)


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


def write_result(con: sqlite3.Connection, res: dict[str, Any]) -> None:
    """Replace one document's rows (document, claims, findings) in a single transaction."""
    row = {k: res.get(k) for k in _DOC_COLUMNS}
    row["error"] = row["error"] or ""
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
            list(_finding_rows(doc_id, res.get("finding_rows") or [])),
        )
        con.execute("COMMIT")
    except BaseException:
        if con.in_transaction:  # a failed COMMIT (disk full) may already have ended it
            try:
                con.execute("ROLLBACK")
            except sqlite3.Error:
                pass
        raise


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


def _finding_rows(doc_id: int, findings: Iterable[dict[str, Any]]):
    for i, f in enumerate(findings):
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
