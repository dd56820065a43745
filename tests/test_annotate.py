"""narrcheck check --annotate: the marked-up copy of the PDF (render/annotate.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf
import pytest
from typer.testing import CliRunner

from narrcheck.cli import app
from narrcheck.pipeline import check
from narrcheck.render.annotate import COLORS, annotate_pdf

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FONT = "china-s"


def _text(page, x, y, s, size=12):
    page.insert_text((x, y), s, fontname=FONT, fontsize=size)


def make_tiny(path: Path, *, toc: bool = False) -> None:
    """A one-page disclosure: 公开05表 (合计 1152, 社会保障和就业支出 1073.08) and prose with 占93.2%."""
    doc = pymupdf.open()
    p = doc.new_page(width=595, height=842)
    _text(p, 72, 60, "某某局2024年度部门决算", 16)
    _text(p, 72, 100, "第一部分 部门决算报表")
    _text(p, 200, 130, "一般公共预算财政拨款支出决算表", 14)
    _text(p, 430, 150, "公开05表", 10)
    _text(p, 430, 164, "单位：万元", 10)
    xs = [72, 160, 400, 523]
    rows = [
        ["科目代码", "科目名称", "合计"],
        ["", "合计", "1,152.00"],
        ["208", "社会保障和就业支出", "1,073.08"],
        ["210", "卫生健康支出", "38.48"],
        ["221", "住房保障支出", "40.44"],
    ]
    ys = [172 + 24 * i for i in range(len(rows) + 1)]
    for x in xs:
        p.draw_line((x, ys[0]), (x, ys[-1]), width=0.6)
    for y in ys:
        p.draw_line((xs[0], y), (xs[-1], y), width=0.6)
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v:
                _text(p, xs[c] + 3, ys[r] + 16, v, 10)
    _text(p, 72, 340, "第二部分 部门决算情况说明")
    _text(p, 72, 370, "一、一般公共预算财政拨款支出决算结构情况")
    _text(p, 96, 398, "2024年度一般公共预算财政拨款支出1152万元，主要用于以下方面：")
    _text(p, 72, 416, "社会保障和就业支出1073.08万元，占93.2%；卫生健康支出38.48万元，")
    _text(p, 72, 434, "占3.3%；住房保障支出40.44万元，占3.5%。")
    if toc:
        doc.set_toc([[1, "部门决算报表", 1, 100.0], [1, "情况说明", 1, 340.0]])
    doc.save(path)


def _covered(target: pymupdf.Rect, rects: list[pymupdf.Rect]) -> float:
    """Largest share of ``target``'s area inside one of ``rects``."""
    area = target.get_area()
    return max(((target & r).get_area() / area for r in rects), default=0.0)


def _highlights(page) -> list:
    return [a for a in page.annots() if a.type[0] == pymupdf.PDF_ANNOT_HIGHLIGHT]


def _quad_rects(annot) -> list[pymupdf.Rect]:
    """The rectangles of a highlight's quads (one per line it covers)."""
    v = annot.vertices or []
    return [pymupdf.Quad(v[i : i + 4]).rect for i in range(0, len(v), 4)]


def _same_pages(a: Path, b: Path) -> int:
    """The original pages follow the summary pages unchanged (same content streams); the number of summary pages."""
    src, out = pymupdf.open(a), pymupdf.open(b)
    k = out.page_count - src.page_count
    assert k >= 1 and out[0].get_text().startswith("narrcheck 核对结果")
    for i in range(src.page_count):
        assert out[i + k].read_contents() == src[i].read_contents(), f"page {i + 1} changed"
        assert out[i + k].get_label() == str(i + 1)  # viewers show the original page number
    return k


@pytest.fixture()
def tiny(tmp_path) -> Path:
    path = tmp_path / "tiny.pdf"
    make_tiny(path, toc=True)
    return path


