"""Checks across documents (issue 14): identity, pairing, and the crossdoc.* findings.

Three kinds of evidence that the checks are right:

- the vocabulary examples of ``patterns/crossdoc.toml`` (organisation names, kind
  words, 单位构成 sections, reference phrases, quantity names);
- the corpus pairs: consistent pairs raise nothing, and the one real
  disagreement (财政局's 2025 budget says ``比2024年预算增加107.62万元`` where its 2024
  决算 gives the 2024 年初预算 as 2993.92: 3121.42 − 107.62 = 3013.80 ≠ 2993.92) is
  flagged with both documents' evidence;
- edited copies (a text copy with one figure changed, or a small synthetic
  document in the Shanghai layout): the relation the edit breaks is flagged, and
  nothing else.

Every finding's figures are recomputed here from its evidence alone.
"""

from __future__ import annotations

import copy
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import regex
from typer.testing import CliRunner

from narrcheck.cli import app
from narrcheck.crossdoc import cross_check, vocab
from narrcheck.crossdoc.checks import _unit_pairs
from narrcheck.crossdoc.identity import Identity, OrgName, coverage, identify, kind_of, normalise_org, same_org
from narrcheck.crossdoc.pairing import build, department_of
from narrcheck.crossdoc.statements import reference, restated, statements
from narrcheck.crossdoc.checks import _target
from narrcheck.pipeline import check

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
CAIZHENG_2024 = "putuo-caizheng-2024.pdf"
CAIZHENGJU_2025 = "putuo-caizhengju-2025-dept-budget.pdf"
WANLI_2024 = "putuo-wanlijiedao-2024-dept-budget.pdf"
WANLI_2025 = "putuo-wanlijiedao-2025-dept-budget.pdf"
SHANGWU_DEPT = "putuo-shangwuwei-2025-dept-budget.pdf"
SHANGWU_UNIT = "putuo-shangwuwei-2025-unit-budget.pdf"
CITY_UNIT = "shanghai-caizhengju-2025-unit-budget.pdf"
runner = CliRunner()

needs_corpus = pytest.mark.skipif(
    not (SHARED / CAIZHENG_2024).exists(), reason=f"{SHARED} is missing: the corpus pairs live beside the clone"
)


# ---------------------------------------------------------------- vocabulary examples


def _examples(section: str, key: str) -> list:
    return list(vocab.data()[section][key])


@pytest.mark.parametrize("ex", _examples("organisation", "examples"), ids=lambda e: e["name"])
def test_organisation_names_reduce_to_region_and_core(ex):
    assert normalise_org(ex["name"]) == OrgName(ex["region"], ex["core"])


@pytest.mark.parametrize("pair", _examples("organisation", "same"), ids=lambda p: "=".join(p))
def test_names_of_one_organisation_match(pair):
    assert same_org(normalise_org(pair[0]), normalise_org(pair[1]))


@pytest.mark.parametrize("pair", _examples("organisation", "different"), ids=lambda p: "≠".join(p))
def test_names_of_two_organisations_do_not_match(pair):
    assert not same_org(normalise_org(pair[0]), normalise_org(pair[1]))


@pytest.mark.parametrize("ex", _examples("kind", "examples"), ids=lambda e: e["level"] + e["stage"])
def test_kind_words(ex):
    assert kind_of(ex["text"]) == (ex["level"], ex["stage"])


@pytest.mark.parametrize("ex", _examples("coverage", "examples"), ids=lambda e: str(e["units"]))
def test_units_covered(ex):
    cov = coverage(ex["text"])
    assert cov.budget_units == ex["units"]
    if "names" in ex:
        assert [n for n in cov.names] == [normalise_org(n) for n in ex["names"]]


def test_a_hostile_text_repeating_the_units_section_is_read_a_bounded_number_of_times():
    from narrcheck.crossdoc.identity import _MAX_WINDOWS, _sections

    text = "本部门机构设置\n" * 200_000
    assert len(_sections(text)) == _MAX_WINDOWS and coverage(text).budget_units is None


def _ident(year: int, stage: str) -> Identity:
    return Identity("x", "某局", OrgName("上海市普陀区", "某局"), year, "部门", stage)


