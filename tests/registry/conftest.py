"""Fixtures for registry tests: an in-process sandbox, gateways that never sleep, AV in French."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.model import Workspace
from notion_setup.notion import NotionGateway, RetryPolicy
from notion_setup.sandbox import Sandbox
from notion_setup.sandbox.testing import FakeClock

GatewayFactory = Callable[[Sandbox], NotionGateway]


@pytest.fixture
def gateway_for() -> Iterator[GatewayFactory]:
    """Gateways on a sandbox with a fake clock (retries and pacing cost no time)."""
    made: list[NotionGateway] = []

    def make(box: Sandbox) -> NotionGateway:
        clock = FakeClock()
        options: dict[str, Any] = {
            "token": box.token,
            "base_url": "http://sandbox.invalid",
            "transport": box.transport(),
            "budget_per_minute": 1_000_000,
            "policy": RetryPolicy(max_attempts=8, max_total_s=3600),
            "sleep": clock.sleep,
            "clock": clock,
        }
        gw = NotionGateway(**options)
        made.append(gw)
        return gw

    yield make
    for gw in made:
        gw.close()


@pytest.fixture(scope="session")
def av_fr() -> Workspace:
    """The bundled AV blueprint, in French."""
    return resolve(load_blueprint("av"), lang="fr", client="Registre")
