"""项目支出绩效自评表 checks (findings/perftables.py) on forms laid out as other provinces print them."""

from __future__ import annotations

from narrcheck.pipeline import check

HEAD = "单位2024年度部门决算\n第三部分 情况说明\n本年支出合计100.00万元。\n\n项目支出绩效自评表\n"


def _form(project: str, fund: list[str], indicators: list[tuple[str, str, str]], total: str) -> str:
    """One form: project name, fund block (分值 | 执行率 | 得分 columns), indicators (name, 分值, 得分), 总分."""
    rows = [
        f"项目名称\t\t{project}",
        "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
        *fund,
        "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分",
        *[f"\t产出指标\t数量指标\t{name}\t1套\t1套\t{weight}\t{score}" for name, weight, score in indicators],
        f"总分\t\t\t\t\t\t{total}\t{total}",
    ]
    return "\n".join(rows) + "\n"


INDICATORS = [("设备数量", "40", "40"), ("设备质量", "30", "30"), ("服务对象满意度", "20", "18")]


def _errors(tmp_path, body: str, rule: str) -> list[str]:
    p = tmp_path / "perf.txt"
    p.write_text(HEAD + body, encoding="utf-8")
    return [f.message for f in check(p).findings if f.rule == rule and f.severity == "error"]


def test_fund_rows_labelled_with_colons_and_qizhong_count_towards_the_total(tmp_path):
    fund = ["\t年度资金总额：\t100\t100\t100\t10\t100.00%\t10", "\t其中：财政拨款\t100\t100\t100\t--\t--\t--"]
    assert _errors(tmp_path, _form("培训专项", fund, INDICATORS, "98"), "table.performance_score") == []
    assert _errors(tmp_path, _form("培训专项", fund, INDICATORS, "97"), "table.performance_score")


def test_each_total_closes_its_own_form_when_one_table_holds_several(tmp_path):
    first = _form("疫情防控", ["\t年度资金总额\t100\t100\t100\t10\t100.00%\t10"], INDICATORS, "98")
    second = _form("疫情防控", ["\t年度资金总额\t100\t100\t90\t10\t90.00%\t9"], INDICATORS, "97")
    assert _errors(tmp_path, first + second, "table.performance_score") == []
    wrong = _form("疫情防控", ["\t年度资金总额\t100\t100\t90\t10\t90.00%\t9"], INDICATORS, "96")
    assert len(_errors(tmp_path, first + wrong, "table.performance_score")) == 1


def test_a_total_of_the_indicators_alone_is_read_so_when_exact(tmp_path):
    fund = ["\t年度资金总额\t100\t100\t100\t10\t100.00%\t10"]
    assert _errors(tmp_path, _form("免学费补助", fund, INDICATORS, "88"), "table.performance_score") == []
    assert _errors(tmp_path, _form("免学费补助", fund, INDICATORS, "93"), "table.performance_score")


def test_a_zero_rate_beside_a_dash_score_is_a_rate_the_form_leaves_uncomputed(tmp_path):
    fund = ["\t年度资金总额：\t100\t100\t100\t10\t100.0%\t10", "\t其中：财政拨款\t100\t100\t100\t--\t0.0%\t--"]
    assert _errors(tmp_path, _form("运行维护", fund, INDICATORS, "98"), "table.performance_rate") == []
    scored = ["\t年度资金总额：\t100\t100\t100\t10\t0.0%\t10"]
    assert _errors(tmp_path, _form("运行维护", scored, INDICATORS, "98"), "table.performance_rate")
