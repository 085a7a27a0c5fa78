"""The client's root page moved to the trash by hand comes back from it, with all it holds (F16).

A page in the trash is in no listing, so without a look in the trash a run would build a second
workspace beside the first one, which would stay in the trash with everything the user wrote.
"""

from __future__ import annotations

from click.testing import CliRunner

from notion_setup.cli import cli

from .conftest import CLIENT, Hands, run
from .test_hand_edits import _settled


def _root_pages(hands: Hands, root_id: str, title: str) -> list[str]:
    """The live pages with the root's title beside it, under the page it was created in."""
    parent = hands.read(f"pages/{root_id}")["parent"]["page_id"]
    listed = hands.read(f"blocks/{parent}/children")["results"]
    return [
        b["id"] for b in listed if b["type"] == "child_page" and b["child_page"]["title"] == title
    ]


def test_F16_a_root_page_trashed_by_hand_is_restored_with_everything_in_it(built: Hands) -> None:
    root_id = built.root_id()
    title = built.read(f"pages/{root_id}")["properties"]["title"]["title"][0]["plain_text"]
    home = built.id("page:home")
    built.write_note(home, "My own note")
    built.patch(f"pages/{root_id}", {"in_trash": True})

    pending = run("plan", "-q")
    assert pending.exit_code == 3
    assert (
        f"  ~ update   root           {title}  (in the trash; restored from it)" in pending.stdout
    )
    assert "Plan: 0 to create, 1 to update, 0 to remove or retype" in pending.stdout

    applied = run("apply", "-q")
    assert applied.exit_code == 0, applied.output
    assert built.read(f"pages/{root_id}")["in_trash"] is False
    assert built.root_id() == root_id
    assert _root_pages(built, root_id, title) == [root_id]  # no second workspace beside it
    assert "My own note" in built.texts(home)
    _settled()


def test_a_workspace_removed_by_destroy_is_not_brought_back_the_next_apply_builds_anew(
    built: Hands,
) -> None:
    """``destroy`` trashes the pages and databases one by one, then the root: that root is not
    a root trashed by hand, and stays in the trash."""
    old_root = built.root_id()
    gone = CliRunner().invoke(cli, ["destroy", "--sandbox", "--client", CLIENT, "--yes", "-q"])
    assert gone.exit_code == 0, gone.output

    pending = run("plan", "-q")
    assert pending.exit_code == 3
    assert "  + create   root           Drift – Assistant workspace" in pending.stdout
    assert run("apply", "-q").exit_code == 0
    assert built.root_id() != old_root
    assert built.read(f"pages/{old_root}")["in_trash"] is True
    _settled()
