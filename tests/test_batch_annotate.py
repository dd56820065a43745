"""narrcheck batch --annotate-dir: an annotated copy of every PDF input, named inside the folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pymupdf
import pytest

from narrcheck.batch import run_batch

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.mark.skipif(not (SHARED / "putuo-caizheng-2024.pdf").exists(), reason="shared corpus not beside the clone")
def test_batch_writes_annotated_pdfs(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SHARED / "putuo-caizheng-2024.pdf", inputs / "caizheng.pdf")
    shutil.copy(Path(__file__).resolve().parents[1] / "corpus" / "yanbian-shebao-2024.txt", inputs / "seed.txt")
    out, ann = tmp_path / "out", tmp_path / "annotated"
    res = run_batch([str(inputs)], out, jobs=1, timeout=60, progress=False, annotate_dir=ann)
    assert res.exit_code == 1
    pdfs = sorted(ann.iterdir())
    assert len(pdfs) == 1 and pdfs[0].name.startswith("caizheng-") and pdfs[0].suffix == ".pdf"
    with pymupdf.open(pdfs[0]) as marked, pymupdf.open(inputs / "caizheng.pdf") as orig:
        k = marked.page_count - orig.page_count  # the printed summary in front
        assert k >= 1 and marked[0].get_text().startswith("narrcheck 核对结果")
        page = marked[20 + k]
        kinds = [a.type[1] for a in page.annots()]
        assert "Highlight" in kinds  # 占71.73% and 0.3万元 on page 21
