"""Fault scenarios of reliability-notes §7, at the gateway level, against the scripted Notion."""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from notion_setup.errors import AccessError, AuthError, NotionUnavailable, RequestBlocked
from notion_setup.notion import RetryPolicy
from notion_setup.notion.body import append_blocks
from notion_setup.pacer import Pacer
from notion_setup.sandbox.testing import FakeClock

from .conftest import GatewayFactory
from .gateway_fakes import ROOT, FakeNotion, create_page_body, find_by_title, title_of


def create(gateway, fake: FakeNotion, title: str = "Invoices"):
    return gateway.write(
        "POST",
        "pages",
        body=create_page_body(title),
        parent_id=ROOT,
        find_existing=find_by_title(gateway, title),
    )


def test_F1_429_with_retry_after_waits_then_creates_once(
    fake: FakeNotion, make_gateway: GatewayFactory, clock: FakeClock
):
    fake.inject("POST", "pages", "429", count=2, retry_after="3")
    gateway = make_gateway()
    page = create(gateway, fake)
    assert len(fake.pages) == 1 and page["id"] in fake.pages
    assert [entry[2] for entry in fake.log] == ["429", "429", 200]  # nothing else during waits
    assert all(s >= 3.0 for s in clock.sleeps[:2])
    assert gateway.stats.lookups == 0


def test_F4_529_on_post_is_retried(fake: FakeNotion, make_gateway: GatewayFactory):
    fake.inject("POST", "pages", "529")
    gateway = make_gateway()
    create(gateway, fake)
    assert len(fake.pages) == 1
    assert fake.count("POST", "pages") == 2
    assert gateway.stats.lookups == 0


def test_F5_committed_503_is_adopted_without_resend(fake: FakeNotion, make_gateway):
    fake.inject("POST", "pages", "commit-503-guided")
    gateway = make_gateway()
    page = create(gateway, fake)
    assert list(fake.pages) == [page["id"]]
    assert title_of(page) == "Invoices"
    assert [(m, p.split("/")[0]) for m, p, _ in fake.log] == [("POST", "pages"), ("GET", "pages")]
    assert gateway.stats.lookups == 0 and gateway.stats.adopted == 1


def test_F5_committed_child_ids_are_adopted_without_resend(fake: FakeNotion, make_gateway):
    gateway = make_gateway()
    page = create(gateway, fake)
    path = f"blocks/{page['id']}/children"
    fake.inject("PATCH", path, "commit-503-guided")
    paragraphs = [
        {"type": "paragraph", "paragraph": {"rich_text": [{"text": {"content": str(i)}}]}}
        for i in range(3)
    ]
    result = gateway.write("PATCH", path, body={"children": paragraphs}, parent_id=page["id"])
    stored = fake.children[page["id"]]
    assert [b["id"] for b in result["results"]] == [b["id"] for b in stored]
    assert len(stored) == 3
    assert fake.count("PATCH", path) == 1 and fake.count("GET", path) == 0


@pytest.mark.parametrize("kind", ["commit-500", "commit-502-html", "commit-503", "commit-504"])
def test_F5b_commit_then_5xx_is_found_by_lookup_not_duplicated(
    kind: str, fake: FakeNotion, make_gateway: GatewayFactory
):
    fake.inject("POST", "pages", kind)
    gateway = make_gateway()
    page = create(gateway, fake)
    assert list(fake.pages) == [page["id"]]
    assert fake.count("POST", "pages") == 1
    assert gateway.stats.lookups == 1 and gateway.stats.adopted == 1


def test_F6_503_without_commit_lookup_finds_nothing_then_one_retry_creates(
    fake: FakeNotion, make_gateway: GatewayFactory
):
    fake.inject("POST", "pages", "503")
    gateway = make_gateway()
    create(gateway, fake)
    assert len(fake.pages) == 1
    assert fake.count("POST", "pages") == 2
    # One look right after the failure, one more before the resend (the listing may lag).
    assert gateway.stats.lookups == 2 and gateway.stats.adopted == 0


def test_F7_read_timeout_after_commit_is_adopted(fake: FakeNotion, make_gateway):
    fake.inject("POST", "pages", "commit-read-timeout")
    gateway = make_gateway()
    page = create(gateway, fake)
    assert list(fake.pages) == [page["id"]]
    assert fake.count("POST", "pages") == 1
    assert gateway.stats.by_status["ReadTimeout"] == 1


