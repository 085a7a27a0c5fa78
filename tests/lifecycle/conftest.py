"""Fixtures of the lifecycle tests: a sandbox shared by the library and ``--sandbox`` commands.

The sandbox lives in the state file the autouse fixture points ``--sandbox`` at, so a test can
build a workspace through the library and then run a command on it with CliRunner. A command's
writes are read back through a fresh ``Sandbox`` on the same file (``World.reopen``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.cli import cli
from notion_setup.connect import SANDBOX_STATE_ENV
from notion_setup.notion import NotionGateway, RetryPolicy
from notion_setup.observe import list_children
from notion_setup.provision import RunReport, apply_workspace
from notion_setup.sandbox import Sandbox
from notion_setup.sandbox.testing import FakeClock

FIXTURES = Path(__file__).parent / "fixtures"
MINI = str(FIXTURES / "mini.json")
#: The day every resolved blueprint counts relative dates from.
TODAY = date(2026, 3, 31)


def make_gateway(box: Sandbox, **options: Any) -> NotionGateway:
    """A gateway on the sandbox's in-process transport that never sleeps for real."""
    clock = FakeClock()
    settings: dict[str, Any] = {
        "token": box.token,
        "base_url": "http://sandbox.invalid",
        "transport": box.transport(),
        "budget_per_minute": 1_000_000,
        "policy": RetryPolicy(max_attempts=3, max_total_s=60),
        "sleep": clock.sleep,
        "clock": clock,
    }
    settings.update(options)
    return NotionGateway(**settings)


@dataclass
class World:
    """The sandbox of one test, a gateway on it, and helpers to build workspaces."""

    box: Sandbox
    gateway: NotionGateway
    opened: list[tuple[Sandbox, NotionGateway]] = field(default_factory=list)

    @property
    def top(self) -> str:
        """The sandbox's top-level page (the default --parent)."""
        return self.box.root_page_id

    def apply(
        self, blueprint: str, client: str, *, parent: str | None = None, lang: str = "en"
    ) -> RunReport:
        """Apply a blueprint for a client under ``parent`` (default the top page)."""
        workspace = resolve(load_blueprint(blueprint), lang=lang, client=client, today=TODAY)
        return apply_workspace(self.gateway, workspace, parent or self.top)

    def page(self, parent: str, title: str) -> str:
        """A page made by hand under ``parent``."""
        body = {
            "parent": {"type": "page_id", "page_id": parent},
            "properties": {"title": {"title": [{"type": "text", "text": {"content": title}}]}},
        }
        return str(self.gateway.write("POST", "pages", body=body)["id"])

    def titles(self, page_id: str) -> list[str]:
        """Titles of the live child pages and databases of a page."""
        return [
            c.title
            for c in list_children(self.gateway, page_id)
            if c.type in ("child_page", "child_database")
        ]

    def reopen(self) -> World:
        """A fresh view of the state file (after a command wrote to it)."""
        box = Sandbox(state_path=os.environ[SANDBOX_STATE_ENV], rate_limit=0)
        gateway = make_gateway(box)
        self.opened.append((box, gateway))
        return World(box, gateway, self.opened)


@pytest.fixture
def world() -> Iterator[World]:
    """A sandbox in the state file that ``--sandbox`` commands use."""
    box = Sandbox(state_path=os.environ[SANDBOX_STATE_ENV], rate_limit=0)
    gateway = make_gateway(box)
    made = World(box, gateway)
    yield made
    for other_box, other_gw in made.opened:
        other_gw.close()
        other_box.close()
    gateway.close()
    box.close()


def run(*args: str, input: str | None = None) -> Result:
    """Run ``notion-setup ARGS`` in-process."""
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
