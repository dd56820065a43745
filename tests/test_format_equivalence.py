"""The seed converted to the editor's formats (.docx narrative + .xlsx tables) gives the same verdicts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from docx import Document as Docx
from openpyxl import Workbook

from narrcheck.pipeline import check
from narrcheck.readers import read

SEED = Path(__file__).resolve().parents[1] / "corpus" / "yanbian-shebao-2024.txt"


def _convert(tmp_path: Path) -> tuple[Path, Path]:
    """Narrative lines → .docx paragraphs; each table grid (with its caption lines) → one sheet."""
    doc = read(SEED)
    text = doc.text
    spans = [(t.start, t.end) for t in doc.raw_tables]
    d = Docx()
    pos = 0
    for line in text.split("\n"):
        if not any(a <= pos < b for a, b in spans):
            d.add_paragraph(line)
        pos += len(line) + 1
    docx_path = tmp_path / "draft.docx"
    d.save(docx_path)
    wb = Workbook()
    wb.remove(wb.active)
    for i, t in enumerate(sorted(doc.raw_tables, key=lambda t: t.start)):
        ws = wb.create_sheet(f"表{i + 1}")
        for cap in text[max(0, t.start - 300) : t.start].strip().split("\n")[-2:]:
            ws.append([cap.strip()])
        for row in t.rows:
            ws.append(list(row))
    xlsx_path = tmp_path / "tables.xlsx"
    wb.save(xlsx_path)
    return docx_path, xlsx_path


def _verdicts(doc):
    return Counter((c.kind, "".join(c.text.split()), c.verdict) for c in doc.claims)


def test_docx_plus_xlsx_gives_the_seed_verdicts(tmp_path):
    docx_path, xlsx_path = _convert(tmp_path)
    text_doc = check(SEED)
    office = check(docx_path, tables=xlsx_path)
    assert [t.kind for t in office.tables] == [t.kind for t in text_doc.tables]
    assert _verdicts(office) == _verdicts(text_doc)
    for c in office.claims:
        assert office.text[c.start : c.end] == c.text
