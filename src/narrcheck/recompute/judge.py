"""Recomputing every claim and giving it a verdict, with evidence and a corrected wording.

Amounts are compared with the cells alignment found; shares, changes and
completion rates are recomputed from the amounts they rest on (table cells
when aligned, the figures the sentence states otherwise) as intervals, and
judged with :func:`rounding.judge`. Direction and comparison words are
checked against the sign of what the numbers say. A claim whose inputs
cannot be established with confidence stays ``unverified``.
"""

from __future__ import annotations

import bisect
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any

import regex

from ..claims.patterns import aliases
from ..align.resolve import STRONG, Candidate, candidates, key, perf_cell, performance_table, project_of, section_kinds
from ..model import Claim, Document, Evidence
from ..numbers import UNIT_SCALE, Interval, Number, fmt, quantize, to_wan
from .rounding import judge

_YEAR_IN_REF = regex.compile(r"20\d\d")

HUNDRED = Decimal(100)
_UP = frozenset(aliases()["directions"]["up"])
_DOWN = frozenset(aliases()["directions"]["down"])
_REL = {"大于": 1, "超过": 1, "高于": 1, "多于": 1, "小于": -1, "低于": -1, "少于": -1, "等于": 0, "一致": 0, "持平": 0, "相等": 0, "相同": 0, "基本一致": 0}
_REL_WORD = {1: "大于", -1: "小于", 0: "等于"}


def _num(d: dict[str, Any] | None) -> Number | None:
    if not d:
        return None
    return Number(Decimal(d["value"]), int(d["decimals"]), d["text"])


def money(claim: Claim, name: str = "value") -> Number | None:
    """A claimed amount in 万元 with the precision it was written with (≥ 0.01 for 万元)."""
    n = _num(claim.claimed.get(name))
    if n is None:
        return None
    unit = claim.claimed.get("unit", "万元") or "万元"
    if name == "prior" and claim.claimed.get("unit0"):
        unit = claim.claimed["unit0"]  # 较2024年的1650万元减少150万元: the prior year's own unit
    if unit == "万元":
        return n
    shift = {"元": 4, "千元": 1, "亿元": -4}.get(unit, 0)
    # 1.2亿元 is 12000万元 to the nearest 1000 (decimals -3): its interval is ±500万元, not ±0.5
    return Number(to_wan(n.value, unit), n.decimals + shift, n.text)


def written_unit(claim: Claim, value_wan: Decimal, name: str = "value") -> str:
    """A 万元 value written the way the claim writes its figure (its unit and its places)."""
    unit = claim.claimed.get("unit", "万元") or "万元"
    raw = claim.claimed.get(name) or {}
    if unit == "万元" or not raw:
        return fmt(value_wan, 2)
    return fmt(value_wan / UNIT_SCALE.get(unit, Decimal(1)), max(int(raw["decimals"]), 0))


def cents_convention(claims: list[Claim]) -> bool:
    """True when the prose writes 万元 amounts to the cent, so ``1153.9`` is exactly 1153.90.

    Decided from the document itself: at least half of its non-integer 万元
    amounts carry two decimals. Otherwise amounts are read as rounded to the
    places written (an interval), which can only make fewer alarms.
    """
    decs = [c.claimed["value"]["decimals"] for c in claims if c.kind == "amount" and c.claimed.get("unit", "万元") == "万元" and "value" in c.claimed]
    frac = [d for d in decs if d > 0]
    return bool(frac) and sum(1 for d in frac if d >= 2) * 2 >= len(frac)


def money_interval(n: Number, unit: str, cents: bool) -> Interval:
    """What a written amount stands for: exact at the cent under the cents convention."""
    if unit == "万元" and cents and n.decimals <= 2:
        return Interval.exact(n.value)
    return n.interval(n.decimals)


_READING: ContextVar[str] = ContextVar("reading", default="written")
"""Which figures a ratio is recomputed from: "written" (the narrative's own figures; table cells only
where they agree with them) or "table" (the cells of amounts that were flagged against their table)."""


def _uses_cell(claim: Claim) -> bool:
    """The amount stands for its table cell: it agrees with it, or the table reading is being tried."""
    return claim.data.get("trusted_cell") is not None and (claim.verdict == "ok" or _READING.get() == "table")


def _amount_interval(claim: Claim) -> Interval | None:
    """The interval an amount claim stands for under the current reading.

    Written reading: the table cell when the amount agrees with it (the cell is exact), else the figure
    as written. Table reading: the cell of every amount aligned with confidence. A ratio is flagged only
    when neither reading explains it, so one wrongly written amount raises one alarm, not three, and a
    verdict always shows the figures it was computed from.
    """
    if _uses_cell(claim):
        return Interval.exact(claim.data["trusted_cell"])
    n = money(claim)
    if n is None:
        return None
    return money_interval(n, claim.claimed.get("unit", "万元") or "万元", claim.data.get("cents", True))


def _ev_cell(c: Candidate) -> Evidence:
    return Evidence(
        table=c.table.label,
        title=c.table.title,
        row=(f"{c.row.code} " if c.row.code else "") + c.row.name,
        column=c.column.key,
        value=c.cell.text or "0",
        page=c.table.page,
        offset=c.cell.offset,
    )


def _ev_text(claim: Claim, label: str) -> Evidence:
    """A figure the narrative states, as evidence: named by its item when its subject is only a measure."""
    v = claim.claimed.get("value", {})
    row = claim.subject or label
    path = claim.data.get("path") or []
    if path and claim.data.get("inherited"):
        row = f"{path[-1][0]}（{path[-1][1]}）{row}"  # 行政运行（项）年初预算, not 年初预算 eleven times
    return Evidence(table="正文", title=label, row=row, column="", value=(v.get("text", "") + (claim.claimed.get("unit", "") or "")), page=claim.page, offset=(claim.start, claim.end))


def _replace(text: str, old: str, new: str) -> str:
    i = text.rfind(old)
    return text if i < 0 else text[:i] + new + text[i + len(old) :]


# ---------------------------------------------------------------- amounts


