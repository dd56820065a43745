"""Single-error variants of a text disclosure, made by editing the narrative only.

Library::

    from mutate import load, mutations, apply
    text, (n0, n1) = load(Path("corpus/yanbian-shebao-2024.txt"))
    for m in mutations(text, (n0, n1)):
        variant_text = apply(text, m)       # m.start/m.end are offsets in variant_text

CLI::

    .venv/bin/python benchmarks/mutate.py corpus/yanbian-shebao-2024.txt            # counts per type
    .venv/bin/python benchmarks/mutate.py FILE --list [--type amount_digit]         # every variant
    .venv/bin/python benchmarks/mutate.py FILE --out DIR [--max-per-type N]        # write variants

Each mutation records (type, start, end, old, new): ``start``/``end`` is the
edited span *in the variant's text*; ``ostart``/``oend`` the replaced span
in the original. Generation is deterministic: every candidate spot is used
once per type, and the choice within a spot (which digit, which sign) comes
from a random generator seeded with the type and the spot's offset.
Lines holding a tab are table rows and are never edited; zero-valued numbers
are skipped for numeric mutations.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path

TYPES = (
    "pct_last_digit",
    "pct_more",
    "amount_cent",
    "amount_digit",
    "amount_transpose",
    "amount_drop",
    "direction",
    "equal_claim",
    "wrong_base",
    "template_unfilled",
)
"""Every error type, in report order."""

NUM = r"(?<![\d.])(\d+(?:\.\d+)?)"
PCT_RE = re.compile(NUM + r"\s*[%％]")
AMOUNT_RE = re.compile(NUM + r"\s*(?:万元|亿元|元)")
DIRECTION_PAIRS = {"增加": "减少", "减少": "增加", "增长": "下降", "下降": "增长", "大于": "小于", "小于": "大于"}
DIRECTION_RE = re.compile(r"(增加|减少|增长|下降|大于|小于)(?=\s*(?:\d|预算数))")
EQUAL_RE = re.compile(r"决算数(大于|小于)预算数")
CHANGE_RE = re.compile(r"(增加|减少)\s*" + NUM + r"\s*万元\s*[，,]\s*(增长|下降|降低)\s*" + NUM + r"\s*[%％]")
COMPLETION_RE = re.compile(
    r"预算(?:数)?为\s*"
    + NUM
    + r"\s*万元\s*[，,]\s*支出决算(?:数)?为\s*"
    + NUM
    + r"\s*万元\s*[，,]\s*完成(?:年初)?预算的\s*"
    + NUM
    + r"\s*[%％]"
)
SHARE_RE = re.compile(r"占[^，。；,;%\d\n]{0,16}?" + NUM + r"\s*[%％]")


@dataclass(frozen=True)
class Mutation:
    type: str
    ostart: int  # replaced span in the original text
    oend: int
    old: str
    new: str

    @property
    def start(self) -> int:
        """Start of the edited span in the variant's text."""
        return self.ostart

    @property
    def end(self) -> int:
        """End of the edited span in the variant's text."""
        return self.ostart + len(self.new)

    @property
    def delta(self) -> int:
        return len(self.new) - len(self.old)

    def as_dict(self) -> dict:
        d = asdict(self)
        d.update(start=self.start, end=self.end)
        return d


def apply(text: str, m: Mutation) -> str:
    """The variant's text."""
    assert text[m.ostart : m.oend] == m.old, (m, text[m.ostart : m.oend])
    return text[: m.ostart] + m.new + text[m.oend :]


def to_original(m: Mutation, pos: int) -> int | None:
    """Map an offset in the variant to the original; None inside the edited span."""
    if pos < m.start:
        return pos
    if pos >= m.end and pos >= m.start:
        return pos - m.delta
    return None


def load(path: Path) -> tuple[str, tuple[int, int]]:
    """The document text as narrcheck reads it, and its narrative range.

    Any format narrcheck reads: a PDF's rebuilt text (tables as tab-separated
    lines) checks exactly like the PDF, so budgets and final accounts in PDF
    form are mutated as text.
    """
    from narrcheck.layout.sections import segment
    from narrcheck.readers import read

    doc = read(path)
    segment(doc)
    if doc.narrative is None:
        raise ValueError(f"{path}: no 情况说明 part found")
    return doc.text, doc.narrative


# --------------------------------------------------------------------------- helpers


def _is_zero(s: str) -> bool:
    return Decimal(s) == 0


def _decimals(s: str) -> int:
    return len(s.split(".")[1]) if "." in s else 0


def _fmt(v: Decimal, decimals: int) -> str:
    q = Decimal(1).scaleb(-decimals)
    return str(v.quantize(q)) if decimals else str(v.to_integral_value())


