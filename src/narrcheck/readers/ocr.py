"""OCR for PDF pages without a usable text layer: words with confidences, ruling lines as segments.

A scanned page has neither words nor drawings, so the PDF reader gets both
from here and then builds lines, grids and tables exactly as for a text page
(``pdfpage._read_page``): the OCR boxes stand in for ``get_text("words")`` and the
ruling lines found in the image (``imagegrid.find_segments``) stand in for
``get_cdrawings()``. The rest of the pipeline sees an ordinary ``Document``.

Engines (docs/OCR.md has the comparison): ``rapidocr`` (PP-OCRv4 models inside
the ``rapidocr-onnxruntime`` wheel, the default) and ``tesseract`` (Debian's
``tesseract-ocr`` + ``tesseract-ocr-chi-sim``). Both run offline; neither
downloads anything. Each page's result is cached as JSON under a cache folder,
keyed by the SHA-256 of the rendered page image and the engine, so a rerun or
a batch resume costs no OCR.
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

OCR_MODES = ("auto", "always", "never")
CACHE_VERSION = "2"  # bump when the page result changes shape or meaning
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


# --------------------------------------------------------------------------- engines


_ENGINES: dict[str, Any] = {}


def engine_names() -> list[str]:
    """The engines this module knows, the default first."""
    return ["rapidocr", "tesseract"]


def default_engine() -> str:
    """The engine to use: ``NARRCHECK_OCR_ENGINE`` if set, else rapidocr (see docs/OCR.md)."""
    return os.environ.get("NARRCHECK_OCR_ENGINE", "").strip().lower() or "rapidocr"


def available(name: str) -> str:
    """'' when the engine can run here, else the reason it cannot (one line, for skips and errors)."""
    if name == "rapidocr":
        try:
            import rapidocr_onnxruntime  # noqa: F401
        except ImportError:
            return "rapidocr-onnxruntime is not installed (pip install -e '.[ocr]')"
        return ""
    if name == "tesseract":
        import shutil

        if not shutil.which("tesseract"):
            return "the tesseract program is not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim)"
        return ""
    return f"unknown OCR engine {name!r} (use {' or '.join(engine_names())})"


def _rapid() -> Any:
    """The RapidOCR engine, loaded once per process (about 1 s), one thread: workers are the parallelism."""
    if "rapidocr" not in _ENGINES:
        import logging

        from rapidocr_onnxruntime import RapidOCR

        logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        _one_malloc_arena()
        _room_for_models()
        _ENGINES["rapidocr"] = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, use_cls=False)
    return _ENGINES["rapidocr"]


def _one_malloc_arena() -> None:
    """Ask glibc for one malloc arena: ONNX Runtime's threads otherwise reserve 64 MB of address space
    each, and a page then needs ~1.5 GB under the CLI's address-space cap (``--max-memory``) instead of ~0.9 GB."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").mallopt(-8, 1)  # M_ARENA_MAX
    except (OSError, AttributeError):
        pass  # not glibc: nothing to tune


ENGINE_ADDRESS_SPACE = 1024 * 1024 * 1024  # what ONNX Runtime and the PP-OCR models map, whatever the page


def _room_for_models() -> None:
    """Raise the address-space cap (``--max-memory``, a soft RLIMIT_AS) by the engine's fixed 1 GB.

    The cap bounds what a hostile *file* can cost; the OCR runtime's mapped
    libraries and models are the same for every page, so they come on top of
    it rather than leaving a scan no room. The hard limit is never touched.
    """
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if soft != resource.RLIM_INFINITY:
            want = soft + ENGINE_ADDRESS_SPACE
            if hard != resource.RLIM_INFINITY:
                want = min(want, hard)
            resource.setrlimit(resource.RLIMIT_AS, (want, hard))
    except (ImportError, ValueError, OSError):
        pass  # no rlimits here: nothing was capped


# How RapidOCR reads a page (docs/OCR.md has the measurements behind each number). The text detector
# sees the page at DET_DPI, enough to find the lines of 8 pt print with a third of the pixels of a
# 150 dpi scan; each line is cut out axis-aligned and read at the recogniser's own height of 48 pixels.
# Reading lines lower (36 or 40 px: 25-45% less time), squeezed, or with margins added was measured and
# not taken: each drops a leading 一 or a decimal point, or makes many more figure lines low-confidence
# (OCR doubt), and a scanned corpus PDF gets flags its text layer does not have.
DET_DPI = 84
REC_HEIGHT = 48
REC_BATCH = 6  # lines per recogniser call: sorted by width, so a batch pads little
TEXT_SCORE = 0.5  # a line read with less confidence than this is dropped (RapidOCR's own threshold)


def run_rapidocr(img: Any, dpi: int = 150) -> list[tuple[float, float, float, float, str, float, int]]:
    """Boxes (x0, y0, x1, y1, text, conf, line) in image pixels from RapidOCR (one box per text line).

    ``img`` is the greyscale page at ``dpi``. The page is upright (a disclosure
    is), so there is no angle classifier and each line is an axis-aligned crop.
    """
    eng = _rapid()
    boxes = _detect(eng, img, dpi)
    out = []
    for k, ((x0, y0, x1, y1), (text, conf)) in enumerate(zip(boxes, _recognise(eng, img, boxes, REC_HEIGHT))):
        if conf >= TEXT_SCORE and text.strip():
            out.append((float(x0), float(y0), float(x1), float(y1), text.strip(), float(conf), k))
    return out


