"""The text a reader builds: pieces appended in reading order, offsets known as they are added."""

from __future__ import annotations


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

    def text(self) -> str:
        return "".join(self.parts)
