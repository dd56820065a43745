"""How a share's base is matched to a figure's name (占一般公共预算支出的58.4% against 全市一般公共预算支出187.8亿元):
as written, with the older names of one budget folded into one, and with a scope before it."""

from __future__ import annotations

from functools import lru_cache

import regex

from ..align.resolve import key
from ..claims.patterns import aliases, compiled
from ..model import Claim


@lru_cache(maxsize=8192)
def abbreviates(short: str, name: str) -> bool:
    """``short`` is ``name`` with words left out of its middle (全市新增归集额 for 全市新增住房公积金归集额): the same
    first and last two characters, the rest in order. A word saying the figure was achieved does not name it
    (完成地方一般公共预算收入 is 地方收入's too: patterns/aliases.toml [measures] outcome_prefix)."""
    for w in aliases()["measures"]["outcome_prefix"]:
        if name.startswith(w) and not short.startswith(w):
            name = name[len(w) :]
            break
    if len(short) < 4 or len(short) >= len(name) or short[:2] != name[:2] or short[-2:] != name[-2:]:
        return False
    rest = iter(name)
    return all(ch in rest for ch in short)


def names(base: str, a: Claim) -> bool | None:
    """Whether amount ``a`` is stated under the name a share's base gives: surely (True), maybe (False: a base
    that narrows the figure's name by more than a scope, 同类产品采购规模 against 采购规模) or not (None). Names are
    compared as written, then with older names of one budget folded into one (公共财政预算支出, 公共财政支出)."""
    for fold in (key, _base_key):
        k, ent, full = fold(base), fold(a.ctx.entity or a.subject), fold(a.subject)
        if ent == k or full == k:
            return True
        ends = [n for n in (ent, full) if _ends_with(n, k)]
        if ends:
            return not whose_part(ends[0][: -len(k)])
        if k.endswith(ent):  # the base is the figure's name with words before it: sure only when they are a scope
            return _scope_only(k[: -len(ent)])
    if _same_total(base, a.ctx.entity or a.subject):
        return True
    # 占全国财政收入的46.6% against 全国公共财政收入: the name with a word left out may be meant, never surely
    return False if abbreviates(key(base), key(a.ctx.entity or a.subject)) else None


@lru_cache(maxsize=8192)
def _same_total(base: str, name: str) -> bool:
    """占总支出的45.46% against 我院支出合计26,994.72万元: both name the 支出 total, one by 总, one by 合计
    (total_stem), the figure's name perhaps after the words the unit names itself by ([scopes] self)."""
    stem, own = total_stem(base), total_stem(name)
    if not stem or not own.endswith(stem):
        return False
    return own == stem or own[: -len(stem)] in aliases()["scopes"]["self"]


@lru_cache(maxsize=4096)
def _base_key(name: str) -> str:
    """A name in comparable form with the older names of one budget folded into one (公共财政预算支出 and 公共财政支出
    are the 一般公共预算支出 of before 2015; patterns/aliases.toml [base_synonyms])."""
    k = key(name)
    for pattern, as_ in _synonyms():
        k = pattern.sub(as_, k)
    return k


@lru_cache(maxsize=1)
def _synonyms() -> tuple[tuple[regex.Pattern, str], ...]:
    return tuple((regex.compile(s["pattern"]), s["as"]) for s in aliases()["base_synonyms"]["fold"])


def _scope_only(qualifier: str) -> bool:
    """Whether the words a base puts before a figure's name only say whose figure it is (全市一般公共预算支出 against
    一般公共预算支出), not a part of it (同类产品采购规模 or 服务类采购规模 against 采购规模; patterns/aliases.toml
    [scopes])."""
    spec = aliases()["scopes"]
    return qualifier in (*spec["own"], *spec["whole"], *spec["qualifiers"])


def whose_part(prefix: str) -> bool:
    """Words before the base's name that make the figure the part one party collected or spent (财政部门组织的一般公共
    预算收入 beside 税务部门组织的…: each a part of the 一般公共预算收入; patterns/aliases.toml [scopes] collected_by),
    not a scope of the whole (全区) nor a stage (调整后的部门预算总收入)."""
    return compiled(aliases()["scopes"]["collected_by"]).search(prefix) is not None


def _ends_with(name: str, base: str) -> bool:
    """``name`` ends with the base's name and is that base, not a sum of it and another item (对市县税收返还和转移支付
    is no 转移支付: a share of 转移支付 is of the transfers alone)."""
    return name.endswith(base) and not name[: -len(base)].endswith(("和", "及", "与", "、", "以及"))


@lru_cache(maxsize=8192)
def total_stem(name: str) -> str:
    """A total's name without the words saying it is a total (总收入 and 收入总计 are both 收入; patterns/aliases.toml
    [totals] sum_prefix and sum_marks), or "" for a name with none of them."""
    spec = aliases()["totals"]
    k = key(name)
    stem = next((k[len(w) :] for w in spec["sum_prefix"] if k.startswith(w)), k)
    stem = next((stem[: -len(w)] for w in spec["sum_marks"] if stem.endswith(w)), stem)
    return stem if stem != k and len(stem) >= 2 else ""


def bare(name: str) -> str:
    """A name's key without a trailing 支出/收入 (三公经费支出决算 splits as 三公经费 + 支出决算)."""
    k = key(name)
    return k[:-2] if k.endswith(("支出", "收入")) else k
