"""``narrcheck batch``: check many files on all cores into one SQLite database.

Flow: collect the inputs → hash each file and skip those already in the
database with the same bytes, a final status and this narrcheck version →
check the rest in a :class:`~.pool.WorkerPool` (each worker writes the
file's HTML report and returns plain dicts) → the parent writes each
result in one transaction as it arrives → summary.csv and index.html from
the whole database.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..readers import Limits
from . import db
from .inputs import collect, report_path, sha256_of
from .outputs import write_index, write_summary_csv
from .pool import Task, WorkerPool, default_jobs
from .progress import BatchProgress

DB_NAME = "narrcheck.sqlite"


@dataclass
class BatchResult:
    """What a run did. ``exit_code``: 0 all ok, 1 something flagged, 2 a file could not be checked."""

    files: int = 0
    checked: int = 0
    skipped: int = 0
    statuses: dict[str, int] = field(default_factory=dict)  # over every input file, skipped ones included
    exit_code: int = 0
    seconds: float = 0.0
    db_path: Path | None = None
    summary_csv: Path | None = None
    index_html: Path | None = None
    warnings: list[str] = field(default_factory=list)


def run_batch(
    inputs: list[str],
    out: str | Path,
    *,
    jobs: int | None = None,
    timeout: float = 60.0,
    limits: Limits = Limits(),
    force: bool = False,
    db_path: str | Path | None = None,
    progress: bool = True,
    annotate_dir: str | Path | None = None,
    _sleep: dict[str, float] | None = None,
) -> BatchResult:
    """Check every file named by ``inputs`` into ``out`` (database, summary.csv, index.html, reports/).

    ``_sleep`` maps a path substring to seconds a worker sleeps before that
    file: a test hook standing for a pathologically slow file.
    """
    import time

    t0 = time.monotonic()
    res = BatchResult()
    out = Path(out)
    reports = out / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    if annotate_dir is not None:
        annotate_dir = Path(annotate_dir)
        annotate_dir.mkdir(parents=True, exist_ok=True)
    res.db_path = Path(db_path) if db_path else out / DB_NAME
    paths = collect(inputs, res.warnings)
    res.files = len(paths)
    con = db.connect(res.db_path)
    try:
        known = db.known(con)
        tasks: list[Task] = []
        final: dict[str, str] = {}
        for p in paths:
            try:
                digest, size = sha256_of(p)
            except FileNotFoundError:
                digest, size, why = None, None, "file not found"
            except IsADirectoryError:
                digest, size, why = None, None, "is a directory, not a file"
            except OSError as exc:
                digest, size, why = None, None, f"cannot read: {exc.strerror or exc}"
            if digest is None:
                db.write_result(con, {"path": p, "status": "error", "error": why, "narrcheck_version": __version__, "seconds": 0.0})
                final[p] = "error"
                continue
            prev = known.get(p)
            if not force and prev and prev[0] == digest and prev[1] in db.FINAL_STATUSES and prev[2] == __version__:
                res.skipped += 1
                final[p] = prev[1]
                continue
            sleep = next((s for k, s in (_sleep or {}).items() if k in p), 0.0)
            annotated = str(report_path(annotate_dir, p, ".pdf")) if annotate_dir is not None and p.lower().endswith(".pdf") else None
            tasks.append(Task(p, str(report_path(reports, p)), sleep, {"sha256": digest, "size": size}, annotated))
        bar = BatchProgress(len(tasks), res.skipped, enabled=progress)
        try:
            if tasks:
                pool = WorkerPool(min(jobs or default_jobs(), len(tasks)), timeout, limits)
                for task, r in pool.run(tasks):
                    r.update(task.extra)
                    r.setdefault("narrcheck_version", __version__)
                    if not r.get("report") and task.report_path and os.path.exists(task.report_path):
                        os.unlink(task.report_path)  # an old report of a file that now fails
                    db.write_result(con, r)
                    final[task.path] = r["status"]
                    res.checked += 1
                    bar.advance(r["status"])
        finally:
            bar.close()
        docs = db.documents(con)
    finally:
        con.close()
    res.summary_csv = out / "summary.csv"
    res.index_html = out / "index.html"
    write_summary_csv(docs, res.summary_csv)
    write_index(docs, res.index_html)
    for s in final.values():
        res.statuses[s] = res.statuses.get(s, 0) + 1
    if res.statuses.get("error") or res.statuses.get("timeout"):
        res.exit_code = 2
    elif res.statuses.get("flagged"):
        res.exit_code = 1
    res.seconds = time.monotonic() - t0
    return res


def query(db_path: str | Path, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run ``sql`` on the results database opened read-only; return (column names, rows)."""
    con = db.connect_readonly(Path(db_path))
    try:
        cur = con.execute(sql)
        cols = [d[0] for d in cur.description] if cur.description else []
        return cols, cur.fetchall()
    finally:
        con.close()


def print_summary(res: BatchResult, stream=None) -> None:
    stream = stream or sys.stderr
    parts = ", ".join(f"{n} {s}" for s, n in sorted(res.statuses.items()))
    stream.write(
        f"narrcheck batch: {res.files} files ({parts or 'none'}); checked {res.checked}, skipped {res.skipped} unchanged, "
        f"{res.seconds:.1f} s\n  {res.db_path}\n  {res.summary_csv}\n  {res.index_html}\n"
    )
    for w in res.warnings:
        stream.write(f"narrcheck: {w}\n")


__all__ = ["BatchResult", "run_batch", "query", "print_summary"]
