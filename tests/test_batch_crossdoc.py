"""`narrcheck batch` runs the cross-document checks from its store (issue 14), driven as an auditor runs it.

- over the corpus pairs (two years of 万里街道's 部门预算, 商务委's 部门 and 单位预算,
  财政局's 2024 决算 and 2025 部门预算, and the city's 财政局, another government
  level) batch finds exactly what ``narrcheck check`` finds on the same files
  together: the one real disagreement, stored on the statement's document with
  the other document named, counted in summary.csv and listed in crossdoc.html;
- an edited copy (one cell of the 单位预算 changed) is flagged in batch;
- a rerun with a new year added works out only that organisation's group
  (the store's ``cross_runs`` counter), and no file is read again;
- a store written before the facts were kept is resumed: its documents are
  checked once more and take part.
"""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from narrcheck.cli import app

from test_crossdoc import (  # the corpus pairs, named once for both cross-document test files
    CAIZHENG_2024,
    CAIZHENGJU_2025,
    CITY_UNIT,
    SHANGWU_DEPT,
    SHANGWU_UNIT,
    SHARED,
    WANLI_2024,
    WANLI_2025,
)

PAIRS = [CAIZHENG_2024, CAIZHENGJU_2025, WANLI_2024, WANLI_2025, SHANGWU_DEPT, SHANGWU_UNIT, CITY_UNIT]
runner = CliRunner()

pytestmark = pytest.mark.skipif(
    not (SHARED / CAIZHENG_2024).exists(), reason=f"{SHARED} is missing: the corpus pairs live beside the clone"
)


def batch(src: Path, out: Path, *more: str):
    res = runner.invoke(app, ["batch", str(src), "--out", str(out), "--jobs", "2", *more])
    assert res.exit_code in (0, 1), res.stderr
    return res


def rows(db: Path, sql: str, *args) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


CROSS_SQL = (
    "SELECT d.path, f.rule, f.severity, f.message, f.text, f.line, f.page, f.table_id, f.evidence, o.path "
    "FROM findings f JOIN documents d ON d.id = f.document_id LEFT JOIN documents o ON o.id = f.other_document_id "
    "WHERE f.rule LIKE 'crossdoc.%' ORDER BY d.path, f.seq"
)


def stored_cross(db: Path) -> list[tuple]:
    return [(*r[:8], json.loads(r[8]), r[9]) for r in rows(db, CROSS_SQL)]


