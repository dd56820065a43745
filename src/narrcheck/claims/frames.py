"""The frame a 其中 stands in: which total and which parts a list opened at one place breaks down.

Inside brackets, a list belongs to the amount before the bracket; in its own sentence it runs to a nested 其中 (or to
the next item of a numbered list it stands in), its change amounts breaking down the change before it; a list ending
its sentence goes on in the next sentences, one part per sentence or numbered item. breakdowns.py turns each frame
into a composition claim.
"""

from __future__ import annotations


import regex

from ..model import Claim, Document
from ..textnorm import name_key
from .listparts import MONEY_UNITS as _MONEY_UNITS, additive, by_measure, divides_rate, exceeds, exhaustive, in_bracket
from .listparts import by_measure_or_run, first_per_sentence, inside_earlier, members_of_a_set, other_side, own_change
from .listparts import sum_exceeds
from .narrative import Narrative
from .numbered import first_per_item, inline_items, item_end, numbered_items
from .patterns import aliases, compiled

# 其中, or 包括 opening a bracket after an amount (国库拨款75亿7,210万4千元（包括A 27亿…及B 51亿…）): the bracket's
# frame then makes the amount before it the total
QIZHONG = regex.compile(r"其中[：，]?|(?<=（)(?:主要)?包括[：，]?")
SEMI = regex.compile("[；;]")  # between the items of a series (一类…；二类…)


def _excepted(text: str, a: Claim) -> bool:
    """An amount inside a clause that sets figures aside (除…外: patterns/aliases.toml [breakdown] excepted)."""
    n0, n1 = a.ctx.norm
    start = max(text.rfind(sep, 0, n0) for sep in "，,；;。：:") + 1
    m = compiled(aliases()["breakdown"]["excepted"]).search(text, start, min(len(text), n1 + 40))
    return m is not None and m.start() < n0 and n1 <= m.end()


def frames(
    doc: Document, narr: Narrative, amounts: list[Claim], changes: list[Claim], m, sent
) -> list[tuple[Claim, list[Claim], bool]]:
    """(total, parts, signed) lists a 其中 at ``m`` opens, by the frame it stands in: inside brackets, a
    list in its own sentence, or a list that ends its sentence and goes on in the next ones."""
    text, pos = narr.text, m.start()
    level = [a for a in amounts if a.ctx.direction is None]
    bracket = text.rfind("（", sent[0], pos)
    if bracket >= 0 and narr.unclosed_bracket(bracket, pos):
        close = text.find("）", m.end(), sent[1])
        end = close if close >= 0 else sent[1]
        parts = [a for a in level if m.end() <= a.ctx.norm[0] < end]
        heads = [a for a in level if sent[0] <= a.ctx.norm[0] and a.ctx.norm[1] <= bracket]
        return [(heads[-1], _outcomes(text, heads[-1], parts), False)] if heads else []
    para = paragraph_of(text, pos)
    lead = lead_sentence(narr, para, pos)
    totals = [
        a
        for a in level
        if a.ctx.norm[1] <= pos
        and a.ctx.measure != "prior"  # 较2023年年初预算的1278万元: last year's figure is no total of this list
        and not narr.unclosed_bracket(a.ctx.norm[1], pos)
        and (
            a.ctx.norm_sentence == sent
            or a.ctx.norm_sentence == lead
            and a.claimed.unit in _MONEY_UNITS  # a count a line up is no such total
            or a.ctx.norm_paragraph == para
            and a.ctx.norm[0] >= para[0] - 400
        )
    ]
    # 预算919万元（其中一般公共预算经费拨款841万元），…。其中：…: a bracket's own part is no total of a list outside it
    totals = [a for a in totals if not narr.unclosed_bracket(a.ctx.norm_sentence[0], a.ctx.norm[0])] or totals
    totals = [a for a in totals if not _excepted(text, a)]
    # the budget a completion divides is no total of the list after it (完成103873万元，为年初预算108400万元的
    # 95.82%，…，其中：…), unless the parts are such budgets too (完成预算21.55万元的134%。其中：…15.4万元的148%；…)
    if not any(divides_rate(text, a.ctx.norm[1]) for a in level if m.end() <= a.ctx.norm[0] < sent[1]):
        totals = [a for a in totals if not divides_rate(text, a.ctx.norm[1])]
    head = m.groupdict().get("head")
    if head is not None:
        # 财政拨款支出预算中，…: the list is of the amount the sentences before name so, and of no other
        totals = [a for a in totals if name_key(a.subject) == name_key(head)][-1:]
    if compiled(aliases()["breakdown"]["follows"]).fullmatch(m.group(0)):
        # 具体情况如下：a list of what its own sentence states (X万元，…如下：), never of a figure before that sentence
        totals = [a for a in totals if a.ctx.norm_sentence == sent]
    if m.re.pattern == compiled(aliases()["breakdown"]["inline_opens"]).pattern:  # its lookahead needs the text
        return _inline_items(text, level, totals, m, sent)
    if text[m.end() : sent[1]].strip("。 \n"):
        return _in_sentence(narr, amounts, changes, level, totals, m, sent)
    return _in_next_sentences(doc, narr, level, totals, pos)


