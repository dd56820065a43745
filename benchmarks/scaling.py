"""Scaling report (issue 16): each hostile input of the issue's table at growing sizes, in a fresh process.

    .venv/bin/python benchmarks/scaling.py                 # every row, sizes x1 x2 x4 x8
    .venv/bin/python benchmarks/scaling.py --only pdf_drawings text_table --sizes 4
    .venv/bin/python benchmarks/scaling.py --full          # the issue's sizes too (slow, needs disk)

Each file is built on the fly in a temporary folder (tests/hostile/), then
``narrcheck check FILE --format json`` runs in a subprocess with the default
limits and a 120 s wall limit; the report prints seconds, peak RSS and the
first line of stderr (the one-line refusal, if any) per size, and the growth
ratio from one size to the next (~2 for linear, ~4 for quadratic).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import hostile  # noqa: E402

_RUN = (
    "import resource, sys\n"
    "from narrcheck.cli import main\n"
    "sys.argv = ['narrcheck', 'check', sys.argv[1], '--format', 'json', *sys.argv[2:]]\n"
    "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
    "print('RSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, code, file=sys.stderr)\n"
)

# name -> (builder(folder, size) -> path, base size, unit, issue size)
ROWS = {
    "docx_bomb": (lambda d, n: hostile.docx_bomb(d / "bomb.docx", n), 128, "MB document.xml", 1000),
    "docx_media": (lambda d, n: hostile.docx_media(d / "media.docx", n), 256, "MB media part", 3000),
    "docx_vmerge": (lambda d, n: hostile.docx_vmerge(d / "vmerge.docx", n, 20), 100, "rows x 20 vMerge", 900),
    "xlsx_inline": (lambda d, n: hostile.xlsx_inline(d / "inline.xlsx", n), 128, "MB inline cell", 1000),
    "xlsx_shared": (lambda d, n: hostile.xlsx_shared(d / "sst.xlsx", n), 1_000_000, "shared strings", 8_000_000),
    "xls_sparse": (lambda d, n: hostile.xls_sparse(d / "sparse.xls", n), 2, "sparse sheets", 20),
    "xlsx_wide": (lambda d, n: hostile.xlsx_rows(d / "wide.xlsx", 120, n), 2048, "columns x 120 rows", 16384),
    "xlsx_long": (lambda d, n: hostile.xlsx_rows(d / "long.xlsx", n, 2), 125_000, "rows x 2", 1_000_000),
    "seed_share": (
        lambda d, n: hostile.seed_with(d / "share.txt", "支出1万元，占1%；", n),
        1250,
        "x 支出1万元，占1%；",
        10_000,
    ),
    "seed_template": (
        lambda d, n: hostile.seed_with(d / "tpl.txt", "增加（减少）0万元，增长（下降）0%，", n),
        1250,
        "x 增加（减少）…",
        10_000,
    ),
    "seed_malformed": (
        lambda d, n: hostile.seed_with(d / "mal.txt", "本年支出1" + ",111" * n + "万元。", 1),
        1250,
        "groups 1,111,…",
        10_000,
    ),
    "seed_qizhong": (
        lambda d, n: hostile.seed_with(
            d / "qz.txt", "本年支出合计100万元，其中：" + "、".join(f"项目{i}支出1万元" for i in range(n)) + "。", 1
        ),
        1250,
        "其中 parts",
        10_000,
    ),
    "pdf_words": (lambda d, n: hostile.pdf_grid(d / "words.pdf", 100, n), 5, "words per cell x 1000 cells", 40),
    "pdf_drawings": (lambda d, n: hostile.pdf_drawings(d / "drawings.pdf", n), 12_500, "drawings", 100_000),
    "text_row": (lambda d, n: hostile.text_row(d / "row.txt", n), 1250, "cells in one row", 10_000),
    "text_table": (lambda d, n: hostile.text_table(d / "table.txt", n), 5000, "table rows", 40_000),
    "seed_200mb": (lambda d, n: hostile.repeated_seed(d / "big.txt", n), 25, "MB of repeated seed (--max-mb 300)", 200),
}
EXTRA_ARGS = {"seed_200mb": ["--max-mb", "300"]}


def run(path: Path, extra: list[str], limit: float) -> tuple[float, str, str]:
    """(seconds, 'RSS MB exit', first stderr line) of one check in a fresh process."""
    t = time.perf_counter()
    try:
        res = subprocess.run(
            [sys.executable, "-c", _RUN, str(path), *extra], capture_output=True, text=True, timeout=limit
        )
    except subprocess.TimeoutExpired:
        return limit, "killed", f"over {limit:g} s"
    lines = res.stderr.strip().splitlines()
    tail = lines[-1].split() if lines and lines[-1].startswith("RSS") else ["RSS", "?", str(res.returncode)]
    first = next((ln for ln in lines if not ln.startswith("RSS")), "")
    return time.perf_counter() - t, f"{tail[1]} MB, exit {tail[2]}", first[:110]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", nargs="*", help="row names (default: all)")
    ap.add_argument("--sizes", type=int, default=4, help="how many doublings to run (default 4: x1 x2 x4 x8)")
    ap.add_argument("--full", action="store_true", help="also run each row at the issue's size")
    ap.add_argument("--limit", type=float, default=120.0, help="seconds before a run is killed")
    args = ap.parse_args()
    names = args.only or list(ROWS)
    for name in names:
        build, base, unit, issue = ROWS[name]
        sizes = [base * 2**k for k in range(args.sizes)] + ([issue] if args.full else [])
        print(f"\n{name} ({unit})")
        prev = None
        for n in sizes:
            with tempfile.TemporaryDirectory() as tmp:
                path = build(Path(tmp), n)
                secs, mem, first = run(path, EXTRA_ARGS.get(name, []), args.limit)
            growth = f"x{secs / prev:.1f}" if prev else ""
            prev = max(secs, 1e-3)
            print(f"  {n:>10,}  {secs:7.2f} s {growth:>6}  {mem:<18} {first}", flush=True)


if __name__ == "__main__":
    main()
