"""One test per retry rule: which failures are resent, how often, and after how long."""

from __future__ import annotations

import logging
from collections.abc import Callable

import httpx
import pytest

from notion_setup.errors import (
    AccessError,
    AuthError,
    NotionRejected,
    NotionUnavailable,
    RequestBlocked,
    WorkspaceLimitReached,
)
from notion_setup.notion import NOTION_VERSION, RetryPolicy
from notion_setup.notion.endpoints import NotionAPI, as_api
from notion_setup.retry import parse_retry_after
from notion_setup.sandbox.testing import FakeClock

from .conftest import GatewayFactory
from .gateway_fakes import BASE_URL, ROOT, FakeNotion, create_page_body, find_by_title

_UNDER_ROOT = {"type": "page_id", "page_id": ROOT}


def test_requests_declare_the_2026_api_version(fake: FakeNotion, make_gateway: GatewayFactory):
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return fake.handle(request)

    gateway = make_gateway(transport=httpx.MockTransport(handler))
    gateway.read("GET", "users/me")
    assert seen[0].headers["Notion-Version"] == NOTION_VERSION == "2026-03-11"
    assert seen[0].url == f"{BASE_URL}/v1/users/me"


def test_sdk_retries_are_off_so_one_500_is_one_request(
    fake: FakeNotion, make_gateway: GatewayFactory
):
    fake.inject("GET", "users/me", "500", count=99)
    gateway = make_gateway(policy=RetryPolicy(max_attempts=1))
    with pytest.raises(NotionUnavailable):
        gateway.read("GET", "users/me")
    assert fake.count("GET", "users/me") == 1


@pytest.mark.parametrize("kind", ["500", "502-html", "503", "504", "read-timeout", "read-error"])
def test_reads_are_retried_after_any_transient_failure(
    kind: str, fake: FakeNotion, make_gateway: GatewayFactory
):
    fake.inject("GET", "users/me", kind, count=2)
    gateway = make_gateway()
    assert gateway.read("GET", "users/me") == {"object": "user", "id": "bot"}
    assert fake.count("GET", "users/me") == 3
    assert gateway.stats.retries == 2


def test_429_waits_exactly_retry_after_then_resends(
    fake: FakeNotion, make_gateway: GatewayFactory, clock: FakeClock
):
    fake.inject("GET", "users/me", "429", retry_after="7")
    gateway = make_gateway()
    gateway.read("GET", "users/me")
    assert fake.count("GET", "users/me") == 2
    # One wait of exactly Retry-After: the pacer's pause ends at the same instant.
    assert clock.sleeps == [7.0]


def test_429_without_retry_after_backs_off_exponentially(
    fake: FakeNotion, make_gateway: GatewayFactory, clock: FakeClock
):
    fake.inject("GET", "users/me", "429", count=3)
    policy = RetryPolicy(base_s=1.0, cap_s=3.0)
    make_gateway(policy=policy).read("GET", "users/me")
    # Full jitter: attempt n waits uniformly in [0, min(cap, base * 2^(n-1))].
    assert len(clock.sleeps) == 3
    assert all(0 <= s <= limit for s, limit in zip(clock.sleeps, [1.0, 2.0, 3.0], strict=True))


def test_409_conflict_is_resent_for_a_create(fake: FakeNotion, make_gateway: GatewayFactory):
    fake.inject("POST", "pages", "409", count=2)
    gateway = make_gateway()
    gateway.write("POST", "pages", body=create_page_body("A"), parent_id=ROOT)
    assert fake.count("POST", "pages") == 3
    assert len(fake.pages) == 1


def test_ambiguous_create_without_a_lookup_is_never_resent(
    fake: FakeNotion, make_gateway: GatewayFactory
):
    fake.inject("POST", "pages", "commit-503")
    gateway = make_gateway()
    with pytest.raises(NotionUnavailable) as caught:
        gateway.write("POST", "pages", body=create_page_body("A"), parent_id=ROOT)
    assert str(caught.value) == (
        f"Notion at {BASE_URL} did not confirm POST /v1/pages (503 service_unavailable); "
        "it may have been saved, so it was not sent again\n"
        "  notion request id: req-503\n"
        "  fix: run the same command again: it finds what was saved and carries on"
    )
    assert fake.count("POST", "pages") == 1
    assert len(fake.pages) == 1


