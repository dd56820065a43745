"""Claim patterns as data: loading patterns/claims.toml and compiling its regexes."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import regex

from ..patterns import load_toml

_MACRO = regex.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class ClaimPattern:
    """One phrasing of one claim kind, with the examples that pin it down."""

    id: str
    kind: str
    message: str
    source: str
    rx: Any
    match: list[dict[str, Any]] = field(default_factory=list)
    nomatch: list[str] = field(default_factory=list)
    respectively: bool = False  # one match lists several figures, one claim each
    # groups whose figure another claim may use too (the budget a completion rate divides, which a 短收 amount
    # is reckoned from): neither taken by this pattern nor refused to it when already taken
    shared: tuple[str, ...] = ()
    # what every match contains (a template's （减少）): only the sentences holding it are scanned by ``rx``,
    # whose optional lead-in would otherwise be tried at every position of every document
    requires: Any = None


def expand(source: str, macros: dict[str, str]) -> str:
    """Replace ``{name}`` by its macro (macros may use macros); quantifiers like {0,12} stay."""
    for _ in range(5):
        new = _MACRO.sub(lambda m: macros.get(m.group(1), m.group(0)), source)
        if new == source:
            break
        source = new
    return source


def direction_macros() -> dict[str, str]:
    """``{up}`` and ``{down}`` for the claim patterns, from patterns/aliases.toml [directions] (the one
    list every stage reads): longest words first, one-character words only right before a figure."""
    words = aliases()["directions"]

    def alternation(plain: list[str], before_figure: list[str]) -> str:
        alts = [regex.escape(w) for w in sorted(plain, key=len, reverse=True)]
        alts += [f"{regex.escape(w)}(?=\\d)" for w in before_figure]
        return "(?:" + "|".join(alts) + ")"

    return {
        "up": alternation(words["up"], words["figure_up"]),
        "down": alternation(words["down"], words["figure_down"]),
    }


@lru_cache(maxsize=1)
def claim_patterns() -> tuple[ClaimPattern, ...]:
    """Every claim pattern of patterns/claims.toml, compiled, in file order."""
    data = load_toml("claims.toml")
    macros = {**direction_macros(), **data.get("macros", {})}
    out = []
    for p in data["pattern"]:
        src = expand(p["regex"], macros)
        out.append(
            ClaimPattern(
                id=p["id"],
                kind=p["kind"],
                message=p.get("message", ""),
                source=src,
                rx=regex.compile(src),
                match=list(p.get("match", [])),
                nomatch=list(p.get("nomatch", [])),
                respectively=bool(p.get("respectively", False)),
                shared=tuple(p.get("shared", ())),
                requires=regex.compile(expand(p["requires"], macros)) if "requires" in p else None,
            )
        )
    return tuple(out)


@lru_cache(maxsize=1)
def aliases() -> dict[str, Any]:
    """patterns/aliases.toml: sections, qualifiers, names, measures, totals."""
    return load_toml("aliases.toml")


@lru_cache(maxsize=None)
def compiled(pattern: str) -> regex.Pattern:
    """A vocabulary pattern compiled once (the vocabulary is finite; regex's own cache recompiles them)."""
    return regex.compile(pattern)
