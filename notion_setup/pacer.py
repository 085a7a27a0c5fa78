"""Client-side pacing: stay under Notion's per-connection request budget, one writer per parent.

Notion gives each connection a budget of requests per 60-second window (180 on most plans, 600
on Business and Enterprise) and lets it be spent in a burst (Notion's request-limits page). The
pacer keeps the send times of the last ``budget`` requests and lets a request go as soon as fewer
than ``budget`` were sent in the 60 seconds (plus a small margin) before it: a fresh window is
spent at once, and no 60-second window, sliding or fixed, ever holds more than the budget. Every
request takes a slot: reads, lookups and retries alike.

A 429 carrying ``Retry-After`` pauses every request on the token until then, exactly, and
changes nothing else: one 429 is not evidence that the budget is wrong (Notion also answers 429
for reasons of its own, and a window pacer never sends more than its budget). The budget drops,
by a fifth at a time, only on evidence that it is too high for this connection: several 429s in a
row with no successful request between them, or a workspace-wide 429 (other integrations share
that limit; the budget then stays at its new value for the rest of the run). After a quiet
window it grows back by a tenth of its nominal value per window.

One pacer exists per token in the process (``shared_pacer``), keyed by a SHA-256 of the token:
the token itself is never kept. Concurrent writes under one parent make Notion answer 409, so
``parent_lock`` serialises them.
"""

from __future__ import annotations

import collections
import hashlib
import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Clock = Callable[[], float]
Sleep = Callable[[float], None]

#: Notion counts its budget per 60-second window.
WINDOW_S = 60.0
#: Waited beyond the window's end: the server's clock and the requests' travel times differ a
#: little from ours, so a request sent exactly 60 s after another may land inside its window.
MARGIN_S = 1.0
#: 429s in a row, with no other answer between them, that show the budget is too high (under
#: scattered 429s at 10% of calls, four in a row happen about once in 25 runs of 300 calls).
EVIDENCE_STREAK = 4
#: On evidence, the budget is multiplied by this (never below ``FLOOR_SHARE`` of nominal).
DECREASE = 0.8
FLOOR_SHARE = 0.1
#: After a window without new evidence the budget grows back by this share of its nominal value.
RECOVERY_SHARE = 0.1
#: A wait this short could vanish in the float rounding of a clock that reads thousands of
#: seconds, and the loop would never see its slot come.
_MIN_WAIT_S = 1e-6


