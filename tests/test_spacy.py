"""spaCy doing real work: figures as whole tokens, claims as spans, and a factory for other pipelines."""

from __future__ import annotations

from pathlib import Path

import spacy

from narrcheck.claims.extract import extract
from narrcheck.claims.narrative import tokens
from narrcheck.layout.sections import segment
from narrcheck.readers import read
from narrcheck.tables.recognize import recognize

SEED = Path(__file__).resolve().parents[1] / "corpus" / "yanbian-shebao-2024.txt"


def test_figures_are_whole_tokens():
    text = "社会保障和就业支出1,073.08万元，占93.2%；增长0.5亿元"
    words = tokens(text)
    assert "".join(words) == text
    assert "1,073.08万元" in words and "93.2%" in words and "0.5亿元" in words
    assert words[:2] == ["社", "会"]


def test_claims_are_spans_of_the_narrative_doc():
    doc = read(SEED)
    segment(doc)
    doc.tables = recognize(doc)
    narr, claims = extract(doc)
    spans = narr.doc.spans["claims"]
    assert len(spans) == len(claims)
    for span in spans:
        a, b = span._.claim.ctx.norm
        assert span.start_char <= a and b <= span.end_char  # the span covers the claim's own characters
        assert span.end_char - span.start_char <= b - a + 8  # … and little more (whole tokens)


def test_factory_in_a_users_own_pipeline():
    nlp = spacy.blank("zh")
    nlp.add_pipe("narrcheck_claims")
    text = "本年支出合计200.00万元，其中：基本支出150.00万元，占75.1%；项目支出50.00万元，占25.0%。"
    doc = nlp(text)
    got = {(s.text, s._.claim.kind, s._.claim.verdict) for s in doc.spans["claims"]}
    assert ("150.00万元，占75.1%", "share", "rounding") in got
    assert ("50.00万元，占25.0%", "share", "ok") in got
    assert doc._.narrcheck is not None and doc._.narrcheck.claims
    empty = nlp("")
    assert list(empty.spans["claims"]) == [] and empty._.narrcheck is None
