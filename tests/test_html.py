"""The HTML report: flagged claims highlighted, everything escaped, same bytes every time."""

from __future__ import annotations

from seedclaims import seed_flagged  # noqa: E402
import json
import re
from pathlib import Path

import pytest

from narrcheck.pipeline import check
from narrcheck.render import html

SEED = Path(__file__).resolve().parent.parent / "corpus" / "yanbian-shebao-2024.txt"

HOSTILE = """第一部分 部门概况

第二部分 2024年度部门决算情况说明

一、支出决算情况说明
本年支出合计100万元，其中：基本支出60万元，项目支出40万元。基本支出占60%。
备注<script>alert(1)</script>和{{7*7}}以及{% raw %}与\x1b[31m红字\x1b[0m。

第三部分 名词解释
"""


@pytest.fixture(scope="module")
def seed_doc():
    return check(str(SEED))


@pytest.fixture(scope="module")
def seed_html(seed_doc):
    return html.render([seed_doc])


def test_seed_rounding_claims_are_marked(seed_doc, seed_html):
    rounding = [c for c in seed_doc.claims if c.verdict == "rounding"]
    assert len(rounding) == 3
    for c in rounding:
        assert re.search(rf'<mark class="claim v-rounding[^"]*" data-claim="{c.id}"', seed_html), c.id
    marked = set(re.findall(r'<mark class="claim v-rounding[^"]*" data-claim="(c\d+)"', seed_html))
    assert marked == {c.id for c in rounding}


def test_seed_summary_and_panel_data(seed_doc, seed_html):
    assert '<td class="count-rounding">3</td>' in seed_html
    m = re.search(r'<script type="application/json" class="claims-data" id="claims-0">(.*?)</script>', seed_html, re.S)
    data = json.loads(m.group(1))
    assert set(data) == {c.id for c in seed_doc.claims}
    cell = data[seed_flagged()["cell"]]
    assert cell["verdict"] == "rounding"
    assert any(e["value"] == "839.55" and e["table"] == "公开05表" for e in cell["evidence"])
    assert cell["suggestion"]


def test_seed_findings_grouped_by_table(seed_html):
    assert 'data-group="table:' in seed_html
    assert "table.hierarchy" in seed_html


def test_segments_do_not_overlap(seed_doc):
    segs = html.segments(seed_doc)
    n0, n1 = seed_doc.narrative
    assert "".join(s["text"] for s in segs) == html.safe(seed_doc.text[n0:n1])


def test_hostile_text_is_escaped(tmp_path):
    p = tmp_path / "hostile.txt"
    p.write_text(HOSTILE, encoding="utf-8")
    doc = check(str(p))
    out = html.render([doc])
    assert "<script>alert(1)" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "{{7*7}}" in out  # shown as written, not evaluated by the template engine
    assert "{% raw %}" in out
    assert "\x1b" not in out
    # the JSON data block cannot be closed by document text
    for block in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', out, re.S):
        assert "<" not in block and ">" not in block
    # the share claim is there and highlighted
    assert any(c.kind == "share" for c in doc.claims)
    assert 'class="claim v-' in out


def test_json_script_escapes():
    s = html.json_script({"a": "</script><b>&"})
    assert "</script>" not in s and "<" not in s and ">" not in s and "&" not in s
    assert json.loads(s) == {"a": "</script><b>&"}


def test_deterministic(seed_doc, tmp_path):
    a = html.render([seed_doc])
    b = html.render([check(str(SEED))])
    assert a.encode() == b.encode()
