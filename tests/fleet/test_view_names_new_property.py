"""A blueprint that adds a property and shows it in an existing view (or filters on it) is
brought in by one run: the view is planned against the property the same run adds, then a second
run writes nothing."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from notion_setup.blueprint import Blueprint, resolve
from notion_setup.notion.gateway import NotionGateway
from notion_setup.provision import apply_workspace, plan_workspace

from .conftest import thaw


def test_a_view_showing_and_filtering_on_a_property_added_in_the_same_run_settles_in_one_run(
    gw: NotionGateway, box: Any, v1: Blueprint
) -> None:
    parent = box.root_page_id
    first = resolve(v1, lang="fr", client="Ada")
    assert apply_workspace(gw, first, parent).created > 0

    document = thaw(v1.document)
    tasks = document["databases"]["tasks"]
    tasks["properties"]["due"] = {"type": "date", "name": {"en": "Due", "fr": "Échéance"}}
    view = tasks["views"][0]
    view["properties"] = ["name", "due", "done"]
    view["filter"] = {"property": "due", "date": {"is_not_empty": True}}
    improved = resolve(replace(v1, document=document), lang="fr", client="Ada")

    _, plan = plan_workspace(gw, improved, parent)
    assert [(c.verb, c.kind, c.key) for c in plan.changes] == [
        ("create", "property", "tasks.due"),
        ("update", "view", "tasks.all"),
    ]
    apply_workspace(gw, improved, parent)
    before = gw.stats.writes  # the gateway's counts add up over the runs
    again = apply_workspace(gw, improved, parent)
    assert again.plan.is_empty, again.plan.changes
    assert gw.stats.writes == before
