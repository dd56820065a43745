"""Uploads in flight: staged in the data folder, checked in the pool, then kept in the store or removed.

A job is one upload (a narrative file and, optionally, a tables file)
between its arrival and its result. Its files are written under
``DATA/tmp/<job>/`` with fixed names; the worker writes its outputs beside
them. When the check succeeds the folder is renamed to
``DATA/uploads/<id>/`` and the upload becomes the next draft of its
document; when it fails the folder is removed and the job keeps only the
one-line reason. Either way nothing is left in ``tmp/``.
"""

from __future__ import annotations

import os
import secrets
import shutil
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..readers import Limits
from .pool import CheckPool
from .store import Store

SUFFIXES = (".docx", ".pdf", ".xlsx", ".xls", ".txt", ".html", ".htm")
STAGE_TEXT = {
    "queued": "排队等候",
    "started": "开始核对",
    "reading": "正在读取文件",
    "checking": "正在核对数字",
    "writing": "正在生成报告和标注版",
    "comparing": "正在与上一稿比较",
    "done": "完成",
    "error": "无法核对",
}


@dataclass
class Settings:
    """What one server allows: the CLI's limits, worker count and time per upload."""

    limits: Limits = field(default_factory=Limits)
    jobs: int = 2
    timeout: float = 60.0
    max_queue: int = 64  # uploads waiting or running; beyond that the page says the server is busy
    test_sleep: float = 0.0  # test hook: every check first sleeps this long (stands for a hung file)


@dataclass
class Job:
    id: str
    name: str
    filename: str
    tables_filename: str | None
    folder: Path
    state: str = "queued"
    info: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    upload_id: int | None = None
    status: str = ""
    summary: dict[str, Any] = field(default_factory=dict)
    created: float = field(default_factory=time.monotonic)
    finished: float | None = None
    done: threading.Event = field(default_factory=threading.Event)


def display_text(s: str, limit: int = 120) -> str:
    """Text from the browser made fit to show: NFC, no control characters, whitespace collapsed, cut."""
    s = unicodedata.normalize("NFC", s or "")
    s = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in s)
    s = " ".join(s.split())
    return s[:limit]


def display_filename(name: str | None) -> str:
    """The last part of a client's file name (after any / or \\), for display only, never as a path."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return display_text(base, 160) or "未命名"


def suffix_of(filename: str) -> str | None:
    """The file's extension when it is one narrcheck reads, else None."""
    ext = os.path.splitext(filename.lower())[1]
    return ext if ext in SUFFIXES else None


