"""OCR engines: which can run here, loading them, and reading a page image into text-line or word boxes.

``rapidocr`` (PP-OCRv4 models inside the ``rapidocr-onnxruntime`` wheel, the
default; its detector and recogniser sessions are driven directly, see the
numbers below) and ``tesseract`` (Debian's ``tesseract-ocr`` +
``tesseract-ocr-chi-sim``, one subprocess a page). Both run offline. A runner
takes the greyscale page image and its dpi and returns boxes (x0, y0, x1, y1,
text, conf, line) in image pixels; ``ocr.py`` turns them into page words and
caches them.
"""

from __future__ import annotations

import os
from typing import Any, Callable

from ..model import ReadError

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
# Lines are read one at a time: on one core a batch costs more per line than single calls (a 2560 px
# line 0.19 s alone, 0.28 s in a batch of 6), and a short line is padded only to REC_MIN_WIDTH, not to
# RapidOCR's 320 px (a figure cell is often 150 px): together 2.05 -> 1.43 s a page, doubt 2 -> 1 of 532.
DET_DPI = 84
REC_HEIGHT = 48
REC_BATCH = 1  # lines per recogniser call
REC_MIN_WIDTH = 280  # pixels at REC_HEIGHT: a shorter line is padded to this width
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
    recogniser's cost is in proportion to the pixels it is given, so short
    lines are padded only to REC_MIN_WIDTH.
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
        width = max([height * REC_MIN_WIDTH // 48] + [crops[i].shape[1] for i in idx])
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
