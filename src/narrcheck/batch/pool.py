"""The local engine: worker processes with a hard per-file time limit, from Pebble's ``ProcessPool``.

``concurrent.futures`` cannot stop a running task, and a crashed worker
breaks the whole executor; Pebble (a maintained library) gives each task a
time limit (the worker running it is terminated, then killed, and replaced)
and reports a worker that dies mid-task as that task's error, the others
carrying on. This module turns those outcomes into the one-line result
dicts the database stores and keeps only a bounded window of files in
flight, so a million-file batch does not hold a million futures.

Workers start from a ``forkserver`` that has already imported the pipeline,
so a replacement is ready in milliseconds and the parent's threads (the
progress bar, Pebble's own) are never forked. :func:`worker_context` and
:func:`death_reason` are shared with the server's pool (:mod:`narrcheck.serve.pool`)
and the Dask engine (:mod:`narrcheck.batch.dask_engine`), which runs this
same pool on every cluster worker.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from concurrent.futures import FIRST_COMPLETED, CancelledError, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from ..readers import Limits

_PRELOAD = ["narrcheck.batch.worker", "narrcheck.pipeline", "narrcheck.render.html"]
RECYCLE_AFTER = 500  # files per worker process before Pebble replaces it (bounds slow leaks)
WINDOW_PER_WORKER = 4  # files queued per worker: enough to keep it busy, few enough to stop at once
MAX_BROKEN = 3  # pool restarts in a row without a single result before the batch gives up


def worker_context(preload: list[str]) -> Any:
    """A multiprocessing context whose workers start from a forkserver that already imported ``preload``
    (a replacement is ready in milliseconds, and the parent's threads are never forked); spawn elsewhere.
    Shared by this pool and the server's (:mod:`narrcheck.serve.pool`)."""
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(preload)
        return ctx
    return mp.get_context("spawn")


@dataclass
class Task:
    """One file to check and where its outputs go."""

    path: str
    report_path: str | None
    sleep: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)  # carried back with the result
    annotate_path: str | None = None  # where the annotated copy of a PDF goes (--annotate-dir)
    tables: str | None = None  # the workbook holding a .docx narrative's tables (same stem, same folder)


def exit_reason(code: int | None) -> str:
    """Why a worker ended, from its exit code, in one line (the signal's name when it was killed)."""
    if code is None:
        return "worker process stopped responding"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"worker process crashed ({name})"
    return f"worker process exited with status {code}"


def death_reason(proc: Any) -> str:
    """Why a worker process ended, in one line (the signal's name when it was killed)."""
    return exit_reason(proc.exitcode)


def failed(task_path: str, status: str, error: str, seconds: float) -> dict[str, Any]:
    """The result dict of a file whose check did not return (time limit, crashed worker)."""
    return {"path": task_path, "status": status, "error": error, "seconds": round(seconds, 3)}


def outcome(future: Any, path: str, timeout: float, started: float) -> dict[str, Any]:
    """The result of one Pebble future as a result dict: a timeout or a crash costs only this file."""
    from pebble import ProcessExpired

    try:
        return dict(future.result())
    except TimeoutError:
        return failed(path, "timeout", f"took longer than {timeout:g} s (worker killed)", timeout)
    except ProcessExpired as exc:
        return failed(path, "error", exit_reason(exc.exitcode), time.monotonic() - started)
    except (BrokenProcessPool, CancelledError):
        raise
    except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be pickled: this file only
        return failed(path, "error", f"internal error ({type(exc).__name__}: {exc})", time.monotonic() - started)


def task_args(task: Task, limits: Limits) -> tuple[Any, ...]:
    """What :func:`narrcheck.batch.worker.run_task` receives for ``task``."""
    return (task.path, task.report_path, limits, task.sleep, task.annotate_path, task.tables)


def make_pool(jobs: int) -> Any:
    """A Pebble process pool of ``jobs`` warmed-up workers, each replaced after RECYCLE_AFTER files."""
    from pebble import ProcessPool

    from .worker import init_worker

    return ProcessPool(
        max_workers=jobs, max_tasks=RECYCLE_AFTER, initializer=init_worker, context=worker_context(_PRELOAD)
    )


