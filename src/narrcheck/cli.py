"""The command line: a thin layer over the pipeline and the renderers.

Exit status: 0 every claim consistent, 1 something flagged, 2 an input
could not be read (one line on stderr naming the file and the reason).
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.table import Table as RichTable
from rich.text import Text

from .batch import memory
from .checking import _annotate_refused, _check_files, _load, _silencer, _structured
from .cli_common import (
    _MB,
    _OCR_HELP,
    _console,
    _err,
    _file_console,
    _guard_folder,
    _guard_output,
    _limits,
    _write,
)
from .readers import Limits

_MEMORY_HELP = (
    "Memory cap per process in MB (address space; 0 = none). Default: 1536, or half the machine's memory if less."
)

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Check that a Chinese public finance disclosure's narrative agrees with its tables.",
)


def _version(value: bool) -> None:
    if value:
        from . import __version__

        sys.stdout.write(f"narrcheck {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Check that a Chinese public finance disclosure's narrative agrees with its tables."""


def _plain_metavar(self, ctx) -> Optional[str]:
    """Help shows PATH / INTEGER / TEXT (or the option's own metavar), never typer's <list[str]> or <bool>."""
    if self.metavar is not None:
        return self.metavar
    if isinstance(self, typer.core.TyperArgument) or getattr(self, "is_flag", False):
        return None
    if self.type_descriptor.is_path:
        return "PATH"
    return {"int": "INTEGER", "float": "NUMBER"}.get(self.bare_type(), "TEXT")


typer.core.TyperOption.display_type_rich = _plain_metavar  # type: ignore[method-assign]
typer.core.TyperArgument.display_type_rich = _plain_metavar  # type: ignore[method-assign]


CHECK_FORMATS = ("text", "json", "html", "lines", "csv", "jsonl")


