"""Fixtures of the probe's tests: the in-process sandbox, and transports that make it misbehave.

A misbehaving transport stands between the tool and a correct sandbox and changes one kind of
answer, as a real Notion that differs from the sandbox would: the probe must report that
difference, and only that one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from notion_setup.connect import SANDBOX_STATE_ENV
from notion_setup.notion import NotionGateway, RetryPolicy
from notion_setup.notion.endpoints import NotionAPI, as_api
from notion_setup.sandbox import Sandbox
from notion_setup.sandbox.testing import FakeClock

JSON = dict[str, Any]


class Rewriting(httpx.BaseTransport):
    """Passes every request to ``inner``; rewrites the JSON answers ``match`` selects."""

    def __init__(
        self,
        inner: httpx.BaseTransport,
        match: Callable[[httpx.Request], bool],
        rewrite: Callable[[JSON], JSON],
    ) -> None:
        self.inner, self.match, self.rewrite = inner, match, rewrite
        self.rewritten = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if not self.match(request) or response.status_code != 200:
            return response
        response.read()
        self.rewritten += 1
        body = self.rewrite(json.loads(response.content))
        return httpx.Response(200, json=body, headers={"content-type": "application/json"})


def drop_status_groups(answer: JSON) -> JSON:
    """A data source answer whose status properties lost their groups."""
    for prop in (answer.get("properties") or {}).values():
        if prop.get("type") == "status":
            prop["status"].pop("groups", None)
    return answer


def is_data_source_read(request: httpx.Request) -> bool:
    """GET /v1/data_sources/{id} (the schema read)."""
    parts = request.url.path.strip("/").split("/")
    return request.method == "GET" and len(parts) == 3 and parts[1] == "data_sources"


class Refusing(httpx.BaseTransport):
    """Answers the requests ``match`` selects with a 400 validation_error; passes the others."""

    def __init__(self, inner: httpx.BaseTransport, match: Callable[[httpx.Request], bool]) -> None:
        self.inner, self.match = inner, match

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.match(request):
            body = {
                "object": "error",
                "status": 400,
                "code": "validation_error",
                "message": "body failed validation: body.type should be one of `table`.",
                "request_id": "5d9b7c52-0f4e-4a57-9d4e-3f7b0c2d1e6a",
            }
            return httpx.Response(400, json=body)
        return self.inner.handle_request(request)


def is_chart_create(request: httpx.Request) -> bool:
    """POST /v1/views of a chart."""
    if request.method != "POST" or request.url.path != "/v1/views":
        return False
    return bool(json.loads(request.content).get("type") == "chart")


class Failing(httpx.BaseTransport):
    """From the first request ``start`` selects on, answers every request with ``status``
    (503: Notion down, F22; 401: the token revoked, F17)."""

    def __init__(
        self, inner: httpx.BaseTransport, start: Callable[[httpx.Request], bool], status: int
    ) -> None:
        self.inner, self.start, self.status = inner, start, status
        self.failing = False
        self.refused = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.failing = self.failing or self.start(request)
        if not self.failing:
            return self.inner.handle_request(request)
        self.refused += 1
        code, message = {
            503: ("service_unavailable", "Notion is unavailable, please try again later."),
            401: ("unauthorized", "API token is invalid."),
        }[self.status]
        body = {"object": "error", "status": self.status, "code": code, "message": message}
        return httpx.Response(self.status, json=body)


def is_view_create(request: httpx.Request) -> bool:
    """POST /v1/views."""
    return request.method == "POST" and request.url.path == "/v1/views"


@pytest.fixture
def state(tmp_path: Path) -> Path:
    """The sandbox's state file: the one ``--sandbox`` uses (the autouse fixture sets it)."""
    return Path(os.environ[SANDBOX_STATE_ENV])


@pytest.fixture
def box(state: Path) -> Iterator[Sandbox]:
    """A sandbox on the state file, without a rate limit."""
    sandbox = Sandbox(state_path=state, rate_limit=0)
    yield sandbox
    sandbox.close()


def api_on(
    box: Sandbox,
    *,
    wrap: Callable[[httpx.BaseTransport], httpx.BaseTransport] | None = None,
    version: str = "2026-03-11",
) -> NotionAPI:
    """The endpoint layer on the sandbox, through ``wrap`` (a misbehaving Notion) if given."""
    transport = box.transport()
    clock = FakeClock()  # retries wait on it: no test sleeps
    gateway = NotionGateway(
        token=box.token,
        base_url="http://sandbox.invalid",
        transport=wrap(transport) if wrap else transport,
        budget_per_minute=1_000_000,
        policy=RetryPolicy(max_attempts=3, max_total_s=60),
        notion_version=version,
        sleep=clock.sleep,
        clock=clock,
    )
    return as_api(gateway)