def _valid_number(s: str) -> bool:
    if not s or s.startswith(".") or s.endswith("."):
        return False
    intpart = s.split(".")[0]
    return not (len(intpart) > 1 and intpart[0] == "0")


def _table_lines(text: str, n0: int, n1: int) -> list[tuple[int, int]]:
    """Ranges of lines that hold a tab (table rows) inside the narrative."""
    out = []
    pos = n0
    for line in text[n0:n1].splitlines(keepends=True):
        if "\t" in line:
            out.append((pos, pos + len(line)))
        pos += len(line)
    return out


def _digit_positions(s: str) -> list[int]:
    return [i for i, ch in enumerate(s) if ch.isdigit()]


def _change_digit(s: str, rng: random.Random, exclude_last: bool = False) -> str | None:
    pos = _digit_positions(s)
    if exclude_last:
        pos = pos[:-1]
    rng.shuffle(pos)
    for i in pos:
        d = int(s[i])
        choices = [x for x in range(10) if x != d]
        rng.shuffle(choices)
        for x in choices:
            new = s[:i] + str(x) + s[i + 1 :]
            if _valid_number(new) and not _is_zero(new):
                return new
    return None


def _transpose(s: str, rng: random.Random) -> str | None:
    pairs = [i for i in range(len(s) - 1) if s[i].isdigit() and s[i + 1].isdigit() and s[i] != s[i + 1]]
    rng.shuffle(pairs)
    for i in pairs:
        new = s[:i] + s[i + 1] + s[i] + s[i + 2 :]
        if _valid_number(new):
            return new
    return None


def _drop(s: str, rng: random.Random) -> str | None:
    pos = _digit_positions(s)
    rng.shuffle(pos)
    for i in pos:
        new = s[:i] + s[i + 1 :]
        if new.endswith("."):
            new = new[:-1]
        if _valid_number(new) and new != s and Decimal(new) != Decimal(s):
            return new
    return None


def _round_like(v: Decimal, template: str) -> str:
    return _fmt(v, _decimals(template))


# --------------------------------------------------------------------------- generation


def mutations(text: str, narrative: tuple[int, int], types: tuple[str, ...] = TYPES, seed: int = 0) -> list[Mutation]:
    """Every single-error mutation of the narrative, deterministic, sorted by type then offset."""
    n0, n1 = narrative
    blocked = _table_lines(text, n0, n1)
    out: list[Mutation] = []
    seen: set[tuple] = set()

    def ok_span(a: int, b: int) -> bool:
        return n0 <= a and b <= n1 and not any(a < e and b > s for s, e in blocked)

    def add(kind: str, a: int, b: int, new: str | None) -> None:
        if new is None or kind not in types or not ok_span(a, b):
            return
        old = text[a:b]
        if new == old:
            return
        key = (kind, a, b, new)
        if key in seen:
            return
        seen.add(key)
        out.append(Mutation(kind, a, b, old, new))

    def rng(kind: str, a: int) -> random.Random:
        return random.Random(f"{seed}:{kind}:{a}")

    narr = text[n0:n1]

    def finditer(rx: re.Pattern[str]):
        for m in rx.finditer(narr):
            yield m, n0

    # percentages
    for m, base in finditer(PCT_RE):
        s = m.group(1)
        if _is_zero(s):
            continue
        a, b = base + m.start(1), base + m.end(1)
        d = _decimals(s)
        unit = Decimal(1).scaleb(-d)
        v = Decimal(s)
        r = rng("pct_last_digit", a)
        sign = r.choice((1, -1))
        new = v + sign * unit
        if new <= 0:
            new = v + unit
        add("pct_last_digit", a, b, _fmt(new, d))
        r = rng("pct_more", a)
        if r.random() < 0.5 or len(_digit_positions(s)) < 2:
            k = r.randint(3, 9) * r.choice((1, -1))
            new = v + k * unit
            if new <= 0:
                new = v + abs(k) * unit
            add("pct_more", a, b, _fmt(new, d))
        else:
            add("pct_more", a, b, _change_digit(s, r, exclude_last=True))

    # amounts
    for m, base in finditer(AMOUNT_RE):
        s = m.group(1)
        if _is_zero(s):
            continue
        a, b = base + m.start(1), base + m.end(1)
        v = Decimal(s)
        r = rng("amount_cent", a)
        sign = r.choice((1, -1))
        new = v + sign * Decimal("0.01")
        if new <= 0:
            new = v + Decimal("0.01")
        add("amount_cent", a, b, _fmt(new, 2))
        add("amount_digit", a, b, _change_digit(s, rng("amount_digit", a)))
        add("amount_transpose", a, b, _transpose(s, rng("amount_transpose", a)))
        add("amount_drop", a, b, _drop(s, rng("amount_drop", a)))

    # direction words in a claim context (followed by a non-zero number or 预算数)
    for m, base in finditer(DIRECTION_RE):
        after = narr[m.end() :]
        num = re.match(r"\s*(\d+(?:\.\d+)?)", after)
        if num and _is_zero(num.group(1)):
            continue
        a, b = base + m.start(1), base + m.end(1)
        add("direction", a, b, DIRECTION_PAIRS[m.group(1)])

    for m, base in finditer(EQUAL_RE):
        add("equal_claim", base + m.start(), base + m.end(), "决算数与预算数一致")

    # wrong base: change percentage over the current amount; completion as budget / actual
    for m, base in finditer(CHANGE_RE):
        diff, pct = m.group(2), m.group(4)
        if _is_zero(diff) or _is_zero(pct):
            continue
        window = narr[max(0, m.start() - 120) : m.start()]
        window = window.split("\n\n")[-1]
        amounts = list(AMOUNT_RE.finditer(window))
        if amounts:
            x = Decimal(amounts[-1].group(1))
            if x > 0:
                wrong = Decimal(diff) / x * 100
                add("wrong_base", base + m.start(4), base + m.end(4), _round_like(wrong, pct))
        # template residue put back
        a, b = base + m.start(), base + m.end()
        old = narr[m.start() : m.end()]
        r1s, r1e = m.start(1) - m.start(), m.end(1) - m.start()
        r3s, r3e = m.start(3) - m.start(), m.end(3) - m.start()
        new = old[:r1s] + "增加（减少）" + old[r1e:r3s] + "增长（下降）" + old[r3e:]
        add("template_unfilled", a, b, new)

    for m, base in finditer(COMPLETION_RE):
        budget, actual, pct = m.group(1), m.group(2), m.group(3)
        if _is_zero(actual) or _is_zero(pct):
            continue
        wrong = Decimal(budget) / Decimal(actual) * 100
        add("wrong_base", base + m.start(3), base + m.end(3), _round_like(wrong, pct))

    for m, base in finditer(SHARE_RE):
        if _is_zero(m.group(1)):
            continue
        add("template_unfilled", base + m.start(1), base + m.end(1), "")

    order = {t: i for i, t in enumerate(TYPES)}
    out.sort(key=lambda x: (order[x.type], x.ostart, x.new))
    return out


