"""Fault scenarios of shared/reliability-notes.md §7 at the level of a whole apply.

Every scenario ends with the global invariants: no duplicate object, a fresh plan is empty and a
second apply writes nothing.
"""

from __future__ import annotations

from typing import Any

import pytest

from notion_setup.errors import NotionUnavailable, WorkspaceLimitReached
from notion_setup.notion import RetryPolicy
from notion_setup.observe import find_root
from notion_setup.provision import apply_workspace
from notion_setup.sandbox import Sandbox

from .helpers import check_matches, registry_of

EVERY_FAULT = (
    "429",
    "529",
    "500",
    "502",
    "503",
    "504",
    "conflict",
    "503_committed",
    "504_committed",
    "500_committed",
    "drop_committed",
    "timeout_committed",
)


def converged(box: Sandbox, gateway_for: Any, ws: Any) -> None:
    """G1-G3: exactly the blueprint once, an empty plan, a second apply with zero writes."""
    box.faults = type(box.faults)()  # faults off for the verification
    gw = gateway_for(box)
    found = find_root(gw, box.root_page_id, ws)
    assert found is not None and found[1] is not None, "no client root with a registry"
    check_matches(gw, found[0], ws, found[1])
    again = apply_workspace(gw, ws, box.root_page_id)
    assert again.plan.is_empty, [str(c) for c in again.plan.changes]
    assert gw.stats.writes == 0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_F5_F5b_F6_F7_F8_F10_apply_converges_under_30_percent_faults(
    seed, gateway_for, small
) -> None:
    rate = {kind: 0.3 / len(EVERY_FAULT) for kind in EVERY_FAULT}
    box = Sandbox(rate_limit=0, faults=_plan(rate, seed), seed=seed)
    gw = gateway_for(box, policy=RetryPolicy(max_attempts=10, max_total_s=10_000))
    report = apply_workspace(gw, small, box.root_page_id)
    assert report.retries > 0  # the faults did happen
    converged(box, gateway_for, small)


def _plan(rate: dict[str, float], seed: int) -> Any:
    from notion_setup.sandbox import FaultPlan

    return FaultPlan(rate, seed=seed)


class Killed(BaseException):
    """The process died: nothing after this point runs (no registry save, no clean-up)."""


class KillAfter:
    """A gateway wrapper that dies after the n-th write has reached Notion (or before it)."""

    def __init__(self, gw: Any, n: int, *, after_commit: bool) -> None:
        self.gw, self.n, self.after_commit, self.writes, self.dead = gw, n, after_commit, 0, False
        self.stats = gw.stats

    def _check(self) -> None:
        if self.dead:
            raise Killed()

    def read(self, *args: Any, **kwargs: Any) -> Any:
        self._check()
        return self.gw.read(*args, **kwargs)

    def paginate(self, *args: Any, **kwargs: Any) -> Any:
        self._check()
        return self.gw.paginate(*args, **kwargs)

    def write(self, *args: Any, **kwargs: Any) -> Any:
        self._check()
        self.writes += 1
        if self.writes == self.n and not self.after_commit:
            self.dead = True
            raise Killed()
        result = self.gw.write(*args, **kwargs)
        if self.writes == self.n:
            self.dead = True
            raise Killed()
        return result


def _writes_of_a_full_run(gateway_for: Any, ws: Any) -> int:
    box = Sandbox(rate_limit=0)
    gw = gateway_for(box)
    apply_workspace(gw, ws, box.root_page_id)
    return int(gw.stats.writes)


def test_F12_killed_at_every_write_boundary_then_rerun_converges(gateway_for, small) -> None:
    total = _writes_of_a_full_run(gateway_for, small)
    assert total >= 18  # root, pages, databases, schema, views, templates, rows, registry
    for n in range(1, total + 1):
        for after_commit in (False, True):
            box = Sandbox(rate_limit=0)
            with pytest.raises(Killed):
                apply_workspace(
                    KillAfter(gateway_for(box), n, after_commit=after_commit),
                    small,
                    box.root_page_id,
                )
            apply_workspace(gateway_for(box), small, box.root_page_id)
            converged(box, gateway_for, small)


def test_F21_block_limit_stops_cleanly_and_the_next_run_completes(gateway_for, small) -> None:
    box = Sandbox(rate_limit=0)
    box.set_block_limit(12)
    with pytest.raises(WorkspaceLimitReached) as caught:
        apply_workspace(gateway_for(box), small, box.root_page_id)
    assert "block limit" in str(caught.value).lower()
    blocked = [r for r in box.request_log if r.status == 403]
    assert len(blocked) == 1  # never retried
    box.set_block_limit(None)
    apply_workspace(gateway_for(box), small, box.root_page_id)
    converged(box, gateway_for, small)


def test_F22_persistent_503_stays_within_the_attempt_budget(gateway_for, small) -> None:
    box = Sandbox(rate_limit=0)
    box.faults.inject("503", count=10_000)
    policy = RetryPolicy(max_attempts=4, max_total_s=10_000)
    with pytest.raises(NotionUnavailable):
        apply_workspace(gateway_for(box, policy=policy), small, box.root_page_id)
    assert len(box.request_log) == 4  # the first read, four attempts, nothing multiplied


