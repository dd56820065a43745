"""What a figure is of: the subject the words before it name, split into its item, its measure
(预算/决算) and its direction word, its 类/款/项 path, and the year its clause names.

The vocabulary (measure words, direction words, words stripped from subjects) lives in
patterns/aliases.toml; this module only applies it.
"""

from __future__ import annotations

import regex

from ..model import Claim
from ..textnorm import name_key
from .patterns import aliases, compiled

# a figure and its unit run on into the next item's name with no mark between (基本支出预算增加39.39万元项目支出预算增加
# 1.78万元): the name starts after the unit, unless words tie them (50万元的项目, 10万元以上: [strip] unit_ties)
_RUN_ON = rf"(?<=\d[万亿千]?元)(?=\p{{Han}})(?![{''.join(aliases()['strip']['unit_ties'])}])"
_BOUNDARY = regex.compile(r"[，。；：！？\n]|(?<=[元%个辆次台套项人])、|其中|" + _RUN_ON)
_BOUNDARY_BACK = regex.compile(_BOUNDARY.pattern, flags=regex.REVERSE)  # the last boundary before a number
_PATH = regex.compile(r"(?P<name>[^（）]+?)（(?P<level>类|款|项)）")
_ITEM_NO = regex.compile(r"^[（(]\d+[）)]")
_UNIT_YEAR = regex.compile(r"^.{0,40}?20\d\d年度?(?=\S)")
_YEAR_LEAD = regex.compile(r"^(?:截至)?(?:20\d\d年(?:度)?(?:\d{1,2}月\d{1,2}日)?|本年度|上年度)")


def _clean_subject(text: str) -> str:
    s = name_key(text)
    s = _ITEM_NO.sub("", s)
    s = _YEAR_LEAD.sub("", s)
    # “上海市普陀区财政局2024年度收入支出总计”: the unit's name and the year carry no identity
    s = _UNIT_YEAR.sub("", s)
    strip = aliases()["strip"]
    changed = True
    while changed and s:
        changed = False
        for w in strip["leading"]:
            if s.startswith(w) and len(s) > len(w):
                s, changed = s[len(w) :], True
        for w in strip["trailing"]:
            if s.endswith(w) and len(s) > len(w) and not _cuts_kept(s, len(s) - len(w), strip["kept_endings"]):
                s, changed = s[: -len(w)], True
        s2 = _YEAR_LEAD.sub("", s)
        if s2 != s:
            s, changed = s2, True
    if "、" in s and s.endswith(tuple(strip["after_list"])):
        s = s[:-1]
    # a subject that is only such a word (与2020年度相比，各增加29.6万元) names nothing
    return "" if s in strip["leading"] or s in strip["trailing"] else s


def _cuts_kept(s: str, cut: int, kept: list[str]) -> bool:
    """Whether cutting ``s`` at ``cut`` splits one of the ``kept`` words (人均为 cut before 均为 splits 人均)."""
    return any(s[j : j + len(k)] == k for k in kept for j in range(max(0, cut - len(k) + 1), cut))


_CLAUSE_YEAR = regex.compile(r"(20\d\d)年")


def _clause_year(text: str, pos: int, floor: int) -> int:
    """The year a figure's clause names (公务车辆运行2016年预算25万元 → 2016), 0 if none or several."""
    m = _BOUNDARY_BACK.search(text, floor, pos)
    years = {y.group(1) for y in _CLAUSE_YEAR.finditer(text, m.end() if m else floor, pos)}
    return int(years.pop()) if len(years) == 1 else 0


def clause_before(text: str, pos: int, floor: int = 0) -> str:
    """The clause text just before ``pos`` as written (较2023年年初预算的 …), before any cleaning."""
    m = _BOUNDARY_BACK.search(text, floor, pos)
    return text[m.end() if m else floor : pos].strip()


def subject_before(text: str, pos: int, floor: int = 0) -> str:
    """The clause text just before ``pos``: what a number is the amount of."""
    raw = clause_before(text, pos, floor)
    if "（项）" in raw or "（款）" in raw or "（类）" in raw:
        return raw.strip()
    return _clean_subject(raw)


def split_measure(subject: str) -> tuple[str, str]:
    """(entity, measure) where measure is 'budget', 'actual' or ''."""
    measures = aliases()["measures"]
    for kind in ("budget", "actual"):
        for w in sorted(measures[kind], key=len, reverse=True):
            if subject.endswith(w):
                entity = subject[: -len(w)]
                entity = entity[:-1] if entity.endswith(("的", "为")) else entity
                return entity, kind
    return subject, ""


