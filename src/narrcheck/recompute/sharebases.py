"""Which total a share (占 x%) is of: the figure its named base denotes, the total its list adds up to or is
listed under, the one total of its paragraph, or the base a sibling share names — nearest first, with the one the
frame pins down (recompute.shares judges the ratio)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from decimal import Decimal

import regex

from ..align.resolve import RowIndex, key
from ..claims.patterns import aliases
from ..claims.linkroles import balance_role
from ..claims.subjects import split_measure
from ..model import Claim, Evidence
from ..numbers import UNIT_SCALE, Interval
from .basenames import abbreviates, bare, names, total_stem
from .figures import HUNDRED, is_level, money, stated, value_of
from .rounding import judge


def total_of_list(claim: Claim, part: Claim) -> Claim | None:
    """The total the share's part is listed under in its sentence, when the share's base names it by the total's
    own measure (总收入 for 收入总计: basenames.total_stem)."""
    listed = part.ctx.listed_under
    if listed is None or listed.ctx.norm_sentence != part.ctx.norm_sentence or not claim.claimed.base:
        return None
    stem = total_stem(claim.claimed.base)
    return listed if stem and stem == total_stem(listed.ctx.entity or listed.subject) else None


def list_base(claim: Claim, cands: list[Claim], sure: Claim, idx: ShareIndex) -> Claim:
    """The base the other unnamed shares of the sentence rest on, when it is not the one the frame pins (其中：城管部门
    583亿元，占4.7%；城建部门395亿元，占10%；交通部门343亿元，占8.7%…: 10%, 8.7% and 5.7% are of the 全市 3,964 stated
    before, not of the 2,134 the 其中 breaks down, so 4.7% is judged on 3,964 too): a base that explains at least two of
    them and more than the pinned one does."""
    sibs = [
        c
        for c in idx.listed.get(claim.ctx.norm_sentence, ())
        if c is not claim and not c.claimed.base and c.ctx.part is not None and c.claimed.pct is not None
    ]

    def explains(base: Claim) -> int:
        return sum(_fits(s, base) for s in sibs)

    if len(sibs) < 2:
        return sure
    pinned = explains(sure)
    votes = [(explains(c), c) for c in cands if c is not sure]  # each base tried once, nearest first on a tie
    best = max(votes, key=lambda v: v[0], default=(0, sure))
    return best[1] if best[0] >= 2 and best[0] > pinned else sure


def _fits(share: Claim, base: Claim) -> bool:
    """Whether the share's part over ``base`` gives its rate."""
    part = stated(share.ctx.part, "分子")[0] if share.ctx.part is not None else None
    return _fits_interval(share, part, stated(base, "分母")[0])


def _fits_interval(share: Claim, num: Interval | None, den: Interval | None) -> bool:
    """Whether ``num`` over ``den`` gives the share's rate."""
    ratio = num.ratio(den) if num is not None and den is not None and den.lo > 0 else None
    pct = share.claimed.pct
    return ratio is not None and pct is not None and judge(pct, ratio.scale(HUNDRED)).verdict == "ok"


_NEAREST = 8
"""How many earlier totals a share's base is looked for among (the nearest ones): a base stated
further back is not what the prose points at, and the search stays linear in the text."""


_LOOKBACK = 128
"""How many earlier amounts are scanned for them (and for the total a list of shares adds up to)."""
_FAR = 1024  # how far back a figure of a base's exact name is looked for, to know whether another one exists


