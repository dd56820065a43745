"""Readers: one per input format, each turning a file into a :class:`Document`.

Every reader produces the same shape: ``Document.text`` (narrative and tables
in reading order, tables as tab-separated lines), ``page_starts`` when the
format has pages, and ``raw_tables`` (cell grids with their offsets). Table
recognition, claim extraction and every check downstream are format-blind.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..model import Document, ReadError


@dataclass(frozen=True)
class Limits:
    """Bounds that keep one hostile file from costing unbounded time or memory."""

    max_bytes: int = 200 * 1024 * 1024
    max_pages: int = 500


def sniff(data: bytes, suffix: str) -> str:
    """Format of a file from its first bytes, falling back on the extension."""
    head = data[:8]
    if head.startswith(b"%PDF"):
        return "pdf"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if suffix in (".docx", ".xlsx"):
            return suffix[1:]
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"  # legacy .xls / .doc
    return "text"


def read(path: str | Path, *, tables: str | Path | None = None, limits: Limits = Limits()) -> Document:
    """Read ``path`` (and, for the editor's workflow, a separate tables file).

    Raises :class:`ReadError` with a one-line reason when the file cannot be read.
    """
    p = Path(path)
    if not p.exists():
        raise ReadError("file not found")
    if p.is_dir():
        raise ReadError("is a directory, not a file")
    try:
        size = p.stat().st_size
    except OSError as exc:  # pragma: no cover - permissions, races
        raise ReadError(f"cannot stat: {exc.strerror}") from None
    if size > limits.max_bytes:
        raise ReadError(f"file is {_mb(size)}, over the {_mb(limits.max_bytes)} limit (--max-mb)")
    try:
        # read at most one byte past the limit: a FIFO or /dev/zero reports size 0
        with p.open("rb") as fh:
            data = fh.read(limits.max_bytes + 1)
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror}") from None
    if len(data) > limits.max_bytes:
        raise ReadError(f"input is over the {_mb(limits.max_bytes)} limit (--max-mb)")
    kind = sniff(data, p.suffix.lower())
    doc = _read_kind(kind, p, data, limits)
    if tables is not None:
        from .merge import attach_tables

        try:
            tdoc = read(tables, limits=limits)
        except ReadError as exc:
            raise ReadError(f"--tables {tables}: {exc}") from None
        doc = attach_tables(doc, tdoc)
    return doc


def _mb(n: int) -> str:
    mb = n / (1024 * 1024)
    return f"{mb:.0f} MB" if mb >= 10 or mb == int(mb) else f"{mb:.1f} MB"


def _read_kind(kind: str, p: Path, data: bytes, limits: Limits) -> Document:
    suffix = p.suffix.lower()
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(p, data, limits)
    if kind == "docx":
        from .docx import read_docx

        return read_docx(p, data, limits)
    if kind == "xlsx":
        from .xlsx import read_xlsx

        return read_xlsx(p, data, limits)
    if kind == "ole":
        if suffix == ".xls":
            from .xlsx import read_xls

            return read_xls(p, data, limits)
        raise ReadError("legacy binary Office file (.doc); save it as .docx")
    if kind == "zip":
        raise ReadError("a zip archive that is neither .docx nor .xlsx")
    if suffix in (".pdf", ".docx", ".xlsx", ".xls"):
        raise ReadError(f"has a {suffix} extension but is not a {suffix[1:].upper()} file")
    from .text import read_text

    return read_text(p, data, limits)
