"""Template residue: half-filled template text and years that do not fit the document.

Rules are data (patterns/residue.toml). A blank template itself (a
document whose narrative is mostly placeholders) gets one note saying so
instead of one alarm per placeholder: it is not a draft with slips.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache, partial
from typing import Callable

import regex

from ..claims.narrative import Narrative
from ..model import Document, Finding
from ..patterns import load_toml


@lru_cache(maxsize=1)
def residue_rules() -> list[dict]:
    """Rules of patterns/residue.toml, each with its compiled regex under 'rx'."""
    rules = []
    for r in load_toml("residue.toml")["rule"]:
        rules.append({**r, "rx": regex.compile(r["regex"])})
    return rules


def is_blank_template(narr: Narrative) -> bool:
    """True when placeholders outnumber real figures: the 情况说明 of a blank template."""
    text = narr.text
    placeholders = len(regex.findall(r"XX|××|xx|ＸＸ", text)) + len(regex.findall(r"占%|为万元|[加少]万元", text))
    figures = len(regex.findall(r"\d+(?:\.\d+)?(?:万元|%)", text))
    return placeholders >= 10 and placeholders > figures


def _repeats(text: str, spans: list[list[int]], at_least: int) -> dict[str, int]:
    """Texts that recur at least ``at_least`` times among the hits (0: never collapse), with their count.

    A mirror site that doubles every comma gives the same ``,,`` dozens of times: one finding with the
    count is read, a screenful of the same line is not.
    """
    if not at_least:
        return {}
    seen = Counter(text[a:b] for a, b in spans)
    return {k: n for k, n in seen.items() if n >= at_least}


def residue_findings(doc: Document, narr: Narrative) -> list[Finding]:
    """Every residue rule hit in the narrative, the notes the judged claims leave, and year checks."""
    text = narr.text
    if is_blank_template(narr):
        doc.meta.blank_template = True
        s, e = narr.to_source(0, min(len(text), 1))
        note = "这是一份未填写的空白模板：占位符不逐一报告。"
        return [Finding(rule="residue.blank_template", severity="note", message=note, start=s, end=e)]
    out: list[Finding] = []
    for rule in residue_rules():
        if rule.get("doctype") and rule["doctype"] != doc.meta.doctype:
            continue  # a rule for one type of document (部门预算 written in a 单位预算)
        out.extend(_rule_findings(doc, rule, narr.text, narr.to_source))
        if rule.get("outside_narrative") and doc.narrative is not None:
            # the text around the 情况说明 (cover, table titles, 名词解释), read as it stands: a placeholder left in a
            # title (第二部分上海市普陀区XX局2024年度部门决算表) is as unfinished as one in the prose
            for a, b in ((0, doc.narrative[0]), (doc.narrative[1], len(doc.text))):
                out.extend(_rule_findings(doc, rule, doc.text[a:b], partial(_shifted, a)))
    out.extend(_claim_notes(doc))
    out.extend(_year_findings(doc, narr))
    return out


_LAID_OUT_AS_TEXT = ("text", "html")  # formats whose tables may be printed as lines of text (pdftotext, <pre>)
_SENTENCE_MARK = regex.compile(r"[，。；！？,;]")
_GAP = regex.compile(r"[ \t\u3000]{2,}")
_SHORT_LINE = 40  # characters: a line this short with no sentence mark is a table's head, not wrapped prose
_NUMBERS = regex.compile(r"(?:^|\s)-?\d[\d,]*(?:\.\d+)?(?=\s|$)")


def in_table_line(text: str, start: int, end: int) -> bool:
    """Whether a hit stands in a table printed as text (a page's tables through pdftotext: 金额  所占比重%  增长%
    over 地域财政总收入  35744603  35590998  100.00  -0.43): its line has no sentence mark, and it is short (a column
    head on a line of its own), a row of cells set apart by wide gaps, or it or one of the next three lines holds two
    figures standing apart — a column head, not a blank left in prose (whose lines run on, marked by commas)."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    if _SENTENCE_MARK.search(text, lo, hi):
        return False
    line = text[lo:hi].strip()
    if len(line) <= _SHORT_LINE:
        return True
    cells = [c for c in _GAP.split(line) if c]
    if len(cells) >= 3 and sorted(len(c) for c in cells)[len(cells) // 2] >= 2:
        return True  # 金额  所占比重%  增长%, not letter-spaced prose (增  长  %)
    below = [ln for ln in text[hi : hi + 400].split("\n") if ln.strip()][:3]
    return any(len(_NUMBERS.findall(ln)) >= 2 for ln in (line, *below))


def _shifted(base: int, start: int, end: int) -> tuple[int, int]:
    """Offsets in a slice of the document text that starts at ``base``, as document offsets."""
    return start + base, end + base


def _rule_findings(
    doc: Document, rule: dict, text: str, to_source: Callable[[int, int], tuple[int, int]]
) -> list[Finding]:
    """The hits of one residue rule in ``text`` (``to_source`` maps its offsets into the document); hits a few
    characters apart are one slip, and the same slip repeated many times (a mirror's doubled commas) is one
    finding with its count."""
    spans: list[list[int]] = []
    for m in rule["rx"].finditer(text):
        # hits a few characters apart are one slip (增加（减少）0万元，增长（下降）0%)
        if spans and rule.get("merge_nearby") and m.start() - spans[-1][1] <= 12:
            spans[-1][1] = m.end()
        else:
            spans.append([m.start(), m.end()])
    counts = _repeats(text, spans, rule.get("collapse_repeats", 0))
    out = []
    for a, b in spans:
        n = counts.get(text[a:b], 1)
        if n == 0:
            continue  # a repeat of a slip already reported with its count
        m = rule["rx"].match(text, a)
        s, e = to_source(a, b)
        if rule.get("skip_table_lines") and doc.format in _LAID_OUT_AS_TEXT and in_table_line(doc.text, s, e):
            continue  # a PDF's or Word file's tables are grids of their own, and its lines are the prose's
        sugg = m.expand(rule["suggest"]) if rule.get("suggest") and m else ""
        message = rule["message"].format(text=" ".join(doc.text[s:e].split()))  # a hit across a line break, one line
        if n > 1:
            counts[text[a:b]] = 0
            note = f"（全文共 {n} 处相同，多为排版或转换所致，可一并替换）"
            message = message[:-1] + note + "。" if message.endswith("。") else message + note
        out.append(
            Finding(rule=rule["id"], severity=rule["severity"], message=message, start=s, end=e, suggestion=sugg)
        )
    return out


def _claim_notes(doc: Document) -> list[Finding]:
    """Notes the judged claims leave: a 元 → 万元 truncation convention, a 其中 list off by its tail,
    an amount written without a unit."""
    out = []
    truncated = [c for c in doc.claims if c.ctx.truncated]
    if truncated:
        shown = "、".join(c.claimed.figure("value").text for c in truncated[:6])
        out.append(
            Finding(
                rule="narrative.truncation",
                severity="note",
                message=f"本文件把元换算为万元时一律截尾而不四舍五入（{shown}）：按其惯例视为一致，如需四舍五入请统一修改。",
                start=truncated[0].start,
                end=truncated[0].end,
                evidence=[e for c in truncated for e in c.evidence],
            )
        )
    for c in doc.claims:
        if c.kind == "composition" and c.ctx.tail:
            out.append(
                Finding(
                    rule="narrative.composition_tail",
                    severity="note",
                    message=c.message,
                    start=c.start,  # at the total: the list's parts carry marks of their own (shares, amounts)
                    end=c.ctx.total.end if c.ctx.total is not None and c.ctx.total.start == c.start else c.end,
                    evidence=list(c.evidence),
                )
            )
        if c.claimed.unit_missing:
            out.append(
                Finding(
                    rule="residue.missing_unit",
                    severity="note",
                    message=f"金额 {c.text} 没有写单位（按万元理解）。",
                    start=c.start,
                    end=c.end,
                    suggestion=c.text + " 万元",
                )
            )
    return out


@lru_cache(maxsize=1)
def year_slots() -> list[dict]:
    """The [[year_slot]] entries of patterns/residue.toml, each with its compiled regex under 'rx'."""
    return [{**r, "rx": regex.compile(r["regex"])} for r in load_toml("residue.toml")["year_slot"]]


def wrong_years(text: str, year: int, doctype: str, strict: bool = True) -> list[tuple[int, int, int, dict]]:
    """(start, end, year written, slot) for every slot year outside the years its slot allows.

    A year several slots read (``2023年度部门决算``: a template year and the 决算's own year)
    is reported once, by the strictest slot, so a reader sees one finding per written year.
    ``strict`` False (the year was guessed, not read from a title) keeps only the slots for any document.
    """
    hits: dict[tuple[int, int], tuple[int, dict]] = {}
    for slot in year_slots():
        if slot.get("stage") and (not strict or slot["stage"] not in doctype):
            continue
        allowed = {year + k for k in slot["offsets"]}
        for m in slot["rx"].finditer(text):
            y = int(m.group("year"))
            if y not in allowed:
                hits[m.span("year")] = (y, slot)
    return [(a, b, y, slot) for (a, b), (y, slot) in sorted(hits.items())]


def _year_findings(doc: Document, narr: Narrative) -> list[Finding]:
    year = doc.meta.year
    if not year:
        return []
    doctype = doc.meta.doctype or ""
    out = []
    for a, b, y, slot in wrong_years(narr.text, year, doctype, doc.meta.year_from_title):
        ctx = narr.text[max(0, a - 2) : b + 6]
        s, e = narr.to_source(a, b)
        out.append(
            Finding(
                rule=slot["id"],
                severity="warning",
                message=f"年份 {y} 与文件年度 {year}（{doctype or '文件'}）不符：“{ctx}”。",
                start=s,
                end=e,
            )
        )
    return out
