"""PDF reader: generated PDFs with known content, broken inputs, and the real corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf
import pytest

from narrcheck.model import ReadError
from narrcheck.readers import Limits, read

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FONT = "china-s"
RIGHT = 523.0  # right text margin of the generated pages


def _text(page, x, y, s, size=12):
    page.insert_text((x, y), s, fontname=FONT, fontsize=size)


def _width(s, size=12):
    return pymupdf.get_text_length(s, fontname=FONT, fontsize=size)


def _grid(page, xs, ys, cells, two_line=None):
    """Draw a ruled table with column edges xs, row edges ys, and fill it."""
    for x in xs:
        page.draw_line((x, ys[0]), (x, ys[-1]), width=0.6)
    for y in ys:
        page.draw_line((xs[0], y), (xs[-1], y), width=0.6)
    for r, row in enumerate(cells):
        for c, val in enumerate(row):
            if not val:
                continue
            if isinstance(val, tuple):  # a header cell on two lines
                _text(page, xs[c] + 3, ys[r] + 13, val[0], 10)
                _text(page, xs[c] + 3, ys[r] + 26, val[1], 10)
            else:
                _text(page, xs[c] + 3, ys[r] + 15, val, 10)


XS = [72, 300, 420, 523]
HEADER = ["项目", ("本年收入合", "计"), "财政拨款收入"]
ROWS_P2 = [
    ["合计", "2,940.05", "2,940.05"],
    ["一、一般公共预算财政拨款收入", "1,144.28", "1,144.28"],
    ["二、政府性基金预算财政拨款收入", "", ""],
]
ROWS_P3 = [
    ["三、国有资本经营预算财政拨款收入", "6.20", ""],
    ["四、上级补助收入", "1,789.57", "1,795.77"],
]


def make_pdf(path: Path) -> None:
    doc = pymupdf.open()
    # page 1: heading, a paragraph over two lines, a second paragraph, footer
    p = doc.new_page(width=595, height=842)
    _text(p, 72, 40, "某某局2024年度部门决算")  # running header
    _text(p, 72, 90, "一、收入支出决算总体情况说明")
    line1 = "本部门2024年度收入支出总计1153.90万元。与2023年度相比，收入支出"
    assert _width(line1) > RIGHT - 96 - 30  # a full line (with its indent)
    _text(p, 96, 118, line1)
    _text(p, 72, 136, "总计减少96.69万元，下降7.8%。")
    _text(p, 72, 170, "（一）财政拨款收入")
    line3 = "本年收入合计1146.18万元，其中：财政拨款收入1144.28万元，占99.8"
    _text(p, 96, 198, line3)
    _text(p, 72, 216, "%；其他收入1.90万元，占0.2%。")
    _text(p, 290, 815, "- 1 -")
    # page 2: caption + a ruled table reaching the bottom of the page
    p = doc.new_page(width=595, height=842)
    _text(p, 72, 40, "某某局2024年度部门决算")
    _text(p, 240, 640, "收入决算表", 14)
    _text(p, 450, 668, "单位：万元", 10)
    ys = [680, 712, 736, 760, 784]
    _grid(p, XS, ys, [HEADER] + ROWS_P2)
    _text(p, 290, 815, "- 2 -")
    # page 3: the table continues (header repeated), then prose
    p = doc.new_page(width=595, height=842)
    _text(p, 72, 40, "某某局2024年度部门决算")
    ys = [60, 92, 116, 140]
    _grid(p, XS, ys, [HEADER] + ROWS_P3)
    _text(p, 72, 170, "注：本表反映部门本年度取得的各项收入情况。", 10)
    _text(p, 72, 210, "二、支出决算情况说明")
    _text(p, 96, 238, "本年支出合计1153.90万元。")
    _text(p, 290, 815, "- 3 -")
    doc.save(path)


@pytest.fixture(scope="module")
def gen_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    make_pdf(path)
    return path


@pytest.fixture(scope="module")
def gen_doc(gen_pdf):
    return read(gen_pdf)


def test_format_and_pages(gen_doc):
    assert gen_doc.format == "pdf"
    assert not gen_doc.needs_ocr
    assert len(gen_doc.page_starts) == 3
    assert gen_doc.page_starts[0] == 0
    assert gen_doc.page_starts == sorted(gen_doc.page_starts)


def test_sentence_broken_over_lines_is_joined(gen_doc):
    lines = gen_doc.text.split("\n")
    assert "本部门2024年度收入支出总计1153.90万元。与2023年度相比，收入支出总计减少96.69万元，下降7.8%。" in lines
    assert "本年收入合计1146.18万元，其中：财政拨款收入1144.28万元，占99.8%；其他收入1.90万元，占0.2%。" in lines


def test_headings_on_their_own_line(gen_doc):
    lines = gen_doc.text.split("\n")
    for h in ("一、收入支出决算总体情况说明", "（一）财政拨款收入", "二、支出决算情况说明"):
        assert h in lines


def test_footers_and_running_header_removed(gen_doc):
    assert "- 1 -" not in gen_doc.text
    assert "- 3 -" not in gen_doc.text
    assert "某某局2024年度部门决算" not in gen_doc.text
    assert not re.search(r"^\s*-?\s*\d\s*-?\s*$", gen_doc.text, re.M)


def test_continued_table_joined(gen_doc):
    assert len(gen_doc.raw_tables) == 1
    t = gen_doc.raw_tables[0]
    assert t.continued
    assert t.page == 2
    assert t.rows == [
        ["项目", "本年收入合计", "财政拨款收入"],
        *ROWS_P2,
        *ROWS_P3,
    ]
    assert t.caption == "收入决算表\n单位：万元"
    # caption lines stand as ordinary lines just before the table block
    assert gen_doc.text[: t.start].endswith("收入决算表\n单位：万元\n\n")
    assert gen_doc.text[t.end : t.end + 2] == "\n\n"
    block = gen_doc.text[t.start : t.end].split("\n")
    assert block[0] == "项目\t本年收入合计\t财政拨款收入"
    assert block[-1] == "四、上级补助收入\t1,789.57\t1,795.77"


def test_cell_spans_and_boxes(gen_doc):
    t = gen_doc.raw_tables[0]
    for r, row in enumerate(t.rows):
        for c, cell in enumerate(row):
            span = t.cell_spans[r][c]
            box = t.cell_boxes[r][c]
            if cell:
                assert gen_doc.text[span[0] : span[1]] == cell
                assert box is not None
            else:
                assert span is None and box is None
    # the last two rows come from page 3, in PDF points
    s = t.cell_spans[-1][1]
    assert gen_doc.page_of(s[0]) == 3
    assert t.cell_boxes[-1][1][0] == 3
    assert t.cell_boxes[1][1][0] == 2
    assert t.cell_boxes[1][1][1:] == pytest.approx((300, 712, 420, 736), abs=1)
    assert gen_doc.page_of(t.cell_spans[1][1][0]) == 2


def test_page_of_narrative(gen_doc):
    text = gen_doc.text
    assert gen_doc.page_of(text.index("一、收入支出决算总体情况说明")) == 1
    assert gen_doc.page_of(text.index("收入决算表")) == 2
    assert gen_doc.page_of(text.index("二、支出决算情况说明")) == 3
    assert gen_doc.page_of(text.index("注：本表反映")) == 3


def test_encrypted_pdf(tmp_path, gen_pdf):
    doc = pymupdf.open(gen_pdf)
    out = tmp_path / "enc.pdf"
    doc.save(out, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="user")
    with pytest.raises(ReadError, match="encrypted"):
        read(out)


def test_truncated_pdf(tmp_path, gen_pdf):
    data = gen_pdf.read_bytes()
    out = tmp_path / "cut.pdf"
    out.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReadError, match="broken PDF"):
        read(out)


def test_garbage_pdf(tmp_path):
    out = tmp_path / "junk.pdf"
    out.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    with pytest.raises(ReadError):
        read(out)


def test_page_limit(gen_pdf):
    with pytest.raises(ReadError, match=r"3 pages.*2"):
        read(gen_pdf, limits=Limits(max_pages=2))


def test_no_text_layer(tmp_path):
    doc = pymupdf.open()
    for _ in range(2):
        p = doc.new_page()
        p.draw_rect(pymupdf.Rect(72, 72, 300, 200), color=(0, 0, 0), fill=(0.8, 0.8, 0.8))
        pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 40), False)
        pix.set_rect(pix.irect, (200, 10, 10))
        p.insert_image(pymupdf.Rect(100, 300, 400, 600), pixmap=pix)
    out = tmp_path / "scan.pdf"
    doc.save(out)
    d = read(out)
    assert d.needs_ocr
    assert d.warnings and "text layer" in d.warnings[0]
    assert d.raw_tables == []


def test_white_backgrounds_behind_runs_of_prose_rule_no_table(tmp_path):
    # a word processor paints a white box behind each run of text; the boxes tile the lines like cells
    doc = pymupdf.open()
    p = doc.new_page(width=595, height=842)
    lines = [
        ["2025年本单位收入预算", "68632.12万元，其中，", "一般公共预算拨款"],
        ["68632.12万元，财政专户", "管理事业收入0.00万元，", "上年结转0.00万元。"],
        ["收入较去年减少", "1316.82万元，", "下降1.88%。"],
    ]
    y = 120.0
    for runs in lines:
        x = 72.0
        for run in runs:
            w = _width(run)
            p.draw_rect(pymupdf.Rect(x, y - 14, x + w, y + 6), color=None, fill=(1, 1, 1))
            _text(p, x, y, run)
            x += w
        y += 31.2
    out = tmp_path / "fills.pdf"
    doc.save(out)
    d = read(out)
    assert d.raw_tables == []
    flat = re.sub(r"\s", "", d.text)
    assert "收入预算68632.12万元，其中，一般公共预算拨款68632.12万元" in flat
    assert "上年结转0.00万元。收入较去年减少1316.82万元，下降1.88%。" in flat


# --------------------------------------------------------------------------- corpus

EXPECTED_TABLES = {
    "putuo-caizheng-2024.pdf": 10,
    "putuo-caizhengju-2025-dept-budget.pdf": 9,
    "putuo-shehuigongzuo-2024.pdf": 10,
    "putuo-wanlijiedao-2024-dept-budget.pdf": 9,
    "shanghai-caizhengju-2025-unit-budget.pdf": 9,
    "template-bumen-juesuan.pdf": 10,
}

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")

_docs: dict[str, object] = {}


def corpus(name: str):
    if name not in _docs:
        _docs[name] = read(CORPUS / name)
    return _docs[name]


@needs_corpus
@pytest.mark.parametrize("name,count", sorted(EXPECTED_TABLES.items()))
def test_corpus_table_count(name, count):
    doc = corpus(name)
    assert len(doc.raw_tables) == count
    assert not doc.needs_ocr
    for t in doc.raw_tables:
        assert doc.text[t.start : t.end].split("\n")[0].split("\t")[0] == t.rows[0][0]
        for r, row in enumerate(t.rows):
            assert len(row) == len(t.rows[0])
            for c, cell in enumerate(row):
                sp = t.cell_spans[r][c]
                if cell:
                    assert doc.text[sp[0] : sp[1]] == cell
                    assert "\t" not in cell and "\n" not in cell


@needs_corpus
@pytest.mark.parametrize("name", sorted(EXPECTED_TABLES))
def test_corpus_no_page_furniture_in_text(name):
    doc = corpus(name)
    for line in doc.text.split("\n"):
        if "\t" in line:
            continue
        assert not re.fullmatch(r"[-—\s]*\d{1,3}[-—\s]*", line), line
        assert not re.fullmatch(r"第\s*\d+\s*页.*", line), line


@needs_corpus
def test_caizheng_income_table():
    doc = corpus("putuo-caizheng-2024.pdf")
    t = doc.raw_tables[2]  # 收入决算表, pages 8-9
    assert t.caption == "收入决算表\n单位：万元"
    assert t.page == 8 and t.continued
    assert (len(t.rows), len(t.rows[0])) == (23, 11)
    assert t.rows[0][4] == "本年收入合计"
    assert t.rows[0][9] == "附属单位上缴收入"
    assert t.rows[3] == ["类", "款", "项", "合计", "2,946.25", "2,940.05", "", "", "", "", "6.20"]
    assert t.rows[-1][:6] == ["221", "02", "03", "购房补贴", "258.50", "258.50"]
    assert doc.page_of(t.cell_spans[-1][4][0]) == 9
    assert t.cell_boxes[-1][4][0] == 9


@needs_corpus
def test_caizheng_summary_table():
    doc = corpus("putuo-caizheng-2024.pdf")
    t = doc.raw_tables[1]  # 收入支出决算总表, pages 6-7
    assert t.caption.startswith("收入支出决算总表")
    assert (len(t.rows), len(t.rows[0])) == (32, 4)
    assert t.rows[2] == ["一、一般公共预算财政拨款收入", "2,940.05", "一、一般公共服务支出", "2,106.66"]
    assert t.rows[-1] == ["总计", "2,995.39", "总计", "2,995.39"]


@needs_corpus
def test_caizheng_narrative_keeps_numbers_inline():
    """MEASURED: digits sit on another baseline in this file; they must stay in the sentence."""
    doc = corpus("putuo-caizheng-2024.pdf")
    lines = doc.text.split("\n")
    want = "上海市普陀区财政局2024年度收入支出总计2995.39万元。与2023年度相比，收入支出总计减少56.95万元，下降1.87%。"
    assert any(ln.startswith(want) for ln in lines)
    assert "本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%；其他收入6.2万元，占0.21%；" in lines
    i = doc.text.index("2995.39万元")
    assert doc.page_of(i) == 21


@needs_corpus
def test_wanli_closing_total_row_joined():
    """The 合计 row alone on page 15 (label spanning the code columns) belongs to the table before."""
    doc = corpus("putuo-wanlijiedao-2024-dept-budget.pdf")
    t = doc.raw_tables[1]
    assert t.caption.startswith("2024年部门收入预算总表")
    assert len(t.rows[0]) == 9
    assert t.rows[-1] == ["合计", "", "", "", "156,211,123", "156,211,123", "0", "0", "0"]
    assert t.cell_boxes[-1][0][0] == 15


@needs_corpus
def test_template_blank_tables_found():
    doc = corpus("template-bumen-juesuan.pdf")
    t = next(t for t in doc.raw_tables if "三公" in t.caption)
    assert (len(t.rows), len(t.rows[0])) == (4, 12)
    assert t.rows[1][2] == "因公出国（境）费"
    assert t.rows[2][8] == "公务用车运行维护费"
    assert t.rows[3][:2] == ["预算数", "决算数"]


@needs_corpus
def test_shanghai_multi_level_header():
    doc = corpus("shanghai-caizhengju-2025-unit-budget.pdf")
    t = doc.raw_tables[0]
    assert t.caption == "2025年预算单位财务收支预算总表\n编制单位：上海市财政局 单位：元"
    assert t.rows[1][:4] == ["项目", "预算数", "项目", "预算数"]
    assert t.rows[2][3:] == ["合计", "基本支出", "", "项目支出"]
    assert t.rows[-1] == [
        "收入总计",
        "171,915,169",
        "支出总计",
        "171,915,169",
        "102,464,260",
        "25,177,779",
        "44,273,130",
    ]


def test_placeholder_and_doubled_stop_outside_the_narrative_are_found(tmp_path):
    """A placeholder in the table part's title and a doubled 。 in 名词解释 are residue as much as in the
    情况说明 (seen in a 测试问题版本 of a Shanghai 决算); the same pages without them give no such finding."""
    from narrcheck.pipeline import check

    def pdf(name: str, title: str, glossary: str) -> Path:
        doc = pymupdf.open()
        p = doc.new_page(width=595, height=842)
        _text(p, 72, 90, "上海市某某区财政局2024年度部门决算")
        _text(p, 72, 130, f"第二部分{title}2024年度部门决算表")
        p = doc.new_page(width=595, height=842)
        _text(p, 72, 90, "第三部分2024年度部门决算情况说明")
        _text(p, 72, 130, "一、收入支出决算总体情况说明")
        for i in range(6):  # a 说明 part of some length (a part of a few lines is a table-of-contents entry)
            _text(
                p, 96, 158 + 28 * i, f"本部门2024年度收入支出总计1153.90万元，其中第{i + 1}项说明如下，与上年基本持平。"
            )
        p = doc.new_page(width=595, height=842)
        _text(p, 72, 90, "第四部分名词解释")
        _text(p, 72, 130, f"一、财政拨款收入：指单位本年度从本级财政部门取得的财政拨款{glossary}")
        path = tmp_path / name
        doc.save(path)
        return path

    bad = check(pdf("bad.pdf", "上海市某某区XX局", "。。"))
    assert bad.narrative is not None and bad.narrative != (0, len(bad.text))
    found = {(f.rule, bad.text[f.start : f.end]) for f in bad.findings if f.rule.startswith("residue.")}
    assert {("residue.placeholder", "XX局"), ("residue.doubled", "。。")} <= found
    outside = [f for f in bad.findings if f.rule in ("residue.placeholder", "residue.doubled")]
    assert sorted(bad.page_of(f.start) or 0 for f in outside) == [1, 3]
    good = check(pdf("good.pdf", "上海市某某区财政局", "。"))
    assert not [f for f in good.findings if f.rule in ("residue.placeholder", "residue.doubled")]


def test_a_full_line_ending_a_sentence_runs_on_to_a_line_at_the_margin(tmp_path):
    """On a page whose paragraphs open indented, a sentence that ends exactly at the right margin does not end
    its paragraph when the next line starts at the margin (年初预算为0.88万元，支出决算为0.88万元。 / 完成年初预算的
    100.00%。); a next line indented, or a sentence ending short of the margin, still starts a new one."""
    doc = pymupdf.open()
    p = doc.new_page(width=595, height=842)
    full = "年初预算为八万元，支出决算为八万元" + "甲" * 19 + "。"  # 37 characters: 72 + 37 × 12 = 516
    assert abs(72 + _width(full) - 516) < 1
    _text(p, 96, 100, "一、某项支出主要用于人员经费和公用经费，" + "乙" * 15)
    _text(p, 72, 118, full)
    _text(p, 72, 136, "完成年初预算的百分之百。")
    _text(p, 96, 160, "二、另一项支出主要用于项目支出，" + "丙" * 18)
    _text(p, 72, 178, full)
    _text(p, 96, 196, "三、第三项支出。")
    path = tmp_path / "runon.pdf"
    doc.save(path)
    paras = [ln for ln in read(path).text.split("\n") if ln.strip()]
    assert paras[0].endswith(full + "完成年初预算的百分之百。")
    assert paras[1].startswith("二、") and paras[1].endswith(full) and paras[2] == "三、第三项支出。"