def test_tiny_share_highlighted_with_note(tiny, tmp_path):
    out = tmp_path / "tiny-annotated.pdf"
    res = CliRunner().invoke(app, ["check", str(tiny), "--annotate", str(out)])
    assert res.exit_code == 1, res.output  # the share is flagged
    assert out.exists()
    k = _same_pages(tiny, out)
    page = pymupdf.open(out)[k]
    targets = page.search_for("93.2")
    assert targets
    hits = [a for a in _highlights(page) if _covered(targets[0], _quad_rects(a)) >= 0.8]
    assert len(hits) == 1
    info = hits[0].info
    assert info["title"] == "narrcheck"
    assert "93.1" in info["content"] and "93.2" in info["content"]
    assert "1,073.08" in info["content"] and "公开05表" in info["content"]
    assert tuple(round(c, 2) for c in hits[0].colors["stroke"]) == tuple(round(c, 2) for c in COLORS["rounding"])
    # only the flagged claim: the consistent 3.3% and 3.5% are left alone
    assert len(_highlights(page)) == 1
    for s in ("3.3%", "3.5%"):
        r = page.search_for(s)[0]
        assert _covered(r, [q for a in _highlights(page) for q in _quad_rects(a)]) < 0.2
    # the highlight sits on the claim's words, not on the whole line
    line = page.search_for("社会保障和就业支出1073.08")[0]
    assert _covered(page.search_for("卫生健康支出38.48")[0], [hits[0].rect]) < 0.2
    assert hits[0].rect.x0 > line.x0 + 20  # starts at 1073.08, after the subject

    toc = pymupdf.open(out).get_toc()
    assert toc[:2] == [[1, "部门决算报表", 1 + k], [1, "情况说明", 1 + k]]  # the original outline is kept
    assert toc[2] == [1, "narrcheck 核对：1 处问题", 1]  # the summary page
    assert toc[3][0] == 2 and toc[3][1].startswith("[尾数] 第1页 ") and "93.2%" in toc[3][1] and toc[3][2] == 1 + k


def test_tiny_annotate_ok_marks_consistent_claims(tiny, tmp_path):
    out = tmp_path / "ok.pdf"
    res = CliRunner().invoke(app, ["check", str(tiny), "--annotate", str(out), "--annotate-ok"])
    assert res.exit_code == 1, res.output
    k = _same_pages(tiny, out)
    page = pymupdf.open(out)[k]
    green = [a for a in _highlights(page) if tuple(round(c, 2) for c in a.colors["stroke"]) == COLORS["ok"]]
    r = page.search_for("3.5%")[0]
    assert any(_covered(r, _quad_rects(a)) >= 0.8 for a in green)


def test_annotate_refuses_bad_inputs(tiny, tmp_path):
    runner = CliRunner()
    res = runner.invoke(app, ["check", str(tiny), str(tiny), "--annotate", str(tmp_path / "x.pdf")])
    assert res.exit_code == 2 and not (tmp_path / "x.pdf").exists()
    seed = Path(__file__).resolve().parents[1] / "corpus" / "yanbian-shebao-2024.txt"
    res = runner.invoke(app, ["check", str(seed), "--annotate", str(tmp_path / "y.pdf")])
    assert res.exit_code == 2 and not (tmp_path / "y.pdf").exists()
    before = tiny.read_bytes()
    res = runner.invoke(app, ["check", str(tiny), "--annotate", str(tiny)])
    assert res.exit_code == 2
    assert tiny.read_bytes() == before  # never overwrites the original


def test_word_boxes_index_the_text(tiny):
    doc = check(tiny)
    assert doc.boxes
    assert [b[0] for b in doc.boxes] == sorted(b[0] for b in doc.boxes)
    pdf = pymupdf.open(tiny)
    for s, e, page, x0, y0, x1, y1 in doc.boxes:
        assert doc.page_of(s) == page
        inside = pdf[page - 1].get_textbox(pymupdf.Rect(x0, y0, x1, y1))
        assert doc.text[s:e].replace(" ", "") in inside.replace("\n", "").replace(" ", "")


putuo = CORPUS / "putuo-caizheng-2024.pdf"


