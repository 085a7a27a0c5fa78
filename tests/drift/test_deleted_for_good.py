"""A database others relate to, deleted for good by hand, is built again and re-linked (F30).

Deleted for good: moved to the trash, then emptied from it in the Notion app, so there is nothing
to restore. The synced side of its two-way relation stays in the other database, pointing at the
data source that is gone (the sandbox's reading of what Notion keeps), and Notion refuses a
second property of that name: the run used to stop with "fix databases.tasks in the blueprint".
"""

from __future__ import annotations

import os

from notion_setup.sandbox import Sandbox

from .conftest import Hands, run
from .test_hand_edits import _settled


def _delete_for_good(object_id: str) -> None:
    box = Sandbox(state_path=os.environ["NOTION_SETUP_SANDBOX_STATE"], rate_limit=0)
    try:
        assert box.delete_for_good(object_id) > 1  # the database, its data source, its rows...
    finally:
        box.close()


def _relation(hands: Hands, ds_id: str, name: str) -> dict[str, object]:
    prop = hands.read(f"data_sources/{ds_id}")["properties"][name]
    assert prop["type"] == "relation", prop
    relation: dict[str, object] = prop["relation"]
    return relation


def test_F30_a_database_others_relate_to_deleted_for_good_is_built_again_and_relinked(
    built: Hands,
) -> None:
    old_tasks = built.ds("tasks")
    contacts_tasks_id = built.id("prop:contacts.tasks")
    built.patch(f"databases/{built.id('db:tasks')}", {"in_trash": True})
    _delete_for_good(built.id("db:tasks"))

    pending = run("plan", "-q")
    assert pending.exit_code == 3, pending.output
    assert "  + create   database       Tasks  (15 properties)" in pending.stdout
    assert "Plan: 15 to create, 3 to update, 0 to remove or retype" in pending.stdout
    again = "its target database is created again"
    for line in (
        f"  ~ update   property       Task  (in Time tracking; {again})",
        f"  ~ update   property       Task  (in Requests; {again})",
        f"  ~ update   property       Tasks  (in Customers & contacts; {again})",
    ):
        assert line in pending.stdout

    applied = run("apply", "-q")
    assert applied.exit_code == 0, applied.output
    assert "fix databases.tasks in the blueprint" not in applied.output
    new_tasks = built.ds("tasks")
    assert new_tasks != old_tasks
    assert _relation(built, built.ds("time_entries"), "Task")["data_source_id"] == new_tasks
    # The synced side kept its id (views that show it still do) and points at the new Tasks,
    # whose own side of the pair is back under its blueprint name.
    in_contacts = _relation(built, built.ds("contacts"), "Tasks")
    assert in_contacts["data_source_id"] == new_tasks
    assert built.id("prop:contacts.tasks") == contacts_tasks_id
    contact = _relation(built, new_tasks, "Contact")
    assert contact["data_source_id"] == built.ds("contacts")
    assert contact["dual_property"]["synced_property_id"] == contacts_tasks_id  # type: ignore[index]
    _settled()
