"""Splitting a document into its parts and numbered sections, and finding its narrative.

Headings are recognised by their numbering (第三部分, 一、, （一）, 1.) at the
start of a line outside table blocks. The narrative (情况说明) is the part
whose heading says so; the table of contents, which repeats every heading,
is recognised by its density and skipped.
"""

from __future__ import annotations

import bisect

import regex

from ..model import Document, Section
from ..patterns import load_toml
from ..textnorm import fold, normalize, unwrap_numbers

_HEADING = [
    (0, regex.compile(r"^\s*第\s*[一二三四五六七八九十]+\s*部分\s*(?P<title>.*)$")),
    (1, regex.compile(r"^\s*(?P<num>[一二三四五六七八九十]+)\s*[、.．]\s*(?P<title>.+)$")),
    (2, regex.compile(r"^\s*[（(]\s*(?P<num>[一二三四五六七八九十]+)\s*[）)]\s*(?P<title>.+)$")),
    (3, regex.compile(r"^\s*(?P<num>\d{1,2})\s*[.．、]\s*(?!\d)(?P<title>.+)$")),
    (4, regex.compile(r"^\s*[（(]\s*(?P<num>\d{1,2})\s*[）)]\s*(?P<title>.+)$")),
]
_FIGURE = regex.compile(r"\d(?:[\d,.]*\d)?\s*(?:万|亿|千元|元|%)")
_TITLE_TAIL = regex.compile(r"^\s*\p{Han}{1,4}\s*$")
_TOC_LINE = regex.compile(r"^\s*[-•·]\s+|…{2,}|\.{6,}")
_UNNUMBERED_PART = regex.compile(r"^\s*(?P<title>[^\t，。；：、]{2,30}说明)\s*$")
"""A heading line with no number that opens a narrative part (2024年部门预算编制说明, 其他相关情况说明)."""
_YEAR = regex.compile(r"(?<!比|较|与|同)(20\d\d)\s*年")  # 比2015年: a comparison year is not the document's
# 与2023年预算相比 names the year compared with, not the document's (a budget of 2024)
_TITLE_YEAR = regex.compile(
    r"(?<!比|较|与|同|超过)(20\d\d)\s*年度?\s*(?:[区市省县]级)?\s*(?:(?:部门|单位)?\s*(?:决算|预算)|财政决算|政府(?:决算|预算))"
)
_YEAR_DU = regex.compile(r"(?<!比|较|与|同|超过)(20\d\d)\s*年度")


def _table_ranges(doc: Document) -> list[tuple[int, int]]:
    return sorted((t.start, t.end) for t in doc.raw_tables)


def headings(doc: Document) -> list[Section]:
    """Every heading line outside tables, in document order, with open-ended ends."""
    ranges = _table_ranges(doc)
    starts = [r[0] for r in ranges]
    out: list[Section] = []
    pos = 0
    lines = doc.text.split("\n")
    for k, line in enumerate(lines):
        start = pos
        pos += len(line) + 1
        if k + 1 < len(lines) and _HEADING[0][1].match(line) and _TITLE_TAIL.match(lines[k + 1]):
            line += lines[k + 1].strip()  # 第三部分 …部门决算情况说\n明: a part's title broken over two lines
        if not line.strip() or _TOC_LINE.match(line):
            continue
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and ranges[i][0] <= start < ranges[i][1]:
            continue
        m = _UNNUMBERED_PART.match(line)
        if m and not any(rx.match(line) for _, rx in _HEADING):
            out.append(
                Section(
                    level=0,
                    title=m.group("title").strip(),
                    start=start + len(line) - len(line.lstrip()),
                    end=len(doc.text),
                )
            )
            continue
        for level, rx in _HEADING:
            m = rx.match(line)
            if not m:
                continue
            title = m.group("title").strip()
            # A numbered paragraph's heading is its first sentence.
            cut = title.find("。")
            if cut > 0:
                title = title[:cut]
            if level >= 3 and len(title) > 120:
                title = title[:120]
            num = m.groupdict().get("num") or ""
            out.append(
                Section(
                    level=level,
                    title=title,
                    start=start + len(line) - len(line.lstrip()),
                    end=len(doc.text),
                    number=num,
                )
            )
            break
    return out


def _close(sections: list[Section], end: int) -> None:
    for i, s in enumerate(sections):
        s.end = end
        for later in sections[i + 1 :]:
            if later.level <= s.level:
                s.end = later.start
                break


def find_narrative(doc: Document, parts: list[Section]) -> tuple[int, int]:
    """Range of the narrative parts (情况说明, 预算编制说明 and the 说明 parts right after it).

    Parts with almost no text under them are table-of-contents lines and are
    skipped. The whole text is the narrative when the document has no parts.
    """
    ends = [parts[i + 1].start if i + 1 < len(parts) else len(doc.text) for i in range(len(parts))]
    real = [(p, e) for p, e in zip(parts, ends) if e - p.start > 200]
    runs: list[tuple[int, int]] = []
    for p, e in real:
        if "说明" not in fold(p.title) or "名词" in p.title:
            continue
        if runs and runs[-1][1] == p.start:
            runs[-1] = (runs[-1][0], e)  # consecutive 说明 parts form one narrative
        else:
            runs.append((p.start, e))
    # a contents page may list a part's sections under it (over 200 characters), but never a figure
    runs = [r for r in runs if _FIGURE.search(doc.text, *r)] or runs
    if runs:
        best = max(runs, key=lambda r: r[1] - r[0])
        return (0, best[1]) if best[0] == parts[0].start and _prose_before(doc, best[0]) else best
    return (0, len(doc.text))


