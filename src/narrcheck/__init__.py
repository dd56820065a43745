"""narrcheck: proves that the prose of a Chinese public finance disclosure agrees with its tables.

For programs and notebooks::

    import narrcheck
    doc = narrcheck.check("决算.pdf")            # a path (text, PDF, .docx, .xlsx, .xls)
    doc = narrcheck.check(text, name="draft")     # or the text itself
    [(c.text, c.verdict, c.message) for c in doc.claims if c.flagged]

``check`` returns the annotated :class:`~narrcheck.model.Document`: its ``claims`` (each with a
``verdict``, ``evidence``, ``message`` and ``suggestion``), ``findings``, ``tables`` and ``meta``.
Importing this package is cheap; the pipeline loads on the first call.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Document

__version__ = "0.1.0"
__all__ = ["check", "__version__"]


def check(source: str | Path, *, name: str = "<text>", tables: str | Path | None = None) -> "Document":
    """Check a disclosure given as a path, or as its text when ``source`` is a ``str`` that is no file.

    A text is read exactly as a UTF-8 ``.txt`` file would be (tables as tab-separated lines).
    Raises :class:`~narrcheck.model.ReadError` (one line, naming the reason) when it cannot be read.
    """
    from .pipeline import check as check_path
    from .pipeline import check_document
    from .readers.text import read_text

    if isinstance(source, Path) or ("\n" not in source and len(source) < 4096 and Path(source).is_file()):
        return check_path(source, tables=tables)
    doc = read_text(Path(name), source.encode("utf-8"))
    return check_document(doc)
