"""Rewritings that keep a text's meaning keep its alarms: narrcheck must not read a disclosure differently
because it was copied out of a PDF (lines broken at the page's width, mid-number too, page numbers between),
mirrored in traditional characters, typed with full-width digits, ASCII punctuation, spaces around figures or
了 after 增加/减少, or saved with Windows line ends.

Every excerpt of the wild set (tests/data/wild/) is rewritten in one of these ways, in turn, and checked
again: no alarm (a claim judged rounding, mismatch or direction) may appear that the original does not have.
(Alarms lost are recall, measured by the wild benchmark; a few are lost where a wrap moves a sentence off the
numbered item's line it belongs to.)
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import opencc
import pytest
import regex

from narrcheck.pipeline import check

WILD = Path(__file__).resolve().parent / "data" / "wild" / "excerpts"
ALARMS = ("rounding", "mismatch", "direction")


def _columns(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def wrapped(text: str, width: int) -> str:
    """``text`` with every paragraph broken at ``width`` columns, as a PDF's text copied out is."""
    out = []
    for para in text.split("\n"):
        line, used = "", 0
        for ch in para:
            if used + _columns(ch) > width:
                out.append(line)
                line, used = "", 0
            line, used = line + ch, used + _columns(ch)
        out.append(line)
    return "\n".join(out)


def paged(text: str) -> str:
    """``text`` wrapped at 72 columns with a page's number or footer after every ninth line, as a copy of a
    PDF's text carries them (a figure may be split across the page break)."""
    lines = wrapped(text, 72).split("\n")
    marks = ["— {} —", "{}", "第 {} 页 共 12 页"]
    out = []
    for i, line in enumerate(lines, 1):
        out.append(line)
        if i % 9 == 0:
            out.append(marks[i % 3].format(i // 9))
    return "\n".join(out)


REWRITES = {
    "paged at 72 columns": paged,
    "wrapped at 60 columns": lambda t: wrapped(t, 60),
    "traditional characters": opencc.OpenCC("s2t").convert,
    "wrapped at 76 columns and indented": lambda t: "\n".join("  " + ln + " " for ln in wrapped(t, 76).split("\n")),
    "full-width digits": lambda t: t.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"}),
    "wrapped at 90 columns": lambda t: wrapped(t, 90),
    "ASCII punctuation and CRLF": lambda t: t.translate(str.maketrans("，；：（）", ",;:()")).replace("\n", "\r\n"),
    "了 after direction words": lambda t: regex.sub(r"(增加|减少|增长|下降|增收|减收|增支|减支)(?=\d)", r"\1了", t),
    "spaces around figures": lambda t: regex.sub(r"(?<=\p{Han})(?=\d)|(?<=[\d%])(?=\p{Han})", " ", t),
}
CASES = [(path, list(REWRITES)[i % len(REWRITES)]) for i, path in enumerate(sorted(WILD.glob("*.txt")))]


def _alarms(path: Path) -> Counter:
    return Counter((c.kind, c.verdict) for c in check(path).claims if c.verdict in ALARMS)


@pytest.mark.parametrize(("path", "rewrite"), CASES, ids=[f"{p.stem}-{r.split()[0]}" for p, r in CASES])
def test_a_rewriting_that_keeps_the_meaning_adds_no_alarm(tmp_path, path, rewrite):
    variant = tmp_path / path.name
    variant.write_text(REWRITES[rewrite](path.read_text(encoding="utf-8")), encoding="utf-8", newline="")
    new = _alarms(variant) - _alarms(path)
    assert not new, f"{path.name} {rewrite}: alarms the original has not: {dict(new)}"


def test_the_rewritings_are_exercised():
    assert len(CASES) >= 600 and {r for _, r in CASES} == set(REWRITES)
