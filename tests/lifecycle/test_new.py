"""`notion-setup new`: one page in the right database from a blueprint or Notion template."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notion_setup.errors import UsageError
from notion_setup.lifecycle.new import (
    MONTHS,
    late_values,
    new_from_blueprint,
    new_from_notion_template,
    parse_sets,
    set_value,
)
from notion_setup.lifecycle.workspace import open_client_workspace
from notion_setup.notion.markdown import blocks_to_markdown
from notion_setup.notion.results import plain_text
from notion_setup.sandbox.testing import FakeClock

from .conftest import MINI, TODAY, World, run

JSON = dict[str, Any]


def _values(world: World, page_id: str) -> dict[str, Any]:
    """A page's properties as plain Python values, by name."""
    page = world.gateway.read("GET", f"pages/{page_id}")
    out: dict[str, Any] = {}
    for name, value in page["properties"].items():
        kind = value["type"]
        raw = value.get(kind)
        if kind in ("title", "rich_text"):
            out[name] = plain_text(raw)
        elif kind in ("select", "status"):
            out[name] = raw["name"] if raw else None
        elif kind == "date":
            out[name] = raw["start"] if raw else None
        elif kind == "relation":
            out[name] = [r["id"] for r in raw]
        elif kind in ("number", "checkbox", "email"):
            out[name] = raw
    return out


def _body(world: World, page_id: str) -> str:
    blocks = list(world.gateway.paginate("GET", f"blocks/{page_id}/children"))
    return blocks_to_markdown(blocks)


def test_a_blueprint_template_fills_title_values_dates_and_body(world: World) -> None:
    world.apply(MINI, "Acme")
    workspace, registry = open_client_workspace(
        world.gateway, world.top, "Acme", blueprint=MINI, today=TODAY
    )

    page = new_from_blueprint(world.gateway, workspace, registry, "monthly_invoice", today=TODAY)

    assert (page.title, page.database, page.source) == (
        "Invoice March 2026",
        "invoices",
        "blueprint",
    )
    values = _values(world, page.id)
    assert values["Invoice"] == "Invoice March 2026"
    assert values["State"] == "Draft"
    assert values["Due"] == "2026-04-30"  # +30d from today
    assert values["Amount"] == 100
    assert values["Client"] == [registry.id("row:clients.acme")]
    assert _body(world, page.id) == "Issued on 2026-03-31.\n\n- [ ] Send it\n"


def test_a_french_workspace_gets_french_names_and_month(world: World) -> None:
    world.apply(MINI, "Acme", lang="fr")
    workspace, registry = open_client_workspace(
        world.gateway, world.top, "Acme", blueprint=MINI, today=TODAY
    )

    page = new_from_blueprint(
        world.gateway,
        workspace,
        registry,
        "monthly_invoice",
        sets=[("Montant", "99,5")],
        today=TODAY,
    )

    assert page.title == "Facture mars 2026"
    values = _values(world, page.id)
    assert (values["Facture"], values["État"], values["Montant"]) == (
        "Facture mars 2026",
        "Brouillon",
        99.5,
    )


def test_set_overrides_by_key_or_name_and_relations_by_title(world: World) -> None:
    world.apply(MINI, "Acme")
    workspace, registry = open_client_workspace(
        world.gateway, world.top, "Acme", blueprint=MINI, today=TODAY
    )
    sets = parse_sets(["amount=12.5", "State=paid", "due=+1w", "client=Globex", "name=INV-7"])

    page = new_from_blueprint(
        world.gateway, workspace, registry, "monthly_invoice", sets=sets, today=TODAY
    )

    values = _values(world, page.id)
    assert page.title == "INV-7"
    assert (values["Invoice"], values["Amount"], values["State"], values["Due"]) == (
        "INV-7",
        12.5,
        "Paid",
        "2026-04-07",
    )
    assert values["Client"] == [registry.id("row:clients.globex")]


def test_properties_renamed_in_notion_are_still_found_by_id(world: World) -> None:
    world.apply(MINI, "Acme")
    workspace, registry = open_client_workspace(
        world.gateway, world.top, "Acme", blueprint=MINI, today=TODAY
    )
    ds = registry.get("db:invoices")["ds"]
    amount_id = registry.id("prop:invoices.amount")
    world.gateway.write(
        "PATCH", f"data_sources/{ds}", body={"properties": {amount_id: {"name": "Total HT"}}}
    )

    page = new_from_blueprint(
        world.gateway, workspace, registry, "monthly_invoice", sets=[("amount", "7")], today=TODAY
    )

    assert _values(world, page.id)["Total HT"] == 7