def _detect(eng: Any, img: Any, dpi: int) -> list[tuple[int, int, int, int]]:
    """Text-line boxes of a greyscale page, in its pixels, top to bottom then left to right.

    The detector runs on the page scaled to DET_DPI (sides multiples of 32, as
    the model needs); its polygons come back in the page's own pixels.
    """
    import cv2
    import numpy as np

    h, w = img.shape[:2]
    r = min(1.0, DET_DPI / max(1, dpi))
    rh, rw = max(32, round(h * r / 32) * 32), max(32, round(w * r / 32) * 32)
    small = img if (rh, rw) == (h, w) else cv2.resize(img, (rw, rh), interpolation=cv2.INTER_AREA)
    x = np.repeat((small.astype(np.float32) * (2 / 255.0) - 1.0)[None, None], 3, axis=1)
    polys, _scores = eng.text_det.postprocess_op(eng.text_det.infer(x)[0], (h, w))
    boxes = []
    for p in polys:
        x0, y0 = max(0, int(p[:, 0].min())), max(0, int(p[:, 1].min()))
        x1, y1 = min(w, int(np.ceil(p[:, 0].max())) + 1), min(h, int(np.ceil(p[:, 1].max())) + 1)
        if x1 - x0 > 3 and y1 - y0 > 3:
            boxes.append((x0, y0, x1, y1))
    boxes.sort(key=lambda b: (b[1], b[0]))
    return boxes


def _recognise(eng: Any, img: Any, boxes: list[tuple[int, int, int, int]], height: int) -> list[tuple[str, float]]:
    """(text, confidence) of each box: crops scaled to ``height`` pixels, read in batches sorted by width.

    Sorting keeps the padding of a batch (to its widest line) small; the
    recogniser's cost is in proportion to the pixels it is given.
    """
    import cv2
    import numpy as np

    crops = []
    for x0, y0, x1, y1 in boxes:
        c = img[y0:y1, x0:x1]
        crops.append(cv2.resize(c, (max(1, int(np.ceil(height * c.shape[1] / c.shape[0]))), height)))
    order = sorted(range(len(crops)), key=lambda i: crops[i].shape[1])
    out: list[tuple[str, float]] = [("", 0.0)] * len(crops)
    for k in range(0, len(order), REC_BATCH):
        idx = order[k : k + REC_BATCH]
        width = max([height * 320 // 48] + [crops[i].shape[1] for i in idx])  # the model's narrowest input
        batch = np.zeros((len(idx), 1, height, width), np.float32)
        for j, i in enumerate(idx):
            batch[j, 0, :, : crops[i].shape[1]] = crops[i].astype(np.float32) * (2 / 255.0) - 1.0
        preds = eng.text_rec.session(np.repeat(batch, 3, axis=1))[0]
        for j, (text, conf) in enumerate(eng.text_rec.postprocess_op(preds)):
            out[idx[j]] = (str(text), float(conf))
    return out


def run_tesseract(img: Any, dpi: int = 150) -> list[tuple[float, float, float, float, str, float, int]]:
    """Boxes (x0, y0, x1, y1, text, conf, line) in image pixels from Tesseract ``chi_sim`` (one box per word).

    ``dpi`` is the image's resolution (Tesseract sizes its text expectations by it).
    """
    import subprocess
    import tempfile

    import cv2

    with tempfile.TemporaryDirectory(prefix="narrcheck-ocr-") as tmp:
        src = os.path.join(tmp, "page.png")
        cv2.imwrite(src, img)
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        try:
            proc = subprocess.run(
                ["tesseract", src, "stdout", "-l", "chi_sim", "--psm", "3", "--dpi", str(dpi), "tsv"],
                capture_output=True,
                env=env,
                timeout=600,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ReadError(f"tesseract failed: {exc}") from None
    if proc.returncode != 0:
        raise ReadError(f"tesseract failed: {proc.stderr.decode('utf-8', 'replace').strip()[:200]}")
    return _parse_tsv(proc.stdout.decode("utf-8", "replace"))


def _parse_tsv(tsv: str) -> list[tuple[float, float, float, float, str, float, int]]:
    """Tesseract's TSV as word boxes; lines numbered by (block, paragraph, line)."""
    out = []
    lines: dict[tuple[str, str, str], int] = {}
    for row in tsv.splitlines()[1:]:
        f = row.split("\t")
        if len(f) < 12 or f[0] != "5" or not f[11].strip():
            continue
        x, y, w, h = (float(v) for v in f[6:10])
        line = lines.setdefault((f[2], f[3], f[4]), len(lines))
        out.append((x, y, x + w, y + h, f[11].strip(), max(0.0, float(f[10])) / 100.0, line))
    return out


RUNNERS: dict[str, Callable[[Any, int], list[tuple[float, float, float, float, str, float, int]]]] = {
    "rapidocr": run_rapidocr,
    "tesseract": run_tesseract,
}


def engine_version(name: str) -> str:
    """The engine's version (part of the cache key: a new model reads differently)."""
    try:
        from importlib.metadata import version

        if name == "rapidocr":
            return version("rapidocr-onnxruntime")
    except Exception:  # noqa: BLE001 - metadata missing: still usable, cache keyed by name only
        return "?"
    if name == "tesseract":
        import subprocess

        try:
            out = subprocess.run(["tesseract", "--version"], capture_output=True, timeout=30, check=False)
            return out.stdout.decode("utf-8", "replace").split("\n", 1)[0].strip()
        except (OSError, subprocess.TimeoutExpired):
            return "?"
    return "?"


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
    from .grid import Buckets

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
