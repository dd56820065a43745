"""Scanned copies of corpus PDFs are checked as their text layers are (issue 15's acceptance test).

Each PDF of ``../shared/corpus`` named below is turned into an image-only copy
on the fly, as a scanner or "print to PDF as image" makes one: every page
rendered at 150 dpi in greyscale, stored as a JPEG (quality 75) on a page of
the same size, no text layer left. narrcheck then checks the copy with
``--ocr auto`` (OCR by RapidOCR, a fresh cache inside ``tmp_path`` so the
pages really are read) and the original with its text layer, and the two runs
are compared. The expectations come from the text-layer run of the same PDF,
never from a list written here:

* at least 90% of the text-layer run's claims are found on the scan (a claim
  is matched by its page, its kind and the figures it states);
* every claim the text-layer run flags is flagged on the scan too (the real
  0.3万元 error on p.21 of putuo-caizheng-2024 among them);
* at most 2 flags (flagged claims, error or warning findings) appear on the
  scan that the text-layer run does not have.

putuo-caizheng-2024 is read whole, all 25 pages (about 2 s of one core a
page: 50-60 s). To stay inside the test budget the second PDF,
putuo-shehuigongzuo-2024, is cut to a deterministic subset first: page 1
(title, unit, year), the pages of the text-layer run's flagged claims and the
pages of their evidence (today pages 1, 12 and 18: about 8 s); the text-layer
run it is compared with is of the same subset. Skipped without the ``ocr``
extra or without the corpus.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path
from typing import Any

import pymupdf
import pytest

from narrcheck.model import Claim, Document, Stated
from narrcheck.numbers import Number
from narrcheck.pipeline import check
from narrcheck.readers import Limits, ocr

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"

pytestmark = [
    pytest.mark.skipif(not SHARED.exists(), reason="shared corpus not beside the clone"),
    pytest.mark.skipif(bool(ocr.available("rapidocr")), reason=ocr.available("rapidocr") or "available"),
]


def image_only(src: Path, dest: Path, dpi: int = 150) -> None:
    """Write an image-only copy of ``src``: each page a greyscale JPEG at ``dpi`` filling a page of its size."""
    pdf = pymupdf.open(src)
    out = pymupdf.open()
    for page in pdf:
        jpg = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY).tobytes("jpeg", jpg_quality=75)
        new = out.new_page(width=page.rect.width, height=page.rect.height)
        new.insert_image(new.rect, stream=jpg)
    out.save(dest, garbage=3, deflate=True)


def _figures(stated: Stated) -> list[str]:
    """The figures a claim states, by field name (a composition's parts in their order)."""
    out: list[str] = []
    for f in sorted(dataclasses.fields(stated), key=lambda f: f.name):
        v = getattr(stated, f.name)
        if isinstance(v, Number):
            out.append(str(v.value))
        elif isinstance(v, list):
            out += [str(n.value) for n in v]
    return out


def claim_key(c: Claim) -> tuple[int | None, str, tuple[str, ...]]:
    """What identifies a claim across the two runs: page, kind, and the figures it states."""
    return (c.page, c.kind, tuple(_figures(c.claimed)))


def flags(doc: Document) -> set[tuple[Any, ...]]:
    """The document's flags: flagged claims by key, and error or warning findings by rule and page."""
    out: set[tuple[Any, ...]] = {("claim", *claim_key(c)) for c in doc.claims if c.flagged}
    out |= {("finding", f.rule, f.page) for f in doc.findings if f.severity in ("error", "warning")}
    return out


def subset(doc: Document) -> list[int]:
    """The pages a check of ``doc``'s flags needs: the first (title, unit, year), those of its flagged claims
    and of their evidence, 1-based and sorted."""
    pages = {1}
    for c in doc.claims:
        if c.flagged:
            pages |= {c.page} | {e.page for e in c.evidence}
    return sorted(p for p in pages if p)


@pytest.mark.parametrize(
    "name,whole",
    [("putuo-caizheng-2024.pdf", True), ("putuo-shehuigongzuo-2024.pdf", False)],
)
def test_a_scanned_copy_is_checked_as_its_text_layer(name, whole, tmp_path):
    """The scan against the text layer; the second PDF only on the pages its flags need (see ``subset``)."""
    src = SHARED / name
    if not whole:
        part = pymupdf.open(src)
        part.select([p - 1 for p in subset(check(src))])
        src = tmp_path / f"part-{name}"
        part.save(src)
    want = check(src)
    assert want.claims and any(c.flagged for c in want.claims)  # the text-layer run has something to find
    scan = tmp_path / name
    image_only(src, scan)
    assert not any(page.get_text().strip() for page in pymupdf.open(scan))  # no text layer left
    got = check(scan, limits=Limits(ocr="auto", ocr_cache=str(tmp_path / "ocr-cache")))
    assert got.meta.ocr_pages == list(range(1, pymupdf.open(scan).page_count + 1))
    assert any((tmp_path / "ocr-cache").rglob("*.json"))  # really read by OCR, results cached

    wanted = Counter(claim_key(c) for c in want.claims)  # a multiset: a figure can be stated twice on a page
    found = wanted & Counter(claim_key(c) for c in got.claims)
    missed = sorted((wanted - found).elements(), key=str)
    assert found.total() >= 0.9 * wanted.total(), f"{found.total()}/{wanted.total()} claims found; missed {missed[:10]}"

    text_flags, scan_flags = flags(want), flags(got)
    assert text_flags <= scan_flags, f"flags lost on the scan: {sorted(text_flags - scan_flags, key=str)}"
    extra = sorted(scan_flags - text_flags, key=str)
    assert len(extra) <= 2, f"flags only the scan has: {extra}"
    if name == "putuo-caizheng-2024.pdf":  # the issue names it: the real 0.3万元 error, flagged in both runs
        assert ("claim", 21, "amount", ("0.3",)) in text_flags & scan_flags
