"""Data-source queries (filters, sorts, pagination, trash) and search (filters, index lag)."""

from __future__ import annotations

from typing import Any

import pytest

from notion_setup.sandbox import Sandbox
from notion_setup.sandbox.testing import FakeClock
from tests.sandbox.conftest import ClientFactory
from tests.sandbox.helpers import api_error, make_db, text


@pytest.fixture
def tasks(sandbox: Sandbox, api: Any) -> tuple[str, dict[str, str]]:
    """A task data source with five rows; returns its id and row ids by title."""
    _, ds_id = make_db(
        api,
        sandbox.root_page_id,
        "Tasks",
        {
            "Task": {"title": {}},
            "Hours": {"number": {}},
            "Done": {"checkbox": {}},
            "Kind": {"select": {"options": [{"name": "Admin"}, {"name": "Client"}]}},
            "State": {"status": {}},
            "Due": {"date": {}},
            "Notes": {"rich_text": {}},
        },
    )
    rows = [
        ("Invoice Acme", 2, True, "Admin", "Done", "2026-01-10"),
        ("Call Bob", 1, False, "Client", "In progress", "2026-01-05"),
        ("Plan week", 3, False, "Admin", "Not started", None),
        ("Email Acme", 0.5, True, "Client", "Done", "2026-02-01"),
        ("Archive", None, False, None, "Not started", "2025-12-31"),
    ]
    ids = {}
    for title, hours, done, kind, state, due in rows:
        props: dict[str, Any] = {
            "Task": {"title": text(title)},
            "Hours": {"number": hours},
            "Done": {"checkbox": done},
            "State": {"status": {"name": state}},
            "Due": {"date": {"start": due} if due else None},
        }
        if kind:
            props["Kind"] = {"select": {"name": kind}}
        ids[title] = api.pages.create(parent={"data_source_id": ds_id}, properties=props)["id"]
    return ds_id, ids


def titles(result: dict[str, Any]) -> list[str]:
    return [r["properties"]["Task"]["title"][0]["plain_text"] for r in result["results"]]


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        ({"property": "Task", "title": {"contains": "acme"}}, ["Invoice Acme", "Email Acme"]),
        ({"property": "Task", "title": {"equals": "Call Bob"}}, ["Call Bob"]),
        ({"property": "Kind", "select": {"equals": "Admin"}}, ["Invoice Acme", "Plan week"]),
        ({"property": "Kind", "select": {"is_empty": True}}, ["Archive"]),
        ({"property": "State", "status": {"equals": "Complete"}}, ["Invoice Acme", "Email Acme"]),
        (
            {"property": "State", "status": {"does_not_equal": "Not started"}},
            ["Invoice Acme", "Call Bob", "Email Acme"],
        ),
        ({"property": "Done", "checkbox": {"equals": True}}, ["Invoice Acme", "Email Acme"]),
        (
            {"property": "Hours", "number": {"greater_than_or_equal_to": 2}},
            ["Invoice Acme", "Plan week"],
        ),
        ({"property": "Due", "date": {"before": "2026-01-06"}}, ["Call Bob", "Archive"]),
        (
            {
                "and": [
                    {"property": "Done", "checkbox": {"equals": False}},
                    {
                        "or": [
                            {"property": "Hours", "number": {"less_than": 2}},
                            {"property": "Hours", "number": {"is_empty": True}},
                        ]
                    },
                ]
            },
            ["Call Bob", "Archive"],
        ),
    ],
)
def test_filters(
    api: Any, tasks: tuple[str, dict[str, str]], flt: Any, expected: list[str]
) -> None:
    assert titles(api.data_sources.query(tasks[0], filter=flt)) == expected


def test_filter_by_property_id(
    sandbox: Sandbox, api: Any, tasks: tuple[str, dict[str, str]]
) -> None:
    kind_id = api.data_sources.retrieve(tasks[0])["properties"]["Kind"]["id"]
    result = api.data_sources.query(
        tasks[0], filter={"property": kind_id, "select": {"equals": "Client"}}
    )
    assert titles(result) == ["Call Bob", "Email Acme"]