@pytest.mark.parametrize("ex", _examples("reference", "examples"), ids=lambda e: e["ref"])
def test_reference_phrases(ex):
    assert reference(ex["ref"], _ident(ex["year"], ex["stage"])) == (ex["target_year"], ex["measure"])


@pytest.mark.parametrize("ex", _examples("reference", "unsure"), ids=lambda e: e["ref"])
def test_unsure_or_estimate_references_are_never_checked(ex):
    assert reference(ex["ref"], _ident(ex["year"], ex["stage"])) is None


@pytest.mark.parametrize("sentence", _examples("reference", "restated_examples"))
def test_restated_bases_are_recognised(sentence):
    assert restated(sentence) and not restated(sentence.replace("可比口径", "").replace("同口径", ""))


@pytest.mark.parametrize("ex", _examples("quantity_examples", "names"), ids=lambda e: e["entity"])
def test_quantity_names(ex):
    assert vocab.quantity_of(ex["entity"]) == ex["key"]


@pytest.mark.parametrize("name", _examples("quantity_examples", "unknown"))
def test_other_subjects_are_no_quantity(name):
    assert vocab.quantity_of(name) is None


@pytest.mark.parametrize("ex", _examples("quantity_examples", "columns"), ids=lambda e: e["column"])
def test_three_public_columns(ex):
    assert vocab.column_quantities("three_public", ex["column"]) == [ex["key"]]


@pytest.mark.parametrize("column", _examples("quantity_examples", "ambiguous"))
def test_a_column_two_quantities_claim_is_left_alone(column):
    assert len(vocab.column_quantities("three_public", column)) > 1


# ---------------------------------------------------------------- corpus


_CACHE: dict[str, object] = {}


def doc(name: str):
    """A fresh copy of a checked corpus document (each test adds its own findings)."""
    if name not in _CACHE:
        _CACHE[name] = check(SHARED / name)
    return copy.deepcopy(_CACHE[name])


def crossdoc(d) -> list:
    return [f for f in d.findings if f.rule.startswith("crossdoc.")]


def run(*docs, history=()) -> list:
    cross_check(list(docs), list(history))
    out = [f for d in docs for f in crossdoc(d)]
    for f in out:
        assert_follows_from_evidence(f)
    return out


_NUM = regex.compile(r"-?[\d,]+(?:\.\d+)?")


def _wan(value: str) -> Decimal:
    """An evidence value in 万元: ``3,121.42万元``, ``29,939,165`` (a 元 table, per its message) …"""
    n = Decimal(_NUM.search(value).group().replace(",", ""))
    return n / 10000 if value.endswith("元") and not value.endswith("万元") else n


def assert_follows_from_evidence(f) -> None:
    """A reader recomputing a finding from the figures it shows gets the difference it states."""
    said = Decimal(regex.search(r"相差([\d.]+)万元", f.message).group(1))
    ev = f.evidence
    if f.rule == "crossdoc.prior_year":
        m = regex.search(r"为([\d.]+)([−+])([\d.]+)=([\d.]+)万元", f.message)
        if m:  # a change amount: the implied prior figure, then the other document's
            cur, op, delta, implied = (m.group(1), m.group(2), m.group(3), m.group(4))
            assert Decimal(cur) == _wan(ev[0].value) and Decimal(delta) == _wan(ev[1].value)
            assert Decimal(implied) == (Decimal(cur) - Decimal(delta) if op == "−" else Decimal(cur) + Decimal(delta))
        else:  # 持平: the figure itself
            implied = regex.search(r"为([\d.]+)（持平）", f.message).group(1)
        other = _other_value(f)
        assert abs(abs(Decimal(implied) - other) - said) <= Decimal("0.00005"), f.message
        return
    own, other = _wan(ev[0].value) if ev[0].table == "正文" else _cell_wan(f, 0), _other_value(f)
    assert abs(abs(own - other) - said) <= Decimal("0.00005"), f.message


def _cell_wan(f, i: int) -> Decimal:
    """A cell written in 元 is shown with its 万元 value in the message; 万元 cells are taken as written."""
    value = f.evidence[i].value
    m = regex.search(r"(?<![\d,.])" + regex.escape(value) + r"元（([\d.]+)万元）", f.message)
    return Decimal(m.group(1)) if m else Decimal(value.replace(",", "").rstrip("万元") or 0)


