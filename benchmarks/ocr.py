"""OCR engines compared on rasterized corpus pages: character accuracy (digits, Chinese) and seconds per page.

    .venv/bin/python benchmarks/ocr.py [--pdf FILE] [--pages 8,12,21] [--engines rapidocr,tesseract] [--dpi 150]

``--engines`` also takes ``rapidocr-defaults``: RapidOCR as its package
configures it (detector on the full page, lines read 48 px high), the
baseline that narrcheck's settings (readers/ocr.py DET_DPI, REC_HEIGHT) are
measured against.

Each page of a text PDF is rendered at ``--dpi`` in greyscale, saved as JPEG
(quality 75, as a scanner or "print as image" does), decoded, and read by each
engine on one thread (ruling lines erased first and full-width figures made
ASCII, as the reader does). The page's own text layer is the truth:

* **numbers**: the figures (``2,940.05``, ``99.79``, ``2024``) of the text
  layer, as a multiset; recall = share of them the OCR text contains exactly,
  precision = share of the OCR figures that are in the truth;
* **Chinese**: CJK characters as a multiset, F1 of OCR against truth;
* **doubtful**: boxes with a digit read with confidence under ``ocr.LOW_CONF``
  (0.90), of all boxes with a digit: figures there become "OCR doubt"
  (unverified, never an alarm), so fewer is better;
* **CPU s/page**: processor time of one page's OCR on one core (the engines
  run single-threaded; Tesseract's time is its child process's), model
  loading excluded. This is the cost per scanned page per core: a batch on N
  cores reads about N pages in that time. Wall-clock seconds are printed too
  (on a busy machine they are longer).

Numbers are what narrcheck checks, so figure recall decides the choice.
Prints a Markdown table (docs/OCR.md keeps the latest).
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
CORPUS = REPO.parent / "shared" / "corpus"

TARGET = 1.5  # seconds per scanned page per core (issue 15)
_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def figures(text: str) -> Counter[str]:
    """The figures of a text, thousands separators dropped (OCR often loses or invents them)."""
    return Counter(m.group(0).replace(",", "") for m in _NUM.finditer(text))


def overlap(truth: Counter[str], got: Counter[str]) -> tuple[float, float]:
    """Recall and precision of ``got`` against ``truth`` as multisets."""
    common = sum((truth & got).values())
    return common / max(1, sum(truth.values())), common / max(1, sum(got.values()))


def scanned(page, dpi: int):
    """The page as a greyscale JPEG scan, decoded (what OCR sees on an image-only copy)."""
    import cv2
    import numpy as np
    import pymupdf

    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    jpg = pix.tobytes("jpeg", jpg_quality=75)
    return cv2.imdecode(np.frombuffer(jpg, np.uint8), cv2.IMREAD_GRAYSCALE)


def cpu_seconds() -> float:
    """Processor time of this process and of its finished children (Tesseract runs as one)."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + kids.ru_utime + kids.ru_stime


def rapidocr_defaults(img, dpi: int = 150):
    """RapidOCR as its package configures it (no angle classifier, one thread), boxes as ``ocr.RUNNERS`` give."""
    import cv2

    from narrcheck.readers import ocr

    result, _elapsed = ocr._rapid()(cv2.cvtColor(img, cv2.COLOR_GRAY2BGR), use_cls=False)
    out = []
    for k, (poly, text, conf) in enumerate(result or []):
        xs, ys = [p[0] for p in poly], [p[1] for p in poly]
        out.append((min(xs), min(ys), max(xs), max(ys), str(text), float(conf), k))
    return out


def runner(engine: str):
    """The function that reads a page image for ``engine``."""
    from narrcheck.readers import ocr

    return rapidocr_defaults if engine == "rapidocr-defaults" else ocr.RUNNERS[engine]


