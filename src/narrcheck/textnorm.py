"""Normalised views of text that remember where every character came from.

Patterns and name matching run on a normalised string: full-width digits,
letters and punctuation folded to one form, traditional characters mapped to
simplified ones, the pinyin that 繁體 mirror sites print after a character
(預(yù)算) blanked, and the whitespace that PDF extraction and hand typing
scatter through Chinese prose removed. Every normalised character keeps the
offset of the original character it came from, so a match maps straight back
to the exact words in the document.

Traditional → simplified comes from OpenCC's 't2s' (the maintained converter,
its dictionaries inside the wheel, offline): :func:`traditional_map` converts
every codepoint of the CJK blocks on its own and keeps the results that are
one character, so a folded string never changes length and offsets stay exact.
Phrase-level choices OpenCC makes in context (乾坤 vs 乾燥) are therefore not
made; patterns/traditional.toml holds the [overrides] for characters whose
one-character mapping hurts, and the examples that pin the folding.

Cost, measured on the development machine (CPython 3.11, opencc 1.4.2):
``import narrcheck.textnorm`` does not import OpenCC and costs what it did
before, ~35 ms (regex, dataclasses, tomllib; the pinyin regexes add <1 ms).
The first fold pays once for the map and the translate table: ~17 ms with
warm disk caches (importing opencc ~2.5 ms, ~20 ms cold; loading 't2s' and
converting 28,160 codepoints ~12.5 ms; the translate table ~1.3 ms) against
~0.6 ms for the old hand-kept table; later calls pay nothing extra.

Whitespace between two ASCII letters or digits stays as one space, so two
numbers never fuse. A number a PDF prints letter-spaced (1 2 3 4 . 5 6 万元)
is therefore not joined either: it reads as pieces (“1 2 3 4.5 6万元”), of
which a pattern may take the last. Joining would need a letter-spacing
detector no real excerpt has yet called for; tests/test_textnorm.py
(test_letter_spaced_digits_stay_apart) pins the behaviour.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import regex

from .patterns import load_toml

_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
# Keep the Chinese clause punctuation as it is: patterns are written with it.
for _ch in "，；：！？（）":
    _FULLWIDTH.pop(ord(_ch), None)
_FULLWIDTH[0x3000] = 0x20  # ideographic space

_ASCII_TO_CJK_PUNCT = {";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}

_EXTRA = {
    "〇": "〇",
    "﹪": "%",
    "％": "%",
    "．": ".",
    "−": "-",
    "–": "-",
    "—": "—",
    "“": "“",
    "”": "”",
    "\u00a0": " ",
    "\u200b": "",
    "\ufeff": "",
}


# Blocks converted one codepoint at a time: CJK Extension A, the Unified
# Ideographs, and the Compatibility Ideographs (PDF text layers use them; OpenCC
# folds them to their unified twins before converting).
_CJK_BLOCKS = ((0x3400, 0xA000), (0xF900, 0xFB00))


@lru_cache(maxsize=1)
def traditional_map() -> dict[str, str]:
    """Traditional → simplified, one character to one character (OpenCC 't2s' plus overrides).

    Kept: results that are one character of the Basic Multilingual Plane. A
    result outside it is a simplified form GBK cannot encode (晛 → U+2C02A),
    which simplified publications therefore never print: they keep the
    traditional glyph, and so must we. The map is closed under itself
    (薴 → 苧 → 苎 becomes 薴 → 苎), so folding twice changes nothing.
    """
    import opencc  # lazily: the first fold pays for it (module docstring), the import does not

    cps = [cp for lo, hi in _CJK_BLOCKS for cp in range(lo, hi)]
    converted = opencc.OpenCC("t2s.json").convert("\n".join(map(chr, cps))).split("\n")
    if len(converted) != len(cps):  # pragma: no cover - a converter that joins lines
        raise RuntimeError("narrcheck: OpenCC t2s did not convert one codepoint per line")
    out: dict[str, str] = {}
    for cp, simp in zip(cps, converted):
        if len(simp) == 1 and simp != chr(cp) and ord(simp) <= 0xFFFF:
            out[chr(cp)] = simp
    for trad, simp in load_toml("traditional.toml").get("overrides", {}).items():
        if len(trad) != len(simp):
            raise ValueError(f"patterns/traditional.toml [overrides]: {trad!r} and {simp!r} differ in length")
        for t, s in zip(trad, simp):
            out[t] = s
    for t, s in list(out.items()):
        seen = {t}
        while s in out and out[s] != s and s not in seen:
            seen.add(s)
            s = out[s]
        out[t] = s
    return {t: s for t, s in out.items() if t != s}


def fold_char(ch: str) -> str:
    """One character in its canonical form ('' to drop it)."""
    cp = ord(ch)
    if cp in _FULLWIDTH:
        ch = chr(_FULLWIDTH[cp])
    if ch in _EXTRA:
        return _EXTRA[ch]
    return traditional_map().get(ch, ch)


@dataclass
class NormText:
    """A normalised string plus, per character, the offset it came from."""

    text: str
    origin: list[int]  # origin[i] = offset in the source text of text[i]
    base: int = 0

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets for the normalised range [start, end)."""
        if not self.origin:
            return (self.base, self.base)
        if start >= len(self.origin):
            o = self.origin[-1] + 1
            return (o, o)
        s = self.origin[start]
        e = self.origin[max(start, end - 1)] + 1 if end > start else s
        return (s, e)


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """One str.translate table doing what :func:`fold_char` does, plus ASCII ;:!?() → ；：！？（）.

    Characters to drop map to a space (whitespace is removed afterwards), so
    the translated string keeps the source's length and offsets.
    """
    sources = (
        set(_FULLWIDTH)
        | {ord(c) for c in _EXTRA}
        | {ord(c) for c in traditional_map()}
        | {ord(c) for c in _ASCII_TO_CJK_PUNCT}
    )
    table: dict[int, str] = {}
    for cp in sources:
        ch = fold_char(chr(cp)) or _DROP
        ch = _ASCII_TO_CJK_PUNCT.get(ch, ch)
        if ch != chr(cp):
            table[cp] = ch
    return table


