"""Pulling claims out of the narrative: patterns find them, links tie them together.

Every pattern of patterns/claims.toml runs over each sentence of the
normalised narrative. Amounts become claims of their own; shares, changes,
completion rates, comparisons and compositions are then linked to the
amounts they rest on (the numerator before a share, the current amount
before a change, the budget and actual of an item), because the prose
states those relations by position, not by name.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

import regex

from ..model import Claim, Context, Document, Stated
from ..numbers import Number, parse_number
from ..textnorm import name_key
from .narrative import Narrative, build
from .patterns import aliases, claim_patterns

_NUMBER_GROUPS = ("value", "pct", "delta", "prior")
_FIGURE_GROUPS = _NUMBER_GROUPS
_WORD_GROUPS = ("unit", "unit0", "d1", "d2", "alt1", "alt2", "rel", "base", "ref", "lhs", "rhs")
_BOUNDARY = regex.compile(r"[，。；：！？\n]|(?<=[元%个辆次台套项人])、|其中")
_BOUNDARY_BACK = regex.compile(_BOUNDARY.pattern, flags=regex.REVERSE)  # the last boundary before a number
_PATH = regex.compile(r"(?P<name>[^（）]+?)（(?P<level>类|款|项)）")
_QIZHONG = regex.compile(r"其中[：，]?")
_PRIOR_LEAD = regex.compile(r"^(?:较|比|与|同比)(?:20\d\d年度?|上年度?|上一年度?|去年|上年同期)")
_YEAR4 = regex.compile(r"20\d\d")
_ITEM_NO = regex.compile(r"^[（(]\d+[）)]")
_UNIT_YEAR = regex.compile(r"^.{0,40}?20\d\d年度?(?=\S)")
_YEAR_LEAD = regex.compile(r"^(?:截至)?(?:20\d\d年(?:度)?(?:\d{1,2}月\d{1,2}日)?|本年度|上年度)")


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


def _clean_subject(text: str) -> str:
    s = name_key(text)
    s = _ITEM_NO.sub("", s)
    s = _YEAR_LEAD.sub("", s)
    # “上海市普陀区财政局2024年度收入支出总计”: the unit's name and the year carry no identity
    s = _UNIT_YEAR.sub("", s)
    strip = aliases()["strip"]
    changed = True
    while changed and s:
        changed = False
        for w in strip["leading"]:
            if s.startswith(w) and len(s) > len(w):
                s, changed = s[len(w) :], True
        for w in strip["trailing"]:
            if s.endswith(w) and len(s) > len(w):
                s, changed = s[: -len(w)], True
        s2 = _YEAR_LEAD.sub("", s)
        if s2 != s:
            s, changed = s2, True
    return s


_CLAUSE_YEAR = regex.compile(r"(20\d\d)年")


def _clause_year(text: str, pos: int, floor: int) -> int:
    """The year a figure's clause names (公务车辆运行2016年预算25万元 → 2016), 0 if none or several."""
    m = _BOUNDARY_BACK.search(text, floor, pos)
    years = {y.group(1) for y in _CLAUSE_YEAR.finditer(text, m.end() if m else floor, pos)}
    return int(years.pop()) if len(years) == 1 else 0


def subject_before(text: str, pos: int, floor: int = 0) -> str:
    """The clause text just before ``pos``: what a number is the amount of."""
    m = _BOUNDARY_BACK.search(text, floor, pos)
    start = m.end() if m else floor
    raw = text[start:pos]
    if "（项）" in raw or "（款）" in raw or "（类）" in raw:
        return raw.strip()
    return _clean_subject(raw)


def split_measure(subject: str) -> tuple[str, str]:
    """(entity, measure) where measure is 'budget', 'actual' or ''."""
    measures = aliases()["measures"]
    for kind in ("budget", "actual"):
        for w in sorted(measures[kind], key=len, reverse=True):
            if subject.endswith(w):
                entity = subject[: -len(w)]
                entity = entity[:-1] if entity.endswith(("的", "为")) else entity
                return entity, kind
    return subject, ""


def split_direction(subject: str) -> tuple[str, int]:
    """(entity, sign) of a subject ending with a direction word (公务接待费减少 → 公务接待费, -1)."""
    words = aliases()["directions"]
    for sign, key_ in ((1, "up"), (-1, "down")):
        for w in sorted(words[key_], key=len, reverse=True):
            if subject.endswith(w):
                return subject[: -len(w)].rstrip("了"), sign
    return subject, 0


