"""Faults: one-shot and seeded random faults, committed-write answers, overlap 409, block limit."""

from __future__ import annotations

import contextlib
import threading
from typing import Any

import httpx
import pytest
from notion_client import APIResponseError
from notion_client.errors import RequestTimeoutError, UnknownHTTPResponseError

from notion_setup.sandbox import FaultPlan, FaultSpecError, Sandbox, serve
from notion_setup.sandbox.core import RETRY_GUIDANCE
from notion_setup.sandbox.testing import FakeClock
from tests.sandbox.conftest import ClientFactory
from tests.sandbox.helpers import api_error, make_db, para, text


def new_page(api: Any, parent: str, title: str = "P") -> dict[str, Any]:
    return api.pages.create(
        parent={"page_id": parent}, properties={"title": {"title": text(title)}}
    )


def data(error: APIResponseError) -> dict[str, Any]:
    """The error's additional_data, which must be there."""
    assert error.additional_data is not None
    return error.additional_data


def child_titles(api: Any, parent: str) -> list[str]:
    return [b["child_page"]["title"] for b in api.blocks.children.list(parent)["results"]]


def test_spec_parsing() -> None:
    plan = FaultPlan.parse("503_committed:0.1, 429:0.05", seed=3)
    assert plan.rate == {"503_committed": 0.1, "429": 0.05}
    assert FaultPlan.parse("").rate == {}
    with pytest.raises(FaultSpecError, match=r"unknown fault kind '418'; use one of: 429, 529"):
        FaultPlan.parse("418:0.1")
    with pytest.raises(FaultSpecError, match="should look like KIND:PROBABILITY"):
        FaultPlan.parse("503")
    with pytest.raises(FaultSpecError, match=r"is not in 0\.\.1"):
        FaultPlan.parse("503:2")
    with pytest.raises(FaultSpecError, match="add up to more than 1"):
        FaultPlan.parse("503:0.6,500:0.6")


@pytest.mark.parametrize(
    ("kind", "status", "code", "message"),
    [
        ("500", 500, "internal_server_error", "Unexpected error occurred."),
        ("503", 503, "service_unavailable", "Notion is unavailable, please try again later."),
        ("504", 504, "gateway_timeout", "Gateway Timeout"),
        ("conflict", 409, "conflict_error", "Conflict occurred while saving. Please try again."),
    ],
)
def test_pre_write_faults_answer_before_writing(
    sandbox: Sandbox, api: Any, kind: str, status: int, code: str, message: str
) -> None:
    sandbox.faults.inject(kind, method="POST", path="/v1/pages")
    error = api_error(lambda: new_page(api, sandbox.root_page_id))
    assert (error.status, error.code, str(error)) == (status, code, message)
    assert child_titles(api, sandbox.root_page_id) == []
    new_page(api, sandbox.root_page_id, "Second try")  # the fault fired once
    assert child_titles(api, sandbox.root_page_id) == ["Second try"]


def test_codes_notion_client_does_not_know(sandbox: Sandbox, api: Any) -> None:
    sandbox.faults.inject("529")
    sandbox.faults.inject("502")
    with pytest.raises(UnknownHTTPResponseError) as info:
        api.users.me()
    assert info.value.status == 529
    assert '"code": "service_overload"' in info.value.body
    assert info.value.headers["retry-after"] == "1"
    with pytest.raises(UnknownHTTPResponseError) as info:
        api.users.me()
    assert info.value.status == 502
    assert '"code": "bad_gateway"' in info.value.body


def test_injected_429_looks_like_a_rate_limit(sandbox: Sandbox, api: Any) -> None:
    sandbox.faults.inject("429", count=2)
    for _ in range(2):
        error = api_error(api.users.me)
        assert (error.status, error.headers["retry-after"]) == (429, "1")
        assert error.additional_data == {
            "rate_limit_reason": "public_api_request_rate_limit",
            "retry_after": "1",
        }
    assert api.users.me()["type"] == "bot"


