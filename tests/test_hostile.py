"""Issue 16: every row of the hostile-input table, built on the fly at CI size, ends in a result or one line.

Sizes are scaled down (the builders in tests/hostile/ take the size), and
time is bounded by growth (doubling the input must not quadruple the work,
measured with generous factors) or by operation counts, never by a tight
wall-clock threshold. ``benchmarks/scaling.py`` prints the full-size figures.
"""

from __future__ import annotations

import csv
import os
import socket
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

import hostile
from narrcheck.batch import BatchError, query, run_batch
from narrcheck.batch import safeio
from narrcheck.batch.inputs import walk
from narrcheck.batch.memory import cap_memory
from narrcheck.cli import app
from narrcheck.model import ReadError
from narrcheck.readers import Limits, read

SEED = hostile.SEED
runner = CliRunner()
MB = 1024 * 1024


def _one_line(stderr: str, *needles: str) -> str:
    lines = [ln for ln in stderr.strip().splitlines() if ln]
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    for n in needles:
        assert n in lines[0], (n, lines[0])
    return lines[0]


def _cli(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def _proc(*args: object, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "narrcheck.cli", *map(str, args)], capture_output=True, text=True, timeout=timeout
    )


def _seconds(fn, *args) -> float:
    t = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t


def _linear(run, build, small: int, factor: int = 8) -> tuple[float, float]:
    """(seconds at ``small``, seconds at ``factor`` x ``small``), best of two after a warm-up run.

    Callers assert the big one is at most 3 x ``factor`` the small one (a
    quadratic corner would be ``factor`` squared: 64 x at the default), with a
    20 ms floor: generous on a noisy machine, still far from quadratic.
    """
    a, b = build(small), build(small * factor)
    run(a)
    ta = min(_seconds(run, a) for _ in range(2))
    tb = min(_seconds(run, b) for _ in range(2))
    return ta, tb


def _ok(t: tuple[float, float], factor: int = 8) -> bool:
    return t[1] <= 3 * factor * max(t[0], 0.02)


# ------------------------------------------------------------------ never write over an input


def test_output_that_is_the_input_is_refused(tmp_path):
    src = tmp_path / "x.txt"
    src.write_bytes(SEED.read_bytes())
    before = src.read_bytes()
    (tmp_path / "sub").mkdir()
    os.link(src, tmp_path / "hard.json")
    (tmp_path / "link.json").symlink_to(src)
    for out in (src, tmp_path / "sub" / ".." / "x.txt", tmp_path / "hard.json", tmp_path / "link.json"):
        for fmt in ("json", "text", "html"):
            res = _cli("check", src, "--format", fmt, "-o", out)
            assert res.exit_code == 2, (out, res.output)
            _one_line(res.output, str(out), "input")
    assert src.read_bytes() == before


