"""Sanity of a separate tables file (``check draft.docx --tables 报表.xlsx``).

Checking a narrative against the wrong tables gives dozens of false
mismatches, so the tables file is looked at twice: before reading, a photo or
scan image is refused (narrcheck reads no images: the reader would take its
bytes for text); after reading, a file that holds no table narrcheck
recognises is refused, and a file whose unit or fiscal year differs from the
narrative's puts a warning at the top of the report.
"""

from __future__ import annotations

from pathlib import Path

from .model import Document

# (leading bytes, offset, what it is): image formats an office might attach instead of the spreadsheet
_IMAGES: tuple[tuple[bytes, int, str], ...] = (
    (b"\xff\xd8\xff", 0, "a JPEG image"),
    (b"\x89PNG\r\n\x1a\n", 0, "a PNG image"),
    (b"GIF87a", 0, "a GIF image"),
    (b"GIF89a", 0, "a GIF image"),
    (b"II*\x00", 0, "a TIFF image"),
    (b"MM\x00*", 0, "a TIFF image"),
    (b"WEBP", 8, "a WebP image"),
    (b"ftypheic", 4, "a HEIC photo"),
    (b"ftypheix", 4, "a HEIC photo"),
    (b"ftypmif1", 4, "a HEIF photo"),
    (b"BM", 0, "a BMP image"),
)
_IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff", ".bmp", ".webp", ".heic", ".heif"}


def image_kind(path: str | Path) -> str:
    """What image ``path`` is ('' when it is none): by its first bytes, or by its name when it cannot be read."""
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            head = fh.read(16)
    except OSError:
        return ""  # missing or unreadable: the reader says why
    for magic, at, what in _IMAGES:
        if head[at : at + len(magic)] == magic and (magic != b"BM" or p.suffix.lower() == ".bmp"):
            return what
    if p.suffix.lower() in _IMAGE_SUFFIXES and not head.strip():
        return f"an empty {p.suffix.lower()[1:].upper()} file"
    return ""


def refuse_before_reading(path: str | Path) -> str:
    """The one-line reason a tables file is refused before it is read ('' when it may be read)."""
    what = image_kind(path)
    if what:
        return (
            f"--tables needs the tables as a spreadsheet, PDF, Word or text file; this is {what} "
            "(narrcheck reads no images)"
        )
    return ""


def tables_from_file(doc: Document) -> int:
    """How many recognised tables of ``doc`` come from its separate tables file."""
    offset = doc.meta.tables_offset
    if offset is None:
        return 0
    return sum(1 for t in doc.tables if t.start >= offset and t.kind != "unknown")


def refuse_after_reading(doc: Document) -> str:
    """The one-line reason the tables file of checked ``doc`` is refused: it holds no recognised table."""
    if doc.meta.tables_offset is None or tables_from_file(doc):
        return ""
    return "holds no table narrcheck recognises (no 收入支出决算总表, 支出决算表, 预算表, …)"


def _identity(text: str) -> tuple[str, int | None]:
    """(unit, fiscal year) as the layout stage reads them from the opening of ``text``."""
    from .layout.sections import detect_meta

    probe = Document(path="", text=text, format="text")
    detect_meta(probe)
    return probe.meta.unit or "", probe.meta.year


def _names(narrative: str, unit: str) -> bool:
    """Whether the narrative names organisation ``unit`` (its core, and its region when it has one)."""
    from .crossdoc.identity import normalise_org
    from .textnorm import fold

    org = normalise_org(unit)
    text = fold(narrative)
    return not org.core or (org.core in text and (not org.region or org.region in text))


def identity_warning(doc: Document) -> str:
    """A warning when the tables file is another unit's (a unit the narrative never names) or another
    fiscal year's than the narrative ('' when not). The narrative's own unit label is not trusted: without
    its tables a draft often has no 部门： line."""
    offset = doc.meta.tables_offset
    if not isinstance(offset, int):
        return ""
    narrative = doc.text[:offset]
    _, year = _identity(narrative)
    t_unit, t_year = _identity(doc.text[offset:])
    differs = []
    if t_unit and not _names(narrative, t_unit):
        differs.append(f"unit {t_unit}, which the narrative never names")
    if year and t_year and year != t_year:
        differs.append(f"year {t_year}, the narrative's is {year}")
    if not differs:
        return ""
    name = Path(doc.meta.tables_path or "the tables file").name
    return (
        f"the tables file {name} is for another document ({'; '.join(differs)}): "
        "its figures are not this narrative's, and mismatches below may come from that"
    )
