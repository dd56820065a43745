"""The plain data model every pipeline stage reads and annotates.

A reader builds a :class:`Document` (text, page map, raw table grids); later stages add sections, :class:`Table`,
:class:`Claim` and :class:`Finding` objects, each keeping offsets into ``Document.text`` (the exact words)."""

from __future__ import annotations

import bisect
import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal

from .numbers import Number


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}  # a dataclass's field names, looked up once per class


def field_names(cls: type) -> tuple[str, ...]:
    """dataclasses.fields rebuilds its tuple on every call, and the report asks for them once per claim."""
    return _FIELD_NAMES.get(cls) or _FIELD_NAMES.setdefault(cls, tuple(f.name for f in dataclasses.fields(cls)))


VERDICTS = ("ok", "rounding", "mismatch", "direction", "unverified")
"""Claim verdicts, from consistent to not verifiable."""

FLAGGED = ("rounding", "mismatch", "direction")
"""Verdicts that count as a problem a person should look at."""

SEVERITIES = ("error", "warning", "note")


class ReadError(Exception):
    """The input cannot be read; the message is one line naming the reason."""


@dataclass
class RawTable:
    """A grid of cell texts exactly as a reader found it, before recognition.

    ``rows`` holds the cell strings ('' for a blank cell). ``caption`` is the
    text just above the grid (title, 公开NN表, 金额单位) when the reader keeps it
    outside the grid, as PDF readers do. ``cell_spans`` gives, when known, the
    offsets of each cell's text inside ``Document.text``; ``cell_boxes`` gives
    (page, x0, y0, x1, y1) for PDF cells, so evidence can be boxed on the page.
    """

    rows: list[list[str]]
    start: int
    end: int
    page: int | None = None
    caption: str = ""
    cell_spans: list[list[tuple[int, int] | None]] | None = None
    cell_boxes: list[list[tuple[int, float, float, float, float] | None]] | None = None
    continued: bool = False  # the reader joined it from several page fragments


@dataclass
class Section:
    """A heading of the document (第一部分…, 一、…, （一）…, 1. …) and the text it governs."""

    level: int  # 0 part, 1 一、, 2 （一）, 3 1. item
    title: str
    start: int  # offset of the heading
    end: int  # offset where the next heading of the same or higher level starts
    number: str = ""


@dataclass
class Column:
    """A table column, keyed by the path of its header cells (merged headers repeat)."""

    index: int
    path: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.path[-1] if self.path else ""

    @property
    def key(self) -> str:
        return "/".join(self.path)


@dataclass
class Cell:
    """One value cell: where it is and what it holds, in 万元 where it is money."""

    table: str  # Table.id
    row: int  # Row.index
    col: int  # Column.index
    text: str
    value: Decimal | None  # None for non-numeric text; blank cells are Decimal(0)
    offset: tuple[int, int] | None = None
    box: tuple[int, float, float, float, float] | None = None


@dataclass
class Row:
    """A table row keyed by subject code and name; ``side`` splits two-sided tables (收入/支出)."""

    index: int
    name: str
    code: str = ""
    side: str = ""
    cells: dict[int, Cell] = field(default_factory=dict)
    is_total: bool = False
    line_no: int = 0  # 行次 when the table prints one
    within: bool = False  # labelled 其中：… — a part of the row above it, never one more part of a sum

    def value(self, col: int) -> Decimal | None:
        cell = self.cells.get(col)
        return cell.value if cell else None


@dataclass
class Table:
    """A recognised table: its kind (by title and headers), columns and keyed rows."""

    id: str  # stable within a document: t1, t2, … in reading order
    kind: str  # canonical key from patterns/tables.toml, or "unknown"
    title: str
    number: str  # as printed, e.g. 公开05表 ('' if none)
    unit: str  # 万元 / 元 / 亿元 as declared (values are converted to 万元)
    columns: list[Column]
    rows: list[Row]
    start: int
    end: int
    page: int | None = None
    tail_note: bool = False  # 本套报表金额单位转换时可能存在尾数误差
    project: str = ""  # 项目名称, for performance tables
    budget: bool = False  # a budget table: every value is a budget figure (预算数), whatever its header says
    # header cells over every column (财政拨款“三公”经费 above all twelve), worked out once by
    # align.index.spanning_header when first asked for
    spanning: frozenset[str] | None = field(default=None, repr=False, compare=False)

    def column(self, index: int) -> Column | None:
        for c in self.columns:
            if c.index == index:
                return c
        return None

    @property
    def label(self) -> str:
        return self.number or self.title


