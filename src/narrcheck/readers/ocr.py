"""OCR for PDF pages without a usable text layer: words with confidences, ruling lines as segments.

A scanned page has neither words nor drawings, so the PDF reader gets both
from here and then builds lines, grids and tables exactly as for a text page
(``pdfpage._read_page``): the OCR boxes stand in for ``get_text("words")`` and the
ruling lines found in the image (``imagegrid.find_segments``) stand in for
``get_cdrawings()``. The rest of the pipeline sees an ordinary ``Document``.

Engines (docs/OCR.md has the comparison; the code is in ``ocrengine.py``):
``rapidocr`` (PP-OCRv4 models inside the ``rapidocr-onnxruntime`` wheel, the
default) and ``tesseract`` (Debian's ``tesseract-ocr`` + ``tesseract-ocr-chi-sim``).
Both run offline; neither downloads anything. Each page's result is cached
as JSON under a cache folder, keyed by the SHA-256 of the rendered page image
and the engine, so a rerun or a batch resume costs no OCR.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..model import ReadError
from .ocrengine import (
    DET_DPI,
    ENGINE_ADDRESS_SPACE,
    REC_BATCH,
    REC_HEIGHT,
    RUNNERS,
    TEXT_SCORE,
    _parse_tsv,
    _rapid,
    available,
    default_engine,
    engine_names,
    engine_version,
    run_rapidocr,
    run_tesseract,
)

# the engines (ocrengine.py) stay importable from here: the PDF reader, the tests and benchmarks/ocr.py use them
__all__ = [
    "CACHE_VERSION",
    "DET_DPI",
    "ENGINE_ADDRESS_SPACE",
    "LOW_CONF",
    "OCR_MODES",
    "REC_BATCH",
    "REC_HEIGHT",
    "RUNNERS",
    "TEXT_SCORE",
    "OcrPage",
    "OcrWord",
    "_parse_tsv",
    "_rapid",
    "available",
    "cache_dir",
    "clean_text",
    "confidence_spans",
    "default_engine",
    "engine_names",
    "engine_version",
    "ocr_page",
    "oversized_image",
    "run_rapidocr",
    "run_tesseract",
    "scan_pages",
    "split_at",
    "wants_ocr",
]

OCR_MODES = ("auto", "always", "never")
CACHE_VERSION = "3"  # bump when the page result changes shape or meaning (or the engine reads differently)
LOW_CONF = 0.90  # a word read with less confidence than this is OCR doubt


@dataclass(frozen=True)
class OcrWord:
    """One OCR box in page points (PDF user space, y down), its text and confidence in [0, 1]."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    conf: float
    line: int  # the engine's line (words of one line share it)


@dataclass
class OcrPage:
    """What OCR found on one page: words, and ruling-line segments (x0, y0, x1, y1) in page points."""

    words: list[OcrWord] = field(default_factory=list)
    segments: list[tuple[float, float, float, float]] = field(default_factory=list)
    engine: str = ""
    seconds: float = 0.0


# --------------------------------------------------------------------------- splitting boxes at ruling lines


_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


def _char_weights(text: str) -> list[float]:
    """Relative widths of the characters: CJK and full-width forms 1, the rest (digits, Latin) about half."""
    return [1.0 if _WIDE.match(c) else 0.55 for c in text]


_NUM_COMMA = re.compile(r"(?<=\d)[，,](?=\d{3}(?!\d))")
_NUM_POINT = re.compile(r"(?<=\d)(?:[．。·]|\.\s+)(?=\d)")
_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def clean_text(text: str) -> str:
    """OCR text with figures made ASCII (``2，1０6.66`` → ``2,106.66``, ``5．3`` → ``5.3``).

    Models trained on Chinese print often read a thousands comma, a decimal
    point or a digit as its full-width form (the recogniser's alphabet has
    both, and a scan cannot tell them apart); a text layer has the ASCII one.
    """
    text = _NUM_POINT.sub(".", _NUM_COMMA.sub(",", text.strip().translate(_FULL_DIGITS)))
    return text.replace("％", "%")