def test_cli_prints_the_page_and_its_values(world: World) -> None:
    world.apply(MINI, "Acme")

    result = run(
        "new",
        "monthly_invoice",
        "--sandbox",
        "--client",
        "Acme",
        "--blueprint",
        MINI,
        "--set",
        "amount=450",
    )

    assert result.exit_code == 0, result.stderr
    today = date.today()
    title = f"Invoice {MONTHS['en'][today.month - 1]} {today.year}"
    lines = result.stdout.splitlines()
    # On the in-process sandbox the page's link opens the view file written beside the state.
    view = Path(os.environ["NOTION_SETUP_SANDBOX_STATE"]).with_suffix(".html").resolve().as_uri()
    assert lines[0].startswith(f"Created “{title}” in Invoices: {view}#")
    assert lines[1:] == [
        "  State: Draft",
        f"  Due: {(today + timedelta(days=30)).isoformat()}",
        "  Amount: 450",
        "  Client: acme",
        f"  Invoice: {title}",
    ]


def test_cli_json(world: World) -> None:
    world.apply(MINI, "Acme")

    result = run(
        "new",
        "monthly_invoice",
        "--sandbox",
        "--client",
        "Acme",
        "--blueprint",
        MINI,
        "--json",
        "-q",
    )

    data = json.loads(result.stdout)
    assert (data["database"], data["source"], data["template"], data["template_applied"]) == (
        "invoices",
        "blueprint",
        "monthly_invoice",
        True,
    )
    assert world.reopen().gateway.read("GET", f"pages/{data['id']}")["id"] == data["id"]


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (
            "amount=lots",
            "error: --set amount=lots: Amount is a number property; 'lots' is not a number\n"
            "  fix: e.g. --set amount=450 or --set amount=12.5",
        ),
        (
            "state=Lost",
            "error: --set state=Lost: 'Lost' is not an option of State (Invoices)\n"
            "  fix: pick one of: Draft, Sent, Paid",
        ),
        (
            "total=3",
            "error: --set total=3: Total incl. VAT is a formula property; Notion computes it\n"
            "  fix: remove this --set",
        ),
        (
            "due=next week",
            "error: --set due=next week: Due is a date property; 'next week' is not a date\n"
            "  fix: e.g. --set due=2026-01-31, today, +30d, -1w or +1m",
        ),
        (
            "client=Nobody",
            "error: --set client=Nobody: no page 'Nobody' in the database Client points to\n"
            "  fix: give the exact title of a page of that database (or a starter row key); "
            "separate several with commas",
        ),
        (
            "colour=red",
            "error: --set colour=...: no property 'colour' in the Invoices database\n"
            "  fix: use a key or a name: name (Invoice), amount (Amount), total (Total incl. "
            "VAT), state (State), due (Due), client (Client), client_tier (Client tier), "
            "number (Number)",
        ),
        (
            "amount",
            "error: --set 'amount': expected PROPERTY=VALUE\n"
            '  fix: e.g. --set amount=450 --set "Due date=+30d"',
        ),
    ],
)
def test_bad_set_values_exit_2_before_writing(world: World, option: str, message: str) -> None:
    world.apply(MINI, "Acme")

    result = run(
        "new",
        "monthly_invoice",
        "--sandbox",
        "--client",
        "Acme",
        "--blueprint",
        MINI,
        "--set",
        option,
        "-q",
    )

    assert result.exit_code == 2
    assert result.stderr == message + "\n"
    assert result.stdout == ""
    after = world.reopen()
    _, registry = open_client_workspace(after.gateway, after.top, "Acme", blueprint=MINI)
    ds = registry.get("db:invoices")["ds"]
    assert len(list(after.gateway.paginate("POST", f"data_sources/{ds}/query", body={}))) == 1


def test_unknown_template_lists_the_templates(world: World) -> None:
    world.apply(MINI, "Acme")

    result = run("new", "invoice", "--sandbox", "--client", "Acme", "--blueprint", MINI, "-q")

    assert result.exit_code == 2
    assert result.stderr == (
        "error: no template 'invoice' in the mini blueprint\n  fix: templates: monthly_invoice\n"
    )


