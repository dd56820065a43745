"""The text a reader builds: pieces appended in reading order, offsets known as they are added."""

from __future__ import annotations

from collections.abc import Callable


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
