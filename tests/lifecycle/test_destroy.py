"""`notion-setup destroy`: trash what the tool created for one client, and nothing else."""

from __future__ import annotations

import json

import pytest

from notion_setup.errors import DestructiveChangesRefused
from notion_setup.lifecycle.destroy import execute_destroy, plan_destroy

from .conftest import MINI, World, run

#: What the mini blueprint creates, deepest first, the root page last.
MINI_LISTING = [
    'To move to the trash for client "Acme" (root page "Acme workspace"):',
    "  page            Guide",
    "  linked view     Unpaid",  # named after the view, not its database
    "  page            Home",
    "  database        Clients  2 rows",
    "  database        Invoices  1 row",
    "  template        Invoice",  # the page shows no {{month}}
    "  templates page  Templates",
    "  root            Acme workspace",
]


def test_without_yes_and_without_a_terminal_it_lists_then_refuses(world: World) -> None:
    world.apply(MINI, "Acme")

    result = run("destroy", "--sandbox", "--client", "Acme")

    assert result.exit_code == 7
    assert result.stdout == ""
    assert result.stderr.splitlines()[1:] == [
        *MINI_LISTING,
        "error: not trashing the 8 object(s) listed for Acme",
        "  fix: re-run with --yes to confirm (or run it in a terminal and answer the prompt)",
    ]
    assert world.reopen().titles(world.top) == ["Acme workspace"]


def test_yes_trashes_the_client_and_leaves_other_clients_alone(world: World) -> None:
    world.apply(MINI, "Acme")
    world.apply(MINI, "Globex")

    result = run("destroy", "--sandbox", "--client", "Acme", "--yes", "-q")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        'Moved 8 objects of "Acme" to the trash '
        "(restore them from Notion's trash within 30 days if needed).\n"
    )
    after = world.reopen()
    assert after.titles(after.top) == ["Globex workspace"]
    globex = plan_destroy(after.gateway, after.top, "Globex")
    assert [t.kind for t in globex.targets].count("database") == 2
    assert globex.gone == ()


def test_every_registered_object_is_trashed_explicitly_root_last(world: World) -> None:
    report = world.apply(MINI, "Acme")
    plan = plan_destroy(world.gateway, world.top, "Acme")
    logged = len(world.box.request_log)

    done = execute_destroy(world.gateway, plan, confirm=lambda p: True)

    # (leaving out the lease destroy takes first: its block appended to the root, the root's
    # children listed; the block goes to the trash with the root)
    lease = f"/v1/blocks/{report.root_page_id}/children"
    writes = [(r.method, r.path) for r in world.box.request_log[logged:] if r.path != lease]
    collections = {"database": "databases", "linked_view": "databases"}
    assert writes == [
        ("PATCH", f"/v1/{collections.get(t.kind, 'pages')}/{t.id}") for t in plan.targets
    ]
    assert writes[-1] == ("PATCH", f"/v1/pages/{report.root_page_id}")
    assert done.trashed == plan.targets
    assert plan_destroy(world.gateway, world.top, "Acme").found is False


def test_a_refused_confirmation_writes_nothing(world: World) -> None:
    world.apply(MINI, "Acme")
    plan = plan_destroy(world.gateway, world.top, "Acme")
    logged = len(world.box.request_log)

    with pytest.raises(DestructiveChangesRefused):
        execute_destroy(world.gateway, plan, confirm=lambda p: False)

    assert [r.method for r in world.box.request_log[logged:]] == []


def test_a_second_run_has_nothing_to_do(world: World) -> None:
    world.apply(MINI, "Acme")
    world.apply(MINI, "Globex")
    assert run("destroy", "--sandbox", "--client", "Acme", "--yes", "-q").exit_code == 0

    again = run("destroy", "--sandbox", "--client", "Acme", "--yes")

    assert again.exit_code == 0
    assert again.stdout == (
        f'Nothing to destroy: no workspace of client "Acme" under page {world.top} '
        '(clients there: "Globex").\n'
    )


