"""Every request body the tool sends comes from a pure function of ``notion.payloads``."""

from __future__ import annotations

import pytest

from notion_setup.model import Workspace
from notion_setup.notion import payloads
from notion_setup.notion.payloads import Refs

DS = {"clients": "ds-clients", "tasks": "ds-tasks", "invoices": "ds-invoices"}


def refs(ws: Workspace, **data_source_ids: str) -> Refs:
    return Refs(data_source_ids or DS, payloads.property_names(ws))


def text(content: str) -> dict:
    return {"type": "text", "text": {"content": content}}


def test_parents_title_and_small_pieces() -> None:
    assert payloads.page_parent("p1") == {"type": "page_id", "page_id": "p1"}
    assert payloads.data_source_parent("d1") == {"type": "data_source_id", "data_source_id": "d1"}
    assert payloads.title_properties("Home") == {"title": {"title": [text("Home")]}}
    assert payloads.title_properties("") == {"title": {"title": []}}
    assert payloads.icon("🏠") == {"type": "emoji", "emoji": "🏠"}
    assert payloads.icon(None) is None
    assert payloads.template_id("t1") == {"type": "template_id", "template_id": "t1"}
    assert payloads.title_equals("Task", "Report") == {
        "property": "Task",
        "title": {"equals": "Report"},
    }
    assert payloads.at_end() == {"type": "end"}
    assert payloads.linked_database("p9") == {"parent": {"type": "page_id", "page_id": "p9"}}
    assert payloads.relation_value(["a", "b"]) == {"relation": [{"id": "a"}, {"id": "b"}]}


def test_property_names_are_computed_once_per_workspace(studio: Workspace) -> None:
    names = payloads.property_names(studio)
    assert names["tasks"]["state"] == "Status"
    assert names["invoices"]["client"] == "Client"
    assert set(names) == {"clients", "tasks", "invoices"}


def test_a_database_is_created_with_its_schema_and_the_synced_side_of_an_earlier_relation(
    studio: Workspace,
) -> None:
    clients = studio.database("clients")
    body = payloads.database_properties(
        clients, ("name", "active"), refs(studio), reverse=(("invoices", "invoices", "client"),)
    )
    assert body == {
        "Name": {"title": {}},
        "Active": {"checkbox": {}},
        # The reverse-relation body: declared from this side, Notion names the owner's side.
        "Invoices": {
            "relation": {
                "data_source_id": "ds-invoices",
                "type": "dual_property",
                "dual_property": {"synced_property_name": "Client"},
            }
        },
    }


def test_property_configs_of_each_kind(studio: Workspace) -> None:
    tasks, invoices, clients = (studio.database(k) for k in ("tasks", "invoices", "clients"))
    r = refs(studio)
    status = payloads.property_config(tasks.property("state"), tasks, r)
    assert status["status"]["options"][0] == {"name": "To do", "color": "gray", "group": "To-do"}
    assert payloads.property_config(tasks.property("client"), tasks, r) == {
        "relation": {
            "data_source_id": "ds-clients",
            "type": "single_property",
            "single_property": {},
        }
    }
    assert payloads.property_config(invoices.property("client"), invoices, r) == {
        "relation": {
            "data_source_id": "ds-clients",
            "type": "dual_property",
            "dual_property": {"synced_property_name": "Invoices"},
        }
    }
    assert payloads.property_config(clients.property("billed"), clients, r) == {
        "rollup": {
            "function": "sum",
            "relation_property_name": "Invoices",
            "rollup_property_name": "Amount",
        }
    }
    assert payloads.property_config(tasks.property("hours"), tasks, r) == {
        "number": {"format": "number"}
    }


def test_a_schema_update_keys_new_properties_by_name_and_existing_ones_by_id(
    studio: Workspace,
) -> None:
    tasks = studio.database("tasks")
    body = payloads.schema_update(
        tasks,
        refs(studio),
        adds=("hours",),
        renames=(("due", "p-due"),),
        retypes=(("start", "p-start"),),
        retargets=(("client", "p-client"),),
        removes=("p-old",),
        options=(("priority", "p-prio", ("High", "Someday", "Low")),),
    )
    assert body == {
        "Hours": {"number": {"format": "number"}},
        "p-due": {"name": "Due"},
        "p-start": {"name": "Start", "date": {}},
        "p-client": {
            "name": "Client",
            "relation": {
                "data_source_id": "ds-clients",
                "type": "single_property",
                "single_property": {},
            },
        },
        "p-old": None,
        # A hand-made option ("Someday") is sent by name only: Notion keeps it as it is.
        "p-prio": {
            "select": {
                "options": [
                    {"name": "High", "color": "red"},
                    {"name": "Someday"},
                    {"name": "Low", "color": "gray"},
                ]
            }
        },
    }


