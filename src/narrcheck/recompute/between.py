"""A change between two stated figures: their difference against the change amount, the rate over the earlier
one, the direction word against their order. The figures are a written prior (较上年231.5万元，增加21万元), a
budget/actual pair (比年初预算增加 X 万元) or this year's amount and last year's."""

from __future__ import annotations

from decimal import Decimal

import regex

from ..claims.carryover import carryover_role
from ..claims.patterns import aliases
from ..model import Claim, Evidence, Recomputed
from ..numbers import UNIT_SCALE, Interval, Number, fmt, parse_number, to_wan
from ..textnorm import name_key
from .figures import (
    HUNDRED,
    money,
    money_interval,
    pct_judgement,
    prior_unit,
    put_back,
    replace_last,
    set_aside,
    show,
    stated,
    uses_cell,
)
from .rounding import judge

YEAR_IN_REF = regex.compile(r"20\d\d")


def rate_between(
    claim: Claim, pct: Number, sign: int, prior: tuple[Interval, list[Evidence], str], cur: Claim, c_unit: str = ""
) -> bool:
    """The rate of change from last year's figure (``prior``: its interval, evidence and figure as shown) to
    this year's amount ``cur`` (shown with ``c_unit`` when the two are written in different units); False when
    ``cur`` has no figure."""
    p_iv, p_ev, p_shown = prior
    c_iv, c_ev = stated(cur, "本年数")
    if c_iv is None:
        return False
    if p_iv.hi <= 0 and c_iv.lo > 0:
        # from nothing: the rate is undefined (100% by custom), but only 增加 can be right
        claim.evidence = p_ev + c_ev
        if sign < 0:
            claim.verdict = "direction"
            claim.message = (
                f"上年数为 0、本年数 {show(cur)}，只能是增加，正文却说“{claim.claimed.d2 or claim.claimed.d1}”。"
            )
        else:
            claim.verdict = "unverified"
            claim.message = "上年数为 0：增幅无从计算（按惯例可写 100%）。"
        return True
    if p_iv.lo <= 0:
        return False
    # the prose computes from the figures it writes (24.31, not the table's 24.312): the written
    # figure, or the table's figure at the cent, may stand for the current amount
    readings = []
    written = money(cur)
    if written is not None:
        readings.append(money_interval(written, cur.claimed.unit or "万元", claim.ctx.cents, claim.ctx.tenths))
    if c_iv.lo == c_iv.hi:
        readings.append(Interval.exact(c_iv.lo.quantize(Decimal("0.01"))))
    for w_iv in readings:
        w_ratio = (w_iv - p_iv if sign > 0 else p_iv - w_iv).ratio(p_iv)
        if w_ratio is not None and judge(pct, w_ratio.scale(HUNDRED)).verdict == "ok":
            c_iv = w_iv
            break
    if (sign < 0 and c_iv.lo > p_iv.hi) or (sign > 0 and c_iv.hi < p_iv.lo):
        claim.verdict = "direction"
        claim.evidence = p_ev + c_ev
        claim.message = (
            f"本年数 {show(cur)}{c_unit} 比上年数 {p_shown} {'大' if sign < 0 else '小'}，"
            f"正文却说“{claim.claimed.d2 or claim.claimed.d1}”。"
        )
        return True
    diff = c_iv - p_iv if sign > 0 else p_iv - c_iv
    pct_judgement(claim, diff.ratio(p_iv), "增减率", p_ev + c_ev)
    return True


def rate_after_prior(claim: Claim, pct: Number, prior: Number, sign: int) -> bool:
    """本年 Z 万元，比上年 X 万元增长 P%: P against (Z − X) / X, Z the amount its sentence states before."""
    current = claim.ctx.current
    if current is None or not sign or current.ctx.norm_sentence != claim.ctx.norm_sentence:
        return False
    p_iv, p_ev, unit0 = _written_prior(claim, prior)
    units = _units(current, unit0)
    done = rate_between(claim, pct, sign, (p_iv, [p_ev], prior.text + units[1]), current, units[0])
    if done and claim.flagged:
        _prior_read_as_change(claim, pct, (p_iv, prior.text + unit0), current, sign)
    if done and claim.flagged and units[0]:
        _prior_unit_slip(claim, pct, prior, current, sign)
    return done


