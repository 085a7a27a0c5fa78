"""`upgrade` meets a client workspace another run holds: exit 9 naming the holder, nothing written;
with `--wait` it waits for the lease to end, then upgrades."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from notion_setup.cli import cli
from notion_setup.lease import DEFAULT_POLL_S
from notion_setup.lifecycle.locate import client_roots, find_client
from notion_setup.notion import NotionGateway
from notion_setup.sandbox import Sandbox

from .runs import lease_clock, lease_text, put_lease

AV_1 = Path(__file__).resolve().parents[2] / "blueprints" / "history" / "av-1.0.0.json"


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _built_and_held(for_s: float) -> None:
    """Client Old made from av 1.0.0, then its root held by a run on another machine."""
    made = CliRunner().invoke(
        cli, ["apply", str(AV_1), "--sandbox", "--client", "Old", "--lang", "en", "-q"]
    )
    assert made.exit_code == 0, made.output
    box = Sandbox(state_path=os.environ["NOTION_SETUP_SANDBOX_STATE"], rate_limit=0)
    try:
        gw = NotionGateway(token=box.token, base_url="http://sandbox.invalid",
                           transport=box.transport(), budget_per_minute=10_000)  # fmt: skip
        root = find_client(client_roots(gw, box.root_page_id), "Old")
        assert root is not None
        now = datetime.now(UTC)
        until = _iso(now + timedelta(seconds=for_s))
        put_lease(gw, root.page_id, lease_text("ci-runner-7", 4242, "ci-run", _iso(now), until))
        gw.close()
    finally:
        box.close()


def _upgrade(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli, ["upgrade", "--sandbox", "--client", "Old", "--yes", "-q", *args]
    )
    return result.exit_code, result.stdout, result.stderr


def test_an_upgrade_of_a_held_workspace_exits_9_and_writes_nothing() -> None:
    _built_and_held(600)
    code, out, err = _upgrade()
    assert code == 9, err
    assert out == ""
    assert err.startswith(
        "error: the workspace of Old is in use by another run: host ci-runner-7, pid 4242"
    )
    plan = CliRunner().invoke(cli, ["upgrade", "--sandbox", "--client", "Old", "--plan", "-q"])
    assert plan.exit_code == 3  # still to do: nothing was written
    assert plan.stdout.startswith("Old: av 1.0.0 -> 2.0.0 (en)")


def test_with_wait_an_upgrade_waits_for_the_lease_to_end_then_upgrades(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _built_and_held(30)
    clock = lease_clock(monkeypatch)
    code, out, err = _upgrade("--wait", "60")
    assert code == 0, err
    assert out.startswith("Old: upgraded to version 2.0.0 (")
    # Polled every 5 s until the lease, 30 s long, had expired; no real time spent waiting.
    assert clock.sleeps == [DEFAULT_POLL_S] * 6
