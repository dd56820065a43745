"""Who published a document, for which year, which kind it is, and which units it covers.

Cross-document checks compare only documents whose identity is sure: the same
organisation (names normalised, so 上海市普陀区人民政府万里街道办事处 = 万里街道,
while 上海市财政局 ≠ 上海市普陀区财政局), a known fiscal year, and a known kind
(部门/单位 × 预算/决算). A 部门 document's 单位构成 section says how many budget
units it consolidates: with one, its 单位 document must repeat its figures; with
several, no unit figure may exceed the department's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..model import Document
from ..numbers import parse_chinese_numeral
from ..textnorm import fold
from . import vocab


@dataclass(frozen=True)
class OrgName:
    """An organisation's name as (region, core): 上海市普陀区 + 万里街道. An unknown region is ''."""

    region: str
    core: str

    def __str__(self) -> str:
        return self.region + self.core


def normalise_org(name: str) -> OrgName:
    """Reduce a name to (region, core): drop 中共, the region, 人民政府, 办事处/（本级）…, 委员会 → 委."""
    org = vocab.data()["organisation"]
    s = fold(name).strip("“”\"'：:，。 ")
    for lead in org["drop_lead"]:
        if s.startswith(lead):
            s = s[len(lead) :]
    m = vocab.compiled("organisation", "region").match(s)
    region = m.group("region") if m else ""
    core = s[len(region) :]
    if not core:  # the whole name was a place (普陀区): nothing identifies an office
        region, core = "", s
    for p in org["drop_prefix"]:
        if core.startswith(p) and len(core) > len(p):
            core = core[len(p) :]
    changed = True
    while changed:
        changed = False
        for suf in org["drop_suffix"]:
            if core.endswith(suf) and len(core) > len(suf) + 1:
                core, changed = core[: -len(suf)], True
    for long, short in org["abbreviations"]:
        if core.endswith(long):
            core = core[: -len(long)] + short
    return OrgName(region, core)


def regions_compatible(a: str, b: str) -> bool:
    """Two regions can be the same place: equal, one unknown, or one the tail of the other (普陀区 / 上海市普陀区)."""
    if not a or not b or a == b:
        return True
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer.endswith(shorter) and bool(
        vocab.compiled("organisation", "region").fullmatch(longer[: -len(shorter)])
    )


def same_org(a: OrgName, b: OrgName) -> bool:
    """True when two names can only be the same organisation (equal cores, compatible regions)."""
    return bool(a.core) and a.core == b.core and regions_compatible(a.region, b.region)


@dataclass(frozen=True)
class Coverage:
    """The units a 部门 document consolidates: their names and how many have a budget of their own.

    ``budget_units`` is None when the section is missing or its count and list disagree.
    """

    names: tuple[OrgName, ...] = ()
    budget_units: int | None = None


@dataclass
class Identity:
    """A document's identity: organisation, fiscal year, kind, units covered."""

    path: str
    name: str
    org: OrgName
    year: int | None
    level: str  # 部门, 单位 or '' (unknown)
    stage: str  # 预算, 决算 or ''
    coverage: Coverage = field(default_factory=Coverage)

    @property
    def kind(self) -> str:
        return f"{self.level}{self.stage}"

    @property
    def sure(self) -> bool:
        """Organisation, year and kind all known: only such documents are paired."""
        return bool(self.org.core) and self.year is not None and bool(self.level) and bool(self.stage)

    def describe(self) -> str:
        """``上海市普陀区财政局 2024年部门决算`` for messages."""
        return f"{self.name or self.org}{self.year or '?'}年{self.kind or '文件'}"


_TITLE_REGION = regex.compile(r"^\s*(?P<region>[^\s\d]{2,20}?)\s*20\d\d\s*年")


