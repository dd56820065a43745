"""The printed summary in front of an annotated PDF: every problem with its page and explanation, and a legend.

A reviewer prints the annotated copy: pop-up notes do not print, so the
first page(s) list every mark by number (the same number is tagged in the
margin beside the mark) with its page in the original, what it says, why
it is wrong and the corrected wording, after a legend of the colours.
The pages are laid out here with PyMuPDF's built-in Chinese font (not
embedded: a few KB, every PDF viewer has a substitute) and line breaks
computed from the font's widths, so the output is the same on every run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FONT = "china-s"
MARGIN = 48.0
BODY = 9.0
TITLE = 15.0
LINE = 1.45  # line height as a multiple of the font size

# (colour key, label, meaning): the legend, in the order a reviewer meets them
LEGEND: list[tuple[str, str, str]] = [
    ("mismatch", "不符", "正文数字与表格或自身计算不符"),
    ("rounding", "尾数", "差在最后一位（四舍五入有误）"),
    ("direction", "方向", "增减、大小方向与数字相反"),
    ("residue", "模板残留", "未填写或未删去的模板文字"),
    ("table", "表格核对", "表内或表间数字不平（方框为单元格）"),
    ("text", "表述核对", "原因与增减相反、科目旧称、与其他文件所列数字不符"),
    ("note", "提示", "尾差等轻微问题"),
    ("ok", "一致", "核对无误（仅 --annotate-ok 时标出）"),
]
LABELS = {key: label for key, label, _ in LEGEND}


@dataclass
class Entry:
    """One problem as the summary lists it."""

    number: int
    color_key: str
    color: tuple[float, float, float]
    page: int  # in the original PDF
    y: float
    heading: str  # the quoted words
    lines: list[str] = field(default_factory=list)  # explanation, evidence, corrected wording


@dataclass
class Placed:
    """Where an entry landed: summary page index and its heading's rectangle (for the link)."""

    number: int
    page_index: int
    rect: tuple[float, float, float, float]


_WIDTHS: dict[str, float] = {}


def pymupdf_width(ch: str, size: float) -> float:
    """Width of an ASCII character in Helvetica at ``size`` (cached per character at 1 pt)."""
    if ch not in _WIDTHS:
        import pymupdf

        _WIDTHS[ch] = pymupdf.get_text_length(ch, fontname="helv", fontsize=1)
    return _WIDTHS[ch] * size


def _runs(s: str) -> list[tuple[str, bool]]:
    """``s`` cut into runs of ASCII and of other characters: (run, is ASCII)."""
    out: list[tuple[str, bool]] = []
    for ch in s:
        a = ord(ch) < 128
        if out and out[-1][1] == a:
            out[-1] = (out[-1][0] + ch, a)
        else:
            out.append((ch, a))
    return out


class _Writer:
    """Writes lines top to bottom, starting a new summary page when one is full."""

    def __init__(self, pdf: Any, pymupdf: Any, size: tuple[float, float]) -> None:
        self.pdf, self.pymupdf = pdf, pymupdf
        self.width, self.height = size
        self.pages: list[Any] = []
        self.y = 0.0
        self.new_page()

    def new_page(self) -> None:
        """A new summary page, inserted after the previous one (before the original pages)."""
        page = self.pdf.new_page(pno=len(self.pages), width=self.width, height=self.height)
        self.pages.append(page)
        self.y = MARGIN
        if len(self.pages) > 1:
            self.text(f"narrcheck 核对结果（续，第{len(self.pages)}页）", BODY, color=(0.4, 0.4, 0.4))

    def room(self, height: float) -> None:
        if self.y + height > self.height - MARGIN:
            self.new_page()

    def width_of(self, s: str, size: float) -> float:
        """Width as written: ASCII in Helvetica, everything else in the CJK font at one em."""
        return sum(pymupdf_width(ch, size) if ord(ch) < 128 else size for ch in s)

    def wrap(self, text: str, size: float, indent: float = 0.0) -> list[str]:
        """``text`` broken into lines that fit the page width (character by character: CJK has no spaces)."""
        limit = self.width - 2 * MARGIN - indent
        out, line, used = [], "", 0.0
        for ch in " ".join(text.split()):
            w = self.width_of(ch, size)
            if line and used + w > limit:
                out.append(line)
                line, used = ch.lstrip(), (0.0 if ch.isspace() else w)
            else:
                line, used = line + ch, used + w
        return out + ([line] if line else [])

    def write_line(self, x: float, s: str, size: float, color) -> None:
        """One line in runs: ASCII in Helvetica (proportional), the rest in the built-in Chinese font."""
        for run, ascii_run in _runs(s):
            font = "helv" if ascii_run else FONT
            self.pages[-1].insert_text((x, self.y), run, fontname=font, fontsize=size, color=color)
            x += self.width_of(run, size)

    def text(self, s: str, size: float, indent: float = 0.0, color=(0, 0, 0)) -> tuple[float, float, float, float]:
        """Write ``s`` (wrapped) and return the rectangle of its first line."""
        first = None
        for ln in self.wrap(s, size, indent) or [""]:
            self.room(size * LINE)
            self.y += size
            self.write_line(MARGIN + indent, ln, size, color)
            rect = (MARGIN + indent, self.y - size, self.width - MARGIN, self.y + size * (LINE - 1))
            first = first or rect
            self.y += size * (LINE - 1)
        return first  # type: ignore[return-value]

    def swatch(self, x: float, y: float, color, size: float = 8.0) -> None:
        page = self.pages[-1]
        page.draw_rect(self.pymupdf.Rect(x, y - size + 1, x + size, y + 1), color=color, fill=color, width=0.5)


