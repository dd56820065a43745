"""Scanned pages (readers/ocr.py, imagegrid.py, ocrdoubt.py): grids from page images, OCR doubt, modes, cache.

The grid tests draw a ruled table in a text PDF, make an image-only copy of it
at 150 dpi (greyscale JPEG, as a scanner does) and check that the rules found
in the image give the same cells as the drawings. The OCR tests need the
``ocr`` extra (RapidOCR) and skip without it.
"""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pymupdf
import pytest

from narrcheck.model import Claim, Document, Evidence, Finding
from narrcheck.readers import Limits, ocr, read
from narrcheck.readers.grid import find_grids
from narrcheck.readers.imagegrid import as_paths, find_segments
from narrcheck.readers.ocr import OcrPage, OcrWord
from narrcheck.readers.ocrdoubt import mark_ocr_doubt

ROOT = Path(__file__).resolve().parents[1]
XS = [60.0, 200.0, 320.0, 440.0]
YS = [100.0, 124.0, 148.0, 172.0, 196.0]
CELLS = [
    ["项目", "本年收入", "本年支出"],
    ["一般公共服务支出", "2,106.66", "2,106.66"],
    ["社会保障和就业支出", "326.72", "326.72"],
    ["合计", "2,433.38", "2,433.38"],
]


