"""--wait: a run that finds the workspace held waits for the lease, then re-plans."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest

from notion_setup.errors import WorkspaceBusy
from notion_setup.lease import LeaseOptions
from notion_setup.provision import apply_workspace
from notion_setup.sandbox import Sandbox

from .runs import LeaseClock, Watched, assert_exactly_one_copy


class Paused(Watched):
    """A run held after its n-th write until ``go`` is set (a run in progress)."""

    def __init__(self, gw: Any, n: int) -> None:
        super().__init__(gw)
        self.n = n
        self.reached = threading.Event()
        self.go = threading.Event()

    def write(self, *args: Any, **kwargs: Any) -> Any:
        result = super().write(*args, **kwargs)
        if self.writes == self.n:
            self.reached.set()
            self.go.wait(timeout=120)
        return result


def _held_run(box: Sandbox, gateway_for: Any, ws: Any, n: int) -> tuple[Paused, threading.Thread]:
    holder = Paused(gateway_for(box), n)
    thread = threading.Thread(
        target=apply_workspace, args=(holder, ws, box.root_page_id), daemon=True
    )
    thread.start()
    assert holder.reached.wait(timeout=120)
    return holder, thread


def test_a_waiting_run_writes_nothing_once_the_other_run_finished(
    gateway_for: Any, small: Any
) -> None:
    box = Sandbox(rate_limit=0)
    holder, thread = _held_run(box, gateway_for, small, 8)
    clock = LeaseClock()

    def let_the_other_run_finish() -> None:
        holder.go.set()
        thread.join(timeout=120)

    clock.on_sleep = let_the_other_run_finish
    waiting = gateway_for(box)
    report = apply_workspace(
        waiting, small, box.root_page_id, lease=LeaseOptions(wait_s=600, now=clock.now,
                                                             sleep=clock.sleep)
    )  # fmt: skip
    assert report.plan.is_empty and report.created == 0
    assert waiting.stats.writes == 0
    assert_exactly_one_copy(box, gateway_for, small)


def test_a_wait_that_runs_out_stops_with_workspace_busy(gateway_for: Any, small: Any) -> None:
    box = Sandbox(rate_limit=0)
    holder, thread = _held_run(box, gateway_for, small, 8)
    clock = LeaseClock()
    started = clock.now()
    waiting = gateway_for(box)
    try:
        options = LeaseOptions(wait_s=30, now=clock.now, sleep=clock.sleep)
        with pytest.raises(WorkspaceBusy):
            apply_workspace(waiting, small, box.root_page_id, lease=options)
        assert waiting.stats.writes == 0
        assert clock.now() - started == timedelta(seconds=30)  # it did wait 30 s
    finally:
        holder.go.set()
        thread.join(timeout=120)
    assert_exactly_one_copy(box, gateway_for, small)
