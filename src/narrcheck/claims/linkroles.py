"""Linking the claims whose figures play named roles: a saving rate (节约率: the saving, the budget, the actual)
and a balance (收支结余: the revenue and the spending). The roles are told by words in the figures' names
(patterns/aliases.toml [savings] and [balance])."""

from __future__ import annotations

import regex

from ..model import Claim
from ..textnorm import name_key
from .listparts import MONEY_UNITS, divides_rate, in_bracket
from .patterns import aliases
from .subjects import named_of

PAIR_REACH = 120  # a claim's text takes in the figures it rests on only when they are this close


def saving_role(subject: str) -> str:
    """What an amount named ``subject`` is to a saving rate: 'saved', 'budget', 'actual' or ''
    (patterns/aliases.toml [savings]; the first role whose words the name holds)."""
    spec = aliases()["savings"]
    return next((r for r in ("saved", "budget", "actual") if any(w in subject for w in spec[r])), "")


def link_saving(c: Claim, text: str, before_in_sentence: list[Claim]) -> None:
    """A saving rate (节约率, 审减率) rests on the last amount saved before it in its sentence, and on the budget
    and the actual stated before that saving in its clause (not last year's figure, not a change amount, not a
    figure of the clause before a ；: 政府采购规模达118.6亿元，…；…送审金额229.43亿元，审减29.84亿元，审减率为13％). A
    budget another rate divides is that rate's (实现政府采购额14007万元，占全年政府采购预算16000万元的87.5%，节约资金
    1668万元，资金节约率10.64%: the year's budget, not the budget of what was bought)."""
    levels = [a for a in before_in_sentence if a.ctx.direction is None and a.ctx.measure != "prior"]
    saved = [i for i, a in enumerate(levels) if saving_role(a.subject) == "saved"]
    if not saved:
        return
    semi = max(text.rfind("；", 0, levels[saved[-1]].ctx.norm[0]), text.rfind(";", 0, levels[saved[-1]].ctx.norm[0]))
    before = [a for a in levels[: saved[-1]] if a.ctx.norm[0] > semi]
    c.ctx.part = levels[saved[-1]]
    budget = [a for a in before if saving_role(a.subject) == "budget" and not divides_rate(text, a.ctx.norm[1])]
    c.ctx.budget = budget[-1] if budget else None
    actual = [i for i, a in enumerate(before) if saving_role(a.subject) == "actual"]
    if actual:
        i = actual[-1]
        restated = i + 1 < len(before) and before[i + 1].subject in ["", *aliases()["savings"]["restate"]]
        c.ctx.actual = before[i + 1] if restated else before[i]
    c.subject = c.subject or c.ctx.part.subject
    used = [a for a in (c.ctx.budget, c.ctx.actual, c.ctx.part) if a is not None]
    if c.ctx.norm[0] - min(a.ctx.norm[1] for a in used) <= PAIR_REACH:
        c.start = min([c.start] + [a.start for a in used])  # the rate with the figures it divides


def balance_role(subject: str) -> str:
    """What an amount named ``subject`` is to a balance: 'revenue', 'spending' or '' (a name holding both words,
    收支总量, is neither; patterns/aliases.toml [balance])."""
    spec = aliases()["balance"]
    rev = any(w in subject for w in spec["revenue"])
    spend = any(w in subject for w in spec["spending"])
    return "" if rev == spend else ("revenue" if rev else "spending")


def link_balance(c: Claim, text: str, before_in_sentence: list[Claim], before_in_para: list[Claim]) -> None:
    """A balance rests on the last revenue and the last spending amount stated before it in its sentence
    (levels only: no change amount, no last year's figure, no part of a 其中 list); ``ctx.parts`` holds them,
    revenue first. With neither in its sentence, on those of its paragraph's sentences before it."""
    levels = [a for a in before_in_sentence if a.ctx.direction is None and a.ctx.measure != "prior"]
    rev = _not_parts(text, [a for a in levels if balance_role(a.subject) == "revenue"])
    spend = [a for a in levels if balance_role(a.subject) == "spending"]
    if not before_in_sentence and c.pattern == "balance.named":
        # 收支结余 opening its own sentence (a 录得…赤字 is its sentence's; a figure before it makes it another balance)
        _balance_in_paragraph(c, text, [a for a in before_in_para if a.ctx.norm_sentence != c.ctx.norm_sentence])
        return
    last = max(rev[-1].ctx.norm[1], spend[-1].ctx.norm[1]) if rev and spend else 0
    # another figure between them and the balance (扣除债务还本1,415亿元，收支剩余105亿元) makes it another balance
    between = [a for a in before_in_sentence if a.ctx.norm[0] >= last]
    if rev and spend and not between:
        c.ctx.parts = [rev[-1], spend[-1]]
        if c.ctx.norm[0] - min(rev[-1].ctx.norm[1], spend[-1].ctx.norm[1]) <= PAIR_REACH:
            c.start = min(c.start, rev[-1].start, spend[-1].start)


