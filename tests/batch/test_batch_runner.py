"""run_batch: lanes per token, shared budgets and locks, isolation of failures, --fail-fast."""

from __future__ import annotations

import threading
import time
from datetime import date
from typing import Any

import pytest

from notion_setup.batch import ClientResult, ClientSpec, raise_for_outcome, run_batch
from notion_setup.connect import Connection
from notion_setup.errors import BatchFailed, Interrupted, TokenMissing
from notion_setup.sandbox import Sandbox

from .helpers import MINI, Fleet

TODAY = date(2026, 1, 5)


def specs(*tokens: str, parent: str | None = None) -> list[ClientSpec]:
    return [
        ClientSpec(f"Client {n}", str(MINI), parent, "en", token, index=n, where=f"clients[{n}]")
        for n, token in enumerate(tokens)
    ]


def collect(clients: list[ClientSpec], **options: Any) -> tuple[list[ClientResult], Any]:
    results: list[ClientResult] = []
    summary = run_batch(clients, on_result=results.append, today=TODAY, **options)
    return results, summary


class InFlight:
    """A sandbox ``sleep`` (latency) that records how many requests were in flight at once."""

    def __init__(self) -> None:
        self.now = 0
        self.most = 0
        self._lock = threading.Lock()

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.now += 1
            self.most = max(self.most, self.now)
        time.sleep(seconds)
        with self._lock:
            self.now -= 1


def test_clients_sharing_a_token_run_together_but_never_write_under_one_parent_at_once() -> None:
    tracker = InFlight()
    # 409 whenever two writes under one parent overlap; 5 ms per request makes overlaps real.
    fleet = Fleet(["SHARED"], latency_ms=5, sleep=tracker.sleep, conflict_on_overlap=True)
    results, summary = collect(specs(*["SHARED"] * 8), connect=fleet.connect, jobs=4)
    assert [r.status for r in results] == ["ok"] * 8
    assert tracker.most >= 2  # the clients did run at the same time
    assert 409 not in fleet.statuses()
    assert fleet.opened == 1  # one gateway (one pacer, one set of locks) for the token
    assert summary.api_calls == len(fleet.boxes["SHARED"].request_log)


def test_a_lane_whose_token_is_missing_fails_all_its_clients_once() -> None:
    fleet = Fleet(["GOOD"])
    calls: list[str] = []

    def connect(spec: ClientSpec) -> Connection:
        calls.append(spec.token_env)
        if spec.token_env == "UNSET":
            raise TokenMissing(f"no Notion token: ${spec.token_env} is not set", hint="export it")
        return fleet.connect(spec)

    results, summary = collect(specs("UNSET", "GOOD", "UNSET", "GOOD"), connect=connect, jobs=2)
    assert sorted(calls) == ["GOOD", "UNSET"]
    failed = {r.name: r.error for r in results if r.status == "failed"}
    assert set(failed) == {"Client 0", "Client 2"}
    for error in failed.values():
        assert error is not None and error.type == "TokenMissing" and error.exit_code == 2
        assert error.message == "no Notion token: $UNSET is not set\n  fix: export it"
    assert (summary.ok, summary.failed) == (2, 2)
    with pytest.raises(BatchFailed) as info:
        raise_for_outcome(summary)
    assert info.value.message == "2 of 4 client(s) failed (Client 0, Client 2)"


