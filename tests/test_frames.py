"""Clause frames: which figures a rate, a change or a 其中 list binds to (issue 11's wordings).

Each text is a narrative alone (no tables), so every verdict comes from the figures the prose
states. The sentences follow wordings seen in other provinces' disclosures; each case asserts
the verdict a person gets by hand, and where a slip is written into one, that it is caught.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from narrcheck.model import Document
from narrcheck.pipeline import check


def _run(tmp_path: Path, text: str) -> Document:
    path = tmp_path / "excerpt.txt"
    path.write_text(text, encoding="utf-8")
    return check(path)


def _verdicts(doc: Document, kind: str) -> list[tuple[str, str]]:
    return [(c.text, c.verdict) for c in doc.claims if c.kind == kind]


def test_qizhong_total_is_the_head_amount_not_the_change(tmp_path):
    doc = _run(
        tmp_path,
        "2024年度政府采购支出总额为1500万元，较2023年的1650万元减少150万元，下降9.1%；其中：政府采购货物支出300万元、政府采购工程支出700万元、政府采购服务支出500万元。",
    )
    assert [v for _, v in _verdicts(doc, "composition")] == ["ok"]
    assert [v for _, v in _verdicts(doc, "change")] == ["ok"]


def test_nested_qizhong_is_not_summed_as_parallel(tmp_path):
    doc = _run(
        tmp_path,
        "政府采购支出总额2000.00万元，其中：授予中小企业合同金额1800.00万元，占90.00%，其中：授予小微企业合同金额900.00万元，占45.00%。",
    )
    assert not [c for c in doc.claims if c.flagged]


def test_parenthesised_breakdown_belongs_to_its_parent(tmp_path):
    doc = _run(
        tmp_path,
        "本年支出合计3000.00万元，其中：基本支出1500.00万元（其中：人员经费1000.00万元，公用经费500.00万元），项目支出1500.00万元。",
    )
    comps = {c.claimed.figure("total").text: c.verdict for c in doc.claims if c.kind == "composition"}
    assert comps == {"3000.00": "ok", "1500.00": "ok"}


def test_mixed_units_convert_before_summing(tmp_path):
    ok = _run(tmp_path, "一般公共预算支出合计1.2亿元，其中：基本支出8000万元，项目支出4000万元。")
    assert [v for _, v in _verdicts(ok, "composition")] == ["ok"]
    bad = _run(tmp_path, "一般公共预算支出合计1.2亿元，其中：基本支出8000万元，项目支出6000万元。")
    assert [v for _, v in _verdicts(bad, "composition")] == ["mismatch"]


def test_named_change_binds_to_its_own_amount(tmp_path):
    doc = _run(
        tmp_path, "本年收入合计4000.00万元，本年支出合计3400.00万元。与上年相比，同口径收入减少600.00万元，下降13.0%。"
    )
    assert [v for _, v in _verdicts(doc, "change")] == ["ok"]


def test_unnamed_change_does_not_reach_into_another_sentence(tmp_path):
    # the sentence before states two figures: which one changed is unsure
    doc = _run(tmp_path, "本年收入合计4000.00万元，本年支出合计3400.00万元。与上年相比减少600.00万元，下降30.0%。")
    assert [v for _, v in _verdicts(doc, "change")] == ["unverified"]
    # the amount before it is no figure of its own sentence's end: unsure too
    doc = _run(tmp_path, "本年支出合计3400.00万元，主要是人员经费。与上年相比减少600.00万元，下降30.0%。")
    assert [v for _, v in _verdicts(doc, "change")] == ["unverified"]


@pytest.mark.parametrize(
    "text",
    ["“三公”经费支出0万元，比上年增加0万元，增长0%。", "“三公”经费支出0.00万元，与上年相比减少0.00万元，下降0.00%。"],
)
def test_no_change_from_zero_is_consistent(tmp_path, text):
    doc = _run(tmp_path, text)
    assert [v for _, v in _verdicts(doc, "change")] == ["ok"]


def test_sub_item_rate_without_its_budget_is_unverified(tmp_path):
    doc = _run(
        tmp_path,
        "年初预算为30.00万元，支出决算为12.60万元，完成预算的42.00%，其中：公务用车购置及运行维护费支出决算为11.90万元，完成预算的70.00%。",
    )
    assert _verdicts(doc, "completion") == [
        (c.text, v) for c, v in zip([c for c in doc.claims if c.kind == "completion"], ["ok", "unverified"])
    ]


def test_change_parts_must_add_up_to_the_total_change(tmp_path):
    good = _run(
        tmp_path,
        "“三公”经费支出决算22.50万元，比上年减少3.50万元，下降13.5%，其中：因公出国（境）费减少1.00万元，公务用车购置及运行维护费减少2.00万元，公务接待费减少0.50万元。",
    )
    assert [v for _, v in _verdicts(good, "composition")] == ["ok"]
    bad = _run(
        tmp_path,
        "“三公”经费支出决算22.50万元，比上年减少3.50万元，下降13.5%，其中：因公出国（境）费减少1.00万元，公务用车购置及运行维护费减少2.00万元，公务接待费减少1.00万元。",
    )
    comp = [c for c in bad.claims if c.kind == "composition"]
    assert [c.verdict for c in comp] == ["mismatch"] and comp[0].recomputed.sum == "-4.00"
    assert all(c.verdict == "unverified" for c in bad.claims if c.kind == "amount" and "减少" in c.subject)


def test_swapped_shares_of_the_sentence_total_are_caught(tmp_path):
    doc = _run(tmp_path, "本年支出合计2000万元，其中：基本支出1500万元，占25%；项目支出500万元，占75%。")
    assert [v for _, v in _verdicts(doc, "share")] == ["mismatch", "mismatch"]


@pytest.mark.parametrize(
    "text, verdict",
    [
        # 1741.75 − 55.93 = 1685.82; 1741.75 / 1685.82 = 103.32%, not 100%
        (
            "本单位一般公共预算财政拨款支出总计1741.75万元，与上年相比减少53.7万元，降低2.99%；"
            "完成年初预算100%，决算数大于预算数55.93万元，主要原因是人员经费增加。",
            "mismatch",
        ),
        # 1741.75 − 55.93 = 1685.82 → 103.32% → 103.3%
        ("本单位一般公共预算财政拨款支出总计1741.75万元，完成年初预算的103.3%，决算数大于预算数55.93万元。", "ok"),
        # 500.00 + 20.00 = 520.00; 500 / 520 = 96.15%
        ("本年支出500.00万元，完成年初预算的96.15%，决算数小于预算数20.00万元。", "ok"),
        # two level amounts before the rate: which one is the 决算 is not said, nothing is judged
        ("本年收入600.00万元，支出500.00万元，完成年初预算的100%，决算数小于预算数20.00万元。", "unverified"),
    ],
)
def test_completion_budget_from_a_stated_difference(tmp_path, text, verdict):
    doc = _run(tmp_path, text)
    assert [v for _, v in _verdicts(doc, "completion")] == [verdict]
    # the reason after 决算数大于预算数 explains the comparison, not the change before it
    assert not [f for f in doc.findings if f.rule == "narrative.reason_direction"]


@pytest.mark.parametrize(
    "text, verdicts",
    [
        # 1867.48 + 0 = 1867.48, not the 867.48 written (a leading digit lost)
        ("支出总计,867.48万元，由一般公共预算支出1,867.48万元，加上解支出、结转下年等0万元等构成。", ["mismatch"]),
        # 80.00 + 20.00 = 100.00
        ("本年收入100.00万元，由财政拨款收入80.00万元和其他收入20.00万元组成。", ["ok"]),
        # 主要由 names the main parts only: no breakdown to add up
        ("本年收入100.00万元，主要由财政拨款收入80.00万元和其他收入10.00万元构成。", []),
    ],
)
def test_a_total_made_of_its_parts(tmp_path, text, verdicts):
    doc = _run(tmp_path, text)
    assert [v for _, v in _verdicts(doc, "composition")] == verdicts


def test_shares_listed_after_their_base_bind_in_order(tmp_path):
    # 7738.1 / 33929.6 = 22.81%, 14486.8 / 33929.6 = 42.70%, 11704.8 / 33929.6 = 34.50%
    doc = _run(
        tmp_path,
        "2023年全国政府采购规模为33929.6亿元。其中，货物、工程、服务政府采购规模分别为7738.1亿元、14486.8亿元和"
        "11704.8亿元，占全国政府采购规模比例为22.8%、42.7%和34.5%。",
    )
    assert [v for _, v in _verdicts(doc, "share")] == ["ok", "ok", "ok"]


def test_a_named_base_never_stated_is_not_the_sum_of_the_listed_amounts(tmp_path):
    # 28684 + 32962 = 61646 is what was collected; 56.4% + 56.3% of it is no whole: the 任务数 is not stated
    doc = _run(
        tmp_path,
        "1-6月份全区一般公共预算收入累计完成61646万元，同比增长10.7%。其中税务部门完成28684万元，占任务数的56.4%；"
        "财政部门完成32962万元，占任务数的56.3%。",
    )
    assert [v for _, v in _verdicts(doc, "share")] == ["unverified", "unverified"]


def test_a_list_ends_where_its_first_parts_make_the_total(tmp_path):
    # 11765 + 14796 + 3051 = 29612; 19401 is another aggregate
    doc = _run(
        tmp_path,
        "全区完成财政收入29612万元，同比增长6.2%。其中，国税完成11765万元，同比增长13.8%；地税完成14796万元，"
        "同比下降11.6%；财政完成3051万元，同比增长281.9%；实现地方一般预算收入19401万元，同比增长8.5%。",
    )
    assert [v for _, v in _verdicts(doc, "composition")] == ["ok"]
    # a complete 三公 breakdown is never cut short: 0 + 11.52 makes 11.52, but 35 is a third part
    doc = _run(
        tmp_path,
        "“三公”经费支出预算为11.52万元。其中：因公出国（境）费支出预算为0万元，公务接待费支出预算为11.52万元，"
        "公务用车购置及运行费支出预算为35万元。",
    )
    assert [v for _, v in _verdicts(doc, "composition")] == ["mismatch"]


def test_a_comparison_year_is_not_the_documents_year(tmp_path):
    text = (
        "2024年一般公共预算“三公”经费支出预算为14.01万元，其中：因公出国（境）费用0万元，公务用车运行维护费"
        "14.01万元，公务接待费0万元。与{y}年预算相比增长16.75%。"
    )
    doc = _run(tmp_path, text.format(y=2023))  # a 2024 budget against 2023: right
    assert doc.meta.year == 2024
    assert not [f for f in doc.findings if f.rule == "naming.reference_year"]
    doc = _run(tmp_path, text.format(y=2024))  # against itself: the year slipped
    assert [f.rule for f in doc.findings if f.rule == "naming.reference_year"] == ["naming.reference_year"]


@pytest.mark.parametrize(
    "share, verdict",
    [
        ("40.00", "ok"),  # 8.00 / 20.00 = 40.00%
        ("45.00", "mismatch"),  # 8.00 / 20.00 = 40.00%, not 45.00%
    ],
)
def test_a_share_after_x_zhong_is_a_share_of_x(tmp_path, share, verdict):
    # only one item states a share, so no sum of listed parts pins the base: the sentence's “X中” does
    doc = _run(
        tmp_path,
        "（一）“三公”经费支出总体情况。本单位2023年度一般公共预算财政拨款“三公”经费支出预算为25.00万元，"
        "支出决算为20.00万元，完成预算的80.00%。\n"
        "（二）“三公”经费支出具体情况。2023年度一般公共预算财政拨款“三公”经费支出决算中，"
        f"因公出国（境）费支出决算0万元；公务用车购置及运行维护费支出决算12.00万元；公务接待费支出决算8.00万元，占{share}%。",
    )
    assert [v for _, v in _verdicts(doc, "share")] == [verdict]


def test_a_premise_word_gives_a_reason_no_direction(tmp_path):
    text = "公务接待费1.00万元，比上年增加0.50万元，增长100.00%，主要原因是{reason}。"
    doc = _run(tmp_path, text.format(reason="在考虑节约前提下，公务接待工作的可变性"))
    assert not [f for f in doc.findings if f.rule == "narrative.reason_direction"]
    doc = _run(tmp_path, text.format(reason="接待任务减少"))  # a reason that does point the other way
    assert [f.rule for f in doc.findings if f.rule == "narrative.reason_direction"] == ["narrative.reason_direction"]


def test_the_same_doubling_many_times_is_one_finding_with_its_count(tmp_path):
    text = "本年收入合计100.00万元,,比上年增加1.00万元,,增长1.01%。" * 3  # six doubled commas
    doc = _run(tmp_path, text)
    doubled = [f for f in doc.findings if f.rule == "residue.doubled"]
    assert len(doubled) == 1 and "全文共 6 处相同" in doubled[0].message, [f.message for f in doubled]
    doc = _run(tmp_path, "本年收入合计100.00万元,,比上年增加1.00万元。")  # once: reported as it is
    assert [f.message for f in doc.findings if f.rule == "residue.doubled"] == ["词语重复：,,。"]


@pytest.mark.parametrize(
    "rate, verdict",
    [
        ("77.1", "ok"),  # 57271 / 74261 = 77.12%
        ("71.7", "mismatch"),  # digits swapped: nowhere near 77.12%
    ],
)
def test_a_share_of_a_stated_budget_is_a_completion(tmp_path, rate, verdict):
    # 占年初预算X万元的Y%: the amount before the frame over the budget inside it; the 同比 rate after it
    # names no prior figure, so it stays unverified and never takes that budget for this year's amount
    doc = _run(tmp_path, f"1-5月，全县完成一般公共预算支出57271万元，占年初预算74261万元的{rate}%，同比增长19.1%。")
    assert [v for _, v in _verdicts(doc, "completion")] == [verdict]
    assert [v for _, v in _verdicts(doc, "change")] == ["unverified"]
    # the same frame after an amount whose words name no measure (财政总收入)
    doc = _run(tmp_path, "全县完成财政总收入4348万元，占年初预算10065万元的43.2%，同比下降6.5%。")
    assert [v for _, v in _verdicts(doc, "completion")] == ["ok"]


def test_a_part_in_the_wrong_unit_that_alone_breaks_the_sum_is_flagged(tmp_path):
    text = (
        "全县民生支出累计完成131385万元。其中：教育支出29104{u}；社会保障和就业支出42366万元；"
        "卫生健康支出12988万元；农林水事务支出46927万元。"
    )
    doc = _run(tmp_path, text.format(u="元"))
    flagged = [(c.text, c.verdict, c.suggestion) for c in doc.claims if c.flagged]
    assert flagged == [("29104元", "mismatch", "29104万元")]
    assert "单位" in next(c.message for c in doc.claims if c.flagged)
    assert not [c for c in _run(tmp_path, text.format(u="万元")).claims if c.flagged]
    # read in 万元 the list still falls short: an incomplete list, not a unit slip
    short = _run(tmp_path, text.replace("46927", "40000").format(u="元"))
    assert not [c for c in short.claims if c.flagged]


def test_a_numbered_line_with_a_figure_is_wrapped_prose_not_a_heading(tmp_path):
    # text copied from a PDF keeps its line ends: “1. … 占一般公共预算支出的” / “96.74%，同比减少 …”
    doc = _run(
        tmp_path,
        "1. 基本支出预算 881300.39 元,占一般公共预算支出的\n96.74%,同比减少 166271.4 元,下降 15.87 %。\n"
        "（二）社会保障和就业支出类科目 116433.12 元,占支\n出总预算 10.73 %,同比增加 16803.36 元,增长 14.43%。\n",
    )
    changes = _verdicts(doc, "change")
    assert [v for _, v in changes] == ["ok", "mismatch"], changes  # 16803.36 / 99629.76 = 16.87%, not 14.43%


@pytest.mark.parametrize(
    "staff, verdict",
    [("809961.19", "mismatch"), ("839661.19", "ok")],  # 809961.19 + 71339.2 = 881300.39, not 911000.39
)
def test_a_complete_list_goes_on_in_the_next_sentences(tmp_path, staff, verdict):
    doc = _run(
        tmp_path,
        f"2023年本年一般公共预算基本支出 911000.39 元,其中:人员经费 {staff} 元,主要包括:基本工资、津贴补贴。"
        "公用经费 71339.2 元,主要包括:办公费、工会经费。\n",
    )
    assert [v for _, v in _verdicts(doc, "composition")] == [verdict]


def test_a_sentence_after_a_list_is_not_its_part_unless_the_list_is_then_complete(tmp_path):
    # 加上…, a sub-list (三大主体税种中：…): a new topic; no complete breakdown (aliases [exhaustive]) forms
    doc = _run(
        tmp_path,
        "收入完成130.2亿元，同比增长8.3%。其中：国有土地使用权出让相关收入完成125.6亿元，同比增长8.2%。"
        "加上转移性收入33.8亿元，收入合计164.0亿元。\n",
    )
    assert not [c for c in doc.claims if c.flagged]


def test_a_negative_completion_rate_and_one_character_direction_words_are_read(tmp_path):
    doc = _run(tmp_path, "“三公”经费支出预算为23.40万元，支出决算为7.2万元，完成预算的-69.23%。\n")
    assert _verdicts(doc, "completion") == [("23.40万元，支出决算为7.2万元，完成预算的-69.23%", "mismatch")]
    doc = _run(tmp_path, "2.商品和服务支出较上年减0.04万元，增0.01%。\n")
    assert [v for _, v in _verdicts(doc, "change")] == ["direction"]
    doc = _run(tmp_path, "本年新增资产配置10万元，增值税减免2万元。\n")  # 增/减 inside words are no direction
    assert not [c for c in doc.claims if c.kind == "change"]


@pytest.mark.parametrize(
    "rate, verdict",
    [("265.6", "ok"), ("279.0", "ok"), ("250.0", "mismatch")],  # the total's rate; the last part's; neither
)
def test_a_change_after_a_list_is_the_totals_or_the_last_parts_by_its_figures(tmp_path, rate, verdict):
    # 37337407.64 − 27125219.46 = 10212188.18 → 265.6%; 36849227 − 27125219.46 = 9724007.54 → 279.0%
    doc = _run(
        tmp_path,
        "事业运行经费总预算安排37337407.64元，其中：基本支出预算488180.64元，项目支出预算36849227元，"
        f"同比增加27125219.46元，增长{rate}%。\n",
    )
    assert [v for _, v in _verdicts(doc, "change")] == [verdict]


def test_a_juesuan_titled_with_yiban_gonggong_yusuan_is_a_juesuan_and_a_bracketed_year_is_chosen(tmp_path):
    # 一般公共预算 names the money, not the document; 比2019年（疫情前） is a comparison made on purpose
    doc = _run(
        tmp_path,
        "2023年广东省财政厅一般公共预算财政拨款“三公”经费支出决算情况说明\n"
        "广东省财政厅2023年度“三公”经费财政拨款支出决算为62.07万元，比上年决算数增加38.97万元，增长168.7%；"
        "比2019年（疫情前）决算数减少24.87万元，降低28.6%。\n",
    )
    assert doc.meta.doctype == "决算"
    assert not [f for f in doc.findings if f.rule == "residue.year"]
    doc = _run(tmp_path, "2023年度部门决算情况说明\n与2019年度相比，支出减少10.00万元。\n")  # a stale template year
    assert [f.rule for f in doc.findings if f.rule == "residue.year"] == ["residue.year"]


def test_a_change_named_only_by_a_measure_or_period_rests_on_its_sentences_amount(tmp_path):
    # 较上年支出数减少… / 比上年同月增收…: 支出数 and 同月 name no item, so the amount before them is the current one
    doc = _run(tmp_path, "“三公”经费支出共计9.07万元，较上年支出数减少0.71万元，下降7.83%。\n")
    assert [v for _, v in _verdicts(doc, "change")] == ["mismatch"]  # 0.71 / 9.78 = 7.26%
    doc = _run(tmp_path, "全市财政收入完成26.68亿元，比上年同月增收6.18亿元，增长30.15%。\n")
    assert [v for _, v in _verdicts(doc, "change")] == ["ok"]  # 6.18 / 20.50 = 30.146%


@pytest.mark.parametrize(
    "rate, verdict",
    [
        ("1,055.4", "ok"),  # 20.63 / 1.96 = 1052.55% at the cent; each amount ±0.005 gives 1046.95%–1058.21%
        ("1,070.0", "mismatch"),  # outside even those intervals
    ],
)
def test_a_rate_over_a_small_difference_is_read_with_its_amounts_half_cents(tmp_path, rate, verdict):
    text = f"公务接待费支出决算为22.59万元，比上年决算数增加20.63万元，增长{rate}%。本年支出合计100.25万元。\n"
    doc = _run(tmp_path, text)
    assert [v for _, v in _verdicts(doc, "change")] == [verdict]


def test_a_rate_one_unit_off_is_a_rounding_slip_not_a_reversed_word(tmp_path):
    # 571.6 / (36399 + 571.6) = 1.546% → 1.5 (one unit off); as an increase it would be 1.6% — still a slip
    doc = _run(tmp_path, "全国政府采购规模为36,399亿元，较上年减少571.6亿元，下降1.6%。\n")
    assert [v for _, v in _verdicts(doc, "change")] == ["rounding"]


def test_a_change_opening_its_sentence_with_an_item_and_a_measure_rests_on_that_figure(tmp_path):
    text = (
        "（一）“三公”经费支出决算总体情况\n"
        "2023年度一般公共预算财政拨款“三公”经费支出预算为24.5万元，支出决算为11.96万元，完成预算的48.82%。\n"
        "2023年度一般公共预算财政拨款“三公”经费支出决算数比2022年减少0.41万元，下降{rate}%。\n"
    )
    assert [v for _, v in _verdicts(_run(tmp_path, text.format(rate="3.31")), "change")] == ["ok"]
    assert [v for _, v in _verdicts(_run(tmp_path, text.format(rate="4.31")), "change")] == ["mismatch"]
    # the item alone (no measure) in a section of last year's 决算: that figure is not the one it changes from
    doc = _run(
        tmp_path,
        "二、2021年“三公”经费决算情况\n2021年度“三公”经费合计支出20.12万元，其中：公务接待12.39万元，"
        "公务用车运行费用7.73万元。\n公务用车运行费用较上年同期增加2.27万元，增长29.37%。\n",
    )
    assert [v for _, v in _verdicts(doc, "change")] == ["unverified"]


def test_last_years_figure_is_no_total_of_a_list_and_small_shares_read_with_half_cents(tmp_path):
    doc = _run(
        tmp_path,
        "“三公”经费预算总额为1238万元，较2023年年初预算的1278万元减少40万元，同比下降3.1%。其中：因公出国（境）费用0万元，"
        "公务接待费633万元，公务用车购置及运行维护费605万元。\n",
    )
    assert [v for _, v in _verdicts(doc, "composition")] == ["ok"]  # 0 + 633 + 605 = 1238, not 1278
    # 0.39 / 1.75 = 22.29% at the cent; each amount ±0.005 gives 21.94%–22.64%, which holds 22.14%
    doc = _run(
        tmp_path,
        "“三公”经费支出决算1.75万元，其中：公务接待费支出决算0.39万元，占22.14%；公务用车购置及运行维护费支出决算"
        "1.37万元，占77.86%。本年支出合计100.25万元。\n",
    )
    assert [v for _, v in _verdicts(doc, "share")] == ["ok", "ok"]
    text = "“三公”经费支出决算1.75万元，其中：公务接待费支出决算0.39万元，占25.14%。本年支出合计100.25万元。\n"
    doc = _run(tmp_path, text)
    assert [v for _, v in _verdicts(doc, "share")] == ["mismatch"]


@pytest.mark.parametrize("rate, verdict", [("97.44", "ok"), ("90.00", "mismatch")])
def test_a_completion_of_small_amounts_is_read_with_their_half_cents(tmp_path, rate, verdict):
    # 0.38 / 0.39 = 97.436% at the cent; each amount ±0.005 gives 94.94%–100.00%
    text = f"公务接待费年初预算为0.39万元，支出决算为0.38万元，完成年初预算的{rate}%。本年支出合计100.25万元。\n"
    assert [v for _, v in _verdicts(_run(tmp_path, text), "completion")] == [verdict]


@pytest.mark.parametrize("rate, verdict", [("80", "ok"), ("70", "mismatch")])
def test_a_share_after_a_bracketed_breakdown_is_the_amounts_not_its_last_parts(tmp_path, rate, verdict):
    # held-out r-01: 财政拨款收入4352.47万元(其中,…国有资本经营预算0万元),占收入合计100% was judged on the 0
    text = (
        "本年收入合计100万元，包括财政拨款收入80万元（其中：一般公共预算70万元，政府性基金预算10万元），"
        f"占收入合计{rate}%；其他收入20万元，占收入合计20%。\n"
    )
    shares = _verdicts(_run(tmp_path, text), "share")
    assert [v for _, v in shares] == [verdict, "ok"]


@pytest.mark.parametrize("delta, verdict", [("19", "ok"), ("1.9", "mismatch")])
def test_a_change_after_a_bracketed_current_amount_and_ji(tmp_path, delta, verdict):
    # held-out r-05 (澳门): 开支(826亿元)增加了1.9亿元,即同比增2.3%: 1.9 / 824.1 = 0.23%, a slip for 19亿
    text = f"公共开支方面，和2015年相比，2016年录得的开支（826亿元）增加了{delta}亿元，即同比增2.3%。\n"
    assert [v for _, v in _verdicts(_run(tmp_path, text), "change")] == [verdict]


@pytest.mark.parametrize("part, verdict", [("24億4,210萬4千元", "ok"), ("27億9,864萬4千元", "mismatch")])
def test_amounts_in_yi_wan_qian_and_a_bracketed_baokuo_list(tmp_path, part, verdict):
    # held-out q-07: 75億7,210萬4千元 is one figure (757210.4萬元), and (包括A及B) breaks it down;
    # 27億9,864萬4千 + 51億3,000萬 = 79億2,864萬4千 > 75億7,210萬4千
    text = f"國庫撥款75億7,210萬4千元(包括農水署公務預算撥充基金{part}及特別預算撥充51億3,000萬元)。\n"
    doc = _run(tmp_path, text)
    assert [c.claimed.value.value for c in doc.claims if c.kind == "amount"][0] == Decimal("757210.4")
    assert [v for _, v in _verdicts(doc, "composition")] == [verdict]


def test_yi_then_wan_is_one_figure_not_two(tmp_path):
    # 3亿2000万元 was read as 3亿元 and 2000万元: two figures, one of them a false part of any list
    doc = _run(tmp_path, "本年支出合计3亿2000万元，其中：基本支出1亿2000万元，项目支出2亿元。\n")
    assert [(c.claimed.value.value, c.claimed.unit) for c in doc.claims if c.kind == "amount"] == [
        (Decimal("32000"), "万元"),
        (Decimal("12000"), "万元"),
        (Decimal("2"), "亿元"),
    ]
    assert [v for _, v in _verdicts(doc, "composition")] == ["ok"]


def test_a_share_named_by_its_own_item_is_not_the_share_of_the_amount_before(tmp_path):
    # held-out t-01: …较上年28899万元增长9.9%,税收收入占县级一般公共预算收入的57.7% — 28899 is last year's revenue,
    # not 税收收入: the share's part is not in its clause (18319 / 31751 = 57.7% two paragraphs on)
    text = (
        "全年县级一般公共预算收入31751万元,完成预算数31220万元的101.7%,较上年28899万元增长9.9%,"
        "税收收入占县级一般公共预算收入的57.7%。\n"
    )
    shares = [c for c in _run(tmp_path, text).claims if c.kind == "share"]
    assert [(c.verdict, c.subject) for c in shares] == [("unverified", "税收收入")]
    # an amount of the item named before 占 is still its part
    text = "全年县级一般公共预算收入31751万元，其中税收收入18319万元，税收收入占县级一般公共预算收入的57.7%。\n"
    assert [v for _, v in _verdicts(_run(tmp_path, text), "share")] == ["ok"]
    text = "全年县级一般公共预算收入31751万元，其中税收收入18319万元，税收收入占县级一般公共预算收入的67.7%。\n"
    assert [v for _, v in _verdicts(_run(tmp_path, text), "share")] == ["mismatch"]


def test_a_baokuo_clause_after_a_part_breaks_that_part_down(tmp_path):
    # held-out s-12: 其中:财政拨款收入751.8万元,占…9.7%,包括一般公共预算收入751.8万元;其他收入7000万元 — two parts,
    # not three (751.8 was counted twice)
    text = (
        "2022年收入预算总额为7751.8万元。其中：财政拨款收入751.8万元，占收入预算总额的9.7%，"
        "包括一般公共预算收入751.8万元；其他收入7000万元，占收入预算总额的90.3%。\n"
    )
    comps = [c for c in _run(tmp_path, text).claims if c.kind == "composition"]
    assert [(len(c.claimed.parts), c.verdict) for c in comps] == [(2, "ok")]


@pytest.mark.parametrize(("carry", "verdicts"), [("2.41", ["ok", "ok"]), ("2.42", ["rounding", "ok"])])
def test_a_parts_own_baokuo_list_inside_a_qizhong_is_checked_against_that_part(tmp_path, carry, verdicts):
    # held-out aj-09: 其中，收入总计…，包括A、B；支出总计…，包括C、D — each side's own 包括 list against that side, up
    # to the ； (the outer 其中 names the two sides of the balance and stays unverified)
    text = (
        "2026年财政拨款收支总预算2,376.32万元。其中，收入总计2,376.32万元，包括一般公共预算本年收入2,373.91万元、"
        f"上年结转{carry}万元；支出总计2,376.32万元，包括教育支出1,654.55万元、社会保障和就业支出721.77万元。\n"
    )
    comps = [c for c in _run(tmp_path, text).claims if c.kind == "composition" and c.verdict != "unverified"]
    assert [c.verdict for c in comps] == verdicts
    assert [len(c.claimed.parts) for c in comps] == [2, 2]


def test_a_total_from_another_sentence_with_an_unmarked_rival_raises_no_alarm(tmp_path):
    # held-out s-12: the last amount before 其中 was a reason (增加了其他资金预算7000万元), the real total
    # (收入预算总额7783.26) an unmarked amount before it: the frame's total is unsure, so no mismatch
    text = (
        "收入预算总额为7783.26万元，原因是：1、人员增加；2、本年增加了其他资金预算7000万元。"
        "其中：财政拨款收入751.8万元；其他收入7000万元。\n"
    )
    assert [v for _, v in _verdicts(_run(tmp_path, text), "composition")] == ["unverified"]


def test_a_nested_qizhong_ends_with_its_parts_clause(tmp_path):
    # held-out s-01: the nested list (购置 17.98 + 运行 15.15 = 33.13) ends at ；, and 公务接待费 is no part of it
    text = (
        "“三公”经费支出决算为34.07万元，其中：因公出国（境）费0.94万元，公务用车购置及运行维护费33.13万元，"
        "其中：公务用车购置费17.98万元，公务用车运行维护费15.15万元；公务接待费5万元。\n"
    )
    comps = {c.claimed.total.text: c for c in _run(tmp_path, text).claims if c.kind == "composition"}
    assert len(comps["33.13"].claimed.parts) == 2 and comps["33.13"].verdict == "ok"


_T17 = "我县完成政府采购额4303.58万元,比去年同期2213万元增加2090.58万元,节约资金480.62万元,"


@pytest.mark.parametrize(
    "text, verdict",
    [
        # held-out t-17: no budget written, so budget = actual + saving: 480.62 / 4784.20 = 10.05%
        (_T17 + "节约率10.5%。", "mismatch"),
        (_T17 + "节约率10.05%。", "ok"),
        # held-out t-16: 送审 − 审定 = 18772, not the 18906 written
        ("送审金额115991万元,审定金额97219万元,审减金额18906万元,审减率16.39%。", "mismatch"),
        ("送审金额115991万元,审定金额97219万元,审减金额18772万元,审减率16.18%。", "ok"),
        # some writers divide by the actual: a rate that base gives is consistent (n-16: 281.57 / 2882 = 9.77%)
        ("全市政府采购额达到2882万元,节约资金281.57万元,平均节支率为9.77%。", "ok"),
        # 突破400亿元 is a threshold: the figure is the 437.35 it restates (43 / 480.35 = 8.95%)
        ("政府采购规模突破400亿元,达到437.35亿元,比上年增长10.5%,节约资金43亿元,节约率为9%。", "ok"),
    ],
)
def test_saving_rates(tmp_path, text, verdict):
    assert [v for _, v in _verdicts(_run(tmp_path, text + "\n"), "saving")] == [verdict]


@pytest.mark.parametrize("rate, verdict", [("2.64", "ok"), ("2.57", "mismatch")])
def test_a_change_named_only_by_ge_rests_on_its_sentences_amount(tmp_path, rate, verdict):
    # held-out u-01: 各 names nothing; 29.6 / (1151.41 − 29.6) = 2.64%, and 2.57% is 29.6 over this year's total
    text = f"2021年度收入总计1,151.41万元,支出总计1,151.41万元,与2020年度相比,各增加29.6万元,增长{rate}%。\n"
    assert [v for _, v in _verdicts(_run(tmp_path, text), "change")] == [verdict]


@pytest.mark.parametrize("change, verdict", [("0.50", "mismatch"), ("1.00", "ok")])
def test_the_changes_of_a_complete_lists_items_add_up_to_the_totals(tmp_path, change, verdict):
    # held-out p-02: 0 + 0.50 + 6.00 = 6.50, so the items' changes (0, 0, −1.00) must make the total's −0.50
    text = (
        f"2023年“三公”经费预算6.50万元,比上年减少{change}万元。其中:因公出国(境)费用0万元,较上年无增减;"
        "公务接待费0.50万元,较上年无增减;公务用车运行维护费6.00万元,比上年减少1.00万元。\n"
    )
    comps = [c for c in _run(tmp_path, text).claims if c.pattern == "composition.item_changes"]
    assert [c.verdict for c in comps] == [verdict]


def test_item_changes_against_a_budget_or_an_incomplete_list_are_not_summed(tmp_path):
    text = (
        "支出1643.29万元,比上年增加105.77万元。其中:基本支出952.50万元,比年初预算增加39.77万元;"
        "项目支出690.79万元,比上年增加66.00万元。\n"
    )
    assert not [c for c in _run(tmp_path, text).claims if c.pattern == "composition.item_changes"]
    text = (
        "支出1700.00万元,比上年增加105.77万元。其中:基本支出952.50万元,比上年增加39.77万元;"
        "项目支出690.79万元,比上年增加66.00万元。\n"
    )
    assert not [c for c in _run(tmp_path, text).claims if c.pattern == "composition.item_changes"]


@pytest.mark.parametrize("rate, verdict", [("79.5", "ok"), ("79.1", "mismatch")])
def test_a_share_written_as_bizhong_da_and_a_base_not_summed_with_another(tmp_path, rate, verdict):
    # held-out y-01: 占一般公共预算支出的比重达79.1% names the base 一般公共预算支出 (868.04 / 1091.71 = 79.5%)
    text = f"全区一般公共预算支出1091.71亿元；其中民生支出完成868.04亿元，民生支出占一般公共预算支出的比重达{rate}%。\n"
    assert [v for _, v in _verdicts(_run(tmp_path, text), "share")] == [verdict]
    # p-06: 转移支付 is not 税收返还和转移支付 (4404.78, of which 3030.61 is 68.8%): no sure base, no alarm
    text = (
        "对市县税收返还和转移支付4404.78亿元，占总支出的67%（包括一般性转移支付3030.61亿元，占转移支付比重达82%；"
        "专项转移支付663.82亿元）。\n"
    )
    shares = {c.claimed.pct.text: c.verdict for c in _run(tmp_path, text).claims if c.kind == "share"}
    assert shares["82"] in ("ok", "unverified")


def test_a_bound_or_a_range_is_no_total_of_a_list(tmp_path):
    # held-out x-08: 其中 means "among them", after a headline bound (超10亿) and a range (多为5亿-10亿元)
    text = (
        "京沪三公经费超10亿\n2013年三公经费预算总额多为5亿-10亿元。其中，北京最高，达11.1亿元；新疆最低，为4.3亿元。\n"
    )
    assert not [c for c in _run(tmp_path, text).claims if c.kind == "composition"]


@pytest.mark.parametrize(
    "text, verdict",
    [
        ("财政收入增长19.9%，高于全省平均增幅（11%）8.9个百分点。", "ok"),
        ("财政收入增长20.6%，比全省平均水平（17.9%）高2.7个百分点。", "ok"),
        ("财政收入增长19.9%，低于全省平均增幅（11%）8.9个百分点。", "direction"),
        # held-out y-02: 53.2 − 21.4 = 31.8, not 33.9
        ("县级财政自给率仅为21.4%，虽然高于上年2.1个百分点，但远低于全区财政自给率（53.2%）33.9个百分点。", "mismatch"),
        # the first rate not beside the comparison: not read (m-13: 增幅比全省平均增幅(15.97%)高6个百分点)
        ("全市财政收入增幅比全省平均增幅（15.97%）高6个百分点。", None),
    ],
)
def test_gaps_in_percentage_points(tmp_path, text, verdict):
    gaps = _verdicts(_run(tmp_path, text + "\n"), "gap")
    assert [v for _, v in gaps] == ([verdict] if verdict else [])


def test_amounts_in_yi_and_wan_with_yu_and_a_share_of_a_sum(tmp_path):
    # held-out z-07: 241億9,760萬餘元 is 2419760萬 (241億 alone gave 59.51%), and 合計占歲入94.02% is the two
    # amounts' share together (139.6932 + 241.9760 of 405.9629), not the last one's
    text = (
        "審定歲入決算數405億9,629萬餘元。就歲入來源以稅課收入139億6,932萬餘元、補助及協助收入241億9,760萬餘元"
        "占最大宗,比例分別為34.41%及59.61%,合計占歲入94.02%。\n"
    )
    doc = _run(tmp_path, text)
    assert [c.claimed.value.value for c in doc.claims if c.kind == "amount"][:3] == [
        Decimal("4059629"),
        Decimal("1396932"),
        Decimal("2419760"),
    ]
    assert not [c for c in doc.claims if c.flagged]


@pytest.mark.parametrize(
    "text, verdict",
    [
        ("政府本財政年度首五個月開支為3192億元,收入為1162億元,錄得2030億元赤字。", "ok"),
        # held-out z-11: 3192 − 1162 = 2030, not 1830
        ("政府本財政年度首五個月開支為3192億元,收入為1162億元,錄得1830億元赤字。", "mismatch"),
        ("政府經營帳目收入6533億元，支出6020億元，錄得經營盈餘513億元。", "ok"),
        ("政府經營帳目收入6020億元，支出6533億元，錄得經營盈餘513億元。", "direction"),
        ("本年收入合计100.00万元，本年支出合计90.00万元，本年收支结余10.00万元。", "ok"),
    ],
)
def test_balances_of_revenue_and_spending(tmp_path, text, verdict):
    assert [v for _, v in _verdicts(_run(tmp_path, text + "\n"), "balance")] == [verdict]


def test_a_balance_after_another_figure_is_another_balance(tmp_path):
    # held-out t-14: 扣除債務還本1,415億元，收支賸餘105億元 is the first balance less the debt repaid
    text = (
        "總預算歲入維持3兆1,648億元，歲出增為3兆128億元，歲入歲出賸餘為1,520億元，扣除債務還本1,415億元，"
        "收支賸餘105億元。\n"
    )
    assert [v for _, v in _verdicts(_run(tmp_path, text), "balance")] == ["ok", "unverified"]


def test_a_change_amount_in_the_wrong_unit_is_said_so(tmp_path):
    # held-out a-09: 比上年同期139万元增支120元，增长86.3% — 120元 is 0.012万元 (a 0.0% rise); read as 120万元 the
    # rate fits, so the alarm names the unit and the suggestion fixes it
    text = "科学技术支出259万元,比上年同期139万元增支120元,增长86.3%。\n"
    c = [c for c in _run(tmp_path, text).claims if c.kind == "change"][0]
    assert c.verdict == "mismatch" and "单位笔误" in c.message and "增支120万元" in c.suggestion


@pytest.mark.parametrize("rate, verdict", [("46", "ok"), ("48", "mismatch")])
def test_a_completion_with_its_budget_written_inside(tmp_path, rate, verdict):
    # held-out b-06: 农林水事务支出699万元,完成年初预算计划1528万元的48% — 699 / 1528 = 45.7% → 46
    text = f"7、农林水事务支出699万元,完成年初预算计划1528万元的{rate}%,比去年上半年增支35万元。\n"
    assert [v for _, v in _verdicts(_run(tmp_path, text), "completion")] == [verdict]


def test_an_item_completed_names_the_base_of_a_later_share(tmp_path):
    # held-out g-07: 一般公共预算支出完成252.4亿元 … 民生支出189.9亿元，占一般公共预算支出的76% (75.2% → 75)
    text = "全年一般公共预算支出完成252.4亿元，增长5%。全年民生支出189.9亿元，占一般公共预算支出的76%。\n"
    assert [v for _, v in _verdicts(_run(tmp_path, text), "share")] == ["rounding"]


def test_a_change_amount_in_the_wrong_unit_against_this_years_amount(tmp_path):
    # held-out f-15: 支出3.3萬元，與2018年度預算相比，減少2.7元，下降45% — read as 2.7萬元: 2.7 / 6.0 = 45%
    text = "公務接待費支出3.3萬元,與2018年度預算相比,減少2.7元,下降45%。\n"
    c = [c for c in _run(tmp_path, text).claims if c.kind == "change"][0]
    assert c.verdict == "mismatch" and "单位笔误" in c.message and "減少2.7萬元" in c.suggestion


@pytest.mark.parametrize(
    ("delta", "current", "verdict"),
    [("21.00", "252.50", "ok"), ("22.00", "252.50", "mismatch"), ("21.00", "210.50", "direction")],
)
def test_a_change_after_its_prior_must_be_this_years_amount_less_the_prior(tmp_path, delta, current, verdict):
    doc = _run(tmp_path, f"本年支出合计{current}万元，较上年231.50万元，增加{delta}万元。")
    assert [v for _, v in _verdicts(doc, "change")] == [verdict]
    if verdict != "ok":
        (change,) = [c for c in doc.claims if c.kind == "change"]
        assert f"本年数 {current}" in change.message and "上年数 231.50" in change.message


def test_a_change_after_its_prior_with_no_amount_before_it_is_unverified(tmp_path):
    doc = _run(tmp_path, "主要是人员增加。较上年231.50万元，增加22.00万元。")
    assert [v for _, v in _verdicts(doc, "change")] == ["unverified"]


@pytest.mark.parametrize(("delta", "pct", "verdict"), [("21.00", "9.07", "ok"), ("22.00", "9.50", "mismatch")])
def test_a_rate_that_fits_its_prior_still_needs_the_amount_before_it(tmp_path, delta, pct, verdict):
    doc = _run(tmp_path, f"本年支出合计252.50万元，较上年231.50万元，增加{delta}万元，增长{pct}%。")
    assert [v for _, v in _verdicts(doc, "change")] == [verdict]


def test_a_parts_change_is_not_the_totals_when_the_total_has_its_own(tmp_path):
    # wild f-14: the part's amount lost its 万; the total's identical figures must not explain the part's change
    text = "本年支出合计252.5万元,较上年231.5万元,增加21万元,其中:基本支出252.5元,较上年231.5万元,增加21万元;"
    doc = _run(tmp_path, text)
    assert [v for _, v in _verdicts(doc, "change")] == ["ok", "direction"]
    (flagged,) = [c for c in doc.claims if c.flagged]
    assert "疑为本年数单位笔误" in flagged.message and flagged.suggestion.startswith("252.5万元")


@pytest.mark.parametrize(("pct", "verdict"), [("7.14", "ok"), ("8.00", "mismatch"), ("7.15", "rounding")])
def test_a_rate_after_its_prior_is_this_years_amount_over_the_prior(tmp_path, pct, verdict):
    doc = _run(tmp_path, f"2024年收入合计300.00万元，完成预算数310.00万元的96.77%，比2023年的280.00万元增长{pct}%。")
    assert [v for _, v in _verdicts(doc, "change")] == [verdict]


@pytest.mark.parametrize(
    ("tail", "verdict"),
    [("增加21.00万元，增长9.07%", "ok"), ("增加22.00万元，增长9.50%", "mismatch"), ("增长9.50%", "mismatch")],
)
def test_a_change_against_the_prior_it_is_compared_with(tmp_path, tail, verdict):
    doc = _run(tmp_path, f"本年支出合计252.50万元，与上年231.50万元相比，{tail}。")
    assert [v for _, v in _verdicts(doc, "change")] == [verdict]


def test_a_budget_contents_with_a_group_heading_lists_its_tables(tmp_path):
    """五、部门预算表 over 1. 2. 3. is the group's heading, not a table of its own; dot leaders and page numbers
    are no part of a title; a table the 目录 lists and the body lacks is reported, and only that one."""
    toc = "目录\n一、部门主要职能 ……………… 1\n二、部门预算表 ……………… 3\n1. 2025年部门财务收支预算总表 …… 3\n"
    toc += "2. 2025年部门收入预算总表 …… 4\n3. 2025年部门支出预算总表 …… 5\n三、名词解释 ………… 6\n"
    body = "上海市某某局是本区主管某某工作的部门，负责本区某某事务，内设机构若干，下属事业单位两家。\n"
    body += "2025年部门财务收支预算总表\n2025年部门收入预算总表\n"
    doc = _run(tmp_path, toc + body)
    assert [f.message for f in doc.findings if f.rule == "table.missing"] == [
        "目录列有“2025年部门支出预算总表”，文中找不到这张表。"
    ]
    doc = _run(tmp_path, toc + body + "某某局2025年部门支出预算总表\n")
    assert not [f for f in doc.findings if f.rule == "table.missing"]


@pytest.mark.parametrize(("word", "verdict"), [("小于", "ok"), ("大于", "direction")])
def test_a_comparison_after_the_parts_actuals_compares_the_groups_pair(tmp_path, word, verdict):
    """决算数小于预算数 after a group's 预算 and 决算 and its parts' 决算 alone: the group's pair, the only one."""
    doc = _run(
        tmp_path,
        "“三公”经费财政拨款支出年初预算为2.85万元，支出决算为0.39万元，完成预算的13.68%，其中：因公出国（境）费"
        f"决算为0.00万元；公务接待费支出决算为0.39万元，完成预算的13.68%。“三公”经费支出决算数{word}预算数的主要原因：厉行节约。",
    )
    assert [v for _, v in _verdicts(doc, "comparison")] == [verdict]


