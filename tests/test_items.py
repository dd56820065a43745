"""Items of 一般公共预算财政拨款支出决算具体情况 as other provinces write them (tests/data/items.txt).

The file reproduces, with a small 公开05表, the ways one district's layout is not the country's:
an item with no number of its own after a numbered one, the same leaf name (一般行政管理事务) under
two 款, a quoted 类/款/项 heading broken over two lines, and 三公 sub-items whose own budgets are
not stated. A correct paragraph must stay silent; a slip written into it must still be caught.
"""

from __future__ import annotations

from pathlib import Path

from narrcheck.model import Document
from narrcheck.pipeline import check

ITEMS = Path(__file__).parent / "data" / "items.txt"


def _check_text(tmp_path: Path, text: str) -> Document:
    path = tmp_path / "draft.txt"
    path.write_text(text, encoding="utf-8")
    return check(path)


def _claim(doc: Document, kind: str, fragment: str):
    found = [c for c in doc.claims if c.kind == kind and fragment in c.text]
    assert found, f"no {kind} claim with {fragment!r}"
    return found[0]


def test_correct_items_raise_no_alarm():
    doc = check(ITEMS)
    assert [c.text for c in doc.claims if c.flagged] == []
    assert [f.message for f in doc.findings if f.severity == "error"] == []


def test_unnumbered_item_uses_its_own_figures():
    doc = check(ITEMS)
    rate = _claim(doc, "completion", "完成年初预算的99.36%")
    assert rate.verdict == "ok"
    assert [e.value for e in rate.evidence] == ["290.00万元", "288.14"]
    actual = [c for c in doc.claims if c.kind == "amount" and c.text.startswith("288.14") and c.subject == "支出决算"]
    assert actual and actual[0].verdict == "ok" and actual[0].evidence[0].row == "2049999 其他公共安全支出"


def test_same_leaf_under_two_kuan_resolves_by_path():
    doc = check(ITEMS)
    second = [c for c in doc.claims if c.kind == "amount" and c.text.startswith("848.30")]
    assert {c.verdict for c in second} == {"ok"}
    assert {c.evidence[0].row for c in second} == {"2013202 一般行政管理事务"}


def test_leaf_alone_is_ambiguous_not_a_mismatch(tmp_path):
    text = ITEMS.read_text(encoding="utf-8").replace(
        "“一般公共服务支出（类）组织事务（款）一般行政管理事务（项）”848.30", "一般行政管理事务（项）848.40"
    )
    doc = _check_text(tmp_path, text)
    amount = [c for c in doc.claims if c.kind == "amount" and c.text == "848.40万元"]
    assert amount and amount[0].verdict == "unverified"
    assert not [c for c in doc.claims if c.flagged and "848" in c.text]


def test_heading_broken_over_lines_keeps_its_path():
    doc = check(ITEMS)
    head = [c for c in doc.claims if c.kind == "amount" and c.text == "12.50万元" and "（项）" in c.subject]
    assert head and head[0].subject.endswith("其他教育支出（项）") and head[0].verdict == "ok"


def test_sub_item_rates_without_their_budget_are_unverified():
    doc = check(ITEMS)
    for pct in ("70.00%", "35.00%"):
        assert _claim(doc, "completion", pct).verdict == "unverified"
    assert _claim(doc, "completion", "完成预算的42.00%").verdict == "ok"


def test_slip_in_an_unnumbered_item_is_still_caught(tmp_path):
    text = ITEMS.read_text(encoding="utf-8").replace("完成年初预算的99.36%", "完成年初预算的93.36%")
    doc = _check_text(tmp_path, text)
    rate = _claim(doc, "completion", "93.36%")
    assert rate.verdict == "mismatch"
    assert rate.recomputed.pct == "99.36"


def test_a_childs_figure_under_its_parents_name_is_not_a_mismatch(tmp_path):
    # 288.14 is 2049999's; written under 公共安全支出（类） (319.40) the level meant is not sure
    text = ITEMS.read_text(encoding="utf-8").replace(
        "“公共安全支出（类）其他公共安全支出（款）其他公共安全支出（项）”288.14", "“公共安全支出（类）”288.14"
    )
    doc = _check_text(tmp_path, text)
    amount = [c for c in doc.claims if c.kind == "amount" and c.text == "288.14万元" and "（类）" in c.subject]
    assert amount and amount[0].verdict == "unverified" and "20499 其他公共安全支出" in amount[0].message
    # a figure no row of the family holds is still a mismatch
    text = text.replace("“公共安全支出（类）”288.14", "“公共安全支出（类）”288.41")
    doc = _check_text(tmp_path, text)
    amount = [c for c in doc.claims if c.kind == "amount" and c.text == "288.41万元"]
    assert amount and amount[0].verdict == "mismatch" and amount[0].recomputed.value == "319.40"


def _with_item(tmp_path: Path, heading: str, amount: str) -> Document:
    item = f"\n4.“{heading}”{amount}万元，主要用于住房改革。年初预算为1,957.50万元，支出决算为{amount}万元。\n"
    text = ITEMS.read_text(encoding="utf-8").replace("\n\n七、", item + "\n七、")
    return _check_text(tmp_path, text)


def test_a_kuan_named_otherwise_is_passed_over_when_the_xiang_is_one_row_of_its_lei(tmp_path):
    """住房保障支出（款） for 住房改革支出 (a real 决算's slip): 住房公积金 is one row of 221, so it is checked."""
    heading = "住房保障支出（类）住房保障支出（款）住房公积金（项）"
    doc = _with_item(tmp_path, heading, "1,957.50")
    amounts = [
        c for c in doc.claims if c.kind == "amount" and c.text.startswith("1,957.50") and c.subject != "年初预算"
    ]
    assert len(amounts) == 2 and {c.verdict for c in amounts} == {"ok"}, [c.message for c in amounts]
    assert {c.evidence[0].row for c in amounts} == {"2210201 住房公积金"}
    doc = _with_item(tmp_path, heading, "1,975.50")
    assert [c.verdict for c in doc.claims if c.kind == "amount" and c.text.startswith("1,975.50")] == ["mismatch"] * 2


def test_a_kuan_named_otherwise_leaves_a_leaf_of_several_rows_unresolved(tmp_path):
    # 一般行政管理事务 is two rows of 201 (under 群众团体事务 and 组织事务): 宣传事务（款） picks neither
    doc = _with_item(tmp_path, "一般公共服务支出（类）宣传事务（款）一般行政管理事务（项）", "848.30")
    amounts = [c for c in doc.claims if c.kind == "amount" and c.text.startswith("848.30") and "宣传" in c.subject]
    assert amounts and {c.verdict for c in amounts} == {"unverified"}