class Pacer:
    """A thread-safe sliding-window pacer with per-parent write locks.

    Attributes:
        nominal: the budget per window it was built with.
        ceiling: the most the budget may grow back to (lowered by a workspace-wide 429).
        acquired: requests let through.
        waited_s: seconds spent waiting, summed over callers.
        rate_limited: 429s reported through ``penalize``.
        budget_drops: times the budget was lowered on evidence.
    """

    def __init__(
        self,
        budget_per_minute: int = 180,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
        window_s: float = WINDOW_S,
        margin_s: float = MARGIN_S,
    ) -> None:
        """Create a pacer.

        Args:
            budget_per_minute: Notion's per-connection budget for one 60-second window.
            clock: monotonic seconds; injected in tests.
            sleep: waits that many seconds; injected in tests.
            window_s: the length of the window Notion counts in.
            margin_s: extra wait past a window's end (see ``MARGIN_S``).

        Raises:
            ValueError: when the budget is below 1 request per window.
        """
        if budget_per_minute < 1:
            raise ValueError(f"budget_per_minute must be at least 1, got {budget_per_minute}")
        self.nominal = budget_per_minute
        self.ceiling = budget_per_minute
        self._budget = budget_per_minute
        self._window_s = window_s
        self._margin_s = margin_s
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        # Send times of the most recent requests, oldest first; only the last `budget` matter.
        self._sent: collections.deque[float] = collections.deque()
        self._paused_until = float("-inf")
        self._streak = 0
        self._calm_since = clock()
        self._parents: dict[str, threading.RLock] = {}
        self.acquired = 0
        self.waited_s = 0.0
        self.rate_limited = 0
        self.budget_drops = 0

    @property
    def budget(self) -> int:
        """Requests allowed per window now (the nominal budget unless evidence lowered it)."""
        with self._lock:
            self._recover(self._clock())
            return self._budget

    def in_window(self) -> int:
        """Requests sent in the last window (as the pacer counts them, margin included)."""
        with self._lock:
            now = self._clock()
            self._forget(now)
            return len(self._sent)

    def _forget(self, now: float) -> None:
        """Drop send times that no longer count (caller holds the lock)."""
        horizon = now - self._window_s - self._margin_s
        while self._sent and self._sent[0] <= horizon:
            self._sent.popleft()

    def _recover(self, now: float) -> None:
        """Grow a lowered budget back, one step per quiet window (caller holds the lock)."""
        if self._budget >= self.ceiling:
            return
        windows = int((now - self._calm_since) // self._window_s)
        if windows <= 0:
            return
        step = max(1, math.ceil(self.nominal * RECOVERY_SHARE))
        self._budget = min(self.ceiling, self._budget + windows * step)
        self._calm_since += windows * self._window_s

    def acquire(self) -> float:
        """Take a slot, sleeping until the window has room; return the seconds waited."""
        waited = 0.0
        while True:
            with self._lock:
                now = self._clock()
                self._recover(now)
                self._forget(now)
                if now >= self._paused_until and len(self._sent) < self._budget:
                    self._sent.append(now)
                    self.acquired += 1
                    self.waited_s += waited
                    return waited
                if now < self._paused_until:
                    delay = self._paused_until - now
                else:
                    # The slot frees when the oldest request that still counts leaves the window
                    # (len(_sent) may exceed a budget that was just lowered).
                    oldest = self._sent[len(self._sent) - self._budget]
                    delay = oldest + self._window_s + self._margin_s - now
            delay = max(delay, _MIN_WAIT_S)
            self._sleep(delay)
            waited += delay

    def answered(self) -> None:
        """A request on this token got an answer other than 429: the streak of 429s is broken.

        Any answer counts (a 5xx too): it shows the request got past Notion's rate limiter.
        """
        with self._lock:
            self._streak = 0

    def penalize(self, retry_after_s: float | None, *, lower_ceiling: bool = False) -> None:
        """React to a 429: pause every caller until Retry-After; lower the budget on evidence.

        Args:
            retry_after_s: the server's Retry-After in seconds, or None when it gave none.
            lower_ceiling: the workspace-wide limit was hit (other integrations share it): the
                budget drops now and does not grow back above its new value during this run.
        """
        with self._lock:
            now = self._clock()
            self._recover(now)
            self.rate_limited += 1
            self._streak += 1
            if retry_after_s is not None and retry_after_s > 0:
                self._paused_until = max(self._paused_until, now + retry_after_s)
            if lower_ceiling or self._streak >= EVIDENCE_STREAK:
                floor = max(1, math.ceil(self.nominal * FLOOR_SHARE))
                self._budget = max(floor, math.floor(self._budget * DECREASE))
                self.budget_drops += 1
                self._streak = 0
                self._calm_since = max(now, self._paused_until)
                if lower_ceiling:
                    self.ceiling = self._budget

    @contextmanager
    def parent_lock(self, parent_id: str | None) -> Iterator[None]:
        """Hold the write lock of ``parent_id`` (nothing to hold when it is None).

        Re-entrant, so a write's own lookups and retries may run under it.
        """
        if parent_id is None:
            yield
            return
        with self._lock:
            lock = self._parents.setdefault(parent_id, threading.RLock())
        with lock:
            yield


def window_bound_s(calls: int, budget: int, window_s: float = WINDOW_S) -> float:
    """The least time ``calls`` requests need under ``budget`` per window, latency aside.

    ``floor((calls - 1) / budget)`` full windows: the first ``budget`` go at once, and each
    further batch must wait for the window of the batch before it to pass.
    """
    if calls <= 0:
        return 0.0
    return (calls - 1) // budget * window_s


_registry_lock = threading.Lock()
_registry: dict[str, Pacer] = {}


def token_key(token: str) -> str:
    """The registry key of a token: a SHA-256 hex digest, never the token itself."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def shared_pacer(
    token: str,
    budget_per_minute: int = 180,
    *,
    clock: Clock = time.monotonic,
    sleep: Sleep = time.sleep,
) -> Pacer:
    """The one pacer of this process for ``token``, created on first use.

    Later callers get the same pacer (and its budget, clock and sleep) whatever they pass, so
    every gateway on one connection shares one budget.
    """
    key = token_key(token)
    with _registry_lock:
        pacer = _registry.get(key)
        if pacer is None:
            pacer = Pacer(budget_per_minute, clock=clock, sleep=sleep)
            _registry[key] = pacer
        return pacer


def reset_shared_pacers() -> None:
    """Forget every shared pacer (tests: each test starts with its own clock and budget)."""
    with _registry_lock:
        _registry.clear()
