"""`narrcheck serve` through Starlette's TestClient: uploads, reports, downloads, drafts, limits, hostile input.

Each test starts the app with its own data folder and worker processes
(the app's lifespan starts and stops them). The browser test is
tests/test_serve_browser.py.
"""

from __future__ import annotations

from seedclaims import seed_flagged  # noqa: E402
import json
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import docx
import openpyxl
import pytest

pytest.importorskip("starlette")
from starlette.testclient import TestClient  # noqa: E402

from narrcheck.readers import Limits  # noqa: E402
from narrcheck.serve import Settings, create_app  # noqa: E402
from narrcheck.serve.store import Store  # noqa: E402
from narrcheck.serve.word import clean_map  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "yanbian-shebao-2024.txt"
PUTUO = ROOT.parent / "shared" / "corpus" / "putuo-caizheng-2024.pdf"
JSON_ACCEPT = {"Accept": "application/json"}


@pytest.fixture
def serve(tmp_path):
    """A running app (workers started) and its data folder; ``serve(settings)`` for other limits."""
    clients: list[TestClient] = []

    def start(settings: Settings | None = None) -> tuple[TestClient, Path]:
        data = tmp_path / f"data{len(clients)}"
        client = TestClient(create_app(data, settings or Settings(jobs=2)))
        client.__enter__()
        clients.append(client)
        return client, data

    yield start
    for c in clients:
        c.__exit__(None, None, None)


def upload(
    client: TestClient,
    filename: str,
    content: bytes,
    name: str | None = None,
    tables: tuple[str, bytes] | None = None,
    wait: bool = True,
):
    files = {"narrative": (filename, content, "application/octet-stream")}
    if tables:
        files["tables"] = (tables[0], tables[1], "application/octet-stream")
    data = {"name": name} if name is not None else {}
    return client.post("/api/check" + ("?wait=1" if wait else ""), files=files, data=data, headers=JSON_ACCEPT)


def leftovers(data: Path) -> list[str]:
    """Anything still in the staging folder (every upload must be moved or removed)."""
    return sorted(p.name for p in (data / "tmp").iterdir())


def seed_to_office(src: Path, docx_path: Path, xlsx_path: Path | None = None) -> None:
    """The seed as an editor has it: paragraphs in Word, each tab-separated block as a table (or a sheet)."""
    d = docx.Document()
    wb = openpyxl.Workbook() if xlsx_path else None
    if wb:
        wb.remove(wb.active)
    block: list[list[str]] = []

    def flush() -> None:
        if not block:
            return
        if wb is not None:
            ws = wb.create_sheet(f"表{len(wb.sheetnames) + 1}")
            for r in block:
                ws.append(r)
        else:
            t = d.add_table(rows=len(block), cols=max(len(r) for r in block))
            for row, r in zip(t.rows, block):
                for cell, v in zip(row.cells, r):
                    cell.text = v
        block.clear()

    for line in src.read_text(encoding="utf-8").split("\n"):
        if "\t" in line:
            block.append(line.split("\t"))
            continue
        flush()
        if line.strip():
            d.add_paragraph(line)
    flush()
    d.save(docx_path)
    if wb is not None:
        wb.save(xlsx_path)