def split_at(word: OcrWord, xs: list[float]) -> list[OcrWord]:
    """A box cut at the vertical ruling lines ``xs`` that cross it, its text shared by character widths.

    A text-line box of a table can run over a column border (two cells read
    as one line); the grid then needs one word per cell. Character positions
    are estimated from typical widths, and a cut falls between characters.
    """
    cuts = sorted(x for x in xs if word.x0 + 2 < x < word.x1 - 2)
    if not cuts or len(word.text) < 2:
        return [word]
    weights = _char_weights(word.text)
    total = sum(weights)
    scale = (word.x1 - word.x0) / total
    edges = [word.x0]
    for wt in weights:
        edges.append(edges[-1] + wt * scale)
    pieces: list[OcrWord] = []
    start = 0
    for cut in cuts + [word.x1 + 1]:
        end = start
        while end < len(word.text) and (edges[end] + edges[end + 1]) / 2 < cut:
            end += 1
        if end > start:
            text = word.text[start:end].strip()
            if text:
                pieces.append(OcrWord(edges[start], word.y0, edges[end], word.y1, text, word.conf, word.line))
        start = end
    return pieces or [word]


# --------------------------------------------------------------------------- one page


def page_image(page: Any, dpi: int) -> tuple[Any, bytes]:
    """The page rendered in greyscale at ``dpi`` as a numpy array, and its pixel bytes (for the cache key)."""
    import numpy as np
    import pymupdf

    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    arr = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]
    return arr.copy(), pix.samples


def scan_dpi(page: Any) -> int:
    """The resolution to render a scanned page at: its largest image's own, within 150–300 dpi."""
    best = 0.0
    try:
        for info in page.get_image_info():
            x0, _y0, x1, _y1 = info["bbox"]
            if x1 - x0 > 1:
                best = max(best, info["width"] / ((x1 - x0) / 72.0))
    except Exception:  # noqa: BLE001 - no image information: the default below
        best = 0.0
    return int(min(300, max(150, round(best / 10) * 10)))


def ocr_page(page: Any, engine: str, cache: Path | None) -> OcrPage:
    """OCR one PDF page: ruling lines found and erased, text read, boxes in page points; cached by image hash."""
    import time

    from .imagegrid import erase_segments, find_segments

    reason = available(engine)
    if reason:
        raise ReadError(f"needs OCR, but {reason}")
    dpi = scan_dpi(page)
    img, raw = page_image(page, dpi)
    key = hashlib.sha256(raw + f"|{img.shape}|{engine}|{engine_version(engine)}|{CACHE_VERSION}".encode()).hexdigest()
    hit = _cache_get(cache, key)
    if hit is not None:
        return hit
    t = time.perf_counter()
    scale = 72.0 / dpi
    segs_px = find_segments(img, dpi)
    boxes = RUNNERS[engine](erase_segments(img, segs_px), dpi)
    segments = [(a * scale, b * scale, c * scale, d * scale) for a, b, c, d in segs_px]
    xs = [s[0] for s in segments if s[0] == s[2]]
    words: list[OcrWord] = []
    for x0, y0, x1, y1, text, conf, line in boxes:
        text = clean_text(text)
        if text:
            w = OcrWord(x0 * scale, y0 * scale, x1 * scale, y1 * scale, text, round(conf, 4), line)
            words.extend(split_at(w, xs))
    result = OcrPage(words, segments, engine, round(time.perf_counter() - t, 3))
    _cache_put(cache, key, result)
    return result


# --------------------------------------------------------------------------- cache


def cache_dir(setting: str = "") -> Path | None:
    """Where page results are kept: ``setting``, ``NARRCHECK_OCR_CACHE``, or the user cache; None when off.

    ``off`` (in either) turns the cache off.
    """
    value = setting or os.environ.get("NARRCHECK_OCR_CACHE", "")
    if value.strip().lower() == "off":
        return None
    if value:
        return Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "narrcheck" / "ocr"


def _cache_get(cache: Path | None, key: str) -> OcrPage | None:
    if cache is None:
        return None
    try:
        data = json.loads((cache / key[:2] / f"{key}.json").read_text("utf-8"))
        words = [OcrWord(w[0], w[1], w[2], w[3], clean_text(w[4]), w[5], w[6]) for w in data["words"]]
        segs = [tuple(s) for s in data["segments"]]
        return OcrPage(words, segs, data["engine"], data["seconds"])  # type: ignore[arg-type]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _cache_put(cache: Path | None, key: str, page: OcrPage) -> None:
    """Write the page result atomically; a cache that cannot be written is only slower, never an error."""
    if cache is None:
        return
    data = {
        "engine": page.engine,
        "seconds": page.seconds,
        "words": [list(asdict(w).values()) for w in page.words],
        "segments": [list(s) for s in page.segments],
    }
    try:
        folder = cache / key[:2]
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{key}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        os.replace(tmp, folder / f"{key}.json")
    except OSError:
        pass


