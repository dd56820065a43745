"""Silencing, as linters do: --ignore/--select, a config file, --fail-on and a baseline.

A reviewer who has accepted a template warning must not see it on every run,
and a draft that only moved paragraphs must not look new. So every claim and
finding gets a *fingerprint* built from what it is (rule id or claim kind), the
normalised text of its sentence (or line, for a finding) and its own figure —
never from its position — and a baseline report hides exactly the problems it
already held, even when the paragraph moved.

Settings come from ``[tool.narrcheck]`` in ``pyproject.toml`` or from a
``.narrcheck.toml``, the first found walking up from the checked file's
folder; options on the command line override (``--ignore`` adds to the file's).
"""

from __future__ import annotations

import hashlib
import json
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from .model import Claim, Document, Finding

FAIL_LEVELS = ("error", "warning", "note", "never")
"""--fail-on values, strictest first; 'never' always exits 0 for flagged documents."""

_RANK = {"error": 0, "warning": 1, "note": 2}
_CLAIM_SEVERITY = {"mismatch": "error", "direction": "error", "rounding": "warning"}
_KEYS = {"ignore", "select", "fail-on", "fail_on", "baseline"}


class ConfigError(Exception):
    """A config file, a baseline or an option that cannot be used; the message is one line."""


@dataclass
class Settings:
    """What to report and when to fail; ``source`` names the config file read, if any."""

    ignore: list[str] = field(default_factory=list)
    select: list[str] = field(default_factory=list)
    fail_on: str = "warning"
    baseline: Path | None = None
    source: Path | None = None


def split_codes(values: Iterable[str] | None) -> list[str]:
    """Codes from repeated and comma-separated options: ``--ignore a,b --ignore c`` → [a, b, c]."""
    out: list[str] = []
    for v in values or []:
        out.extend(p.strip() for p in str(v).split(",") if p.strip())
    return out


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest .narrcheck.toml or pyproject.toml with [tool.narrcheck], walking up from ``start``."""
    folder = start if start.is_dir() else start.parent
    for d in [folder.resolve(), *folder.resolve().parents]:
        own = d / ".narrcheck.toml"
        if own.is_file():
            data = _read_toml(own)
            return own, data.get("tool", {}).get("narrcheck", data)
        py = d / "pyproject.toml"
        if py.is_file():
            section = _read_toml(py).get("tool", {}).get("narrcheck")
            if section is not None:
                return py, section
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc.__class__.__name__})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None


def settings_for(
    path: str, ignore: list[str], select: list[str], fail_on: str | None, baseline: Path | None
) -> Settings:
    """Settings for one checked file: its config file, then the command line's options on top."""
    s = Settings()
    found = find_config(Path(path)) if path != "-" else find_config(Path.cwd())
    if found is not None:
        s = _from_table(*found)
    s.ignore = s.ignore + ignore
    if select:
        s.select = select
    if fail_on is not None:
        s.fail_on = check_fail_on(fail_on, "--fail-on")
    if baseline is not None:
        s.baseline = baseline
    return s


