"""Issue 13's done-when, on the in-process sandbox: 12 clients built from version 1 of a blueprint
(two languages, different modules and variables), three drifted by hand and one with a property
of its own, listed, planned, upgraded to version 2, and then clean."""

from __future__ import annotations

from typing import Any

from notion_setup.blueprint import Blueprint
from notion_setup.fleet.answering import resolve_with_answers
from notion_setup.fleet.clients import list_clients
from notion_setup.fleet.report import clients_table, upgrade_lines
from notion_setup.fleet.upgrade import apply_upgrade, plan_upgrade
from notion_setup.lifecycle.locate import client_roots, find_client
from notion_setup.notion.gateway import NotionGateway
from notion_setup.notion.results import plain_text
from notion_setup.provision import apply_workspace
from notion_setup.sandbox import Sandbox

#: (client, language, modules left out, variables)
FLEET = [
    (
        f"Client {i:02d}",
        "fr" if i % 2 else "en",
        ("billing",) if i % 4 == 3 else (),
        {"hourly_rate": str(40 + i)},
    )
    for i in range(12)
]
WITH_BILLING = [name for name, _, without, _ in FLEET if not without]


def build_fleet(gw: NotionGateway, parent: str, v1: Blueprint) -> None:
    for name, lang, without, variables in FLEET:
        resolved = resolve_with_answers(
            gw,
            parent,
            v1,
            given="fleetbp.json",
            client=name,
            lang=lang,
            default_lang="en",
            variables=variables,
            without=without,
        )
        apply_workspace(gw, resolved.workspace, parent, answers=resolved.answers)


def registry_of(gw: NotionGateway, parent: str, client: str) -> Any:
    root = find_client(client_roots(gw, parent), client)
    assert root is not None
    return root.registry


def schema(gw: NotionGateway, parent: str, client: str, db: str) -> dict[str, Any]:
    entry = registry_of(gw, parent, client).get(f"db:{db}")
    return dict(gw.read("GET", f"data_sources/{entry['ds']}"))


def rows(gw: NotionGateway, parent: str, client: str, db: str) -> dict[str, dict[str, Any]]:
    entry = registry_of(gw, parent, client).get(f"db:{db}")
    out = {}
    for page in gw.paginate("POST", f"data_sources/{entry['ds']}/query", body={}):
        props = page["properties"]
        title = next(plain_text(v["title"]) for v in props.values() if v["type"] == "title")
        out[title] = props
    return out


def drift_by_hand(gw: NotionGateway, parent: str) -> None:
    # Client 00: a user renamed the Invoices database.
    reg = registry_of(gw, parent, "Client 00")
    gw.write(
        "PATCH",
        f"data_sources/{reg.get('db:invoices')['ds']}",
        body={"title": [{"type": "text", "text": {"content": "Billing 2026"}}]},
    )
    # Client 01 (fr): a user renamed "Montant", the very property version 2 renames.
    reg = registry_of(gw, parent, "Client 01")
    ds = reg.get("db:invoices")["ds"]
    gw.write(
        "PATCH",
        f"data_sources/{ds}",
        body={"properties": {reg.id("prop:invoices.amount"): {"name": "Montant HT"}}},
    )
    # Client 02: a user renamed the Notes property of Clients.
    reg = registry_of(gw, parent, "Client 02")
    gw.write(
        "PATCH",
        f"data_sources/{reg.get('db:clients')['ds']}",
        body={"properties": {reg.id("prop:clients.notes"): {"name": "Comments"}}},
    )
    # Client 04: a property of the user's own, with a value, and a row of the user's own.
    reg = registry_of(gw, parent, "Client 04")
    ds = reg.get("db:invoices")["ds"]
    gw.write("PATCH", f"data_sources/{ds}", body={"properties": {"My notes": {"rich_text": {}}}})
    gw.write(
        "POST",
        "pages",
        body={
            "parent": {"type": "data_source_id", "data_source_id": ds},
            "properties": {
                "Invoice": {"title": [{"type": "text", "text": {"content": "Mine"}}]},
                "Amount": {"number": 99},
                "State": {"select": {"name": "Sent"}},
                "My notes": {"rich_text": [{"type": "text", "text": {"content": "keep me"}}]},
            },
        },
    )