def _outcomes(text: str, head: Claim, parts: list[Claim]) -> list[Claim]:
    """A bracket's list under a figure no rate divides: the outcomes, never the budgets their rates divide beside them
    (…完成69056万元(其中:区本级完成29600万元，占年初预算数40304万元的73.44%；…)), and one item stated again on another
    basis (区本级同口径完成…；区本级自然口径完成…: patterns/aliases.toml [breakdown] bases) once."""
    if not divides_rate(text, head.ctx.norm[1]):
        parts = [p for p in parts if not divides_rate(text, p.ctx.norm[1])] or parts
    bases = aliases()["breakdown"]["bases"]
    seen: set[str] = set()
    kept = []
    for p in parts:
        name = name_key(p.subject)
        plain = regex.sub("|".join(bases), "", name)
        if plain == name or plain not in seen:
            kept.append(p)
        seen.add(plain)
    return kept


def _inline_items(text: str, level: list[Claim], totals: list[Claim], m, sent) -> list[tuple[Claim, list[Claim], bool]]:
    """Items numbered inline after their sentence's opener (主要支出项目包括： 1、行政运行…938.57万元。…2、…): the
    first amount of each item, under the amount of the opener's own sentence; no list when an item states none."""
    items = inline_items(text, m.end())
    own = [t for t in totals if t.ctx.norm_sentence == sent and t.claimed.unit in _MONEY_UNITS]
    money = [a for a in level if a.claimed.unit in _MONEY_UNITS]
    parts = first_per_item(money, items, tuple({a.ctx.measure for a in money}))
    return [(own[-1], parts, False)] if own and len(parts) == len(items) else []


def lead_sentence(narr: Narrative, para: tuple[int, int], pos: int) -> tuple[int, int] | None:
    """The sentence a 其中 opening its paragraph continues: the last one of the paragraph before
    (…支出1532.7亿元，下降0.3%。⏎其中：省级支出…；市县级支出…), as lists are often printed on a line of their own."""
    before = narr.text[: para[0]].rstrip()
    if narr.text[para[0] : pos].strip() or not before:
        return None
    return narr.sentence_at(len(before) - 1)