def test_F18_search_lag_does_not_matter_because_apply_searches_only_the_trash_for_its_root(
    gateway_for, small
) -> None:
    """Lookups never search; the one search a first run makes looks for a root in the trash,
    where a miss only means a new root (as without it)."""
    box = Sandbox(rate_limit=0, search_lag_s=3600)
    box.faults.inject("drop_committed", method="POST", path="/v1/pages", count=3)
    apply_workspace(gateway_for(box), small, box.root_page_id)
    searches = [r.body_json for r in box.request_log if r.path.startswith("/v1/search")]
    assert [s["filter"] for s in searches] == [
        {"property": "object", "value": "page", "in_trash": True}
    ]
    converged(box, gateway_for, small)


def test_F2_a_workspace_429_with_a_long_retry_after_is_waited_in_full() -> None:
    """Retry-After 90 s for the workspace-wide limit: waited in full (not capped at 60), once."""
    import httpx
    import respx

    from notion_setup.notion import NotionGateway
    from notion_setup.sandbox.testing import FakeClock

    clock = FakeClock()
    limited = httpx.Response(
        429,
        headers={"Retry-After": "90"},
        json={
            "object": "error",
            "status": 429,
            "code": "rate_limited",
            "message": "You have been rate limited. Please try again in a few minutes.",
            "additional_data": {
                "rate_limit_reason": "public_api_space_request_rate_limit",
                "retry_after": "90",
            },
        },
    )
    created = httpx.Response(200, json={"object": "page", "id": "p1", "url": "https://n/p1"})
    with respx.mock(base_url="https://api.notion.com", assert_all_called=True) as mock:
        route = mock.post("/v1/pages").mock(side_effect=[limited, created])
        gw = NotionGateway(
            token="secret_test",
            budget_per_minute=180,
            policy=RetryPolicy(max_attempts=4, max_total_s=600),
            sleep=clock.sleep,
            clock=clock,
        )
        start = clock()
        page = gw.write(
            "POST", "pages", body={"parent": {"page_id": "x"}}, find_existing=lambda: None
        )
        gw.close()
    assert page["id"] == "p1"
    assert route.call_count == 2
    assert clock() - start >= 90


def test_F14_a_registry_edited_by_hand_is_rebuilt_without_duplicates(gateway_for, small) -> None:
    box = Sandbox(rate_limit=0)
    apply_workspace(gateway_for(box), small, box.root_page_id)
    gw = gateway_for(box)
    registry = registry_of(gw, box.root_page_id, small)
    gw.write(
        "PATCH",
        f"blocks/{registry.code_block_id}",
        body={"code": {"rich_text": [{"text": {"content": "{not json"}}], "language": "json"}},
        idempotent=True,
    )
    again = apply_workspace(gateway_for(box), small, box.root_page_id)
    assert again.plan.is_empty  # everything was found again by name
    converged(box, gateway_for, small)


def test_F16_a_database_or_page_trashed_by_hand_is_restored(gateway_for, small) -> None:
    box = Sandbox(rate_limit=0)
    apply_workspace(gateway_for(box), small, box.root_page_id)
    gw = gateway_for(box)
    registry = registry_of(gw, box.root_page_id, small)
    gw.write(
        "PATCH",
        f"databases/{registry.get('db:clients')['id']}",
        body={"in_trash": True},
        idempotent=True,
    )
    gw.write("PATCH", f"pages/{registry.id('page:sop')}", body={"in_trash": True}, idempotent=True)
    plan = apply_workspace(gateway_for(box), small, box.root_page_id, dry_run=True).plan
    assert [(s.op, s.key) for s in plan.steps] == [
        ("restore_page", "page:sop"),
        ("restore_database", "clients"),
    ]  # the same objects, with their rows, come back: nothing is created beside them
    apply_workspace(gateway_for(box), small, box.root_page_id)
    assert gw.read("GET", f"databases/{registry.get('db:clients')['id']}")["in_trash"] is False
    converged(box, gateway_for, small)


def test_F15_two_first_runs_at_once_leave_one_workspace(gateway_for, small) -> None:
    from notion_setup.apply import Executor
    from notion_setup.errors import ConcurrentRun
    from notion_setup.provision import plan_workspace

    box = Sandbox(rate_limit=0)
    # Both runs read the workspace before either writes: both plan to create everything.
    first_gw, second_gw = gateway_for(box), gateway_for(box)
    first = plan_workspace(first_gw, small, box.root_page_id)
    second = plan_workspace(second_gw, small, box.root_page_id)
    Executor(first_gw, small, first[0]).run(first[1])
    with pytest.raises(ConcurrentRun) as stood_down:
        Executor(second_gw, small, second[0]).run(second[1])
    assert "another run is creating the workspace of Acme" in str(stood_down.value)
    # The second run wrote only its root page, then trashed it.
    assert second_gw.stats.writes == 2
    converged(box, gateway_for, small)
