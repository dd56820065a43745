"""Pulling claims out of the narrative: patterns find them, links tie them together.

Every pattern of patterns/claims.toml runs over each sentence of the
normalised narrative. Amounts become claims of their own; shares, changes,
completion rates, comparisons and compositions are then linked to the
amounts they rest on (the numerator before a share, the current amount
before a change, the budget and actual of an item), because the prose
states those relations by position, not by name.

The stages of extraction each have a module: subjects.py (what a figure is of), link.py (the amounts
a claim rests on) and breakdowns.py (其中 and 由…构成 compositions); this one runs the patterns and
builds the claims.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import regex

from ..model import Claim, Context, Document, Stated
from ..numbers import Number, compound_unit, parse_compound, parse_number
from ..textnorm import name_key
from .narrative import Narrative, build
from .breakdowns import compositions
from .itemchanges import item_changes, reason_changes
from .link import link
from .patterns import aliases, claim_patterns, compiled
from .subjects import (
    _clause_year,
    _clean_subject,
    class_path,
    clause_before,
    split_direction,
    target_gap,
    split_measure,
    subject_before,
)

_NUMBER_GROUPS = ("value", "pct", "delta", "prior")
_WORD_GROUPS = ("unit", "unit0", "d1", "d2", "alt1", "alt2", "rel", "base", "ref", "lhs", "rhs")
_YEAR4 = regex.compile(r"20\d\d")
_SPLIT_BY_WORD = regex.compile(r"\p{Han}\d{1,4}(?P<word>\p{Han}{1,2})$")  # 费用56借款|3万元 (extract._intruded)
_COMPOUND_WORDS = regex.compile(r"[兆亿万千]")  # a figure written 75亿7,210万4千 (numbers.parse_compound)


@dataclass
class Hit:
    """A pattern match inside the normalised narrative (offsets in the norm text)."""

    pattern: Any
    start: int
    end: int
    groups: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    respectively: tuple[int, int] | None = None  # (i, n): the i-th of n figures one match lists

    def get(self, name: str) -> str:
        g = self.groups.get(name)
        return g[0] if g else ""


def find_hits(narr: Narrative) -> list[Hit]:
    """All pattern matches inside sentences, numbers taken at most once per role.

    Each pattern runs once over the whole narrative (one call, not one per
    sentence); a match that runs across a sentence end is redone within that
    sentence alone, so no claim ever spans two sentences.
    """
    hits: list[Hit] = []
    taken: set[int] = set()  # norm offsets of numbers already part of a non-amount claim
    listed: set[int] = set()  # … of a respectively list (no single share may take them either)
    text = narr.text
    sents = narr.sentences
    starts = narr.sentence_starts

    def matches(pat):
        redo: set[int] = set()
        for m in pat.rx.finditer(text):
            i = bisect.bisect_right(starts, m.start()) - 1
            if i < 0 or i in redo:
                continue
            if m.end() > sents[i][1]:
                redo.add(i)
                yield from pat.rx.finditer(text, sents[i][0], sents[i][1])
            else:
                yield m

    def required(pat):
        """The pattern's matches inside the sentences that hold what it requires, each sentence scanned alone."""
        found = {bisect.bisect_right(starts, r.start()) - 1 for r in pat.requires.finditer(text)}
        for i in sorted(found - {-1}):
            yield from pat.rx.finditer(text, sents[i][0], sents[i][1])

    for pat in claim_patterns():
        for m in matches(pat) if pat.requires is None else required(pat):
            if pat.respectively:
                items = _respectively(pat, m)
                if any(n in taken for h in items for n in _numbers_of(h)):
                    continue
                hits.extend(items)
                taken.update(n for h in items for n in _numbers_of(h))
                listed.update(n for h in items for n in _numbers_of(h))
                # a list that does not pair up is no one else's either
                taken.update(
                    m.starts(g)[i] for g in ("pct", "delta") if g in pat.rx.groupindex for i in range(len(m.starts(g)))
                )
                continue
            groups = {k: (v, m.start(k), m.end(k)) for k, v in m.groupdict().items() if v is not None}
            if _garbled(text, [groups[g][1] for g in _NUMBER_GROUPS if g in groups]):
                continue
            nums = [groups[g][1] for g in _NUMBER_GROUPS if g in groups and g not in pat.shared]
            if any(n in taken for n in nums) and (pat.kind != "share" or any(n in listed for n in nums)):
                continue
            hits.append(Hit(pat, m.start(), m.end(), groups))
            if pat.kind == "share":
                taken.update(groups[g][1] for g in ("pct",) if g in groups)
            else:
                taken.update(nums)
    hits.sort(key=lambda h: (h.start, h.end))
    return hits


