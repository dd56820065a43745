"""``narrcheck batch``: many files on all cores into a SQLite store, or a read-only query of that store."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, List, Optional

import typer
from rich.table import Table as RichTable
from rich.text import Text

from . import cli_options as opt
from .cli_common import _console, _err, _guard_folder, _guard_output, _limits
from .readers import Limits

QUERY_FORMATS = ("text", "json", "csv")

Inputs = Annotated[
    Optional[List[str]],
    typer.Argument(help="Folders (walked recursively), list files (one path a line; @LIST to force) or files."),
]
Out = Annotated[
    Path, typer.Option("--out", "-o", help="Output folder: narrcheck.sqlite, summary.csv, index.html, reports/.")
]
Jobs = Annotated[Optional[int], typer.Option("--jobs", "-j", help="Worker processes (default: all cores).")]
Timeout = Annotated[float, typer.Option("--timeout", help="Seconds one file may take before its worker is killed.")]
Force = Annotated[bool, typer.Option("--force", help="Re-check files already in the database unchanged.")]
Db = Annotated[Optional[Path], typer.Option("--db", help="Database file (default OUT/narrcheck.sqlite).")]
Query = Annotated[
    Optional[str],
    typer.Option("--query", help="Run a read-only SQL query on the database and print the rows.", metavar="SQL"),
]
QueryFormat = Annotated[
    str, typer.Option("--format", "-f", help="How --query prints its rows: text, json or csv.", metavar="FORMAT")
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress and no closing summary on stderr.")]
AnnotateDir = Annotated[
    Optional[Path],
    typer.Option("--annotate-dir", help="Also write an annotated copy of every PDF input here (flagged claims boxed)."),
]
MaxMemory = Annotated[Optional[int], typer.Option("--max-memory", help=opt.MEMORY_HELP + " Applies to each worker.")]
FollowLinks = Annotated[
    bool, typer.Option("--follow-links", help="Follow links to files outside the input folders.")
]
Scheduler = Annotated[
    Optional[str],
    typer.Option(
        "--scheduler", help="Check on the Dask cluster of this scheduler (tcp://HOST:8786), not local processes."
    ),
]
ShipFiles = Annotated[
    bool,
    typer.Option("--ship-files", help="With --scheduler: send each file's bytes (workers that do not share the path)."),
]
Export = Annotated[
    Optional[str],
    typer.Option(
        "--export", help="parquet: documents, claims and findings tables as Parquet files beside the database."
    ),
]


def batch_cmd(
    inputs: Inputs = None,
    out: Out = Path("results"),
    jobs: Jobs = None,
    timeout: Timeout = 60.0,
    force: Force = False,
    db: Db = None,
    query: Query = None,
    query_format: QueryFormat = "text",
    quiet: Quiet = False,
    max_pages: opt.MaxPages = Limits.max_pages,
    max_mb: opt.MaxMb = opt.DEFAULT_MAX_MB,
    annotate_dir: AnnotateDir = None,
    max_memory: MaxMemory = None,
    ocr: opt.Ocr = "auto",
    follow_links: FollowLinks = False,
    scheduler: Scheduler = None,
    ship_files: ShipFiles = False,
    export: Export = None,
) -> None:
    """Check many files on all cores into a SQLite database, summary.csv and an index.html of per-file reports."""
    from . import batch as batchmod

    db_path = db or out / batchmod.run.DB_NAME
    _refuse_option_mixes(export, ship_files, scheduler)
    if export and not inputs and query is None:
        raise typer.Exit(_batch_export(db_path, quiet))
    _refuse_query_format(query, query_format)
    if query is not None:
        raise typer.Exit(_batch_query(db_path, query, query_format.lower(), timeout))
    if not inputs:
        _err("batch", "name a folder, a list file or files to check (or --query SQL)")
        raise typer.Exit(2)
    if timeout <= 0 or (jobs is not None and jobs < 1):
        _err("batch", "--timeout and --jobs must be positive")
        raise typer.Exit(2)
    limits = _limits(max_mb, max_pages, max_memory, ocr)
    _guard_folder(out, inputs, "--out folder")
    _guard_folder(annotate_dir, inputs, "--annotate-dir folder")
    _guard_output(db, inputs, "--db file")
    try:
        res = batchmod.run_batch(
            list(inputs),
            out,
            jobs=jobs,
            timeout=timeout,
            limits=limits,
            force=force,
            db_path=db_path,
            progress=not quiet,
            annotate_dir=annotate_dir,
            follow_links=follow_links,
            scheduler=scheduler,
            ship_files=ship_files,
        )
    except batchmod.BatchError as exc:
        _err(str(out), str(exc))
        raise typer.Exit(2)
    if not quiet:
        batchmod.print_summary(res)
    from .batch.outputs import print_errors

    print_errors(db_path)  # every file that could not be checked, with its reason (also with --quiet)
    if export and _batch_export(db_path, quiet):
        raise typer.Exit(2)
    raise typer.Exit(res.exit_code)


def _refuse_option_mixes(export: Optional[str], ship_files: bool, scheduler: Optional[str]) -> None:
    """Options that do not go together end the run with one line (exit 2), before any work."""
    from .batch.export import FORMATS

    if export is not None and export not in FORMATS:
        _err("batch", f"--export takes {', '.join(FORMATS)}, not {export!r}")
        raise typer.Exit(2)
    if ship_files and not scheduler:
        _err("batch", "--ship-files goes with --scheduler")
        raise typer.Exit(2)


def _refuse_query_format(query: Optional[str], query_format: str) -> None:
    """--format belongs to --query, and takes one of QUERY_FORMATS."""
    if query is not None and query_format.lower() not in QUERY_FORMATS:
        _err(query_format, f"unknown --format (use {', '.join(QUERY_FORMATS)})")
        raise typer.Exit(2)
    if query is None and query_format.lower() != "text":
        _err("--format", "goes with --query (a batch run writes summary.csv, index.html and the database)")
        raise typer.Exit(2)


def _batch_query(db_path: Path, query: str, fmt: str, timeout: float) -> int:
    """``batch --query SQL``: the rows printed; 0, or 2 with one line on stderr."""
    import sqlite3

    from . import batch as batchmod

    try:
        cols, rows = batchmod.query(db_path, query, seconds=timeout if timeout > 0 else batchmod.run.QUERY_SECONDS)
    except (sqlite3.Error, FileNotFoundError) as exc:
        _err(str(db_path), (str(exc).splitlines() or [type(exc).__name__])[0])
        return 2
    _print_query(cols, rows, fmt)
    return 0


def _print_query(cols: list[str], rows: list, fmt: str) -> None:
    """The rows of ``batch --query``: a table on the terminal, or JSON (one object a row) or CSV for programs."""
    if fmt != "text":
        from .batch.outputs import query_text

        sys.stdout.write(query_text(cols, rows, fmt))
        return
    tab = RichTable(show_lines=False)
    for c in cols:
        tab.add_column(c, overflow="fold")
    for r in rows:
        tab.add_row(*(Text("" if v is None else str(v)) for v in r))
    _console().print(tab)


def _batch_export(db_path: Path, quiet: bool) -> int:
    """``batch --export parquet``: the store's tables as Parquet beside it; 0, or 2 with one line on stderr."""
    from .batch import export

    try:
        files = export.export_parquet(db_path)
    except export.ExportError as exc:
        _err(str(db_path), str(exc))
        return 2
    if not quiet:
        for f in files:
            sys.stderr.write(f"  {f}\n")
    return 0
