"""`notion-setup export`: a workspace back into a blueprint that rebuilds it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notion_setup.blueprint import load_blueprint
from notion_setup.blueprint.check_base import effective_properties
from notion_setup.lifecycle.export import Keys, export_workspace, slugify

from .conftest import MINI, World, run

JSON = dict[str, Any]


def _roundtrip(
    world: World, blueprint: str, tmp_path: Path, *, lang: str = "en"
) -> tuple[JSON, JSON]:
    """Apply, export, validate, apply the export elsewhere, export again."""
    first = world.apply(blueprint, "Acme", lang=lang)
    assert first.root_page_id is not None
    e1 = export_workspace(world.gateway, first.root_page_id).document
    path = tmp_path / "export.json"
    path.write_text(json.dumps(e1, ensure_ascii=False), encoding="utf-8")
    assert load_blueprint(path).id == e1["id"]
    elsewhere = world.page(world.top, "Elsewhere")
    second = world.apply(str(path), "Acme", parent=elsewhere, lang=lang)
    assert second.root_page_id is not None
    e2 = export_workspace(world.gateway, second.root_page_id).document
    return e1, e2


@pytest.mark.parametrize(("blueprint", "lang"), [("av", "en"), ("obm", "fr")])
def test_bundled_blueprints_survive_export_apply_export(
    world: World, tmp_path: Path, blueprint: str, lang: str
) -> None:
    e1, e2 = _roundtrip(world, blueprint, tmp_path, lang=lang)

    assert e1 == e2
    source = load_blueprint(blueprint).document
    assert len(e1["databases"]) == len(source["databases"])
    # Either side of a two-way relation may declare it: count both sides.
    assert _property_count(e1) == _property_count(source)
    # Notion makes a table view with each database; apply turns it into the blueprint's first
    # table view, or deletes it once the blueprint's views exist, so the views are exactly these.
    expected_views = sum(len(d.get("views", ())) for d in source["databases"].values())
    assert sum(len(d.get("views", ())) for d in e1["databases"].values()) == expected_views
    assert len(e1["templates"]) == len(source["templates"])


def _property_count(document: Any) -> int:
    return sum(len(props) for props in effective_properties(document).values())


def test_mini_keeps_relations_rollups_formulas_views_and_pages(
    world: World, tmp_path: Path
) -> None:
    e1, e2 = _roundtrip(world, MINI, tmp_path)

    assert e1 == e2
    invoices = e1["databases"]["invoices"]
    props = invoices["properties"]
    assert props["total_incl_vat"]["expression"] == 'prop("amount") * (1 + 20 / 100)'
    assert props["client_tier"] == {
        "type": "rollup",
        "name": {"en": "Client tier", "fr": "Client tier"},
        "relation": "client",
        "property": "tier",
        "function": "show_original",
    }
    # The rollup uses invoices.client, so that side declares the two-way relation.
    assert props["client"]["two_way"] == {
        "key": "invoices",
        "name": {"en": "Invoices", "fr": "Invoices"},
    }
    assert "invoices" not in e1["databases"]["clients"]["properties"]
    assert [o["group"] for o in props["state"]["options"]] == ["to_do", "in_progress", "complete"]
    assert props["amount"]["format"] == "euro"
    assert props["number"]["prefix"] == "INV"
    assert [v["type"] for v in invoices["views"]] == ["table", "board", "calendar", "chart"]
    assert invoices["views"][3]["chart"] == {
        "type": "column",
        "x_axis": "state",
        "aggregator": "sum",
        "property": "amount",
    }
    assert e1["databases"]["clients"]["views"][1]["filter"] == {
        "property": "tier",
        "select": {"equals": "gold"},
    }
    assert e1["pages"]["home"]["linked_views"] == [
        {
            "key": "unpaid",
            "database": "invoices",
            "view": {
                "key": "unpaid",
                "name": {"en": "Unpaid", "fr": "Unpaid"},
                "type": "table",
                "filter": {"property": "state", "status": {"equals": "sent"}},
            },
        }
    ]
    assert e1["pages"]["guide"]["parent"] == "home"
    assert e1["root"]["title"] == {
        "en": "{{client_name}} workspace",
        "fr": "{{client_name}} workspace",
    }
    assert e1["root"]["body"]["en"] == "Welcome, **{{client_name}}**.\n\n- one\n- two"
    # The template page shows no {{month}}, so the exported title has none either.
    assert e1["templates"]["monthly_invoice"]["title"]["en"] == "Invoice"
    assert e1["templates"]["monthly_invoice"]["body"]["en"] == (
        "Issued on {{date}}.\n\n- [ ] Send it"
    )
    rows = {r["key"]: r for r in e1["databases"]["invoices"]["rows"]}
    assert rows["first_invoice"]["values"] == {
        "invoice": {"en": "First invoice", "fr": "First invoice"},
        "amount": 450,
        "state": "sent",
        "due": "2026-02-01",
        "client": ["acme"],
    }


def test_what_cannot_be_exported_is_listed(world: World) -> None:
    report = world.apply(MINI, "Acme")
    assert report.root_page_id is not None
    root = report.root_page_id
    world.gateway.write(
        "PATCH",
        f"blocks/{root}/children",
        body={"children": [{"type": "bookmark", "bookmark": {"url": "https://example.com"}}]},
    )
    registry_ds = world.gateway.read("GET", f"databases/{_database_id(world, root, 'Invoices')}")[
        "data_sources"
    ][0]["id"]
    world.box.add_template(registry_ds, "Quarterly invoice")

    result = export_workspace(world.gateway, root)

    assert [str(n) for n in result.notes] == [
        "root: 1 bookmark block(s) not exported (no Markdown for them)",
        "databases.invoices: database template “Quarterly invoice” not exported: the API cannot "
        "create database templates (recreate it in the Notion app)",
        "templates: property values of templates live only in the blueprint; none exported",
    ]


def _database_id(world: World, page_id: str, title: str) -> str:
    from notion_setup.observe import list_children

    return next(c.id for c in list_children(world.gateway, page_id) if c.title == title)


def test_a_hand_made_workspace_exports_without_a_registry(world: World) -> None:
    page = world.page(world.top, "Studio {{notes}}")
    world.gateway.write(
        "POST",
        "databases",
        body={
            "parent": {"type": "page_id", "page_id": page},
            "title": [{"type": "text", "text": {"content": "Leads"}}],
            "initial_data_source": {
                "properties": {
                    "Lead": {"title": {}},
                    "Owner": {"people": {}},
                    "Score": {"number": {"format": "percent"}},
                }
            },
        },
    )

    result = export_workspace(world.gateway, page)

    doc = result.document
    assert doc["root"]["title"]["en"] == "Studio { {notes}}"
    assert set(doc["databases"]["leads"]["properties"]) == {"lead", "owner", "score"}
    assert "templates" not in doc
    assert [str(n) for n in result.notes] == [
        "root: “{{” written as “{ {” (a blueprint reads {{…}} as a variable)"
    ]


def test_cli_writes_the_file_and_lists_what_was_left_out(world: World, tmp_path: Path) -> None:
    report = world.apply(MINI, "Acme")
    out = tmp_path / "acme.json"

    result = run("export", str(report.root_page_id), "--sandbox", "--out", str(out), "-q")

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"Exported blueprint 'client_workspace' to {out}",
        "  2 databases, 12 properties, 6 views, 3 rows, 2 pages, 1 template",
        "Not exported (1):",
        "  templates: property values of templates live only in the blueprint; none exported",
    ]
    assert load_blueprint(out).id == "client_workspace"


def test_cli_without_out_prints_the_blueprint(world: World) -> None:
    report = world.apply(MINI, "Acme")
    link = f"https://www.notion.so/Acme-workspace-{str(report.root_page_id).replace('-', '')}"

    result = run("export", link, "--sandbox")

    assert result.exit_code == 0
    assert json.loads(result.stdout)["id"] == "client_workspace"
    assert result.stderr.splitlines()[-2:] == [
        "Not exported (1):",
        "  templates: property values of templates live only in the blueprint; none exported",
    ]


def test_cli_json_summary(world: World) -> None:
    report = world.apply(MINI, "Acme")

    result = run("export", str(report.root_page_id), "--sandbox", "--json", "--no-rows")

    data = json.loads(result.stdout)
    assert data["counts"]["rows"] == 0
    assert data["blueprint"]["id"] == "client_workspace"
    assert data["not_exported"][0]["where"] == "templates"


def test_cli_finds_the_workspace_of_a_client_under_the_parent(world: World, tmp_path: Path) -> None:
    world.apply(MINI, "Acme")
    out = tmp_path / "acme.json"

    result = run("export", "--sandbox", "--client", "Acme", "--out", str(out), "-q")

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"Exported blueprint 'client_workspace' to {out}"
    assert load_blueprint(out).id == "client_workspace"


def test_cli_names_the_clients_there_when_the_client_is_unknown(world: World) -> None:
    world.apply(MINI, "Acme")

    result = run("export", "--sandbox", "--client", "Zed")

    assert result.exit_code == 2
    assert result.stderr.startswith('error: no workspace of client "Zed" under page ')
    assert '(clients there: "Acme")' in result.stderr


@pytest.mark.parametrize("args", [(), ("1f2e3d4c5b6a79881f2e3d4c5b6a7988", "--client", "Acme")])
def test_cli_wants_a_page_id_or_a_client_not_both(args: tuple[str, ...]) -> None:
    result = run("export", *args, "--sandbox")

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: say what to export: a PAGE_ID, or --client NAME (not both)",
        '  fix: for example `notion-setup export --client "Acme" --parent PAGE_ID`',
    ]


def test_cli_rejects_what_is_not_a_page_id() -> None:
    result = run("export", "my-page", "--sandbox")

    assert result.exit_code == 2
    assert "Invalid value for '[PAGE_ID]': 'my-page' is not a Notion page id or link" in (
        result.stderr
    )


def test_cli_unshared_page_exits_4(world: World) -> None:
    private = world.box.add_unshared_page()

    result = run("export", private, "--sandbox", "-q")

    assert result.exit_code == 4
    assert result.stderr.startswith("error: ")


@given(st.text(max_size=80))
def test_slugs_are_valid_blueprint_keys(name: str) -> None:
    key = slugify(name, "page")
    assert re.fullmatch(r"[a-z][a-z0-9_]*", key)
    assert len(key) <= 64


@given(st.lists(st.text(max_size=12), max_size=30))
def test_keys_are_unique_within_a_scope(names: list[str]) -> None:
    keys = Keys()
    made = [keys.key(name, "row") for name in names]
    assert len(set(made)) == len(made)
