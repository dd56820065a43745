"""The Python API (narrcheck.check) and the one orchestrator (pipeline.run) as programs use them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import narrcheck
from narrcheck.model import ReadError
from narrcheck.pipeline import STAGES, run
from narrcheck.readers import read

SEED = Path(__file__).resolve().parents[1] / "corpus" / "yanbian-shebao-2024.txt"


def _flags(doc):
    return [(c.kind, c.verdict, c.text) for c in doc.claims if c.flagged]


def test_check_a_path_and_the_same_text_alike():
    by_path = narrcheck.check(SEED)
    by_text = narrcheck.check(SEED.read_text(encoding="utf-8"), name="seed.txt")
    assert _flags(by_path) == _flags(by_text) and len(_flags(by_path)) == 3
    assert by_text.path == "seed.txt"


def test_check_a_sentence():
    doc = narrcheck.check("本年支出合计200.00万元，其中：基本支出150.00万元，占75.1%。")
    share = [c for c in doc.claims if c.kind == "share"]
    assert share and share[0].verdict == "rounding" and share[0].recomputed.pct == "75.0"


def test_an_unreadable_path_is_a_read_error(tmp_path):
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(ReadError):
        narrcheck.check(bad)


def test_import_is_cheap():
    code = "import sys, narrcheck; print(any(m.startswith(('spacy', 'pymupdf', 'fitz')) for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"


@pytest.mark.parametrize("until", STAGES)
def test_run_stops_after_the_stage_asked(until):
    doc = run(read(SEED), until=until)
    reached = STAGES.index(until)
    assert bool(doc.tables) == (reached >= STAGES.index("tables"))
    assert bool(doc.claims) == (reached >= STAGES.index("claims"))
    assert any(c.verdict != "unverified" for c in doc.claims) == (reached >= STAGES.index("recompute"))
    assert bool(doc.findings) == (reached >= STAGES.index("findings"))


def test_run_refuses_an_unknown_stage():
    with pytest.raises(ValueError):
        run(read(SEED), until="render")