def _other_value(f) -> Decimal:
    e = f.evidence[-1]
    assert "｜" in e.table and e.offset is None, (
        "the other document's evidence is named by its file and carries no offset here"
    )
    if e.table.endswith("｜正文"):
        return _wan(e.value)
    return _cell_wan(f, len(f.evidence) - 1)


@needs_corpus
def test_corpus_identities():
    got = {
        n: identify(doc(n))
        for n in (CAIZHENG_2024, CAIZHENGJU_2025, WANLI_2024, WANLI_2025, SHANGWU_DEPT, SHANGWU_UNIT, CITY_UNIT)
    }
    assert (
        got[WANLI_2025].org == OrgName("上海市普陀区", "万里街道")
        and got[WANLI_2025].kind == "部门预算"
        and got[WANLI_2025].year == 2025
    )
    assert got[WANLI_2025].coverage.budget_units == 6
    assert got[SHANGWU_DEPT].coverage.budget_units == 1  # 本部 + 1 下属 that 不单列预算
    assert got[SHANGWU_UNIT].kind == "单位预算" and same_org(got[SHANGWU_UNIT].org, got[SHANGWU_DEPT].org)
    assert (
        got[CAIZHENG_2024].kind == "部门决算" and got[CAIZHENG_2024].coverage.budget_units == 1
    )  # two 预算不单列，并入本级
    assert same_org(got[CAIZHENG_2024].org, got[CAIZHENGJU_2025].org)
    assert not same_org(got[CITY_UNIT].org, got[CAIZHENGJU_2025].org)  # 上海市财政局 ≠ 上海市普陀区财政局


@needs_corpus
def test_the_real_disagreement_is_flagged_with_both_documents():
    final, budget = doc(CAIZHENG_2024), doc(CAIZHENGJU_2025)
    found = run(final, budget)
    assert crossdoc(final) == []
    assert len(found) == 1, [f.message for f in found]
    f = found[0]
    assert f.rule == "crossdoc.prior_year" and f.severity == "warning"
    assert f.page == 7 and "比2024年预算增加107.62万元" in f.text and f.line == budget.line_of(f.start)
    # by hand: 3121.42 − 107.62 = 3013.80; the 2024 决算: 一般公共预算财政拨款支出年初预算为2993.92万元
    assert Decimal("3121.42") - Decimal("107.62") - Decimal("2993.92") == Decimal("19.88")
    assert "3121.42−107.62=3013.80" in f.message and "相差19.88万元" in f.message
    other = f.evidence[-1]
    assert other.table == "putuo-caizheng-2024.pdf｜正文" and other.value == "2993.92万元" and other.page == 21
    assert str(SHARED / CAIZHENG_2024) in other.title
    assert [e.value for e in f.evidence[:2]] == ["3,121.42万元", "107.62万元"]


@needs_corpus
def test_consistent_budget_years_raise_nothing():
    old, new = doc(WANLI_2024), doc(WANLI_2025)
    assert run(old, new) == []
    pool = build([old, new], [])
    checked = [st for st in statements(new, pool[1].ident) if _target(pool, pool[1], st)]
    # the test compares something: 收入, 支出, 一般公共预算, 基金, 国资, 三公 and its five parts
    assert len(checked) == 11, [st.key for st in checked]


@needs_corpus
def test_department_and_its_one_unit_raise_nothing():
    dept, unit = doc(SHANGWU_DEPT), doc(SHANGWU_UNIT)
    assert run(dept, unit) == []
    pool = build([dept, unit], [])
    found = department_of(pool, pool[1])
    assert found is pool[0]
    assert len(_unit_pairs(pool[1], pool[0])) > 400  # every cell of the code tables, totals, 三公, 机关运行经费


@needs_corpus
def test_another_government_level_is_not_paired():
    city, district = doc(CITY_UNIT), doc(CAIZHENGJU_2025)
    assert run(city, district) == []
    pool = build([city, district], [])
    assert department_of(pool, pool[0]) is None


