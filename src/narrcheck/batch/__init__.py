"""Batch checking: many files, all cores, one SQLite database, summary.csv and index.html.

See :func:`run_batch` (the Python API) and ``narrcheck batch --help``.

The names below are imported when first used (PEP 562): ``narrcheck check`` uses only the small modules of
this package (``memory``, ``safeio``, ``inputs``), and importing the batch engine with them cost every
``check`` about 0.15 s of start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .run import BatchError, BatchResult, print_summary, query, run_batch

__all__ = ["BatchError", "BatchResult", "print_summary", "query", "run_batch"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import run

        return getattr(run, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