def judge_amount(doc: Document, claim: Claim) -> None:
    n = money(claim)
    if n is None:
        return
    if "direction" in claim.data:
        claim.verdict = "unverified"
        claim.message = "这是增减额（不是本年数），上年数不在表中，未核对。"
        return
    if claim.data.get("measure") == "prior":
        claim.verdict = "unverified"
        claim.message = "这是上年数，本文件的表中没有，未核对。"
        return
    kinds = section_kinds(claim.data.get("sections", []))
    if "performance" in kinds and claim.data.get("entity", "") in ("", "项目") and claim.data.get("measure"):
        _judge_perf_amount(doc, claim, n)
        return
    cands = candidates(doc, claim)
    # 万元 prose that drops trailing zeros is read at the cent; prose that rounds (a paragraph of whole
    # 万元: 收入预算17,192万元，其中：财政拨款收入17,192万元 …) is read at the places it writes
    whole = n.decimals == 0 and claim.data.get("paragraph_whole", False)
    wan = (claim.claimed.get("unit", "万元") or "万元") == "万元"
    min_dec = 2 if wan and claim.data.get("cents", True) and not whole else min(0, n.decimals)
    if not cands:
        claim.verdict = "unverified"
        claim.message = f"表中找不到“{claim.subject or '（无主语）'}”对应的单元格。"
        return
    top = cands[0]
    tier = [c for c in cands if c.pref == top.pref and c.score >= top.score - 5 and c.value is not None]
    results = [(c, judge(n, Interval.exact(c.value), min_dec)) for c in tier]
    ok = [c for c, j in results if j.verdict == "ok"]
    if not ok and top.pref < 3:
        # no table is named by both the section and the subject: a strong match elsewhere confirms.
        # When one is (五、一般公共预算财政拨款支出… → 公开05表), another table's equal figure does
        # not (收入决算表's 行政运行 1,511.90 is not the 05表's 1,511.89)
        ok = [c for c in cands if c.score >= STRONG and c.value is not None and judge(n, Interval.exact(c.value), min_dec).verdict == "ok"]
    if ok:
        c = ok[0]
        claim.verdict = "ok"
        claim.data["cell"] = claim.data["trusted_cell"] = c.value
        claim.data["converted"] = c.table.unit != "万元"
        claim.evidence = [_ev_cell(c)]
        claim.recomputed = {"value": fmt(c.value, 2), "unit": "万元"}
        claim.message = f"与{c.table.label}“{c.row.name}”{c.column.key}一致。"
        return
    strong = [c for c, _ in results if c.score >= STRONG]
    values = {c.value for c in strong}
    if strong and len(values) == 1 and (top.pref >= 1 or top.how == "subject path"):  # a 类/款/项 path is context enough
        c = strong[0]
        j = judge(n, Interval.exact(c.value), min_dec)
        kin = _kin_row_fitting(c, n, min_dec)
        if kin is not None:
            # the figure is its parent's or its child's (an item against its 款, or a 款 written for its 项):
            # the level the prose means is not sure, so no alarm
            claim.verdict = "unverified"
            claim.evidence = [_ev_cell(c)]
            claim.message = f"正文写 {n.text}，与{c.table.label}“{c.row.name}”不符，却等于其上下级科目“{kin.code} {kin.name}”：科目层级不确定，未判定。"
            return
        claim.verdict = j.verdict
        claim.data["cell"] = claim.data["trusted_cell"] = c.value
        claim.data["converted"] = c.table.unit != "万元"
        claim.evidence = [_ev_cell(c)]
        expected = fmt(c.value, max(2, n.decimals)) if min_dec > 0 else fmt(c.value) if wan else written_unit(claim, c.value)
        claim.recomputed = {"value": expected, "unit": claim.claimed.get("unit", "万元") or "万元"}
        in_wan = f"（{c.table.unit}，即 {fmt(c.value, 4).rstrip('0').rstrip('.')} 万元）" if c.table.unit != "万元" else ""
        claim.message = f"正文写 {n.text}，{c.table.label}“{c.row.name}”{c.column.key} 为 {c.cell.text or '0'}{in_wan}。"
        claim.suggestion = _replace(claim.text, claim.claimed["value"]["text"], expected)
        return
    claim.verdict = "unverified"
    shown = "；".join(f"{c.table.label}“{c.row.name}”{c.column.key}={c.cell.text or '0'}" for c in cands[:3])
    claim.message = f"对应单元格不确定（{shown}），未判定。"


def _kin_row_fitting(c: Candidate, n: Number, min_dec: int):
    """A row of the same subject family (code prefix either way) whose cell in the same column fits ``n``."""
    code = c.row.code
    if not code:
        return None
    for row in c.table.rows:
        if row is c.row or not row.code or not (row.code.startswith(code) or code.startswith(row.code)):
            continue
        v = row.value(c.column.index)
        if v is not None and judge(n, Interval.exact(v), min_dec).verdict == "ok":
            return row
    return None


def _judge_perf_amount(doc: Document, claim: Claim, n: Number) -> None:
    para = claim.data.get("paragraph_text", "")
    project = project_of(para)
    table, score = performance_table(doc, project)
    if table is None:
        claim.verdict = "unverified"
        claim.message = f"找不到项目“{project or '？'}”的绩效自评表。"
        return
    col = "全年预算数" if claim.data.get("measure") == "budget" else "全年执行数"
    found = perf_cell(table, col)
    if found is None:
        claim.verdict = "unverified"
        claim.message = f"{table.title}“{table.project}”没有{col}。"
        return
    row, column, cell = found
    if score < STRONG and corroborated(doc, claim, table) >= 2:
        score = STRONG  # the paragraph's other figures agree with this table: the match is sure
    ev = Evidence(table=table.label or table.title, title=f"{table.title}：{table.project}", row=row.name, column=column.key, value=cell.text or "0", page=table.page, offset=cell.offset)
    j = judge(n, Interval.exact(cell.value or Decimal(0)), 2 if claim.data.get("cents", True) else n.decimals)
    claim.data["cell"] = cell.value
    claim.evidence = [ev]
    claim.recomputed = {"value": fmt(cell.value or Decimal(0), 2), "unit": "万元"}
    if j.verdict == "ok":
        claim.verdict = "ok"
        claim.data["trusted_cell"] = cell.value
        claim.message = f"与“{table.project}”绩效自评表{col}一致（项目名相似度 {score:.0f}）。"
    elif score >= STRONG:
        claim.data["trusted_cell"] = cell.value
        claim.verdict = j.verdict
        claim.message = f"正文写 {n.text}，“{table.project}”绩效自评表{col}为 {cell.text}。"
        claim.suggestion = _replace(claim.text, claim.claimed["value"]["text"], j.expected)
    else:
        claim.verdict = "unverified"
        claim.message = f"与“{table.project}”绩效自评表{col}（{cell.text}）不符，但项目名只相似 {score:.0f}，未判定。"


def corroborated(doc: Document, claim: Claim, table) -> int:
    """How many other figures of the claim's paragraph agree with ``table`` (budget, execution, score)."""
    para = claim.data["norm_paragraph"]
    got = 0
    wanted = {("amount", "budget"): "全年预算数", ("amount", "actual"): "全年执行数", ("score", ""): "总分"}
    for other in doc.claims or claim.data.get("siblings", []):
        if other is claim or other.data.get("norm_paragraph") != para:
            continue
        col = wanted.get((other.kind, other.data.get("measure", "")))
        if col is None:
            continue
        found = perf_cell(table, col)
        n = _num(other.claimed.get("value"))
        if found is not None and n is not None and found[2].value is not None and judge(n, Interval.exact(found[2].value), 2 if other.kind == "amount" else 0).verdict == "ok":
            got += 1
    return got


def judge_score(doc: Document, claim: Claim) -> None:
    n = _num(claim.claimed.get("value"))
    table, score = performance_table(doc, project_of(claim.data.get("paragraph_text", "")))
    if n is None or table is None:
        claim.verdict = "unverified"
        claim.message = "找不到对应的绩效自评表。"
        return
    found = perf_cell(table, "总分")
    if found is not None:
        row, column, cell = found
        total = cell.value or Decimal(0)
        evidence = [Evidence(table=table.label or table.title, title=f"{table.title}：{table.project}", row="总分", column=column.key, value=cell.text, page=table.page, offset=cell.offset)]
    else:
        scores = [c for r in table.rows if r.side in ("资金", "指标") for i, c in r.cells.items() if (table.column(i) and table.column(i).name == "得分")]
        if not scores:
            claim.verdict = "unverified"
            claim.message = f"“{table.project}”绩效自评表没有得分。"
            return
        total = sum((c.value or Decimal(0) for c in scores), Decimal(0))
        evidence = [Evidence(table=table.label or table.title, title=f"{table.title}：{table.project}", row="Σ 得分", column="得分", value=fmt(total), page=table.page)]
    if score < STRONG and corroborated(doc, claim, table) >= 2:
        score = STRONG
    j = judge(n, Interval.exact(total), 0)
    claim.evidence = evidence
    claim.recomputed = {"value": fmt(total)}
    if j.verdict == "ok":
        claim.verdict = "ok"
        claim.message = f"与“{table.project}”绩效自评表得分一致。"
    elif score >= STRONG:
        claim.verdict = j.verdict  # one point off is a rounding slip by the rule, like any figure
        claim.message = f"正文写 {n.text} 分，“{table.project}”绩效自评表为 {fmt(total)} 分。"
        claim.suggestion = _replace(claim.text, claim.claimed["value"]["text"], fmt(total))
    else:
        claim.verdict = "unverified"
        claim.message = f"与“{table.project}”绩效自评表得分（{fmt(total)}）不符，但项目名只相似 {score:.0f}，未判定。"


