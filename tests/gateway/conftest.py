"""Fixtures of the gateway tests: a fake clock, a scripted Notion, a gateway factory."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from notion_setup.notion import NotionGateway, RetryPolicy
from notion_setup.pacer import Pacer
from notion_setup.sandbox.testing import FakeClock

from .gateway_fakes import BASE_URL, FakeNotion

GatewayFactory = Callable[..., NotionGateway]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def fake() -> FakeNotion:
    return FakeNotion()


@pytest.fixture
def make_gateway(fake: FakeNotion, clock: FakeClock) -> GatewayFactory:
    def make(**kwargs: Any) -> NotionGateway:
        options: dict[str, Any] = {
            "token": f"secret_test{uuid.uuid4().hex}",
            "base_url": BASE_URL,
            "transport": httpx.MockTransport(fake.handle),
            "sleep": clock.sleep,
            "clock": clock,
            "pacer": Pacer(180, clock=clock, sleep=clock.sleep),
            "policy": RetryPolicy(),
        }
        options.update(kwargs)
        return NotionGateway(**options)

    return make