def _in_sentence(
    narr: Narrative, amounts: list[Claim], changes: list[Claim], level: list[Claim], totals: list[Claim], m, sent
) -> list[tuple[Claim, list[Claim], bool]]:
    """A list in the 其中's own sentence, up to a nested 其中: change amounts break down the change before
    it; levels break down the total of their measure (a list explained part by part may go on)."""
    text, pos = narr.text, m.start()
    nested = [
        n.start() for n in QIZHONG.finditer(text, m.end(), sent[1]) if not narr.unclosed_bracket(m.end(), n.start())
    ]
    end = item_end(text, sent[0], pos, nested[0] if nested else sent[1])
    if _outer_list(narr, sent, pos) or _in_series(text, totals, sent):
        # a nested 其中 ends with its part's clause: …33.13万元，其中：购置17.98万元，运行15.15万元；公务接待费0万元
        stop = SEMI.search(text[m.end() : end])
        end = end if stop is None else m.end() + stop.start()
    within = _within_parts(text, m.end(), end)
    parts = [
        a
        for a in amounts
        if a.ctx.norm_sentence == sent
        and m.end() <= a.ctx.norm[0] < end
        and not narr.unclosed_bracket(m.end(), a.ctx.norm[0])
        and not any(lo <= a.ctx.norm[0] < hi for lo, hi in within)
    ]
    parts = _sibling_total_cut(text, additive(parts), totals, nested)
    # a list closed by its own total (其中国税1986万元，非税收入16万元，…，合计3988万元): that total is the list's,
    # stated in its own sentence, and no part (patterns/aliases.toml [totals] closing)
    closing = [p for p in parts if name_key(p.subject) in aliases()["totals"]["closing"]]
    if closing and closing[-1] is parts[-1] and len(parts) >= 3 and all(p.ctx.direction is None for p in parts):
        return [(parts[-1], parts[:-1], False)]
    if _stages(text, m.end(), parts):
        return []
    moved = [c for c in changes if c.ctx.norm_sentence == sent and c.ctx.norm[1] <= pos]
    # every part a change: an amount with its word (公务接待费减少1.00万元) or a change with its rate (公务接待费
    # 支出决算减少17,993元，下降85.38%)
    signed = sorted(parts + _listed_changes(narr, changes, sent, m.end(), end, within), key=lambda p: p.ctx.norm)
    if signed and all(p.kind == "change" or p.ctx.direction for p in signed):
        moved = moved or _change_ending(narr, amounts, changes, sent, pos)
        return [(moved[-1], signed, True)] if moved else []
    parts = [p for p in parts if not own_change(text, parts, p) and not inside_earlier(parts, p)]
    levels = [p for p in parts if p.ctx.direction is None]
    money = [p for p in levels if p.claimed.unit in _MONEY_UNITS]
    if len(money) == 1 and not nested:
        levels += _continued(text, level, sent, money[0])
    # a change amount among the parts leaves the frame unsure; a count's change (主要原因是在职人员较上年增加1名,
    # 比上年增加171台 after the list) is left out of the parts alone
    mixed = [p for p in parts if p.ctx.direction is not None and p.kind == "amount"]
    if not totals or (mixed and len({p.ctx.measure for p in levels}) < 2):
        return []  # change amounts mixed with levels of one measure: no frame to judge by
    # an item list stating each item's 预算数, 决算数 and 上年数 (its changes beside them): by measure
    head = totals[-1] if totals[-1].ctx.norm_sentence == sent and _right_before(text, totals[-1], pos) else None
    lists = [(t, _before_other_side(t, ps, levels), s) for t, ps, s in by_measure(totals, levels, head)]
    # one part of another measure is a weak reading of a total farther than the nearest (滚存结余300万元，其中：结转下年
    # 支出162.60万元 is 300's, not the 上解支出145.44 before it): a list of one part breaks down the nearest total only
    lists = [(t, ps, s) for t, ps, s in lists if t is totals[-1] or len(ps) >= 2]
    return [(t, _siblings_cut(text, t, ps), s) for t, ps, s in lists if ps]


def _right_before(text: str, total: Claim, pos: int) -> bool:
    """The total ends the clause the 其中 follows (总支出7.8亿元，其中：): nothing but a mark between them."""
    return not text[total.ctx.norm[1] : pos].strip(" ，,：:")


def _before_other_side(total: Claim, parts: list[Claim], levels: list[Claim]) -> list[Claim]:
    """The parts before the first figure of the sentence, of any measure, that names the other side of the total
    (收入安排136.9亿元，其中财政补助收入50.5亿元；安排支出130.5亿元，当年结余6.4亿元: the list of 收入 ends at 支出,
    even though 130.5 is of another measure and no part of it)."""
    name = name_key(total.subject)
    stop = next((a.ctx.norm[0] for a in levels if other_side(name, name_key(a.subject))), None)
    return parts if stop is None else [p for p in parts if p.ctx.norm[0] < stop]


