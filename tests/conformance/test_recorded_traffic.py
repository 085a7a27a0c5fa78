"""The sandbox answers the recorded requests of live Notion with the same status and shapes.

``expectations.json`` was derived from real exchanges (``derive.py``); each recording is replayed
in order on a fresh sandbox, and every answer must have the recorded status, the recorded key
paths (no more, no fewer) and the recorded format of each value (uuid, URL form, timestamp form,
null, list...), except where ``replay.TOLERATED`` says why the recorded workspace's content differs.
"""

from __future__ import annotations

import pytest

from notion_setup.sandbox import Sandbox
from tests.conformance.replay import (
    NOT_EMULATED,
    TOLERATED,
    Replayer,
    by_cassette,
    emulated,
    endpoint,
    load,
    template,
)

#: Recordings with at least one exchange the sandbox emulates, those exchanges only.
RECORDINGS = {
    name: replayable
    for name, entries in by_cassette().items()
    if (replayable := [e for e in entries if emulated(e)])
}

#: Every endpoint notion-setup calls (``notion_setup/notion/endpoints.py``), plus the users list
#: that tells a Free workspace's members (issue 11).
TOOL_ENDPOINTS = (
    "GET /v1/users/me",
    "GET /v1/users",
    "POST /v1/pages",
    "GET /v1/pages/{id}",
    "PATCH /v1/pages/{id}",
    "POST /v1/pages/{id}/move",
    "GET /v1/pages/{id}/markdown",
    "GET /v1/blocks/{id}",
    "PATCH /v1/blocks/{id}",
    "DELETE /v1/blocks/{id}",
    "GET /v1/blocks/{id}/children",
    "PATCH /v1/blocks/{id}/children",
    "POST /v1/databases",
    "GET /v1/databases/{id}",
    "PATCH /v1/databases/{id}",
    "POST /v1/data_sources",
    "GET /v1/data_sources/{id}",
    "PATCH /v1/data_sources/{id}",
    "POST /v1/data_sources/{id}/query",
    "GET /v1/data_sources/{id}/templates",
    "POST /v1/views",
    "GET /v1/views",
    "GET /v1/views/{id}",
    "PATCH /v1/views/{id}",
    "DELETE /v1/views/{id}",
    "POST /v1/search",
)


@pytest.mark.parametrize("cassette", sorted(RECORDINGS))
def test_recording_replays_with_recorded_statuses_and_shapes(cassette: str) -> None:
    with Sandbox(rate_limit=0) as sb:
        replayer = Replayer(sb)
        problems = [str(p) for entry in RECORDINGS[cassette] for p in replayer.run(entry)]
    assert problems == []


def test_the_recordings_cover_every_endpoint_the_tool_uses() -> None:
    replayed = {endpoint(e) for e in load() if emulated(e)}
    assert sorted(set(TOOL_ENDPOINTS) - replayed) == []


def test_most_recorded_exchanges_are_replayed() -> None:
    exchanges = load()
    replayed = [e for e in exchanges if emulated(e)]
    # 334 recorded; the rest are comments, file uploads, custom emojis, async tasks, view
    # queries, property items, users by id, and a mock host (docs/sandbox.md, "Not emulated").
    assert (len(exchanges), len(replayed)) == (334, 293)
    skipped = {template(e["path"]) for e in exchanges if not emulated(e)}
    assert skipped - set(NOT_EMULATED) <= {"/400", "/v1/pages/{id}/markdown"}


def test_each_tolerance_names_a_recorded_key_path() -> None:
    recorded = {(endpoint(e), key) for e in load() for key in e.get("shape", {})}
    for name, key in TOLERATED:
        assert any(n == name and k.startswith(key) for n, k in recorded), (name, key)