# ---------------------------------------------------------------- ratios


def _pct_judgement(claim: Claim, computed: Interval | None, what: str, evidence: list[Evidence]) -> None:
    pct = _num(claim.claimed.get("pct"))
    if pct is None:
        return
    if computed is None:
        claim.verdict = "unverified"
        claim.message = f"{what}的分母为零，比例无从计算。"
        claim.evidence = evidence
        return
    j = judge(pct, computed.scale(HUNDRED))
    claim.verdict = j.verdict
    claim.evidence = evidence
    claim.recomputed = {"pct": j.expected, "interval": [fmt(computed.lo * HUNDRED, 4), fmt(computed.hi * HUNDRED, 4)]}
    if j.verdict == "ok":
        claim.message = f"{what}重算为 {j.expected}%，一致。"
    else:
        claim.message = f"{what}重算为 {j.expected}%，正文写 {pct.text}%。"
        claim.suggestion = _replace(claim.text, pct.text, j.expected)


def _stated(claim: Claim, role: str) -> tuple[Interval | None, list[Evidence]]:
    """Interval and evidence for an amount a ratio rests on (its table cell if it has one)."""
    iv = _amount_interval(claim)
    ev = list(claim.evidence) if claim.evidence and _uses_cell(claim) else [_ev_text(claim, role)]
    return iv, ev


def judge_share(doc: Document, claim: Claim, idx: ShareIndex) -> None:
    part: Claim | None = claim.data.get("part")
    if "pct" not in claim.claimed:
        claim.verdict = "unverified"
        claim.message = "占比没有填数字（见模板残留）。"
        return
    if part is None:
        claim.verdict = "unverified"
        claim.message = "找不到占比的分子金额。"
        return
    num_iv, ev = _stated(part, "分子")
    if num_iv is None:
        return
    if claim.claimed.get("base"):
        cands, sure = _named_bases(claim, part, idx)
        if not cands and sure is None:
            den_iv, den_ev = _table_base(doc, claim)
            _share_of(claim, part, num_iv, ev, den_iv, den_ev)
            return
    else:
        cands, sure = _unnamed_bases(claim, part, idx)
    # the reading that explains the share is taken; an alarm needs a base the frame pins down
    pct = _num(claim.claimed.get("pct"))
    for cand in cands:
        den_iv, den_ev = _stated(cand, "分母")
        ratio = num_iv.ratio(den_iv) if den_iv is not None and den_iv.lo > 0 else None
        if ratio is not None and pct is not None and judge(pct, ratio.scale(HUNDRED)).verdict == "ok":
            _share_of(claim, part, num_iv, ev, den_iv, den_ev)
            return
    if sure is None:
        _share_of(claim, part, num_iv, ev, None, [])
        if cands:
            shown = "、".join(_show(c) for c in cands[:3])
            claim.message = f"占比的分母不确定：可能的合计（{shown}）都算不出 {claim.claimed['pct']['text']}%，未判定。"
        return
    den_iv, den_ev = _stated(sure, "分母")
    _share_of(claim, part, num_iv, ev, den_iv, den_ev)


def _share_of(claim: Claim, part: Claim, num_iv: Interval, ev: list[Evidence], den_iv: Interval | None, den_ev: list[Evidence]) -> None:
    if den_iv is None:
        if part.claimed.get("value", {}).get("value") in ("0", "0.00") and claim.claimed["pct"]["value"] in ("0", "0.0", "0.00"):
            claim.verdict = "ok"
            claim.message = "分子为 0，占比为 0%。"
            return
        claim.verdict = "unverified"
        claim.message = f"找不到占比的分母“{claim.claimed.get('base') or '（未写明）'}”。"
        return
    if den_iv.lo <= 0 <= den_iv.hi and num_iv.hi == 0:
        claim.verdict = "unverified"
        claim.message = "分子、分母都为 0，占比无意义。"
        return
    _pct_judgement(claim, num_iv.ratio(den_iv), "占比", ev + den_ev)


_NEAREST = 8
"""How many earlier totals a share's base is looked for among (the nearest ones): a base stated
further back is not what the prose points at, and the search stays linear in the text."""
_LOOKBACK = 128
"""How many earlier amounts are scanned for them (and for the total a list of shares adds up to)."""


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
    sums: dict[tuple[tuple[int, int], str], Claim | None] = field(default_factory=dict)

    @classmethod
    def build(cls, claims: list[Claim]) -> "ShareIndex":
        amounts = sorted((c for c in claims if c.kind == "amount"), key=lambda c: c.start)
        shares = [c for c in claims if c.kind == "share" and c.data.get("part") is not None]
        listed: dict[tuple[int, int], list[Claim]] = {}
        for c in shares:
            listed.setdefault(c.data["norm_sentence"], []).append(c)
        return cls(amounts, [a.start for a in amounts], {id(c.data["part"]) for c in shares}, listed)

    def before(self, offset: int):
        """Amounts starting before ``offset``, nearest first, at most :data:`_LOOKBACK` of them."""
        i = bisect.bisect_left(self.starts, offset)
        for j in range(i - 1, max(i - 1 - _LOOKBACK, -1), -1):
            yield self.amounts[j]


def _level(a: Claim) -> bool:
    """An amount that may be a total: not a change amount, not last year's figure."""
    return "direction" not in a.data and a.data.get("measure") != "prior"


def _named_bases(claim: Claim, part: Claim, idx: ShareIndex) -> tuple[list[Claim], Claim | None]:
    """Totals the narrative states under the name a share gives (占一般公共预算支出的81.2%), nearest first,
    and the one that is surely meant: the only figure stated under exactly that name (晋城市's
    全市一般公共预算支出 and 旗级一般公共预算收入 both end with the name: neither is sure)."""
    k = key(claim.claimed.get("base", ""))
    if len(k) < 2:
        return [], _sum_of_siblings(claim, idx)
    cands: list[Claim] = []
    strict: list[Claim] = []
    for a in idx.before(claim.start):
        if a is part or not _level(a):
            continue
        ent = key(a.data.get("entity") or a.subject)
        full = key(a.subject)
        if not ent:
            continue
        if ent == k or full == k or ent.endswith(k) or k.endswith(ent) or full.endswith(k):
            cands.append(a)
            strict.append(a)
        elif k in ent and a.data["norm_paragraph"] == claim.data["norm_paragraph"]:
            cands.append(a)  # 全市一般公共预算支出执行: may be meant, never sure
        if len(cands) >= _NEAREST:
            break
    values = {_value(a) for a in strict}
    if len(values) == 1:
        return cands, strict[0]
    by_sum = _sum_of_siblings(claim, idx)
    return (cands + [by_sum] if by_sum is not None and by_sum not in cands else cands), by_sum


