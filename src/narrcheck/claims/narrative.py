"""The narrative as a spaCy Doc over normalised text, with a map back to the document.

PDF extraction and hand editing break sentences across lines and paragraphs
(``住房保障支出 40.44 万元，`` / ``占 3.5%``). The narrative is rebuilt as
flowing text: a line break is kept only where a sentence or heading ends.
spaCy's blank Chinese pipeline (character segmenter, no model download)
carries the sentences; a small component also starts a sentence after each
kept line break, so a heading never runs into the paragraph below it.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache

import regex
import spacy
from spacy.language import Language
import numpy
from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc

from ..model import Document, ReadError
from ..textnorm import LINE_END, PAGE_NUMBER, VANISH, NormText, full_width, normalize

_HEADING_START = regex.compile(
    r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.．、](?!\d))"
)


# an amount or a percentage: a line holding one is prose, not a heading, when it ends without punctuation
_FIGURE = regex.compile(r"\d[\d,，.．]*\s*(?:万元|亿元|千元|元|%|％)")
_SENT_END = regex.compile(r"[。！？]+|\n+")


@Language.component("zh_sentences")
def zh_sentences(doc: Doc) -> Doc:
    """Sentence starts after 。！？ and after every kept line break (headings, paragraph ends).

    Done from the text with one regex and the tokens' character offsets, not
    token by token: the character segmenter makes one token per character,
    and a Python loop over them cost more than the rest of the stage.
    """
    if not len(doc):
        return doc
    text = doc.user_data.get("text") or doc.text  # the Doc rebuilds .text token by token: use the source when given
    idx = doc.to_array(IDX)
    ends = numpy.fromiter((m.end() for m in _SENT_END.finditer(text)), dtype="int64")
    at = numpy.searchsorted(idx, ends, side="left")
    flags = numpy.full(len(doc), -1, dtype="int64")
    flags[0] = 1
    flags[at[at < len(doc)]] = 1
    doc.from_array([SENT_START], flags.reshape(-1, 1).astype("uint64"))  # type: ignore[arg-type]  # -1 (not a start) wraps, as spaCy expects
    return doc


def parse(text: str) -> Doc:
    """Run the pipeline over ``text``, handing the components the source string."""
    pipeline = nlp()
    doc = pipeline.make_doc(text)
    doc.user_data["text"] = text
    for _, proc in pipeline.pipeline:
        doc = proc(doc)
    return doc


_TOKEN = regex.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:万元|亿元|千元|元|%)?|.", regex.DOTALL)
"""A figure with its unit or percent sign (1,073.08万元, 93.2%) is one token; any other character is one."""


def tokens(text: str) -> list[str]:
    """The words of ``text`` as the narrative's Doc holds them (they concatenate back to ``text``)."""
    return _TOKEN.findall(text)


@lru_cache(maxsize=1)
def nlp() -> Language:
    """A blank Chinese pipeline (no model download) with sentence starts.

    The tokenizer is spaCy's character segmentation with one change: a figure
    keeps its unit or percent sign in one token (1073.08万元, 93.2%), so a
    claim's numbers are whole tokens and its span never cuts a number. Words
    are made in one step, with no trailing-space bookkeeping (the normalised
    narrative has no runs of spaces).
    """
    pipeline = spacy.blank("zh")
    vocab = pipeline.vocab

    def figure_tokenizer(text: str) -> Doc:
        words = tokens(text)
        return Doc(vocab, words=words, spaces=[False] * len(words))

    pipeline.tokenizer = figure_tokenizer
    pipeline.add_pipe("zh_sentences")
    return pipeline


