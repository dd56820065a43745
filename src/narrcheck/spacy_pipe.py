"""narrcheck as a spaCy component, for people who run their own spaCy pipeline.

    import spacy
    nlp = spacy.blank("zh")
    nlp.add_pipe("narrcheck_claims")        # found through the spacy_factories entry point
    doc = nlp(narrative_text)
    for span in doc.spans["claims"]:
        print(span.text, span._.claim.verdict, span._.claim.message)

The component checks the Doc's text as a narrative on its own (a text with tab-separated tables is
checked against them too), puts every judged claim in ``doc.spans[spans_key]`` with the claim on
``span._.claim``, and the whole checked :class:`~narrcheck.model.Document` on ``doc._.narrcheck``.
Claim offsets index ``doc.text`` exactly, so the spans cover the claims' own characters.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import check

if not Span.has_extension("claim"):
    Span.set_extension("claim", default=None)
if not Doc.has_extension("narrcheck"):
    Doc.set_extension("narrcheck", default=None)


class ClaimsComponent:
    """Judges the claims of a Doc's text and annotates them as spans."""

    def __init__(self, spans_key: str = "claims") -> None:
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        result = check(doc.text, name="<spacy>") if doc.text.strip() else None
        spans: list[Span] = []
        for c in result.claims if result is not None else []:
            span = doc.char_span(c.start, c.end, alignment_mode="expand")
            if span is not None:
                span._.claim = c
                spans.append(span)
        doc.spans[self.spans_key] = spans
        doc._.narrcheck = result
        return doc


@Language.factory("narrcheck_claims", default_config={"spans_key": "claims"})
def make_claims(nlp: Language, name: str, spans_key: str) -> ClaimsComponent:
    """The ``narrcheck_claims`` factory (registered in pyproject under ``spacy_factories``)."""
    return ClaimsComponent(spans_key)