def _sum_of_siblings(claim: Claim, idx: ShareIndex) -> Claim | None:
    """The total the shares listed with ``claim`` in its sentence (same base, or none) add up to, stated
    before them: A x，占 a%；B y，占 b% is a breakdown of x + y. Found by value, so only an exact sum
    pins it (市级29.81亿元 + 区县级41.41亿元 = 实际完成采购金额71.22亿元). One search per sentence and base."""
    base = key(claim.claimed.get("base", ""))
    memo = (claim.data["norm_sentence"], base)
    if memo in idx.sums:
        return idx.sums[memo]
    sibs = [c for c in idx.listed.get(claim.data["norm_sentence"], ()) if key(c.claimed.get("base", "")) == base]
    found = None
    if len(sibs) >= 2:
        total = sum((_value(c.data["part"]) for c in sibs), Decimal(0))
        parts = {id(c.data["part"]) for c in sibs}
        for a in idx.before(min(c.data["part"].start for c in sibs)):
            n = money(a)
            if id(a) in parts or "direction" in a.data or n is None:
                continue
            if abs(n.value - total) <= Decimal("0.01") * len(sibs) + Decimal(1).scaleb(-n.decimals) / 2:
                found = a
                break
    idx.sums[memo] = found
    return found


def _table_base(doc: Document, claim: Claim) -> tuple[Interval | None, list[Evidence]]:
    """The table total a share names when the narrative states none (占本年支出合计的99.86%)."""
    base = claim.claimed.get("base", "")
    k = key(base)
    probe = Claim(id="", kind="amount", pattern="", start=claim.start, end=claim.end, text="", sentence=claim.sentence, subject=base, claimed={})
    probe.data.update(sections=claim.data.get("sections", []))
    rest = k[:-2] if k.endswith("总额") else k
    cands = candidates(doc, probe, entity=rest, measure="")
    strong = [c for c in cands if c.score >= STRONG and c.value is not None]
    if strong and len({c.value for c in strong if c.pref == strong[0].pref}) == 1:
        return Interval.exact(strong[0].value), [_ev_cell(strong[0])]
    return None, []


def _unnamed_bases(claim: Claim, part: Claim, idx: ShareIndex) -> tuple[list[Claim], Claim | None]:
    """Totals a share with no named base may be of (nearest first), and the one its frame pins down.

    The frame pins a base when the shares listed in the sentence have parts adding up to it
    (A x，占 a%；B y，占 b%: x + y is the total), or when it is the one total of the paragraph.
    """
    scope, unit_money = part.data.get("scope"), part.claimed.get("unit") in UNIT_SCALE
    pv = _value(part)
    cands: list[Claim] = []
    for a in idx.before(part.start):
        if a.data.get("scope") != scope or id(a) in idx.numerators or not _level(a):
            continue
        if not ((a.claimed.get("unit") in UNIT_SCALE) if unit_money else a.claimed.get("unit") == part.claimed.get("unit")):
            continue
        if _value(a) >= pv:
            cands.append(a)
            if len(cands) >= _NEAREST:
                break
    by_sum = _sum_of_siblings(claim, idx)
    if by_sum is not None:
        return (cands if by_sum in cands else [by_sum] + cands), by_sum
    para = [c for c in cands if c.data["norm_paragraph"] == claim.data["norm_paragraph"]]
    if len(para) == 1 and cands and para[0] is cands[0]:
        return cands, para[0]
    return cands, None


def judge_change(doc: Document, claim: Claim) -> None:
    d1, d2 = claim.claimed.get("d1", ""), claim.claimed.get("d2", "")
    if claim.claimed.get("alt1"):
        delta = _num(claim.claimed.get("delta"))
        pct = _num(claim.claimed.get("pct"))
        if delta is not None and pct is not None and delta.value == 0 and pct.value == 0:
            claim.verdict = "ok"
            claim.message = "增减额与增减率均为 0，数字一致；措辞为未填的模板（见模板残留）。"
        else:
            claim.verdict = "unverified"
            claim.message = "模板措辞未填（增加（减少））：方向无法判断。"
        return
    sign1 = 1 if d1 in _UP else -1 if d1 in _DOWN else 0
    sign2 = 1 if d2 in _UP else -1 if d2 in _DOWN else 0
    if sign1 and sign2 and sign1 != sign2:
        claim.verdict = "direction"
        claim.message = f"增减额说“{d1}”，增减率说“{d2}”，方向矛盾。"
        claim.suggestion = claim.text
        return
    sign = sign1 or sign2
    delta = money(claim, "delta")
    pct = _num(claim.claimed.get("pct"))
    prior = money(claim, "prior")
    current: Claim | None = claim.data.get("current")
    if delta is not None and pct is not None and prior is None and _change_from_years(claim, delta, pct, sign):
        return
    if claim.pattern == "change.contrast":
        claim.verdict = "unverified"  # 对比减少 …: set against a pair this sentence does not state plainly
        claim.message = "对比的两年数字在文中找不全，未核对。"
        return
    if delta is None and pct is not None and prior is None and _change_from_pair(claim, pct, sign):
        return
    if delta is not None and pct is None and _delta_between_stated(claim, delta, sign):
        return
    if delta is None or pct is None:
        claim.verdict = "unverified"
        claim.message = "只写了增减额或增减率之一，上年数不在文中，无从核对。"
        return
    if delta.value == 0 and pct.value == 0:
        claim.verdict = "ok"  # 比上年增加0万元，增长0%: no change, whatever the word
        claim.message = "增减额与增减率均为 0，一致。"
        return
    unit = claim.claimed.get("unit", "万元") or "万元"
    d_iv = money_interval(delta, unit, claim.data.get("cents", True))
    evidence: list[Evidence] = []
    if prior is not None:
        base_iv = money_interval(prior, claim.claimed.get("unit0") or unit, claim.data.get("cents", True))
        evidence.append(Evidence(table="正文", title="上年数", row="上年", column="", value=prior.text))
    elif current is not None and sign:
        cur_iv, evidence = _stated(current, "本年数")
        if cur_iv is None:
            return
        base_iv = cur_iv - d_iv if sign > 0 else cur_iv + d_iv
    else:
        claim.verdict = "unverified"
        claim.message = "找不到本年数，增减率无从核对。"
        return
    if sign > 0 and base_iv.lo <= 0 <= base_iv.hi:
        _from_nothing(claim, pct, evidence)
        return
    computed = d_iv.ratio(base_iv) if base_iv.lo > 0 else None
    _pct_judgement(claim, computed, "增减率", evidence)
    if claim.verdict in ("rounding", "mismatch") and current is not None and prior is None and sign:
        # would the other direction fit? then the word is wrong, not the number
        cur_iv, _ = _stated(current, "本年数")
        other = cur_iv + d_iv if sign > 0 else cur_iv - d_iv
        if cur_iv is not None and other.lo > 0:
            alt = d_iv.ratio(other)
            if alt is not None and judge(pct, alt.scale(HUNDRED)).verdict == "ok":
                claim.verdict = "direction"
                flip = "减少/下降" if sign > 0 else "增加/增长"
                claim.message = f"按“{d1 or d2}”重算增减率为 {claim.recomputed.get('pct')}%，而按“{flip}”恰为 {pct.text}%：方向词写反了。"
                claim.suggestion = claim.text.replace(d1, _flip(d1)).replace(d2, _flip(d2)) if d1 and d2 else claim.text