@pytest.mark.parametrize(("total_change", "verdict"), [("减少10万元", "ok"), ("减少12万元", "mismatch")])
def test_a_budgets_item_changes_against_last_years_budget_add_up(tmp_path, total_change, verdict):
    """比2024年预算 is a change against last year (its budget), like 比上年; a last item whose change stands in the
    next clause (公务接待费1.35万元。比2024年预算持平) adds 0."""
    doc = _run(
        tmp_path,
        f"2025年“三公”经费预算数为37.91万元，比2024年预算{total_change}。其中：\n\n（一）因公出国（境）费0万元，比2024年"
        "预算持平。\n\n（二）公务用车购置及运行费36.56万元，比2024年预算减少10万元，主要原因是车辆类型不同。\n\n"
        "（三）公务接待费1.35万元。比2024年预算持平，主要原因是公务接待费保持不变。\n",
    )
    assert [c.verdict for c in doc.claims if c.pattern == "composition.item_changes"] == [verdict]


def test_a_count_between_a_total_and_its_qizhong_is_not_the_total(tmp_path):
    """36.56万元，…新增1辆公务用车。其中：购置费15万元…: amounts break down the amount, not the count."""
    doc = _run(
        tmp_path,
        "公务用车购置及运行费36.56万元，主要原因是新增1辆公务用车。其中：公务用车购置费15万元；公务用车运行费21.56万元。",
    )
    assert [(c.claimed.figure("total").text, c.verdict) for c in doc.claims if c.kind == "composition"] == [
        ("36.56", "ok")
    ]