def _stages(text: str, start: int, parts: list[Claim]) -> bool:
    """True when two parts name different stages of one course (已签约落地项目…投资额5799亿元；已开工项目…4366亿元:
    the projects begun are among those signed; patterns/aliases.toml [breakdown] stages) or two sets one of which
    holds the other ([breakdown] nested: 中小企业 and 小微企业): nested, never added up."""
    spec = aliases()["breakdown"]
    if not parts or any(w in text[start : parts[-1].ctx.norm[0]] for w in spec["exclusive_stages"]):
        return False  # 按阶段划分，其中投产项目…；续建项目…；新开工项目…: one set split by stage
    names = [name_key(p.subject) for p in parts]
    if any(any(a in n for n in names) and any(b in n for n in names) for a, b in spec["nested"]):
        return True
    found, prev = set(), start
    for p in parts:
        stage = next((w for w in spec["stages"] if w in text[prev : p.ctx.norm[0]]), None)
        if stage:
            found.add(stage)
        prev = p.ctx.norm[1]
    return len(found) >= 2


def _siblings_cut(text: str, total: Claim, parts: list[Claim]) -> list[Claim]:
    """The parts up to a clause naming the total's own whole area again (全市新增住房公积金归集额18567.70万元，其中
    市本级归集额7721.19万元，…；全市新增提取使用住房公积金…10950.10万元: 全市's withdrawals stand beside 全市's
    deposits, no part of them; patterns/aliases.toml [scopes] whole) or drawing a conclusion (…，所以2021年我县可用
    补贴资金为81.527万元: a result reckoned from the figures before, no part; [scopes] conclusions)."""
    name = name_key(total.subject)
    scopes = aliases()["scopes"]
    ends = [w for w in scopes["whole"] if w in name] + scopes["conclusions"]
    base = _share_base(text[total.ctx.norm[1] : parts[0].ctx.norm[0]])  # the base of the total's own share
    for i, p in enumerate(parts[1:], 1):
        start = p.ctx.norm[0]
        cut = max(text.rfind(sep, 0, start) for sep in "；;，,。")
        clause = text[cut + 1 : start].lstrip()
        if any(clause.startswith(w) for w in ends) or other_side(name, name_key(p.subject)):
            return parts[:i]  # …，所以…; 在职教职工7687人，其中专任教师7394人，离退休人员3498人
        if text[cut] in "；;" and exceeds(total, p) and not exceeds(total, parts[0]):
            # …703.8亿元，其中留抵退税561.8亿元；办理延期还本付息822.1亿元: no part is larger than its whole, so the
            # clause after ； that states one is beside the list, which ended before it
            return parts[:i]
        if base and text[cut] in "；;" and _share_base(_clause_from(text, start)) == base:
            # 乐透型彩票销售935亿元，占总销量的56.2%，其中…；竞猜型彩票销售589亿元，占总销量的35.4%: a share of the
            # same base as the total's own is a sibling of the total, no part of it
            return parts[:i]
    return parts


_SHARE_BASE = regex.compile(r"占(?P<base>[^，,。；;%\d]{1,20}?)的?\s*\d")


def _share_base(stretch: str) -> str:
    """The base a share in ``stretch`` is of (占总销量的56.2% → 总销量), or ""."""
    m = _SHARE_BASE.search(stretch)
    if not m or any(w in m.group("base") for w in aliases()["scopes"]["own_bases"]):
        return ""  # 占年初预算的27.7%: each item's own budget, no base two clauses share
    return name_key(m.group("base"))


def _clause_from(text: str, start: int) -> str:
    """The text from ``start`` to the end of its clause (；, ; or 。)."""
    ends = [i for i in (text.find(sep, start) for sep in "；;。") if i != -1]
    return text[start : min(ends) if ends else len(text)]


def _listed_changes(
    narr: Narrative, changes: list[Claim], sent: tuple[int, int], start: int, end: int, within: list[tuple[int, int]]
) -> list[Claim]:
    """The change claims a 其中 list (``start:end`` of its sentence) states, outside brackets and sub-breakdowns."""
    return [
        c
        for c in changes
        if c.ctx.norm_sentence == sent
        and start <= c.ctx.norm[0] < end
        and not narr.unclosed_bracket(start, c.ctx.norm[0])
        and not any(lo <= c.ctx.norm[0] < hi for lo, hi in within)
    ]


