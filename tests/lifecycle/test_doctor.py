"""`notion-setup doctor`: each check says ok or what to fix; the exit code of the first failure."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

from notion_setup.connect import Connection
from notion_setup.errors import TokenMissing
from notion_setup.lifecycle.doctor import PROBE_TITLE, run_doctor
from notion_setup.notion import RetryPolicy
from notion_setup.sandbox import Sandbox
from notion_setup.sandbox.testing import FakeClock

from .conftest import World, make_gateway, run


class Refusing(httpx.BaseTransport):
    """Answers one kind of request with a Notion error; passes the others to the sandbox."""

    def __init__(self, inner: httpx.BaseTransport, method: str, path: str, status: int) -> None:
        self.inner, self.method, self.path, self.status = inner, method, path, status

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == self.method and request.url.path.startswith(self.path):
            code = {401: "unauthorized", 403: "restricted_resource"}[self.status]
            body = {"object": "error", "status": self.status, "code": code, "message": "No."}
            return httpx.Response(self.status, json=body)
        return self.inner.handle_request(request)


class Unreachable(httpx.BaseTransport):
    """Every request fails to connect."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)


def _connect(box: Sandbox, **options: Any) -> Callable[[], Connection]:
    return lambda: Connection(make_gateway(box, **options), "sandbox (test)", box.root_page_id)


class Ticking(FakeClock):
    """Each reading is 0.125 s after the previous one."""

    def __call__(self) -> float:
        self.now += 0.125
        return self.now


def _table(report: Any) -> list[tuple[str, str]]:
    return [(c.name, c.status) for c in report.checks]


def test_everything_passes_on_the_sandbox(world: World) -> None:
    report = run_doctor(_connect(world.box), None, clock=Ticking())

    assert [(c.name, c.status, c.detail) for c in report.checks] == [
        ("connection", "ok", "sandbox (test)"),
        ("api", "ok", "answered in 125 ms"),
        (
            "token",
            "ok",
            'valid: integration "Sandbox" in workspace "Sandbox workspace" (owner: workspace)',
        ),
        ("parent", "ok", f'page "Sandbox" ({world.top}) is shared with the integration'),
        ("read_content", "ok", "can read the page's content"),
        ("insert_content", "ok", "created a probe page"),
        ("update_content", "ok", "can edit pages (probe page moved to the trash)"),
        (
            "limits",
            "ok",
            "plan: paid (inferred from the 5 GiB upload limit, UNCONFIRMED; --workspace-plan "
            "overrides it); members: 1; upload limit: 5 GiB",
        ),
    ]
    assert (report.ok, report.exit_code, report.latency_ms) == (True, 0, 125.0)


def test_the_probe_page_ends_in_the_trash(world: World) -> None:
    run_doctor(_connect(world.box), None)

    assert PROBE_TITLE not in " ".join(world.titles(world.top))
    assert [r.method for r in world.box.request_log if r.method != "GET"] == [
        "POST",
        "PATCH",
        "PATCH",
    ]


def test_cli_all_ok_exits_0(world: World) -> None:
    result = run("doctor", "--sandbox")

    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[:-1]] == ["ok"] * 8
    assert lines[-1] == "All checks passed."


def test_cli_json(world: World) -> None:
    result = run("doctor", "--sandbox", "--json")

    data = json.loads(result.stdout)
    assert (data["ok"], data["exit_code"]) == (True, 0)
    assert [c["name"] for c in data["checks"]] == [
        "connection",
        "api",
        "token",
        "parent",
        "read_content",
        "insert_content",
        "update_content",
        "limits",
    ]


def test_no_token_exits_2_with_the_fix() -> None:
    result = run("doctor")

    assert result.exit_code == 2
    assert result.stdout.splitlines()[:3] == [
        "fail  connection      no Notion token: $NOTION_TOKEN is not set",
        "      fix: create an internal integration at https://www.notion.so/profile/"
        "integrations, copy its secret, then `export NOTION_TOKEN=...` (or try --sandbox "
        "without a token)",
        "skip  api             no connection",
    ]
    assert result.stdout.splitlines()[-1] == "Some checks failed: see the fixes above."


