"""Fuzz the whole pipeline with mutated corpus files; zero crashes expected.

    python benchmarks/fuzz.py --minutes 10            # text and PDF seeds
    python benchmarks/fuzz.py --minutes 5 --cli 20    # and 20 runs through the real CLI

Each example takes a seed disclosure (corpus/yanbian-shebao-2024.txt; the
PDFs of ../shared/corpus when present) and applies a few random mutations:
byte flips, deletions, duplicated lines, inserted junk (NULs, ANSI escapes,
markup, GBK bytes, invalid UTF-8) and truncation. A *crash* is any exception
other than ``narrcheck.model.ReadError`` escaping ``narrcheck.pipeline.check``,
or (``--cli``) the CLI printing a traceback or exiting with a status other
than 0, 1 or 2. Crashing inputs are written to ``--keep`` (default
``/tmp/narrcheck-fuzz``) with the traceback beside them.

tests/test_fuzz.py runs the same strategy with a small budget.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
TEXT_SEEDS = [ROOT / "corpus" / "yanbian-shebao-2024.txt"]
PDF_SEEDS = sorted((ROOT.parent / "shared" / "corpus").glob("*.pdf"))

JUNK = [
    b"\x00",
    b"\x00\x00\x00\x00",
    b"\x1b[31m",
    b"\x1b]0;pwned\x07",
    b"<script>alert(1)</script>",
    b"{{ 7*7 }}{% raw %}",
    b"../../etc/passwd",
    "年初预算为0万元，完成年初预算的100%。".encode(),
    "占比1234.5%，".encode(),
    "增长（3.2）%，".encode(),
    "１２３．４５万元".encode(),
    "1,2345.6万元，12.345.67万元，.5万元，".encode(),
    "二〇二四年，百分之十，".encode(),
    "其中：".encode(),
    "\t\t\t\n".encode(),
    "一、".encode(),
    "（一）".encode(),
    "合计\t\t\t".encode(),
    "本年支出1153.9万元，比上年增加105.52万元，下降8.4%。".encode("gbk"),
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\xe4\xb8",  # half a UTF-8 character
    b"\r",
    b"%PDF-1.7\n",
    b"endstream endobj",
    b"\n" * 50,
]


def _flip(data: bytearray, draw) -> None:
    if data:
        i = draw(st.integers(0, len(data) - 1))
        data[i] ^= draw(st.integers(1, 255))


def _delete(data: bytearray, draw) -> None:
    if data:
        i = draw(st.integers(0, len(data) - 1))
        n = draw(st.integers(1, max(1, min(len(data) - i, 4000))))
        del data[i : i + n]


def _dup_lines(data: bytearray, draw) -> None:
    lines = bytes(data).split(b"\n")
    i = draw(st.integers(0, len(lines) - 1))
    n = draw(st.integers(1, 20))
    k = draw(st.integers(1, 5))
    lines[i:i] = lines[i : i + n] * k
    data[:] = b"\n".join(lines)


def _insert(data: bytearray, draw) -> None:
    i = draw(st.integers(0, len(data)))
    junk = draw(
        st.one_of(
            st.sampled_from(JUNK),
            st.binary(min_size=1, max_size=64),
            st.text(max_size=40).map(lambda s: s.encode("utf-8", "surrogatepass")),
        )
    )
    data[i:i] = junk


def _truncate(data: bytearray, draw) -> None:
    if data:
        del data[draw(st.integers(0, len(data) - 1)) :]


TEXT_OPS = {"flip": _flip, "delete": _delete, "dup_lines": _dup_lines, "insert": _insert, "truncate": _truncate}
PDF_OPS = {"flip": _flip, "truncate": _truncate}


@st.composite
def mutated(draw, seeds: list[Path], ops: dict, suffix: str, max_ops: int = 6):
    """(suffix, mutated bytes, list of operations applied) from one of ``seeds``."""
    seed = draw(st.sampled_from(seeds))
    data = bytearray(seed.read_bytes())
    names = draw(st.lists(st.sampled_from(sorted(ops)), min_size=1, max_size=max_ops))
    for name in names:
        if name == "flip" and suffix == ".pdf":
            for _ in range(draw(st.integers(1, 40))):  # one flip rarely hurts a PDF
                _flip(data, draw)
            continue
        ops[name](data, draw)
    return suffix, bytes(data), [seed.name] + names


def inputs():
    """The strategy over all seeds present: mutated text disclosures, and PDFs when the shared corpus is there."""
    text = mutated(TEXT_SEEDS, TEXT_OPS, ".txt")
    if not PDF_SEEDS:
        return text
    return st.one_of(text, mutated(PDF_SEEDS, PDF_OPS, ".pdf"))


class Crash(AssertionError):
    pass


def run_one(suffix: str, data: bytes, workdir: Path) -> str:
    """Check ``data`` written with ``suffix``; return 'ok' or 'unreadable'; raise Crash on anything else."""
    from narrcheck.model import ReadError
    from narrcheck.pipeline import check
    from narrcheck.render import html, json as json_render, terminal
    from rich.console import Console
    import io

    path = workdir / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        doc = check(path)
    except ReadError as exc:
        msg = str(exc)
        if "\n" in msg or not msg:
            raise Crash(f"ReadError message is not one line: {msg!r}")
        return "unreadable"
    except Exception as exc:  # noqa: BLE001
        raise Crash(f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}") from exc
    try:  # the reports must survive whatever the document holds
        json_render.render([json_render.document_dict(doc)])
        html.render([doc])
        terminal.render(doc, Console(file=io.StringIO(), width=110, no_color=True), show_all=True, stats=True)
    except Exception as exc:  # noqa: BLE001
        raise Crash(f"render: {type(exc).__name__}: {exc}\n{traceback.format_exc()}") from exc
    return "ok"


def run_cli(suffix: str, data: bytes, workdir: Path, timeout: float = 120) -> int:
    """The real CLI on ``data``; raise Crash on a traceback or an exit status other than 0, 1, 2."""
    path = workdir / f"fuzzcli{suffix}"
    path.write_bytes(data)
    p = subprocess.run(
        [sys.executable, "-m", "narrcheck.cli", "check", str(path), "--format", "json"],
        capture_output=True,
        timeout=timeout,
    )
    err = p.stderr.decode("utf-8", "replace")
    if p.returncode not in (0, 1, 2) or "Traceback" in err:
        raise Crash(f"exit {p.returncode}: {err[-2000:]}")
    if p.returncode == 2 and len(err.strip().splitlines()) != 1:
        raise Crash(f"exit 2 without exactly one stderr line: {err!r}")
    return p.returncode


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=5.0, help="Wall-clock budget (default 5).")
    ap.add_argument("--cli", type=int, default=0, help="Also run this many examples through the real CLI.")
    ap.add_argument(
        "--keep",
        type=Path,
        default=Path(tempfile.gettempdir()) / "narrcheck-fuzz",
        help="Where crashing inputs are written.",
    )
    ap.add_argument("--seed", type=int, default=None, help="Hypothesis seed (default random).")
    args = ap.parse_args(argv)

    deadline = time.monotonic() + 60 * args.minutes
    stats = {"examples": 0, "ok": 0, "unreadable": 0, "crashes": 0, "cli": 0}
    args.keep.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="narrcheck-fuzz-"))

    def record(suffix: str, data: bytes, ops: list[str], crash: Crash) -> None:
        stats["crashes"] += 1
        n = stats["crashes"]
        (args.keep / f"crash{n}{suffix}").write_bytes(data)
        (args.keep / f"crash{n}.txt").write_text(f"ops: {ops}\n{crash}\n", encoding="utf-8")
        print(f"CRASH {n} ({' '.join(ops)}): {str(crash).splitlines()[0]}", flush=True)

    @settings(max_examples=25, deadline=None, database=None, derandomize=False, suppress_health_check=list(HealthCheck))
    @given(inputs())
    def fuzz(example):
        if time.monotonic() > deadline:
            return
        suffix, data, ops = example
        stats["examples"] += 1
        try:
            stats[run_one(suffix, data, work)] += 1
        except Crash as c:
            record(suffix, data, ops, c)
        if stats["cli"] < args.cli:
            stats["cli"] += 1
            try:
                run_cli(suffix, data, work)
            except (Crash, subprocess.TimeoutExpired) as c:
                record(suffix, data, ops, c if isinstance(c, Crash) else Crash(f"CLI timeout: {c}"))
        if stats["examples"] % 25 == 0:
            print(f"{stats['examples']} examples, {stats['crashes']} crashes", flush=True)

    t0 = time.monotonic()
    if args.seed is not None:
        from hypothesis import seed as hseed

        fuzz = hseed(args.seed)(fuzz)
    while time.monotonic() < deadline:
        fuzz()  # 25 fresh random examples a call
    mins = (time.monotonic() - t0) / 60
    print(
        f"{stats['examples']} examples in {mins:.1f} min: {stats['ok']} checked, "
        f"{stats['unreadable']} refused as unreadable, "
        f"{stats['cli']} through the CLI, {stats['crashes']} crashes"
        + (f" (inputs in {args.keep})" if stats["crashes"] else "")
    )
    return 1 if stats["crashes"] else 0


if __name__ == "__main__":
    sys.exit(main())