def class_path(subject: str) -> list[tuple[str, str]]:
    """[(name, 类/款/项), …] of a subject written as X（类）Y（款）Z（项）."""
    return [(m.group("name").strip("。，；：1234567890.、 "), m.group("level")) for m in _PATH.finditer(subject)]


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

    for pat in claim_patterns():
        for m in matches(pat):
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
            nums = [groups[g][1] for g in _NUMBER_GROUPS if g in groups]
            if any(n in taken for n in nums) and (pat.kind != "share" or any(n in listed for n in nums)):
                continue
            hits.append(Hit(pat, m.start(), m.end(), groups))
            if pat.kind == "share":
                taken.update(groups[g][1] for g in ("pct",) if g in groups)
            else:
                taken.update(nums)
    hits.sort(key=lambda h: (h.start, h.end))
    return hits


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
    return parse_number(g[0]) if g else None


def extract(doc: Document) -> tuple[Narrative, list[Claim]]:
    """Build the narrative and every claim in it, linked to the amounts they use."""
    narr = build(doc)
    claims = [_claim_of(doc, narr, hit) for hit in find_hits(narr)]
    _link(claims, narr.text)
    _compositions(doc, narr, claims)
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
    for g in _FIGURE_GROUPS:
        setattr(stated, g, _number(hit, g))
    for g in _WORD_GROUPS:
        word = hit.get(g) or ""
        setattr(stated, g, word + "元" if g in ("unit", "unit0") and word in ("亿", "万") else word)
    if kind == "amount" and not stated.unit:
        stated.unit, stated.unit_missing = "万元", True  # written bare before a share: the document's unit
    return stated


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
    return claim


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
        if entity == "占":
            entity = ""  # 支出57271万元，占年初预算74261万元的77.1%: the budget of the item before it
        if sign:
            claim.ctx.direction = sign  # 公务接待费减少1.00万元: a change amount, not a level
        elif text[max(s0, start - 1) : start] in ("元", "亿"):
            claim.ctx.direction = 0  # 较2022年决算数688.84万元131.49万元: a change with no word
        if _PRIOR_LEAD.match(subject):
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


def _amounts(claims: list[Claim], kinds: tuple[str, ...] = ("amount",)) -> list[Claim]:
    return [c for c in claims if c.kind in kinds]


def _link(claims: list[Claim], text: str) -> None:
    """Tie shares, changes, completions and comparisons to the amounts they rest on."""
    amounts = _amounts(claims)
    # grouped once, so linking stays linear in the number of claims, not quadratic
    by_sentence: dict[tuple[int, int], list[Claim]] = {}
    by_paragraph: dict[tuple[int, int], list[Claim]] = {}
    by_scope: dict[int, list[Claim]] = {}
    for a in amounts:
        by_sentence.setdefault(a.ctx.norm_sentence, []).append(a)
        by_paragraph.setdefault(a.ctx.norm_paragraph, []).append(a)
        by_scope.setdefault(a.ctx.scope, []).append(a)
    _inherit_items(amounts, by_sentence)
    ends_s = {k: [a.ctx.norm[1] for a in v] for k, v in by_sentence.items()}
    by_entity: dict[tuple[int, str], list[Claim]] = {}
    for a in amounts:
        if a.ctx.direction is None and a.ctx.measure in ("actual", "") and a.ctx.entity:
            by_entity.setdefault((a.ctx.scope, name_key(a.ctx.entity)), []).append(a)
    ends_p = {k: [a.ctx.norm[1] for a in v] for k, v in by_paragraph.items()}
    for c in claims:
        n0 = c.ctx.norm[0]
        sent = c.ctx.norm_sentence
        para = c.ctx.norm_paragraph
        before_in_sentence = _up_to(by_sentence, ends_s, sent, n0)
        before_in_para = _up_to(by_paragraph, ends_p, para, n0)
        if c.ctx.respectively:
            _link_respectively(c, before_in_sentence)
            continue
        if c.kind == "share":
            clause_start = max(text.rfind("；", sent[0], n0), sent[0])
            cands = [a for a in before_in_sentence if a.ctx.norm[0] >= clause_start]
            if cands:
                c.ctx.part = cands[-1]
                c.start = min(c.start, cands[-1].start)
                c.subject = c.subject or _named(cands[-1])
        elif c.kind == "change":
            if c.subject:
                same = [a for a in before_in_para if _similar(_entity(a), c.subject)]
            else:
                same = []
            # a named change (同口径收入减少 …) rests on an amount of that name; an unnamed one on the
            # amount its own sentence states before it, never on some other figure of the paragraph
            pool = same if c.subject else [a for a in before_in_para if a.ctx.norm_sentence == sent]
            if not pool and c.subject:
                pool = _named_elsewhere(c, by_entity)
            actual = [a for a in pool if a.ctx.measure != "budget"]
            if actual or pool:
                cur = (actual or pool)[-1]
                c.ctx.current = cur
                c.subject = c.subject or _named(cur)
                if cur.ctx.norm_sentence == sent and n0 - cur.ctx.norm[1] <= _PAIR_REACH:
                    c.start = min(c.start, cur.start)  # the claim is the pair: current amount and its change
        elif c.kind in ("completion", "comparison"):
            pool = before_in_para
            if c.kind == "comparison" and not any(a.ctx.measure == "budget" for a in pool):
                pool = [a for a in by_scope.get(c.ctx.scope, ()) if a.ctx.norm[1] <= n0]
            budget = [a for a in pool if a.ctx.measure == "budget"]
            actual = [a for a in pool if a.ctx.measure == "actual"] or _share_frame_actual(budget, before_in_sentence)
            base = c.claimed.base
            named = [a for a in budget if base and base in a.subject and base != "预算"]
            if named:
                budget = named  # 完成年初预算的 x%: the 年初预算 figure, even if a 全年预算 follows it
            # the budget must be the same item's: a sub-item's rate (其中：公务接待费支出决算为 0.70万元，
            # 完成预算的35.00%) whose own budget is not stated cannot use the group's budget
            budget = [b for b in budget if actual and _same_item(b, actual[-1])]
            if budget and actual:
                c.ctx.budget, c.ctx.actual = budget[-1], actual[-1]
                c.subject = c.subject or _named(actual[-1])
                if (
                    c.kind == "completion"
                    and budget[-1].ctx.norm_sentence == sent
                    and n0 - budget[-1].ctx.norm[1] <= _PAIR_REACH
                ):
                    c.start = min(
                        c.start, budget[-1].start, actual[-1].start
                    )  # the rate with the two figures it divides