PAGE_NUMBER = regex.compile(
    r"^(?:[-—–－\s]*\d{1,4}[-—–－\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$"
)
"""A line that is only a page's number (3, - 3 -, 第3页 共9页, 3/25, Page 3): the PDF reader drops it from the page's
margins, and the narrative of a text copied out of a PDF (claims.narrative) lets it vanish between wrapped lines."""

_DROP = "\ue000"  # private-use mark for characters that vanish (zero-width space, BOM)
VANISH = _DROP
"""A character :func:`normalize` drops without leaving a space (a line break inside a wrapped number)."""
_WS = regex.compile(r"[\s\ue000]+")

# Pinyin ruby residue of 繁體 mirror sites: 預(yù)算, 經(jīng)費. The brackets are
# already full-width here (ASCII ( ) fold to （ ）). A candidate follows a CJK
# character (whitespace between them or inside the brackets vanishes anyway,
# and so does an annotation before it), holds lowercase latin letters only,
# and counts as pinyin when it is one syllable that carries a tone mark:
# units (km) (t) (min) and list marks (a) stay.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_TONELESS = str.maketrans(_TONED, "aaaaeeeeiiiioooouuuuüüüü")
_RUBY = regex.compile(
    r"(?<=\p{Han}[\s\ue000]*)（((?:[\s\ue000]*[a-zü" + _TONED + r"\u0300\u0301\u0304\u030c]){1,8}[\s\ue000]*)）"
)
_NEXT_BRACKET = regex.compile(r"[\s\ue000]*（")
_SYLLABLE = regex.compile(r"(?:[bpmfdtnlgkhjqxrzcsyw]|[zcs]h)?[aeiouü]{1,3}(?:ng|n|r)?")


def _is_pinyin(s: str) -> bool:
    """One pinyin syllable with its tone mark (yù, jīng, zhuǎn, lǜ; spaces inside vanish)."""
    s = unicodedata.normalize("NFC", _WS.sub("", s))
    return any(c in _TONED for c in s) and _SYLLABLE.fullmatch(s.translate(_TONELESS)) is not None


def _blank_ruby(folded: str) -> str:
    """``folded`` with every pinyin annotation replaced by drop marks (same length)."""
    while "（" in folded:
        spans = [m.span() for m in _RUBY.finditer(folded) if _is_pinyin(m.group(1))]
        if not spans:
            break
        pieces, pos = [], 0
        for a, b in spans:
            pieces += [folded[pos:a], _DROP * (b - a)]
            pos = b
        pieces.append(folded[pos:])
        folded = "".join(pieces)
        # once more only for 预(jīng)(yù): the second follows 预 now that the first is blank
        if not any(_NEXT_BRACKET.match(folded, b) for _, b in spans):
            break
    return folded


_SPACED_DIGITS = regex.compile(r"(?<= \p{Han} )[0-9](?: [0-9.,%])+")
"""A number a PDF prints letter-spaced among letter-spaced characters (支 出 1 2 3 4 . 5 6 万 元): every
character one space apart, the characters before it spaced too (栏次 1 2 3 is two words, not one)."""


def _letter_spaced_digits(folded: str) -> set[int]:
    """Offsets of the spaces inside letter-spaced numbers, which vanish so the number reads whole."""
    if " " not in folded:
        return set()
    out: set[int] = set()
    for m in _SPACED_DIGITS.finditer(folded):
        out.update(i for i in range(m.start(), m.end()) if folded[i] == " ")
    return out


