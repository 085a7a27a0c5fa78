"""The request pipeline: headers, tokens, URLs, bodies, error shape, rate limit, request log."""

from __future__ import annotations

import http.client
import json
from typing import Any

import httpx
import pytest

from notion_setup.sandbox import LoggedRequest, RunningServer, Sandbox
from notion_setup.sandbox.testing import FakeClock
from tests.sandbox.conftest import ClientFactory
from tests.sandbox.helpers import api_error

HINT = 'Make sure the relevant pages and databases are shared with your integration "Sandbox".'


def raw(
    sb: Sandbox,
    method: str,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    content: bytes | None = None,
) -> httpx.Response:
    """One request through the in-process transport with exactly the given headers."""
    with httpx.Client(transport=sb.transport(), base_url="http://sandbox.invalid") as client:
        return client.request(method, path, headers=headers or {}, content=content)


def good_headers(sb: Sandbox, version: str = "2026-03-11") -> dict[str, str]:
    return {"Authorization": f"Bearer {sb.token}", "Notion-Version": version}


def test_missing_version_header_is_400_missing_version(sandbox: Sandbox) -> None:
    response = raw(
        sandbox, "GET", "/v1/users/me", headers={"Authorization": f"Bearer {sandbox.token}"}
    )
    body = response.json()
    assert response.status_code == 400
    assert body["code"] == "missing_version"
    assert body["message"] == (
        "Notion-Version header failed validation: Notion-Version header should be defined, "
        "instead was `undefined`."
    )


def test_unknown_version_is_refused_naming_the_emulated_versions(sandbox: Sandbox) -> None:
    response = raw(sandbox, "GET", "/v1/users/me", headers=good_headers(sandbox, "2022-06-28"))
    assert response.status_code == 400
    assert response.json()["message"] == (
        "Notion-Version header failed validation: Notion-Version header should be one of "
        "`2025-09-03`, `2026-03-11`, `2026-12-01` (the versions the sandbox emulates), instead "
        "was `2022-06-28`."
    )


@pytest.mark.parametrize("auth", [None, "Bearer secret_wrong", "secret_no_bearer"])
def test_wrong_or_missing_token_is_401_unauthorized(sandbox: Sandbox, auth: str | None) -> None:
    headers = {"Notion-Version": "2026-03-11"}
    if auth:
        headers["Authorization"] = auth
    response = raw(sandbox, "GET", "/v1/users/me", headers=headers)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert response.json()["message"] == "API token is invalid."


def test_error_body_has_notion_shape_and_request_id(sandbox: Sandbox) -> None:
    response = raw(sandbox, "GET", "/v1/pages/" + "0" * 32, headers=good_headers(sandbox))
    body = response.json()
    assert list(body) == ["object", "status", "code", "message", "additional_data", "request_id"]
    # Recorded: a 404 names the integration, whose id is the bot user's.
    assert body["additional_data"] == {"integration_id": sandbox.bot_id}
    assert body["object"] == "error"
    assert body["status"] == 404
    assert body["request_id"] == response.headers["x-notion-request-id"]


def test_unknown_page_is_404_with_share_hint(api: Any) -> None:
    error = api_error(lambda: api.pages.retrieve("5c6a2821-6bb1-4a7e-b6e1-c50111515c3d"))
    assert error.status == 404
    assert error.code == "object_not_found"
    assert str(error) == (
        "Could not find page with ID: 5c6a2821-6bb1-4a7e-b6e1-c50111515c3d. " + HINT
    )


def test_unshared_page_is_404_like_a_missing_one(sandbox: Sandbox, api: Any) -> None:
    private = sandbox.add_unshared_page("Private notes")
    error = api_error(lambda: api.pages.retrieve(private))
    assert (error.status, str(error)) == (404, f"Could not find page with ID: {private}. {HINT}")
    error = api_error(lambda: api.blocks.children.list(private))
    assert str(error) == f"Could not find block with ID: {private}. {HINT}"


def test_ids_are_accepted_without_dashes(sandbox: Sandbox, api: Any) -> None:
    page = api.pages.retrieve(sandbox.root_page_id.replace("-", ""))
    assert page["id"] == sandbox.root_page_id


def test_malformed_path_id_is_a_path_validation_error(api: Any) -> None:
    error = api_error(lambda: api.pages.retrieve("not-an-id"))
    assert error.status == 400
    assert str(error) == (
        'path failed validation: path.page_id should be a valid uuid, instead was `"not-an-id"`.'
    )


def test_a_database_id_on_the_pages_endpoint_says_what_it_is(sandbox: Sandbox, api: Any) -> None:
    db = api.databases.create(parent={"page_id": sandbox.root_page_id}, title=[])
    error = api_error(lambda: api.pages.retrieve(db["id"]))
    assert str(error) == (
        f"Provided ID {db['id']} is a database, not a page. Use the database endpoints for it."
    )


