"""Every edit made by hand in Notion is found by `plan` and repaired by `apply` (F16, F30).

Each scenario: a workspace built by `apply`, one edit a user makes in the Notion app, then
`plan` (its exit code and the line naming the drift), `apply` (its exit code), a second `apply`
that writes nothing and a `plan` that exits 0, and what the user added left as it was.
"""

from __future__ import annotations

from click.testing import CliRunner

from notion_setup.cli import cli
from notion_setup.notion.results import plain_text

from .conftest import Hands, run

NO_WRITES = "(0 writes)"


def _text(value: str) -> list[dict[str, object]]:
    return [{"type": "text", "text": {"content": value}}]


def _settled() -> None:
    """After the repair: a second apply writes nothing and plan exits 0."""
    again = run("apply")
    assert again.exit_code == 0, again.output
    assert NO_WRITES in again.stdout
    clean = run("plan", "-q")
    assert clean.exit_code == 0, clean.stdout
    assert "No changes: the workspace matches the blueprint" in clean.stdout


def test_F16_a_database_renamed_by_hand_is_renamed_back(built: Hands) -> None:
    db_id = built.id("db:tasks")
    built.patch(f"databases/{db_id}", {"title": _text("My own tasks")})

    pending = run("plan", "-q")
    assert pending.exit_code == 3
    assert (
        "  ~ update   database       Tasks  (named 'My own tasks' in Notion; renamed back)"
        in pending.stdout
    )
    assert "Plan: 0 to create, 1 to update, 0 to remove or retype" in pending.stdout

    assert run("apply", "-q").exit_code == 0
    assert plain_text(built.read(f"databases/{db_id}")["title"]) == "Tasks"
    assert plain_text(built.read(f"data_sources/{built.ds('tasks')}")["title"]) == "Tasks"
    _settled()


def test_F16_a_view_renamed_by_hand_is_renamed_back_and_a_view_the_user_added_is_kept(
    built: Hands,
) -> None:
    view_id = built.id("view:tasks.all")
    built.patch(f"views/{view_id}", {"name": "Everything"})
    mine = built.post(
        "views",
        {
            "database_id": built.id("db:tasks"),
            "data_source_id": built.ds("tasks"),
            "name": "My view",
            "type": "table",
        },
    )

    pending = run("plan", "-q")
    assert pending.exit_code == 3
    assert (
        "  ~ update   view           All tasks  (in Tasks; named 'Everything' in Notion)"
        in pending.stdout
    )
    assert "1 view added by hand" in pending.stdout

    assert run("apply", "-q").exit_code == 0
    assert built.read(f"views/{view_id}")["name"] == "All tasks"
    assert built.read(f"views/{mine['id']}")["name"] == "My view"
    _settled()


def test_F16_a_view_refiltered_and_resorted_by_hand_is_put_back(built: Hands) -> None:
    view_id = built.id("view:tasks.board")
    before = built.read(f"views/{view_id}")
    title_id = "title"
    built.patch(
        f"views/{view_id}",
        {
            "filter": {"property": title_id, "title": {"contains": "mine"}},
            "sorts": [{"property": title_id, "direction": "descending"}],
        },
    )

    pending = run("plan", "-q")
    assert pending.exit_code == 3
    assert "By status  (in Tasks; filter changed; sorts changed)" in pending.stdout

    assert run("apply", "-q").exit_code == 0
    after = built.read(f"views/{view_id}")
    assert (after["filter"], after["sorts"] or None) == (before["filter"], before["sorts"] or None)
    assert after["name"] == before["name"]
    _settled()


def test_F16_a_starter_row_trashed_by_hand_is_a_note_until_apply_restore_rows(
    built: Hands,
) -> None:
    row_id = built.id("row:tasks.send_quote")
    built.patch(f"pages/{row_id}", {"in_trash": True})
    note = (
        "  · skip     row            Send the quote to Studio Moreau  (starter row removed by "
        "hand from Tasks; `apply --restore-rows` brings it back)"
    )

    # A note is not pending: plan and apply agree on 0, and apply does not re-create it.
    noted = run("plan", "-q")
    assert noted.exit_code == 0
    assert note in noted.stdout
    assert "No changes: the workspace matches the blueprint" in noted.stdout
    kept = run("apply")
    assert kept.exit_code == 0
    assert NO_WRITES in kept.stdout and note in kept.stdout
    assert built.read(f"pages/{row_id}")["in_trash"] is True

    asked = run("plan", "-q", "--restore-rows")
    assert asked.exit_code == 3
    assert (
        "  + create   row            Send the quote to Studio Moreau  (removed by hand; restored)"
        in asked.stdout
    )
    assert run("apply", "-q", "--restore-rows").exit_code == 0
    assert built.read(f"pages/{row_id}")["in_trash"] is False  # the same row, from the trash
    _settled()


