"""The fewest calls: a first apply at the floor the plan computes; a no-change run in ~2 each."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from notion_setup.apply_schedule import plan_bound
from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.connect import UNPACED_BUDGET
from notion_setup.model import Workspace
from notion_setup.notion import NotionGateway
from notion_setup.observe import Observed, find_root
from notion_setup.plan import make_plan
from notion_setup.provision import apply_workspace, plan_workspace
from notion_setup.sandbox import Sandbox

from .synthetic import write_synthetic

#: Reads of a first run outside the plan's steps: the parent's children, to find the root, and
#: one search of the trash, for a root moved there by hand (``observe_root.find_trashed_root``).
OBSERVE_CALLS_FIRST_RUN = 2
#: The lease on the new root: its block appended, the root's children listed, the block deleted.
LEASE_CALLS = 3


def _gateway(box: Sandbox) -> NotionGateway:
    return NotionGateway(
        token=box.token,
        base_url="http://sandbox.invalid",
        transport=box.transport(),
        budget_per_minute=UNPACED_BUDGET,
    )


def _workspace(name: str) -> Workspace:
    return resolve(load_blueprint(name), lang="fr", client="Calls")


@pytest.mark.parametrize(("name", "jobs"), [("av", 1), ("av", 4), ("obm", 4)])
def test_a_first_apply_makes_the_calls_the_plan_computes_and_at_most_1_15_per_object(
    name: str, jobs: int
) -> None:
    workspace = _workspace(name)
    floor = (
        plan_bound(make_plan(workspace, Observed(parent_id="p")).steps, workspace, jobs).calls
        + OBSERVE_CALLS_FIRST_RUN
        + LEASE_CALLS
    )
    box = Sandbox(rate_limit=0)
    with _gateway(box) as gw:
        report = apply_workspace(gw, workspace, box.root_page_id, jobs=jobs)
    assert report.api_calls == floor  # the same with 4 workers: no look-up to tell views apart
    assert report.api_calls / report.created <= 1.15


def test_a_no_change_plan_of_160_databases_makes_at_most_5_calls_a_database_plus_10(
    tmp_path: Path,
) -> None:
    workspace = resolve(
        load_blueprint(str(write_synthetic(tmp_path, 160))), lang="fr", client="Big"
    )
    box = Sandbox(rate_limit=0)
    with _gateway(box) as gw:
        apply_workspace(gw, workspace, box.root_page_id, jobs=4)
    with _gateway(box) as gw:
        _, plan = plan_workspace(gw, workspace, box.root_page_id)
        calls, writes = gw.stats.api_calls, gw.stats.writes
    assert plan.is_empty
    assert writes == 0
    # A database: one schema read and one view listing, one read of each of its 2 views (a
    # view renamed or re-filtered by hand shows only in the view: Notion lists views by id) and
    # one query for its starter row (deleted by hand?). See docs/lifecycle.md, "Edits made by
    # hand in Notion".
    assert calls <= (2 + 2 + 1) * 160 + 10


class _Recording(httpx.BaseTransport):
    """Passes requests to the sandbox and keeps their method, path and query."""

    def __init__(self, box: Sandbox) -> None:
        self.inner = box.transport()
        self.seen: list[tuple[str, str, str]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append((request.method, request.url.path, request.url.query.decode()))
        return self.inner.handle_request(request)


def test_queries_that_only_need_titles_ask_only_for_the_title() -> None:
    workspace = _workspace("av")
    box = Sandbox(rate_limit=0)
    with _gateway(box) as gw:
        apply_workspace(gw, workspace, box.root_page_id)
        found = find_root(gw, box.root_page_id, workspace)
        assert found is not None and found[1] is not None
        # A registry edited by hand: rows are then found again by title, with one query each.
        gw.write(
            "PATCH",
            f"blocks/{found[1].code_block_id}",
            body={"code": {"rich_text": [{"text": {"content": "{not json"}}], "language": "json"}},
            idempotent=True,
        )
    recording = _Recording(box)
    with NotionGateway(
        token=box.token,
        base_url="http://sandbox.invalid",
        transport=recording,
        budget_per_minute=UNPACED_BUDGET,
    ) as gw:
        _, plan = plan_workspace(gw, workspace, box.root_page_id)
    queries = [q for method, path, q in recording.seen if path.endswith("/query")]
    assert plan.is_empty
    assert len(queries) == len([db for db in workspace.databases if db.rows])
    assert set(queries) == {"filter_properties=title"}


def test_eight_workers_never_write_twice_at_once_under_one_parent() -> None:
    # The sandbox answers 409 to overlapping writes under one parent; 5 ms of latency per call
    # makes overlaps likely if the scheduler allowed them. A 409 would show as a retry.
    box = Sandbox(rate_limit=0, latency_ms=5, conflict_on_overlap=True)
    workspace = _workspace("av")
    with _gateway(box) as gw:
        report = apply_workspace(gw, workspace, box.root_page_id, jobs=8)
        statuses = dict(gw.stats.by_status)
    assert report.retries == 0
    assert 409 not in statuses