def measure(pdf_path: Path, pages: list[int], engines: list[str], dpi: int) -> dict[str, dict[str, float]]:
    """Per engine: summed figure counts, CJK counts, CPU and wall seconds over the pages."""
    import numpy as np
    import pymupdf

    from narrcheck.readers import ocr
    from narrcheck.readers.imagegrid import erase_segments, find_segments

    pdf = pymupdf.open(pdf_path)
    res: dict[str, dict[str, float]] = {e: Counter() for e in engines}  # type: ignore[misc]
    for e in engines:
        if e.startswith("rapidocr"):
            runner(e)(np.full((64, 256), 255, np.uint8), dpi)  # load the models outside the timing
    for pno in pages:
        page = pdf[pno - 1]
        truth = " ".join(w[4] for w in page.get_text("words"))
        img = scanned(page, dpi)
        clean = erase_segments(img, find_segments(img, dpi))
        for e in engines:
            t, c = time.perf_counter(), cpu_seconds()
            boxes = runner(e)(clean, dpi)
            sec, cpu = time.perf_counter() - t, cpu_seconds() - c
            got = " ".join(ocr.clean_text(b[4]) for b in boxes)  # as the reader takes them
            tf, gf = figures(truth), figures(got)
            tc, gc = Counter(_CJK.findall(truth)), Counter(_CJK.findall(got))
            r = res[e]
            r["fig_truth"] += sum(tf.values())
            r["fig_got"] += sum(gf.values())
            r["fig_common"] += sum((tf & gf).values())
            r["cjk_truth"] += sum(tc.values())
            r["cjk_got"] += sum(gc.values())
            r["cjk_common"] += sum((tc & gc).values())
            digit_lines = [b for b in boxes if re.search(r"\d", b[4])]
            r["doubt"] += sum(1 for b in digit_lines if b[5] < ocr.LOW_CONF)
            r["digit_lines"] += len(digit_lines)
            r["seconds"] += sec
            r["cpu"] += cpu
            r["pages"] += 1
            missed = sorted((tf - gf).elements())
            print(
                f"  p.{pno} {e}: {cpu:.2f} CPU s ({sec:.2f} wall), figures {overlap(tf, gf)[0]:.1%}, "
                f"CJK {overlap(tc, gc)[0]:.1%}" + (f", missed {' '.join(missed[:6])}" if missed else ""),
                file=sys.stderr,
            )
    return res


def table(res: dict[str, dict[str, float]]) -> str:
    """The comparison as a Markdown table."""
    out = [
        "| engine | CPU s/page (1 core) | wall s/page | figure recall | figure precision | Chinese F1 | doubtful |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for e, r in res.items():
        fr = r["fig_common"] / max(1, r["fig_truth"])
        fp = r["fig_common"] / max(1, r["fig_got"])
        cr = r["cjk_common"] / max(1, r["cjk_truth"])
        cp = r["cjk_common"] / max(1, r["cjk_got"])
        f1 = 2 * cr * cp / max(1e-9, cr + cp)
        n = max(1, r["pages"])
        doubt = f"{int(r['doubt'])}/{int(r['digit_lines'])}"
        out.append(f"| {e} | {r['cpu'] / n:.2f} | {r['seconds'] / n:.2f} | {fr:.1%} | {fp:.1%} | {f1:.1%} | {doubt} |")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pdf", type=Path, default=CORPUS / "putuo-caizheng-2024.pdf")
    ap.add_argument("--pages", default="8,12,15,18,21,23", help="1-based page numbers, or 'all'")
    ap.add_argument("--engines", default="rapidocr,tesseract")
    ap.add_argument("--dpi", type=int, default=150)
    a = ap.parse_args()
    from narrcheck.readers import ocr

    engines = [e for e in a.engines.split(",") if e]
    for e in engines:
        why = ocr.available(e.removesuffix("-defaults"))
        if why:
            sys.exit(f"benchmarks/ocr.py: {e}: {why}")
    if a.pages == "all":
        import pymupdf

        pages = list(range(1, pymupdf.open(a.pdf).page_count + 1))
    else:
        pages = [int(p) for p in a.pages.split(",") if p]
    res = measure(a.pdf, pages, engines, a.dpi)
    print(f"{a.pdf.name}, pages {a.pages}, {a.dpi} dpi greyscale JPEG\n")
    print(table(res))
    print()
    for e, r in res.items():
        per = r["cpu"] / max(1, r["pages"])
        verdict = "meets" if per <= TARGET else "misses"
        print(f"{e}: {per:.2f} s per scanned page per core ({verdict} the target of {TARGET} s)")


if __name__ == "__main__":
    main()