@pytest.mark.parametrize(("other", "verdict"), [("0.10", "mismatch"), ("0.00", "ok")])
def test_a_list_ending_with_its_residual_item_is_not_cut_short(tmp_path, other, verdict):
    """…事业收入986.92万元，事业单位经营收入0万元，其他收入0.10万元: 其他收入 is the last part of the list, not a
    figure after it, though the first parts already make the total (wild ab-13)."""
    doc = _run(
        tmp_path,
        "2025年年初预算数1211.02万元，其中：一般公共预算拨款224.10万元，政府性基金预算拨款0万元，事业收入986.92万元，"
        f"事业单位经营收入0万元，其他收入{other}万元。",
    )
    assert [v for _, v in _verdicts(doc, "composition")] == [verdict]


def test_a_second_breakdown_after_the_first_still_ends_it(tmp_path):
    """按功能分类 parts make the total, then 按经济分类 parts (ending with 其他资本性支出) make it again (wild i-07)."""
    doc = _run(
        tmp_path,
        "一般公共预算财政拨款支出100.00万元。其中：按功能分类科目，教育支出60.00万元，卫生健康支出40.00万元，"
        "按经济分类科目，工资福利支出70.00万元，商品和服务支出20.00万元，其他资本性支出10.00万元。",
    )
    assert [v for _, v in _verdicts(doc, "composition")] == ["ok"]


