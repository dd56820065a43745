"""Detection benchmark: does narrcheck flag every single error mutate.py puts in the narrative?

    .venv/bin/python benchmarks/detect.py [FILE] [--max-per-type N] [--json out.json] [--show-missed] [--jobs N]

For the original and every variant (built in memory, never written to disk)
it runs ``narrcheck.pipeline.check_document``. A variant is *detected* when
its edited span (in the variant's offsets) overlaps a claim with verdict
rounding/mismatch/direction or a finding of severity error/warning. A *new
false alarm* is a claim flagged in the variant whose twin in the original
(same text, same position once mapped back, outside the edited span) was
``ok``. Variants run on all cores (ProcessPoolExecutor).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mutate import TYPES, Mutation, apply, context, load, mutations, sample, to_original  # noqa: E402
from narrcheck.model import ReadError  # noqa: E402

SEED = Path(__file__).resolve().parents[1] / "corpus" / "yanbian-shebao-2024.txt"

TARGETS: dict[str, float | None] = {
    "pct_last_digit": 0.95,
    "pct_more": 0.99,
    "amount_cent": 0.95,
    "amount_digit": 0.99,
    "amount_transpose": 0.99,
    "amount_drop": 0.99,
    "direction": 0.99,
    "equal_claim": 0.99,
    "wrong_base": None,  # no target set
    "template_unfilled": None,
}
"""Recall targets: one-digit, sign and direction edits ≥ 99 %; last-digit rounding edits ≥ 95 %."""

FLAG_SEVERITIES = ("error", "warning")

_STATE: dict[str, Any] = {}


def run_check(path: Path, text: str):
    from narrcheck.pipeline import check_document
    from narrcheck.readers.text import read_text

    doc = read_text(path, text.encode("utf-8"))
    return check_document(doc)


def _init(path: str, text: str, orig: dict[str, Any]) -> None:
    _STATE.update(path=Path(path), text=text, orig=orig)


def summarize_original(path: Path, text: str) -> dict[str, Any]:
    doc = run_check(path, text)
    claims = {}
    for c in doc.claims:
        claims[(c.start, c.end, c.text, c.kind)] = c.verdict  # an amount and a composition may share a span
    flagged_spans = [(c.start, c.end) for c in doc.claims if c.flagged]
    flagged_spans += [(f.start, f.end) for f in doc.findings if f.severity in FLAG_SEVERITIES]
    return {
        "claims": claims,
        "flagged_spans": flagged_spans,
        "n_claims": len(doc.claims),
        "n_flagged": sum(c.flagged for c in doc.claims),
        "n_findings": sum(f.severity in FLAG_SEVERITIES for f in doc.findings),
        "verdicts": {
            v: sum(c.verdict == v for c in doc.claims)
            for v in ("ok", "rounding", "mismatch", "direction", "unverified")
        },
    }


def _span(m: Mutation) -> tuple[int, int]:
    # an empty edit (占 93.2% → 占 %) counts as touching the characters either side
    return (m.start - 1, m.end + 1) if m.end == m.start else (m.start, m.end)


def evaluate(m: Mutation) -> dict[str, Any]:
    """Check one variant and judge detection and false alarms."""
    path, text, orig = _STATE["path"], _STATE["text"], _STATE["orig"]
    doc = run_check(path, apply(text, m))
    s, e = _span(m)
    hits, near = [], []
    false_alarms = []
    for c in doc.claims:
        overlaps = c.start < e and c.end > s
        if overlaps:
            near.append({"text": c.text, "kind": c.kind, "verdict": c.verdict, "message": c.message})
            if c.flagged:
                hits.append(f"claim:{c.kind}:{c.verdict}")
            continue
        if c.flagged:
            a, b = to_original(m, c.start), to_original(m, c.end)
            twin = orig["claims"].get((a, b, c.text, c.kind)) if a is not None and b is not None else None
            if twin == "ok":
                # knock-on: the flagged claim's sentence holds the edit, or its message quotes the new number
                knock = (c.sentence[0] < e and c.sentence[1] > s) or (bool(m.new) and m.new in (c.message or ""))
                false_alarms.append({"text": c.text, "verdict": c.verdict, "message": c.message, "knock_on": knock})
    for f in doc.findings:
        if f.severity in FLAG_SEVERITIES and f.start < e and f.end > s:
            hits.append(f"finding:{f.rule}")
    os_, oe = m.ostart, max(m.oend, m.ostart + 1)
    pre = any(a < oe and b > os_ for a, b in orig["flagged_spans"])
    return {
        **m.as_dict(),
        "detected": bool(hits),
        "by": hits,
        "pre_flagged": pre,
        "claims_at_span": near,
        "false_alarms": false_alarms,
        "context": context(text, m),
    }


def detect(
    path: Path = SEED,
    max_per_type: int | None = None,
    jobs: int | None = None,
    seed: int = 0,
    types: tuple[str, ...] = TYPES,
) -> dict[str, Any]:
    """Run the benchmark; returns {'original': …, 'types': {type: {variants, detected, recall, …}}, 'variants': […]}."""
    t0 = time.perf_counter()
    text, narr = load(path)
    orig = summarize_original(path, text)
    muts = sample(mutations(text, narr, types, seed), max_per_type, seed)
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1:
        _init(str(path), text, orig)
        results = [evaluate(m) for m in muts]
    else:
        with ProcessPoolExecutor(jobs, initializer=_init, initargs=(str(path), text, orig)) as ex:
            results = list(ex.map(evaluate, muts, chunksize=4))
    per: dict[str, dict[str, Any]] = {}
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in results:
        groups[r["type"]].append(r)
    for t in types:
        rs = groups.get(t, [])
        n = len(rs)
        det = sum(r["detected"] for r in rs)
        per[t] = {
            "variants": n,
            "detected": det,
            "recall": det / n if n else None,
            "target": TARGETS.get(t),
            "pre_flagged": sum(r["pre_flagged"] for r in rs),
            "fa_variants": sum(bool(r["false_alarms"]) for r in rs),
            "fa_total": sum(len(r["false_alarms"]) for r in rs),
            "fa_knock_on": sum(fa["knock_on"] for r in rs for fa in r["false_alarms"]),
        }
    return {
        "file": str(path),
        "original": {k: v for k, v in orig.items() if k not in ("claims", "flagged_spans")},
        "types": per,
        "variants": results,
        "seconds": time.perf_counter() - t0,
        "jobs": jobs,
    }


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def table(res: dict[str, Any]) -> str:
    o = res["original"]
    lines = [
        f"{res['file']}",
        f"original: {o['n_claims']} claims extracted, {o['n_flagged']} flagged "
        f"({', '.join(f'{k} {v}' for k, v in o['verdicts'].items())}), {o['n_findings']} error/warning findings",
        "",
        f"{'type':18} {'variants':>8} {'detected':>8} {'recall':>7} {'target':>7} {'met':>4} "
        f"{'pre':>4} {'FA var':>6} {'FA tot':>6} {'knock':>5}",
    ]
    tot_v = tot_d = tot_fv = tot_ft = tot_k = 0
    for t, s in res["types"].items():
        tgt = s["target"]
        met = "—" if tgt is None or s["recall"] is None else ("yes" if s["recall"] >= tgt else "NO")
        lines.append(
            f"{t:18} {s['variants']:>8} {s['detected']:>8} {_pct(s['recall']):>7} "
            f"{('≥' + _pct(tgt)) if tgt else '—':>7} {met:>4} "
            f"{s['pre_flagged']:>4} {s['fa_variants']:>6} {s['fa_total']:>6} {s['fa_knock_on']:>5}"
        )
        tot_v += s["variants"]
        tot_d += s["detected"]
        tot_fv += s["fa_variants"]
        tot_ft += s["fa_total"]
        tot_k += s["fa_knock_on"]
    lines.append(
        f"{'all':18} {tot_v:>8} {tot_d:>8} {_pct(tot_d / tot_v if tot_v else None):>7} {'':>7} {'':>4} {'':>4} "
        f"{tot_fv:>6} {tot_ft:>6} {tot_k:>5}"
    )
    lines.append(
        f"new false alarms: target 0, measured {tot_ft} in {tot_fv} variants — {'met' if tot_ft == 0 else 'NOT met'}"
    )
    lines.append(
        "pre = variants whose edited span already overlapped something flagged in the original "
        "(their detection proves little); "
        "FA var/tot = variants with new false alarms / total of them; knock = of FA tot, "
        "flags in the edited sentence or quoting the edited number (a consequence of the edit, arguably not false)."
    )
    lines.append(f"{tot_v} variants in {res['seconds']:.1f} s on {res['jobs']} processes")
    return "\n".join(lines)


def missed(res: dict[str, Any]) -> str:
    out = []
    for r in res["variants"]:
        if r["detected"]:
            continue
        at = (
            "; ".join(f"{c['kind']}:{c['verdict']} «{c['text']}»" for c in r["claims_at_span"])
            or "no claim at the span"
        )
        out.append(f"[{r['type']}] {r['old']!r} → {r['new']!r} @{r['start']}  {r['context']}\n      claims there: {at}")
    return "\n".join(out)


def false_alarm_list(res: dict[str, Any]) -> str:
    out = []
    for r in res["variants"]:
        for fa in r["false_alarms"]:
            out.append(
                f"[{r['type']}] {r['old']!r} → {r['new']!r} @{r['start']} ⇒ "
                f"{'knock-on ' if fa['knock_on'] else ''}{fa['verdict']} «{fa['text']}» {fa['message']}"
            )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", type=Path, nargs="?", default=SEED)
    ap.add_argument("--max-per-type", type=int, default=0, help="sample at most N variants per type (default: all)")
    ap.add_argument("--jobs", type=int, default=0, help="processes (default: all cores)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--type", action="append", choices=TYPES)
    ap.add_argument("--json", type=Path, help="write the full result (every variant) here")
    ap.add_argument("--show-missed", action="store_true", help="list every missed variant with its context")
    ap.add_argument("--show-false-alarms", action="store_true", help="list every new false alarm")
    a = ap.parse_args(argv)
    try:
        res = detect(a.file, a.max_per_type or None, a.jobs or None, a.seed, tuple(a.type or TYPES))
    except ReadError as e:
        print(f"detect.py: {a.file}: {e}", file=sys.stderr)  # one line, as narrcheck itself says it
        return 2
    print(table(res))
    if a.show_missed:
        print("\nmissed variants:")
        print(missed(res) or "  none")
    if a.show_false_alarms:
        print("\nnew false alarms:")
        print(false_alarm_list(res) or "  none")
    if a.json:
        a.json.write_text(json.dumps(res, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
