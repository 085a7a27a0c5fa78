"""The shipped av blueprint, end to end: a client built from 1.0.0 upgraded to 2.0.0 by the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from notion_setup.cli import cli
from notion_setup.connect import open_connection
from notion_setup.lifecycle.locate import client_roots, find_client
from notion_setup.notion.results import plain_text

REPO = Path(__file__).resolve().parents[2]
AV_1 = REPO / "blueprints" / "history" / "av-1.0.0.json"
CLIENT = "Zoé Martin"
RATE = ("--var", "hourly_rate=52")

#: What the 1.0.0 -> 2.0.0 migration of blueprints/av.json says, as the plan prints it (French
#: client; the migration lines name keys, which are the same in every language).
MIGRATION_LINES = [
    "  migration: property time_entries.rate -> time_entries.hourly_rate"
    " (same Notion object, values kept)",
    "  migration: property invoices.quantity removed (held back without --allow-destructive)",
    "  migration: property invoices.unit_price removed (held back without --allow-destructive)",
    "  migration: property invoices.amount removed (held back without --allow-destructive)",
    "  migration: property time_entries.invoiced removed (held back without --allow-destructive)",
    "  migration: option time_entries.work_type.inbox -> time_entries.work_type.email"
    " (same Notion object, values kept)",
]


def _registry(client: str) -> Any:
    with open_connection(sandbox=True) as conn:
        assert conn.default_parent is not None
        root = find_client(client_roots(conn.gateway, conn.default_parent), client)
        assert root is not None
        return root.registry


def _time_entries() -> dict[str, dict[str, Any]]:
    """The properties of the client's time entries, by title."""
    entry = _registry(CLIENT).get("db:time_entries")
    with open_connection(sandbox=True) as conn:
        out = {}
        for page in conn.gateway.paginate("POST", f"data_sources/{entry['ds']}/query", body={}):
            props = page["properties"]
            title = next(plain_text(v["title"]) for v in props.values() if v["type"] == "title")
            out[title] = props
        return out


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_client_of_av_1_0_0_upgrades_to_2_0_0_and_keeps_its_values(here: Path) -> None:
    runner = CliRunner()
    built = runner.invoke(
        cli,
        ["apply", str(AV_1), "--sandbox", "--client", CLIENT, "--lang", "fr", *RATE, "-q"],
    )
    assert built.exit_code == 0, built.output
    before = _registry(CLIENT)
    rate_id = before.id("prop:time_entries.rate")
    work_type_id = before.id("prop:time_entries.work_type")
    inbox_row = "Tri de la boîte de réception et réponses"
    old = _time_entries()[inbox_row]
    assert old["Taux horaire HT"]["number"] == 52
    assert old["Nature du travail"]["select"]["name"] == "E-mails"
    assert old["Taux horaire HT"]["id"] == rate_id

    plan = runner.invoke(cli, ["upgrade", "--sandbox", "--client", CLIENT, "--plan", "-q"])
    assert plan.exit_code == 3, plan.output  # changes pending
    lines = plan.stdout.splitlines()
    assert lines[0] == f"{CLIENT}: av 1.0.0 -> 2.0.0 (fr)"
    assert [line for line in lines if line.startswith("  migration:")] == MIGRATION_LINES

    done = runner.invoke(cli, ["upgrade", "--sandbox", "--client", CLIENT, "--yes", "-q"])
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith(f"{CLIENT}: upgraded to version 2.0.0 (")

    after = _registry(CLIENT)
    assert after.id("prop:time_entries.hourly_rate") == rate_id  # the same Notion property
    assert after.get("prop:time_entries.rate") is None
    assert after.id("prop:time_entries.work_type") == work_type_id
    assert "E-mails" in after.get("opts:time_entries.work_type")
    new = _time_entries()[inbox_row]
    assert new["Taux horaire HT"]["number"] == 52
    assert new["Taux horaire HT"]["id"] == rate_id
    assert new["Nature du travail"]["select"]["name"] == "E-mails"
    # Removed on purpose, so held back without --allow-destructive: its values are still there.
    assert "Facturé" in new

    again = runner.invoke(cli, ["upgrade", "--sandbox", "--client", CLIENT, "--yes", "--json"])
    assert again.exit_code == 0, again.output
    (result,) = [json.loads(line) for line in again.stdout.splitlines()]
    assert result["writes"] == 0, result

    listed = runner.invoke(cli, ["clients", "--sandbox", "--json", "-q"])
    assert listed.exit_code == 0, listed.output
    (row,) = [json.loads(line) for line in listed.stdout.splitlines()]
    assert (row["client"], row["blueprint"], row["version"], row["status"], row["pending"]) == (
        CLIENT,
        "av",
        "2.0.0",
        "up to date",
        0,
    )