@pytest.mark.parametrize(("pct", "verdict"), [("23.94", "ok"), ("25.00", "mismatch")])
def test_a_change_of_income_and_spending_rests_on_the_grand_total_before_it(tmp_path, pct, verdict):
    """收支较上年决算数减少… and 收、支与2023年度相比… (the national 决算 template) open a sentence of their own:
    they rest on the 收入总计 and 支出总计 stated before, when those are one figure."""
    doc = _run(
        tmp_path, f"2023年度收入总计618.38万元，支出总计618.38万元。收支较上年决算数减少194.65万元，下降{pct}%。"
    )
    assert [v for _, v in _verdicts(doc, "change")] == [verdict]
    doc = _run(tmp_path, f"2024年度收、支总计均为618.38万元。收、支与2023年度相比，减少194.65万元，下降{pct}%。")
    assert [v for _, v in _verdicts(doc, "change")] == [verdict]
    doc = _run(
        tmp_path, f"2023年度收入总计618.38万元，支出总计600.00万元。收支较上年决算数减少194.65万元，下降{pct}%。"
    )
    assert [v for _, v in _verdicts(doc, "change")] == ["unverified"]  # two figures: which one is unsure


@pytest.mark.parametrize(("pct", "verdict"), [("53.92", "ok"), ("35.03", "mismatch")])
def test_a_change_opening_its_sentence_rests_on_the_amount_ending_the_one_before(tmp_path, pct, verdict):
    doc = _run(tmp_path, f"2017年度一般公共预算财政拨款支出4603.07万元。与上年相比，增加1612.54万元，增长{pct}%。")
    assert [v for _, v in _verdicts(doc, "change")] == [verdict]
    # the sentence before ends with words, not its amount: which figure the change is about is unsure
    doc = _run(tmp_path, f"2017年度支出4603.07万元，主要用于人员经费。与上年相比，增加1612.54万元，增长{pct}%。")
    assert [v for _, v in _verdicts(doc, "change")] == ["unverified"]


