"""Naming and reference findings: what the prose calls a subject or a year, against the tables and the document.

- A subject written with its code (``医疗卫生与计划生育支出（210类）``) must carry the
  name the tables give that code; the code is the key. A name from an older
  edition of the 政府收支分类科目 (patterns/aliases.toml ``[renamed]``) is
  reported as such, also when it is written as a 类/款/项 path without code
  and the tables use the new name.
- In a budget (部门预算 / 单位预算) of year Y a change is measured against
  Y-1 (执行数 or 预算): a reference year equal to Y (``比2025年预算增加`` in a
  2025 budget) compares the budget with itself.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

import regex
from rapidfuzz import fuzz

from ..claims.patterns import aliases
from ..model import Document, Finding, Row
from ..textnorm import fold, full_width, name_key

_CODED = regex.compile(r"(?P<name>[\p{Han}、]{2,30}?)[（(](?P<code>\d{3}(?:\d{2}){0,2})(?:类|款|项)?[）)]")
_PATH_NAME = regex.compile(r"(?P<name>[\p{Han}、]{2,30}?)[（(](?P<level>类|款|项)[）)]")
_REF_YEAR = regex.compile(
    r"(?:比|较|与)(?P<year>20\d\d)年度?(?:当年)?(?:预算执行数|执行数|预算数|预算|决算数|决算)?(?:相比)?[，]?(?:增加|减少|增长|下降|持平|上升|降低|提高)"
)
_YEAR_WORD = regex.compile(r"(20\d\d)(?=年)")
_LEVEL_LEN = {"类": 3, "款": 5, "项": 7}


@lru_cache(maxsize=1)
def renamed() -> dict[str, str]:
    """Old subject names → the names current tables use (aliases.toml [renamed])."""
    sec = aliases().get("renamed", {})
    return {k: v for k, v in sec.items() if isinstance(v, str)}


def _k(s: str) -> str:
    return name_key(fold(s)).strip("“”\"'《》 ")


def _coded_rows(doc: Document) -> dict[str, list[tuple[str, Row]]]:
    out: dict[str, list[tuple[str, Row]]] = {}
    for t in doc.tables:
        if t.kind == "performance":
            continue
        for r in t.rows:
            if r.code and r.name:
                out.setdefault(r.code, []).append((t.label, r))
    return out


def _same(a: str, b: str) -> bool:
    a, b = _k(a), _k(b)
    return bool(a and b) and (a == b or a in b or b in a or fuzz.ratio(a, b) >= 80)


def naming_findings(doc: Document) -> list[Finding]:
    """Subject names that disagree with the tables' names for the same code, and budget reference years."""
    if doc.narrative is None:
        return []
    n0, n1 = doc.narrative
    text = doc.text[n0:n1]
    tables = [(t.start - n0, t.end - n0) for t in doc.tables]

    def in_table(pos: int) -> bool:
        return any(a <= pos < b for a, b in tables)

    rows = _coded_rows(doc)
    seen: set[int] = set()
    out = _coded_names(text, n0, in_table, rows, seen)
    table_names = {_k(r.name) for lst in rows.values() for _, r in lst}
    out.extend(_old_path_names(text, n0, in_table, table_names, seen))
    out.extend(_reference_years(doc, text, n0, in_table))
    return out


def _coded_names(
    text: str, n0: int, in_table: Callable[[int], bool], rows: dict[str, list[tuple[str, Row]]], seen: set[int]
) -> list[Finding]:
    """Subjects written with their code whose name is not the tables' name for that code (an old name said so).

    ``text`` is the narrative, starting at ``n0`` of the document; the start of every finding goes into ``seen``
    so that the path-name pass does not report the same words again.
    """
    old = renamed()
    out: list[Finding] = []
    for m in _CODED.finditer(text):
        if in_table(m.start()):
            continue
        name, code = m.group("name"), m.group("code")
        found = rows.get(code)
        if not found:
            continue
        label, row = found[0]
        if any(_same(name, r.name) for _, r in found):
            continue
        is_old = old.get(_k(name)) and _same(old[_k(name)], row.name)
        s, e = n0 + m.start("name"), n0 + m.end()
        seen.add(s)
        what = "旧科目名称" if is_old else "科目名称与表不一致"
        out.append(
            Finding(
                rule="naming.subject",
                severity="warning",
                message=f"{what}：正文写“{m.group(0)}”，{label}中 {code} 为“{row.name}”。",
                start=s,
                end=e,
                suggestion=m.group(0).replace(name, row.name),
            )
        )
    return out


def _old_path_names(
    text: str, n0: int, in_table: Callable[[int], bool], table_names: set[str], seen: set[int]
) -> list[Finding]:
    """Names without a code (``…（类）``): an old name where the tables only know the new one."""
    old = renamed()
    out: list[Finding] = []
    for m in _PATH_NAME.finditer(text):
        if in_table(m.start()):
            continue
        name = m.group("name")
        for k_old, new in old.items():
            if not _k(name).endswith(k_old):
                continue
            if _k(new) in table_names and k_old not in table_names:
                s = n0 + m.start("name") + len(name) - len(k_old)
                if s in seen:
                    continue
                seen.add(s)
                out.append(
                    Finding(
                        rule="naming.subject",
                        severity="warning",
                        message=f"旧科目名称：正文写“{k_old}（{m.group('level')}）”，表中为“{new}”。",
                        start=s,
                        end=n0 + m.end(),
                        suggestion=f"{new}（{m.group('level')}）",
                    )
                )
    return out


def _later_year_before(text: str, at: int, year: int, full: Callable[[str], bool]) -> bool:
    """Whether the sentence before ``at`` names a later year than ``year`` (2012年…预算收入…，较2011年增长10% in a
    report on 2011's outcome and 2012's budget: the sentence is about 2012, and 2011 is its right reference). A
    line break after a line that fills the text's width (``full``: textnorm.full_width) is a wrap of text
    copied out of a PDF, no end of the sentence."""
    stop = max(text.rfind(end, 0, at) for end in "。！？")
    brk = text.rfind("\n", 0, at)
    while brk > stop and full(text[text.rfind("\n", 0, brk) + 1 : brk]):
        brk = text.rfind("\n", 0, brk)
    start = max(stop, brk) + 1
    return any(int(y) > year for y in _YEAR_WORD.findall(text, start, at))


def _reference_years(doc: Document, text: str, n0: int, in_table) -> list[Finding]:
    """In a budget of year Y, a change 比Y年… compares the budget with itself."""
    year = doc.meta.year
    if not year or "预算" not in (doc.meta.doctype or ""):
        return []
    out = []
    full: Callable[[str], bool] | None = None  # whether a line fills the text's width: read once, when first asked
    for m in _REF_YEAR.finditer(text):
        if in_table(m.start()) or int(m.group("year")) != year:
            continue
        full = full or full_width(text.split("\n"))
        if _later_year_before(text, m.start(), year, full):
            continue
        s, e = n0 + m.start(), n0 + m.end()
        out.append(
            Finding(
                rule="naming.reference_year",
                severity="warning",
                message=f"{year}年预算应与{year - 1}年比较：“{m.group(0)}”把本年预算与本年相比。",
                start=s,
                end=e,
                suggestion=m.group(0).replace(str(year), str(year - 1), 1),
            )
        )
    return out
