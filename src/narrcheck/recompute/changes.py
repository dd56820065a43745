"""Year-on-year changes (比上年增加 X 万元，增长 y%): amount, rate and direction against the figures stated."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal


from ..claims.listparts import divides_rate
from ..claims.patterns import aliases
from ..claims.subjects import named_of, similar, split_measure, subject_before
from ..model import Claim, Document, Evidence, Recomputed
from ..numbers import UNIT_SCALE, Interval, Number, fmt, to_wan
from ..textnorm import name_key
from .rounding import judge
from .between import (
    YEAR_IN_REF,
    last_year_pair,
    year_words_pair,
    delta_after_prior,
    delta_off_too,
    difference,
    flip_word,
    move_between,
    rate_after_prior,
    rate_between,
)
from .budgets import budget_actual
from .figures import (
    HUNDRED,
    accept_half_cents,
    amount_interval,
    money,
    money_interval,
    pct_judgement,
    put_back,
    replace_last,
    set_aside,
    show,
    stated,
    uses_cell,
    value_of,
)


_WORDS = aliases()["directions"]
# 调增/调减 say a budget's adjustment (由X调整为Y，调增Z): a change of the budget like any other
UP = frozenset(_WORDS["up"] + _WORDS["figure_up"] + _WORDS["adjust_up"])
DOWN = frozenset(_WORDS["down"] + _WORDS["figure_down"] + _WORDS["adjust_down"])


def judge_change(doc: Document, claim: Claim) -> None:
    """A change: its words' direction, then its amount and rate against the figures it rests on (a
    stated prior, the current amount before it, a dated pair, a budget/actual pair). When the nearest
    amount does not explain it and another amount of its clause does (a change after a 其中 list is the
    total's as often as the last part's), that reading is taken: alignment by explanation. A reading the
    figures rule out (an increase larger than its amount) gives way to the one amount that can carry it."""
    _judge_change(doc, claim)
    carrier = _only_carrier(claim)
    if carrier is not None:
        set_aside(claim)
        _judge_change(doc, _rest_on(doc, claim, carrier))
        return
    if not claim.flagged or not claim.ctx.alternatives:
        return
    nearest = claim.ctx.current
    for alt in claim.ctx.alternatives:
        claim.ctx.current = alt
        kept = set_aside(claim)
        _judge_change(doc, claim)
        if claim.verdict == "ok":
            _rest_on(doc, claim, alt)
            return
        put_back(claim, kept)
    claim.ctx.current = nearest


def _rest_on(doc: Document, claim: Claim, alt: Claim) -> Claim:
    """The change read against another amount of its clause: its subject, when it was the nearest amount's, and
    its span (from that amount to the rate, within the sentence) follow."""
    nearest = claim.ctx.current
    if nearest is not None and claim.subject == named_of(nearest):
        claim.subject = named_of(alt)
    if alt.start < claim.start and alt.sentence == claim.sentence:
        claim.start = alt.start
        claim.text = doc.text[claim.start : claim.end]
    claim.ctx.current = alt
    return claim


def _only_carrier(claim: Claim) -> Claim | None:
    """When the amount a change was read against is smaller than its increase (收入总计1262.71万元，其中年初结转和结余
    134.56万元，较2019年增加149.44万元: the prior would be negative), the one amount before it in its sentence that
    can carry the increase; None when the reading stands or several could."""
    if not _below_its_increase(claim, claim.ctx.current):
        return None
    possible = [
        a
        for a in claim.ctx.sentence_amounts
        if a.ctx.norm[1] <= claim.ctx.norm[0] and a.ctx.direction is None and not _below_its_increase(claim, a)
    ]
    return possible[0] if len(possible) == 1 else None


def _below_its_increase(claim: Claim, current: Claim | None) -> bool:
    """Whether an increase is larger than the amount it is read against (the prior would be negative)."""
    delta = money(claim, "delta")
    if current is None or delta is None or claim.claimed.prior is not None or claim.claimed.alt1:
        return False
    up = claim.claimed.d1 in UP or (not claim.claimed.d1 and claim.claimed.d2 in UP)
    return up and value_of(current) < delta.value


def _judge_change(doc: Document, claim: Claim) -> None:
    if claim.claimed.alt1:
        _unfilled(claim)
        return
    d1, d2 = claim.claimed.d1, claim.claimed.d2
    sign1 = 1 if d1 in UP else -1 if d1 in DOWN else 0
    sign2 = 1 if d2 in UP else -1 if d2 in DOWN else 0
    if sign1 and sign2 and sign1 != sign2:
        claim.verdict = "direction"
        claim.message = f"增减额说“{d1}”，增减率说“{d2}”，方向矛盾。"
        claim.suggestion = claim.text
        return
    sign = sign1 or sign2
    delta = money(claim, "delta")
    pct = claim.claimed.pct
    prior = money(claim, "prior")
    if delta is not None and pct is not None and prior is None and _change_from_years(claim, delta, pct, sign):
        return
    if claim.pattern == "change.contrast":
        claim.verdict = "unverified"  # 对比减少 …: set against a pair this sentence does not state plainly
        claim.message = "对比的两年数字在文中找不全，未核对。"
        return
    if delta is None and pct is not None and prior is None and _change_from_pair(claim, pct, sign):
        return
    if delta is not None and pct is None and prior is None and _delta_between_stated(claim, delta, sign):
        return
    if delta is not None and pct is None and prior is not None and delta_after_prior(claim, prior, sign):
        return
    if delta is None and pct is not None and prior is not None and rate_after_prior(claim, pct, prior, sign):
        return
    if delta is None and pct is None and move_between(claim, sign):
        return
    if delta is None or pct is None:
        claim.verdict = "unverified"
        claim.message = "只写了增减额或增减率之一，上年数不在文中，无从核对。"
        return
    if delta.value == 0 and pct.value == 0:
        claim.verdict = "ok"  # 比上年增加0万元，增长0%: no change, whatever the word
        claim.message = "增减额与增减率均为 0，一致。"
        return
    _judge_rate(claim, delta, pct, prior, sign)
    if prior is not None and claim.verdict == "mismatch":
        delta_off_too(claim, prior, pct, sign)
    if prior is not None and claim.verdict in ("ok", "rounding"):
        # the rate fits the prior (or is a unit off): the amount before them must fit too (本年2653.45万元，与上年
        # 1031.76万元相比增加9.15万元，增长0.88%: 9.15 is no difference of the two, whatever the rate's last digit)
        kept = set_aside(claim)
        if not delta_after_prior(claim, prior, sign) or claim.verdict == "ok" or kept[0] == claim.verdict:
            put_back(claim, kept)
        elif claim.verdict != "direction" and "单位笔误" not in claim.message:
            fits = "彼此相合" if kept[0] == "ok" else "只差一个尾数"
            claim.message += f"增减额与增减率 {pct.text}% 按上年数{fits}：疑本年数有误。"
            claim.suggestion = ""  # which of the three figures is wrong the text cannot say


def _unfilled(claim: Claim) -> None:
    """增加（减少）X万元，增长（下降）P%: the direction is a template never filled in."""
    delta, pct = claim.claimed.delta, claim.claimed.pct
    if delta is not None and pct is not None and delta.value == 0 and pct.value == 0:
        claim.verdict = "ok"
        claim.message = "增减额与增减率均为 0，数字一致；措辞为未填的模板（见模板残留）。"
    else:
        claim.verdict = "unverified"
        claim.message = "模板措辞未填（增加（减少））：方向无法判断。"


def _judge_rate(claim: Claim, delta: Number, pct: Number, prior: Number | None, sign: int) -> None:
    """The rate against the amount over last year's figure: the stated prior, or the current amount less
    (or plus) the change; when only the other direction explains it, the word is the slip."""
    unit = claim.claimed.unit or "万元"
    current = claim.ctx.current
    d_iv = money_interval(delta, unit, claim.ctx.cents, claim.ctx.tenths)
    evidence: list[Evidence] = []
    if prior is not None:
        base_iv = money_interval(prior, claim.claimed.unit0 or unit, claim.ctx.cents, claim.ctx.tenths)
        evidence.append(Evidence(table="正文", title="上年数", row="上年", column="", value=prior.text))
    elif current is not None and sign:
        cur_iv, evidence = stated(current, "本年数")
        if cur_iv is None:
            return
        base_iv = cur_iv - d_iv if sign > 0 else cur_iv + d_iv
    else:
        claim.verdict = "unverified"
        claim.message = "找不到本年数，增减率无从核对。"
        return
    if sign > 0 and base_iv.lo == 0 == base_iv.hi:
        _from_nothing(claim, pct, evidence)
        return
    if base_iv.lo <= 0 < base_iv.hi:
        _near_nothing(claim, d_iv, base_iv.hi, pct, evidence)
        return
    if base_iv.hi < 0:
        if prior is None and sign > 0 and current is not None and _all_of_it(claim, current, pct, unit):
            _more_than_current(claim, current, delta, evidence)
            return
        claim.verdict, claim.evidence = "unverified", evidence
        claim.message = f"本年数小于增加额 {delta.text}{unit}（上年数将为负）：这笔增减不是它的，未核对。"
        return
    computed = d_iv.ratio(base_iv) if base_iv.lo > 0 else None
    pct_judgement(claim, computed, "增减率", evidence)
    if claim.verdict == "mismatch":
        _unit_slip(claim, pct, base_iv if prior is not None else None, sign)
    if claim.flagged and current is not None and prior is None and sign:
        _half_cents(claim, current, delta, sign)
    if claim.verdict == "mismatch" and current is not None and prior is None and sign:
        # a rate one unit off under its word is a rounding slip, whatever the other direction gives
        _word_reversed(claim, current, d_iv, pct, sign)


def _all_of_it(claim: Claim, current: Claim, pct: Number, unit: str) -> bool:
    """增长100% after an increase larger than this year's figure, the figure the change's own item (its sentence, or
    the same name: 一般公共预算财政拨款支出X万元。与上年相比，一般公共预算财政拨款支出增加Y万元): the custom for a
    prior of 0 says the increase is all of this year's figure, so the binding is sure and one of the two is a slip."""
    if pct.value != HUNDRED or (current.claimed.unit or "万元") != unit:
        return False
    if current.ctx.norm_sentence == claim.ctx.norm_sentence:
        return True
    mine, theirs = split_measure(claim.subject)[0], split_measure(current.subject)[0]
    return bool(mine and theirs) and name_key(mine) == name_key(theirs)


