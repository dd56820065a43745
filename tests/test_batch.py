"""narrcheck batch: many files into SQLite, re-runs, kills, timeouts, summary.csv and index.html."""

from __future__ import annotations

import csv
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote

import pytest
from typer.testing import CliRunner

from narrcheck.batch import query, run_batch
from narrcheck.batch.inputs import collect, report_name, report_path
from narrcheck.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "yanbian-shebao-2024.txt"

# name → list of (old, new) replacements in the seed; expected change of verdict counts against the seed
PERTURBED = {
    "share-fixed.txt": ([("占 93.2%", "占 93.1%")], {"rounding": -1, "ok": +1}),
    "basic-958.txt": ([("基本支出 968 万元", "基本支出 958 万元")], {"mismatch": +1, "ok": -1}),
    "sub/sangong-1.7.txt": (
        [("支出决算为 1.9 万元，完成预算的 75.1%", "支出决算为 1.7 万元，完成预算的 75.1%")],
        {"mismatch": +1, "ok": -1},
    ),
    "sub/医保-sangong.txt": (
        [
            ("完成预算的 75.1%", "完成预算的 65.1%"),
            ("延边朝鲜族自治州社会保险事业管理局（汇总）", "延边朝鲜族自治州医疗保障局（汇总）"),
        ],
        {"mismatch": +1, "ok": -1},
    ),
}
COPIES = [
    "copy-01.txt",
    "copy-02.txt",
    "copy 03 (final).txt",
    "sub/copy-04.txt",
    "sub/deeper/复制-05.txt",
    "a..b.txt",
    "sub/deeper/copy-07.txt",
    "copy-08.txt",
]
BAD = {"empty.txt": "empty", "fake.pdf": "not a PDF", "random.txt": "binary"}
SEED_UNIT = "延边朝鲜族自治州社会保险事业管理局（汇总）"


def make_folder(base: Path) -> Path:
    src = base / "in"
    seed = SEED.read_text(encoding="utf-8")
    for name in COPIES:
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(seed, encoding="utf-8")
    for name, (reps, _) in PERTURBED.items():
        text = seed
        for old, new in reps:
            assert old in text, old
            text = text.replace(old, new)
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text, encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "fake.pdf").write_text("<!DOCTYPE html><html><body><p>not a pdf</p></body></html>", encoding="utf-8")
    (src / "random.txt").write_bytes(bytes((i * 197 + 89) % 256 for i in range(5000)) + os.urandom(3000))
    (src / "notes.md").write_text("not an input", encoding="utf-8")  # other suffixes are not collected
    return src


N_FILES = len(COPIES) + len(PERTURBED) + len(BAD)


def db_docs(db: Path) -> dict[str, dict]:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return {r["path"]: dict(r) for r in con.execute("SELECT * FROM documents")}
    finally:
        con.close()


def claim_rows(db: Path) -> list[tuple]:
    """Every claim row keyed by document path (document ids may differ between databases)."""
    con = sqlite3.connect(db)
    try:
        cols = [r[1] for r in con.execute("PRAGMA table_info(claims)") if r[1] != "document_id"]
        sel = ", ".join(f'c."{c}"' for c in cols)
        return con.execute(
            f"SELECT d.path, {sel} FROM claims c JOIN documents d ON d.id = c.document_id ORDER BY d.path, c.seq"
        ).fetchall()
    finally:
        con.close()


def stable_docs(db: Path) -> dict[str, tuple]:
    """documents rows without what may differ between runs (id, timing, time of check, and when and how often
    its cross-document checks were worked out: a resumed run works them out again for the groups it touches)."""
    out = {}
    varies = ("id", "seconds", "checked_at", "cross_checked_at", "cross_runs")
    for p, d in db_docs(db).items():
        out[p] = tuple((k, v) for k, v in sorted(d.items()) if k not in varies)
    return out


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    base = tmp_path_factory.mktemp("batch")
    src = make_folder(base)
    out = base / "results"
    res = run_batch([str(src)], out, jobs=2, progress=False)
    return src, out, res


