"""Views: required configuration per type, property ids, linked views, update, delete."""

from __future__ import annotations

from typing import Any

import pytest

from notion_setup.sandbox import Sandbox
from tests.sandbox.helpers import api_error, make_db


@pytest.fixture
def board(sandbox: Sandbox, api: Any) -> dict[str, Any]:
    """A database with status, select, date and number properties; ids by name."""
    db, ds_id = make_db(
        api,
        sandbox.root_page_id,
        "Invoices",
        {
            "Invoice": {"title": {}},
            "State": {"status": {}},
            "Due": {"date": {}},
            "Kind": {"select": {"options": [{"name": "Quote"}]}},
            "Amount": {"number": {}},
        },
    )
    props = api.data_sources.retrieve(ds_id)["properties"]
    return {"db": db["id"], "ds": ds_id, **{name: p["id"] for name, p in props.items()}}


def create(api: Any, board: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    return api.views.create(database_id=board["db"], data_source_id=board["ds"], **kwargs)


def test_board_view_with_group_by(api: Any, board: dict[str, Any]) -> None:
    view = create(
        api,
        board,
        name="By state",
        type="board",
        configuration={
            "type": "board",
            "group_by": {
                "type": "status",
                "property_id": board["State"],
                "group_by": "group",
                "sort": {"type": "manual"},
            },
        },
    )
    assert view["object"] == "view"
    assert view["parent"] == {"type": "database_id", "database_id": board["db"]}
    assert view["configuration"]["group_by"]["property_id"] == board["State"]
    listed = [v["id"] for v in api.views.list(database_id=board["db"])["results"]]
    assert listed[-1] == view["id"] and len(listed) == 2
    again = api.views.retrieve(view["id"])
    assert again.pop("request_id") != view.pop("request_id")
    assert again == view


@pytest.mark.parametrize(
    ("view_type", "missing"),
    [
        ("board", "group_by"),
        ("calendar", "date_property_id"),
        ("timeline", "date_property_id"),
        ("chart", "chart_type"),
    ],
)
def test_required_configuration_per_type(
    api: Any, board: dict[str, Any], view_type: str, missing: str
) -> None:
    error = api_error(lambda: create(api, board, name="V", type=view_type))
    assert str(error) == (
        f"body failed validation: body.configuration.{missing} should be defined, instead was "
        "`undefined`."
    )
    error = api_error(
        lambda: create(api, board, name="V", type=view_type, configuration={"type": view_type})
    )
    assert str(error) == (
        f"body failed validation: body.configuration.{missing} should be defined, instead was "
        "`undefined`."
    )


def test_configuration_type_must_match(api: Any, board: dict[str, Any]) -> None:
    error = api_error(
        lambda: create(api, board, name="V", type="table", configuration={"type": "list"})
    )
    assert str(error) == (
        "body failed validation: body.configuration.type should be `table` (the view's type), "
        "instead was `list`."
    )


def test_property_references_are_ids(api: Any, board: dict[str, Any]) -> None:
    error = api_error(
        lambda: create(
            api,
            board,
            name="V",
            type="calendar",
            configuration={"type": "calendar", "date_property_id": "Due"},
        )
    )
    assert str(error) == (
        "body failed validation: body.configuration.date_property_id should be a property id, "
        "instead was the name `Due`."
    )
    error = api_error(
        lambda: create(
            api,
            board,
            name="V",
            type="calendar",
            configuration={"type": "calendar", "date_property_id": board["Amount"]},
        )
    )
    assert str(error) == (
        "body failed validation: body.configuration.date_property_id should name a property of "
        "type date or created_time or last_edited_time, instead named Amount (number)."
    )
    # Sorts, filters and quick filters name a property by name or id (views guide examples).
    by_name = create(
        api,
        board,
        name="By name",
        type="table",
        sorts=[{"property": "Due", "direction": "ascending"}],
        filter={"property": "State", "status": {"equals": "Done"}},
    )
    assert by_name["sorts"] == [{"property": "Due", "direction": "ascending"}]
    error = api_error(
        lambda: create(
            api,
            board,
            name="V",
            type="table",
            sorts=[{"property": "Nope", "direction": "ascending"}],
        )
    )
    assert str(error) == "Could not find property with name or id: Nope"
    view = create(
        api,
        board,
        name="V",
        type="calendar",
        configuration={"type": "calendar", "date_property_id": board["Due"]},
        sorts=[{"property": board["Due"], "direction": "ascending"}],
    )
    assert view["sorts"] == [{"property": board["Due"], "direction": "ascending"}]


def test_group_by_type_must_match_the_property(api: Any, board: dict[str, Any]) -> None:
    error = api_error(
        lambda: create(
            api,
            board,
            name="V",
            type="board",
            configuration={
                "type": "board",
                "group_by": {"type": "select", "property_id": board["State"]},
            },
        )
    )
    assert str(error) == (
        "body failed validation: body.configuration.group_by.type should be `status` for property "
        "State, instead was `select`."
    )


def test_view_filters_check_option_values(api: Any, board: dict[str, Any]) -> None:
    error = api_error(
        lambda: create(
            api,
            board,
            name="V",
            type="table",
            filter={"property": board["Kind"], "select": {"equals": "Invoice"}},
        )
    )
    assert str(error) == (
        "body failed validation: body.filter.select.equals `Invoice` is not an option of Kind "
        "(options: Quote)."
    )
    view = create(
        api,
        board,
        name="V",
        type="table",
        filter={"property": board["State"], "status": {"equals": "Complete"}},
    )  # group names are valid
    assert view["filter"]["status"] == {"equals": "Complete"}


def test_chart_view(api: Any, board: dict[str, Any]) -> None:
    view = create(
        api,
        board,
        name="Totals",
        type="chart",
        configuration={
            "type": "chart",
            "chart_type": "column",
            "x_axis": {"type": "status", "property_id": board["State"], "sort": {"type": "manual"}},
            "y_axis": {"aggregator": "sum", "property_id": board["Amount"]},
        },
    )
    assert view["configuration"]["chart_type"] == "column"
    # The SDK's request types (GroupByConfigRequest) require ``sort`` on every group-by.
    unsorted = {"type": "status", "property_id": board["State"]}
    error = api_error(
        lambda: create(
            api,
            board,
            name="T",
            type="chart",
            configuration={"type": "chart", "chart_type": "column", "x_axis": unsorted},
        )
    )
    assert str(error) == (
        "body failed validation: body.configuration.x_axis.sort should be defined, instead was "
        "`undefined`."
    )
    error = api_error(
        lambda: create(
            api, board, name="T", type="chart", configuration={"type": "chart", "chart_type": "pie"}
        )
    )
    assert str(error) == (
        "body failed validation: body.configuration.chart_type should be one of `column`, `bar`, "
        '`line`, `donut`, `number`, instead was `"pie"`.'
    )


def test_exactly_one_anchor(api: Any, board: dict[str, Any]) -> None:
    error = api_error(lambda: api.views.create(data_source_id=board["ds"], name="V", type="table"))
    assert str(error) == (
        "body failed validation: exactly one of body.database_id, body.view_id or "
        "body.create_database should be defined, instead got 0."
    )


def test_linked_view_on_a_page(sandbox: Sandbox, api: Any, board: dict[str, Any]) -> None:
    home = api.pages.create(parent={"page_id": sandbox.root_page_id}, properties={})
    view = api.views.create(
        data_source_id=board["ds"],
        name="Due soon",
        type="table",
        create_database={"parent": {"type": "page_id", "page_id": home["id"]}},
    )
    (block,) = api.blocks.children.list(home["id"])["results"]
    assert block["type"] == "child_database"
    assert block["child_database"] == {"title": "Invoices"}
    assert view["parent"] == {"type": "database_id", "database_id": block["id"]}
    by_ds = [v["id"] for v in api.views.list(data_source_id=board["ds"])["results"]]
    assert view["id"] in by_ds and len(by_ds) == 2


def test_update_merges_configuration(api: Any, board: dict[str, Any]) -> None:
    view = create(
        api,
        board,
        name="Cal",
        type="calendar",
        configuration={"type": "calendar", "date_property_id": board["Due"]},
    )
    updated = api.views.update(
        view["id"], name="Calendar", configuration={"type": "calendar", "show_weekends": False}
    )
    assert updated["name"] == "Calendar"
    assert updated["configuration"] == {
        "type": "calendar",
        "date_property_id": board["Due"],
        "show_weekends": False,
    }
    error = api_error(lambda: api.views.update(view["id"], configuration={"show_weekends": True}))
    assert str(error) == (
        "body failed validation: body.configuration.type should be defined, instead was "
        "`undefined`."
    )


def test_last_view_cannot_be_deleted(api: Any, board: dict[str, Any]) -> None:
    (default,) = api.views.list(database_id=board["db"])["results"]
    extra = create(api, board, name="Extra", type="list")
    deleted = api.views.delete(default["id"])
    assert deleted.pop("request_id")
    assert deleted == {
        "object": "view",
        "id": default["id"],
        "type": "table",
        "parent": {"type": "database_id", "database_id": board["db"]},
    }
    error = api_error(lambda: api.views.delete(extra["id"]))
    assert str(error) == f"Cannot delete the last view of database {board['db']}."
    assert api_error(lambda: api.views.retrieve(default["id"])).status == 404


def test_list_views_needs_an_id(api: Any) -> None:
    error = api_error(api.views.list)
    assert str(error) == (
        "query failed validation: one of query.database_id or query.data_source_id should be "
        "defined."
    )