class Exploding:
    """A gateway with a bug: every read raises something that is not a NotionSetupError."""

    def read(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    def paginate(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    def close(self) -> None:
        pass


def test_an_unexpected_error_fails_only_its_client() -> None:
    fleet = Fleet(["GOOD"])

    def connect(spec: ClientSpec) -> Connection:
        if spec.token_env == "BUGGY":
            return Connection(Exploding(), "buggy", "parent")  # type: ignore[arg-type]
        return fleet.connect(spec)

    results, _ = collect(specs("BUGGY", "GOOD"), connect=connect, jobs=2)
    by_name = {r.name: r for r in results}
    assert by_name["Client 1"].status == "ok"
    error = by_name["Client 0"].error
    assert error is not None and error.type == "InternalError"
    assert error.message == "internal error: RuntimeError: boom"


def test_fail_fast_starts_no_other_client() -> None:
    fleet = Fleet(["T"])
    clients = specs("T", "T", "T")
    clients[0] = ClientSpec(
        "Client 0", str(MINI), "00000000-0000-0000-0000-0000deadbeef", "en", "T", index=0
    )
    results, summary = collect(clients, connect=fleet.connect, jobs=1, fail_fast=True)
    assert [(r.name, r.status) for r in results] == [
        ("Client 0", "failed"),
        ("Client 1", "skipped"),
        ("Client 2", "skipped"),
    ]
    skipped = results[1].error
    assert skipped is not None
    assert skipped.message == (
        "not started: --fail-fast stopped the batch after Client 0 failed; "
        "run the batch again to finish it"
    )
    assert not summary.stopped_by_signal
    with pytest.raises(BatchFailed):
        raise_for_outcome(summary)


class StopOnFirstWrite:
    """Delegates to a gateway and sets ``stop`` when the first write is sent (a SIGTERM)."""

    def __init__(self, gateway: Any, stop: threading.Event) -> None:
        self._gateway = gateway
        self._stop = stop

    @property
    def stats(self) -> Any:
        return self._gateway.stats

    @stats.setter
    def stats(self, value: Any) -> None:
        self._gateway.stats = value

    def __getattr__(self, name: str) -> Any:
        return getattr(self._gateway, name)

    def write(self, *args: Any, **kwargs: Any) -> Any:
        self._stop.set()
        return self._gateway.write(*args, **kwargs)


def test_sigterm_stops_running_clients_between_steps_and_skips_the_rest() -> None:
    fleet = Fleet(["T"])
    stop = threading.Event()

    def connect(spec: ClientSpec) -> Connection:
        connection = fleet.connect(spec)
        return Connection(
            StopOnFirstWrite(connection.gateway, stop),  # type: ignore[arg-type]
            "sandbox",
            connection.default_parent,
        )

    results, summary = collect(specs("T", "T"), connect=connect, jobs=1, stop=stop)
    assert [(r.status, r.error.type if r.error else None) for r in results] == [
        ("interrupted", "Interrupted"),
        ("skipped", "Skipped"),
    ]
    assert results[0].writes >= 1
    assert summary.stopped_by_signal
    with pytest.raises(Interrupted) as info:
        raise_for_outcome(summary)
    assert info.value.message == "batch stopped: 1 client(s) interrupted, 1 not started"
    # Resumable: the same batch, not stopped this time, finishes both.
    results, _ = collect(specs("T", "T"), connect=fleet.connect, jobs=1)
    assert [r.status for r in results] == ["ok", "ok"]


def test_open_connections_are_bounded_by_jobs_not_by_the_manifest() -> None:
    tokens = [f"T{n}" for n in range(12)]
    fleet = Fleet(tokens)
    results, _ = collect(specs(*tokens), connect=fleet.connect, jobs=2)
    assert [r.status for r in results] == ["ok"] * 12
    assert fleet.opened == 12 and fleet.most_open <= 2 and fleet.open_now == 0


def test_plan_lists_pending_changes_and_writes_nothing() -> None:
    fleet = Fleet(["T"])
    results, summary = collect(specs("T"), connect=fleet.connect, plan=True)
    (result,) = results
    assert result.status == "changes" and result.pending == len(result.changes) > 0
    assert {c["verb"] for c in result.changes} == {"create"}
    assert fleet.writes() == 0 and summary.changes == 1
    raise_for_outcome(summary)  # pending changes are not a failure

    collect(specs("T"), connect=fleet.connect)
    results, summary = collect(specs("T"), connect=fleet.connect, plan=True)
    assert [(r.status, r.pending, r.changes) for r in results] == [("ok", 0, ())]


def test_a_client_without_a_parent_fails_when_the_connection_has_no_default() -> None:
    fleet = Fleet(["T"])

    def connect(spec: ClientSpec) -> Connection:
        connection = fleet.connect(spec)
        return Connection(connection.gateway, "notion", None)

    results, _ = collect(specs("T"), connect=connect)
    error = results[0].error
    assert error is not None and error.message == (
        'Client 0: no parent page\n  fix: set "parent" for this client or in "defaults" of the '
        "manifest"
    )


def test_one_sandbox_is_one_workspace_whatever_the_token_names(tmp_path: Any) -> None:
    box = Sandbox(rate_limit=0)
    fleet = Fleet([])
    fleet.boxes = {"A": box, "B": box}
    results, _ = collect(
        specs("A", "B", "A"), connect=fleet.connect, lane_of=lambda spec: "sandbox", jobs=3
    )
    assert [r.status for r in results] == ["ok"] * 3 and fleet.opened == 1