@needs_corpus
def test_the_whole_corpus_together_gives_the_one_disagreement():
    names = sorted(p.name for p in SHARED.glob("*.pdf"))
    docs = [doc(n) for n in names]
    found = run(*docs)
    assert [(f.rule, "107.62" in f.text) for f in found] == [("crossdoc.prior_year", True)]


# ---------------------------------------------------------------- edited copies


def text_copy(tmp_path: Path, name: str, old: str, new: str, count: int = 1):
    """A text copy of a corpus document with ``old`` replaced by ``new`` (``count`` occurrences, which must exist)."""
    text = doc(name).text
    assert text.count(old) >= count, f"{old!r} not in {name}"
    path = tmp_path / (Path(name).stem + ".txt")
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return check(path)


@needs_corpus
def test_edited_last_year_three_public_flags_this_years_statement(tmp_path):
    old = text_copy(
        tmp_path, WANLI_2024, "47.91\t0\t1.35\t46.56", "47.81\t0\t1.35\t46.56"
    )  # the 三公 table's 合计 only
    new = doc(WANLI_2025)
    found = run(old, new)
    assert len(found) == 1 and crossdoc(old) == []
    f = found[0]
    assert f.rule == "crossdoc.prior_year" and "37.91万元，比2024年预算减少10万元" in f.text
    assert "37.91+10.00=47.91" in f.message and "相差0.10万元" in f.message
    assert f.evidence[-1].value == "47.81" and f.evidence[-1].column.endswith("合计")


@needs_corpus
def test_a_final_account_that_agrees_raises_nothing(tmp_path):
    final = text_copy(tmp_path, CAIZHENG_2024, "年初预算为2993.92万元", "年初预算为3013.80万元")
    assert run(final, doc(CAIZHENGJU_2025)) == []


@needs_corpus
def test_a_budget_statement_corrected_raises_nothing(tmp_path):
    text = doc(CAIZHENGJU_2025).text
    gp = text.index("一般公共预算拨款支出预算3,121.42万元，比2024年预算增加107.62万元")
    path = tmp_path / "caizhengju-2025.txt"
    path.write_text(text[:gp] + text[gp:].replace("增加107.62万元", "减少127.50万元", 1), encoding="utf-8")
    budget = check(path)  # 3121.42 + 127.50 = 3248.92: still not 2993.92
    found = run(doc(CAIZHENG_2024), budget)
    assert len(found) == 1 and "3121.42+127.50=3248.92" in found[0].message
    path.write_text(text[:gp] + text[gp:].replace("增加107.62万元", "增加127.50万元", 1), encoding="utf-8")
    assert run(doc(CAIZHENG_2024), check(path)) == []  # 3121.42 − 127.50 = 2993.92


@needs_corpus
def test_a_statement_on_a_restated_basis_is_not_checked(tmp_path):
    budget = text_copy(
        tmp_path,
        CAIZHENGJU_2025,
        "一般公共预算拨款支出预算3,121.42万元，比2024年预算增加107.62万元",
        "一般公共预算拨款支出预算3,121.42万元，按可比口径比2024年预算增加107.62万元",
    )
    said = [
        c
        for c in budget.claims
        if c.kind == "change" and "107.62" in c.text and "可比口径" in budget.text[c.sentence[0] : c.sentence[1]]
    ]
    assert said and said[0].claimed.ref == "比2024年预算"  # the statement is read, and left alone for its basis
    assert run(doc(CAIZHENG_2024), budget) == []


@needs_corpus
def test_statements_against_an_in_year_estimate_are_never_checked(tmp_path):
    old = doc(WANLI_2024)
    estimate = text_copy(tmp_path, WANLI_2025, "比2024年预算增加3,355.65万元", "比2024年预算执行数增加3,000.00万元")
    assert run(old, estimate) == []
    wrong = text_copy(tmp_path, WANLI_2025, "比2024年预算增加3,355.65万元", "比2024年预算增加3,000.00万元")
    found = run(doc(WANLI_2024), wrong)
    assert len(found) == 1 and "18976.76−3000.00=15976.76" in found[0].message