def runs(db: Path) -> dict[str, int]:
    return {Path(p).name: n for p, n in rows(db, "SELECT path, cross_runs FROM documents")}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The corpus pairs in one folder, checked by batch once and by `check` on all files together once."""
    base = tmp_path_factory.mktemp("district")
    src = base / "in"
    src.mkdir()
    for name in PAIRS:
        shutil.copy(SHARED / name, src / name)
    res = batch(src, base / "out")
    together = runner.invoke(app, ["check", *sorted(str(src / n) for n in PAIRS), "--format", "json"])
    return src, base / "out", res, json.loads(together.stdout)


def test_batch_finds_what_check_finds_on_the_files_together(corpus):
    src, out, res, together = corpus
    want = sorted(
        (d["path"], f["rule"], f["severity"], f["message"], f["text"], f["line"], f["page"], f["table"], f["evidence"])
        for d in together
        for f in d["findings"]
        if f["rule"].startswith("crossdoc.")
    )
    got = stored_cross(out / "narrcheck.sqlite")
    assert sorted(g[:9] for g in got) == want
    # the one real disagreement, on the statement of the 2025 budget, the 2024 决算 named as the other document
    assert len(got) == 1
    path, rule, severity, message, text, line, page, _, evidence, other = got[0]
    assert Path(path).name == CAIZHENGJU_2025 and rule == "crossdoc.prior_year" and severity == "warning"
    assert page == 7 and "比2024年预算增加107.62万元" in text and "3121.42−107.62=3013.80" in message
    assert other == str(src / CAIZHENG_2024)
    last = evidence[-1]
    assert last["table"] == f"{CAIZHENG_2024}｜正文" and last["value"] == "2993.92万元" and last["page"] == 21
    assert last["title"].startswith(str(src / CAIZHENG_2024))


def test_cross_findings_are_counted_in_summary_and_listed_in_the_html(corpus):
    src, out, res, _ = corpus
    with open(out / "summary.csv", encoding="utf-8-sig", newline="") as fh:
        table = {Path(r["path"]).name: r for r in csv.DictReader(fh)}
    assert {n: r["crossdoc_findings"] for n, r in table.items()} == {
        n: ("1" if n == CAIZHENGJU_2025 else "0") for n in PAIRS
    }
    assert table[CAIZHENGJU_2025]["status"] == "flagged"
    (doc_id,) = rows(out / "narrcheck.sqlite", "SELECT id FROM documents WHERE path LIKE ?", f"%{CAIZHENGJU_2025}")[0]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f'href="crossdoc.html#d{doc_id}"' in index
    page = (out / "crossdoc.html").read_text(encoding="utf-8")
    assert f'id="d{doc_id}"' in page and "crossdoc.prior_year" in page and "2993.92万元" in page
    assert f"{CAIZHENG_2024}｜正文" in page and page.count("<li ") == 1
    assert "cross-document checks: 7 documents in 4 groups worked out, 1 finding\n" in res.stderr


def test_the_store_keeps_identity_and_figures(corpus):
    _, out, _, _ = corpus
    db = out / "narrcheck.sqlite"
    ident = rows(
        db,
        "SELECT d.path, i.org_core, i.year, i.level || i.stage, i.budget_units "
        "FROM identities i JOIN documents d ON d.id = i.document_id",
    )
    by = {Path(p).name: rest for p, *rest in ident}
    assert by[WANLI_2025] == ["万里街道", 2025, "部门预算", 6] and by[SHANGWU_UNIT][:3] == ["商务委", 2025, "单位预算"]
    assert by[CAIZHENG_2024][:3] == ["财政局", 2024, "部门决算"]
    # the figure the disagreement rests on, exactly as written (a Decimal kept as text)
    fig = rows(
        db,
        "SELECT g.value, g.half, g.page FROM figures g JOIN documents d ON d.id = g.document_id "
        "WHERE d.path LIKE ? AND g.key = '一般公共预算财政拨款支出' AND g.measure = 'budget' AND g.year = 2024",
        f"%{CAIZHENG_2024}",
    )
    assert fig == [("2993.92", "0.005", 21)]


def text_copy(src: Path, name: str, old: str, new: str) -> Path:
    """A text copy of a corpus document with ``old`` replaced once by ``new`` (as tests/test_crossdoc.py edits)."""
    from narrcheck.pipeline import check

    text = check(SHARED / name).text
    assert old in text, f"{old!r} not in {name}"
    path = src / (Path(name).stem + ".txt")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


CELL = "2,849,034.00\t2,849,034.00\t\t"  # a row of the 商务委 unit's tables
EDITED = "2,849,043.00\t2,849,034.00\t\t"  # its 合计 off by 9 元


def edited_pair(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(input folder, output folder, the unit's text copy): 商务委's department budget and its unit's
    budget with one cell edited, checked by batch once."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    shutil.copy(SHARED / SHANGWU_DEPT, src / SHANGWU_DEPT)
    unit = text_copy(src, SHANGWU_UNIT, CELL, EDITED)
    batch(src, out, "-q")
    return src, out, unit


def test_an_edited_unit_cell_is_flagged_against_its_department_in_batch(tmp_path):
    src, _, unit = edited_pair(tmp_path)
    got = stored_cross(tmp_path / "out" / "narrcheck.sqlite")
    assert len(got) == 1, [g[3] for g in got]
    path, rule, severity, message, *_, evidence, other = got[0]
    assert path == str(unit) and rule == "crossdoc.dept_unit" and severity == "error"
    assert evidence[0]["value"] == "2,849,043.00" and evidence[-1]["value"] == "2,849,034.00"
    assert other == str(src / SHANGWU_DEPT) and "相差0.000900万元（9元）" in message


def test_a_new_year_added_rechecks_only_its_organisation(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for name in (WANLI_2025, SHANGWU_DEPT, SHANGWU_UNIT):
        shutil.copy(SHARED / name, src / name)
    batch(src, out, "-q")
    db = out / "narrcheck.sqlite"
    assert runs(db) == {WANLI_2025: 1, SHANGWU_DEPT: 1, SHANGWU_UNIT: 1}
    stamps = dict(rows(db, "SELECT path, cross_checked_at FROM documents"))
    same = batch(src, out)  # nothing new: nothing checked, no group worked out again
    assert "checked 0, skipped 3 unchanged" in same.stderr and runs(db)[WANLI_2025] == 1
    shutil.copy(SHARED / WANLI_2024, src / WANLI_2024)
    again = batch(src, out)
    assert "checked 1, skipped 3 unchanged" in again.stderr
    assert runs(db) == {WANLI_2025: 2, WANLI_2024: 1, SHANGWU_DEPT: 1, SHANGWU_UNIT: 1}
    now = dict(rows(db, "SELECT path, cross_checked_at FROM documents"))
    assert all(now[str(src / n)] == stamps[str(src / n)] for n in (SHANGWU_DEPT, SHANGWU_UNIT))
    assert "2 documents in 1 groups worked out, 0 findings" in again.stderr


def test_a_changed_document_replaces_its_cross_findings(tmp_path):
    """Fixing the edited cell removes the finding: the unit's group is worked out again from the store."""
    src, out, _ = edited_pair(tmp_path)
    db = out / "narrcheck.sqlite"
    assert len(stored_cross(db)) == 1
    text_copy(src, SHANGWU_UNIT, CELL, CELL)
    batch(src, out, "-q")
    assert stored_cross(db) == []
    assert {r[0] for r in rows(db, "SELECT crossdoc_findings FROM documents")} == {0}


