"""What a gateway sent, counted: the figures of run reports, batch summaries and ``make bench``."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class CallStats:
    """What a gateway sent: HTTP attempts by kind, retries, lookups, adoptions, statuses.

    ``api_calls == reads + writes``; lookups and adoption reads count as reads. ``by_status``
    counts HTTP statuses (int) and transport failures (exception name). Thread-safe.
    """

    api_calls: int = 0
    reads: int = 0
    writes: int = 0
    retries: int = 0
    lookups: int = 0
    adopted: int = 0
    by_status: Counter[int | str] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, **counts: int) -> None:
        """Add to counters by name (``add(reads=1, api_calls=1)``)."""
        with self._lock:
            for name, value in counts.items():
                setattr(self, name, getattr(self, name) + value)

    def count_status(self, key: int | str) -> None:
        """Count one response status or failure name."""
        with self._lock:
            self.by_status[key] += 1
