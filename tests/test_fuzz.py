"""Fuzzing the whole pipeline at a small budget: mutated corpus files never crash it.

A crash is any exception other than ReadError escaping pipeline.check (or a
report renderer failing on what was read). The longer run is
``python benchmarks/fuzz.py --minutes N``; both share the strategy.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))

import fuzz  # noqa: E402

_WORK = Path(tempfile.mkdtemp(prefix="narrcheck-test-fuzz-"))
_SETTINGS = settings(
    max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck), derandomize=True
)


@_SETTINGS
@given(fuzz.mutated(fuzz.TEXT_SEEDS, fuzz.TEXT_OPS, ".txt"))
def test_mutated_text_never_crashes(example):
    suffix, data, _ops = example
    assert fuzz.run_one(suffix, data, _WORK) in ("ok", "unreadable")


if fuzz.PDF_SEEDS:

    @settings(_SETTINGS, max_examples=20)
    @given(fuzz.mutated(fuzz.PDF_SEEDS, fuzz.PDF_OPS, ".pdf"))
    def test_mutated_pdf_never_crashes(example):
        suffix, data, _ops = example
        assert fuzz.run_one(suffix, data, _WORK) in ("ok", "unreadable")


def test_cli_on_a_few_mutations_exits_cleanly(tmp_path):
    """Three fixed mutations through the real CLI process: exit 0/1/2, no traceback."""
    seed = fuzz.TEXT_SEEDS[0].read_bytes()
    cases = [
        seed[: len(seed) // 3 + 1],  # truncated inside a UTF-8 character
        seed.replace(b"\n", b"\n\x00\x1b[2J", 40),
        seed[:5000] + bytes(range(256)) + seed[5000:],
    ]
    for i, data in enumerate(cases):
        assert fuzz.run_cli(".txt", data, tmp_path) in (0, 1, 2), i
