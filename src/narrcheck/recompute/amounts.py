"""Amounts, scores and counts against the table cells their subjects resolve to."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal


from ..align.performance import perf_cell, performance_table, project_of
from ..align.resolve import STRONG, Candidate, RowIndex, candidates, section_kinds
from ..claims.patterns import aliases
from ..model import Claim, Document, Evidence, Recomputed
from ..numbers import Interval, Number, fmt, quantize
from .rounding import judge
from .figures import ev_cell, money, replace_last, written_unit


def judge_amount(doc: Document, claim: Claim, index: RowIndex) -> None:
    """An amount against the table cell its subject names: ok, a slip shown with the cell, or unverified."""
    n = money(claim)
    if n is None:
        return
    if claim.ctx.direction is not None:
        claim.verdict = "unverified"
        gap = claim.subject.endswith(tuple(aliases()["directions"]["budget_gap"]))  # 短收7431万元: short of the budget
        claim.message = "这是与预算的差额（不是本年数），单独未核对。"
        if not gap:
            claim.message = "这是增减额（不是本年数），上年数不在表中，未核对。"
        return
    if claim.ctx.measure == "prior":
        claim.verdict = "unverified"
        claim.message = "这是上年数，本文件的表中没有，未核对。"
        return
    kinds = section_kinds(claim.ctx.sections)
    if "performance" in kinds and claim.ctx.entity in ("", "项目") and claim.ctx.measure:
        _judge_perf_amount(doc, claim, n)
        return
    cands = candidates(doc, claim, index)
    if not cands:
        claim.verdict = "unverified"
        claim.message = f"表中找不到“{claim.subject or '（无主语）'}”对应的单元格。"
        return
    min_dec = _places(claim, n)
    top = cands[0]
    tier = [c for c in cands if c.pref == top.pref and c.score >= top.score - 5 and c.value is not None]
    results = [(c, judge(n, Interval.exact(c.cell_value), min_dec)) for c in tier]
    ok = [c for c, j in results if j.verdict == "ok"]
    if not ok and top.pref < 3:
        # no table is named by both the section and the subject: a strong match elsewhere confirms.
        # When one is (五、一般公共预算财政拨款支出… → 公开05表), another table's equal figure does
        # not (收入决算表's 行政运行 1,511.90 is not the 05表's 1,511.89)
        ok = [
            c
            for c in cands
            if c.score >= STRONG
            and c.value is not None
            and judge(n, Interval.exact(c.cell_value), min_dec).verdict == "ok"
        ]
    if ok:
        _agrees(claim, ok[0])
        return
    strong = [c for c, _ in results if c.score >= STRONG]
    if strong and len({c.value for c in strong}) == 1 and (top.pref >= 1 or top.how == "subject path"):
        _against_cell(claim, strong[0], n, min_dec)  # a 类/款/项 path is context enough
        return
    claim.verdict = "unverified"
    shown = "；".join(f"{c.table.label}“{c.row.name}”{c.column.key}={c.cell.text or '0'}" for c in cands[:3])
    claim.message = f"对应单元格不确定（{shown}），未判定。"


def _places(claim: Claim, n: Number) -> int:
    """The places an amount is read at: the cent for 万元 prose that drops trailing zeros; the places it
    writes for prose that rounds (a paragraph of whole 万元: 收入预算17,192万元，其中：财政拨款收入17,192万元 …)."""
    whole = n.decimals == 0 and claim.ctx.paragraph_whole
    wan = (claim.claimed.unit or "万元") == "万元"
    return 2 if wan and claim.ctx.cents and not whole else min(0, n.decimals)


def _agrees(claim: Claim, c: Candidate) -> None:
    """The amount is its cell's figure."""
    claim.verdict = "ok"
    claim.ctx.cell = claim.ctx.trusted_cell = c.value
    claim.ctx.converted = c.table.unit != "万元"
    claim.evidence = [ev_cell(c)]
    claim.recomputed = Recomputed(value=fmt(c.cell_value, 2), unit="万元")
    claim.message = f"与{c.table.label}“{c.row.name}”{c.column.key}一致。"