@needs_corpus
def test_edited_unit_cell_is_flagged_against_its_department(tmp_path):
    unit = text_copy(tmp_path, SHANGWU_UNIT, "2,849,034.00\t2,849,034.00\t\t", "2,849,043.00\t2,849,034.00\t\t")
    found = run(doc(SHANGWU_DEPT), unit)
    assert len(found) == 1, [f.message for f in found]
    f = found[0]
    assert f.rule == "crossdoc.dept_unit" and f.severity == "error" and f in unit.findings
    assert f.evidence[0].value == "2,849,043.00" and f.evidence[-1].value == "2,849,034.00"
    assert f.evidence[-1].table.startswith("putuo-shangwuwei-2025-dept-budget.pdf｜")
    assert "相差0.000900万元（9元）" in f.message


@needs_corpus
def test_edited_department_cell_is_flagged_on_its_unit(tmp_path):
    dept = text_copy(
        tmp_path, SHANGWU_DEPT, "1.00\t\t1.00\t\t\t\t171.01", "1.20\t\t1.00\t\t\t\t171.01"
    )  # the department's 三公 合计
    unit = doc(SHANGWU_UNIT)
    found = run(dept, unit)
    assert len(found) == 1 and crossdoc(dept) == [], [f.message for f in found]
    f = found[0]
    assert f in unit.findings and f.rule == "crossdoc.dept_unit"
    assert f.evidence[0].value == "1.00" and f.evidence[-1].value == "1.20" and "相差0.20万元" in f.message


# ---------------------------------------------------------------- small synthetic documents

G = ("一般公共服务支出", "财政事务")
S = ("社会保障和就业支出", "行政事业单位养老支出")
H = ("卫生健康支出", "行政事业单位医疗")
Z = ("住房保障支出", "住房改革支出")
# 财政局's 2024 budget as its 2024 决算 quotes it (年初预算 by item), in 元: the parts round to the
# 决算's figures and the total to its 2993.92 (1560.0455 + 10 + 135.8955 + 450.5155 + … = 2993.9165)
CAIZHENGJU_2024 = {
    "2010601": (G + ("行政运行",), 15600455),
    "2010602": (G + ("一般行政管理事务",), 100000),
    "2010607": (G + ("信息化建设",), 1358955),
    "2010608": (G + ("财政委托业务支出",), 4505155),
    "2080501": (S + ("行政单位离退休",), 855500),
    "2080505": (S + ("机关事业单位基本养老保险缴费支出",), 1616200),
    "2080506": (S + ("机关事业单位职业年金缴费支出",), 808100),
    "2080599": (S + ("其他行政事业单位养老支出",), 9400),
    "2101101": (H + ("行政单位医疗",), 622900),
    "2210201": (Z + ("住房公积金",), 1877500),
    "2210203": (Z + ("购房补贴",), 2585000),
}


def budget_text(
    org: str, year: int, leaves: dict, level: str = "部门", members: tuple = (), narrative: str = ""
) -> str:
    """A small 部门预算/单位预算 in the Shanghai layout: title, 机构设置, 编制说明, a 一般公共预算 table in 元."""
    names: dict[str, str] = {}
    values: dict[str, int] = {}
    for code, (path, v) in leaves.items():
        for n, name in zip((3, 5, 7), path):
            names[code[:n]] = name
            values[code[:n]] = values.get(code[:n], 0) + v
    dept = level == "部门"
    kind, prefix, maker = ("部门预算", "部门", "编制部门") if dept else ("单位预算", "预算单位", "编制单位")
    total = sum(v for c, v in values.items() if len(c) == 3)
    wan = f"{Decimal(total) / 10000:,.2f}"
    lines = [f"上海市普陀区{year}年区级{kind}", "", f"{'预算主管部门' if dept else '预算单位'}：{org}", ""]
    if dept:
        lines += [
            f"{org}（部门）机构设置",
            "",
            f"{org}部门预算是包括本部以及下属{len(members)}家预算单位的综合收支计划。",
            "",
        ]
        lines += [f"{i}. {m}。" for i, m in enumerate((org + "（本部）",) + tuple(members), 1)] + [""]
    lines += ["名词解释", "", "（一）财政拨款收入：是预算单位从本级财政部门取得的财政拨款。", ""]
    lines += [f"{year}年{kind}编制说明", "", f"{year}年，{org}收入预算{wan}万元，其中：财政拨款收入{wan}万元。", ""]
    lines += [narrative, ""] if narrative else []
    lines += [f"{year}年{prefix}一般公共预算支出功能分类预算表", f"{maker}：{org} 单位：元", ""]
    lines += [
        "项目\t\t\t\t一般公共预算支出\t\t",
        "功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出",
        "类\t款\t项\t\t\t\t",
    ]
    lines += [
        "\t".join((c[:3], c[3:5], c[5:7], names[c], f"{values[c]:,}", "0", f"{values[c]:,}")) for c in sorted(values)
    ]
    lines.append(f"合计\t\t\t\t{total:,}\t0\t{total:,}")
    return "\n".join(lines) + "\n"


