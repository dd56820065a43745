"""``narrcheck batch``: check many files on all cores into one SQLite database.

Flow: collect the inputs → hash each file and skip those already in the
database with the same bytes, a final status and this narrcheck version →
check the rest on an engine — the local :class:`~.pool.WorkerPool` (each
worker writes the file's HTML report and returns plain dicts) or, with
``scheduler``, the :class:`~.dask_engine.DaskEngine` (the reports come back
with the results) → the parent writes each result in one transaction as it
arrives → summary.csv and index.html from the whole database.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..readers import Limits
from . import db
from .inputs import collect, display_path, pair_documents, report_path, sha256_of, why_not_a_file
from .cross import CrossStats, run_cross, stale_groups
from .outputs import write_index, write_summary_csv
from .pool import Task, WorkerPool, default_jobs
from .progress import BatchProgress
from .dask_engine import ClusterError
from .safeio import atomic_write, clean_leftovers, write_reason

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
    cross: CrossStats = field(default_factory=CrossStats)  # the cross-document stage


class BatchError(Exception):
    """A batch that cannot run or cannot store its results: the message is one line for the user."""


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
    follow_links: bool = False,
    scheduler: str | None = None,
    ship_files: bool = False,
    _sleep: dict[str, float] | None = None,
) -> BatchResult:
    """Check every file named by ``inputs`` into ``out`` (database, summary.csv, index.html, reports/).

    Raises :class:`BatchError` (one line) when the output folder cannot be
    written (read-only, disk full), another batch is writing to it, or the
    Dask cluster at ``scheduler`` cannot run it. ``ship_files`` sends each
    file's bytes to the cluster (workers that do not share the path).
    ``_sleep`` maps a path substring to seconds a worker sleeps before that
    file: a test hook standing for a pathologically slow file (a negative
    number ``-n``: the worker kills itself with signal n, a crashing file).
    """
    import sqlite3
    import time

    t0 = time.monotonic()
    res = BatchResult()
    out = Path(out)
    res.db_path = Path(db_path) if db_path else out / DB_NAME
    engine = _Engine(jobs, timeout, limits, scheduler, ship_files)
    try:
        with _exclusive(out):
            _run(inputs, out, res, engine, force, progress, annotate_dir, follow_links, _sleep)
    except BatchError:
        raise
    except ClusterError as exc:
        raise BatchError(str(exc)) from None
    except (sqlite3.Error, OSError) as exc:
        raise BatchError(f"cannot write the results in {out} ({write_reason(exc)})") from None
    if res.statuses.get("error") or res.statuses.get("timeout"):
        res.exit_code = 2
    elif res.statuses.get("flagged"):
        res.exit_code = 1
    res.seconds = time.monotonic() - t0
    return res


@contextmanager
def _exclusive(out: Path) -> Iterator[None]:
    """Hold ``out/.narrcheck-batch.lock`` for the run: a second batch on the same folder is refused, clearly."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        fh = open(out / ".narrcheck-batch.lock", "a+", encoding="utf-8")
    except OSError as exc:
        raise BatchError(f"cannot write to the output folder {out} ({write_reason(exc)})") from None
    try:
        try:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # pragma: no cover - not on POSIX: SQLite's own locking only
            pass
        except OSError:
            fh.seek(0)
            other = fh.read().strip() or "?"
            raise BatchError(
                f"another narrcheck batch (pid {other}) is writing to {out}; wait for it to finish or use another --out"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        yield
    finally:
        fh.close()


@dataclass
class _Engine:
    """Where the files are checked: ``jobs`` local processes, or the Dask cluster at ``scheduler``."""

    jobs: int | None
    timeout: float
    limits: Limits
    scheduler: str | None = None
    ship_files: bool = False

    def run(self, tasks: list[Task]) -> Iterator[tuple[Task, dict[str, Any]]]:
        """(task, result dict) per task, in completion order, from the engine chosen."""
        if self.scheduler:
            from .dask_engine import DaskEngine

            return DaskEngine(self.scheduler, self.timeout, self.limits, self.ship_files).run(tasks)
        return WorkerPool(min(self.jobs or default_jobs(), len(tasks)), self.timeout, self.limits).run(tasks)


def _run(inputs, out, res, engine, force, progress, annotate_dir, follow_links, sleep_hook) -> None:  # noqa: PLR0913
    """The batch itself, inside the output folder's lock."""
    reports = out / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    for folder in (out, reports):
        clean_leftovers(folder)
    if annotate_dir is not None:
        annotate_dir = Path(annotate_dir)
        annotate_dir.mkdir(parents=True, exist_ok=True)
        clean_leftovers(annotate_dir)
    skipped: list[tuple[str, str]] = []
    paths = collect(inputs, res.warnings, skipped, follow_links)
    res.files = len(paths) + len(skipped)
    con = db.connect(res.db_path)
    final: dict[str, str] = {}
    touched = db.Touched()
    try:
        for shown, why in skipped:
            row = {"path": shown, "status": "error", "error": f"skipped: {why}", "narrcheck_version": __version__}
            db.write_result(con, dict(row, seconds=0.0), touched)
            final[shown] = "error"
        tasks = _tasks(con, paths, force, reports, annotate_dir, sleep_hook, final, res, touched)
        _check_all(con, tasks, engine, progress, final, res, touched)
        touched.names |= stale_groups(con)  # also the groups a stopped run wrote to before its cross stage
        res.cross = run_cross(con, touched)
        docs = db.documents(con)
    finally:
        con.close()
    res.summary_csv = out / "summary.csv"
    res.index_html = out / "index.html"
    write_summary_csv(docs, res.summary_csv, res.db_path)  # first_problem is read from the store, wherever it is
    write_index(docs, res.index_html, res.db_path)
    status = {d["path"]: d["status"] for d in docs}  # after the cross checks: a cross warning flags a document
    for path, s in final.items():
        s = status.get(path, s)
        res.statuses[s] = res.statuses.get(s, 0) + 1


def _tasks(con, paths, force, reports, annotate_dir, sleep_hook, final, res, touched) -> list[Task]:  # noqa: PLR0913
    """Hash each file; record the unreadable ones; skip those unchanged since a final result; the rest to check.

    A document stored before the store kept cross-check facts is checked again (once), so it takes part.
    """
    known = db.known(con)
    no_facts = db.without_facts(con)
    tasks: list[Task] = []
    for p, tables in pair_documents(paths):
        shown = display_path(p)
        digest, size, why = _fingerprint(p, tables)
        if digest is None:
            row = {"path": shown, "status": "error", "error": why, "narrcheck_version": __version__, "seconds": 0.0}
            db.write_result(con, row, touched)
            final[shown] = "error"
            continue
        prev = known.get(shown)
        unchanged = prev is not None and prev[0] == digest and prev[1] in db.FINAL_STATUSES and prev[2] == __version__
        if prev is not None and unchanged and not force and shown not in no_facts:
            res.skipped += 1
            final[shown] = prev[1]
            continue
        sleep = next((s for k, s in (sleep_hook or {}).items() if k in p), 0.0)
        annotated = (
            str(report_path(annotate_dir, p, ".pdf"))
            if annotate_dir is not None and p.lower().endswith(".pdf")
            else None
        )
        extra = {"sha256": digest, "size": size, "path": shown}
        tasks.append(Task(p, str(report_path(reports, p)), sleep, extra, annotated, tables))
    return tasks


def _fingerprint(path: str, tables: str | None) -> tuple[str | None, int | None, str]:
    """(sha256, size, '') of a document's bytes, or (None, None, why not). A .docx with its workbook is one
    document: the digest covers both files (a changed workbook is a changed document) and the size is theirs."""
    digests: list[str] = []
    size = 0
    for p in [path] + ([tables] if tables else []):
        why = why_not_a_file(p)
        if why:
            return None, None, why
        try:
            digest, n = sha256_of(p)
        except FileNotFoundError:
            return None, None, "file not found"
        except IsADirectoryError:
            return None, None, "is a directory, not a file"
        except OSError as exc:
            return None, None, f"cannot read: {exc.strerror or exc}"
        digests.append(digest)
        size += n
    if len(digests) == 1:
        return digests[0], size, ""
    import hashlib

    return hashlib.sha256(" ".join(digests).encode()).hexdigest(), size, ""


def _check_all(con, tasks, engine: _Engine, progress, final, res, touched: db.Touched) -> None:
    """Run the tasks on the engine; store each result as it arrives (a path already stored in this run, once)."""
    bar = BatchProgress(len(tasks), res.skipped, enabled=progress)
    stored: set[str] = set()
    try:
        if tasks:
            for task, r in engine.run(tasks):
                r.update(task.extra)
                if r["path"] in stored:
                    continue
                r.setdefault("narrcheck_version", __version__)
                _write_outputs(task, r)
                if not r.get("report") and task.report_path and os.path.exists(task.report_path):
                    os.unlink(task.report_path)  # an old report of a file that now fails
                db.write_result(con, r, touched)
                stored.add(r["path"])
                final[r["path"]] = r["status"]
                res.checked += 1
                bar.advance(r["status"])
    finally:
        bar.close()


def _write_outputs(task: Task, r: dict[str, Any]) -> None:
    """Write the report and the annotated PDF a cluster worker sent back (the local workers write their own)."""
    page = r.pop("report_html", None)
    if page is not None and task.report_path:
        try:
            atomic_write(task.report_path, page)
        except OSError as exc:
            r["report"] = None
            r["error"] = f"report not written: {write_reason(exc)}"
    marked = r.pop("annotated_pdf", None)
    if marked is not None and task.annotate_path:
        try:
            atomic_write(task.annotate_path, marked)
        except OSError as exc:
            r["error"] = f"annotated copy not written: {write_reason(exc)}"


QUERY_SECONDS = 60.0


def query(db_path: str | Path, sql: str, seconds: float = QUERY_SECONDS) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run ``sql`` on the results database, truly read-only, for at most ``seconds``; return (column names, rows).

    The connection is opened read-only, an authorizer refuses anything but
    reading (writes, ATTACH, VACUUM INTO, PRAGMA assignments, functions that
    load code), and a progress handler interrupts a query running longer
    than ``seconds`` (a recursive CTE without end).
    """
    import time

    con = db.connect_readonly(Path(db_path))
    deadline = time.monotonic() + seconds
    con.set_authorizer(db.read_only_authorizer)
    con.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 10_000)
    try:
        cur = con.execute(sql)
        cols = [d[0] for d in cur.description] if cur.description else []
        return cols, cur.fetchall()
    except Exception as exc:
        import sqlite3

        if isinstance(exc, sqlite3.OperationalError) and "interrupted" in str(exc):
            raise sqlite3.OperationalError(f"the query ran longer than {seconds:g} s and was stopped") from None
        if isinstance(exc, sqlite3.DatabaseError) and "authoriz" in str(exc):
            raise sqlite3.DatabaseError(
                "refused: --query is read-only (no writes, ATTACH, VACUUM or PRAGMA changes)"
            ) from None
        raise
    finally:
        con.close()


def print_summary(res: BatchResult, stream=None) -> None:
    stream = stream or sys.stderr
    parts = ", ".join(f"{n} {s}" for s, n in sorted(res.statuses.items()))
    stream.write(
        f"narrcheck batch: {res.files} files ({parts or 'none'}); checked {res.checked}, "
        f"skipped {res.skipped} unchanged, "
        f"{res.seconds:.1f} s\n"
        f"  cross-document checks: {res.cross.documents} documents in {res.cross.groups} groups worked out, "
        f"{res.cross.findings} finding{'' if res.cross.findings == 1 else 's'}\n"
        f"  {res.db_path}\n  {res.summary_csv}\n  {res.index_html}\n"
    )
    for w in res.warnings:
        stream.write(f"narrcheck: {w}\n")


__all__ = ["BatchError", "BatchResult", "run_batch", "query", "print_summary"]