# a thousands comma a PDF put a space after (3, 156,077; 1,099, 160): the group after it is three digits and the
# figure has a plain thousands comma on one side, so the comma is no clause break
_SPACED_GROUP = regex.compile(r"(?:(?<=\d,\d{3}), \d{3}(?!\d)|, \d{3}(?=,\d{3}(?!\d)))")


def normalize(text: str, base: int = 0) -> NormText:
    """Normalise ``text`` (which starts at ``base`` in its document) for matching.

    Whitespace is dropped, except one space kept between two ASCII letters or
    digits so that two numbers never fuse into one. ASCII ``,`` becomes ``，``
    unless it sits between digits (a thousands separator). A number printed letter-spaced
    among letter-spaced characters (支 出 1 2 3 4 . 5 6 万 元) is joined. A pinyin annotation
    right after a CJK character (預(yù)算) vanishes like whitespace.
    """
    folded = _blank_ruby(text.translate(_fold_table()))
    if "," in folded:
        chars = list(folded)
        i = folded.find(",")
        while i != -1:
            j = i - 1
            while j >= 0 and (folded[j].isspace() or folded[j] == _DROP):
                j -= 1
            prev_digit = j >= 0 and folded[j].isdigit()
            k = i + 1
            while k < len(folded) and folded[k] == _DROP:  # 7, / 804: a wrapped number's break vanishes
                k += 1
            next_digit = k < len(folded) and folded[k].isdigit()
            next_digit = next_digit or prev_digit and _SPACED_GROUP.match(folded, i) is not None
            if not (prev_digit and next_digit):
                chars[i] = "，"
            i = folded.find(",", i + 1)
        folded = "".join(chars)
    out: list[str] = []
    origin: list[int] = []
    pos = 0
    n = len(folded)
    joined = _letter_spaced_digits(folded)
    for m in _WS.finditer(folded):
        a, b = m.span()
        if a > pos:
            out.append(folded[pos:a])
            origin.extend(range(base + pos, base + a))
        run = folded[a:b]
        if a in joined:
            pos = b
            continue
        if 0 < a and b < n and _is_ascii_alnum(folded[a - 1]) and _is_ascii_alnum(folded[b]) and run.strip(_DROP):
            out.append(" ")
            origin.append(base + a + len(run) - len(run.lstrip(_DROP)))
        pos = b
    if pos < n:
        out.append(folded[pos:])
        origin.extend(range(base + pos, base + n))
    return NormText("".join(out), origin, base)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The normalised form of a short string (a name), without the offset map."""
    return normalize(text).text


_ORDINAL = regex.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、]|其中[：:]?)")
_NAME_NOISE = "“”\"'‘’《》 「」"
_NOISE_TABLE = {ord(c): None for c in _NAME_NOISE}


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A table row/column name or a claim subject reduced to what identifies it.

    Drops leading ordinals (一、 （一） 1.), quotes, and the 栏次 noise of headers.
    """
    return _ORDINAL.sub("", fold(name)).translate(_NOISE_TABLE)


LINE_END = "。！？：；"  # a line ending with one of these ends where its sentence or clause does, wrapped or not


def _width(line: str) -> int:
    """Columns ``line`` fills, a CJK or full-width character two (as a page lays them out)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line.strip())


def full_width(lines: list[str]) -> Callable[[str], bool]:
    """Whether a line fills the width the text is wrapped at: a text copied out of a PDF breaks its lines
    there, mid-sentence and even mid-number. The text counts as wrapped when at least two lines come within
    a tenth of its widest and end with no 。；: none of its lines is full otherwise (web text, one paragraph a
    line), so a short line is never taken for a wrapped one."""
    widths = [_width(ln) for ln in lines]
    widest = max(widths, default=0)
    near = [w for w, ln in zip(widths, lines) if w >= 0.9 * widest and ln.strip() and ln.strip()[-1] not in LINE_END]
    if widest < 40 or len(near) < 2:
        return lambda line: False
    return lambda line: _width(line) >= 0.85 * widest


def unwrap_numbers(text: str) -> str:
    """``text`` with the line breaks removed that a wrap at the text's width put inside a figure (…主要原因是:201⏎9年度
    出访计划 reads 2019年度); offsets change, so only for what reads words, not spans."""
    lines = text.split("\n")
    full = full_width(lines)
    out = [lines[0]] if lines else []
    for line in lines[1:]:
        prev = out[-1].rstrip()
        if prev[-1:].isdigit() and line.lstrip()[:1].isdigit() and full(out[-1]):
            out[-1] = prev + line.lstrip()
        else:
            out.append(line)
    return "\n".join(out)
