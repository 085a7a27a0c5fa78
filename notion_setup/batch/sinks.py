"""Where client results go as they arrive: a progress line on stderr, a JSON line on stdout.

Each sink writes one client at a time and keeps nothing but a counter, so a batch of any size
streams in constant memory. The JUnit report is in ``junit``.
"""

from __future__ import annotations

import json
from typing import TextIO

from notion_setup.batch.results import ClientResult
from notion_setup.messages import N_, _, ngettext
from notion_setup.output import use_color

_COLORS = {
    "ok": "\x1b[32m",
    "changes": "\x1b[33m",
    "failed": "\x1b[31m",
    "interrupted": "\x1b[35m",
    "skipped": "\x1b[2m",
}
_LABELS = {
    "ok": N_("ok"),
    "changes": N_("changes"),
    "failed": N_("FAILED"),
    "interrupted": N_("stopped"),
    "skipped": N_("skipped"),
}


def outcome_text(result: ClientResult) -> str:
    """What happened to a client, in a few words: ``+42 created, 3 updated`` or the error."""
    if result.error is not None:
        return result.error.message.splitlines()[0]
    if result.status == "changes":
        return ngettext("{n} change pending", "{n} changes pending", result.pending).format(
            n=result.pending
        )
    done = [
        form.format(n=count)
        for count, form in (
            (result.created, ngettext("{n} created", "{n} created", result.created)),
            (result.updated, ngettext("{n} updated", "{n} updated", result.updated)),
            (result.removed, ngettext("{n} removed", "{n} removed", result.removed)),
        )
        if count
    ]
    return ", ".join(done) if done else _("up to date")


class ProgressSink:
    """``[ 3/20] ok       Acme  42 created  https://www.notion.so/...  (12.3 s)`` per client.

    A failed client's full message (with its fix) follows on indented lines.
    """

    def __init__(self, stream: TextIO, total: int) -> None:
        """Write to ``stream``; ``total`` is the number of clients of the run."""
        self.stream = stream
        self.total = total
        self.done = 0
        self.color = use_color(stream)

    def __call__(self, result: ClientResult) -> None:
        """Print one client's line."""
        self.done += 1
        width = len(str(self.total))
        label = _(_LABELS[result.status])
        head = f"[{self.done:>{width}}/{self.total}] {label:<8} {result.name}"
        if self.color:
            head = f"{_COLORS[result.status]}{head}\x1b[0m"
        parts = [head, outcome_text(result)]
        if result.root_url and result.status in ("ok", "changes"):
            parts.append(result.root_url)
        if result.status != "skipped":
            parts.append(f"({result.elapsed_s:.1f} s)")
        lines = ["  ".join(parts)]
        if result.status in ("failed", "interrupted") and result.error is not None:
            lines += [f"      {line}" for line in result.error.message.splitlines()[1:]]
        print("\n".join(lines), file=self.stream, flush=True)


class JsonLinesSink:
    """One JSON object per client and per line (``--json``), flushed as it is written."""

    def __init__(self, stream: TextIO) -> None:
        """Write to ``stream`` (stdout)."""
        self.stream = stream

    def __call__(self, result: ClientResult) -> None:
        """Write one client's object."""
        line = json.dumps(result.to_json(), ensure_ascii=False, separators=(",", ":"))
        print(line, file=self.stream, flush=True)
