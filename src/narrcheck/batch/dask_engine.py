"""The Dask engine: ``narrcheck batch --scheduler tcp://HOST:8786`` checks the files on a Dask cluster.

The client (this process) submits one task per file to an existing
cluster whose workers run narrcheck, and gets back the same result dicts
the local engine gives, with the HTML report and the annotated PDF inside:
the client alone writes the SQLite store, the reports, summary.csv and
index.html, so resume, the per-file time limit and the outputs are the
local ones. Workers read a file from the client's path (a shared
filesystem), or, with ``ship_files``, receive its bytes and check a
temporary copy.

On each cluster worker a file runs in the local engine's Pebble pool
(:mod:`narrcheck.batch.pool`), one process per worker thread, so the time
limit and the memory cap are enforced there exactly as on one machine
(a thread cannot be stopped; a process can). A worker process lost mid-run
(killed, its machine gone) has its files rescheduled by Dask on the
others; after ``distributed.scheduler.allowed-failures`` losses a file is
recorded as an error. Each file is one future and its result is stored
once, so nothing is counted twice. Only a window of files is in flight at a
time (bounded memory on the client and the scheduler, bytes shipped as
needed).
"""

from __future__ import annotations

import atexit
import os
import tempfile
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from .. import __version__
from ..readers import Limits
from .pool import Task, failed, make_pool, outcome, task_args

WINDOW_PER_THREAD = 4  # files in flight per worker thread of the cluster
DAEMON_HINT = (
    "the Dask workers run as daemon processes, which cannot start narrcheck's time-limited check processes: "
    "start them with DASK_DISTRIBUTED__WORKER__DAEMON=False dask worker … (README: many machines)"
)

_POOL: Any = None
_POOL_LOCK = threading.Lock()


class ClusterError(Exception):
    """The cluster cannot run the batch (unreachable, no narrcheck on a worker, wrong set-up): one line."""


def _worker_pool() -> Any:
    """This cluster worker's Pebble pool (one process per worker thread), created on first use."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            try:
                from distributed import get_worker

                threads = get_worker().state.nthreads
            except (ImportError, ValueError, AttributeError):
                threads = 1
            _POOL = make_pool(max(1, threads))
            atexit.register(_drop_worker_pool)
        return _POOL


def worker_info() -> dict[str, Any]:
    """What the client checks on every worker before the batch: narrcheck's version, whether it may fork."""
    import multiprocessing as mp

    return {"version": __version__, "daemon": bool(mp.current_process().daemon)}


def check_remote(
    payload: tuple[Any, ...],
    data: bytes | None,
    timeout: float,
    shown: str,
    suffix: str,
    tables_data: bytes | None = None,
) -> dict[str, Any]:
    """On a cluster worker: check one file in this worker's pool; ``data`` is the file's bytes (--ship-files),
    ``tables_data`` those of the workbook holding a .docx narrative's tables.

    The outputs come back in the result (``keep_outputs``) and the client's
    path is the name the report gives the file.
    """
    import multiprocessing as mp
    import time

    if mp.current_process().daemon:  # a worker that joined after the client checked them all
        raise RuntimeError(DAEMON_HINT)
    path, report_path, limits, sleep, annotate_path, tables = payload
    with tempfile.TemporaryDirectory(prefix="narrcheck-shipped-") as tmp:
        if data is not None:
            path = os.path.join(tmp, "input" + suffix)
            with open(path, "wb") as fh:
                fh.write(data)
        if tables_data is not None and tables:
            tables = os.path.join(tmp, "tables" + Path(tables).suffix.lower())
            with open(tables, "wb") as fh:
                fh.write(tables_data)
        args = (path, report_path, limits, sleep, annotate_path, shown, tables)
        for attempt in (1, 2):
            started = time.monotonic()
            try:
                fut = _worker_pool().schedule(_run_kept, args=args, timeout=timeout)
                result = outcome(fut, shown, timeout, started)
                break
            except (BrokenProcessPool, RuntimeError):  # a check process died idle: a fresh pool, once
                _drop_worker_pool()
                if attempt == 2:
                    raise
    result["path"] = shown
    return result