@dataclass
class ShareIndex:
    """What judging shares looks up, built once per document so each share costs O(1) lookups.

    ``amounts`` are the amount claims in text order (``starts`` their offsets, for bisect);
    ``numerators`` the ids of amounts some share rests on; ``listed`` the shares of each sentence.
    """

    amounts: list[Claim]
    starts: list[int]
    numerators: set[int]
    listed: dict[tuple[int, int], list[Claim]]
    rows: RowIndex  # the tables' names, for a base only a table holds
    share_starts: list[int] = field(default_factory=list)  # offsets of every share, read or not bound
    sums: dict[tuple[tuple[int, int], str], Claim | None] = field(default_factory=dict)

    @classmethod
    def build(cls, claims: list[Claim], rows: RowIndex) -> "ShareIndex":
        amounts = sorted((c for c in claims if c.kind == "amount"), key=lambda c: c.start)
        shares = [c for c in claims if c.kind == "share" and c.ctx.part is not None]
        listed: dict[tuple[int, int], list[Claim]] = {}
        for c in shares:
            listed.setdefault(c.ctx.norm_sentence, []).append(c)
        every = sorted(c.start for c in claims if c.kind == "share")
        return cls(amounts, [a.start for a in amounts], {id(c.ctx.part) for c in shares}, listed, rows, every)

    def share_between(self, start: int, end: int) -> bool:
        """Whether some share stands between the two offsets."""
        i = bisect.bisect_left(self.share_starts, start)
        return i < len(self.share_starts) and self.share_starts[i] < end

    def before(self, offset: int, most: int = 0):
        """Amounts starting before ``offset``, nearest first, at most ``most`` (:data:`_LOOKBACK`) of them."""
        i = bisect.bisect_left(self.starts, offset)
        for j in range(i - 1, max(i - 1 - (most or _LOOKBACK), -1), -1):
            yield self.amounts[j]


def named_bases(claim: Claim, part: Claim, idx: ShareIndex) -> tuple[list[Claim], Claim | None]:
    """Totals the narrative states under the name a share gives (占一般公共预算支出的81.2%), nearest first,
    and the one that is surely meant: the only figure stated under exactly that name (晋城市's
    全市一般公共预算支出 and 旗级一般公共预算收入 both end with the name: neither is sure)."""
    k = key(claim.claimed.base)
    if len(k) < 2:
        return [], _sum_of_siblings(claim, idx)
    cands: list[Claim] = []
    strict: list[Claim] = []
    for a in idx.before(claim.start):
        if a is part or not is_level(a) or not (a.ctx.entity or a.subject) or _listed_with(a, part):
            continue
        sure = names(claim.claimed.base, a)
        if sure is not None:
            cands.append(a)
            # 市本级's share against 全市's figure of that name, or an outcome's against a plan of that name: never sure
            if sure and not _other_scope(part, a) and not _budget_of(a, k, part):
                strict.append(a)
        elif k in key(a.ctx.entity or a.subject) and a.ctx.norm_paragraph == claim.ctx.norm_paragraph:
            cands.append(a)  # 全市一般公共预算支出执行: may be meant, never sure
        if len(cands) >= _NEAREST:
            break
    # farther back, a figure of exactly that name and another value makes the base unsure (全市一般公共预算支出
    # 187.8亿元 … 市本级一般公共预算支出75.7亿元 … 占一般公共预算支出的58.4%): tried as a reading, never sure
    far = _farther(claim, cands, strict, idx)
    cands, strict = cands + far, strict + far
    values = {value_of(a) for a in strict}
    if _past_whole(claim, idx):
        # 农村饮水…22464万元，占目标任务的71%；…11474万元，占目标任务的90%；…占目标任务的100%…: shares of one
        # named base summing far past 100% are each of its own item's base, which the text never states
        return cands, None
    if len(values) == 1:
        return cands, strict[0]
    listed = part.ctx.listed_under
    same = listed is not None and listed.ctx.norm_sentence == part.ctx.norm_sentence
    if not strict and listed is not None and same and abbreviates(k, key(listed.ctx.entity or listed.subject)):
        # 全市新增住房公积金归集额X万元，其中市本级归集额Y万元，占全市新增归集额的p%: the 其中's total, named short
        return [listed] + [c for c in cands if c is not listed], listed
    by_sum = _sum_of_siblings(claim, idx)
    if by_sum is not None and by_sum not in cands and k not in _TOTAL_WORDS and not _whole(claim, idx):
        # the shares' amounts add up to a stated figure, but the share names another base and the
        # shares do not make up 100% (税务部门完成28684万元，占任务数的56.4%；财政部门完成32962万元，
        # 占任务数的56.3%: the 任务数 is not stated; 28684 + 32962 is what was collected)
        return cands + [by_sum], None
    return (cands + [by_sum] if by_sum is not None and by_sum not in cands else cands), by_sum


