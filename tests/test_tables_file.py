"""What `check` accepts, driven as a user runs it: --tables must hold tables of the same unit and year;
a README or a Makefile is not a disclosure; a folder's hidden and virtual-environment folders are not walked."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from narrcheck.cli import app
from test_serve import seed_to_office

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "yanbian-shebao-2024.txt"
UNIT = "延边朝鲜族自治州社会保险事业管理局"
runner = CliRunner()


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> Path:
    """说明.docx with its own 报表.xlsx, 其他单位.xlsx (another unit's tables) and 2023.xlsx (another year's)."""
    d = tmp_path_factory.mktemp("office")
    seed_to_office(SEED, d / "说明.docx", d / "报表.xlsx")
    other = d / "other-seed.txt"
    other.write_text(SEED.read_text(encoding="utf-8").replace(UNIT, "白山市财政局"), encoding="utf-8")
    seed_to_office(other, d / "other.docx", d / "其他单位.xlsx")
    wb = openpyxl.load_workbook(d / "报表.xlsx")
    wb.worksheets[0].insert_rows(1)
    wb.worksheets[0]["A1"] = "2023年度部门决算表"
    wb.save(d / "2023.xlsx")
    return d


def _check(*args: str):
    return runner.invoke(app, ["check", *args])


def test_a_photo_given_as_tables_is_refused_in_one_line(office, tmp_path):
    photo = tmp_path / "报表.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200))
    res = _check(str(office / "说明.docx"), "--tables", str(photo))
    assert res.exit_code == 2 and res.stdout == ""
    assert res.stderr.splitlines() == [
        f"narrcheck: {photo}: --tables needs the tables as a spreadsheet, PDF, Word or text file; "
        "this is a JPEG image (narrcheck reads no images)"
    ]


def test_a_tables_file_without_tables_is_refused(office):
    res = _check(str(office / "说明.docx"), "--tables", str(ROOT / "README.md"))
    assert res.exit_code == 2
    assert len(res.stderr.splitlines()) == 1
    assert f"--tables {ROOT / 'README.md'}: holds no table narrcheck recognises" in res.stderr


def test_the_drafts_own_tables_give_no_warning(office):
    res = _check(str(office / "说明.docx"), "--tables", str(office / "报表.xlsx"), "-f", "json")
    assert res.exit_code == 1 and json.loads(res.stdout)["warnings"] == []


def test_another_units_tables_are_a_warning_at_the_top(office, tmp_path):
    args = [str(office / "说明.docx"), "--tables", str(office / "其他单位.xlsx")]
    text = _check(*args).stdout.splitlines()
    warning = next(i for i, ln in enumerate(text) if "warning: the tables file 其他单位.xlsx" in ln)
    assert "白山市财政局（汇总）, which the narrative never names" in text[warning]
    first_problem = next(i for i, ln in enumerate(text) if ln.startswith("["))
    assert warning < first_problem  # above every problem
    assert "其他单位.xlsx" in json.loads(_check(*args, "-f", "json").stdout)["warnings"][0]
    html = tmp_path / "r.html"
    _check(*args, "-f", "html", "-o", str(html))
    page = html.read_text(encoding="utf-8")
    assert page.index("the tables file 其他单位.xlsx") < page.index("<h3>概况</h3>")


def test_another_years_tables_are_a_warning(office):
    res = _check(str(office / "说明.docx"), "--tables", str(office / "2023.xlsx"), "-f", "json")
    warnings = json.loads(res.stdout)["warnings"]
    assert warnings and "year 2023, the narrative's is 2024" in warnings[0]


def test_readme_and_makefile_are_not_disclosures_unless_forced():
    for name in ("README.md", "Makefile"):
        res = _check(str(ROOT / name))
        assert res.exit_code == 2 and res.stdout == "", name
        assert len(res.stderr.splitlines()) == 1 and "not a finance disclosure" in res.stderr
        assert "--force checks it anyway" in res.stderr
    assert "far more Latin letters than Chinese characters" in _check(str(ROOT / "README.md")).stderr
    assert _check(str(ROOT / "docs" / "CROSSDOC.md")).exit_code == 2  # a design note in Chinese and English
    assert _check(str(ROOT / "README.md"), "--force", "-f", "json").exit_code in (0, 1)


def test_a_folder_skips_hidden_and_virtualenv_folders(tmp_path):
    d = tmp_path / "district"
    for sub in (".venv/lib/python3.11/site-packages/pkg", ".git", "env", "node_modules/x", "__pycache__"):
        (d / sub).mkdir(parents=True)
        shutil.copy(SEED, d / sub / "copy.txt")
    (d / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    shutil.copy(SEED, d / "决算.txt")
    res = _check(str(d), "-f", "json")
    assert res.exit_code == 1, res.stderr
    report = json.loads(res.stdout)
    assert isinstance(report, dict) and report["path"].endswith("决算.txt")  # one document, not six


def test_a_docx_and_an_xlsx_of_the_same_stem_are_one_document(office, tmp_path):
    d = tmp_path / "drafts"
    d.mkdir()
    shutil.copy(office / "说明.docx", d / "决算2024.docx")
    shutil.copy(office / "报表.xlsx", d / "决算2024.XLSX")
    shutil.copy(office / "其他单位.xlsx", d / "另一份.xlsx")  # no .docx of its name: checked on its own
    res = _check(str(d), "-f", "json")
    reports = json.loads(res.stdout)
    assert [Path(r["path"]).name for r in reports] == ["决算2024.docx", "另一份.xlsx"]
    draft = reports[0]
    assert draft["format"] == "docx+xlsx" and draft["warnings"] == []
    assert any(c["verdict"] == "rounding" and "93.2%" in c["text"] for c in draft["claims"])