def test_503_committed_create_names_the_new_page(sandbox: Sandbox, api: Any) -> None:
    sandbox.faults.inject("503_committed", path="pages")
    error = api_error(lambda: new_page(api, sandbox.root_page_id, "Saved anyway"))
    assert (error.status, error.code) == (503, "service_unavailable")
    page_id = data(error)["committed_resource_id"]
    assert error.additional_data == {
        "retry_guidance": RETRY_GUIDANCE,
        "committed_resource_id": page_id,
    }
    assert (
        api.pages.retrieve(page_id)["properties"]["title"]["title"][0]["plain_text"]
        == "Saved anyway"
    )
    assert child_titles(api, sandbox.root_page_id) == ["Saved anyway"]


def test_503_committed_append_names_parent_and_children(sandbox: Sandbox, api: Any) -> None:
    sandbox.faults.inject("503_committed", method="PATCH", path="blocks/*/children")
    error = api_error(
        lambda: api.blocks.children.append(sandbox.root_page_id, children=[para("a"), para("b")])
    )
    listed = [b["id"] for b in api.blocks.children.list(sandbox.root_page_id)["results"]]
    assert data(error)["committed_resource_id"] == sandbox.root_page_id
    assert data(error)["committed_child_ids"] == listed
    assert len(listed) == 2


def test_503_committed_database_create(sandbox: Sandbox, api: Any) -> None:
    sandbox.faults.inject("503_committed", path="databases")
    error = api_error(lambda: make_db(api, sandbox.root_page_id, "Clients", {}))
    db = api.databases.retrieve(data(error)["committed_resource_id"])
    assert db["title"][0]["plain_text"] == "Clients"


@pytest.mark.parametrize(("kind", "status"), [("504_committed", 504), ("500_committed", 500)])
def test_committed_5xx_without_guidance(sandbox: Sandbox, api: Any, kind: str, status: int) -> None:
    sandbox.faults.inject(kind)
    error = api_error(lambda: new_page(api, sandbox.root_page_id, "Ghost"))
    assert error.status == status
    assert error.additional_data is None
    assert child_titles(api, sandbox.root_page_id) == ["Ghost"]


def test_drop_committed_in_process(sandbox: Sandbox, api: Any) -> None:
    sandbox.faults.inject("drop_committed")
    with pytest.raises(httpx.RemoteProtocolError):
        new_page(api, sandbox.root_page_id, "Dropped")
    assert child_titles(api, sandbox.root_page_id) == ["Dropped"]
    assert sandbox.request_log[0].status == 0


def test_drop_committed_over_http(sandbox: Sandbox, http_api: Any) -> None:
    sandbox.faults.inject("drop_committed")
    with pytest.raises(httpx.RemoteProtocolError):
        new_page(http_api, sandbox.root_page_id, "Dropped")
    assert child_titles(http_api, sandbox.root_page_id) == ["Dropped"]


def test_timeout_committed_in_process(sandbox: Sandbox, make_client: ClientFactory) -> None:
    api = make_client(sandbox)
    sandbox.faults.inject("timeout_committed")
    with pytest.raises(RequestTimeoutError) as info:
        new_page(api, sandbox.root_page_id, "Slow")
    assert isinstance(info.value.__context__, httpx.ReadTimeout)
    assert child_titles(api, sandbox.root_page_id) == ["Slow"]


def test_timeout_committed_over_http_holds_then_closes(make_client: ClientFactory) -> None:
    sb = Sandbox(rate_limit=0, timeout_hold_s=0.5)
    sb.faults.inject("timeout_committed")
    with serve(sb) as server:
        api = make_client(sb, base_url=server.base_url, timeout_ms=200)
        with pytest.raises(RequestTimeoutError):
            new_page(api, sb.root_page_id, "Slow")
        assert child_titles(api, sb.root_page_id) == ["Slow"]


def test_committed_faults_skip_reads_and_failed_writes(sandbox: Sandbox, api: Any) -> None:
    sandbox.faults.inject("503_committed")
    api.users.me()
    api.search(query="x")  # a POST that only reads
    api_error(
        lambda: api.pages.create(parent={"page_id": sandbox.root_page_id}, properties={"x": {}})
    )
    assert len(sandbox.faults.pending) == 1
    error = api_error(lambda: new_page(api, sandbox.root_page_id))
    assert error.status == 503
    assert sandbox.faults.pending == []


