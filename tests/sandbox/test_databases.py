"""Databases and data sources: creation, schemas, relations, rollups, formulas, status, updates."""

from __future__ import annotations

from typing import Any

import pytest

from notion_setup.sandbox import Sandbox
from tests.sandbox.helpers import api_error, make_db, text

MISSING_DS = "6b0b2f51-3f7e-4c55-9a55-0d4d3d3e6c11"
HINT = 'Make sure the relevant pages and databases are shared with your integration "Sandbox".'


def test_create_database_answers_its_data_source_and_no_view(sandbox: Sandbox, api: Any) -> None:
    db, ds_id = make_db(api, sandbox.root_page_id, "Clients", {"Client": {"title": {}}})
    assert db["object"] == "database"
    assert db["parent"] == {"type": "page_id", "page_id": sandbox.root_page_id}
    assert db["data_sources"] == [{"id": ds_id, "name": "Clients"}]
    assert db["is_inline"] is False and db["in_trash"] is False
    assert "views" not in db and "properties" not in db
    (block,) = api.blocks.children.list(sandbox.root_page_id)["results"]
    assert (block["id"], block["type"], block["child_database"]) == (
        db["id"],
        "child_database",
        {"title": "Clients"},
    )


def test_default_view_is_listed_by_database(sandbox: Sandbox, api: Any) -> None:
    db, ds_id = make_db(api, sandbox.root_page_id, "Clients", {})
    listed = api.views.list(database_id=db["id"])
    assert listed["object"] == "list" and listed["type"] == "view"
    (entry,) = listed["results"]
    assert set(entry) == {"object", "id"}
    view = api.views.retrieve(entry["id"])
    assert (view["name"], view["type"], view["data_source_id"]) == ("Default view", "table", ds_id)
    assert view["parent"] == {"type": "database_id", "database_id": db["id"]}


def test_name_title_is_added_when_none_is_declared(sandbox: Sandbox, api: Any) -> None:
    _, ds_id = make_db(api, sandbox.root_page_id, "Notes", {"Done": {"checkbox": {}}})
    props = api.data_sources.retrieve(ds_id)["properties"]
    assert list(props) == ["Name", "Done"]
    assert props["Name"] == {
        "id": "title",
        "name": "Name",
        "type": "title",
        "description": None,
        "title": {},
    }
    assert props["Done"]["type"] == "checkbox"
    assert 1 <= len(props["Done"]["id"]) <= 12 and props["Done"]["id"] != "title"


def test_top_level_properties_are_silently_ignored(sandbox: Sandbox, api: Any) -> None:
    db = api.request(
        path="databases",
        method="POST",
        body={
            "parent": {"page_id": sandbox.root_page_id},
            "title": text("X"),
            "properties": {"Amount": {"number": {}}},
        },
    )
    props = api.data_sources.retrieve(db["data_sources"][0]["id"])["properties"]
    assert list(props) == ["Name"]


def test_only_one_title_property(sandbox: Sandbox, api: Any) -> None:
    error = api_error(
        lambda: make_db(api, sandbox.root_page_id, "X", {"A": {"title": {}}, "B": {"title": {}}})
    )
    assert str(error) == (
        "body failed validation: body.initial_data_source.properties should hold only one title "
        "property, found 2 (A, B)."
    )


def test_property_config_shape_errors(sandbox: Sandbox, api: Any) -> None:
    root = sandbox.root_page_id
    error = api_error(lambda: make_db(api, root, "X", {"N": {"number": {"format": "euros"}}}))
    assert str(error).startswith(
        "body failed validation: body.initial_data_source.properties.N.number.format should be "
        "one of `number`, "
    )
    assert str(error).endswith(', instead was `"euros"`.')
    error = api_error(lambda: make_db(api, root, "X", {"N": {}}))
    assert str(error) == (
        "body failed validation: body.initial_data_source.properties.N.type should be defined, "
        "instead was `undefined`."
    )
    error = api_error(lambda: make_db(api, root, "X", {"N": {"type": "number", "select": {}}}))
    assert error.code == "validation_error"
    error = api_error(lambda: make_db(api, root, "X", {"N": {"rich_text": {}, "name": "M"}}))
    assert str(error) == (
        "body failed validation: body.initial_data_source.properties.N.name should be not "
        'present, instead was `"M"`.'
    )


