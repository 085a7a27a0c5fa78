"""Every --parent and PAGE_ID takes what a user copies from Notion; anything else exits 2."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from notion_setup.cli import cli
from notion_setup.connect import SANDBOX_STATE_ENV
from notion_setup.notion_ids import parse_notion_id
from notion_setup.sandbox import Sandbox

from ..conftest import Prebuilt

HEX = "1f2e3d4c5b6a79881f2e3d4c5b6a7988"
DASHED = "1f2e3d4c-5b6a-7988-1f2e-3d4c5b6a7988"


def forms(page: str) -> dict[str, str]:
    """The ways a user can give page ``page`` (dashed), by name."""
    hexa = page.replace("-", "")
    return {
        "hex": hexa,
        "dashed": page,
        "upper": hexa.upper(),
        "notion.so link": f"https://www.notion.so/acme/Clients-{hexa}?pvs=4",
        "app.notion.com link": f"https://app.notion.com/p/Mes-clients-{hexa}",
        "database link with a view": f"https://app.notion.com/p/{hexa}?v=0123456789abcdef0123456789abcdef",
        "link with a block anchor": f"https://www.notion.so/Title-{hexa}#{'a' * 32}",
        "schemeless link": f"www.notion.so/Title-{hexa}",
        "notion.site link": f"https://acme.notion.site/Portal-{hexa}",
    }


@pytest.mark.parametrize(("name", "text"), list(forms(DASHED).items()))
def test_every_form_parses_to_the_dashed_id(name: str, text: str) -> None:
    assert parse_notion_id(text) == DASHED, name


def test_a_database_link_names_the_database_not_its_view() -> None:
    view = "0123456789abcdef0123456789abcdef"
    assert parse_notion_id(f"https://app.notion.com/p/{HEX}?v={view}") == DASHED


@pytest.mark.parametrize(
    "text",
    [
        "hello",
        HEX[:-1],
        HEX + "0",
        f"{DASHED[:-1]}",
        "https://www.notion.so/Acme",
        f"https://example.com/Title-{HEX}",  # not a Notion link
        f"ftp://www.notion.so/Title-{HEX}",
        "",
    ],
)
def test_what_is_not_an_id_is_refused(text: str) -> None:
    assert parse_notion_id(text) is None


@given(st.uuids(), st.text(alphabet="abcdefghijklmnopqrstuvwxyz-", max_size=20))
def test_any_id_reads_back_from_any_link_slug(page: uuid.UUID, slug: str) -> None:
    for text in forms(str(page)).values():
        assert parse_notion_id(text) == str(page)
    assert parse_notion_id(f"https://www.notion.so/{slug}-{page.hex}") == str(page)


# --- the same parser in every command --------------------------------------------------------


@pytest.fixture
def top() -> str:
    """The sandbox's top-level page: the default parent of --sandbox runs."""
    return Sandbox(state_path=Path(os.environ[SANDBOX_STATE_ENV])).root_page_id


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


LINK_FORMS = ["hex", "notion.so link", "app.notion.com link", "database link with a view"]


@pytest.mark.parametrize("form", LINK_FORMS)
def test_doctor_reads_the_page_a_link_names(top: str, form: str) -> None:
    result = run("doctor", "--sandbox", "--parent", forms(top)[form], "--json")
    assert result.exit_code == 0, result.stderr
    parent = json.loads(result.stdout)["checks"][3]
    assert (parent["name"], parent["status"]) == ("parent", "ok")
    assert top in parent["detail"]


@pytest.mark.parametrize("form", LINK_FORMS)
def test_plan_and_apply_build_under_the_page_a_link_names(top: str, form: str) -> None:
    text = forms(top)[form]
    planned = run("plan", "av", "--sandbox", "--client", "Ids", "--parent", text, "--json")
    assert planned.exit_code == 3, planned.stderr
    applied = run("apply", "av", "--sandbox", "--client", "Ids", "--parent", text, "-q")
    assert applied.exit_code == 0, applied.stderr
    again = run("plan", "av", "--sandbox", "--client", "Ids", "--parent", forms(top)["dashed"])
    assert again.exit_code == 0, again.stdout


@pytest.mark.parametrize("form", LINK_FORMS)
def test_destroy_looks_under_the_page_a_link_names(top: str, form: str) -> None:
    result = run("destroy", "--sandbox", "--client", "Nobody", "--parent", forms(top)[form])
    assert result.exit_code == 0, result.stderr
    assert f"under page {top}" in result.stdout


@pytest.mark.parametrize("form", LINK_FORMS)
def test_export_reads_the_page_a_link_names(prebuilt: Prebuilt, form: str) -> None:
    prebuilt.restore(("apply", "av", "--sandbox", "--client", "Exp", "-q"))
    listed = run("plan", "av", "--sandbox", "--client", "Exp", "--json")
    root = json.loads(listed.stdout)["root_page_id"]
    result = run("export", forms(root)[form], "--sandbox", "--no-rows", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["blueprint"]["databases"]


@pytest.mark.parametrize("form", LINK_FORMS)
def test_new_finds_the_client_under_the_page_a_link_names(top: str, form: str) -> None:
    result = run("new", "weekly_review", "--sandbox", "--client", "Nobody", "--parent",
                 forms(top)[form])  # fmt: skip
    # No workspace for that client there: the error names the parsed page, not the link.
    assert result.exit_code == 2, result.output
    assert top in result.stderr


@pytest.mark.parametrize("form", LINK_FORMS)
def test_the_manifest_parent_column_takes_links(tmp_path: Path, top: str, form: str) -> None:
    manifest = tmp_path / "clients.csv"
    manifest.write_text(f"name,blueprint,lang,parent\nAcme,av,en,{forms(top)[form]}\n")
    result = run("batch", str(manifest), "--sandbox", "--plan", "--json")
    assert result.exit_code == 3, result.output


# --- anything else is a usage error that shows what an id looks like -------------------------

COMMANDS_WITH_PARENT = [
    ["plan", "av", "--sandbox", "--client", "A", "--parent"],
    ["apply", "av", "--sandbox", "--client", "A", "--parent"],
    ["destroy", "--sandbox", "--client", "A", "--parent"],
    ["doctor", "--sandbox", "--parent"],
    ["new", "weekly_review", "--sandbox", "--client", "A", "--parent"],
    ["export", "--sandbox"],
]


@pytest.mark.parametrize("command", COMMANDS_WITH_PARENT, ids=lambda c: c[0])
@pytest.mark.parametrize("bad", ["hello", f"https://example.com/{HEX}"])
def test_a_value_that_is_not_an_id_is_a_usage_error_showing_the_forms(
    command: list[str], bad: str
) -> None:
    result = run(*command, bad)
    assert result.exit_code == 2
    assert f"{bad!r} is not a Notion page id or link" in result.stderr
    assert "32 hex characters" in result.stderr
    assert "https://www.notion.so/acme/Clients-" in result.stderr  # an example link
    assert result.stdout == ""


def test_a_bad_manifest_parent_is_reported_with_its_line(tmp_path: Path) -> None:
    manifest = tmp_path / "clients.csv"
    manifest.write_text("name,blueprint,lang,parent\nAcme,av,en,hello\n")
    result = run("batch", str(manifest), "--sandbox", "--plan")
    assert result.exit_code == 2
    assert "line 2, column parent: not a Notion page id or link" in result.stderr
