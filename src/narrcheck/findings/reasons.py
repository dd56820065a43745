"""The reason given for a change must point the same way as the change.

``比2023年预算执行数减少2.98%。主要原因是：宣传事务…经费增加`` explains a
decrease with an increase. Only a reason whose direction words all point one
way, and the other way from its claim, is reported: a reason mixing both
(人员增加导致经费减少) is left alone.
"""

from __future__ import annotations

import regex

from ..claims.narrative import Narrative
from ..claims.patterns import aliases, compiled
from ..model import Document, Finding

_REASON = regex.compile(r"(?:主要原因(?:是|为)?|原因(?:是|为)|主要是)[：:，]?(?P<reason>[^。；\n]{2,80})")
_WORDS = aliases()["directions"]
_CLAIM_UP = frozenset(_WORDS["up"] + _WORDS["greater"])
_CLAIM_DOWN = frozenset(_WORDS["down"] + _WORDS["less"])


def _alternation(words: list[str]) -> regex.Pattern:
    """One regex of the reason words that point one way (longest first; 多/少 alone are too short to trust,
    and premise words such as 节约 say nothing of the change's direction)."""
    neutral = set(_WORDS.get("reason_neutral", []))
    return regex.compile("|".join(sorted((w for w in words if len(w) > 1 and w not in neutral), key=len, reverse=True)))


_UP = _alternation(_WORDS["up"] + _WORDS["greater"] + _WORDS["reason_up"])
_DOWN = _alternation(_WORDS["down"] + _WORDS["less"] + _WORDS["reason_down"])
# a change no figure could check is held to its reason only by the claim words themselves (新增 may be a premise)
_STRICT = (_alternation(_WORDS["up"] + _WORDS["greater"]), _alternation(_WORDS["down"] + _WORDS["less"]))


def _direction(words: set[str]) -> int:
    up = bool(words & _CLAIM_UP)
    down = bool(words & _CLAIM_DOWN)
    return 1 if up and not down else -1 if down and not up else 0


def reason_findings(doc: Document, narr: Narrative) -> list[Finding]:
    """A finding for every change or comparison whose stated reason points the other way."""
    text = narr.text
    # a reason belongs to the last statement before it, judged or not: 减少53.7万元…决算数大于预算数，
    # 主要原因：…增加 explains the comparison, not the change
    owners = sorted(
        (c for c in doc.claims if c.kind in ("change", "comparison", "completion")), key=lambda c: c.ctx.norm[0]
    )
    out: list[Finding] = []
    for i, c in enumerate(owners):
        # an unverified change (no prior in the text: 比上年减少5.29万元) is held to a reason right after it only
        strict = c.verdict == "unverified"
        if c.kind == "completion" or strict and (c.kind != "change" or c.claimed.delta is None):
            continue
        sign = _direction({c.claimed.d1, c.claimed.d2, c.claimed.rel})
        if not sign:
            continue
        n1 = c.ctx.norm[1]
        nxt = next((o.ctx.norm[0] for o in owners[i + 1 :] if o.ctx.norm[0] >= n1), len(text))
        limit = min(n1 + 60, nxt)
        m = _REASON.search(text, n1, limit + 80)
        if m is None or m.start() > limit or _names_its_own(text, n1, m.start()):
            continue
        if strict and text[n1 : m.start()].strip("，,。；; "):
            continue
        if _explains(text, m.start()) == -sign:
            continue  # …上升5.65%，其中…降幅均超过25%，下降的主要原因是…: it explains the items that fell
        # a restatement on another basis ends the reason (…抬高基数影响，剔除一次性补助因素后同口径增长2.3%)
        cut = compiled(aliases()["chain"]["adjusted"]).search(m.group("reason"))
        reason = m.group("reason")[: cut.start()] if cut else m.group("reason")
        up_rx, down_rx = _STRICT if strict else (_UP, _DOWN)
        said = _way(reason, up_rx, down_rx)
        if said and said != sign and _way(_listed_reasons(text, m), up_rx, down_rx):
            s, e = narr.to_source(m.start("reason"), m.start("reason") + len(reason))
            way = "增加" if sign > 0 else "减少"
            out.append(
                Finding(
                    rule="narrative.reason_direction",
                    severity="warning",
                    message=f"数字是{way}（“{c.text.strip()[:40]}”），给出的原因却是反方向：“{doc.text[s:e]}”。",
                    start=s,
                    end=e,
                )
            )
    return out


def _way(reason: str, up_rx: regex.Pattern, down_rx: regex.Pattern) -> int:
    """+1 or −1 when every direction word of the reason points that way, 0 when none does or they mix."""
    up, down = bool(up_rx.search(reason)), bool(down_rx.search(reason))
    return 1 if up and not down else -1 if down and not up else 0


def _listed_reasons(text: str, m: regex.Match) -> str:
    """The reason as given: one clause, or every reason of a list marked 一是…；二是… up to its sentence's end
    (主要原因一是…增加了该项支出；二是…减少了该项支出: reasons both ways, the first contradicting the change
    alone). Read only to spare a first reason the rest of its list answers, never to find one."""
    reason = m.group("reason")
    if not compiled(aliases()["reasons"]["first_of_several"]).match(reason):
        return reason
    end = text.find("。", m.start("reason"))
    return text[m.start("reason") : end if end >= 0 else len(text)]


def _names_its_own(text: str, claim_end: int, reason_start: int) -> bool:
    """The reason stands in a later sentence that names its own change before it (…决算数小于预算数…。
    决算数较上年增加的主要原因是…): it explains that change, not the claim."""
    end = text.rfind("。", claim_end, reason_start)
    if end < 0:
        return False
    lead = text[end:reason_start]
    return bool(_UP.search(lead) or _DOWN.search(lead))


def _explains(text: str, reason_start: int) -> int:
    """The movement a reason names right before it (下降的主要原因是… → −1, 增加的原因是… → +1; 0 for none)."""
    lead = text[max(0, reason_start - 6) : reason_start].removesuffix("的")
    ends = [s for rx, s in ((_UP, 1), (_DOWN, -1)) if any(lead.endswith(m.group(0)) for m in rx.finditer(lead))]
    return ends[0] if len(ends) == 1 else 0