def test_idempotent_write_is_resent_after_an_ambiguous_failure(
    fake: FakeNotion, make_gateway: GatewayFactory
):
    page = make_gateway().write("POST", "pages", body=create_page_body("A"), parent_id=ROOT)
    fake.inject("PATCH", f"blocks/{page['id']}/children", "read-timeout")
    gateway = make_gateway()
    body = {"children": [{"type": "divider", "divider": {}}]}
    gateway.write("PATCH", f"blocks/{page['id']}/children", body=body, idempotent=True)
    assert fake.count("PATCH", f"blocks/{page['id']}/children") == 2
    assert gateway.stats.lookups == 0


def test_attempts_are_bounded(fake: FakeNotion, make_gateway: GatewayFactory):
    fake.inject("GET", "users/me", "503", count=99)
    gateway = make_gateway(policy=RetryPolicy(max_attempts=4))
    with pytest.raises(NotionUnavailable) as caught:
        gateway.read("GET", "users/me")
    assert fake.count("GET", "users/me") == 4
    assert str(caught.value).splitlines()[0] == (
        f"Notion at {BASE_URL} did not complete GET /v1/users/me after 4 attempts; "
        "last cause: 503 service_unavailable"
    )
    assert caught.value.exit_code == 8


def test_total_time_is_bounded_before_an_overlong_wait(
    fake: FakeNotion, make_gateway: GatewayFactory, clock: FakeClock
):
    fake.inject("GET", "users/me", "429", count=5, retry_after="90")
    gateway = make_gateway(policy=RetryPolicy(max_total_s=120))
    with pytest.raises(NotionUnavailable):
        gateway.read("GET", "users/me")
    # One 90 s wait fits in 120 s; a second would cross it, so it is not made.
    assert fake.count("GET", "users/me") == 2
    assert len(clock.sleeps) == 1


@pytest.mark.parametrize(
    ("kind", "error", "exit_code"),
    [
        ("401", AuthError, 4),
        ("403", AccessError, 4),
        ("404", AccessError, 4),
        ("403-block-limit", WorkspaceLimitReached, 5),
        ("429-blocked", RequestBlocked, 5),
        ("400", NotionRejected, 1),
    ],
)
def test_fatal_answers_stop_at_once_without_lookup(
    kind: str, error: type[Exception], exit_code: int, fake: FakeNotion, make_gateway
):
    fake.inject("POST", "pages", kind)
    gateway = make_gateway()
    lookups: list[str] = []

    def find() -> None:
        lookups.append("called")

    with pytest.raises(error) as caught:
        gateway.write(
            "POST", "pages", body=create_page_body("A"), parent_id=ROOT, find_existing=find
        )
    assert caught.value.exit_code == exit_code  # type: ignore[attr-defined]
    assert fake.count("POST", "pages") == 1
    assert lookups == []
    assert gateway.stats.retries == 0


def test_401_names_the_variable_and_how_to_get_a_secret(fake: FakeNotion, make_gateway):
    fake.inject("GET", "users/me", "401")
    with pytest.raises(AuthError) as caught:
        make_gateway(token_env="ACME_NOTION_TOKEN").read("GET", "users/me")
    assert str(caught.value) == (
        "Notion rejected the token in $ACME_NOTION_TOKEN (401 unauthorized)\n"
        "  notion request id: req-401\n"
        "  fix: create an internal integration at https://www.notion.so/profile/integrations, "
        "copy its Internal Integration Secret (it starts with ntn_) and set ACME_NOTION_TOKEN "
        "to it"
    )