def test_a_parts_own_list_after_main_items_is_no_part_of_the_outer_list(tmp_path):
    """其中：财力安排支出68.4亿元，…，主要支出事项：…等；上级专项…13.2亿元 (held-out ac-07): the 主要支出事项 list
    breaks 68.4 down; the outer list is 68.4 + 13.2."""
    doc = _run(
        tmp_path,
        "市本级一般公共预算支出安排81.6亿元。其中：财力安排支出68.4亿元，比上年预算数增长10.1%，主要支出事项：一般"
        "公共服务支出7.1亿元、教育支出7.5亿元、社会保障和就业支出15.4亿元等；上级专项、上年结转安排支出13.2亿元。",
    )
    assert [v for _, v in _verdicts(doc, "composition")] == ["ok"]


def test_a_base_stated_twice_for_two_periods_is_the_one_that_explains_the_share(tmp_path):
    """累计 ends a name (财政总收入累计完成979.88亿元 is 财政总收入): with 5月份's 196.64 also named so, the share
    is of whichever figure explains it, and unsure when neither does (held-out ac-09)."""
    text = (
        "1月至5月，全省财政总收入累计完成979.88亿元。\n5月份，全省财政总收入完成196.64亿元。\n"
        "1月至5月，全口径税收收入完成847.64亿元，占财政总收入的{}%。"
    )
    assert [v for _, v in _verdicts(_run(tmp_path, text.format("86.5")), "share")] == ["ok"]
    assert [v for _, v in _verdicts(_run(tmp_path, text.format("60.0")), "share")] == ["unverified"]


