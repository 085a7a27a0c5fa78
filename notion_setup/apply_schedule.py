"""Run a plan's steps by dependency: each step starts as soon as the steps it needs are done.

``Schedule`` is the pure state (what is ready, running, done) and the priority (the step with
the longest chain of calls still behind it goes first); ``run_scheduled`` drives it with a thread
pool. ``bound`` computes from the plan what any schedule can reach: the critical path in calls
(lanes, one writer per Notion parent, included, since the plan chains them) and the list-scheduling
lower bound with N workers, max(critical path, calls / N).

Failure: the first error stops new starts, the steps in flight finish, and the error is raised
(the executor then saves the registry). ``stop`` set from outside (SIGTERM) does the same through
the executor's ``Interrupted``; Ctrl-C in the waiting thread sets ``stop`` and is raised at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

from notion_setup.model import Workspace
from notion_setup.plan import Step

_log = logging.getLogger(__name__)

#: Calls a step makes when nothing goes wrong (what ``apply``'s handlers send).
STEP_CALLS: Mapping[str, int] = {
    "create_root": 2,  # the create, then one listing of the parent against a concurrent run (F15)
    "adopt_default_view": 2,  # list the database's views, then PATCH Notion's own
    "remove_default_view": 3,  # list, read the one this run does not know, DELETE it
}

#: The registry is saved once, after every step.
REGISTRY_CALLS = 1


def step_calls(step: Step) -> int:
    """Calls one step makes on a clean run (1 for most: one create or one update)."""
    return STEP_CALLS.get(step.op, 1)


def _view_database(step: Step, workspace: Workspace) -> str | None:
    """The database whose property ids a view step needs, if it is one."""
    if step.op in ("create_view", "adopt_default_view"):
        return step.key.split(".", 1)[0]
    if step.op == "create_linked_view":
        page_key, lv_key = step.key.split(".", 1)
        page = next(p for p in workspace.pages if p.key == page_key)
        return next(v.database for v in page.linked_views if v.key == lv_key)
    return None


def cost_model(steps: Sequence[Step], workspace: Workspace) -> Callable[[Step], int]:
    """Calls per step on a clean run, a schema read included where no response gives the ids.

    A data source update and a row create both answer with the data source's properties and
    their ids; a database create does not (notion-api.md §1.1). So the first view of a database
    created by this run, with neither a schema pass nor a row in it, reads its schema once.
    """
    created = {s.key for s in steps if s.op == "create_database"}
    answered = {s.key.split(".", 1)[0] for s in steps if s.op in ("update_schema", "create_row")}
    reads: set[str] = set()
    for step in steps:
        db_key = _view_database(step, workspace)
        if db_key in created and db_key not in answered and db_key not in reads:
            reads.add(db_key)
            reads.add(step.id)
    return lambda step: step_calls(step) + (1 if step.id in reads else 0)


@dataclass(frozen=True)
class Bound:
    """What the dependency graph of a plan allows, in calls."""

    calls: int
    critical_path: int
    workers: int

    @property
    def lower_bound(self) -> float:
        """No schedule with this many workers takes fewer call-durations than this."""
        return max(float(self.critical_path), self.calls / self.workers)

    @property
    def ratio(self) -> float:
        """The lower bound against running every call one after another (1.0 with one worker)."""
        return self.lower_bound / self.calls if self.calls else 1.0


_BOUND_TEXT = {
    "en": "schedule: {calls} calls, critical path {path} calls; with {workers} at once, at best "
    "{bound} call durations ({ratio} of the serial time)",
    "fr": "ordonnancement : {calls} appels, chemin critique {path} appels ; avec {workers} "
    "simultanés, au mieux {bound} durées d'appel ({ratio} du temps séquentiel)",
}


def describe_bound(bound: Bound, lang: str) -> str:
    """The bound as one line, in the workspace's language (French decimals take a comma)."""
    text = _BOUND_TEXT.get(lang, _BOUND_TEXT["en"])
    ratio = f"{bound.ratio:.2f}"
    return text.format(
        calls=bound.calls,
        path=bound.critical_path,
        workers=bound.workers,
        bound=f"{bound.lower_bound:.0f}",
        ratio=ratio.replace(".", ",") if lang == "fr" else ratio,
    )


def _remaining(steps: Sequence[Step], cost: Callable[[Step], int]) -> dict[str, int]:
    """For each step, the calls on the longest chain from its start to the end of the run."""
    followers: dict[str, list[str]] = {s.id: [] for s in steps}
    for step in steps:
        for dep in step.after:
            followers[dep].append(step.id)
    by_id = {s.id: s for s in steps}
    out: dict[str, int] = {}
    for step in reversed(steps):  # plan order is topological: followers come later
        tail = max((out[f] for f in followers[step.id]), default=0)
        out[step.id] = cost(by_id[step.id]) + tail
    return out