def _units(current: Claim, unit0: str) -> tuple[str, str]:
    """The units of this year's amount and of the written prior, to show when they differ (else blank)."""
    c_unit = current.claimed.unit or "万元"
    return (c_unit, unit0) if c_unit != unit0 and not uses_cell(current) else ("", "")


def _prior_unit_slip(claim: Claim, pct: Number, prior: Number, current: Claim, sign: int) -> None:
    """为89410万元，比上年的131870.68元减少32.20%: the prior read in this year's unit gives the rate, so its
    unit is the likely slip (said so; the verdict stays what the figures as written give)."""
    c_iv, _ = stated(current, "本年数")
    c_unit = current.claimed.unit or "万元"
    raw = parse_number(prior.text)
    if raw is None:
        return
    p_num = Number(to_wan(raw.value, c_unit), raw.decimals, raw.text)
    p_iv = money_interval(p_num, c_unit, claim.ctx.cents, claim.ctx.tenths)
    ratio = (c_iv - p_iv if sign > 0 else p_iv - c_iv).ratio(p_iv) if c_iv is not None and p_iv.lo > 0 else None
    if ratio is None or judge(pct, ratio.scale(HUNDRED)).verdict != "ok":
        return
    claim.message += f"若上年数为 {prior.text}{c_unit}，{pct.text}% 正合：疑为上年数单位笔误。"
    written = prior.text + (claim.claimed.unit0 or "")
    if written in claim.text:
        claim.suggestion = claim.text.replace(written, prior.text + c_unit, 1)


def _prior_read_as_change(claim: Claim, pct: Number, prior: tuple[Interval, str], current: Claim, sign: int) -> None:
    """568.5万元，较2023年度决算数38.31万元，下降6.31%: read as last year's figure the rate is far off, read as
    the change (减少 left out) it fits: which the text means is unsure, so no alarm."""
    d_iv, shown = prior
    c_iv, _ = stated(current, "本年数")
    if c_iv is None:
        return
    base = c_iv - d_iv if sign > 0 else c_iv + d_iv
    ratio = d_iv.ratio(base) if base.lo > 0 else None
    if ratio is None or judge(pct, ratio.scale(HUNDRED)).verdict != "ok":
        return
    word = claim.claimed.d2 or claim.claimed.d1
    claim.verdict, claim.suggestion = "unverified", ""
    claim.message = (
        f"“{shown}”若是上年数，{claim.message[:-1]}；若是{word}额（疑漏写“{'增加' if sign > 0 else '减少'}”），"
        f"{pct.text}% 正合：读法不确定，未判定。"
    )


def _written_prior(claim: Claim, prior: Number) -> tuple[Interval, Evidence, str]:
    """Last year's figure the change writes (较上年231.5万元): its interval, its evidence and its unit."""
    unit0 = prior_unit(claim)  # as figures.money reads it
    p_ev = Evidence(table="正文", title="上年数", row="上年", column="", value=prior.text + unit0)
    return money_interval(prior, unit0, claim.ctx.cents, claim.ctx.tenths), p_ev, unit0


def delta_after_prior(claim: Claim, prior: Number, sign: int) -> bool:
    """本年 Z 万元，较上年 X 万元，增加 Y 万元: Y must be Z − X, Z the amount its own sentence states before
    the change (an amount of another sentence may be another item's). False when there is no such Z."""
    current = claim.ctx.current
    if current is None or not sign or current.ctx.norm_sentence != claim.ctx.norm_sentence:
        return False
    c_iv, c_ev = stated(current, "本年数")
    if c_iv is None:
        return False
    p_iv, p_ev, unit0 = _written_prior(claim, prior)
    units = _units(current, unit0)
    now, label = _pair_names(claim)
    names = (f"{now} {show(current)}{units[0]}", f"{label} {prior.text}{units[1]}")
    difference(claim, sign, (p_iv, c_iv, [p_ev, *c_ev]), names)
    if claim.flagged and units[0]:
        _current_unit_slip(claim, current, p_iv, unit0, sign)
    return True


