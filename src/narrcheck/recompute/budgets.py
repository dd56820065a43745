"""Budget completion rates and comparisons (完成年初预算的 x%；决算数大于预算数): actual against budget."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

import regex

from ..align.performance import perf_cell, performance_table, project_of
from ..align.resolve import STRONG, RowIndex, candidates, section_kinds
from ..claims.patterns import aliases
from ..model import Claim, Document, Evidence, Recomputed
from ..numbers import Interval
from .rounding import judge
from ..numbers import fmt
from .between import YEAR_IN_REF
from .figures import (
    HUNDRED,
    amount_interval,
    ev_cell,
    is_level,
    money_interval,
    pct_judgement,
    replace_last,
    retry_half_cents,
    show,
    stated,
)


_REL = {w: sign for sign, k in ((1, "greater"), (-1, "less"), (0, "equal")) for w in aliases()["directions"][k]}


_REL_WORD = {1: "大于", -1: "小于", 0: "等于"}


def judge_completion(doc: Document, claim: Claim, index: RowIndex | None = None) -> None:
    budget: Claim | None = claim.ctx.budget
    actual: Claim | None = claim.ctx.actual
    kinds = section_kinds(claim.ctx.sections)
    if (budget is None or actual is None) and "performance" in kinds:
        table, _ = performance_table(doc, project_of(claim.ctx.paragraph_text))
        if table is not None:
            b = perf_cell(table, "全年预算数")
            a = perf_cell(table, "全年执行数")
            if a and b:
                ev = [
                    Evidence(
                        table=table.label or table.title,
                        title=table.project,
                        row=x[0].name,
                        column=x[1].key,
                        value=x[2].text or "0",
                        page=table.page,
                    )
                    for x in (b, a)
                ]
                _completion(
                    claim, Interval.exact(a[2].value or Decimal(0)), Interval.exact(b[2].value or Decimal(0)), ev
                )
                return
    if budget is None and _from_stated_difference(claim, actual):
        return
    if budget is None and _from_budget_change(doc, claim):
        return
    if budget is None and index is not None and _from_table_budget(doc, claim, index):
        return
    pair = budget_actual(claim, budget, actual, "找不到预算数和决算数，完成率无从核对。")
    if pair is None:
        return
    _completion(claim, pair[1], pair[0], pair[2])
    if claim.ctx.ambiguous and claim.flagged:
        claim.verdict, claim.suggestion = "unverified", ""
        stage = split_measure_word(budget.subject) if budget is not None else ""
        claim.message += f"但正文没写{claim.claimed.base}，这是按{stage or '另一预算数'}算的，未判定。"
        return
    if claim.verdict == "mismatch" and pair[0].hi <= 0:
        # the rate fits another budget figure of the sentence (全年预算): name that one instead
        pct = claim.claimed.pct
        for other in claim.ctx.sentence_amounts:
            other_iv = amount_interval(other)
            if other is budget or other.ctx.measure != "budget" or other_iv is None or other_iv.lo <= 0 or pct is None:
                continue
            ratio = pair[1].ratio(other_iv)
            if ratio is not None and judge(pct, ratio.scale(HUNDRED)).verdict == "ok":
                word = split_measure_word(other.subject)
                if word:
                    claim.suggestion = replace_last(claim.text, claim.claimed.base, word)
                    claim.message += f"按{word} {other.claimed.figure('value').text} 计正是 {pct.text}%。"
                break


@lru_cache(maxsize=1)
def _difference_rx() -> regex.Pattern:
    """patterns/aliases.toml [stated_difference]: the subject of a stated 决算 − 预算 difference."""
    return regex.compile(aliases()["stated_difference"]["regex"])


def _stated_difference(claim: Claim) -> tuple[Claim, int] | None:
    """The amount after the rate that says by how much the 决算 exceeds (+1) or misses (-1) the budget."""
    rx = _difference_rx()
    n1 = claim.ctx.norm[1]
    for a in claim.ctx.sentence_amounts:
        m = rx.match(a.subject) if a.ctx.norm[0] >= n1 else None
        if m:
            return a, _REL[m.group("rel")]
    return None


def _from_stated_difference(claim: Claim, actual: Claim | None) -> bool:
    """Judge a rate whose budget is not written but follows from a stated difference.

    完成年初预算100%，决算数大于预算数55.93万元 after 支出总计1741.75万元: the budget is
    1741.75 − 55.93 = 1685.82 and the rate 103.32%. The actual is the linked one, or else the only
    level amount of the sentence before the rate (a change amount or a budget is none); with two
    candidates nothing is judged.
    """
    diff = _stated_difference(claim)
    if diff is None:
        return False
    n0 = claim.ctx.norm[0]
    if actual is None:
        levels = [
            a for a in claim.ctx.sentence_amounts if a.ctx.norm[1] <= n0 and is_level(a) and a.ctx.measure != "budget"
        ]
        if len(levels) != 1:
            return False
        actual = levels[0]
    a_iv, a_ev = stated(actual, "决算数")
    d_iv, d_ev = stated(diff[0], "决算数与预算数之差")
    if a_iv is None or d_iv is None:
        return False
    b_iv = a_iv - d_iv if diff[1] > 0 else a_iv + d_iv
    if b_iv.lo <= 0:
        return False
    _completion(claim, a_iv, b_iv, a_ev + d_ev)
    sign = "−" if diff[1] > 0 else "+"
    how = f"预算数未写出，按决算数 {show(actual)} {sign} 差额 {show(diff[0])} = {fmt(b_iv.mid, 2)} 计；"
    claim.message = how + claim.message
    return True


def _from_budget_change(doc: Document, claim: Claim) -> bool:
    """Judge a rate whose budget is written only as the prior of a change against it in its sentence.

    决算数为884.49万元，较年初预算数921.18万元减少36.69万元，完成预算数的96.02%: the change against this year's budget
    (its reference names a 预算 and no year, not last year's) states the budget and rests on the actual: the rate is
    884.49 / 921.18.
    """
    n0, sent, p0 = claim.ctx.norm[0], claim.ctx.norm_sentence, claim.ctx.norm_paragraph[0]
    clause = max(sent[0], claim.ctx.paragraph_text.rfind("；", 0, n0 - p0) + p0)  # the rate's own ；-clause
    # the nearest change before the rate, in its clause
    c = max(
        (c for c in doc.claims if c.kind == "change" and c.ctx.norm_sentence == sent and clause <= c.ctx.norm[0]),
        key=lambda c: c.ctx.norm[0] if c.ctx.norm[1] <= n0 else -1,
        default=None,
    )
    if c is None or c.ctx.norm[1] > n0:
        return False
    prior, current, ref = c.claimed.prior, c.ctx.current, c.claimed.ref
    last_year = YEAR_IN_REF.search(ref) or any(w in ref for w in aliases()["measures"]["last_year"])
    if prior is None or current is None or "预算" not in ref or last_year:
        return False  # 较上年预算数…: last year's budget, no figure this year's rate divides
    a_iv, a_ev = stated(current, "决算数")
    unit = c.claimed.unit0 or c.claimed.unit or "万元"
    b_iv = money_interval(prior, unit, c.ctx.cents, c.ctx.tenths)
    if a_iv is None or b_iv.lo <= 0:
        return False
    row = ref.lstrip("较比与")  # 年初预算数, as the change names it
    b_ev = Evidence(table="正文", title="预算数", row=row, column="", value=prior.text + unit)
    _completion(claim, a_iv, b_iv, [b_ev, *a_ev])
    return True


def _from_table_budget(doc: Document, claim: Claim, index: RowIndex) -> bool:
    """其中：…公务接待费支出决算为0.39万元，完成预算的13.68%: a rate whose budget the text leaves unsaid, right after an
    actual that agrees with its table, rests on the budget that table prints for the same item (财政拨款“三公”经费
    支出决算表's 公务接待费 预算数) — when the row holds exactly one such figure. A rate naming a stage the column does
    not (年初预算 or 调整预算 against a plain 预算数, which one template's note calls 全年预算数 and another's narrative
    年初预算) is judged but never flagged."""
    actual = claim.ctx.actual or _actual_right_before(claim)
    if actual is None or actual.verdict != "ok" or not actual.evidence or actual.ctx.trusted_cell is None:
        return False
    own = actual.evidence[0]
    cells = [
        c
        for c in candidates(doc, actual, index, measure="budget")
        if c.score >= STRONG and c.value is not None and (c.table.label, ev_cell(c).row) == (own.table, own.row)
    ]
    a_iv, a_ev = stated(actual, "决算数")
    if len({c.value for c in cells}) != 1 or a_iv is None:
        return False
    _completion(claim, a_iv, Interval.exact(cells[0].cell_value), [ev_cell(cells[0]), *a_ev])
    claim.message += f"（预算数取自{cells[0].table.label}该项的{cells[0].column.name}。）"
    stages = [g for g in aliases()["measures"]["budget_stages"] if any(w in claim.claimed.base for w in g)]
    if claim.flagged and stages and not any(w in cells[0].column.key for g in stages for w in g):
        claim.verdict, claim.suggestion = "unverified", ""
        claim.message += f"但正文说的是{claim.claimed.base}，表中只有{cells[0].column.name}，未判定。"
    return True


def _actual_right_before(claim: Claim) -> Claim | None:
    """The actual the rate follows with nothing but a comma between (支出决算为0.39万元，完成预算的13.68%)."""
    before = [a for a in claim.ctx.sentence_amounts if a.ctx.norm[1] <= claim.ctx.norm[0]]
    if not before or before[-1].ctx.measure != "actual":
        return None
    p0 = claim.ctx.norm_paragraph[0]
    gap = claim.ctx.paragraph_text[before[-1].ctx.norm[1] - p0 : claim.ctx.norm[0] - p0]
    return before[-1] if not gap.strip("，, ") else None


def split_measure_word(subject: str) -> str:
    """The budget word a subject ends with (全年预算, 调整预算 …), '' if none."""

    for w in sorted(aliases()["measures"]["budget"], key=len, reverse=True):
        if subject.endswith(w):
            return w
    return ""


def budget_actual(
    claim: Claim, budget: Claim | None, actual: Claim | None, missing: str
) -> tuple[Interval, Interval, list[Evidence]] | None:
    """(budget, actual, evidence) a completion rate or a comparison word rests on; ``unverified`` without them."""
    if budget is None or actual is None:
        claim.verdict = "unverified"
        claim.message = missing
        return None
    b_iv, b_ev = stated(budget, "预算数")
    a_iv, a_ev = stated(actual, "决算数")
    if b_iv is None or a_iv is None:
        return None
    return b_iv, a_iv, b_ev + a_ev


def _completion(claim: Claim, a_iv: Interval, b_iv: Interval, ev: list[Evidence]) -> None:
    if b_iv.hi <= 0:
        pct = claim.claimed.pct
        claim.evidence = ev
        if pct is not None and pct.value == 0 and a_iv.hi <= 0:
            claim.verdict = "ok"
            claim.message = "预算数为 0，完成率按 0% 填列（无实际意义）。"
        elif pct is not None and pct.value > 0 and a_iv.lo > 0 and claim.claimed.base not in ("", "预算"):
            # 年初预算为0万元 … 完成年初预算的95.89%: a rate of a zero budget cannot be written
            claim.verdict = "mismatch"
            claim.message = (
                f"{claim.claimed.base}为 0，不可能“完成{claim.claimed.base}的 {pct.text}%”"
                "（这个比率是按别的预算数算的）。"
            )
        else:
            claim.verdict = "unverified"
            claim.message = "预算数为 0，完成率无从计算。"
        return
    if claim.claimed.base in aliases()["measures"]["difference_rates"]:
        _difference(claim, a_iv, b_iv, ev)
        return
    pct_judgement(claim, a_iv.ratio(b_iv), "完成率", ev)
    if len(ev) == 2:
        retry_half_cents(claim, (a_iv, ev[1:]), (b_iv, ev[:1]), "完成率")


def _difference(claim: Claim, a_iv: Interval, b_iv: Interval, ev: list[Evidence]) -> None:
    """A difference rate (预决算差异率): (actual − budget) / budget. A rate written with no minus is read as the
    difference's size (some templates never sign it), so only its figure is judged then."""
    ratio = (a_iv - b_iv).ratio(b_iv)
    pct = claim.claimed.pct
    if ratio is not None and pct is not None and pct.value >= 0 and ratio.hi < 0:
        ratio = Interval(-ratio.hi, -ratio.lo)
    pct_judgement(claim, ratio, "预决算差异率", ev)


def judge_comparison(doc: Document, claim: Claim) -> None:
    rel = claim.claimed.rel
    want = _REL.get(rel)
    budget: Claim | None = claim.ctx.budget
    actual: Claim | None = claim.ctx.actual
    if claim.claimed.ref:
        _flat_against_prior(claim, want)
        return
    pair = budget_actual(claim, budget if want is not None else None, actual, "找不到比较的两个数。")
    if pair is None or budget is None or actual is None:
        return
    b_iv, a_iv, claim.evidence = pair
    if a_iv.overlaps(b_iv) or _roughly_equal(rel, a_iv, b_iv):
        got = 0
    else:
        got = 1 if a_iv.lo > b_iv.hi else -1
    claim.recomputed = Recomputed(relation=_REL_WORD[got])
    if got == want:
        claim.verdict = "ok"
        claim.message = f"决算数 {show(actual)} {_REL_WORD[got]} 预算数 {show(budget)}，一致。"
        if got == 0 and not a_iv.overlaps(b_iv):  # 基本持平 of two figures a little apart
            claim.message = f"决算数 {show(actual)} 与预算数 {show(budget)} 相差不到一成，可称“{rel}”，一致。"
    elif claim.ctx.ambiguous:
        # 决算数小于调整预算数 after 年初预算为X only: the 调整预算 is not stated, and the 年初 figure may not be it
        stage = split_measure_word(budget.subject) or "另一预算数"
        claim.verdict = "unverified"
        said = f"决算数 {show(actual)}、预算数 {show(budget)}（{stage}）"
        claim.message = f"{said}：正文比的是{claim.claimed.rhs}，文中没写，未判定。"
    else:
        claim.verdict = "direction"
        right = {1: "大于", -1: "小于", 0: "与预算数一致"}[got]
        claim.message = f"正文说决算数“{rel}”预算数，但决算数 {show(actual)}、预算数 {show(budget)}。"
        claim.suggestion = _relation_said(claim.text, rel, right) if got != 0 else "决算数与预算数一致"


def _roughly_equal(rel: str, a_iv: Interval, b_iv: Interval) -> bool:
    """基本持平, 基本一致: equal within a share of the larger figure (patterns/aliases.toml [directions]
    roughly_within), so only a plain contradiction (0.24 against 0.94) is a wrong word."""
    words = aliases()["directions"]
    if not rel.startswith(tuple(words["roughly"])):
        return False
    gap = max(a_iv.lo - b_iv.hi, b_iv.lo - a_iv.hi)
    return gap <= Decimal(words["roughly_within"]) * max(a_iv.hi, b_iv.hi)


def _relation_said(text: str, rel: str, right: str) -> str:
    """The sentence with the relation the figures give: 决算数大于预算数 for 决算数大于/小于预算数 and for
    决算数同预算数持平 alike (the connective 与/同/和/跟 of an equality gives way to the comparison word)."""
    at = text.rfind(rel)
    joint = max(text.rfind(c, max(at - 8, 0), at) for c in "与同和跟")  # 决算数同预算数持平: a few characters
    if joint < 0 or _REL.get(rel) != 0 or rel in _REL_WORD.values():
        return text.replace(rel, right)
    return text[:joint] + right + text[joint + 1 : at] + text[at + len(rel) :]


def _flat_against_prior(claim: Claim, want: int | None) -> None:
    """比2023年预算执行数持平: judged when the sentence states both years (执行数 …，预算安排 …)."""
    n0 = claim.ctx.norm[0]
    before = [a for a in claim.ctx.sentence_amounts if a.ctx.norm[1] <= n0]
    prior = [a for a in before if a.ctx.measure == "actual"]
    cur = [a for a in before if a.ctx.measure == "budget" and prior and a.start > prior[-1].start]
    if want != 0 or not prior or not cur:
        claim.verdict = "unverified"
        claim.message = "与上年比较（持平），上年数不在文中，无从核对。"
        return
    p_iv, p_ev = stated(prior[-1], "上年数")
    c_iv, c_ev = stated(cur[-1], "本年数")
    if p_iv is None or c_iv is None:
        return
    claim.evidence = p_ev + c_ev
    if p_iv.overlaps(c_iv):
        claim.verdict = "ok"
        claim.message = f"上年 {show(prior[-1])}、本年 {show(cur[-1])}，持平。"
    else:
        claim.verdict = "direction"
        way = "增加" if c_iv.lo > p_iv.hi else "减少"
        claim.message = f"正文说持平，但上年 {show(prior[-1])}、本年 {show(cur[-1])}：{way}了。"
