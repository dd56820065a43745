"""`check draft.docx --annotate out.docx`: the editor's Word draft with a comment on each problem.

The commenting itself is the one `narrcheck serve` offers for download
(:func:`narrcheck.serve.word.comment_docx`: anchored on the claim's own words,
a finding in a table on its cell). Here it is written through a temporary file
and renamed, so a failed write never leaves half a .docx, and the original is
only ever read.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..batch.safeio import temp_for
from ..model import Document


def annotate_docx(doc: Document, src: str | Path, out: str | Path) -> tuple[int, int]:
    """Write ``out`` (commented copy of ``src``); return (comments written, problems not anchored)."""
    from ..serve.word import comment_docx

    tmp = temp_for(Path(out))
    try:
        counts = comment_docx(doc, src, tmp)
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return counts