def _change_from_years(claim: Claim, delta: Number, pct: Number, sign: int) -> bool:
    """A change after two figures of one measure labelled with two years (2016年预算8万元，2015年预算
    12.5万元；对比减少4.35万元；减少率35.22%): the later year is this year's, the earlier the prior.
    The stated difference, its word and its rate must all follow from the pair."""
    n0 = claim.data["norm"][0]
    dated = [a for a in claim.data.get("sentence_amounts", ()) if a.data["norm"][1] <= n0 and a.data.get("year")]
    years = {a.data["year"] for a in dated}
    if len(years) != 2 or len(dated) != 2 or dated[0].data.get("measure") != dated[1].data.get("measure") or not sign:
        return False
    cur, prior = sorted(dated, key=lambda a: -a.data["year"])
    c_iv, c_ev = _stated(cur, "本年数")
    p_iv, p_ev = _stated(prior, "上年数")
    if c_iv is None or p_iv is None or p_iv.lo <= 0:
        return False
    claim.evidence = p_ev + c_ev
    diff = c_iv - p_iv
    if (sign > 0 and diff.hi < 0) or (sign < 0 and diff.lo > 0):
        claim.verdict = "direction"
        claim.message = f"{cur.data['year']}年 {_show(cur)} 比 {prior.data['year']}年 {_show(prior)} {'小' if sign > 0 else '大'}，正文却说“{claim.claimed.get('d1')}”。"
        return True
    jd = judge(Number(delta.value, max(delta.decimals, 2), delta.text), diff.scale(Decimal(sign)), 2)
    if jd.verdict != "ok":
        claim.verdict = jd.verdict
        claim.recomputed = {"delta": jd.expected}
        claim.message = f"{cur.data['year']}年 {_show(cur)} 与 {prior.data['year']}年 {_show(prior)} 相差 {jd.expected}，正文写 {delta.text}。"
        claim.suggestion = _replace(claim.text, claim.claimed["delta"]["text"], jd.expected)
        return True
    _pct_judgement(claim, diff.scale(Decimal(sign)).ratio(p_iv), "增减率", claim.evidence)
    return True


def _change_from_pair(claim: Claim, pct: Number, sign: int) -> bool:
    """A percent change between the two amounts its sentence states before it (budgets:
    2023年当年预算执行数为60.13万元，2024年预算安排25.77万元，比2023年预算执行数减少57.14%)."""
    n0 = claim.data["norm"][0]
    before = [a for a in claim.data.get("sentence_amounts", ()) if a.data["norm"][1] <= n0]
    prior = [a for a in before if a.data.get("measure") == "actual"]
    cur = [a for a in before if a.data.get("measure") == "budget" and prior and a.start > prior[-1].start]
    if not (prior and cur and sign):
        return False
    p_iv, p_ev = _stated(prior[-1], "上年数")
    c_iv, c_ev = _stated(cur[-1], "本年数")
    if p_iv is None or c_iv is None:
        return False
    if p_iv.hi <= 0 and c_iv.lo > 0:
        # from nothing: the rate is undefined (100% by custom), but only 增加 can be right
        claim.evidence = p_ev + c_ev
        if sign < 0:
            claim.verdict = "direction"
            claim.message = f"上年数为 0、本年数 {_show(cur[-1])}，只能是增加，正文却说“{claim.claimed.get('d2') or claim.claimed.get('d1')}”。"
        else:
            claim.verdict = "unverified"
            claim.message = "上年数为 0：增幅无从计算（按惯例可写 100%）。"
        return True
    if p_iv.lo <= 0:
        return False
    # the prose computes from the figures it writes (24.31, not the table's 24.312): the written
    # figure, or the table's figure at the cent, may stand for the current amount
    readings = []
    written = money(cur[-1])
    if written is not None:
        readings.append(money_interval(written, cur[-1].claimed.get("unit", "万元") or "万元", claim.data.get("cents", True)))
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
        claim.message = f"本年数 {_show(cur[-1])} 比上年数 {_show(prior[-1])} {'大' if sign < 0 else '小'}，正文却说“{claim.claimed.get('d2') or claim.claimed.get('d1')}”。"
        return True
    diff = c_iv - p_iv if sign > 0 else p_iv - c_iv
    _pct_judgement(claim, diff.ratio(p_iv), "增减率", p_ev + c_ev)
    return True


def _delta_between_stated(claim: Claim, delta: Number, sign: int) -> bool:
    """比年初预算增加 X 万元 when the sentence states both the 年初预算 and the 决算: X is their difference."""
    ref = claim.claimed.get("ref", "")
    if not sign or "预算" not in ref or _YEAR_IN_REF.search(ref):
        return False  # a prior year's figure is never in the document; a budget of this year may be
    n0 = claim.data["norm"][0]
    before = [a for a in claim.data.get("paragraph_amounts", ()) if a.data["norm"][1] <= n0]
    budget = [a for a in before if a.data.get("measure") == "budget"]
    actual = [a for a in before if a.data.get("measure") == "actual"]
    if not budget or not actual:
        return False
    pair = _budget_actual(claim, budget[-1], actual[-1], "")
    if pair is None:
        return False
    b_iv, a_iv, claim.evidence = pair
    diff = a_iv - b_iv
    if (sign > 0 and diff.hi < 0) or (sign < 0 and diff.lo > 0):
        claim.verdict = "direction"
        claim.message = f"决算 {_show(actual[-1])} 比预算 {_show(budget[-1])} {'小' if sign > 0 else '大'}，正文却说“{claim.claimed.get('d1')}”。"
        claim.suggestion = _replace(claim.text, claim.claimed.get("d1", ""), _flip(claim.claimed.get("d1", "")))
        return True
    j = judge(Number(delta.value, max(delta.decimals, 2), delta.text), diff.scale(Decimal(sign)), 2)
    claim.verdict = j.verdict
    claim.recomputed = {"delta": j.expected}
    claim.message = f"决算 {_show(actual[-1])} 与预算 {_show(budget[-1])} 相差 {j.expected}" + ("，一致。" if j.verdict == "ok" else f"，正文写 {delta.text}。")
    if j.verdict != "ok":
        claim.suggestion = _replace(claim.text, claim.claimed["delta"]["text"], j.expected)
    return True


def _from_nothing(claim: Claim, pct: Number, evidence: list[Evidence]) -> None:
    """An increase from a prior year of 0 (a unit new this year): the custom writes 增长100%.

    The rate itself is undefined, so 100% is left unjudged; any other figure
    cannot come from the numbers and is flagged, one unit off as a rounding slip.
    """
    claim.evidence = evidence
    hundred = Decimal(100)
    unit = Decimal(1).scaleb(-pct.decimals)
    claim.recomputed = {"pct": "100"}
    if pct.value == hundred:
        claim.verdict = "unverified"
        claim.message = "上年数为 0：增幅无从计算，按惯例写 100%。"
        return
    claim.verdict = "rounding" if abs(pct.value - hundred) <= unit else "mismatch"
    claim.message = f"上年数为 0（增加额等于本年数）：增幅无从计算，惯例写 100%，正文写 {pct.text}%。"
    claim.suggestion = _replace(claim.text, pct.text, fmt(hundred, pct.decimals))


def _flip(word: str) -> str:
    pairs = {"增加": "减少", "减少": "增加", "增长": "下降", "下降": "增长", "上升": "下降", "降低": "提高", "提高": "降低", "增收": "减收", "减收": "增收", "增幅": "降幅", "降幅": "增幅", "增幅为": "降幅为", "降幅为": "增幅为"}
    return pairs.get(word, word)


