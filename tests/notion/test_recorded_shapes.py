"""Tolerant reads: answers shaped like real recorded Notion traffic (issue 11).

The fixtures under ``fixtures/`` copy the shapes of exchanges recorded against the live API by
``ramnes/notion-sdk-py`` (each file names its cassette): extra fields (``request_id``,
``is_archived``, ``public_url``, ``bot.workspace_limits``...), ``null`` where a list is empty
(``"sorts": null``), URLs as Notion writes them and both timestamp forms.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from notion_setup.notion import NotionAPI, NotionGateway
from notion_setup.notion.results import object_url, parse_time
from notion_setup.provision import apply_workspace, plan_workspace
from notion_setup.sandbox import Sandbox
from tests.provision.small_workspace import small_workspace

FIXTURES = Path(__file__).parent / "fixtures"
BASE = "https://api.notion.test"


def recorded(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


@pytest.fixture
def api() -> Iterator[NotionAPI]:
    with (
        respx.mock(base_url=BASE, assert_all_called=False) as mock,
        NotionGateway(token="secret_x", base_url=BASE, budget_per_minute=1_000_000) as gateway,
    ):
        for name in sorted(p.name for p in FIXTURES.glob("*.json")):
            fixture = recorded(name)
            method, path = fixture["request"].split(" ", 1)
            mock.route(method=method, path=path).mock(
                return_value=httpx.Response(200, json=fixture["response"])
            )
        yield NotionAPI(gateway)


def test_a_recorded_page_keeps_its_url_title_and_timestamp(api: NotionAPI) -> None:
    page = api.pages.create(
        parent={"type": "page_id", "page_id": "393abc1e-edcd-80f3-813b-e205934558c6"},
        properties={"title": {"title": []}},
    )
    assert page.id == "393abc1e-edcd-8173-ab34-ca887e3916ac"
    assert page.url == (
        "https://app.notion.com/p/Test-2026-07-04-11-10-24-835057-393abc1eedcd8173ab34ca887e3916ac"
    )
    assert page.title == "Test 2026-07-04 11:10:24.835057"
    assert page.in_trash is False
    assert page.parent.id == "393abc1e-edcd-80f3-813b-e205934558c6"
    assert page.created_time == datetime(2026, 7, 4, 9, 10, tzinfo=UTC)


def test_a_recorded_database_lists_its_data_source(api: NotionAPI) -> None:
    database = api.databases.create(
        parent={"type": "page_id", "page_id": "393abc1e-edcd-8173-ab34-ca887e3916ac"},
        title=[],
        properties={},
    )
    assert database.url == "https://app.notion.com/p/83b8977537324f709fdd8ed625002ab6"
    assert [s.id for s in database.data_sources] == ["92003531-4d8d-4cc6-ba23-9ae4aaa62520"]
    assert database.title == "Test Database - 2026-07-04 11:10:25.241952"
    assert database.description == ""
    assert database.created_time == datetime(2026, 7, 4, 9, 10, 25, 578000, tzinfo=UTC)


def test_a_recorded_view_with_null_sorts_and_filter(api: NotionAPI) -> None:
    view = api.views.retrieve("393abc1e-edcd-811e-b7ad-000c95b2122f")
    assert (view.name, view.type) == ("Test View", "table")
    assert view.database_id == "83b89775-3732-4f70-9fdd-8ed625002ab6"
    assert view.url == (
        "https://app.notion.com/p/83b8977537324f709fdd8ed625002ab6"
        "?v=393abc1eedcd811eb7ad000c95b2122f"
    )
    assert view.raw["sorts"] is None and view.raw["filter"] is None


def test_a_recorded_bot_user(api: NotionAPI) -> None:
    me = api.users.me()
    assert (me.type, me.name, me.workspace_name, me.owner_type) == (
        "bot",
        "notion-sdk-py",
        "notion-sdk-py",
        "workspace",
    )


def test_a_recorded_children_listing(api: NotionAPI) -> None:
    children = list(api.blocks.children("393abc1e-edcd-8173-ab34-ca887e3916ac"))
    assert [(b.type, b.title) for b in children] == [
        ("child_database", "Test Database - 2026-07-04 11:10:25.241952"),
        ("child_page", "Test 2026-07-04 11:10:24.835057"),
    ]


def test_both_timestamp_forms_and_unreadable_ones() -> None:
    assert parse_time("2026-07-04T09:08:57.778+00:00") == datetime(
        2026, 7, 4, 9, 8, 57, 778000, tzinfo=UTC
    )
    assert parse_time("2026-07-04T09:13:00.000Z") == datetime(2026, 7, 4, 9, 13, tzinfo=UTC)
    assert parse_time("yesterday") is None
    assert parse_time(None) is None


def test_the_url_notion_gives_is_used_and_one_is_made_only_without_it() -> None:
    given = "https://app.notion.com/p/Home-393abc1eedcd8173ab34ca887e3916ac"
    assert object_url("393abc1e-edcd-8173-ab34-ca887e3916ac", given) == given
    assert object_url("393abc1e-edcd-8173-ab34-ca887e3916ac") == (
        "https://www.notion.so/393abc1eedcd8173ab34ca887e3916ac"
    )


# --- the whole tool against answers reshaped like the recordings ------------------------------


def _id32(object_id: str) -> str:
    return object_id.replace("-", "")


def _slug(title: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-")


def reshape(obj: Any) -> Any:
    """An answer of the sandbox rewritten as the recordings show Notion's."""
    if isinstance(obj, list):
        return [reshape(item) for item in obj]
    if not isinstance(obj, dict):
        return obj
    out = {key: reshape(value) for key, value in obj.items()}
    kind = out.get("object")
    if kind in ("page", "database", "data_source", "view", "block", "list", "user"):
        out.setdefault("request_id", "7774b08c-c342-420f-8a9a-1ad6ac51c654")
    if kind == "page":
        title = next(
            (
                "".join(t.get("plain_text", "") for t in p.get("title") or [])
                for p in (out.get("properties") or {}).values()
                if isinstance(p, dict) and p.get("type") == "title"
            ),
            "",
        )
        out.update(is_archived=False, is_locked=False, public_url=None)
        out["url"] = f"https://app.notion.com/p/{_slug(title)}-{_id32(out['id'])}".replace(
            "/p/-", "/p/"
        )
        out["created_time"] = "2026-07-04T09:13:00.000Z"
    elif kind in ("database", "data_source"):
        database_id = out["id"] if kind == "database" else out["parent"]["database_id"]
        out["url"] = f"https://app.notion.com/p/{_id32(database_id)}"
        out.update(is_locked=False, public_url=None)
        out["created_time"] = "2026-07-04T09:08:57.778+00:00"
    elif kind == "view" and "parent" in out:
        for key in ("sorts", "filter", "quick_filters"):
            if not out.get(key):
                out[key] = None
        database_id = _id32(out["parent"].get("database_id", ""))
        out["url"] = f"https://app.notion.com/p/{database_id}?v={_id32(out['id'])}"
        out["created_time"] = "2026-07-04T09:08:57.778+00:00"
    elif kind == "block":
        if out.get("type") == "paragraph":
            out.setdefault("icon", None)
        out["created_time"] = "2026-07-04T09:13:00.000Z"
    return out


class RecordedShapes(httpx.BaseTransport):
    """The sandbox, answering with the extra fields, nulls and formats of recorded traffic."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()
        if response.status_code != 200:
            return response
        body = reshape(json.loads(response.content))
        return httpx.Response(200, json=body, headers={"request-id": "r"})


def test_apply_then_plan_against_recorded_shapes_uses_notions_urls_and_converges() -> None:
    box = Sandbox(rate_limit=0)
    workspace = small_workspace()
    with NotionGateway(
        token=box.token,
        base_url="http://sandbox.invalid",
        transport=RecordedShapes(box.transport()),
        budget_per_minute=1_000_000,
    ) as gateway:
        report = apply_workspace(gateway, workspace, box.root_page_id)
        assert report.root_url is not None
        assert report.root_url.startswith("https://app.notion.com/p/")
        created = [o for o in report.objects if o.kind in ("page", "database")]
        assert created
        assert all(o.url.startswith("https://app.notion.com/p/") for o in created)
        assert all(o.url.endswith(_id32(o.id)) for o in created)
        _, plan = plan_workspace(gateway, workspace, box.root_page_id)
    assert plan.is_empty, [str(c) for c in plan.changes]