@pytest.mark.parametrize(
    "kind", ["commit-remote-protocol", "commit-read-error", "commit-truncated"]
)
def test_F8_dropped_connection_or_truncated_body_after_commit_is_adopted(
    kind: str, fake: FakeNotion, make_gateway: GatewayFactory
):
    fake.inject("POST", "pages", kind)
    gateway = make_gateway()
    page = create(gateway, fake)
    assert list(fake.pages) == [page["id"]]
    assert fake.count("POST", "pages") == 1


@pytest.mark.parametrize("kind", ["connect-error", "connect-timeout"])
def test_F9_connect_failures_are_not_applied_and_resent_without_lookup(
    kind: str, fake: FakeNotion, make_gateway: GatewayFactory
):
    fake.inject("POST", "pages", kind, count=3)
    gateway = make_gateway()
    create(gateway, fake)
    assert len(fake.pages) == 1
    assert fake.count("POST", "pages") == 4
    assert gateway.stats.lookups == 0


def test_F9_network_down_names_the_base_url_and_the_cause(fake: FakeNotion, make_gateway):
    fake.inject("GET", "users/me", "connect-error", count=99)
    gateway = make_gateway(policy=RetryPolicy(max_attempts=3))
    with pytest.raises(NotionUnavailable) as caught:
        gateway.read("GET", "users/me")
    assert str(caught.value).splitlines()[0] == (
        "Notion at https://api.notion.test did not complete GET /v1/users/me after 3 attempts; "
        "last cause: ConnectError"
    )


def test_F10_writes_under_one_parent_are_never_concurrent(fake: FakeNotion):
    """Eight threads create rows under one parent: at most one write in flight, all present."""
    in_flight: dict[str, int] = {}
    peak: dict[str, int] = {}
    guard = threading.Lock()

    def handler(request: httpx.Request) -> httpx.Response:
        parent = "p1" if b"p1" in request.content else "p2"
        with guard:
            in_flight[parent] = in_flight.get(parent, 0) + 1
            peak[parent] = max(peak.get(parent, 0), in_flight[parent])
        time.sleep(0.002)  # let the other threads pile up if nothing stops them
        try:
            if in_flight[parent] > 1:
                return httpx.Response(
                    409,
                    json={
                        "object": "error",
                        "status": 409,
                        "code": "conflict_error",
                        "message": "x",
                    },
                )
            return fake.handle(request)
        finally:
            with guard:
                in_flight[parent] -= 1

    from notion_setup.notion import NotionGateway

    gateway = NotionGateway(
        token="secret_f10",
        base_url="https://api.notion.test",
        transport=httpx.MockTransport(handler),
        pacer=Pacer(6000),
    )
    parents = ["p1" * 16, "p2" * 16]

    def work(n: int) -> None:
        parent = parents[n % 2]
        gateway.write("POST", "pages", body=create_page_body(f"row {n}", parent), parent_id=parent)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert peak == {"p1": 1, "p2": 1}
    assert sorted(title_of(p) for p in fake.pages.values()) == [f"row {n}" for n in range(8)]
    assert gateway.stats.by_status == {200: 8}


def test_F10_409_conflict_is_retried_and_creates_once(fake: FakeNotion, make_gateway):
    fake.inject("POST", "pages", "409")
    gateway = make_gateway()
    create(gateway, fake)
    assert len(fake.pages) == 1 and gateway.stats.lookups == 0


def paragraph(text: str) -> dict:
    return {"type": "paragraph", "paragraph": {"rich_text": [{"text": {"content": text}}]}}


def test_F11_append_commits_then_times_out_children_not_duplicated(
    fake: FakeNotion, make_gateway: GatewayFactory
):
    gateway = make_gateway()
    page = create(gateway, fake)
    path = f"blocks/{page['id']}/children"
    fake.inject("PATCH", path, "commit-read-timeout")
    blocks = [paragraph(f"line {i}") for i in range(150)]
    append_blocks(gateway, page["id"], blocks, existing_children=0)
    texts = [b["paragraph"]["rich_text"][0]["text"]["content"] for b in fake.children[page["id"]]]
    assert texts == [f"line {i}" for i in range(150)]
    assert fake.count("PATCH", path) == 2  # the timed-out chunk of 100 was not resent


def test_F11_append_not_applied_is_resent_once(fake: FakeNotion, make_gateway: GatewayFactory):
    gateway = make_gateway()
    page = create(gateway, fake)
    path = f"blocks/{page['id']}/children"
    fake.inject("PATCH", path, "read-timeout")
    append_blocks(gateway, page["id"], [paragraph("a"), paragraph("b")], existing_children=0)
    assert len(fake.children[page["id"]]) == 2
    assert fake.count("PATCH", path) == 2


