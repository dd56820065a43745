"""The year's carryover: 年初结转和结余A，本年收入B，本年支出C，…，年末结转和结余F.

What is carried into next year is what came in (the carryover from last year,
this year's revenue, money drawn from reserves) less what went out (this
year's spending, 结余分配): a sentence that states them all asserts
F = A + B − C (DOMAIN.md's identity of the 收入支出决算总表, in prose). The
roles are told by the ends of the amounts' names (patterns/aliases.toml
``[carryover]``). 支出总计 holds the year's carryover already and takes no
role; 收入总计 holds last year's and this year's revenue, so it stands for
both (收入总计X，本年支出Y，年末结转和结余X − Y). A sentence with another
figure among them, or a role stated twice, is not read.
"""

from __future__ import annotations

from ..model import Claim, Context, Document, Stated
from .patterns import aliases

_ROLES = ("carry_in", "income", "income_total", "spending", "plus", "minus", "carry_out")
# what came in is last year's carryover and this year's revenue, or the 收入总计 that holds both
_NEEDED = (("carry_in", "income", "spending"), ("income_total", "spending"))


def carryover_role(subject: str) -> str:
    """The part an amount plays in a carryover sentence, by the end of its name ('' for none)."""
    return carryover_term(subject)[0]


def carryover_term(subject: str) -> tuple[str, str]:
    """The part an amount plays in a carryover sentence and the word of [carryover] its name ends with
    (('', '') for none): the word names a 动用结余 line as the text does (用事业基金弥补收支差额)."""
    spec = aliases()["carryover"]
    s = subject
    for w in spec["drop_suffix"]:
        s = s.removesuffix(w)
    for role in ("carry_out", "carry_in", "plus", "minus", "income_total", "income", "spending"):  # longer first
        for word in spec[role]:
            if s.endswith(word):
                return role, word
    return "", ""


def carryovers(doc: Document, text: str, amounts: list[Claim]) -> list[Claim]:
    """One balance claim per sentence that states a carryover and every figure it is reckoned from
    (``text`` is the normalised narrative the amounts' offsets point into)."""
    by_sentence: dict[tuple[int, int], list[Claim]] = {}
    for a in sorted(amounts, key=lambda a: a.ctx.norm[0]):
        if a.ctx.direction is None and a.ctx.measure != "prior" and a.claimed.value is not None:
            by_sentence.setdefault(a.ctx.norm_sentence, []).append(a)
    out = []
    for level in by_sentence.values():
        for i, f in enumerate(level):
            if carryover_role(f.subject) == "carry_out":
                parts = _reckoned_from(level[:i])
                if parts and not _unread_terms(text[parts[0].ctx.norm[0] : f.ctx.norm[0]], parts):
                    out.append(_claim(doc, f, parts))
    return out


def _reckoned_from(before: list[Claim]) -> list[Claim]:
    """The amounts a carryover is reckoned from, or [] unless each needed role is stated once and the roles
    are all there is from the first of them on."""
    roles = [(carryover_role(a.subject), a) for a in before]
    start = next((k for k, (r, _) in enumerate(roles) if r in _NEEDED[0] + _NEEDED[1]), None)
    if start is None:
        return []
    taken = roles[start:]
    named = [r for r, _ in taken]
    if any(r in ("", "carry_out") for r in named) or any(named.count(r) > 1 for r in _ROLES):
        return []
    complete = any(set(need) == set(named) & set(_NEEDED[0] + _NEEDED[1]) for need in _NEEDED)
    return [a for _, a in taken] if complete else []


def _unread_terms(stretch: str, parts: list[Claim]) -> bool:
    """Whether the sentence names a term of the reckoning that no amount holds (用事业基金弥补收支差额 read as
    a change, not an amount): leaving it out would make a wrong sum."""
    spec = aliases()["carryover"]
    held = {carryover_role(p.subject) for p in parts}
    return any(w in stretch for role in ("plus", "minus") if role not in held for w in spec[role])


def _claim(doc: Document, f: Claim, parts: list[Claim]) -> Claim:
    """The balance claim of one carryover sentence: the carryover against its parts."""
    message = "年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出（± 动用结余、结余分配）。"
    return balance_claim(doc, "balance.carryover", f, (parts, []), message)


def balance_claim(
    doc: Document, pattern: str, total: Claim, terms: tuple[list[Claim], list[Claim]], message: str
) -> Claim:
    """A balance claim of ``total`` against the terms its sentence adds and takes away (``terms``: both lists), its
    span from the first term to the total (claims/carryover.py, claims/signedchains.py)."""
    added, taken = terms
    first = min([*added, *taken], key=lambda a: a.start)
    c = Claim(
        id="",
        kind="balance",
        pattern=pattern,
        start=first.start,
        end=total.end,
        text=doc.text[first.start : total.end],
        sentence=total.sentence,
        subject=total.subject,
        claimed=Stated(value=total.claimed.figure("value"), unit=total.claimed.unit),
    )
    c.ctx = located_at(total)
    c.ctx.scope, c.ctx.sections = total.ctx.scope, total.ctx.sections
    c.ctx.parts, c.ctx.subtracted, c.ctx.message = added, taken, message
    c.number_spans = [total.number_spans[0]] if total.number_spans else []
    return c


def located_at(total: Claim) -> Context:
    """The context of a claim made of a total and other figures (a balance, a 其中 list): it stands where its total
    stands in the narrative (offsets, sentence, paragraph) and points at it; the caller fills in the rest."""
    return Context(
        norm=total.ctx.norm,
        norm_sentence=total.ctx.norm_sentence,
        norm_paragraph=total.ctx.norm_paragraph,
        total=total,
    )