def test_unknown_client_names_the_clients_there(world: World) -> None:
    world.apply(MINI, "Acme")

    result = run("new", "monthly_invoice", "--sandbox", "--client", "Initech", "-q")

    assert result.exit_code == 2
    assert result.stderr == (
        f'error: no workspace of client "Initech" under page {world.top} (clients there: '
        '"Acme")\n'
        "  fix: check --client and --parent, or create it with `notion-setup apply BLUEPRINT "
        '--client "Initech"`\n'
    )


def test_a_blueprint_that_is_not_bundled_needs_blueprint(world: World) -> None:
    world.apply(MINI, "Acme")

    result = run("new", "monthly_invoice", "--sandbox", "--client", "Acme", "-q")

    assert result.exit_code == 2
    first, fix = result.stderr.splitlines()
    assert first.startswith("error: no bundled blueprint named 'mini' (bundled: ")
    assert first.endswith(") (the workspace was made from blueprint 'mini')")
    assert fix == "  fix: pass --blueprint with the path of the blueprint file it was made from"


def test_a_notion_template_is_applied_and_waited_for(world: World) -> None:
    world.apply(MINI, "Acme")
    workspace, registry = open_client_workspace(
        world.gateway, world.top, "Acme", blueprint=MINI, today=TODAY
    )
    ds = registry.get("db:invoices")["ds"]
    world.box.add_template(ds, "Quarterly invoice", markdown="## Lines\n\n- Hours\n- Expenses")
    clock = FakeClock()

    page = new_from_notion_template(
        world.gateway,
        workspace,
        registry,
        "invoices",
        "quarterly",
        sets=[("name", "Q1 2026"), ("amount", "900")],
        today=TODAY,
        sleep=clock.sleep,
        clock=clock,
    )

    assert (page.source, page.template, page.template_applied) == (
        "notion",
        "Quarterly invoice",
        True,
    )
    assert page.title == "Q1 2026"
    assert _body(world, page.id) == "## Lines\n\n- Hours\n- Expenses\n"
    assert _values(world, page.id)["Amount"] == 900


def test_a_notion_template_without_content_times_out_with_a_warning(world: World) -> None:
    world.apply(MINI, "Acme")
    workspace, registry = open_client_workspace(
        world.gateway, world.top, "Acme", blueprint=MINI, today=TODAY
    )
    world.box.add_template(registry.get("db:invoices")["ds"], "Blank")
    clock = FakeClock()

    page = new_from_notion_template(
        world.gateway,
        workspace,
        registry,
        "invoices",
        "Blank",
        timeout_s=10,
        sleep=clock.sleep,
        clock=clock,
    )

    assert page.template_applied is False
    assert sum(clock.sleeps) == pytest.approx(10)
    assert page.warnings == (
        "Notion had not applied the template after 10 s; the page exists and usually fills in "
        "within a minute (a template without content never shows any)",
    )


def test_cli_unknown_notion_template_lists_them(world: World) -> None:
    world.apply(MINI, "Acme")
    _, registry = open_client_workspace(
        world.gateway, world.top, "Acme", blueprint=MINI, today=TODAY
    )
    world.box.add_template(registry.get("db:invoices")["ds"], "Quarterly invoice")

    result = run(
        "new",
        "Invoices",
        "--sandbox",
        "--client",
        "Acme",
        "--blueprint",
        MINI,
        "--notion-template",
        "Yearly",
        "-q",
    )

    assert result.exit_code == 2
    assert result.stderr == (
        "error: no template matches 'Yearly' in the Invoices database (templates: "
        '"Quarterly invoice")\n'
        "  fix: database templates are made in the Notion app (New ▾ → + New template); "
        "give the exact name\n"
    )


def test_late_values_in_both_languages() -> None:
    assert late_values("en", date(2026, 8, 1)) == {
        "date": "2026-08-01",
        "month": "August 2026",
        "year": "2026",
    }
    assert late_values("fr", date(2026, 8, 1))["month"] == "août 2026"


@given(st.text(max_size=30))
def test_set_value_on_a_number_either_fits_or_says_why(raw: str) -> None:
    from notion_setup.model import Database, Property

    prop = Property(key="amount", name="Amount", type="number")
    db = Database(key="x", title="X", module="m", properties=(prop,), views=())
    try:
        payload = set_value(prop, raw, db, today=TODAY, find_rows=lambda p, t: [])
    except UsageError as error:
        assert error.message.startswith(f"--set amount={raw}: Amount is a number property")
    else:
        assert float(raw.replace(",", ".")) == payload["number"]
