"""`narrcheck serve` in a real headless Chromium, as an editor uses it.

The test starts `narrcheck serve` on 127.0.0.1 (a free port, a data folder
in tmp) and stops it at the end. Skipped unless Debian's chromium
(/usr/bin/chromium) and the Python ``playwright`` package are installed
(never ``playwright install``: it downloads browsers). Set
NARRCHECK_SCREENSHOT_DIR to keep the screenshot of the result page.
"""

from __future__ import annotations

from seedclaims import seed_flagged  # noqa: E402
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from browser import ARGS, CHROMIUM
from browser import playwright as _playwright

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "yanbian-shebao-2024.txt"
PUTUO = ROOT.parent / "shared" / "corpus" / "putuo-caizheng-2024.pdf"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """Base URL of a `narrcheck serve` listening on 127.0.0.1, stopped after the test
    (skipped first without Chromium)."""
    _playwright()
    port = _free_port()
    cmd = [
        sys.executable,
        "-m",
        "narrcheck.cli",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--data",
        str(tmp_path / "data"),
        "--jobs",
        "2",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"narrcheck serve exited: {proc.stderr.read()}")
            try:
                with urllib.request.urlopen(base + "/", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("narrcheck serve did not answer within 60 s")
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _upload(page, base: str, narrative: Path, name: str | None = None) -> None:
    page.set_input_files("#narrative", str(narrative))
    if name is not None:
        page.fill("#name", name)
    page.click("#go")


def test_editor_checks_a_draft_and_its_revision(server, tmp_path):
    sync_playwright = _playwright()
    draft2 = tmp_path / "延边社保-修改稿.txt"
    draft2.write_text(
        SEED.read_text(encoding="utf-8").replace("占 93.2%", "占 93.1%").replace("公用经费 128.44", "公用经费 128.43"),
        encoding="utf-8",
    )
    bad = tmp_path / "坏文件.pdf"
    bad.write_bytes(b"<script>alert(1)</script> not a pdf")
    shot = tmp_path / "serve.png"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 860}, accept_downloads=True)
            page.goto(server + "/")
            assert "核对情况说明与报表" in page.inner_text("h1")
            _drop_assigns_the_files(page)

            # a hostile file: one line on the page, and the page stays usable
            _upload(page, server, bad)
            page.wait_for_selector("#error:not([hidden])", timeout=30000)
            assert page.inner_text("#error") == "无法核对：坏文件.pdf: has a .pdf extension but is not a PDF file"

            # the seed: the report in the frame shows the three flagged claims with their evidence
            page.goto(server + "/")
            _upload(page, server, SEED, name="延边社保 2024")
            page.wait_for_url("**/u/*", timeout=60000)
            assert "需要修改" in page.inner_text("#summary")
            report = page.frame_locator("iframe#report")
            marks = report.locator("mark.claim.v-rounding")
            marks.first.wait_for(timeout=30000)
            ids = sorted(set(marks.evaluate_all("ms => ms.map(m => m.dataset.claim)")))
            assert ids == seed_flagged()["ids"].split(",")
            report.locator(f'mark.claim[data-claim="{seed_flagged()["cell"]}"]').first.click()
            assert "839.55" in report.locator("#panel").inner_text()
            page.screenshot(path=str(shot))
            with page.expect_download() as dl:
                page.click("#dl-json")
            data = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
            rounding = sorted(c["id"] for c in data["claims"] if c["verdict"] == "rounding")
            assert rounding == seed_flagged()["ids"].split(",")

            # the next draft of the same document: what it fixed
            page.click("details.again summary")
            assert page.input_value("#name") == "延边社保 2024"
            first = page.url
            _upload(page, server, draft2)
            page.wait_for_url(lambda url: url != first, timeout=60000)
            page.wait_for_selector("#changes", timeout=60000)
            assert "与第 1 稿相比" in page.inner_text("#changes")
            assert int(page.inner_text("#n-fixed")) >= 2 and page.inner_text("#n-broken") == "0"
            assert "第 2 稿" in page.inner_text("h1")

            if PUTUO.exists():
                _pdf_annotated_copy(page, server, tmp_path)
        finally:
            browser.close()
    assert shot.stat().st_size > 0
    keep = os.environ.get("NARRCHECK_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / "narrcheck-serve.png")


def _drop_assigns_the_files(page) -> None:
    """Two files dropped together: the spreadsheet becomes the tables file, the other the draft."""
    page.evaluate(
        """() => {
        const dt = new DataTransfer();
        dt.items.add(new File(["表"], "报表.xlsx"));
        dt.items.add(new File(["说明"], "情况说明.docx"));
        document.getElementById("upload").dispatchEvent(\
new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
    }"""
    )
    assert page.evaluate("() => document.getElementById('narrative').files[0].name") == "情况说明.docx"
    assert page.evaluate("() => document.getElementById('tables').files[0].name") == "报表.xlsx"
    assert page.input_value("#name") == "情况说明"
    page.set_input_files("#tables", [])
    page.fill("#name", "")


def _pdf_annotated_copy(page, server: str, tmp_path: Path) -> None:
    import pymupdf

    page.goto(server + "/")
    _upload(page, server, PUTUO)
    page.wait_for_url("**/u/*", timeout=60000)
    report = page.frame_locator("iframe#report")
    report.locator("mark.claim.v-mismatch").first.wait_for(timeout=30000)
    assert (
        "正文写 0.3，财政拨款收入支出决算总表“总计”收入/决算数 为 2,961.68" in report.locator("ul.flagged").inner_text()
    )
    with page.expect_download() as dl:
        page.click("#dl-annotated")
    saved = tmp_path / "marked.pdf"
    dl.value.save_as(str(saved))
    assert dl.value.suggested_filename.endswith(".pdf")
    with pymupdf.open(str(saved)) as pdf:
        assert pdf.page_count > 25 and pdf[pdf.page_count - 25].get_label() == "1"  # the summary, then the 25 pages
        assert any("0.3万元" in (a.info["content"] or "") for pg in pdf for a in pg.annots())