def test_a_fleet_of_12_is_listed_planned_upgraded_and_then_clean(
    box: Sandbox, gw: NotionGateway, v1: Blueprint, v2: Blueprint
) -> None:
    parent = box.root_page_id
    build_fleet(gw, parent, v1)
    drift_by_hand(gw, parent)
    db_ids = {name: registry_of(gw, parent, name).id("db:tasks") for name, *_ in FLEET}

    listed = list(list_clients(gw, parent, to=v2))
    assert [c.client for c in listed] == [name for name, *_ in FLEET]
    for info, (name, lang, without, variables) in zip(listed, FLEET, strict=True):
        assert registry_of(gw, parent, name).answers.variables == variables
        assert (info.version, info.lang, info.blueprint, info.source) == (
            "1.0.0",
            lang,
            "fleetbp",
            "fleetbp.json",
        )
        assert info.modules == (("core",) if without else ("core", "billing"))
        assert info.status == "upgrade 1.0.0 -> 2.0.0" and info.pending
        assert info.applied_at and info.applied_at.endswith("Z")
    table = clients_table(listed)
    assert table[0].split() == [
        "CLIENT",
        "BLUEPRINT",
        "VERSION",
        "LANG",
        "MODULES",
        "LAST",
        "APPLY",
        "STATUS",
    ]
    assert table[-1] == "12 clients, 12 with changes pending, 0 skipped."

    roots = client_roots(gw, parent)
    plans = {r.registry.client: plan_upgrade(gw, parent, r, to=v2) for r in roots}
    for name, lang, without, _ in FLEET:
        up = plans[name]
        migration = [
            ("databases", "tasks", "todos"),
            ("properties", "invoices.amount", "invoices.total"),
            ("options", "invoices.state.sent", "invoices.state.issued"),
            ("views", "invoices.all", "invoices.everything"),
        ]
        assert up.migration_lines == migration
        changes = {(c.verb, c.kind, c.name) for c in up.plan.changes}  # type: ignore[union-attr]
        todo = "À faire" if lang == "fr" else "To-dos"
        assert ("update", "database", todo) in changes
        assert not [c for c in up.plan.changes if c.destructive]  # type: ignore[union-attr]
        if without:
            assert up.moves == ()
            continue
        total, issued, sent = (
            ("Total HT", "Émise", "Envoyée")
            if lang == "fr"
            else ("Total (excl. VAT)", "Issued", "Sent")
        )
        assert ("update", "property", total) in changes
        assert ("create", "property", "Échéance" if lang == "fr" else "Due") in changes
        assert [(m.old, m.new) for m in up.moves] == [(sent, issued)]
        # Nothing is re-created: the renamed database, property and view keep their objects.
        assert not {c for c in changes if c[0] == "create" and c[1] in ("database", "view")}
    assert [(d.kind, d.old, d.new, d.live) for d in plans["Client 01"].drifts] == [
        ("property", "Montant", "Total HT", "Montant HT")
    ]
    assert [(d.kind, d.live) for d in plans["Client 00"].drifts] == [("database", "Billing 2026")]
    assert [(d.kind, d.live, d.overwritten) for d in plans["Client 02"].drifts] == [
        ("property", "Comments", True)
    ]
    text = "\n".join(upgrade_lines(plans["Client 01"]))
    assert "Client 01: fleetbp 1.0.0 -> 2.0.0 (fr)" in text
    assert "migration: property invoices.amount -> invoices.total (same Notion object" in text
    assert "property invoices.total: “Montant” | “Total HT” | “Montant HT” (overwritten)" in text
    assert plans["Client 04"].plan.user_additions  # type: ignore[union-attr]

    for root in roots:
        result = apply_upgrade(gw, parent, plans[root.registry.client], reporter=None)
        assert result.writes > 0

    for name, lang, without, _ in FLEET:
        assert registry_of(gw, parent, name).id("db:todos") == db_ids[name]
        if without:
            continue
        total, issued, sent = (
            ("Total HT", "Émise", "Envoyée")
            if lang == "fr"
            else ("Total (excl. VAT)", "Issued", "Sent")
        )
        props = schema(gw, parent, name, "invoices")["properties"]
        assert total in props and "Amount" not in props and "Montant" not in props
        state = "État" if lang == "fr" else "State"
        assert [o["name"] for o in props[state]["select"]["options"]] == [
            "Brouillon" if lang == "fr" else "Draft",
            "Payée" if lang == "fr" else "Paid",
            issued,
        ]
        data = rows(gw, parent, name, "invoices")
        first = data["Facture 1" if lang == "fr" else "Invoice 1"]
        second = data["Facture 2" if lang == "fr" else "Invoice 2"]
        assert first[total]["number"] == 450 and second[total]["number"] == 120
        assert first[state]["select"]["name"] == issued
        assert second[state]["select"]["name"] == ("Brouillon" if lang == "fr" else "Draft")
    mine = rows(gw, parent, "Client 04", "invoices")["Mine"]
    assert mine["Total (excl. VAT)"]["number"] == 99
    assert mine["State"]["select"]["name"] == "Issued"
    assert plain_text(mine["My notes"]["rich_text"]) == "keep me"
    assert "My notes" in schema(gw, parent, "Client 04", "invoices")["properties"]

    writes_before = gw.stats.writes
    for root in client_roots(gw, parent):
        again = plan_upgrade(gw, parent, root, to=v2)
        assert again.is_empty, (root.registry.client, again.plan.changes)  # type: ignore[union-attr]
        assert apply_upgrade(gw, parent, again).writes == 0
    assert gw.stats.writes == writes_before

    after = list(list_clients(gw, parent, to=v2))
    assert [(c.version, c.status, c.pending) for c in after] == [("2.0.0", "up to date", 0)] * 12
