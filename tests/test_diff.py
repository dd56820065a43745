"""narrcheck diff: two numbers edited in the seed narrative, one fix and one break."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from narrcheck import diff as diffmod
from narrcheck.cli import app
from narrcheck.pipeline import check

SEED = Path(__file__).resolve().parent.parent / "corpus" / "yanbian-shebao-2024.txt"


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    d = tmp_path_factory.mktemp("drafts")
    text = SEED.read_text(encoding="utf-8")
    assert text.count("占 93.2%") == 1 and text.count("基本支出 968 万元") == 1
    old = d / "old.txt"
    new = d / "new.txt"
    old.write_text(text, encoding="utf-8")
    new.write_text(
        text.replace("占 93.2%", "占 93.1%").replace("基本支出 968 万元", "基本支出 958 万元"), encoding="utf-8"
    )
    return old, new


@pytest.fixture(scope="module")
def result(drafts):
    old, new = drafts
    return diffmod.diff(check(str(old)), check(str(new)))


def test_exactly_the_two_edited_claims_changed(result):
    changed = result.numbers_changed
    assert len(changed) == 2
    by_new = {diffmod.numbers(result.new, p.new): p for p in changed}
    fixed = by_new[("93.1",)]
    broken = by_new[("958",)]
    assert diffmod.numbers(result.old, fixed.old) == ("93.2",)
    assert diffmod.numbers(result.old, broken.old) == ("968",)
    assert (fixed.new.kind, fixed.old.verdict, fixed.new.verdict) == ("share", "rounding", "ok")
    assert (broken.new.kind, broken.old.verdict, broken.new.verdict) == ("amount", "ok", "mismatch")
    assert fixed.fixed and broken.newly_broken
    assert broken.new in result.newly_broken
    assert fixed in result.fixed and fixed.new not in result.newly_broken
    assert result.added == [] and result.removed == [] and result.reworded == []


def test_unchanged_claims_pair_with_themselves(result):
    assert len(result.pairs) == len(result.old.claims) == len(result.new.claims)
    assert all(p.old.id == p.new.id for p in result.pairs)


def test_cli_exit_status_and_text(drafts):
    old, new = drafts
    r = CliRunner().invoke(app, ["diff", str(old), str(new)])
    assert r.exit_code == 1, r.output
    assert "968 → 958" in r.output and "93.2 → 93.1" in r.output
    assert "newly broken" in r.output and "fixed" in r.output


def test_cli_same_file_is_clean(drafts):
    old, _ = drafts
    r = CliRunner().invoke(app, ["diff", str(old), str(old)])
    assert r.exit_code == 0, r.output


def test_cli_html(drafts, tmp_path):
    old, new = drafts
    out = tmp_path / "diff.html"
    r = CliRunner().invoke(app, ["diff", str(old), str(new), "--format", "html", "-o", str(out)])
    assert r.exit_code == 1
    page = out.read_text(encoding="utf-8")
    assert "968" in page and "958" in page and "newly broken" in page


def test_cli_unreadable(drafts, tmp_path):
    old, _ = drafts
    r = CliRunner().invoke(app, ["diff", str(old), str(tmp_path / "missing.txt")])
    assert r.exit_code == 2


def test_reworded_and_html_escaped(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    old = tmp_path / "a.txt"
    new = tmp_path / "b.txt"
    old.write_text(text, encoding="utf-8")
    new.write_text(text.replace("主要用于以下方面：", "主要用于<script>x</script>："), encoding="utf-8")
    res = diffmod.diff(check(str(old)), check(str(new)))
    assert res.reworded and not res.numbers_changed
    page = diffmod.render_html(res)
    assert "<script>x" not in page and "&lt;script&gt;x" in page