def test_404_names_the_object_and_how_to_share_it(fake: FakeNotion, make_gateway):
    fake.inject("GET", "pages/", "404")
    with pytest.raises(AccessError) as caught:
        make_gateway().read("GET", "pages/" + "b" * 32)
    assert str(caught.value) == (
        f"Notion object {'a' * 32} was not found or is not shared with the integration "
        f"(GET /v1/pages/{'b' * 32}: 404 object_not_found)\n"
        "  notion request id: req-404\n"
        "  fix: open the page in Notion, ••• menu -> Connections -> add the integration "
        "(sharing a page shares everything under it)"
    )
    assert caught.value.status == 404
    assert caught.value.notion_code == "object_not_found"


def test_403_says_which_capability_to_enable(fake: FakeNotion, make_gateway):
    fake.inject("PATCH", "pages/", "403")
    with pytest.raises(AccessError) as caught:
        make_gateway().write("PATCH", "pages/x", body={}, idempotent=True)
    assert "enable 'Update content'" in str(caught.value)


@pytest.mark.parametrize(
    ("method", "path", "call", "capability"),
    [
        (
            "POST",
            "pages",
            lambda api: api.pages.create(parent=_UNDER_ROOT, properties={}),
            "Insert",
        ),
        ("PATCH", "blocks/", lambda api: api.blocks.append("b", [{"paragraph": {}}]), "Insert"),
        ("PATCH", "pages/", lambda api: api.pages.update("p", in_trash=True), "Update"),
        ("GET", "pages/", lambda api: api.pages.retrieve("p"), "Read"),
        ("POST", "search", lambda api: list(api.search.pages("x")), "Read"),
    ],
)
def test_403_names_the_capability_the_endpoint_needs(
    fake: FakeNotion,
    make_gateway: GatewayFactory,
    method: str,
    path: str,
    call: Callable[[NotionAPI], object],
    capability: str,
) -> None:
    # The endpoint knows what it does: a create and an append insert content, a query or a
    # search reads it (a POST as well), whatever the HTTP verb.
    fake.inject(method, path, "403")
    with pytest.raises(AccessError) as caught:
        call(as_api(make_gateway()))
    assert f"enable '{capability} content'" in str(caught.value)


def test_400_keeps_notions_message_and_the_blueprint_path(fake: FakeNotion, make_gateway):
    fake.inject("POST", "pages", "400")
    with pytest.raises(NotionRejected) as caught:
        make_gateway().write(
            "POST", "pages", body=create_page_body("A"), blueprint_path="pages.home.title"
        )
    assert str(caught.value) == (
        "Notion rejected POST /v1/pages (400 validation_error): "
        "body failed validation: body.title is wrong\n"
        "  blueprint: pages.home.title\n"
        "  notion request id: req-400\n"
        "  fix: fix pages.home.title in the blueprint, then run the same command again"
    )


def test_block_limit_says_the_rerun_resumes(fake: FakeNotion, make_gateway):
    fake.inject("POST", "pages", "403-block-limit")
    with pytest.raises(WorkspaceLimitReached) as caught:
        make_gateway().write("POST", "pages", body=create_page_body("A"))
    assert caught.value.hint == (
        "upgrade the workspace or free blocks, then run the same command again: "
        "it resumes where it stopped"
    )


def test_each_retry_is_logged_at_info_counted_and_reported(
    fake: FakeNotion, make_gateway: GatewayFactory, caplog: pytest.LogCaptureFixture
):
    fake.inject("GET", "users/me", "529", retry_after="2")
    reported: list[str] = []
    gateway = make_gateway(on_retry=reported.append)
    with caplog.at_level(logging.INFO, logger="notion_setup.notion"):
        gateway.read("GET", "users/me")
    assert len(reported) == 1
    assert reported[0].startswith("retry 2/6 of GET /v1/users/me in 2.")
    assert reported[0].endswith(" s after 529 service_overload")
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.INFO] == reported
    assert gateway.stats.retries == 1
    assert gateway.stats.by_status == {529: 1, 200: 1}
    assert (gateway.stats.api_calls, gateway.stats.reads, gateway.stats.writes) == (2, 2, 0)


