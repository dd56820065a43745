"""Precision and recall on the wild development set (tests/data/wild/): real excerpts, hand gold.

    .venv/bin/python benchmarks/wild.py [--details]

Every excerpt is checked as a user would check it; each alarm (a claim judged rounding, mismatch
or direction, or an error finding) is matched by character overlap against the gold quotes:

- a *true alarm* overlaps a quote whose gold verdict is rounding, mismatch or direction;
- a *false alarm* overlaps none (on text verified ok, or text nobody can check);
- a gold mismatch or direction is *found* when an alarm or a warning overlaps it;
- a claim judged ``ok`` inside a quote whose gold is rounding or mismatch, ending on the figure the
  quote ends with (the one it tests), is a *wrong ok*.

Template residue findings (占 %, 增加（减少）) are left out: they flag text nobody can check, not
a figure, and their own tests hold them.

The figures are printed by kind of source (决算说明, 三公经费, …); ``tests/test_wild.py`` asserts
on the same scoring that there are no false alarms, no missed mismatches and no wrong oks.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WILD = ROOT / "tests" / "data" / "wild"
sys.path.insert(0, str(ROOT / "src"))

from narrcheck.model import Document, ReadError  # noqa: E402
from narrcheck.pipeline import check  # noqa: E402

ALARM_VERDICTS = ("rounding", "mismatch", "direction")
DERIVED = ("share", "change", "completion", "comparison", "composition", "saving", "balance", "gap")


@dataclass
class Gold:
    """One hand-checked statement: where it is in the file and what a person finds."""

    quote: str
    verdict: str
    arithmetic: str
    start: int
    end: int


@dataclass
class WildDoc:
    """One excerpt with its provenance and gold."""

    file: Path
    source: str
    province: str
    source_kind: str
    script: str
    gold: list[Gold] = field(default_factory=list)
    # False for a text outside public finance (an agricultural production report) that `check` refuses without
    # --force: kept to show no alarm is raised when it is forced (gold file: finance = false)
    finance: bool = True


@dataclass
class Score:
    """What narrcheck did on one excerpt, measured against its gold."""

    doc: WildDoc
    true_alarms: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    found: list[Gold] = field(default_factory=list)
    missed: list[Gold] = field(default_factory=list)
    rounding_found: list[Gold] = field(default_factory=list)
    rounding_missed: list[Gold] = field(default_factory=list)
    wrong_ok: list[str] = field(default_factory=list)
    error: str = ""


def load(root: Path = WILD) -> list[WildDoc]:
    """Every excerpt of every gold file, its quotes located in the text (a quote must occur)."""
    docs: list[WildDoc] = []
    for gold_file in sorted((root / "gold").glob("*.toml")):
        data = tomllib.loads(gold_file.read_text(encoding="utf-8"))
        for d in data.get("doc", []):
            path = root / d["file"]
            text = path.read_text(encoding="utf-8-sig")
            doc = WildDoc(
                path, d.get("source", ""), d.get("province", ""), d.get("source_kind", ""), d.get("script", "")
            )
            doc.finance = bool(d.get("finance", True))
            for g in d.get("gold", []):
                i = text.find(g["quote"])
                if i < 0:
                    raise ValueError(f"{path.name}: quote not in the text: {g['quote']!r}")
                doc.gold.append(Gold(g["quote"], g["verdict"], g.get("arithmetic", ""), i, i + len(g["quote"])))
            docs.append(doc)
    return docs


def _overlaps(a0: int, a1: int, g: Gold) -> bool:
    return a0 < g.end and g.start < a1


def score(wd: WildDoc, doc: Document) -> Score:
    """Match the alarms of ``doc`` against the gold of ``wd``."""
    s = Score(wd)
    bad = [g for g in wd.gold if g.verdict in ALARM_VERDICTS]
    alarms = [
        (c.start, c.end, f"{c.id} {c.kind} {c.verdict}: {c.text} — {c.message}")
        for c in doc.claims
        if c.verdict in ALARM_VERDICTS
    ]
    # template residue (占 %, 增加（减少）) is text nobody can check, not a numeric claim: its own tests hold it
    alarms += [
        (f.start, f.end, f"{f.rule} {f.severity}: {f.text} — {f.message}")
        for f in doc.findings
        if f.severity == "error" and not f.rule.startswith("residue.")
    ]
    for a0, a1, what in alarms:
        (s.true_alarms if any(_overlaps(a0, a1, g) for g in bad) else s.false_alarms).append(what)
    signals = alarms + [(f.start, f.end, f.rule) for f in doc.findings if f.severity == "warning"]
    for g in bad:
        hit = any(_overlaps(a0, a1, g) for a0, a1, _ in signals)
        if g.verdict == "rounding":
            (s.rounding_found if hit else s.rounding_missed).append(g)
        else:
            (s.found if hit else s.missed).append(g)
        for c in doc.claims:
            inside = g.start <= c.start and c.end == g.end  # the claim ends on the figure the quote tests
            if c.verdict == "ok" and c.kind in DERIVED and inside and g.verdict in ("rounding", "mismatch"):
                s.wrong_ok.append(f"{c.id} {c.kind} ok in {g.verdict} quote {g.quote!r}: {c.message}")
    return s


def run_all(docs: list[WildDoc]) -> list[Score]:
    """Check every excerpt; an unreadable one is scored as an error, never a crash."""
    out = []
    for wd in docs:
        try:
            out.append(score(wd, check(wd.file)))
        except ReadError as e:
            out.append(Score(wd, error=str(e)))
    return out


def table(scores: list[Score]) -> str:
    """Markdown table of precision and recall by kind of source, and the total."""
    kinds = sorted({s.doc.source_kind for s in scores})
    rows = [
        "| source | files | gold mismatches | found | rounding slips | found | false alarms | precision | recall |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for kind in kinds + ["all"]:
        group = [s for s in scores if kind in ("all", s.doc.source_kind)]
        found = sum(len(s.found) for s in group)
        gold = found + sum(len(s.missed) for s in group)
        rgold = sum(1 for s in group for g in s.doc.gold if g.verdict == "rounding")
        rfound = sum(len(s.rounding_found) for s in group)
        true, false = sum(len(s.true_alarms) for s in group), sum(len(s.false_alarms) for s in group)
        prec = f"{true / (true + false):.0%}" if true + false else "—"
        rec = f"{found / gold:.0%}" if gold else "—"
        name = f"**{kind}**" if kind == "all" else kind
        rows.append(f"| {name} | {len(group)} | {gold} | {found} | {rgold} | {rfound} | {false} | {prec} | {rec} |")
    return "\n".join(rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--details", action="store_true", help="list every false alarm, miss and wrong ok")
    args = ap.parse_args()
    docs = load()
    scores = run_all(docs)
    provinces = {d.province for d in docs}
    print(f"{len(docs)} excerpts from {len(provinces)} provinces, {sum(len(d.gold) for d in docs)} gold statements\n")
    print(table(scores))
    print(f"\nwrong ok: {sum(len(s.wrong_ok) for s in scores)}; unreadable: {sum(1 for s in scores if s.error)}")
    if args.details:
        for s in scores:
            for what, items in (
                ("FALSE", s.false_alarms),
                ("MISSED", [f"{g.verdict}: {g.quote} ({g.arithmetic})" for g in s.missed]),
                ("ROUNDING MISSED", [f"{g.quote} ({g.arithmetic})" for g in s.rounding_missed]),
                ("WRONG OK", s.wrong_ok),
            ):
                for item in items:
                    print(f"{s.doc.file.name} {what}: {item}")
            if s.error:
                print(f"{s.doc.file.name} ERROR: {s.error}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