def test_property_description_is_limited_to_280_characters(sandbox: Sandbox, api: Any) -> None:
    error = api_error(
        lambda: make_db(
            api, sandbox.root_page_id, "X", {"N": {"rich_text": {}, "description": "d" * 281}}
        )
    )
    assert str(error) == (
        "body failed validation: body.initial_data_source.properties.N.description.length should "
        "be ≤ `280`, instead was `281`."
    )
    _, ds_id = make_db(
        api, sandbox.root_page_id, "X", {"N": {"rich_text": {}, "description": "d" * 280}}
    )
    assert api.data_sources.retrieve(ds_id)["properties"]["N"]["description"] == "d" * 280


def test_button_settings_are_ignored_and_verification_refused(sandbox: Sandbox, api: Any) -> None:
    _, ds_id = make_db(api, sandbox.root_page_id, "X", {"Go": {"button": {}}})
    assert list(api.data_sources.retrieve(ds_id)["properties"]) == ["Name"]
    error = api_error(lambda: make_db(api, sandbox.root_page_id, "X", {"V": {"verification": {}}}))
    assert str(error) == (
        "body failed validation: body.initial_data_source.properties.V.verification cannot be "
        "created or changed through the API."
    )


def test_select_options_reject_commas_and_duplicates(sandbox: Sandbox, api: Any) -> None:
    error = api_error(
        lambda: make_db(
            api,
            sandbox.root_page_id,
            "X",
            {"Kind": {"select": {"options": [{"name": "Quote, draft"}]}}},
        )
    )
    assert str(error) == (
        "body failed validation: body.initial_data_source.properties.Kind.select.options[0].name "
        "should not contain commas, instead was `Quote, draft`."
    )
    error = api_error(
        lambda: make_db(
            api,
            sandbox.root_page_id,
            "X",
            {"Kind": {"select": {"options": [{"name": "A"}, {"name": "a"}]}}},
        )
    )
    assert str(error) == (
        "body failed validation: body.initial_data_source.properties.Kind.select.options[1].name "
        "`a` is a duplicate option name."
    )


def test_select_update_replaces_the_option_list(sandbox: Sandbox, api: Any) -> None:
    _, ds_id = make_db(
        api,
        sandbox.root_page_id,
        "X",
        {"Kind": {"select": {"options": [{"name": "A", "color": "red"}, {"name": "B"}]}}},
    )
    before = api.data_sources.retrieve(ds_id)["properties"]["Kind"]["select"]["options"]
    after = api.data_sources.update(
        ds_id,
        properties={
            "Kind": {"select": {"options": [{"name": "A"}, {"name": "C", "color": "blue"}]}}
        },
    )
    options = after["properties"]["Kind"]["select"]["options"]
    assert [(o["name"], o["color"]) for o in options] == [("A", "red"), ("C", "blue")]
    assert options[0]["id"] == before[0]["id"]
    error = api_error(
        lambda: api.data_sources.update(
            ds_id, properties={"Kind": {"select": {"options": [{"name": "A", "color": "green"}]}}}
        )
    )
    assert str(error) == (
        "body failed validation: body.properties.Kind.select.options[0].color of an existing "
        "option cannot be changed."
    )


def test_status_defaults_and_groups(sandbox: Sandbox, api: Any) -> None:
    _, ds_id = make_db(api, sandbox.root_page_id, "X", {"State": {"status": {}}})
    status = api.data_sources.retrieve(ds_id)["properties"]["State"]["status"]
    assert [(o["name"], o["color"]) for o in status["options"]] == [
        ("Not started", "default"),
        ("In progress", "blue"),
        ("Done", "green"),
    ]
    groups = {g["name"]: g["option_ids"] for g in status["groups"]}
    ids = {o["name"]: o["id"] for o in status["options"]}
    assert groups == {
        "To-do": [ids["Not started"]],
        "In progress": [ids["In progress"]],
        "Complete": [ids["Done"]],
    }