def _more_than_current(claim: Claim, current: Claim, delta: Number, evidence: list[Evidence]) -> None:
    """An increase of more than this year's whole figure, 增长100%: last year's would be negative."""
    unit, now = claim.claimed.unit or "万元", show(current)
    claim.verdict, claim.evidence = "mismatch", evidence
    claim.recomputed = Recomputed(delta=now, unit=unit)
    claim.message = (
        f"增长100%是上年数为 0 的惯例，增加额应等于本年数 {now}{unit}；正文写增加 {delta.text}{unit}，"
        "比本年数还多（上年数将为负）：二者必有一误。"
    )
    claim.suggestion = replace_last(claim.text, delta.text, now) if uses_cell(current) else ""


def _half_cents(claim: Claim, current: Claim, delta: Number, sign: int) -> None:
    """Under the cents convention a written 万元 figure is read exact at the cent, but each stands for half
    a cent either side (DOMAIN.md), and over a base that is a small difference (22.59 − 20.63 = 1.96) that
    half cent moves the rate by whole units: when the figures' own intervals give the rate, it is consistent.
    This year's figure agreeing with a cell of a table kept in 元 is that cell, and the change a rounding to the
    万元 cent of a difference of 元 figures (78.27万元 for 782,694.71元, 增加7.28万元, 增长10.25%)."""
    cur = money(current)
    if not claim.ctx.cents or cur is None or (claim.claimed.unit or "万元") != "万元":
        return
    if (current.claimed.unit or "万元") != "万元" or uses_cell(current) and not current.ctx.converted:
        return
    c_iv = amount_interval(current) if uses_cell(current) else cur.interval(max(cur.decimals, 2))
    d_iv = delta.interval(max(delta.decimals, 2))
    if c_iv is None:
        return
    base = c_iv - d_iv if sign > 0 else c_iv + d_iv
    accept_half_cents(claim, d_iv.ratio(base) if base.lo > 0 else None, "增减率")