def _garbled(text: str, starts: list[int]) -> bool:
    """A figure right after a mark that stands for a lost character (?8639万元 where the page's encoding lost a
    digit), or split by a word a mirror site put into it (费用56借款3万元 for 563万元): what it reads is not what
    was written (patterns/aliases.toml [garbled])."""
    spec = aliases()["garbled"]
    marks = tuple(spec["before"])
    letter = _stray_letter(spec["stray_letter"])
    return any(
        n > 0
        and (text[n - 1] in marks or letter.search(text, max(0, n - 2), n) or _intruded(text, n, spec["number_words"]))
        for n in starts
    )


@lru_cache(maxsize=2)
def _stray_letter(pattern: str) -> regex.Pattern:
    """A letter a mirror put before a figure (patterns/aliases.toml [garbled] stray_letter)."""
    return regex.compile(pattern)


def _intruded(text: str, n: int, number_words: str) -> bool:
    """Digits, then one or two characters that neither go on with a number nor link two nor say a change, right
    before the figure at ``n``."""
    m = _SPLIT_BY_WORD.search(text, max(0, n - 8), n)
    if m is None or m.group("word")[0] in number_words:
        return False
    directions = aliases()["directions"]
    words = [*directions["up"], *directions["down"], *directions["figure_up"], *directions["figure_down"]]
    return not any(m.group("word").startswith(w) or w.startswith(m.group("word")) for w in words)


def _numbers_of(hit: Hit) -> list[int]:
    return [hit.groups[g][1] for g in _NUMBER_GROUPS if g in hit.groups]


def _respectively(pat: Any, m: Any) -> list[Hit]:
    """One hit per figure a respectively-pattern lists, or none when its lists do not pair up."""
    pcts = list(zip(m.captures("pct"), m.starts("pct"), m.ends("pct")))
    deltas = list(zip(m.captures("delta"), m.starts("delta"), m.ends("delta"))) if "delta" in pat.rx.groupindex else []
    units = m.captures("unit") if "unit" in pat.rx.groupindex else []
    if deltas and len(deltas) != len(pcts):
        return []
    shared = {
        k: (v, m.start(k), m.end(k))
        for k, v in m.groupdict().items()
        if v is not None and k not in ("pct", "delta", "unit")
    }
    out = []
    for i, pct in enumerate(pcts):
        groups = dict(shared, pct=pct)
        start = pct[1]
        if deltas:
            groups["delta"] = deltas[i]
            start = deltas[i][1]
            if units:
                u = units[i] if len(units) == len(deltas) else units[-1]
                groups["unit"] = (u, 0, 0)
        out.append(Hit(pat, start, pct[2], groups, respectively=(i, len(pcts))))
    return out


def _number(hit: Hit, name: str) -> Number | None:
    g = hit.groups.get(name)
    return (parse_number(g[0]) or parse_compound(g[0])) if g else None


def extract(doc: Document) -> tuple[Narrative, list[Claim]]:
    """Build the narrative and every claim in it, linked to the amounts they use."""
    narr = build(doc)
    claims = [_claim_of(doc, narr, hit) for hit in find_hits(narr)]
    link(claims, narr)
    compositions(doc, narr, claims)
    item_changes(doc, narr.text, claims)
    reason_changes(doc, narr.text, claims)
    for i, c in enumerate(sorted(claims, key=lambda c: (c.start, c.end, c.kind))):
        c.id = f"c{i + 1}"
        c.text = doc.text[c.start : c.end]
        c.line = doc.line_of(c.start)
        c.page = doc.page_of(c.start)
    claims.sort(key=lambda c: (c.start, c.end, c.kind))
    _spans(narr, claims)
    return narr, claims


