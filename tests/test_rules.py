"""The rule registry (patterns/rules.toml, narrcheck/rules.py, ``narrcheck rules``).

Every finding rule the code can report is registered; every registered example of a rule
written in code runs through the whole pipeline and must (or must not) raise that rule; the
README's rule table is the one the registry writes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from narrcheck.cli import app
from narrcheck.pipeline import check
from narrcheck.rules import Example, bases, built_rules, code_rules, examples, markdown, registry

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "narrcheck"
_EMITTED = re.compile(r"\"((?:table|naming|narrative|residue|crossdoc|composition)\.[a-z_]+)\"")


def _emitted_in_code() -> set[str]:
    """Rule ids written as string literals in the source (file names such as crossdoc.toml aside)."""
    found = set()
    for path in SRC.rglob("*.py"):
        found.update(m.group(1) for m in _EMITTED.finditer(path.read_text(encoding="utf-8")))
    return {r for r in found if not r.endswith((".toml", ".html"))}


def test_every_rule_the_code_reports_is_registered():
    ids = {r.id for r in registry()}
    assert _emitted_in_code() - ids == set()


def test_rule_ids_are_unique_and_described():
    rules = registry()
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids))
    for r in rules:
        assert r.summary and r.severities, r.id
        assert r.examples or r.examples_in, f"{r.id} has no examples"
        assert set(r.severities) <= {"error", "warning", "note"}, r.id


@pytest.mark.parametrize("rule", [r for r in code_rules() if r.get("examples_in")], ids=lambda r: r["id"])
def test_examples_kept_in_a_test_module_are_there(rule):
    path = ROOT / rule["examples_in"]
    assert path.is_file() and rule["id"] in path.read_text(encoding="utf-8"), rule["id"]


def _document(ex: Example) -> str:
    if ex.text:
        return ex.text
    text = (ROOT / bases()[ex.base]).read_text(encoding="utf-8")
    if ex.replace:
        old, new = ex.replace
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {ex.base}"
        text = text.replace(old, new)
    return text


_CASES = [(r["id"], tuple(r["severities"]), ex) for r in code_rules() for ex in examples(r)]


@pytest.mark.parametrize(
    "rule_id, severities, ex",
    _CASES,
    ids=[f"{rid}-{'fails' if ex.fails else 'passes'}{i}" for i, (rid, _, ex) in enumerate(_CASES)],
)
def test_rule_examples(tmp_path, rule_id, severities, ex):
    path = tmp_path / "example.txt"
    path.write_text(_document(ex), encoding="utf-8")
    found = [f for f in check(path).findings if f.rule == rule_id]
    if ex.fails:
        assert found, f"{rule_id} not reported"
        assert {f.severity for f in found} <= set(severities), [f.severity for f in found]
    else:
        assert not found, [f.message for f in found]


def test_the_rules_command_lists_the_registry():
    res = CliRunner().invoke(app, ["rules", "--format", "json"])
    assert res.exit_code == 0
    rows = json.loads(res.output)
    assert [r["id"] for r in rows] == [r.id for r in registry()]
    assert {"table.hierarchy", "residue.alternative", "share.zhan", "crossdoc.prior_year"} <= {r["id"] for r in rows}
    bad = CliRunner().invoke(app, ["rules", "--format", "yaml"])
    assert bad.exit_code == 2 and "unknown --format" in bad.output


def test_the_readme_rule_table_is_the_registrys():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert markdown(registry()) in readme, "README's rule table is stale: paste `narrcheck rules -f markdown`"


_BUILT = [(b["id"], ex) for b in built_rules() for ex in examples(b)]


@pytest.mark.parametrize(
    "rule_id, ex", _BUILT, ids=[f"{rid}-{'fails' if ex.fails else 'passes'}{i}" for i, (rid, ex) in enumerate(_BUILT)]
)
def test_built_claim_examples(tmp_path, rule_id, ex):
    """A claim built in code (a 其中 list) is made on its examples: flagged where it fails, ok where it passes."""
    path = tmp_path / "example.txt"
    path.write_text(_document(ex), encoding="utf-8")
    made = [c for c in check(path).claims if c.pattern == rule_id]
    assert made, f"no {rule_id} claim"
    if ex.fails:
        assert any(c.flagged for c in made), [c.message for c in made]
    else:
        assert all(c.verdict == "ok" for c in made), [c.message for c in made]