def _word_reversed(claim: Claim, current: Claim, d_iv: Interval, pct: Number, sign: int) -> None:
    """A rate that misses under its word but fits the other direction exactly: the word is wrong, not the number."""
    d1, d2 = claim.claimed.d1, claim.claimed.d2
    cur_iv, _ = stated(current, "本年数")
    other = None if cur_iv is None else cur_iv + d_iv if sign > 0 else cur_iv - d_iv
    if other is None or other.lo <= 0:
        return
    alt = d_iv.ratio(other)
    if alt is not None and judge(pct, alt.scale(HUNDRED)).verdict == "ok":
        claim.verdict = "direction"
        flip = "减少/下降" if sign > 0 else "增加/增长"
        claim.message = (
            f"按“{d1 or d2}”重算增减率为 {claim.recomputed.pct}%，而按“{flip}”恰为 {pct.text}%：方向词写反了。"
        )
        claim.suggestion = claim.text.replace(d1, flip_word(d1)).replace(d2, flip_word(d2)) if d1 and d2 else claim.text


def _change_from_years(claim: Claim, delta: Number, pct: Number, sign: int) -> bool:
    """A change after two figures of one measure labelled with two years (2016年预算8万元，2015年预算
    12.5万元；对比减少4.35万元；减少率35.22%): the later year is this year's, the earlier the prior.
    The stated difference, its word and its rate must all follow from the pair."""
    n0 = claim.ctx.norm[0]
    dated = [a for a in claim.ctx.sentence_amounts if a.ctx.norm[1] <= n0 and a.ctx.year]
    years = {a.ctx.year for a in dated}
    if not sign:
        return False
    if len(years) == 2 and len(dated) == 2 and dated[0].ctx.measure == dated[1].ctx.measure:
        cur, prior = sorted(dated, key=lambda a: -a.ctx.year)
        now, then = f"{cur.ctx.year}年", f"{prior.ctx.year}年"
    elif (pair := last_year_pair(claim)) is not None:
        (cur, prior), now, then = pair, "本年", "上年"
    else:
        return False
    c_iv, c_ev = stated(cur, "本年数")
    p_iv, p_ev = stated(prior, "上年数")
    if c_iv is None or p_iv is None or p_iv.lo <= 0:
        return False
    claim.evidence = p_ev + c_ev
    diff = c_iv - p_iv
    if (sign > 0 and diff.hi < 0) or (sign < 0 and diff.lo > 0):
        claim.verdict = "direction"
        smaller = "小" if sign > 0 else "大"
        claim.message = f"{now} {show(cur)} 比 {then} {show(prior)} {smaller}，正文却说“{claim.claimed.d1}”。"
        return True
    # judged in the unit the change is written in (1.41亿元 to the 0.01亿, not to the 0.01万元)
    raw, scale = claim.claimed.find("delta") or delta, UNIT_SCALE.get(claim.claimed.unit or "万元", Decimal(1))
    places = max(raw.decimals, 2) if scale == 1 else raw.decimals
    jd = judge(Number(raw.value, places, raw.text), diff.scale(Decimal(sign) / scale), places)
    if jd.verdict != "ok":
        claim.verdict = jd.verdict
        claim.recomputed = Recomputed(delta=jd.expected)
        claim.message = f"{now} {show(cur)} 与 {then} {show(prior)} 相差 {jd.expected}，正文写 {delta.text}。"
        claim.suggestion = replace_last(claim.text, claim.claimed.figure("delta").text, jd.expected)
        return True
    pct_judgement(claim, diff.scale(Decimal(sign)).ratio(p_iv), "增减率", claim.evidence)
    return True


