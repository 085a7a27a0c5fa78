"""A page made by hand with the root's title is adopted by apply and survives destroy (F31)."""

from __future__ import annotations

import os

from click.testing import CliRunner

from notion_setup.cli import cli
from notion_setup.notion.results import plain_text
from notion_setup.sandbox import Sandbox

from .conftest import CLIENT, Hands, run

ROOT_TITLE = f"{CLIENT} – Assistant workspace"


def test_F31_a_hand_made_page_with_the_root_title_is_adopted_and_destroy_keeps_its_notes(
    hands: Hands,
) -> None:
    page = hands.post(
        "pages",
        {
            "parent": {"type": "page_id", "page_id": _default_parent(hands)},
            "properties": {"title": {"title": [{"text": {"content": ROOT_TITLE}}]}},
            "children": [
                {
                    "type": "paragraph",
                    "paragraph": {"rich_text": [{"text": {"content": "My own notes"}}]},
                }
            ],
        },
    )

    applied = run("apply", "-q")
    assert applied.exit_code == 0, applied.output
    assert hands.root_id() == page["id"]  # adopted, not created beside it
    entry = hands.registry().get("root")
    assert entry == {"id": page["id"], "adopted": True}
    assert run("plan", "-q").exit_code == 0

    destroyed = CliRunner().invoke(cli, ["destroy", "--sandbox", "--client", CLIENT, "--yes"])
    assert destroyed.exit_code == 0, destroyed.output
    assert "Kept, because it was made by hand (only what notion-setup added goes):" in (
        destroyed.output
    )
    assert hands.read(f"pages/{page['id']}")["in_trash"] is False
    texts = [
        plain_text(b[b["type"]].get("rich_text", []))
        for b in hands.read(f"blocks/{page['id']}/children")["results"]
        if b["type"] not in ("child_page", "child_database")
    ]
    assert texts == ["My own notes"]  # the tool's pages, databases and registry are gone
    again = CliRunner().invoke(cli, ["destroy", "--sandbox", "--client", CLIENT, "--yes"])
    assert again.exit_code == 0


def test_F12_a_root_page_the_tool_created_is_not_taken_for_a_hand_made_one(
    hands: Hands,
) -> None:
    assert run("apply", "-q").exit_code == 0
    assert hands.registry().get("root") is None
    destroyed = CliRunner().invoke(cli, ["destroy", "--sandbox", "--client", CLIENT, "--yes"])
    assert destroyed.exit_code == 0
    assert "made by hand" not in destroyed.output


def _default_parent(hands: Hands) -> str:
    """The sandbox's top page, under which `--sandbox` builds clients' workspaces."""
    box = Sandbox(state_path=os.environ["NOTION_SETUP_SANDBOX_STATE"], rate_limit=0)
    try:
        return box.root_page_id
    finally:
        box.close()