def test_statuses_counts_and_reasons(batch):
    src, out, res = batch
    assert res.files == N_FILES and res.checked == N_FILES and res.skipped == 0
    assert res.exit_code == 2  # some files unreadable; the batch still completed
    docs = db_docs(out / "narrcheck.sqlite")
    assert len(docs) == N_FILES
    base = docs[str(src / "copy-01.txt")]
    assert base["status"] == "flagged" and base["claims"] > 100 and base["rounding"] >= 1 and base["mismatch"] == 0
    assert base["unit"] == SEED_UNIT and base["year"] == 2024 and base["doctype"] == "决算"
    assert len(base["sha256"]) == 64 and base["size"] == SEED.stat().st_size
    for name in COPIES:
        d = docs[str(src / name)]
        assert d["status"] == "flagged"
        for k in (
            "claims",
            "ok",
            "rounding",
            "mismatch",
            "direction",
            "unverified",
            "findings_error",
            "findings_warning",
            "findings_note",
        ):
            assert d[k] == base[k], (name, k)
    for name, (_, delta) in PERTURBED.items():
        d = docs[str(src / name)]
        assert d["status"] in ("ok", "flagged"), name
        assert d["claims"] == base["claims"]
        for k in ("ok", "rounding", "mismatch", "direction", "unverified"):
            assert d[k] == base[k] + delta.get(k, 0), (name, k)
    assert docs[str(src / "sub/医保-sangong.txt")]["unit"] == "延边朝鲜族自治州医疗保障局（汇总）"
    for name, reason in BAD.items():
        d = docs[str(src / name)]
        assert d["status"] == "error" and reason in d["error"] and "\n" not in d["error"], d
        assert d["claims"] == 0 and d["report"] is None
    assert str(src / "notes.md") not in docs
    # every document's claims and findings rows are all there
    n = dict(
        query(
            out / "narrcheck.sqlite",
            "SELECT d.path, count(c.seq) FROM documents d LEFT JOIN claims c ON c.document_id = d.id GROUP BY d.id",
        )[1]
    )
    assert all(n[p] == d["claims"] for p, d in docs.items())
    rows = query(
        out / "narrcheck.sqlite",
        "SELECT claim_id, kind, verdict, claimed, recomputed, evidence, message, suggestion "
        "FROM claims c JOIN documents d ON d.id = c.document_id "
        "WHERE d.path LIKE '%basic-958.txt' AND verdict = 'mismatch'",
    )[1]
    assert len(rows) == 1 and '"value": "958"' in rows[0][3] and "968" in rows[0][7]


def test_summary_csv_and_index(batch):
    src, out, res = batch
    with open(out / "summary.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == [
        "path",
        "unit",
        "year",
        "doctype",
        "claims",
        "ok",
        "rounding",
        "mismatch",
        "direction",
        "unverified",
        "findings_error",
        "findings_warning",
        "findings_note",
        "crossdoc_findings",
        "status",
        "error",
        "needs_ocr",
        "first_problem",
        "report",
    ]
    assert [r["path"] for r in rows] == sorted(r["path"] for r in rows) and len(rows) == N_FILES
    by = {Path(r["path"]).relative_to(src).as_posix(): r for r in rows}
    assert by["basic-958.txt"]["mismatch"] == "1" and by["empty.txt"]["status"] == "error" and by["empty.txt"]["error"]

    html = (out / "index.html").read_text(encoding="utf-8")
    links = [x for x in re.findall(r'href="([^"]+)"', html) if x != "crossdoc.html"]
    assert len(links) == N_FILES - len(BAD)
    reports = (out / "reports").resolve()
    for link in links:
        target = (out / unquote(link)).resolve()
        assert target.parent == reports and target.is_file(), link
        assert "<html" in target.read_text(encoding="utf-8")[:200].lower()
    # default order: most problems first (the 三公 + unit copy and the 958 copy before plain copies)
    first_rows = re.findall(r"<tr class=\"(\w+)\">\s*<td class=\"path\">(?:<a [^>]*>)?([^<]+)", html)
    order = [Path(p).name for _, p in first_rows]
    assert order.index("basic-958.txt") < order.index("copy-01.txt") and order.index("copy-01.txt") < order.index(
        "share-fixed.txt"
    )
    assert "<script>" in html and "http://" not in html and "https://" not in html  # self-contained