def _change_from_pair(claim: Claim, pct: Number, sign: int) -> bool:
    """A percent change between the two amounts its sentence states before it (budgets:
    2023年当年预算执行数为60.13万元，2024年预算安排25.77万元，比2023年预算执行数减少57.14%)."""
    n0 = claim.ctx.norm[0]
    before = [a for a in claim.ctx.sentence_amounts if a.ctx.norm[1] <= n0]
    prior = [a for a in before if a.ctx.measure == "actual"]
    cur = [
        a
        for a in before
        if a.ctx.measure == "budget"
        and prior
        and a.start > prior[-1].start
        and not divides_rate(a.ctx.paragraph_text, a.ctx.norm[1] - a.ctx.norm_paragraph[0])
    ]  # 完成…57271万元，占年初预算74261万元的77.1%，同比增长19.1%: that budget is the rate's base, not this year's
    if (pair := year_words_pair(claim)) is not None and sign:
        cur, prior = [pair[0]], [pair[1]]  # 普通小学上年10321.31元，本年10359.52元，同口径比上年增长20.97%
    if not (prior and cur and sign):
        return False
    p_iv, p_ev = stated(prior[-1], "上年数")
    if p_iv is None:
        return False
    return rate_between(claim, pct, sign, (p_iv, p_ev, show(prior[-1])), cur[-1])


