"""Saved web pages (.html): the disclosure as a 政务公开 page carries it, markup and all, read as the text it shows."""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path

from narrcheck.pipeline import check
from narrcheck.readers import read

SEED = Path(__file__).resolve().parents[1] / "corpus" / "yanbian-shebao-2024.txt"


def _marked_up(line: str) -> str:
    """A line as a page's editor leaves it: runs of a few characters in their own font tags, with source line
    breaks between two Chinese characters (a browser shows none of them)."""
    runs = [line[i : i + 7] for i in range(0, len(line), 7)]
    out = []
    for k, r in enumerate(runs):
        han = k + 1 < len(runs) and "\u4e00" <= r[-1] <= "\u9fff" and "\u4e00" <= runs[k + 1][0] <= "\u9fff"
        tag = f'<font face="宋体">{html.escape(r)}</font>' if k % 2 else f"<span>{html.escape(r)}</span>"
        out.append(tag + ("\n" if han else ""))
    return "".join(out)


def _page(tmp_path: Path) -> Path:
    """The seed as a web page: narrative lines as paragraphs, each table grid as a <table> where it stood."""
    doc = read(SEED)
    text, tables = doc.text, sorted(doc.raw_tables, key=lambda t: t.start)
    out = [
        "<!DOCTYPE html><html><head><title>t</title><style>p{margin:0}</style>",
        "<script>var x = '占 %';</script></head><body><!-- 占位 XX -->",
    ]
    pos = 0
    for t in tables:
        out += [f"<p>{_marked_up(line)}</p>" for line in text[pos : t.start].split("\n") if line.strip()]
        rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>\n" for row in t.rows)
        out.append(f'<table border="1">{rows}</table>')
        pos = t.end
    out += [f"<p>{_marked_up(line)}<br/></p>" for line in text[pos:].split("\n") if line.strip()]
    path = tmp_path / "page.html"
    path.write_text("".join(out) + "</body></html>", encoding="utf-8")
    return path


def _verdicts(doc):
    return Counter((c.kind, "".join(c.text.split()), c.verdict) for c in doc.claims)


def test_the_seed_as_a_web_page_gives_the_seeds_verdicts(tmp_path):
    page = check(_page(tmp_path))
    seed = check(SEED)
    assert page.format == "html"
    assert [t.kind for t in page.tables] == [t.kind for t in seed.tables]
    assert _verdicts(page) == _verdicts(seed)
    assert "var x" not in page.text and "占位" not in page.text  # scripts and comments are not the page's text
    for c in page.claims:
        assert page.text[c.start : c.end] == c.text


def test_spanned_cells_nested_tables_and_captions(tmp_path):
    path = tmp_path / "t.htm"
    path.write_text(
        "<html><body><p>表1</p><p>收入支出决算总表</p><table><caption>单位：万元</caption>"
        "<tr><th rowspan=2>项目</th><th colspan=2>本年</th></tr>"
        "<tr><td>预算数</td><td>决算数</td></tr>"
        "<tr><td>合计</td><td>10.00</td><td><table><tr><td>9.</td><td>50</td></tr></table></td></tr>"
        "</table><p>说明：决算数小于预算数。</p></body></html>",
        encoding="utf-8",
    )
    doc = read(path)
    (t,) = doc.raw_tables
    assert t.rows == [["项目", "本年", ""], ["项目", "预算数", "决算数"], ["合计", "10.00", "9.50"]]
    assert t.caption.split("\n") == ["单位：万元", "表1", "收入支出决算总表"]
    assert doc.text.rstrip().endswith("说明：决算数小于预算数。")


def test_a_text_file_holding_a_page_is_read_as_one(tmp_path):
    path = tmp_path / "saved.txt"
    path.write_text(
        "<!DOCTYPE html>\n<html><head><title>某局2024年度部门决算</title></head><body><p>支出<b>100</b>万元。</p>"
        "</body></html>",
        encoding="gb18030",
    )
    doc = read(path)
    assert doc.format == "html" and doc.text.split() == ["某局2024年度部门决算", "支出100万元。"]


def test_a_pages_title_names_the_documents_year_over_its_navigation(tmp_path):
    # a site's menu lists other years' notices (2026年度…考试) above the report; the title says whose year it is
    path = tmp_path / "report.html"
    path.write_text(
        "<html><head><title>关于某市2025年财政决算的报告</title></head><body><ul><li>2026年度会计专业技术资格考试通知</li>"
        "</ul><p>2025年全市一般公共预算收入77.2亿元，较2024年减少0.8亿元，为调整预算的105.4%。</p></body></html>",
        encoding="utf-8",
    )
    doc = check(path)
    assert (doc.meta.year, doc.meta.doctype) == (2025, "决算")
    assert not [f for f in doc.findings if f.rule == "residue.year"]