def _share_frame_actual(budget: list[Claim], in_sentence: list[Claim]) -> list[Claim]:
    """完成财政总收入4348万元，占年初预算10065万元的43.2%: the amount just before a 占<budget> frame of its
    sentence, whatever measure its words name, is the figure the rate divides (the budget took its item
    from it); none when that amount is itself a budget or a change."""
    if not budget or not budget[-1].subject.startswith("占") or budget[-1] not in in_sentence:
        return []
    i = in_sentence.index(budget[-1])
    prev = in_sentence[i - 1] if i > 0 else None
    ok = prev is not None and prev.ctx.direction is None and prev.ctx.measure in ("", "actual")
    return [prev] if ok and prev is not None else []


_LINK_WINDOW = 32
_PAIR_REACH = 120  # a claim's text takes in the figures it rests on only when they are this close


def _named_elsewhere(c: Claim, by_entity: dict[tuple[int, str], list[Claim]]) -> list[Claim]:
    """This year's amount of the item a named change is about (公务接待费支出决算增加0.16万元，增长7.4%),
    stated elsewhere in its section (公务接待费支出决算为2.38万元): only when the section states one
    figure under exactly that name."""
    entity = name_key(split_measure(c.subject)[0])
    found = by_entity.get((c.ctx.scope, entity), [])
    return found[:1] if len({str(a.claimed.figure("value").value) for a in found}) == 1 else []


def _up_to(
    groups: dict[tuple[int, int], list[Claim]], ends: dict[tuple[int, int], list[int]], k: tuple[int, int], pos: int
) -> list[Claim]:
    """The amounts of one sentence or paragraph that end at or before ``pos``, the nearest
    :data:`_LINK_WINDOW` of them (a claim rests on figures just before it; bisect and a bounded
    window keep linking linear in the text)."""
    group = groups.get(k, [])
    i = bisect.bisect_right(ends.get(k, []), pos)
    return group[max(0, i - _LINK_WINDOW) : i]


def _entity(a: Claim) -> str:
    """The item an amount names (maybe ''); any other claim's subject."""
    return a.ctx.entity if a.kind == "amount" else a.subject