def _unit_slip(claim: Claim, pct: Number, base_iv: Interval | None, sign: int) -> None:
    """A change amount written in another unit than the figures it is between (比上年同期139万元增支120元，增长86.3%;
    支出3.3万元，…减少2.7元，下降45%): when the rate fits the amount read in their unit, say that the unit is the
    likely slip (the verdict stays). ``base_iv``: last year's stated figure, None when the base follows from this
    year's amount."""
    unit = claim.claimed.unit or "万元"
    current = claim.ctx.current
    other = claim.claimed.unit0 if base_iv is not None else (current.claimed.unit if current is not None else "")
    if not other or unit == other or other not in UNIT_SCALE or (base_iv is None and (current is None or not sign)):
        return
    written = claim.claimed.figure("delta")  # as written, before its unit turned it into 万元
    as_other = money_interval(Number(to_wan(written.value, other), written.decimals, written.text), "万元", False)
    if base_iv is None and current is not None:
        cur_iv, _ = stated(current, "本年数")
        if cur_iv is None:
            return
        base_iv = cur_iv - as_other if sign > 0 else cur_iv + as_other
    ratio = as_other.ratio(base_iv) if base_iv is not None and base_iv.lo > 0 else None
    if ratio is not None and judge(pct, ratio.scale(HUNDRED)).verdict == "ok":
        fits = f"若增减额为 {written.text}{other}，增减率 {pct.text}% 正合"
        claim.message += f"{fits}：疑为增减额单位笔误（{unit}）。"
        shown = other.replace("万", "萬").replace("亿", "億") if "萬" in claim.text or "億" in claim.text else other
        claim.suggestion = replace_last(claim.text, written.text + unit, written.text + shown)  # in the text's script


