"""The command line: a thin layer over the pipeline and the renderers.

Exit status: 0 every claim consistent, 1 something flagged, 2 an input
could not be read (one line on stderr naming the file and the reason).
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table as RichTable
from rich.text import Text

from .batch import memory
from .checking import _annotate_refused, _check_files, _load, _silencer, _structured
from .cli_common import (
    _MB,
    _console,
    _err,
    _file_console,
    _guard_output,
    _limits,
    _write,
)
from . import cli_options as opt
from .cli_batch import batch_cmd
from .readers import Limits


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
    files: opt.Files,
    format: opt.Format = "text",
    output: opt.Output = None,
    tables: opt.Tables = None,
    show_all: opt.ShowAll = False,
    stats: opt.Stats = False,
    max_pages: opt.MaxPages = Limits.max_pages,
    max_mb: opt.MaxMb = opt.DEFAULT_MAX_MB,
    max_memory: opt.MaxMemory = None,
    ocr: opt.Ocr = "auto",
    annotate: opt.Annotate = None,
    annotate_ok: opt.AnnotateOk = False,
    history: opt.History = None,
    ignore: opt.Ignore = None,
    select: opt.Select = None,
    fail_on: opt.FailOn = None,
    baseline: opt.Baseline = None,
    quiet: opt.Quiet = False,
    force: opt.Force = False,
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
    max_memory: Optional[int] = typer.Option(None, "--max-memory", help=opt.MEMORY_HELP),
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


app.command("batch")(batch_cmd)


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
    max_memory: Optional[int] = typer.Option(None, "--max-memory", help=opt.MEMORY_HELP + " Set on every worker."),
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
