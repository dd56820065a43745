"""Normalised views of text that remember where every character came from.

Patterns and name matching run on a normalised string: full-width digits,
letters and punctuation folded to one form, traditional characters mapped to
simplified ones (patterns/traditional.toml), and the whitespace that PDF
extraction and hand typing scatter through Chinese prose removed. Every
normalised character keeps the offset of the original character it came
from, so a match maps straight back to the exact words in the document.
"""

from __future__ import annotations

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


@lru_cache(maxsize=1)
def traditional_map() -> dict[str, str]:
    """Traditional → simplified characters used in finance disclosures (data file)."""
    data = load_toml("traditional.toml")
    out: dict[str, str] = {}
    for trad, simp in data.get("chars", {}).items():
        for t, s in zip(trad, simp):
            out[t] = s
    return out


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
    sources = set(_FULLWIDTH) | {ord(c) for c in _EXTRA} | {ord(c) for c in traditional_map()} | {ord(c) for c in _ASCII_TO_CJK_PUNCT}
    table: dict[int, str] = {}
    for cp in sources:
        ch = fold_char(chr(cp)) or _DROP
        ch = _ASCII_TO_CJK_PUNCT.get(ch, ch)
        if ch != chr(cp):
            table[cp] = ch
    return table


_DROP = "\ue000"  # private-use mark for characters that vanish (zero-width space, BOM)
_WS = regex.compile(r"[\s\ue000]+")


def normalize(text: str, base: int = 0) -> NormText:
    """Normalise ``text`` (which starts at ``base`` in its document) for matching.

    Whitespace is dropped, except one space kept between two ASCII letters or
    digits so that two numbers never fuse into one. ASCII ``,`` becomes ``，``
    unless it sits between digits (a thousands separator).
    """
    folded = text.translate(_fold_table())
    if "," in folded:
        chars = list(folded)
        i = folded.find(",")
        while i != -1:
            j = i - 1
            while j >= 0 and (folded[j].isspace() or folded[j] == _DROP):
                j -= 1
            prev_digit = j >= 0 and folded[j].isdigit()
            next_digit = i + 1 < len(folded) and folded[i + 1].isdigit()
            if not (prev_digit and next_digit):
                chars[i] = "，"
            i = folded.find(",", i + 1)
        folded = "".join(chars)
    out: list[str] = []
    origin: list[int] = []
    pos = 0
    n = len(folded)
    for m in _WS.finditer(folded):
        a, b = m.span()
        if a > pos:
            out.append(folded[pos:a])
            origin.extend(range(base + pos, base + a))
        run = folded[a:b]
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