def test_status_custom_groups_use_notions_names_only(sandbox: Sandbox, api: Any) -> None:
    _, ds_id = make_db(
        api,
        sandbox.root_page_id,
        "X",
        {
            "State": {
                "status": {
                    "options": [
                        {"name": "Draft", "group": "To-do"},
                        {"name": "Sent", "group": "In progress"},
                        {"name": "Paid", "color": "green", "group": "Complete"},
                    ]
                }
            }
        },
    )
    status = api.data_sources.retrieve(ds_id)["properties"]["State"]["status"]
    assert [len(g["option_ids"]) for g in status["groups"]] == [1, 1, 1]
    error = api_error(
        lambda: make_db(
            api,
            sandbox.root_page_id,
            "X",
            {"State": {"status": {"options": [{"name": "Draft", "group": "to_do"}]}}},
        )
    )
    assert str(error) == (
        "body failed validation: body.initial_data_source.properties.State.status.options[0]."
        'group should be one of `To-do`, `In progress`, `Complete`, instead was `"to_do"`.'
    )
    # Update docs: options added to an existing status property go to To-do, even when the
    # request names another group.
    late = {"name": "Late", "group": "Complete"}
    updated = api.data_sources.update(
        ds_id, properties={"State": {"status": {"options": [{"name": "Draft"}, late]}}}
    )
    groups = {
        g["name"]: len(g["option_ids"]) for g in updated["properties"]["State"]["status"]["groups"]
    }
    assert groups == {"To-do": 2, "In progress": 0, "Complete": 0}


def test_two_way_relation_creates_the_synced_property(sandbox: Sandbox, api: Any) -> None:
    clients_db, clients = make_db(api, sandbox.root_page_id, "Clients", {})
    invoices_db, invoices = make_db(
        api,
        sandbox.root_page_id,
        "Invoices",
        {
            "Client": {
                "relation": {
                    "data_source_id": clients,
                    "type": "dual_property",
                    "dual_property": {"synced_property_name": "Invoices"},
                }
            },
            "Payer": {"relation": {"data_source_id": clients, "dual_property": {}}},
        },
    )
    props = api.data_sources.retrieve(invoices)["properties"]
    target = api.data_sources.retrieve(clients)["properties"]
    relation = props["Client"]["relation"]
    assert relation == {
        "database_id": clients_db["id"],
        "data_source_id": clients,
        "type": "dual_property",
        "dual_property": {
            "synced_property_id": target["Invoices"]["id"],
            "synced_property_name": "Invoices",
        },
    }
    assert target["Invoices"]["relation"]["dual_property"] == {
        "synced_property_id": props["Client"]["id"],
        "synced_property_name": "Client",
    }
    assert target["Invoices"]["relation"]["database_id"] == invoices_db["id"]
    assert "Related to Invoices (Payer)" in target


def test_one_way_relation_has_no_synced_property(sandbox: Sandbox, api: Any) -> None:
    _, clients = make_db(api, sandbox.root_page_id, "Clients", {})
    _, notes = make_db(
        api,
        sandbox.root_page_id,
        "Notes",
        {"Client": {"relation": {"data_source_id": clients, "single_property": {}}}},
    )
    rel = api.data_sources.retrieve(notes)["properties"]["Client"]["relation"]
    assert rel["type"] == "single_property" and rel["single_property"] == {}
    assert list(api.data_sources.retrieve(clients)["properties"]) == ["Name"]


def test_relation_requests_use_data_source_id_only(sandbox: Sandbox, api: Any) -> None:
    db, clients = make_db(api, sandbox.root_page_id, "Clients", {})
    error = api_error(
        lambda: make_db(
            api,
            sandbox.root_page_id,
            "X",
            {
                "C": {
                    "relation": {
                        "database_id": db["id"],
                        "data_source_id": clients,
                        "single_property": {},
                    }
                }
            },
        )
    )
    assert str(error).startswith(
        "body failed validation: body.initial_data_source.properties.C.relation.database_id "
        "should be not present"
    )


def test_relation_to_a_missing_or_trashed_target_is_404(sandbox: Sandbox, api: Any) -> None:
    error = api_error(
        lambda: make_db(
            api,
            sandbox.root_page_id,
            "X",
            {"C": {"relation": {"data_source_id": MISSING_DS, "single_property": {}}}},
        )
    )
    assert (error.status, str(error)) == (
        404,
        f"Could not find data_source with ID: {MISSING_DS}. {HINT}",
    )
    db, ds_id = make_db(api, sandbox.root_page_id, "Old", {})
    api.databases.update(db["id"], in_trash=True)
    error = api_error(
        lambda: make_db(
            api,
            sandbox.root_page_id,
            "X",
            {"C": {"relation": {"data_source_id": ds_id, "single_property": {}}}},
        )
    )
    assert error.status == 404