def test_seed_upload_shows_flagged_claims_and_downloads(serve):
    client, data = serve()
    r = upload(client, "延边社保决算.txt", SEED.read_bytes(), name="延边社保 2024 决算")
    assert r.status_code == 200, r.text
    s = r.json()
    assert s["state"] == "done" and s["status"] == "flagged"
    assert s["summary"]["verdicts"]["rounding"] == 3
    page = client.get(s["url"])
    assert page.status_code == 200
    assert "延边社保 2024 决算" in page.text and "第 1 稿" in page.text and "需要修改" in page.text
    assert 'sandbox="allow-scripts"' in page.text
    report = client.get(f"/u/{s['upload']}/report")
    assert "sandbox allow-scripts" in report.headers["content-security-policy"]
    marks = set(re.findall(r'<mark class="claim v-rounding[^"]*" data-claim="(c\d+)"', report.text))
    assert marks == set(seed_flagged()["ids"].split(","))
    js = client.get(f"/u/{s['upload']}/report.json")
    assert js.headers["content-disposition"].startswith("attachment;")
    flagged = {c["id"]: c for c in js.json()["claims"] if c["verdict"] == "rounding"}
    assert set(flagged) == set(seed_flagged()["ids"].split(","))
    assert flagged[seed_flagged()["share"]]["suggestion"] == "1073.08 万元，占 93.1%"
    assert js.json()["path"] == "延边社保决算.txt"  # the editor's file name, not where the server keeps it
    assert client.get(f"/u/{s['upload']}/annotated").status_code == 404  # no marked copy of a text file
    assert leftovers(data) == []
    assert "延边社保 2024 决算" in client.get("/").text


@pytest.mark.skipif(not PUTUO.exists(), reason="../shared/corpus/putuo-caizheng-2024.pdf not present")
def test_pdf_upload_annotated_copy_opens(serve):
    import pymupdf

    client, data = serve()
    r = upload(client, "普陀财政2024.pdf", PUTUO.read_bytes())
    assert r.status_code == 200, r.text
    s = r.json()
    assert s["pages"] == 25  # shown by the progress indicator while the PDF is read
    js = client.get(f"/u/{s['upload']}/report.json").json()
    mismatches = [c["text"] for c in js["claims"] if c["verdict"] == "mismatch"]
    assert any("0.3万元" in t for t in mismatches) and any("71.73%" in t for t in mismatches)
    got = client.get(f"/u/{s['upload']}/annotated")
    assert got.status_code == 200 and got.headers["content-type"] == "application/pdf"
    assert "filename*=UTF-8''" in got.headers["content-disposition"]
    with pymupdf.open(stream=got.content, filetype="pdf") as marked, pymupdf.open(str(PUTUO)) as original:
        k = marked.page_count - original.page_count  # the printed summary in front, then every original page
        assert k >= 1 and marked[k].get_label() == "1" and "0.3万元" in marked[0].get_text()
        notes = [a.info["content"] for page in marked for a in page.annots()]
    assert any("0.3万元" in n for n in notes) and any("71.73%" in n for n in notes)
    assert "下载标注版 PDF" in client.get(s["url"]).text


def test_second_draft_shows_what_it_fixed_and_broke(serve):
    client, _ = serve()
    first = upload(client, "draft1.txt", SEED.read_bytes(), name="延边").json()
    text = SEED.read_text(encoding="utf-8")
    assert "占 93.2%" in text and "占 3.5%" in text and "公用经费 128.44" in text
    text = (
        text.replace("占 93.2%", "占 93.1%").replace("公用经费 128.44", "公用经费 128.43").replace("占 3.5%", "占 3.9%")
    )
    r = upload(client, "draft2.txt", text.encode("utf-8"), name="延边")
    assert r.status_code == 200, r.text
    second = r.json()
    page = client.get(second["url"]).text
    assert "第 2 稿" in page and "与第 1 稿相比" in page
    row = client.app.state.narrcheck.store.get(second["upload"])
    d = row["diff"]
    assert d["previous"] == first["upload"]
    assert {c["text"] for c in d["fixed"]} >= {"1073.08 万元，占 93.2%", "128.44 万元"}
    assert any("3.9%" in c["text"] for c in d["newly_broken"])
    assert re.search(r'id="n-fixed">\d+<', page) and re.search(r'id="n-broken">\d+<', page)
    diff = client.get(f"/u/{second['upload']}/diff")
    assert diff.status_code == 200 and "newly broken" in diff.text
    assert "sandbox allow-scripts" in diff.headers["content-security-policy"]
    assert [x["draft"] for x in client.app.state.narrcheck.store.drafts("延边")] == [2, 1]


