"""The body of ``check``: load each input, cross-check, silence, render, annotate; the exit status.

The command in cli.py declares the options; this module does the work, so the command line stays thin.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Callable, List, Optional, TypeVar

import typer

from .batch import memory
from .batch.safeio import clean_leftovers, write_reason
from .cli_common import _MB, _err, _limits
from .held import Held
from .model import ReadError
from .readers import Limits


def _load(path: str, tables: Optional[str], limits: Limits):
    from .pipeline import check

    from .batch.inputs import display_path

    try:
        if path == "-":
            return _load_stdin(tables, limits)
        doc = check(path, tables=tables, limits=limits)
        doc.path = display_path(doc.path)  # a name that is not UTF-8 is shown escaped in every report
        if tables is not None:
            _tables_sanity(doc, tables)
        return doc
    except ReadError as exc:
        _err(path, str(exc))
    except MemoryError:
        _err(path, memory.over_limit_message(limits.max_memory))
    except RecursionError:
        _err(path, "structure nested too deeply to read")
    except Exception as exc:  # noqa: BLE001 - one bad file must not cost the others their results
        _err(
            path,
            f"internal error ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}); please report",
        )
    return None


def _tables_sanity(doc, tables: str) -> None:
    """A tables file with no recognised table is unreadable for this purpose (ReadError); one for another
    unit or year puts a warning at the top of the report."""
    from . import sidecar

    why = sidecar.refuse_after_reading(doc)
    if why:
        raise ReadError(f"--tables {tables}: {why}")
    warning = sidecar.identity_warning(doc)
    if warning:
        doc.warnings.insert(0, warning)


def _load_stdin(tables: Optional[str], limits: Limits):
    """``-``: the disclosure piped in (text, or a PDF/.docx/.xlsx by its first bytes), reported as ``-``."""
    import shutil
    import tempfile

    from .pipeline import check

    data = sys.stdin.buffer.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise ReadError(f"standard input is larger than --max-mb {limits.max_bytes // _MB}")
    suffix = (
        ".pdf"
        if data.startswith(b"%PDF")
        else (".docx" if b"word/" in data[:4096] else ".xlsx")
        if data.startswith(b"PK")
        else ".txt"
    )
    folder = tempfile.mkdtemp(prefix="narrcheck-stdin-")
    try:
        (Path(folder) / f"stdin{suffix}").write_bytes(data)
        doc = check(str(Path(folder) / f"stdin{suffix}"), tables=tables, limits=limits)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    doc.path = "-"
    return doc


def _silencer(ignore, select, fail_on, baseline):
    """The silencing options checked before any work (a bad one: one line, exit 2)."""
    from .config import ConfigError, Silencer

    try:
        return Silencer(ignore, select, fail_on, baseline)
    except ConfigError as exc:
        sys.stderr.write(f"narrcheck: {exc}\n")
        raise typer.Exit(2)


def _expand(files: List[str]) -> tuple[list[str], int]:
    """Files to check (a folder stands for the disclosures in it) and the exit status so far."""
    from .batch.inputs import walk

    status = 0
    expanded: list[str] = []
    for path in files:
        if Path(path).is_dir():
            skipped: list[tuple[str, str]] = []
            inside = walk(Path(path), skipped)
            for name, why in skipped:
                _err(name, f"skipped: {why}")
                status = 2
            if not inside and not skipped:
                _err(path, "a directory with no disclosures in it (.txt .pdf .docx .xlsx .xls)")
                status = 2
            expanded.extend(inside)
        else:
            expanded.append(path)
    return expanded, status


def _cross(held: Held, history: Optional[Path], limits: Limits) -> None:
    """Checks across documents (several files, or --history): findings added to the held documents; never fatal."""
    if len(held) < 2 and history is None:
        return
    from .crossdoc.history import load_history

    try:
        held.cross_check(load_history(history, held.identities(), limits, _err) if history is not None else [])
    except Exception as exc:  # noqa: BLE001 - the per-file reports still go out
        _err("cross-document checks", f"internal error ({type(exc).__name__}); please report")


def _check_files(
    files, format, output, tables, show_all, stats, limits, annotate, annotate_ok, history=None, silence=None
) -> int:  # noqa: PLR0913
    """The body of ``check``: read and check each file, then write its report (one file at a time, after the
    cross-document checks have seen them all); return the exit status."""
    from .batch.inputs import pair_documents
    from .render.stream import Report, Sink

    expanded, status = _expand(files)
    # a .docx and an .xlsx of the same stem are one document: the Word narrative and its tables
    pairs = pair_documents(expanded) if tables is None else [(p, None) for p in expanded]
    held = Held()
    if len(pairs) > 1:
        from .pipeline import warm_up

        warm_up()
    for path, own in pairs:
        held.add(path, _load(path, tables or own, limits))
    _cross(held, history, limits)
    sink = Sink(output)
    quiet = bool(silence and silence.quiet)
    report = Report(format, sink, len(held), show_all=show_all, stats=stats, quiet=quiet)
    first = None  # the first document reported (--annotate takes one input)
    try:
        for path, doc in held:
            code = _report_one(report, path, doc, silence)
            status = max(status, code)
            first = doc if first is None and code < 2 else first
        report.close(_pdf_links(format, output))
    except OSError as exc:
        sink.discard()
        _err(str(output), f"cannot write: {write_reason(exc)}")
        raise typer.Exit(2)
    if annotate is not None and first is not None:
        status = max(status, _annotate_copy(first, files, tables, annotate, annotate_ok))
    return status


def _refused(doc, silence) -> str:
    """Why ``doc`` is not reported as a disclosure ('' when it is; --force reports everything)."""
    return "" if silence and silence.force else _not_a_disclosure(doc)


def _report_one(report, path: str, doc, silence) -> int:
    """Write one input's report; its exit status (2 unreadable or no disclosure, 1 flagged, 0 clean)."""
    from .render import json as json_render

    if doc is None:
        report.error(path, "unreadable")
        return 2
    why = _refused(doc, silence)
    if why:
        _err(path, f"not a finance disclosure ({why}; --force checks it anyway)")
        report.error(path, "not a finance disclosure")
        return 2
    flagged = _silenced(silence, path, doc) if silence else json_render.is_flagged(doc)
    report.document(doc)
    return 1 if flagged else 0