def _drop_worker_pool() -> None:
    """Stop and forget this worker's pool: after it broke (the next file starts a new one), or as the worker
    closes (:class:`~narrcheck.batch.dask_plugin.StopPoolPlugin`, or at exit), so it ends at once."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is not None:
            _POOL.stop()
            _POOL.join(timeout=5)
            _POOL = None


def _run_kept(
    path: str,
    report_path: str | None,
    limits: Limits,
    sleep: float,
    annotate_path: str | None,
    shown: str,
    tables: str | None = None,
) -> dict[str, Any]:
    """:func:`~narrcheck.batch.worker.run_task` with the outputs returned rather than written."""
    from .worker import run_task

    return run_task(path, report_path, limits, sleep, annotate_path, tables, shown=shown, keep_outputs=True)


class DaskEngine:
    """Run tasks on the Dask cluster at ``scheduler``; yield (task, result dict) per task, as they end."""

    def __init__(self, scheduler: str, timeout: float, limits: Limits, ship_files: bool = False) -> None:
        self.scheduler = scheduler
        self.timeout = timeout
        self.limits = limits
        self.ship_files = ship_files

    def connect(self) -> Any:
        """A client of the cluster, its workers checked: narrcheck installed, same version, allowed to fork."""
        try:
            from distributed import Client
        except ImportError:
            raise ClusterError("--scheduler needs Dask: pip install 'narrcheck[cluster]'") from None
        try:
            client = Client(self.scheduler, timeout=30, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {self.scheduler} ({exc})") from None
        try:
            self._check_workers(client)
            from .dask_plugin import StopPoolPlugin

            client.register_plugin(StopPoolPlugin())  # workers close at once, their check processes stopped
        except BaseException:
            client.close()
            raise
        return client

    def _check_workers(self, client: Any) -> None:
        """Refuse, in one line, a cluster without workers, without narrcheck, or with another version."""
        try:
            client.wait_for_workers(1, timeout=60)
            info = client.run(worker_info)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"no Dask worker answered at {self.scheduler} ({exc or 'timed out'})") from None
        except Exception as exc:  # noqa: BLE001 - e.g. ModuleNotFoundError raised on a worker
            raise ClusterError(f"a Dask worker cannot run narrcheck ({type(exc).__name__}: {exc})") from None
        for addr, i in sorted(info.items()):
            if i["version"] != __version__:
                raise ClusterError(f"the Dask worker {addr} runs narrcheck {i['version']}, this is {__version__}")
            if i["daemon"]:
                raise ClusterError(DAEMON_HINT)

    def run(self, tasks: list[Task]) -> Iterator[tuple[Task, dict[str, Any]]]:
        """Submit a window of files, yield each result as it arrives, top the window up; on exit cancel the rest."""
        from distributed import as_completed

        client = self.connect()
        flying: dict[str, tuple[Any, Task]] = {}
        run_id = uuid.uuid4().hex[:12]
        try:
            threads = sum(client.nthreads().values()) or 1
            pending = list(reversed(list(enumerate(tasks))))
            window = max(2, threads * WINDOW_PER_THREAD)
            futures = as_completed(loop=client.loop, with_results=False)
            refused: list[tuple[Task, dict[str, Any]]] = []
            self._top_up(client, run_id, pending, flying, futures, refused, window)
            yield from refused
            for fut in futures:
                _, t = flying.pop(fut.key)
                yield t, self._result(fut, t)
                fut.release()
                refused.clear()
                self._top_up(client, run_id, pending, flying, futures, refused, window)
                yield from refused
        finally:
            if flying:
                client.cancel([f for f, _ in flying.values()], force=True)
            client.close()

    def _top_up(
        self, client: Any, run_id: str, pending: list, flying: dict, futures: Any, refused: list, window: int
    ) -> None:
        """Submit files until ``window`` are in flight; a file that cannot be shipped goes to ``refused``."""
        while pending and len(flying) < window:
            i, t = pending.pop()
            fut = self._submit(client, run_id, i, t, refused)
            if fut is not None:
                flying[fut.key] = (fut, t)
                futures.add(fut)

    def _submit(self, client: Any, run_id: str, i: int, t: Task, refused: list) -> Any:
        """Send one file to the cluster as a future whose key names this run and the file's place in it.

        With ``ship_files`` its bytes go along, read here within --max-mb
        (a file over it, or unreadable, is refused here as a local reader would).
        """
        from ..model import ReadError
        from ..readers import read_bytes

        shown = t.extra.get("path") or t.path
        data = tables_data = None
        if self.ship_files:
            try:
                data = read_bytes(Path(t.path), self.limits.max_bytes)
                tables_data = read_bytes(Path(t.tables), self.limits.max_bytes) if t.tables else None
            except ReadError as exc:
                refused.append((t, failed(shown, "error", str(exc), 0.0)))
                return None
            except OSError as exc:
                refused.append((t, failed(shown, "error", f"cannot read: {exc.strerror or exc}", 0.0)))
                return None
        return client.submit(
            check_remote,
            task_args(t, self.limits),
            data,
            self.timeout,
            shown,
            Path(t.path).suffix.lower(),
            tables_data,
            key=f"narrcheck-{run_id}-{i}",
            pure=False,
        )

    def _result(self, fut: Any, t: Task) -> dict[str, Any]:
        """The future's result dict; a file whose worker was lost too often, or whose task failed, in one line."""
        shown = t.extra.get("path") or t.path
        if fut.status == "finished":
            return dict(fut.result())
        try:
            exc = fut.exception()
        except Exception as err:  # noqa: BLE001 - cancelled, or the scheduler gone
            exc = err
        if type(exc).__name__ == "KilledWorker":
            return failed(shown, "error", "its Dask worker was lost too many times while checking it", 0.0)
        first = (str(exc).splitlines() or [""])[0][:200]
        return failed(shown, "error", f"cluster task failed ({type(exc).__name__}: {first})", 0.0)
