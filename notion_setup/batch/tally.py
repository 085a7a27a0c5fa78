"""Per-client call counts on a gateway that several clients share.

Clients that share a token share one gateway (one pacer, one set of per-parent write locks), so
the gateway's own ``CallStats`` add up every client's calls. The batch runs each client in one
worker thread (``apply_workspace(jobs=1)``), and a gateway counts a request in the thread that
sends it, so ``AttributingStats`` also adds every count to the stats of the client that the
current thread is working for. ``ClientView`` hands those per-client stats to
``apply_workspace``, whose report then shows that client's calls, writes and retries.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from notion_setup.notion.gateway import CallStats

_current = threading.local()


class AttributingStats(CallStats):
    """A gateway's stats that also count into the current thread's client stats."""

    def add(self, **counts: int) -> None:
        """Add to the gateway's counters and to those of the client being worked on."""
        super().add(**counts)
        tally: CallStats | None = getattr(_current, "tally", None)
        if tally is not None:
            tally.add(**counts)

    def count_status(self, key: int | str) -> None:
        """Count a status for the gateway and for the client being worked on."""
        super().count_status(key)
        tally: CallStats | None = getattr(_current, "tally", None)
        if tally is not None:
            tally.count_status(key)


def attribute(gateway: Any) -> None:
    """Make ``gateway`` count per client from now on (it keeps its totals so far).

    Objects without ``CallStats`` (test doubles) are left alone.
    """
    stats = getattr(gateway, "stats", None)
    if isinstance(stats, CallStats) and not isinstance(stats, AttributingStats):
        replacement = AttributingStats()
        for name in ("api_calls", "reads", "writes", "retries", "lookups", "adopted"):
            setattr(replacement, name, getattr(stats, name))
        replacement.by_status.update(stats.by_status)
        gateway.stats = replacement


@contextmanager
def counting(stats: CallStats) -> Iterator[CallStats]:
    """Count this thread's requests into ``stats`` while the block runs."""
    previous = getattr(_current, "tally", None)
    _current.tally = stats
    try:
        yield stats
    finally:
        _current.tally = previous


class ClientView:
    """One client's handle on a shared gateway: same calls, the client's own ``stats``.

    A transport (see ``notion.transport``): requests go to the shared gateway unchanged, with its
    pacer and per-parent locks; only ``stats`` differs.
    """

    def __init__(self, gateway: Any, stats: CallStats) -> None:
        """Wrap ``gateway`` (a ``NotionGateway`` or any other transport)."""
        self._gateway = gateway
        self.stats = stats
        self.lang = str(getattr(gateway, "lang", "en"))

    def read(self, *args: Any, **kwargs: Any) -> Any:
        """Send a read through the shared gateway."""
        return self._gateway.read(*args, **kwargs)

    def write(self, *args: Any, **kwargs: Any) -> Any:
        """Send a write through the shared gateway (its per-parent lock included)."""
        return self._gateway.write(*args, **kwargs)