def test_diff_output_over_a_draft_and_outputs_inside_input_folders_are_refused(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    old, new = folder / "old.txt", folder / "new.txt"
    old.write_bytes(SEED.read_bytes())
    new.write_bytes(SEED.read_bytes())
    res = _cli("diff", old, new, "-o", old)
    assert res.exit_code == 2 and old.read_bytes() == SEED.read_bytes()
    _one_line(res.output, "refusing to overwrite")
    res = _cli("check", folder, "--format", "json", "-o", folder / "report.txt")
    assert res.exit_code == 2 and not (folder / "report.txt").exists()
    _one_line(res.output, "inside the input folder")
    res = _cli("check", SEED, "--history", folder, "--format", "json", "-o", folder / "r.json")
    assert res.exit_code == 2 and not (folder / "r.json").exists()
    _one_line(res.output, "inside the input folder")
    for opt in ("--out", "--annotate-dir"):
        extra = [] if opt == "--out" else ["--out", tmp_path / "res"]
        res = _cli("batch", folder, opt, folder / "marked", *extra)
        assert res.exit_code == 2 and not (folder / "marked").exists(), res.output
        _one_line(res.output, "inside the input folder")


def test_missing_output_folder_is_one_line(tmp_path):
    res = _cli("check", SEED, "--format", "json", "-o", tmp_path / "nope" / "r.json")
    assert res.exit_code == 2
    _one_line(res.output, "does not exist")


def test_failed_write_keeps_the_old_report_and_no_temporary(tmp_path, monkeypatch):
    out = tmp_path / "r.json"
    out.write_text('{"old": true}', encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(safeio.os, "fsync", full)
    res = _cli("check", SEED, "--format", "json", "-o", out)
    assert res.exit_code == 2
    _one_line(res.output, str(out), "disk full")
    assert out.read_text(encoding="utf-8") == '{"old": true}'
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_text_report_replaces_rather_than_appends_and_leftovers_are_cleaned(tmp_path):
    out = tmp_path / "r.txt"
    dead = tmp_path / ".r.txt.narrcheck-999999999.tmp"
    dead.write_text("half a report", encoding="utf-8")
    texts = []
    for _ in range(2):
        res = _cli("check", SEED, "-o", out)
        assert res.exit_code == 1, res.output
        texts.append(out.read_text(encoding="utf-8"))
    assert texts[0] == texts[1] and "yanbian-shebao-2024.txt" in texts[0]
    assert not dead.exists()


# ------------------------------------------------------------------ zip packages: limits before the work


def _opened_members(monkeypatch) -> list[str]:
    names: list[str] = []
    real = zipfile.ZipFile.open

    def spy(self, name, *a, **k):
        names.append(name if isinstance(name, str) else name.filename)
        return real(self, name, *a, **k)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    return names


def test_docx_bomb_is_refused_before_it_is_inflated(tmp_path, monkeypatch):
    p = hostile.docx_bomb(tmp_path / "bomb.docx", 12)
    opened = _opened_members(monkeypatch)
    with pytest.raises(ReadError, match="word/document.xml unzips to 12 MB, over the 5.0 MB cap"):
        read(p, limits=Limits(max_unzipped=5 * MB))
    assert "word/document.xml" not in opened


def test_docx_media_part_is_never_read(tmp_path, monkeypatch):
    p = hostile.docx_media(tmp_path / "media.docx", 100)
    opened = _opened_members(monkeypatch)
    doc = read(p)
    assert "本年支出合计100万元" in doc.text
    assert not any("media" in n for n in opened), opened


def test_xlsx_inline_cell_and_shared_strings(tmp_path):
    with pytest.raises(ReadError, match="sheet1.xml unzips to 12 MB, over the 5.0 MB cap"):
        read(hostile.xlsx_inline(tmp_path / "inline.xlsx", 12), limits=Limits(max_unzipped=5 * MB))
    with pytest.raises(ReadError, match="more than 1000 strings \\(cap on cells\\)"):
        read(hostile.xlsx_shared(tmp_path / "sst.xlsx", 5000), limits=Limits(max_cells=1000))
    with pytest.raises(ReadError, match="compressed .*:1, over the 200:1 cap"):
        read(hostile.xlsx_shared(tmp_path / "sst2.xlsx", 700_000))


def test_xml_with_a_dtd_is_refused(tmp_path):
    bomb = '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    good = zipfile.ZipFile(__import__("io").BytesIO(hostile.docx_body("<w:p><w:r><w:t>&b;</w:t></w:r></w:p>")))
    with zipfile.ZipFile(tmp_path / "dtd.docx", "w") as z:
        for name in good.namelist():
            data = good.read(name)
            if name == "word/document.xml":
                data = data.replace(b'standalone="yes"?>', b'standalone="yes"?>' + bomb.encode())
            z.writestr(name, data)
    with pytest.raises(ReadError, match="declares a DTD"):
        read(tmp_path / "dtd.docx")
    hostile.xlsx_rows(tmp_path / "x.xlsx", 2, 2)
    with zipfile.ZipFile(tmp_path / "x.xlsx") as src, zipfile.ZipFile(tmp_path / "dtd.xlsx", "w") as z:
        for name in src.namelist():
            data = src.read(name)
            if name == "xl/workbook.xml":
                data = data.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0"?>' + bomb.encode())
            z.writestr(name, data)
    with pytest.raises(ReadError, match="workbook.xml declares a DTD"):
        read(tmp_path / "dtd.xlsx")


def test_vmerge_table_is_linear_and_same_as_python_docx(tmp_path):
    import docx

    d = docx.Document()
    t = d.add_table(rows=5, cols=4)
    for r in range(5):
        for c in range(4):
            t.cell(r, c).text = f"{r}.{c}"
    t.cell(1, 0).merge(t.cell(4, 0))
    t.cell(0, 1).merge(t.cell(0, 3))
    t.cell(2, 2).merge(t.cell(3, 3))
    d.save(tmp_path / "m.docx")
    expected = []
    for row in docx.Document(tmp_path / "m.docx").tables[0].rows:
        cells, prev = [], None
        for cell in row.cells:
            cells.append("" if cell._tc is prev else " ".join(p.text for p in cell.paragraphs if p.text))
            prev = cell._tc
        expected.append(cells)
    assert read(tmp_path / "m.docx").raw_tables[0].rows == expected
    t = _linear(read, lambda n: hostile.docx_vmerge(tmp_path / f"v{n}.docx", n, 20), 100)
    assert _ok(t), t  # python-docx: 56-71 s at 200 rows, over 600 s at 900


def test_spreadsheet_caps_name_the_cap(tmp_path):
    with pytest.raises(ReadError, match="more than 1000 columns \\(cap on columns\\)"):
        read(hostile.xlsx_rows(tmp_path / "wide.xlsx", 3, 2000))
    with pytest.raises(ReadError, match="more than 1000 rows \\(cap on rows\\)"):
        read(hostile.xlsx_rows(tmp_path / "long.xlsx", 5000, 2), limits=Limits(max_rows=1000))
    with pytest.raises(ReadError, match="more than 100000 rows \\(cap on rows"):
        read(hostile.xls_sparse(tmp_path / "sparse.xls", 20))
    with pytest.raises(ReadError, match="3 sheets, over the cap of 2 sheets"):
        read(hostile.xls_sparse(tmp_path / "three.xls", 3, 10, 10), limits=Limits(max_sheets=2))


def test_text_table_caps(tmp_path):
    with pytest.raises(ReadError, match="2001 tab-separated cells, over the cap of 1000 columns"):
        read(hostile.text_row(tmp_path / "row.txt", 2000))
    with pytest.raises(ReadError, match="more than 1000 rows \\(cap on rows\\)"):
        read(hostile.text_table(tmp_path / "t.txt", 2000), limits=Limits(max_rows=1000))


def test_sparse_xls_costs_its_cells_not_its_corners(tmp_path):
    p = hostile.xls_sparse(tmp_path / "sparse.xls", 4, 20000, 256)
    doc = read(p)  # 4 sheets x 20000 x 256 = 20 M positions; two cells each
    assert doc.format == "xls" and doc.text.count("S") >= 4


def test_pdf_without_tounicode_is_treated_like_a_scan(tmp_path):
    p = hostile.pdf_no_tounicode(tmp_path / "garbage.pdf")
    doc = read(p, limits=Limits(ocr="never"))
    assert doc.needs_ocr and "does not decode to readable text" in doc.warnings[-1]
    res = _cli("check", p, "--format", "json", "--ocr", "never")
    assert res.exit_code in (0, 1) and '"needs_ocr": true' in res.output


def test_pdf_without_tounicode_is_read_by_ocr_and_refused_when_still_unreadable(tmp_path):
    from narrcheck.readers import ocr

    if ocr.available(ocr.default_engine()):
        pytest.skip(f"no OCR engine: {ocr.available(ocr.default_engine())}")
    p = hostile.pdf_no_tounicode(tmp_path / "garbage.pdf")
    doc = read(p)  # --ocr auto: a garbage text layer is a scan, so the page is read from its image
    assert doc.meta.ocr_pages == [1] and not doc.needs_ocr
    res = _cli("check", p)  # its glyphs are noise in the image too: one line, no traceback
    assert res.exit_code == 2 and "not a finance disclosure" in res.output and "Traceback" not in res.output


# ------------------------------------------------------------------ --max-mb and --max-memory


def test_absurd_limits_are_one_line(tmp_path):
    for args, needle in (
        (["--max-mb", "30000"], "--max-mb"),
        (["--max-mb", str(10**30)], "--max-mb"),
        (["--max-mb", "0"], "--max-mb"),
        (["--max-memory", "5"], "--max-memory"),
        (["--max-pages", "0"], "--max-pages"),
    ):
        res = _cli("check", SEED, *args)
        assert res.exit_code == 2, (args, res.output)
        _one_line(res.output, needle)


def test_max_mb_reads_in_chunks(tmp_path, monkeypatch):
    import narrcheck.readers as readers

    p = hostile.repeated_seed(tmp_path / "big.txt", 3)
    with pytest.raises(ReadError, match="over the 2 MB limit"):
        read(p, limits=Limits(max_bytes=2 * MB))
    sizes: list[int] = []

    class Spy:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def read(self, n=-1):
            sizes.append(n)
            return self.fh.read(n)

    monkeypatch.setattr(readers, "open", lambda *a, **k: Spy(open(*a, **k)), raising=False)
    data = readers.read_bytes(p, 4000 * MB)  # a 4 GB limit allocates nothing up front
    assert len(data) == p.stat().st_size and 0 < max(sizes) <= MB


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is enforced on Linux only")
def test_memory_cap_turns_a_runaway_into_one_line(tmp_path):
    code = (
        "from narrcheck.batch.memory import cap_memory\n"
        "assert cap_memory(600 * 1024 * 1024)\n"
        "try:\n    x = bytearray(900 * 1024 * 1024)\nexcept MemoryError:\n    print('capped')\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert res.stdout.strip() == "capped", res.stderr
    assert not cap_memory(0)


def test_memory_error_is_one_line_in_check_and_in_a_worker(tmp_path, monkeypatch):
    import narrcheck.pipeline as pipeline
    from narrcheck.batch import worker

    def boom(*a, **k):
        raise MemoryError

    monkeypatch.setattr(pipeline, "check", boom)
    res = _cli("check", SEED, "--max-memory", "800")
    assert res.exit_code == 2
    _one_line(res.output, str(SEED), "over the memory limit of 800 MB")
    r = worker.check_file(str(SEED), None, Limits(max_memory=800 * MB))
    assert r["status"] == "error" and "over the memory limit of 800 MB" in r["error"] and r.pop("memory_error")


# ------------------------------------------------------------------ folders


def _folder(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_bytes(SEED.read_bytes())
    hostile.fifo(d)
    (d / "zero.txt").symlink_to("/dev/zero")
    (d / "away.txt").symlink_to(SEED)
    (d / os.fsdecode(b"caf\xe9.txt")).write_bytes(SEED.read_bytes())
    (d / ".venv").mkdir()
    (d / ".venv" / "x.txt").write_bytes(SEED.read_bytes())
    (d / "env").mkdir()
    (d / "env" / "pyvenv.cfg").write_text("home = /usr\n", encoding="utf-8")
    (d / "env" / "y.txt").write_bytes(SEED.read_bytes())
    s = socket.socket(socket.AF_UNIX)
    try:
        s.bind(str(d / "sock.txt"))
    except OSError:
        pass
    finally:
        s.close()
    return d


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_walk_skips_special_files_links_out_hidden_and_venvs(tmp_path):
    d = _folder(tmp_path)
    skipped: list[tuple[str, str]] = []
    found = walk(d, skipped)
    assert sorted(Path(f).name for f in found) == sorted(["a.txt", os.fsdecode(b"caf\xe9.txt")])
    why = dict((Path(p).name, w) for p, w in skipped)
    assert "named pipe" in why["fifo.txt"] and "not followed" in why["away.txt"] and "not followed" in why["zero.txt"]
    if (d / "sock.txt").exists():
        assert "socket" in why["sock.txt"]
    followed: list[tuple[str, str]] = []
    assert "away.txt" in {Path(f).name for f in walk(d, followed, follow_links=True)}
    assert "device" in dict((Path(p).name, w) for p, w in followed)["zero.txt"]
    res = _proc("check", d, "--format", "json", timeout=120)  # would hang forever on the FIFO
    assert res.returncode == 2 and "named pipe" in res.stderr and "Traceback" not in res.stderr
    res = _proc("check", d / "fifo.txt", timeout=60)
    _one_line(res.stderr, "fifo.txt", "named pipe (FIFO), not a regular file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_batch_over_a_hostile_folder_completes(tmp_path):
    d = _folder(tmp_path)
    out = tmp_path / "out"
    res = run_batch([str(d)], out, jobs=1, timeout=60, progress=False)
    assert res.exit_code == 2
    with open(out / "summary.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {Path(r["path"]).name: r for r in csv.DictReader(fh)}
    assert rows["a.txt"]["status"] == "flagged" and rows["caf\\xe9.txt"]["status"] == "flagged"
    assert "named pipe" in rows["fifo.txt"]["error"] and "not followed" in rows["zero.txt"]["error"]
    assert (out / "index.html").exists()


def test_csv_cells_that_would_be_formulas_are_neutralised(tmp_path):
    from narrcheck.batch.outputs import write_summary_csv

    docs = [
        {
            "path": "/a.txt",
            "unit": '=HYPERLINK("http://x")',
            "error": "@SUM(A1)",
            "doctype": "+1",
            "year": -1,
            "status": "error",
        }
    ]
    write_summary_csv(docs, tmp_path / "s.csv")
    with open(tmp_path / "s.csv", encoding="utf-8-sig", newline="") as fh:
        row = next(csv.DictReader(fh))
    assert (
        row["unit"].startswith("'=")
        and row["error"].startswith("'@")
        and row["doctype"] == "'+1"
        and row["year"] == "-1"
    )


# ------------------------------------------------------------------ the batch store


def test_second_batch_on_one_out_is_refused_clearly(tmp_path):
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".narrcheck-batch.lock", "a+") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(BatchError, match="another narrcheck batch"):
            run_batch([str(SEED)], out, jobs=1, progress=False)


def test_unwritable_out_and_full_disk_are_one_line(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    res = _cli("batch", SEED, "--out", blocker / "out")
    assert res.exit_code == 2
    _one_line(res.output, "cannot write")
    from narrcheck.batch import db

    def full(*a, **k):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(db, "write_result", full)
    res = _cli("batch", SEED, "--out", tmp_path / "out2", "--quiet")
    assert res.exit_code == 2
    _one_line(res.output, "disk full")


def test_query_is_read_only_and_time_limited(tmp_path):
    out = tmp_path / "out"
    run_batch([str(SEED)], out, jobs=1, progress=False)
    dbp = out / "narrcheck.sqlite"
    for sql in (
        f"VACUUM INTO '{tmp_path / 'copy.db'}'",
        f"ATTACH '{tmp_path / 'new.db'}' AS x",
        "DELETE FROM claims",
        "PRAGMA user_version=3",
    ):
        with pytest.raises(sqlite3.DatabaseError, match="read-only"):
            query(dbp, sql)
    assert not (tmp_path / "copy.db").exists() and not (tmp_path / "new.db").exists()
    t = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="longer than 1 s"):
        query(dbp, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c", seconds=1)
    assert time.monotonic() - t < 30
    assert query(dbp, "PRAGMA table_info(documents)")[1]


def test_concurrent_connects_to_a_fresh_database_do_not_fail(tmp_path):
    code = (
        "import sys\nfrom pathlib import Path\nfrom narrcheck.batch import db\n"
        "con = db.connect(Path(sys.argv[1]))\ncon.close()\nprint('ok')\n"
    )
    dbp = tmp_path / "fresh.sqlite"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(dbp)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(6)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(o.strip() == "ok" for o, _ in outs), outs


# ------------------------------------------------------------------ no quadratic corners (in the readers and tables)


def test_pdf_drawings_and_words_grow_linearly(tmp_path):
    t = _linear(read, lambda n: hostile.pdf_drawings(tmp_path / f"d{n}.pdf", n), 2500)
    assert _ok(t), t  # isolated drawings: was quadratic (10,000: 3.1 s, 20,000: 9.6 s)
    t = _linear(read, lambda n: hostile.pdf_grid(tmp_path / f"g{n}.pdf", n, 10), 25)
    assert _ok(t), t  # words in a ruled grid: was words x cells


def test_grid_groups_match_the_reference_order():
    """The indexed ``_groups`` absorbs the same drawings in the same order as PyMuPDF's scan."""
    import random

    from narrcheck.readers import grid

    class AllText:
        def in_group(self, r):
            return True

    def reference(paths):
        prects = sorted({tuple(p["rect"]) for p in paths}, key=lambda r: (r[3], r[0]))
        out, s = [], grid.SNAP
        while prects:
            x0, y0, x1, y1 = prects[0]
            repeat = True
            while repeat:
                repeat = False
                for i in range(len(prects) - 1, 0, -1):
                    r = prects[i]
                    if grid._neighbors(r, (x0, y0, x1, y1)) and not (
                        r[0] > x1 + s or r[2] < x0 - s or r[1] > y1 + s or r[3] < y0 - s
                    ):
                        x0, x1 = min(x0, r[0], r[2]), max(x1, r[0], r[2])
                        y0, y1 = min(y0, r[1], r[3]), max(y1, r[1], r[3])
                        del prects[i]
                        repeat = True
            out.append((x0, y0, x1, y1))
            del prects[0]
        return out

    for seed in range(200):
        rnd = random.Random(seed)
        paths = []
        for _ in range(rnd.randint(1, 50)):
            x, y = rnd.uniform(0, 100), rnd.uniform(0, 100)
            paths.append(
                {
                    "rect": (
                        x,
                        y,
                        x + rnd.choice([0, 1, 4, 30]) * rnd.random(),
                        y + rnd.choice([0, 1, 4, 30]) * rnd.random(),
                    )
                }
            )
        assert grid._groups(paths, AllText()) == reference(paths), seed


def test_text_table_reading_and_recognition_grow_linearly(tmp_path):
    from narrcheck.layout.sections import segment
    from narrcheck.tables.recognize import recognize

    def stages(p: Path, limits: Limits = Limits()) -> None:
        doc = read(p, limits=limits)
        segment(doc)
        recognize(doc)

    t = _linear(stages, lambda n: hostile.text_table(tmp_path / f"t{n}.txt", n), 2500)
    assert _ok(t), t
    t = _linear(
        lambda p: stages(p, Limits(max_columns=100_000)), lambda n: hostile.text_row(tmp_path / f"r{n}.txt", n), 2500
    )
    assert _ok(t), t