def test_self_relation_is_added_by_patch(sandbox: Sandbox, api: Any) -> None:
    _, tasks = make_db(api, sandbox.root_page_id, "Tasks", {})
    updated = api.data_sources.update(
        tasks,
        properties={
            "Parent": {
                "relation": {
                    "data_source_id": tasks,
                    "dual_property": {"synced_property_name": "Sub-tasks"},
                }
            }
        },
    )
    props = updated["properties"]
    assert props["Parent"]["relation"]["dual_property"]["synced_property_name"] == "Sub-tasks"
    assert (
        props["Sub-tasks"]["relation"]["dual_property"]["synced_property_id"]
        == props["Parent"]["id"]
    )


def test_rollup_must_name_existing_properties(sandbox: Sandbox, api: Any) -> None:
    _, clients = make_db(api, sandbox.root_page_id, "Clients", {"Amount": {"number": {}}})
    base = {"Client": {"relation": {"data_source_id": clients, "single_property": {}}}}
    error = api_error(
        lambda: make_db(
            api,
            sandbox.root_page_id,
            "X",
            {
                **base,
                "R": {
                    "rollup": {
                        "relation_property_name": "Nope",
                        "rollup_property_name": "Amount",
                        "function": "sum",
                    }
                },
            },
        )
    )
    assert str(error) == (
        "Rollup property R: relation property `Nope` does not exist in this data source or is "
        "not a relation."
    )
    error = api_error(
        lambda: make_db(
            api,
            sandbox.root_page_id,
            "X",
            {
                **base,
                "R": {
                    "rollup": {
                        "relation_property_name": "Client",
                        "rollup_property_name": "Nope",
                        "function": "sum",
                    }
                },
            },
        )
    )
    assert (
        str(error)
        == "Rollup property R: property `Nope` does not exist in the related data source."
    )
    error = api_error(
        lambda: make_db(
            api,
            sandbox.root_page_id,
            "X",
            {
                **base,
                "R": {
                    "rollup": {
                        "relation_property_name": "Client",
                        "rollup_property_name": "Amount",
                        "function": "total",
                    }
                },
            },
        )
    )
    assert str(error).startswith(
        "body failed validation: body.initial_data_source.properties.R."
        "rollup.function should be one of `count`"
    )
    _, ds_id = make_db(
        api,
        sandbox.root_page_id,
        "X",
        {
            **base,
            "R": {
                "rollup": {
                    "relation_property_name": "Client",
                    "rollup_property_name": "Amount",
                    "function": "sum",
                }
            },
        },
    )
    rollup = api.data_sources.retrieve(ds_id)["properties"]["R"]["rollup"]
    assert (
        rollup["relation_property_name"],
        rollup["rollup_property_name"],
        rollup["function"],
    ) == ("Client", "Amount", "sum")


def test_formula_references_are_checked_and_stored_by_id(sandbox: Sandbox, api: Any) -> None:
    error = api_error(
        lambda: make_db(
            api,
            sandbox.root_page_id,
            "X",
            {"Total": {"formula": {"expression": 'prop("Price") * 2'}}},
        )
    )
    assert str(error) == (
        'Formula of property Total references property "Price", which does not exist in this '
        "data source."
    )
    error = api_error(
        lambda: make_db(
            api,
            sandbox.root_page_id,
            "X",
            {"Price": {"number": {}}, "Total": {"formula": {"expression": 'prop("Price") * (2'}}},
        )
    )
    assert str(error) == (
        'Formula of property Total could not be parsed: `prop("Price") * (2` (check parentheses '
        "and quotes)."
    )
    _, ds_id = make_db(
        api,
        sandbox.root_page_id,
        "X",
        {"Price": {"number": {}}, "Total": {"formula": {"expression": 'prop("Price") * 2'}}},
    )
    props = api.data_sources.retrieve(ds_id)["properties"]
    token = (
        f"{{{{notion:block_property:{props['Price']['id']}:"
        f"00000000-0000-0000-0000-000000000000:{sandbox.bot_id}}}}}"
    )
    assert props["Total"]["formula"]["expression"] == f"{token} * 2"
    renamed = api.data_sources.update(ds_id, properties={"Price": {"name": "Unit price"}})
    assert renamed["properties"]["Total"]["formula"]["expression"] == f"{token} * 2"


