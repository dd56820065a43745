"""Documents held packed between checking and reporting give the same reports as documents held whole.

``check`` on many files packs all but the first few checked documents (held.py) and streams the reports
(render/stream.py); the cross checks then run on the packed documents' facts. These tests hold the same
documents both ways and compare what comes out, cross-document findings included.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from narrcheck.cli import app
from narrcheck.held import Held
from narrcheck.pipeline import check
from narrcheck.render import json as json_render

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SEED = Path(__file__).resolve().parents[1] / "corpus" / "yanbian-shebao-2024.txt"
# last year's 决算 and this year's budget of one 财政局: the budget's statements about 2024 are checked against it
PAIR = ("putuo-caizheng-2024.pdf", "putuo-caizhengju-2025-dept-budget.pdf")

needs_corpus = pytest.mark.skipif(
    not (SHARED / PAIR[0]).exists(), reason=f"{SHARED} is missing: the corpus pairs live beside the clone"
)


def _reports(keep_whole: int, paths: list[Path]) -> list[str]:
    held = Held(keep_whole=keep_whole)
    for p in paths:
        held.add(str(p), check(str(p)))
    held.add("missing.txt", None)
    held.cross_check()
    return [
        "unreadable" if doc is None else json.dumps(json_render.document_dict(doc), ensure_ascii=False)
        for _, doc in held
    ]


@needs_corpus
def test_packed_documents_report_as_whole_ones_with_their_cross_findings() -> None:
    paths = [SHARED / PAIR[0], SEED, SHARED / PAIR[1]]
    whole = _reports(99, paths)
    packed = _reports(0, paths)
    assert packed == whole
    assert "crossdoc." in whole[2]  # the pair's cross findings are there, so the comparison covers them
    assert _reports(2, paths) == whole  # some whole, some packed


def test_many_inputs_stream_the_same_json_array_as_one_dump(tmp_path: Path) -> None:
    """20 copies (more than are kept whole) and one that is no disclosure: the streamed array is json.dumps of
    the objects, byte for byte, and every copy's report is the one file's own."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(20):
        (inputs / f"d{i:02d}.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (inputs / "zz.txt").write_text("not a disclosure at all", encoding="utf-8")
    out = tmp_path / "report.json"
    res = CliRunner().invoke(app, ["check", str(inputs), "-f", "json", "-o", str(out)])
    assert res.exit_code == 2, res.output
    text = out.read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert len(data) == 21 and data[-1].get("error")
    one = json.loads(CliRunner().invoke(app, ["check", str(inputs / "d00.txt"), "-f", "json"]).stdout)
    for i, d in enumerate(data[:20]):
        assert {**d, "path": ""} == {**one, "path": ""}, i


def test_csv_streamed_has_one_header_row(tmp_path: Path) -> None:
    for i in range(18):
        (tmp_path / f"d{i:02d}.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    res = CliRunner().invoke(app, ["check", str(tmp_path), "-f", "csv"])
    lines = res.stdout.splitlines()
    assert lines[0].startswith("path,")
    assert sum(1 for line in lines if line.startswith("path,")) == 1
    assert len(lines) > 18