@pytest.mark.parametrize(("pct", "verdict"), [("439.5", "ok"), ("437.7", "mismatch")])
def test_a_change_right_after_an_items_amount_rests_on_it(tmp_path, pct, verdict):
    """其中，因公出国(境)费65.98万元，增加53.75万元，增437.7%: no reference word, the year set by the sentence before
    (held-out ad-13)."""
    doc = _run(
        tmp_path, f"“三公”经费决算支出数为1957.23万元。其中，因公出国（境）费65.98万元，增加53.75万元，增{pct}%。"
    )
    assert [v for _, v in _verdicts(doc, "change")] == [verdict]


def test_a_budget_against_last_years_outcome_with_the_prior_written(tmp_path):
    """预算数为118885亿元，比2020年执行数118410.87亿元下降0.4%: this year's budget is the current figure (ad-08);
    a budget that is a rate's base (完成预算数31220万元的101.7%) is not."""
    doc = _run(tmp_path, "今年中央一般公共预算支出预算数为118885亿元，比2020年执行数118410.87亿元下降0.4%。")
    assert [v for _, v in _verdicts(doc, "change")] == ["direction"]
    doc = _run(tmp_path, "一般公共预算收入31751万元，完成预算数31220万元的101.7%，较上年28899万元增长9.9%。")
    assert [v for _, v in _verdicts(doc, "change")] == ["ok"]


