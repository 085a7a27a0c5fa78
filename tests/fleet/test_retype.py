"""A blueprint change that retypes a property keeps its values where Notion converts them, and the
upgrade plan says, per retype, whether they carry across (text -> select: yes, each text becomes
an option; number -> date: no, held back until --allow-destructive)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from notion_setup.blueprint import Blueprint
from notion_setup.fleet.report import upgrade_lines
from notion_setup.fleet.upgrade import apply_upgrade, plan_upgrade
from notion_setup.lifecycle.locate import client_roots, find_client
from notion_setup.notion.gateway import NotionGateway
from notion_setup.plan.schema_diff import retype_keeps_values
from notion_setup.sandbox.retype import CARRIED

from .conftest import thaw
from .test_fleet_upgrade import build_fleet, registry_of, rows

CLIENT = "Client 00"  # English, every module


@pytest.fixture
def retyped(v1: Blueprint) -> Blueprint:
    """Version 1.1.0: Clients' notes become a select, Tasks' hours a date."""
    document = thaw(v1.document)
    document["version"] = "1.1.0"
    document["databases"]["clients"]["properties"]["notes"]["type"] = "select"
    document["databases"]["clients"]["properties"]["notes"]["options"] = [
        {"key": "key", "name": {"en": "Key account", "fr": "Compte clé"}, "color": "red"}
    ]
    document["databases"]["tasks"]["properties"]["hours"]["type"] = "date"
    for row in document["databases"]["tasks"]["rows"]:
        row["values"].pop("hours", None)  # the example row's number is no date
    return replace(v1, document=document)


def _root(gw: NotionGateway, parent: str) -> Any:
    root = find_client(client_roots(gw, parent), CLIENT)
    assert root is not None
    return root


def _note(gw: NotionGateway, parent: str, text: str) -> None:
    """A user writes a note on the Acme row."""
    reg = registry_of(gw, parent, CLIENT)
    page = reg.get("row:clients.acme")
    prop = reg.id("prop:clients.notes")
    rich = [{"type": "text", "text": {"content": text}}]
    gw.write("PATCH", f"pages/{page}", body={"properties": {prop: {"rich_text": rich}}})


def test_the_tool_and_the_sandbox_agree_on_which_retypes_keep_values() -> None:
    types = {t for pair in CARRIED for t in pair} | {"number", "date", "checkbox", "people"}
    for old in types:
        for new in types - {old}:
            assert retype_keeps_values(old, new) == ((old, new) in CARRIED), (old, new)
    assert retype_keeps_values("rich_text", "select")
    assert not retype_keeps_values("number", "date")


def test_text_to_select_keeps_the_values_and_number_to_date_waits(
    gw: NotionGateway, box: Any, v1: Blueprint, retyped: Blueprint
) -> None:
    parent = box.root_page_id
    build_fleet(gw, parent, v1)
    _note(gw, parent, "Key account")
    up = plan_upgrade(gw, parent, _root(gw, parent), to=retyped)
    lines = upgrade_lines(up)
    assert lines[0] == "Client 00: fleetbp 1.0.0 -> 1.1.0 (en)"
    assert lines[1:3] == [
        "  type: property clients.notes text -> select: Notion carries its values across "
        "(each text becomes an option)",
        "  type: property tasks.hours number -> date: Notion cannot carry its values across, "
        "they would be lost (held back without --allow-destructive)",
    ]
    assert "  ~ update   property       Notes  (in Clients; text -> select, values kept)" in (lines)
    assert "    ! retype   property       Hours  (in Tasks; number -> date, values lost)" in lines
    assert up.to_json()["retypes"] == [
        {"property": "clients.notes", "from": "rich_text", "to": "select", "values_kept": True},
        {"property": "tasks.hours", "from": "number", "to": "date", "values_kept": False},
    ]
    apply_upgrade(gw, parent, up)
    acme = rows(gw, parent, CLIENT, "clients")["Acme"]
    assert acme["Notes"]["type"] == "select"
    assert (
        acme["Notes"]["select"]["name"] == "Key account"
    )  # the text became the blueprint's option
    kick_off = rows(gw, parent, CLIENT, "tasks")["Kick-off"]
    assert kick_off["Hours"]["number"] == 2
    again = plan_upgrade(gw, parent, _root(gw, parent), to=retyped)
    assert again.plan is not None and again.plan.changes == ()
    assert [c.verb for c in again.plan.held_back] == ["retype"]  # still waiting
    lossy = plan_upgrade(gw, parent, _root(gw, parent), to=retyped, allow_destructive=True)
    apply_upgrade(gw, parent, lossy, allow_destructive=True, confirm=lambda changes: True)
    kick_off = rows(gw, parent, CLIENT, "tasks")["Kick-off"]
    hours = kick_off["Hours"]
    assert hours == {"id": hours["id"], "type": "date", "date": None}  # the number is lost
    last = plan_upgrade(gw, parent, _root(gw, parent), to=retyped)
    assert last.is_empty


def test_each_text_becomes_an_option_of_its_own_when_the_blueprint_has_none(
    gw: NotionGateway, box: Any, v1: Blueprint, retyped: Blueprint
) -> None:
    parent = box.root_page_id
    build_fleet(gw, parent, v1)
    _note(gw, parent, "Pays late")
    up = plan_upgrade(gw, parent, _root(gw, parent), to=retyped)
    apply_upgrade(gw, parent, up)
    reg = registry_of(gw, parent, CLIENT)
    schema = gw.read("GET", f"data_sources/{reg.get('db:clients')['ds']}")
    notes = next(
        p for p in schema["properties"].values() if p["id"] == reg.id("prop:clients.notes")
    )
    assert [o["name"] for o in notes["select"]["options"]] == ["Key account", "Pays late"]
    acme = rows(gw, parent, CLIENT, "clients")["Acme"]
    assert acme["Notes"]["select"]["name"] == "Pays late"