def test_F16_a_retype_held_back_exits_7_in_plan_and_apply_after_applying_the_rest(
    built: Hands,
) -> None:
    pdf = built.id("prop:invoices.pdf")
    built.patch(f"data_sources/{built.ds('invoices')}", {"properties": {pdf: {"rich_text": {}}}})
    view_id = built.id("view:tasks.all")
    built.patch(f"views/{view_id}", {"name": "Everything"})
    held = "  ! retype   property       PDF  "
    held += "(in Invoices & quotes; text -> files & media, values lost)"

    pending = run("plan", "-q")
    assert pending.exit_code == 7
    assert held in pending.stdout, pending.stdout
    assert "All tasks  (in Tasks; named 'Everything' in Notion)" in pending.stdout

    applied = run("apply")
    assert applied.exit_code == 7
    assert held in applied.stdout
    assert "1 destructive change held back" in applied.stdout
    assert built.read(f"views/{view_id}")["name"] == "All tasks"  # the rest was applied
    again = run("apply")
    assert again.exit_code == 7
    assert NO_WRITES in again.stdout and held in again.stdout

    allowed = run("plan", "-q", "--allow-destructive")
    assert allowed.exit_code == 3 and held in allowed.stdout
    assert run("apply", "-q", "--allow-destructive", "--yes").exit_code == 0
    source = built.read(f"data_sources/{built.ds('invoices')}")
    assert source["properties"]["PDF"]["type"] == "files"
    _settled()


def test_F30_a_database_others_relate_to_trashed_by_hand_is_restored_with_its_relations(
    built: Hands,
) -> None:
    db_id = built.id("db:tasks")
    built.patch(f"databases/{db_id}", {"in_trash": True})

    pending = run("plan", "-q")
    assert pending.exit_code == 3
    assert "  ~ update   database       Tasks  (in the trash; restored from it)" in pending.stdout
    assert "+ create   database       Tasks" not in pending.stdout

    applied = run("apply", "-q")
    assert applied.exit_code == 0, applied.output
    assert "fix databases.tasks in the blueprint" not in applied.output
    assert built.read(f"databases/{db_id}")["in_trash"] is False
    time_entries = built.read(f"data_sources/{built.ds('time_entries')}")["properties"]
    assert time_entries["Task"]["relation"]["data_source_id"] == built.ds("tasks")
    _settled()


def test_F16_a_page_trashed_by_hand_is_restored_with_what_the_user_wrote_in_it(
    built: Hands,
) -> None:
    page_id = built.id("page:home")
    built.write_note(page_id, "My own note")
    built.patch(f"pages/{page_id}", {"in_trash": True})

    pending = run("plan", "-q")
    assert pending.exit_code == 3
    assert (
        "  ~ update   page           Dashboard  (in the trash; restored from it)" in pending.stdout
    )

    assert run("apply", "-q").exit_code == 0
    assert built.read(f"pages/{page_id}")["in_trash"] is False
    assert "My own note" in built.texts(page_id)
    _settled()


def test_F16_the_repairs_read_in_french_on_a_french_workspace(hands: Hands) -> None:
    french = ["av", "--sandbox", "--client", "Dérive", "--lang", "fr", "-q"]
    assert CliRunner().invoke(cli, ["apply", *french]).exit_code == 0
    registry = hands.registry_of("Dérive", "fr")
    hands.patch(f"databases/{registry.get('db:tasks')['id']}", {"title": _text("Mes tâches")})
    hands.patch(f"views/{registry.get('view:tasks.all')}", {"name": "Tout"})
    hands.patch(f"pages/{registry.get('row:tasks.send_quote')}", {"in_trash": True})

    pending = CliRunner().invoke(cli, ["plan", *french])
    assert pending.exit_code == 3
    assert (
        "Tâches  (nommée « Mes tâches » dans Notion ; nom d'origine à rétablir)" in pending.stdout
    )
    assert "Toutes les tâches  (dans Tâches ; nommée « Tout » dans Notion)" in pending.stdout
    assert (
        "(ligne de départ supprimée à la main de « Tâches » ; `apply --restore-rows` la ramène)"
        in pending.stdout
    )
    assert "Plan : 0 à créer, 2 à mettre à jour" in pending.stdout
    assert CliRunner().invoke(cli, ["apply", *french]).exit_code == 0
    assert CliRunner().invoke(cli, ["plan", *french]).exit_code == 0
