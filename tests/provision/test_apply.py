"""apply against the sandbox: exact structure, idempotent re-runs, differences only."""

from __future__ import annotations

from dataclasses import replace

import pytest

from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.errors import DestructiveChangesRefused
from notion_setup.model import Property, View
from notion_setup.observe import find_root
from notion_setup.provision import apply_workspace

from .helpers import check_matches, registry_of


def test_first_apply_builds_exactly_the_blueprint(sandbox, gateway_for, small) -> None:
    gw = gateway_for(sandbox)
    report = apply_workspace(gw, small, sandbox.root_page_id)
    assert report.root_page_id
    found = find_root(gw, sandbox.root_page_id, small)
    assert found is not None and found[1] is not None
    check_matches(gw, report.root_page_id, small, found[1])
    assert report.created == report.plan.counts()["create"]
    assert report.retries == 0


def test_second_apply_makes_no_write(sandbox, gateway_for, small) -> None:
    apply_workspace(gateway_for(sandbox), small, sandbox.root_page_id)
    gw = gateway_for(sandbox)
    again = apply_workspace(gw, small, sandbox.root_page_id)
    assert again.plan.is_empty
    assert gw.stats.writes == 0
    assert again.created == again.updated == 0


def test_a_changed_blueprint_applies_only_its_difference(sandbox, gateway_for, small) -> None:
    apply_workspace(gateway_for(sandbox), small, sandbox.root_page_id)
    clients = small.database("clients")
    bigger = replace(
        clients,
        properties=(*clients.properties, Property("phone", "Phone", "phone_number")),
        views=(*clients.views, View("list", "Contact list", "list")),
    )
    changed = replace(small, databases=(bigger, small.database("invoices")))
    gw = gateway_for(sandbox)
    report = apply_workspace(gw, changed, sandbox.root_page_id)
    assert [(c.verb, c.kind, c.name) for c in report.plan.changes] == [
        ("create", "property", "Phone"),
        ("create", "view", "Contact list"),
    ]
    # one schema PATCH, a schema read for the view's property ids, one view create, registry save,
    # and the lease block appended before the first write and deleted at the end
    assert gw.stats.writes == 3 + 2
    assert apply_workspace(gateway_for(sandbox), changed, sandbox.root_page_id).plan.is_empty


def test_renamed_root_page_is_still_found_by_its_registry(sandbox, gateway_for, small) -> None:
    gw = gateway_for(sandbox)
    report = apply_workspace(gw, small, sandbox.root_page_id)
    gw.write(
        "PATCH",
        f"pages/{report.root_page_id}",
        body={"properties": {"title": {"title": [{"text": {"content": "Renamed by hand"}}]}}},
        idempotent=True,
    )
    again = apply_workspace(gateway_for(sandbox), small, sandbox.root_page_id)
    assert again.root_page_id == report.root_page_id
    assert again.plan.is_empty


def test_drift_deleted_view_and_renamed_property_are_repaired(sandbox, gateway_for, small) -> None:
    gw = gateway_for(sandbox)
    report = apply_workspace(gw, small, sandbox.root_page_id)
    registry = registry_of(gw, sandbox.root_page_id, small)
    ds = registry.get("db:invoices")["ds"]
    amount_id = registry.get("prop:invoices.amount")
    gw.write(
        "PATCH",
        f"data_sources/{ds}",
        body={"properties": {amount_id: {"name": "Montant"}}},
        idempotent=True,
    )
    gw.write("DELETE", f"views/{registry.get('view:invoices.board')}", idempotent=True)
    plan = apply_workspace(gateway_for(sandbox), small, sandbox.root_page_id, dry_run=True).plan
    assert sorted((c.verb, c.kind, c.name) for c in plan.changes) == [
        ("create", "view", "By state"),
        ("update", "property", "Amount"),
    ]
    apply_workspace(gateway_for(sandbox), small, sandbox.root_page_id)
    assert apply_workspace(
        gateway_for(sandbox), small, sandbox.root_page_id, dry_run=True
    ).plan.is_empty
    assert report.root_page_id


