"""The report of ``check`` written as the documents come, one at a time, so many files never sit in memory whole.

Each format's report of several documents is the concatenation of per-document
pieces (JSON: the array's members; text, lines, CSV rows, JSONL: their blocks),
so a :class:`Report` writes each document's piece as soon as it is given and
keeps nothing of it. To a file, the pieces go to a temporary file beside it
that replaces the target only when the report is complete (a failed write
leaves the old file as it was, as every report write does). The HTML page is
the one exception: it is rendered from every document at once.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

from ..model import Document

_ALWAYS = ("lines", "csv", "jsonl")  # written even with no document (a CSV keeps its header row)


class Sink:
    """Standard output, or a temporary file renamed onto ``out`` at :meth:`commit` (opened at the first write)."""

    def __init__(self, out: Path | None) -> None:
        self.out = out
        self._fh: IO[str] | None = None

    def write(self, text: str) -> int:
        """Write ``text`` (``OSError`` when the file cannot be written)."""
        return self.file().write(text)

    def file(self) -> IO[str]:
        """Where the report goes (stdout, or the temporary file, created on first use)."""
        import sys

        from ..batch.safeio import clean_leftovers, temp_for

        if self.out is None:
            return sys.stdout
        if self._fh is None:
            clean_leftovers(self.out.parent)
            self._fh = open(temp_for(self.out), "w", encoding="utf-8", newline="")
        return self._fh

    def commit(self) -> None:
        """Put the finished report in place (nothing when no file was opened)."""
        from ..batch.safeio import temp_for

        if self._fh is None or self.out is None:
            return
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        self._fh = None
        os.replace(temp_for(self.out), self.out)

    def discard(self) -> None:
        """Drop an unfinished report: the temporary file is removed, the old target kept."""
        from ..batch.safeio import temp_for

        if self._fh is None or self.out is None:
            return
        self._fh.close()
        self._fh = None
        try:
            temp_for(self.out).unlink()
        except OSError:
            pass


class Report:
    """The report of ``count`` inputs in ``format``, written to ``sink`` input by input, in order."""

    def __init__(self, format: str, sink: Sink, count: int, *, show_all: bool, stats: bool, quiet: bool) -> None:
        self.format, self.sink, self.count = format, sink, count
        self.show_all, self.stats, self.quiet = show_all, stats, quiet
        self.written = 0  # JSON members so far
        self.html_docs: list[Document] = []
        if format == "csv":
            from .lines import render_csv

            sink.write(render_csv([]))
        elif format in _ALWAYS:
            sink.write("")

    def document(self, doc: Document) -> None:
        """The report of one checked document."""
        if self.format == "json":
            from .json import document_dict

            self._member(document_dict(doc))
        elif self.format == "text":
            self._text(doc)
        elif self.format == "html":
            self.html_docs.append(doc)
        elif self.format in _ALWAYS:
            from .lines import RENDERERS

            self.sink.write(RENDERERS[self.format]([doc], header=False))

    def error(self, path: str, reason: str) -> None:
        """The report of an input that was not checked (only JSON has a place for it)."""
        if self.format == "json":
            from .json import error_dict

            self._member(error_dict(path, reason))

    def close(self, pdf_href=None) -> None:
        """Finish the report (the JSON array closed, the HTML page rendered) and put it in place."""
        if self.format == "json" and self.count > 1 and self.written:
            self.sink.write("\n]\n")
        elif self.format == "html" and self.html_docs:
            from . import html

            self.sink.write(html.render(self.html_docs, pdf_href))
        self.sink.commit()

    def _member(self, obj: dict[str, Any]) -> None:
        """One input's JSON object: the whole report when it is the only input, else the array's next member."""
        text = json.dumps(obj, ensure_ascii=False, indent=2)
        if self.count == 1:
            self.sink.write(text + "\n")
        else:
            self.sink.write(("[\n" if self.written == 0 else ",\n") + "  " + text.replace("\n", "\n  "))
        self.written += 1

    def _text(self, doc: Document) -> None:
        from ..cli_common import _console, _file_console
        from . import terminal

        console = _console() if self.sink.out is None else _file_console(self.sink.file())
        terminal.render(doc, console, show_all=self.show_all, stats=self.stats, quiet=self.quiet)
