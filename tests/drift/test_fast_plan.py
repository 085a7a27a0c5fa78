"""`plan --fast`: about 2 calls a database, at the price of not seeing hand edits of views and
starter rows; the full `plan` and every `apply` still see them."""

from __future__ import annotations

import re

from .conftest import Hands, run

FAST_NOTE = (
    "Fast plan: views and starter rows changed by hand were not read; "
    "`plan` without --fast checks them."
)


def _calls(stdout: str) -> int:
    found = re.search(r"API calls: (\d+) \(reads only\)", stdout)
    assert found, stdout
    return int(found.group(1))


def test_a_fast_plan_of_a_settled_workspace_reads_less_and_says_what_it_skipped(
    built: Hands,
) -> None:
    fast = run("plan", "--fast")
    full = run("plan")
    assert (fast.exit_code, full.exit_code) == (0, 0)
    assert fast.stderr.splitlines()[-1] == FAST_NOTE
    assert FAST_NOTE not in full.stderr
    # The full plan reads each of the blueprint's views and queries the starter rows.
    assert _calls(fast.stdout) < _calls(full.stdout) / 2


def test_a_view_renamed_by_hand_goes_unseen_by_a_fast_plan_only(built: Hands) -> None:
    built.patch(f"views/{built.id('view:tasks.all')}", {"name": "Everything"})
    fast = run("plan", "--fast", "-q")
    assert fast.exit_code == 0, fast.stdout
    assert "No changes: the workspace matches the blueprint" in fast.stdout
    assert FAST_NOTE not in fast.stderr  # -q: nothing on stderr
    full = run("plan", "-q")
    assert full.exit_code == 3
    assert "named 'Everything' in Notion" in full.stdout


def test_a_fast_plan_still_finds_a_database_renamed_by_hand(built: Hands) -> None:
    built.patch(
        f"databases/{built.id('db:tasks')}",
        {"title": [{"type": "text", "text": {"content": "Mine"}}]},
    )
    fast = run("plan", "--fast", "-q")
    assert fast.exit_code == 3
    assert "  ~ update   database       Tasks  (named 'Mine' in Notion; renamed back)" in (
        fast.stdout
    )
