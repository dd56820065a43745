"""The benchmark tools themselves: the mutator edits only what it says, detect runs end to end."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))

import detect  # noqa: E402
import mutate  # noqa: E402

SEED = Path(__file__).resolve().parents[1] / "corpus" / "yanbian-shebao-2024.txt"


@pytest.fixture(scope="module")
def seed():
    text, narr = mutate.load(SEED)
    return text, narr, mutate.mutations(text, narr)


def test_every_type_is_produced(seed):
    _, _, muts = seed
    assert {m.type for m in muts} == set(mutate.TYPES)


def test_variants_differ_only_at_the_recorded_span_inside_the_narrative(seed):
    text, (n0, n1), muts = seed
    for m in muts:
        v = mutate.apply(text, m)
        assert v != text
        assert m.old != m.new
        assert n0 <= m.ostart <= m.oend <= n1
        assert v[: m.start] == text[: m.ostart]
        assert v[m.start : m.end] == m.new
        assert v[m.end :] == text[m.oend :]
        assert "\t" not in text[text.rfind("\n", 0, m.ostart) + 1 : text.find("\n", m.oend)], m


def test_generation_is_deterministic(seed):
    text, narr, muts = seed
    assert mutate.mutations(text, narr) == muts
    assert mutate.sample(muts, 2) == mutate.sample(muts, 2)


def test_numeric_edits_keep_numbers_well_formed(seed):
    _, _, muts = seed
    numeric = [m for m in muts if m.type.startswith(("pct_", "amount_")) or m.type == "wrong_base"]
    for m in numeric:
        assert mutate._valid_number(m.new), m
        assert float(m.old) != 0, m


def test_to_original_maps_offsets_around_the_edit():
    m = mutate.Mutation("amount_drop", 10, 16, "963.34", "96.34")
    assert mutate.to_original(m, 5) == 5
    assert mutate.to_original(m, 12) is None
    assert mutate.to_original(m, 15) == 16


def test_detect_two_per_type_returns_recall_per_type():
    res = detect.detect(SEED, max_per_type=2, jobs=1)
    assert set(res["types"]) == set(mutate.TYPES)
    for t, s in res["types"].items():
        assert s["variants"] == 2, t
        assert 0.0 <= s["recall"] <= 1.0
    assert res["original"]["n_claims"] > 0
    assert len(res["variants"]) == 2 * len(mutate.TYPES)
    assert "recall" in detect.table(res)


def test_detect_says_in_one_line_why_it_cannot_read_a_file(tmp_path, capsys):
    assert detect.main([str(tmp_path / "missing.pdf")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "missing.pdf" in err and "not found" in err
