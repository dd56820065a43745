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


def _error_rules(tmp_path, name: str, text: str) -> list[str]:
    """The rules of the error findings of ``text`` checked as a file: each once, sorted."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return sorted({f.rule for f in check(path).findings if f.severity == "error"})


JIANGSU = """收支预算总表
单位：万元
收入\t\t支出\t
项目\t金额\t项目\t金额
财政拨款\t13,297.11\t一般公共服务支出\t10,191.56
一般公共预算\t13,297.11\t社会保障和就业支出\t858.51
政府性基金预算\t0\t住房保障支出\t2,327.04
其他资金\t{other}\t\t
当年收入小计\t13,377.11\t当年支出小计\t13,377.11

一、收入支出预算总体情况
收入预算总计13,377.11万元。
"""


@pytest.mark.parametrize(("other", "errors"), [("80.00", []), ("90.00", ["table.total"])])
def test_a_row_equal_to_the_rows_after_it_is_their_parent(tmp_path, other, errors):
    # 江苏's 收支预算总表 writes 一般公共预算 and 政府性基金预算 under 财政拨款 with no 其中
    path = tmp_path / "jiangsu.txt"
    path.write_text(JIANGSU.format(other=other), encoding="utf-8")
    assert [f.rule for f in check(path).findings if f.severity == "error"] == errors


LEVELS = """收支预算总表
单位：万元
收入\t\t支出\t
项目\t金额\t项目\t金额
财政拨款\t100.00\t一般公共服务支出\t60.00
一般公共预算\t100.00\t财政事务\t60.00
\t\t行政运行\t{run}
\t\t一般行政管理事务\t20.00
\t\t社会保障和就业支出\t40.01
\t\t行政事业单位养老支出\t40.01
\t\t机关事业单位基本养老保险缴费支出\t40.01
本年收入合计\t100.00\t本年支出合计\t100.00

一、收入支出预算总体情况
收入预算总计100.00万元。
"""


@pytest.mark.parametrize(("run", "errors"), [("40.00", []), ("45.00", ["table.total"])])
def test_rows_under_rows_at_several_levels_are_read_as_their_tree(tmp_path, run, errors):
    # 类, 款 and 项 of 支出 one under another with no codes (杭州's 收支预算总表): the 类 rows make the total, to the
    # cent of a table converted from 元; a 项 that breaks its 款's sum leaves no such reading
    path = tmp_path / "levels.txt"
    path.write_text(LEVELS.format(run=run), encoding="utf-8")
    findings = check(path).findings
    assert [f.rule for f in findings if f.severity == "error"] == errors
    if not errors:
        assert any(f.rule == "table.total" and f.severity == "note" and "100.01" in f.message for f in findings)


PANELS = """一般公共预算财政拨款基本支出决算明细表
单位：万元
人员经费\t\t\t公用经费\t\t\t\t\t
科目代码\t科目名称\t决算数\t科目代码\t科目名称\t决算数\t科目代码\t科目名称\t决算数
301\t工资福利支出\t100.00\t302\t商品和服务支出\t40.00\t310\t资本性支出\t10.00
30101\t基本工资\t100.00\t30201\t办公费\t40.00\t31002\t办公设备购置\t10.00
人员经费合计\t\t100.00\t公用经费合计\t\t\t\t\t50.00

一、一般公共预算财政拨款基本支出决算情况说明
2024年度一般公共预算财政拨款基本支出150.00万元，其中：人员经费100.00万元，公用经费{written}万元。
"""


@pytest.mark.parametrize(("written", "verdict"), [("50.00", "ok"), ("55.00", "mismatch")])
def test_a_panel_total_takes_its_figure_from_under_the_next_panel(tmp_path, written, verdict):
    # 中央 公开06表: 公用经费合计 spans the two 公用经费 panels and its figure stands under the last one
    path = tmp_path / "panels.txt"
    path.write_text(PANELS.format(written=written), encoding="utf-8")
    claim = next(c for c in check(path).claims if c.kind == "amount" and c.text.startswith(written))
    assert claim.verdict == verdict and "公用经费合计" in claim.evidence[0].row


CARRY = """财政拨款收支总表
单位：万元
收入\t\t支出\t
项目\t金额\t项目\t金额
一般公共预算拨款\t200.00\t公共安全支出\t{spent}
本年收入合计\t200.00\t本年支出合计\t{spent}
上年结余、结转\t20.00\t\t
一般公共预算拨款结余、结转\t20.00\t\t
政府性基金预算拨款结余、结转\t0.00\t\t
收入总计\t220.00\t支出总计\t220.00