@pytest.mark.skipif(not putuo.exists(), reason="shared corpus not present")
def test_putuo_page_21_marks(tmp_path):
    out = tmp_path / "putuo-annotated.pdf"
    doc = check(putuo)
    res = annotate_pdf(doc, putuo, out)
    assert not res.skipped
    k = _same_pages(putuo, out)
    assert k == res.summary_pages
    pdf = pymupdf.open(out)
    page = pdf[20 + k]
    marks = [(a, _quad_rects(a)) for a in _highlights(page)]
    for needle, verdict in (("71.73%", "mismatch"), ("0.3万元", "mismatch")):
        targets = page.search_for(needle)  # one rect per font run of the one occurrence
        assert targets and all(abs(t.y1 - targets[0].y1) < 8 for t in targets), needle
        hit = [a for a, qs in marks if all(_covered(t, qs) >= 0.8 for t in targets)]
        assert hit, f"no highlight over {needle}"
        assert hit[0].colors["stroke"] == list(COLORS[verdict])
        assert hit[0].info["title"] == "narrcheck"
    content = next(a.info["content"] for a in _highlights(page) if "71.73" in a.info["content"])
    assert "71.65" in content and "2,106.66" in content and "第15页" in content
    # table findings: boxes around the cells, on the table's page
    page15 = pdf[14 + k]  # held: an annotation must not outlive its page object
    boxes15 = [a for a in page15.annots() if a.type[0] == pymupdf.PDF_ANNOT_SQUARE]
    cell = page15.search_for("2,940.05")[0]
    # the box frames that cell: holds the number's centre and is not much wider than the cell text
    centre = pymupdf.Point((cell.x0 + cell.x1) / 2, (cell.y0 + cell.y1) / 2)
    assert any(centre in a.rect and a.rect.width < 2 * cell.width and "2,940.05" in a.info["content"] for a in boxes15)
    toc = pdf.get_toc()
    top = [e for e in toc if e[0] == 1 and e[1].startswith("narrcheck ")]
    assert top and top[0][1] == f"narrcheck 核对：{res.count} 处问题"
    assert any(e[0] == 2 and e[2] == 21 + k and e[1].startswith("[不符] 第21页") and "71.73%" in e[1] for e in toc)
    png = tmp_path / "putuo-p21.png"
    page.get_pixmap(dpi=100).save(png)
    assert png.stat().st_size > 10_000

    import pdfplumber

    with pdfplumber.open(out) as pl:
        assert len(pl.pages) == pdf.page_count
        assert "71.73%" in (pl.pages[20 + k].extract_text() or "")
        assert pl.pages[20 + k].annots


def test_printout_has_a_summary_page_legend_and_numbered_tags(tiny, tmp_path):
    """What a printer shows: the summary page lists the problem with page, reason and fix; the mark has its number."""
    out = tmp_path / "print.pdf"
    assert CliRunner().invoke(app, ["check", str(tiny), "--annotate", str(out)]).exit_code == 1
    pdf = pymupdf.open(out)
    k = _same_pages(tiny, out)
    summary = pdf[0]
    text = summary.get_text()
    assert "共 1 处：尾数 1" in text
    for label in ("不符：", "尾数：", "方向：", "模板残留：", "表格核对：", "提示：", "细框："):
        assert label in text, label  # the legend, in Chinese
    assert re.search(r"\[1\] 尾数\s+第1页\s+“1073.08万元，占93.2%”", text)
    assert "占比重算为 93.1%，正文写 93.2%。" in text and "建议改为：“1073.08万元，占93.1%”" in text
    assert "公开05表" in text and "1,073.08" in text  # the evidence cell
    fills = {tuple(round(c, 2) for c in d["fill"]) for d in summary.get_drawings() if d.get("fill")}
    assert {tuple(round(c, 2) for c in COLORS[k_]) for k_ in ("mismatch", "rounding", "table")} <= fills
    width = summary.rect.width
    assert all(w[2] <= width - 40 for w in summary.get_text("words"))  # nothing runs off the paper
    # on the page: the number 1 in the left margin at the flagged line, printed like every mark
    page = pdf[k]
    tags = [a for a in page.annots() if a.type[0] == pymupdf.PDF_ANNOT_FREE_TEXT]
    assert {t.info["content"] for t in tags} == {"1"} and all(t.rect.x1 < 72 for t in tags)
    hit = _highlights(page)[0]
    rows = [hit.rect] + [page.search_for(v)[0] for v in ("1,073.08", "1,152.00")]  # the claim, its two cells
    mid = [(r.y0 + r.y1) / 2 for r in rows]
    assert len(tags) == 3 and all(any(abs((t.rect.y0 + t.rect.y1) / 2 - m) < 6 for t in tags) for m in mid)
    assert all(a.flags & pymupdf.PDF_ANNOT_IS_PRINT for a in page.annots())
    # linked both ways: the summary entry to its page, the tag back to the summary
    assert any(lk["page"] == k for lk in summary.get_links())
    assert any(lk["page"] == 0 for lk in page.get_links())