def test_row_properties_leave_out_read_only_values_and_relations_not_yet_possible(
    studio: Workspace,
) -> None:
    tasks = studio.database("tasks")
    kickoff = next(r for r in tasks.rows if r.key == "kickoff")
    without_target = payloads.row_properties(tasks, kickoff.values, row_ids={})
    assert "Client" not in without_target
    assert without_target["Task"] == {"title": [text("Kick-off call")]}
    assert without_target["Status"] == {"status": {"name": "To do"}}
    assert without_target["Hours"] == {"number": 10}
    assert without_target["Due"] == {"date": {"start": "2026-03-02"}}
    with_target = payloads.row_properties(
        tasks, kickoff.values, row_ids={"clients.acme": "page-acme"}
    )
    assert with_target["Client"] == {"relation": [{"id": "page-acme"}]}
    skipped = payloads.row_properties(
        tasks, kickoff.values, row_ids={"clients.acme": "page-acme"}, skip=("client",)
    )
    assert "Client" not in skipped


def test_page_values_of_each_type(studio: Workspace) -> None:
    clients = studio.database("clients")
    acme = next(r for r in clients.rows if r.key == "acme")
    body = payloads.row_properties(clients, acme.values, row_ids={})
    assert body == {
        "Name": {"title": [text("Acme")]},
        "Email": {"email": "contact@acme.test"},
        "Active": {"checkbox": True},
        "Tags": {"multi_select": [{"name": "VIP"}]},
        "Client since": {"date": {"start": "2026-02-02"}},
    }
    with pytest.raises(ValueError, match="rollup takes no value"):
        payloads.page_value(clients.property("billed"), 1)


def test_view_bodies_name_properties_by_id(studio: Workspace) -> None:
    tasks = studio.database("tasks")
    ids = {p.key: f"id-{p.key}" for p in tasks.properties}
    board = next(v for v in tasks.views if v.key == "board")
    body = payloads.view_body(board, tasks, ids=ids)
    assert body["name"] == "By status"
    assert body["configuration"]["group_by"] == {
        "type": "status",
        "property_id": "id-state",
        "sort": {"type": "manual"},
        "group_by": "group",
    }
    assert body["filter"] == {
        "and": [
            {"property": "id-priority", "select": {"equals": "High"}},
            {"property": "id-state", "status": {"does_not_equal": "Done"}},
        ]
    }
    table = next(v for v in tasks.views if v.key == "all")
    assert payloads.view_body(table, tasks, ids=ids)["sorts"] == [
        {"property": "id-due", "direction": "ascending"}
    ]


def test_the_registry_block_is_a_grey_toggle_holding_one_json_code_block() -> None:
    code = payloads.registry_code('{"a":1}', "Do not edit")
    assert code == {
        "rich_text": [text('{"a":1}')],
        "language": "json",
        "caption": [text("Do not edit")],
    }
    assert payloads.registry_toggle("⚙️ notion-setup", code) == {
        "object": "block",
        "type": "toggle",
        "toggle": {
            "rich_text": [text("⚙️ notion-setup")],
            "color": "gray",
            "children": [{"object": "block", "type": "code", "code": code}],
        },
    }


def test_a_synced_side_left_by_a_database_deleted_for_good_is_redeclared_towards_the_new_one(
    studio: Workspace,
) -> None:
    """Keyed by its id (views that show it keep it); the pair is named from the owner's side."""
    clients = studio.database("clients")
    body = payloads.schema_update(
        clients, refs(studio), repoints=(("invoices", "p-inv", "invoices", "client"),)
    )
    assert body == {
        "p-inv": {
            "name": "Invoices",
            "relation": {
                "data_source_id": "ds-invoices",
                "type": "dual_property",
                "dual_property": {"synced_property_name": "Client"},
            },
        }
    }