def _link_respectively(c: Claim, before: list[Claim]) -> None:
    """The i-th of n listed figures rests on the i-th of the n level amounts just before the list."""
    i, n = c.ctx.respectively or (0, 0)
    levels = [a for a in before if a.ctx.direction is None and a.ctx.measure != "prior"]
    if len(levels) < n:
        return  # fewer amounts than figures: nothing to pair with (unverified)
    a = levels[len(levels) - n + i]
    if c.kind == "share":
        c.ctx.part = a
    else:
        c.ctx.current = a
    c.subject = c.subject or _named(a)


def _inherit_items(amounts: list[Claim], by_sentence: dict[tuple[int, int], list[Claim]]) -> None:
    """Give measure-only amounts (年初预算为 …，支出决算为 …) the item they belong to.

    The item is the nearest thing before the amount that names one: an amount of the same
    sentence with a subject of its own, else the last amount written under a 类/款/项 path
    in the same section (an item heading that carries no number of its own:
    “公共安全支出（类）…（项）”288.14万元 …), else the numbered heading above it. Numbering
    alone does not delimit items: several un-numbered items may follow one number.
    """
    anchors = [b for b in amounts if b.ctx.path]
    anchor_starts = [b.start for b in anchors]
    named: dict[tuple[int, int], Claim] = {}  # the last amount of each sentence that names its subject
    for a in amounts:
        sent = a.ctx.norm_sentence
        if not (a.ctx.entity or a.ctx.path):
            _inherit(a, named.get(sent), anchors, anchor_starts)
        if a.ctx.entity or a.ctx.path:
            named[sent] = a


def _inherit(a: Claim, prev: Claim | None, anchors: list[Claim], anchor_starts: list[int]) -> None:
    """Set the item of one measure-only amount: its sentence's, its section's last path, or its heading's."""
    if prev is not None:
        a.ctx.entity, a.ctx.path, a.ctx.inherited = (
            prev.ctx.entity,
            prev.ctx.path,
            prev.subject,
        )
        return
    scope = a.ctx.scope
    i = bisect.bisect_left(anchor_starts, a.start) - 1
    if i >= 0 and anchors[i].start >= scope and anchors[i].ctx.scope == scope:
        b = anchors[i]
        a.ctx.entity, a.ctx.path, a.ctx.inherited = b.ctx.entity, b.ctx.path, b.subject
        return
    # a numbered item's heading names the subject (1. X（类）Y（款）Z（项）。年初预算为 …)
    heading = a.ctx.heading
    path = class_path(heading)
    if path:
        a.ctx.path = path
        a.ctx.entity = "".join(f"{n}（{lv}）" for n, lv in path)
        a.ctx.inherited = heading


def _same_item(a: Claim, b: Claim) -> bool:
    """Two amounts are figures of one item: the same 类/款/项 path, or similar entities (either may be
    inherited from the other), or neither names an item (年初预算数 …，全年执行数 … of one paragraph)."""
    pa, pb = a.ctx.path or [], b.ctx.path or []
    if pa or pb:
        return [n for n, _ in pa] == [n for n, _ in pb]
    ea, eb = name_key(a.ctx.entity), name_key(b.ctx.entity)
    if not ea or not eb:
        return not ea and not eb
    from rapidfuzz import fuzz

    # no containment here: 省级 (支出) is not the item of 省级收入 (预算)
    return ea == eb or fuzz.ratio(ea, eb) >= 85


def _named(amount: Claim) -> str:
    """What an amount is of, for a claim that rests on it: its subject as written, or the
    entity it inherited when the subject is only a measure (支出决算为 …)."""
    if amount.ctx.inherited:
        return amount.ctx.entity or amount.subject
    return amount.subject


