"""The gateway against the strict sandbox (in-process transport) and its fault injection."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from notion_setup.notion import NotionGateway
from notion_setup.notion.body import append_blocks, split_for_create
from notion_setup.notion.markdown import markdown_to_blocks
from notion_setup.notion.results import plain_text
from notion_setup.pacer import Pacer
from notion_setup.sandbox import Sandbox
from notion_setup.sandbox.testing import FakeClock

from .gateway_fakes import create_page_body, find_by_title

JSON = dict[str, Any]


@pytest.fixture
def sandbox(clock: FakeClock) -> Iterator[Sandbox]:
    box = Sandbox(rate_limit=0, clock=clock, sleep=clock.sleep)
    yield box
    box.close()


def gateway_for(box: Sandbox, clock: FakeClock, budget: int = 180) -> NotionGateway:
    return NotionGateway(
        token=box.token,
        base_url="http://sandbox.invalid",
        transport=box.transport(),
        sleep=clock.sleep,
        clock=clock,
        pacer=Pacer(budget, clock=clock, sleep=clock.sleep),
    )


def create(gateway: NotionGateway, box: Sandbox, title: str) -> JSON:
    return gateway.write(
        "POST",
        "pages",
        body=create_page_body(title, box.root_page_id),
        parent_id=box.root_page_id,
        find_existing=find_by_title(gateway, title, box.root_page_id),
    )


def pages_titled(gateway: NotionGateway, box: Sandbox, title: str) -> int:
    return sum(
        1
        for block in gateway.paginate("GET", f"blocks/{box.root_page_id}/children")
        if block["type"] == "child_page" and block["child_page"]["title"] == title
    )


def writes(box: Sandbox, method: str, path: str) -> int:
    return sum(1 for r in box.request_log if r.method == method and r.path == path)


@pytest.mark.parametrize(
    "kind",
    ["503_committed", "500_committed", "504_committed", "drop_committed", "timeout_committed"],
)
def test_committed_faults_never_duplicate_a_page(kind: str, sandbox: Sandbox, clock: FakeClock):
    sandbox.faults.inject(kind, method="POST", path="/v1/pages")
    gateway = gateway_for(sandbox, clock)
    page = create(gateway, sandbox, "Invoices")
    assert pages_titled(gateway, sandbox, "Invoices") == 1
    assert writes(sandbox, "POST", "/v1/pages") == 1
    assert page["object"] == "page"
    # Notion's documented case is adopted without any lookup.
    assert gateway.stats.lookups == (0 if kind == "503_committed" else 1)


@pytest.mark.parametrize("kind", ["429", "529", "500", "502", "503", "504", "conflict"])
def test_pre_write_faults_are_resent_once_and_create_one_page(
    kind: str, sandbox: Sandbox, clock: FakeClock
):
    sandbox.faults.inject(kind, method="POST", path="/v1/pages")
    gateway = gateway_for(sandbox, clock)
    create(gateway, sandbox, "Clients")
    assert pages_titled(gateway, sandbox, "Clients") == 1
    assert writes(sandbox, "POST", "/v1/pages") == 2


@pytest.mark.parametrize("kind", ["503_committed", "timeout_committed", "drop_committed"])
def test_committed_append_is_not_duplicated(kind: str, sandbox: Sandbox, clock: FakeClock):
    gateway = gateway_for(sandbox, clock)
    page = create(gateway, sandbox, "SOP")
    sandbox.faults.inject(kind, method="PATCH", path="/v1/blocks/*/children")
    blocks = markdown_to_blocks("\n\n".join(f"Step {i}" for i in range(120)))
    append_blocks(gateway, page["id"], blocks, existing_children=0)
    listed = list(gateway.paginate("GET", f"blocks/{page['id']}/children"))
    assert [plain_text(b["paragraph"]["rich_text"]) for b in listed] == [
        f"Step {i}" for i in range(120)
    ]


def test_markdown_page_is_created_within_the_sandboxs_limits(sandbox: Sandbox, clock: FakeClock):
    md = "\n\n".join(
        [
            "# Guide",
            "x" * 4500,
            "- a\n  - b\n    - c\n      - d",
            "> 💡 tip",
            "```py\nprint(1)\n```",
        ]
        + [f"para {i}" for i in range(150)]
        + ["| a | b |\n|---|---|\n" + "".join(f"| {i} | {i} |\n" for i in range(99))]
    )
    blocks = markdown_to_blocks(md)
    head, tail = split_for_create(blocks)
    gateway = gateway_for(sandbox, clock)
    body = create_page_body("Guide", sandbox.root_page_id) | {"children": head}
    page = gateway.write("POST", "pages", body=body, parent_id=sandbox.root_page_id)
    append_blocks(gateway, page["id"], tail, existing_children=len(head))
    listed = list(gateway.paginate("GET", f"blocks/{page['id']}/children"))
    assert [b["type"] for b in listed] == [b["type"] for b in blocks]
    assert all(status < 400 for _, _, status, _ in sandbox.request_log)
    table = listed[-1]
    rows = list(gateway.paginate("GET", f"blocks/{table['id']}/children"))
    assert len(rows) == 100


def test_table_over_100_rows_gets_its_rows_appended(sandbox: Sandbox, clock: FakeClock):
    blocks = markdown_to_blocks("| n |\n|---|\n" + "".join(f"| {i} |\n" for i in range(150)))
    gateway = gateway_for(sandbox, clock)
    page = create(gateway, sandbox, "Table")
    append_blocks(gateway, page["id"], blocks, existing_children=0)
    (table,) = gateway.paginate("GET", f"blocks/{page['id']}/children")
    assert len(list(gateway.paginate("GET", f"blocks/{table['id']}/children"))) == 151


def test_pacer_keeps_a_long_run_under_the_sandboxs_rate_limit(clock: FakeClock):
    """F3: the sandbox enforces 180 per 60 s; 400 paced requests never meet a 429."""
    box = Sandbox(rate_limit=180, clock=clock, sleep=clock.sleep)
    gateway = gateway_for(box, clock)
    start = clock.now
    for _ in range(400):
        gateway.read("GET", "users/me")
    assert {status for _, _, status, _ in box.request_log} == {200}
    elapsed = clock.now - start
    assert 400 / elapsed >= 0.85 * 3.0  # at least 85% of 180/min sustained
    box.close()


def test_unpaced_burst_meets_429_and_the_gateway_recovers(clock: FakeClock):
    box = Sandbox(rate_limit=180, clock=clock, sleep=clock.sleep)
    gateway = gateway_for(box, clock, budget=100_000)  # pacing off: the server must push back
    for _ in range(200):
        gateway.read("GET", "users/me")
    statuses = [status for _, _, status, _ in box.request_log]
    assert statuses.count(200) == 200 and 429 in statuses
    assert gateway.stats.retries == statuses.count(429)
    box.close()