def _farther(claim: Claim, cands: list[Claim], strict: list[Claim], idx: ShareIndex) -> list[Claim]:
    """Figures farther back than the nearest candidates, of exactly the base's name and a value none of ``strict``
    has, when those hold one value: each a reading to try, none sure."""
    seen = {value_of(b) for b in strict}
    if len(seen) != 1:
        return []
    tried = {id(a) for a in cands}  # by object: claims compare equal field by field, context and all
    out = []
    for a in idx.before(claim.start, _FAR):
        if id(a) not in tried and is_level(a) and names(claim.claimed.base, a) and value_of(a) not in seen:
            out.append(a)
            seen.add(value_of(a))
    return out


def _listed_with(a: Claim, part: Claim) -> bool:
    """``a`` and the share's part are two figures of one list (企业和个人捐赠总额分别为1218.11亿元和524.15亿元):
    siblings, neither the other's base (patterns/aliases.toml [breakdown] joiners)."""
    if a.ctx.norm_paragraph != part.ctx.norm_paragraph or a.ctx.norm[1] > part.ctx.norm[0]:
        return False
    p0 = part.ctx.norm_paragraph[0]
    between = part.ctx.paragraph_text[a.ctx.norm[1] - p0 : part.ctx.norm[0] - p0].strip()
    return between in aliases()["breakdown"]["joiners"]


def _budget_of(a: Claim, base: str, part: Claim) -> bool:
    """Whether ``a`` is the plan of the base's figure while the share's part is no budget (汇总年初各级人大批准的
    一般公共预算收入115.4亿元，…，实际完成115.1亿元 … 税收收入完成75.2亿元，占一般公共预算收入的65.3%: the 115.4 is
    a plan; words before the name: patterns/aliases.toml [measures] budget_marks)."""
    before = key(a.subject).replace(base, "")
    return part.ctx.measure != "budget" and any(w in before for w in aliases()["measures"]["budget_marks"])


def _other_scope(part: Claim, base: Claim) -> bool:
    """The part is one level's figure and the base another's (市本级 against 全市; patterns/aliases.toml [scopes])."""
    spec = aliases()["scopes"]

    def level(a: Claim) -> str:
        name = key(a.subject)
        if any(w in name for w in spec["own"]):
            return "own"
        return "whole" if any(w in name for w in spec["whole"]) else ""

    mine, its = level(part), level(base)
    return bool(mine and its and mine != its)


def _whole(claim: Claim, idx: ShareIndex) -> bool:
    """The shares listed with ``claim`` (same base) add up to 100% within their rounding: a whole split."""
    total = _listed_total(claim, idx)
    return total is not None and abs(total[0] - 100) <= total[1]


def _past_whole(claim: Claim, idx: ShareIndex) -> bool:
    """The shares listed with ``claim`` (same base) add up to more than 100% beyond their rounding."""
    total = _listed_total(claim, idx)
    return total is not None and total[0] - 100 > total[1]


def _listed_total(claim: Claim, idx: ShareIndex) -> tuple[Decimal, Decimal] | None:
    """The sum of the shares listed with ``claim`` in its sentence under the same base, and its rounding slack
    (None for fewer than two)."""
    base = key(claim.claimed.base)
    pcts = [c.claimed.pct for c in idx.listed.get(claim.ctx.norm_sentence, ()) if key(c.claimed.base) == base]
    if len(pcts) < 2 or any(p is None for p in pcts):
        return None
    total = sum((p.value for p in pcts if p is not None), Decimal(0))
    return total, sum((Decimal(1).scaleb(-p.decimals) for p in pcts if p is not None), Decimal(0))


_TOTAL_WORDS = frozenset(key(w) for w in aliases()["totals"]["words"] if w)


def _sum_of_siblings(claim: Claim, idx: ShareIndex) -> Claim | None:
    """The total the shares listed with ``claim`` in its sentence (same base, or none) add up to, stated
    before them: A x，占 a%；B y，占 b% is a breakdown of x + y. Found by value, so only an exact sum
    pins it (市级29.81亿元 + 区县级41.41亿元 = 实际完成采购金额71.22亿元). One search per sentence and base."""
    base = key(claim.claimed.base)
    memo = (claim.ctx.norm_sentence, base)
    if memo in idx.sums:
        return idx.sums[memo]
    sibs = [c for c in idx.listed.get(claim.ctx.norm_sentence, ()) if key(c.claimed.base) == base]
    numerators = [c.ctx.part for c in sibs if c.ctx.part is not None]  # listed shares all have one
    found = None
    if len(sibs) >= 2:
        total = sum((value_of(p) for p in numerators), Decimal(0))
        parts = {id(p) for p in numerators}
        items = {key(p.ctx.entity) for p in numerators if p.ctx.entity}
        for a in idx.before(min(p.start for p in numerators)):
            n = money(a)
            if id(a) in parts or a.ctx.direction is not None or n is None:
                continue
            if a.ctx.entity and key(a.ctx.entity) in items:
                continue  # one of the items stated before (公务接待费支出决算为3,080元), no total of them
            if abs(n.value - total) <= Decimal("0.01") * len(sibs) + Decimal(1).scaleb(-n.decimals) / 2:
                found = a
                break
    idx.sums[memo] = found
    return found