def _change_ending(
    narr: Narrative, amounts: list[Claim], changes: list[Claim], sent: tuple[int, int], pos: int
) -> list[Claim]:
    """The change the sentence before ends with, when a 其中 opens its own sentence (“三公”经费支出决算数比上年减少
    18,987.42元，下降42.13%。其中：因公出国（境）费支出决算增加0元，…公务接待费支出决算减少17,993元…): its
    parts' changes add up to it. Only when no amount follows that change in its sentence."""
    text = narr.text
    if text[sent[0] : pos].strip():
        return []
    before = text[: sent[0]].rstrip()
    prev = narr.sentence_at(len(before) - 1) if before else None
    if prev is None:
        return []
    mine = [c for c in changes if c.ctx.norm_sentence == prev]
    if not mine or any(a.ctx.norm_sentence == prev and a.ctx.norm[0] >= mine[-1].ctx.norm[1] for a in amounts):
        return []
    return mine[-1:]


def _sibling_total_cut(text: str, parts: list[Claim], totals: list[Claim], nested: list[int]) -> list[Claim]:
    """The parts without the last one when it opens a clause after a ； and has a 其中 of its own, and the list
    with it would exceed its total (存款余额3513.49亿元，…其中，住户存款2896.10亿元；贷款余额2252.20亿元，…其中，…):
    a total of the next clause, no part."""
    if len(parts) < 2 or not nested or not totals:
        return parts
    last = parts[-1]
    between = text[parts[-2].ctx.norm[1] : last.ctx.norm[0]]
    if not SEMI.search(between) or SEMI.search(text[last.ctx.norm[1] : nested[0]]):
        return parts
    # parts that are members of one known breakdown (基本支出；项目支出，其中：…) are parts, whatever they add up to
    return parts[:-1] if sum_exceeds(totals[-1], parts) and not members_of_a_set(parts) else parts


def _in_series(text: str, totals: list[Claim], sent: tuple[int, int]) -> bool:
    """Whether the 其中 breaks down an item of a series its sentence lists clause by clause (第一产业…；第二产业用电量
    207.73亿千瓦时，其中工业用电量204.14亿千瓦时；第三产业…): the nearest total stands after a ； of its sentence."""
    return (
        bool(totals)
        and totals[-1].ctx.norm_sentence == sent
        and SEMI.search(text[sent[0] : totals[-1].ctx.norm[0]]) is not None
    )


def _outer_list(narr: Narrative, sent: tuple[int, int], pos: int) -> bool:
    """Whether the 其中 at ``pos`` stands inside an earlier 其中 list of its sentence (outside brackets)."""
    return any(
        o.start() < pos and not narr.unclosed_bracket(o.start(), pos) and not narr.unclosed_bracket(sent[0], o.start())
        for o in QIZHONG.finditer(narr.text, sent[0], pos)
    )


def within_rx() -> regex.Pattern:
    """A clause that breaks the part before it down (patterns/aliases.toml [breakdown] within)."""
    return compiled(aliases()["breakdown"]["within"])