def test_filter_errors(api: Any, tasks: tuple[str, dict[str, str]]) -> None:
    ds_id = tasks[0]
    error = api_error(
        lambda: api.data_sources.query(
            ds_id, filter={"property": "Ghost", "title": {"equals": "x"}}
        )
    )
    assert str(error) == "Could not find property with name or id: Ghost"
    error = api_error(
        lambda: api.data_sources.query(
            ds_id, filter={"property": "State", "select": {"equals": "Done"}}
        )
    )
    assert str(error) == (
        "body failed validation: property State is a status property; filter it with `status`, "
        "not `select`."
    )
    error = api_error(
        lambda: api.data_sources.query(
            ds_id, filter={"property": "Hours", "number": {"equals": "2"}}
        )
    )
    assert str(error) == (
        'body failed validation: body.filter.number.equals should be a number, instead was `"2"`.'
    )
    deep = {"and": [{"or": [{"and": [{"property": "Done", "checkbox": {"equals": True}}]}]}]}
    error = api_error(lambda: api.data_sources.query(ds_id, filter=deep))
    assert str(error) == (
        "body failed validation: body.filter.and[0].or[0].and should be not present: compound "
        "filters nest at most 2 levels deep."
    )


def test_sorts(api: Any, tasks: tuple[str, dict[str, str]]) -> None:
    ds_id = tasks[0]
    by_hours = api.data_sources.query(
        ds_id, sorts=[{"property": "Hours", "direction": "descending"}]
    )
    assert titles(by_hours) == ["Plan week", "Invoice Acme", "Call Bob", "Email Acme", "Archive"]
    by_kind_then_title = api.data_sources.query(
        ds_id,
        sorts=[
            {"property": "Kind", "direction": "ascending"},
            {"property": "Task", "direction": "descending"},
        ],
    )
    assert titles(by_kind_then_title) == [
        "Plan week",
        "Invoice Acme",
        "Email Acme",
        "Call Bob",
        "Archive",
    ]


def test_query_paginates_and_excludes_trashed_rows(
    api: Any, tasks: tuple[str, dict[str, str]]
) -> None:
    ds_id, ids = tasks
    api.pages.update(ids["Call Bob"], in_trash=True)
    first = api.data_sources.query(ds_id, page_size=2)
    assert first["object"] == "list" and first["type"] == "page_or_data_source"
    assert titles(first) == ["Invoice Acme", "Plan week"]
    assert first["has_more"] is True
    rest = api.data_sources.query(ds_id, page_size=100, start_cursor=first["next_cursor"])
    assert titles(rest) == ["Email Acme", "Archive"]
    assert (rest["has_more"], rest["next_cursor"]) == (False, None)
    error = api_error(lambda: api.data_sources.query(ds_id, page_size=0))
    assert str(error) == "body failed validation: body.page_size should be ≥ `1`, instead was `0`."
    assert api.pages.retrieve(ids["Call Bob"])["in_trash"] is True


def test_query_takes_in_trash_in_2026(api: Any, tasks: tuple[str, dict[str, str]]) -> None:
    # ``in_trash`` is in Notion's OpenAPI query body; ``archived`` went with 2026-03-11.
    ds_id, ids = tasks
    api.pages.update(ids["Call Bob"], in_trash=True)
    assert titles(api.data_sources.query(ds_id, in_trash=True)) == ["Call Bob"]
    error = api_error(lambda: api.data_sources.query(ds_id, archived=True))
    assert (
        str(error)
        == "body failed validation: body.archived should be not present, instead was `true`."
    )


def test_search_by_title_and_object(sandbox: Sandbox, api: Any) -> None:
    make_db(api, sandbox.root_page_id, "Acme invoices", {})
    api.pages.create(
        parent={"page_id": sandbox.root_page_id}, properties={"title": {"title": text("Acme home")}}
    )
    api.pages.create(
        parent={"page_id": sandbox.root_page_id}, properties={"title": {"title": text("Other")}}
    )
    found = api.search(query="acme")
    assert sorted(r["object"] for r in found["results"]) == ["data_source", "page"]
    pages = api.search(query="acme", filter={"property": "object", "value": "page"})
    assert [r["properties"]["title"]["title"][0]["plain_text"] for r in pages["results"]] == [
        "Acme home"
    ]
    error = api_error(lambda: api.search(filter={"property": "object", "value": "database"}))
    assert str(error) == (
        "body failed validation: body.filter.value should be one of `page`, `data_source`, "
        'instead was `"database"`.'
    )


def test_search_lags_behind_writes(make_client: ClientFactory, fake_clock: FakeClock) -> None:
    sb = Sandbox(rate_limit=0, clock=fake_clock, search_lag_s=3.0)
    api = make_client(sb)
    api.pages.create(
        parent={"page_id": sb.root_page_id}, properties={"title": {"title": text("New")}}
    )
    assert api.search(query="New")["results"] == []
    fake_clock.advance(3.0)
    assert len(api.search(query="New")["results"]) == 1
