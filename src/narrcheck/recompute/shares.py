"""Shares (占 x%): the part they rest on and the ratio; which base the frame pins down is recompute.sharebases'."""

from __future__ import annotations

from ..align.resolve import STRONG, candidates, key
from ..model import Claim, Document, Evidence, Stated
from ..numbers import Interval, fmt
from .figures import HUNDRED, ev_cell, pct_judgement, retry_half_cents, show, stated
from .rounding import judge
from .sharebases import ShareIndex, list_base, named_bases, sum_of_whole, total_of_list, unnamed_bases


def judge_share(doc: Document, claim: Claim, idx: ShareIndex) -> None:
    part: Claim | None = claim.ctx.part
    if claim.claimed.pct is None:
        claim.verdict = "unverified"
        claim.message = "占比没有填数字（见模板残留）。"
        return
    if part is None:
        claim.verdict = "unverified"
        claim.message = "找不到占比的分子金额。"
        return
    num_iv, ev = stated(part, "分子")
    if num_iv is None:
        return
    if claim.ctx.total is not None:  # 占一般公共预算支出21.05亿元的14.49%: the base is written in the share
        den_iv, den_ev = stated(claim.ctx.total, "分母")
        _share_of(claim, part, num_iv, ev, den_iv, den_ev)
        return
    if claim.claimed.base:
        cands, sure = named_bases(claim, part, idx)
        listed = part.ctx.listed_under
        own = total_of_list(claim, part)
        if own is not None:
            # 收入总计477.45万元，其中：…事业收入144.02万元，占总收入的30.16%: the 其中's own total, named as a total of
            # the same measure, is the base however far the shares add up past 100%
            cands, sure = [own, *(c for c in cands if c is not own)], own
        if listed is not None and listed not in cands and (cands or sure is not None):
            # 预期收入221.6亿元。其中：税收收入139.84亿元，占一般公共预算收入比重为63.1%: the list's own total, whatever
            # it is named, is a reading tried first (last year's 一般公共预算收入215.1 is only named so)
            cands = [listed, *cands]
        if not cands and sure is None:
            _judge_on_table(doc, claim, (num_iv, ev), idx)
            return
    else:
        cands, sure = unnamed_bases(claim, part, idx)
    # the reading that explains the share is taken; an alarm needs a base the frame pins down
    pct = claim.claimed.pct
    for cand in cands:
        den_iv, den_ev = stated(cand, "分母")
        ratio = num_iv.ratio(den_iv) if den_iv is not None and den_iv.lo > 0 else None
        if ratio is not None and pct is not None and judge(pct, ratio.scale(HUNDRED)).verdict == "ok":
            _share_of(claim, part, num_iv, ev, den_iv, den_ev)
            return
    if sure is None:
        _share_of(claim, part, num_iv, ev, None, [])
        if cands:
            shown = "、".join(show(c) for c in cands[:3])
            written = claim.claimed.figure("pct").text
            claim.message = f"占比的分母不确定：可能的合计（{shown}）都算不出 {written}%，未判定。"
        return
    if not claim.claimed.base:
        sure = list_base(claim, cands, sure, idx)
    den_iv, den_ev = stated(sure, "分母")
    _share_of(claim, part, num_iv, ev, den_iv, den_ev)


def _judge_on_table(doc: Document, claim: Claim, num: tuple[Interval, list[Evidence]], idx: ShareIndex) -> None:
    """A named base the text states no figure of: the table's total of that name, else the sum of parts whose
    shares add up to 100%. A part larger than the table's total is of another measure than the cell (the 涉及资金
    of projects evaluated, a budget, against the year's 项目支出 actual): the base is not sure."""
    part = claim.ctx.part
    assert part is not None
    num_iv, ev = num
    den_iv, den_ev = _table_base(doc, claim, idx)
    if den_iv is not None and num_iv.lo > den_iv.hi:
        claim.verdict = "unverified"
        claim.evidence = ev + den_ev
        claim.message = (
            f"分子 {show(part)} 大于表中的“{claim.claimed.base}” {fmt(den_iv.mid, 2)}：二者口径不同"
            "（如预算与决算），分母不确定，未判定。"
        )
        return
    whole = sum_of_whole(claim, idx) if den_iv is None else None
    if whole is not None:
        den_iv, den_ev = whole
    _share_of(claim, part, num_iv, ev, den_iv, den_ev)
    if whole is not None:
        claim.message += f"（分母为占比合计 100% 的 {len(den_ev)} 项之和 {fmt(whole[0].mid, 2)}。）"


def _share_of(
    claim: Claim, part: Claim, num_iv: Interval, ev: list[Evidence], den_iv: Interval | None, den_ev: list[Evidence]
) -> None:
    if den_iv is None:
        zero = part.claimed.value is not None and str(part.claimed.value.value) in ("0", "0.00")
        if zero and str(claim.claimed.figure("pct").value) in (
            "0",
            "0.0",
            "0.00",
        ):
            claim.verdict = "ok"
            claim.message = "分子为 0，占比为 0%。"
            return
        claim.verdict = "unverified"
        claim.message = f"找不到占比的分母“{claim.claimed.base or '（未写明）'}”。"
        return
    if den_iv.lo <= 0 <= den_iv.hi and num_iv.hi == 0:
        claim.verdict = "unverified"
        claim.message = "分子、分母都为 0，占比无意义。"
        return
    pct_judgement(claim, num_iv.ratio(den_iv), "占比", ev + den_ev)
    retry_half_cents(claim, (num_iv, ev), (den_iv, den_ev), "占比")


def _table_base(doc: Document, claim: Claim, idx: ShareIndex) -> tuple[Interval | None, list[Evidence]]:
    """The table total a share names when the narrative states none (占本年支出合计的99.86%)."""
    base = claim.claimed.base
    k = key(base)
    probe = Claim(
        id="",
        kind="amount",
        pattern="",
        start=claim.start,
        end=claim.end,
        text="",
        sentence=claim.sentence,
        subject=base,
        claimed=Stated(),
    )
    probe.ctx.sections = claim.ctx.sections
    rest = k[:-2] if k.endswith("总额") else k
    cands = candidates(doc, probe, idx.rows, entity=rest, measure="")
    strong = [c for c in cands if c.score >= STRONG and c.value is not None]
    if strong and len({c.value for c in strong if c.pref == strong[0].pref}) == 1:
        return Interval.exact(strong[0].cell_value), [ev_cell(strong[0])]
    return None, []