@dataclass
class Narrative:
    """Normalised narrative text, its spaCy Doc, and offsets back into the document."""

    norm: NormText
    doc: Doc

    @property
    def text(self) -> str:
        return self.norm.text

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """(start, end) of every sentence in the normalised text, read once from the Doc.

        Read from the Doc's SENT_START and IDX arrays rather than ``doc.sents``,
        which builds a Python object per character token.
        """
        doc = self.doc
        if not len(doc):
            return []
        arr = doc.to_array([IDX, SENT_START]).astype("int64")
        starts = arr[arr[:, 1] == 1, 0].tolist()
        ends = starts[1:] + [len(self.text)]
        # a sentence ends where the next starts, as Span.end_char does (trailing spaces aside);
        # self.text, not doc.text: the Doc rebuilds its text on every access
        text = self.text
        return [(a, a + len(text[a:b].rstrip(" "))) for a, b in zip(starts, ends)]

    @cached_property
    def sentence_starts(self) -> list[int]:
        return [a for a, _ in self.sentences]

    def sentence_at(self, pos: int) -> tuple[int, int] | None:
        """The sentence holding ``pos`` (bisect over the sentence starts), None between sentences."""
        i = bisect.bisect_right(self.sentence_starts, pos) - 1
        if i >= 0 and self.sentences[i][0] <= pos < self.sentences[i][1]:
            return self.sentences[i]
        return None

    @cached_property
    def _brackets(self) -> tuple[list[int], list[int]]:
        """Offsets of every （ and every ） in the normalised text (ASCII brackets are folded to these)."""
        text = self.text
        return [i for i, ch in enumerate(text) if ch == "（"], [i for i, ch in enumerate(text) if ch == "）"]

    def unclosed_bracket(self, a: int, b: int) -> bool:
        """More （ than ） between ``a`` and ``b``: what follows is inside brackets. Two bisections each,
        so a 其中 list of thousands of parts costs no rescan of the text per part."""
        opens, closes = self._brackets
        n_open = bisect.bisect_left(opens, b) - bisect.bisect_left(opens, a)
        n_close = bisect.bisect_left(closes, b) - bisect.bisect_left(closes, a)
        return n_open > n_close

    def closed_before(self, a: int, b: int) -> bool:
        """Whether a bracket left open at ``a`` closes before ``b``: the first bracket after ``a`` is a ）
        that stands before ``b`` (a figure ending at ``a`` is inside it). Two bisections, as above."""
        opens, closes = self._brackets
        i = bisect.bisect_left(closes, a)
        if i == len(closes) or closes[i] >= b:
            return False
        j = bisect.bisect_left(opens, a)
        return j == len(opens) or opens[j] > closes[i]

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        return self.norm.span(start, end)


def flowing_text(doc: Document, start: int, end: int) -> str:
    """The narrative range with tables blanked and mid-sentence line breaks turned to spaces.

    The result has exactly the length of ``doc.text[start:end]``: every
    character keeps its offset, so normalisation can map back.
    """
    chars = list(doc.text[start:end])
    for t in doc.raw_tables:
        a, b = max(t.start, start), min(t.end, end)
        for i in range(a - start, b - start):
            if chars[i] != "\n":
                chars[i] = " "
    text = "".join(chars)
    lines = text.split("\n")
    full = full_width(lines)
    out: list[str] = []
    last = -1  # where in ``out`` the last line with words is
    keep_break, colon_wrap = True, False
    depth = 0  # brackets left open in the paragraph so far
    for i, line in enumerate(lines):
        stripped = line.strip()
        if last >= 0 and full(out[last]) and PAGE_NUMBER.match(line.strip()):  # — 2 — between wrapped lines
            out += [VANISH] * (i > 0) + [VANISH * len(line)]
            continue
        if i > 0:
            nxt_heading = bool(_HEADING_START.match(line))
            if not nxt_heading and last >= 0 and full(out[last]) and _splits_number(out[last], line):  # 收入3 / 089万元
                out[last:] = [_vanish_tail(out[last])] + [VANISH * len(x) for x in out[last + 1 :]]
                out.append(VANISH)
                line = _vanish_head(line)
            elif (keep_break and not (colon_wrap and not nxt_heading) or nxt_heading) and stripped:
                out.append("\n")
                depth = 0
            else:
                out.append(" ")
        out.append(line)
        if stripped:
            last = len(out) - 1
            # a line wrapped at the text's width right after a colon (…，其中：⏎税收收入…) goes on unless a numbered
            # item or heading follows
            colon_wrap = stripped[-1] in "：:" and full(line)
            # …（一般债务136.66亿元，占比69.1%；⏎专项债务…）: a line ending with ； inside a bracket goes on, however
            # short (a report's text copied with spaces around its figures is narrower than its wrap width)
            depth += brackets_open(line)
            inside = stripped[-1] in "；;" and depth > 0
            keep_break = stripped[-1] in LINE_END and not inside or _heading_line(line, full)
    return "".join(out)


