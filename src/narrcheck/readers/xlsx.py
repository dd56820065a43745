"""Excel disclosures (.xlsx via openpyxl, .xls via xlrd): every sheet's rows as tables.

Each sheet becomes its name on a line of its own, then its tables. A sheet
may hold several tables one under another: a new table starts after one or
more blank rows, or at a *title row* (a row with a single filled cell that is
text, after rows that had several filled cells). Title-like rows at the top of
a table (one filled cell: the title, ``部门：…``, ``公开01表``, ``金额单位：万元``)
are written as ordinary lines before the table block and kept in
``RawTable.caption``; the grid starts at the first row with two or more
filled cells.

Numbers are written the way a spreadsheet shows them where the cell's number
format says so (thousands separators, fixed decimals, percent); otherwise as
the shortest exact decimal (``1144.28``, never ``1144.28000000001``).
Merged cells keep their text in the top-left cell only; the rest are blank
(as in the PDF and Word readers).
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..model import Document, RawTable, ReadError
from .build import TextBuilder
from .zipsafe import check_members, open_zip, refuse_dtd, xml_member

_WS = re.compile(r"[ \t\u00a0\u3000]+")


def _num(v: float | int, fmt: str | None = None) -> str:
    """A number as a spreadsheet would display it with number format ``fmt``."""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int):
        d = Decimal(v)
    else:
        if v != v or v in (float("inf"), float("-inf")):
            return str(v)
        d = Decimal(str(round(v, 6)))
    f = (fmt or "General").split(";")[0]
    f = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.', "", f)
    if f and f != "General" and re.search(r"[0#]", f):
        percent = "%" in f
        if percent:
            d = d * 100
        m = re.search(r"\.([0#]+)", f)
        places = len(m.group(1).rstrip("#")) if m else 0
        maxplaces = len(m.group(1)) if m else 0
        q = round(d, maxplaces)
        s = f"{q:,.{maxplaces}f}" if "," in f else f"{q:.{maxplaces}f}"
        if maxplaces > places and "." in s:  # optional '#' digits
            s = s.rstrip("0")
            intpart, _, frac = s.partition(".")
            frac = frac.ljust(places, "0")
            s = intpart + ("." + frac if frac else "")
        return s + ("%" if percent else "")
    d = d.normalize()
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _text(v: Any, fmt: str | None = None) -> str:
    if v is None:
        return ""
    if isinstance(v, (int, float)):
        return _num(v, fmt)
    if isinstance(v, _dt.datetime):
        return v.strftime("%Y-%m-%d") if not (v.hour or v.minute or v.second) else v.isoformat(sep=" ")
    if isinstance(v, (_dt.date, _dt.time)):
        return v.isoformat()
    s = str(v).replace("\r", "\n")
    parts = [p.strip() for p in s.split("\n") if p.strip()]
    out = ""
    for p in parts:
        if out and not (_is_cjk(out[-1]) or _is_cjk(p[0])):
            out += " "
        out += p
    return _WS.sub(" ", out).strip()


def _is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or "\u3000" <= ch <= "\u303f"


def _caption_row(r: list[str]) -> bool:
    """A row of caption pieces (部门：… | 公开01表 | 金额单位：万元), not a grid row."""
    cells = [c for c in r if c]
    return 0 < len(cells) <= 3 and all(re.search(r"单位[：:]|部门[：:]|公开\d|表$", c) for c in cells)


def _split_tables(rows: list[list[str]]) -> list[tuple[list[str], list[list[str]]]]:
    """Split a sheet's rows into (caption lines, grid) pairs."""
    blocks: list[list[list[str]]] = []
    cur: list[list[str]] = []
    for r in rows:
        filled = sum(1 for c in r if c)
        if filled == 0:
            if cur:
                blocks.append(cur)
                cur = []
            continue
        if filled == 1 and cur and sum(1 for c in cur[-1] if c) >= 2 and not _caption_row(cur[-1]):
            # a title row after grid rows: a new table starts here, unless it is a
            # note under the table (注：…) which stays with the table before it
            # (a row with one label and blank values is a row of zeros, not a title)
            only = next(c for c in r if c)
            if _caption_row(r) or re.search(r"表(?:（续）|\(续\))?$", only):
                blocks.append(cur)
                cur = []
        cur.append(r)
    if cur:
        blocks.append(cur)
    out: list[tuple[list[str], list[list[str]]]] = []
    for b in blocks:
        caption: list[str] = []
        i = 0
        while i < len(b) and sum(1 for c in b[i] if c) <= 1 and i < len(b) - 1:
            caption.append(next(c for c in b[i] if c))
            i += 1
        # a caption row may hold two pieces (部门：… and 公开01表 / 金额单位)
        while i < len(b) - 1 and (_caption_row(b[i]) or sum(1 for c in b[i] if c) <= 1):
            caption.append(" ".join(c for c in b[i] if c))
            i += 1
        grid = b[i:]
        if grid and max(sum(1 for c in r if c) for r in grid) >= 2:
            # drop trailing all-blank columns of this block
            width = max(max((k + 1 for k, c in enumerate(r) if c), default=0) for r in grid)
            grid = [r[:width] + [""] * (width - len(r[:width])) for r in grid]
            out.append((caption, grid))
        else:
            out.append((caption + [" ".join(c for c in r if c) for r in grid], []))
    return out