def table_pdf() -> bytes:
    """One page: a caption, a ruled 4×3 table and a sentence below it."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((60, 80), "收入支出决算表", fontname="china-s", fontsize=12)
    for x in XS:
        page.draw_line((x, YS[0]), (x, YS[-1]), width=0.6)
    for y in YS:
        page.draw_line((XS[0], y), (XS[-1], y), width=0.6)
    for r, row in enumerate(CELLS):
        for c, val in enumerate(row):
            page.insert_text((XS[c] + 4, YS[r] + 16), val, fontname="china-s", fontsize=10)
    page.insert_text((60, 240), "本年支出合计2433.38万元。", fontname="china-s", fontsize=12)
    return doc.tobytes()


def image_only(data: bytes, dpi: int = 150, pages: list[int] | None = None) -> bytes:
    """An image-only copy: each page rendered in greyscale at ``dpi``, as a JPEG, on a page of the same size."""
    src = pymupdf.open(stream=data, filetype="pdf")
    out = pymupdf.open()
    for pno in pages or range(1, src.page_count + 1):
        page = src[pno - 1]
        jpg = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY).tobytes("jpeg", jpg_quality=75)
        new = out.new_page(width=page.rect.width, height=page.rect.height)
        new.insert_image(new.rect, stream=jpg)
    return out.tobytes(garbage=3, deflate=True)


def _scan_page(data: bytes):
    import cv2
    import numpy as np

    page = pymupdf.open(stream=data, filetype="pdf")[0]
    pix = page.get_pixmap(dpi=150, colorspace=pymupdf.csGRAY)
    img = cv2.imdecode(np.frombuffer(pix.tobytes("png"), np.uint8), cv2.IMREAD_GRAYSCALE)
    return page, img


def test_rules_in_the_image_give_the_same_cells_as_the_drawings():
    pytest.importorskip("cv2", reason="OpenCV comes with the ocr extra")
    text_pdf = table_pdf()
    tpage = pymupdf.open(stream=text_pdf, filetype="pdf")[0]
    words = [tuple(w[:4]) for w in tpage.get_text("words")]
    ctm = tuple(tpage.transformation_matrix)
    want = find_grids(tpage.get_cdrawings(), tuple(tpage.rect), words, ctm, tpage)
    page, img = _scan_page(image_only(text_pdf))
    scale = 72.0 / 150
    segs = [(a * scale, b * scale, c * scale, d * scale) for a, b, c, d in find_segments(img, 150)]
    got = find_grids(as_paths(segs), tuple(page.rect), words, ctm, None)
    assert len(want) == len(got) == 1
    assert [len(r.cells) for r in got[0].rows] == [len(r.cells) for r in want[0].rows] == [3, 3, 3, 3]
    for rw, rg in zip(want[0].rows, got[0].rows):
        for cw, cg in zip(rw.cells, rg.cells):
            assert cw is not None and cg is not None
            assert all(abs(a - b) < 1.5 for a, b in zip(cw, cg)), (cw, cg)


def test_characters_are_not_rules():
    """Strokes of 一 and 丨 are shorter than MIN_RULE_PT; a run of dashes may look like a rule but makes no grid."""
    pytest.importorskip("cv2", reason="OpenCV comes with the ocr extra")
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for k in range(20):
        page.insert_text((60, 80 + 24 * k), "一二三十丨川工土王一一一 1111 川", fontname="china-s", fontsize=12)
        page.insert_text((400, 80 + 24 * k), "———", fontname="china-s", fontsize=12)
    scan, img = _scan_page(image_only(doc.tobytes()))
    segs = find_segments(img, 150)
    assert all(s[0] > 400 / 72 * 150 - 5 for s in segs)  # only the dashes
    scaled = [tuple(v * 72 / 150 for v in s) for s in segs]
    assert find_grids(as_paths(scaled), tuple(scan.rect), [], tuple(scan.transformation_matrix), None) == []


def test_a_line_box_over_a_column_rule_is_split_between_the_cells():
    w = OcrWord(100.0, 10.0, 220.0, 22.0, "基本支出2336.91", 0.98, 3)
    parts = ocr.split_at(w, [162.0, 500.0])
    assert [p.text for p in parts] == ["基本支出", "2336.91"]
    assert parts[0].x1 <= 162 and parts[1].x0 >= 160
    assert ocr.split_at(w, []) == [w]


def test_tesseract_tsv_is_read_as_words_with_lines_and_confidences():
    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "5\t1\t1\t1\t1\t1\t10\t20\t30\t12\t96.5\t合计\n"
        "5\t1\t1\t1\t1\t2\t50\t20\t40\t12\t61\t2,433.38\n"
        "5\t1\t1\t1\t2\t1\t10\t40\t30\t12\t-1\t \n"
        "5\t1\t2\t1\t1\t1\t10\t60\t30\t12\t90\t说明\n"
    )
    got = ocr._parse_tsv(tsv)
    assert got == [
        (10.0, 20.0, 40.0, 32.0, "合计", 0.965, 0),
        (50.0, 20.0, 90.0, 32.0, "2,433.38", 0.61, 0),
        (10.0, 60.0, 40.0, 72.0, "说明", 0.9, 1),
    ]


def test_ocr_modes():
    blank = lambda: None  # noqa: E731 - never asked for a text page
    assert ocr.wants_ocr("always", 500, "正文" * 250, blank)
    assert not ocr.wants_ocr("never", 0, "", blank)
    assert not ocr.wants_ocr("auto", 500, "一般公共预算财政拨款支出" * 40, blank)
    assert ocr.wants_ocr("auto", 500, "\u0100\u0101\u0102\ue000" * 100, blank)  # glyph codes, no Unicode map


def test_page_results_are_cached_by_content(tmp_path):
    page = OcrPage([OcrWord(1.0, 2.0, 3.0, 4.0, "占99.79%", 0.8765, 2)], [(0.0, 5.0, 100.0, 5.0)], "rapidocr", 1.5)
    ocr._cache_put(tmp_path, "ab" * 32, page)
    assert ocr._cache_get(tmp_path, "ab" * 32) == page
    assert ocr._cache_get(tmp_path, "cd" * 32) is None
    assert ocr._cache_get(None, "ab" * 32) is None
    assert ocr.cache_dir("off") is None and ocr.cache_dir(str(tmp_path)) == tmp_path


def test_confidence_spans_take_the_least_sure_word_of_a_cell():
    scans = {2: OcrPage([OcrWord(10, 10, 30, 20, "326", 0.99, 0), OcrWord(32, 10, 50, 20, ".72", 0.55, 0)], [])}
    boxes = [(100, 106, 2, 5.0, 5.0, 60.0, 25.0), (200, 203, 1, 10.0, 10.0, 30.0, 20.0), (300, 303, 2, 10, 10, 30, 20)]
    assert ocr.confidence_spans(boxes, scans) == [(100, 106, 0.55), (300, 303, 0.99)]


def _doubt_doc() -> Document:
    text = "社会保障和就业支出326.72万元，占11.11%。\n合计\t2,433.38\n其中\t326.72\n"
    doc = Document(path="x.pdf", text=text, format="pdf")
    claim = Claim("c1", "amount", "p", 0, 26, text[:26], (0, 26), "社会保障和就业支出", {"value": "326.72"})
    claim.number_spans = [(9, 15)]
    claim.verdict = "mismatch"
    claim.message = "正文写 326.72，表为 326.73。"
    sure = Claim("c2", "share", "p", 19, 26, text[19:26], (0, 26), "社会保障和就业支出", {"pct": "11.11"})
    sure.number_spans = [(20, 25)]
    sure.verdict = "mismatch"
    doc.claims = [claim, sure]
    cell = Evidence("t1", "收入支出决算表", "其中", "决算数", "326.72", 1, (41, 47))
    total = Evidence("t1", "收入支出决算表", "合计", "决算数", "2,433.38", 1, (30, 38))
    msg = "“合计”：2,433.38 ≠ 各项之和 2433.28，差 0.1。"
    doc.findings = [Finding("table.total", "error", msg, 30, 38, [total, cell])]
    doc.ocr_conf = [(9, 15, 0.62), (20, 25, 0.99), (30, 38, 0.99), (41, 47, 0.71)]
    return doc


def test_flags_resting_on_unsure_reads_become_ocr_doubt():
    doc = _doubt_doc()
    mark_ocr_doubt(doc)
    unsure, sure = doc.claims
    assert unsure.verdict == "unverified" and unsure.message.startswith("OCR doubt")
    assert unsure.recomputed.ocr_conf == "0.62" and unsure.ctx.ocr_conf == 0.62
    assert sure.verdict == "mismatch" and sure.ctx.ocr_conf == 0.99  # a sure read keeps its alarm
    f = doc.findings[0]
    assert f.severity == "note" and f.message.startswith("OCR doubt")
    assert "326.82" in f.message and "一位数字误识" in f.message  # the identity pins the misread digit


def test_a_text_layer_document_is_untouched():
    doc = _doubt_doc()
    doc.ocr_conf = None
    mark_ocr_doubt(doc)
    assert [c.verdict for c in doc.claims] == ["mismatch", "mismatch"]
    assert doc.findings[0].severity == "error"


def test_a_text_pdf_reads_the_same_in_every_mode(tmp_path):
    p = tmp_path / "t.pdf"
    p.write_bytes(table_pdf())
    docs = [read(p, limits=Limits(ocr=m)) for m in ("auto", "never")]
    assert docs[0].text == docs[1].text and docs[0].raw_tables[0].rows == docs[1].raw_tables[0].rows
    assert docs[0].ocr_conf is None and not docs[0].meta.ocr_pages


def test_a_scan_without_ocr_still_says_it_needs_ocr(tmp_path):
    p = tmp_path / "scan.pdf"
    p.write_bytes(image_only(table_pdf()))
    doc = read(p, limits=Limits(ocr="never"))
    assert doc.needs_ocr and not doc.raw_tables


def test_bad_ocr_mode_is_one_line(tmp_path):
    p = tmp_path / "t.pdf"
    p.write_bytes(table_pdf())
    r = subprocess.run(
        [sys.executable, "-m", "narrcheck.cli", "check", str(p), "--ocr", "sometimes"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and "--ocr" in r.stderr and "Traceback" not in r.stderr


needs_rapid = pytest.mark.skipif(bool(ocr.available("rapidocr")), reason=ocr.available("rapidocr") or "available")


@needs_rapid
def test_a_scanned_table_reads_as_the_text_table(tmp_path):
    p = tmp_path / "scan.pdf"
    p.write_bytes(image_only(table_pdf()))
    t = tmp_path / "text.pdf"
    t.write_bytes(table_pdf())
    want = read(t)
    got = read(p, limits=Limits(ocr_cache=str(tmp_path / "cache")))
    assert not got.needs_ocr and got.meta.ocr_pages == [1]
    assert [r for r in got.raw_tables[0].rows] == want.raw_tables[0].rows
    assert "本年支出合计2433.38万元" in got.text
    assert got.ocr_conf and all(0 <= c <= 1 for _s, _e, c in got.ocr_conf)
    assert Decimal(str(min(c for _s, _e, c in got.ocr_conf))) > Decimal("0.5")
    again = read(p, limits=Limits(ocr_cache=str(tmp_path / "cache")))  # from the cache: the same document
    assert again.text == got.text and again.ocr_conf == got.ocr_conf


def test_figures_read_in_full_width_forms_are_made_ascii():
    """The recogniser's alphabet has full-width digits and marks too; a text layer has ASCII figures."""
    assert ocr.clean_text("合计2，1０6．６6万元") == "合计2,106.66万元"
    assert ocr.clean_text("全年预算为9. 00万元，占１００％") == "全年预算为9.00万元，占100%"
    assert ocr.clean_text("2024年，共3个。下降5%") == "2024年，共3个。下降5%"  # punctuation between words stays
