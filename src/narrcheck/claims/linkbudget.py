"""Linking a completion rate or a comparison to its item's 预算 and 决算 amounts (完成年初预算的98.5%, 决算数小于预算数)
— which budget the rate names, which actual is the same item's, and the 完成/占 frames that carry their own budget."""

from __future__ import annotations

from ..model import Claim
from ..textnorm import name_key
from .frames import QIZHONG
from .linkroles import PAIR_REACH
from .patterns import aliases
from .subjects import named_of, same_item


def link_budget_actual(
    c: Claim,
    by_scope: dict[int, list[Claim]],
    before_in_para: list[Claim],
    before_in_sentence: list[Claim],
    text: str,
) -> None:
    """A completion or comparison rests on its item's 预算 and 决算 amounts before it in the paragraph
    (a comparison may look back over its section)."""
    sent, n0 = c.ctx.norm_sentence, c.ctx.norm[0]
    pool = before_in_para
    if c.kind == "comparison" and not any(a.ctx.measure == "budget" for a in pool):
        pool = [a for a in by_scope.get(c.ctx.scope, ()) if a.ctx.norm[1] <= n0]
    budget = [a for a in pool if a.ctx.measure == "budget" or _budget_part(a, pool, text)]
    actual = [a for a in pool if a.ctx.measure == "actual"] or _share_frame_actual(c, budget, before_in_sentence)
    done = _done_after_budget(budget, before_in_sentence, text)
    if done and not any(a.ctx.measure == "actual" and a.ctx.norm_sentence == sent for a in pool):
        budget, actual = [done[0]], [done[1]]  # 收入年初预算574608万元，完成387622万元，为预算的67.5%
    base = c.claimed.base or _staged_rhs(c)
    named = [a for a in budget if base and base in a.subject and base != "预算"]
    staged = [a for a in budget if base and _same_stage(base, a.subject)]
    if named:
        budget = named  # 完成年初预算的 x%: the 年初预算 figure, even if a 全年预算 follows it
    elif staged:
        budget = staged  # 为调整预算的69.3% after 调整后的支出预算为78.62亿元: never the 年初 figure before it
    elif base:
        budget = [a for a in budget if not _other_stage(base, a.subject)] or budget
    # the budget must be the same item's: a sub-item's rate (其中：公务接待费支出决算为 0.70万元，
    # 完成预算的35.00%) whose own budget is not stated cannot use the group's budget
    pairs = [b for b in budget if actual and (same_item(b, actual[-1]) or _frames(b, actual[-1], before_in_sentence))]
    if not pairs and staged and actual:
        pairs = [b for b in staged if _adjusts(b, pool, actual[-1])][-1:]
    if not pairs and c.kind == "completion" and actual:
        pairs = [b for b in budget if _abbreviated(b, actual[-1])][-1:]
    if not pairs and c.kind == "comparison":
        actual, pairs = _last_pair(budget, actual)
    budget = pairs
    if not (budget and actual) or _figure_between(actual[-1], before_in_sentence):
        return
    c.ctx.budget, c.ctx.actual = budget[-1], actual[-1]
    # 年初预算100万元，占调整预算105.47%: the 调整预算 is not stated; the 年初预算 may be it (no adjustment), so the
    # rate is ok where it fits and unsure where it does not
    c.ctx.ambiguous = bool(base) and _other_stage(base, budget[-1].subject)
    c.subject = c.subject or named_of(actual[-1])
    if c.kind == "completion" and budget[-1].ctx.norm_sentence == sent and n0 - budget[-1].ctx.norm[1] <= PAIR_REACH:
        c.start = min(c.start, budget[-1].start, actual[-1].start)  # the rate with the two figures it divides


def _staged_rhs(c: Claim) -> str:
    """The budget a comparison names when it names a stage (决算数小于年初预算数 after 年初预算为X，全年预算为Y): the
    comparison rests on that stage's figure, as a completion rate naming it does; '' for a plain 预算数."""
    rhs = c.claimed.rhs if c.kind == "comparison" else ""
    return rhs if any(w in rhs for g in aliases()["measures"]["budget_stages"] for w in g) else ""


def _budget_part(a: Claim, pool: list[Claim], text: str) -> bool:
    """An amount with no measure of its own listed after a budget's 其中 is that budget's part, a budget too
    (“三公”经费预算为168.53万元，其中：因公出国（境）费39万元、…: 39 is the 出国 budget a later 完成预算的133.72%
    divides); not when an actual stands between them (预算100万元，实际支出95万元，其中：…)."""
    if a.ctx.measure or a.ctx.direction is not None:
        return False
    heads = [b for b in pool if b.ctx.measure == "budget" and b.ctx.norm_sentence == a.ctx.norm_sentence]
    heads = [b for b in heads if b.ctx.norm[1] <= a.ctx.norm[0]]
    if not heads or not QIZHONG.search(text, heads[-1].ctx.norm[1], a.ctx.norm[0]):
        return False
    return not any(heads[-1].ctx.norm[1] <= o.ctx.norm[0] < a.ctx.norm[0] and o.ctx.measure == "actual" for o in pool)


