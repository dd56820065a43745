"""The text a reader builds: pieces appended in reading order, offsets known as they are added."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model import RawTable, ReadError


class TextBuilder:
    """Appends text pieces and tells where each one starts in the final ``Document.text``."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0

    def add(self, s: str) -> int:
        """Append ``s``; return the offset it starts at."""
        start = self.pos
        self.parts.append(s)
        self.pos += len(s)
        return start

    def blank_line(self) -> None:
        """End the current block with an empty line (tables and paragraphs stand apart)."""
        if self.pos == 0:
            return
        tail = "".join(self.parts[-2:])
        if not tail.endswith("\n\n"):
            self.add("\n" if tail.endswith("\n") else "\n\n")

    def add_grid(
        self, rows: list[list[str]], before_row: Callable[[int], None] | None = None
    ) -> tuple[int, int, list[list[tuple[int, int] | None]]]:
        """Write a table as tab-separated lines; return (start, end, each cell's span or None).

        The block ends with an empty line after ``end``. ``before_row(r)`` runs
        before row ``r`` is written (the PDF reader marks page starts there).
        """
        start = self.pos
        spans: list[list[tuple[int, int] | None]] = []
        for r, row in enumerate(rows):
            if before_row is not None:
                before_row(r)
            row_spans: list[tuple[int, int] | None] = []
            for c, cell in enumerate(row):
                if c:
                    self.add("\t")
                if cell:
                    s = self.add(cell)
                    row_spans.append((s, s + len(cell)))
                else:
                    row_spans.append(None)
            spans.append(row_spans)
            if r < len(rows) - 1:
                self.add("\n")
        end = self.pos
        self.add("\n\n")
        return start, end, spans

    def text(self) -> str:
        return "".join(self.parts)


class TableCaps:
    """Counts what a document's tables hold against the limits (Word and web pages); raises naming the cap hit."""

    def __init__(self, limits: Any) -> None:
        self.rows = int(getattr(limits, "max_rows", 100_000))
        self.cols = int(getattr(limits, "max_columns", 1_000))
        self.cells = int(getattr(limits, "max_cells", 500_000))
        self.used = 0
        self.nrows = 0

    def row(self, width: int) -> None:
        """Count one table row of ``width`` cells (rows and cells over the whole document)."""
        self.nrows += 1
        if self.nrows > self.rows:
            raise ReadError(f"the tables have more than {self.rows} rows (cap on rows)")
        if width > self.cols:
            raise ReadError(f"a table row spans more than {self.cols} columns (cap on columns)")
        self.used += width
        if self.used > self.cells:
            raise ReadError(f"the tables hold more than {self.cells} cells (cap on cells)")


def attach_captions(text: str, tables: list[RawTable]) -> None:
    """Short title-like paragraphs right above a table become its caption (a <caption> it has stays first)."""
    for t in tables:
        before = text[: t.start].rstrip("\n").split("\n")
        caps: list[str] = []
        for line in reversed(before[-8:]):
            if not line.strip():
                continue
            if "\t" in line or len(line) > 60 or line.endswith(("。", "；", "：")) or "，" in line:
                break
            caps.append(line)
            if len(caps) >= 4:
                break
        t.caption = "\n".join([*([t.caption] if t.caption else []), *reversed(caps)])