def sum_of_whole(claim: Claim, idx: ShareIndex) -> tuple[Interval, list[Evidence]] | None:
    """因公出国（境）费支出160万元，占“三公”经费的31.14%；公务用车运行维护费支出266.8万元，占51.93%；公务接待费支出
    86.95万元，占16.93%: when no figure of the base is stated, shares of one base in one sentence whose rates add up to
    100% (within their rounding) say their parts are the whole of it, so the base is the parts' sum (513.75), its
    evidence every part."""
    base = key(claim.claimed.base)
    sibs = [
        c
        for c in idx.listed.get(claim.ctx.norm_sentence, ())
        if key(c.claimed.base) in (base, "") and c.ctx.part is not None and c.claimed.pct is not None
    ]
    if len(sibs) < 2 or claim not in sibs or not key(sibs[0].claimed.base):
        return None
    pcts = [c.claimed.pct for c in sibs if c.claimed.pct is not None]
    slack = sum((Decimal(1).scaleb(-p.decimals) / 2 for p in pcts), Decimal(0))
    if abs(sum((p.value for p in pcts), Decimal(0)) - HUNDRED) > slack:
        return None
    rows = [stated(c.ctx.part, "分母各项") for c in sibs if c.ctx.part is not None]
    parts = [iv for iv, _ in rows if iv is not None]
    if len(parts) != len(sibs):
        return None
    total = sum(parts, Interval(Decimal(0), Decimal(0)))
    # some share must fit the sum: rates adding to 100% that none of them fits rest on figures other than these
    if not any(_fits_interval(c, iv, total) for c, iv in zip(sibs, parts)):
        return None
    # each part shown, the base being their sum: a reader adds them up as the judgement did
    return total, [e for _, ev in rows for e in ev]


def unnamed_bases(claim: Claim, part: Claim, idx: ShareIndex) -> tuple[list[Claim], Claim | None]:
    """Totals a share with no named base may be of (nearest first), and the one its frame pins down.

    The frame pins a base when the shares listed in the sentence have parts adding up to it
    (A x，占 a%；B y，占 b%: x + y is the total), when the part is listed after 其中 under a total of
    its sentence, or when it is the one total of the paragraph.
    """
    scope, unit_money = part.ctx.scope, part.claimed.unit in UNIT_SCALE
    pv = value_of(part)
    cands: list[Claim] = []
    for a in idx.before(part.start):
        if a.ctx.scope != scope or id(a) in idx.numerators or not is_level(a):
            continue
        if not ((a.claimed.unit in UNIT_SCALE) if unit_money else a.claimed.unit == part.claimed.unit):
            continue
        if value_of(a) >= pv:
            cands.append(a)
            if len(cands) >= _NEAREST:
                break
    by_sum = _sum_of_siblings(claim, idx)
    if by_sum is not None and _whole(claim, idx):
        # 一般债务193.29亿元，占73.35%，专项债务73.34亿元，占26.65% after 余额266.63亿元: shares making 100% of parts
        # making a stated total are of that total, whatever other figure one of them happens to fit (263.53)
        return [by_sum], by_sum
    if by_sum is not None:
        return (cands if by_sum in cands else [by_sum] + cands), by_sum
    listed = part.ctx.listed_under
    if listed is not None and listed.ctx.norm_sentence == claim.ctx.norm_sentence:
        # 收入规模为71732亿元，…，其中土地使用权出让收入为65096亿元，占比为90.56%: a share of a 其中 part is of its
        # total
        return [listed] + [c for c in cands if c is not listed], listed
    named = _named_sibling_base(claim, idx)
    if named is not None:
        return (cands if named in cands else [named] + cands), named
    head = _head_base(claim, part, idx)
    if head is not None:
        return (cands if head in cands else [head] + cands), head
    sided = _own_side(part, cands)
    if sided is not None:
        return cands, sided
    para = [c for c in cands if c.ctx.norm_paragraph == claim.ctx.norm_paragraph]
    # the one amount of the paragraph before the share is its total, unless a share was given to that amount
    # itself (现金捐赠达1473.97亿元…占捐赠总额的70.66%。…物资捐赠612.16亿元…占比29.34%: two parts of one base)
    if len(para) == 1 and cands and para[0] is cands[0] and not idx.share_between(para[0].end, part.start):
        return cands, (para[0] if _near(claim, para[0], part) else None)
    return cands, None