def _abbreviated(budget: Claim, actual: Claim) -> bool:
    """The actual names its item by the end of the budget's earlier, fuller name (市人大“三公”经费预算为168.53万元。
    “三公”经费支出为163.58万元，完成预算的97.06%): the words before it name whose figure it is, not a part — never a
    scope (全市, 本级: patterns/aliases.toml [scopes]) nor a joined item (…和: [breakdown] joiners); a later, longer
    name is a sub-item."""
    full, short = name_key(budget.ctx.entity), name_key(actual.ctx.entity)
    if len(short) < 2 or len(full) <= len(short) or not full.endswith(short) or budget.ctx.path or actual.ctx.path:
        return False
    prefix, scopes = full[: -len(short)], aliases()["scopes"]
    joined = prefix.endswith(tuple(aliases()["breakdown"]["joiners"]))
    return not joined and not any(w in prefix for w in (*scopes["own"], *scopes["whole"]))


def _done_after_budget(budget: list[Claim], in_sentence: list[Claim], text: str) -> tuple[Claim, Claim] | None:
    """收入年初预算合计574608万元，完成387622万元，为预算的67.5%: an amount named by nothing but a word of outcome
    (patterns/aliases.toml [measures] outcome_prefix), right after the sentence's last budget, is what was done with
    that budget's item: the budget and that amount, or None."""
    if not budget or budget[-1] not in in_sentence:
        return None
    i = in_sentence.index(budget[-1])
    if i + 1 >= len(in_sentence):
        return None
    done = in_sentence[i + 1]
    if done.subject or done.ctx.measure or done.ctx.direction is not None:
        return None
    words = text[budget[-1].ctx.norm[1] : done.ctx.norm[0]].strip("，, ")
    return (budget[-1], done) if words in aliases()["measures"]["outcome_prefix"] else None


def _figure_between(actual: Claim, in_sentence: list[Claim]) -> bool:
    """Another figure (no budget) stands between the actual and the rate (实际完成196.1亿元，为预算的101.3%，…，其中税收
    完成135.4亿元，为预算的100.6%): the rate is that figure's, whose own budget is not written."""
    return any(a.ctx.norm[0] > actual.ctx.norm[1] and a.ctx.measure != "budget" for a in in_sentence)


def _other_stage(base: str, subject: str) -> bool:
    """The budget amount is named for another stage than the one the rate names (年初预算 for 完成调整预算的X%):
    used only when no other budget is stated, and then unsure (Context.ambiguous)."""
    stages = aliases()["measures"]["budget_stages"]
    mine = [g for g in stages if any(w in base for w in g)]
    return bool(mine) and any(w in subject for g in stages if g not in mine for w in g)


def _same_stage(base: str, subject: str) -> bool:
    """The budget amount is named for the stage the rate names (调整后的支出预算 for 为调整预算的X%)."""
    stages = aliases()["measures"]["budget_stages"]
    return any(w in subject for g in stages if any(w in base for w in g) for w in g)


def _adjusts(budget: Claim, pool: list[Claim], actual: Claim) -> bool:
    """An adjusted budget stated after the actual's own budget is that budget adjusted (支出预算为75.28亿元，执行中…
    进行了调整，调整后的支出预算为78.62亿元): the same item's, whatever shorter name it takes."""
    earlier = [b for b in pool if b.ctx.measure == "budget" and b.ctx.norm[1] <= budget.ctx.norm[0]]
    return (
        bool(earlier)
        and same_item(earlier[-1], actual)
        and not any(
            earlier[-1].ctx.norm[1] <= a.ctx.norm[0] < budget.ctx.norm[0] and a.ctx.measure == "actual" for a in pool
        )
    )


def _last_pair(budget: list[Claim], actual: list[Claim]) -> tuple[list[Claim], list[Claim]]:
    """The latest actual with a budget of its own item before the comparison, and that budget: 决算数小于预算数
    after a group's 预算 and 决算 and its parts' 决算 alone (其中：…公务接待费支出决算为0.39万元) compares
    the group's two figures, the only pair stated."""
    for i in range(len(actual) - 1, -1, -1):
        mine = [b for b in budget if same_item(b, actual[i])]
        if mine:
            return actual[: i + 1], mine
    return actual, []


def _frames(budget: Claim, actual: Claim, in_sentence: list[Claim]) -> bool:
    """支出699万元，完成年初预算计划1528万元的48%: a budget written in a 完成 frame right after the amount is that
    amount's budget, whatever its words name."""
    if not budget.subject.startswith("完成") or budget not in in_sentence or actual not in in_sentence:
        return False
    return in_sentence.index(budget) == in_sentence.index(actual) + 1


def _share_frame_actual(c: Claim, budget: list[Claim], in_sentence: list[Claim]) -> list[Claim]:
    """完成财政总收入4348万元，占年初预算10065万元的43.2% (or 支出699万元，完成年初预算计划1528万元的48%; 收入
    1,080,211万元，为年初预算1,067,400万元的101.2%): the amount
    just before a 占<budget> or 完成<budget> frame of its sentence, whatever measure its words name, is the figure
    the rate divides (the budget took its item from it); none when that amount is itself a budget or a change, or
    when the rate is not the frame's own (…为调整预算数32125万元的102.46%，…，完成地方收入20920万元，为调整预算的
    107.71%: the later rate's budget is not written)."""
    if not budget or not budget[-1].subject.startswith(("占", "完成", "为")) or budget[-1] not in in_sentence:
        return []
    if any(budget[-1].ctx.norm[1] <= a.ctx.norm[0] < c.ctx.norm[0] and a.ctx.direction is None for a in in_sentence):
        return []
    i = in_sentence.index(budget[-1])
    prev = in_sentence[i - 1] if i > 0 else None
    ok = prev is not None and prev.ctx.direction is None and prev.ctx.measure in ("", "actual")
    return [prev] if ok and prev is not None else []
