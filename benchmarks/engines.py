"""Documents per second of the batch engines on this machine: 1 and 2 local workers, and Dask.

    .venv/bin/python benchmarks/engines.py [--files 40] [--file corpus/yanbian-shebao-2024.txt]

Checks ``--files`` copies of one disclosure into a fresh store with each
engine: the local Pebble pool with 1 and with 2 workers, and the Dask
engine on a ``LocalCluster`` of two single-thread worker processes on
127.0.0.1 (the README's "many machines" set-up on one machine). Each run
includes its workers' start-up; the cluster's own start-up is printed
apart. The Dask overhead per file is the difference of seconds per file
against the local pool of the same width. Prints figures only.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from narrcheck.batch import run_batch  # noqa: E402


def make_inputs(base: Path, source: Path, n: int) -> Path:
    """``n`` copies of ``source`` (different names, same bytes) in ``base/in``."""
    src = base / "in"
    src.mkdir()
    for i in range(n):
        shutil.copy(source, src / f"doc-{i:04d}{source.suffix}")
    return src


def timed(label: str, src: Path, out: Path, **kw) -> float:
    """Run one batch into a fresh ``out``; print and return documents per second."""
    t = time.perf_counter()
    res = run_batch([str(src)], out, progress=False, **kw)
    s = time.perf_counter() - t
    rate = res.checked / s
    print(f"{label:<34} {res.checked:>5} docs {s:>7.1f} s {rate:>7.2f} docs/s")
    return rate


def dask_rate(src: Path, base: Path) -> float | None:
    """The Dask engine on a two-worker LocalCluster (loopback); None without Dask."""
    try:
        import dask
        from distributed import LocalCluster
    except ImportError:
        print("dask: not installed (pip install 'narrcheck[cluster]')")
        return None
    t = time.perf_counter()
    with dask.config.set({"distributed.worker.daemon": False}):
        cluster = LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        )
        print(f"{'(LocalCluster start-up)':<34} {time.perf_counter() - t:>18.1f} s")
        try:
            return timed("dask, 2 workers x 1 thread", src, base / "dask", scheduler=cluster.scheduler_address)
        finally:
            cluster.close()


def main() -> None:
    """Build the copies, run each engine once, print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=40, help="copies to check (default 40)")
    ap.add_argument("--file", type=Path, default=ROOT / "corpus" / "yanbian-shebao-2024.txt")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="narrcheck-engines-") as tmp:
        base = Path(tmp)
        src = make_inputs(base, args.file, args.files)
        print(f"{args.files} copies of {args.file.name}")
        timed("local, 1 worker", src, base / "local1", jobs=1)
        two = timed("local, 2 workers", src, base / "local2", jobs=2)
        dk = dask_rate(src, base)
        if dk:
            extra = 1000 * (1 / dk - 1 / two) / 2
            print(f"dask overhead per file against 2 local workers: {extra:+.0f} ms of a worker")


if __name__ == "__main__":
    main()