def write_summary(
    pdf: Any, pymupdf: Any, entries: list[Entry], source: str, colors: dict[str, tuple[float, float, float]]
) -> tuple[int, list[Placed]]:
    """Insert the summary pages at the front of ``pdf``; return how many and where each entry landed."""
    first = pdf[0].rect if pdf.page_count else pymupdf.paper_rect("a4")
    w = _Writer(pdf, pymupdf, (first.width, first.height))
    _head(w, entries, source)
    _legend(w, colors, show_ok=any(e.color_key == "ok" for e in entries))
    placed = [_entry(w, e) for e in entries]
    return len(w.pages), placed


def counts_line(entries: list[Entry]) -> str:
    """``共 5 处：不符 2，尾数 1，…`` in the legend's order."""
    n: dict[str, int] = {}
    for e in entries:
        n[e.color_key] = n.get(e.color_key, 0) + 1
    parts = [f"{label} {n[key]}" for key, label, _ in LEGEND if n.get(key)]
    return f"共 {len(entries)} 处" + ("：" + "，".join(parts) if parts else "：未发现问题")


def _head(w: _Writer, entries: list[Entry], source: str) -> None:
    w.text("narrcheck 核对结果", TITLE)
    w.y += 4
    w.text(f"文件：{source}", BODY, color=(0.3, 0.3, 0.3))
    w.text(counts_line(entries), BODY + 1)
    w.text(
        "本摘要页之后为原文件，页码均为原文件页码。原文中每处标注左侧页边的编号与下列编号对应；"
        "标注上的批注另有完整说明（屏幕阅读时点击可见）。",
        BODY,
        color=(0.3, 0.3, 0.3),
    )
    w.y += 6


def _legend(w: _Writer, colors: dict[str, tuple[float, float, float]], show_ok: bool) -> None:
    w.text("图例", BODY + 2)
    for key, label, meaning in LEGEND:
        if key == "ok" and not show_ok:
            continue
        w.room(BODY * LINE)
        w.swatch(MARGIN, w.y + BODY, colors[key])
        w.text(f"{label}：{meaning}", BODY, indent=14)
    w.room(BODY * LINE)
    w.pages[-1].draw_rect(
        w.pymupdf.Rect(MARGIN, w.y + 2, MARGIN + 8, w.y + BODY + 1), color=colors["mismatch"], width=0.8
    )
    w.text("细框：被标注的数字所依据的表格单元格（颜色同该数字）", BODY, indent=14)
    w.y += 8


def _entry(w: _Writer, e: Entry) -> Placed:
    """One problem: number, colour, label, page and the quoted words; then its explanation lines."""
    w.room(BODY * LINE * (2 + min(len(e.lines), 3)))  # keep a heading with the start of its text
    w.swatch(MARGIN, w.y + BODY, e.color)
    label = LABELS.get(e.color_key, e.color_key)
    rect = w.text(f"[{e.number}] {label}　第{e.page}页　{e.heading}", BODY, indent=14)
    index = len(w.pages) - 1
    for ln in e.lines:
        w.text(ln, BODY, indent=28, color=(0.15, 0.15, 0.15))
    w.y += 3
    return Placed(e.number, index, rect)