def judge_completion(doc: Document, claim: Claim) -> None:
    budget: Claim | None = claim.data.get("budget")
    actual: Claim | None = claim.data.get("actual")
    kinds = section_kinds(claim.data.get("sections", []))
    if (budget is None or actual is None) and "performance" in kinds:
        table, _ = performance_table(doc, project_of(claim.data.get("paragraph_text", "")))
        if table is not None:
            b = perf_cell(table, "全年预算数")
            a = perf_cell(table, "全年执行数")
            if a and b:
                ev = [Evidence(table=table.label or table.title, title=table.project, row=x[0].name, column=x[1].key, value=x[2].text or "0", page=table.page) for x in (b, a)]
                _completion(claim, Interval.exact(a[2].value or Decimal(0)), Interval.exact(b[2].value or Decimal(0)), ev)
                return
    pair = _budget_actual(claim, budget, actual, "找不到预算数和决算数，完成率无从核对。")
    if pair is None:
        return
    _completion(claim, pair[1], pair[0], pair[2])
    if claim.verdict == "mismatch" and pair[0].hi <= 0:
        # the rate fits another budget figure of the sentence (全年预算): name that one instead
        pct = _num(claim.claimed.get("pct"))
        for other in claim.data.get("sentence_amounts", ()):
            other_iv = _amount_interval(other)
            if other is budget or other.data.get("measure") != "budget" or other_iv is None or other_iv.lo <= 0 or pct is None:
                continue
            ratio = pair[1].ratio(other_iv)
            if ratio is not None and judge(pct, ratio.scale(HUNDRED)).verdict == "ok":
                word = split_measure_word(other.subject)
                if word:
                    claim.suggestion = _replace(claim.text, claim.claimed["base"], word)
                    claim.message += f"按{word} {other.claimed['value']['text']} 计正是 {pct.text}%。"
                break


def split_measure_word(subject: str) -> str:
    """The budget word a subject ends with (全年预算, 调整预算 …), '' if none."""
    from ..claims.patterns import aliases

    for w in sorted(aliases()["measures"]["budget"], key=len, reverse=True):
        if subject.endswith(w):
            return w
    return ""


def _budget_actual(claim: Claim, budget: Claim | None, actual: Claim | None, missing: str) -> tuple[Interval, Interval, list[Evidence]] | None:
    """(budget, actual, evidence) a completion rate or a comparison word rests on; ``unverified`` without them."""
    if budget is None or actual is None:
        claim.verdict = "unverified"
        claim.message = missing
        return None
    b_iv, b_ev = _stated(budget, "预算数")
    a_iv, a_ev = _stated(actual, "决算数")
    if b_iv is None or a_iv is None:
        return None
    return b_iv, a_iv, b_ev + a_ev


def _completion(claim: Claim, a_iv: Interval, b_iv: Interval, ev: list[Evidence]) -> None:
    if b_iv.hi <= 0:
        pct = _num(claim.claimed.get("pct"))
        claim.evidence = ev
        if pct is not None and pct.value == 0 and a_iv.hi <= 0:
            claim.verdict = "ok"
            claim.message = "预算数为 0，完成率按 0% 填列（无实际意义）。"
        elif pct is not None and pct.value > 0 and a_iv.lo > 0 and claim.claimed.get("base", "") not in ("", "预算"):
            # 年初预算为0万元 … 完成年初预算的95.89%: a rate of a zero budget cannot be written
            claim.verdict = "mismatch"
            claim.message = f"{claim.claimed['base']}为 0，不可能“完成{claim.claimed['base']}的 {pct.text}%”（这个比率是按别的预算数算的）。"
        else:
            claim.verdict = "unverified"
            claim.message = "预算数为 0，完成率无从计算。"
        return
    _pct_judgement(claim, a_iv.ratio(b_iv), "完成率", ev)


def judge_comparison(doc: Document, claim: Claim) -> None:
    rel = claim.claimed.get("rel", "")
    want = _REL.get(rel)
    budget: Claim | None = claim.data.get("budget")
    actual: Claim | None = claim.data.get("actual")
    if claim.claimed.get("ref"):
        _flat_against_prior(claim, want)
        return
    pair = _budget_actual(claim, budget if want is not None else None, actual, "找不到比较的两个数。")
    if pair is None:
        return
    b_iv, a_iv, claim.evidence = pair
    if a_iv.overlaps(b_iv):
        got = 0
    else:
        got = 1 if a_iv.lo > b_iv.hi else -1
    claim.recomputed = {"relation": _REL_WORD[got]}
    if got == want:
        claim.verdict = "ok"
        claim.message = f"决算数 {_show(actual)} {_REL_WORD[got]} 预算数 {_show(budget)}，一致。"
    else:
        claim.verdict = "direction"
        right = {1: "大于", -1: "小于", 0: "与预算数一致"}[got]
        claim.message = f"正文说决算数“{rel}”预算数，但决算数 {_show(actual)}、预算数 {_show(budget)}。"
        claim.suggestion = claim.text.replace(rel, right) if got != 0 else "决算数与预算数一致"


def _flat_against_prior(claim: Claim, want: int | None) -> None:
    """比2023年预算执行数持平: judged when the sentence states both years (执行数 …，预算安排 …)."""
    n0 = claim.data["norm"][0]
    before = [a for a in claim.data.get("sentence_amounts", ()) if a.data["norm"][1] <= n0]
    prior = [a for a in before if a.data.get("measure") == "actual"]
    cur = [a for a in before if a.data.get("measure") == "budget" and prior and a.start > prior[-1].start]
    if want != 0 or not prior or not cur:
        claim.verdict = "unverified"
        claim.message = "与上年比较（持平），上年数不在文中，无从核对。"
        return
    p_iv, p_ev = _stated(prior[-1], "上年数")
    c_iv, c_ev = _stated(cur[-1], "本年数")
    if p_iv is None or c_iv is None:
        return
    claim.evidence = p_ev + c_ev
    if p_iv.overlaps(c_iv):
        claim.verdict = "ok"
        claim.message = f"上年 {_show(prior[-1])}、本年 {_show(cur[-1])}，持平。"
    else:
        claim.verdict = "direction"
        way = "增加" if c_iv.lo > p_iv.hi else "减少"
        claim.message = f"正文说持平，但上年 {_show(prior[-1])}、本年 {_show(cur[-1])}：{way}了。"


def _show(c: Claim) -> str:
    """The figure of an amount as the verdict used it: its cell under the table reading, else as written."""
    if _uses_cell(c) and c.verdict != "ok":
        return fmt(c.data["trusted_cell"], 2)
    v = c.claimed.get("value", {})
    return v.get("text", "?")


def judge_composition(doc: Document, claim: Claim) -> None:
    if claim.data.get("signed"):
        _judge_change_composition(claim)
        return
    total: Claim = claim.data["total"]
    parts: list[Claim] = claim.data["parts"]
    _sum_against(doc, claim, total, parts)
    if claim.verdict == "ok" or not claim.flagged:
        return
    # the list may break down another total its frame names (突破500亿元 is no total; 502.06亿元 is)
    for alt in claim.data.get("alternatives", ()):
        trial = Claim(id="", kind="composition", pattern="", start=0, end=0, text="", sentence=(0, 0), subject="", claimed={})
        trial.data.update(claim.data)
        _sum_against(doc, trial, alt, parts)
        if trial.verdict == "ok":
            claim.verdict, claim.message, claim.evidence, claim.recomputed = trial.verdict, trial.message, trial.evidence, trial.recomputed
            claim.data["total"] = alt
            return
    if claim.data.get("ambiguous"):
        claim.verdict = "unverified"
        claim.message = f"{claim.message}但其中所指的合计不确定（段落里有多个可能的合计），未判定。"
        claim.suggestion = ""