OLD_COLUMNS = ("own_status", "crossdoc_facts", "crossdoc_findings", "cross_runs", "cross_checked_at")


def test_a_store_of_an_earlier_version_is_resumed_and_gains_the_cross_checks(tmp_path):
    src, out, _ = edited_pair(tmp_path)
    db = out / "narrcheck.sqlite"
    con = sqlite3.connect(db)  # the store as an earlier narrcheck left it: no facts, no cross findings
    con.execute("DELETE FROM findings WHERE rule LIKE 'crossdoc.%'")
    for table in ("identities", "cores", "figures", "statements"):
        con.execute(f"DROP TABLE {table}")
    con.execute("ALTER TABLE findings DROP COLUMN other_document_id")
    for column in OLD_COLUMNS:
        con.execute(f"ALTER TABLE documents DROP COLUMN {column}")
    con.commit()
    con.close()
    res = batch(src, out)
    assert "checked 2, skipped 0 unchanged" in res.stderr  # checked once more, to gain their facts
    assert [g[1] for g in stored_cross(db)] == ["crossdoc.dept_unit"]
    again = batch(src, out)
    assert "checked 0, skipped 2 unchanged" in again.stderr and len(stored_cross(db)) == 1


def check_together(*paths: Path) -> list[tuple]:
    """The cross findings `narrcheck check` gives on ``paths`` together: (path, rule, message)."""
    res = runner.invoke(app, ["check", *map(str, paths), "--format", "json"])
    return sorted(
        (d["path"], f["rule"], f["message"]) for d in json.loads(res.stdout) for f in d["findings"]
        if f["rule"].startswith("crossdoc.")
    )  # fmt: skip


def test_another_region_is_another_group_and_an_unknown_region_takes_in_the_whole_name(tmp_path):
    """Precision before recall, in batch as in check: a 2025 budget naming only 财政局 (no region) is compared
    with the one 2024 budget of that name (静安区's); once 普陀区's 2024 budget arrives, the name fits two
    organisations and nothing is raised — although only 普陀区's group was touched by the new file."""
    from test_crossdoc import CAIZHENGJU_2024, budget_text

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    doubled = {code: (path, value * 2) for code, (path, value) in CAIZHENGJU_2024.items()}
    jingan = budget_text("上海市普陀区财政局", 2024, doubled).replace("上海市普陀区", "上海市静安区")
    (src / "jingan-2024.txt").write_text(jingan, encoding="utf-8")
    said = "2025年一般公共预算拨款支出预算2,993.92万元，比2024年预算增加100.00万元。"
    no_region = budget_text("上海市普陀区财政局", 2025, CAIZHENGJU_2024, narrative=said).replace("上海市普陀区", "")
    (src / "caizhengju-2025.txt").write_text(no_region, encoding="utf-8")
    batch(src, out, "-q")
    db = out / "narrcheck.sqlite"
    first = [(p, r, m) for p, r, _, m, *_ in stored_cross(db)]
    assert first == check_together(*sorted(src.iterdir())) and len(first) == 1 and "静安区" in first[0][2]
    putuo = budget_text("上海市普陀区财政局", 2024, CAIZHENGJU_2024)
    (src / "putuo-2024.txt").write_text(putuo, encoding="utf-8")
    batch(src, out, "-q")
    assert check_together(*sorted(src.iterdir())) == [] and stored_cross(db) == []
    assert runs(db) == {"jingan-2024.txt": 2, "caizhengju-2025.txt": 2, "putuo-2024.txt": 1}


def test_a_city_document_added_leaves_the_districts_group_alone(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for name in (CAIZHENG_2024, CAIZHENGJU_2025):
        shutil.copy(SHARED / name, src / name)
    batch(src, out, "-q")
    shutil.copy(SHARED / CITY_UNIT, src / CITY_UNIT)  # 上海市财政局: same name core, another government level
    batch(src, out, "-q")
    db = out / "narrcheck.sqlite"
    assert runs(db) == {CAIZHENG_2024: 1, CAIZHENGJU_2025: 1, CITY_UNIT: 1}
    assert [Path(g[0]).name for g in stored_cross(db)] == [CAIZHENGJU_2025]  # its finding stays
