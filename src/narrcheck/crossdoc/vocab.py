"""The vocabulary of the checks across documents, read from ``patterns/crossdoc.toml``.

Organisation names, kind words, the 部门预算单位构成 section, reference words
(上年, 预算, 执行数) and the headline quantities are data with their own
examples, so a reviewer extends them without touching the checks. This module
compiles them once and answers small questions (which quantity does a subject
name, which quantity does a column hold).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from ..patterns import load_toml
from ..textnorm import name_key


@dataclass(frozen=True)
class TableLookup:
    """Where one table kind holds a quantity: side, a row-name regex, a column-key regex."""

    kind: str
    side: str
    row: Any  # compiled regex ('' matches every row)
    column: Any | None  # compiled regex, or None for the first value column


@dataclass(frozen=True)
class Quantity:
    """A headline figure two documents may both state (财政拨款收入, 三公经费, 机关运行经费 …)."""

    key: str
    names: frozenset[str]
    tables: tuple[TableLookup, ...]


@lru_cache(maxsize=1)
def data() -> dict[str, Any]:
    """The parsed crossdoc.toml."""
    return load_toml("crossdoc.toml")


@lru_cache(maxsize=1)
def quantities() -> tuple[Quantity, ...]:
    """Every headline quantity with its names (as name keys) and table lookups."""
    out = []
    for q in data()["quantity"]:
        lookups = tuple(
            TableLookup(
                t["kind"],
                t.get("side", ""),
                regex.compile(t.get("row", "")),
                regex.compile(t["column"]) if t.get("column") else None,
            )
            for t in q.get("tables", [])
        )
        out.append(Quantity(q["key"], frozenset(_clean(n) for n in q["names"]), lookups))
    return tuple(out)


_YEAR_LEAD = regex.compile(r"^(?:20\d\d年度?)")
_OWNER = regex.compile(r"^(?:本部门|本单位|部门|单位)")


def _clean(name: str) -> str:
    """A subject reduced to what identifies a quantity: quotes, ordinals, a leading year or owner dropped."""
    s = name_key(name)
    s = _YEAR_LEAD.sub("", s)
    return _OWNER.sub("", s)


@lru_cache(maxsize=4096)
def quantity_of(entity: str) -> str | None:
    """The headline quantity a prose subject names, or None.

    The subject may open with a qualifier ending in 的 (…财政拨款的机关运行经费), a
    year or the organisation's name; what follows must be one of the names exactly.
    """
    s = _clean(entity)
    candidates = [s]
    if "的" in s:
        candidates.append(s.rsplit("的", 1)[1])
    for q in quantities():
        for c in candidates:
            if c in q.names:
                return q.key
    # an organisation's name before the quantity (上海市普陀区财政局机关运行经费)
    for q in quantities():
        for n in sorted(q.names, key=len, reverse=True):
            if len(n) >= 4 and s.endswith(n) and _looks_like_owner(s[: -len(n)]):
                return q.key
    return None


_OWNER_END = regex.compile(r"(?:局|委|委员会|办|办事处|街道|镇|乡|中心|部|院|所|队|站|馆|会|（部门）|（单位）)$")


def _looks_like_owner(prefix: str) -> bool:
    """True when what precedes a quantity's name is an organisation (it ends like one)."""
    return bool(prefix) and bool(_OWNER_END.search(prefix))


def words(section: str, key: str) -> list[str]:
    """A word list of one section of crossdoc.toml."""
    return list(data()[section][key])


@lru_cache(maxsize=None)
def compiled(section: str, key: str) -> Any:
    """A regex of one section of crossdoc.toml, compiled once (multi-line)."""
    return regex.compile(data()[section][key], flags=regex.M)


def column_quantities(kind: str, column_key: str) -> list[str]:
    """The quantities whose column pattern for table ``kind`` matches a column key.

    A figure is read from a column only when exactly one quantity claims it: a
    header the reader merged wrongly (公务接待费/公务用车运行费) is left alone.
    """
    out = []
    for q in quantities():
        if any(lk.kind == kind and lk.column is not None and lk.column.search(column_key) for lk in q.tables):
            out.append(q.key)
    return out
