"""Hostile inputs built on the fly (issue 16): nothing here is stored in the repository.

Each builder writes one file of a row of the issue's table into a folder,
at a size its caller chooses: the tests use small sizes (fast in CI), and
``benchmarks/scaling.py`` grows them 2x, 4x, 8x to print how time grows.
Zip members are written in streamed chunks, so a "1 GB" bomb costs a few
MB of memory to build.
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "yanbian-shebao-2024.txt"

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT_DOCX = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="png" ContentType="image/png"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS_DOCX = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_R}/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)


def _stream_member(z: zipfile.ZipFile, name: str, head: bytes, fill: bytes, total: int, tail: bytes) -> None:
    """Write ``head`` + ``fill`` repeated to ``total`` bytes + ``tail`` as one deflated member, in chunks."""
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    chunk = fill * max(1, (1 << 20) // len(fill))
    with z.open(info, "w", force_zip64=total > (1 << 31)) as fh:
        fh.write(head)
        left = total
        while left > 0:
            piece = chunk[: min(left, len(chunk))]
            fh.write(piece)
            left -= len(piece)
        fh.write(tail)


def docx_body(body_xml: str) -> bytes:
    """A minimal .docx whose body is ``body_xml``."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT_DOCX)
        z.writestr("_rels/.rels", _RELS_DOCX)
        z.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f"<w:document {_W}><w:body>{body_xml}</w:body></w:document>",
        )
    return buf.getvalue()


def docx_bomb(path: Path, mb: int) -> Path:
    """A .docx whose document.xml is one paragraph of ``mb`` MB of text (a few KB per 10 MB zipped)."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", _CT_DOCX)
        z.writestr("_rels/.rels", _RELS_DOCX)
        head = f'<?xml version="1.0" encoding="UTF-8"?><w:document {_W}><w:body>'.encode()
        para = b"<w:p><w:r><w:t>" + b"A" * 200 + b"</w:t></w:r></w:p>"
        _stream_member(z, "word/document.xml", head, para, mb << 20, b"</w:body></w:document>")
    return path


def docx_media(path: Path, mb: int) -> Path:
    """A small valid .docx with a zero-filled media part of ``mb`` MB, referenced but never shown."""
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId9" Type="{_R}/image" Target="media/image1.png"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT_DOCX)
        z.writestr("_rels/.rels", _RELS_DOCX)
        z.writestr("word/_rels/document.xml.rels", rels)
        z.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><w:document {_W}><w:body>'
            "<w:p><w:r><w:t>本年支出合计100万元。</w:t></w:r></w:p></w:body></w:document>",
        )
        _stream_member(z, "word/media/image1.png", b"\x89PNG\r\n\x1a\n", b"\x00", mb << 20, b"")
    return path


def docx_vmerge(path: Path, rows: int, cols: int) -> Path:
    """A .docx table ``rows`` x ``cols`` whose every column is one vertical merge (vMerge) from the top."""

    def tc(r: int, c: int) -> str:
        merge = '<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>' if r == 0 else "<w:tcPr><w:vMerge/></w:tcPr>"
        text = f"<w:r><w:t>{c}.{r}</w:t></w:r>" if r == 0 else ""
        return f"<w:tc>{merge}<w:p>{text}</w:p></w:tc>"

    grid = "<w:tblGrid>" + "<w:gridCol/>" * cols + "</w:tblGrid>"
    trs = "".join("<w:tr>" + "".join(tc(r, c) for c in range(cols)) + "</w:tr>" for r in range(rows))
    path.write_bytes(docx_body(f"<w:p><w:r><w:t>收入支出决算总表</w:t></w:r></w:p><w:tbl>{grid}{trs}</w:tbl>"))
    return path


_CT_XLSX = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _xlsx_shell(z: zipfile.ZipFile, shared: bool) -> None:
    ct = (
        _CT_XLSX
        if shared
        else _CT_XLSX.replace(
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>',
            "",
        )
    )
    z.writestr("[Content_Types].xml", ct)
    z.writestr(
        "_rels/.rels",
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_R}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    )
    z.writestr(
        "xl/workbook.xml",
        f'<?xml version="1.0"?><workbook {_S} xmlns:r="{_R}">'
        '<sheets><sheet name="表1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    )
    extra = f'<Relationship Id="rId2" Type="{_R}/sharedStrings" Target="sharedStrings.xml"/>' if shared else ""
    z.writestr(
        "xl/_rels/workbook.xml.rels",
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_R}/worksheet" Target="worksheets/sheet1.xml"/>{extra}</Relationships>',
    )


def _col(c: int) -> str:
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def xlsx_rows(path: Path, rows: int, cols: int) -> Path:
    """An .xlsx whose one sheet is ``rows`` x ``cols`` of numbers (streamed: 1 M rows cost no memory to build)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        _xlsx_shell(z, shared=False)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as fh:
            fh.write(f'<?xml version="1.0"?><worksheet {_S}><sheetData>'.encode())
            names = [_col(c) for c in range(cols)]
            for r in range(1, rows + 1):
                cells = "".join(f'<c r="{n}{r}"><v>{r + c}</v></c>' for c, n in enumerate(names))
                fh.write(f'<row r="{r}">{cells}</row>'.encode())
            fh.write(b"</sheetData></worksheet>")
    return path