def test_client_noise_stays_out_of_info_logs(
    fake: FakeNotion, make_gateway: GatewayFactory, caplog: pytest.LogCaptureFixture
):
    fake.inject("GET", "users/me", "503")
    with caplog.at_level(logging.INFO):
        make_gateway().read("GET", "users/me")
    # notion-client's own request/failure lines are DEBUG; httpx's are the CLI's business; our
    # own request log has one line per HTTP exchange.
    names = [r.name for r in caplog.records if r.name != "httpx"]
    assert names == ["notion_setup.requests", "notion_setup.notion", "notion_setup.requests"]
    lines = [r.getMessage() for r in caplog.records if r.name == "notion_setup.requests"]
    assert lines == ["GET /v1/users/me -> 503", "GET /v1/users/me -> 200"]


def test_F35_one_429_is_honoured_not_punished_twice(fake: FakeNotion, make_gateway: GatewayFactory):
    fake.inject("GET", "users/me", "429", retry_after="1")
    gateway = make_gateway()
    gateway.read("GET", "users/me")
    assert gateway.pacer.rate_limited == 1
    assert gateway.pacer.budget == 180 and gateway.pacer.budget_drops == 0


def test_429s_in_a_row_lower_the_shared_budget(fake: FakeNotion, make_gateway: GatewayFactory):
    """Four 429s with no other answer between them: the budget itself is too high."""
    fake.inject("GET", "users/me", "429", count=4, retry_after="1")
    gateway = make_gateway()
    gateway.read("GET", "users/me")
    assert gateway.pacer.budget == 144 and gateway.pacer.budget_drops == 1


def test_an_answer_between_429s_breaks_the_streak(fake: FakeNotion, make_gateway):
    gateway = make_gateway()
    for _ in range(3):
        fake.inject("GET", "users/me", "429", count=3, retry_after="1")
        gateway.read("GET", "users/me")
    assert gateway.pacer.rate_limited == 9
    assert gateway.pacer.budget == 180


def test_a_request_out_of_its_attempts_goes_on_with_what_the_run_earned(
    fake: FakeNotion, make_gateway: GatewayFactory
):
    gateway = make_gateway(policy=RetryPolicy(max_attempts=3))
    for _ in range(10):  # 10 successes earn 2 retries (one per 5)
        gateway.read("GET", "users/me")
    fake.inject("GET", "users/me", "503", count=4)
    assert gateway.read("GET", "users/me") == {"object": "user", "id": "bot"}
    assert fake.count("GET", "users/me") == 10 + 5
    assert gateway.retry_budget.drawn == 2
    assert gateway.retry_budget.most_attempts == 5
    # The allowance is spent: the next request has its own three attempts and no more.
    fake.inject("GET", "users/me", "503", count=99)
    with pytest.raises(NotionUnavailable, match="after 3 attempts"):
        gateway.read("GET", "users/me")


def test_the_runs_allowance_never_stretches_a_request_past_its_extra_attempts(
    fake: FakeNotion, make_gateway: GatewayFactory
):
    policy = RetryPolicy(max_attempts=2, extra_attempts=3, successes_per_retry=1)
    gateway = make_gateway(policy=policy)
    for _ in range(20):
        gateway.read("GET", "users/me")
    fake.inject("GET", "users/me", "503", count=99)
    with pytest.raises(NotionUnavailable, match="after 5 attempts"):
        gateway.read("GET", "users/me")
    assert gateway.retry_budget.drawn == 3


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3", 3.0), ("1.5", 1.5), ("0", 0.0), ("-1", None), ("soon", None), ("", None)],
)
def test_parse_retry_after(value: str, expected: float | None):
    assert parse_retry_after(value) == expected


def test_parse_retry_after_http_date():
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now=lambda: 1445412480.0) == 30.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=lambda: 1445412490.0) == 0.0


