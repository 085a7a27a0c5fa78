"""Runs that overlap, started by write count (never by sleeping), and the checks after them."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from notion_setup.errors import WorkspaceBusy
from notion_setup.lease import LeaseOptions, holders_in
from notion_setup.model import Workspace
from notion_setup.notion.endpoints import as_api
from notion_setup.observe import find_root, list_children
from notion_setup.provision import RunReport, apply_workspace, plan_workspace
from notion_setup.sandbox import Sandbox

from ..provision.helpers import check_matches

#: The runs' start offsets of the issue (0, 0.05, 0.2, 1 and 2 s apart) as writes the runs have
#: made together before the next one starts, so that they fall on the same moments of a run
#: whatever the machine's speed. A run of the small workspace makes about 21 writes (its root,
#: its lease, 17 objects, the registry, the lease's release): the next run starts before any
#: write, once the root exists but its lease does not, just after the lease, among the
#: databases and views, and among the rows.
STARTS = {"0s": 0, "0.05s": 1, "0.2s": 3, "1s": 8, "2s": 14}
#: The same moments in an AV run (about 196 writes).
AV_STARTS = {"0.2s": 4, "1s": 40, "2s": 120}


class Killed(BaseException):
    """The process died: nothing after this point runs (no registry save, no lease release)."""


class Watched:
    """A gateway wrapper that counts writes, calls ``on_write`` after each, and can die."""

    def __init__(self, gw: Any, on_write: Any = None, *, kill_after: int | None = None) -> None:
        self.gw = gw
        self.on_write = on_write
        self.kill_after = kill_after
        self.writes = 0
        self.dead = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.gw, name)

    def read(self, *args: Any, **kwargs: Any) -> Any:
        if self.dead:
            raise Killed()
        return self.gw.read(*args, **kwargs)

    def paginate(self, *args: Any, **kwargs: Any) -> Any:
        if self.dead:
            raise Killed()
        return self.gw.paginate(*args, **kwargs)

    def write(self, *args: Any, **kwargs: Any) -> Any:
        if self.dead:
            raise Killed()
        result = self.gw.write(*args, **kwargs)
        self.writes += 1
        if self.on_write is not None:
            self.on_write()
        if self.kill_after is not None and self.writes >= self.kill_after:
            self.dead = True
            raise Killed()
        return result


@dataclass
class Outcome:
    """How one run ended: its report (exit 0) or its error (``WorkspaceBusy``: exit 9)."""

    report: RunReport | None
    error: BaseException | None
    writes: int

    @property
    def exit_code(self) -> int:
        if self.error is None:
            return 0
        return 9 if isinstance(self.error, WorkspaceBusy) else -1


def overlapping_runs(
    box: Sandbox,
    gateway_for: Any,
    ws: Workspace,
    *,
    runs: int,
    after_writes: int,
    lease: LeaseOptions | None = None,
) -> list[Outcome]:
    """Start ``runs`` applies of ``ws``; run i starts once all runs together have made
    i × ``after_writes`` writes (or the run before it ended). Returns how each ended."""
    started = [threading.Event() for _ in range(runs)]
    outcomes: list[Outcome | None] = [None] * runs
    lock = threading.Lock()
    total = [0]

    def wrote() -> None:
        with lock:
            total[0] += 1
            for i in range(1, runs):
                if total[0] >= i * after_writes:
                    started[i].set()

    def run(i: int) -> None:
        started[i].wait(timeout=120)
        if after_writes == 0 and i + 1 < runs:
            started[i + 1].set()
        gw = Watched(gateway_for(box), wrote)
        try:
            report = apply_workspace(gw, ws, box.root_page_id, lease=lease)
            outcomes[i] = Outcome(report, None, gw.writes)
        except BaseException as error:  # recorded, and the test fails on any but WorkspaceBusy
            outcomes[i] = Outcome(None, error, gw.writes)
        finally:
            if i + 1 < runs:
                started[i + 1].set()

    started[0].set()
    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert all(o is not None for o in outcomes), "a run did not finish"
    return [o for o in outcomes if o is not None]


def kill_after(box: Sandbox, gateway_for: Any, ws: Workspace, writes: int) -> None:
    """A run killed right after its ``writes``-th write (F12): its lease block stays behind."""
    gw = Watched(gateway_for(box), kill_after=writes)
    try:
        apply_workspace(gw, ws, box.root_page_id)
    except Killed:
        return
    raise AssertionError(f"the run made fewer than {writes} writes")


def assert_exactly_one_copy(box: Sandbox, gateway_for: Any, ws: Workspace) -> None:
    """One root, every object once, no lease left, an empty plan, a second apply writes nothing."""
    gw = gateway_for(box)
    roots = [
        c
        for c in list_children(gw, box.root_page_id)
        if c.type == "child_page" and c.title == ws.title
    ]
    assert len(roots) == 1, f"{len(roots)} roots titled {ws.title!r}"
    found = find_root(gw, box.root_page_id, ws)
    assert found is not None and found[1] is not None, "no client root with a registry"
    assert found[0] == roots[0].id
    check_matches(gw, found[0], ws, found[1])
    assert holders_in(as_api(gw).blocks.children(found[0])) == [], "a lease block was left"
    _, plan = plan_workspace(gw, ws, box.root_page_id)
    assert plan.is_empty, [str(c) for c in plan.changes]
    again = gateway_for(box)
    report = apply_workspace(again, ws, box.root_page_id)
    assert report.plan.is_empty and again.stats.writes == 0


class LeaseClock:
    """A wall clock for leases that only moves when someone sleeps or calls ``advance``."""

    def __init__(self, start: datetime | None = None) -> None:
        # By default the real time: a run on the real clock and one on this agree on expiries.
        self.moment = start or datetime.now(UTC)
        self.on_sleep: Any = None
        #: Every wait asked of this clock, in order.
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self.moment

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.moment += timedelta(seconds=seconds)

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        if self.on_sleep is not None:
            self.on_sleep()
        self.advance(seconds)


def lease_text(
    host: str, pid: int, run: str, started: str, expires: str, *, lang: str = "en"
) -> str:
    """A lease block's text as another run writes it (the format documented in the README)."""
    head = {
        "en": "🔒 notion-setup: run in progress — do not edit",
        "fr": "🔒 notion-setup : exécution en cours — ne pas modifier",
    }[lang]
    data = {"host": host, "pid": pid, "run": run, "version": "1.0", "started": started,
            "expires": expires}  # fmt: skip
    return head + " " + json.dumps(data)