def _similar(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

    a, b = name_key(a), name_key(b)
    return bool(a and b) and (a in b or b in a or fuzz.ratio(a, b) >= 80)


_MONEY_UNITS = ("万元", "元", "亿元", "千元")


def _compositions(doc: Document, narr: Narrative, claims: list[Claim]) -> None:
    """Add a composition claim for each 其中 list: parts against their stated total.

    The frame decides what the list breaks down: a 其中 inside brackets belongs to the amount just
    before the bracket and ends at its close; a list runs to the next 其中 of its sentence (a nested
    其中 breaks down the part before it, not the total); bracketed sub-breakdowns are not parts; a list
    of change amounts (其中：公务接待费减少1.00万元 …) breaks down the change before it, not a level.
    """
    text = narr.text
    amounts = _amounts(claims, ("amount", "count"))
    changes = [c for c in claims if c.kind == "change" and c.claimed.delta is not None and c.claimed.d1]
    new: list[Claim] = []
    for m in _QIZHONG.finditer(text):
        sent = narr.sentence_at(m.start())
        if sent is None:
            continue
        for tot, ps, signed in _frames(doc, narr, amounts, changes, m, sent):
            c = _composition_claim(doc, tot, ps, signed)
            if c is not None and not signed:
                # other totals the frame could mean: judged if the first does not fit; when the total is
                # not in the 其中's own sentence and others are possible, no alarm is raised on a guess
                others = [
                    a
                    for a in amounts
                    if a.ctx.direction is None
                    and a is not tot
                    and a.ctx.norm_paragraph == tot.ctx.norm_paragraph
                    and a.ctx.norm[1] <= m.start()
                    and a.ctx.measure == tot.ctx.measure
                    and a.claimed.unit in _MONEY_UNITS
                ]
                c.ctx.alternatives = others
                c.ctx.ambiguous = bool(others) and tot.ctx.norm_sentence != sent
            if c is not None:
                new.append(c)
    new.extend(_breakdowns(doc, narr, amounts))
    claims.extend(new)


def _breakdowns(doc: Document, narr: Narrative, amounts: list[Claim]) -> list[Claim]:
    """A composition claim for each 由…构成 of a total (patterns/aliases.toml [breakdown]).

    The total is the last level amount before 由 in its own sentence, outside brackets; the parts are
    the level amounts inside the breakdown. Such a list is complete by its wording, so a part larger
    than the total is an error of the total, not a sign of another list.
    """
    text = narr.text
    level = sorted((a for a in amounts if a.ctx.direction is None), key=lambda a: a.ctx.norm[0])
    starts = [a.ctx.norm[0] for a in level]
    out = []
    for m in regex.finditer(aliases()["breakdown"]["regex"], text):
        sent = narr.sentence_at(m.start())
        if sent is None:
            continue
        before = level[bisect.bisect_left(starts, sent[0]) : bisect.bisect_left(starts, m.start())]
        head = next(
            (
                a
                for a in reversed(before)
                if a.ctx.norm_sentence == sent
                and a.ctx.norm[1] <= m.start()
                and not narr.unclosed_bracket(a.ctx.norm[1], m.start())
            ),
            None,
        )
        parts = level[bisect.bisect_left(starts, m.start("body")) : bisect.bisect_left(starts, m.end("body"))]
        c = _composition_claim(doc, head, parts, False) if head is not None else None
        if c is not None:
            c.pattern = "composition.breakdown"
            c.ctx.complete, c.ctx.message = True, "Amounts a total is 由…构成 of must add up to it."
            out.append(c)
    return out


def _frames(
    doc: Document, narr: Narrative, amounts: list[Claim], changes: list[Claim], m, sent
) -> list[tuple[Claim, list[Claim], bool]]:
    """(total, parts, signed) lists a 其中 at ``m`` opens, by the frame it stands in."""
    text, pos = narr.text, m.start()
    level = [a for a in amounts if a.ctx.direction is None]
    bracket = text.rfind("（", sent[0], pos)
    if bracket >= 0 and narr.unclosed_bracket(bracket, pos):
        close = text.find("）", m.end(), sent[1])
        end = close if close >= 0 else sent[1]
        parts = [a for a in level if m.end() <= a.ctx.norm[0] < end]
        heads = [a for a in level if sent[0] <= a.ctx.norm[0] and a.ctx.norm[1] <= bracket]
        return [(heads[-1], parts, False)] if heads else []
    tail = text[m.end() : sent[1]].strip("。 \n")
    para = _para(text, pos)
    totals = [
        a
        for a in level
        if a.ctx.norm[1] <= pos
        and not narr.unclosed_bracket(a.ctx.norm[1], pos)
        and (a.ctx.norm_sentence == sent or a.ctx.norm_paragraph == para and a.ctx.norm[0] >= para[0] - 400)
    ]
    if tail:
        nested = [
            n.start()
            for n in _QIZHONG.finditer(text, m.end(), sent[1])
            if not narr.unclosed_bracket(m.end(), n.start())
        ]
        end = nested[0] if nested else sent[1]
        parts = [
            a
            for a in amounts
            if a.ctx.norm_sentence == sent
            and m.end() <= a.ctx.norm[0] < end
            and not narr.unclosed_bracket(m.end(), a.ctx.norm[0])
        ]
        moved = [c for c in changes if c.ctx.norm_sentence == sent and c.ctx.norm[1] <= pos]
        if parts and all(p.ctx.direction for p in parts):  # every part a signed change amount
            return [(moved[-1], parts, True)] if moved else []
        levels = [p for p in parts if p.ctx.direction is None]
        if not totals or (len(levels) < len(parts) and len({p.ctx.measure for p in levels}) < 2):
            return []  # change amounts mixed with levels of one measure: no frame to judge by
        # an item list stating each item's 预算数, 决算数 and 上年数 (its changes beside them): by measure
        return _by_measure(totals, levels)
    # the list ends the sentence: its parts are the first amounts of the next sentences, by measure
    src_pos = narr.to_source(pos, pos + 1)[0]
    scope_end = _scope_end(doc, src_pos)
    later = [a for a in level if src_pos <= a.start < scope_end]
    out: list[tuple[Claim, list[Claim], bool]] = []
    used_measures: set[str] = set()
    for tot in reversed(totals[-3:]):
        meas = tot.ctx.measure
        if meas in used_measures:
            continue
        used_measures.add(meas)
        ps = _first_per_sentence(text, later, (meas,))
        if len(ps) < 2 and meas:
            ps = _first_per_sentence(
                text, later, (meas, "")
            )  # 收入总预算 … 其中：1、一般公共财政预算拨款 …: unmarked parts
        out.append((tot, ps, False))
    return out


def _first_per_sentence(text: str, amounts: list[Claim], measures: tuple[str, ...]) -> list[Claim]:
    """The first amount of each sentence among ``amounts`` whose measure is one of ``measures``;
    a sentence opening with 其中 breaks down the part before it and gives none."""
    seen: set[tuple[int, int]] = set()
    out = []
    for a in amounts:
        sent = a.ctx.norm_sentence
        if sent in seen or a.ctx.measure not in measures or text.startswith("其中", sent[0]):
            continue
        seen.add(a.ctx.norm_sentence)
        out.append(a)
    return out


def _by_measure(totals: list[Claim], parts: list[Claim]) -> list[tuple[Claim, list[Claim], bool]]:
    """Parts of several measures in one list (预算数为 …，决算支出数为 …，较2022年决算数 … for each item)
    break down the total of their own measure; one measure breaks down the nearest total."""
    measures = {p.ctx.measure for p in parts}
    if len(measures) == 1:
        return [(totals[-1], parts, False)]
    out = []
    for meas in sorted(measures):
        own = [t for t in totals if t.ctx.measure == meas]
        if own:
            out.append((own[-1], [p for p in parts if p.ctx.measure == meas], False))
    return out


def _composition_claim(doc: Document, tot: Claim, ps: list[Claim], signed: bool) -> Claim | None:
    """The composition claim of one frame, or None when fewer than two parts share the total's unit."""
    unit = tot.claimed.unit
    if unit in _MONEY_UNITS or signed:
        ps = [p for p in ps if p.claimed.unit in _MONEY_UNITS]  # amounts convert; counts do not
    else:
        ps = [p for p in ps if p.claimed.unit == unit]
    if len(ps) < 2:
        return None
    figure = tot.claimed.figure("delta") if signed else tot.claimed.figure("value")
    c = Claim(
        id="",
        kind="composition",  # of amounts or of counts; of change amounts when signed
        pattern="composition.change" if signed else "composition.qizhong",
        start=tot.start,
        end=max(p.end for p in ps),
        text="",
        sentence=tot.sentence,
        subject=(tot.subject if signed else tot.ctx.entity or tot.subject),
        claimed=Stated(total=figure, parts=[p.claimed.figure("value") for p in ps], unit=unit),
    )
    # the claim points at its total and, when the list is one sentence, its parts
    same = all(p.ctx.norm_sentence == tot.ctx.norm_sentence for p in ps)
    c.end = max(p.end for p in ps) if same else tot.end
    c.text = doc.text[c.start : c.end]
    message = (
        "Change amounts listed after 其中 must add up to the total change."
        if signed
        else "Parts listed after 其中 must add up to their total."
    )
    c.ctx = Context(
        norm=tot.ctx.norm,
        norm_sentence=tot.ctx.norm_sentence,
        norm_paragraph=tot.ctx.norm_paragraph,
        total=tot,
        parts=ps,
        signed=signed,
        message=message,
    )
    c.number_spans = [] if signed else [tot.number_spans[0]]  # its own figure; the parts are claims of their own
    return c


def _para(text: str, pos: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, (len(text) if b == -1 else b)


def _scope_end(doc: Document, offset: int) -> int:
    """End of the deepest section holding ``offset`` (its subsections included)."""
    path = doc.section_path(offset)
    return path[-1].end if path else len(doc.text)


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
