"""Templates, extra data sources, filter_properties, moving rows, search sort."""

from __future__ import annotations

from typing import Any

from notion_setup.sandbox import Sandbox
from tests.sandbox.helpers import api_error, make_db, text


def test_templates_are_listed_and_applied(sandbox: Sandbox, api: Any) -> None:
    _, ds_id = make_db(api, sandbox.root_page_id, "Invoices", {})
    assert api.data_sources.list_templates(ds_id) == {
        "templates": [],
        "has_more": False,
        "next_cursor": None,
    }
    error = api_error(
        lambda: api.pages.create(parent={"data_source_id": ds_id}, template={"type": "default"})
    )
    assert str(error) == "This data source has no default template."
    template_id = sandbox.add_template(
        ds_id, "Monthly invoice", is_default=True, markdown="- line one\n- line two"
    )
    sandbox.add_template(ds_id, "Quote")
    listed = api.data_sources.list_templates(ds_id, name="month")["templates"]
    assert listed == [{"id": template_id, "name": "Monthly invoice", "is_default": True}]
    page = api.pages.create(parent={"data_source_id": ds_id}, template={"type": "default"})
    assert page["properties"]["Name"]["title"] == []  # Notion answers a blank page
    blocks = api.blocks.children.list(page["id"])["results"]
    assert [b["bulleted_list_item"]["rich_text"][0]["plain_text"] for b in blocks] == [
        "line one",
        "line two",
    ]
    assert api.pages.retrieve(page["id"])["properties"]["Name"]["title"][0]["plain_text"] == (
        "Monthly invoice"
    )
    rows = api.data_sources.query(ds_id)["results"]
    assert [r["id"] for r in rows] == [page["id"]]  # templates are not rows
    error = api_error(
        lambda: api.pages.create(
            parent={"data_source_id": ds_id},
            template={"type": "default"},
            children=[{"paragraph": {"rich_text": text("x")}}],
        )
    )
    assert str(error) == (
        "body failed validation: body.children should be not present when a template is applied."
    )


def test_template_timezone_must_be_iana(sandbox: Sandbox, api: Any) -> None:
    _, ds_id = make_db(api, sandbox.root_page_id, "Invoices", {})
    error = api_error(
        lambda: api.pages.create(
            parent={"data_source_id": ds_id},
            template={"type": "default", "timezone": "Mars/Olympus"},
        )
    )
    assert str(error) == (
        "body failed validation: body.template.timezone should be an IANA time zone, instead "
        "was `Mars/Olympus`."
    )


def test_second_data_source_gets_its_own_default_view(sandbox: Sandbox, api: Any) -> None:
    db, _ = make_db(api, sandbox.root_page_id, "Projects", {})
    second = api.data_sources.create(
        parent={"type": "database_id", "database_id": db["id"]},
        title=text("Archive"),
        properties={"Year": {"number": {}}},
    )
    assert second["parent"] == {"type": "database_id", "database_id": db["id"]}
    assert list(second["properties"]) == ["Name", "Year"]
    names = [d["name"] for d in api.databases.retrieve(db["id"])["data_sources"]]
    assert names == ["Projects", "Archive"]
    assert len(api.views.list(database_id=db["id"])["results"]) == 2
    error = api_error(lambda: api.pages.create(parent={"database_id": db["id"]}))
    assert str(error) == f"Database {db['id']} has several data sources: use parent.data_source_id."


def test_filter_properties_limits_the_answer(sandbox: Sandbox, api: Any) -> None:
    _, ds_id = make_db(api, sandbox.root_page_id, "X", {"A": {"number": {}}, "B": {"number": {}}})
    page = api.pages.create(parent={"data_source_id": ds_id}, properties={"A": {"number": 1}})
    a_id = page["properties"]["A"]["id"]
    assert list(api.pages.retrieve(page["id"], filter_properties=[a_id])["properties"]) == ["A"]


def test_move_a_row_to_a_page_keeps_its_title(sandbox: Sandbox, api: Any) -> None:
    _, ds_id = make_db(api, sandbox.root_page_id, "X", {"A": {"number": {}}})
    row = api.pages.create(
        parent={"data_source_id": ds_id},
        properties={"Name": {"title": text("Row")}, "A": {"number": 1}},
    )
    moved = api.pages.move(row["id"], parent={"type": "page_id", "page_id": sandbox.root_page_id})
    assert moved["properties"]["title"]["title"][0]["plain_text"] == "Row"
    assert api.data_sources.query(ds_id)["results"] == []
    back = api.pages.move(row["id"], parent={"type": "data_source_id", "data_source_id": ds_id})
    assert back["properties"]["Name"]["title"][0]["plain_text"] == "Row"
    assert back["properties"]["A"]["number"] is None


def test_search_sort_by_last_edited_time(sandbox: Sandbox, api: Any) -> None:
    for title in ("One", "Two"):
        api.pages.create(
            parent={"page_id": sandbox.root_page_id}, properties={"title": {"title": text(title)}}
        )
    answer = api.search(
        filter={"property": "object", "value": "page"},
        sort={"timestamp": "last_edited_time", "direction": "ascending"},
    )
    titles = [r["properties"]["title"]["title"][0]["plain_text"] for r in answer["results"]]
    assert titles == ["Sandbox", "One", "Two"]
    error = api_error(lambda: api.search(sort={"timestamp": "created_time", "direction": "up"}))
    assert str(error) == (
        "body failed validation: body.sort.timestamp should be one of `last_edited_time`, "
        'instead was `"created_time"`.'
    )