@app.command()
def check(
    files: List[str] = typer.Argument(..., help="Disclosures to check (.txt, .pdf, .docx, .xlsx)."),
    format: str = typer.Option(
        "text",
        "--format",
        "-f",
        help="text, json, html, or one problem a record: lines (path:line: severity rule message), csv, jsonl.",
        metavar="FORMAT",
    ),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report here instead of stdout."),
    tables: Optional[str] = typer.Option(
        None, "--tables", help="Tables from a separate file (editor's workflow: narrative in .docx, tables in .xlsx)."
    ),
    show_all: bool = typer.Option(False, "--all", help="Also list consistent and unverified claims."),
    stats: bool = typer.Option(False, "--stats", help="Print number coverage and stage timings."),
    max_pages: int = typer.Option(Limits.max_pages, "--max-pages", help="Refuse PDFs with more pages."),
    max_mb: int = typer.Option(Limits.max_bytes // (1024 * 1024), "--max-mb", help="Refuse files larger than this."),
    max_memory: Optional[int] = typer.Option(None, "--max-memory", help=_MEMORY_HELP),
    ocr: str = typer.Option("auto", "--ocr", help=_OCR_HELP, metavar="MODE"),
    annotate: Optional[Path] = typer.Option(
        None,
        "--annotate",
        help=(
            "Write a marked copy of the (single) input: a PDF with every flagged claim and finding boxed, "
            "a .docx with a Word comment on each, or (OUT.xlsx) the .xlsx tables with a comment on each "
            "evidence cell."
        ),
    ),
    annotate_ok: bool = typer.Option(
        False, "--annotate-ok", help="With --annotate: also mark consistent claims (green)."
    ),
    history: Optional[Path] = typer.Option(
        None,
        "--history",
        help="A folder of published disclosures to check the files against (last year's, the department's).",
    ),
    ignore: Optional[List[str]] = typer.Option(
        None,
        "--ignore",
        help="Rule ids or claim kinds to leave out (comma-separated or repeated; 'residue' covers residue.*).",
        metavar="CODES",
    ),
    select: Optional[List[str]] = typer.Option(
        None, "--select", help="Report only these rule ids or claim kinds.", metavar="CODES"
    ),
    fail_on: Optional[str] = typer.Option(
        None,
        "--fail-on",
        help="Exit 1 only for problems this severe: error, warning (default), note or never.",
        metavar="LEVEL",
    ),
    baseline: Optional[Path] = typer.Option(
        None,
        "--baseline",
        help="A JSON report of an earlier run: the problems it already had are not shown again.",
        metavar="REPORT",
    ),
    quiet: bool = typer.Option(
        False, "--quiet", "-q", help="Text report: the problems only, no heading or summary lines."
    ),
    force: bool = typer.Option(
        False, "--force", help="Check a file even when it does not look like a finance disclosure."
    ),
) -> None:
    """Check one or more files; report flagged claims with evidence and corrections.

    Several files are also checked against each other (docs/CROSSDOC.md).
    """
    format = format.lower()
    if format not in CHECK_FORMATS:
        _err(format, f"unknown --format (use {', '.join(CHECK_FORMATS)})")
        raise typer.Exit(2)
    if annotate is not None and _annotate_refused(files, tables, annotate):
        _err(str(annotate), _annotate_refused(files, tables, annotate))
        raise typer.Exit(2)
    limits = _limits(max_mb, max_pages, max_memory, ocr, progress=sys.stderr.isatty())
    if tables is not None:
        from .sidecar import refuse_before_reading

        if refuse_before_reading(tables):
            _err(tables, refuse_before_reading(tables))
            raise typer.Exit(2)
    inputs = list(files) + ([tables] if tables else []) + ([str(history)] if history else [])
    _guard_output(output, inputs)
    _guard_output(annotate, inputs, "annotated copy")
    if history is not None and not history.is_dir():
        _err(str(history), "--history needs a folder of published disclosures")
        raise typer.Exit(2)
    silence = _silencer(ignore, select, fail_on, baseline)
    silence.quiet = quiet
    silence.force = force
    with memory.memory_cap(limits.max_memory):
        status = _check_files(
            files, format, output, tables, show_all, stats, limits, annotate, annotate_ok, history, silence
        )
    raise typer.Exit(status)


@app.command("tables")
def tables_cmd(
    file: str = typer.Argument(..., help="A disclosure."),
    rows: bool = typer.Option(False, "--rows", help="Print every row with its values."),
    max_pages: int = typer.Option(Limits.max_pages, "--max-pages", help="Refuse PDFs with more pages."),
    max_mb: int = typer.Option(Limits.max_bytes // (1024 * 1024), "--max-mb", help="Refuse files larger than this."),
    format: str = typer.Option(
        "text", "--format", "-f", help="text or json (every table with its rows and cells).", metavar="FORMAT"
    ),
) -> None:
    """Show the tables as recognised: id, kind, title, page, rows × columns."""
    format = format.lower()
    if format not in ("text", "json"):
        _err(format, "unknown --format (use text or json)")
        raise typer.Exit(2)
    doc = _structured(file, max_pages, max_mb)
    if format == "json":
        from .render.json import tables_json

        sys.stdout.write(tables_json(doc))
        return
    console = _console()
    tab = RichTable(title=f"{file}: {len(doc.tables)} tables")
    for col in ("id", "kind", "number", "title", "page", "unit", "rows×cols", "columns"):
        tab.add_column(col)
    for t in doc.tables:
        cols = " | ".join(c.key for c in t.columns)
        tab.add_row(
            t.id,
            t.kind,
            t.number,
            (t.title + (f"：{t.project}" if t.project else "")),
            str(t.page or ""),
            t.unit,
            f"{len(t.rows)}×{len(t.columns)}",
            Text(cols),
        )
    console.print(tab)
    if rows:
        for t in doc.tables:
            console.print(Text(f"\n{t.id} {t.title}", style="bold"))
            for r in t.rows:
                vals = "  ".join(
                    f"{(t.column(i).key if t.column(i) else i)}={c.text or '·'}" for i, c in r.cells.items()
                )
                console.print(Text(f"  {r.side + ' ' if r.side else ''}{r.code} {r.name}: {vals}"))


@app.command("claims")
def claims_cmd(
    file: str = typer.Argument(..., help="A disclosure."),
    format: str = typer.Option("text", "--format", "-f", help="text or json."),
    max_pages: int = typer.Option(Limits.max_pages, "--max-pages", help="Refuse PDFs with more pages."),
    max_mb: int = typer.Option(Limits.max_bytes // (1024 * 1024), "--max-mb", help="Refuse files larger than this."),
) -> None:
    """List every extracted claim with its location, without judging."""
    from .render.json import claim_head, claimed_dict

    format = format.lower()
    if format not in ("text", "json"):
        _err(format, "unknown --format (use text or json)")
        raise typer.Exit(2)
    doc = _structured(file, max_pages, max_mb, until="claims")
    claims = doc.claims
    if format == "json":
        import json

        rows = [{**claim_head(c), "subject": c.subject, "claimed": claimed_dict(c)} for c in claims]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    console = _console()
    tab = RichTable(title=f"{file}: {len(claims)} claims")
    for col in ("id", "where", "kind", "subject", "text", "claimed"):
        tab.add_column(col)
    for c in claims:
        where = f"{c.line}" + (f" p.{c.page}" if c.page else "")
        claimed = ", ".join(f"{k}={v}" for k, v in claimed_dict(c).items() if k not in ("ref",))
        tab.add_row(c.id, where, c.kind, Text(c.subject), Text(" ".join(c.text.split())), Text(claimed))
    console.print(tab)


@app.command("diff")
def diff_cmd(
    old: str = typer.Argument(..., help="The earlier draft."),
    new: str = typer.Argument(..., help="The later draft."),
    format: str = typer.Option("text", "--format", "-f", help="text, html or json.", metavar="FORMAT"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report here instead of stdout."),
    max_memory: Optional[int] = typer.Option(None, "--max-memory", help=_MEMORY_HELP),
) -> None:
    """Compare two drafts: claims (added, removed, reworded, numbers and verdicts changed), findings and table cells.

    Exit 1 when the new draft has a flag the old one did not.
    """
    import io

    from . import diff as diffmod

    format = format.lower()
    if format not in ("text", "html", "json"):
        _err(format, "unknown --format (use text, html or json)")
        raise typer.Exit(2)
    limits = _limits(Limits.max_bytes // _MB, Limits.max_pages, max_memory)
    _guard_output(output, [old, new])
    with memory.memory_cap(limits.max_memory):
        old_doc = _load(old, None, limits)
        new_doc = _load(new, None, limits)
        if old_doc is None or new_doc is None:
            raise typer.Exit(2)
        res = diffmod.diff(old_doc, new_doc)
    if format == "html":
        _write(diffmod.render_html(res), output)
    elif format == "json":
        _write(diffmod.render_json(res), output)
    elif output is None:
        diffmod.render_text(res, _console())
    else:
        buf = io.StringIO()
        diffmod.render_text(res, _file_console(buf))
        _write(buf.getvalue(), output)
    raise typer.Exit(1 if res.new_flags else 0)


QUERY_FORMATS = ("text", "json", "csv")


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


@app.command("batch")
def batch_cmd(
    inputs: Optional[List[str]] = typer.Argument(
        None, help="Folders (walked recursively), list files (one path a line; @LIST to force) or files."
    ),
    out: Path = typer.Option(
        Path("results"), "--out", "-o", help="Output folder: narrcheck.sqlite, summary.csv, index.html, reports/."
    ),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Worker processes (default: all cores)."),
    timeout: float = typer.Option(60.0, "--timeout", help="Seconds one file may take before its worker is killed."),
    force: bool = typer.Option(False, "--force", help="Re-check files already in the database unchanged."),
    db: Optional[Path] = typer.Option(None, "--db", help="Database file (default OUT/narrcheck.sqlite)."),
    query: Optional[str] = typer.Option(
        None, "--query", help="Run a read-only SQL query on the database and print the rows.", metavar="SQL"
    ),
    query_format: str = typer.Option(
        "text", "--format", "-f", help="How --query prints its rows: text, json or csv.", metavar="FORMAT"
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress and no closing summary on stderr."),
    max_pages: int = typer.Option(Limits.max_pages, "--max-pages", help="Refuse PDFs with more pages."),
    max_mb: int = typer.Option(Limits.max_bytes // (1024 * 1024), "--max-mb", help="Refuse files larger than this."),
    annotate_dir: Optional[Path] = typer.Option(
        None, "--annotate-dir", help="Also write an annotated copy of every PDF input here (flagged claims boxed)."
    ),
    max_memory: Optional[int] = typer.Option(None, "--max-memory", help=_MEMORY_HELP + " Applies to each worker."),
    ocr: str = typer.Option("auto", "--ocr", help=_OCR_HELP, metavar="MODE"),
    follow_links: bool = typer.Option(False, "--follow-links", help="Follow links to files outside the input folders."),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", help="Check on the Dask cluster of this scheduler (tcp://HOST:8786), not local processes."
    ),
    ship_files: bool = typer.Option(
        False, "--ship-files", help="With --scheduler: send each file's bytes (workers that do not share the path)."
    ),
    export: Optional[str] = typer.Option(
        None, "--export", help="parquet: documents, claims and findings tables as Parquet files beside the database."
    ),
) -> None:
    """Check many files on all cores into a SQLite database, summary.csv and an index.html of per-file reports."""
    from . import batch as batchmod
    from .batch.export import FORMATS

    db_path = db or out / batchmod.run.DB_NAME
    if export is not None and export not in FORMATS:
        _err("batch", f"--export takes {', '.join(FORMATS)}, not {export!r}")
        raise typer.Exit(2)
    if ship_files and not scheduler:
        _err("batch", "--ship-files goes with --scheduler")
        raise typer.Exit(2)
    if export and not inputs and query is None:
        raise typer.Exit(_batch_export(db_path, quiet))
    if query is not None and query_format.lower() not in QUERY_FORMATS:
        _err(query_format, f"unknown --format (use {', '.join(QUERY_FORMATS)})")
        raise typer.Exit(2)
    if query is None and query_format.lower() != "text":
        _err("--format", "goes with --query (a batch run writes summary.csv, index.html and the database)")
        raise typer.Exit(2)
    if query is not None:
        import sqlite3

        try:
            cols, rows = batchmod.query(db_path, query, seconds=timeout if timeout > 0 else batchmod.run.QUERY_SECONDS)
        except (sqlite3.Error, FileNotFoundError) as exc:
            _err(str(db_path), (str(exc).splitlines() or [type(exc).__name__])[0])
            raise typer.Exit(2)
        _print_query(cols, rows, query_format.lower())
        raise typer.Exit(0)
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


@app.command("serve")
def serve_cmd(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0: share it in the office)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    data: Path = typer.Option(
        Path("narrcheck-data"), "--data", help="Folder for the uploads, their reports and the SQLite store of drafts."
    ),
    jobs: int = typer.Option(2, "--jobs", "-j", help="Worker processes checking uploads."),
    timeout: float = typer.Option(60.0, "--timeout", help="Seconds one upload may take before its check is stopped."),
    max_pages: int = typer.Option(Limits.max_pages, "--max-pages", help="Refuse PDFs with more pages."),
    max_mb: int = typer.Option(Limits.max_bytes // (1024 * 1024), "--max-mb", help="Refuse files larger than this."),
    max_memory: Optional[int] = typer.Option(None, "--max-memory", help=_MEMORY_HELP + " Set on every worker."),
) -> None:
    """A web page for editors: drop a draft, read the report, download the marked copy (docs/SERVE.md)."""
    from .serve import run

    if timeout <= 0 or jobs < 1:
        _err("serve", "--timeout and --jobs must be positive")
        raise typer.Exit(2)
    raise typer.Exit(run(host, port, data, jobs=jobs, timeout=timeout, limits=_limits(max_mb, max_pages, max_memory)))


@app.command("rules")
def rules_cmd(
    format: str = typer.Option(
        "text", "--format", "-f", help="text, json or markdown (the README's rule table).", metavar="FORMAT"
    ),
) -> None:
    """List every rule: claim patterns and finding rules, with id, severity, what it checks and its examples."""
    from .rules import markdown, registry

    format = format.lower()
    if format not in ("text", "json", "markdown"):
        _err(format, "unknown --format (use text, json or markdown)")
        raise typer.Exit(2)
    rules = registry()
    if format == "markdown":
        sys.stdout.write(markdown(rules))
        return
    if format == "json":
        rows = [dataclasses.asdict(r) for r in rules]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    tab = RichTable(title=f"{len(rules)} rules (patterns/: claims.toml, residue.toml, rules.toml)")
    for col in ("id", "kind", "severity", "what it checks", "examples"):
        tab.add_column(col)
    for r in rules:
        tab.add_row(
            r.id,
            r.kind,
            "/".join(r.severities),
            Text(r.summary),
            str(r.examples) + (f" + {r.examples_in}" if r.examples_in else ""),
        )
    _console().print(tab)


def main() -> None:
    """Entry point: never lets a traceback reach the user."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("narrcheck: interrupted\n")
        sys.exit(130)
    except MemoryError:
        sys.stderr.write("narrcheck: out of memory\n")
        sys.exit(2)
    except Exception as exc:  # noqa: BLE001 - last resort: one line, never a traceback
        first = (str(exc).splitlines() or [""])[0][:200]
        sys.stderr.write(f"narrcheck: internal error ({type(exc).__name__}: {first}); please report\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
