"""The options ``check`` and ``batch`` declare, as typed aliases (``Annotated``), so each command's
signature is one line an option and the help text of a shared option is written once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, List, Optional

import typer

from .cli_common import _OCR_HELP
from .readers import Limits

MEMORY_HELP = (
    "Memory cap per process in MB (address space; 0 = none). Default: 1536, or half the machine's memory if less."
)
DEFAULT_MAX_MB = Limits.max_bytes // (1024 * 1024)

MaxPages = Annotated[int, typer.Option("--max-pages", help="Refuse PDFs with more pages.")]
MaxMb = Annotated[int, typer.Option("--max-mb", help="Refuse files larger than this.")]
Ocr = Annotated[str, typer.Option("--ocr", help=_OCR_HELP, metavar="MODE")]

# check
Files = Annotated[List[str], typer.Argument(help="Disclosures to check (.txt, .pdf, .docx, .xlsx).")]
Format = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        help="text, json, html, or one problem a record: lines (path:line: severity rule message), csv, jsonl.",
        metavar="FORMAT",
    ),
]
Output = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report here instead of stdout.")]
Tables = Annotated[
    Optional[str],
    typer.Option(
        "--tables", help="Tables from a separate file (editor's workflow: narrative in .docx, tables in .xlsx)."
    ),
]
ShowAll = Annotated[bool, typer.Option("--all", help="Also list consistent and unverified claims.")]
Stats = Annotated[bool, typer.Option("--stats", help="Print number coverage and stage timings.")]
MaxMemory = Annotated[Optional[int], typer.Option("--max-memory", help=MEMORY_HELP)]
Annotate = Annotated[
    Optional[Path],
    typer.Option(
        "--annotate",
        help=(
            "Write a marked copy of the (single) input: a PDF with every flagged claim and finding boxed, "
            "a .docx with a Word comment on each, or (OUT.xlsx) the .xlsx tables with a comment on each "
            "evidence cell."
        ),
    ),
]
AnnotateOk = Annotated[
    bool, typer.Option("--annotate-ok", help="With --annotate: also mark consistent claims (green).")
]
History = Annotated[
    Optional[Path],
    typer.Option(
        "--history",
        help="A folder of published disclosures to check the files against (last year's, the department's).",
    ),
]
Ignore = Annotated[
    Optional[List[str]],
    typer.Option(
        "--ignore",
        help="Rule ids or claim kinds to leave out (comma-separated or repeated; 'residue' covers residue.*).",
        metavar="CODES",
    ),
]
Select = Annotated[
    Optional[List[str]],
    typer.Option("--select", help="Report only these rule ids or claim kinds.", metavar="CODES"),
]
FailOn = Annotated[
    Optional[str],
    typer.Option(
        "--fail-on",
        help="Exit 1 only for problems this severe: error, warning (default), note or never.",
        metavar="LEVEL",
    ),
]
Baseline = Annotated[
    Optional[Path],
    typer.Option(
        "--baseline",
        help="A JSON report of an earlier run: the problems it already had are not shown again.",
        metavar="REPORT",
    ),
]
Quiet = Annotated[
    bool, typer.Option("--quiet", "-q", help="Text report: the problems only, no heading or summary lines.")
]
Force = Annotated[
    bool, typer.Option("--force", help="Check a file even when it does not look like a finance disclosure.")
]