def delta_off_too(claim: Claim, prior: Number, pct: Number, sign: int) -> None:
    """本年884.49万元，较上年896.77万元减少12.88万元，下降1.39%: a rate off its delta over the prior, where the delta is
    no difference of the two years either (12.28): the delta's slip is the judgement shown (a rate recomputed from it
    carries it, and its correction would too), with the rate the two years give said beside it and no correction
    offered (which figures are wrong the text cannot say)."""
    if "单位笔误" in claim.message:
        return  # 增支120元 for 120万元: the unit slip already says which figure is wrong and how
    kept = set_aside(claim)
    if not delta_after_prior(claim, prior, sign) or claim.verdict != "mismatch":
        put_back(claim, kept)
        return
    by_delta = set_aside(claim)
    said = rate_after_prior(claim, pct, prior, sign) and claim.message
    put_back(claim, by_delta)
    if said:
        claim.message += f"按两年数，{said}"
    claim.suggestion = ""


def _pair_names(claim: Claim) -> tuple[str, str]:
    """What the later and the earlier figure of a change are called in its message: 本年数 and 上年数, a
    budget's 决算数 and 预算数, or (调增/调减) the budget after and before its adjustment."""
    directions = aliases()["directions"]
    if claim.claimed.d1 in (*directions["adjust_up"], *directions["adjust_down"]):
        return "调整后", "调整前"
    ref = claim.claimed.ref
    if any(w in ref for w in aliases()["measures"]["last_year"]):  # 较上年度法定预算数: last year's budget
        return "本年数", "上年预算数" if "预算" in ref else "上年数"
    label = "年初预算数" if "年初预算" in ref else "预算数" if "预算" in ref else "上年数"
    return ("决算数" if "预算" in ref and not YEAR_IN_REF.search(ref) else "本年数"), label


def _current_unit_slip(claim: Claim, current: Claim, p_iv: Interval, unit0: str, sign: int) -> None:
    """基本支出252.5元，较上年231.5万元，增加21万元: the current amount read in the prior's unit gives the
    change, so its unit is the likely slip (said so; the verdict stays what the figures as written give)."""
    n = current.claimed.value
    if n is None:
        return
    as_prior = money_interval(
        Number(to_wan(n.value, unit0), n.decimals, n.text), unit0, claim.ctx.cents, claim.ctx.tenths
    )
    unit = claim.claimed.unit or "万元"
    written = claim.claimed.figure("delta")
    fits = judge(written, (as_prior - p_iv).scale(Decimal(sign) / UNIT_SCALE.get(unit, Decimal(1))))
    if fits.verdict == "ok":
        said = f"{claim.claimed.d1} {written.text}{unit}"
        claim.message += f"若本年数为 {n.text}{unit0}，{said} 正合：疑为本年数单位笔误。"
        fixed = replace_last(current.text, current.claimed.unit, unit0)
        claim.suggestion = claim.text.replace(current.text, fixed, 1) if current.text in claim.text else ""


def difference(
    claim: Claim, sign: int, pair: tuple[Interval, Interval, list[Evidence]], names: tuple[str, str]
) -> None:
    """A change amount against the difference of the two figures it sits between (``pair``: the earlier
    figure, the later one, their evidence in that order); the word is wrong when the later is on the other
    side. ``names`` words them in the message (later first)."""
    before_iv, after_iv, claim.evidence = pair
    later, earlier = names
    diff = after_iv - before_iv
    if (sign > 0 and diff.hi < 0) or (sign < 0 and diff.lo > 0):
        claim.verdict = "direction"
        claim.message = f"{later} 比{earlier} {'小' if sign > 0 else '大'}，正文却说“{claim.claimed.d1}”。"
        d1, d2 = claim.claimed.d1, claim.claimed.d2
        flipped = replace_last(claim.text, d2, flip_word(d2)) if d2 else claim.text  # the rate's word too
        claim.suggestion = replace_last(flipped, d1, flip_word(d1))
        return
    unit = claim.claimed.unit or "万元"
    written = claim.claimed.figure("delta")  # judged in its own unit, at the cent under the cents convention
    places = max(written.decimals, 2) if unit == "万元" and claim.ctx.cents else written.decimals
    span = diff.scale(Decimal(sign) / UNIT_SCALE.get(unit, Decimal(1)))  # the change the two figures give
    j = judge(written, span, places)
    claim.verdict = j.verdict
    claim.recomputed = Recomputed(delta=j.expected)
    spread = f"{fmt(span.lo, places)}～{fmt(span.hi, places)}（各数按其舍入区间）"
    shown = spread if j.verdict == "ok" and j.expected != written.text and span.lo != span.hi else j.expected
    tail = "，一致。" if j.verdict == "ok" else f"，正文写 {written.text}。"
    claim.message = f"{later} 与{earlier} 相差 {shown}{tail}"
    if j.verdict != "ok":
        claim.suggestion = replace_last(claim.text, written.text, j.expected)


