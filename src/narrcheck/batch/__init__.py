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
    """The engine's names (``run_batch`` …) and the submodules (``narrcheck.batch.run``), imported when asked for."""
    import importlib

    if name in __all__:
        return getattr(importlib.import_module(f"{__name__}.run"), name)
    if not name.startswith("_"):
        try:
            return importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
