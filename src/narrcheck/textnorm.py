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


def normalize(text: str, base: int = 0) -> NormText:
    """Normalise ``text`` (which starts at ``base`` in its document) for matching.

    Whitespace is dropped, except one space kept between two ASCII letters or
    digits so that two numbers never fuse into one. ASCII ``,`` becomes ``，``
    unless it sits between digits (a thousands separator).
    """
    out: list[str] = []
    origin: list[int] = []
    pending_space = -1
    n = len(text)
    for i, raw in enumerate(text):
        ch = fold_char(raw)
        if not ch:
            continue
        if ch.isspace():
            if pending_space < 0:
                pending_space = i
            continue
        if pending_space >= 0:
            if out and _is_ascii_alnum(out[-1]) and _is_ascii_alnum(ch):
                out.append(" ")
                origin.append(base + pending_space)
            pending_space = -1
        if ch == ",":
            prev = out[-1] if out else ""
            nxt = fold_char(text[i + 1]) if i + 1 < n else ""
            if not (prev.isdigit() and nxt.isdigit()):
                ch = "，"
        elif ch in _ASCII_TO_CJK_PUNCT:
            ch = _ASCII_TO_CJK_PUNCT[ch]
        out.append(ch)
        origin.append(base + i)
    return NormText("".join(out), origin, base)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The normalised form of a short string (a name), without the offset map."""
    return normalize(text).text


_NAME_NOISE = "“”\"'‘’《》 「」"


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A table row/column name or a claim subject reduced to what identifies it.

    Drops leading ordinals (一、 （一） 1.), quotes, and the 栏次 noise of headers.
    """
    import regex

    s = fold(name)
    s = regex.sub(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、]|其中[：:]?)", "", s)
    s = s.translate({ord(c): None for c in _NAME_NOISE})
    return s
