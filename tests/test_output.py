"""Output that behaves, driven as a user runs it: -o, pipes, colour, --quiet, stdin, lines/csv/jsonl, help."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from narrcheck.cli import app

SEED = Path(__file__).resolve().parent.parent / "corpus" / "yanbian-shebao-2024.txt"
PUTUO = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "putuo-caizheng-2024.pdf"
ANSI = re.compile(r"\x1b\[")
LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<where>\d+|p\.\d+): (?P<sev>error|warning|note) (?P<rule>[a-z_]+\.[a-z_]+) (?P<msg>\S.*)$"
)
runner = CliRunner()


def _check(*args: str, **kw):
    return runner.invoke(app, ["check", *args], **kw)


def test_output_file_is_overwritten_not_appended(tmp_path):
    out = tmp_path / "r.txt"
    assert _check(str(SEED), "-o", str(out)).exit_code == 1
    first = out.read_text(encoding="utf-8")
    assert _check(str(SEED), "-o", str(out)).exit_code == 1
    assert out.read_text(encoding="utf-8") == first and first.count("claims —") == 1


def test_output_into_a_missing_folder_is_one_line(tmp_path):
    res = _check(str(SEED), "-o", str(tmp_path / "nope" / "r.txt"))
    assert res.exit_code == 2 and "does not exist" in res.stderr and len(res.stderr.splitlines()) == 1


def test_piped_report_is_neither_wrapped_nor_coloured():
    res = _check(str(SEED), env={"COLUMNS": "40", "NO_COLOR": "", "FORCE_COLOR": ""})
    assert not ANSI.search(res.stdout)
    sentence = [ln for ln in res.stdout.splitlines() if "占 93.2%" in ln]
    assert sentence and "主要用于以下方面" in sentence[0] and "占 3.5%" in sentence[0]  # the whole sentence on one line
    assert any(len(ln) > 110 for ln in res.stdout.splitlines())


def test_force_color_colours_a_pipe_and_no_color_wins_on_a_terminal():
    assert ANSI.search(_check(str(SEED), env={"FORCE_COLOR": "1"}).stdout)
    assert not ANSI.search(_check(str(SEED), env={"NO_COLOR": "1", "FORCE_COLOR": ""}).stdout)


def test_quiet_prints_the_problems_only():
    loud = _check(str(SEED)).stdout
    quiet = _check(str(SEED), "--quiet").stdout
    assert "claims —" in loud and "claims —" not in quiet and "12 tables" not in quiet
    assert "占比重算为 93.1%" in quiet


def test_dash_reads_standard_input():
    res = _check("-", "-f", "lines", input=SEED.read_bytes())
    assert res.exit_code == 1
    assert "-:392: warning claim.share 占比重算为 93.1%" in res.stdout


def test_lines_format_one_problem_a_line_sorted_by_line():
    res = _check(str(SEED), "--format", "lines")
    lines = res.stdout.splitlines()
    parsed = [LINE.match(ln) for ln in lines]
    assert lines and all(parsed), [ln for ln, m in zip(lines, parsed) if not m][:3]
    assert [int(m["where"]) for m in parsed] == sorted(int(m["where"]) for m in parsed)
    assert sum(m["rule"].startswith("claim.") for m in parsed) == 3
    report = json.loads(_check(str(SEED), "-f", "json").stdout)
    assert len(lines) == report["summary"]["flagged"] + report["summary"]["findings"]


@pytest.mark.skipif(not PUTUO.exists(), reason="shared corpus not present")
def test_lines_for_a_pdf_give_the_page():
    lines = _check(str(PUTUO), "-f", "lines").stdout.splitlines()
    assert lines and all(LINE.match(ln)["where"].startswith("p.") for ln in lines)


def test_csv_and_jsonl_hold_the_same_problems():
    rows = list(csv.DictReader(io.StringIO(_check(str(SEED), "-f", "csv").stdout)))
    records = [json.loads(ln) for ln in _check(str(SEED), "-f", "JSONL").stdout.splitlines()]
    assert rows and len(rows) == len(records)
    assert [r["fingerprint"] for r in rows] == [r["fingerprint"] for r in records]
    share = next(r for r in rows if r["rule"] == "claim.share")
    assert share["verdict"] == "rounding" and share["suggestion"] == "1073.08 万元，占 93.1%" and share["line"] == "392"


def test_format_names_are_case_insensitive_and_unknown_ones_refused():
    assert json.loads(_check(str(SEED), "-f", "JSON").stdout)["summary"]["claims"] > 100
    bad = _check(str(SEED), "-f", "xml")
    assert bad.exit_code == 2 and "unknown --format" in bad.stderr and bad.stdout == ""


@pytest.mark.parametrize("command", ["check", "tables", "claims", "diff", "batch", "serve"])
def test_help_has_no_type_placeholders(command):
    res = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert res.exit_code == 0
    assert (
        "<bool>" not in res.stdout
        and "<list[" not in res.stdout
        and "<str>" not in res.stdout
        and "<int>" not in res.stdout
    )


def test_short_version_flag():
    res = runner.invoke(app, ["-V"])
    assert res.exit_code == 0 and res.stdout.startswith("narrcheck ")


@pytest.mark.skipif(not PUTUO.exists(), reason="shared corpus not present")
def test_annotated_pdf_boxes_the_cells_a_flagged_claim_relies_on(tmp_path):
    import pymupdf

    out = tmp_path / "marked.pdf"
    assert _check(str(PUTUO), "--annotate", str(out)).exit_code == 1
    with pymupdf.open(out) as pdf:
        notes = [
            (int(page.get_label()), a.info["content"])  # the original page number
            for page in pdf
            if page.get_label().isdigit()
            for a in page.annots()
            if a.info["content"].startswith("证据单元格")
        ]
    cell = [p for p, n in notes if "2,106.66" in n and "71.73%" in n]
    assert cell == [15]  # the share's numerator, boxed on the table's page, naming the claim on p.21
    assert all("正文" not in n.split("\n")[0] for _, n in notes)  # stated figures are not boxed as cells


def test_a_file_that_is_not_a_disclosure_is_refused_unless_forced(tmp_path):
    make = tmp_path / "Makefile.txt"
    make.write_text("all:\n\tpython -m build\t--wheel\ntest:\n\tpytest -q\t-x\n", encoding="utf-8")
    res = _check(str(make))
    assert (
        res.exit_code == 2
        and res.stderr.strip()
        == f"narrcheck: {make}: not a finance disclosure "
        "(no tables and no budget or spending vocabulary; --force checks it anyway)"
    )
    assert _check(str(make), "--force").exit_code == 0
    assert _check("-", input="本年支出 100 万元。".encode()).exit_code in (0, 1)  # one finance word is enough


def test_claims_format_is_checked_like_check():
    assert runner.invoke(app, ["claims", str(SEED), "-f", "JSON"]).stdout.lstrip().startswith("[")
    bad = runner.invoke(app, ["claims", str(SEED), "-f", "html"])
    assert bad.exit_code == 2 and "unknown --format (use text or json)" in bad.stderr and bad.stdout == ""


def test_tables_as_json():
    res = runner.invoke(app, ["tables", str(SEED), "--format", "json"])
    data = json.loads(res.stdout)
    assert res.exit_code == 0 and len(data["tables"]) == 12
    t05 = next(t for t in data["tables"] if t["number"] == "公开05表")
    row = next(r for r in t05["rows"] if r["code"] == "208")
    assert "1,073.08" in row["cells"].values()
    assert runner.invoke(app, ["tables", str(SEED), "-f", "csv"]).exit_code == 2
