"""Around the lease: a root renamed to another client's title (F31), destroy takes the lease,
export and plan never show it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from notion_setup.errors import WorkspaceBusy
from notion_setup.lifecycle.destroy import execute_destroy, plan_destroy
from notion_setup.lifecycle.export import export_workspace
from notion_setup.observe import find_root
from notion_setup.provision import apply_workspace, plan_workspace
from notion_setup.sandbox import Sandbox

from ..provision.small_workspace import small_workspace
from .runs import lease_text, leases_on, put_lease
from .test_stale import Recorder

HELD = lease_text("ci-runner-7", 4242, "other", "2026-12-02T07:00:00Z", "2099-01-01T07:10:00Z")


def _root_of(box: Sandbox, gateway_for: Any, ws: Any) -> str:
    found = find_root(gateway_for(box), box.root_page_id, ws)
    assert found is not None and found[1] is not None
    return found[0]


def test_F31_a_root_renamed_to_another_clients_title_is_told_apart_by_its_registry(
    gateway_for: Any,
) -> None:
    box = Sandbox(rate_limit=0)
    x, omega = small_workspace("X"), small_workspace("Omega")
    apply_workspace(gateway_for(box), x, box.root_page_id)
    x_root = _root_of(box, gateway_for, x)
    gateway_for(box).write(
        "PATCH",
        f"pages/{x_root}",
        body={"properties": {"title": {"title": [{"text": {"content": "Omega workspace"}}]}}},
        idempotent=True,
    )
    recorder = Recorder()
    report = apply_workspace(gateway_for(box), omega, box.root_page_id, reporter=recorder)
    assert report.root_page_id and report.root_page_id != x_root
    [warning] = recorder.warnings
    assert warning.startswith("the page “Omega workspace” (")
    assert warning.endswith(
        ") belongs to the client X (its registry says so), not to Omega: it was renamed by hand; "
        "rename it back so that the two workspaces are told apart"
    )
    for ws in (x, omega):
        _, plan = plan_workspace(gateway_for(box), ws, box.root_page_id)
        assert plan.is_empty, ws.client


def test_destroy_stops_with_exit_9_while_a_run_holds_the_workspace_and_trashes_nothing(
    gateway_for: Any, small: Any
) -> None:
    box = Sandbox(rate_limit=0)
    apply_workspace(gateway_for(box), small, box.root_page_id)
    root = _root_of(box, gateway_for, small)
    held = put_lease(gateway_for(box), root, HELD)
    plan = plan_destroy(gateway_for(box), box.root_page_id, "Acme")
    assert plan.found and not plan.kept  # the lease block is nobody's page: nothing is kept
    busy = gateway_for(box)
    with pytest.raises(WorkspaceBusy):
        execute_destroy(busy, plan, confirm=lambda p: True)
    assert busy.stats.writes == 2  # only its own lease block, appended and deleted again
    assert [h.host for h in leases_on(gateway_for(box), root)] == ["ci-runner-7"]
    assert _root_of(box, gateway_for, small) == root
    gateway_for(box).write("DELETE", f"blocks/{held}", idempotent=True)
    recorder = Recorder()
    report = execute_destroy(gateway_for(box), plan, confirm=lambda p: True, reporter=recorder)
    assert report.trashed and recorder.warnings == []  # its lease went with the root
    assert find_root(gateway_for(box), box.root_page_id, small) is None


def test_export_leaves_the_lease_out_and_warns_that_a_run_is_in_progress(
    gateway_for: Any, small: Any
) -> None:
    box = Sandbox(rate_limit=0)
    apply_workspace(gateway_for(box), small, box.root_page_id)
    root = _root_of(box, gateway_for, small)
    put_lease(gateway_for(box), root, HELD)
    recorder = Recorder()
    result = export_workspace(gateway_for(box), root, reporter=recorder)
    assert "notion-setup: run in progress" not in json.dumps(result.document, ensure_ascii=False)
    assert recorder.warnings == [
        "another run is in progress on this workspace (host ci-runner-7, pid 4242, until "
        "07:10 UTC): this plan may change when it finishes"
    ]
    assert [h.host for h in leases_on(gateway_for(box), root)] == ["ci-runner-7"]