def _own_side(part: Claim, cands: list[Claim]) -> Claim | None:
    """歲入1930.41億元、歲出1980.22億元 … 教育科學文化支出675.34億元，占34.11％: a share of a spending item is of a
    spending total (of a revenue item, of a revenue one: patterns/aliases.toml [balance] revenue, spending); when
    setting aside the totals of the other side leaves one figure, however often stated, that figure is the base."""
    role = balance_role(part.subject)
    other = {"revenue": "spending", "spending": "revenue"}.get(role)
    mine = [c for c in cands if balance_role(c.subject) != other]
    if other is None or len(mine) == len(cands) or not mine or len({value_of(c) for c in mine}) != 1:
        return None
    return mine[0]


def _named_sibling_base(claim: Claim, idx: ShareIndex) -> Claim | None:
    """公共基础设施1,933亿元，占全市资产总额48.8%，…；流动资产750亿元，占18.9%；…其他资产209亿元，占5.2%: shares after
    one that names its base leave that base unsaid. Theirs is the named one's: the one figure stated under that name,
    or, of the figures so named, the one its rate fits when it is the only one and fits another share of the list."""
    sibs = [s for s in idx.listed.get(claim.ctx.norm_sentence, ()) if s.ctx.part is not None and s.ctx.total is None]
    named = [s for s in sibs if s.start < claim.start and s.claimed.base]
    part = named[-1].ctx.part if named else None
    if part is None:
        return None
    cands, sure = named_bases(named[-1], part, idx)
    if sure is not None:
        return sure
    fitting = [c for c in cands if _fits(named[-1], c)]
    others = [s for s in sibs if s is not claim and not s.claimed.base]
    return fitting[0] if len(fitting) == 1 and any(_fits(s, fitting[0]) for s in others) else None


def _near(claim: Claim, total: Claim, part: Claim) -> bool:
    """The paragraph's one total stands in the share's sentence or the one before: a figure sentences up (全省统筹
    生态环境领域资金277.4亿元 … 十句之后 … 采购节能节水产品9.7亿元、占比达99.8%) is no base the share points at."""
    p0 = claim.ctx.norm_paragraph[0]
    return claim.ctx.paragraph_text.count("。", total.ctx.norm[1] - p0, part.ctx.norm[0] - p0) <= 1


_HEAD = regex.compile(r"^(?P<head>[^，。；：]{2,80}?)中[，：]")


def _head_base(claim: Claim, part: Claim, idx: ShareIndex) -> Claim | None:
    """The total a sentence opening with “X中，” names: its shares are shares of X.

    “三公”经费支出决算中，因公出国（境）费支出决算0万元；公务接待费支出决算6.28万元，占34.88% is a
    share of the 三公 决算 stated before (6.28, so 100%). Sure only when exactly one earlier level
    amount carries X's measure and a name X ends with (or that ends with X), whatever its value.
    """
    para = claim.ctx.paragraph_text
    (s0, s1), p0 = claim.ctx.norm_sentence, claim.ctx.norm_paragraph[0]
    m = _HEAD.match(para[s0 - p0 : s1 - p0])
    if m is None or s0 + m.end() > part.ctx.norm[0]:
        return None
    entity, measure = split_measure(m.group("head"))
    k = bare(entity)
    hits = []
    for a in idx.before(part.start):
        ek = bare(a.ctx.entity or "")
        if a is part or not is_level(a) or a.ctx.measure != measure or len(ek) < 2:
            continue
        if a.claimed.unit in UNIT_SCALE and (k.endswith(ek) or ek.endswith(k)):
            hits.append(a)
    return hits[0] if len({value_of(a) for a in hits}) == 1 else None