def bound(
    steps: Sequence[Step],
    workers: int,
    cost: Callable[[Step], int] = step_calls,
    *,
    extra_calls: int = REGISTRY_CALLS,
) -> Bound:
    """Critical path and total calls of a plan's steps (``extra_calls`` run after all of them)."""
    remaining = _remaining(steps, cost)
    path = max(remaining.values(), default=0) + extra_calls
    total = sum(cost(s) for s in steps) + extra_calls
    return Bound(calls=total, critical_path=path, workers=max(1, workers))


class Schedule:
    """Which steps may start now; pure bookkeeping, no threads."""

    def __init__(self, steps: Sequence[Step], cost: Callable[[Step], int] = step_calls) -> None:
        self.steps = tuple(steps)
        ids = [s.id for s in self.steps]
        if len(set(ids)) != len(ids) or "" in ids:
            raise ValueError("every step needs a unique id (plan.depends.with_dependencies)")
        known = set(ids)
        for step in self.steps:
            missing = [d for d in step.after if d not in known]
            if missing:
                raise ValueError(f"step {step.id} waits for unknown steps {missing}")
        self._position = {sid: i for i, sid in enumerate(ids)}
        remaining = _remaining(self.steps, cost)
        # Longest chain behind it first; plan order breaks ties (so one worker keeps plan order).
        self._priority = {s.id: (-remaining[s.id], self._position[s.id]) for s in self.steps}
        self._waiting = {s.id: set(s.after) for s in self.steps}
        self._followers: dict[str, list[str]] = {s.id: [] for s in self.steps}
        for step in self.steps:
            for dep in step.after:
                self._followers[dep].append(step.id)
        self._ready = {sid for sid, deps in self._waiting.items() if not deps}
        self.running: set[str] = set()
        self.done: set[str] = set()

    def ready(self) -> list[Step]:
        """Steps whose dependencies are all done and that have not started, best first."""
        return [self.steps[self._position[sid]] for sid in sorted(self._ready, key=self._key)]

    def _key(self, sid: str) -> tuple[int, int]:
        return self._priority[sid]

    def start(self, step_id: str) -> None:
        """Mark a ready step as running."""
        if step_id not in self._ready:
            raise ValueError(f"step {step_id} is not ready")
        self._ready.discard(step_id)
        self.running.add(step_id)

    def finish(self, step_id: str) -> None:
        """Mark a running step as done; its followers may become ready."""
        self.running.remove(step_id)
        self.done.add(step_id)
        for follower in self._followers[step_id]:
            waiting = self._waiting[follower]
            waiting.discard(step_id)
            if not waiting and follower not in self.done and follower not in self.running:
                self._ready.add(follower)

    @property
    def finished(self) -> bool:
        """Every step is done."""
        return len(self.done) == len(self.steps)


def run_scheduled(
    steps: Sequence[Step],
    run_step: Callable[[Step], None],
    *,
    jobs: int,
    stop: threading.Event,
    poll_s: float = 0.2,
) -> None:
    """Run every step, up to ``jobs`` at once, each once its dependencies are done.

    With one job the steps run in plan order. ``poll_s`` only bounds how long the waiting thread
    stays deaf to Ctrl-C; nothing waits on time.
    """
    if jobs <= 1:
        for step in steps:
            run_step(step)
        return
    schedule = Schedule(steps)
    failures: list[BaseException] = []
    running: dict[Future[None], str] = {}
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="apply") as pool:
        try:
            while True:
                if not failures:
                    for step in schedule.ready()[: jobs - len(running)]:
                        schedule.start(step.id)
                        running[pool.submit(run_step, step)] = step.id
                if not running:
                    break
                done, _ = wait(running, timeout=poll_s, return_when=FIRST_COMPLETED)
                for future in done:
                    step_id = running.pop(future)
                    error = future.exception()
                    if error is None:
                        schedule.finish(step_id)
                    else:
                        failures.append(error)
                        stop.set()  # steps in flight finish; the next one is not started
        except BaseException:
            stop.set()
            for future in running:
                future.cancel()
            raise
    if failures:
        raise failures[0]
    if not schedule.finished:  # cannot happen with a plan from make_plan: its graph is acyclic
        raise RuntimeError("some steps never became ready (a dependency cycle)")


def plan_bound(steps: Sequence[Step], workspace: Workspace, workers: int) -> Bound:
    """The bound of a plan's steps for this workspace (the registry save included)."""
    return bound(steps, workers, cost_model(steps, workspace))


def log_bound(steps: Sequence[Step], workspace: Workspace, workers: int) -> Bound:
    """Compute the bound of a plan and log it (``-v`` shows it on stderr)."""
    result = plan_bound(steps, workspace, workers)
    _log.info(describe_bound(result, workspace.lang))
    return result
