"""Table rows and columns that are part of the one before them (其中：…), in templates of other provinces.

A university's 收支预算总表 lists 其中：捐赠收入 under 其他收入 and its 收入决算表 a column 其中：教育收费 under
事业收入 (西南大学's 部门预算 and 决算): neither is one more part of a sum. The tables here are small copies of
that layout with figures that add up, so any table finding on them is a false alarm.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from narrcheck.pipeline import check
from narrcheck.readers.pdf import _page_number
from narrcheck.readers.pdfpage import _Line

TABLES = """西南大学收支预算总表
单位：万元
收入\t\t支出\t
项目\t预算数\t项目\t预算数
一、财政拨款\t216,552.53\t一、教育支出\t380,357.51
二、事业收入\t124,020.47\t二、科学技术支出\t1,512.90
四、其他收入\t{other}\t三、住房保障支出\t8,270.04
其中：捐赠收入\t500.00\t\t
本年收入合计\t390,140.45\t本年支出合计\t390,140.45

收入决算表
单位：万元
科目编码\t科目名称\t本年收入合计\t财政拨款收入\t事业收入\t\t其他收入
\t\t\t\t金额\t其中：教育收费\t
205\t教育支出\t390,140.45\t216,552.53\t124,020.47\t{fees}\t49,567.45
\t合计\t390,140.45\t216,552.53\t124,020.47\t{fees}\t49,567.45

一、收入支出预算总体情况
本年收入合计390,140.45万元。
"""


def _errors(tmp_path: Path, other: str, fees: str) -> list[str]:
    path = tmp_path / "budget.txt"
    path.write_text(TABLES.format(other=other, fees=fees), encoding="utf-8")
    return [f.rule for f in check(path).findings if f.severity == "error"]


def test_a_qizhong_row_and_a_qizhong_column_are_no_parts_of_a_sum(tmp_path):
    assert _errors(tmp_path, "49,567.45", "75,020.47") == []


def test_a_total_short_of_its_rows_is_still_an_error(tmp_path):
    assert "table.total" in _errors(tmp_path, "49,667.45", "75,020.47")


@pytest.mark.parametrize(
    ("y0", "last", "expected"),
    [
        (523.0, True, True),  # a landscape table page's number, above the usual 12% margin (595 high)
        (523.0, False, False),  # a line below it: not the page's last line
        (300.0, True, False),  # mid-page: a figure of the text
    ],
)
def test_a_page_number_low_on_the_page_is_known_by_being_its_last_line(y0, last, expected):
    ln = _Line(page=10, x0=400.0, y0=y0, x1=410.0, y1=y0 + 10, text="8", height=10.0)
    below = _Line(page=10, x0=100.0, y0=y0 + 20, x1=500.0, y1=y0 + 30, text="注：本表为空表", height=10.0)
    lines = [ln] if last else [ln, below]
    assert _page_number(ln, lines, 595.0) == expected

