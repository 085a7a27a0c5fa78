"""Client-side pacing: stay under Notion's per-connection request budget, one writer per parent.

Notion gives each connection a fixed budget of requests per 60-second window (180 on most plans,
600 on Business and Enterprise). A token bucket with rate ``r`` per second and capacity ``b``
hands out at most ``b + 60 r`` tokens in any 60-second interval, so choosing
``b + 60 r <= budget`` never exceeds the budget, whatever window the server counts. Every request
(reads, lookups, retries) takes a token.

On a 429 the bucket pauses until ``Retry-After`` and multiplies its rate by 0.7; it then grows
back by a small step for every 30 seconds without a 429, up to its ceiling (AIMD). A lower rate
keeps the window bound, so adapting never breaks it.

One pacer exists per token in the process (``shared_pacer``), keyed by a SHA-256 of the token:
the token itself is never kept. Concurrent writes under one parent make Notion answer 409, so
``parent_lock`` serialises them.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

Clock = Callable[[], float]
Sleep = Callable[[float], None]

#: Multiplicative decrease of the rate on a 429.
DECREASE = 0.7
#: Seconds without a 429 before the rate grows by one step.
RECOVERY_PERIOD_S = 30.0
#: The rate never drops below this share of its ceiling.
FLOOR_SHARE = 0.1
#: Tokens counted as whole despite float rounding (avoids endless sub-nanosecond sleeps).
_EPSILON = 1e-9
_MIN_WAIT_S = 1e-6


@dataclass(frozen=True)
class BucketSettings:
    """The rate (tokens per second) and burst (capacity) of a bucket."""

    rate: float
    burst: int

    @classmethod
    def for_budget(cls, budget_per_minute: int) -> BucketSettings:
        """The window-safe settings for a per-minute budget.

        The burst is about 1/15 of the budget (180 -> 12), at most 25; the rate takes the rest,
        so ``burst + 60 * rate == budget`` (180 -> 2.8/s).

        Raises:
            ValueError: when the budget is below 2 requests per minute.
        """
        if budget_per_minute < 2:
            raise ValueError(f"budget_per_minute must be at least 2, got {budget_per_minute}")
        burst = max(1, min(25, budget_per_minute // 15))
        return cls(rate=(budget_per_minute - burst) / 60.0, burst=burst)


class Pacer:
    """A thread-safe, window-safe token bucket with AIMD on 429 and per-parent write locks."""

    def __init__(
        self,
        budget_per_minute: int = 180,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
    ) -> None:
        """Create a pacer.

        Args:
            budget_per_minute: Notion's per-connection budget for one 60-second window.
            clock: monotonic seconds; injected in tests.
            sleep: waits that many seconds; injected in tests.
        """
        settings = BucketSettings.for_budget(budget_per_minute)
        self.budget_per_minute = budget_per_minute
        self.ceiling = settings.rate
        self._max_rate = settings.rate
        self.burst = settings.burst
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._rate = settings.rate
        self._tokens = float(settings.burst)
        self._updated = clock()
        self._paused_until = float("-inf")
        self._calm_since = self._updated
        self._parents: dict[str, threading.RLock] = {}
        self.waited_s = 0.0
        self.acquired = 0

    @property
    def rate(self) -> float:
        """The current rate in tokens per second (lower than the ceiling after a 429)."""
        with self._lock:
            return self._rate

    def _refill(self, now: float) -> None:
        """Add the tokens earned since the last update (caller holds the lock)."""
        elapsed = max(0.0, now - self._updated)
        self._tokens = min(float(self.burst), self._tokens + elapsed * self._rate)
        self._updated = now
        if self._rate < self.ceiling and now - self._calm_since >= RECOVERY_PERIOD_S:
            periods = int((now - self._calm_since) // RECOVERY_PERIOD_S)
            # Additive increase: the default 180/min budget gets +0.1 request/s per period.
            step = self._max_rate / 28.0
            self._rate = min(self.ceiling, self._rate + periods * step)
            self._calm_since += periods * RECOVERY_PERIOD_S

    def acquire(self) -> float:
        """Take one token, sleeping until one is available; return the seconds waited."""
        waited = 0.0
        while True:
            with self._lock:
                now = self._clock()
                self._refill(now)
                if now >= self._paused_until and self._tokens >= 1.0 - _EPSILON:
                    self._tokens = max(0.0, self._tokens - 1.0)
                    self.acquired += 1
                    self.waited_s += waited
                    return waited
                if now < self._paused_until:
                    delay = self._paused_until - now
                else:
                    delay = (1.0 - self._tokens) / self._rate
            # At least a microsecond: a shorter wait can vanish in float rounding of a clock
            # that reads thousands of seconds, and the loop would never see a token arrive.
            delay = max(delay, _MIN_WAIT_S)
            self._sleep(delay)
            waited += delay

    def penalize(self, retry_after_s: float | None, *, lower_ceiling: bool = False) -> None:
        """React to a 429: pause every caller until Retry-After and lower the rate.

        Args:
            retry_after_s: the server's Retry-After in seconds, or None when it gave none.
            lower_ceiling: the workspace-wide limit was hit (other integrations share it): the
                rate will not grow back above its new value for the rest of the run.
        """
        with self._lock:
            now = self._clock()
            self._refill(now)
            if retry_after_s is not None and retry_after_s > 0:
                self._paused_until = max(self._paused_until, now + retry_after_s)
            self._rate = max(self._max_rate * FLOOR_SHARE, self._rate * DECREASE)
            if lower_ceiling:
                self.ceiling = self._rate
            self._calm_since = max(now, self._paused_until)

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
