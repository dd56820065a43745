"""`narrcheck batch` for auditors, driven as they run it: the files that failed named with the reason,
summary.csv for Excel with status, needs_ocr, error, first problem and report, --query as JSON or CSV,
and -q meaning --quiet as everywhere else."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from narrcheck.cli import app

SEED = Path(__file__).resolve().parent.parent / "corpus" / "yanbian-shebao-2024.txt"
runner = CliRunner()


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """A folder with the seed, a fixed copy of it, an empty file and a broken PDF, checked once."""
    base = tmp_path_factory.mktemp("auditors")
    src = base / "in"
    src.mkdir()
    shutil.copy(SEED, src / "决算.txt")
    (src / "empty.txt").write_bytes(b"")
    (src / "broken.pdf").write_bytes(b"%PDF-1.7\nnot really a PDF\n")
    out = base / "out"
    res = runner.invoke(app, ["batch", str(src), "--out", str(out), "--jobs", "1", "-q"])
    return src, out, res


def test_the_files_that_failed_are_named_with_the_reason(batch):
    src, out, res = batch
    assert res.exit_code == 2
    lines = res.stderr.splitlines()
    assert f"narrcheck: {src / 'broken.pdf'}: " in res.stderr
    assert f"narrcheck: {src / 'empty.txt'}: empty file" in lines
    assert not any("files to check" in ln or "/3" in ln for ln in lines)  # -q is --quiet: no progress, no summary


def test_summary_csv_for_excel_has_status_ocr_error_first_problem_and_report(batch):
    src, out, _ = batch
    raw = (out / "summary.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\r\n") == 4 and raw.count(b"\n") == 4  # BOM, CRLF
    with open(out / "summary.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {Path(r["path"]).name: r for r in csv.DictReader(fh)}
    for col in ("status", "needs_ocr", "error", "first_problem", "report"):
        assert col in rows["决算.txt"], col
    seed = rows["决算.txt"]
    assert seed["status"] == "flagged" and seed["needs_ocr"] == "0" and seed["error"] == ""
    assert re.match(r"line \d+ [a-z_]+\.[a-z_]+: \S", seed["first_problem"]), seed["first_problem"]  # where, rule, what
    assert (out / seed["report"]).is_file() and seed["report"].startswith("reports/")
    assert rows["empty.txt"]["status"] == "error" and rows["empty.txt"]["error"] == "empty file"
    assert rows["empty.txt"]["first_problem"] == "" and rows["empty.txt"]["report"] == ""


def test_first_problem_is_the_worst(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    text = SEED.read_text(encoding="utf-8").replace("基本支出 968 万元", "基本支出 958 万元")
    (src / "958.txt").write_text(text, encoding="utf-8")
    runner.invoke(app, ["batch", str(src), "--out", str(tmp_path / "out"), "--jobs", "1", "-q"])
    with open(tmp_path / "out" / "summary.csv", encoding="utf-8-sig", newline="") as fh:
        row = next(csv.DictReader(fh))
    assert " mismatch: " in row["first_problem"] and "958" in row["first_problem"]  # before any warning


def test_query_as_json_and_csv(batch):
    _, out, _ = batch
    sql = "SELECT path, status, claims FROM documents ORDER BY path"
    res = runner.invoke(app, ["batch", "--out", str(out), "--query", sql, "-f", "JSON"])
    assert res.exit_code == 0
    rows = json.loads(res.stdout)
    assert [sorted(r) for r in rows] == [["claims", "path", "status"]] * 3
    assert {r["status"] for r in rows} == {"error", "flagged"} and max(r["claims"] for r in rows) > 100
    res = runner.invoke(app, ["batch", "--out", str(out), "--query", sql, "--format", "csv"])
    table = list(csv.reader(res.stdout.splitlines()))
    assert res.exit_code == 0 and table[0] == ["path", "status", "claims"] and len(table) == 4
    bad = runner.invoke(app, ["batch", "--out", str(out), "--query", sql, "-f", "xml"])
    assert bad.exit_code == 2 and bad.stdout == "" and "unknown --format (use text, json, csv)" in bad.stderr
    run = runner.invoke(app, ["batch", str(SEED), "--out", str(out.parent / "other"), "-f", "json"])
    assert run.exit_code == 2 and run.stderr.startswith("narrcheck: --format: goes with --query")


def test_dash_q_is_quiet_not_query(tmp_path):
    res = runner.invoke(app, ["batch", "--out", str(tmp_path / "out"), "-q", "SELECT 1"])
    assert res.exit_code == 2 and "SELECT 1: file not found" in res.stderr  # an input path, not a query
    assert "files to check" not in res.stderr
    usage = runner.invoke(app, ["batch", "--help"], env={"COLUMNS": "200"}).stdout.splitlines()
    assert any(re.search(r"--quiet\s+-q\s", ln) for ln in usage)
    assert any(re.search(r"--query\s+SQL\s", ln) for ln in usage)


def test_the_pool_follows_the_cpus_this_process_may_use(monkeypatch):
    """A container or ``taskset`` allowing 2 of the machine's 64 cores: 2 workers, not 64."""
    import os

    from narrcheck.batch.pool import default_jobs

    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 5}, raising=False)
    assert default_jobs() == 2
    monkeypatch.delattr(os, "sched_getaffinity")  # not on every system (macOS, Windows)
    assert default_jobs() == 64