def _emit_sheet(b: TextBuilder, name: str, rows: list[list[str]], tables: list[RawTable]) -> None:
    b.blank_line()
    b.add(name + "\n")
    for caption, grid in _split_tables(rows):
        if caption:
            b.blank_line()
            for c in caption:
                b.add(c + "\n")
        if not grid:
            continue
        b.blank_line()
        start, end, spans = b.add_grid(grid)
        tables.append(RawTable(rows=grid, start=start, end=end, caption="\n".join(caption), cell_spans=spans))


def _finish(path: Path, b: TextBuilder, tables: list[RawTable], fmt: str) -> Document:
    text = b.text()
    if not text.strip():
        raise ReadError(f"the .{fmt} workbook is empty")
    return Document(path=str(path), text=text, format=fmt, raw_tables=tables, narrative_only=not tables)


class _Caps:
    """Rows, columns, cells and sheets read from a workbook, against ``Limits``; raises naming the cap hit.

    Only filled cells count: a row formatted out to column XFD but empty
    past column F is six columns wide.
    """

    def __init__(self, limits: Any, fmt: str) -> None:
        self.fmt = fmt
        self.rows = int(getattr(limits, "max_rows", 100_000))
        self.cols = int(getattr(limits, "max_columns", 1_000))
        self.cells = int(getattr(limits, "max_cells", 500_000))
        self.sheets = int(getattr(limits, "max_sheets", 200))
        self.used = 0
        self.nrows = 0

    def sheet_count(self, n: int) -> None:
        if n > self.sheets:
            raise ReadError(f"the .{self.fmt} workbook has {n} sheets, over the cap of {self.sheets} sheets")

    def row(self, sheet: str, vals: list[str]) -> list[str]:
        """``vals`` without its trailing blanks, counted; ReadError past a cap.

        Rows count over the whole workbook (every sheet's rows, blank ones
        too), so twenty sparse sheets cost what one long sheet may.
        """
        self.nrows += 1
        if self.nrows > self.rows:
            raise ReadError(f"the .{self.fmt} workbook has more than {self.rows} rows (cap on rows; sheet '{sheet}')")
        n = len(vals)
        while n and not vals[n - 1]:
            n -= 1
        if not n:
            return []
        if n > self.cols:
            raise ReadError(f"sheet '{sheet}' has more than {self.cols} columns (cap on columns)")
        self.used += sum(1 for v in vals[:n] if v)
        if self.used > self.cells:
            raise ReadError(f"the .{self.fmt} workbook has more than {self.cells} filled cells (cap on cells)")
        return vals[:n] if n < len(vals) else vals


def _count_tags(z: zipfile.ZipFile, name: str, tags: tuple[bytes, ...]) -> int:
    """How often any of ``tags`` occurs in a member, streamed in 1 MB chunks (C-speed, no parsing)."""
    count, tail = 0, b""
    keep = max(len(t) for t in tags) - 1
    with z.open(name) as fh:
        while chunk := fh.read(1 << 20):
            buf = tail + chunk
            count += sum(buf.count(t) for t in tags)
            tail = buf[-keep:]
            count -= sum(tail.count(t) for t in tags)  # counted again with the next chunk
    return count


def _prescan(z: zipfile.ZipFile, limits: Any) -> None:
    """Refuse, before openpyxl parses a sheet (it reads a sheet twice to size it), more rows or cells than the caps.

    Counted on the raw XML: ``<row`` elements (over all sheets), ``<c``
    elements (against twice the filled-cell cap: styled blank cells are
    elements too) and shared strings (each string is a cell's value).
    """
    rows_cap = int(getattr(limits, "max_rows", 100_000))
    cells_cap = int(getattr(limits, "max_cells", 500_000))
    rows = cells = 0
    for name in z.namelist():
        low = name.lower()
        if low.startswith("xl/worksheets/") and low.endswith(".xml"):
            rows += _count_tags(z, name, (b"<row ", b"<row>"))
            if rows > rows_cap:
                raise ReadError(f"the .xlsx workbook has more than {rows_cap} rows (cap on rows)")
            cells += _count_tags(z, name, (b"<c ", b"<c>"))
            if cells > 2 * cells_cap:
                raise ReadError(f"the .xlsx workbook has more than {2 * cells_cap} cells (cap on cells)")
        elif low.endswith("sharedstrings.xml") and _count_tags(z, name, (b"<si>", b"<si ")) > cells_cap:
            raise ReadError(f"the .xlsx shared strings list more than {cells_cap} strings (cap on cells)")


