"""A long-lived pool of worker processes for the web page, with a hard time limit per upload.

The batch pool (:mod:`narrcheck.batch.pool`) runs a fixed list of files and
ends; the server needs one that lives as long as it does, takes uploads as
they arrive and reports their stages for the progress indicator. Same
design: each worker is a process with a private pipe (so killing one cannot
corrupt what the others share), forked from a ``forkserver`` that has
already imported the pipeline, so a replacement is ready in milliseconds. A
dispatcher thread hands out tasks, relays stage messages, kills a worker
whose upload overruns the limit (SIGKILL) and starts a new one.

Events go to ``on_event(job_id, kind, payload)`` in the dispatcher thread:
``("stage", {"stage": …, …})`` while a check runs and exactly one
``("done", result)`` per task, where a timeout or a crash is a result with
``status: error`` and a one-line ``error``.
"""

from __future__ import annotations

import signal
import threading
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any, Callable

from ..batch.pool import death_reason, worker_context

Event = Callable[[str, str, dict[str, Any]], None]
_PRELOAD = [
    "narrcheck.serve.work",
    "narrcheck.pipeline",
    "narrcheck.render.html",
    "narrcheck.render.annotate",
    "narrcheck.diff",
]


def _worker_main(conn: Any) -> None:
    """Worker loop: receive task dicts, send stage messages and one result per task; stop on None or EOF."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    try:
        from ..batch.memory import cap_memory
        from . import work

        work.warm_up()
        conn.send(("ready", {}))
        while True:
            task = conn.recv()
            if task is None:
                break
            cap_memory(task["limits"].max_memory)  # the CLI's --max-memory, on this worker only
            result = work.run_task(task, lambda name, info: conn.send(("stage", {"stage": name, **info})))
            spent = result.pop("memory_error", False)
            conn.send(("done", result))
            if spent:
                break  # a fresh worker replaces this one
    except (EOFError, BrokenPipeError, OSError, KeyboardInterrupt):
        pass


@dataclass
class _Worker:
    proc: Any
    conn: Any
    ready: bool = False
    job: str | None = None
    deadline: float = 0.0
    started: float = 0.0


class CheckPool:
    """``jobs`` worker processes; :meth:`submit` queues a task, results arrive through ``on_event``."""

    def __init__(self, jobs: int, timeout: float, on_event: Event) -> None:
        self.jobs = max(1, jobs)
        self.timeout = timeout
        self.on_event = on_event
        self.ctx = worker_context(_PRELOAD)
        self.workers: list[_Worker] = []
        self.pending: deque[tuple[str, dict[str, Any]]] = deque()
        self._lock = threading.Lock()
        self._wake_r, self._wake_w = self.ctx.Pipe(duplex=False)
        self._stop = False
        self._failed_starts = 0
        self._thread = threading.Thread(target=self._loop, name="narrcheck-serve-pool", daemon=True)

    def start(self) -> None:
        self._top_up()
        self._thread.start()

    def _top_up(self) -> None:
        """Keep ``jobs`` workers; after three workers in a row died before they were ready, fail what waits."""
        if self._failed_starts >= 3:
            self._fail_all("worker processes cannot start")
            time.sleep(1.0)  # then try again: the server stays up and answers
            self._failed_starts = 0
        while not self._stop and len(self.workers) < self.jobs:
            self._spawn()

    def submit(self, job: str, task: dict[str, Any]) -> None:
        with self._lock:
            self.pending.append((job, task))
        self._wake()

    def position(self, job: str) -> int | None:
        """How many uploads wait before ``job`` (0: next), or None when it is no longer waiting."""
        with self._lock:
            for i, (j, _) in enumerate(self.pending):
                if j == job:
                    return i
        return None

    def _wake(self) -> None:
        try:
            self._wake_w.send(None)
        except (OSError, ValueError):
            pass

    def _spawn(self) -> None:
        parent, child = self.ctx.Pipe(duplex=True)
        proc = self.ctx.Process(target=_worker_main, args=(child,), daemon=True, name="narrcheck-serve-worker")
        proc.start()
        child.close()
        self.workers.append(_Worker(proc, parent))

    def _retire(self, w: _Worker) -> None:
        """Kill (if alive), reap and forget one worker."""
        if w.proc.is_alive():
            w.proc.kill()
        w.proc.join(timeout=5)
        try:
            w.conn.close()
        except OSError:
            pass
        if w in self.workers:
            self.workers.remove(w)

    def _dispatch(self) -> None:
        """Hand waiting uploads to idle, ready workers; each gets its deadline as it is sent."""
        now = time.monotonic()
        for w in self.workers:
            if not (w.ready and w.job is None):
                continue
            with self._lock:
                if not self.pending:
                    return
                job, task = self.pending.popleft()
            try:
                w.conn.send(task)
            except (BrokenPipeError, OSError):
                with self._lock:
                    self.pending.appendleft((job, task))
                continue
            w.job, w.started, w.deadline = job, now, now + self.timeout
            self.on_event(job, "stage", {"stage": "started"})

    def _loop(self) -> None:
        """The dispatcher thread: top up, dispatch, wait for messages or deaths, enforce deadlines."""
        while not self._stop:
            try:
                self._top_up()
                self._dispatch()
                self._wait_once()
                self._enforce_deadlines()
            except Exception as exc:  # noqa: BLE001 - the dispatcher must outlive any one upload
                self._fail_all(f"internal error in the worker pool ({type(exc).__name__}: {exc})")
                time.sleep(0.5)

    def _wait_once(self) -> None:
        """Wait (at most until the next deadline) for a message, a dead worker or a new submission."""
        now = time.monotonic()
        deadlines = [w.deadline for w in self.workers if w.job]
        timeout = 0.5 if not deadlines else max(0.0, min(0.5, min(deadlines) - now))
        handles = [self._wake_r] + [w.conn for w in self.workers] + [w.proc.sentinel for w in self.workers]
        ready = set(wait(handles, timeout=timeout))
        if self._wake_r in ready:
            while self._wake_r.poll():
                self._wake_r.recv()
        for w in list(self.workers):
            if w.conn in ready and self._receive(w):
                continue
            if w.conn in ready or w.proc.sentinel in ready:
                self._dead(w)

    def _receive(self, w: _Worker) -> bool:
        """Handle one message from ``w``; False when its pipe is closed (the worker is gone)."""
        try:
            kind, payload = w.conn.recv()
        except (EOFError, OSError):
            return False
        if kind == "ready":
            w.ready, self._failed_starts = True, 0
        elif kind == "stage" and w.job:
            self.on_event(w.job, "stage", payload)
        elif kind == "done" and w.job:
            job, w.job = w.job, None
            self.on_event(job, "done", payload)
        return True

    def _dead(self, w: _Worker) -> None:
        """``w``'s pipe closed or its process ended: report its upload, if any, with the reason."""
        job, ready = w.job, w.ready
        w.proc.join(timeout=1)  # a crashed worker closes its pipe as it dies: wait for its exit status
        reason = death_reason(w.proc)
        self._retire(w)
        if job is not None:
            self.on_event(
                job, "done", {"status": "error", "error": reason, "seconds": round(time.monotonic() - w.started, 3)}
            )
        elif not ready:
            self._failed_starts += 1

    def _enforce_deadlines(self) -> None:
        """Kill every worker whose upload overran the limit; its upload gets a one-line error."""
        now = time.monotonic()
        for w in list(self.workers):
            if w.job is not None and now >= w.deadline:
                job = w.job
                w.job = None
                self._retire(w)
                self.on_event(
                    job,
                    "done",
                    {
                        "status": "error",
                        "error": f"took longer than {self.timeout:g} s (check stopped)",
                        "seconds": round(self.timeout, 3),
                    },
                )

    def _fail_all(self, reason: str) -> None:
        with self._lock:
            waiting, self.pending = list(self.pending), deque()
        for job, _ in waiting:
            self.on_event(job, "done", {"status": "error", "error": reason})

    def close(self) -> None:
        """Stop the dispatcher and every worker (a running check is killed)."""
        self._stop = True
        self._wake()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        for w in list(self.workers):
            if w.job is None and w.proc.is_alive():
                try:
                    w.conn.send(None)
                except (BrokenPipeError, OSError):
                    pass
        for w in list(self.workers):
            if w.job is None:
                w.proc.join(timeout=2)
            self._retire(w)
        self._fail_all("the server is shutting down")