@dataclass
class Evidence:
    """A table cell (or stated figure) a verdict rests on, shown to the reader."""

    table: str
    title: str
    row: str
    column: str
    value: str
    page: int | None = None
    offset: tuple[int, int] | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "table": self.table,
            "title": self.title,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "page": self.page,
        }


@dataclass
class Recomputed:
    """What narrcheck computed for a claim, written at the claim's own precision (``None``: not computed).

    Shown in every report beside the stated figure, so a reader can redo the arithmetic by hand.
    """

    value: str | None = None  # an amount: the table cell, or the sum of the cells it stands for
    unit: str | None = None  # the unit of ``value``
    pct: str | None = None  # a share, change rate or completion rate
    interval: tuple[str, str] | None = None  # the exact range ``pct`` was rounded from (4 decimals)
    delta: str | None = None  # a change amount
    sum: str | None = None  # the parts of a composition added up
    relation: str | None = None  # a comparison word the figures support (大于, 小于, 等于)
    ocr_conf: str | None = None  # the lowest OCR confidence of the claim's figures, on a scanned page

    def as_dict(self) -> dict[str, object]:
        """The fields computed, in this order (the JSON report's ``recomputed``)."""
        out: dict[str, object] = {}
        for name in field_names(type(self)):
            v = getattr(self, name)
            if v is not None:
                out[name] = list(v) if isinstance(v, tuple) else v
        return out

    def __bool__(self) -> bool:
        return any(getattr(self, name) is not None for name in field_names(type(self)))


@dataclass
class Stated:
    """What a claim's own words say: the figures and words its pattern captured (``None`` / '' when absent).

    Figures keep the decimals they were written with (a ``Number``), so a verdict can read 12.5 as the
    interval [12.45, 12.55); words keep their exact text, so a suggestion can replace them in place.
    """

    value: Number | None = None  # an amount, a count, a score
    pct: Number | None = None  # a share, change rate or completion rate
    delta: Number | None = None  # a change amount
    prior: Number | None = None  # last year's amount, when the sentence states it
    total: Number | None = None  # a composition: the total its parts must make
    parts: list[Number] = field(default_factory=list)  # a composition: the parts listed after 其中
    unit: str = ""  # 万元 / 元 / 亿元 / 千元, or a count's unit (个, 辆 …)
    unit0: str = ""  # the prior amount's own unit, when written apart
    d1: str = ""  # the direction word of the change amount (增加, 减少 …)
    d2: str = ""  # the direction word of the change rate
    alt1: str = ""  # the alternative direction of a template (增加（减少）)
    alt2: str = ""
    rel: str = ""  # a comparison word (大于, 小于, 持平 …)
    base: str = ""  # the base a share or completion names (支出合计, 年初预算 …)
    ref: str = ""  # what a change or comparison is against (比上年, 比2024年预算 …)
    lhs: str = ""  # the two sides a comparison names
    rhs: str = ""
    unit_missing: bool = False  # an amount written bare: the document's unit (万元) assumed

    def find(self, name: str) -> Number | None:
        """The figure ``name`` (value, pct, delta, prior, total), or None when the claim does not state it."""
        n = getattr(self, name)
        return n if isinstance(n, Number) else None

    def figure(self, name: str) -> Number:
        """The figure ``name``, which the caller knows is stated."""
        n = self.find(name)
        if n is None:
            raise LookupError(f"no stated {name}")
        return n