def test_a_rollup_over_the_synced_side_waits_for_its_owner(sandbox, gateway_for, small) -> None:
    # invoices is created first (a cycle: clients also points at invoices one way), so its
    # two-way relation to clients waits for a schema pass, and so does the rollup of clients
    # over the synced side, one pass later.
    clients = small.database("clients")
    cyclic = replace(
        clients,
        properties=(
            *clients.properties,
            Property("favorite", "Favourite invoice", "relation", relation_target="invoices"),
        ),
    )
    ws = replace(small, databases=(small.database("invoices"), cyclic))
    gw = gateway_for(sandbox)
    report = apply_workspace(gw, ws, sandbox.root_page_id)
    found = find_root(gw, sandbox.root_page_id, ws)
    assert found is not None
    check_matches(gw, report.root_page_id or "", ws, found[1])
    assert apply_workspace(gateway_for(sandbox), ws, sandbox.root_page_id).plan.is_empty


@pytest.mark.parametrize("blueprint", ["av", "obm"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_bundled_blueprints_produce_exactly_their_structure(
    blueprint, lang, sandbox, gateway_for
) -> None:
    ws = resolve(load_blueprint(blueprint), lang=lang, client="Atelier Lune")
    gw = gateway_for(sandbox)
    report = apply_workspace(gw, ws, sandbox.root_page_id)
    found = find_root(gw, sandbox.root_page_id, ws)
    assert found is not None and found[1] is not None
    check_matches(gw, found[0], ws, found[1])
    # every change ran: creates, plus the one update that replaces Notion's default view
    counts = report.plan.counts()
    assert report.created + report.updated == counts["create"] + counts["update"]
    second = gateway_for(sandbox)
    assert apply_workspace(second, ws, sandbox.root_page_id).plan.is_empty
    assert second.stats.writes == 0


def test_removals_wait_for_allow_destructive_and_a_confirmation(
    sandbox, gateway_for, small
) -> None:
    apply_workspace(gateway_for(sandbox), small, sandbox.root_page_id)
    clients = small.database("clients")
    slimmer = replace(
        clients,
        properties=tuple(p for p in clients.properties if p.key != "email"),
        views=(View("all", "All clients", "table", properties=("name",)),),
    )
    ws = replace(small, databases=(slimmer, small.database("invoices")))
    held = apply_workspace(gateway_for(sandbox), ws, sandbox.root_page_id, dry_run=True).plan
    # The view's columns follow the blueprint (not destructive); the removal waits.
    assert [(s.op, s.key) for s in held.steps] == [("update_view", "clients.all")]
    assert [(c.verb, c.name) for c in held.held_back] == [("remove", "Email")]
    with pytest.raises(DestructiveChangesRefused):
        apply_workspace(gateway_for(sandbox), ws, sandbox.root_page_id, allow_destructive=True)
    asked: list[list[str]] = []

    def confirm(changes):
        asked.append([c.name for c in changes])
        return True

    done = apply_workspace(
        gateway_for(sandbox), ws, sandbox.root_page_id, allow_destructive=True, confirm=confirm
    )
    assert asked == [["Email"]] and done.removed == 1
    gw = gateway_for(sandbox)
    ds = registry_of(gw, sandbox.root_page_id, ws).get("db:clients")["ds"]
    assert "Email" not in gw.read("GET", f"data_sources/{ds}")["properties"]
    assert apply_workspace(
        gateway_for(sandbox), ws, sandbox.root_page_id, dry_run=True
    ).plan.is_empty


def test_what_users_add_by_hand_is_listed_and_left_alone(sandbox, gateway_for, small) -> None:
    report = apply_workspace(gateway_for(sandbox), small, sandbox.root_page_id)
    gw = gateway_for(sandbox)
    registry = registry_of(gw, sandbox.root_page_id, small)
    db = registry.get("db:invoices")
    gw.write(
        "POST",
        "pages",
        body={
            "parent": {"type": "page_id", "page_id": report.root_page_id},
            "properties": {"title": {"title": [{"text": {"content": "My own notes"}}]}},
        },
    )
    gw.write(
        "POST",
        "views",
        body={"database_id": db["id"], "data_source_id": db["ds"], "name": "Mine", "type": "list"},
    )
    plan = apply_workspace(gateway_for(sandbox), small, sandbox.root_page_id, dry_run=True).plan
    assert plan.is_empty
    assert sorted((c.kind, c.name, c.detail) for c in plan.user_additions) == [
        ("page", "My own notes", "added by hand"),
        ("view", "Invoices", "1 view added by hand"),
    ]