def _sum_against(doc: Document, claim: Claim, total: Claim, parts: list[Claim]) -> None:
    """Judge ``parts`` against ``total``: every figure read at the places it is written, in one unit."""
    t_iv, t_ev = _stated(total, "合计")
    ivs = [_stated(p, "其中")[0] for p in parts]
    tot = money(total)
    if t_iv is None or tot is None or any(iv is None for iv in ivs):
        return
    s = Interval(Decimal(0), Decimal(0))
    for iv in ivs:
        s = s + iv  # type: ignore[operator]
    claim.evidence = t_ev + [_stated(p, "其中")[1][0] for p in parts]
    # a part aligned to its table cell counts with the table's value: a slip in it is its own alarm
    sum_pt = sum((_value(p) for p in parts), Decimal(0))
    is_money = total.kind == "amount"
    unit = total.claimed.get("unit", "万元") or "万元"
    cents = claim.data.get("cents", True)
    # a total in 亿元, or in whole 万元 where the document does not write cents, is read at its own places;
    # parts in other units than the total's, or written in whole 万元, are summed as the intervals they stand for
    exact = is_money and unit == "万元" and cents
    places = (2 if exact else min(tot.decimals, 2)) if is_money else 0
    mixed = any((p.claimed.get("unit") or "万元") != unit for p in parts)
    j = judge(Number(tot.value, max(tot.decimals, places), tot.text), Interval.exact(sum_pt) if exact and not mixed else s, places)
    shown = (fmt(sum_pt, 2) if unit == "万元" else written_unit(total, sum_pt)) if is_money else fmt(sum_pt, 0)
    claim.recomputed = {"sum": shown}
    n = len(parts)
    if j.verdict == "ok":
        claim.verdict, claim.message = "ok", f"{n} 项之和 {shown}，等于合计。"
        return
    diff = abs(sum_pt - tot.value)
    # every figure aligned to a table cell (the sum already uses the cells, so a part's own slip,
    # flagged on its own, does not make the list a second alarm)
    from_tables = all(_aligned(p) for p in parts + [total])
    if exact and (doc.meta.get("tail_note") or from_tables) and diff <= max(Decimal("0.01"), Decimal("0.005") * n):
        # a tail difference the tables themselves carry (every figure is copied right from its
        # cell), or one the document declares (尾数误差): a note, not an alarm (DOMAIN.md).
        # Otherwise a cent off is a rounding slip like any other.
        claim.verdict, claim.data["tail"] = "ok", diff
        claim.message = f"所列 {n} 项之和 {shown}，与合计 {tot.text} 差 {fmt(diff, 2)}（尾数误差）。"
        return
    trusted_total = _aligned(total) and total.verdict == "ok"
    if not trusted_total and tot.value > 0 and (max(_value(p) for p in parts) > tot.value * Decimal("1.2") or sum_pt > 2 * tot.value):
        # a part far larger than its whole: the list is not this total's breakdown (a subset's figures)
        claim.verdict = "unverified"
        claim.message = f"所列 {n} 项之和 {shown} 远大于“合计” {tot.text}：其中所列不像它的分项，未判定。"
        return
    if sum_pt < tot.value and j.verdict == "mismatch" and not exhaustive(parts):
        claim.verdict = "unverified"
        claim.message = f"所列 {n} 项之和 {shown} 小于合计 {tot.text}（可能未列全）。"
        return
    if _blame_the_loose_part(claim, total, parts, t_ev, places, sum_pt, tot):
        return
    claim.verdict = j.verdict
    claim.message = f"所列 {n} 项之和为 {shown}，正文合计写 {tot.text}。"


def _judge_change_composition(claim: Claim) -> None:
    """其中 after a change: the listed change amounts, signed by their words, add up to the total change
    (“三公”经费比上年减少3.50万元，其中：因公出国（境）费减少1.00万元，公务接待费减少2.50万元)."""
    change: Claim = claim.data["total"]
    parts: list[Claim] = claim.data["parts"]
    d1 = change.claimed.get("d1", "")
    sign = 1 if d1 in _UP else -1 if d1 in _DOWN else 0
    delta = money(change, "delta")
    if not sign or delta is None:
        claim.verdict = "unverified"
        claim.message = "总增减额方向不明，未核对。"
        return
    cents = claim.data.get("cents", True)
    lo = hi = Decimal(0)
    for p in parts:
        iv = money_interval(money(p), p.claimed.get("unit", "万元") or "万元", cents)  # type: ignore[arg-type]
        lo, hi = (lo + iv.lo, hi + iv.hi) if p.data["direction"] > 0 else (lo - iv.hi, hi - iv.lo)
    total = Interval(lo, hi)
    unit = change.claimed.get("unit", "万元") or "万元"
    places = 2 if unit == "万元" and cents else min(delta.decimals, 0)
    j = judge(Number(sign * delta.value, delta.decimals, delta.text), total, places)
    shown = fmt(total.mid, max(places, 0))
    claim.recomputed = {"sum": shown}
    claim.evidence = [
        Evidence(table="正文", title="总增减额", row=f"{change.subject}{d1}", column="", value=f"{delta.text}{unit}", page=change.page, offset=(change.start, change.end))
    ] + [_ev_text(p, "其中") for p in parts]
    if j.verdict == "ok":
        claim.verdict = "ok"
        claim.message = f"所列 {len(parts)} 项增减额合计 {shown}，与总增减额一致。"
    elif abs(total.mid) < delta.value and not exhaustive(parts):
        claim.verdict = "unverified"
        claim.message = f"所列 {len(parts)} 项增减额合计 {shown}，小于总增减额 {delta.text}（可能未列全）。"
    else:
        claim.verdict = j.verdict
        claim.message = f"所列 {len(parts)} 项增减额（增为正、减为负）合计 {shown}，正文总增减额为{d1} {delta.text}（即 {fmt(sign * delta.value)}）。"


def _value(c: Claim) -> Decimal:
    """An amount's figure under the current reading (its cell when :func:`_uses_cell`)."""
    if _uses_cell(c):
        return c.data["trusted_cell"]
    n = money(c)
    return n.value if n is not None else Decimal(0)


def _aligned(c: Claim) -> bool:
    """The claim's figure was tied to a table cell with confidence (whatever its verdict)."""
    return c.data.get("trusted_cell") is not None


