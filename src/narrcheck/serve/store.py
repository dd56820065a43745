"""The editors' store: every checked upload, kept by document name, in SQLite under the data folder.

Layout of the data folder (chosen with ``narrcheck serve --data DIR``)::

    DIR/narrcheck-serve.sqlite    one row per checked upload (table ``uploads``)
    DIR/uploads/<id>/             narrative.<ext>, tables.<ext>, report.html, report.json,
                                  annotated.pdf or commented.docx, diff.html
    DIR/tmp/<job>/                an upload while it is being checked (moved or removed after)

Every path under ``DIR`` is made here from an integer id or a fixed name: a
file name sent by a browser is stored as text in a column and never becomes
part of a path. Uploads of the same ``name`` are the drafts of one document,
numbered 1, 2, 3 … in the order their checks finished; the page diffs each
draft against the one before it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

DB_NAME = "narrcheck-serve.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS uploads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,              -- document name: drafts of one document share it
    draft INTEGER NOT NULL,          -- 1, 2, 3 … within the name
    created TEXT NOT NULL,           -- UTC, ISO 8601, when the check finished
    filename TEXT NOT NULL,          -- the narrative's file name as the browser sent it (display only)
    tables_filename TEXT,            -- the tables file's name, if one was sent (display only)
    narrative_file TEXT NOT NULL,    -- stored name inside uploads/<id>/ (made by narrcheck)
    tables_file TEXT,
    format TEXT NOT NULL,
    status TEXT NOT NULL,            -- ok or flagged
    summary TEXT NOT NULL,           -- JSON: the report's summary object
    annotated TEXT,                  -- stored name of the marked copy, if any
    annotate_note TEXT NOT NULL DEFAULT '',
    previous INTEGER,                -- the draft this one was compared with
    diff TEXT,                       -- JSON: counts and the fixed / newly broken claims
    narrcheck TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS uploads_name ON uploads(name, draft);
"""

_COLUMNS = (
    "name",
    "filename",
    "tables_filename",
    "narrative_file",
    "tables_file",
    "format",
    "status",
    "summary",
    "annotated",
    "annotate_note",
    "previous",
    "diff",
    "narrcheck",
)


class Store:
    """Thread-safe access to the uploads table and the folders beside it."""

    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir)
        self.uploads_dir = self.root / "uploads"
        self.tmp_dir = self.root / "tmp"
        self.uploads_dir.mkdir(parents=True, exist_ok=True)
        self.tmp_dir.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(self.root / DB_NAME), check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def folder(self, upload_id: int) -> Path:
        """The folder of one upload (its id is an integer, so the path stays inside ``uploads/``)."""
        return self.uploads_dir / str(int(upload_id))

    def add(self, row: dict[str, Any]) -> int:
        """Insert a finished upload as the next draft of its name; return its id."""
        values = dict(row)
        for key in ("summary", "diff"):
            if values.get(key) is not None and not isinstance(values[key], str):
                values[key] = json.dumps(values[key], ensure_ascii=False, sort_keys=True)
        values.setdefault("annotate_note", "")
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                (n,) = self._db.execute("SELECT count(*) FROM uploads WHERE name = ?", (values["name"],)).fetchone()
                created = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
                cur = self._db.execute(
                    f"INSERT INTO uploads (draft, created, {', '.join(_COLUMNS)}) "
                    f"VALUES (?, ?, {', '.join('?' for _ in _COLUMNS)})",
                    (n + 1, created, *(values.get(c) for c in _COLUMNS)),
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return int(cur.lastrowid or 0)

    def delete(self, upload_id: int) -> None:
        with self._lock:
            self._db.execute("DELETE FROM uploads WHERE id = ?", (int(upload_id),))

    def get(self, upload_id: int) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM uploads WHERE id = ?", (int(upload_id),)).fetchone()
        return _decode(row)

    def latest(self, name: str) -> dict[str, Any] | None:
        """The last draft of ``name`` (the one a new upload is compared with), or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM uploads WHERE name = ? ORDER BY draft DESC LIMIT 1", (name,)
            ).fetchone()
        return _decode(row)

    def drafts(self, name: str) -> list[dict[str, Any]]:
        """Every draft of ``name``, newest first."""
        with self._lock:
            rows = self._db.execute("SELECT * FROM uploads WHERE name = ? ORDER BY draft DESC", (name,)).fetchall()
        return [d for d in map(_decode, rows) if d is not None]

    def documents(self, limit: int = 200) -> list[dict[str, Any]]:
        """One row per document name (its latest draft and the number of drafts), most recent first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT u.*, (SELECT count(*) FROM uploads v WHERE v.name = u.name) AS drafts FROM uploads u "
                "WHERE u.draft = (SELECT max(draft) FROM uploads w WHERE w.name = u.name) ORDER BY u.id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [d for d in map(_decode, rows) if d is not None]


def _decode(row: sqlite3.Row | None) -> dict[str, Any] | None:
    if row is None:
        return None
    d = dict(row)
    d["summary"] = json.loads(d["summary"]) if d.get("summary") else {}
    d["diff"] = json.loads(d["diff"]) if d.get("diff") else None
    return d
