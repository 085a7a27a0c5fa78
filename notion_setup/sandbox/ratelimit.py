"""Notion's per-connection budget: N requests per fixed 60-second window per token, burstable."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable

WINDOW_S = 60.0


class RateLimiter:
    """Counts requests per token in fixed windows; ``limit`` 0 switches the limit off."""

    def __init__(self, limit: int, clock: Callable[[], float]) -> None:
        self.limit = limit
        self.clock = clock
        self._windows: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()

    def admit(self, token: str) -> int | None:
        """Count a request; None if admitted, else the whole seconds to wait (Retry-After)."""
        if self.limit <= 0:
            return None
        now = self.clock()
        with self._lock:
            start, used = self._windows.get(token, (now, 0))
            if now - start >= WINDOW_S:
                start, used = now, 0
            if used >= self.limit:
                self._windows[token] = (start, used)
                # Requests refused with 429 do not spend the budget.
                return max(1, math.ceil(start + WINDOW_S - now))
            self._windows[token] = (start, used + 1)
            return None
