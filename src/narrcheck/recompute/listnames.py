"""What a list's names say of it (recompute.compositions): a part named as a total of its own, a first part that is
one of the items rather than the total restated, one item's plan and outcome listed side by side. Vocabulary:
patterns/aliases.toml [totals], [breakdown] levels, [measures] outcome_prefix."""

from __future__ import annotations

from ..claims.patterns import aliases, compiled
from ..model import Claim
from ..textnorm import name_key


def aggregate(name: str) -> bool:
    """A part named as a total of its own (税收总收入) or as a figure cutting across the others (民生支出):
    patterns/aliases.toml [totals] rival and cross."""
    spec = aliases()["totals"]
    return name.endswith(tuple(spec["rival"])) or compiled(spec["cross"]).search(name) is not None


def siblings(parts: list[Claim]) -> bool:
    """Whether the first part and a later one name two members of one set of a level (patterns/aliases.toml
    [breakdown] levels: 一般公共服务支出 and 教育支出): the first is no restatement of the total but one of the
    items."""
    names = [name_key(p.subject) for p in parts]
    for level in aliases()["breakdown"]["levels"]:
        first = {w for w in level if w in names[0]}
        if first and any(w not in first and w in n for n in names[1:] for w in level):
            return True
    return False


def named_twice(parts: list[Claim]) -> tuple[str, str] | None:
    """Two parts of which one is the other's name after a word of what was done with it (中央资金 and
    完成中央资金: a plan and its outcome of one item, patterns/aliases.toml [measures] outcome_prefix)."""
    prefixes = tuple(aliases()["measures"]["outcome_prefix"])
    names = [name_key(p.subject) for p in parts]
    for a in names:
        for b in names:
            if len(a) >= 2 and b.startswith(prefixes) and b.endswith(a) and b[: len(b) - len(a)] in prefixes:
                return (a, b)
    return None
