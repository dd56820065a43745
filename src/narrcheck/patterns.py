"""Loading the data files in ``patterns/``: claim patterns, aliases, table kinds.

Everything a reviewer may want to extend (a new phrasing, a new alias for a
subject, a table title used in another province) lives in TOML files there,
each entry with an id and its own examples. This module only finds and
parses them; the engines that use them live in their stages.
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def patterns_dir() -> Path:
    """The ``patterns/`` folder: $NARRCHECK_PATTERNS, else the one beside ``src/``."""
    env = os.environ.get("NARRCHECK_PATTERNS")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        cand = parent / "patterns"
        if (cand / "tables.toml").exists():
            return cand
    bundled = here.parent / "_patterns"
    if bundled.exists():
        return bundled
    raise FileNotFoundError("narrcheck: patterns/ folder not found; set NARRCHECK_PATTERNS")


@lru_cache(maxsize=None)
def load_toml(name: str) -> dict[str, Any]:
    """Parse one data file of ``patterns/`` (cached: they never change during a run)."""
    with open(patterns_dir() / name, "rb") as fh:
        return tomllib.load(fh)
