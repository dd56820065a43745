"""Plain-text disclosures: narrative as prose, tables as tab-separated lines."""

from __future__ import annotations

import codecs
from pathlib import Path

from ..model import Document, RawTable, ReadError


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes in whatever encoding a Chinese office used; returns (text, encoding).

    BOMs are trusted, then strict UTF-8, then UTF-16 without BOM (many NULs at
    alternate positions), then GB18030 (a superset of GBK and GB2312), and
    finally charset-normalizer's guess.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return data.decode("utf-16", errors="replace").lstrip("\ufeff"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            # a UTF-8 file cut short in the middle of its last character
            return data.decode("utf-8", errors="replace"), "utf-8"
    sample = data[:4000]
    if len(sample) >= 4:
        even_nuls = sample[0::2].count(0)
        odd_nuls = sample[1::2].count(0)
        half = len(sample) / 2
        if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
            return data.decode("utf-16-le", errors="replace"), "utf-16-le"
        if even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
            return data.decode("utf-16-be", errors="replace"), "utf-16-be"
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    mixed = _decode_mixed(data)
    if mixed is not None:
        return mixed, "mixed utf-8/gb18030"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ReadError("binary data, not text in any known encoding")
    return str(best), best.encoding


def _decode_mixed(data: bytes) -> str | None:
    """A draft pasted together from UTF-8 and GBK sources: decode line by line.

    Each line is tried as UTF-8, then GB18030; a line neither accepts is
    decoded with replacement characters. Gives up (None) when more than a
    tenth of the lines need replacing: then it is not text in these encodings.
    """
    lines = data.split(b"\n")
    out: list[str] = []
    bad = 0
    for line in lines:
        for enc in ("utf-8", "gb18030"):
            try:
                out.append(line.decode(enc))
                break
            except UnicodeDecodeError:
                continue
        else:
            bad += 1
            out.append(line.decode("utf-8", errors="replace"))
    if bad > 0.1 * len(lines):
        return None
    return "\n".join(out)


def looks_binary(text: str) -> bool:
    """True when decoded text is mostly control characters (an image, an archive)."""
    if not text:
        return False
    sample = text[:4000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n\f") or ch == "\ufffd")
    return bad > 0.1 * len(sample)


def clean(text: str) -> str:
    """Blank out NULs and lone carriage returns without moving any character.

    Offsets must stay offsets into the decoded input, so nothing is removed.
    """
    return text.replace("\x00", " ").replace("\r\n", " \n").replace("\r", "\n")


def _check_caps(line: str, rows: int, cells: int, limits: object) -> None:
    """Refuse a table line wider than the column cap, or tables past the row or cell caps (ReadError naming the cap)."""
    cols = line.count("\t") + 1
    max_cols = int(getattr(limits, "max_columns", 1_000))
    if cols > max_cols:
        raise ReadError(f"a table line has {cols} tab-separated cells, over the cap of {max_cols} columns")
    if rows > int(getattr(limits, "max_rows", 100_000)):
        raise ReadError(f"the tables have more than {getattr(limits, 'max_rows', 100_000)} rows (cap on rows)")
    if cells > int(getattr(limits, "max_cells", 500_000)) * 4:
        raise ReadError(
            f"the tables have more than {int(getattr(limits, 'max_cells', 500_000)) * 4} cells (cap on cells)"
        )


def table_blocks(text: str, limits: object = None) -> list[RawTable]:
    """Maximal runs of lines that contain a tab, each one raw table grid.

    With ``limits``, a line wider than ``max_columns`` cells, more table
    rows than ``max_rows`` or more cells than four times ``max_cells``
    (blank cells count: they cost the same) is refused before any grid is
    built.
    """
    tables: list[RawTable] = []
    pos = 0
    block: list[tuple[int, str]] = []

    def flush() -> None:
        if not block:
            return
        rows: list[list[str]] = []
        spans: list[list[tuple[int, int] | None]] = []
        for start, line in block:
            row: list[str] = []
            row_spans: list[tuple[int, int] | None] = []
            off = start
            for c in line.split("\t"):
                if c:
                    stripped = c.strip()
                    if stripped:
                        lead = c.find(stripped[0])
                        row_spans.append((off + lead, off + lead + len(stripped)))
                    else:
                        row_spans.append(None)
                    row.append(stripped)
                else:  # most cells of a sparse table are empty: skip the string work
                    row.append("")
                    row_spans.append(None)
                off += len(c) + 1
            rows.append(row)
            spans.append(row_spans)
        width = max(len(r) for r in rows)
        for r, s in zip(rows, spans):
            r.extend([""] * (width - len(r)))
            s.extend([None] * (width - len(s)))
        last_start, last_line = block[-1]
        tables.append(RawTable(rows=rows, start=block[0][0], end=last_start + len(last_line), cell_spans=spans))
        block.clear()

    rows = cells = 0
    for line in text.split("\n"):
        if "\t" in line and line.strip():
            if limits is not None:
                rows += 1
                cells += line.count("\t") + 1
                _check_caps(line, rows, cells, limits)
            block.append((pos, line))
        elif block:
            flush()
        pos += len(line) + 1
    flush()
    return tables


def read_text(path: Path, data: bytes, limits: object = None) -> Document:
    """Read a text disclosure (any encoding) into a Document with its table grids."""
    if not data.strip():
        raise ReadError("empty file")
    text, encoding = decode(data)
    if looks_binary(text):
        raise ReadError("binary data, not a text disclosure")
    text = clean(text)
    if not text.strip():
        raise ReadError("file holds only whitespace")
    doc = Document(path=str(path), text=text, format="text", raw_tables=table_blocks(text, limits))
    doc.meta.encoding = encoding
    return doc