def test_unknown_url_and_unsupported_method(sandbox: Sandbox) -> None:
    response = raw(sandbox, "GET", "/v1/nothing/here", headers=good_headers(sandbox))
    assert (response.status_code, response.json()["code"]) == (400, "invalid_request_url")
    assert response.json()["message"] == "Invalid request URL."
    response = raw(sandbox, "DELETE", "/v1/users/me", headers=good_headers(sandbox))
    assert (response.status_code, response.json()["code"]) == (400, "invalid_request")
    assert response.json()["message"] == "Unsupported request: DELETE /v1/users/me."


def test_invalid_json_body(sandbox: Sandbox) -> None:
    response = raw(sandbox, "POST", "/v1/search", headers=good_headers(sandbox), content=b"{oops")
    assert (response.status_code, response.json()["code"]) == (400, "invalid_json")
    assert response.json()["message"] == "Error parsing JSON body."


def test_body_must_be_an_object(sandbox: Sandbox) -> None:
    response = raw(sandbox, "POST", "/v1/search", headers=good_headers(sandbox), content=b"[1, 2]")
    assert response.status_code == 400
    assert response.json()["message"] == (
        "body failed validation: body should be an object, instead was `[1, 2]`."
    )


def test_body_over_500_kb_is_refused(sandbox: Sandbox) -> None:
    content = json.dumps({"query": "x" * (500 * 1024)}).encode()
    response = raw(sandbox, "POST", "/v1/search", headers=good_headers(sandbox), content=content)
    assert response.status_code == 400
    assert response.json()["message"] == (
        f"body failed validation: the request body is {len(content)} bytes, more than the "
        "512000 bytes (500 KB) allowed."
    )


def test_users_me_is_the_bot(sandbox: Sandbox, api: Any) -> None:
    me = api.users.me()
    assert me["object"] == "user"
    assert me["type"] == "bot"
    assert me["id"] == sandbox.bot_id
    assert me["bot"]["owner"] == {"type": "workspace", "workspace": True}


def test_rate_limit_allows_a_burst_then_429_with_retry_after(
    make_client: ClientFactory, fake_clock: FakeClock
) -> None:
    sb = Sandbox(rate_limit=3, clock=fake_clock, sleep=fake_clock.sleep)
    api = make_client(sb)
    for _ in range(3):
        api.users.me()
    error = api_error(api.users.me)
    assert (error.status, error.code) == (429, "rate_limited")
    assert error.headers["retry-after"] == "60"
    assert error.additional_data == {
        "rate_limit_reason": "public_api_request_rate_limit",
        "retry_after": "60",
    }
    fake_clock.advance(20.5)
    error = api_error(api.users.me)
    assert error.headers["retry-after"] == "40"  # refused requests do not spend the budget
    fake_clock.advance(39.5)
    assert api.users.me()["type"] == "bot"  # a new window


def test_rate_limit_zero_switches_it_off(make_client: ClientFactory, fake_clock: FakeClock) -> None:
    sb = Sandbox(rate_limit=0, clock=fake_clock)
    api = make_client(sb)
    for _ in range(250):
        api.users.me()
    assert {entry.status for entry in sb.request_log} == {200}


def test_request_log_records_method_path_status_and_body(sandbox: Sandbox, api: Any) -> None:
    api.search(query="nothing")
    api_error(lambda: api.pages.retrieve("5c6a2821-6bb1-4a7e-b6e1-c50111515c3d"))
    assert sandbox.request_log == [
        LoggedRequest("POST", "/v1/search", 200, {"query": "nothing"}),
        LoggedRequest("GET", "/v1/pages/5c6a2821-6bb1-4a7e-b6e1-c50111515c3d", 404, None),
    ]


def test_http_server_answers_like_the_transport(sandbox: Sandbox, http_api: Any) -> None:
    assert http_api.users.me()["id"] == sandbox.bot_id
    error = api_error(lambda: http_api.pages.retrieve("5c6a2821-6bb1-4a7e-b6e1-c50111515c3d"))
    assert (error.status, error.code) == (404, "object_not_found")


def test_http_server_keeps_connections_alive(
    sandbox: Sandbox, sandbox_server: RunningServer
) -> None:
    connection = http.client.HTTPConnection(sandbox_server.host, sandbox_server.port, timeout=5)
    try:
        for _ in range(3):
            connection.request("GET", "/v1/users/me", headers=good_headers(sandbox))
            response = connection.getresponse()
            assert response.status == 200
            assert json.loads(response.read())["type"] == "bot"
            assert response.getheader("connection") != "close"
    finally:
        connection.close()


def test_a_sandbox_bug_answers_500_rolls_back_and_is_logged(
    sandbox: Sandbox, api: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("render failed")

    monkeypatch.setattr(sandbox.ws, "render_page", boom)
    error = api_error(
        lambda: api.pages.create(
            parent={"page_id": sandbox.root_page_id}, properties={"title": {"title": []}}
        )
    )
    assert (error.status, error.code, str(error)) == (
        500,
        "internal_server_error",
        "Unexpected error occurred.",
    )
    assert "sandbox failed on POST /v1/pages" in caplog.text
    monkeypatch.undo()
    assert api.blocks.children.list(sandbox.root_page_id)["results"] == []
