"""The dependency scheduler: ordering, one writer per parent, failure stops new starts."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notion_setup.apply_schedule import Schedule, bound, describe_bound, run_scheduled
from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.errors import Interrupted
from notion_setup.model import Workspace
from notion_setup.observe import Observed
from notion_setup.plan import Step, make_plan, synced_counterparts
from notion_setup.plan.depends import lane_of, with_dependencies
from notion_setup.plan.types import OPS

from ..provision.small_workspace import small_workspace
from .synthetic import write_synthetic


@cache
def _workspace(name: str) -> Workspace:
    if name == "small":
        return small_workspace()
    return resolve(load_blueprint(name), lang="fr", client="Sched")


@cache
def _steps(name: str) -> tuple[Step, ...]:
    return make_plan(_workspace(name), Observed(parent_id="parent")).steps


PLANS = ("small", "av", "obm")


class _Fake:
    """A fake executor driven by the test: it records what ran, and when, in steps not time."""

    def __init__(self, steps: Sequence[Step], jobs: int) -> None:
        self.by_id = {s.id: s for s in steps}
        self.jobs = jobs
        self.done: set[str] = set()
        self.running: set[str] = set()
        self.started: list[str] = []

    def start(self, step: Step) -> None:
        missing = [d for d in step.after if d not in self.done]
        assert not missing, f"{step.id} started before {missing}"
        lanes = {self.by_id[r].lane for r in self.running}
        assert step.lane not in lanes, f"{step.id}: two writes at once under {step.lane}"
        assert len(self.running) < self.jobs
        self.running.add(step.id)
        self.started.append(step.id)

    def finish(self, step_id: str) -> None:
        self.running.remove(step_id)
        self.done.add(step_id)


@settings(max_examples=20, deadline=None)
@given(plan=st.sampled_from(PLANS), jobs=st.integers(1, 6), data=st.data())
def test_every_step_starts_after_its_dependencies_whatever_the_durations(
    plan: str, jobs: int, data: st.DataObject
) -> None:
    steps = _steps(plan)
    schedule = Schedule(steps)
    fake = _Fake(steps, jobs)
    while not schedule.finished:
        for step in schedule.ready()[: jobs - len(schedule.running)]:
            if any(fake.by_id[r].lane == step.lane for r in schedule.running):
                continue  # lanes are chained by the plan, so this never happens; checked below
            schedule.start(step.id)
            fake.start(step)
        # Random durations: any running step may be the next to end.
        ending = data.draw(st.sampled_from(sorted(schedule.running)))
        schedule.finish(ending)
        fake.finish(ending)
    assert sorted(fake.started) == sorted(s.id for s in steps)


@pytest.mark.parametrize("plan", PLANS)
def test_steps_under_one_parent_are_chained_so_they_never_overlap(plan: str) -> None:
    steps = _steps(plan)
    position = {s.id: i for i, s in enumerate(steps)}
    last: dict[str, str] = {}
    for step in steps:
        if step.lane in last:
            assert last[step.lane] in step.after, f"{step.id} not chained after {last[step.lane]}"
        last[step.lane] = step.id
        assert all(position[d] < position[step.id] for d in step.after)


def test_a_database_s_views_and_rows_wait_for_it_not_for_later_databases() -> None:
    steps = {s.id: s for s in _steps("small")}
    board = steps["create_view:invoices.board"]
    assert "update_schema:invoices" in board.after  # its schema is complete first
    assert "create_row:invoices.first" in board.after  # its create answers with property ids
    first = steps["create_row:invoices.first"]
    assert "create_row:clients.acme" in first.after  # it points to that row
    # The previous child of the root page (one writer per parent), which is also the target
    # of its two-way relation.
    assert steps["create_database:invoices"].after == (
        "create_root:root",
        "create_database:clients",
    )
    assert steps["create_database:invoices"].lane == steps["create_page:home"].lane


def _waits_for(steps: dict[str, Step], sid: str) -> set[str]:
    """Everything a step waits for, directly or not."""
    out: set[str] = set()
    todo = [sid]
    while todo:
        for dep in steps[todo.pop()].after:
            if dep not in out:
                out.add(dep)
                todo.append(dep)
    return out


def test_a_database_s_views_and_rows_start_while_later_databases_are_created(
    tmp_path: Path,
) -> None:
    workspace = resolve(load_blueprint(str(write_synthetic(tmp_path, 20))), lang="fr", client="S")
    steps = {s.id: s for s in make_plan(workspace, Observed(parent_id="parent")).steps}
    for first_db_step in ("adopt_default_view:db0.all", "create_row:db0.first"):
        assert "create_database:db19" not in _waits_for(steps, first_db_step)
    # A row waits for the row it points to, in the database before.
    assert "create_row:db4.first" in steps["create_row:db5.first"].after


def test_with_one_worker_the_steps_run_in_plan_order() -> None:
    steps = _steps("av")
    ran: list[str] = []
    run_scheduled(steps, lambda s: ran.append(s.id), jobs=1, stop=threading.Event())
    assert ran == [s.id for s in steps]


@pytest.mark.parametrize("jobs", [2, 4, 8])
def test_threads_respect_dependencies_and_lanes(jobs: int) -> None:
    steps = _steps("obm")
    fake = _Fake(steps, jobs)
    lock = threading.Lock()

    def run(step: Step) -> None:
        with lock:
            fake.start(step)
        with lock:
            fake.finish(step.id)

    run_scheduled(steps, run, jobs=jobs, stop=threading.Event())
    assert sorted(fake.done) == sorted(s.id for s in steps)


def _three_steps() -> list[Step]:
    return [
        Step("create_page", 1, "a", (), id="a", lane="x"),
        Step("create_page", 1, "b", (), id="b", lane="y"),
        Step("create_page", 2, "c", (), id="c", lane="z", after=("a",)),
    ]


def test_the_first_failure_stops_new_starts_and_lets_steps_in_flight_finish() -> None:
    stop = threading.Event()
    b_started = threading.Event()
    finished: list[str] = []

    def run(step: Step) -> None:
        if step.id == "a":
            assert b_started.wait(10)
            raise RuntimeError("Notion said no")
        if step.id == "b":
            b_started.set()
            assert stop.wait(10)  # the scheduler sets stop once a has failed
            finished.append("b")
            return
        finished.append(step.id)

    with pytest.raises(RuntimeError, match="Notion said no"):
        run_scheduled(_three_steps(), run, jobs=2, stop=stop)
    assert finished == ["b"]  # b finished; c, which waited for a, never started


def test_a_stop_from_outside_ends_the_run_with_interrupted() -> None:
    stop = threading.Event()
    ran: list[str] = []

    def run(step: Step) -> None:
        if stop.is_set():  # what Executor.run_step does
            raise Interrupted("stopped before finishing")
        ran.append(step.id)
        if step.id == "a":
            stop.set()

    with pytest.raises(Interrupted):
        run_scheduled(_three_steps(), run, jobs=2, stop=stop)
    assert "c" not in ran


def test_a_plan_with_unknown_dependencies_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown steps"):
        Schedule([Step("create_page", 1, "a", (), id="a", lane="x", after=("nope",))])


def test_the_bound_is_the_critical_path_or_the_calls_shared_by_the_workers() -> None:
    steps = _three_steps()
    one = bound(steps, 1, lambda s: 1, extra_calls=0)
    assert (one.calls, one.critical_path, one.lower_bound) == (3, 2, 3.0)
    two = bound(steps, 2, lambda s: 1, extra_calls=0)
    assert two.lower_bound == 2.0  # a then c; b beside them
    many = bound(steps, 8, lambda s: 1, extra_calls=1)  # the registry save comes after all
    assert (many.critical_path, many.lower_bound) == (3, 3.0)


@pytest.mark.parametrize("plan", ["av", "obm"])
def test_four_workers_allow_well_under_half_the_serial_time(plan: str) -> None:
    result = bound(_steps(plan), 4)
    assert result.ratio <= 0.35


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "schedule: 3 calls, critical path 2 calls; with 2 at once, at best 2 call durations "
            "(0.67 of the serial time)",
        ),
        (
            "fr",
            "ordonnancement : 3 appels, chemin critique 2 appels ; avec 2 simultanés, au mieux "
            "2 durées d'appel (0,67 du temps séquentiel)",
        ),
    ],
)
def test_the_bound_is_told_in_the_workspace_s_language(lang: str, expected: str) -> None:
    assert describe_bound(bound(_three_steps(), 2, lambda s: 1, extra_calls=0), lang) == expected


def test_a_step_of_an_op_the_scheduler_does_not_know_runs_alone_between_the_others() -> None:
    steps = list(make_plan(small_workspace(), Observed(parent_id="parent")).steps)
    plain = [replace(s, id="", after=(), lane="") for s in steps]
    plain.insert(5, replace(plain[5], op="future_op"))  # type: ignore[arg-type]
    planned = with_dependencies(plain, small_workspace(), synced_counterparts(small_workspace()))
    barrier = planned[5]
    assert set(barrier.after) == {s.id for s in planned[:5]}
    assert all(barrier.id in s.after for s in planned[6:])


def test_every_op_of_the_plan_has_its_own_lane_never_the_barrier() -> None:
    # plan.types lists the ops once; a new op without a lane here would run as a barrier.
    ws = resolve(load_blueprint("av"), lang="en", client="Lanes")
    page = next(p for p in ws.pages if p.linked_views)
    db = next(d for d in ws.databases if d.rows and d.views)
    keys = {"create_root": "root", "create_page": page.key, "create_database": db.key,
            "create_linked_view": f"{page.key}.{page.linked_views[0].key}",
            "create_templates_page": "templates", "create_template": "t"}  # fmt: skip
    for op in sorted(OPS):
        key = keys.get(op, f"{db.key}.{db.rows[0].key}")
        step = Step(op=op, stage=0, key=key, changes=())
        assert lane_of(step, ws) != f"{op}:{key}", op