def test_patch_renames_retypes_adds_and_removes(sandbox: Sandbox, api: Any) -> None:
    _, ds_id = make_db(
        api,
        sandbox.root_page_id,
        "X",
        {"Title": {"title": {}}, "Notes": {"rich_text": {}}, "Old": {"checkbox": {}}},
    )
    before = api.data_sources.retrieve(ds_id)["properties"]
    after = api.data_sources.update(
        ds_id,
        properties={
            "Notes": {"name": "Comments"},
            before["Old"]["id"]: None,
            "Amount": {"number": {"format": "euro"}},
            "Title": {"name": "Invoice"},
        },
    )["properties"]
    assert list(after) == ["Invoice", "Comments", "Amount"]
    assert after["Comments"]["id"] == before["Notes"]["id"]
    assert after["Amount"]["number"] == {"format": "euro"}
    retyped = api.data_sources.update(ds_id, properties={"Comments": {"url": {}}})["properties"]
    assert retyped["Comments"]["type"] == "url"


def test_title_cannot_be_removed_or_retyped(sandbox: Sandbox, api: Any) -> None:
    _, ds_id = make_db(api, sandbox.root_page_id, "X", {})
    error = api_error(lambda: api.data_sources.update(ds_id, properties={"Name": None}))
    assert str(error) == "Cannot delete the title property Name."
    error = api_error(
        lambda: api.data_sources.update(ds_id, properties={"title": {"rich_text": {}}})
    )
    assert str(error) == (
        "Cannot change the type of property Name from title to rich_text: the title property "
        "cannot be retyped or added."
    )
    error = api_error(lambda: api.data_sources.update(ds_id, properties={"Ghost": None}))
    assert str(error) == "Could not find property with name or id: Ghost"


def test_a_failed_schema_change_changes_nothing(sandbox: Sandbox, api: Any) -> None:
    _, ds_id = make_db(api, sandbox.root_page_id, "X", {"A": {"number": {}}})
    api_error(
        lambda: api.data_sources.update(
            ds_id, properties={"A": {"name": "B"}, "C": {"formula": {"expression": 'prop("Nope")'}}}
        )
    )
    assert list(api.data_sources.retrieve(ds_id)["properties"]) == ["Name", "A"]


def test_trashed_database_leaves_the_listing_but_can_be_retrieved(
    sandbox: Sandbox, api: Any
) -> None:
    db, ds_id = make_db(api, sandbox.root_page_id, "X", {})
    assert api.databases.update(db["id"], in_trash=True)["in_trash"] is True
    assert api.blocks.children.list(sandbox.root_page_id)["results"] == []
    assert api.databases.retrieve(db["id"])["in_trash"] is True
    error = api_error(lambda: api.data_sources.query(ds_id))
    assert error.status == 404


def test_database_update_and_inline_cover_rule(sandbox: Sandbox, api: Any) -> None:
    db, _ = make_db(api, sandbox.root_page_id, "X", {})
    updated = api.databases.update(db["id"], title=text("Y"), icon={"emoji": "🧾"})
    assert updated["title"][0]["plain_text"] == "Y"
    assert updated["icon"] == {"type": "emoji", "emoji": "🧾"}
    error = api_error(
        lambda: api.databases.update(
            db["id"],
            is_inline=True,
            cover={"type": "external", "external": {"url": "https://example.com/c.png"}},
        )
    )
    assert str(error) == "body failed validation: body.cover is not supported on inline databases."


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"Ghost": {"rich_text": []}}, "Ghost is not a property that exists."),
        (
            {"Amount": {"number": "12"}},
            "body failed validation: body.properties.Amount.number should be a number, "
            'instead was `"12"`.',
        ),
        (
            {"Kind": {"select": {"name": "a,b"}}},
            "body failed validation: body.properties.Kind.select.name should not contain commas, "
            "instead was `a,b`.",
        ),
        (
            {"State": {"status": {"name": "Shipped"}}},
            "body failed validation: body.properties.State.status.name `Shipped` is not an "
            "option of "
            "this status property; status options cannot be created by writing a page.",
        ),
        (
            {"Total": {"formula": {"string": "x"}}},
            "body failed validation: body.properties.Total is a formula property, whose "
            "value Notion "
            "computes; it cannot be set.",
        ),
        (
            {"Due": {"date": {"start": "tomorrow"}}},
            "body failed validation: body.properties.Due.date.start should be a valid ISO "
            "8601 date, "
            "instead was `tomorrow`.",
        ),
        (
            {"Amount": {"type": "rich_text", "number": 1}},
            "body failed validation: body.properties.Amount.type should be `number`, instead was "
            "`rich_text`.",
        ),
    ],
)
def test_row_values_are_validated_against_the_schema(
    sandbox: Sandbox, api: Any, value: dict[str, Any], message: str
) -> None:
    _, ds_id = make_db(
        api,
        sandbox.root_page_id,
        "X",
        {
            "Amount": {"number": {}},
            "Kind": {"select": {}},
            "State": {"status": {}},
            "Total": {"formula": {"expression": 'prop("Amount")'}},
            "Due": {"date": {}},
        },
    )
    error = api_error(lambda: api.pages.create(parent={"data_source_id": ds_id}, properties=value))
    assert (error.code, str(error)) == ("validation_error", message)