def _heading_line(line: str, full: Callable[[str], bool]) -> bool:
    """Whether ``line`` is a heading of its own, so the break after it stands: it opens like one, is short, and is
    not wrapped prose — not as wide as the text, no clause mark at its end, no bracket left open, no figure
    ((二)社会保障和就业支出 116433.12 元,占支 / 出总预算 is a wrapped sentence)."""
    stripped = line.strip()
    return (
        bool(_HEADING_START.match(line))
        and not full(line)  # a line wrapped at the text's width goes on, whatever it starts with
        and len(stripped) < 40
        and stripped[-1] not in "，、"
        and _balanced(stripped)
        and not _FIGURE.search(stripped)
    )


_DIGITISH = frozenset("0123456789.０１２３４５６７８９．")  # full-width too: a mirror's １２８⏎３１亿元 is one figure
_THOUSANDS_WRAP = regex.compile(r"\d,$")
_THOUSANDS_NEXT = regex.compile(r"\d{3}(?!\d)")


def _splits_number(before: str, after: str) -> bool:
    """A line break inside one number (3 / 089万元, 1,234. / 56): the text is wrapped at a fixed width, as a
    PDF's text copied out is, and the digits on both sides are one figure."""
    a, b = before.rstrip(), after.lstrip()
    if _THOUSANDS_WRAP.search(a) and _THOUSANDS_NEXT.match(b):  # 7, / 804万元
        return True
    if not (a and b) or a[-1] not in _DIGITISH or b[0] not in _DIGITISH | {"%", "％"}:
        return False
    return a[-1].isdigit() or b[0].isdigit()


def _vanish_tail(line: str) -> str:
    """``line`` with its trailing whitespace made to vanish in normalisation (same length)."""
    body = line.rstrip()
    return body + VANISH * (len(line) - len(body))


def _vanish_head(line: str) -> str:
    """``line`` with its leading whitespace made to vanish in normalisation (same length)."""
    body = line.lstrip()
    return VANISH * (len(line) - len(body)) + body


def _balanced(line: str) -> bool:
    """No bracket or quote left open: a heading broken inside “…其他教育支出 / （项）” goes on."""
    return brackets_open(line) <= 0 and line.count("“") <= line.count("”")


def brackets_open(text: str) -> int:
    """How many brackets (full-width or not) ``text`` opens and does not close (negative: closes more)."""
    return text.count("（") + text.count("(") - text.count("）") - text.count(")")


MAX_NARRATIVE_CHARS = 200_000
"""Longer narratives are refused: real ones are 3–30k characters, and claim linking grows with the square."""


def build(doc: Document) -> Narrative:
    """Normalise the narrative of ``doc`` and run the spaCy pipeline over it."""
    start, end = doc.narrative or (0, len(doc.text))
    flowing = flowing_text(doc, start, end)
    # keep line breaks as boundaries: normalise each side, then rejoin with "\n"
    parts: list[NormText] = []
    pos = 0
    for piece in flowing.split("\n"):
        parts.append(normalize(piece, base=start + pos))
        pos += len(piece) + 1
    texts: list[str] = []
    origin: list[int] = []
    for i, p in enumerate(parts):
        if i and texts and texts[-1] != "\n" and p.text:
            texts.append("\n")
            origin.append(p.origin[0] - 1 if p.origin else start)
        if p.text:
            texts.append(p.text)
            origin.extend(p.origin)
    norm = NormText("".join(texts), origin, start)
    if len(norm.text) > MAX_NARRATIVE_CHARS:  # spaCy refuses over 1M and time grows fast: refuse clearly
        raise ReadError(
            f"the narrative is {len(norm.text)} characters long, over the {MAX_NARRATIVE_CHARS}-character limit"
        )
    return Narrative(norm=norm, doc=parse(norm.text))
