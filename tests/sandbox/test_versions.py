"""API version 2026-12-01 against 2026-03-11: each change of the upgrade guide, on both versions.

Each "do this first on 2026-03-11" request must behave the same on both versions; the old forms
keep working on 2026-03-11 and fail (or change) on 2026-12-01.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from notion_setup.sandbox import Sandbox
from notion_setup.sandbox.testing import FakeClock

OLD, NEW = "2026-03-11", "2026-12-01"
BOTH = pytest.mark.parametrize("version", [OLD, NEW])
BETA = "status-group-filters-2026-10-06"


class Api:
    """Raw requests to a sandbox (notion-client cannot send beta headers or 2026-12-01)."""

    def __init__(self, sb: Sandbox, version: str, beta: str | None = None) -> None:
        self.sb = sb
        self.version = version
        self.beta = beta

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {self.sb.token}", "Notion-Version": self.version}
        if self.beta:
            headers["Notion-Beta"] = self.beta
        raw = json.dumps(body).encode() if body is not None else b""
        outcome = self.sb.handle(method, path, headers, raw)
        return outcome.status, json.loads(outcome.body)

    def ok(self, method: str, path: str, body: Any = None) -> Any:
        status, answer = self.call(method, path, body)
        assert status == 200, answer
        return answer


@pytest.fixture
def sb() -> Any:
    box = Sandbox(rate_limit=0, clock=FakeClock())
    yield box
    box.close()


def tracker(api: Api, root: str) -> tuple[str, dict[str, str]]:
    """A data source with a status, a number and three rows; returns (ds id, row ids)."""
    db = api.ok(
        "POST",
        "/v1/databases",
        {
            "parent": {"page_id": root},
            "title": [{"text": {"content": "Tasks"}}],
            "initial_data_source": {
                "properties": {
                    "Name": {"title": {}},
                    "State": {"status": {}},
                    "Hours": {"number": {}},
                }
            },
        },
    )
    ds = db["data_sources"][0]["id"]
    rows = {}
    for name, state in (("Plan", "Not started"), ("Build", "In progress"), ("Ship", "Done")):
        page = api.ok(
            "POST",
            "/v1/pages",
            {
                "parent": {"data_source_id": ds},
                "properties": {
                    "Name": {"title": [{"text": {"content": name}}]},
                    "State": {"status": {"name": state}},
                    "Hours": {"number": 2},
                },
            },
        )
        rows[name] = page["id"]
    return ds, rows


def names(answer: Any) -> list[str]:
    return [r["properties"]["Name"]["title"][0]["plain_text"] for r in answer["results"]]


# -- 1. lists return only the title unless filter_properties names more ---------------------


@BOTH
def test_query_and_search_properties(sb: Sandbox, version: str) -> None:
    api = Api(sb, version)
    ds, _ = tracker(api, sb.root_page_id)
    plain = api.ok("POST", f"/v1/data_sources/{ds}/query", {})["results"][0]["properties"]
    found = api.ok("POST", "/v1/search", {"query": "Plan"})["results"][0]["properties"]
    if version == NEW:
        assert list(plain) == list(found) == ["Name"]
    else:
        assert sorted(plain) == sorted(found) == ["Hours", "Name", "State"]
    asked = api.ok(
        "POST", f"/v1/data_sources/{ds}/query?filter_properties=title&filter_properties=State", {}
    )
    assert sorted(asked["results"][0]["properties"]) == ["Name", "State"]


# -- 2. status equals stops matching groups; group operators behind the beta header ----------


@BOTH
def test_status_equals_a_group_name(sb: Sandbox, version: str) -> None:
    api = Api(sb, version)
    ds, _ = tracker(api, sb.root_page_id)
    flt = {"filter": {"property": "State", "status": {"equals": "Complete"}}}
    found = names(api.ok("POST", f"/v1/data_sources/{ds}/query", flt))
    assert found == ([] if version == NEW else ["Ship"])


@BOTH
def test_status_group_operator_needs_the_beta_header(sb: Sandbox, version: str) -> None:
    ds, _ = tracker(Api(sb, version), sb.root_page_id)
    flt = {"filter": {"property": "State", "status": {"group": {"does_not_equal": "Complete"}}}}
    status, answer = Api(sb, version).call("POST", f"/v1/data_sources/{ds}/query", flt)
    assert (status, answer["code"]) == (400, "validation_error")
    beta = Api(sb, version, beta=BETA)
    assert names(beta.ok("POST", f"/v1/data_sources/{ds}/query", flt)) == ["Plan", "Build"]
    flt["filter"]["status"] = {"group": {"equals": "Finished"}}
    status, answer = beta.call("POST", f"/v1/data_sources/{ds}/query", flt)
    assert status == 400 and "body.filter.status.group.equals" in answer["message"]


# -- 3. markdown v2 is the default; v1 fails on 2026-12-01 ------------------------------------


@BOTH
def test_markdown_versions(sb: Sandbox, version: str) -> None:
    api = Api(sb, version)
    page = api.ok(
        "POST",
        "/v1/pages",
        {
            "parent": {"page_id": sb.root_page_id},
            "markdown": "## Plan\n\nHello",
            "markdown_version": "v2",
        },
    )
    default = api.ok("GET", f"/v1/pages/{page['id']}/markdown")["markdown"]
    v2 = api.ok("GET", f"/v1/pages/{page['id']}/markdown?markdown_version=v2")["markdown"]
    assert v2 == "## Plan\n\nHello"
    status, answer = api.call("GET", f"/v1/pages/{page['id']}/markdown?markdown_version=v1")
    if version == NEW:
        assert default == v2
        assert (status, answer["code"]) == (400, "validation_error")
    else:
        assert default == "## Plan\nHello"  # enhanced markdown (v1), as recorded
        assert (status, answer["markdown"]) == (200, "## Plan\nHello")


@BOTH
def test_markdown_version_only_with_markdown(sb: Sandbox, version: str) -> None:
    status, answer = Api(sb, version).call(
        "POST",
        "/v1/pages",
        {"parent": {"page_id": sb.root_page_id}, "children": [], "markdown_version": "v2"},
    )
    assert (status, answer["message"]) == (
        400,
        "body failed validation: body.markdown_version should be not present unless "
        "body.markdown is given.",
    )


# -- 4. update_content replaces replace_content_range -----------------------------------------


def page_with(api: Api, root: str, markdown: str) -> str:
    body = {"parent": {"page_id": root}, "markdown": markdown, "markdown_version": "v2"}
    return str(api.ok("POST", "/v1/pages", body)["id"])


@BOTH
def test_update_content_and_replace_content_range(sb: Sandbox, version: str) -> None:
    api = Api(sb, version)
    page = page_with(api, sb.root_page_id, "Alpha one\n\nBeta two")
    edit = {
        "type": "update_content",
        "markdown_version": "v2",
        "update_content": {"content_updates": [{"old_str": "one", "new_str": "1"}]},
    }
    assert api.ok("PATCH", f"/v1/pages/{page}/markdown", edit)["markdown"] == "Alpha 1\n\nBeta two"
    old = {
        "type": "replace_content_range",
        "markdown_version": "v2",
        "replace_content_range": {"content": "Gamma", "content_range": "Beta...two"},
    }
    status, answer = api.call("PATCH", f"/v1/pages/{page}/markdown", old)
    if version == NEW:
        assert (status, answer["code"]) == (400, "validation_error")
        assert "update_content" in answer["message"]
    else:
        assert (status, answer["markdown"]) == (200, "Alpha 1\n\nGamma")


# -- 5. inserts anchored with position after_content ------------------------------------------


@BOTH
def test_anchored_insert(sb: Sandbox, version: str) -> None:
    api = Api(sb, version)
    page = page_with(api, sb.root_page_id, "First block\n\nSecond block")
    insert = {
        "type": "insert_content",
        "markdown_version": "v2",
        "insert_content": {
            "content": "Inserted",
            "position": {"type": "after_content", "anchor": "First"},
        },
    }
    answer = api.ok("PATCH", f"/v1/pages/{page}/markdown", insert)
    assert answer["markdown"] == "First block\n\nInserted\n\nSecond block"
    # ``after`` selecting inside a block: 2026-03-11 inserts after the match; 2026-12-01 wants
    # the start of one block.
    inside = {
        "type": "insert_content",
        "markdown_version": "v2",
        "insert_content": {"content": "Tail", "after": "cond block"},
    }
    status, answer = api.call("PATCH", f"/v1/pages/{page}/markdown", inside)
    if version == NEW:
        assert (status, answer["code"]) == (400, "validation_error")
    else:
        assert answer["markdown"].endswith("Second block\n\nTail")


# -- 6. a person's name may be null -----------------------------------------------------------


@BOTH
def test_a_member_without_a_name(version: str) -> None:
    with Sandbox(rate_limit=0, members=2) as box:
        users = Api(box, version).ok("GET", "/v1/users")["results"]
    assert [u["type"] for u in users] == ["person", "person", "bot"]
    assert users[0]["name"] == "Sandbox Member 1"
    assert users[1]["name"] == (None if version == NEW else "member2@sandbox.invalid")


# -- unknown versions ---------------------------------------------------------------------------


def test_an_unknown_version_is_refused(sb: Sandbox) -> None:
    status, answer = Api(sb, "2026-12-02").call("GET", "/v1/users/me")
    assert (status, answer["code"]) == (400, "validation_error")
    assert answer["message"].endswith("instead was `2026-12-02`.")