一、收入支出预算总体情况
收入预算总计220.00万元。
"""


@pytest.mark.parametrize(("spent", "errors"), [("220.00", []), ("210.00", ["table.total"])])
def test_a_carryover_over_its_funds_counts_once_in_the_grand_total(tmp_path, spent, errors):
    # 深圳's 财政拨款收支总表: 上年结余、结转 and, under it with no 其中, each fund's 结余、结转
    assert _error_rules(tmp_path, "carry.txt", CARRY.format(spent=spent)) == errors


BEIJING = """一般公共预算支出表
单位：万元
科目编码\t科目名称\t合计\t基本支出\t\t\t项目支出\t\t比上年增减（%）
\t\t\t小计\t人员经费\t公用经费\t项目支出总数\t扣除基建项目后预算数\t
\t合计\t{total}\t100.00\t80.00\t20.00\t50.00\t40.00\t3.50
201\t一般公共服务支出\t150.00\t100.00\t80.00\t20.00\t50.00\t40.00\t3.50
20140\t信访事务\t150.00\t100.00\t80.00\t20.00\t50.00\t40.00\t3.50
2014001\t行政运行\t100.00\t100.00\t80.00\t20.00\t\t\t1.20
2014004\t信访业务\t50.00\t\t\t\t50.00\t40.00\t2.30

一、收入支出预算总体情况
支出预算总计150.00万元。
"""


@pytest.mark.parametrize(("total", "errors"), [("150.00", []), ("160.00", ["table.columns", "table.total"])])
def test_columns_of_another_basis_and_of_rates_are_no_parts_of_a_sum(tmp_path, total, errors):
    # 北京 预算05表: 扣除基建项目后预算数 restates 项目支出总数; a 增减（%） column never adds up
    assert _error_rules(tmp_path, "beijing.txt", BEIJING.format(total=total)) == errors


TWICE = """支出预算表
单位：万元
科目编码\t科目名称\t合计\t基本支出\t项目支出
\t合计\t502.00\t\t502.00
219\t援助其他地区支出\t502.00\t\t502.00
21999\t其他支出\t502.00\t\t502.00
21999\t其他支出\t{again}\t\t{again}

一、收入支出预算总体情况
支出预算总计502.00万元。
"""


@pytest.mark.parametrize(("again", "errors"), [("502.00", []), ("402.00", ["table.hierarchy"])])
def test_a_row_printed_twice_in_a_row_counts_once(tmp_path, again, errors):
    # 无锡发改委 2025 prints 21999 其他支出 as its 款 and again as its 项 (2199999)
    assert _error_rules(tmp_path, "twice.txt", TWICE.format(again=again)) == errors


LAND = """财政拨款收支总表
单位：万元
收入\t\t支出\t
项目\t金额\t项目\t金额
一般公共预算\t100.00\t本年支出合计\t{spent}
政府性基金预算\t50.00\t一般公共服务支出\t100.00
\t\t国有土地使用权出让收入安排的支出\t50.00
本年收入合计\t150.00\t年终结转结余\t
收入总计\t150.00\t支出总计\t150.00

一、收入支出预算总体情况
收入预算总计150.00万元。
"""


@pytest.mark.parametrize(("spent", "errors"), [("150.00", []), ("140.00", ["table.total"])])
def test_an_item_whose_name_holds_a_carryover_word_carries_nothing_over(tmp_path, spent, errors):
    # 杭州交通局 2026: 本年支出合计 opens the 支出 side; 国有土地使用权出让收入安排的支出 (使用) is an item
    assert _error_rules(tmp_path, "land.txt", LAND.format(spent=spent)) == errors


BLOCKS = """基本支出表
单位：万元
科目编码\t科目名称\t合计
\t合计\t150.00
505\t对事业单位经常性补助\t100.00
50501\t工资福利支出\t80.00
50502\t商品和服务支出\t20.00
505\t对事业单位经常性补助\t50.00
50501\t工资福利支出\t{second}
50502\t商品和服务支出\t10.00