def _from_table(path: Path, table: dict[str, Any]) -> Settings:
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(f"{path}: unknown setting {unknown[0]!r} (use ignore, select, fail-on, baseline)")
    s = Settings(source=path)
    for key in ("ignore", "select"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{path}: {key} must be a list of rule ids or claim kinds")
        setattr(s, key, split_codes(value))
    fail = table.get("fail-on", table.get("fail_on"))
    if fail is not None:
        s.fail_on = check_fail_on(str(fail), f"{path}: fail-on")
    if table.get("baseline"):
        s.baseline = (path.parent / str(table["baseline"])).resolve()
    return s


def check_fail_on(value: str, where: str) -> str:
    """A --fail-on level, lower-cased; anything else is a ConfigError."""
    v = value.strip().lower()
    if v not in FAIL_LEVELS:
        raise ConfigError(f"{where}: {value!r} is not a severity (use {', '.join(FAIL_LEVELS)})")
    return v


@lru_cache(maxsize=4096)
def _norm(s: str) -> str:
    """Text compared across drafts: NFKC (full-width folded), no whitespace at all. Memoised: the claims of
    one sentence share its text, and NFKC costs far more than a lookup."""
    return "".join(unicodedata.normalize("NFKC", s).split())


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


_CONTEXT = 200


def claim_fingerprint(doc: Document, c: Claim) -> str:
    """kind + normalised sentence + subject + the claim's own words, e.g. ``share-3f2a9c1b0d4e``: a stable id.

    The subject tells apart the same figure written twice in one sentence
    (a template's ``上级补助收入0万元…事业收入0万元``).
    """
    # the sentence around the claim, at most _CONTEXT characters either side: a whole sentence can be
    # enormous (a run of repeated clauses), and normalising it for every claim would cost its square
    s0, s1 = c.sentence
    a, b = max(min(s0, c.start), c.start - _CONTEXT), min(max(s1, c.end), c.end + _CONTEXT)
    return f"{c.kind}-{_digest(c.kind, _norm(doc.text[a:b]), _norm(c.subject), _norm(c.text))}"


def finding_fingerprint(doc: Document, f: Finding) -> str:
    """rule + normalised line text + the finding's own words (its message when it quotes none)."""
    a = doc.text.rfind("\n", 0, f.start) + 1
    b = doc.text.find("\n", f.end)
    line = doc.text[a : b if b != -1 else len(doc.text)][:400]
    return f"{f.rule}-{_digest(f.rule, _norm(line), _norm(f.text or f.message))}"


def _matches(codes: list[str], *names: str) -> bool:
    """A code matches a name exactly or as a dotted prefix (``residue`` matches ``residue.year``)."""
    return any(n == c or n.startswith(c + ".") for c in codes for n in names if n)


def _wanted(s: Settings, *names: str) -> bool:
    if s.select and not _matches(s.select, *names):
        return False
    return not _matches(s.ignore, *names)


def load_baseline(path: Path) -> Counter[str]:
    """Fingerprints (with their counts) of every claim and finding a JSON report holds."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: baseline report not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: not a narrcheck JSON report ({exc.__class__.__name__})") from None
    reports = data if isinstance(data, list) else [data]
    seen: Counter[str] = Counter()
    for r in reports:
        if not isinstance(r, dict):
            raise ConfigError(f"{path}: not a narrcheck JSON report")
        for item in [*r.get("claims", []), *r.get("findings", [])]:
            fp = item.get("fingerprint") if isinstance(item, dict) else None
            if fp is None and item:
                raise ConfigError(
                    f"{path}: the report has no fingerprints; write it again with `narrcheck check --format json`"
                )
            if fp:
                seen[fp] += 1
    return seen


def apply(doc: Document, s: Settings, baseline: Counter[str] | None = None) -> dict[str, int]:
    """Drop silenced claims and findings from ``doc``; return how many each reason hid.

    Only problems (flagged claims, findings) are matched against the baseline:
    a consistent claim is never "known".
    """
    known = Counter(baseline or {})
    hidden = {"ignored": 0, "baseline": 0}
    claims = []
    for c in doc.claims:
        if not _wanted(s, c.kind, "claim." + c.kind, c.pattern):
            hidden["ignored"] += 1
        elif c.flagged and known[fp := claim_fingerprint(doc, c)] > 0:
            known[fp] -= 1
            hidden["baseline"] += 1
        else:
            claims.append(c)
    findings = []
    for f in doc.findings:
        if not _wanted(s, f.rule):
            hidden["ignored"] += 1
        elif known[fp := finding_fingerprint(doc, f)] > 0:
            known[fp] -= 1
            hidden["baseline"] += 1
        else:
            findings.append(f)
    doc.claims, doc.findings = claims, findings
    doc.meta.silenced = hidden
    return hidden


def fails(doc: Document, fail_on: str) -> bool:
    """True when ``doc`` has a problem at or above ``fail_on`` (claims: mismatch/direction error, rounding warning)."""
    if fail_on == "never":
        return False
    limit = _RANK[fail_on]
    if doc.needs_ocr:
        return True
    sev = [_CLAIM_SEVERITY[c.verdict] for c in doc.claims if c.verdict in _CLAIM_SEVERITY]
    sev += [f.severity for f in doc.findings]
    return any(_RANK.get(x, 2) <= limit for x in sev)


class Silencer:
    """The command line's silencing options, applied file by file with each file's own config.

    Built before any work so a bad option fails fast; baselines are read once each.
    """

    def __init__(
        self, ignore: list[str] | None, select: list[str] | None, fail_on: str | None, baseline: Path | None
    ) -> None:
        self.ignore = split_codes(ignore)
        self.select = split_codes(select)
        self.fail_on = None if fail_on is None else check_fail_on(fail_on, "--fail-on")
        self.baseline = baseline
        self.quiet = False  # carried with the filters: the text report shows the problems only
        self.force = False  # check files that do not look like finance disclosures
        self._baselines: dict[Path, Counter[str]] = {}
        if baseline is not None:
            self._baseline(baseline)

    def _baseline(self, path: Path) -> Counter[str]:
        if path not in self._baselines:
            self._baselines[path] = load_baseline(path)
        return self._baselines[path]

    def settings(self, path: str) -> Settings:
        """The settings for one input (its config file found upward, options on top)."""
        return settings_for(path, self.ignore, self.select, self.fail_on, self.baseline)

    def __call__(self, path: str, doc: Document) -> bool:
        """Silence ``doc`` in place; True when what is left should fail the run."""
        s = self.settings(path)
        apply(doc, s, self._baseline(s.baseline) if s.baseline is not None else None)
        return fails(doc, s.fail_on)