def test_rows_have_every_property_and_computed_values(sandbox: Sandbox, api: Any) -> None:
    clients_db, clients = make_db(
        api, sandbox.root_page_id, "Clients", {"Client": {"title": {}}, "Rate": {"number": {}}}
    )
    invoices_db, invoices = make_db(
        api,
        sandbox.root_page_id,
        "Invoices",
        {
            "Invoice": {"title": {}},
            "Hours": {"number": {}},
            "No": {"unique_id": {"prefix": "INV"}},
            "Client": {
                "relation": {
                    "data_source_id": clients,
                    "dual_property": {"synced_property_name": "Invoices"},
                }
            },
            "Rate": {
                "rollup": {
                    "relation_property_name": "Client",
                    "rollup_property_name": "Rate",
                    "function": "max",
                }
            },
            "Kind": {"select": {"options": [{"name": "Quote"}]}},
        },
    )
    acme = api.pages.create(
        parent={"data_source_id": clients},
        properties={"Client": {"title": text("Acme")}, "Rate": {"number": 45}},
    )
    first = api.pages.create(
        parent={"data_source_id": invoices},
        properties={
            "Invoice": {"title": text("F1")},
            "Client": {"relation": [{"id": acme["id"]}]},
            "Kind": {"select": {"name": "Invoice"}},
        },
    )
    second = api.pages.create(
        parent={"type": "data_source_id", "data_source_id": invoices},
        properties={"Invoice": {"title": text("F2")}},
    )
    assert first["parent"] == {
        "type": "data_source_id",
        "data_source_id": invoices,
        "database_id": invoices_db["id"],
    }
    props = first["properties"]
    assert list(props) == ["Invoice", "Hours", "No", "Client", "Rate", "Kind"]
    assert props["Hours"] == {"id": props["Hours"]["id"], "type": "number", "number": None}
    assert props["No"]["unique_id"] == {"prefix": "INV", "number": 1}
    assert second["properties"]["No"]["unique_id"]["number"] == 2
    assert props["Client"]["relation"] == [{"id": acme["id"]}]
    assert props["Rate"]["rollup"] == {"type": "number", "number": 45, "function": "max"}
    assert props["Kind"]["select"]["name"] == "Invoice"  # unknown select names become options
    options = api.data_sources.retrieve(invoices)["properties"]["Kind"]["select"]["options"]
    assert [o["name"] for o in options] == ["Quote", "Invoice"]
    synced = api.pages.retrieve(acme["id"])["properties"]["Invoices"]["relation"]
    assert synced == [{"id": first["id"]}]
    assert clients_db["id"] != invoices_db["id"]


def test_relation_values_must_be_rows_of_the_target(sandbox: Sandbox, api: Any) -> None:
    _, clients = make_db(api, sandbox.root_page_id, "Clients", {})
    _, notes = make_db(
        api,
        sandbox.root_page_id,
        "Notes",
        {"Client": {"relation": {"data_source_id": clients, "single_property": {}}}},
    )
    error = api_error(
        lambda: api.pages.create(
            parent={"data_source_id": notes},
            properties={"Client": {"relation": [{"id": sandbox.root_page_id}]}},
        )
    )
    assert str(error) == (
        f"body failed validation: body.properties.Client.relation[0].id `{sandbox.root_page_id}` "
        f"is not a page of the related data source {clients}."
    )
    many = [{"id": sandbox.root_page_id}] * 101
    error = api_error(
        lambda: api.pages.create(
            parent={"data_source_id": notes}, properties={"Client": {"relation": many}}
        )
    )
    assert str(error) == (
        "body failed validation: body.properties.Client.relation.length should be ≤ `100`, "
        "instead was `101`."
    )
