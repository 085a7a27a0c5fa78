"""Notion API versions (issue 11, tool side): 2026-03-11 by default, 2026-12-01 accepted.

The upgrade guide to 2026-12-01 lists changes that can be made on 2026-03-11 first; the tool
makes the ones that concern it on both versions, so switching the header is the last step.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import respx

from notion_setup.connect import open_connection
from notion_setup.errors import UsageError
from notion_setup.lifecycle.destroy import plan_destroy
from notion_setup.lifecycle.export import export_workspace
from notion_setup.notion import NOTION_VERSION, NotionAPI, NotionGateway
from notion_setup.notion.endpoints import TITLE
from notion_setup.notion.results import Shape, parse_user
from notion_setup.provision import apply_workspace
from notion_setup.sandbox import Sandbox
from tests.provision.small_workspace import small_workspace

BASE = "https://api.notion.test"


class Spy(httpx.BaseTransport):
    """Passes requests to the sandbox and keeps them."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.requests: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.inner.handle_request(request)

    def queries(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.path.endswith("/query")]


@pytest.fixture
def notion() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE, assert_all_called=False) as mock:
        yield mock


def test_the_default_version_is_2026_03_11() -> None:
    assert NOTION_VERSION == "2026-03-11"


@pytest.mark.parametrize("version", ["2026-03-11", "2026-12-01"])
def test_every_request_declares_the_version_asked_for(
    notion: respx.MockRouter, version: str
) -> None:
    route = notion.get("/v1/users/me").mock(
        return_value=httpx.Response(200, json={"object": "user", "id": "u", "type": "bot"})
    )
    with NotionGateway(token="secret_x", base_url=BASE, notion_version=version) as gateway:
        api = NotionAPI(gateway)
        api.users.me()
    assert route.calls[0].request.headers["Notion-Version"] == version
    assert api.version == version


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Notion API version '2025-09-03' is not one notion-setup speaks"),
        ("fr", "notion-setup ne parle pas la version '2025-09-03' de l'API Notion"),
    ],
)
def test_an_unknown_version_is_a_usage_error(lang: str, text: str) -> None:
    with pytest.raises(UsageError) as info:
        open_connection(
            notion_version="2025-09-03", environ={"NOTION_TOKEN": "secret_x"}, lang=lang
        )
    assert info.value.message == text
    assert info.value.hint is not None and "2026-03-11 / 2026-12-01" in info.value.hint
    assert info.value.exit_code == 2


def test_a_connection_carries_the_version(tmp_path: Path) -> None:
    conn = open_connection(
        notion_version="2026-12-01",
        environ={"NOTION_TOKEN": "secret_x"},
        sandbox_state=tmp_path / "s.sqlite",
    )
    with conn:
        assert conn.gateway.notion_version == "2026-12-01"


def test_a_title_only_query_sends_filter_properties_and_result_type(
    notion: respx.MockRouter,
) -> None:
    route = notion.post("/v1/data_sources/ds1/query").mock(
        return_value=httpx.Response(
            200, json={"object": "list", "results": [], "has_more": False, "next_cursor": None}
        )
    )
    with NotionGateway(token="secret_x", base_url=BASE) as gateway:
        assert list(NotionAPI(gateway).data_sources.query("ds1", properties=(TITLE,))) == []
    request = route.calls[0].request
    assert request.url.params.get_list("filter_properties") == ["title"]
    assert json.loads(request.content) == {"result_type": "page", "page_size": 100}


def test_the_tools_row_reads_ask_only_for_titles_and_export_for_every_property() -> None:
    box = Sandbox(rate_limit=0)
    spy = Spy(box.transport())
    workspace = small_workspace()
    with NotionGateway(
        token=box.token, base_url="http://sandbox.invalid", transport=spy
    ) as gateway:
        report = apply_workspace(gateway, workspace, box.root_page_id)
        spy.requests.clear()
        plan_destroy(gateway, box.root_page_id, workspace.client)  # counts rows by id
        counted = [r.url.params.get_list("filter_properties") for r in spy.queries()]
        spy.requests.clear()
        assert report.root_page_id is not None
        export_workspace(gateway, report.root_page_id)
        exported = [r.url.params.get_list("filter_properties") for r in spy.queries()]
    assert counted and all(wanted == ["title"] for wanted in counted)
    assert exported
    for wanted in exported:
        assert "title" in wanted
        assert len(wanted) > 1  # every property of the data source, not only the title


def test_a_person_without_a_name_is_read(notion: respx.MockRouter) -> None:
    # 2026-12-01: a person's name may be null.
    user = parse_user(Shape("GET", "users/me"), {"object": "user", "id": "u1", "name": None})
    assert user.name is None
    assert user.type == ""


@pytest.mark.slow
@pytest.mark.parametrize("version", ["2026-03-11", "2026-12-01"])
@pytest.mark.parametrize("blueprint", ["av", "obm"])
def test_apply_then_plan_converge_on_both_versions(blueprint: str, version: str) -> None:
    from datetime import date

    from notion_setup.blueprint import load_blueprint, resolve
    from notion_setup.provision import plan_workspace

    workspace = resolve(
        load_blueprint(blueprint), lang="fr", client="Acme", today=date(2026, 12, 2)
    )
    box = Sandbox(rate_limit=0)
    with NotionGateway(
        token=box.token,
        base_url="http://sandbox.invalid",
        transport=box.transport(),
        budget_per_minute=1_000_000,
        notion_version=version,
    ) as gateway:
        report = apply_workspace(gateway, workspace, box.root_page_id)
        assert report.created > 0
        _, plan = plan_workspace(gateway, workspace, box.root_page_id)
    assert plan.is_empty, [str(c) for c in plan.changes]