def _against_cell(claim: Claim, c: Candidate, n: Number, min_dec: int) -> None:
    """The amount judged against the one cell its subject surely names (unverified if a parent or child
    row holds the figure: then the level the prose means is not sure)."""
    j = judge(n, Interval.exact(c.cell_value), min_dec)
    if c.row.is_total and not c.cell.text.strip() and n.value:
        # a total printed blank (上海 审计局 2026's 收入总计 under rows of 195,774,300) is left unfilled, not 0
        claim.verdict = "unverified"
        claim.evidence = [ev_cell(c)]
        claim.message = f"正文写 {n.text}，{c.table.label}“{c.row.name}”{c.column.key} 一栏空白（未填数），未判定。"
        return
    kin = _kin_row_fitting(c, n, min_dec)
    if kin is not None:
        claim.verdict = "unverified"
        claim.evidence = [ev_cell(c)]
        claim.message = (
            f"正文写 {n.text}，与{c.table.label}“{c.row.name}”不符，"
            f"却等于其上下级科目“{kin.code} {kin.name}”：科目层级不确定，未判定。"
        )
        return
    wan = (claim.claimed.unit or "万元") == "万元"
    claim.verdict = j.verdict
    claim.ctx.cell = claim.ctx.trusted_cell = c.value
    claim.ctx.converted = c.table.unit != "万元"
    claim.evidence = [ev_cell(c)]
    if min_dec > 0:
        expected = fmt(c.cell_value, max(2, n.decimals))
    else:
        expected = fmt(c.cell_value) if wan else written_unit(claim, c.cell_value)
    claim.recomputed = Recomputed(value=expected, unit=(claim.claimed.unit or "万元"))
    in_wan = (
        f"（{c.table.unit}，即 {fmt(c.cell_value, 4).rstrip('0').rstrip('.')} 万元）" if c.table.unit != "万元" else ""
    )
    claim.message = f"正文写 {n.text}，{c.table.label}“{c.row.name}”{c.column.key} 为 {c.cell.text or '0'}{in_wan}。"
    claim.suggestion = replace_last(claim.text, claim.claimed.figure("value").text, expected)


def _column_name(table, index: int) -> str:
    col = table.column(index)
    return col.name if col is not None else ""


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
    para = claim.ctx.paragraph_text
    project = project_of(para)
    table, score = performance_table(doc, project)
    if table is None:
        claim.verdict = "unverified"
        claim.message = f"找不到项目“{project or '？'}”的绩效自评表。"
        return
    col = "全年预算数" if claim.ctx.measure == "budget" else "全年执行数"
    found = perf_cell(table, col)
    if found is None:
        claim.verdict = "unverified"
        claim.message = f"{table.title}“{table.project}”没有{col}。"
        return
    row, column, cell = found
    if score < STRONG and corroborated(doc, claim, table) >= 2:
        score = STRONG  # the paragraph's other figures agree with this table: the match is sure
    ev = Evidence(
        table=table.label or table.title,
        title=f"{table.title}：{table.project}",
        row=row.name,
        column=column.key,
        value=cell.text or "0",
        page=table.page,
        offset=cell.offset,
    )
    j = judge(n, Interval.exact(cell.value or Decimal(0)), 2 if claim.ctx.cents else n.decimals)
    claim.ctx.cell = cell.value
    claim.evidence = [ev]
    claim.recomputed = Recomputed(value=fmt(cell.value or Decimal(0), 2), unit="万元")
    if j.verdict == "ok":
        claim.verdict = "ok"
        claim.ctx.trusted_cell = cell.value
        claim.message = f"与“{table.project}”绩效自评表{col}一致（项目名相似度 {score:.0f}）。"
    elif score >= STRONG:
        claim.ctx.trusted_cell = cell.value
        claim.verdict = j.verdict
        claim.message = f"正文写 {n.text}，“{table.project}”绩效自评表{col}为 {cell.text}。"
        claim.suggestion = replace_last(claim.text, claim.claimed.figure("value").text, j.expected)
    else:
        claim.verdict = "unverified"
        claim.message = f"与“{table.project}”绩效自评表{col}（{cell.text}）不符，但项目名只相似 {score:.0f}，未判定。"


