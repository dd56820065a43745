"""Chinese-aware number parsing and the interval a written number stands for.

A number written with d decimals stands for the half-open interval of half a
unit in its last place (DOMAIN.md): ``93.2`` is [93.15, 93.25). Money in
prose is usually written with trailing zeros dropped (``1153.9`` for
1153.90), so money is read at the table precision (two decimals) when fewer
are written. All arithmetic is Decimal.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal, InvalidOperation, ROUND_HALF_UP, getcontext

import regex

from .textnorm import fold

getcontext().prec = 28

UNIT_SCALE = {
    "万元": Decimal(1),
    "元": Decimal("0.0001"),
    "亿元": Decimal(10000),
    "千元": Decimal("0.1"),
    "万亿元": Decimal(100000000),
}
"""Factor that turns an amount in the given unit into 万元."""

NUMBER_RE = regex.compile(r"(?<![\d.])-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d])|(?<![\d.])\.\d+(?!\d)")
"""A number in normalised text: thousands separators, optional decimals, a sign."""

_WRITTEN = regex.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+")

_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


@dataclass(frozen=True)
class Number:
    """A written number: its value and how many decimals were written."""

    value: Decimal
    decimals: int
    text: str = ""

    def interval(self, min_decimals: int = 0) -> "Interval":
        """The interval this written number stands for, at least ``min_decimals`` precise."""
        d = max(self.decimals, min_decimals)
        half = Decimal(1).scaleb(-d) / 2
        return Interval(self.value - half, self.value + half)


@dataclass(frozen=True)
class Interval:
    """A closed-open interval of real values [lo, hi)."""

    lo: Decimal
    hi: Decimal

    @staticmethod
    def exact(v: Decimal) -> "Interval":
        return Interval(v, v)

    def __add__(self, other: "Interval") -> "Interval":
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: "Interval") -> "Interval":
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def scale(self, k: Decimal) -> "Interval":
        a, b = self.lo * k, self.hi * k
        return Interval(min(a, b), max(a, b))

    def ratio(self, other: "Interval") -> "Interval | None":
        """self / other, or None when the divisor interval touches zero."""
        if other.lo <= 0 <= other.hi:
            return None
        cands = [self.lo / other.lo, self.lo / other.hi, self.hi / other.lo, self.hi / other.hi]
        return Interval(min(cands), max(cands))

    @property
    def mid(self) -> Decimal:
        return (self.lo + self.hi) / 2

    def overlaps(self, other: "Interval") -> bool:
        """True when the intervals share a point (touching ends count: rounding is half-up)."""
        return self.lo <= other.hi and other.lo <= self.hi

    def contains(self, v: Decimal) -> bool:
        return self.lo <= v <= self.hi

    def distance(self, other: "Interval") -> Decimal:
        """Gap between the intervals, 0 when they overlap."""
        if self.overlaps(other):
            return Decimal(0)
        return other.lo - self.hi if self.hi < other.lo else self.lo - other.hi


@lru_cache(maxsize=65536)
def parse_number(text: str) -> Number | None:
    """Parse one written number: ``1,144.28``, ``１２３．４５``, ``.5``, ``-3.2``, ``（3.2）``.

    Returns None when ``text`` is not a number (``12.345.67``, ``1,2345.6``,
    a blank). Chinese numerals are handled by :func:`parse_chinese_numeral`.
    """
    s = fold(text).strip()
    if not s:
        return None
    neg = False
    if s.startswith("（") and s.endswith("）") or s.startswith("(") and s.endswith(")"):
        s, neg = s[1:-1].strip(), True
    if s.startswith("-"):
        s, neg = s[1:].strip(), not neg
    elif s.startswith("+"):
        s = s[1:]
    s = s.replace("，", ",")
    if not _WRITTEN.fullmatch(s):
        return None
    digits = s.replace(",", "")
    try:
        value = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the regex already guarantees a number
        return None
    decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
    return Number(-value if neg else value, decimals, text)


_INT = r"(?:\d{1,3}(?:,\d{3})+|\d+)"
_COMPOUND = regex.compile(
    rf"(?:(?P<zhao>\d+)兆)?(?:(?P<yi>{_INT})亿)?(?:(?P<wan>{_INT})万)?(?:(?P<qian>\d)千|(?<=万)(?P<yuan>\d,\d{{3}}|\d{{1,4}}))?余?"
)


_WAN_YI = regex.compile(r"(?P<wan>\d+)万(?P<yi>\d{1,4}(?:\.\d+)?)亿余?")


@lru_cache(maxsize=4096)
def parse_compound(text: str) -> Number | None:
    """An amount written in 兆, 亿, 万 and 千 at once, in 万元: ``75亿7,210万4千`` → 757210.4 (one decimal: it is
    written to the 千); ``855亿2684万1291`` (元) → 8552684.1291; ``3亿2000万`` → 32000; ``2兆2,950亿`` → 22950
    (亿元: :func:`compound_unit`); ``2亿4,697万3,000`` (元, the 元 below the 万 with a thousands comma) → 24697.3;
    a trailing 余
    ("and more") is left out.
    None unless at least two of the parts are written.

    The number's text is its value in 万元 as narrcheck shows it (``757210.4``): every message and evidence
    line then states it in the unit it is compared in, beside the sentence that writes it in full."""
    w = _WAN_YI.fullmatch(fold(text).strip())
    if w is not None:  # 3万4993.1亿: 万亿 written as 万 then 亿, read in 亿元
        below = parse_number(w.group("yi"))  # the 亿 below the 万亿
        if below is None:
            return None
        value = Decimal(w.group("wan")) * 10000 + below.value
        return Number(value, below.decimals, fmt(value, below.decimals))
    m = _COMPOUND.fullmatch(fold(text).strip())
    parts = ("zhao", "yi", "wan", "qian", "yuan")
    if m is None or sum(1 for g in parts if m.group(g)) < 2:
        return None
    zhao, yi, wan, qian, yuan = (Decimal(m.group(g).replace(",", "")) if m.group(g) else Decimal(0) for g in parts)
    if not (m.group("wan") or m.group("qian")):  # 2兆2,950亿: written to the 亿, read in 亿元
        return Number(zhao * 10000 + yi, 0, fmt(zhao * 10000 + yi, 0))
    # 855亿2684万1291元: the 元 below the 万 are the fourth decimal of a figure in 万元
    value = zhao * 100_000_000 + yi * 10000 + wan + qian / 10 + yuan / 10000
    decimals = 4 if m.group("yuan") else 1 if m.group("qian") else 0
    return Number(value, decimals, fmt(value, decimals))


def compound_unit(text: str) -> str:
    """The unit :func:`parse_compound` reads ``text`` in: 亿元 for 兆 and 亿 alone and for 万亿 (3万4993.1亿), else
    万元."""
    folded = fold(text).strip()
    return "万元" if regex.search("[万千]", folded) and not _WAN_YI.fullmatch(folded) else "亿元"


def parse_chinese_numeral(text: str) -> int | None:
    """Value of a Chinese numeral: ``二〇二四`` → 2024, ``十五`` → 15, ``百分之十`` → 10 (the percent)."""
    s = text.strip()
    if s.startswith("百分之"):
        s = s[3:]
    if not s or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in s):
        return None
    if not any(ch in _CN_UNITS for ch in s):
        return int("".join(str(_CN_DIGITS[ch]) for ch in s))
    total, current = 0, 0
    for ch in s:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        else:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
    return total + current


def quantize(value: Decimal, decimals: int) -> Decimal:
    """Round half up (四舍五入) to ``decimals`` places."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def fmt(value: Decimal, decimals: int | None = None) -> str:
    """Format a Decimal without exponent, with ``decimals`` places if given."""
    if decimals is not None:
        value = quantize(value, decimals)
        return f"{value:.{decimals}f}" if decimals > 0 else f"{value:.0f}"
    s = format(value.normalize(), "f")
    return s


def to_wan(value: Decimal, unit: str) -> Decimal:
    """An amount in ``unit`` (万元/元/亿元/千元) expressed in 万元."""
    return value * UNIT_SCALE.get(unit, Decimal(1))


def format_number(value: Decimal, decimals: int, thousands: bool = False) -> str:
    """Write a value the way a disclosure does; inverse of :func:`parse_number`."""
    q = quantize(value, decimals)
    return f"{q:,.{decimals}f}" if thousands else f"{q:.{decimals}f}"
