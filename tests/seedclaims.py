"""What the tests know about the seed disclosure's flagged claims, asked of the pipeline itself."""

from __future__ import annotations


def seed_flagged() -> dict[str, str]:
    """The seed's rounding claims by role, from the pipeline itself (claim ids shift when a new claim is
    read earlier in the text, so tests name them by what they are, not by a fixed id): ``share`` is the
    93.2% share (c36 today), ``cell`` the amount whose table cell is 839.55, ``ids`` all of them, sorted."""
    from pathlib import Path

    from narrcheck.pipeline import check

    seed = Path(__file__).resolve().parents[1] / "corpus" / "yanbian-shebao-2024.txt"
    rounding = [c for c in check(seed).claims if c.verdict == "rounding"]
    cell = next(c.id for c in rounding if any(e.value == "839.55" for e in c.evidence))
    share = next(c.id for c in rounding if c.kind == "share")
    return {"ids": ",".join(sorted(c.id for c in rounding)), "cell": cell, "share": share}
