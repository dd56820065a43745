"""A pool of worker processes with a hard per-file time limit.

``concurrent.futures`` cannot stop a running task, so the pool is managed
here: each worker is a :class:`multiprocessing.Process` with its own pipe.
The parent hands a worker one file at a time and waits on all pipes and
process sentinels at once. A worker that overruns its deadline is killed
(SIGKILL) and replaced; a worker that dies is replaced and its file recorded
as an error. Because every worker has a private pipe, killing one cannot
corrupt a queue the others share.

Workers are forked from a ``forkserver`` that has already imported the
pipeline, so a replacement starts in milliseconds and the parent's threads
(the progress bar) are never forked.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Any, Iterator

from ..readers import Limits

_PRELOAD = ["narrcheck.batch.worker", "narrcheck.pipeline", "narrcheck.render.html"]


def worker_context(preload: list[str]) -> Any:
    """A multiprocessing context whose workers start from a forkserver that already imported ``preload``
    (a replacement is ready in milliseconds, and the parent's threads are never forked); spawn elsewhere.
    Shared by this pool and the server's (:mod:`narrcheck.serve.pool`)."""
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(preload)
        return ctx
    return mp.get_context("spawn")


def _worker_main(conn) -> None:
    from .worker import serve

    serve(conn)


@dataclass
class Task:
    path: str
    report_path: str | None
    sleep: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)  # carried back with the result
    annotate_path: str | None = None  # where the annotated copy of a PDF goes (--annotate-dir)


@dataclass
class _Worker:
    proc: Any
    conn: Any
    ready: bool = False
    task: Task | None = None
    started: float = 0.0
    deadline: float = 0.0


def death_reason(proc: Any) -> str:
    """Why a worker ended, in one line (the signal's name when it was killed)."""
    code = proc.exitcode
    if code is None:
        return "worker process stopped responding"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"worker process crashed ({name})"
    return f"worker process exited with status {code}"


class WorkerPool:
    """Run tasks on ``jobs`` processes; yield one result dict per task, in completion order."""

    def __init__(self, jobs: int, timeout: float, limits: Limits) -> None:
        self.jobs = max(1, jobs)
        self.timeout = timeout
        self.limits = limits
        self.ctx = worker_context(_PRELOAD)
        self.workers: list[_Worker] = []
        self.failed_starts = 0

    def _spawn(self) -> _Worker:
        parent, child = self.ctx.Pipe(duplex=True)
        proc = self.ctx.Process(target=_worker_main, args=(child,), daemon=True, name="narrcheck-batch-worker")
        proc.start()
        child.close()
        w = _Worker(proc, parent)
        self.workers.append(w)
        return w

    def _retire(self, w: _Worker, kill: bool) -> None:
        if kill and w.proc.is_alive():
            w.proc.kill()
        w.proc.join(timeout=5)
        try:
            w.conn.close()
        except OSError:
            pass
        self.workers.remove(w)

    def run(self, tasks: list[Task]) -> Iterator[tuple[Task, dict[str, Any]]]:
        pending = deque(tasks)
        try:
            for _ in range(min(self.jobs, len(pending))):
                self._spawn()
            while pending or any(w.task for w in self.workers):
                now = time.monotonic()
                for w in self.workers:
                    if w.ready and w.task is None and pending:
                        t = pending.popleft()
                        try:
                            w.conn.send((t.path, t.report_path, self.limits, t.sleep, t.annotate_path))
                        except (BrokenPipeError, OSError):
                            pending.appendleft(t)
                            continue
                        w.task, w.started, w.deadline = t, now, now + self.timeout
                deadlines = [w.deadline for w in self.workers if w.task]
                wait_for = 0.25 if not deadlines else max(0.0, min(0.25, min(deadlines) - now))
                handles = [w.conn for w in self.workers] + [w.proc.sentinel for w in self.workers]
                ready = set(wait(handles, timeout=wait_for))
                for w in list(self.workers):
                    if w.conn in ready:
                        try:
                            kind, payload = w.conn.recv()
                        except (EOFError, OSError):
                            kind, payload = "dead", None
                        if kind == "ready":
                            w.ready = True
                            self.failed_starts = 0
                            continue
                        if kind == "done" and w.task is not None:
                            t, w.task = w.task, None
                            yield t, payload
                            continue
                    elif w.proc.sentinel not in ready:
                        continue
                    # the pipe closed or the process ended: the worker is gone
                    lost = w.task
                    self._retire(w, kill=True)
                    reason = death_reason(w.proc)
                    if lost is not None:
                        yield (
                            lost,
                            {
                                "path": lost.path,
                                "status": "error",
                                "error": reason,
                                "seconds": round(time.monotonic() - w.started, 3),
                            },
                        )
                    elif not w.ready:
                        self.failed_starts += 1
                        if self.failed_starts >= 3:
                            raise RuntimeError(f"worker processes cannot start ({reason})")
                    if pending:
                        self._spawn()
                now = time.monotonic()
                for w in list(self.workers):
                    if w.task is not None and now >= w.deadline:
                        t = w.task
                        self._retire(w, kill=True)
                        yield (
                            t,
                            {
                                "path": t.path,
                                "status": "timeout",
                                "error": f"took longer than {self.timeout:g} s (worker killed)",
                                "seconds": round(self.timeout, 3),
                            },
                        )
                        if pending:
                            self._spawn()
        finally:
            self.close()

    def close(self) -> None:
        for w in list(self.workers):
            if w.task is None and w.proc.is_alive():
                try:
                    w.conn.send(None)
                except (BrokenPipeError, OSError):
                    pass
        for w in list(self.workers):
            if w.task is None:
                w.proc.join(timeout=2)
            self._retire(w, kill=True)


def default_jobs() -> int:
    return os.cpu_count() or 1