def test_paginate_follows_cursors_100_at_a_time(fake: FakeNotion, make_gateway):
    fake.children["p"] = [{"object": "block", "id": str(i), "type": "divider"} for i in range(250)]
    gateway = make_gateway()
    ids = [b["id"] for b in gateway.paginate("GET", "blocks/p/children")]
    assert ids == [str(i) for i in range(250)]
    assert fake.count("GET", "blocks/p/children") == 3


def test_find_existing_reads_go_through_the_gateway(fake: FakeNotion, make_gateway):
    gateway = make_gateway()
    gateway.write("POST", "pages", body=create_page_body("A"), parent_id=ROOT)
    assert find_by_title(gateway, "A")() is not None
    assert gateway.stats.reads == 2


def test_french_user_gets_french_errors_and_retry_lines(fake: FakeNotion, make_gateway):
    fake.inject("GET", "users/me", "503")
    fake.inject("GET", "pages/", "404")
    reported: list[str] = []
    gateway = make_gateway(lang="fr", on_retry=reported.append)
    gateway.read("GET", "users/me")
    assert reported[0].startswith("nouvel essai 2/6 de GET /v1/users/me dans ")
    with pytest.raises(AccessError) as caught:
        gateway.read("GET", "pages/" + "b" * 32)
    assert str(caught.value) == (
        f"L'objet Notion {'a' * 32} est introuvable ou n'est pas partagé avec l'intégration "
        f"(GET /v1/pages/{'b' * 32} : 404 object_not_found)\n"
        "  notion request id: req-404\n"
        "  fix: ouvrez la page dans Notion, menu ••• -> Connexions -> ajoutez l'intégration "
        "(partager une page partage tout ce qu'elle contient)"
    )


def test_workspace_rate_limit_lowers_the_pacer_ceiling(make_gateway: GatewayFactory):
    def handler(request: httpx.Request) -> httpx.Response:
        if handler.calls == 0:  # type: ignore[attr-defined]
            handler.calls += 1  # type: ignore[attr-defined]
            return httpx.Response(
                429,
                headers={"retry-after": "90"},
                json={
                    "object": "error",
                    "status": 429,
                    "code": "rate_limited",
                    "message": "Workspace limit.",
                    "additional_data": {"rate_limit_reason": "public_api_space_request_rate_limit"},
                },
            )
        return httpx.Response(200, json={"object": "user"})

    handler.calls = 0  # type: ignore[attr-defined]
    gateway = make_gateway(transport=httpx.MockTransport(handler))
    gateway.read("GET", "users/me")
    assert gateway.pacer.ceiling == 144 and gateway.pacer.budget == 144


def test_delete_is_resent_after_an_ambiguous_failure(make_gateway: GatewayFactory):
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        if len(calls) == 1:
            raise httpx.ReadTimeout("timed out", request=request)
        return httpx.Response(200, json={"object": "block", "id": "b", "in_trash": True})

    gateway = make_gateway(transport=httpx.MockTransport(handler))
    assert gateway.write("DELETE", "blocks/b")["in_trash"] is True
    assert calls == ["DELETE", "DELETE"]


def test_a_delete_resent_after_an_ambiguous_failure_that_meets_404_is_done(
    make_gateway: GatewayFactory,
):
    """The first DELETE was applied but its answer was lost: the resend's 404 means done."""
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        if len(calls) == 1:
            raise httpx.RemoteProtocolError("server disconnected", request=request)
        return httpx.Response(
            404,
            json={"object": "error", "status": 404, "code": "object_not_found", "message": "x"},
        )

    gateway = make_gateway(transport=httpx.MockTransport(handler))
    assert gateway.write("DELETE", "views/v1") == {"object": "deleted", "id": "v1"}
    assert calls == ["DELETE", "DELETE"]


def test_a_delete_that_meets_404_at_once_is_an_error(fake: FakeNotion, make_gateway):
    fake.inject("DELETE", "views/", "404")
    with pytest.raises(AccessError):
        make_gateway().write("DELETE", "views/v1")