def _claimed(hit: Any, kind: str) -> Stated:
    """The figures and words a pattern hit captured, units completed (170.19亿 is 亿元)."""
    stated = Stated()
    for g in _NUMBER_GROUPS:
        setattr(stated, g, _number(hit, g))
    for g in _WORD_GROUPS:
        word = hit.get(g) or ""
        setattr(stated, g, word + "元" if g in ("unit", "unit0") and word in ("亿", "万", "万亿") else word)
    for figure, unit in (("value", "unit"), ("delta", "unit"), ("prior", "unit0")):
        written = hit.get(figure) or ""
        if getattr(stated, figure) is not None and _COMPOUND_WORDS.search(written):
            setattr(stated, unit, compound_unit(written))  # 75亿7,210万4千元 is read as 757210.4万元
    if kind == "share" and stated.base:
        stated.base = _base_after_verb(stated.base)
    if kind == "amount" and not stated.unit:
        stated.unit, stated.unit_missing = "万元", True  # written bare before a share: the document's unit
    return stated


def _base_after_verb(base: str) -> str:
    """A share's base without the word 占 took with it (占到救助金总额的, 占据全年总销量的; patterns/aliases.toml
    [share_item] verb_tails), unless that word begins the base's own name (占到位资金的)."""
    spec = aliases()["share_item"]
    for w in spec["verb_tails"]:
        if base.startswith(w) and not base.startswith(tuple(spec["not_verb_tails"])) and len(base) > len(w) + 1:
            return base[len(w) :]
    return base


def _subject_of(doc: Document, text: str, hit: Any, kind: str, s0: int) -> tuple[str, int]:
    """(subject, year the figure is of) of a hit: the words before an amount, or the pattern's subject."""
    if kind in ("amount", "count"):
        subject = subject_before(text, hit.start, s0)
        unit_name = name_key(doc.meta.unit) if doc.meta.unit else ""
        if unit_name and subject.startswith(unit_name) and len(subject) > len(unit_name):
            subject = subject[len(unit_name) :]  # 上海市…办事处收入预算 → 收入预算
        return subject, _clause_year(text, hit.start, s0)
    if kind == "score":
        return subject_before(text, hit.start, s0) or hit.get("subject"), 0
    return (_clean_subject(hit.get("subject")) if hit.get("subject") else ""), 0


