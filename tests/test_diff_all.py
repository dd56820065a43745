"""narrcheck diff of everything, as a user runs it: claims, findings and table cells; exit 1 on any new flag; JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from narrcheck.cli import app

SEED = Path(__file__).resolve().parent.parent / "corpus" / "yanbian-shebao-2024.txt"
runner = CliRunner()


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    """The issue's case: one table cell changed and a placeholder reason added, no claim touched."""
    d = tmp_path_factory.mktemp("diffall")
    text = SEED.read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[223].startswith("208\t社会保障和就业支出") and "1,073.08" in lines[223]
    lines[223] = lines[223].replace("1,073.08", "1,074.08", 1)
    reason = "主要原因：信息系统建设与运维项目资金减少。"
    edited = "\n".join(lines)
    assert edited.count(reason) >= 1
    old, new = d / "old.txt", d / "new.txt"
    old.write_text(text, encoding="utf-8")
    new.write_text(edited.replace(reason, "主要原因：XX。", 1), encoding="utf-8")
    return old, new


def test_a_changed_cell_and_a_placeholder_fail_the_diff(drafts):
    old, new = drafts
    res = runner.invoke(app, ["diff", str(old), str(new)])
    assert res.exit_code == 1, res.stdout[-400:]
    assert "公开05表 “社会保障和就业支出” 合计: 1073.08 → 1074.08" in res.stdout
    assert "residue.placeholder" in res.stdout and "table.total" in res.stdout
    assert "1 table cells changed" in res.stdout


def test_json_diff_lists_findings_and_cells(drafts):
    old, new = drafts
    res = runner.invoke(app, ["diff", str(old), str(new), "--format", "Json"])
    data = json.loads(res.stdout)
    assert data["summary"]["cells_changed"] == 1 and data["cells_changed"][0]["new"] == "1074.08"
    rules = {f["rule"] for f in data["findings_added"]}
    assert {"residue.placeholder", "table.total"} <= rules and not data["findings_removed"]
    assert data["summary"]["new_flags"] >= 2


def test_identical_drafts_exit_0_with_nothing_changed(drafts):
    old, _ = drafts
    res = runner.invoke(app, ["diff", str(old), str(old), "-f", "json"])
    data = json.loads(res.stdout)
    assert (
        res.exit_code == 0
        and not data["findings_added"]
        and not data["cells_changed"]
        and data["summary"]["new_flags"] == 0
    )


def test_fixing_only_removes_findings_and_exits_0(drafts):
    old, new = drafts
    res = runner.invoke(app, ["diff", str(new), str(old), "-f", "json"])
    data = json.loads(res.stdout)
    assert res.exit_code == 0 and {"residue.placeholder", "table.total"} <= {
        f["rule"] for f in data["findings_removed"]
    }


def test_changed_words_are_marked_inside_the_sentence(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text.replace("占 93.2%", "占 95.2%"), encoding="utf-8")
    res = runner.invoke(app, ["diff", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    assert "占 [-93.2-]{+95.2+}%" in res.stdout
    assert res.exit_code == 1  # rounding → mismatch is a flag the old draft did not have
    data = json.loads(
        runner.invoke(app, ["diff", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-f", "json"]).stdout
    )
    assert ["-", "93.2"] in data["numbers_changed"][0]["words"] and ["+", "95.2"] in data["numbers_changed"][0]["words"]


def test_unknown_diff_format_is_refused():
    res = runner.invoke(app, ["diff", str(SEED), str(SEED), "-f", "pdf"])
    assert res.exit_code == 2 and "unknown --format" in res.stderr


def test_html_diff_shows_findings_and_cells(drafts, tmp_path):
    old, new = drafts
    out = tmp_path / "d.html"
    res = runner.invoke(app, ["diff", str(old), str(new), "-f", "html", "-o", str(out)])
    page = out.read_text(encoding="utf-8")
    assert (
        res.exit_code == 1 and "table cells changed (1)" in page and "residue.placeholder" in page and "1074.08" in page
    )