def _check_package(data: bytes, limits: Any) -> None:
    """Sizes, ratios, DTDs and the shared-string count, before openpyxl parses anything."""
    z = open_zip(data, "xlsx")
    try:
        check_members(z, "xlsx", limits, xml_member)
        for info in z.infolist():
            if xml_member(info.filename) and not info.is_dir():
                with z.open(info) as fh:
                    refuse_dtd(fh.read(4096), info.filename, "xlsx")
        _prescan(z, limits)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise ReadError(f"broken .xlsx: {str(exc)[:200] or type(exc).__name__}") from None
    finally:
        z.close()


def _xlsx_rows(ws: Any, caps: _Caps) -> list[list[str]]:
    rows: list[list[str]] = []
    for row in ws.iter_rows():
        vals = []
        for c in row:
            v = getattr(c, "value", None)
            vals.append(_text(v, getattr(c, "number_format", None)) if v is not None else "")
        rows.append(caps.row(ws.title, vals))
    return rows


def read_xlsx(path: Path, data: bytes, limits: Any = None) -> Document:
    """Read an .xlsx workbook (values as last computed by the spreadsheet), its limits checked first."""
    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover
        raise ReadError(f"openpyxl is not installed ({exc})") from None
    _check_package(data, limits)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except zipfile.BadZipFile:
        raise ReadError("broken .xlsx: not a valid zip archive (truncated?)") from None
    except Exception as exc:  # noqa: BLE001
        raise ReadError(f"broken .xlsx: {(str(exc).splitlines() or [type(exc).__name__])[0][:200]}") from None
    b = TextBuilder()
    tables: list[RawTable] = []
    caps = _Caps(limits, "xlsx")
    try:
        caps.sheet_count(len(wb.worksheets))
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue
            try:
                ws.reset_dimensions()  # some writers store wrong dimensions
            except AttributeError:
                pass
            _emit_sheet(b, ws.title, _xlsx_rows(ws, caps), tables)
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise ReadError(f"broken .xlsx: {str(exc)[:200] or type(exc).__name__}") from None
    finally:
        try:
            wb.close()
        except Exception:  # noqa: BLE001
            pass
    # read-only mode does not expose merged ranges; values live in the top-left cell anyway
    return _finish(path, b, tables, "xlsx")


def read_xls(path: Path, data: bytes, limits: Any = None) -> Document:
    """Read a legacy .xls workbook via xlrd (formatting_info gives number formats).

    Sheets are loaded one at a time (``on_demand``) with ragged rows, so a
    sheet with two cells in opposite corners costs two cells, not 65536 x 256.
    """
    try:
        import xlrd
    except ImportError as exc:  # pragma: no cover
        raise ReadError(f"xlrd is not installed ({exc})") from None
    try:
        try:
            book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True, ragged_rows=True)
        except NotImplementedError:
            book = xlrd.open_workbook(file_contents=data, on_demand=True, ragged_rows=True)
    except Exception as exc:  # noqa: BLE001
        msg = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
        if "encrypt" in msg.lower() or "password" in msg.lower():
            raise ReadError("encrypted .xls (password required)") from None
        raise ReadError(f"broken .xls: {msg}") from None
    b = TextBuilder()
    tables: list[RawTable] = []
    caps = _Caps(limits, "xls")
    try:
        caps.sheet_count(book.nsheets)
        for i in range(book.nsheets):
            sh = book.sheet_by_index(i)
            if getattr(sh, "visibility", 0) == 0:
                _emit_sheet(b, sh.name, _xls_rows(book, sh, caps), tables)
            book.unload_sheet(i)
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise ReadError(f"broken .xls: {str(exc)[:200] or type(exc).__name__}") from None
    finally:
        book.release_resources()
    return _finish(path, b, tables, "xls")


def _xls_rows(book: Any, sh: Any, caps: _Caps) -> list[list[str]]:
    rows: list[list[str]] = []
    for r in range(sh.nrows):
        n = sh.row_len(r)
        vals = [_xls_cell(book, sh.cell(r, c)) for c in range(min(n, caps.cols + 1))]
        if n > caps.cols + 1 and any(_xls_cell(book, sh.cell(r, c)) for c in range(caps.cols + 1, n)):
            raise ReadError(f"sheet '{sh.name}' has more than {caps.cols} columns (cap on columns)")
        rows.append(caps.row(sh.name, vals))
    return rows


def _xls_cell(book: Any, cell: Any) -> str:
    import xlrd

    t = cell.ctype
    if t in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if t == xlrd.XL_CELL_NUMBER:
        fmt = None
        try:
            xf = book.xf_list[cell.xf_index]
            fmt = book.format_map[xf.format_key].format_str
        except Exception:  # noqa: BLE001 - no formatting info
            fmt = None
        return _num(cell.value, fmt)
    if t == xlrd.XL_CELL_DATE:
        try:
            return _text(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
        except Exception:  # noqa: BLE001
            return _num(cell.value)
    if t == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    if t == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERR")
    return _text(cell.value)