@dataclass
class Context:
    """What the stages learn about a claim beyond its words: where it stands, what it names, what it is
    linked to, the document's conventions it is read under, and what the table reading found.

    Claims link to claims (a share to its part, a change to its current amount, a composition to its
    total and parts), so a judgement reads the figures it rests on without searching again.
    """

    # where it stands (claims.extract): offsets in the normalised narrative, and its headings
    norm: tuple[int, int] = (0, 0)
    norm_sentence: tuple[int, int] = (0, 0)
    norm_paragraph: tuple[int, int] = (0, 0)
    scope: int = -1  # start of the innermost heading's section (-1: none)
    sections: list[str] = field(default_factory=list)  # the headings over it, outermost first
    heading: str = ""  # an item heading (level 3) over it
    message: str = ""  # the pattern's message, shown when a judgement adds none
    # what an amount names (claims.extract)
    entity: str = ""  # the item it is of (名称, or its 类/款/项 path written out)
    measure: str = ""  # budget / actual / prior / '' (what kind of figure)
    path: list[tuple[str, str]] = field(default_factory=list)  # (name, level) of a 类/款/项 path
    inherited: str = ""  # the text it took its item from, when not its own words
    direction: int | None = None  # a change amount's sign (+1, -1, 0 unsigned); None for a level
    year: int = 0  # the year the figure is of, when its clause names one
    respectively: tuple[int, int] | None = None  # (index, count) in a 分别 list
    # what it is linked to (claims.extract)
    part: Claim | None = field(default=None, repr=False)  # a share's numerator amount
    current: Claim | None = field(default=None, repr=False)  # a change's current amount
    budget: Claim | None = field(default=None, repr=False)  # a completion's or comparison's 预算 amount
    actual: Claim | None = field(default=None, repr=False)  # and its 决算 amount
    total: Claim | None = field(default=None, repr=False)  # a composition total (an amount; a change when signed)
    parts: list[Claim] = field(default_factory=list, repr=False)  # a composition's parts
    subtracted: list[Claim] = field(default_factory=list, repr=False)  # a chain's terms taken away (减去…)
    listed_under: Claim | None = field(default=None, repr=False)  # the total of the 其中 list an amount is listed in
    alternatives: list[Claim] = field(default_factory=list, repr=False)  # other amounts it may rest on, tried in turn
    ambiguous: bool = False  # unsure link: a total not in its parts' sentence; a budget of another stage
    complete: bool = False  # the list is the whole of its total (由…构成)
    signed: bool = False  # a composition of change amounts
    # the document's conventions and neighbours (recompute.judge)
    cents: bool = True  # 万元 amounts are written to the cent (recompute.figures.cents_convention)
    tenths: bool = False  # and keep their trailing zeros, so 28.1 is 28.10 (recompute.figures.tenths_exact)
    paragraph_whole: bool = False  # the paragraph writes its 万元 amounts whole
    paragraph_text: str = ""
    sentence_amounts: list[Claim] = field(default_factory=list, repr=False)
    paragraph_amounts: list[Claim] = field(default_factory=list, repr=False)
    siblings: list[Claim] = field(default_factory=list, repr=False)  # every claim of the document
    # what the table reading found (recompute)
    cell: Decimal | None = None  # the cell an amount was compared with, in 万元
    trusted_cell: Decimal | None = None  # the cell its figure is taken to stand for
    converted: bool = False  # the cell's table is in 元 or 亿元
    truncated: bool = False  # the amount is its 元 cell truncated, not rounded
    tail: Decimal | None = None  # a composition off by its 尾数误差
    ocr_conf: float | None = None  # the lowest OCR confidence of its figures (readers.ocrdoubt)


@dataclass
class Claim:
    """One checkable statement in the narrative, with its verdict once judged."""

    id: str
    kind: str  # amount, share, change, completion, comparison, composition, count, score, saving, gap, balance
    pattern: str  # id of the pattern that found it
    start: int
    end: int
    text: str
    sentence: tuple[int, int]
    subject: str
    claimed: Stated
    section: str = ""
    line: int = 0
    page: int | None = None
    recomputed: Recomputed = field(default_factory=Recomputed)
    verdict: str = "unverified"
    evidence: list[Evidence] = field(default_factory=list)
    message: str = ""
    suggestion: str = ""
    number_spans: list[tuple[int, int]] = field(default_factory=list)
    ctx: Context = field(default_factory=Context)  # what the stages learnt about it

    @property
    def flagged(self) -> bool:
        return self.verdict in FLAGGED


@dataclass
class Finding:
    """Something wrong that is not a single claim: a table that does not add up, template residue."""

    rule: str
    severity: str  # error, warning, note
    message: str
    start: int
    end: int
    evidence: list[Evidence] = field(default_factory=list)
    text: str = ""
    line: int = 0
    page: int | None = None
    table: str = ""
    suggestion: str = ""


