"""`batch` meets a client workspace another run holds: that client fails with the holder named
(the others go on), and `--wait` lets it wait for the lease to end, then finish."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.cli import cli
from notion_setup.lease import DEFAULT_POLL_S
from notion_setup.notion import NotionGateway
from notion_setup.sandbox import Sandbox

from ..batch.helpers import MINI, manifest, write_manifest
from .runs import lease_clock, lease_text, make_root, put_lease


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _hold(client: str, *, for_s: float) -> None:
    """Another machine's run holds ``client``'s root on the CLI's sandbox for ``for_s`` more s."""
    box = Sandbox(state_path=os.environ["NOTION_SETUP_SANDBOX_STATE"], rate_limit=0)
    try:
        gw = NotionGateway(token=box.token, base_url="http://sandbox.invalid",
                           transport=box.transport(), budget_per_minute=10_000)  # fmt: skip
        title = resolve(load_blueprint(str(MINI)), lang="en", client=client).title
        root = make_root(gw, box.root_page_id, title)
        now = datetime.now(UTC)
        until = now + timedelta(seconds=for_s)
        put_lease(gw, root, lease_text("ci-runner-7", 4242, "ci-run", _iso(now), _iso(until)))
        gw.close()
    finally:
        box.close()


def _batch(tmp_path: Path, *args: str) -> tuple[int, list[dict[str, object]]]:
    path = write_manifest(tmp_path, manifest([{"name": "Busy"}, {"name": "Free"}]))
    result = CliRunner().invoke(cli, ["batch", str(path), "--sandbox", "--json", "-q", *args])
    return result.exit_code, [json.loads(line) for line in result.stdout.splitlines()]


def test_a_held_client_fails_naming_the_holder_and_the_others_are_applied(tmp_path: Path) -> None:
    _hold("Busy", for_s=600)
    code, results = _batch(tmp_path)
    assert code == 6
    by_client = {r["client"]: r for r in results}
    assert by_client["Free"]["status"] == "ok"
    busy = by_client["Busy"]
    assert busy["status"] == "failed" and busy["writes"] == 0
    error = busy["error"]
    assert isinstance(error, dict) and error["exit_code"] == 9
    assert "in use by another run: host ci-runner-7, pid 4242" in str(error["message"])


def test_with_wait_a_held_client_waits_for_the_lease_to_end_then_is_applied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _hold("Busy", for_s=30)
    clock = lease_clock(monkeypatch)
    code, results = _batch(tmp_path, "--wait", "60")
    assert code == 0, results
    assert {(r["client"], r["status"]) for r in results} == {("Busy", "ok"), ("Free", "ok")}
    # Polled every 5 s until the lease, 30 s long, had expired; no real time spent waiting.
    assert clock.sleeps == [DEFAULT_POLL_S] * 6
