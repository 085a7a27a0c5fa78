"""Fixtures for the overlapping-runs tests: an in-process sandbox, gateways that never sleep."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from notion_setup.model import Workspace
from notion_setup.notion import NotionGateway, RetryPolicy
from notion_setup.sandbox import Sandbox
from notion_setup.sandbox.testing import FakeClock

from ..provision.small_workspace import small_workspace

GatewayFactory = Callable[..., NotionGateway]


@pytest.fixture
def gateway_for() -> Iterator[GatewayFactory]:
    """Gateways on a sandbox with a fake clock: retries after a 409 and pacing cost no time."""
    made: list[NotionGateway] = []

    def make(box: Sandbox, **kwargs: Any) -> NotionGateway:
        clock = FakeClock()
        options: dict[str, Any] = {
            "token": box.token,
            "base_url": "http://sandbox.invalid",
            "transport": box.transport(),
            "budget_per_minute": 1_000_000,
            "policy": RetryPolicy(max_attempts=12, max_total_s=3600),
            "sleep": clock.sleep,
            "clock": clock,
        }
        options.update(kwargs)
        gw = NotionGateway(**options)
        made.append(gw)
        return gw

    yield make
    for gw in made:
        gw.close()


@pytest.fixture
def small() -> Workspace:
    """The small hand-built workspace of the provisioning tests (client "Acme")."""
    return small_workspace()
