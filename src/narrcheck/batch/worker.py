"""What a worker process does with one file: check it, write its HTML report, return plain data.

The :class:`~narrcheck.model.Document` never leaves the worker; the parent
gets a dict of plain values (the JSON report's claim and finding objects and
the counts the database stores).
"""

from __future__ import annotations

import os
import signal
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
    path: str, report_path: str | None, limits: Limits, sleep: float = 0.0, annotate_path: str | None = None
) -> dict[str, Any]:
    """Check ``path``; write its HTML report to ``report_path``; return the row data for the database.

    Never raises for a bad file: the reason goes into ``error`` with status ``error``.
    """
    t0 = time.perf_counter()
    if sleep:
        time.sleep(sleep)  # test hook: stands for a pathologically slow file
    res: dict[str, Any] = {"path": path, "narrcheck_version": __version__, "report": None}
    try:
        from ..pipeline import check
        from ..render import json as json_render

        doc = check(path, limits=limits)
        doc.path = display_path(path)  # a name that is not UTF-8 cannot be written into the report as it is
        claims = [json_render.claim_dict(doc, c) for c in doc.claims]
        findings = [json_render.finding_dict(f) for f in doc.findings]
        verdicts = Counter(c.verdict for c in doc.claims)
        sev = Counter(f.severity for f in doc.findings)
        res.update(
            status="flagged" if json_render.is_flagged(doc) else "ok",
            error="",
            format=doc.format,
            doctype=doc.meta.get("doctype"),
            year=doc.meta.get("year"),
            unit=doc.meta.get("unit"),
            claims=len(claims),
            flagged=sum(verdicts.get(v, 0) for v in FLAGGED),
            findings=len(findings),
            needs_ocr=int(bool(doc.needs_ocr)),
            claim_rows=claims,
            finding_rows=findings,
        )
        for v in VERDICTS:
            res[v] = verdicts.get(v, 0)
        for s in ("error", "warning", "note"):
            res[f"findings_{s}"] = sev.get(s, 0)
        if report_path:
            from ..render import html

            try:
                atomic_write(report_path, html.render([doc]))
                res["report"] = os.path.basename(report_path)
            except OSError as exc:  # the result still counts; say why its page is missing
                res["error"] = one_line(f"report not written: {write_reason(exc)}")
        if annotate_path and doc.format == "pdf":
            from ..render.annotate import annotate_pdf

            try:
                annotate_pdf(doc, path, annotate_path)
            except Exception as exc:  # noqa: BLE001 - a failed copy must not cost the document its result
                res["error"] = one_line(f"annotated copy not written: {type(exc).__name__}: {exc}")
    except ReadError as exc:
        res.update(status="error", error=one_line(str(exc)) or "unreadable")
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


def warm_up() -> None:
    """Import every stage before the first file, so start-up does not count against its time limit."""
    from ..pipeline import check_document  # noqa: F401
    from ..render import html, json  # noqa: F401


def serve(conn) -> None:
    """Worker loop: receive (path, report_path, limits, sleep, annotate_path) tasks, send back result dicts.

    Exits when the parent closes its end (EOF) or sends None. SIGINT is
    ignored: Ctrl-C is the parent's to handle (it kills the workers). The
    memory cap (``limits.max_memory``) is set on this process before each
    file; after a file ran out of memory the worker exits once its result
    is sent, and the pool starts a fresh one (the heap may be fragmented).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        warm_up()
        conn.send(("ready", os.getpid()))
        while True:
            task = conn.recv()
            if task is None:
                break
            path, report_path, limits, sleep, annotate_path = task
            cap_memory(limits.max_memory)
            result = check_file(path, report_path, limits, sleep, annotate_path)
            spent = result.pop("memory_error", False)
            conn.send(("done", result))
            if spent:
                break
    except (EOFError, BrokenPipeError, OSError, KeyboardInterrupt):
        pass
