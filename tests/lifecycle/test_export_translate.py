"""The pure half of ``export``: snapshots shaped like recorded Notion responses into blueprints.

The raw objects below follow ``ramnes/notion-sdk-py``'s recorded cassettes (2025-09-03): extra
fields the tool does not read (``request_id``, ``is_archived``, ``url``), both timestamp forms,
``"sorts": null`` on an unsorted view and ``null`` where a list was expected.
"""

from __future__ import annotations

from typing import Any

from notion_setup.blueprint.checks import check_document
from notion_setup.blueprint.schema import validate_schema
from notion_setup.lifecycle.export import Snapshot, translate
from notion_setup.lifecycle.export.read import DatabaseRead, PageRead, PropertyRead, RowRead

DB = "2f1e4b9c7d8a4e0f9b3c6a5d4e3f2a1b"
DS = "3a2b1c0d9e8f4a7b8c6d5e4f3a2b1c0d"


def _text(content: str) -> list[dict[str, Any]]:
    return [{"type": "text", "text": {"content": content}, "plain_text": content, "href": None}]


def _paragraph(content: str) -> dict[str, Any]:
    return {
        "object": "block",
        "id": "b1",
        "type": "paragraph",
        "created_time": "2026-07-04T09:13:00.000Z",
        "has_children": False,
        "paragraph": {"rich_text": _text(content), "color": "default", "icon": None},
    }


STATUS: dict[str, Any] = {
    "id": "st%3A",
    "name": "Status",
    "type": "status",
    "status": {
        "options": [
            {"id": "o1", "name": "Not started", "color": "default", "description": None},
            {"id": "o2", "name": "Doing", "color": "blue", "description": None},
            {"id": "o3", "name": "Done", "color": "green", "description": None},
        ],
        "groups": [
            {"id": "g1", "name": "To-do", "color": "gray", "option_ids": ["o1"]},
            {"id": "g2", "name": "In progress", "color": "blue", "option_ids": ["o2"]},
            {"id": "g3", "name": "Complete", "color": "green", "option_ids": ["o3"]},
        ],
    },
}
TITLE: dict[str, Any] = {"id": "title", "name": "Name", "type": "title", "title": {}}
TAGS: dict[str, Any] = {
    "id": "tg%3B",
    "name": "Tags",
    "type": "multi_select",
    "multi_select": {"options": None},
}


def _database(**extra: Any) -> DatabaseRead:
    raw = {
        "object": "database",
        "id": DB,
        "url": f"https://app.notion.com/p/{DB}",
        "created_time": "2026-07-04T09:08:57.778+00:00",
        "icon": {"type": "emoji", "emoji": "✅"},
        "cover": None,
        "request_id": "0c5a8f0e-2b4e-4a51-9a1b-3f4c5d6e7f80",
    }
    view = {
        "object": "view",
        "id": "v1",
        "name": "By status",
        "type": "board",
        "url": f"https://app.notion.com/p/{DB}?v=0123",
        "created_time": "2026-07-04T09:08:57.778+00:00",
        "sorts": None,
        "filter": None,
        "configuration": {"group_by": {"property_id": "st%3A", "type": "status"}},
    }
    row = {
        "object": "page",
        "id": "r1",
        "is_archived": False,
        "in_trash": False,
        "url": "https://app.notion.com/p/Call-the-bank-r1",
        "properties": {
            "Name": {"id": "title", "type": "title", "title": _text("Call the bank")},
            "Status": {"id": "st%3A", "type": "status", "status": {"id": "o2", "name": "Doing"}},
            "Tags": {"id": "tg%3B", "type": "multi_select", "multi_select": []},
        },
    }
    fields: dict[str, Any] = {
        "ds_id": DS,
        "owner": DB,
        "properties": tuple(PropertyRead(p["id"], p["name"], p) for p in (TITLE, STATUS, TAGS)),
        "views": (view,),
        "rows": (RowRead(row, (_paragraph("Ask about the loan."),)),),
    }
    fields.update(extra)
    return DatabaseRead(DB, "Tasks", raw, "", False, 1, **fields)


def _snapshot(*children: Any, client: str | None = "Acme") -> Snapshot:
    raw = {"object": "page", "id": "p0", "icon": None, "cover": None, "is_archived": False}
    blocks = (_paragraph("Welcome, Acme."),)
    return Snapshot(PageRead("p0", "Acme HQ", raw, blocks, children), client, "en", 100, True)


def test_a_recorded_shaped_snapshot_translates_into_a_valid_blueprint() -> None:
    document, notes = translate(_snapshot(_database()))

    assert validate_schema(document) == [] and check_document(document) == []
    assert document["root"]["title"]["en"] == "{{client_name}} HQ"
    assert document["root"]["body"]["en"] == "Welcome, {{client_name}}."
    tasks = document["databases"]["tasks"]
    assert tasks["icon"] == "✅"
    assert [(o["key"], o.get("group")) for o in tasks["properties"]["status"]["options"]] == [
        ("not_started", "to_do"),
        ("doing", "in_progress"),
        ("done", "complete"),
    ]
    assert tasks["properties"]["tags"]["options"] == []  # null options read as none
    assert tasks["views"] == [
        {
            "key": "by_status",
            "name": {"en": "By status", "fr": "By status"},
            "type": "board",
            "group_by": "status",
        }
    ]
    assert tasks["rows"] == [
        {
            "key": "call_the_bank",
            "values": {"name": {"en": "Call the bank", "fr": "Call the bank"}, "status": "doing"},
            "body": {"en": "Ask about the loan.", "fr": "Ask about the loan."},
        }
    ]
    assert notes == []


def test_what_the_snapshot_holds_beyond_a_blueprint_becomes_notes() -> None:
    linked = DatabaseRead("ldb", "Tasks view", {}, "", False, 1, ds_id=DS, owner=DB)
    document, notes = translate(
        _snapshot(_database(rows_cut=True, template_names=("Weekly",)), linked)
    )

    assert [str(n) for n in notes] == [
        "databases.tasks: database template “Weekly” not exported: the API cannot create "
        "database templates (recreate it in the Notion app)",
        "root/Tasks view: linked view on the root page not exported",
        "databases.tasks.rows: only the first 100 rows exported (--max-rows)",
    ]
    assert list(document["databases"]) == ["tasks"]


def test_translation_sends_nothing_and_is_repeatable() -> None:
    snapshot = _snapshot(_database())

    assert translate(snapshot) == translate(snapshot)
