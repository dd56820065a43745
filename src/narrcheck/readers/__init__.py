"""Readers: one per input format, each turning a file into a :class:`Document`.

Every reader produces the same shape: ``Document.text`` (narrative and tables
in reading order, tables as tab-separated lines), ``page_starts`` when the
format has pages, and ``raw_tables`` (cell grids with their offsets). Table
recognition, claim extraction and every check downstream are format-blind.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..model import Document, ReadError


@dataclass(frozen=True)
class Limits:
    """Bounds that keep one hostile file from costing unbounded time or memory.

    Each is checked before the work it bounds: the file size before reading,
    zip members' uncompressed sizes before inflating, spreadsheet and Word
    table dimensions as cells are read (the error names the cap that was
    hit). ``max_memory`` (bytes, 0 = none) is the address-space cap the CLI
    and every batch worker set on their own process (see ``memory.py``).
    """

    max_bytes: int = 200 * 1024 * 1024
    max_pages: int = 500
    max_unzipped: int = 100 * 1024 * 1024  # one .docx/.xlsx XML part, uncompressed
    max_ratio: int = 200  # compression ratio of a part over 10 MB
    max_cells: int = 500_000  # filled cells in a workbook, or cells in a Word document's tables
    max_rows: int = 100_000  # rows in a workbook (all sheets) or in a Word document's tables
    max_columns: int = 1_000  # columns in one sheet or one Word table
    max_sheets: int = 200
    max_memory: int = 0
    # how scanned pages are read (readers/ocr.py): --ocr auto|always|never, engine ('' = default), cache folder
    ocr: str = "auto"
    ocr_engine: str = ""
    ocr_cache: str = ""  # '' = the user cache (~/.cache/narrcheck/ocr); 'off' = none
    progress: bool = False  # a progress bar per OCR'd page on the terminal


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
    data = read_bytes(p, limits.max_bytes)
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


def special_kind(mode: int) -> str:
    """What a non-regular file is, in words ('' for a regular file)."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a directory"
    return "" if stat.S_ISREG(mode) else "not a regular file"


def read_bytes(p: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``, read in 1 MB chunks.

    A FIFO, socket or device (also behind a link) is refused without being
    opened: opening a FIFO blocks forever and /dev/zero never ends. The
    size is checked before reading, and again while reading (a file that
    grows), and nothing of the size of the limit is allocated up front.
    """
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise ReadError("file not found") from None
    except OSError as exc:
        raise ReadError(f"cannot stat: {exc.strerror or exc}") from None
    kind = special_kind(st.st_mode)
    if kind == "a directory":
        raise ReadError("is a directory, not a file")
    if kind:
        raise ReadError(f"{kind}, not a regular file; not opened")
    if st.st_size > max_bytes:
        raise ReadError(f"file is {_mb(st.st_size)}, over the {_mb(max_bytes)} limit (--max-mb)")
    chunks: list[bytes] = []
    got = 0
    try:
        with open(p, "rb") as fh:
            while chunk := fh.read(min(1 << 20, max_bytes + 1 - got)):
                chunks.append(chunk)
                got += len(chunk)
                if got > max_bytes:
                    raise ReadError(f"input is over the {_mb(max_bytes)} limit (--max-mb)")
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}") from None
    return b"".join(chunks)


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
    from .html import looks_like_html

    if suffix in (".html", ".htm", ".xhtml", ".shtml") or looks_like_html(data):
        from .html import read_html

        return read_html(p, data, limits)
    from .text import read_text

    return read_text(p, data, limits)