def test_F11_identical_content_already_present_is_not_mistaken_for_the_chunk(
    fake: FakeNotion, make_gateway: GatewayFactory
):
    gateway = make_gateway()
    page = create(gateway, fake)
    append_blocks(gateway, page["id"], [paragraph("same")], existing_children=0)
    fake.inject("PATCH", f"blocks/{page['id']}/children", "read-timeout")
    append_blocks(gateway, page["id"], [paragraph("same")], existing_children=1)
    assert len(fake.children[page["id"]]) == 2


@pytest.mark.parametrize(
    ("kind", "error"), [("401", AuthError), ("404", AccessError), ("429-blocked", RequestBlocked)]
)
def test_F17_revoked_unshared_or_blocked_mid_run_is_never_read_as_missing(
    kind: str, error: type[Exception], fake: FakeNotion, make_gateway: GatewayFactory
):
    gateway = make_gateway()
    create(gateway, fake, "first")
    # The lookup itself is refused: that must stop the run, not trigger a create.
    fake.inject("POST", "pages", "503")
    fake.inject("GET", f"blocks/{ROOT}/children", kind)
    with pytest.raises(error):
        create(gateway, fake, "second")
    assert fake.count("POST", "pages") == 2
    assert len(fake.pages) == 1


def test_F22_persistent_503_stays_within_the_attempt_budget(
    fake: FakeNotion, make_gateway: GatewayFactory, clock: FakeClock
):
    fake.inject("POST", "pages", "503", count=10_000)
    gateway = make_gateway(policy=RetryPolicy(max_attempts=5, max_total_s=60))
    start = clock.now
    with pytest.raises(NotionUnavailable):
        create(gateway, fake)
    assert fake.count("POST", "pages") == 5
    # One look right after each failure and one more before each resend; the lookups' own
    # reads earn the run no extra attempts.
    assert gateway.stats.lookups == 5 + 4
    assert gateway.retry_budget.drawn == 0
    assert clock.now - start <= 60
    assert not fake.pages


@pytest.mark.parametrize("header", ["1.5", "http-date"])
def test_F24_retry_after_as_decimal_or_http_date_is_honoured(
    header: str, fake: FakeNotion, make_gateway: GatewayFactory, clock: FakeClock
):
    if header == "http-date":
        header = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
        low, high = 28.0, 33.1
    else:
        low, high = 1.5, 1.65
    fake.inject("POST", "pages", "429", retry_after=header)
    create(make_gateway(), fake)
    assert low <= clock.sleeps[0] <= high


def test_F25_token_never_in_logs_errors_or_tracebacks(
    fake: FakeNotion, make_gateway: GatewayFactory, caplog: pytest.LogCaptureFixture
):
    token = "ntn_" + "Z9" * 20
    fake.inject("GET", "users/me", "503")
    fake.inject("POST", "pages", "401")
    gateway = make_gateway(token=token)
    with caplog.at_level(logging.DEBUG):
        gateway.read("GET", "users/me")
        with pytest.raises(AuthError) as caught:
            create(gateway, fake)
        logging.getLogger("notion_setup.notion").exception("boom %s", token, exc_info=caught.value)
        logging.getLogger("notion_setup.notion.client").debug("Bearer %s", token)
    text = caplog.text + "".join(r.getMessage() for r in caplog.records)
    assert token not in text
    assert token not in str(caught.value) and token not in repr(gateway)
    assert "[redacted]" in text


def test_F18_lookup_waits_for_a_lagging_listing(
    fake: FakeNotion, make_gateway: GatewayFactory, clock: FakeClock
):
    """The listing shows a new page only 1.5 s after its create: the lookup still finds it."""
    created_at: list[float] = []

    def lagging(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            created_at.append(clock.now)
        listing = request.method == "GET" and "children" in request.url.path
        if listing and created_at and clock.now - created_at[0] < 1.5:
            return httpx.Response(200, json={"object": "list", "results": [], "has_more": False})
        return fake.handle(request)

    fake.inject("POST", "pages", "commit-read-timeout")
    gateway = make_gateway(transport=httpx.MockTransport(lagging))
    create(gateway, fake)
    assert len(fake.pages) == 1
    assert clock.sleeps[0] >= 2.0