def put_lease(gw: Any, root_id: str, text: str) -> str:
    """Append a lease block written by "another run" to a root page; returns its id."""
    answer = gw.write(
        "PATCH",
        f"blocks/{root_id}/children",
        body={
            "children": [
                {
                    "type": "paragraph",
                    "paragraph": {"rich_text": [{"type": "text", "text": {"content": text}}]},
                }
            ]
        },
        parent_id=root_id,
    )
    return str(answer["results"][-1]["id"])


def make_root(gw: Any, parent_id: str, title: str) -> str:
    """A root page as a run that was stopped right after creating it leaves it."""
    answer = gw.write(
        "POST",
        "pages",
        body={
            "parent": {"page_id": parent_id},
            "properties": {"title": {"title": [{"type": "text", "text": {"content": title}}]}},
        },
        parent_id=parent_id,
    )
    return str(answer["id"])


def leases_on(gw: Any, root_id: str) -> list[Any]:
    """The lease blocks on a root page, in order."""
    return holders_in(as_api(gw).blocks.children(root_id))


def lease_clock(monkeypatch: Any) -> LeaseClock:
    """A ``LeaseClock`` for the lease of every run started after this (a CLI run too).

    A run waiting for another's lease to expire then takes its polls one after the other, each
    one step, however long the lease has to go; ``sleeps`` lists them.
    """
    from notion_setup import lease

    clock = LeaseClock()
    monkeypatch.setattr(lease, "utc_now", clock.now)
    monkeypatch.setattr(lease, "_pause", clock.sleep)
    return clock
