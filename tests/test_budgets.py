"""Budgets (部门预算 / 单位预算): the three corpus budgets and small synthetic ones with injected errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrcheck.claims.patterns import aliases
from narrcheck.pipeline import check

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

BUDGET_KINDS = [
    "income_expenditure_total",
    "income",
    "expenditure",
    "appropriation_total",
    "gp_expenditure",
    "gov_fund",
    "soe_capital",
    "gp_basic",
    "three_public",
]


def _doc(name: str):
    path = CORPUS / name
    if not path.exists():
        pytest.skip("../shared/corpus missing")
    return check(path)


def _flagged(doc):
    return sorted((c.kind, c.verdict, c.text) for c in doc.claims if c.flagged)


def _alarms(doc):
    return sorted((f.rule, f.text) for f in doc.findings if f.severity in ("error", "warning"))


# ---------------------------------------------------------------- corpus budgets

# (file, doctype, year, {table id: (kind, rows, columns)} for tables checked against the rendered page)
CASES = [
    (
        "putuo-wanlijiedao-2024-dept-budget.pdf",
        "部门预算",
        2024,
        # p.10 two-sided 收支总表: 8 income + 10 expenditure rows; p.29-30 经济分类 32 rows;
        # p.31 三公 one row of 7 figures
        {"t1": ("income_expenditure_total", 18, 2), "t8": ("gp_basic", 32, 3), "t9": ("three_public", 1, 7)},
    ),
    (
        "putuo-caizhengju-2025-dept-budget.pdf",
        "部门预算",
        2025,
        {"t1": ("income_expenditure_total", 13, 2), "t5": ("gp_expenditure", 20, 3), "t9": ("three_public", 1, 7)},
    ),
    (
        "shanghai-caizhengju-2025-unit-budget.pdf",
        "单位预算",
        2025,
        # p.7 支出 side: 合计 | 基本支出(人员经费, 公用经费) | 项目支出; p.8 收入预算总表 23 coded rows + 合计
        {"t1": ("income_expenditure_total", 13, 5), "t2": ("income", 24, 5), "t6": ("gov_fund", 1, 3)},
    ),
]


@pytest.mark.parametrize("name,doctype,year,checked", CASES, ids=[c[0] for c in CASES])
def test_corpus_budget_tables_and_meta(name, doctype, year, checked):
    doc = _doc(name)
    assert doc.meta.doctype == doctype
    assert doc.meta.year == year
    assert [t.kind for t in doc.tables] == BUDGET_KINDS
    assert all(t.budget for t in doc.tables)
    for tid, (kind, rows, cols) in checked.items():
        t = doc.table(tid)
        assert (t.kind, len(t.rows), len(t.columns)) == (kind, rows, cols), tid
    # money tables are in 元, the narrative in 万元: cells are converted by the declared unit
    t2 = next(t for t in doc.tables if t.kind == "income")
    assert t2.unit == "元"
    assert next(r for r in t2.rows if r.name == "合计").cells[t2.columns[0].index].value < 100000


def test_wanli_budget_claims():
    doc = _doc("putuo-wanlijiedao-2024-dept-budget.pdf")
    # item 31 opens with 350.35万元 (table 2210201 住房公积金 = 3,503,499 元) but its sentence says
    # 2024年预算安排352.67万元; the 0.53% it states is (350.35 - 348.52) / 348.52: the 352.67 is the slip
    assert _flagged(doc) == [("amount", "mismatch", "352.67万元")]
    # item 4 decreases (114.00 → 110.60, 减少2.98%) but says 主要原因是：…经费增加
    # and its 三公 table holds 47.91 … 443.18 under a note saying 故本表为空表
    assert sorted(_alarms(doc)) == sorted(
        [
            ("narrative.reason_direction", "宣传事务一般行政管理事务经费增加"),
            ("table.empty_note", "注:本部门2024年无“三公”经费和机关运行经费预算，故本表为空表"),
        ]
    )
    ok = [c for c in doc.claims if c.verdict == "ok"]
    # every 比2023年预算执行数 增加/减少 x% of the 33 items is recomputed (one is the slip above, judged on the table)
    assert sum(1 for c in ok if c.kind == "change" and "预算执行数" in c.text) >= 25
    assert len(ok) >= 100


def test_putuo_caizhengju_budget_claims():
    doc = _doc("putuo-caizhengju-2025-dept-budget.pdf")
    # item 7: 职业年金缴费支出 written 887.36万元, table 2080506 = 873,617.00 元 = 87.36万元
    assert _flagged(doc) == [("amount", "mismatch", "887.36万元")]
    # this document truncates 元 to 万元 throughout (877,080 元 → 87.70, 782,164 元 → 78.21, 2,049,197 → 204.91,
    # 2,687,760 → 268.77) and never rounds where truncation differs: its convention, accepted, with one note
    cut = [c for c in doc.claims if c.ctx.truncated]
    assert sorted(c.claimed.figure("value").text for c in cut) == ["204.91", "268.77", "78.21", "87.70"]
    for c in cut:
        cell = c.ctx.cell
        assert c.verdict == "ok" and str(c.claimed.figure("value").value) == str(
            cell.quantize(cell.__class__("0.01"), rounding="ROUND_DOWN")
        )
    assert [f.rule for f in doc.findings if f.rule == "narrative.truncation"] == ["narrative.truncation"]
    # “拟从2020年起” in a project description is a history, not a template year: no warning; the one warning is real:
    # the note under the 国有资本经营 table was copied from the 政府性基金 table above it and names that fund
    assert _alarms(doc) == [("table.note_fund", "注:本部门2025年无政府性基金预算财政拨款安排的预算，故本表为空表")]


def test_shanghai_unit_budget_claims():
    doc = _doc("shanghai-caizhengju-2025-unit-budget.pdf")
    assert _flagged(doc) == []
    # a 单位预算 that twice says 部门预算 (2025年部门预算安排购置车辆…；部门预算安排购置单价…)
    assert _alarms(doc) == [("residue.doctype", "部门预算"), ("residue.doctype", "部门预算")]
    # prose in whole 万元 (17,192万元 for 171,915,169 元) is read at its own precision
    assert any(c.verdict == "ok" and c.text == "17,192万元" for c in doc.claims)


# ---------------------------------------------------------------- synthetic budgets

CLEAN = """上海市示范区2025年区级部门预算