def test_a_clean_pdf_still_gets_a_summary_saying_so(tmp_path):
    path = tmp_path / "clean.pdf"
    make_tiny(path)
    fixed = pymupdf.open(path)
    fixed[0].add_redact_annot(fixed[0].search_for("93.2%")[0])
    fixed[0].apply_redactions()
    fixed[0].insert_text((200, 416), "93.1%", fontname=FONT, fontsize=12)
    fixed.save(tmp_path / "fixed.pdf")
    out = tmp_path / "marked.pdf"
    res = CliRunner().invoke(app, ["check", str(tmp_path / "fixed.pdf"), "--annotate", str(out)])
    assert out.exists(), res.output
    assert "共 0 处：未发现问题" in pymupdf.open(out)[0].get_text()


@pytest.mark.skipif(not putuo.exists(), reason="shared corpus not present")
def test_printout_numbers_the_evidence_cells_of_a_claim_on_another_page(tmp_path):
    """The share on p.21 rests on cells of p.15: on paper those frames carry the problem's number too."""
    out = tmp_path / "marked.pdf"
    assert CliRunner().invoke(app, ["check", str(putuo), "--annotate", str(out)]).exit_code == 1
    pdf = pymupdf.open(out)
    k = pdf.page_count - pymupdf.open(putuo).page_count
    summary = "".join(pdf[i].get_text() for i in range(k))
    number = re.search(r"\[(\d+)\] 不符\s+第21页\s+“2106.66万元，占71.73%”", summary).group(1)
    p21, p15 = pdf[20 + k], pdf[14 + k]
    tags21 = [a for a in p21.annots() if a.type[0] == pymupdf.PDF_ANNOT_FREE_TEXT and a.info["content"] == number]
    tags15 = [a for a in p15.annots() if a.type[0] == pymupdf.PDF_ANNOT_FREE_TEXT and a.info["content"] == number]
    assert len(tags21) == 1 and len(tags15) == 2  # beside the claim, and beside 2,106.66 and 2,940.05
    mid = [(r.y0 + r.y1) / 2 for r in (p15.search_for(v)[0] for v in ("2,106.66", "2,940.05"))]
    assert all(any(abs((t.rect.y0 + t.rect.y1) / 2 - m) < 6 for t in tags15) for m in mid)


wanli = CORPUS / "putuo-wanlijiedao-2024-dept-budget.pdf"


@pytest.mark.skipif(not wanli.exists(), reason="shared corpus not present")
def test_summary_labels_each_kind_of_problem(tmp_path):
    """A reason against its change is 表述核对 (purple), not a table problem; the worst (不符) comes first."""
    out = tmp_path / "w.pdf"
    assert CliRunner().invoke(app, ["check", str(wanli), "--annotate", str(out)]).exit_code == 1
    pdf = pymupdf.open(out)
    text = pdf[0].get_text()
    assert "共 3 处：不符 1，表格核对 1，表述核对 1" in text
    assert re.search(r"\[1\] 不符\s+第9页", text) and re.search(r"\[\d\] 表述核对\s+第6页", text)
    assert "narrative.reason_direction" in text
    page6 = pdf[pdf.page_count - pymupdf.open(wanli).page_count + 5]
    colours = {tuple(round(c, 2) for c in a.colors["stroke"]) for a in page6.annots() if a.colors.get("stroke")}
    assert tuple(round(c, 2) for c in COLORS["text"]) in colours
