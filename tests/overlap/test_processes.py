"""F15 as users meet it: separate `notion-setup apply` processes, each with its own HOME, against
one served sandbox. The next process starts when the server has seen k writes (not after a
sleep); the killed one is SIGKILLed while its (k+1)-th write is held."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.notion import NotionGateway
from notion_setup.observe import find_root
from notion_setup.provision import apply_workspace, plan_workspace
from notion_setup.sandbox import Sandbox, serve
from notion_setup.sandbox.core import Outcome as SandboxOutcome

from ..provision.helpers import check_matches
from .runs import leases_on

CLIENT = "Race"


class Writes:
    """Counts the served sandbox's writes; ``at(k)`` is set once k writes were answered. A held
    write (``hold_after``) is never carried out: its run is killed while it waits."""

    def __init__(self, box: Sandbox, hold_after: int | None = None) -> None:
        self.count = 0
        self.hold_after = hold_after
        self.held = threading.Event()
        self.release = threading.Event()
        self._events: dict[int, threading.Event] = {}
        self._real = box.handle
        self._lock = threading.Lock()

    def at(self, k: int) -> threading.Event:
        with self._lock:
            event = self._events.setdefault(k, threading.Event())
            if self.count >= k:
                event.set()
            return event

    def handle(self, method: str, url: str, headers: Any, body: bytes) -> Any:
        if method.upper() not in ("POST", "PATCH", "DELETE") or "/query" in url:
            return self._real(method, url, headers, body)
        with self._lock:
            hold = self.hold_after is not None and self.count >= self.hold_after
            if hold and not self.release.is_set():
                self.held.set()
        if hold and not self.release.is_set():
            self.release.wait(timeout=60)
            return SandboxOutcome(0, b"", {}, action="drop")
        outcome = self._real(method, url, headers, body)
        with self._lock:
            self.count += 1
            for k, event in self._events.items():
                if self.count >= k:
                    event.set()
        return outcome


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Sandbox, Any, Writes]]:
    box = Sandbox(rate_limit=0)
    writes = Writes(box)
    monkeypatch.setattr(box, "handle", writes.handle)
    with serve(box) as server:
        yield box, server, writes


def _run(server: Any, box: Sandbox, home: Path, command: str, *extra: str) -> Any:
    """``notion-setup <command> av --client Race --lang fr`` as a process with its own HOME."""
    home.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "HOME": str(home), "XDG_STATE_HOME": str(home / "state"),
           "XDG_CACHE_HOME": str(home / "cache"), "NOTION_TOKEN": box.token,
           "NOTION_BASE_URL": server.base_url, "NO_COLOR": "1"}  # fmt: skip
    env.pop("NOTION_SETUP_SANDBOX_STATE", None)
    args = [command, "av", "--client", CLIENT, "--lang", "fr", "--parent", box.root_page_id,
            "--rate-limit", "0", "-q", *extra]  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-m", "notion_setup", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _apply(server: Any, box: Sandbox, home: Path) -> Any:
    return _run(server, box, home, "apply", "--yes")


def _finish(procs: list[Any]) -> list[tuple[int, str]]:
    ended = []
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        ended.append((proc.returncode, err))
    return ended


def _check(box: Sandbox, server: Any, ended: list[tuple[int, str]]) -> None:
    for code, err in ended:
        assert code in (0, 9), err
        if code == 9:
            assert f"l'espace de « {CLIENT} » est occupé par une autre exécution : machine " in err
    assert 0 in [code for code, _ in ended]
    ws = resolve(load_blueprint("av"), lang="fr", client=CLIENT)
    gw = NotionGateway(token=box.token, base_url=server.base_url, budget_per_minute=10_000)
    try:
        roots = [c for c in gw.paginate("GET", f"blocks/{box.root_page_id}/children")
                 if c["type"] == "child_page"]  # fmt: skip
        assert len(roots) == 1
        found = find_root(gw, box.root_page_id, ws)
        assert found is not None and found[1] is not None
        check_matches(gw, found[0], ws, found[1])
        assert leases_on(gw, found[0]) == []
        # (in-process over the same HTTP: a process start costs seconds on a loaded machine)
        _, plan = plan_workspace(gw, ws, box.root_page_id)
        assert plan.is_empty, [str(c) for c in plan.changes]
        before = gw.stats.writes
        apply_workspace(gw, ws, box.root_page_id)
        assert gw.stats.writes == before
    finally:
        gw.close()


@pytest.mark.parametrize(("runs", "apart"), [(2, 4), (3, 0)])
def test_F15_separate_processes_on_a_fresh_client_leave_one_workspace(
    runs: int, apart: int, served: tuple[Sandbox, Any, Writes], tmp_path: Path
) -> None:
    box, server, writes = served
    procs = [_apply(server, box, tmp_path / "home-0")]
    for i in range(1, runs):
        assert writes.at(i * apart).wait(timeout=120)
        procs.append(_apply(server, box, tmp_path / f"home-{i}"))
    _check(box, server, _finish(procs))


def test_F12_F15_two_processes_over_a_workspace_killed_part_way(
    served: tuple[Sandbox, Any, Writes], tmp_path: Path
) -> None:
    box, server, writes = served
    writes.hold_after = 60
    victim = _apply(server, box, tmp_path / "home-killed")
    try:
        assert writes.held.wait(timeout=120), "the run never reached its write"
        victim.kill()  # SIGKILL: its lease stays, its registry is not saved
        victim.wait(timeout=30)
    finally:
        writes.hold_after = None
        writes.release.set()
    assert victim.stdout is not None and victim.stderr is not None
    victim.stdout.close()
    victim.stderr.close()
    first = _apply(server, box, tmp_path / "home-1")
    assert writes.at(60 + 20).wait(timeout=120)
    second = _apply(server, box, tmp_path / "home-2")
    _check(box, server, _finish([first, second]))
