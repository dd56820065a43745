"""readers/grid.py must find exactly the cells PyMuPDF's find_tables() finds (it replaces it for speed)."""

from __future__ import annotations

import random
from pathlib import Path

import pymupdf
import pytest

from narrcheck.readers.grid import find_grids

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _ours(page) -> list[list[tuple[float, ...]]]:
    words = [tuple(w[:4]) for w in page.get_text("words")]
    grids = find_grids(page.get_cdrawings(), tuple(page.rect), words, tuple(page.transformation_matrix), page)
    return sorted(sorted(tuple(round(v, 2) for v in c) for c in g.cells) for g in grids)


def _theirs(page) -> list[list[tuple[float, ...]]]:
    return sorted(sorted(tuple(round(v, 2) for v in c) for c in t.cells if c) for t in page.find_tables().tables)


def _ruled_pdf(seed: int) -> pymupdf.Document:
    """A page with a ruled table of random size, a merged header cell and slightly uneven lines."""
    rnd = random.Random(seed)
    doc = pymupdf.open()
    page = doc.new_page()
    rows, cols = rnd.randint(2, 6), rnd.randint(2, 5)
    x0, y0, w, h = 60, 80, rnd.randint(60, 90), rnd.randint(18, 26)
    xs = [x0 + i * w for i in range(cols + 1)]
    ys = [y0 + j * h for j in range(rows + 1)]
    shape = page.new_shape()
    for j, y in enumerate(ys):
        shape.draw_line((xs[0], y), (xs[-1], y + rnd.choice([0, 0, 0.3])))
    for i, x in enumerate(xs):
        top = ys[1] if (i not in (0, len(xs) - 1) and rnd.random() < 0.3) else ys[0]  # merged header above
        shape.draw_line((x, top), (x, ys[-1]))
    shape.finish(color=(0, 0, 0), width=rnd.choice([0.5, 1.0]))
    shape.commit()
    for j in range(rows):
        for i in range(cols):
            page.insert_text((xs[i] + 4, ys[j] + h - 6), f"{rnd.randint(0, 9999)}.{rnd.randint(0, 99):02d}", fontsize=8)
    return doc


@pytest.mark.parametrize("seed", range(12))
def test_generated_ruled_tables_match_find_tables(seed):
    with _ruled_pdf(seed) as doc:
        page = doc[0]
        assert _ours(page) == _theirs(page)


def test_generated_tables_are_found():
    found = 0
    for seed in range(12):
        with _ruled_pdf(seed) as doc:
            found += bool(_ours(doc[0]))
    assert found >= 8  # a tilted line can make both finders give up on a table; most are plain


@pytest.mark.skipif(not SHARED.exists(), reason="shared corpus not beside the clone")
@pytest.mark.parametrize(
    "name", ["putuo-caizheng-2024.pdf", "putuo-shehuigongzuo-2024.pdf", "putuo-wanlijiedao-2024-dept-budget.pdf"]
)
def test_corpus_ruled_pages_match_find_tables(name):
    with pymupdf.open(SHARED / name) as doc:
        checked = 0
        for page in doc:
            if len(page.get_cdrawings()) < 4:
                continue
            assert _ours(page) == _theirs(page), f"{name} p.{page.number + 1}"
            checked += 1
        assert checked >= 5