一、收入支出预算总体情况
支出预算总计150.00万元。
"""


@pytest.mark.parametrize(("second", "errors"), [("40.00", []), ("45.00", ["table.hierarchy"])])
def test_a_class_coming_again_opens_another_units_block(tmp_path, second, errors):
    # 烟台民政局 2026: each unit's 505 with its 50501 and 50502, one unit after another in one table
    assert _error_rules(tmp_path, "blocks.txt", BLOCKS.format(second=second)) == errors


UNITS = """收入总表
单位：万元
部门代码\t部门名称\t合计\t一般公共预算\t其他收入
合计\t\t2,867.94\t2,723.94\t144.00
113\t无锡市信访局\t2,867.94\t2,723.94\t144.00
113001\t无锡市信访局（本级）\t2,304.79\t2,160.79\t144.00
113002\t无锡市人民来访接待中心\t563.15\t563.15\t
{project}\t\t30.00\t30.00\t

一、收入支出预算总体情况
收入预算总计2,867.94万元。
"""


def test_unit_codes_are_labels_and_a_name_opening_with_a_year_has_no_code(tmp_path):
    # 部门代码 113001 is no amount to add into a row's 合计; 2021年度… opens a project's name, it is not the 类 202
    path = tmp_path / "units.txt"
    path.write_text(UNITS.format(project="2021年度大病保险承保运营费"), encoding="utf-8")
    doc = check(path)
    table = doc.tables[0]
    assert [c.name for c in table.columns] == ["合计", "一般公共预算", "其他收入"]
    assert [r.code for r in table.rows if "运营费" in r.name] == [""]
    assert [f.message for f in doc.findings if f.severity == "error"] == []


def test_a_contents_entry_finds_its_table_under_a_bracketed_classification_or_without_its_fund():
    from narrcheck.findings.contents import _present

    assert _present("财政拨款支出预算表", ["财政拨款支出预算表（功能科目）"])
    assert _present("一般公共预算“三公”经费、会议费、培训费支出预算表", ["“三公”经费、会议费、培训费支出预算表"])
    assert not _present("政府采购支出预算表", ["财政拨款支出预算表（功能科目）"])


SPLIT = """一般公共预算基本支出预算表
单位：万元
科目编码\t科目名称\t\t金额
\t合计\t\t{total}
301\t工资福利支出\t10,204.52\t
30101\t基本工资\t10,204.52\t
302\t商品和服务支出\t\t2,722.57
30201\t办公费\t2,722.57\t
303\t对个人和家庭的补助\t\t1,052.83
30301\t离休费\t\t1,052.83

一、收入支出预算总体情况
基本支出13,979.92万元。
"""


@pytest.mark.parametrize(("total", "errors"), [("13,979.92", []), ("13,989.92", ["table.total"])])
def test_a_value_column_split_by_a_grid_line_is_one_column(tmp_path, total, errors):
    # 江苏's 基本支出预算表: the 金额 figures straddle a grid line, half of them fall a column left of their header
    path = tmp_path / "split.txt"
    path.write_text(SPLIT.format(total=total), encoding="utf-8")
    assert [f.rule for f in check(path).findings if f.severity == "error"] == errors


SANGONG = """财政拨款“三公”经费支出决算表
单位：万元

财政拨款“三公”经费\t\t\t\t\t\t\t\t\t\t\t
合计\t\t因公出国（境）费\t\t公务用车购置及运行维护费\t\t\t\t\t\t公务接待费\t
\t\t\t\t小计\t\t公务用车购置费\t\t公务用车运行维护费\t\t\t
预算数\t决算数\t预算数\t决算数\t预算数\t决算数\t预算数\t决算数\t预算数\t决算数\t预算数\t决算数
2.85\t0.39\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t2.85\t0.39

七、财政拨款“三公”经费支出决算情况说明
3、公务接待费支出{amount}万元。
"""


@pytest.mark.parametrize(("amount", "verdict"), [("0.39", "ok"), ("0.31", "mismatch")])
def test_a_merged_header_stays_under_its_parent(tmp_path, amount, verdict):
    """公务接待费's 决算数 column is under 公务接待费, not under the 公务用车运行维护费 header printed further left
    one row down (the empty cell there is no part of that merged cell): the amount is checked against its own column.
    """
    path = tmp_path / "sangong.txt"
    path.write_text(SANGONG.format(amount=amount), encoding="utf-8")
    doc = check(path)
    table = doc.tables[0]
    assert table.columns[-1].path[-2:] == ("公务接待费", "决算数")
    claim = next(c for c in doc.claims if c.kind == "amount" and c.text.startswith(amount))
    assert claim.verdict == verdict, claim.message