def _within_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of a 其中 list (``start:end``) that break a part down rather than list more parts: a clause
    opening with 包括 or 主要支出事项： after a part (其中：财政拨款收入751.8万元，占…，包括一般公共预算收入751.8万元；
    其他收入…), up to the next ； of the list."""
    spans = []
    for m in within_rx().finditer(text, start, end):
        stop = text.find("；", m.end(), end)
        spans.append((m.start(), end if stop < 0 else stop))
    return spans


def _in_next_sentences(
    doc: Document, narr: Narrative, level: list[Claim], totals: list[Claim], pos: int
) -> list[tuple[Claim, list[Claim], bool]]:
    """The list ends the sentence: its parts are the first amounts of the next sentences, by measure."""
    text = narr.text
    src_pos = narr.to_source(pos, pos + 1)[0]
    scope_end = _scope_end(doc, src_pos)
    later = [a for a in level if src_pos <= a.start < scope_end]
    items = numbered_items(text, pos)  # 其中：⏎1、…⏎2、…: the numbered items, up to the numbering starting again
    listed = [] if items else _listed_sentence(text, later, pos)
    if listed:
        return [(totals[-1], listed, False)] if totals else []

    def first(measures: tuple[str, ...]) -> list[Claim]:
        return first_per_item(later, items, measures) if items else first_per_sentence(text, later, measures)

    out: list[tuple[Claim, list[Claim], bool]] = []
    used_measures: set[str] = set()
    for tot in reversed(totals[-3:]):
        meas = tot.ctx.measure
        if meas in used_measures:
            continue
        used_measures.add(meas)
        ps = first((meas,))
        if meas:
            ps = by_measure_or_run(tot, ps, first((meas, "")))
        out.append((tot, ps, False))
    return out


_OPENING = 16  # at most this many characters of item name before the amount a sentence opens with
_CLAUSE_MARK = regex.compile(r"[，,、；;]")  # where a clause of a listed sentence starts


def _listed_sentence(text: str, later: list[Claim], pos: int) -> list[Claim]:
    """其中：⏎货物支出5,510.39万元，工程支出9,069.87万元，服务支出766.15万元。 — the sentence right after a 其中 that
    ends its own is the list when every amount in it opens its clause (a name, then the figure), two or more: the
    parts are those amounts, whatever their measure words, and the sentences after it are another topic."""
    after = [a for a in later if a.ctx.norm[0] > pos]
    if not after or text[pos : after[0].ctx.norm_sentence[0]].strip("其中：: \n"):
        return []
    s0, s1 = after[0].ctx.norm_sentence
    mine = [a for a in after if a.ctx.norm_sentence == (s0, s1) and a.claimed.unit in _MONEY_UNITS]  # 购置车辆0辆 aside
    opening = [
        a
        for a in mine
        if a.ctx.norm[0] - max([s0] + [m.end() for m in _CLAUSE_MARK.finditer(text, s0, a.ctx.norm[0])]) <= _OPENING
        and not in_bracket(text[s0 : a.ctx.norm[0]])
    ]
    return mine if len(mine) >= 2 and opening == mine and "其中" not in text[s0:s1] else []


_GAP = 40  # at most this many characters of remark, with no amount, between two items of a continued list


def _continued(text: str, level: list[Claim], sent: tuple[int, int], first: Claim) -> list[Claim]:
    """其中：人员经费X元，主要包括：…。公用经费Y元，主要包括：…。 — a list whose only part's sentence goes on
    to explain that part may continue in the next sentences, with the amounts that open their clauses (an
    item name, then its amount; a short remark at most between sentences). It is taken as the list only
    when the parts then make a complete breakdown (patterns/aliases.toml [exhaustive]): a sentence after
    a list is as often a new topic (加上转移性收入…, 三大主体税种中：…) as the list going on."""
    out: list[Claim] = []
    end = sent[1]
    following = sorted((a for a in level if a.ctx.norm[0] >= sent[1]), key=lambda a: a.ctx.norm[0])
    while following:
        s0, s1 = following[0].ctx.norm_sentence
        mine = [a for a in following if a.ctx.norm_sentence == (s0, s1)]
        following = following[len(mine) :]
        opening = [
            a
            for a in mine
            if a.ctx.norm[0] - max(s0, text.rfind("；", s0, a.ctx.norm[0]) + 1) <= _OPENING
            and not in_bracket(text[s0 : a.ctx.norm[0]])  # （其中：购置费0万元；运行维护费3.44万元）: that part's own
            and "其中" not in text[s0 : a.ctx.norm[0]]  # …为0万元，…其中：购置费0万元；运行维护费5.98万元: likewise
        ]
        gap = text[end:s0].strip()  # a short remark between two items (本单位2023年度无此项支出。) may stand
        if not opening or len(gap) > _GAP or text.startswith("其中", s0):
            break
        if any(a.ctx.scope != first.ctx.scope or a.ctx.measure != first.ctx.measure for a in opening):
            break
        out += opening
        end = s1
    return out if out and exhaustive([first] + out) else []


def paragraph_of(text: str, pos: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, (len(text) if b == -1 else b)


def _scope_end(doc: Document, offset: int) -> int:
    """End of the deepest section holding ``offset`` (its subsections included)."""
    path = doc.section_path(offset)
    return path[-1].end if path else len(doc.text)
