"""Every JSON report the tests can make validates against docs/report.schema.json (the contract)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema (dev extra) is not installed")

from narrcheck.pipeline import check  # noqa: E402
from narrcheck.render.json import document_dict, error_dict, render  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))
FILES = [ROOT / "corpus" / "yanbian-shebao-2024.txt", *sorted((ROOT / "tests" / "data").glob("*.txt"))]
FILES += sorted((ROOT / "tests" / "data" / "wild" / "excerpts").glob("*.txt"))[:40]


@lru_cache(maxsize=1)
def validator():
    cls = jsonschema.validators.validator_for(SCHEMA)
    cls.check_schema(SCHEMA)
    return cls(SCHEMA)


def _report(path: Path) -> dict:
    return json.loads(render([document_dict(check(path))]))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_reports_validate(path):
    validator().validate(_report(path))


@pytest.mark.parametrize(
    "name", ["putuo-caizheng-2024.pdf", "putuo-wanlijiedao-2024-dept-budget.pdf", "template-bumen-juesuan.pdf"]
)
def test_pdf_reports_validate(name):
    path = SHARED / name
    if not path.exists():
        pytest.skip("../shared/corpus missing")
    validator().validate(_report(path))


def test_several_documents_and_an_unreadable_one_validate():
    objs = [document_dict(check(FILES[0])), error_dict("missing.pdf", "file not found")]
    validator().validate(json.loads(render(objs)))


def test_the_schema_can_fail():
    report = _report(FILES[0])
    broken = dict(report, claims=[dict(report["claims"][0], verdict="maybe")])
    with pytest.raises(jsonschema.ValidationError):
        validator().validate(broken)
    missing = {k: v for k, v in report.items() if k != "summary"}
    with pytest.raises(jsonschema.ValidationError):
        validator().validate(missing)


def test_claimed_and_recomputed_are_the_models_fields():
    # schema 2: the two objects are closed, one key a field of the typed model, so neither can drift
    import dataclasses

    from narrcheck.model import Recomputed, Stated

    claim = SCHEMA["$defs"]["claim"]["properties"]
    assert set(claim["claimed"]["properties"]) == {f.name for f in dataclasses.fields(Stated)}
    assert set(claim["recomputed"]["properties"]) == {f.name for f in dataclasses.fields(Recomputed)}
    report = _report(FILES[0])
    extra = dict(report, claims=[dict(report["claims"][0], claimed={"value": "1", "guess": "x"})])
    with pytest.raises(jsonschema.ValidationError):
        validator().validate(extra)
