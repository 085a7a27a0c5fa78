"""Fleet fixtures: an in-process sandbox, an unpaced gateway, the two versions of ``fleetbp``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from notion_setup.blueprint import Blueprint, load_blueprint
from notion_setup.notion.gateway import NotionGateway, RetryPolicy
from notion_setup.sandbox import Sandbox

FIXTURES = Path(__file__).parent / "fixtures"
V2 = FIXTURES / "fleetbp.json"
V1 = FIXTURES / "history" / "fleetbp-1.0.0.json"

MIGRATION_1_TO_2: dict[str, Any] = {
    "from": "1.0.0",
    "to": "2.0.0",
    "renamed": {
        "databases": {"tasks": "todos"},
        "properties": {"invoices.amount": "invoices.total"},
        "options": {"invoices.state.sent": "invoices.state.issued"},
        "views": {"invoices.all": "invoices.everything"},
    },
}


def versioned(
    path: Path, version: str, migrations: list[dict[str, Any]] | None = None
) -> Blueprint:
    """The fixture at ``path`` as that version (files without ``version`` get it in memory)."""
    bp = load_blueprint(path)
    if bp.document.get("version") == version:
        return bp
    document = dict(bp.document)
    document["version"] = version
    if migrations:
        document["migrations"] = migrations
    return replace(bp, document=document)


@pytest.fixture
def v1() -> Blueprint:
    """Version 1 as it was when the fleet was built: at the path version 2 has now."""
    return replace(versioned(V1, "1.0.0"), source=V2)


@pytest.fixture
def v2() -> Blueprint:
    return versioned(V2, "2.0.0", [MIGRATION_1_TO_2])


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)


@pytest.fixture
def box() -> Sandbox:
    return Sandbox(rate_limit=0)


@pytest.fixture
def gw(box: Sandbox) -> Iterator[NotionGateway]:
    clock = _Clock()
    gateway = NotionGateway(
        token=box.token,
        base_url="http://sandbox.invalid",
        transport=box.transport(),
        budget_per_minute=1_000_000,
        policy=RetryPolicy(max_attempts=4, max_total_s=60),
        sleep=clock.sleep,
        clock=clock,
    )
    yield gateway
    gateway.close()


def thaw(value: Any) -> Any:
    """A blueprint document (frozen mappings and tuples) as plain dicts and lists to edit."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [thaw(v) for v in value]
    return value