def _delta_between_stated(claim: Claim, delta: Number, sign: int) -> bool:
    """比年初预算增加 X 万元 when the sentence states both the 年初预算 and the 决算: X is their difference."""
    ref = claim.claimed.ref
    if not sign or "预算" not in ref or YEAR_IN_REF.search(ref):
        return False  # a prior year's figure is never in the document; a budget of this year may be
    n0 = claim.ctx.norm[0]
    before = [a for a in claim.ctx.paragraph_amounts if a.ctx.norm[1] <= n0]
    budget = [a for a in before if a.ctx.measure == "budget"]
    actual = [a for a in before if a.ctx.measure == "actual"]
    if not budget or not actual or not _same_item_as_lead(claim, actual[-1]):
        return False
    pair = budget_actual(claim, budget[-1], actual[-1], "")
    if pair is None:
        return False
    b_iv, a_iv, evidence = pair
    difference(claim, sign, (b_iv, a_iv, evidence), (f"决算 {show(actual[-1])}", f"预算 {show(budget[-1])}"))
    return True


def _same_item_as_lead(claim: Claim, actual: Claim) -> bool:
    """The item the change's sentence names before it (岁入决算数较预算数增…) is the actual's item, or either names
    none: 债务还本决算数1,200亿元，较预算数850亿元 … 。岁入决算数较预算数增3,332亿元 is not 1,200 − 850."""
    p0, s0, n0 = claim.ctx.norm_paragraph[0], claim.ctx.norm_sentence[0], claim.ctx.norm[0]
    lead = split_measure(subject_before(claim.ctx.paragraph_text, n0 - p0, max(s0 - p0, 0)))[0]
    item = actual.ctx.entity or split_measure(actual.subject)[0]
    return not lead or not item or similar(lead, item)


def _near_nothing(claim: Claim, d_iv: Interval, most: Decimal, pct: Number, evidence: list[Evidence]) -> None:
    """Last year's figure (this year's less the change) may be anything from 0 to ``most`` by the two figures'
    rounding (1.1亿元，同比增加1.0亿元: 0 to 0.2; 6.6亿元，增加6.6亿元: up to 0.1): the rate has no upper bound, only a
    lower one, the change's least over ``most``. A rate written more than one unit of its last digit below it cannot
    come from the figures; 100% is the custom for a prior of 0; any other rate is left unjudged."""
    claim.evidence = evidence
    least = (d_iv.lo / most * HUNDRED).quantize(Decimal(1).scaleb(-pct.decimals), rounding=ROUND_FLOOR)
    unit = Decimal(1).scaleb(-pct.decimals)
    if pct.value == HUNDRED or pct.value + unit >= least:
        claim.verdict = "unverified"
        claim.message = (
            f"上年数（本年数与增减额之差）按末位四舍五入可近于 0（至多 {fmt(most)}），增减率至少 {fmt(least)}%，"
            "无上限，未核对。"
        )
        return
    claim.verdict = "mismatch"
    claim.recomputed = Recomputed(pct=fmt(least))
    claim.message = (
        f"上年数（本年数与增减额之差）按末位四舍五入至多 {fmt(most)}，增减率至少 {fmt(least)}%，正文写 {pct.text}%。"
    )


def _from_nothing(claim: Claim, pct: Number, evidence: list[Evidence]) -> None:
    """An increase from a prior year of 0 (a unit new this year): the custom writes 增长100%.

    The rate itself is undefined, so 100% is left unjudged, and so is 0% (the other way units write a rate
    they cannot compute: 去年预算数为0，因此增长率为0%); any other figure cannot come from the numbers and
    is flagged, one unit off as a rounding slip.
    """
    claim.evidence = evidence
    hundred = Decimal(100)
    unit = Decimal(1).scaleb(-pct.decimals)
    claim.recomputed = Recomputed(pct="100")
    if pct.value in (hundred, 0):
        claim.verdict = "unverified"
        claim.message = "上年数为 0：增幅无从计算，按惯例写 100%。"
        if not pct.value:
            claim.message = "上年数为 0：增幅无从计算，正文写 0%（另一种写法；惯例写 100%），未核对。"
        return
    claim.verdict = "rounding" if abs(pct.value - hundred) <= unit else "mismatch"
    claim.message = f"上年数为 0（增加额等于本年数）：增幅无从计算，惯例写 100%，正文写 {pct.text}%。"
    claim.suggestion = replace_last(claim.text, pct.text, fmt(hundred, pct.decimals))