def test_hostile_file_gets_one_line_error_and_the_server_goes_on(serve):
    client, data = serve()
    r = upload(client, "坏文件<b>.pdf", b"%PDF-1.7\n<script>alert(1)</script>\x00\xff" * 50)
    assert r.status_code == 422
    err = r.json()["error"]
    assert "\n" not in err and "Traceback" not in err
    assert err.startswith("坏文件<b>.pdf: ")
    # the same upload from a page without JavaScript: an error page, the name escaped
    page = client.post("/api/check", files={"narrative": ("坏文件<b>.pdf", b"not a pdf at all", "application/pdf")})
    assert page.status_code == 422 and "坏文件&lt;b&gt;.pdf" in page.text and "<b>" not in page.text
    for name, content, why in [
        ("旧稿.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 100, "save it as .docx"),
        ("程序.exe", b"MZ" + b"\0" * 100, "not a file narrcheck reads"),
        ("空.txt", b"", "empty"),
    ]:
        r = upload(client, name, content)
        assert r.status_code == 400 and why in r.json()["error"] and r.json()["error"].startswith(name), r.text
    assert client.post("/api/check", data={"name": "x"}, headers=JSON_ACCEPT).status_code == 400
    three = [(k, (f"{k}.txt", SEED.read_bytes())) for k in ("narrative", "tables", "extra")]
    assert client.post("/api/check", files=three, headers=JSON_ACCEPT).json() == {
        "error": "Too many files. Maximum number of files is 2."
    }
    garbled = client.post(
        "/api/check",
        content=b"--x\r\ngarbage",
        headers={"Content-Type": "multipart/form-data; boundary=zzz", **JSON_ACCEPT},
    )
    assert garbled.status_code == 400 and list(garbled.json()) == ["error"]
    assert leftovers(data) == [] and not any((data / "uploads").iterdir())
    assert upload(client, "seed.txt", SEED.read_bytes()).status_code == 200


def test_document_text_and_names_are_escaped(serve):
    client, data = serve()
    hostile = '<script>alert("x")</script> \'quoted" {{ 7*7 }} {% if 1 %}jinja{% endif %} <img src=x onerror=alert(1)>'
    text = SEED.read_text(encoding="utf-8").replace(
        "2024 年度一般公共预算财政拨款支出 1152 万元", hostile + "2024 年度一般公共预算财政拨款支出 1152 万元"
    )
    name = '{{ 7*7 }}<img src=x onerror=alert(2)>"'
    r = upload(client, '"><img src=x onerror=alert(3)>.txt', text.encode("utf-8"), name=name)
    assert r.status_code == 200, r.text
    s = r.json()
    for url in (s["url"], f"/u/{s['upload']}/report", "/"):
        html = client.get(url).text
        assert "<script>alert" not in html and "<img src=x" not in html, url
        assert "{{ 7*7 }}" in html, url  # template syntax from the document or the name is shown, never run
    assert "&lt;img src=x onerror=alert(2)&gt;" in client.get(s["url"]).text
    disposition = client.get(f"/u/{s['upload']}/report.json").headers["content-disposition"]
    assert "<" not in disposition and '"><' not in disposition
    assert json.loads(client.get(f"/u/{s['upload']}/report.json").text)["path"].endswith(
        "><img src=x onerror=alert(3)>.txt"
    )  # kept as text, shown escaped


def test_client_file_names_are_never_paths(serve, tmp_path):
    client, data = serve()
    r = upload(
        client,
        "../../../../escape.txt",
        SEED.read_bytes(),
        tables=("..\\..\\tables.txt", b"\xe9\xa1\xb9\xe7\x9b\xae\t1\n"),
    )
    assert r.status_code == 200, r.text
    folder = data / "uploads" / str(r.json()["upload"])
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(("narrative", "tables"))) == [
        "narrative.txt",
        "tables.txt",
    ]
    assert all(data in p.parents for p in tmp_path.rglob("*") if p.is_file())
    assert r.json()["filename"] == "escape.txt"


