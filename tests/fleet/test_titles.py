"""The three-way view of ``upgrade`` covers page titles and view names, each one a user changed by
hand reported (old blueprint | new | live) before the upgrade writes it.

A page title the blueprint did not rename stays as the user made it. A view's name belongs to the
blueprint like its filter and sorts: ``plan`` puts it back on every run (issue 12), so an upgrade
overwrites it too, and says so first.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from notion_setup.blueprint import Blueprint
from notion_setup.fleet.answering import resolve_with_answers
from notion_setup.fleet.report import upgrade_lines
from notion_setup.fleet.upgrade import apply_upgrade, plan_upgrade
from notion_setup.lifecycle.locate import client_roots, find_client
from notion_setup.notion.gateway import NotionGateway
from notion_setup.notion.results import plain_text
from notion_setup.provision import apply_workspace

from .conftest import thaw
from .test_fleet_upgrade import registry_of

CLIENT = "Acme"


@pytest.fixture
def renamed(v1: Blueprint) -> Blueprint:
    """Version 1.1.0 renames the Home page and the invoices' view."""
    document = thaw(v1.document)
    document["version"] = "1.1.0"
    document["pages"]["home"]["title"] = {"en": "Dashboard", "fr": "Tableau de bord"}
    invoices_view = document["databases"]["invoices"]["views"][0]
    invoices_view["name"] = {"en": "Every invoice", "fr": "Chaque facture"}
    return replace(v1, document=document)


def _build(gw: NotionGateway, parent: str, bp: Blueprint) -> None:
    resolved = resolve_with_answers(
        gw, parent, bp, given="fleetbp.json", client=CLIENT, lang="en", default_lang="en",
        variables={},
    )  # fmt: skip
    apply_workspace(gw, resolved.workspace, parent, answers=resolved.answers)


def _root(gw: NotionGateway, parent: str) -> Any:
    root = find_client(client_roots(gw, parent), CLIENT)
    assert root is not None
    return root


def _title(gw: NotionGateway, page_id: str) -> str:
    return plain_text(gw.read("GET", f"pages/{page_id}")["properties"]["title"]["title"])


def _rename_page(gw: NotionGateway, page_id: str, title: str) -> None:
    rich = [{"type": "text", "text": {"content": title}}]
    gw.write("PATCH", f"pages/{page_id}", body={"properties": {"title": {"title": rich}}})


def test_titles_changed_by_hand_are_reported_then_views_and_renamed_pages_are_overwritten(
    gw: NotionGateway, box: Any, v1: Blueprint, renamed: Blueprint
) -> None:
    parent = box.root_page_id
    _build(gw, parent, v1)
    reg = registry_of(gw, parent, CLIENT)
    home, root_id = reg.id("page:home"), _root(gw, parent).page_id
    invoices_view, tasks_view = reg.id("view:invoices.all"), reg.id("view:tasks.all")
    _rename_page(gw, home, "My home")  # the blueprint renames it too
    _rename_page(gw, root_id, "Our space")  # the blueprint keeps its title
    gw.write("PATCH", f"views/{invoices_view}", body={"name": "Bills"})
    gw.write("PATCH", f"views/{tasks_view}", body={"name": "My tasks"})

    up = plan_upgrade(gw, parent, _root(gw, parent), to=renamed)
    lines = upgrade_lines(up)
    start = lines.index(
        "  Changed by hand in what the blueprint owns (old blueprint | new | live):"
    )
    assert sorted(lines[start + 1 : start + 5]) == [
        "    page home: “Home” | “Dashboard” | “My home” (overwritten)",
        "    page root: “Acme workspace” | “Acme workspace” | “Our space” (kept)",
        "    view invoices.all: “All invoices” | “Every invoice” | “Bills” (overwritten)",
        "    view tasks.all: “All tasks” | “All tasks” | “My tasks” (overwritten)",
    ]
    assert "  rename: page home: “My home” -> “Dashboard”" in lines
    assert up.to_json()["renames"] == [
        {"kind": "page", "key": "home", "from": "My home", "to": "Dashboard"},
    ]
    assert up.plan is not None
    views_put_back = [(c.key, c.detail) for c in up.plan.changes if c.kind == "view"]
    assert views_put_back == [
        ("invoices.all", "in Invoices; named 'Bills' in Notion"),
        ("tasks.all", "in Tasks; named 'My tasks' in Notion"),
    ]
    assert not up.is_empty

    done = apply_upgrade(gw, parent, up)
    assert done.titles_renamed == 1  # the page; the plan wrote the two views
    assert _title(gw, home) == "Dashboard"
    assert gw.read("GET", f"views/{invoices_view}")["name"] == "Every invoice"
    assert _title(gw, root_id) == "Our space"  # the user's title, which version 1.1.0 keeps
    assert gw.read("GET", f"views/{tasks_view}")["name"] == "All tasks"
    again = plan_upgrade(gw, parent, _root(gw, parent), to=renamed)
    assert again.is_empty, upgrade_lines(again)
    assert [d.kind for d in again.drifts] == ["page"]  # the root, still the user's, still kept