def kind_of(text: str) -> tuple[str, str]:
    """(level, stage) named earliest in the opening text: ('部门', '预算') …, ('', '') when none is."""
    head = fold(text[:3000])
    hits = [(head.find(w), level, stage) for w, level, stage in vocab.data()["kind"]["words"] if w in head]
    if not hits:
        return "", ""
    _, level, stage = min(hits)
    return level, stage


def _region_from_title(text: str) -> str:
    """The region a title opens with (上海市普陀区2025年区级部门预算 → 上海市普陀区), or ''."""
    for line in text[:600].split("\n")[:6]:
        m = _TITLE_REGION.match(fold(line))
        if m:
            org = normalise_org(m.group("region") + "某")
            if org.core == "某":
                return org.region
    return ""


def identify(doc: Document) -> Identity:
    """The identity of a segmented document (doc.meta from layout.sections, the text's title and 单位构成)."""
    name = doc.meta.unit or ""
    org = normalise_org(name) if name else OrgName("", "")
    if org.core and not org.region:
        org = OrgName(_region_from_title(doc.text), org.core)
    level, stage = kind_of(doc.text)
    if not stage:
        doctype = doc.meta.doctype or ""
        stage = "决算" if "决算" in doctype else "预算" if "预算" in doctype else ""
    year = doc.meta.year
    cov = coverage(doc.text) if level == "部门" else Coverage()
    # a unit listed without its region (财政局本部) is in the department's region
    cov = Coverage(tuple(n if n.region else OrgName(org.region, n.core) for n in cov.names), cov.budget_units)
    return Identity(doc.path, name, org, year if isinstance(year, int) else None, level, stage, cov)


_SCAN_CHARS = 60000  # the 单位构成 section opens a disclosure: its first part is enough
_MAX_WINDOWS = 12


def _sections(text: str) -> list[str]:
    """Windows of text after each line naming the 单位构成 / 机构设置 section (table-of-contents lines skipped).

    Only the opening of the document is read, and at most a dozen windows, so
    a hostile text repeating the marker costs no more than a real one.
    """
    markers = vocab.words("coverage", "markers")
    stop = vocab.compiled("coverage", "stop")
    out: list[str] = []
    lines = text[:_SCAN_CHARS].split("\n")
    for i, line in enumerate(lines):
        if len(out) >= _MAX_WINDOWS:
            break
        if "…" in line or "..." in line or not any(mk in line for mk in markers):
            continue
        window = [line]
        for nxt in lines[i + 1 : i + 80]:
            if stop.match(nxt) and not nxt.lstrip().startswith(tuple("0123456789")):
                break
            window.append(nxt)
        out.append("\n".join(window))
    return out


def coverage(text: str) -> Coverage:
    """Parse the first 单位构成 section that names a count or a list of units."""
    for window in _sections(text):
        cov = _parse_coverage(window)
        if cov.names or cov.budget_units is not None:
            return cov
    return Coverage()


def _parse_coverage(window: str) -> Coverage:
    """Names listed, and budget units = 本部 + 下属N家 − those without a budget of their own, when sure."""
    not_sep = vocab.words("coverage", "not_separate")
    names: list[OrgName] = []
    separate_in_list = 0
    for m in vocab.compiled("coverage", "entry").finditer(window):
        line = m.group(0)
        names.append(normalise_org(m.group("name")))
        if not any(w in line for w in not_sep):
            separate_in_list += 1
    sub = vocab.compiled("coverage", "subordinates").search(fold(window))
    count: int | None = None
    if sub:
        n = int(sub.group("n")) if sub.group("n").isdigit() else parse_chinese_numeral(sub.group("n"))
        if n is not None:
            missing = sum(
                1 for m in vocab.compiled("coverage", "entry").finditer(window) if any(w in m.group(0) for w in not_sep)
            )
            count = 1 + n - missing
    if names:
        if count is not None and count != separate_in_list:
            count = None  # the count and the list disagree: unsure
        elif count is None:
            count = separate_in_list
    return Coverage(tuple(names), count if count and count > 0 else None)