def write(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return check(path)


@needs_corpus
def test_final_accounts_annual_budget_against_that_years_budget(tmp_path):
    text = budget_text("上海市普陀区财政局", 2024, CAIZHENGJU_2024)
    budget = write(tmp_path, "caizhengju-2024.txt", text)
    assert [f.rule for f in budget.findings] == []  # the synthetic budget is itself consistent
    assert run(doc(CAIZHENG_2024), budget) == []  # each item's 年初预算 and the total agree with it
    edited = write(tmp_path, "caizhengju-2024-edited.txt", text.replace("行政运行\t15,600,455", "行政运行\t15,700,455"))
    final = doc(CAIZHENG_2024)
    found = run(final, edited)
    assert len(found) == 1, [f.message for f in found]
    f = found[0]
    assert f.rule == "crossdoc.budget_final" and f in final.findings and f.text == "1560.05万元"
    assert f.evidence[-1].row == "2010601 行政运行" and f.evidence[-1].value == "15,700,455"
    assert "相差9.9955万元" in f.message  # 1570.0455 − 1560.05, to the places both figures are shown


@needs_corpus
def test_this_years_budget_against_last_years_budget_before_its_final_accounts(tmp_path):
    budget_2024 = write(tmp_path, "caizhengju-2024.txt", budget_text("上海市普陀区财政局", 2024, CAIZHENGJU_2024))
    found = run(doc(CAIZHENG_2024), budget_2024, doc(CAIZHENGJU_2025))
    assert len(found) == 1  # 财政拨款收入, 财政拨款支出, 一般公共预算拨款支出: one slip, one alarm
    f = found[0]
    assert (
        f.rule == "crossdoc.prior_year"
        and "2024年部门预算不符" in f.message
        and "caizhengju-2024.txt" in f.evidence[-1].table
    )


WANLI_UNIT = "上海市普陀区万里街道社区事务受理服务中心"


@needs_corpus
def test_a_unit_of_a_department_with_several_never_exceeds_it(tmp_path):
    leaves = {
        "2010507": (("一般公共服务支出", "统计信息事务", "专项普查活动"), 400000),
        "2070308": (("文化旅游体育与传媒支出", "体育", "群众体育"), 100000),
    }
    unit = write(tmp_path, "wanli-unit.txt", budget_text(WANLI_UNIT, 2025, leaves, level="单位"))
    dept = doc(WANLI_2025)
    assert run(dept, unit) == []  # 40.00 ≤ 43.83 and 10.00 ≤ 20.00 (项目支出): smaller is fine when there are six units
    leaves["2010507"] = (leaves["2010507"][0], 450000)
    unit = write(tmp_path, "wanli-unit-2.txt", budget_text(WANLI_UNIT, 2025, leaves, level="单位"))
    found = run(doc(WANLI_2025), unit)
    cells = sorted((f.evidence[0].row, f.evidence[0].column) for f in found)
    # 2010507 and its 款 20105 carry 45.00 > 43.83 in 合计 and 项目支出
    # (the 类 201 of the department, 329.66, is not exceeded)
    assert cells == [
        ("20105 统计信息事务", "合计"),
        ("20105 统计信息事务", "项目支出"),
        ("2010507 专项普查活动", "合计"),
        ("2010507 专项普查活动", "项目支出"),
    ], [f.message for f in found]
    assert all(f.rule == "crossdoc.dept_unit" and f.severity == "error" and "不应大于" in f.message for f in found)


@needs_corpus
def test_a_units_in_year_estimate_never_exceeds_its_departments(tmp_path):
    """预算执行数 are estimates, never compared with a budget; but a unit's cannot exceed its department's."""
    leaves = {"2010507": (("一般公共服务支出", "统计信息事务", "专项普查活动"), 200000)}
    say = (
        "1. “一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”20.00万元，主要用于专项普查活动。"
        "2023年当年预算执行数为{}万元，2024年预算安排20.00万元。"
    )
    unit = write(
        tmp_path, "unit.txt", budget_text(WANLI_UNIT, 2024, leaves, level="单位", narrative=say.format("50.00"))
    )
    assert run(doc(WANLI_2024), unit) == []  # 50.00 ≤ 60.13, the department's 2023 执行数 for the item
    unit = write(
        tmp_path, "unit-2.txt", budget_text(WANLI_UNIT, 2024, leaves, level="单位", narrative=say.format("70.00"))
    )
    found = run(doc(WANLI_2024), unit)
    assert len(found) == 1 and found[0].rule == "crossdoc.dept_unit" and found[0].text == "70.00万元"
    assert found[0].evidence[-1].value == "60.13万元" and "相差9.87万元" in found[0].message


@needs_corpus
def test_a_unit_outside_the_department_is_not_paired(tmp_path):
    leaves = {"2010507": (("一般公共服务支出", "统计信息事务", "专项普查活动"), 9_999_999)}
    stranger = write(
        tmp_path, "other-unit.txt", budget_text("上海市普陀区长征镇社区事务受理服务中心", 2025, leaves, level="单位")
    )
    assert run(doc(WANLI_2025), stranger) == []


# ---------------------------------------------------------------- the command line


@needs_corpus
def test_check_two_files_reports_the_cross_document_finding():
    res = runner.invoke(app, ["check", str(SHARED / CAIZHENG_2024), str(SHARED / CAIZHENGJU_2025), "--format", "json"])
    assert res.exit_code == 1
    data = json.loads(res.stdout)
    cross = [f for d in data for f in d["findings"] if f["rule"].startswith("crossdoc.")]
    assert len(cross) == 1 and cross[0]["page"] == 7 and cross[0]["evidence"][-1]["value"] == "2993.92万元"
    again = runner.invoke(
        app, ["check", str(SHARED / CAIZHENG_2024), str(SHARED / CAIZHENGJU_2025), "--format", "json"]
    )
    assert again.stdout == res.stdout  # deterministic
    text = runner.invoke(app, ["check", str(SHARED / CAIZHENGJU_2025), str(SHARED / CAIZHENG_2024)])
    assert "crossdoc.prior_year" in text.stdout and "putuo-caizheng-2024.pdf｜正文" in text.stdout


@needs_corpus
def test_history_folder(tmp_path):
    hist = tmp_path / "published"
    hist.mkdir()
    shutil.copy(SHARED / CAIZHENG_2024, hist)
    shutil.copy(SHARED / CITY_UNIT, hist)  # another organisation: read for its identity, never compared
    (hist / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    res = runner.invoke(app, ["check", str(SHARED / CAIZHENGJU_2025), "--history", str(hist), "--format", "json"])
    assert res.exit_code == 1, res.stderr
    data = json.loads(res.stdout)
    assert data["path"].endswith(CAIZHENGJU_2025)  # the history is not reported
    cross = [f for f in data["findings"] if f["rule"].startswith("crossdoc.")]
    assert len(cross) == 1 and str(hist / CAIZHENG_2024) in cross[0]["evidence"][-1]["title"]
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "broken.pdf" in lines[0] and "Traceback" not in res.stderr


def test_history_must_be_a_folder(tmp_path):
    res = runner.invoke(app, ["check", str(Path(__file__)), "--history", str(tmp_path / "missing")])
    assert res.exit_code == 2
    assert res.stderr.strip().splitlines() == [
        f"narrcheck: {tmp_path / 'missing'}: --history needs a folder of published disclosures"
    ]


def test_a_single_document_gets_no_cross_findings():
    seed = check(Path(__file__).resolve().parents[1] / "corpus" / "yanbian-shebao-2024.txt")
    assert cross_check([seed]) == 0 and crossdoc(seed) == []