def xlsx_inline(path: Path, mb: int) -> Path:
    """An .xlsx with one inline-string cell of ``mb`` MB."""
    with zipfile.ZipFile(path, "w") as z:
        _xlsx_shell(z, shared=False)
        head = f'<?xml version="1.0"?><worksheet {_S}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'.encode()
        _stream_member(
            z, "xl/worksheets/sheet1.xml", head, b"A", mb << 20, b"</t></is></c></row></sheetData></worksheet>"
        )
    return path


def xlsx_shared(path: Path, entries: int) -> Path:
    """An .xlsx whose sharedStrings part has ``entries`` strings (one cell uses the first)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        _xlsx_shell(z, shared=True)
        z.writestr(
            "xl/worksheets/sheet1.xml",
            f'<?xml version="1.0"?><worksheet {_S}><sheetData>'
            '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>1</v></c></row></sheetData></worksheet>',
        )
        head = f'<?xml version="1.0"?><sst {_S} count="{entries}" uniqueCount="{entries}">'.encode()
        _stream_member(z, "xl/sharedStrings.xml", head, b"<si><t>x</t></si>", entries * 17, b"</sst>")
    return path


# ------------------------------------------------------------------ .xls (BIFF8 stream inside an OLE2 file)


def _rec(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _biff_sheet(cells: list[tuple[int, int, float]]) -> bytes:
    out = _rec(0x0809, struct.pack("<HHHHII", 0x0600, 0x10, 0, 0, 0, 0))  # BOF worksheet
    maxr = max(r for r, _, _ in cells) + 1
    maxc = max(c for _, c, _ in cells) + 1
    out += _rec(0x0200, struct.pack("<IIHHH", 0, maxr, 0, maxc, 0))  # DIMENSIONS
    for r, c, v in cells:
        out += _rec(0x0203, struct.pack("<HHHd", r, c, 0, v))  # NUMBER
    return out + _rec(0x000A)


def xls_sparse_stream(sheets: int, rows: int = 65536, cols: int = 256) -> bytes:
    """A BIFF8 workbook stream: ``sheets`` sheets, each with a cell in two opposite corners."""
    bodies = [_biff_sheet([(0, 0, 1.0), (rows - 1, cols - 1, 2.0)]) for _ in range(sheets)]
    glob = _rec(0x0809, struct.pack("<HHHHII", 0x0600, 0x05, 0, 0, 0, 0)) + _rec(0x0042, struct.pack("<H", 1200))
    font = _rec(0x0031, struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + b"\x05\x00Arial")
    glob += font * 5
    xf = _rec(0x00E0, struct.pack("<HHHBBBBIIH", 0, 0, 0xFFF5, 0x20, 0, 0, 0, 0, 0, 0x20C0))
    glob += xf * 16
    names = [f"S{i}".encode("latin-1") for i in range(sheets)]
    sizes = [len(_rec(0x0085, struct.pack("<IBB", 0, 0, 0) + bytes([len(n), 0]) + n)) for n in names]
    base = len(glob) + sum(sizes) + len(_rec(0x000A))
    boundsheets = b""
    pos = base
    for n, body in zip(names, bodies):
        boundsheets += _rec(0x0085, struct.pack("<IBB", pos, 0, 0) + bytes([len(n), 0]) + n)
        pos += len(body)
    return glob + boundsheets + _rec(0x000A) + b"".join(bodies)


def ole_wrap(stream: bytes, name: str = "Workbook") -> bytes:
    """A minimal OLE2 compound file holding ``stream`` (regular sectors; padded to 4096 bytes so no mini-stream)."""
    stream = stream + b"\x00" * max(0, 4096 - len(stream))
    nsec = (len(stream) + 511) // 512
    data = stream + b"\x00" * (nsec * 512 - len(stream))
    dir_sec = nsec
    nfat = 1
    while (nsec + 1 + nfat) > nfat * 128:
        nfat += 1
    fat_start = nsec + 1
    fat = [i + 1 for i in range(nsec - 1)] + [0xFFFFFFFE]  # the stream's chain
    fat += [0xFFFFFFFE]  # directory
    fat += [0xFFFFFFFD] * nfat  # FAT sectors
    fat += [0xFFFFFFFF] * (nfat * 128 - len(fat))

    def entry(nm: str, kind: int, start: int, size: int, child: int = 0xFFFFFFFF) -> bytes:
        raw = nm.encode("utf-16-le") + b"\x00\x00"
        return (
            raw.ljust(64, b"\x00")
            + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", 0xFFFFFFFF, 0xFFFFFFFF, child)
            + b"\x00" * 36
            + struct.pack("<II", start, size)
            + b"\x00" * 4
        )

    root = entry("Root Entry", 5, 0xFFFFFFFE, 0, child=1)
    wb = entry(name, 2, 0, len(stream))
    directory = (root + wb).ljust(512, b"\x00")
    difat = [fat_start + i for i in range(nfat)] + [0xFFFFFFFF] * (109 - nfat)
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIII", 0, nfat, dir_sec, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE)
        + struct.pack("<I", 0)
        + struct.pack("<109I", *difat)
    )
    return header + data + directory + struct.pack(f"<{nfat * 128}I", *fat)


def xls_sparse(path: Path, sheets: int, rows: int = 65536, cols: int = 256) -> Path:
    path.write_bytes(ole_wrap(xls_sparse_stream(sheets, rows, cols)))
    return path


# ------------------------------------------------------------------ text


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def seed_with(path: Path, piece: str, times: int) -> Path:
    """The seed with ``piece`` repeated ``times`` inserted in its narrative (before the 财政拨款支出 paragraph)."""
    text = seed_text()
    at = text.index("2024 年度一般公共预算财政拨款支出 1152 万元")
    path.write_text(text[:at] + piece * times + text[at:], encoding="utf-8")
    return path


def text_row(path: Path, cells: int) -> Path:
    """A text disclosure whose table part is one row of ``cells`` tab-separated numbers."""
    row = "\t".join(str(100 + i % 900) + ".5" for i in range(cells))
    path.write_text(
        "一、收入支出决算总体情况\n本年收入合计1146.18万元。\n\n收入支出决算总表\n项目\t" + row + "\n", encoding="utf-8"
    )
    return path


def text_table(path: Path, rows: int) -> Path:
    """A text disclosure with one table of ``rows`` tab-separated rows (code, name, three values)."""
    lines = [
        "一、收入支出决算总体情况",
        "本年支出合计1146.18万元。",
        "",
        "支出决算表",
        "科目编码\t科目名称\t合计\t基本支出\t项目支出",
    ]
    for i in range(rows):
        code = 201 + i % 700
        lines.append(f"{code}\t项目{i}\t{i % 97 + 10}.50\t{i % 89 + 1}.25\t{i % 7}.25")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def repeated_seed(path: Path, mb: int) -> Path:
    """The seed repeated to about ``mb`` MB (written in chunks)."""
    data = SEED.read_bytes()
    with open(path, "wb") as fh:
        for _ in range(max(1, (mb << 20) // len(data))):
            fh.write(data)
    return path


# ------------------------------------------------------------------ PDF


def pdf_grid(path: Path, lines: int, words_per_cell: int = 1, cols: int = 10) -> Path:
    """One page: a ruled grid of ``lines`` rows x ``cols`` columns, each cell holding numbers."""
    import pymupdf

    doc = pymupdf.open()
    h = max(842, 12 * lines + 80)
    page = doc.new_page(width=595 + 40 * max(0, words_per_cell - 1), height=h)
    w = (page.rect.width - 60) / cols
    shape = page.new_shape()
    for r in range(lines + 1):
        y = 40 + r * 12
        shape.draw_line((30, y), (30 + cols * w, y))
    for c in range(cols + 1):
        x = 30 + c * w
        shape.draw_line((x, 40), (x, 40 + lines * 12))
    shape.finish(width=0.5, color=(0, 0, 0))
    shape.commit()
    tw = pymupdf.TextWriter(page.rect)
    font = pymupdf.Font("helv")
    for r in range(lines):
        for c in range(cols):
            x = 32 + c * w
            for k in range(words_per_cell):
                tw.append((x + k * 14, 40 + r * 12 + 9), str((r + c + k) % 10), font=font, fontsize=6)
    tw.write_text(page)
    doc.save(path)
    doc.close()
    return path


def pdf_segments(path: Path, segments: int) -> Path:
    """One page with ``segments`` short ruling segments (horizontal and vertical) and a line of text."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((40, 30), "收入支出决算总表 2024", fontname="china-s", fontsize=10)
    shape = page.new_shape()
    for i in range(segments):
        x = 30 + (i * 7) % 530
        y = 40 + (i * 13) % 780
        if i % 2:
            shape.draw_line((x, y), (x + 5, y))
        else:
            shape.draw_line((x, y), (x, y + 5))
    shape.finish(width=0.3)
    shape.commit()
    doc.save(path)
    doc.close()
    return path


