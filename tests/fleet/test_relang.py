"""``apply --relang`` renames in place what the blueprint owns, options included: a French client
relanged to English gets "Done" where it had "Terminé" (the same rows hold it, no option is left
beside it), its pages and views get their English titles, and a plan afterwards has nothing to
do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from notion_setup.blueprint import load_blueprint
from notion_setup.cli import cli
from notion_setup.connect import open_connection
from notion_setup.lifecycle.locate import client_roots, find_client
from notion_setup.notion.results import plain_text

CLIENT = "Zoé"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _tasks() -> tuple[Any, list[str], dict[str, tuple[str, str | None]]]:
    """The registry, the Status options of Tasks, and each task row: id -> (title, status)."""
    with open_connection(sandbox=True) as conn:
        assert conn.default_parent is not None
        root = find_client(client_roots(conn.gateway, conn.default_parent), CLIENT)
        assert root is not None
        reg = root.registry
        ds = reg.get("db:tasks")["ds"]
        status_id = reg.id("prop:tasks.state")
        schema = conn.gateway.read("GET", f"data_sources/{ds}")
        (status,) = [p for p in schema["properties"].values() if p["id"] == status_id]
        options = [o["name"] for o in status["status"]["options"]]
        rows = {}
        for page in conn.gateway.paginate("POST", f"data_sources/{ds}/query", body={}):
            props = page["properties"]
            title = next(plain_text(v["title"]) for v in props.values() if v["type"] == "title")
            value = next(v["status"] for v in props.values() if v["id"] == status_id)
            rows[page["id"]] = (title, value["name"] if value else None)
        return reg, options, rows


def _title(page_id: str) -> str:
    with open_connection(sandbox=True) as conn:
        page = conn.gateway.read("GET", f"pages/{page_id}")
        return plain_text(page["properties"]["title"]["title"])


def _view_name(view_id: str) -> str:
    with open_connection(sandbox=True) as conn:
        return str(conn.gateway.read("GET", f"views/{view_id}")["name"])


def test_relang_renames_options_pages_and_views_in_place(here: Path) -> None:
    runner = CliRunner()
    built = runner.invoke(
        cli, ["apply", "av", "--sandbox", "--client", CLIENT, "--lang", "fr", "-q"]
    )
    assert built.exit_code == 0, built.output
    _, french_options, before = _tasks()
    assert "Terminé" in french_options
    assert "Terminé" in {status for _, status in before.values()}
    document = load_blueprint("av").document
    english = {
        o["name"]["fr"]: o["name"]["en"]
        for o in document["databases"]["tasks"]["properties"]["state"]["options"]
    }

    done = runner.invoke(
        cli, ["apply", "av", "--sandbox", "--client", CLIENT, "--lang", "en", "--relang", "--yes"]
    )
    assert done.exit_code == 0, done.output
    assert (
        "warning: Tasks › Status: Notion puts new status options in To-do; move them to their "
        "group by hand: “In progress” to In progress, “Waiting for client approval” to In "
        "progress, “Waiting for a reply” to In progress, “Done” to Complete"
    ) in done.stderr.splitlines()

    reg, options, after = _tasks()
    assert options == [english[name] for name in french_options]  # no French option beside
    assert after == {
        page_id: (title, english[status] if status else None)
        for page_id, (title, status) in before.items()
    }  # the same rows, each holding its option under its English name
    assert _title(reg.id("page:home")) == "Dashboard"
    assert _view_name(reg.id("view:tasks.all")) == "All tasks"
    assert _title(reg.id("tpl:new_invoice")) == "New invoice"
    assert _title(reg.id("templates_page")) == "Templates"

    plan = runner.invoke(cli, ["plan", "av", "--sandbox", "--client", CLIENT, "-q"])
    assert plan.exit_code == 0, plan.output
    again = runner.invoke(cli, ["apply", "av", "--sandbox", "--client", CLIENT])
    assert again.exit_code == 0
    assert "No changes: the workspace already matches the blueprint (0 writes)." in again.stdout
