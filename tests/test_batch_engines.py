"""batch engines (issue 17): Pebble's pool locally, a Dask cluster on loopback, Ctrl-C, --export parquet.

The cluster tests start a ``LocalCluster`` of two worker processes on
127.0.0.1 (no other network) and compare its store with the local
engine's: same documents, same claim and finding rows, same verdicts.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from narrcheck.batch import run_batch
from narrcheck.cli import app

from test_batch import SEED, _committed, claim_rows, db_docs, stable_docs

ROOT = Path(__file__).resolve().parents[1]
distributed = pytest.importorskip("distributed", reason="Dask is the optional 'cluster' extra (make test installs it)")


def finding_rows(db: Path) -> list[tuple]:
    """Every finding row keyed by document path."""
    con = sqlite3.connect(db)
    try:
        return con.execute(
            "SELECT d.path, f.seq, f.rule, f.severity, f.message, f.start, f.\"end\", f.evidence "
            "FROM findings f JOIN documents d ON d.id = f.document_id ORDER BY d.path, f.seq"
        ).fetchall()
    finally:
        con.close()


def small_folder(base: Path, n_copies: int = 3) -> Path:
    """A few files: seed copies, one with a wrong figure, an empty file and a fake PDF."""
    src = base / "in"
    src.mkdir(parents=True)
    seed = SEED.read_text(encoding="utf-8")
    for i in range(n_copies):
        (src / f"copy-{i}.txt").write_text(seed, encoding="utf-8")
    (src / "basic-958.txt").write_text(seed.replace("基本支出 968 万元", "基本支出 958 万元"), encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "fake.pdf").write_text("<html>not a pdf</html>", encoding="utf-8")
    return src


def same_store(a: Path, b: Path) -> None:
    """The two stores hold the same documents, claims and findings (ids, timings aside)."""
    da, db_ = a / "narrcheck.sqlite", b / "narrcheck.sqlite"
    assert stable_docs(da) == stable_docs(db_)
    assert claim_rows(da) == claim_rows(db_)
    assert finding_rows(da) == finding_rows(db_)
    assert sorted(p.name for p in (a / "reports").glob("*.html")) == sorted(
        p.name for p in (b / "reports").glob("*.html")
    )


@pytest.fixture(scope="module")
def cluster():
    import dask
    from distributed import Client, LocalCluster

    # workers must not be daemon processes: each runs narrcheck's Pebble pool (README: many machines);
    # set for the cluster's life, as a worker the nanny restarts reads it again
    with dask.config.set({"distributed.worker.daemon": False}):
        lc = LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        )
        client = Client(lc, set_as_default=False)
        try:
            yield lc, client
        finally:
            client.close()
            lc.close()


@pytest.fixture(scope="module")
def local_ref(tmp_path_factory):
    base = tmp_path_factory.mktemp("engines")
    src = small_folder(base)
    out = base / "local"
    res = run_batch([str(src)], out, jobs=2, progress=False)
    assert res.checked == 6 and res.exit_code == 2
    return src, out


def test_cluster_store_equals_local_store(cluster, local_ref, tmp_path):
    lc, _ = cluster
    src, ref = local_ref
    out = tmp_path / "dask"
    res = run_batch([str(src)], out, scheduler=lc.scheduler_address, progress=False)
    assert res.checked == 6 and res.statuses == {"flagged": 4, "error": 2} and res.exit_code == 2
    same_store(ref, out)
    assert (out / "summary.csv").is_file() and "basic-958" in (out / "index.html").read_text(encoding="utf-8")
    # workers that do not share the path: the bytes go along, the report still names the client's path
    shipped = tmp_path / "shipped"
    res = run_batch([str(src)], shipped, scheduler=lc.scheduler_address, ship_files=True, progress=False)
    assert res.checked == 6
    same_store(ref, shipped)
    page = next(shipped.glob("reports/basic-958*.html")).read_text(encoding="utf-8")
    assert "basic-958.txt" in page and "narrcheck-shipped" not in page


def test_resume_against_the_cluster_skips_what_is_done(cluster, local_ref, tmp_path):
    lc, _ = cluster
    src, ref = local_ref
    out = tmp_path / "dask"
    first = run_batch([str(src / "copy-0.txt"), str(src / "empty.txt")], out, scheduler=lc.scheduler_address,
                      progress=False)
    assert first.checked == 2
    again = run_batch([str(src)], out, scheduler=lc.scheduler_address, progress=False)
    assert again.skipped == 2 and again.checked == 4
    same_store(ref, out)
    third = run_batch([str(src)], out, scheduler=lc.scheduler_address, progress=False)
    assert third.skipped == 6 and third.checked == 0


def test_a_worker_killed_mid_run_changes_nothing(cluster, local_ref, tmp_path):
    lc, client = cluster
    src, ref = local_ref
    out = tmp_path / "dask"
    pids = client.run(os.getpid)
    box: dict = {}

    def batch() -> None:
        try:  # every file takes a second more, so the kill lands while files are being checked
            box["res"] = run_batch([str(src)], out, scheduler=lc.scheduler_address, progress=False,
                                   _sleep={"in/": 1.0})
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            box["exc"] = exc

    t = threading.Thread(target=batch)
    t.start()
    deadline = time.monotonic() + 120
    while _committed(out / "narrcheck.sqlite") < 1 and t.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(sorted(pids.values())[0], signal.SIGKILL)
    t.join(timeout=180)
    assert not t.is_alive() and "exc" not in box, box
    res = box["res"]
    assert res.checked == 6 and res.statuses == {"flagged": 4, "error": 2}  # each file stored once
    same_store(ref, out)
    client.wait_for_workers(2, timeout=60)  # the nanny restarted the lost worker for the next test


def test_unreachable_scheduler_and_wrong_options_are_one_line(tmp_path):
    runner = CliRunner()
    r = runner.invoke(app, ["batch", str(SEED), "--out", str(tmp_path / "o"), "--scheduler", "tcp://127.0.0.1:9"])
    assert r.exit_code == 2 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in r.output
    assert "Traceback" not in r.output
    r = runner.invoke(app, ["batch", str(SEED), "--out", str(tmp_path / "o"), "--ship-files"])
    assert r.exit_code == 2 and "--ship-files goes with --scheduler" in r.output
    r = runner.invoke(app, ["batch", "--out", str(tmp_path / "o"), "--export", "csv"])
    assert r.exit_code == 2 and "--export takes parquet" in r.output


def test_export_parquet_has_every_row(local_ref, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is the optional 'cluster' extra")
    src, ref = local_ref
    out = tmp_path / "o"
    r = CliRunner().invoke(app, ["batch", str(src), "--out", str(out), "--export", "parquet", "--quiet"])
    assert r.exit_code == 2, r.output  # two unreadable files, the export still made
    docs = pq.read_table(out / "documents.parquet").to_pylist()
    assert [d["path"] for d in docs] == sorted(db_docs(out / "narrcheck.sqlite"))
    claims = pq.read_table(out / "claims.parquet")
    assert claims.num_rows == sum(d["claims"] for d in docs) and claims.schema.field("start").type == "int64"
    assert [tuple(row.values())[:1] + tuple(row.values())[2:] for row in claims.to_pylist()] == [
        row for row in claim_rows(out / "narrcheck.sqlite")
    ]
    mismatches = [c for c in claims.to_pylist() if c["verdict"] == "mismatch"]
    assert len(mismatches) == 1 and mismatches[0]["path"].endswith("basic-958.txt")
    assert pq.read_table(out / "findings.parquet").num_rows == len(finding_rows(out / "narrcheck.sqlite"))
    before = (out / "claims.parquet").read_bytes()
    r = CliRunner().invoke(app, ["batch", "--out", str(out), "--export", "parquet"])  # from the store alone
    assert r.exit_code == 0 and (out / "claims.parquet").read_bytes() == before  # deterministic


def test_a_crashing_file_costs_only_itself(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for n in ("a.txt", "crash.txt", "c.txt", "d.txt"):
        (src / n).write_bytes(SEED.read_bytes())
    res = run_batch([str(src)], tmp_path / "out", jobs=2, progress=False, _sleep={"crash.txt": -signal.SIGSEGV})
    docs = db_docs(tmp_path / "out" / "narrcheck.sqlite")
    assert docs[str(src / "crash.txt")]["status"] == "error"
    assert docs[str(src / "crash.txt")]["error"] == "worker process crashed (SIGSEGV)"
    assert res.statuses == {"flagged": 3, "error": 1} and res.checked == 4


def test_ctrl_c_stops_cleanly_and_the_next_run_resumes(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(8):
        (src / f"c{i}.txt").write_bytes(SEED.read_bytes())
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "narrcheck.cli", "batch", str(src), "--out", str(out), "--jobs", "2", "--quiet"]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as in a terminal, not a background job
    )
    deadline = time.monotonic() + 60
    while _committed(out / "narrcheck.sqlite") < 1 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    t = time.monotonic()
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and time.monotonic() - t < 10, err
    assert "Traceback" not in err, err
    done = len(db_docs(out / "narrcheck.sqlite"))
    assert 1 <= done < 8
    again = subprocess.run(cmd[:-1], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert again.returncode == 1, again.stderr
    assert f"skipped {done} unchanged" in again.stderr and f"checked {8 - done}" in again.stderr