def test_rerun_skips_everything_and_force_rechecks(batch):
    src, out, res = batch
    before = stable_docs(out / "narrcheck.sqlite")
    again = run_batch([str(src)], out, progress=False)
    assert again.skipped == N_FILES and again.checked == 0 and again.exit_code == 2
    assert stable_docs(out / "narrcheck.sqlite") == before
    # a changed file is re-checked and its old rows replaced, nothing duplicated
    changed = src / "copy-08.txt"
    changed.write_text(
        SEED.read_text(encoding="utf-8").replace("基本支出 968 万元", "基本支出 958 万元"), encoding="utf-8"
    )
    try:
        third = run_batch([str(src)], out, progress=False)
        assert third.checked == 1 and third.skipped == N_FILES - 1
        docs = db_docs(out / "narrcheck.sqlite")
        assert len(docs) == N_FILES and docs[str(changed)]["mismatch"] == 1
        assert (
            query(
                out / "narrcheck.sqlite", f"SELECT count(*) FROM claims WHERE document_id = {docs[str(changed)]['id']}"
            )[1][0][0]
            == docs[str(changed)]["claims"]
        )
    finally:
        changed.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    assert run_batch([str(src)], out, progress=False).checked == 1  # back to the seed
    forced = run_batch([str(src / "copy-01.txt")], out, force=True, progress=False)
    assert forced.checked == 1 and forced.exit_code == 1
    assert stable_docs(out / "narrcheck.sqlite") == before


