"""Progress on stderr: a rich bar on a terminal, a plain line every ~5% otherwise."""

from __future__ import annotations

import sys
import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
from rich.text import Text


class _RateColumn(ProgressColumn):
    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} files/s" if speed else "– files/s")


class BatchProgress:
    """Counts files done and flagged; shows them on stderr. ``enabled=False`` stays silent."""

    def __init__(self, total: int, skipped: int = 0, enabled: bool = True, stream=None) -> None:
        self.total = total
        self.skipped = skipped
        self.done = 0
        self.flagged = 0
        self.errors = 0
        self.stream = stream or sys.stderr
        self.enabled = enabled and total > 0
        self.tty = self.enabled and self.stream.isatty()
        self.t0 = time.monotonic()
        self._next_pct = 5
        self._bar: Progress | None = None
        if self.tty:
            self._bar = Progress(
                TextColumn("[bold]narrcheck batch"),
                BarColumn(bar_width=16),
                MofNCompleteColumn(),
                _RateColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                TextColumn("[yellow]{task.fields[flagged]} flagged[/] [red]{task.fields[errors]} err[/]"),
                console=Console(file=self.stream),
                transient=False,
            )
            self._task = self._bar.add_task("batch", total=total, flagged=0, errors=0)
            self._bar.start()
        elif self.enabled:
            self.stream.write(
                f"narrcheck batch: {total} files to check"
                + (f", {skipped} unchanged and skipped" if skipped else "")
                + "\n"
            )
            self.stream.flush()

    def advance(self, status: str) -> None:
        self.done += 1
        self.flagged += status == "flagged"
        self.errors += status in ("error", "timeout")
        if self._bar is not None:
            self._bar.update(self._task, advance=1, flagged=self.flagged, errors=self.errors)
        elif self.enabled:
            pct = 100 * self.done / self.total
            if pct >= self._next_pct or self.done == self.total:
                while self._next_pct <= pct:
                    self._next_pct += 5
                self.stream.write(self.line() + "\n")
                self.stream.flush()

    def line(self) -> str:
        el = time.monotonic() - self.t0
        rate = self.done / el if el > 0 else 0.0
        eta = (self.total - self.done) / rate if rate > 0 else 0.0
        pct = 100 * self.done / self.total if self.total else 100.0
        return (
            f"narrcheck batch: {self.done}/{self.total} ({pct:.0f}%) {rate:.1f} files/s, ETA {eta:.0f} s, "
            f"{self.flagged} flagged, {self.errors} errors"
        )

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
