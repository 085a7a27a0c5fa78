"""Fixtures for the sandbox's own tests: clients of the real notion-client 3.1.0."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import notion_client
import pytest

from notion_setup.sandbox import RunningServer, Sandbox
from notion_setup.sandbox import testing as _testing
from notion_setup.sandbox.testing import notion_client_for

# The shared fixtures, as the top-level conftest will expose them.
fake_clock = _testing.fake_clock
sandbox = _testing.sandbox
sandbox_server = _testing.sandbox_server

#: Builds a notion-client for a sandbox (typed Any: the SDK types its answers as SyncAsync).
ClientFactory = Callable[..., Any]


@pytest.fixture
def make_client() -> Iterator[ClientFactory]:
    """Build clients (closed after the test) with ``notion_client_for``'s arguments."""
    made: list[notion_client.Client] = []

    def make(sb: Sandbox, **kwargs: Any) -> notion_client.Client:
        client = notion_client_for(sb, **kwargs)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture(params=["loopback", "in-process"])
def transport_kind(request: pytest.FixtureRequest) -> str:
    """Every test using ``api`` runs over loopback HTTP and over the in-process transport."""
    return str(request.param)


def _base_url(request: pytest.FixtureRequest, kind: str) -> str | None:
    if kind == "in-process":
        return None
    server: RunningServer = request.getfixturevalue("sandbox_server")
    return server.base_url


@pytest.fixture
def api(
    request: pytest.FixtureRequest,
    sandbox: Sandbox,
    make_client: ClientFactory,
    transport_kind: str,
) -> Any:
    """The real notion-client 3.1.0, Notion-Version 2026-03-11."""
    return make_client(sandbox, base_url=_base_url(request, transport_kind))


@pytest.fixture
def legacy_api(
    request: pytest.FixtureRequest,
    sandbox: Sandbox,
    make_client: ClientFactory,
    transport_kind: str,
) -> Any:
    """The real notion-client 3.1.0, Notion-Version 2025-09-03."""
    return make_client(sandbox, base_url=_base_url(request, transport_kind), version="2025-09-03")


@pytest.fixture
def http_api(sandbox: Sandbox, sandbox_server: RunningServer, make_client: ClientFactory) -> Any:
    """notion-client over loopback HTTP."""
    return make_client(sandbox, base_url=sandbox_server.base_url)
