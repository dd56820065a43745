"""What a worker process does with one upload: check it and write everything the page offers.

Runs inside a :mod:`narrcheck.serve.pool` worker, never in the web server's
process, so a file that hangs or crashes the reader costs one worker, not
the server. Everything is written into the task's ``out`` folder under fixed
names (``report.html``, ``report.json``, ``annotated.pdf`` or
``commented.docx``, ``diff.html``); what goes back to the server is a dict
of plain values. ``stage`` callbacks feed the page's progress indicator.
"""

from __future__ import annotations

import time
import traceback
from pathlib import Path
from typing import Any, Callable

from ..model import FLAGGED, Document, ReadError
from ..readers import Limits

Stage = Callable[[str, dict[str, Any]], None]

REPORT, JSON, DIFF = "report.html", "report.json", "diff.html"
ANNOTATED_PDF, COMMENTED_DOCX = "annotated.pdf", "commented.docx"


def one_line(text: object, limit: int = 300) -> str:
    """``text`` on one line, cut at ``limit`` characters (errors shown on the page are one line)."""
    line = " ".join(str(text).split())
    return line[: limit - 1] + "…" if len(line) > limit else line


def failure(exc: BaseException, limits: Limits | None = None) -> str:
    """The one-line reason for an exception raised while checking (the CLI's wording)."""
    if isinstance(exc, ReadError):
        return one_line(exc) or "unreadable"
    if isinstance(exc, MemoryError):
        from ..batch.memory import over_limit_message

        return over_limit_message(limits.max_memory if limits else 0)
    if isinstance(exc, RecursionError):
        return "structure nested too deeply to read"
    tb = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(tb[-1].filename).name}:{tb[-1].lineno}" if tb else ""
    return one_line(f"internal error ({type(exc).__name__}: {exc}){where}; please report")


def warm_up() -> None:
    """Import every stage before the first upload, so start-up does not count against its time limit."""
    from .. import diff  # noqa: F401
    from ..pipeline import warm_up as load_vocabulary
    from ..render import annotate, html, json  # noqa: F401
    from . import word  # noqa: F401

    load_vocabulary()


def _pages(path: str) -> int | None:
    """Page count of a PDF, read cheaply before the full read (for the progress indicator)."""
    try:
        import pymupdf

        with pymupdf.open(path) as pdf:
            return int(pdf.page_count)
    except Exception:  # noqa: BLE001 - not a PDF after all: the reader will say why
        return None


def load(path: str, tables: str | None, display: str, limits: Limits, stage: Stage) -> Document:
    """Read and check one upload; ``doc.path`` becomes the name the editor knows, not the stored path."""
    from ..pipeline import check_document
    from ..readers import read

    info: dict[str, Any] = {}
    if path.endswith(".pdf"):
        info["pages"] = _pages(path)
    stage("reading", info)
    doc = read(path, tables=tables, limits=limits)
    stage("checking", info)
    check_document(doc)
    doc.path = display
    return doc


def run_task(task: dict[str, Any], stage: Stage) -> dict[str, Any]:
    """Check ``task['narrative']`` (+ ``task['tables']``), write the outputs, return the result row.

    Never raises: a file that cannot be read gives ``status: error`` and a one-line ``error``.
    """
    t0 = time.perf_counter()
    if task.get("sleep"):
        time.sleep(task["sleep"])  # test hook: stands for a pathologically slow file
    try:
        doc = load(task["narrative"], task.get("tables"), task["display"], task["limits"], stage)
    except BaseException as exc:  # noqa: BLE001 - one bad upload must never cost the server
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        res = {"status": "error", "error": failure(exc, task["limits"]), "seconds": round(time.perf_counter() - t0, 3)}
        if isinstance(exc, MemoryError):
            res["memory_error"] = True  # the worker ends after this result: its heap may be fragmented
        return res
    stage("writing", {})
    res = write_outputs(doc, task)
    if task.get("previous"):
        stage("comparing", {})
        res["diff"] = compare(task["previous"], doc, Path(task["out"]), task["limits"])
    res["seconds"] = round(time.perf_counter() - t0, 3)
    return res


def write_outputs(doc: Document, task: dict[str, Any]) -> dict[str, Any]:
    """report.html, report.json and the marked copy (PDF highlights or Word comments) into ``task['out']``."""
    from ..render import html
    from ..render import json as json_render

    out = Path(task["out"])
    (out / REPORT).write_text(html.render([doc]), encoding="utf-8")
    (out / JSON).write_text(json_render.render([json_render.document_dict(doc)]), encoding="utf-8")
    res: dict[str, Any] = {
        "status": "flagged" if json_render.is_flagged(doc) else "ok",
        "error": "",
        "format": doc.format,
        "summary": json_render.summary(doc),
        "annotated": None,
        "annotate_note": "",
    }
    res["annotated"], res["annotate_note"] = annotate(doc, task)
    return res


def annotate(doc: Document, task: dict[str, Any]) -> tuple[str | None, str]:
    """Write the marked copy the upload allows; return its stored name (or None) and a note for the page."""
    out = Path(task["out"])
    try:
        if doc.format == "pdf":
            from ..render.annotate import annotate_pdf

            res = annotate_pdf(doc, task["narrative"], out / ANNOTATED_PDF)
            note = f"{len(res.skipped)} 处无法在页面上定位" if res.skipped else ""
            return ANNOTATED_PDF, note
        if doc.format.startswith("docx"):
            from .word import comment_docx

            n, skipped = comment_docx(doc, task["narrative"], out / COMMENTED_DOCX)
            return COMMENTED_DOCX, (
                f"{skipped} 处不在 Word 正文中（在报表文件里或无法定位），未加批注" if skipped else ""
            )
        if doc.format.startswith("pdf+"):
            return None, "PDF 与单独的报表文件一起核对时不生成标注版（请下载 JSON 或查看报告）"
        return None, "标注版只适用于 PDF 和 Word（.docx）"
    except Exception as exc:  # noqa: BLE001 - the report stands even when the marked copy fails
        return None, one_line(f"标注版未能生成：{type(exc).__name__}: {exc}")


def _claim_row(c: Any) -> dict[str, Any]:
    return {
        "id": c.id,
        "kind": c.kind,
        "verdict": c.verdict,
        "text": one_line(c.text, 200),
        "message": one_line(c.message, 300),
        "suggestion": one_line(c.suggestion, 200),
        "line": c.line,
        "page": c.page,
    }


def compare(previous: dict[str, Any], doc: Document, out: Path, limits: Limits) -> dict[str, Any]:
    """Diff ``doc`` against the previous draft (checked again from its stored file); write diff.html."""
    from .. import diff as diffmod

    try:
        old = load(previous["narrative"], previous.get("tables"), previous["display"], limits, lambda s, i: None)
    except Exception as exc:  # noqa: BLE001 - the new draft's report stands without the diff
        return {"error": failure(exc, limits), "previous": previous["id"]}
    res = diffmod.diff(old, doc)
    (out / DIFF).write_text(diffmod.render_html(res), encoding="utf-8")
    return {
        "previous": previous["id"],
        "previous_draft": previous.get("draft"),
        "numbers_changed": len(res.numbers_changed),
        "reworded": len(res.reworded),
        "added": len(res.added),
        "removed": len(res.removed),
        "fixed": [_claim_row(p.old) | {"now": p.new.verdict, "now_text": one_line(p.new.text, 200)} for p in res.fixed],
        "newly_broken": [_claim_row(c) for c in res.newly_broken],
        "still_flagged": sum(1 for p in res.pairs if p.old.verdict in FLAGGED and p.new.verdict in FLAGGED),
    }
