"""``--history DIR``: already published documents a draft is checked against.

Every disclosure in the folder is read and segmented (cheap) to learn its
identity; only those of a checked document's organisation (or of the
department that covers it) are checked in full for their figures. They are
never reported themselves. A file that cannot be read is named on stderr
with its reason and left out; it does not stop the check.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..batch.inputs import display_path, walk
from ..layout.sections import segment
from ..model import Document, ReadError
from ..pipeline import check_document
from ..readers import Limits, read
from .identity import Identity, identify, same_org

Warn = Callable[[str, str], None]


def related(a: Identity, b: Identity) -> bool:
    """True when two documents may be compared: one organisation, or a department and a unit it covers."""
    if same_org(a.org, b.org):
        return True
    return any(same_org(n, b.org) for n in a.coverage.names) or any(same_org(n, a.org) for n in b.coverage.names)


def _read(path: str, limits: Limits, warn: Warn) -> Document | None:
    try:
        doc = read(path, limits=limits)
    except ReadError as exc:
        warn(display_path(path), f"left out of --history: {exc}")
        return None
    except (MemoryError, RecursionError, OSError, ValueError) as exc:
        warn(display_path(path), f"left out of --history: {type(exc).__name__}")
        return None
    doc.path = display_path(doc.path)
    return doc


def load_history(
    folder: Path, checked: list[tuple[str, Identity]], limits: Limits, warn: Warn
) -> list[Document]:
    """The documents of ``folder`` related to a checked document (given by path and identity), checked in full
    (sorted by path).

    A file that is one of the checked documents is skipped; so is anything
    ``walk`` refuses (links leaving the folder, devices), each with its reason.
    """
    skipped: list[tuple[str, str]] = []
    paths = walk(folder, skipped)
    for name, why in skipped:
        warn(name, f"left out of --history: {why}")
    mine = [ident for _, ident in checked]
    own = {str(Path(path).resolve()) for path, _ in checked}
    out: list[Document] = []
    for path in paths:
        if str(Path(path).resolve()) in own:
            continue
        doc = _read(path, limits, warn)
        if doc is None:
            continue
        segment(doc)
        ident = identify(doc)
        if ident.org.core and any(related(ident, m) for m in mine):
            out.append(check_document(doc))
    return out
