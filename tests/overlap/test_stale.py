"""A lease never locks a user out: left by a killed run, an interrupted one, expired (F12, F13)."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import UTC, datetime
from typing import Any

import pytest

from notion_setup.errors import WorkspaceBusy
from notion_setup.lease import LeaseOptions
from notion_setup.observe import find_root
from notion_setup.provision import apply_workspace
from notion_setup.sandbox import Sandbox

from .runs import (
    LeaseClock,
    Watched,
    assert_exactly_one_copy,
    kill_after,
    lease_text,
    leases_on,
    make_root,
    put_lease,
)


class Recorder:
    """A reporter that keeps the warnings."""

    def __init__(self) -> None:
        self.warnings: list[str] = []

    def status(self, message: str) -> None: ...
    def start(self, total: int, label: str) -> None: ...
    def tick(self, verb: str, name: str) -> None: ...
    def finish(self) -> None: ...

    def warn(self, message: str) -> None:
        self.warnings.append(message)


def _root(box: Sandbox, gateway_for: Any, ws: Any) -> str:
    found = find_root(gateway_for(box), box.root_page_id, ws)
    assert found is not None
    return found[0]


@pytest.mark.parametrize("killed_after", [2, 5, 12, 19])
def test_F12_a_killed_runs_lease_is_taken_over_by_the_next_run_on_this_host(
    killed_after: int, gateway_for: Any, small: Any
) -> None:
    box = Sandbox(rate_limit=0)
    kill_after(box, gateway_for, small, killed_after)  # write 2 is the lease block
    root = _root(box, gateway_for, small)
    assert len(leases_on(gateway_for(box), root)) == 1  # left behind: nobody released it
    recorder = Recorder()
    apply_workspace(gateway_for(box), small, box.root_page_id, reporter=recorder)
    assert any("took over the stale lease of host" in w for w in recorder.warnings)
    assert_exactly_one_copy(box, gateway_for, small)


def test_F12_a_lease_whose_process_is_gone_is_stale_on_the_same_host(
    gateway_for: Any, small: Any
) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    box = Sandbox(rate_limit=0)
    gw = gateway_for(box)
    root = make_root(gw, box.root_page_id, small.title)
    options = LeaseOptions()
    text = lease_text(options.host, int(gone.stdout), "dead-run", "2026-12-02T07:00:00Z",
                      "2099-01-01T07:10:00Z")  # fmt: skip
    put_lease(gw, root, text)
    apply_workspace(gateway_for(box), small, box.root_page_id)
    assert_exactly_one_copy(box, gateway_for, small)


def test_a_lease_of_another_machine_is_honoured_until_it_expires(
    gateway_for: Any, small: Any
) -> None:
    box = Sandbox(rate_limit=0)
    gw = gateway_for(box)
    root = make_root(gw, box.root_page_id, small.title)
    put_lease(gw, root, lease_text("ci-runner-7", 4242, "other", "2026-12-02T07:00:00Z",
                                   "2026-12-02T07:10:00Z"))  # fmt: skip
    clock = LeaseClock(datetime(2026, 12, 2, 7, 0, tzinfo=UTC))
    quiet = gateway_for(box)
    with pytest.raises(WorkspaceBusy) as busy:
        apply_workspace(quiet, small, box.root_page_id, lease=LeaseOptions(now=clock.now))
    assert quiet.stats.writes == 0  # stopped on what it read: nothing written
    assert "host ci-runner-7, pid 4242, since 07:00 UTC, until 07:10 UTC" in str(busy.value)
    clock.advance(11 * 60)  # 07:11: expired
    apply_workspace(gateway_for(box), small, box.root_page_id, lease=LeaseOptions(now=clock.now))
    assert_exactly_one_copy(box, gateway_for, small)


def test_break_lease_removes_a_lease_the_user_says_is_stale(gateway_for: Any, small: Any) -> None:
    box = Sandbox(rate_limit=0)
    gw = gateway_for(box)
    root = make_root(gw, box.root_page_id, small.title)
    put_lease(gw, root, lease_text("ci-runner-7", 4242, "other", "2026-12-02T07:00:00Z",
                                   "2099-01-01T07:10:00Z"))  # fmt: skip
    recorder = Recorder()
    apply_workspace(
        gateway_for(box),
        small,
        box.root_page_id,
        reporter=recorder,
        lease=LeaseOptions(break_lease=True),
    )
    # (the hand-made root has no registry yet: observe says so too)
    assert "removed the lease of host ci-runner-7, pid 4242 (--break-lease)" in recorder.warnings
    assert_exactly_one_copy(box, gateway_for, small)


class Interrupting(Watched):
    """Ctrl-C arrives right after the n-th write (once)."""

    def __init__(self, gw: Any, n: int) -> None:
        super().__init__(gw)
        self.n = n

    def write(self, *args: Any, **kwargs: Any) -> Any:
        result = super().write(*args, **kwargs)
        if self.writes == self.n:
            raise KeyboardInterrupt
        return result


@pytest.mark.parametrize("after_writes", [2, 9])
def test_F13_ctrl_c_releases_the_lease_and_the_next_run_finishes(
    after_writes: int, gateway_for: Any, small: Any
) -> None:
    box = Sandbox(rate_limit=0)
    with pytest.raises(KeyboardInterrupt):
        apply_workspace(Interrupting(gateway_for(box), after_writes), small, box.root_page_id)
    assert leases_on(gateway_for(box), _root(box, gateway_for, small)) == []
    apply_workspace(gateway_for(box), small, box.root_page_id)
    assert_exactly_one_copy(box, gateway_for, small)


def test_F13_a_stop_between_steps_releases_the_lease(gateway_for: Any, small: Any) -> None:
    from notion_setup.errors import Interrupted

    box = Sandbox(rate_limit=0)
    stop = threading.Event()
    gw: Watched = Watched(gateway_for(box), lambda: stop.set() if gw.writes == 5 else None)
    with pytest.raises(Interrupted):
        apply_workspace(gw, small, box.root_page_id, stop=stop)
    assert leases_on(gateway_for(box), _root(box, gateway_for, small)) == []


def test_a_long_run_renews_its_lease_so_a_later_run_still_honours_it(
    gateway_for: Any, small: Any
) -> None:
    # Every write takes a minute by the lease's clock: the 20-write run lasts twice the lease
    # time. A run started at write 15 (15 minutes in) still finds a live lease: it was renewed.
    box = Sandbox(rate_limit=0)
    clock = LeaseClock()
    later: list[BaseException] = []

    def tick() -> None:
        clock.advance(60)
        if first.writes == 15:
            try:
                apply_workspace(gateway_for(box), small, box.root_page_id,
                                lease=LeaseOptions(now=clock.now))  # fmt: skip
            except WorkspaceBusy as error:
                later.append(error)

    first = Watched(gateway_for(box), tick)
    apply_workspace(first, small, box.root_page_id, lease=LeaseOptions(now=clock.now))
    assert len(later) == 1, "the later run did not see the renewed lease"
    assert_exactly_one_copy(box, gateway_for, small)
