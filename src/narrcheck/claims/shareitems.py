"""The item a share names before its 占 (税收收入占…的57.7%, 税占比为40.2%) and whether it names the amount before it
(patterns/aliases.toml [share_item], [strip] leading, [measures] outcome_prefix)."""

from __future__ import annotations

from .patterns import aliases, compiled
from .subjects import similar


def share_of_sum(lead: str) -> bool:
    """Whether the words right before a share's 占 (``lead`` is its sentence up to 占) make it the share of
    several amounts together (patterns/aliases.toml [share_item] together)."""
    return lead.endswith(tuple(aliases()["share_item"]["together"]))


def share_item(lead: str) -> str:
    """The item a share names right before its 占 (``lead`` is its sentence up to 占), or ''
    (patterns/aliases.toml [share_item])."""
    spec = aliases()["share_item"]
    m = compiled(spec["regex"]).search(lead)
    if m is None:
        return ""
    item = without_leading(m.group("item"))
    alone = len(m.group("item")) == 1  # 税占比: an abbreviation standing alone after a mark or a figure
    return "" if (len(item) < 2 and not alone) or item in spec["not_items"] else item


def names_item(item: str, *names: str) -> bool:
    """Whether a share's item names the amount (税收收入 for 税收收入占…); an item of one character only as the first
    of the name (税 for 税收收入, never for 非税收入)."""
    if len(item) == 1:
        outcome = tuple(aliases()["measures"]["outcome_prefix"])  # 完成税收收入: 税收收入
        return any(without_leading(n).removeprefix(w).startswith(item) for n in names for w in ("", *outcome))
    return any(similar(item, n) for n in names)


def without_leading(name: str) -> str:
    """``name`` less a leading word of patterns/aliases.toml [strip] leading (完成, 其中 …)."""
    for word in sorted(aliases()["strip"]["leading"], key=len, reverse=True):
        if name.startswith(word):
            return name[len(word) :]
    return name
