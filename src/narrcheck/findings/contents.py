"""The 目录 against the document: a table its table of contents lists must be in it.

A draft assembled from parts loses a table more easily than a figure (a 测试问题版本 of a Shanghai 决算
lists 三、支出决算表 and has no such table). Vocabulary: patterns/tables.toml [contents].
"""

from __future__ import annotations

from functools import lru_cache

import regex
from rapidfuzz import fuzz

from ..model import Document, Finding
from ..patterns import load_toml
from ..textnorm import fold

_TOC_WINDOW = 8000  # the 目录 stands near the start
_TOC_LINES = 120  # and is not longer than this
_ENTRY_MAX = 60  # characters of one entry (dot leaders and page number aside)


@lru_cache(maxsize=1)
def _spec() -> dict:
    spec = dict(load_toml("tables.toml")["contents"])
    for key in ("heading", "strip", "part", "prefix", "dated"):
        spec[key + "_rx"] = regex.compile(spec[key])
    spec["levels_rx"] = [regex.compile(rx) for rx in spec["levels"]]
    return spec


def toc_title(entry: str) -> str:
    """The table an entry of the 目录 names ('' for a part or a section that is no table)."""
    spec = _spec()
    if spec["part_rx"].match(entry.strip()):
        return ""
    title = _key(entry)
    return title if len(title) >= 4 and title.endswith(tuple(spec["title_ends"])) else ""


def _key(line: str) -> str:
    """A line as a heading compares: no list mark, ordinal, dot leader, page number or space."""
    return regex.sub(r"\s+", "", fold(_spec()["strip_rx"].sub("", line.strip())))


def _prose(line: str) -> bool:
    """A line of running text, which no 目录 holds: long, or a sentence."""
    key = _key(line)
    return len(key) > _ENTRY_MAX or key.endswith("。")


def _toc(text: str) -> tuple[list[tuple[int, str]], int] | None:
    """The 目录's table entries (offset, title) and where the body starts: the first entry's heading seen
    again (spacing, dot leaders and page numbers aside) or the first line of running text."""
    spec = _spec()
    lines = [(m.start(), m.group(0)) for m in regex.finditer(r"[^\n]+", text) if m.group(0).strip()]
    head = [i for i, (o, ln) in enumerate(lines) if o < _TOC_WINDOW and spec["heading_rx"].match(ln.strip())]
    if not head or head[0] + 1 >= len(lines):
        return None
    first = _key(lines[head[0] + 1][1])
    stop = min(len(lines), head[0] + 1 + _TOC_LINES)
    end = next((i for i in range(head[0] + 2, stop) if _key(lines[i][1]) == first or _prose(lines[i][1])), None)
    if not first or end is None:
        return None  # the 目录 runs on: its end is unknown
    entries = lines[head[0] + 1 : end]
    listed = [(o, toc_title(ln)) for o, ln in entries]
    groups = {
        i for i in range(len(entries) - 1) if listed[i + 1][1] and _level(entries[i][1]) != _level(entries[i + 1][1])
    }  # 五、部门预算表 over 1. 2025年部门财务收支预算总表 …: the heading of a group of tables, not a table
    return [(o, t) for i, (o, t) in enumerate(listed) if t and i not in groups], lines[end][0]


def _level(entry: str) -> int:
    """The kind of ordinal an entry opens with (一、 （一） 1. （1）: [contents] levels), -1 for none."""
    return next((i for i, rx in enumerate(_spec()["levels_rx"]) if rx.match(entry.strip().lstrip("-•· "))), -1)


def _present(title: str, names: list[str]) -> bool:
    """A caption or table title is ``title`` (after a unit-and-year prefix), or nearly the same name."""
    spec = _spec()
    for name in names:
        # a title's classification in brackets (财政拨款支出预算表（功能科目）) names the same table; a 目录 entry may
        # add the fund the table's own title leaves out (一般公共预算“三公”经费…支出预算表 for “三公”经费…支出预算表)
        name = regex.sub(r"[（(][^（）()]{2,8}[）)]$", "", name)
        if len(name) >= 8 and title.endswith(name):
            return True
        if name.endswith(title) and (spec["prefix_rx"].match(name[: -len(title)]) or spec["dated_rx"].match(title)):
            return True
        if fuzz.ratio(name, title) >= spec["min_ratio"]:
            return True
    return False


def contents_findings(doc: Document) -> list[Finding]:
    """A warning for each table the 目录 lists that neither a caption nor a recognised table carries; only
    when most listed tables are found (tables pasted as pictures or kept in an attachment are not missing)."""
    if doc.needs_ocr or doc.ocr_conf:
        return []
    toc = _toc(doc.text)
    if toc is None or not toc[0]:
        return []
    listed, body = toc
    ends = tuple(_spec()["title_ends"])  # a caption ends as a title does: only such lines are keyed
    lines = (ln.strip() for ln in doc.text[body:].splitlines())
    names = [_key(ln) for ln in lines if 4 <= len(ln) <= _ENTRY_MAX and ln.endswith(ends)]
    names += [_key(t.title) for t in doc.tables if t.title]
    missing = [(o, t) for o, t in listed if not _present(t, names)]
    if not missing or len(missing) * 2 > len(listed):
        return []
    return [
        Finding(
            rule="table.missing",
            severity="warning",
            message=f"目录列有“{t}”，文中找不到这张表。",
            start=o,
            end=o + len(doc.text[o:].split("\n", 1)[0]),
        )
        for o, t in missing
    ]
