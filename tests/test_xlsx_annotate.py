"""`check 说明.docx --tables 报表.xlsx --annotate 报表-批注.xlsx` as an editor runs it: an Excel comment on
each cell a flagged claim was checked against, the original workbook untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from narrcheck.cli import app
from test_serve import seed_to_office

SEED = Path(__file__).resolve().parent.parent / "corpus" / "yanbian-shebao-2024.txt"
runner = CliRunner()


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("excel")
    seed_to_office(SEED, d / "说明.docx", d / "报表.xlsx")
    return d


def _comments(path: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """(sheet, cell) → (cell text, comment) for every commented cell."""
    wb = openpyxl.load_workbook(path)
    return {
        (ws.title, c.coordinate): (str(c.value), c.comment.text)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.comment is not None
    }


def test_evidence_cells_of_a_flagged_claim_get_a_comment(office, tmp_path):
    book = office / "报表.xlsx"
    before = hashlib.sha256(book.read_bytes()).hexdigest()
    out = tmp_path / "报表-批注.xlsx"
    res = runner.invoke(app, ["check", str(office / "说明.docx"), "--tables", str(book), "--annotate", str(out)])
    assert res.exit_code == 1, res.output
    assert hashlib.sha256(book.read_bytes()).hexdigest() == before  # the original is only read
    notes = _comments(out)
    assert f"narrcheck: {out}: {len(notes)} cells commented" in res.stderr
    share = [(value, text) for value, text in notes.values() if "93.2%" in text]
    assert sorted(value for value, _ in share) == ["1,073.08", "1,152.00"]  # the numerator and the total of 公开05表
    text = share[0][1]
    assert "【尾数 rounding】" in text and "占比重算为 93.1%" in text and "建议改为：“1073.08 万元，占 93.1%”" in text
    assert all(
        c.comment.author == "narrcheck"
        for ws in openpyxl.load_workbook(out).worksheets
        for row in ws.iter_rows()
        for c in row
        if c.comment
    )
    # a consistent claim's cell is left alone: 住房保障支出 40.44 (占 3.5%) has no comment
    assert not any(value == "40.44" for value, _ in notes.values())
    # the values of the copy are the original's
    orig, copy = openpyxl.load_workbook(book), openpyxl.load_workbook(out)
    for a, b in zip(orig.worksheets, copy.worksheets):
        assert [[c.value for c in r] for r in a.iter_rows()] == [[c.value for c in r] for r in b.iter_rows()]


def test_silenced_claims_get_no_comment(office, tmp_path):
    out = tmp_path / "c.xlsx"
    runner.invoke(
        app,
        [
            "check",
            str(office / "说明.docx"),
            "--tables",
            str(office / "报表.xlsx"),
            "--annotate",
            str(out),
            "--ignore",
            "share",
        ],
    )
    assert not any("93.2%" in text for _, text in _comments(out).values())


def test_an_xlsx_copy_needs_an_xlsx_workbook(office, tmp_path):
    res = runner.invoke(app, ["check", str(office / "说明.docx"), "--annotate", str(tmp_path / "x.xlsx")])
    assert res.exit_code == 2 and not (tmp_path / "x.xlsx").exists()
    assert res.stderr.splitlines() == [
        f"narrcheck: {tmp_path / 'x.xlsx'}: an annotated .xlsx is a copy of an .xlsx workbook: "
        "give it as --tables or as the input"
    ]
    book = office / "报表.xlsx"
    res = runner.invoke(app, ["check", str(office / "说明.docx"), "--tables", str(book), "--annotate", str(book)])
    assert res.exit_code == 2 and len(res.stderr.splitlines()) == 1  # never over the original