def _pdf_links(format: str, output: Optional[Path]):
    """How the HTML report links to the PDFs it checked (None for the other formats)."""
    if format != "html":
        return None
    from .render import html

    return html.pdf_links(output)


def _annotate_copy(doc, files: List[str], tables: Optional[str], annotate: Path, annotate_ok: bool) -> int:
    """The --annotate copy of the one input: a commented workbook, a commented Word copy or a marked PDF;
    0 when written, 2 (one line) when not."""
    if annotate.suffix.lower() == ".xlsx":
        return _annotate_xlsx(doc, tables or files[0], annotate)
    if files[0].lower().endswith(".docx"):
        return _annotate_docx(doc, files[0], annotate)
    if doc.format != "pdf":
        _err(files[0], "--annotate needs exactly one PDF or .docx input (--tables only with a .docx)")
        return 2
    from .render.annotate import annotate_pdf

    clean_leftovers(annotate.parent)
    done = _write_copy(
        annotate, "the annotated PDF", lambda: annotate_pdf(doc, files[0], annotate, mark_ok=annotate_ok)
    )
    return 2 if done is None else 0


T = TypeVar("T")


def _write_copy(out: Path, what: str, write: Callable[[], T]) -> T | None:
    """Run ``write`` (an annotated copy beside the report); if it fails, one line naming ``out`` and why,
    and None: the report is already out, so the copy's failure costs only the copy."""
    try:
        return write()
    except OSError as exc:
        _err(str(out), f"cannot write {what} ({write_reason(exc)})")
    except Exception as exc:  # noqa: BLE001 - the report is out; say why the copy is not
        _err(str(out), f"cannot write {what} ({(str(exc).splitlines() or [type(exc).__name__])[0]})")
    return None


