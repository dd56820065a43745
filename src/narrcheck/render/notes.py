"""The notes on a marked problem, in Chinese: what the text says, what narrcheck found, the cells, the fix.

Shared by the marked copies: the annotated PDF (``annotate.py``) and the
commented Word copy (``serve/word.py``) carry the same notes, and the
commented workbook (``xlsx.py``) the same verdict and severity words, so a
problem reads the same wherever it is marked. ``annotate.py`` re-exports them.
"""

from __future__ import annotations

from ..model import Claim, Evidence, Finding

VERDICT_CN = {"ok": "一致", "rounding": "尾数", "mismatch": "不符", "direction": "方向", "unverified": "未核"}
SEVERITY_CN = {"error": "错误", "warning": "警告", "note": "提示"}


def _one_line(s: str) -> str:
    return " ".join(s.split())


def _evidence_lines(evidence: list[Evidence]) -> list[str]:
    out = []
    for e in evidence:
        where = f"（第{e.page}页）" if e.page else ""
        if e.table == "正文":  # a figure the text itself states
            out.append(f"· 正文所述 {e.row}：{e.value}")
            continue
        col = f"“{e.column}”" if e.column else ""
        out.append(f"· {e.table}｜{e.row}｜{col} = {e.value}{where}")
    return out


def _note(
    head: str,
    page: int | None,
    quoted: tuple[str, str],
    said: tuple[str, str],
    evidence: list,
    ev_label: str,
    suggestion: str,
) -> str:
    """A note: heading with page, the quoted words, what narrcheck says, the cells, the corrected wording."""
    lines = [f"{head}{'第' + str(page) + '页' if page else ''}"]
    if quoted[1]:
        lines.append(f"{quoted[0]}：“{quoted[1]}”")
    if said[1]:
        lines.append(f"{said[0]}：{said[1]}")
    ev = _evidence_lines(evidence)
    if ev:
        lines.append(f"{ev_label}：")
        lines.extend(ev)
    if suggestion:
        lines.append(f"建议改为：“{_one_line(suggestion)}”")
    return "\n".join(lines)


def claim_note(c: Claim) -> str:
    """The note shown on a claim's highlight."""
    head = f"【{VERDICT_CN.get(c.verdict, c.verdict)} {c.verdict}】"
    return _note(head, c.page, ("正文", _one_line(c.text)), ("核算", c.message), c.evidence, "依据", c.suggestion)


def finding_note(f: Finding) -> str:
    """The note shown on a finding's highlight or cell boxes."""
    kind = "模板残留" if f.rule.startswith("residue.") else "表格核对" if f.rule.startswith("table.") else "发现"
    head = f"【{kind} {f.rule}·{SEVERITY_CN.get(f.severity, f.severity)}】"
    quoted = _one_line(f.text)[:120] if f.text else ""
    return _note(head, f.page, ("原文", quoted), ("说明", f.message), f.evidence, "涉及单元格", f.suggestion)
