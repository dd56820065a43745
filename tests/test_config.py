"""Silencing as a user runs it: --ignore/--select, config files, --fail-on, --baseline, stable fingerprints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from narrcheck.cli import app

SEED = Path(__file__).resolve().parent.parent / "corpus" / "yanbian-shebao-2024.txt"
runner = CliRunner()


def _run(*args: str):
    return runner.invoke(app, ["check", *args])


def _report(*args: str) -> dict:
    res = _run(*args, "--format", "json")
    assert res.exit_code in (0, 1), res.output
    return json.loads(res.stdout)


@pytest.fixture(scope="module")
def seed_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("seed")
    (d / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def plain(seed_dir) -> dict:
    return _report(str(seed_dir / "seed.txt"))


def test_every_claim_and_finding_has_a_fingerprint_of_kind_and_hash(plain):
    assert all(c["fingerprint"].startswith(c["kind"] + "-") for c in plain["claims"])
    assert all(f["fingerprint"].startswith(f["rule"] + "-") for f in plain["findings"])
    assert (
        len({c["fingerprint"] for c in plain["claims"]}) >= len(plain["claims"]) - 2
    )  # only true repeats (same subject, same words) share one


def test_ignore_by_rule_prefix_and_select_by_kind(seed_dir, plain):
    assert any(f["rule"].startswith("residue.") for f in plain["findings"])
    ignored = _report(str(seed_dir / "seed.txt"), "--ignore", "residue")
    assert ignored["findings"] and not any(f["rule"].startswith("residue.") for f in ignored["findings"])
    assert ignored["meta"]["silenced"]["ignored"] == sum(f["rule"].startswith("residue.") for f in plain["findings"])
    shares = _report(str(seed_dir / "seed.txt"), "--select", "share")
    assert shares["claims"] and {c["kind"] for c in shares["claims"]} == {"share"} and not shares["findings"]


def test_fail_on_decides_the_exit_status(seed_dir):
    path = str(seed_dir / "seed.txt")
    assert _run(path).exit_code == 1  # rounding slips, template warnings and a table the 目录 lists (公开06表)
    assert _run(path, "--ignore", "residue,share,amount,table.missing").exit_code == 0  # notes left only
    assert _run(path, "--ignore", "residue,share,amount,table.missing", "--fail-on", "note").exit_code == 1
    assert _run(path, "--fail-on", "ERROR").exit_code == 0  # no errors in the seed
    assert _run(path, "--fail-on", "never").exit_code == 0
    bad = _run(path, "--fail-on", "loud")
    assert bad.exit_code == 2 and "--fail-on" in bad.stderr and "Traceback" not in bad.output


def test_config_file_found_upward_from_the_checked_file(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.narrcheck]\nignore = ["residue"]\nfail-on = "error"\n', encoding="utf-8"
    )
    sub = tmp_path / "drafts" / "2024"
    sub.mkdir(parents=True)
    (sub / "d.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    res = _run(str(sub / "d.txt"), "--format", "json")
    assert res.exit_code == 0, res.output
    assert not any(f["rule"].startswith("residue.") for f in json.loads(res.stdout)["findings"])
    (sub / ".narrcheck.toml").write_text('select = ["table"]\n', encoding="utf-8")  # nearer file wins
    rep = json.loads(_run(str(sub / "d.txt"), "--format", "json").stdout)
    assert rep["findings"] and all(f["rule"].startswith("table.") for f in rep["findings"]) and not rep["claims"]


@pytest.mark.parametrize(
    "content, words",
    [("ignore = [", "not valid TOML"), ("colour = 1", "unknown setting 'colour'"), ("ignore = 3", "must be a list")],
)
def test_a_broken_config_is_one_line_and_exit_2(tmp_path, content, words):
    (tmp_path / ".narrcheck.toml").write_text(content, encoding="utf-8")
    (tmp_path / "d.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    res = _run(str(tmp_path / "d.txt"))
    assert res.exit_code == 2 and words in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_baseline_hides_known_problems_even_after_the_paragraph_moved(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(text, encoding="utf-8")
    base = tmp_path / "base.json"
    assert _run(str(old), "--format", "json", "-o", str(base)).exit_code == 1
    anchor = "（二）一般公共预算财政拨款支出决算结构情况"
    assert text.count(anchor) == 1
    moved = text.replace(anchor, "本段为新增说明文字。\n\n" + anchor)  # every later line shifts by two
    new.write_text(moved, encoding="utf-8")
    res = _run(str(new), "--baseline", str(base), "--format", "json")
    assert res.exit_code == 0, res.stdout[-500:]
    rep = json.loads(res.stdout)
    assert rep["summary"]["flagged"] == 0 and rep["meta"]["silenced"]["baseline"] > 0
    new.write_text(moved.replace("占 93.2%", "占 95.2%"), encoding="utf-8")  # one new mistake
    res = _run(str(new), "--baseline", str(base), "--format", "json")
    assert res.exit_code == 1
    flagged = [c for c in json.loads(res.stdout)["claims"] if c["verdict"] in ("rounding", "mismatch", "direction")]
    assert [c["claimed"].get("pct") for c in flagged] == ["95.2"]


def test_fingerprints_survive_a_shift_that_changes_claim_ids(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        text.replace(
            "（二）一般公共预算财政拨款支出决算结构情况",
            "另有支出 5 万元。\n（二）一般公共预算财政拨款支出决算结构情况",
        ),
        encoding="utf-8",
    )
    a = _report(str(tmp_path / "a.txt"))
    b = _report(str(tmp_path / "b.txt"))
    fa = {c["fingerprint"]: c["id"] for c in a["claims"] if c["verdict"] == "rounding"}
    fb = {c["fingerprint"]: c["id"] for c in b["claims"] if c["verdict"] == "rounding"}
    assert fa.keys() == fb.keys() and len(fa) == 3
    assert fa != fb  # the positional ids moved, the fingerprints did not


def test_baseline_errors_are_one_line(tmp_path):
    (tmp_path / "d.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    missing = _run(str(tmp_path / "d.txt"), "--baseline", str(tmp_path / "nope.json"))
    assert missing.exit_code == 2 and "baseline report not found" in missing.stderr
    (tmp_path / "old.json").write_text(json.dumps({"claims": [{"id": "c1"}], "findings": []}), encoding="utf-8")
    old = _run(str(tmp_path / "d.txt"), "--baseline", str(tmp_path / "old.json"))
    assert old.exit_code == 2 and "no fingerprints" in old.stderr and "Traceback" not in old.output


def test_terminal_report_says_how_much_was_hidden(seed_dir):
    res = _run(str(seed_dir / "seed.txt"), "--ignore", "residue")
    assert "ignored (--ignore/--select/config)" in res.stdout
