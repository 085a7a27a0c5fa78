"""The 2026-12-01 upgrade guide, from the tool's side: each change on both versions.

The guide lists changes to make on 2026-03-11 first. For each, the tool's requests (recorded
while it applies and re-plans a bundled blueprint on the sandbox) are accepted on both versions,
and what it reads back parses on both. The sandbox's own side is tests/sandbox/test_versions.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import pytest

from notion_setup.blocklimit import read_limits
from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.lifecycle.destroy import plan_destroy
from notion_setup.lifecycle.export import export_workspace
from notion_setup.model import Workspace
from notion_setup.notion import NotionAPI, NotionGateway
from notion_setup.provision import apply_workspace, plan_workspace
from notion_setup.sandbox import Sandbox

OLD, NEW = "2026-03-11", "2026-12-01"
VERSIONS = (OLD, NEW)
#: Group names of a status property (Notion's three groups): never a filter value of the tool.
GROUPS = {"To-do", "In progress", "Complete"}


class Spy(httpx.BaseTransport):
    """Passes requests to the sandbox and keeps each with its status."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.seen: list[tuple[httpx.Request, int]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        self.seen.append((request, response.status_code))
        return response


@dataclass
class Run:
    """What the tool sent while it applied then re-planned ``obm`` on one API version."""

    version: str
    workspace: Workspace
    seen: list[tuple[httpx.Request, int]]
    plan_is_empty: bool
    #: Titles search found for the workspace's root title.
    found: list[str]

    def bodies(self) -> Iterator[tuple[httpx.Request, Any]]:
        for request, _status in self.seen:
            yield request, json.loads(request.content) if request.content else None


def _apply(version: str) -> Run:
    workspace = resolve(load_blueprint("obm"), lang="fr", client="Acme", today=date(2026, 12, 2))
    with Sandbox(rate_limit=0, plan="free", members=2) as box:
        spy = Spy(box.transport())
        with NotionGateway(
            token=box.token,
            base_url="http://sandbox.invalid",
            transport=spy,
            budget_per_minute=1_000_000,
            notion_version=version,
        ) as gateway:
            report = apply_workspace(gateway, workspace, box.root_page_id)
            _, plan = plan_workspace(gateway, workspace, box.root_page_id)
            assert report.root_page_id is not None
            # The tool's other reads: destroy counts rows, export reads every property,
            # search finds pages by title.
            plan_destroy(gateway, box.root_page_id, workspace.client)
            export_workspace(gateway, report.root_page_id)
            found = [p.title for p in NotionAPI(gateway).search.pages(workspace.title)]
    return Run(version, workspace, spy.seen, plan.is_empty, found)


@pytest.fixture(scope="module", params=VERSIONS)
def run(request: pytest.FixtureRequest) -> Run:
    return _apply(str(request.param))


def test_every_request_is_accepted_and_declares_the_version(run: Run) -> None:
    assert run.plan_is_empty  # what was read back parsed, and matches the blueprint
    refused = [(r.method, r.url.path, s) for r, s in run.seen if s >= 400]
    assert refused == []
    assert {r.headers["Notion-Version"] for r, _ in run.seen} == {run.version}


def test_1_queries_ask_for_the_title_with_filter_properties(run: Run) -> None:
    queries = [r for r, _ in run.seen if r.url.path.endswith("/query")]
    assert queries
    for request in queries:
        assert request.url.params.get_list("filter_properties"), request.url
    # Search sends no filter_properties (not in the SDK's search types) and needs only titles,
    # which is what 2026-12-01 returns by default.
    assert run.workspace.title in run.found


def test_2_status_filters_name_options_never_groups(run: Run) -> None:
    checked = 0
    for db in run.workspace.databases:
        for view in db.views:
            for prop_key, value in _status_conditions(view.filter):
                names = {o.name for o in db.property(prop_key).options}
                assert value in names and value not in GROUPS - names, (db.key, view.key)
                checked += 1
    assert checked > 0
    beta = [r for r, _ in run.seen if "Notion-Beta" in r.headers]
    assert beta == []  # no group operator, so no beta header


def test_3_bodies_are_blocks_never_markdown_so_v1_cannot_be_refused(run: Run) -> None:
    for request, body in run.bodies():
        assert "/markdown" not in request.url.path
        assert "markdown_version" not in request.url.params
        if isinstance(body, Mapping):
            assert not {"markdown", "markdown_version"} & set(body), request.url.path


def test_4_no_replace_content_range_nor_update_content_is_sent(run: Run) -> None:
    for _request, body in run.bodies():
        text = json.dumps(body)
        assert "replace_content_range" not in text and "update_content" not in text


def test_5_appends_use_position_never_after(run: Run) -> None:
    appends = [(r, b) for r, b in run.bodies() if r.url.path.endswith("/children")]
    appends = [(r, b) for r, b in appends if r.method == "PATCH"]
    assert appends
    for _request, body in appends:
        assert "after" not in body
        assert body.get("position", {"type": "end"})["type"] in ("end", "start", "after_block")


@pytest.mark.parametrize("version", VERSIONS)
def test_6_a_person_without_a_name_is_read(version: str) -> None:
    with (
        Sandbox(rate_limit=0, plan="free", members=2) as box,
        NotionGateway(
            token=box.token,
            base_url="http://sandbox.invalid",
            transport=box.transport(),
            notion_version=version,
        ) as gateway,
    ):
        people = [u for u in NotionAPI(gateway).users.list() if u.type == "person"]
        limits = read_limits(gateway)
    assert len(people) == 2 and limits.members == 2
    last = people[-1].name
    assert last is None if version == NEW else last == "member2@sandbox.invalid"


def test_7_queries_ask_for_pages_only_with_result_type(run: Run) -> None:
    # The guide (as read: docs/sandbox.md, "Versions"): `result_type: "page"` leaves child
    # data sources out of the results. The seventh change of the guide was not read
    # (UNCONFIRMED); this is the one point of the Search/Query change left to test.
    queries = [b for r, b in run.bodies() if r.url.path.endswith("/query")]
    assert queries and all(body.get("result_type") == "page" for body in queries)


def _status_conditions(node: Any) -> Iterator[tuple[str, str]]:
    if not isinstance(node, Mapping):
        return
    for key in ("and", "or"):
        for child in node.get(key) or ():
            yield from _status_conditions(child)
    status = node.get("status")
    if isinstance(status, Mapping):
        for operator in ("equals", "does_not_equal"):
            if operator in status:
                yield str(node["property"]), str(status[operator])