def test_a_docx_and_its_xlsx_are_one_document_in_batch(tmp_path):
    """The Word narrative checked against the workbook of its stem: one row, its claims verified by the tables;
    a workbook alone is checked on its own; a changed workbook is a changed document on the next run."""
    from test_serve import seed_to_office

    src = tmp_path / "in"
    src.mkdir()
    seed_to_office(SEED, src / "决算2024.docx", src / "决算2024.xlsx")
    shutil.copy(src / "决算2024.xlsx", src / "另一份.xlsx")
    out = tmp_path / "out"
    res = runner.invoke(app, ["batch", str(src), "--out", str(out), "--jobs", "1", "-q"])
    assert res.exit_code == 1, res.stderr
    with open(out / "summary.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {Path(r["path"]).name: r for r in csv.DictReader(fh)}
    assert sorted(rows) == ["决算2024.docx", "另一份.xlsx"]
    pair = rows["决算2024.docx"]
    assert int(pair["ok"]) > 50 and int(pair["rounding"]) >= 1  # the narrative's claims found their tables
    sql = "SELECT format, sha256 FROM documents WHERE path LIKE '%决算2024.docx'"
    got = json.loads(runner.invoke(app, ["batch", "--out", str(out), "--query", sql, "-f", "json"]).stdout)
    assert got[0]["format"] == "docx+xlsx"
    again = runner.invoke(app, ["batch", str(src), "--out", str(out), "--jobs", "1"])
    assert "checked 0, skipped 2 unchanged" in again.stderr
    import openpyxl

    wb = openpyxl.load_workbook(src / "决算2024.xlsx")
    wb.worksheets[0]["A1"] = "表一"
    wb.save(src / "决算2024.xlsx")
    third = runner.invoke(app, ["batch", str(src), "--out", str(out), "--jobs", "1"])
    assert "checked 1, skipped 1 unchanged" in third.stderr


SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
A_PDF = SHARED / "putuo-wanlijiedao-2024-dept-budget.pdf"


@pytest.mark.skipif(not A_PDF.exists(), reason="the corpus PDFs live beside the clone")
def test_summary_reads_the_store_given_by_db_and_pdf_reports_link_their_pages(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    text = SEED.read_text(encoding="utf-8").replace("基本支出 968 万元", "基本支出 958 万元")
    (src / "958.txt").write_text(text, encoding="utf-8")
    shutil.copy(A_PDF, src / "budget.pdf")
    out, store = tmp_path / "out", tmp_path / "elsewhere" / "store.sqlite"
    store.parent.mkdir()
    runner.invoke(app, ["batch", str(src), "--out", str(out), "--db", str(store), "--jobs", "1", "-q"])
    assert store.is_file() and not (out / "narrcheck.sqlite").exists()
    with open(out / "summary.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {Path(r["path"]).name: r for r in csv.DictReader(fh)}
    assert " mismatch: " in rows["958.txt"]["first_problem"]  # read from --db, not from OUT/narrcheck.sqlite
    page = (out / rows["budget.pdf"]["report"]).read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+)#page=(\d+)"', page)
    assert links, "the PDF's page numbers link into it"
    target = (out / "reports" / links[0][0]).resolve()
    assert target == (src / "budget.pdf").resolve()
