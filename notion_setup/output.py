"""Where progress and status lines go: stderr, never stdout (stdout is for results)."""

from __future__ import annotations

import os
import sys
from typing import ClassVar, Protocol, TextIO


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


def use_color(stream: TextIO) -> bool:
    """Colour only on a terminal and only when NO_COLOR is unset (https://no-color.org)."""
    return "NO_COLOR" not in os.environ and stream.isatty()


class StderrReporter:
    """Progress lines on stderr: ``[ 12/140] create  Invoices`` with colour on a terminal."""

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

    def _paint(self, verb: str, text: str) -> str:
        code = self._COLORS.get(verb)
        return f"{code}{text}\x1b[0m" if (self.color and code) else text

    def status(self, message: str) -> None:
        """Print a status line."""
        print(message, file=self.stream, flush=True)

    def start(self, total: int, label: str) -> None:
        """Start counting a phase."""
        self.total = total
        self.done = 0
        if label:
            print(label, file=self.stream, flush=True)

    def tick(self, verb: str, name: str) -> None:
        """Print one operation with its position in the phase."""
        if verb == "retry" and not self.verbose:
            return
        if verb != "retry":
            self.done += 1
        width = len(str(self.total)) if self.total else 1
        counter = f"[{self.done:>{width}}/{self.total}]" if self.total else "[*]"
        line = f"{counter} {verb:<9} {name}"
        print(self._paint(verb, line), file=self.stream, flush=True)

    def warn(self, message: str) -> None:
        """Print a warning."""
        print(f"warning: {message}", file=self.stream, flush=True)