def _blame_the_loose_part(claim: Claim, total: Claim, parts: list[Claim], t_ev: list[Evidence], places: int, sum_pt: Decimal, tot: Number) -> bool:
    """When the total agrees with its table and one part alone is no table's, that part is the slip.

    The alarm then sits on the wrong number, with the figure the total and the
    other parts leave for it, and the 其中 list itself is not raised twice.
    """
    loose = [p for p in parts if not _aligned(p)]
    if sum_pt > tot.value:
        # too much: only a part that can shrink can be the slip (amounts are not negative)
        loose = [p for p in loose if (money(p) or Number(Decimal(0), 0)).value > 0]
    if not (_aligned(total) and total.verdict == "ok") or len(loose) != 1 or loose[0].verdict != "unverified":
        return False
    part = loose[0]
    pn = money(part)
    if pn is None:
        return False
    others = sum((_value(p) for p in parts if p is not part), Decimal(0))
    expected = total.data["trusted_cell"] - others
    if expected < 0:
        return False
    jj = judge(Number(pn.value, max(pn.decimals, places), pn.text), Interval.exact(expected), places)
    if jj.verdict == "ok":
        return False
    shown = fmt(expected, places)
    part.verdict = jj.verdict
    part.recomputed = {"value": shown, "unit": part.claimed.get("unit", "")}
    part.evidence = t_ev + [_stated(p, "其中")[1][0] for p in parts if p is not part]
    part.message = f"合计 {tot.text} 与表一致，减去其余各项后此项应为 {shown}，正文写 {pn.text}。"
    part.suggestion = _replace(part.text, part.claimed["value"]["text"], shown)
    claim.verdict = "unverified"
    claim.message = f"所列 {len(parts)} 项之和 {fmt(sum_pt, 2)} ≠ 合计 {tot.text}；合计与表一致，不符的是“{part.subject}”（{part.id}）。"
    return True


def exhaustive(parts: list[Claim]) -> bool:
    """True when the parts named are a complete breakdown (patterns/aliases.toml [exhaustive])."""
    from ..claims.patterns import aliases

    for words in aliases().get("exhaustive", {}).get("sets", []):
        names = [key(p.subject) for p in parts]
        # every part is one of the set, and every member of the set is listed
        if all(any(w in n for w in words) for n in names) and all(any(w in n for n in names) for w in words):
            return True
    return False


def judge_count(doc: Document, claim: Claim) -> None:
    claim.verdict = "unverified"
    claim.message = "表中没有对应的数量，未核对。"


def truncation_convention(doc: Document, claims: list[Claim]) -> None:
    """Accept 元 → 万元 conversions by truncation when the document truncates throughout.

    Some finance systems cut 877,080 元 to 87.70 万元 instead of rounding to
    87.71. When at least two amounts are off exactly by truncation and none of
    the document's converted amounts is rounded where truncation would differ,
    truncation is the document's convention, not a slip: those amounts are
    ``ok`` and one note says so.
    """
    cut: list[Claim] = []
    rounded = 0
    for c in claims:
        v = c.data.get("trusted_cell")
        n = _num(c.claimed.get("value")) if c.kind == "amount" else None
        if v is None or n is None or not c.data.get("converted") or n.decimals == 0:
            continue
        r, t = quantize(v, n.decimals), v.quantize(Decimal(1).scaleb(-n.decimals), rounding=ROUND_DOWN)
        if r == t:
            continue
        if n.value == t and c.verdict == "rounding":
            cut.append(c)
        elif n.value == r:
            rounded += 1
    if len(cut) >= 2 and rounded == 0:
        for c in cut:
            ev = c.evidence[0]
            c.verdict = "ok"
            c.message = f"{ev.table}“{ev.row}”{ev.value} 元截尾为 {c.claimed['value']['text']} 万元：本文件换算万元一律截尾（不四舍五入），按其惯例一致。"
            c.suggestion = ""
            c.data["truncated"] = True
        doc.meta["truncates"] = len(cut)


_DERIVED = ("change", "completion", "comparison", "composition")
_INPUTS = ("part", "budget", "actual", "current", "total")


def _judge_by_readings(claim: Claim, run) -> None:
    """Judge a claim built on amounts from the written figures; if that flags it and one of its
    amounts was itself flagged against a table cell, try the cells: when they explain the claim,
    it is ``ok`` (the slip is the amount's, already reported once)."""
    token = _READING.set("written")
    try:
        run()
    finally:
        _READING.reset(token)
    if not claim.flagged:
        return
    inputs = [claim.data.get(k) for k in _INPUTS] + list(claim.data.get("parts", ())) + list(claim.data.get("sentence_amounts", ()))
    if not any(i is not None and i.data.get("trusted_cell") is not None and i.verdict != "ok" for i in inputs):
        return
    written = (claim.verdict, claim.message, claim.evidence, claim.recomputed, claim.suggestion)
    claim.verdict, claim.message, claim.evidence, claim.recomputed, claim.suggestion = "unverified", "", [], {}, ""
    token = _READING.set("table")
    try:
        run()
    finally:
        _READING.reset(token)
    if claim.verdict == "ok":
        claim.message += "（按表中数计算；正文所写金额的差错另行报告）"
    else:
        claim.verdict, claim.message, claim.evidence, claim.recomputed, claim.suggestion = written


def _whole_wan(amounts: list[Claim]) -> bool:
    """A paragraph whose 万元 amounts are all written in whole 万元 (收入预算17,192万元，其中：…)."""
    wan = [a for a in amounts if a.claimed.get("unit", "万元") == "万元"]
    return bool(wan) and all(a.claimed["value"]["decimals"] == 0 for a in wan)


def judge_all(doc: Document, claims: list[Claim], narrative_text: str) -> None:
    """Give every claim its verdict; amounts first, since ratios rest on them."""
    cents = cents_convention(claims)
    doc.meta["cents"] = cents
    doc.meta["tail_note"] = "尾数误差" in doc.text
    by_paragraph: dict[tuple[int, int], list[Claim]] = {}
    by_sentence: dict[tuple[int, int], list[Claim]] = {}
    for c in claims:
        if c.kind == "amount":
            by_paragraph.setdefault(c.data["norm_paragraph"], []).append(c)
            by_sentence.setdefault(c.data["norm_sentence"], []).append(c)
    for c in claims:
        c.data["siblings"] = claims
        c.data["cents"] = cents
        c.data["paragraph_amounts"] = by_paragraph.get(c.data["norm_paragraph"], [])
        c.data["sentence_amounts"] = by_sentence.get(c.data["norm_sentence"], [])
    whole = {k: _whole_wan(v) for k, v in by_paragraph.items()}
    texts: dict[tuple[int, int], str] = {}  # one copy of each paragraph, however many claims it holds
    for c in claims:
        para = c.data["norm_paragraph"]
        if para not in texts:
            texts[para] = narrative_text[para[0] : para[1]]
        c.data["paragraph_text"] = texts[para]
        c.data["paragraph_whole"] = whole.get(para, False)
    order = {"amount": 0, "count": 1, "score": 1, "share": 2, "change": 2, "completion": 2, "comparison": 2, "composition": 3}
    ordered = sorted(claims, key=lambda c: order.get(c.kind, 9))
    first_ratio = next((i for i, c in enumerate(ordered) if order.get(c.kind, 9) > 0), len(ordered))
    idx = ShareIndex.build(claims)
    for i, c in enumerate(ordered + [None]):  # type: ignore[operator]
        if i == first_ratio:
            truncation_convention(doc, claims)  # amounts are all judged: settle the document's conversion habit
        if c is None:
            break
        fn = {
            "amount": judge_amount,
            "score": judge_score,
            "change": judge_change,
            "completion": judge_completion,
            "comparison": judge_comparison,
            "composition": judge_composition,
            "count": judge_count,
        }.get(c.kind)
        if c.kind == "share":
            _judge_by_readings(c, lambda c=c: judge_share(doc, c, idx))
        elif c.kind in _DERIVED and fn is not None:
            _judge_by_readings(c, lambda c=c, fn=fn: fn(doc, c))
        elif fn is not None:
            fn(doc, c)
        if not c.message:
            c.message = c.data.get("message", "")