def test_word_upload_gives_a_commented_copy(serve, tmp_path):
    client, _ = serve()
    src, text = tmp_path / "情况说明.docx", tmp_path / "seed.txt"
    text.write_text(
        SEED.read_text(encoding="utf-8").replace("占 3.5%", "占 3.9%"), encoding="utf-8"
    )  # a claim over two paragraphs
    seed_to_office(text, src)
    r = upload(client, src.name, src.read_bytes(), name="延边 Word")
    assert r.status_code == 200, r.text
    s = r.json()
    assert s["summary"]["verdicts"]["rounding"] == 3 and s["summary"]["verdicts"]["mismatch"] == 1
    assert "下载带批注的 Word" in client.get(s["url"]).text
    got = client.get(f"/u/{s['upload']}/annotated")
    assert got.status_code == 200 and "wordprocessingml" in got.headers["content-type"]
    out = tmp_path / "commented.docx"
    out.write_bytes(got.content)
    anchored = commented_text(out)
    assert anchored["1073.08 万元，占 93.2%"].startswith("【尾数 rounding】")
    assert "建议改为：“1073.08 万元，占 93.1%”" in anchored["1073.08 万元，占 93.2%"]
    assert "839.54 万元" in anchored and "128.44 万元" in anchored and "主要是主要是" in anchored
    assert anchored["40.44 万元，占 3.9%"].startswith("【不符 mismatch】")  # from one paragraph into the next
    assert docx.Document(str(out)).paragraphs[0].text == docx.Document(str(src)).paragraphs[0].text


def commented_text(path: Path) -> dict[str, str]:
    """Each comment's anchored text → its note (read back from the saved .docx)."""
    from docx.oxml.ns import qn

    d = docx.Document(str(path))
    notes = {str(c.comment_id): c.text for c in d.comments}
    out: dict[str, str] = {}
    open_ids: dict[str, list[str]] = {}
    for el in d.element.body.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "commentRangeStart":
            open_ids[el.get(qn("w:id"))] = []
        elif tag == "commentRangeEnd":
            cid = el.get(qn("w:id"))
            out["".join(open_ids.pop(cid, []))] = notes[cid]
        elif tag == "t":
            for parts in open_ids.values():
                parts.append(el.text or "")
    return out


def test_word_narrative_with_separate_tables_file(serve, tmp_path):
    client, _ = serve()
    narrative, tables = tmp_path / "说明.docx", tmp_path / "报表.xlsx"
    seed_to_office(SEED, narrative, tables)
    r = upload(client, narrative.name, narrative.read_bytes(), tables=(tables.name, tables.read_bytes()))
    assert r.status_code == 200, r.text
    row = client.app.state.narrcheck.store.get(r.json()["upload"])
    assert row["format"] == "docx+xlsx" and row["tables_filename"] == "报表.xlsx"
    assert row["summary"]["verdicts"]["rounding"] == 3
    got = client.get(f"/u/{row['id']}/annotated")
    assert "1073.08 万元，占 93.2%" in commented_text(_save(tmp_path / "c.docx", got.content))


