"""Fault injection: seeded random faults from a spec string, plus deterministic one-shot faults.

Kinds (the names are a contract): ``429``, ``529``, ``500``, ``502``, ``503``, ``504`` and
``conflict`` answer before anything is written; ``503_committed``, ``504_committed``,
``500_committed``, ``drop_committed`` and ``timeout_committed`` let the write commit first and
only hit writes.
"""

from __future__ import annotations

import fnmatch
import random
import threading
from dataclasses import dataclass

PRE_WRITE = ("429", "529", "500", "502", "503", "504", "conflict")
COMMITTED = (
    "503_committed",
    "504_committed",
    "500_committed",
    "drop_committed",
    "timeout_committed",
)
KINDS = PRE_WRITE + COMMITTED


class FaultSpecError(ValueError):
    """A fault spec string or an injected fault is malformed."""


@dataclass
class Injected:
    """A deterministic fault waiting for a matching request."""

    kind: str
    method: str | None
    path: str | None
    remaining: int

    def matches(self, method: str, path: str, writes: bool) -> bool:
        """Whether this fault applies to a request."""
        if self.kind in COMMITTED and not writes:
            return False
        if self.method is not None and self.method.upper() != method:
            return False
        return self.path is None or fnmatch.fnmatchcase(path, self.path)


def _normalize_path(path: str) -> str:
    if not path.startswith("/"):
        path = "/" + path
    if not path.startswith("/v1/"):
        path = "/v1" + path
    return path


class FaultPlan:
    """Random fault rates (seeded) and injected one-shot faults.

    Args:
        rate: fault kind -> probability per request, e.g. ``{"503_committed": 0.1}``.
        seed: seed of the random draws, so a run with the same requests sees the same faults.
    """

    def __init__(self, rate: dict[str, float] | None = None, *, seed: int = 0) -> None:
        self.rate: dict[str, float] = {}
        for kind, probability in (rate or {}).items():
            if kind not in KINDS:
                raise FaultSpecError(f"unknown fault kind {kind!r}; use one of: {', '.join(KINDS)}")
            if not 0.0 <= probability <= 1.0:
                raise FaultSpecError(f"fault {kind}: probability {probability} is not in 0..1")
            self.rate[kind] = probability
        if sum(self.rate.values()) > 1.0 + 1e-9:
            raise FaultSpecError("fault probabilities add up to more than 1")
        self._rng = random.Random(seed)
        self._injected: list[Injected] = []
        self._lock = threading.Lock()

    @classmethod
    def parse(cls, spec: str, *, seed: int = 0) -> FaultPlan:
        """Parse ``"503_committed:0.1,429:0.05"`` (empty string = no faults).

        Raises:
            FaultSpecError: naming the bad item and the expected format.
        """
        rate: dict[str, float] = {}
        for item in (part.strip() for part in spec.split(",")):
            if not item:
                continue
            kind, sep, value = item.partition(":")
            try:
                probability = float(value) if sep else float("nan")
            except ValueError:
                probability = float("nan")
            if probability != probability:  # NaN: missing or not a number
                raise FaultSpecError(
                    f"fault spec item {item!r} should look like KIND:PROBABILITY, "
                    "e.g. 503_committed:0.1"
                )
            rate[kind.strip()] = probability
        return cls(rate, seed=seed)

    def inject(
        self, kind: str, *, method: str | None = None, path: str | None = None, count: int = 1
    ) -> None:
        """Make the next ``count`` matching requests fail with ``kind``.

        Args:
            kind: a fault kind (see the module docstring).
            method: only requests with this HTTP method.
            path: only requests whose path matches this glob, e.g. ``/v1/pages`` or
                ``blocks/*/children`` (``/v1/`` is added when missing).
            count: how many requests the fault hits.
        """
        if kind not in KINDS:
            raise FaultSpecError(f"unknown fault kind {kind!r}; use one of: {', '.join(KINDS)}")
        if count < 1:
            raise FaultSpecError("count must be at least 1")
        with self._lock:
            self._injected.append(
                Injected(kind, method, _normalize_path(path) if path else None, count)
            )

    @property
    def pending(self) -> list[Injected]:
        """Injected faults that did not fire yet."""
        with self._lock:
            return [fault for fault in self._injected if fault.remaining > 0]

    def pick(self, method: str, path: str, writes: bool) -> tuple[str, Injected | None] | None:
        """The fault for this request, if any (injected faults first, then a random draw)."""
        with self._lock:
            for fault in self._injected:
                if fault.remaining > 0 and fault.matches(method, path, writes):
                    return fault.kind, fault
            if not self.rate:
                return None
            draw = self._rng.random()
            total = 0.0
            for kind, probability in self.rate.items():
                if kind in COMMITTED and not writes:
                    continue
                total += probability
                if draw < total:
                    return kind, None
            return None

    def consume(self, fault: Injected | None) -> None:
        """Count one hit of an injected fault."""
        if fault is not None:
            with self._lock:
                fault.remaining -= 1