def _balance_in_paragraph(c: Claim, text: str, before: list[Claim]) -> None:
    """当期收支结余14.98亿元 after a sentence of 预期收入226.31亿元 and one of 预期支出211.33亿元: the revenue and the
    spending stated in the paragraph's sentences before (this year's levels, no budget, nothing after a 其中 of its
    sentence, named by their own words or the item they inherit). Sure only when the paragraph states one of each;
    with more (收入 and 收入总量, a fund's and its parts') the last two are tried and a miss is left unsure
    (``ctx.ambiguous``)."""
    levels = [a for a in before if a.ctx.direction is None and a.ctx.measure not in ("prior", "budget")]
    levels = [a for a in levels if "其中" not in text[a.ctx.norm_sentence[0] : a.ctx.norm[0]]]  # no list's part
    rev = [a for a in levels if balance_role(named_of(a)) == "revenue"]
    spend = [a for a in levels if balance_role(named_of(a)) == "spending"]
    if rev and spend:
        c.ctx.parts = [rev[-1], spend[-1]]
        c.ctx.ambiguous = len(rev) > 1 or len(spend) > 1


def _not_parts(text: str, amounts: list[Claim]) -> list[Claim]:
    """The amounts that are no part of a 其中 list opened after an earlier one (基金收入18791亿元，其中保险费收入
    15501亿元，财政补贴收入2669亿元；支出…: the revenue is 18791); a ； closes the list."""
    keep: list[Claim] = []
    for a in amounts:
        gap = text[keep[-1].ctx.norm[1] : a.ctx.norm[0]] if keep else ""
        i = gap.find("其中")
        if i >= 0 and "；" not in gap[i:]:
            continue
        keep.append(a)
    return keep


_LIST_LEAD = regex.compile(r"(?:所?占|分别)")
_NAME_SEP = regex.compile(r"[、和及与]")
_PERIOD = regex.compile(r"^(?:20\d\d年度?)?(?:\d{1,2}(?:[-－至]\d{1,2})?月份?|[上下]半年|前三季度)?")  # 1-2月份…: when


def named_list(text: str, s0: int, pos: int, n: int, before_in_para: list[Claim]) -> list[Claim]:
    """The amounts a list of n figures given 分别 rests on when its own sentence names the items and states none
    of their amounts (基础研究、应用研究和试验发展经费所占比重分别为5.2%、10.3%和84.5%, the amounts a sentence before):
    for each name in order, the last level amount before it in its paragraph whose name holds it; none unless every
    name finds a distinct amount."""
    lead = text[s0:pos]
    m = list(_LIST_LEAD.finditer(lead))
    if not m:
        return []
    clause = regex.split(r"[，,：:；;]", lead[: m[0].start()])[-1]
    names = [w.strip() for w in _NAME_SEP.split(_PERIOD.sub("", clause.strip())) if w.strip()]
    if len(names) != n:
        return []
    levels = [a for a in before_in_para if a.ctx.direction is None and a.ctx.measure != "prior"]
    found: list[Claim] = []
    for name in names:
        head = name_key(name)[:4]
        hit = next((a for a in reversed(levels) if head and head in name_key(a.subject)), None)
        if hit is None or hit in found:
            return []
        found.append(hit)
    return found


def link_progress(c: Claim, text: str, before_in_sentence: list[Claim]) -> None:
    """An execution rate (支出进度, 支付率, 执行率) with no 预算/决算 pair: within its clause, the last amount spent
    before it over the clause's first amount, when that one names a sum to be spent (资金总量75.20亿元，支出45.76亿元，
    支付率为60.8%; 批复指标71.48亿元，已用指标62.09亿元，预算结余9.39亿元，总体执行率87%); patterns/aliases.toml
    [progress]. Nothing when either is missing: a rate whose sum stands in another clause is left unverified."""
    spec = aliases()["progress"]
    if c.claimed.base not in spec["rates"]:
        return  # 完成预算的x%, 占调整预算的x%: the 预算 of its item, found by measure or not at all
    n0 = c.ctx.norm[0]
    clause = max(text.rfind(sep, 0, n0) for sep in "；;。")
    levels = [
        a
        for a in before_in_sentence
        if a.ctx.norm[0] > clause and a.ctx.direction is None and a.ctx.measure != "prior" and a.claimed.value
    ]
    levels = [a for a in levels if a.claimed.unit in MONEY_UNITS]
    levels = [a for a in levels if not in_bracket(text[clause + 1 : a.ctx.norm[0]])]  # (其中中央资金…): the sum's own
    spent = [a for a in levels if any(w in a.subject for w in spec["spent"])]
    if not spent:
        return
    before = levels[: levels.index(spent[-1])]
    bases = [a for a in before if not any(w in a.subject for w in spec["spent"])]
    # one sum to be spent, first in its clause: 安排资金500万元，其中专项资金200万元，已支出150万元 has two, unsure
    if len(bases) != 1 or before[0] is not bases[0] or not any(w in bases[0].subject for w in spec["base"]):
        return
    c.ctx.budget, c.ctx.actual = bases[0], spent[-1]
    c.subject = c.subject or named_of(bases[0])
