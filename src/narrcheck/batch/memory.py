"""A per-process memory cap, so one runaway file ends in a one-line error instead of taking the machine.

``cap_memory(n)`` sets the soft address-space limit (``RLIMIT_AS``) of the
calling process to ``n`` bytes on Linux: an allocation past it fails, Python
raises ``MemoryError``, and the CLI or the batch worker turns that into
"over the memory limit". The soft limit only is set (the hard one is left
alone), so a later call may raise it again. Elsewhere (macOS ignores
RLIMIT_AS, Windows has no rlimits) it does nothing and says so.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

MB = 1024 * 1024
DEFAULT_MB = 1536  # well under any machine narrcheck runs on; a disclosure needs ~300 MB
MIN_MB = 512  # below this the interpreter, spaCy and MuPDF cannot even start a check


def default_mb() -> int:
    """The default cap: DEFAULT_MB, or half the machine's memory when that is less."""
    try:
        import os

        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // MB
    except (ValueError, OSError, AttributeError):
        return DEFAULT_MB
    return max(MIN_MB, min(DEFAULT_MB, total // 2))


def _vm_size() -> int:
    """This process's current address-space size in bytes (0 when unknown)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def cap_memory(max_bytes: int) -> bool:
    """Limit this process's address space to ``max_bytes`` (0: no cap); True when a cap is in force.

    Not set when the process already maps more than half of it: then
    narrcheck runs inside a larger host (a test runner, a notebook) whose
    own allocations the cap would break; the CLI and batch workers start
    at ~300 MB.
    """
    if not max_bytes or not sys.platform.startswith("linux"):
        return False
    if _vm_size() > max_bytes // 2:
        return False
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        want = max_bytes if hard == resource.RLIM_INFINITY else min(max_bytes, hard)
        resource.setrlimit(resource.RLIMIT_AS, (want, hard))
        return True
    except (ImportError, ValueError, OSError):
        return False


@contextmanager
def memory_cap(max_bytes: int) -> Iterator[bool]:
    """:func:`cap_memory` for the duration of a block; the previous soft limit is put back after it."""
    try:
        import resource

        before = resource.getrlimit(resource.RLIMIT_AS)
    except (ImportError, ValueError, OSError):
        before = None
    on = cap_memory(max_bytes)
    try:
        yield on
    finally:
        if on and before is not None:
            try:
                import resource

                resource.setrlimit(resource.RLIMIT_AS, before)
            except (ValueError, OSError):
                pass


def over_limit_message(max_bytes: int) -> str:
    """The one-line reason for a MemoryError under a cap of ``max_bytes``."""
    if max_bytes:
        return f"over the memory limit of {max_bytes // MB} MB (--max-memory)"
    return "out of memory"
