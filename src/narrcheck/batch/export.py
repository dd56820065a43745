"""``batch --export parquet``: the store's tables as Parquet files beside it, for DuckDB, pandas or Spark.

Three files next to the SQLite store: ``documents.parquet`` (one row a
file), ``claims.parquet`` and ``findings.parquet`` (one row a claim or a
finding, each with its document's ``path`` so no join is needed). Columns
keep the store's names and types; ``claimed``, ``recomputed`` and
``evidence`` stay the JSON text the store holds (exact decimal strings, no
float rounding). Rows are ordered by path and position, and each file is
written to a temporary name and renamed, so the export is deterministic
and never half-written.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from . import db
from .safeio import temp_for

FORMATS = ("parquet",)

_INT = "int64"
_REAL = "float64"
# SQLite declared types → Arrow types; everything else is text
_TYPES = {"INTEGER": _INT, "REAL": _REAL}

_QUERIES = {
    "documents": "SELECT * FROM documents ORDER BY path",
    "claims": "SELECT d.path, c.* FROM claims c JOIN documents d ON d.id = c.document_id ORDER BY d.path, c.seq",
    "findings": "SELECT d.path, f.* FROM findings f JOIN documents d ON d.id = f.document_id ORDER BY d.path, f.seq",
}


class ExportError(Exception):
    """The export cannot be made (no store, pyarrow missing, folder not writable): one line for the user."""


def _schema(con: sqlite3.Connection, table: str, columns: list[str]) -> Any:
    """The Arrow schema of ``columns`` from the store's declared types (``path`` is the document's)."""
    import pyarrow as pa

    declared = {r[1]: (r[2] or "").upper() for r in con.execute(f"PRAGMA table_info({table})")}
    declared.setdefault("path", "TEXT")
    kinds = {_INT: pa.int64(), _REAL: pa.float64()}
    return pa.schema([(c, kinds.get(_TYPES.get(declared.get(c, "TEXT"), ""), pa.string())) for c in columns])


def _table(con: sqlite3.Connection, name: str) -> Any:
    """One store table (with its documents' paths) as an Arrow table."""
    import pyarrow as pa

    cur = con.execute(_QUERIES[name])
    columns = [d[0] for d in cur.description]
    rows = cur.fetchall()
    schema = _schema(con, name, columns)
    data = {c: [r[i] for r in rows] for i, c in enumerate(columns)}
    return pa.Table.from_pydict(data, schema=schema)


def export_parquet(db_path: str | Path) -> list[Path]:
    """Write documents, claims and findings of the store at ``db_path`` as Parquet beside it; return the files."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError("--export parquet needs pyarrow: pip install 'narrcheck[cluster]'") from None
    db_path = Path(db_path)
    try:
        con = db.connect_readonly(db_path)
    except (FileNotFoundError, sqlite3.Error) as exc:
        raise ExportError(str(exc)) from None
    written: list[Path] = []
    try:
        for name in _QUERIES:
            target = db_path.parent / f"{name}.parquet"
            tmp = temp_for(target)
            try:
                pq.write_table(_table(con, name), tmp, compression="zstd")
                os.replace(tmp, target)
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise
            written.append(target)
    except (OSError, sqlite3.Error) as exc:
        raise ExportError(f"cannot export to {db_path.parent} ({exc})") from None
    finally:
        con.close()
    return written
