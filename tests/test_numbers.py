"""Number parsing and the rounding rule, including property-based checks."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from narrcheck.numbers import (
    Interval,
    Number,
    format_number,
    parse_chinese_numeral,
    compound_unit,
    parse_compound,
    parse_number,
)
from narrcheck.recompute.rounding import judge
from narrcheck.textnorm import normalize


@pytest.mark.parametrize(
    "text,value,decimals",
    [
        ("1,144.28", "1144.28", 2),
        ("１２３．４５", "123.45", 2),
        (".5", "0.5", 1),
        ("-3.2", "-3.2", 1),
        ("（3.2）", "-3.2", 1),
        ("1153.9", "1153.9", 1),
        ("0", "0", 0),
    ],
)
def test_parse_number(text, value, decimals):
    n = parse_number(text)
    assert n is not None and n.value == Decimal(value) and n.decimals == decimals


@pytest.mark.parametrize("text", ["12.345.67", "1,2345.6", "", "abc", "1,23"])
def test_parse_number_rejects(text):
    assert parse_number(text) is None


def test_chinese_numerals():
    assert parse_chinese_numeral("二〇二四") == 2024
    assert parse_chinese_numeral("十五") == 15
    assert parse_chinese_numeral("百分之十") == 10
    assert parse_chinese_numeral("万元") is None


def test_domain_rounding_examples():
    # DOMAIN.md: 93.2% where 1073.08/1152 gives 93.149…% is a rounding slip
    r = Interval.exact(Decimal("1073.08")).ratio(Interval.exact(Decimal("1152.00"))).scale(Decimal(100))
    assert judge(parse_number("93.2"), r).verdict == "rounding"
    assert judge(parse_number("93.1"), r).verdict == "ok"
    assert judge(parse_number("93.4"), r).verdict == "mismatch"
    assert judge(parse_number("839.54"), Interval.exact(Decimal("839.55")), 2).verdict == "rounding"
    assert judge(parse_number("1153.9"), Interval.exact(Decimal("1153.90")), 2).verdict == "ok"


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False), st.booleans())
def test_parse_format_roundtrip(x, thousands):
    assert parse_number(format_number(x, 2, thousands)).value == x


@given(
    st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=3),
)
def test_correct_rounding_is_always_ok(x, d):
    written = format_number(x, d)
    assert judge(parse_number(written), Interval.exact(x)).verdict == "ok"


@given(st.decimals(min_value=1, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_written_number_interval_contains_its_value(x):
    n = Number(x, 2)
    iv = n.interval()
    assert iv.contains(x) and iv.hi - iv.lo == Decimal("0.01")


@given(
    st.decimals(min_value=1, max_value=10**5, places=2, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=1, max_value=10**5, places=2, allow_nan=False, allow_infinity=False),
)
def test_ratio_interval_brackets_point_ratio(a, b):
    ia, ib = Number(a, 2).interval(), Number(b, 2).interval()
    r = ia.ratio(ib)
    assert r is not None and r.lo <= a / b <= r.hi


@given(st.text(max_size=200))
def test_normalize_never_raises_and_maps_back(s):
    n = normalize(s)
    assert len(n.text) == len(n.origin)
    for i, o in enumerate(n.origin):
        assert 0 <= o < len(s)


@pytest.mark.parametrize(
    "text, value, decimals",
    [
        ("75亿7,210万4千", "757210.4", 1),
        ("3亿2000万", "32000", 0),
        ("51亿3,000万", "513000", 0),
        ("1,234万5千", "1234.5", 1),
        ("53亿175万5千", "530175.5", 1),
        ("5亿4千", "50000.4", 1),
        ("2亿4,697万3,000", "24697.3000", 4),  # 元 below the 万 with a thousands comma (金門 鄉 budgets)
        ("4,220万3,000", "4220.3000", 4),
        ("1,943亿8,036万2,000", "19438036.2000", 4),
    ],
)
def test_compound_amounts_are_read_in_wan(text, value, decimals):
    n = parse_compound(text)
    assert n is not None and n.value == Decimal(value) and n.decimals == decimals
    assert n.text == value  # shown in the unit it is compared in


@pytest.mark.parametrize(("text", "value", "decimals"), [("3万4993.1亿", "34993.1", 1), ("2万4706.5亿", "24706.5", 1)])
def test_wan_yi_amounts_are_read_in_yi(text, value, decimals):
    # 万亿 written as 万 then 亿 (3万4993.1亿元 is 34993.1 亿元), as news of national totals writes them
    n = parse_compound(text)
    assert n is not None and n.value == Decimal(value) and n.decimals == decimals
    assert compound_unit(text) == "亿元" and compound_unit("3亿2000万") == "万元"


@pytest.mark.parametrize("text", ["75亿", "2000万", "4千", "12.5", "3亿2000", "亿万"])
def test_one_part_alone_is_no_compound_amount(text):
    assert parse_compound(text) is None