def _annotate_refused(files: List[str], tables: Optional[str], out: Path) -> str:
    """Why --annotate cannot write ``out`` for these inputs ('' when it can): one input; an .xlsx copy
    needs an .xlsx workbook (the --tables file, or the input); otherwise a PDF, or a .docx (--tables allowed)."""
    if len(files) != 1:
        return "--annotate needs exactly one input file"
    if out.suffix.lower() == ".xlsx":
        if not (tables or files[0]).lower().endswith(".xlsx"):
            return "an annotated .xlsx is a copy of an .xlsx workbook: give it as --tables or as the input"
        return ""
    if tables is not None and not files[0].lower().endswith(".docx"):
        return "--annotate needs exactly one PDF or .docx input (--tables only with a .docx)"
    return ""


def _annotate_xlsx(doc, src: str, out: Path) -> int:
    """The workbook copy with cell comments on the evidence of each problem; 0 when written, 2 (one line) when not."""
    from .render.xlsx import annotate_xlsx

    return _copy_said(
        out,
        "the commented workbook",
        lambda: annotate_xlsx(doc, src, out),
        lambda written, missing: f"{written} cells commented"
        + (f" ({missing} problems whose cells are not in {Path(src).name})" if missing else ""),
    )


def _annotate_docx(doc, src: str, out: Path) -> int:
    """The commented Word copy; 0 when written, 2 (one line) when not."""
    from .render.docx import annotate_docx

    if out.suffix.lower() != ".docx":
        _err(str(out), "the commented copy of a .docx must be a .docx")
        return 2
    return _copy_said(
        out,
        "the commented copy",
        lambda: annotate_docx(doc, src, out),
        lambda written, skipped: f"{written} comments"
        + (f" ({skipped} problems in the tables file not anchored)" if skipped else ""),
    )


def _copy_said(out: Path, what: str, make, said) -> int:
    """Write a commented copy and say on stderr what it holds (``said`` of the two counts ``make`` returns);
    0 when written, 2 (one line) when not."""
    done = _write_copy(out, what, make)
    if done is None:
        return 2
    sys.stderr.write(f"narrcheck: {out}: {said(*done)}\n")
    return 0


def _not_a_disclosure(doc) -> str:
    """Why ``doc`` is no finance disclosure ('' when it may be one): no recognised finance table, and not one
    finance word (a Makefile, a letter) or far more Latin letters than Chinese characters (a README or source
    file that mentions 预算). A scan is not judged."""
    from .layout.sections import finance_vocabulary
    from .textnorm import normalize

    if doc.needs_ocr or any(t.kind != "unknown" for t in doc.tables):
        return ""
    if not finance_vocabulary(doc.text):
        return "no tables and no budget or spending vocabulary"
    text = normalize(doc.text).text  # mirror sites' pinyin ruby folded away first
    if len(_LATIN.findall(text)) > _LATIN_PER_HAN * len(_HAN.findall(text)):
        return "no tables, and far more Latin letters than Chinese characters"
    return ""


# a README or a design note that mentions 预算 has 10-30 Latin letters per Chinese character; real excerpts
# have almost none, and a short note with some code-like residue (<script>…) two or three
_LATIN_PER_HAN = 3
_LATIN = re.compile(r"[A-Za-z]")
_HAN = re.compile(r"[\u3400-\u9fff]")


def _silenced(silence, path: str, doc) -> bool:
    """Apply --ignore/--select/--baseline and the config file to ``doc``; True when it should fail."""
    from .config import ConfigError

    try:
        return silence(path, doc)
    except ConfigError as exc:
        sys.stderr.write(f"narrcheck: {exc}\n")
        raise typer.Exit(2)


def _structured(
    file: str, max_pages: int = Limits.max_pages, max_mb: int = Limits.max_bytes // (1024 * 1024), until: str = "tables"
):
    """Read ``file`` and run the pipeline up to ``until`` (tables for `tables`, claims for `claims`).

    Exit 2 if unreadable."""
    from .pipeline import run
    from .readers import read

    limits = _limits(max_mb, max_pages)
    try:
        with memory.memory_cap(limits.max_memory):
            doc = read(file, limits=limits)
    except ReadError as exc:
        _err(file, str(exc))
        raise typer.Exit(2)
    except MemoryError:
        _err(file, memory.over_limit_message(limits.max_memory))
        raise typer.Exit(2)
    return run(doc, until=until)