def _prose_before(doc: Document, start: int) -> bool:
    """Whether the text before the first part is prose with figures, outside any table (an excerpt that goes on
    from its own paragraphs into a heading …执行情况的说明): it is narrative too. A cover or a contents page states
    no figure in a sentence."""
    head = doc.text[:start]
    inside = [(a, b) for a, b in _table_ranges(doc) if a < start]
    return not inside and "。" in head and bool(_FIGURE.search(head))


_DOCTYPE_WORDS = [
    (regex.compile(w), t)
    for w, t in (("单位预算", "单位预算"), ("部门预算", "部门预算"), ("决算", "决算"), ("(?<!公共)预算", "部门预算"))
]


def detect_meta(doc: Document) -> None:
    """Fiscal year, document type (决算 / 部门预算 / 单位预算) and unit name."""
    head = fold(unwrap_numbers(doc.text[:3000]))  # a year split by a wrap (201⏎9年) counts as itself
    title = _TITLE_YEAR.search(head[:800]) or _YEAR_DU.search(head[:800])
    years = [int(y) for y in _YEAR.findall(head[:800])]
    if title:
        if doc.meta.year is None:  # 2024年度部门决算 / 2025年区级部门预算
            doc.meta.year, doc.meta.year_from_title = int(title.group(1)), True
    elif years:
        if doc.meta.year is None:
            doc.meta.year = max(years, key=lambda y: (years.count(y), -years.index(y)))
    # the title names the type first: whichever word comes earliest in the opening text (预算 inside
    # 一般公共预算 names a kind of money, not the document: …一般公共预算财政拨款“三公”经费支出决算情况说明)
    hits = [(m.start(), t) for rx, t in _DOCTYPE_WORDS for m in [rx.search(head)] if m]
    doctype = min(hits)[1] if hits else ""
    if doc.meta.doctype is None:
        doc.meta.doctype = doctype
    unit = _unit_name(doc.text)
    if unit:
        if doc.meta.unit is None:
            doc.meta.unit = unit


_UNIT_LABEL = regex.compile(
    r"^[ \t]*(?:预算主管部门|预算单位|主管部门|编制部门|编制单位|部门|单位名称)[：:][ \t]*([^\t\n]{2,40}?)[ \t]*"
    r"(?:\t|公开|金额单位|单位[：:]|$)",
    flags=regex.M,
)
_UNIT_TITLE = regex.compile(
    r"^[ \t]*(?:第[一二三四五六七八九十]+部分[ \t]*)?([^\t\n\d]{2,40}?)[ \t]*20\d\d[ \t]*年度?[ \t\n]*"
    r"(?:部门|单位)(?:决算|预算)",
    flags=regex.M,
)
_UNIT_PART = regex.compile(r"^[ \t]*第[一二三四五六七八九十]+部分[ \t]*([^\t\n\d]{2,40}?)[ \t]*概况", flags=regex.M)
_UNIT_LINE = regex.compile(
    r"^[ \t]*([^\t\n\d：:，。]{2,40}?(?:局|委员会|办公室|中心|街道办事处|街道|政府|厅|院|所|部|会|镇|乡)"
    r"(?:（汇总）|\(汇总\))?)[ \t]*$",
    flags=regex.M,
)


def _unit_name(text: str) -> str:
    """The publishing unit: a 部门：/预算单位： label, the title before its year, the 概况 part, or a name line."""
    head = text[:3000]
    for rx, scope in (
        (_UNIT_LABEL, head),
        (_UNIT_PART, head),  # 第一部分X概况: a name on one line (a cover title may wrap it: 规划和自然\n资源局)
        (_UNIT_TITLE, head),
        (_UNIT_LABEL, text[:60000]),
        (_UNIT_LINE, text[:1500]),
    ):
        m = rx.search(scope)
        if m:
            name = m.group(1).strip()
            if name and not _NOT_A_NAME.match(name):
                return name
    return ""


# what a title or label can yield that names no unit: a part of the document (第二部分), its 目录, a bare 部门
# (第一部分 部门概况), or a title fragment that still holds a year (编制部门：某区2025年…)
_NOT_A_NAME = regex.compile(r"第[一二三四五六七八九十]+部分$|目录|(?:部门|单位|本部门|本单位)$|.*20\d\d")


def segment(doc: Document) -> None:
    """Annotate ``doc`` with its sections, narrative range and metadata."""
    secs = headings(doc)
    parts = [s for s in secs if s.level == 0]
    doc.narrative = find_narrative(doc, parts)
    n0, n1 = doc.narrative
    # Inside the narrative keep its own headings; elsewhere parts only.
    kept = [s for s in secs if s.level == 0 or n0 <= s.start < n1]
    _close(kept, len(doc.text))
    for s in kept:
        if n0 <= s.start < n1 and s.level > 0:
            s.end = min(s.end, n1)
    doc.sections = kept
    detect_meta(doc)


def finance_vocabulary(text: str) -> bool:
    """True when ``text`` holds at least one word of a finance disclosure (patterns/aliases.toml
    [disclosure]), read on the normalised text so traditional and mirror-site spellings count."""
    words = load_toml("aliases.toml")["disclosure"]["words"]
    norm = normalize(text).text
    return any(w in norm for w in words)
