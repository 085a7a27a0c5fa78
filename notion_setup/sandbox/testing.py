"""Pytest fixtures and helpers for tests that need a Notion workspace.

Expose them from a ``conftest.py``::

    from notion_setup.sandbox.testing import fake_clock, sandbox, sandbox_server  # noqa: F401

The ``sandbox`` fixture has the rate limit off and a fake clock whose ``sleep`` advances time
instantly, so tests never wait; build your own ``Sandbox`` to test rate limiting.
"""

from __future__ import annotations

import functools
import logging
import ssl
import threading
from collections.abc import Iterator

import httpx
import notion_client
import pytest

from notion_setup.sandbox.core import Sandbox
from notion_setup.sandbox.server import RunningServer, serve

IN_PROCESS_BASE_URL = "http://sandbox.invalid"
DEFAULT_VERSION = "2026-03-11"


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """The default verification of httpx, built once a process, not once a client (~30 ms)."""
    # A served sandbox speaks plain HTTP on loopback: the store is never used, only paid for.
    return httpx.create_ssl_context()


class FakeClock:
    """A monotonic clock that only moves when someone sleeps (or calls ``advance``).

    The one fake clock of the test suite (gateway, pacer, batch, provisioning and sandbox tests
    import it from here). Thread-safe: workers that sleep at once each move time forward by
    their own wait, and a negative wait never moves it back.
    """

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        """Advance time by ``seconds`` without waiting."""
        with self._lock:
            self.sleeps.append(seconds)
            self.now += max(0.0, seconds)

    def advance(self, seconds: float) -> None:
        """Advance time by ``seconds``."""
        with self._lock:
            self.now += seconds


def notion_client_for(
    sb: Sandbox,
    *,
    base_url: str | None = None,
    version: str = DEFAULT_VERSION,
    retry: bool = False,
    timeout_ms: int = 10_000,
) -> notion_client.Client:
    """A real notion-client 3.1.0 ``Client`` talking to ``sb``.

    Args:
        sb: the sandbox.
        base_url: a served sandbox's URL (loopback HTTP); None = the in-process transport.
        version: the Notion-Version header to send.
        retry: notion-client's own retries (off by default: callers own retries).
        timeout_ms: notion-client's timeout.
    """
    if base_url is None:
        http = httpx.Client(transport=sb.transport())
        base_url = IN_PROCESS_BASE_URL
    else:
        http = httpx.Client(verify=_tls_context())
    return notion_client.Client(
        auth=sb.token,
        client=http,
        base_url=base_url,
        notion_version=version,
        retry=retry,
        timeout_ms=timeout_ms,
        # Our own logger: notion-client would add a console handler per client otherwise.
        logger=logging.getLogger(__name__),
    )


@pytest.fixture
def fake_clock() -> FakeClock:
    """The fake clock used by the ``sandbox`` fixture."""
    return FakeClock()


@pytest.fixture
def sandbox(fake_clock: FakeClock) -> Iterator[Sandbox]:
    """A fresh in-memory sandbox: no rate limit, no faults, fake clock."""
    sb = Sandbox(rate_limit=0, clock=fake_clock, sleep=fake_clock.sleep)
    yield sb
    sb.close()


@pytest.fixture
def sandbox_server(sandbox: Sandbox) -> Iterator[RunningServer]:
    """The ``sandbox`` fixture served on a free loopback port."""
    with serve(sandbox) as server:
        yield server
