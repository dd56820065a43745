"""`check draft.docx --annotate out.docx` as an editor runs it.

A Word comment on each problem, the original untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from narrcheck.cli import app
from test_serve import commented_text, seed_to_office

SEED = Path(__file__).resolve().parent.parent / "corpus" / "yanbian-shebao-2024.txt"
runner = CliRunner()


@pytest.fixture(scope="module")
def draft(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("word")
    seed_to_office(SEED, d / "草稿.docx")
    return d / "草稿.docx"


def _digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_each_flagged_claim_and_finding_gets_a_comment_on_its_words(draft, tmp_path):
    before = _digest(draft)
    out = tmp_path / "批注.docx"
    res = runner.invoke(
        app, ["check", str(draft), "--annotate", str(out), "-f", "json", "-o", str(tmp_path / "r.json")]
    )
    assert res.exit_code == 1, res.output
    assert _digest(draft) == before  # the original only read
    anchored = commented_text(out)
    assert anchored["1073.08 万元，占 93.2%"].startswith("【尾数 rounding】")
    assert "1073.08 万元，占 93.1%" in anchored["1073.08 万元，占 93.2%"]  # the suggested wording
    assert "839.54 万元" in anchored and "128.44 万元" in anchored
    n = len(docx.Document(str(out)).comments)
    assert f"{n} comments" in res.stderr and n >= 3 + 10  # three claims, the template residue and table notes


def test_silenced_rules_get_no_comment(draft, tmp_path):
    out = tmp_path / "少批注.docx"
    res = runner.invoke(app, ["check", str(draft), "--annotate", str(out), "--ignore", "residue,table,share"])
    assert res.exit_code == 1
    notes = list(commented_text(out).values())
    assert notes and not any("模板" in n for n in notes) and not any("占比" in n for n in notes)


def test_word_copy_must_be_a_docx_and_a_text_input_is_refused(draft, tmp_path):
    res = runner.invoke(app, ["check", str(draft), "--annotate", str(tmp_path / "x.pdf")])
    assert res.exit_code == 2 and "must be a .docx" in res.stderr and not (tmp_path / "x.pdf").exists()
    res = runner.invoke(app, ["check", str(SEED), "--annotate", str(tmp_path / "x.docx")])
    assert res.exit_code == 2 and "PDF or .docx" in res.stderr


def test_word_copy_with_a_separate_tables_file(tmp_path):
    narrative, tables = tmp_path / "说明.docx", tmp_path / "报表.xlsx"
    seed_to_office(SEED, narrative, tables)
    out = tmp_path / "c.docx"
    res = runner.invoke(app, ["check", str(narrative), "--tables", str(tables), "--annotate", str(out)])
    assert res.exit_code == 1, res.output
    assert "1073.08 万元，占 93.2%" in commented_text(out)