def test_a_page_added_by_hand_keeps_its_parent_and_is_listed(world: World) -> None:
    report = world.apply(MINI, "Acme")
    assert report.root_page_id is not None
    world.page(report.root_page_id, "My own notes")

    result = run("destroy", "--sandbox", "--client", "Acme", "--yes")

    assert result.exit_code == 0
    assert result.stderr.splitlines()[1:] == [
        MINI_LISTING[0],
        *MINI_LISTING[1:-1],
        "Kept, because it holds pages or databases notion-setup did not create:",
        "  root            Acme workspace",
        "Left untouched (not created by notion-setup):",
        "  page            My own notes  (in Acme workspace)",
        "[1/7] trash     page Guide",
        "[2/7] trash     linked view Unpaid",
        "[3/7] trash     page Home",
        "[4/7] trash     database Clients",
        "[5/7] trash     database Invoices",
        "[6/7] trash     template Invoice {{month}}",
        "[7/7] trash     templates page Templates",
    ]
    assert result.stdout.splitlines() == [
        'Moved 7 objects of "Acme" to the trash '
        "(restore them from Notion's trash within 30 days if needed).",
        "Kept 1 page(s) holding 1 object(s) notion-setup did not create; move those away, "
        "then run destroy again to finish.",
    ]
    after = world.reopen()
    assert after.titles(report.root_page_id) == ["My own notes"]


def test_after_the_hand_made_page_is_moved_away_a_re_run_finishes(world: World) -> None:
    report = world.apply(MINI, "Acme")
    assert report.root_page_id is not None
    mine = world.page(report.root_page_id, "My own notes")
    assert run("destroy", "--sandbox", "--client", "Acme", "--yes", "-q").exit_code == 0

    middle = run("destroy", "--sandbox", "--client", "Acme", "--yes", "-q")
    assert middle.stdout == 'Nothing left to trash for "Acme" (7 objects already in the trash).\n'

    after = world.reopen()
    after.gateway.write("PATCH", f"pages/{mine}", body={"in_trash": True})
    final = run("destroy", "--sandbox", "--client", "Acme", "--yes", "--json")

    assert final.exit_code == 0
    data = json.loads(final.stdout)
    assert [(t["kind"], t["name"]) for t in data["trashed"]] == [("root", "Acme workspace")]
    assert len(data["already_gone"]) == 7
    assert data["kept"] == [] and data["left_untouched"] == []
    assert world.reopen().titles(world.top) == []


def test_a_page_added_inside_a_tool_page_keeps_that_page_and_the_root(world: World) -> None:
    world.apply(MINI, "Acme")
    plan = plan_destroy(world.gateway, world.top, "Acme")
    home = next(t for t in plan.targets if t.key == "home")
    world.page(home.id, "Meeting notes")

    plan = plan_destroy(world.gateway, world.top, "Acme")

    assert [(t.kind, t.name) for t in plan.kept] == [("page", "Home"), ("root", "Acme workspace")]
    assert [(f.title, f.parent_name) for f in plan.foreign] == [("Meeting notes", "Home")]
    assert [t.key for t in plan.targets] == [
        "guide",
        "home.unpaid",
        "clients",
        "invoices",
        "monthly_invoice",
        "templates",
    ]


def test_rows_added_by_hand_are_counted_in_the_listing(world: World) -> None:
    world.apply(MINI, "Acme")
    plan = plan_destroy(world.gateway, world.top, "Acme")
    clients = next(t for t in plan.targets if t.key == "clients")
    source = world.gateway.read("GET", f"databases/{clients.id}")["data_sources"][0]["id"]
    world.gateway.write(
        "POST",
        "pages",
        body={
            "parent": {"type": "data_source_id", "data_source_id": source},
            "properties": {"Name": {"title": [{"type": "text", "text": {"content": "Initech"}}]}},
        },
    )

    plan = plan_destroy(world.gateway, world.top, "Acme")

    clients = next(t for t in plan.targets if t.key == "clients")
    assert (clients.rows, clients.added_rows) == (3, 1)


def test_json_when_refused_lists_what_would_go(world: World) -> None:
    world.apply(MINI, "Acme")

    result = run("destroy", "--sandbox", "--client", "Acme", "--json", "-q")

    assert result.exit_code == 7
    data = json.loads(result.stdout)
    assert data["applied"] is False
    assert data["trashed"] == []
    assert [t["kind"] for t in data["to_trash"]][-1] == "root"
    assert {t["key"]: t["rows"] for t in data["to_trash"] if t["kind"] == "database"} == {
        "clients": 2,
        "invoices": 1,
    }


def test_a_mistyped_client_lists_the_clients_found(world: World) -> None:
    world.apply(MINI, "Acme")

    result = run("destroy", "--sandbox", "--client", "Acmee", "--yes", "--json")

    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["found"], data["trashed"]) == (False, [])
    assert world.reopen().titles(world.top) == ["Acme workspace"]