# --------------------------------------------------------------------------- which pages, all pages, confidences


def wants_ocr(mode: str, nchars: int, text: str, page: Callable[[], Any]) -> bool:
    """Should this page be read by OCR? ``always``; never with ``never``; with ``auto`` when it is a scan.

    A scan: under 20 text characters and images covering half the page or
    more, or a text layer that does not decode (over half its characters are
    glyph codes no Chinese document is written in). ``page`` loads the page,
    only asked for when its images matter (a text page costs no more than before).
    """
    if mode == "always":
        return True
    if mode == "never":
        return False
    if nchars >= 20:
        from .pdf import _unreadable_share

        return _unreadable_share(text) > 0.5
    return _image_cover(page()) >= 0.5


# A page image over this many pixels is not decoded for OCR: a 600 dpi A3 scan has 70 million; a
# decompression bomb (60,000 x 60,000, 10.8 GB decoded, a few KB in the file) has thousands of millions.
MAX_IMAGE_PIXELS = 100_000_000


def oversized_image(page: Any) -> str:
    """'W×H' of the page's largest image when it is over ``MAX_IMAGE_PIXELS`` (OCR would decode it), else ''."""
    try:
        sizes = [(int(i["width"]), int(i["height"])) for i in page.get_image_info()]
    except Exception:  # noqa: BLE001 - an unreadable image list is no image to decode
        return ""
    big = max(sizes, key=lambda s: s[0] * s[1], default=(0, 0))
    return f"{big[0]}×{big[1]}" if big[0] * big[1] > MAX_IMAGE_PIXELS else ""


def _image_cover(page: Any) -> float:
    """Share of the page area under its largest image (0.0 when it has none or they cannot be read)."""
    try:
        area = abs(page.rect.width * page.rect.height) or 1.0
        best = 0.0
        for info in page.get_image_info():
            x0, y0, x1, y1 = info["bbox"]
            best = max(best, abs((x1 - x0) * (y1 - y0)) / area)
        return best
    except Exception:  # noqa: BLE001 - unreadable image list: not a scan we can see
        return 0.0


def scan_pages(pdf: Any, pnos: list[int], engine: str, cache: Path | None, progress: bool) -> dict[int, OcrPage]:
    """OCR the pages ``pnos`` (1-based) of an open PDF, with a progress bar per page when asked."""
    out: dict[int, OcrPage] = {}
    if not progress or len(pnos) < 2:
        for pno in pnos:
            out[pno] = ocr_page(pdf.load_page(pno - 1), engine, cache)
        return out
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    cols = (TextColumn("OCR"), BarColumn(), MofNCompleteColumn(), TextColumn("pages"), TimeRemainingColumn())
    with Progress(*cols, transient=True) as bar:
        task = bar.add_task("ocr", total=len(pnos))
        for pno in pnos:
            out[pno] = ocr_page(pdf.load_page(pno - 1), engine, cache)
            bar.advance(task)
    return out


def confidence_spans(
    boxes: list[tuple[int, int, int, float, float, float, float]], scans: dict[int, OcrPage]
) -> list[tuple[int, int, float]]:
    """The OCR confidence of every text span placed on a scanned page: (start, end, confidence), sorted.

    A span's box is a word's or a table cell's; its confidence is the lowest
    of the OCR words whose centre lies in it (a cell of several reads is as
    sure as its least sure read).
    """
    from .buckets import Buckets

    index: dict[int, tuple[list[OcrWord], Buckets]] = {}
    for pno, sc in scans.items():
        index[pno] = (sc.words, Buckets([(w.x0, w.y0, w.x1, w.y1) for w in sc.words]))
    out: list[tuple[int, int, float]] = []
    for start, end, pno, x0, y0, x1, y1 in boxes:
        if pno not in index:
            continue
        words, near = index[pno]
        confs = []
        for i in near.near((x0, y0, x1, y1)):
            w = words[i]
            cx, cy = (w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2
            if x0 - 0.5 <= cx <= x1 + 0.5 and y0 - 0.5 <= cy <= y1 + 0.5:
                confs.append(w.conf)
        if confs:
            out.append((start, end, min(confs)))
    out.sort()
    return out
