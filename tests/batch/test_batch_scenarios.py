"""Batch runs against sandboxes: 20 clients on four tokens, faults, a missing parent, re-runs."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from notion_setup.batch import BatchSummary, ClientResult, ClientSpec, load_manifest, run_batch
from notion_setup.sandbox import FaultPlan

from .helpers import Fleet, manifest, write_manifest

# Four workspaces (tokens); A, B and C are shared by several clients, D by two.
TOKENS = {"TOKEN_A": 8, "TOKEN_B": 6, "TOKEN_C": 4, "TOKEN_D": 2}
MISSING_PARENT = uuid.UUID(int=0xDEADBEEF).hex


def twenty_clients(folder: Path) -> Path:
    clients = []
    for token, count in TOKENS.items():
        for n in range(count):
            clients.append({"name": f"{token[-1]}{n:02d} Client", "token_env": token})
    # One client points at a page that does not exist in its workspace.
    clients[5]["parent"] = MISSING_PARENT
    return write_manifest(folder, manifest(clients))


def run(fleet: Fleet, path: Path, **options: Any) -> tuple[list[ClientResult], BatchSummary]:
    results: list[ClientResult] = []
    summary = run_batch(
        load_manifest(path).clients,
        connect=fleet.connect,
        on_result=results.append,
        **options,
    )
    return results, summary


def root_titles(fleet: Fleet, token: str) -> list[str]:
    """Titles of the pages directly under a workspace's top-level page."""
    box = fleet.boxes[token]
    connection = fleet.connect(ClientSpec("probe", "mini", None, "en", token))
    try:
        children = connection.gateway.paginate("GET", f"blocks/{box.root_page_id}/children")
        return sorted(c["child_page"]["title"] for c in children if c["type"] == "child_page")
    finally:
        connection.close()


def test_twenty_clients_with_faults_converge_and_a_rerun_writes_nothing(tmp_path: Path) -> None:
    fleet = Fleet(TOKENS)
    faults_a = fleet.boxes["TOKEN_A"].faults
    faults_a.inject("503_committed", method="POST", path="/v1/pages", count=2)
    faults_a.inject("429", count=3)
    faults_a.inject("drop_committed", method="POST", path="/v1/databases", count=1)
    fleet.boxes["TOKEN_B"].faults.inject("502", method="PATCH", count=2)
    fleet.boxes["TOKEN_C"].faults.inject("timeout_committed", method="POST", count=1)
    path = twenty_clients(tmp_path)

    results, summary = run(fleet, path, jobs=4)

    by_name = {r.name: r for r in results}
    assert len(results) == 20 and len(by_name) == 20
    failed = [r for r in results if r.status != "ok"]
    assert [r.name for r in failed] == ["A05 Client"]
    error = failed[0].error
    assert error is not None and error.type == "AccessError" and error.exit_code == 4
    assert "deadbeef" in error.message.replace("-", "")
    assert "fix:" in error.message  # the hint: share the page with the integration
    assert summary.ok == 19 and summary.failed == 1
    # Every fault fired, and was absorbed.
    assert all(not box.faults.pending for box in fleet.boxes.values())
    # No 409: the shared gateways kept writes under one parent apart (see also test_batch_runner).
    assert 409 not in fleet.statuses()
    # Per-client counts add up to exactly what the sandboxes received.
    assert sum(r.api_calls for r in results) == sum(
        len(b.request_log) for b in fleet.boxes.values()
    )
    # A connection per lane, closed after the lane's last client.
    assert fleet.opened == len(TOKENS) and fleet.open_now == 0
    # One root page per converged client, no duplicate despite the ambiguous failures.
    for token, count in TOKENS.items():
        expected = sorted(
            f"{token[-1]}{n:02d} Client workspace"
            for n in range(count)
            if (token, n) != ("TOKEN_A", 5)
        )
        assert root_titles(fleet, token) == expected

    writes_before = fleet.writes()
    again, second = run(fleet, path, jobs=4)
    assert fleet.writes() == writes_before
    assert second.writes == 0
    assert {r.name: r.status for r in again if r.status != "ok"} == {"A05 Client": "failed"}
    assert all(r.created == r.updated == 0 for r in again if r.status == "ok")


def test_f26_one_workspace_in_a_5xx_storm_the_others_converge(tmp_path: Path) -> None:
    fleet = Fleet(["CALM_1", "CALM_2", "STORM"])
    fleet.boxes["STORM"].faults = FaultPlan({"503": 0.6, "500": 0.4})
    clients = [
        {"name": f"{token} {n}", "token_env": token} for token in fleet.boxes for n in range(3)
    ]
    path = write_manifest(tmp_path, manifest(clients))

    results, summary = run(fleet, path, jobs=3)

    storm = [r for r in results if r.token_env == "STORM"]
    calm = [r for r in results if r.token_env != "STORM"]
    assert [r.status for r in storm] == ["failed"] * 3
    for result in storm:
        assert result.error is not None
        assert result.error.type == "NotionUnavailable" and result.error.exit_code == 8
        assert "6 attempts" in result.error.message
    assert [r.status for r in calm] == ["ok"] * 6
    assert (summary.ok, summary.failed) == (6, 3)
    assert all(r.retries == 0 and r.created > 0 for r in calm)

    # The storm passes: the same batch finishes the stormy clients and rewrites nothing else.
    fleet.boxes["STORM"].faults = FaultPlan()
    results, _ = run(fleet, path, jobs=3)
    assert [r.status for r in results] == ["ok"] * 9
    assert [r.writes for r in results if r.token_env != "STORM"] == [0] * 6
    assert all(r.created > 0 for r in results if r.token_env == "STORM")
