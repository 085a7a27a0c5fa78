"""F32: answers that are not Notion's usual shape stop with exit 8, naming the request.

A server (a proxy, a wrong ``--base-url``, a fault) that answers 200 with a JSON shape Notion does
not document, or keeps saying ``has_more`` with the same cursor, must not give a traceback or
run forever: the endpoint layer checks every answer and the one pagination loop is bounded.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx
from click.testing import CliRunner, Result

from notion_setup.cli import cli
from notion_setup.errors import UnexpectedResponse
from notion_setup.notion import NotionAPI, NotionGateway

BASE = "https://api.notion.test"
PARENT = "1f2e3d4c-5b6a-4789-8abc-def012345678"
CHILDREN = f"/v1/blocks/{PARENT}/children"
TOKEN = "secret_CANARY0123456789abcdefCANARY"


def listing(results: Any, *, has_more: bool = False, cursor: str | None = None) -> httpx.Response:
    return httpx.Response(
        200,
        json={"object": "list", "results": results, "has_more": has_more, "next_cursor": cursor},
    )


@pytest.fixture
def notion() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE, assert_all_called=False) as mock:
        yield mock


def run(*args: str) -> Result:
    return CliRunner().invoke(
        cli,
        [*args, "--base-url", BASE, "--rate-limit", "0", "--max-attempts", "2"],
        env={"NOTION_TOKEN": TOKEN, "NO_COLOR": "1"},
    )


def plan() -> Result:
    return run("plan", "av", "--client", "Acme", "--parent", PARENT)


def assert_clean_exit_8(result: Result, where: str, what: str) -> None:
    output = result.stdout + result.stderr
    assert result.exit_code == 8, output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in output
    assert TOKEN not in output
    assert f"Notion's answer to {where} is not what the API documents: {what}" in result.stderr


@pytest.mark.parametrize(
    ("answer", "what"),
    [
        (listing("notalist"), "results is a string, not a list"),
        (httpx.Response(200, json=[{"object": "block"}]), "the answer is a list, not an object"),
        (listing(["a", "b"]), "results[0] is a string, not an object"),
        (listing([{"object": "block", "type": "child_page"}]), "results[0] has no id"),
        (
            listing([{"object": "block", "id": "b1", "type": "child_page", "child_page": 7}]),
            "results[0].child_page is a number, not an object",
        ),
    ],
    ids=["results-notalist", "json-array", "string-items", "missing-id", "bad-child"],
)
def test_f32_plan_stops_on_a_malformed_listing_with_exit_8(
    notion: respx.MockRouter, answer: httpx.Response, what: str
) -> None:
    route = notion.get(CHILDREN).mock(return_value=answer)
    result = plan()
    assert_clean_exit_8(result, f"GET /v1/blocks/{PARENT}/children", what)
    assert route.call_count == 1  # a malformed 200 is not retried


def test_f32_plan_stops_when_a_cursor_comes_back(notion: respx.MockRouter) -> None:
    route = notion.get(CHILDREN).mock(return_value=listing([], has_more=True, cursor="c1"))
    result = plan()
    assert_clean_exit_8(
        result, f"GET /v1/blocks/{PARENT}/children", "the cursor 'c1' came back a second time"
    )
    assert route.call_count == 2
    assert route.calls[1].request.url.params["start_cursor"] == "c1"


def test_f32_plan_stops_when_has_more_has_no_cursor(notion: respx.MockRouter) -> None:
    notion.get(CHILDREN).mock(return_value=listing([], has_more=True, cursor=None))
    result = plan()
    assert_clean_exit_8(
        result,
        f"GET /v1/blocks/{PARENT}/children",
        '"has_more" is true but "next_cursor" is missing',
    )


@pytest.mark.slow  # 1,000 requests: the real bound, through the CLI
def test_f32_plan_stops_after_the_page_bound_of_a_listing_that_never_ends(
    notion: respx.MockRouter,
) -> None:
    counter = itertools.count()
    route = notion.get(CHILDREN).mock(
        side_effect=lambda request: listing([], has_more=True, cursor=f"c{next(counter)}")
    )
    result = plan()
    assert_clean_exit_8(
        result, f"GET /v1/blocks/{PARENT}/children", "the list goes on past 1000 pages of 100"
    )
    assert route.call_count == 1000


def test_f32_the_page_bound_is_a_setting_of_the_endpoint_layer(notion: respx.MockRouter) -> None:
    counter = itertools.count()
    route = notion.get("/v1/views").mock(
        side_effect=lambda request: listing([], has_more=True, cursor=f"c{next(counter)}")
    )
    with NotionGateway(token=TOKEN, base_url=BASE, budget_per_minute=1_000_000) as gateway:
        api = NotionAPI(gateway, max_pages=3)
        with pytest.raises(UnexpectedResponse) as info:
            list(api.views.list("db1"))
    assert route.call_count == 3
    assert str(info.value).startswith(
        "Notion's answer to GET /v1/views is not what the API documents: "
        "the list goes on past 3 pages of 100"
    )
    assert info.value.exit_code == 8


def test_f32_a_malformed_object_answer_names_the_field(notion: respx.MockRouter) -> None:
    notion.get("/v1/data_sources/ds1").mock(
        return_value=httpx.Response(
            200, json={"object": "data_source", "id": "ds1", "properties": {"Name": "title"}}
        )
    )
    with (
        NotionGateway(token=TOKEN, base_url=BASE, budget_per_minute=1_000_000) as gateway,
        pytest.raises(UnexpectedResponse) as info,
    ):
        NotionAPI(gateway).data_sources.retrieve("ds1")
    assert info.value.message == (
        "Notion's answer to GET /v1/data_sources/ds1 is not what the API documents: "
        "properties.Name is a string, not an object"
    )


def test_f32_the_error_is_worded_in_french_too(notion: respx.MockRouter) -> None:
    notion.get("/v1/users/me").mock(return_value=httpx.Response(200, json="bonjour"))
    with (
        NotionGateway(
            token=TOKEN, base_url=BASE, budget_per_minute=1_000_000, lang="fr"
        ) as gateway,
        pytest.raises(UnexpectedResponse) as info,
    ):
        NotionAPI(gateway).users.me()
    assert info.value.message == (
        "La réponse de Notion à GET /v1/users/me n'est pas celle que l'API documente : "
        "la réponse est une chaîne et non un objet"
    )
    assert info.value.hint is not None and "NOTION_BASE_URL" in info.value.hint


@pytest.mark.parametrize(
    ("answer", "what"),
    [
        (httpx.Response(200, json=["bot"]), "the answer is a list, not an object"),
        (httpx.Response(200, json={"object": "user", "type": "bot"}), "the answer has no id"),
    ],
    ids=["json-array", "missing-id"],
)
def test_f32_doctor_fails_the_api_check_with_exit_8(
    notion: respx.MockRouter, answer: httpx.Response, what: str
) -> None:
    notion.get("/v1/users/me").mock(return_value=answer)
    result = run("doctor", "--parent", PARENT)
    output = result.stdout + result.stderr
    assert result.exit_code == 8, output
    assert "Traceback" not in output and TOKEN not in output
    assert f"Notion's answer to GET /v1/users/me is not what the API documents: {what}" in output


def test_f32_doctor_reports_a_malformed_parent_page_with_exit_8(notion: respx.MockRouter) -> None:
    notion.get("/v1/users/me").mock(
        return_value=httpx.Response(200, json={"object": "user", "id": "u1", "type": "bot"})
    )
    notion.get(f"/v1/pages/{PARENT}").mock(
        return_value=httpx.Response(200, json={"object": "page", "properties": []})
    )
    result = run("doctor", "--parent", PARENT, "--json")
    assert result.exit_code == 8, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert f"Notion's answer to GET /v1/pages/{PARENT} is not what the API documents" in (
        result.stdout
    )
