"""Word, Excel and merge readers, on files generated in the test."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest

from narrcheck.model import ReadError
from narrcheck.readers import read
from narrcheck.readers.xlsx import _num


def make_docx(path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("一、收入支出决算总体情况说明")
    d.add_paragraph("本年收入合计1146.18万元，比上年减少96.69万元，下降7.8%。")
    d.add_paragraph("收入支出决算总表")
    t = d.add_table(rows=4, cols=3)
    t.cell(0, 0).text = "项目"
    a = t.cell(0, 1).merge(t.cell(0, 2))  # a header spanning two columns
    a.text = "决算数"
    t.cell(1, 0).text = ""
    t.cell(1, 1).text = "本年"
    t.cell(1, 2).text = "上年"
    t.cell(2, 0).text = "一、一般公共预算财政拨款收入"
    t.cell(2, 1).text = "1,144.28"
    t.cell(2, 2).text = "1,240.97"
    t.cell(3, 0).text = "总计"
    t.cell(3, 1).text = "1,153.90"
    t.cell(3, 2).text = ""
    d.add_paragraph("二、收入决算情况说明")
    d.add_paragraph("其他收入1.90万元。")
    d.save(path)


def test_docx_order_and_table(tmp_path):
    p = tmp_path / "draft.docx"
    make_docx(p)
    doc = read(p)
    assert doc.format == "docx"
    assert doc.page_starts == []
    lines = doc.text.split("\n")
    assert lines[:4] == [
        "一、收入支出决算总体情况说明",
        "",
        "本年收入合计1146.18万元，比上年减少96.69万元，下降7.8%。",
        "",
    ]
    assert len(doc.raw_tables) == 1
    t = doc.raw_tables[0]
    assert t.rows == [
        ["项目", "决算数", ""],
        ["", "本年", "上年"],
        ["一、一般公共预算财政拨款收入", "1,144.28", "1,240.97"],
        ["总计", "1,153.90", ""],
    ]
    assert t.caption == "收入支出决算总表"
    # the table sits between its caption and the next heading, in body order
    assert doc.text.index("收入支出决算总表") < t.start < t.end < doc.text.index("二、收入决算情况说明")
    assert doc.text[t.start : t.end].split("\n")[2] == "一、一般公共预算财政拨款收入\t1,144.28\t1,240.97"
    for r, row in enumerate(t.rows):
        for c, cell in enumerate(row):
            sp = t.cell_spans[r][c]
            assert (doc.text[sp[0] : sp[1]] == cell) if cell else sp is None


def make_xlsx(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "公开01表"
    ws.append(["收入支出决算总表"])
    ws.append(["部门：某某局", None, "金额单位：万元"])
    ws.append(["项目", "行次", "决算数"])
    ws.append(["一、一般公共预算财政拨款收入", 1, 1144.28000000001])
    ws.append(["八、其他收入", 8, 1.9])
    ws.append(["本年收入合计", 27, 1146.18])
    ws.append([])
    ws.append(["财政拨款“三公”经费支出决算表"])
    ws.append(["项目", "预算数", "决算数"])
    ws.append(["公务接待费", 0.95, 0])
    ws["C4"].number_format = "#,##0.00"
    ws.append(["合计", 1234.5, 0.3])
    ws["B11"].number_format = "#,##0.00"
    ws2 = wb.create_sheet("公开02表")
    ws2.append(["收入决算表"])
    ws2.append(["科目编码", "科目名称", "本年收入合计"])
    ws2.append(["208", "社会保障和就业支出", 1074.98])
    ws2.append(["2080109", "社会保险经办机构", 1073.08])
    wb.save(path)


def test_xlsx_tables_split_and_numbers(tmp_path):
    p = tmp_path / "tables.xlsx"
    make_xlsx(p)
    doc = read(p)
    assert doc.format == "xlsx"
    assert len(doc.raw_tables) == 3
    t1, t2, t3 = doc.raw_tables
    assert t1.caption == "收入支出决算总表\n部门：某某局 金额单位：万元"
    assert t1.rows == [
        ["项目", "行次", "决算数"],
        ["一、一般公共预算财政拨款收入", "1", "1,144.28"],
        ["八、其他收入", "8", "1.9"],
        ["本年收入合计", "27", "1146.18"],
    ]
    assert t2.caption == "财政拨款“三公”经费支出决算表"
    assert t2.rows == [["项目", "预算数", "决算数"], ["公务接待费", "0.95", "0"], ["合计", "1,234.50", "0.3"]]
    assert t3.caption == "收入决算表"
    assert t3.rows[2] == ["2080109", "社会保险经办机构", "1073.08"]
    # captions are ordinary lines before each table block; sheets keep their order
    assert doc.text[: t1.start].endswith("收入支出决算总表\n部门：某某局 金额单位：万元\n\n")
    assert doc.text.index("公开01表") < t1.start < t2.start < doc.text.index("公开02表") < t3.start
    for t in doc.raw_tables:
        for r, row in enumerate(t.rows):
            for c, cell in enumerate(row):
                sp = t.cell_spans[r][c]
                assert (doc.text[sp[0] : sp[1]] == cell) if cell else sp is None
    assert "1144.28000000001" not in doc.text


def test_number_formats():
    assert _num(1144.28000000001) == "1144.28"
    assert _num(0.1 + 0.2) == "0.3"
    assert _num(2940.05, "#,##0.00") == "2,940.05"
    assert _num(2940.0, "0.00") == "2940.00"
    assert _num(0.932, "0.0%") == "93.2%"
    assert _num(1e-7) == "0"
    assert _num(12, None) == "12"


def test_merge_docx_with_xlsx(tmp_path):
    d = tmp_path / "draft.docx"
    x = tmp_path / "tables.xlsx"
    make_docx(d)
    make_xlsx(x)
    narrative = read(d)
    tables = read(x)
    doc = read(d, tables=x)
    assert doc.format == "docx+xlsx"
    assert doc.text == narrative.text + "\n\n" + tables.text
    assert len(doc.raw_tables) == 4
    shift = len(narrative.text) + 2
    for before, after in zip(tables.raw_tables, doc.raw_tables[1:]):
        assert after.rows == before.rows
        assert after.start == before.start + shift
        for r, row in enumerate(after.rows):
            for c, cell in enumerate(row):
                sp = after.cell_spans[r][c]
                assert (doc.text[sp[0] : sp[1]] == cell) if cell else sp is None
    assert doc.raw_tables[0].start == narrative.raw_tables[0].start


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_broken_office_files(tmp_path, suffix):
    good = tmp_path / f"good{suffix}"
    (make_docx if suffix == ".docx" else make_xlsx)(good)
    cut = tmp_path / f"cut{suffix}"
    cut.write_bytes(good.read_bytes()[:2000])
    with pytest.raises(ReadError, match="broken"):
        read(cut)


def test_broken_xls(tmp_path):
    p = tmp_path / "bad.xls"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(ReadError, match="xls"):
        read(p)
