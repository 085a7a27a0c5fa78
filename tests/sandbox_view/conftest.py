"""Provisioned sandbox workspaces for the web view tests (built once per module: OBM is 300
objects), and the facts every test checks the view against: the run's own report."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest

from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.notion import NotionGateway, RetryPolicy
from notion_setup.provision import RunReport, apply_workspace
from notion_setup.sandbox import Sandbox

TODAY = date(2026, 3, 16)


@dataclass
class Provisioned:
    """A sandbox holding one client's workspace, and what the run reported making."""

    sandbox: Sandbox
    report: RunReport
    lang: str

    def objects(self, *kinds: str) -> list[tuple[str, str, str]]:
        """(kind, name, id) of the run's objects of those kinds (all kinds when none given)."""
        return [
            (o.kind, o.name, o.id)
            for o in self.report.objects
            if o.id and (not kinds or o.kind in kinds)
        ]


def provision(blueprint: str, lang: str, client: str) -> Provisioned:
    """Apply a bundled blueprint to a fresh in-memory sandbox through the real gateway."""
    box = Sandbox(rate_limit=0)
    workspace = resolve(load_blueprint(blueprint), lang=lang, client=client, today=TODAY)
    gateway = NotionGateway(
        token=box.token,
        base_url="http://sandbox.invalid",
        transport=box.transport(),
        budget_per_minute=1_000_000,
        policy=RetryPolicy(max_attempts=3, max_total_s=60),
    )
    try:
        report = apply_workspace(gateway, workspace, box.root_page_id)
    finally:
        gateway.close()
    return Provisioned(box, report, lang)


@pytest.fixture(scope="module")
def obm_fr() -> Iterator[Provisioned]:
    """The OBM blueprint in French for "Cabinet Dupont"."""
    made = provision("obm", "fr", "Cabinet Dupont")
    yield made
    made.sandbox.close()


@pytest.fixture(scope="module")
def av_en() -> Iterator[Provisioned]:
    """The AV blueprint in English for "Demo"."""
    made = provision("av", "en", "Demo")
    yield made
    made.sandbox.close()