class JobBoard:
    """Creates jobs, hands them to the pool, and files their results in the store."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self.pool = CheckPool(settings.jobs, settings.timeout, self._event)

    def start(self) -> None:
        self.pool.start()

    def close(self) -> None:
        self.pool.close()
        for job in list(self.jobs.values()):
            shutil.rmtree(job.folder, ignore_errors=True)
            job.done.set()

    def busy(self) -> bool:
        with self._lock:
            return sum(1 for j in self.jobs.values() if not j.done.is_set()) >= self.settings.max_queue

    def new(self, name: str, filename: str, tables_filename: str | None) -> Job:
        """A job with an empty staging folder ``DATA/tmp/<random id>/``."""
        job_id = secrets.token_hex(12)
        folder = self.store.tmp_dir / job_id
        folder.mkdir(parents=True)
        job = Job(job_id, name, filename, tables_filename, folder)
        with self._lock:
            self._prune()
            self.jobs[job_id] = job
        return job

    def discard(self, job: Job, reason: str) -> None:
        """Give up on a job before it reached the pool (the upload itself was refused)."""
        shutil.rmtree(job.folder, ignore_errors=True)
        self._fail(job, reason)

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self.jobs.get(job_id)

    def submit(self, job: Job, narrative: str, tables: str | None) -> None:
        """Queue the staged files; the previous draft of the same name, if any, is diffed against."""
        prev = self.store.latest(job.name)
        previous = None
        if prev is not None:
            folder = self.store.folder(prev["id"])
            previous = {
                "id": prev["id"],
                "draft": prev["draft"],
                "narrative": str(folder / prev["narrative_file"]),
                "tables": str(folder / prev["tables_file"]) if prev["tables_file"] else None,
                "display": prev["filename"],
            }
        task = {
            "narrative": narrative,
            "tables": tables,
            "display": job.filename,
            "limits": self.settings.limits,
            "out": str(job.folder),
            "previous": previous,
            "sleep": self.settings.test_sleep,
        }
        self.pool.submit(job.id, task)

    def _event(self, job_id: str, kind: str, payload: dict[str, Any]) -> None:
        """A pool event (dispatcher thread): a stage for the progress indicator, or the result to file."""
        job = self.get(job_id)
        if job is None:
            return
        if kind == "stage":
            job.state = payload.get("stage", job.state)
            job.info.update({k: v for k, v in payload.items() if k != "stage"})
            return
        try:
            self._finish(job, payload)
        except Exception as exc:  # noqa: BLE001 - filing a result must not stop the dispatcher
            shutil.rmtree(job.folder, ignore_errors=True)
            self._fail(job, f"could not store the result ({type(exc).__name__}: {exc})")

    def _finish(self, job: Job, res: dict[str, Any]) -> None:
        """File a result: a checked upload becomes the next draft (its folder moves to uploads/<id>),
        a failure is removed."""
        if res.get("status") not in ("ok", "flagged"):
            shutil.rmtree(job.folder, ignore_errors=True)
            self._fail(job, res.get("error") or "unreadable")
            return
        stored = sorted(p.name for p in job.folder.iterdir())
        narrative = next(n for n in stored if n.startswith("narrative."))
        tables = next((n for n in stored if n.startswith("tables.")), None)
        diff = res.get("diff")
        row = {
            "name": job.name,
            "filename": job.filename,
            "tables_filename": job.tables_filename,
            "narrative_file": narrative,
            "tables_file": tables,
            "format": res["format"],
            "status": res["status"],
            "summary": res["summary"],
            "annotated": res.get("annotated"),
            "annotate_note": res.get("annotate_note", ""),
            "previous": diff.get("previous") if diff else None,
            "diff": diff,
            "narrcheck": __version__,
        }
        upload_id = self.store.add(row)
        try:
            os.replace(job.folder, self.store.folder(upload_id))
        except OSError:
            self.store.delete(upload_id)
            raise
        job.upload_id, job.status, job.summary = upload_id, res["status"], res["summary"]
        job.state, job.finished = "done", time.monotonic()
        job.done.set()

    def _fail(self, job: Job, reason: str) -> None:
        job.error = f"{job.filename}: {reason}"
        job.state, job.finished = "error", time.monotonic()
        job.done.set()

    def _prune(self) -> None:
        """Forget finished jobs after an hour (their results stay in the store)."""
        now = time.monotonic()
        for k in [k for k, j in self.jobs.items() if j.finished is not None and now - j.finished > 3600]:
            del self.jobs[k]

    def snapshot(self, job: Job) -> dict[str, Any]:
        """The job as the page's progress indicator polls it."""
        out: dict[str, Any] = {
            "job": job.id,
            "state": job.state,
            "stage": STAGE_TEXT.get(job.state, job.state),
            "name": job.name,
            "filename": job.filename,
            "elapsed": round(time.monotonic() - job.created, 1),
        }
        if job.info.get("pages"):
            out["pages"] = job.info["pages"]
        if job.state == "queued":
            out["position"] = self.pool.position(job.id)
        if job.state == "error":
            out["error"] = job.error
        if job.upload_id is not None:
            out.update(upload=job.upload_id, url=f"/u/{job.upload_id}", status=job.status, summary=job.summary)
        return out
