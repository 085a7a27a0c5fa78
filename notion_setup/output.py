"""Where progress and status lines go: stderr, never stdout (stdout is for results)."""

from __future__ import annotations

import os
import shutil
import sys
from typing import ClassVar, Protocol, TextIO

from notion_setup.messages import _
from notion_setup.messages.vocabulary import verb_label
from notion_setup.redact import redact


class Reporter(Protocol):
    """Receives progress from library code; the CLI picks the implementation."""

    def status(self, message: str) -> None:
        """A one-line status message (e.g. 'reading workspace')."""

    def start(self, total: int, label: str) -> None:
        """A phase of ``total`` operations begins."""

    def tick(self, verb: str, name: str) -> None:
        """One operation finished: ``verb`` is create, update, retry..., ``name`` the object."""

    def warn(self, message: str) -> None:
        """Something the user should know that does not stop the run."""

    def finish(self) -> None:
        """The run is over (or failed): end any line drawn in place."""


class NullReporter:
    """Says nothing (``--quiet``, library use, tests)."""

    def status(self, message: str) -> None:
        """Ignore."""

    def start(self, total: int, label: str) -> None:
        """Ignore."""

    def tick(self, verb: str, name: str) -> None:
        """Ignore."""

    def warn(self, message: str) -> None:
        """Ignore."""

    def finish(self) -> None:
        """Ignore."""


def use_color(stream: TextIO) -> bool:
    """Colour only on a terminal and only when NO_COLOR is unset (https://no-color.org)."""
    return "NO_COLOR" not in os.environ and stream.isatty()


class StderrReporter:
    """Progress on stderr: ``[ 12/140] create  Invoices``.

    On a terminal it is one line redrawn in place with a bar (and colour unless NO_COLOR); in a
    pipe or a CI log, one plain line per operation.
    """

    _COLORS: ClassVar[dict[str, str]] = {
        "create": "\x1b[32m",
        "update": "\x1b[33m",
        "remove": "\x1b[31m",
        "retry": "\x1b[35m",
    }

    def __init__(self, stream: TextIO | None = None, *, verbose: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.color = use_color(self.stream)
        self.verbose = verbose
        self.total = 0
        self.done = 0
        # Redraw in place only on a terminal and when no log lines (-v) interleave.
        self.live = self.stream.isatty() and not verbose
        self._drawn = False

    def finish(self) -> None:
        """End the line drawn in place, so what follows starts on its own line."""
        self._end_live_line()

    def _end_live_line(self) -> None:
        if self._drawn:
            print(file=self.stream, flush=True)
            self._drawn = False

    def _paint(self, verb: str, text: str) -> str:
        code = self._COLORS.get(verb)
        return f"{code}{text}\x1b[0m" if (self.color and code) else text

    def status(self, message: str) -> None:
        """Print a status line."""
        self._end_live_line()
        print(redact(message), file=self.stream, flush=True)

    def start(self, total: int, label: str) -> None:
        """Start counting a phase."""
        self.total = total
        self.done = 0
        if label:
            print(redact(label), file=self.stream, flush=True)

    def tick(self, verb: str, name: str) -> None:
        """Print one operation with its position in the phase."""
        if verb == "retry" and not self.verbose:
            return
        if verb != "retry":
            self.done += 1
        width = len(str(self.total)) if self.total else 1
        counter = f"[{self.done:>{width}}/{self.total}]" if self.total else "[*]"
        line = redact(f"{counter} {verb_label(verb):<9} {name}")
        if not self.live:
            print(self._paint(verb, line), file=self.stream, flush=True)
            return
        width_bar = 20
        filled = round(width_bar * self.done / self.total) if self.total else width_bar
        bar = "█" * filled + "░" * (width_bar - filled)
        columns = shutil.get_terminal_size((100, 20)).columns
        text = f"{bar} {line}"[: max(20, columns - 1)]
        self.stream.write("\r\x1b[2K" + self._paint(verb, text))
        self.stream.flush()
        self._drawn = True
        if self.total and self.done >= self.total:
            self._end_live_line()

    def warn(self, message: str) -> None:
        """Print a warning."""
        self._end_live_line()
        print(redact(_("warning: {message}").format(message=message)), file=self.stream, flush=True)