_ALTERNATIVE = regex.compile(r"[（(][^（）()]{1,4}[）)]$")


def split_direction(subject: str) -> tuple[str, int]:
    """(entity, sign) of a subject ending with a direction word (公务接待费减少 → 公务接待费, -1), 了 after it
    too (因公出国（境）费减少了 → 因公出国（境）费, -1)."""
    words = aliases()["directions"]
    done = _ALTERNATIVE.sub("", subject.removesuffix("了"))  # 增加（减少）0万元: a template's change, either way
    for sign, key_ in ((1, "up"), (-1, "down"), (1, "adjust_up"), (-1, "adjust_down")):
        for w in sorted(words[key_], key=len, reverse=True):
            if done.endswith(w):
                return done[: -len(w)].rstrip("了"), sign
    return subject, 0


def target_gap(subject: str) -> int:
    """+1 (over) or -1 (short) when a subject names an amount as its distance from a target (超“双过半”任务数…,
    距…任务数还差…; patterns/aliases.toml [directions] target_over, target_short), else 0."""
    words = aliases()["directions"]
    if compiled(words["target_over"]).search(subject):
        return 1
    return -1 if compiled(words["target_short"]).search(subject) else 0


def class_path(subject: str) -> list[tuple[str, str]]:
    """[(name, 类/款/项), …] of a subject written as X（类）Y（款）Z（项）."""
    return [(m.group("name").strip("。，；：1234567890.、 "), m.group("level")) for m in _PATH.finditer(subject)]


def same_item(a: Claim, b: Claim) -> bool:
    """Two amounts are figures of one item: the same 类/款/项 path, or similar entities (either may be
    inherited from the other), or neither names an item (年初预算数 …，全年执行数 … of one paragraph)."""
    pa, pb = a.ctx.path or [], b.ctx.path or []
    if pa or pb:
        return [n for n, _ in pa] == [n for n, _ in pb]
    ea, eb = name_key(a.ctx.entity), name_key(b.ctx.entity)
    if not ea or not eb:
        return not ea and not eb
    from rapidfuzz import fuzz

    # no containment here: 省级 (支出) is not the item of 省级收入 (预算)
    return ea == eb or fuzz.ratio(ea, eb) >= 85


def named_of(amount: Claim) -> str:
    """What an amount is of, for a claim that rests on it: its subject as written, or the
    entity it inherited when the subject is only a measure (支出决算为 …)."""
    if amount.ctx.inherited:
        return amount.ctx.entity or amount.subject
    return amount.subject


def similar(a: str, b: str) -> bool:
    """Two names of one item: one holds the other, or they are close (rapidfuzz ratio ≥ 80)."""
    from rapidfuzz import fuzz

    a, b = name_key(a), name_key(b)
    return bool(a and b) and (a in b or b in a or fuzz.ratio(a, b) >= 80)


def names_another(text: str, n0: int, s0: int, its: str, its_end: int) -> bool:
    """Whether the clause of a change at ``n0`` (its sentence from ``s0``) opens with an item of its own and holds
    no amount before the change, that item not the item ``its`` of the amount ending at ``its_end`` before it
    (…总值70.67亿元、同比增长7.7%，固定资产投资同比减少5.0亿元: the change is 固定资产投资's). Only a plain name
    counts: no figure, no %, no reason word, no connective (patterns/aliases.toml [chain] reason, [strip]
    connectives); words that only say when or whose (全年, 本级, 全市: [scopes]) name no item."""
    lead = clause_before(text, n0, s0)
    if not lead or its_end > n0 - len(lead) or regex.search(r"[\d%％]", lead):
        return False
    # a reason naming its own item (主要原因是本年度财政拨款收入较上年决算数减少358.94万元): that item's change
    reason = list(compiled(aliases()["chain"]["reason"]).finditer(lead))
    named = _clean_subject(lead[reason[-1].end() :].lstrip("是为：:，, ")) if reason else ""
    if (reason and not named) or lead.startswith(tuple(aliases()["strip"]["connectives"])):
        return False
    if compiled(aliases()["measures"]["prior_lead"]).search(lead):
        return False  # 与去年同期相比…: the reference, no item
    spec = aliases()["scopes"]
    item = name_key(split_measure(named or subject_before(text, n0, s0))[0])
    for w in (*spec["qualifiers"], *spec["own"], *spec["whole"]):
        item = item.replace(w, "")
    return len(item) >= 2 and not similar(its, item)