def test_a_refused_token_exits_4(world: World) -> None:
    transport = Refusing(world.box.transport(), "GET", "/v1/users/me", 401)

    report = run_doctor(_connect(world.box, transport=transport), None)

    assert _table(report) == [
        ("connection", "ok"),
        ("api", "ok"),
        ("token", "fail"),
        ("parent", "skip"),
        ("read_content", "skip"),
        ("insert_content", "skip"),
        ("update_content", "skip"),
    ]
    failed = report.checks[2]
    assert failed.detail == "Notion refused the token (401 unauthorized)"
    assert failed.fix is not None and "NOTION_TOKEN" in failed.fix
    assert report.exit_code == 4


def test_unreachable_exits_8() -> None:
    box = Sandbox(rate_limit=0)
    clock = FakeClock()
    connect = _connect(
        box,
        transport=Unreachable(),
        sleep=clock.sleep,
        clock=clock,
        policy=RetryPolicy(max_attempts=2, max_total_s=10),
    )

    report = run_doctor(connect, None)

    assert _table(report)[:3] == [("connection", "ok"), ("api", "fail"), ("token", "skip")]
    assert report.checks[1].fix == (
        "check your internet connection and proxy settings (HTTPS_PROXY), or "
        "https://status.notion.so; with --base-url, check that address"
    )
    assert report.exit_code == 8


def test_a_page_not_shared_says_how_to_share_it(world: World) -> None:
    private = world.box.add_unshared_page("Private")

    report = run_doctor(_connect(world.box), private)

    parent = report.checks[3]
    assert (parent.name, parent.status, parent.exit_code) == ("parent", "fail", 4)
    assert parent.fix == (
        "open the page in Notion, ••• → Connections → add your integration “Sandbox” "
        "(the integration needs access to the page, not just the workspace)"
    )
    assert [c.status for c in report.checks[4:]] == ["skip", "skip", "skip"]


def test_cli_unshared_parent_exits_4(world: World) -> None:
    private = world.box.add_unshared_page("Private")

    result = run("doctor", "--sandbox", "--parent", private)

    assert result.exit_code == 4
    assert result.stdout.splitlines()[3].startswith(
        f"fail  parent          cannot read page {private}"
    )


def test_a_missing_capability_is_named(world: World) -> None:
    transport = Refusing(world.box.transport(), "POST", "/v1/pages", 403)

    report = run_doctor(_connect(world.box, transport=transport), None)

    insert = report.checks[5]
    assert (insert.name, insert.status, insert.exit_code) == ("insert_content", "fail", 4)
    assert insert.fix == (
        "in https://www.notion.so/profile/integrations open your integration → Capabilities "
        "and tick “Insert content”, then save"
    )
    assert report.checks[6].status == "skip"


def test_update_refused_leaves_a_warning_about_the_probe(world: World) -> None:
    transport = Refusing(world.box.transport(), "PATCH", "/v1/pages/", 403)

    report = run_doctor(_connect(world.box, transport=transport), None)

    assert _table(report)[-2:] == [("update_content", "fail"), ("cleanup", "warn")]
    assert report.checks[-1].fix == "delete it by hand in Notion"
    assert PROBE_TITLE in world.titles(world.top)


def test_the_free_plan_block_limit_exits_5(world: World) -> None:
    world.box.set_block_limit(world.box.blocks_created)

    report = run_doctor(_connect(world.box), None)

    assert report.checks[5].name == "insert_content"
    assert (report.checks[5].status, report.exit_code) == ("fail", 5)


def test_connect_errors_become_the_connection_check() -> None:
    def connect() -> Connection:
        raise TokenMissing("no Notion token: $MY_TOKEN is not set", hint="export MY_TOKEN=...")

    report = run_doctor(connect, None)

    assert report.checks[0].fix == "export MY_TOKEN=..."
    assert report.exit_code == 2
