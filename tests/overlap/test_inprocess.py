"""F15: overlapping runs on one client never duplicate anything (in-process, threads).

Two and three applies of one client start 0 to 2 s apart (by write count, see ``runs.STARTS``),
on a fresh client, a complete workspace and one half built by a run killed after write k (F12,
its lease left behind). Afterwards: exactly one copy of every object, every run exits 0 or 9
(``WorkspaceBusy``, the other run's lease named), ``plan`` is empty, a second apply writes
nothing.
"""

from __future__ import annotations

from typing import Any

import pytest

from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.errors import WorkspaceBusy
from notion_setup.provision import apply_workspace
from notion_setup.sandbox import Sandbox

from .runs import AV_STARTS, STARTS, assert_exactly_one_copy, kill_after, overlapping_runs

#: The half-built workspace: killed after its root, its lease and a few pages and databases.
KILLED_AFTER_WRITES = 6


def _prepare(state: str, box: Sandbox, gateway_for: Any, ws: Any) -> None:
    if state == "complete":
        apply_workspace(gateway_for(box), ws, box.root_page_id)
    elif state == "half_built":
        kill_after(box, gateway_for, ws, KILLED_AFTER_WRITES)


def _check_every_run_ended_with_0_or_9(outcomes: list[Any], client: str) -> None:
    for outcome in outcomes:
        assert outcome.exit_code in (0, 9), repr(outcome.error)
        if isinstance(outcome.error, WorkspaceBusy):
            text = str(outcome.error)
            assert f"the workspace of {client} is in use by another run: host " in text
            assert "run again with --wait 600" in text and "--break-lease" in text
    assert any(o.exit_code == 0 for o in outcomes), "no run finished the workspace"


@pytest.mark.parametrize("runs", [2, 3])
@pytest.mark.parametrize("apart", list(STARTS))
@pytest.mark.parametrize("state", ["fresh", "complete", "half_built"])
def test_F15_F12_overlapping_runs_leave_exactly_one_copy_of_everything(
    state: str, apart: str, runs: int, gateway_for: Any, small: Any
) -> None:
    box = Sandbox(rate_limit=0)
    _prepare(state, box, gateway_for, small)
    outcomes = overlapping_runs(box, gateway_for, small, runs=runs, after_writes=STARTS[apart])
    _check_every_run_ended_with_0_or_9(outcomes, "Acme")
    # A busy run stopped before writing anything under the root (at most its own lease block,
    # appended and deleted again).
    assert_exactly_one_copy(box, gateway_for, small)


def test_a_complete_workspace_is_not_written_by_runs_that_overlap(
    gateway_for: Any, small: Any
) -> None:
    box = Sandbox(rate_limit=0)
    apply_workspace(gateway_for(box), small, box.root_page_id)
    outcomes = overlapping_runs(box, gateway_for, small, runs=3, after_writes=0)
    assert [(o.exit_code, o.writes) for o in outcomes] == [(0, 0)] * 3


@pytest.mark.parametrize(
    ("state", "runs", "apart"),
    [("fresh", 2, "0.2s"), ("half_built", 3, "1s"), ("fresh", 3, "2s")],
)
def test_F15_F12_overlapping_av_runs_leave_exactly_one_copy_of_everything(
    state: str, runs: int, apart: str, gateway_for: Any
) -> None:
    ws = resolve(load_blueprint("av"), lang="fr", client="Race")
    box = Sandbox(rate_limit=0)
    if state == "half_built":
        kill_after(box, gateway_for, ws, 60)
    outcomes = overlapping_runs(box, gateway_for, ws, runs=runs, after_writes=AV_STARTS[apart])
    for outcome in outcomes:
        assert outcome.exit_code in (0, 9), repr(outcome.error)
    assert_exactly_one_copy(box, gateway_for, ws)