def test_cli_list_file_query_and_readonly(batch, tmp_path):
    src, out, res = batch
    listing = tmp_path / "files.lst"
    names = ["copy-01.txt", "basic-958.txt", "empty.txt", "copy-01.txt"]  # duplicate dropped
    listing.write_text("# files to check\n" + "\n".join(str(src / n) for n in names) + "\n\n", encoding="utf-8")
    out2 = tmp_path / "res"
    runner = CliRunner()
    r = runner.invoke(
        app, ["batch", str(listing), "--out", str(out2), "--jobs", "2", "--timeout", "60", "--max-mb", "5"]
    )
    assert r.exit_code == 2, r.output
    docs = db_docs(out2 / "narrcheck.sqlite")
    assert sorted(docs) == sorted(str(src / n) for n in set(names))
    ref = claim_rows(out / "narrcheck.sqlite")
    mine = claim_rows(out2 / "narrcheck.sqlite")
    assert mine == [row for row in ref if row[0] in docs]
    # only good files: exit 1 (flagged), and a file with nothing flagged: exit 0
    r = runner.invoke(app, ["batch", str(src / "copy-01.txt"), str(src / "copy-02.txt"), "--out", str(tmp_path / "r1")])
    assert r.exit_code == 1, r.output
    tiny = tmp_path / "tiny.txt"
    tiny.write_text("2024年度部门决算情况说明\n本单位本年收入合计 100 万元。\n", encoding="utf-8")
    r = runner.invoke(app, ["batch", str(tiny), "--out", str(tmp_path / "r0")])
    assert r.exit_code == 0, r.output
    # --query: read-only, prints the rows
    sql = (
        "SELECT d.unit, count(*) AS n FROM claims c JOIN documents d ON d.id = c.document_id "
        "WHERE c.verdict = 'mismatch' AND (c.section LIKE '%三公%' OR c.subject LIKE '%三公%') "
        "GROUP BY d.unit ORDER BY n DESC"
    )
    r = runner.invoke(app, ["batch", "--query", sql, "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "医疗保障局" in r.output and "社会保险事业管理局" in r.output
    r = runner.invoke(app, ["batch", "--query", "DELETE FROM claims", "--out", str(out)])
    assert r.exit_code == 2 and "readonly" in r.output.replace("-", "").replace(" ", "")
    assert len(db_docs(out / "narrcheck.sqlite")) == N_FILES


def test_report_names_stay_inside(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    for p in [
        "../../etc/passwd",
        "/abs/path/x.txt",
        "..",
        "a/../../b.pdf",
        "x\0y.txt",
        "C:\\win\\..\\evil.docx",
        "/tmp/..hidden",
        "名称 (最终).txt",
        "a" * 300 + ".txt",
    ]:
        name = report_name(p)
        assert (
            "/" not in name and "\\" not in name and "\0" not in name and ".." not in name and not name.startswith(".")
        )
        assert name.endswith(".html") and len(name) < 90
        assert report_path(reports, p).parent == reports.resolve()
    assert report_name("/a/x.txt") != report_name("/b/x.txt")
    assert report_name("/a/名称 (最终).txt").startswith("名称_最终-")


def test_collect_sorts_dedups_and_reads_lists(tmp_path):
    src = make_folder(tmp_path)
    files = collect([str(src), str(src / "copy-01.txt")])
    assert files == sorted(set(files)) and len(files) == N_FILES
    lst = tmp_path / "list.txt"  # a .txt whose every line names a file is a list
    lst.write_text(f"{src / 'copy-02.txt'}\nin/copy-01.txt\n", encoding="utf-8")
    assert collect([str(lst)]) == sorted([str(src / "copy-01.txt"), str(src / "copy-02.txt")])
    assert collect([str(src / "copy-02.txt")]) == [str(src / "copy-02.txt")]  # a disclosure is not a list
    assert collect(["@" + str(lst)]) == collect([str(lst)])


def test_timeout_kills_only_the_slow_file(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for n in ("a.txt", "slow.txt", "c.txt"):
        (src / n).write_bytes(SEED.read_bytes())
    t = time.monotonic()
    res = run_batch([str(src)], tmp_path / "out", jobs=2, timeout=5.0, progress=False, _sleep={"slow.txt": 60})
    assert time.monotonic() - t < 20
    docs = db_docs(tmp_path / "out" / "narrcheck.sqlite")
    assert docs[str(src / "slow.txt")]["status"] == "timeout" and "5 s" in docs[str(src / "slow.txt")]["error"]
    assert docs[str(src / "a.txt")]["status"] == docs[str(src / "c.txt")]["status"] == "flagged", docs
    assert res.exit_code == 2 and res.statuses == {"flagged": 2, "timeout": 1}
    assert not (tmp_path / "out" / "reports" / report_name(str(src / "slow.txt"))).exists()


def _committed(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


@pytest.mark.parametrize("kill_after", [1, 6, 12])
def test_sigkill_then_restart_finishes_without_duplicates(batch, tmp_path, kill_after):
    src, ref_out, _ = batch
    out = tmp_path / "results"
    db = out / "narrcheck.sqlite"
    cmd = [sys.executable, "-m", "narrcheck.cli", "batch", str(src), "--out", str(out), "--jobs", "1", "--quiet"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 40
    try:
        while _committed(db) < kill_after and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=10)
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    done = db_docs(db)
    assert kill_after <= len(done) < N_FILES, len(done)
    # nothing half-written: every committed document has all its claims
    counts = dict(
        query(
            db, "SELECT d.path, count(c.seq) FROM documents d LEFT JOIN claims c ON c.document_id = d.id GROUP BY d.id"
        )[1]
    )
    assert all(counts[p] == d["claims"] for p, d in done.items())

    again = subprocess.run(cmd[:-1] + ["--jobs", "2"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert again.returncode == 2, again.stderr
    assert f"skipped {len(done)} unchanged" in again.stderr and f"checked {N_FILES - len(done)}" in again.stderr
    assert len(db_docs(db)) == N_FILES
    assert claim_rows(db) == claim_rows(ref_out / "narrcheck.sqlite")
    assert stable_docs(db) == stable_docs(ref_out / "narrcheck.sqlite")
    ref_reports = sorted(p.name for p in (ref_out / "reports").iterdir())
    assert sorted(p.name for p in (out / "reports").iterdir() if p.suffix == ".html") == ref_reports
