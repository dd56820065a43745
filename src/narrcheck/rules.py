"""The rule registry: every claim pattern and every finding rule, with its id, summary and examples.

Three sources, all data in ``patterns/``: the claim patterns of ``claims.toml`` (what a claim
is), the residue rules and year slots of ``residue.toml`` (regex rules), and ``rules.toml``, which
registers the finding rules written in code (table sums, naming, reasons, cross-document checks)
with the severities they report and whole-document examples. ``narrcheck rules`` prints the
registry; ``tests/test_rules.py`` runs every example and checks that the README's rule table is
the one :func:`markdown` writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .patterns import load_toml

CLAIM_SEVERITIES = ("error", "warning")  # a mismatch or direction is an error, a rounding slip a warning


@dataclass(frozen=True)
class Example:
    """One document a finding rule must (``fails``) or must not (``passes``) report on."""

    fails: bool
    base: str = ""  # a key of rules.toml [bases]
    replace: tuple[str, str] | None = None  # one edit of the base
    text: str = ""  # or a text of its own


@dataclass(frozen=True)
class Rule:
    """A registered rule: a claim pattern or a finding rule."""

    id: str
    source: str  # the patterns/ file it is defined in
    kind: str  # "claim" (a pattern that extracts claims) or "finding"
    severities: tuple[str, ...]
    summary: str
    examples: int  # how many passing and failing examples it carries
    examples_in: str = ""  # a test module holding its examples (rules needing several documents)


def _pattern_rules() -> list[Rule]:
    out = []
    for p in load_toml("claims.toml")["pattern"]:
        n = len(p.get("match", [])) + len(p.get("nomatch", []))
        out.append(Rule(p["id"], "claims.toml", "claim", CLAIM_SEVERITIES, p.get("message", ""), n))
    return out


def _residue_rules() -> list[Rule]:
    data = load_toml("residue.toml")
    out = []
    for r in data.get("rule", []):
        n = len(r.get("match", [])) + len(r.get("nomatch", []))
        summary = r["message"].replace("{text}", "…")
        out.append(Rule(r["id"], "residue.toml", "finding", (r["severity"],), summary, n))
    slots = data.get("year_slot", [])
    if slots:
        n = sum(len(s.get("match", [])) + len(s.get("nomatch", [])) for s in slots)
        what = "; ".join(s["what"] for s in slots)
        out.append(
            Rule(
                slots[0]["id"],
                "residue.toml",
                "finding",
                ("warning",),
                f"A year that is not where a template puts one ({what}).",
                n,
            )
        )
    return out


def code_rules() -> list[dict[str, Any]]:
    """The [[rule]] tables of rules.toml, as written (the tests read their examples)."""
    return list(load_toml("rules.toml").get("rule", []))


def bases() -> dict[str, str]:
    """rules.toml [bases]: example documents by name, as paths from the project root."""
    return dict(load_toml("rules.toml").get("bases", {}))


def examples(rule: dict[str, Any]) -> list[Example]:
    """The examples of one rules.toml rule, failing first."""
    out = []
    for fails, key in ((True, "fails"), (False, "passes")):
        for ex in rule.get(key, []):
            rep = ex.get("replace")
            out.append(Example(fails, ex.get("base", ""), (rep[0], rep[1]) if rep else None, ex.get("text", "")))
    return out


def built_rules() -> list[dict[str, Any]]:
    """The [[built]] tables of rules.toml: claims code builds from the claims around them (其中 lists)."""
    return list(load_toml("rules.toml").get("built", []))


def registry() -> list[Rule]:
    """Every rule narrcheck knows, sorted by id (claim patterns, claims built in code, residue rules, rules
    written in code)."""
    out = _pattern_rules() + _residue_rules()
    for b in built_rules():
        n = len(b.get("fails", [])) + len(b.get("passes", []))
        out.append(Rule(b["id"], "rules.toml", "claim", CLAIM_SEVERITIES, b["summary"], n))
    for r in code_rules():
        n = len(r.get("fails", [])) + len(r.get("passes", []))
        out.append(
            Rule(r["id"], "rules.toml", "finding", tuple(r["severities"]), r["summary"], n, r.get("examples_in", ""))
        )
    return sorted(out, key=lambda r: r.id)


def markdown(rules: list[Rule]) -> str:
    """The README's rule table: one row per rule, in registry order."""
    lines = ["| rule | kind | severity | what it checks | examples |", "|---|---|---|---|---|"]
    for r in rules:
        ex = f"{r.examples}" + (f" + `{r.examples_in}`" if r.examples_in else "")
        summary = r.summary.replace("|", "\\|")
        lines.append(f"| `{r.id}` | {r.kind} | {'/'.join(r.severities)} | {summary} | {ex} |")
    return "\n".join(lines) + "\n"