def _paragraph_of(text: str, pos: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, (len(text) if b == -1 else b)


def _claim_of(doc: Document, narr: Narrative, hit: Any) -> Claim:
    """One claim from one pattern hit, with where it stands (sentence, paragraph, section) and, for an
    amount, the item and measure it names."""
    text, kind = narr.text, hit.pattern.kind
    s0, s1 = narr.sentence_at(hit.start) or (hit.start, hit.start)
    subject, year = _subject_of(doc, text, hit, kind, s0)
    src = narr.to_source(hit.start, hit.end)
    claim = Claim(
        id="",
        kind=kind,
        pattern=hit.pattern.id,
        start=src[0],
        end=src[1],
        text=doc.text[src[0] : src[1]],
        sentence=narr.to_source(s0, s1),
        subject=subject,
        claimed=_claimed(hit, kind),
        number_spans=[narr.to_source(hit.groups[g][1], hit.groups[g][2]) for g in _NUMBER_GROUPS if g in hit.groups],
    )
    path_secs = doc.section_path(src[0])
    claim.section = path_secs[-1].title if path_secs else ""
    claim.ctx = Context(
        scope=(path_secs[-1].start if path_secs else -1),
        sections=[s.title for s in path_secs],
        heading=(path_secs[-1].title if path_secs and path_secs[-1].level >= 3 else ""),
        norm=(hit.start, hit.end),
        norm_sentence=(s0, s1),
        norm_paragraph=_paragraph_of(text, hit.start),
        message=hit.pattern.message,
    )
    if hit.respectively:
        claim.ctx.respectively = hit.respectively
    if year:
        claim.ctx.year = year  # 2015年预算12.5万元: the year the figure is of
    if kind == "amount":
        _name_amount(claim, text, hit.start, s0)
    elif kind == "count":
        # 比上年同期增加7.66万人: a change of a count, never a 其中's total (so is 分别增加2058万人和395万人's second)
        sign = split_direction(compiled(aliases()["directions"]["pair_first"]).sub("", subject))[1]
        if sign and not _to_level(text, hit.start, s0):
            claim.ctx.direction = sign
    return claim


@lru_cache(maxsize=1)
def _prior_lead() -> regex.Pattern:
    """Words that make the amount after them last year's (patterns/aliases.toml [measures] prior_lead)."""
    return regex.compile(aliases()["measures"]["prior_lead"])


def _to_level(text: str, start: int, s0: int) -> bool:
    """True when the direction word before an amount is followed by 为/到/至 (减少为0.00万元: fell to it; patterns/
    aliases.toml [directions] to_level)."""
    return text[s0:start].rstrip().endswith(tuple(aliases()["directions"]["to_level"]))


def _name_amount(claim: Claim, text: str, start: int, s0: int) -> None:
    """The item (entity, with its 类/款/项 path) and measure an amount names; a change amount's sign."""
    subject = claim.subject
    path = class_path(subject)
    if path:
        tail = _clean_subject(subject[subject.rfind("）") + 1 :])
        entity, measure = "".join(f"{n}（{lv}）" for n, lv in path), split_measure(tail)[1]
        claim.subject = entity + tail
    else:
        entity, measure = split_measure(subject)
        entity, sign = split_direction(entity)
        if sign and _to_level(text, start, s0):
            entity, level_measure = split_measure(entity)  # 减少为0.00万元: the level it fell to, no change
            measure, sign = measure or level_measure, 0
            claim.subject = split_direction(subject)[0]
        else:
            sign = sign or target_gap(subject)  # 超“双过半”任务数180万元: a distance from a target, not a level
        if entity == "占":
            entity = ""  # 支出57271万元，占年初预算74261万元的77.1%: the budget of the item before it
        if sign:
            claim.ctx.direction = sign  # 公务接待费减少1.00万元: a change amount, not a level
        elif text[max(s0, start - 1) : start] in ("元", "亿"):
            claim.ctx.direction = 0  # 较2022年决算数688.84万元131.49万元: a change with no word
        lead = _prior_lead()
        if lead.match(subject) or lead.match(clause_before(text, start, s0)):
            measure = "prior"  # 较2022年决算数247.21万元: last year's figure, in no table of this year
    claim.ctx.entity, claim.ctx.measure, claim.ctx.path = entity, measure, path


def _spans(narr: Narrative, claims: list[Claim]) -> None:
    """Each claim as a span of the narrative's Doc, in ``doc.spans["claims"]`` with ``span._.claim``."""
    from spacy.tokens import Span

    if not Span.has_extension("claim"):
        Span.set_extension("claim", default=None)
    spans = []
    for c in claims:
        a, b = c.ctx.norm
        span = narr.doc.char_span(a, b, alignment_mode="expand")
        if span is not None:
            span._.claim = c
            spans.append(span)
    narr.doc.spans["claims"] = spans


_COUNTED = regex.compile(r"(?<![\d.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d])(?!年|月|日|号)")


def number_coverage(doc: Document, narr: Narrative) -> dict[str, int]:
    """How many numbers of the narrative belong to some claim (years, dates and item numbers excluded)."""
    covered = sorted(span for c in doc.claims for span in c.number_spans)
    starts = {s for s, _ in covered}
    total = hit = 0
    for m in _COUNTED.finditer(narr.text):
        after = narr.text[m.end() : m.end() + 1]
        before = narr.text[m.start() - 1 : m.start()] if m.start() else ""
        if after in ("、", ".") and (before in ("\n", "") or before in "（("):
            continue  # item numbering: 1. / 2、
        if before in "（(" and after in "）)":
            continue
        if _YEAR4.fullmatch(m.group()):
            continue
        total += 1
        src = narr.to_source(m.start(), m.end())[0]
        if src in starts:
            hit += 1
    return {"numbers": total, "in_claims": hit}