def _save(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def test_upload_size_limit(serve):
    client, data = serve(Settings(jobs=1, limits=Limits(max_bytes=1024 * 1024)))
    r = upload(client, "big.txt", b"a" * (1024 * 1024 + 10))
    assert r.status_code == 413 and r.json()["error"] == "big.txt: file is over the 1 MB limit (--max-mb)"
    r = upload(client, "huge.txt", b"a" * (4 * 1024 * 1024))  # over the whole request's cap: refused as it streams
    assert r.status_code == 413 and "limit" in r.json()["error"]
    assert leftovers(data) == []
    assert upload(client, "seed.txt", SEED.read_bytes()).status_code == 200


@pytest.mark.skipif(not PUTUO.exists(), reason="../shared/corpus/putuo-caizheng-2024.pdf not present")
def test_page_limit(serve):
    client, data = serve(Settings(jobs=1, limits=Limits(max_pages=5)))
    r = upload(client, "长文件.pdf", PUTUO.read_bytes())
    assert r.status_code == 422 and r.json()["error"] == "长文件.pdf: PDF has 25 pages, over the 5-page limit"
    assert leftovers(data) == [] and not any((data / "uploads").iterdir())


def test_hung_check_is_stopped_at_the_time_limit(serve):
    client, data = serve(Settings(jobs=1, timeout=1.0, test_sleep=30.0))
    t = time.monotonic()
    r = upload(client, "slow.txt", SEED.read_bytes())
    assert r.status_code == 422 and r.json()["error"] == "slow.txt: took longer than 1 s (check stopped)"
    assert time.monotonic() - t < 10
    client.app.state.narrcheck.settings.test_sleep = 0.0
    assert upload(client, "next.txt", SEED.read_bytes()).status_code == 200  # a new worker took over
    assert leftovers(data) == []


def test_crashed_worker_is_replaced(serve):
    import os
    import signal

    client, data = serve(Settings(jobs=1, timeout=60.0, test_sleep=30.0))
    job = upload(client, "crash.txt", SEED.read_bytes(), wait=False).json()
    pool = client.app.state.narrcheck.board.pool
    deadline = time.monotonic() + 30
    while not any(w.job for w in pool.workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(next(w.proc.pid for w in pool.workers if w.job), signal.SIGKILL)  # stands for a reader that segfaults
    while (s := client.get(job["status_url"]).json())["state"] not in ("done", "error") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert s["error"] == "crash.txt: worker process crashed (SIGKILL)"
    client.app.state.narrcheck.settings.test_sleep = 0.0
    assert upload(client, "next.txt", SEED.read_bytes()).status_code == 200
    assert leftovers(data) == []


def test_progress_is_reported_while_waiting(serve):
    client, _ = serve(Settings(jobs=1, test_sleep=1.0))
    first = upload(client, "a.txt", SEED.read_bytes(), wait=False)
    second = upload(client, "b.txt", SEED.read_bytes(), wait=False)
    assert first.status_code == 202 and second.status_code == 202
    states = set()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        s = client.get(second.json()["status_url"]).json()
        states.add(s["state"])
        if s["state"] in ("done", "error"):
            break
        time.sleep(0.05)
    assert s["state"] == "done" and s["url"].startswith("/u/")
    assert "queued" in states and states & {"started", "reading", "checking"}


def test_ten_simultaneous_uploads_all_complete(serve):
    client, data = serve()
    results: list = [None] * 10
    content = SEED.read_bytes()

    def one(i: int) -> None:
        results[i] = upload(client, f"draft{i}.txt", content, name=f"文档{i % 3}")

    threads = [threading.Thread(target=one, args=(i,)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert all(r is not None and r.status_code == 200 for r in results), [r and r.text for r in results]
    assert len({r.json()["upload"] for r in results}) == 10
    assert all(r.json()["summary"]["verdicts"]["rounding"] == 3 for r in results)
    store = client.app.state.narrcheck.store
    assert sorted(len(store.drafts(f"文档{k}")) for k in range(3)) == [3, 3, 4]
    assert leftovers(data) == []


def test_cross_site_post_is_refused(serve):
    client, _ = serve()
    r = client.post(
        "/api/check",
        files={"narrative": ("a.txt", SEED.read_bytes())},
        headers={"Origin": "http://evil.example", **JSON_ACCEPT},
    )
    assert r.status_code == 403 and "own page" in r.json()["error"]
    ok = client.post(
        "/api/check?wait=1",
        files={"narrative": ("a.txt", SEED.read_bytes())},
        headers={"Origin": "http://testserver", **JSON_ACCEPT},
    )
    assert ok.status_code == 200


def test_pages_carry_security_headers(serve):
    client, _ = serve()
    r = client.get("/")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert (
        "script-src 'self'" in r.headers["content-security-policy"]
        and "unsafe-inline" not in r.headers["content-security-policy"]
    )
    assert client.get("/static/serve.js").status_code == 200
    assert client.get("/u/999").status_code == 404
    assert client.get("/api/jobs/nope").json() == {"error": "no such job (finished more than an hour ago?)"}


def test_store_numbers_drafts_per_name(tmp_path):
    store = Store(tmp_path)
    row = {
        "filename": "a.txt",
        "narrative_file": "narrative.txt",
        "format": "text",
        "status": "ok",
        "summary": {"flagged": 0},
        "narrcheck": "0",
    }
    a = store.add(row | {"name": "甲"})
    b = store.add(row | {"name": "乙"})
    c = store.add(row | {"name": "甲", "summary": {"flagged": 2}})
    assert [d["draft"] for d in store.drafts("甲")] == [2, 1]
    assert store.latest("甲")["id"] == c and store.latest("乙")["id"] == b and store.latest("丙") is None
    assert [(d["name"], d["drafts"]) for d in store.documents()] == [("甲", 2), ("乙", 1)]
    assert store.get(a)["summary"] == {"flagged": 0}
    assert store.folder(a) == tmp_path / "uploads" / str(a)
    store.close()


@pytest.mark.parametrize("raw", ["a  b\t c", "  lead", "trail \u3000", "x\u00a0\u00a0y\rz", "一、 收入", ""])
def test_clean_map_points_back_into_the_raw_text(raw):
    text, idx = clean_map(raw)
    assert text == re.sub(r"[ \t\u00a0\u3000]+", " ", raw.replace("\r", "\n")).strip()
    assert len(idx) == len(text)
    for ch, i in zip(text, idx):
        assert raw.replace("\r", "\n")[i] == ch or (ch == " " and raw[i] in " \t\u00a0\u3000")


def test_serve_command_reports_a_busy_port(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        port = s.getsockname()[1]
        p = subprocess.run(
            [sys.executable, "-m", "narrcheck.cli", "serve", "--port", str(port), "--data", str(tmp_path / "d")],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert p.returncode == 2
    assert p.stderr.count("\n") == 1 and p.stderr.startswith(f"narrcheck: 127.0.0.1:{port}: ")


@pytest.mark.parametrize(
    "args, line",
    [
        (["--port", "99999"], "narrcheck: --port 99999: not a port number (0 to 65535; 0 picks a free one)\n"),
        (["--data", "{file}"], "narrcheck: {file}: --data must be a folder\n"),
        (["--jobs", "0"], "narrcheck: serve: --timeout and --jobs must be positive\n"),
        (["--max-mb", "0"], "narrcheck: --max-mb: 0 is not a usable size limit (use 1 to 4096 MB)\n"),
    ],
)
def test_serve_command_refuses_bad_options(tmp_path, args, line):
    f = tmp_path / "a-file"
    f.write_text("x")
    args = [a.replace("{file}", str(f)) for a in args]
    p = subprocess.run(
        [sys.executable, "-m", "narrcheck.cli", "serve", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert p.returncode == 2 and p.stderr == line.replace("{file}", str(f))
    assert not (tmp_path / "narrcheck-data").exists()


def test_workers_carry_the_memory_cap(serve):
    cap = 1536 * 1024 * 1024
    client, _ = serve(Settings(jobs=1, limits=Limits(max_memory=cap)))
    assert upload(client, "seed.txt", SEED.read_bytes()).status_code == 200
    (worker,) = client.app.state.narrcheck.board.pool.workers
    limits = Path(f"/proc/{worker.proc.pid}/limits")
    if not limits.exists():
        pytest.skip("no /proc: the cap is Linux-only")
    line = next(x for x in limits.read_text().splitlines() if x.startswith("Max address space"))
    assert line.split()[3] == str(cap)