@dataclass
class DocMeta:
    """What the stages learn about a document as a whole; ``None`` where nothing was learnt.

    Readers set the first group, layout.sections the second, the pipeline's later stages the rest.
    Reports show doctype, year, unit, encoding (and blank_template, silenced when set).
    """

    encoding: str | None = None  # text files: the encoding they were decoded with
    pages: int | None = None  # PDFs: page count
    ocr_pages: list[int] = field(default_factory=list)  # PDFs: pages read by OCR
    tables_path: str | None = None  # --tables: the separate tables file
    tables_offset: int | None = None  # --tables: where its text starts in ``Document.text``
    year: int | None = None  # fiscal year, from the title (or the years the opening names most)
    year_from_title: bool = False  # the title gives the year: sure enough for strict year slots
    doctype: str | None = None  # 决算 / 部门预算 / 单位预算 … ('' when none could be told)
    unit: str | None = None  # the organisation the document is about
    cents: bool = False  # the prose writes 万元 amounts to the cent (recompute.figures.cents_convention)
    tail_note: bool = False  # the document declares 尾数误差
    truncates: int = 0  # 元 → 万元 conversions the document truncates instead of rounding
    numbers: dict[str, int] = field(default_factory=dict)  # number coverage: numbers, in_claims
    blank_template: bool = False  # an unfilled template: placeholders are not reported one by one
    silenced: dict[str, int] | None = None  # findings and claims hidden by --ignore / --baseline

    def shown(self) -> dict[str, object]:
        """The fields a report shows, in this order, leaving out what was never set."""
        out: dict[str, object] = {}
        for k in ("doctype", "year", "unit", "encoding"):
            v = getattr(self, k)
            if v is not None:
                out[k] = v
        if self.blank_template:
            out["blank_template"] = True
        if self.silenced is not None:
            out["silenced"] = self.silenced
        return out


@dataclass
class Document:
    """A disclosure as read, then annotated by every stage of the pipeline."""

    path: str
    text: str
    format: str
    page_starts: list[int] = field(default_factory=list)  # offset where page i+1 starts
    raw_tables: list[RawTable] = field(default_factory=list)
    narrative_only: bool = False  # no tables were found at all
    needs_ocr: bool = False
    warnings: list[str] = field(default_factory=list)
    # filled by later stages
    sections: list[Section] = field(default_factory=list)
    narrative: tuple[int, int] | None = None  # range of the 情况说明 part
    tables: list[Table] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    meta: DocMeta = field(default_factory=DocMeta)
    timings: dict[str, float] = field(default_factory=dict)
    # PDF only: (text_start, text_end, page, x0, y0, x1, y1) per word (per cell in
    # tables) of ``text``, sorted by text_start, so a span can be marked on the page
    boxes: list[tuple[int, int, int, float, float, float, float]] | None = None
    # scanned pages: (start, end, OCR confidence 0–1) of every word or cell read by OCR (readers/ocr.py)
    ocr_conf: list[tuple[int, int, float]] | None = None
    _line_starts: list[int] | None = None
    _section_starts: list[int] | None = None

    def page_of(self, offset: int) -> int | None:
        """1-based page holding ``offset``, or None for inputs without pages."""
        if not self.page_starts:
            return None
        return bisect.bisect_right(self.page_starts, offset)

    def line_of(self, offset: int) -> int:
        """1-based line number of ``offset`` in ``text``."""
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._line_starts = starts
        return bisect.bisect_right(self._line_starts, offset)

    def table(self, table_id: str) -> Table | None:
        for t in self.tables:
            if t.id == table_id:
                return t
        return None

    def section_path(self, offset: int) -> list[Section]:
        """Headings that govern ``offset``, outermost first.

        Sections nest (each ends where the next heading of its level or above
        starts), so the chain is found walking back from the last heading at or
        before ``offset`` until the part (level 0) that holds it.
        """
        if self._section_starts is None or len(self._section_starts) != len(self.sections):
            self._section_starts = [s.start for s in self.sections]
        i = bisect.bisect_right(self._section_starts, offset) - 1
        chain: list[Section] = []
        while i >= 0:
            s = self.sections[i]
            if offset < s.end:
                chain.append(s)
                if s.level == 0:
                    break
            i -= 1
        chain.reverse()
        return chain
