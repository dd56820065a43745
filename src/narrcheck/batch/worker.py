"""What a worker process does with one file: check it, write its HTML report, return plain data.

The :class:`~narrcheck.model.Document` never leaves the worker; the parent
gets a dict of plain values (the JSON report's claim and finding objects and
the counts the database stores).
"""

from __future__ import annotations

import os
import signal
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

from .. import __version__
from ..model import FLAGGED, VERDICTS, ReadError
from ..readers import Limits
from .inputs import display_path
from .memory import cap_memory, over_limit_message
from .safeio import atomic_write, write_reason


def one_line(text: str, limit: int = 300) -> str:
    line = " ".join(str(text).split())
    return line[: limit - 1] + "…" if len(line) > limit else line


def check_file(
    path: str,
    report_path: str | None,
    limits: Limits,
    sleep: float = 0.0,
    annotate_path: str | None = None,
    *,
    shown: str | None = None,
    keep_outputs: bool = False,
    tables: str | None = None,
) -> dict[str, Any]:
    """Check ``path``; write its HTML report to ``report_path``; return the row data for the database.

    ``tables`` is the workbook holding a .docx narrative's tables (one
    document: the Word text checked against the workbook). ``shown`` is the
    name the report and the error messages give the file (the client's path
    when a cluster worker checks a copy of its bytes).
    With ``keep_outputs`` the HTML report and the annotated PDF come back
    in the result (``report_html``, ``annotated_pdf``) instead of being
    written here: a cluster worker need not see the output folder, and the
    client alone writes it. Never raises for a bad file: the reason goes
    into ``error`` with status ``error``.
    """
    t0 = time.perf_counter()
    if sleep < 0:  # test hook: stands for a file that crashes the reader (the process killed by signal -sleep)
        # A reader crashes after it has started reading. Killed within microseconds of taking the task, the
        # worker can die before Pebble's manager has recorded which task it took; Pebble then reports that
        # task as timed out when its time limit ends, not as crashed (a race in pebble 5.x).
        time.sleep(0.2)
        os.kill(os.getpid(), int(-sleep))
    if sleep > 0:
        time.sleep(sleep)  # test hook: stands for a pathologically slow file
    name = shown or path
    res: dict[str, Any] = {"path": name, "narrcheck_version": __version__, "report": None}
    try:
        from ..pipeline import check

        doc = check(path, tables=tables, limits=limits)
        doc.path = display_path(name)  # a name that is not UTF-8 cannot be written into the report as it is
        res.update(_row_data(doc))
        res["crossdoc"] = _facts(doc)
        _outputs(doc, path, res, report_path, annotate_path, keep_outputs)
    except ReadError as exc:
        res.update(status="error", error=one_line(str(exc).replace(path, name)) or "unreadable")
    except MemoryError:
        res.update(status="error", error=over_limit_message(limits.max_memory), memory_error=True)
    except RecursionError:
        res.update(status="error", error="structure nested too deeply to read")
    except Exception as exc:  # noqa: BLE001 - one bad file must not cost the batch
        tb = traceback.extract_tb(exc.__traceback__)
        where = f" at {Path(tb[-1].filename).name}:{tb[-1].lineno}" if tb else ""
        res.update(status="error", error=one_line(f"internal error ({type(exc).__name__}: {exc}){where}"))
    res["seconds"] = round(time.perf_counter() - t0, 3)
    return res


def _row_data(doc: Any) -> dict[str, Any]:
    """The database's columns for a checked document, and its claims and findings as JSON-report dicts."""
    from ..render import json as json_render

    claims = [json_render.claim_dict(doc, c) for c in doc.claims]
    findings = [json_render.finding_dict(f) for f in doc.findings]
    verdicts = Counter(c.verdict for c in doc.claims)
    sev = Counter(f.severity for f in doc.findings)
    row: dict[str, Any] = dict(
        status="flagged" if json_render.is_flagged(doc) else "ok",
        error="",
        format=doc.format,
        doctype=doc.meta.doctype,
        year=doc.meta.year,
        unit=doc.meta.unit,
        claims=len(claims),
        flagged=sum(verdicts.get(v, 0) for v in FLAGGED),
        findings=len(findings),
        needs_ocr=int(bool(doc.needs_ocr)),
        claim_rows=claims,
        finding_rows=findings,
    )
    for v in VERDICTS:
        row[v] = verdicts.get(v, 0)
    for s in ("error", "warning", "note"):
        row[f"findings_{s}"] = sev.get(s, 0)
    return row


def _facts(doc: Any) -> Any:
    """What the batch's cross checks need of the document (:class:`~narrcheck.crossdoc.facts.Facts`), or None
    when its identity is unsure; a failure here costs the document its cross checks, never its result."""
    from ..crossdoc.facts import facts_of

    try:
        return facts_of(doc)
    except Exception:  # noqa: BLE001 - the document's own result stands
        return None


def _outputs(
    doc: Any, path: str, res: dict[str, Any], report_path: str | None, annotate_path: str | None, keep: bool
) -> None:
    """The HTML report and the annotated PDF: written to their paths, or (``keep``) put into ``res``."""
    if report_path:
        from ..render import html

        try:
            page = html.render([doc], html.pdf_links(Path(report_path)))  # page numbers link into the PDF
            if keep:
                res["report_html"] = page
            else:
                atomic_write(report_path, page)
            res["report"] = os.path.basename(report_path)
        except OSError as exc:  # the result still counts; say why its page is missing
            res["error"] = one_line(f"report not written: {write_reason(exc)}")
    if annotate_path and doc.format == "pdf":
        from ..render.annotate import annotate_pdf

        try:
            if keep:
                with tempfile.TemporaryDirectory(prefix="narrcheck-") as tmp:
                    target = os.path.join(tmp, "annotated.pdf")
                    annotate_pdf(doc, path, target)
                    res["annotated_pdf"] = Path(target).read_bytes()
            else:
                annotate_pdf(doc, path, annotate_path)
        except Exception as exc:  # noqa: BLE001 - a failed copy must not cost the document its result
            res["error"] = one_line(f"annotated copy not written: {type(exc).__name__}: {exc}")


def warm_up() -> None:
    """Import every stage before the first file, so start-up does not count against its time limit."""
    from ..pipeline import warm_up as load_vocabulary
    from ..render import html, json  # noqa: F401

    load_vocabulary()


def init_worker() -> None:
    """Pebble's initializer for each worker: Ctrl-C is the parent's to handle; import every stage first."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warm_up()


def run_task(
    path: str,
    report_path: str | None,
    limits: Limits,
    sleep: float = 0.0,
    annotate_path: str | None = None,
    tables: str | None = None,
    shown: str | None = None,
    keep_outputs: bool = False,
) -> dict[str, Any]:
    """One file in a pool worker: the memory cap (``limits.max_memory``) on this process, then the check.

    After a file ran out of memory its garbage is collected and the freed
    heap handed back to the system (``malloc_trim``), so the next file
    starts from the worker's usual size; Pebble also replaces every worker
    after :data:`~narrcheck.batch.pool.RECYCLE_AFTER` files.
    """
    cap_memory(limits.max_memory)
    result = check_file(
        path, report_path, limits, sleep, annotate_path, shown=shown, keep_outputs=keep_outputs, tables=tables
    )
    if result.pop("memory_error", False):
        _release_memory()
    return result


def _release_memory() -> None:
    """Collect garbage and return free heap pages to the system (glibc only; elsewhere a no-op)."""
    import gc

    gc.collect()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