def test_503_committed_over_http(sandbox: Sandbox, http_api: Any) -> None:
    sandbox.faults.inject("503_committed")
    error = api_error(lambda: new_page(http_api, sandbox.root_page_id, "Saved"))
    assert isinstance(error, APIResponseError)
    assert http_api.pages.retrieve(data(error)["committed_resource_id"])["id"]


def test_random_faults_are_seeded(make_client: ClientFactory) -> None:
    def statuses(seed: int) -> list[int]:
        sb = Sandbox(rate_limit=0, faults="503:0.3,429:0.2", seed=seed)
        api = make_client(sb)
        for _ in range(40):
            with contextlib.suppress(APIResponseError):
                api.users.me()
        return [entry.status for entry in sb.request_log]

    first = statuses(7)
    assert first == statuses(7)
    assert {200, 429, 503} <= set(first)
    assert first != statuses(8)


def test_latency_is_added_through_the_sleep_function(make_client: ClientFactory) -> None:
    clock = FakeClock()
    sb = Sandbox(rate_limit=0, latency_ms=250, clock=clock, sleep=clock.sleep)
    api = make_client(sb)
    api.users.me()
    api.search()
    assert clock.sleeps == [0.25, 0.25]


class _Gate:
    """A sleep that, once armed, holds its first caller until released (two writes overlap)."""

    def __init__(self) -> None:
        self.armed = False
        self.entered = threading.Event()
        self.release = threading.Event()

    def sleep(self, seconds: float) -> None:
        if self.armed and not self.entered.is_set():
            self.entered.set()
            assert self.release.wait(5)


@pytest.mark.parametrize("conflicts", [True, False])
def test_overlapping_writes_to_one_parent(make_client: ClientFactory, conflicts: bool) -> None:
    gate = _Gate()
    sb = Sandbox(rate_limit=0, latency_ms=10, sleep=gate.sleep, conflict_on_overlap=conflicts)
    api = make_client(sb)
    other = new_page(api, sb.root_page_id, "Other")
    gate.armed = True
    results: dict[str, Any] = {}
    thread = threading.Thread(
        target=lambda: results.update(first=new_page(api, sb.root_page_id, "A"))
    )
    thread.start()
    assert gate.entered.wait(5)  # "A" is in flight, holding its parent
    try:
        if conflicts:
            error = api_error(lambda: new_page(api, sb.root_page_id, "B"))
            assert (error.status, error.code) == (409, "conflict_error")
            new_page(api, other["id"], "Elsewhere")  # another parent does not conflict
        else:
            new_page(api, sb.root_page_id, "B")
    finally:
        gate.release.set()
        thread.join(5)
    assert results["first"]["id"]
    expected = ["Other", "A"] if conflicts else ["Other", "B", "A"]
    assert child_titles(api, sb.root_page_id) == expected


def test_block_limit_refuses_block_creation_only(sandbox: Sandbox, api: Any) -> None:
    db, ds_id = make_db(api, sandbox.root_page_id, "Clients", {})
    sandbox.set_block_limit(sandbox.blocks_created + 2)
    api.blocks.children.append(sandbox.root_page_id, children=[para("1"), para("2"), para("3")])
    # The write that reaches the limit succeeds; the next block-creating write does not.
    error = api_error(lambda: new_page(api, sandbox.root_page_id))
    assert (error.status, error.code) == (403, "restricted_resource")
    assert error.additional_data == {"block_limit": "block_creation"}
    assert str(error).startswith("This workspace has reached the Free plan's block limit")
    assert api_error(lambda: make_db(api, sandbox.root_page_id, "X", {})).status == 403
    renamed = api.data_sources.update(ds_id, properties={"Name": {"name": "Client"}})
    assert "Client" in renamed["properties"]
    assert api.views.create(database_id=db["id"], data_source_id=ds_id, name="Tab", type="list")
    sandbox.set_block_limit(None)
    assert new_page(api, sandbox.root_page_id)["id"]