def sample(muts: list[Mutation], max_per_type: int | None, seed: int = 0) -> list[Mutation]:
    """At most ``max_per_type`` of each type, chosen by a seeded generator, in offset order."""
    if not max_per_type:
        return list(muts)
    by: dict[str, list[Mutation]] = {}
    for m in muts:
        by.setdefault(m.type, []).append(m)
    out = []
    for t, ms in by.items():
        if len(ms) > max_per_type:
            ms = sorted(random.Random(f"{seed}:{t}").sample(ms, max_per_type), key=lambda x: x.ostart)
        out.extend(ms)
    return out


def context(text: str, m: Mutation, width: int = 30) -> str:
    """The variant's words around the edit, the edit in 【】."""
    v = apply(text, m)
    left = v[max(0, m.start - width) : m.start].replace("\n", " ")
    right = v[m.end : m.end + width].replace("\n", " ")
    return f"{left}【{v[m.start : m.end]}】{right}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "file", type=Path, nargs="?", default=Path(__file__).resolve().parents[1] / "corpus" / "yanbian-shebao-2024.txt"
    )
    ap.add_argument("--type", action="append", choices=TYPES, help="only these types (repeatable)")
    ap.add_argument("--max-per-type", type=int, default=0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--list", action="store_true", help="print every variant as JSON lines")
    ap.add_argument("--out", type=Path, help="write each variant as DIR/NNNN-type.txt plus DIR/index.jsonl")
    a = ap.parse_args(argv)
    text, narr = load(a.file)
    muts = sample(mutations(text, narr, tuple(a.type or TYPES), a.seed), a.max_per_type, a.seed)
    if a.list:
        for m in muts:
            print(json.dumps({**m.as_dict(), "context": context(text, m)}, ensure_ascii=False))
    if a.out:
        a.out.mkdir(parents=True, exist_ok=True)
        with open(a.out / "index.jsonl", "w", encoding="utf-8") as idx:
            for i, m in enumerate(muts):
                name = f"{i:04d}-{m.type}.txt"
                (a.out / name).write_text(apply(text, m), encoding="utf-8")
                idx.write(json.dumps({"file": name, **m.as_dict()}, ensure_ascii=False) + "\n")
    if not a.list:
        c = Counter(m.type for m in muts)
        print(f"{a.file}: narrative {narr[0]}–{narr[1]}, {len(muts)} variants")
        for t in TYPES:
            print(f"  {t:18} {c.get(t, 0)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
