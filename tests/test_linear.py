"""The narrative stages stay linear in the text: hostile repetitions grown 4× cost at most ~4× the work.

Measured in Python function calls (cProfile's count is the same on every run, whatever else the
machine is doing), not in seconds: a quadratic corner (every share rescanning every amount, every
claim copying its paragraph) shows as a 16× growth where linear work shows 4×. The bound allows 6×.
"""

from __future__ import annotations

import cProfile
import pstats
from pathlib import Path

import pytest

from narrcheck.pipeline import check

SEED = Path(__file__).resolve().parents[1] / "corpus" / "yanbian-shebao-2024.txt"

CASES = {
    "shares in one paragraph": lambda n: "支出1万元，占1%；" * n,
    "unfilled template changes": lambda n: "增加（减少）0万元，增长（下降）0%，" * n,
    "one 其中 list": lambda n: f"本年支出合计{n}万元，其中：" + "，".join(f"项目{k}支出1万元" for k in range(n)) + "。",
    "a malformed number": lambda n: "支出1" + ",111" * n + "万元。",
    "listed shares": lambda n: (
        "".join(f"项目{k}支出{k + 1}万元，" for k in range(n)) + "分别占" + "、".join("1%" for _ in range(n)) + "。"
    ),
}


def _calls(tmp_path: Path, insert: str) -> int:
    seed = SEED.read_text(encoding="utf-8")
    at = seed.rfind("主要用于以下方面")  # inside the narrative's 支出决算结构 paragraph
    path = tmp_path / "grown.txt"
    path.write_text(seed[:at] + insert + seed[at:], encoding="utf-8")
    prof = cProfile.Profile()
    prof.enable()
    check(path)
    prof.disable()
    return pstats.Stats(prof).total_calls  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", list(CASES))
def test_work_grows_linearly(tmp_path, name):
    make = CASES[name]
    base = _calls(tmp_path, "")  # also warms the lazily built pattern tables
    base = _calls(tmp_path, "")
    small, large = _calls(tmp_path, make(250)), _calls(tmp_path, make(1000))
    assert (large - base) <= 6 * max(small - base, 1), f"{name}: {small - base} calls at 250, {large - base} at 1000"
