"""Empty tables and the notes under them, against what they hold and what the prose says.

A 政府性基金, 国有资本经营 or “三公” table with nothing to show keeps its
format and says so in a note (注：…无政府性基金预算财政拨款支出，故本表无数据).
Three slips are found: a note saying the table is empty over a table with
figures (``table.empty_note``); a note naming another table's fund, copied
from it (``table.note_fund``); and a blank table whose subject the 情况说明
states with a figure that is not zero (``table.blank_stated``). Vocabulary:
patterns/tables.toml ``[notes]``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import regex

from ..model import Claim, Document, Evidence, Finding, Table
from ..numbers import UNIT_SCALE
from ..patterns import load_toml
from ..tables.cells import cell_evidence


@cache
def _spec() -> dict[str, Any]:
    """patterns/tables.toml [notes]: the note regexes and each table kind's fund words."""
    spec = dict(load_toml("tables.toml")["notes"])
    spec["noted_rx"] = regex.compile(spec["noted_empty"])
    spec["empty_rx"] = regex.compile(spec["empty"], regex.M)
    return spec


def note_findings(doc: Document) -> list[Finding]:
    """Every finding about empty tables and their notes, in table order."""
    out: list[Finding] = []
    for t in doc.tables:
        out.extend(_noted_but_full(doc, t))
        out.extend(_note_of_another_fund(doc, t))
        out.extend(_blank_but_stated(doc, t))
    return out


def _figures(t: Table) -> list:
    return [(r, t.column(i), c) for r in t.rows for i, c in r.cells.items() if c.value]


def _noted_but_full(doc: Document, t: Table) -> list[Finding]:
    """A table whose own note says it is empty (…故本表为空表) but which holds figures."""
    m = _spec()["noted_rx"].search(doc.text[t.end : t.end + 200])
    figures = _figures(t) if m else []
    if not m or not figures:
        return []
    shown = "、".join(c.text for _, _, c in figures[:6])
    return [
        Finding(
            rule="table.empty_note",
            severity="warning",
            message=f"{t.label}的表注说本表为空表，表中却有数（{shown}）：表注或表内容有一处不对。",
            start=t.end + m.start("note"),
            end=t.end + m.end("note"),
            evidence=[cell_evidence(t, r, col, c) for r, col, c in figures[:8]],
            table=t.id,
            page=t.page,
        )
    ]


def _empty_note(doc: Document, t: Table) -> regex.Match | None:
    """The note under a table that says it has no data (within the lines before the next table)."""
    spec = _spec()
    stop = min([u.start for u in doc.tables if u.start > t.end] + [t.end + spec["reach"]])
    return spec["empty_rx"].search(doc.text, t.end, stop)


def _note_of_another_fund(doc: Document, t: Table) -> list[Finding]:
    """注：本部门无政府性基金预算…，故本表为空表 under the 国有资本经营 table: the note names another
    table's fund and not its own, so it was copied from that table and not mended."""
    funds: dict[str, list[str]] = _spec()["funds"]
    own = funds.get(t.kind)
    m = _empty_note(doc, t) if own else None
    if m is None or own is None or any(w in m.group("note") for w in own):
        return []
    other = [w for kind, words in funds.items() if kind != t.kind for w in words if w in m.group("note")]
    if not other:
        return []
    return [
        Finding(
            rule="table.note_fund",
            severity="warning",
            message=f"{t.title or t.label}的表注说的是“{other[0]}”，不是本表的“{own[0]}”：疑为从另一张表抄来未改。",
            start=m.start("note"),
            end=m.end("note"),
            table=t.id,
            page=t.page,
        )
    ]


def _blank_but_stated(doc: Document, t: Table) -> list[Finding]:
    """A table with no figure (blank or noted empty) whose subject the 情况说明 states with a figure that is
    not zero (三公 年初预算0.95万元 over a blank “三公” table): the table or the prose is wrong."""
    spec = _spec()["blank"].get(t.kind)
    if spec is None or _figures(t) or doc.needs_ocr or doc.ocr_conf:
        return []
    stated = [c for c in doc.claims if _states(c, spec)]
    if not stated:
        return []
    c = stated[0]
    return [
        Finding(
            rule="table.blank_stated",
            severity="warning",
            message=f"{t.title or t.label}中没有数，正文却写“{c.subject}”为 {c.text.strip()}：表或正文有一处不对。",
            start=c.start,
            end=c.end,
            evidence=[Evidence(table=t.label, title=t.title, row="", column="", value="（空）", page=t.page)],
            table=t.id,
            page=t.page,
        )
    ]


def _states(c: Claim, spec: dict[str, Any]) -> bool:
    """Whether an amount of the prose gives the table's subject a figure other than zero."""
    n = c.claimed.value if c.kind == "amount" else None
    money = c.claimed.unit in UNIT_SCALE  # 万元, 元 …: a count of cars is no figure of these tables
    if n is None or not n.value or not money or c.ctx.direction is not None or c.ctx.measure not in spec["measures"]:
        return False
    return any(w in (c.subject or "") for w in spec["names"])
