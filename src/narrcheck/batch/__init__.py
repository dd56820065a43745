"""Batch checking: many files, all cores, one SQLite database, summary.csv and index.html.

See :func:`run_batch` (the Python API) and ``narrcheck batch --help``.
"""

from .run import BatchError, BatchResult, print_summary, query, run_batch

__all__ = ["BatchError", "BatchResult", "print_summary", "query", "run_batch"]
