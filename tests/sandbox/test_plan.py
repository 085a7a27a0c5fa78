"""The Free plan: members, upload limit, the 1,000-block limit and its 3-day grace period; and
the sliding rate-limit window."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from notion_setup.sandbox import Sandbox
from notion_setup.sandbox.testing import FakeClock

DAY = 24 * 3600.0


def call(sb: Sandbox, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {sb.token}", "Notion-Version": "2026-03-11"}
    outcome = sb.handle(method, path, headers, json.dumps(body).encode() if body else b"")
    return outcome.status, json.loads(outcome.body)


def paragraphs(n: int) -> list[dict[str, Any]]:
    return [{"paragraph": {"rich_text": [{"text": {"content": f"p{i}"}}]}} for i in range(n)]


def new_page(sb: Sandbox, blocks: int = 0) -> tuple[int, Any]:
    return call(
        sb,
        "POST",
        "/v1/pages",
        {"parent": {"page_id": sb.root_page_id}, "children": paragraphs(blocks)},
    )


def test_users_list_shows_the_members_then_the_bot() -> None:
    with Sandbox(rate_limit=0, plan="free", members=2) as sb:
        status, users = call(sb, "GET", "/v1/users")
        _, me = call(sb, "GET", "/v1/users/me")
    assert status == 200
    assert [u["type"] for u in users["results"]] == ["person", "person", "bot"]
    assert users["results"][0]["person"] == {
        "email": "member1@sandbox.invalid",
        "email_verified": True,
    }
    assert me["bot"]["workspace_limits"] == {"max_file_upload_size_in_bytes": 5 * 1024 * 1024}


def test_a_paid_workspace_has_a_larger_upload_limit_and_one_member() -> None:
    with Sandbox(rate_limit=0) as sb:
        _, users = call(sb, "GET", "/v1/users")
        _, me = call(sb, "GET", "/v1/users/me")
    assert [u["type"] for u in users["results"]] == ["person", "bot"]
    assert me["bot"]["workspace_limits"]["max_file_upload_size_in_bytes"] == 5 * 1024**3


def fill_to(sb: Sandbox, total: int) -> None:
    """Create blocks until ``total`` exist (the root page counts one)."""
    while sb.blocks_created < total:
        missing = total - sb.blocks_created
        status, answer = new_page(sb, min(missing - 1, 100))
        assert status == 200, answer


def test_the_write_reaching_the_limit_succeeds_then_three_days_of_grace() -> None:
    clock = FakeClock()
    with Sandbox(rate_limit=0, plan="free", members=2, clock=clock) as sb:
        fill_to(sb, 999)
        assert sb.grace_ends_at is None
        status, _ = new_page(sb, 5)  # reaches (and passes) 1,000: succeeds, starts the grace
        assert status == 200 and sb.blocks_created == 1005
        assert sb.grace_ends_at == clock() + 3 * DAY
        clock.advance(3 * DAY - 1)
        assert new_page(sb)[0] == 200  # still in the grace period
        clock.advance(1)
        status, error = new_page(sb)
        assert (status, error["code"]) == (403, "restricted_resource")
        assert error["additional_data"] == {"block_limit": "block_creation"}
        db_body = {"parent": {"page_id": sb.root_page_id}, "title": []}
        assert call(sb, "POST", "/v1/databases", db_body)[0] == 403
        append = {"children": paragraphs(1)}
        assert call(sb, "PATCH", f"/v1/blocks/{sb.root_page_id}/children", append)[0] == 403
        # Reads and updates still work.
        assert call(sb, "GET", f"/v1/blocks/{sb.root_page_id}/children")[0] == 200
        title = {"properties": {"title": {"title": [{"text": {"content": "Renamed"}}]}}}
        assert call(sb, "PATCH", f"/v1/pages/{sb.root_page_id}", title)[0] == 200


def test_a_refused_write_creates_nothing() -> None:
    clock = FakeClock()
    with Sandbox(rate_limit=0, plan="free", members=2, clock=clock) as sb:
        fill_to(sb, 1000)
        clock.advance(3 * DAY)
        before = sb.blocks_created
        assert new_page(sb, 3)[0] == 403
        assert sb.blocks_created == before


@pytest.mark.parametrize(("plan", "members"), [("free", 1), ("paid", 2)])
def test_no_block_limit_for_one_member_or_a_paid_plan(plan: str, members: int) -> None:
    clock = FakeClock()
    with Sandbox(rate_limit=0, plan=plan, members=members, clock=clock) as sb:
        fill_to(sb, 1001)
        clock.advance(10 * DAY)
        assert new_page(sb)[0] == 200
        assert sb.grace_ends_at is None


def test_plan_and_members_live_in_the_state_file(tmp_path: Path) -> None:
    state = tmp_path / "ws.sqlite"
    with Sandbox(state_path=state, plan="free", members=3) as sb:
        token = sb.token
    with Sandbox(state_path=state) as again:
        assert (again.token, again.plan, again.members) == (token, "free", 3)


def test_unknown_plan_is_refused() -> None:
    with pytest.raises(ValueError, match="plan must be one of free, paid"):
        Sandbox(plan="team")


# -- the sliding rate-limit window ------------------------------------------------------------


def test_sliding_window_allows_n_in_any_60_seconds() -> None:
    clock = FakeClock()
    with Sandbox(rate_limit=3, clock=clock, rate_window="sliding") as sb:
        for _ in range(3):
            assert call(sb, "GET", "/v1/users/me")[0] == 200
            clock.advance(20)
        # t=60: the first request left the window; the other two are in it.
        assert call(sb, "GET", "/v1/users/me")[0] == 200
        status, error = call(sb, "GET", "/v1/users/me")
        assert (status, error["code"]) == (429, "rate_limited")
        assert error["additional_data"]["retry_after"] == "20"
        clock.advance(20)
        assert call(sb, "GET", "/v1/users/me")[0] == 200


def test_fixed_window_allows_a_second_burst_at_the_boundary() -> None:
    clock = FakeClock()
    with Sandbox(rate_limit=3, clock=clock) as sb:
        for _ in range(3):
            assert call(sb, "GET", "/v1/users/me")[0] == 200
        clock.advance(60)
        assert [call(sb, "GET", "/v1/users/me")[0] for _ in range(4)] == [200, 200, 200, 429]