class WorkerPool:
    """Run tasks on ``jobs`` processes; yield (task, result dict) per task, in completion order.

    A file that overruns ``timeout`` has its worker killed and gets status
    ``timeout``; a worker that dies mid-file (a crash, the OOM killer)
    gives that file status ``error`` with the reason; the pool replaces
    both. On Ctrl-C (or any exception in the consumer) every worker is
    stopped before the exception goes on.
    """

    def __init__(self, jobs: int, timeout: float, limits: Limits) -> None:
        self.jobs = max(1, jobs)
        self.timeout = timeout
        self.limits = limits

    def run(self, tasks: list[Task]) -> Iterator[tuple[Task, dict[str, Any]]]:
        """Check ``tasks``; Ctrl-C meanwhile stops the pool between files (see :func:`deferred_interrupt`)."""
        with deferred_interrupt() as interrupted:
            yield from self._run(tasks, interrupted)

    def _run(self, tasks: list[Task], interrupted: list[bool]) -> Iterator[tuple[Task, dict[str, Any]]]:
        """Drain ``tasks`` through a pool; a pool broken by a worker dying idle is replaced (MAX_BROKEN in a row)."""
        pending = list(reversed(tasks))  # popped from the end: input order
        broken = 0
        while pending:
            pool = make_pool(self.jobs)
            try:
                got = 0
                for item in self._drain(pool, pending, interrupted):
                    got += 1
                    yield item
                return
            except BrokenProcessPool as exc:  # a worker died idle (killed from outside): a fresh pool
                broken = 0 if got else broken + 1
                if broken >= MAX_BROKEN:
                    raise RuntimeError(f"worker processes cannot start ({exc or 'the pool broke'})") from None
            finally:
                pool.stop()
                pool.join()

    def _drain(self, pool: Any, pending: list[Task], interrupted: list[bool]) -> Iterator[tuple[Task, dict[str, Any]]]:
        """Keep a window of tasks scheduled on ``pool``; yield each as it ends; on a broken pool requeue the rest."""
        from .worker import run_task

        window = self.jobs * WINDOW_PER_WORKER
        flying: dict[Any, tuple[Task, float]] = {}
        try:
            while pending or flying:
                while pending and len(flying) < window:
                    t = pending.pop()
                    fut = pool.schedule(run_task, args=task_args(t, self.limits), timeout=self.timeout)
                    flying[fut] = (t, time.monotonic())
                done, _ = wait(list(flying), timeout=0.25, return_when=FIRST_COMPLETED)
                if interrupted[0]:
                    raise KeyboardInterrupt
                for fut in sorted(done, key=lambda f: flying[f][1]):
                    t, started = flying[fut]
                    result = outcome(fut, t.path, self.timeout, started)
                    del flying[fut]
                    yield t, result
        except (BrokenProcessPool, CancelledError) as exc:
            pending.extend(reversed([t for t, _ in sorted(flying.values(), key=lambda v: v[1])]))
            raise BrokenProcessPool(str(exc)) from None


@contextmanager
def deferred_interrupt() -> Iterator[list[bool]]:
    """While the pool runs, Ctrl-C sets a flag (``flag[0]``) that the pool turns into KeyboardInterrupt between
    files: raised anywhere (in the middle of starting a worker), it would leave a half-made process that
    prints a traceback. Only in the main thread, and not when SIGINT is ignored (a background job)."""
    flag = [False]
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGINT) in (
        signal.SIG_IGN,
        None,
    ):
        yield flag
        return

    def note(signum: int, frame: Any) -> None:
        flag[0] = True

    previous = signal.signal(signal.SIGINT, note)
    try:
        yield flag
    finally:
        signal.signal(signal.SIGINT, previous)


def default_jobs() -> int:
    """The CPUs this process may run on (its affinity mask: a container or ``taskset`` may allow fewer than
    the machine has), else all cores: checking is CPU-bound and each worker is one process."""
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        try:
            return max(1, len(affinity(0)))
        except OSError:
            pass
    return os.cpu_count() or 1
