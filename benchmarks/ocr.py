"""OCR engines compared on rasterized corpus pages: character accuracy (digits, Chinese) and seconds per page.

    .venv/bin/python benchmarks/ocr.py [--pdf FILE] [--pages 8,12,21] [--engines rapidocr,tesseract] [--dpi 150]

Each page of a text PDF is rendered at ``--dpi`` in greyscale, saved as JPEG
(quality 75, as a scanner or "print as image" does), decoded, and read by each
engine on one thread (ruling lines erased first, as the reader does). The
page's own text layer is the truth:

* **numbers**: the figures (``2,940.05``, ``99.79``, ``2024``) of the text
  layer, as a multiset; recall = share of them the OCR text contains exactly,
  precision = share of the OCR figures that are in the truth;
* **Chinese**: CJK characters as a multiset, F1 of OCR against truth;
* **s/page**: OCR time of one page on one core (model loading excluded).

Numbers are what narrcheck checks, so figure recall decides the choice.
Prints a Markdown table (docs/OCR.md keeps the latest).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
CORPUS = REPO.parent / "shared" / "corpus"

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


def measure(pdf_path: Path, pages: list[int], engines: list[str], dpi: int) -> dict[str, dict[str, float]]:
    """Per engine: summed figure counts, CJK counts and seconds over the pages."""
    import pymupdf

    from narrcheck.readers import ocr
    from narrcheck.readers.imagegrid import erase_segments, find_segments

    pdf = pymupdf.open(pdf_path)
    res: dict[str, dict[str, float]] = {e: Counter() for e in engines}  # type: ignore[misc]
    for pno in pages:
        page = pdf[pno - 1]
        truth = " ".join(w[4] for w in page.get_text("words"))
        img = scanned(page, dpi)
        clean = erase_segments(img, find_segments(img, dpi))
        for e in engines:
            ocr.RUNNERS[e](clean[:40, :40]) if e == "rapidocr" else None  # load the model outside the timing
            t = time.perf_counter()
            boxes = ocr.RUNNERS[e](clean)
            sec = time.perf_counter() - t
            got = " ".join(b[4] for b in boxes)
            tf, gf = figures(truth), figures(got)
            tc, gc = Counter(_CJK.findall(truth)), Counter(_CJK.findall(got))
            r = res[e]
            r["fig_truth"] += sum(tf.values())
            r["fig_got"] += sum(gf.values())
            r["fig_common"] += sum((tf & gf).values())
            r["cjk_truth"] += sum(tc.values())
            r["cjk_got"] += sum(gc.values())
            r["cjk_common"] += sum((tc & gc).values())
            r["seconds"] += sec
            r["pages"] += 1
            print(f"  p.{pno} {e}: {sec:.1f} s, figures {overlap(tf, gf)[0]:.1%}, CJK {overlap(tc, gc)[0]:.1%}",
                  file=sys.stderr)
    return res


def table(res: dict[str, dict[str, float]]) -> str:
    """The comparison as a Markdown table."""
    out = [
        "| engine | s/page (1 core) | figure recall | figure precision | Chinese F1 |",
        "| --- | --- | --- | --- | --- |",
    ]
    for e, r in res.items():
        fr = r["fig_common"] / max(1, r["fig_truth"])
        fp = r["fig_common"] / max(1, r["fig_got"])
        cr = r["cjk_common"] / max(1, r["cjk_truth"])
        cp = r["cjk_common"] / max(1, r["cjk_got"])
        f1 = 2 * cr * cp / max(1e-9, cr + cp)
        out.append(f"| {e} | {r['seconds'] / max(1, r['pages']):.2f} | {fr:.1%} | {fp:.1%} | {f1:.1%} |")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pdf", type=Path, default=CORPUS / "putuo-caizheng-2024.pdf")
    ap.add_argument("--pages", default="8,12,15,18,21,23")
    ap.add_argument("--engines", default="rapidocr,tesseract")
    ap.add_argument("--dpi", type=int, default=150)
    a = ap.parse_args()
    from narrcheck.readers import ocr

    engines = [e for e in a.engines.split(",") if e]
    for e in engines:
        if ocr.available(e):
            sys.exit(f"benchmarks/ocr.py: {e}: {ocr.available(e)}")
    pages = [int(p) for p in a.pages.split(",") if p]
    res = measure(a.pdf, pages, engines, a.dpi)
    print(f"{a.pdf.name}, pages {a.pages}, {a.dpi} dpi greyscale JPEG\n")
    print(table(res))


if __name__ == "__main__":
    main()