def corroborated(doc: Document, claim: Claim, table) -> int:
    """How many other figures of the claim's paragraph agree with ``table`` (budget, execution, score)."""
    para = claim.ctx.norm_paragraph
    got = 0
    wanted = {("amount", "budget"): "全年预算数", ("amount", "actual"): "全年执行数", ("score", ""): "总分"}
    for other in doc.claims or claim.ctx.siblings:
        if other is claim or other.ctx.norm_paragraph != para:
            continue
        col = wanted.get((other.kind, other.ctx.measure))
        if col is None:
            continue
        found = perf_cell(table, col)
        n = other.claimed.value
        if (
            found is not None
            and n is not None
            and found[2].value is not None
            and judge(n, Interval.exact(found[2].value), 2 if other.kind == "amount" else 0).verdict == "ok"
        ):
            got += 1
    return got


def judge_score(doc: Document, claim: Claim) -> None:
    n = claim.claimed.value
    table, score = performance_table(doc, project_of(claim.ctx.paragraph_text))
    if n is None or table is None:
        claim.verdict = "unverified"
        claim.message = "找不到对应的绩效自评表。"
        return
    found = perf_cell(table, "总分")
    if found is not None:
        row, column, cell = found
        total = cell.value or Decimal(0)
        evidence = [
            Evidence(
                table=table.label or table.title,
                title=f"{table.title}：{table.project}",
                row="总分",
                column=column.key,
                value=cell.text,
                page=table.page,
                offset=cell.offset,
            )
        ]
    else:
        scores = [
            c
            for r in table.rows
            if r.side in ("资金", "指标")
            for i, c in r.cells.items()
            if _column_name(table, i) == "得分"
        ]
        if not scores:
            claim.verdict = "unverified"
            claim.message = f"“{table.project}”绩效自评表没有得分。"
            return
        total = sum((c.value or Decimal(0) for c in scores), Decimal(0))
        evidence = [
            Evidence(
                table=table.label or table.title,
                title=f"{table.title}：{table.project}",
                row="Σ 得分",
                column="得分",
                value=fmt(total),
                page=table.page,
            )
        ]
    if score < STRONG and corroborated(doc, claim, table) >= 2:
        score = STRONG
    j = judge(n, Interval.exact(total), 0)
    claim.evidence = evidence
    claim.recomputed = Recomputed(value=fmt(total))
    if j.verdict == "ok":
        claim.verdict = "ok"
        claim.message = f"与“{table.project}”绩效自评表得分一致。"
    elif score >= STRONG:
        claim.verdict = j.verdict  # one point off is a rounding slip by the rule, like any figure
        claim.message = f"正文写 {n.text} 分，“{table.project}”绩效自评表为 {fmt(total)} 分。"
        claim.suggestion = replace_last(claim.text, claim.claimed.figure("value").text, fmt(total))
    else:
        claim.verdict = "unverified"
        claim.message = f"与“{table.project}”绩效自评表得分（{fmt(total)}）不符，但项目名只相似 {score:.0f}，未判定。"


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
        v = c.ctx.trusted_cell
        n = c.claimed.value if c.kind == "amount" else None
        if v is None or n is None or not c.ctx.converted or n.decimals == 0:
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
            c.message = (
                f"{ev.table}“{ev.row}”{ev.value} 元截尾为 {c.claimed.figure('value').text} 万元："
                "本文件换算万元一律截尾（不四舍五入），按其惯例一致。"
            )
            c.suggestion = ""
            c.ctx.truncated = True
        doc.meta.truncates = len(cut)
