"""Notion's per-connection request budget, in two modes.

``fixed`` (default): N requests per fixed 60-second window per token, which may be spent in one
burst; the window restarts with the first request after it ends. ``sliding``: at most N requests
in any 60-second window, the reading of Notion's rate-limit docs the performance bench uses (a
client pacing at exactly N per minute never sees a 429). Either way a refused request does not
spend the budget, and Retry-After is the whole seconds until a request would be admitted.
"""

from __future__ import annotations

import math
import threading
from collections import deque
from collections.abc import Callable

WINDOW_S = 60.0
MODES = ("fixed", "sliding")


class RateLimiter:
    """Counts requests per token; ``limit`` 0 switches the limit off."""

    def __init__(self, limit: int, clock: Callable[[], float], mode: str = "fixed") -> None:
        if mode not in MODES:
            raise ValueError(f"rate window must be one of {', '.join(MODES)}")
        self.limit = limit
        self.clock = clock
        self.mode = mode
        self._windows: dict[str, tuple[float, int]] = {}
        self._admitted: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def admit(self, token: str) -> int | None:
        """Count a request; None if admitted, else the whole seconds to wait (Retry-After)."""
        if self.limit <= 0:
            return None
        now = self.clock()
        with self._lock:
            if self.mode == "sliding":
                return self._sliding(token, now)
            start, used = self._windows.get(token, (now, 0))
            if now - start >= WINDOW_S:
                start, used = now, 0
            if used >= self.limit:
                self._windows[token] = (start, used)
                return max(1, math.ceil(start + WINDOW_S - now))
            self._windows[token] = (start, used + 1)
            return None

    def _sliding(self, token: str, now: float) -> int | None:
        admitted = self._admitted.setdefault(token, deque())
        while admitted and now - admitted[0] >= WINDOW_S:
            admitted.popleft()
        if len(admitted) >= self.limit:
            return max(1, math.ceil(admitted[0] + WINDOW_S - now))
        admitted.append(now)
        return None
