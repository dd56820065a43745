"""What every command shares: the console, one-line errors, the limits from the options, guarded writes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console

from .batch import memory
from .batch.safeio import atomic_write, clean_leftovers, refuse_overwrite, write_reason
from .readers import Limits

_MB = 1024 * 1024
MAX_MB_CEILING = 4096  # --max-mb above this is refused: the file is held in memory whole


def _console(stream=None) -> Console:
    """Colour and wrapping for a terminal only: piped output is never wrapped (grep keeps a line
    whole) and has no colour; NO_COLOR turns colour off, FORCE_COLOR on (https://no-color.org)."""
    import os

    out = stream or sys.stdout
    tty = out.isatty()
    color = bool(os.environ.get("FORCE_COLOR")) or (tty and not os.environ.get("NO_COLOR"))
    return Console(
        file=out,
        width=None if tty else _NO_WRAP,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        soft_wrap=not tty,
    )


_NO_WRAP = 100_000  # "width" of a pipe or file: lines are never broken


def _err(path: str, reason: str) -> None:
    sys.stderr.write(f"narrcheck: {path}: {reason}\n")


_OCR_HELP = "Scanned pages: auto (OCR pages without a usable text layer), always (every page), never."


def _limits(
    max_mb: int, max_pages: int, max_memory: Optional[int] = None, ocr: str = "auto", progress: bool = False
) -> Limits:
    """Limits from the options; an absurd value ends the run with one line (exit 2), before any work."""
    if not 1 <= max_mb <= MAX_MB_CEILING:
        _err("--max-mb", f"{max_mb} is not a usable size limit (use 1 to {MAX_MB_CEILING} MB)")
        raise typer.Exit(2)
    if not 1 <= max_pages <= 100_000:
        _err("--max-pages", f"{max_pages} is not a usable page limit (use 1 to 100000)")
        raise typer.Exit(2)
    mem = memory.default_mb() if max_memory is None else max_memory
    if mem != 0 and not memory.MIN_MB <= mem <= 1 << 20:
        _err("--max-memory", f"{mem} is not a usable memory cap (use {memory.MIN_MB} MB or more, or 0 for none)")
        raise typer.Exit(2)
    ocr = ocr.strip().lower()
    if ocr not in ("auto", "always", "never"):
        _err("--ocr", f"{ocr!r} is not an OCR mode (use auto, always or never)")
        raise typer.Exit(2)
    return Limits(max_bytes=max_mb * _MB, max_pages=max_pages, max_memory=mem * _MB, ocr=ocr, progress=progress)


def _guard_output(out: Optional[Path], inputs: List[str], what: str = "output") -> None:
    """Exit 2 with one line when ``out`` is an input, inside an input folder, or in a folder that does not exist."""
    if out is None:
        return
    reason = refuse_overwrite(out, inputs, what)
    if reason is None and not out.parent.is_dir():
        reason = f"cannot write: the folder {out.parent} does not exist"
    if reason is None and out.is_dir():
        reason = "cannot write: it is a folder"
    if reason is not None:
        _err(str(out), reason)
        raise typer.Exit(2)


def _guard_folder(folder: Optional[Path], inputs: List[str], what: str) -> None:
    """Exit 2 with one line when an output folder is an input or lies inside an input folder."""
    if folder is None:
        return
    reason = refuse_overwrite(folder, inputs, what)
    if reason is None and folder.exists() and not folder.is_dir():
        reason = "cannot write: it is a file, not a folder"
    if reason is not None:
        _err(str(folder), reason)
        raise typer.Exit(2)


def _write(text: str, out: Optional[Path]) -> None:
    """The report to stdout, or atomically to ``out`` (a failed write: one line, exit 2, old file kept)."""
    if out is None:
        sys.stdout.write(text)
        return
    clean_leftovers(out.parent)
    try:
        atomic_write(out, text)
    except OSError as exc:
        _err(str(out), f"cannot write: {write_reason(exc)}")
        raise typer.Exit(2)


def _file_console(buf) -> Console:
    return Console(file=buf, width=_NO_WRAP, no_color=True, highlight=False, soft_wrap=True)
