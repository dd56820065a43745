"""Hostile and half-finished inputs: a clear one-line error (exit 2) or a clean report (0/1), never a traceback.

Every hostile file is generated here in tmp_path. Property-based checks of
the number parser, the rounding rule and the pattern engine complement
tests/test_numbers.py.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
import zipfile
import zlib
from decimal import Decimal
from pathlib import Path

import pymupdf
import pytest
from hostile import assemble_pdf
from hypothesis import given, settings, strategies as st
from typer.testing import CliRunner

from narrcheck.cli import app
from narrcheck.model import ReadError
from narrcheck.numbers import Interval, Number, format_number, parse_chinese_numeral, parse_number
from narrcheck.pipeline import check, check_document
from narrcheck.readers.text import decode, read_text
from narrcheck.recompute.rounding import judge

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "yanbian-shebao-2024.txt"
runner = CliRunner()


def _cli(*args):
    return runner.invoke(app, ["check", *map(str, args)])


def _proc(*args, timeout=120):
    return subprocess.run(
        [sys.executable, "-m", "narrcheck.cli", "check", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _one_line_error(stderr: str, path: Path, reason: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"narrcheck: {path}: ") and reason in lines[0], lines[0]
    assert "Traceback" not in stderr


def _pdf_bytes(pages=1, text="hello 2024") -> bytes:
    d = pymupdf.open()
    for _ in range(pages):
        p = d.new_page(width=200, height=200)
        if text:
            p.insert_text((20, 40), text, fontsize=10)
    return d.tobytes()


def _zip(name: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(name, "hello")
    return buf.getvalue()


def _encrypted_pdf(path: Path) -> None:
    d = pymupdf.open(stream=_pdf_bytes(), filetype="pdf")
    d.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")


# ---------------------------------------------------------------- unreadable input: exit 2, one line


UNREADABLE = [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\t\r\n\xe3\x80\x80\n \n", "only whitespace"),
    ("html.pdf", b"<!DOCTYPE html><html><body>404 Not Found</body></html>", "not a PDF"),
    ("other.docx", _zip("a.txt"), "broken .docx"),
    ("other.xlsx", _zip("a.txt"), "broken .xlsx"),
    ("other.zip.txt", _zip("a.txt"), "zip archive"),
    ("legacy.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ".doc"),
    ("short.pdf", _pdf_bytes()[:10], "broken PDF"),
    ("half.pdf", _pdf_bytes()[: len(_pdf_bytes()) // 2], "broken PDF"),
    ("image.txt", bytes(range(256)) * 40, "binary"),
    ("empty.html", b"", "empty file"),
    ("blank.html", b"<html><head><script>1</script></head><body> <!-- x --> </body></html>", "no text"),
]


@pytest.mark.parametrize("name,data,reason", UNREADABLE, ids=[u[0] for u in UNREADABLE])
def test_unreadable_input_cli(tmp_path, name, data, reason):
    p = tmp_path / name
    p.write_bytes(data)
    for fmt in ("text", "json", "html"):
        res = runner.invoke(app, ["check", str(p), "--format", fmt])
        assert res.exit_code == 2, (fmt, res.stdout, res.stderr)
        _one_line_error(res.stderr, p, reason)
    with pytest.raises(ReadError):
        check(p)


def test_encrypted_pdf(tmp_path):
    p = tmp_path / "locked.pdf"
    _encrypted_pdf(p)
    res = _cli(p)
    assert res.exit_code == 2
    _one_line_error(res.stderr, p, "encrypted PDF")


def test_missing_file_and_directory(tmp_path):
    res = _cli(tmp_path / "nope.txt")
    assert res.exit_code == 2
    _one_line_error(res.stderr, tmp_path / "nope.txt", "not found")
    res = _cli(tmp_path)
    assert res.exit_code == 2
    _one_line_error(res.stderr, tmp_path, "directory")


def test_unreadable_tables_file_is_named(tmp_path):
    (tmp_path / "empty.xlsx").write_bytes(b"")
    res = runner.invoke(app, ["check", str(SEED), "--tables", str(tmp_path / "empty.xlsx")])
    assert res.exit_code == 2
    _one_line_error(res.stderr, SEED, f"--tables {tmp_path / 'empty.xlsx'}")


# ---------------------------------------------------------------- readable but odd: exit 0/1 with a report


def _report(tmp_path, name: str, data: bytes, fmt="json"):
    p = tmp_path / name
    p.write_bytes(data)
    res = runner.invoke(app, ["check", str(p), "--format", fmt])
    assert res.exit_code in (0, 1), (res.stdout, res.stderr)
    assert "Traceback" not in res.stdout + res.stderr
    return json.loads(res.stdout) if fmt == "json" else res.stdout


def test_narrative_without_numbers(tmp_path):
    rep = _report(tmp_path, "words.txt", "一、部门职责\n本部门严格执行预算，无其他需要说明的事项。\n".encode())
    assert rep["claims"] == [] and rep["summary"]["claims"] == 0


def test_tables_without_narrative(tmp_path):
    rep = _report(tmp_path, "tables.txt", "项目\t金额\n合计\t100.00\n基本支出\t60.00\n项目支出\t40.00\n".encode())
    assert rep["claims"] == []


def test_gbk_labelled_as_utf8(tmp_path):
    rep = _report(tmp_path, "gbk.txt", SEED.read_text(encoding="utf-8").encode("gbk", errors="replace"))
    assert rep["meta"]["encoding"] == "gb18030" and rep["summary"]["claims"] > 20


def test_mixed_utf8_and_gbk(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    cut = text.index("\n", len(text) // 2)
    data = text[:cut].encode("utf-8") + text[cut:].encode("gbk", errors="replace")
    rep = _report(tmp_path, "mixed.txt", data)
    assert "mixed" in rep["meta"]["encoding"]
    assert any("93.2%" in c["text"] for c in rep["claims"])  # from the GBK half, decoded right


def test_utf8_cut_inside_a_character():
    data = "本年支出1153.9万元。".encode("utf-8")[:-2]
    text, enc = decode(data)
    assert enc == "utf-8" and text.startswith("本年支出1153.9万")


def test_nul_bytes_keep_offsets(tmp_path):
    data = SEED.read_bytes().replace("。".encode(), "。\x00".encode())
    rep = _report(tmp_path, "nul.txt", data)
    text = data.decode("utf-8").replace("\x00", " ")
    assert rep["claims"] and all(text[c["start"] : c["end"]] == c["text"] for c in rep["claims"])


def test_five_megabyte_line_is_refused_in_bounded_time(tmp_path):
    p = tmp_path / "line.txt"
    p.write_bytes(("本年支出1,153.9万元，" * 300000).encode()[: 5 * 1024 * 1024])
    t = time.perf_counter()
    res = _proc(p)
    assert time.perf_counter() - t < 60
    assert res.returncode == 2
    _one_line_error(res.stderr, p, "character limit")


NUMBER_SHAPES = (
    "本年支出1,2345.6万元，.5万元，１２３．４５万元，12.345.67万元，-3.2万元，（3.2）万元。"
    "二〇二四年收入增长百分之十，占比150%，增长1000%。\n"
)


def test_numbers_in_every_shape(tmp_path):
    rep = _report(tmp_path, "shapes.txt", NUMBER_SHAPES.encode())
    values = {c["claimed"].get("value") for c in rep["claims"]}
    assert "123.45" in values
    assert "12.345" not in values and "345.67" not in values


def test_zero_denominator_is_reported_not_divided(tmp_path):
    rep = _report(tmp_path, "zero.txt", "年初预算为0万元，支出决算为5万元，完成年初预算的100%。\n".encode())
    comp = [c for c in rep["claims"] if c["kind"] == "completion"]
    assert comp and comp[0]["verdict"] == "unverified" and comp[0]["message"]


HOSTILE = (
    "一、<script>alert('x')</script>说明\n"
    "{{ config }}{% for x in y %}\x1b[31m\x1b]0;title\x07 ../../etc/passwd "
    "本年支出合计200万元，其中：基本支出150万元，占78%。\n"
)


def test_hostile_narrative_is_escaped_in_every_report(tmp_path):
    p = tmp_path / "hostile.txt"
    p.write_text(HOSTILE, encoding="utf-8")
    text = runner.invoke(app, ["check", str(p), "--all"])
    assert text.exit_code == 1
    assert "\x1b" not in text.stdout and "\x07" not in text.stdout and "\\x1b" in text.stdout
    js = runner.invoke(app, ["check", str(p), "--format", "json"])
    data = json.loads(js.stdout)
    assert "\x1b" not in js.stdout  # JSON escapes control characters
    assert any("<script>" in c["section"] + c["subject"] for c in data["claims"])  # kept verbatim: JSON is not HTML
    html = runner.invoke(app, ["check", str(p), "--format", "html"])
    assert html.exit_code == 1
    assert "<script>alert" not in html.stdout and "\x1b" not in html.stdout and "\x07" not in html.stdout
    assert "&lt;script&gt;" in html.stdout  # shown, escaped; {{ }} and {% %} are data, not template


# ---------------------------------------------------------------- limits: pages, size, images


def test_max_pages_refuses_fast(tmp_path):
    p = tmp_path / "thick.pdf"
    d = pymupdf.open()
    for _ in range(2000):
        d.new_page(width=100, height=100)
    d.save(p)
    t = time.perf_counter()
    res = _proc(p, "--max-pages", "500")
    assert time.perf_counter() - t < 20
    assert res.returncode == 2
    _one_line_error(res.stderr, p, "2000 pages, over the 500-page limit")
    res = _cli(tmp_path / "thick.pdf", "--max-pages", "1999")
    assert "page limit" in res.stderr and "2000 pages" in res.stderr


def test_max_pages_allows_within_limit(tmp_path):
    p = tmp_path / "three.pdf"
    p.write_bytes(_pdf_bytes(pages=3))
    assert _cli(p, "--max-pages", "3").exit_code in (0, 1)
    res = _cli(p, "--max-pages", "2")
    assert res.exit_code == 2 and "3 pages" in res.stderr


def test_max_mb(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(SEED.read_bytes() * 70)  # about 2.3 MB
    res = _proc(p, "--max-mb", "1")
    assert res.returncode == 2
    _one_line_error(res.stderr, p, "over the 1 MB limit")
    assert _cli(p, "--max-mb", "10", "--format", "json").exit_code in (0, 1)


def _huge_image_pdf(w: int, h: int) -> bytes:
    """One page, most of it under an image that would take w*h*3 bytes decoded; the file itself is a few KB.

    The image covers over half the page, so ``--ocr auto`` takes the page for a scan: the test shows
    that OCR does not decode it either.
    """
    img = zlib.compress(b"\x00" * 100_000)
    content = b"q 500 0 0 700 50 50 cm /Im1 Do Q BT /F1 12 Tf 72 800 Td (Total 2024) Tj ET"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /XObject << /Im1 5 0 R >> /Font << /F1 6 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 "
        b"/Filter /FlateDecode /Length %d >>\nstream\n" % (w, h, len(img)) + img + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return assemble_pdf(objs)


def test_enormous_image_is_not_rendered(tmp_path):
    p = tmp_path / "poster.pdf"
    p.write_bytes(_huge_image_pdf(60000, 60000))  # 10.8 GB if it were decoded
    code = (
        "import resource, sys\n"
        "from narrcheck.cli import main\n"
        f"sys.argv = ['narrcheck', 'check', {str(p)!r}, '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
        # VmHWM is this process's own peak: ru_maxrss after exec still carries the forking parent's
        # (pytest's, large once the OCR tests have loaded their models)
        "hwm = [ln.split()[1] for ln in open('/proc/self/status') if ln.startswith('VmHWM:')]\n"
        "print(hwm[0] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, code, file=sys.stderr)\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    rss_kb, status = res.stderr.strip().splitlines()[-1].split()
    assert status in ("0", "1") and "Traceback" not in res.stderr
    assert int(rss_kb) < 800 * 1024, rss_kb  # a render would need gigabytes
    report = json.loads(res.stdout)
    assert report["needs_ocr"] is True
    assert any("60000×60000 pixels, too large to read by OCR" in w for w in report["warnings"]), report["warnings"]


# ---------------------------------------------------------------- the CLI never prints a traceback


def test_subprocess_bad_inputs_one_line_each(tmp_path):
    (tmp_path / "a.pdf").write_text("<html>not a pdf</html>")
    (tmp_path / "b.txt").write_bytes(b"")
    _encrypted_pdf(tmp_path / "c.pdf")
    res = _proc(tmp_path / "a.pdf", tmp_path / "b.txt", tmp_path / "c.pdf", SEED, "--format", "json")
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 3 and "Traceback" not in res.stderr
    assert [ln.split(": ")[1] for ln in lines] == [str(tmp_path / n) for n in ("a.pdf", "b.txt", "c.pdf")]
    data = json.loads(res.stdout)
    assert [d.get("error") for d in data[:3]] == ["unreadable"] * 3 and data[3]["claims"]


def test_internal_errors_are_one_line(monkeypatch, capsys):
    import narrcheck.cli as cli

    def boom(*a, **k):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(cli, "app", boom)
    with pytest.raises(SystemExit) as exc:
        cli.main()
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error (RuntimeError: boom)" in err


# ---------------------------------------------------------------- properties: numbers, rounding, patterns


_DEC = st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False, allow_infinity=False)
_FULL = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")


@given(_DEC, st.integers(0, 3))
def test_fullwidth_and_bracketed_roundtrip(x, d):
    s = format_number(x, d, thousands=False)
    n = parse_number(s.translate(_FULL))
    assert n is not None and n.value == Decimal(s) and n.decimals == d
    if x > 0:
        b = parse_number(f"（{s}）")
        assert b is not None and b.value == -Decimal(s)


@given(st.text(max_size=80))
def test_parsers_never_raise_on_arbitrary_unicode(s):
    n = parse_number(s)
    assert n is None or isinstance(n.value, Decimal)
    v = parse_chinese_numeral(s)
    assert v is None or v >= 0


@given(st.integers(1000, 2999))
def test_chinese_year_roundtrip(y):
    cn = "".join("〇一二三四五六七八九"[int(ch)] for ch in str(y))
    assert parse_chinese_numeral(cn) == y


@given(st.integers(1, 99))
def test_chinese_percent_words(n):
    tens, ones = divmod(n, 10)
    digits = "〇一二三四五六七八九"
    word = (digits[tens] if tens > 1 else "") + ("十" if tens else "") + (digits[ones] if ones else "")
    assert parse_chinese_numeral("百分之" + word) == n


_POS = st.decimals(min_value=Decimal("0.01"), max_value=10**6, places=2, allow_nan=False, allow_infinity=False)


@given(_POS, _POS)
def test_interval_subtraction_is_antisymmetric(a, b):
    ia, ib = Number(a, 2).interval(), Number(b, 2).interval()
    d1, d2 = ia - ib, ib - ia
    assert d1.lo == -d2.hi and d1.hi == -d2.lo and d1.contains(a - b)


@given(_POS, _POS)
def test_ratio_reciprocal_symmetry(a, b):
    ia, ib = Number(a, 2).interval(), Number(b, 2).interval()
    r, q = ia.ratio(ib), ib.ratio(ia)
    assert r is not None and q is not None
    assert r.contains(a / b) and q.contains(b / a)
    # 1/(b/a) lies in a/b's interval, up to Decimal's 28 significant digits (a relative tolerance:
    # an absolute one fails for large ratios such as 328911.36 / 0.01)
    tol = r.hi * Decimal("1e-24")
    assert r.lo - tol <= 1 / q.hi and 1 / q.lo <= r.hi + tol


@given(_POS)
def test_zero_divisor_gives_no_ratio(a):
    assert Interval.exact(a).ratio(Interval.exact(Decimal(0))) is None
    assert Number(a, 2).interval().ratio(Number(Decimal(0), 2).interval()) is None


@given(
    st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False, allow_infinity=False),
    st.integers(0, 3),
    st.integers(2, 50),
)
def test_rounding_verdict_grows_with_distance(x, d, k):
    """Off by one unit of the last place is at most `rounding`; k units off is a `mismatch`."""
    unit = Decimal(1).scaleb(-d)
    written = Decimal(format_number(x, d))
    one = judge(Number(written + unit, d), Interval.exact(x)).verdict
    far = judge(Number(written + k * unit, d), Interval.exact(x)).verdict
    assert one in ("ok", "rounding") and far == "mismatch"
    # symmetric below
    assert judge(Number(written - k * unit, d), Interval.exact(x)).verdict == "mismatch"


_PIECES = st.sampled_from(
    [
        "本年支出",
        "合计",
        "其中：",
        "基本支出",
        "项目支出",
        "万元",
        "元",
        "亿元",
        "占",
        "%",
        "％",
        "比上年",
        "增加",
        "减少",
        "增长",
        "下降",
        "年初预算为",
        "完成年初预算的",
        "主要是",
        "。",
        "，",
        "；",
        "（",
        "）",
        "一、",
        "（二）",
        "\n",
        "\t",
        " ",
        "1,153.9",
        ".5",
        "１２３．４５",
        "12.345.67",
        "-3.2",
        "（3.2）",
        "二〇二四年",
        "百分之十",
        "0",
        "1000",
        "<script>",
        "\x1b[0m",
        "\x00",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=60))
def test_pattern_engine_never_raises(tmp_path_factory, pieces):
    text = "".join(pieces)
    p = tmp_path_factory.mktemp("pe") / "t.txt"
    p.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        doc = check_document(read_text(p, p.read_bytes()))
    except ReadError:
        return
    for c in doc.claims:
        assert 0 <= c.start <= c.end <= len(doc.text)
        assert c.verdict in ("ok", "rounding", "mismatch", "direction", "unverified")