预算主管部门：示范区卫生健康委员会

2025年部门预算编制说明

2025年，示范区卫生健康委员会收入预算1434.89万元，其中：财政拨款收入1434.89万元，比2024年预算减少65.11万元；事业收入0万元。

卫生健康支出（210类）1434.89万元。

财政拨款支出主要内容如下：

1. “卫生健康支出（类）卫生健康管理事务（款）行政运行（项）”1200.00万元，主要用于机关运行。\
2024年当年预算执行数为1000.00万元，2025年预算安排1200.00万元，比2024年预算执行数增加20.00%。主要原因是：人员增加。

2. “卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）”234.89万元，主要用于医疗保险。\
2024年当年预算执行数为250.00万元，2025年预算安排234.89万元，比2024年预算执行数减少6.04%。主要原因是：人员调整。

2025年部门一般公共预算支出功能分类预算表
编制部门：示范区卫生健康委员会 单位：元

项目\t\t\t\t一般公共预算支出\t\t
功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出
类\t款\t项\t\t\t\t
210\t\t\t卫生健康支出\t14,348,853.34\t14,348,853.34\t
210\t01\t\t卫生健康管理事务\t12,000,000.00\t12,000,000.00\t
210\t01\t01\t行政运行\t12,000,000.00\t12,000,000.00\t
210\t11\t\t行政事业单位医疗\t2,348,853.34\t2,348,853.34\t
210\t11\t01\t行政单位医疗\t2,348,853.34\t2,348,853.34\t
合计\t\t\t\t14,348,853.34\t14,348,853.34\t
"""


def _synthetic(tmp_path, text: str, name: str = "budget.txt"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return check(p)


def test_synthetic_clean_budget(tmp_path):
    doc = _synthetic(tmp_path, CLEAN)
    assert (doc.meta.doctype, doc.meta.year) == ("部门预算", 2025)
    assert [(t.kind, t.unit, len(t.rows), len(t.columns)) for t in doc.tables] == [("gp_expenditure", "元", 6, 3)]
    assert _flagged(doc) == []
    assert _alarms(doc) == []
    verdicts = {c.text: c.verdict for c in doc.claims}
    assert verdicts["234.89万元"] == "ok"  # 2,348,853.34 元 at the prose's two decimals
    changes = [c for c in doc.claims if c.kind == "change" and "执行数" in c.text]
    assert [c.verdict for c in changes] == ["ok", "ok"]


def _one_edit(old: str, new: str) -> str:
    assert CLEAN.count(old) == 1, old
    return CLEAN.replace(old, new)


def test_synthetic_impossible_percentage(tmp_path):
    doc = _synthetic(tmp_path, _one_edit("减少6.04%", "减少8.04%"))
    assert _flagged(doc) == [
        ("change", "mismatch", "250.00万元，2025年预算安排234.89万元，比2024年预算执行数减少8.04%")
    ]


def test_synthetic_wrong_direction(tmp_path):
    doc = _synthetic(tmp_path, _one_edit("减少6.04%", "增加6.04%"))
    assert [(k, v) for k, v, _ in _flagged(doc)] == [("change", "direction")]


def test_synthetic_item_amounts_disagree(tmp_path):
    doc = _synthetic(tmp_path, _one_edit("2025年预算安排234.89万元", "2025年预算安排243.89万元"))
    # the opening 234.89 agrees with the table row; the sentence's 243.89 does not (the % still fits 234.89)
    assert _flagged(doc) == [("amount", "mismatch", "243.89万元")]


def test_synthetic_table_parts_do_not_add_up(tmp_path):
    doc = _synthetic(
        tmp_path,
        _one_edit(
            "210\t11\t01\t行政单位医疗\t2,348,853.34\t2,348,853.34",
            "210\t11\t01\t行政单位医疗\t2,348,853.34\t2,248,853.34",
        ),
    )
    rules = {(f.rule, f.severity) for f in doc.findings}
    assert ("table.hierarchy", "error") in rules
    assert _flagged(doc) == []
    # the sum and the difference are written in the table's own unit (元), like the cell they are compared with
    hier = next(f.message for f in doc.findings if f.rule == "table.hierarchy")
    assert "2,348,853.34 ≠ 各项之和 2,248,853.34，差 100,000.00" in hier, hier


def test_synthetic_old_subject_name(tmp_path):
    doc = _synthetic(tmp_path, _one_edit("卫生健康支出（210类）1434.89", "医疗卫生与计划生育支出（210类）1434.89"))
    found = [f for f in doc.findings if f.rule == "naming.subject"]
    assert len(found) == 1 and "卫生健康支出" in found[0].message and found[0].text.startswith("医疗卫生与计划生育支出")
    doc = _synthetic(tmp_path, _one_edit("1. “卫生健康支出（类）", "1. “医疗卫生与计划生育支出（类）"), "path.txt")
    assert [f.rule for f in doc.findings if f.severity == "warning"] == ["naming.subject"]
    assert _flagged(doc) == []  # the path no longer resolves: unverified, not a guessed mismatch


def test_synthetic_reference_year_is_the_budget_year(tmp_path):
    doc = _synthetic(tmp_path, _one_edit("比2024年预算减少65.11万元", "比2025年预算减少65.11万元"))
    assert [f.rule for f in doc.findings if f.severity == "warning"] == ["naming.reference_year"]


def test_synthetic_budget_residue(tmp_path):
    doc = _synthetic(tmp_path, _one_edit("主要原因是：人员调整。", "主要原因是：。"))
    assert [f.rule for f in doc.findings if f.severity == "warning"] == ["residue.empty_reason"]
    doc = _synthetic(tmp_path, _one_edit("主要原因是：人员增加。", "主要原因是：人员增加。。"), "doubled.txt")
    assert [f.rule for f in doc.findings if f.severity == "warning"] == ["residue.doubled"]
    unit = (
        CLEAN.replace("2025年区级部门预算", "2025年区级单位预算")
        .replace("2025年部门预算编制说明", "2025年单位预算编制说明")
        .replace("主要原因是：人员增加。", "本部门主要原因是：人员增加。")
    )
    doc = _synthetic(tmp_path, unit, "unit.txt")
    assert doc.meta.doctype == "单位预算"
    assert [f.rule for f in doc.findings if f.severity == "warning"] == ["residue.doctype"]


def test_renamed_examples():
    sec = aliases()["renamed"]
    for ex in sec["renamed_examples"]:
        assert sec[ex["name"]] == ex["table_name"]


THREE_PUBLIC = """上海市普陀区某局2024年度部门决算