def pdf_drawings(path: Path, count: int) -> Path:
    """One page with ``count`` separate vector drawings: 1 pt boxes 4.2 pt apart, none touching another."""
    import pymupdf

    side = int(count**0.5) + 1
    size = max(842, 4.2 * side + 80)
    doc = pymupdf.open()
    page = doc.new_page(width=size, height=size)
    page.insert_text((40, 30), "本年支出合计100万元。", fontname="china-s", fontsize=10)
    parts = [f"{40 + 4.2 * (i % side):.2f} {40 + 4.2 * (i // side):.2f} 1 1 re f\n" for i in range(count)]
    new = doc.get_new_xref()
    doc.update_object(new, "<<>>")
    doc.update_stream(new, "".join(parts).encode())
    old = page.get_contents()
    doc.xref_set_key(page.xref, "Contents", f"[{old[0]} 0 R {new} 0 R]" if old else f"{new} 0 R")
    doc.save(path)
    doc.close()
    return path


def _raw_pdf(content: bytes, extra: list[bytes]) -> bytes:
    """A one-page PDF written by hand: ``content`` as its stream, ``extra`` objects from number 5 on (font F1 is 5)."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ] + extra
    return assemble_pdf(objs)


def assemble_pdf(objs: list[bytes]) -> bytes:
    """A PDF file of ``objs`` (object 1 the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def pdf_no_tounicode(path: Path, lines: int = 50) -> Path:
    """A page of text in a CID font with no ToUnicode map: MuPDF reads the glyph ids as code points (garbage)."""
    content = b"".join(
        b"BT /F1 10 Tf 40 %d Td <%s> Tj ET\n"
        % (800 - 14 * i, "".join(f"{(i * 37 + k * 11) % 3000 + 100:04X}" for k in range(40)).encode())
        for i in range(lines)
    )
    font = [
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Garbage /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Garbage "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /Garbage /Flags 4 /FontBBox [0 0 1000 1000] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    ]
    path.write_bytes(_raw_pdf(content, font))
    return path


def fifo(folder: Path, name: str = "fifo.txt") -> Path | None:
    """A named pipe in ``folder`` (None where the system has none)."""
    p = folder / name
    if not hasattr(os, "mkfifo"):
        return None
    os.mkfifo(p)
    return p