def test_a_prior_that_reads_as_the_change_is_unsure(tmp_path):
    """568.5万元，较2023年度决算数38.31万元，下降6.31% (减少 left out, held-out ad-02): as last year's figure the
    word is wrong, as the change the rate fits, so no alarm."""
    doc = _run(tmp_path, "一般公共预算财政拨款支出568.5万元，较2023年度决算数38.31万元，下降6.31%。")
    (change,) = [c for c in doc.claims if c.kind == "change"]
    assert change.verdict == "unverified" and "疑漏写“减少”" in change.message


@pytest.mark.parametrize(("balance", "verdict"), [("2331", "ok"), ("2431", "mismatch")])
def test_a_balance_rests_on_the_total_revenue_not_a_part_of_it(tmp_path, balance, verdict):
    """基金收入18791亿元，其中保险费收入15501亿元，财政补贴收入2669亿元；支出16460亿元；本年收支结余2331亿元: the
    revenue is the total before the 其中, not its last part (held-out ae-14)."""
    doc = _run(
        tmp_path,
        "企业职工基本养老保险基金收入18791亿元，比上年增长8.2%，其中保险费收入15501亿元，财政补贴收入2669亿元；"
        f"支出16460亿元，比上年增长17.4%；本年收支结余{balance}亿元。",
    )
    assert [c.verdict for c in doc.claims if c.kind == "balance"] == [verdict]


def test_an_amounts_own_includes_list_is_checked_against_it(tmp_path):
    """“三保”支出需求59650万元，包括保工资…、保运转…、保基本民生21314万元 (held-out af-05): the parts of an amount's
    own 包括 list against that amount only (not a total of the sentence before); the 三保 list is complete."""
    doc = _run(
        tmp_path,
        "2021年“三保”支出需求59650万元，包括保工资37013万元、保运转2498万元、保基本民生21314万元。2021年“三保”支出"
        "预算安排60825万元，包括保工资37013万元、保运转2498万元、保基本民生20140万元。",
    )
    assert [v for _, v in _verdicts(doc, "composition")] == ["mismatch", "mismatch"]
    doc = _run(tmp_path, "本年支出100.00万元，包括培训费60.00万元、会议费30.00万元。")
    assert [v for _, v in _verdicts(doc, "composition")] == ["unverified"]  # short of the total: maybe partial