七、“三公”经费财政拨款支出决算情况说明

2024年度“三公”经费财政拨款支出年初预算为2.85万元，支出决算为0.39万元，完成预算的13.68%，其中：因公出国（境）费\
支出决算为0.00万元，完成预算的0.00%；公务接待费支出决算为{actual}万元，完成{base}的{rate}%。

财政拨款“三公”经费支出决算表
单位：万元
合计\t\t因公出国（境）费\t\t公务用车购置及运行维护费\t\t公务接待费\t
预算数\t决算数\t预算数\t决算数\t预算数\t决算数\t预算数\t决算数
2.85\t0.39\t0.00\t0.00\t0.00\t0.00\t2.85\t0.39
"""


@pytest.mark.parametrize(
    ("actual", "base", "rate", "verdict"),
    [
        ("0.39", "预算", "13.68", "ok"),
        ("0.39", "预算", "13.69", "rounding"),
        ("0.39", "预算", "31.68", "mismatch"),
        ("0.39", "年初预算", "13.68", "ok"),
        # a table's plain 预算数 may be the 年初 or the adjusted budget (the national template's note: 全年预算数): a
        # rate naming a stage is never flagged against it
        ("0.39", "年初预算", "31.68", "unverified"),
        ("0.39", "调整预算", "31.68", "unverified"),
        ("0.49", "预算", "31.68", "unverified"),  # the actual disagrees with the table: its row is not sure
    ],
)
def test_a_sub_items_rate_rests_on_the_budget_its_table_prints(tmp_path, actual, base, rate, verdict):
    # 公务接待费支出决算为0.39万元，完成预算的13.68%: the text gives no 公务接待费 budget; the 三公 table's 公务接待费
    # 预算数 (2.85) is it: 0.39 / 2.85 = 13.684% → 13.68
    doc = _synthetic(tmp_path, THREE_PUBLIC.format(actual=actual, base=base, rate=rate), "juesuan.txt")
    rates = [c for c in doc.claims if c.kind == "completion"]
    assert [c.verdict for c in rates] == ["ok", "ok", verdict]
    if verdict != "unverified":
        assert [e.column for e in rates[-1].evidence] == ["公务接待费/预算数", "公务接待费/决算数"]