def flip_word(word: str) -> str:
    """The direction word that says the opposite (增加 → 减少, 调减 → 调增; patterns/aliases.toml [directions]
    opposite), or the word itself when it has none."""
    pairs = aliases()["directions"]["opposite"]
    if word in pairs:
        return str(pairs[word])
    return next((up for up, down in pairs.items() if down == word), word)


def move_between(claim: Claim, sign: int) -> bool:
    """由280元提高到320元 (no amount of change, no rate): the word must say which way the figure moved, over the
    rounding of both. False when the claim does not write both figures."""
    value, prior = claim.claimed.find("value"), claim.claimed.prior
    if value is None or prior is None or not sign or claim.claimed.delta is not None or claim.claimed.pct is not None:
        return False
    unit0, unit = claim.claimed.unit0 or "万元", claim.claimed.unit or "万元"
    v_wan, p_wan = money(claim, "value"), money(claim, "prior")
    if v_wan is None or p_wan is None:
        return False
    v_iv, p_iv = v_wan.interval(), p_wan.interval()
    claim.evidence = [
        Evidence(table="正文", title="原数", row="由", column="", value=prior.text + unit0),
        Evidence(table="正文", title="现数", row="到", column="", value=value.text + unit),
    ]
    diff, word = v_iv - p_iv, claim.claimed.d1
    if (sign > 0 and diff.hi <= 0) or (sign < 0 and diff.lo >= 0):
        claim.verdict = "direction"
        moved = "没有变化" if diff.lo <= 0 <= diff.hi else ("变小" if sign > 0 else "变大")
        claim.message = f"由 {prior.text}{unit0} 到 {value.text}{unit} {moved}，正文却说“{word}”。"
        if moved != "没有变化":
            claim.suggestion = replace_last(claim.text, word, flip_word(word))
    elif (sign > 0 and diff.lo > 0) or (sign < 0 and diff.hi < 0):
        claim.verdict = "ok"
        claim.message = f"由 {prior.text}{unit0} 到 {value.text}{unit}，“{word}”方向一致。"
    else:
        claim.verdict = "unverified"
        claim.message = "两数在舍入误差之内，方向无从判断。"
    return True


def last_year_pair(claim: Claim) -> tuple[Claim, Claim] | None:
    """This year's figure and last year's stated right before a change (教体支出22.02亿元，上年支出为20.61亿元，增加
    1.41亿元): the only two figures of the sentence before it, neither dated, the second named by a last-year word
    (patterns/aliases.toml [measures] last_year) and the end of the first's name — never a carryover (上年结转)."""
    n0 = claim.ctx.norm[0]
    level = [a for a in claim.ctx.sentence_amounts if a.ctx.norm[1] <= n0]
    if len(level) != 2 or any(a.ctx.year or a.ctx.direction is not None for a in level):
        return None
    cur, prior = level
    word = next((w for w in aliases()["measures"]["last_year"] if prior.subject.startswith(w)), "")
    name = name_key(prior.subject[len(word) :])
    if not word or not name or carryover_role(prior.subject) == "carry_in" or not name_key(cur.subject).endswith(name):
        return None
    return cur, prior


def year_words_pair(claim: Claim) -> tuple[Claim, Claim] | None:
    """This year's figure and last year's written as a pair right before a rate (普通小学上年10321.31元，本年
    10359.52元，同口径增加3.72%): the last two figures before it in its sentence, the first named by a last-year
    word, the second by a this-year word (patterns/aliases.toml [measures] last_year, this_year), neither dated."""
    n0 = claim.ctx.norm[0]
    level = [a for a in claim.ctx.sentence_amounts if a.ctx.norm[1] <= n0 and a.ctx.direction is None][-2:]
    if len(level) != 2 or any(a.ctx.year for a in level):
        return None
    prior, cur = level
    words = aliases()["measures"]
    if not name_key(prior.subject).endswith(tuple(words["last_year"])):
        return None
    if not name_key(cur.subject).endswith(tuple(words["this_year"])):
        return None
    return cur, prior
