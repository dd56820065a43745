"""Speed benchmark: documents per second (one core, all cores), time per stage, memory, start-up.

    .venv/bin/python benchmarks/speed.py [--n 200] [--pdf] [--jobs N]

Text: a batch of ``--n`` single-error variants of the seed disclosure (from
mutate.py, cycling when there are fewer), checked in-process one after the
other, then on all cores with a ProcessPoolExecutor. With ``--pdf`` the same
for the PDFs in ../shared/corpus/, with per-page figures. Figures are noisy on
shared machines: run twice and compare before drawing conclusions.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mutate import apply, load, mutations  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "corpus" / "yanbian-shebao-2024.txt"
PDF_DIR = Path(__file__).resolve().parents[2] / "shared" / "corpus"
STAGES = ("read", "sections", "tables", "claims", "align", "recompute", "findings", "render")

TARGET_TEXT_PER_CORE = 100.0  # text docs/s per core
TARGET_PDF_PER_CORE = 10.0  # PDFs of ~25 pages/s per core
TARGET_STARTUP = 1.5  # seconds
TARGET_MANY_MB = 300.0  # peak of one `check` over 300 seed documents


def check_text(item: tuple[str, str]) -> dict[str, float]:
    """Read + check + render one text document given as (name, text); returns stage timings."""
    from narrcheck.pipeline import check_document
    from narrcheck.readers.text import read_text
    from narrcheck.render import json as rjson

    name, text = item
    t = time.perf_counter()
    doc = read_text(Path(name), text.encode("utf-8"))
    read = time.perf_counter() - t
    doc.timings["read"] = read
    check_document(doc)
    t = time.perf_counter()
    json.dumps(rjson.document_dict(doc), ensure_ascii=False)
    doc.timings["render"] = time.perf_counter() - t
    return dict(doc.timings)


def check_file(path: str) -> dict[str, float]:
    """Read + check + render one file on disk (PDF); returns stage timings and the page count."""
    from narrcheck.pipeline import check
    from narrcheck.render import json as rjson

    doc = check(path)
    t = time.perf_counter()
    json.dumps(rjson.document_dict(doc), ensure_ascii=False)
    doc.timings["render"] = time.perf_counter() - t
    out = dict(doc.timings)
    out["pages"] = float(len(doc.page_starts) or 1)
    return out


def warm_up() -> None:
    """What ``check`` and ``batch`` do before a run of documents (narrcheck.pipeline.warm_up)."""
    from narrcheck.pipeline import warm_up as load_vocabulary

    load_vocabulary()


def run(fn, items: list, jobs: int) -> tuple[float, list[dict[str, float]]]:
    t = time.perf_counter()
    if jobs == 1:
        warm_up()
        res = [fn(x) for x in items]
    else:
        with ProcessPoolExecutor(jobs, initializer=warm_up) as ex:
            res = list(ex.map(fn, items, chunksize=max(1, len(items) // (jobs * 8))))
    return time.perf_counter() - t, res


def stage_table(res: list[dict[str, float]]) -> list[str]:
    total = sum(sum(r.get(s, 0.0) for s in STAGES) for r in res) or 1.0
    lines = [f"  {'stage':10} {'ms/doc':>8} {'share':>6}"]
    for s in STAGES:
        v = sum(r.get(s, 0.0) for r in res)
        lines.append(f"  {s:10} {1000 * v / len(res):8.2f} {100 * v / total:5.1f}%")
    lines.append(f"  {'total':10} {1000 * total / len(res):8.2f}")
    return lines


def startup() -> tuple[float, float]:
    exe = Path(sys.executable).parent / "narrcheck"
    cli = [str(exe), "--help"] if exe.exists() else [sys.executable, "-m", "narrcheck.cli", "--help"]

    def median(cmd: list[str]) -> float:
        ts = []
        for _ in range(5):
            t = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            ts.append(time.perf_counter() - t)
        return statistics.median(ts)

    return median(cli), median([sys.executable, "-c", "import narrcheck.pipeline"])


def peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


def mark(ok: bool) -> str:
    return "met" if ok else "NOT met"


def text_batch(n: int) -> list[tuple[str, str]]:
    text, narr = load(SEED)
    muts = mutations(text, narr)
    items = [(SEED.name, text)]
    i = 0
    while len(items) < n:
        m = muts[i % len(muts)]
        items.append((f"variant-{i}.txt", apply(text, m)))
        i += 1
    return items[:n]


def many_files(items: list[tuple[str, str]]) -> tuple[float, float]:
    """One ``narrcheck check FOLDER -f json -o FILE`` over ``items`` written as files: its peak memory (MB,
    ru_maxrss of that process alone) and wall time (s)."""
    import tempfile

    exe = Path(sys.executable).parent / "narrcheck"
    with tempfile.TemporaryDirectory(prefix="narrcheck-many-") as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for i, (_, text) in enumerate(items):
            (folder / f"d{i:04d}.txt").write_text(text, encoding="utf-8")
        cmd = [str(exe), "check", str(folder), "-f", "json", "-o", str(Path(tmp) / "report.json")]
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(proc.pid, 0)
        return usage.ru_maxrss / 1024, time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200, help="text documents in the batch")
    ap.add_argument("--pdf", action="store_true", help="also time the corpus PDFs in ../shared/corpus/")
    ap.add_argument("--pdf-repeat", type=int, default=2, help="passes over the PDFs")
    ap.add_argument("--jobs", type=int, default=0, help="processes for the all-cores run (default: nproc)")
    ap.add_argument("--many", type=int, default=300, help="files in the one-`check` memory run (0: skip it)")
    a = ap.parse_args(argv)
    cores = os.cpu_count() or 1
    jobs = a.jobs or cores
    print(
        f"machine: {cores} cores (nproc), {platform.platform()}, Python {platform.python_version()}, "
        f"{platform.processor() or platform.machine()}"
    )
    print("note: figures are noisy on shared machines; compare runs, not single numbers.\n")

    items = text_batch(a.n)
    check_text(items[0])  # warm-up: imports, spaCy model, pattern compilation
    t1, res1 = run(check_text, items, 1)
    tn, _ = run(check_text, items, jobs)
    rate1 = len(items) / t1
    raten = len(items) / tn
    print(f"text: {len(items)} documents ({len(items[0][1])} chars each, seed + mutate.py variants)")
    print(
        f"  one core   {rate1:8.1f} docs/s   target ≥ {TARGET_TEXT_PER_CORE:.0f} docs/s per core   "
        f"{mark(rate1 >= TARGET_TEXT_PER_CORE)}"
    )
    print(f"  {jobs} procs    {raten:8.1f} docs/s   ({raten / jobs:.1f} per process; speed-up {raten / rate1:.2f}×)")
    print("\n".join(stage_table(res1)))

    if a.pdf:
        pdfs = sorted(str(p) for p in PDF_DIR.glob("*.pdf"))
        if not pdfs:
            print(f"\npdf: no PDFs in {PDF_DIR}")
        else:
            check_file(pdfs[0])  # warm-up
            batch = pdfs * a.pdf_repeat
            t1, res1 = run(check_file, batch, 1)
            tn, _ = run(check_file, batch, jobs)
            pages = sum(r["pages"] for r in res1)
            per_doc_pages = pages / len(batch)
            rate1 = len(batch) / t1
            raten = len(batch) / tn
            rate25 = (pages / t1) / 25  # in units of 25-page PDFs
            print(f"\npdf: {len(pdfs)} PDFs × {a.pdf_repeat} passes, {per_doc_pages:.1f} pages/PDF on average")
            print(f"  one core   {rate1:8.2f} PDFs/s  {pages / t1:8.1f} pages/s  ({1000 * t1 / pages:.1f} ms/page)")
            print(
                f"             {rate25:8.2f} 25-page PDFs/s   target ≥ {TARGET_PDF_PER_CORE:.0f} per core   "
                f"{mark(rate25 >= TARGET_PDF_PER_CORE)}"
            )
            print(f"  {jobs} procs    {raten:8.2f} PDFs/s  {pages / tn:8.1f} pages/s  (speed-up {raten / rate1:.2f}×)")
            print("\n".join(stage_table(res1)))
            print("  per PDF (one core, ms):")
            for p, r in zip(batch[: len(pdfs)], res1[: len(pdfs)]):
                tot = sum(r.get(s, 0.0) for s in STAGES)
                print(
                    f"    {Path(p).name:45} {int(r['pages']):3d} pages {1000 * tot:8.1f} ms  "
                    f"{1000 * tot / r['pages']:6.1f} ms/page"
                )

    if a.many:
        mb, secs = many_files(text_batch(a.many))
        print(
            f"\nmany files: `narrcheck check` on {a.many} text documents, one JSON report: peak {mb:.0f} MB, "
            f"{secs:.1f} s ({a.many / secs:.1f} docs/s)   target ≤ {TARGET_MANY_MB:.0f} MB   "
            f"{mark(mb <= TARGET_MANY_MB)}"
        )

    own, kids = peak_mb()
    print(f"\npeak memory (ru_maxrss): this process {own:.0f} MB, largest worker {kids:.0f} MB")
    cli, imp = startup()
    print(
        f"start-up (median of 5): `narrcheck --help` {cli:.2f} s, `import narrcheck.pipeline` {imp:.2f} s   "
        f"target < {TARGET_STARTUP} s   {mark(max(cli, imp) < TARGET_STARTUP)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
