"""plan and apply from the command line: exact exit codes; results on stdout, the rest on stderr."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.cli import cli
from notion_setup.notion import NotionGateway
from notion_setup.observe import find_root
from notion_setup.provision import apply_workspace
from notion_setup.sandbox import Sandbox, serve
from notion_setup.sandbox.core import Outcome as SandboxOutcome

from .helpers import duplicates, linked_view_blocks, tree


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_apply_on_the_sandbox_then_rerun_writes_nothing(runner: CliRunner) -> None:
    first = runner.invoke(cli, ["apply", "av", "--sandbox", "--client", "Demo", "--lang", "en"])
    assert first.exit_code == 0, first.stderr
    # The in-process sandbox's links open the view it writes beside its state file.
    view = Path(os.environ["NOTION_SETUP_SANDBOX_STATE"]).with_suffix(".html").resolve().as_uri()
    assert first.stdout.startswith(f"Demo: {view}#")
    assert first.stdout.endswith(f"Open the workspace: {first.stdout.split()[1]}\n")
    assert "Done: 190 created, 0 updated, 0 removed, 0 unchanged." in first.stdout
    assert "[  1/196] create    root Demo – Assistant workspace" in first.stderr
    again = runner.invoke(cli, ["apply", "av", "--sandbox", "--client", "Demo", "--lang", "en"])
    assert again.exit_code == 0
    assert "No changes: the workspace already matches the blueprint (0 writes)." in again.stdout
    assert "(0 writes), retries: 0" in again.stdout


def test_plan_exits_3_while_changes_are_pending_and_0_after_apply(runner: CliRunner) -> None:
    args = ["--sandbox", "--client", "Acme", "--lang", "fr", "-q"]
    pending = runner.invoke(cli, ["plan", "obm", *args])
    assert pending.exit_code == 3
    assert pending.stderr == ""
    assert (
        "Plan : 332 à créer, 1 à mettre à jour, 0 à supprimer ou changer de type, 0 inchangés."
        in pending.stdout
    )
    assert runner.invoke(cli, ["apply", "obm", *args]).exit_code == 0
    clean = runner.invoke(cli, ["plan", "obm", *args])
    assert clean.exit_code == 0
    assert "Aucun changement : l'espace correspond au blueprint (332 inchangés)." in clean.stdout


def test_apply_json_is_one_object_with_the_documented_keys(runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["apply", "av", "--sandbox", "--client", "Json", "--lang", "en", "--json", "-q"]
    )
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    for key in ("root_page_id", "root_url", "created", "updated", "unchanged", "api_calls",
                "retries", "elapsed_s", "objects"):  # fmt: skip
        assert key in data
    assert data["created"] == 190 and data["retries"] == 0
    assert {o["kind"] for o in data["objects"]} >= {"database", "page", "template"}


def test_no_token_is_a_usage_error_that_says_how_to_get_one(runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["apply", "av", "--client", "Acme", "--parent", "1f2e3d4c5b6a79881f2e3d4c5b6a7988"]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no Notion token: $NOTION_TOKEN is not set\n  fix: ")
    assert "--sandbox" in result.stderr


@pytest.fixture
def served() -> Iterator[tuple[Sandbox, str]]:
    box = Sandbox(rate_limit=0)
    with serve(box) as server:
        yield box, server.base_url


def test_a_wrong_token_stops_with_exit_4_and_is_never_printed(runner: CliRunner, served) -> None:
    box, url = served
    canary = "secret_CANARY0123456789abcdefCANARY"
    result = runner.invoke(
        cli,
        [
            "apply",
            "av",
            "--client",
            "Acme",
            "--parent",
            box.root_page_id,
            "--base-url",
            url,
            "-vv",
            "--rate-limit",
            "0",
        ],
        env={"NOTION_TOKEN": canary},
    )
    assert result.exit_code == 4
    assert "401" in result.stderr and "NOTION_TOKEN" in result.stderr
    assert canary not in result.stdout + result.stderr


def test_F25_the_token_never_shows_even_with_debug_logging(
    runner: CliRunner, served, tmp_path: Path
) -> None:
    box, url = served
    box.faults.inject("503_committed", method="POST", path="/v1/pages", count=2)
    box.faults.inject("502", count=2)
    result = runner.invoke(
        cli,
        [
            "apply",
            "av",
            "--client",
            "Acme",
            "--parent",
            box.root_page_id,
            "--base-url",
            url,
            "-vv",
            "--rate-limit",
            "0",
        ],
        env={"NOTION_TOKEN": box.token},
    )
    assert result.exit_code == 0, result.stderr
    assert "retry" in result.stderr
    assert box.token not in result.stdout + result.stderr
    assert box.token[-12:] not in result.stdout + result.stderr


def test_an_unshared_parent_says_how_to_share_it(runner: CliRunner, served) -> None:
    box, url = served
    missing = "0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f"
    result = runner.invoke(
        cli,
        ["apply", "av", "--client", "Acme", "--parent", missing, "--base-url", url, "-q"],
        env={"NOTION_TOKEN": box.token},
    )
    assert result.exit_code == 4
    assert missing in result.stderr
    assert "Connections" in result.stderr


def test_a_network_that_is_down_exits_8_after_bounded_retries(runner: CliRunner) -> None:
    result = runner.invoke(
        cli,
        [
            "apply",
            "av",
            "--client",
            "Acme",
            "--parent",
            "1f2e3d4c5b6a79881f2e3d4c5b6a7988",
            "--base-url",
            "http://127.0.0.1:9",
            "--max-attempts",
            "2",
            "--max-retry-time",
            "1",
            "-q",
        ],
        env={"NOTION_TOKEN": "secret_x"},
    )
    assert result.exit_code == 8
    assert "http://127.0.0.1:9" in result.stderr


class WriteGate:
    """Holds the served sandbox's (k+1)-th write until the test releases it.

    The k writes before it are committed. ``answer=False`` (the run is killed meanwhile): the
    held write never is (the real handler is not called), so the killed run has written exactly
    k objects, whatever the machine's speed. ``answer=True``: once released, the held write is
    handled as any other and ``answered`` is set. Writes after the held one pass.
    """

    def __init__(self, box: Sandbox, after_writes: int, *, answer: bool = False) -> None:
        self.after_writes = after_writes
        self.answer = answer
        self.writes = 0
        self.reached = threading.Event()
        self.release = threading.Event()
        self.answered = threading.Event()
        self._real = box.handle
        self._lock = threading.Lock()

    def handle(self, method: str, url: str, headers: Any, body: bytes) -> Any:
        # Search and query are reads sent as POST.
        path = url.split("?", 1)[0]
        reading = path == "/v1/search" or path.endswith("/query")
        if method.upper() in ("POST", "PATCH", "DELETE") and not reading:
            with self._lock:
                self.writes += 1
                held = self.writes == self.after_writes + 1
            if held:
                self.reached.set()
                self.release.wait(timeout=60)
                if not self.answer:
                    # The client is dead by now: nothing is written, the answer goes nowhere.
                    return SandboxOutcome(0, b"", {}, action="drop")
                try:
                    return self._real(method, url, headers, body)
                finally:
                    self.answered.set()
        return self._real(method, url, headers, body)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_F13_a_signal_stops_apply_cleanly_and_the_next_run_finishes(
    sig: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Triggered by a write count, not by time: the run's eleventh write is held by the server
    # until the signal has been sent, so the run is under way (our handlers are installed) and
    # far from its end (~190 writes) when the signal arrives, whatever the machine's load.
    box = Sandbox(rate_limit=0)
    gate = WriteGate(box, after_writes=10, answer=True)
    monkeypatch.setattr(box, "handle", gate.handle)
    with serve(box) as server:
        env = {**os.environ, "NOTION_TOKEN": box.token, "NO_COLOR": "1"}
        args = [sys.executable, "-m", "notion_setup", "apply", "av", "--client", "Sig",
                "--lang", "en", "--parent", box.root_page_id, "--base-url", server.base_url,
                "--rate-limit", "0"]  # fmt: skip
        run = subprocess.Popen(
            args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        try:
            assert gate.reached.wait(timeout=120), "the run never reached its eleventh write"
            # The run waits for the held answer: the signal is pending before the answer comes.
            run.send_signal(sig)
        finally:
            gate.release.set()
        out, err = run.communicate(timeout=60)
        assert run.returncode == 130, err
        assert "run the same command again" in err
        assert box.token not in out + err
        # The held write has been handled before the next run reads the workspace.
        assert gate.answered.wait(timeout=60)
        finish = subprocess.run(
            [*args, "-q", "--json"], env=env, capture_output=True, text=True, timeout=120
        )
        assert finish.returncode == 0, finish.stderr
        done = json.loads(finish.stdout)
        assert 0 < done["created"] < 196  # it resumed: only what was missing
        recheck = subprocess.run(
            [*args, "-q", "--json"], env=env, capture_output=True, text=True, timeout=60
        )
        assert json.loads(recheck.stdout)["writes"] == 0


@pytest.fixture(scope="module")
def av_objects() -> int:
    """How many objects a first AV apply creates (in-process, without a server)."""
    box = Sandbox(rate_limit=0)
    ws = resolve(load_blueprint("av"), lang="en", client="Killed")
    gw = NotionGateway(
        token=box.token,
        base_url="http://sandbox.invalid",
        transport=box.transport(),
        budget_per_minute=10_000,
    )
    try:
        return apply_workspace(gw, ws, box.root_page_id).created
    finally:
        gw.close()


# A full AV run makes about 190 writes; kill right after the root page, among the databases and
# views, and among the starter rows.
@pytest.mark.parametrize(
    "after_writes",
    [
        1,
        60,
        150,
    ],
)
def test_F12_a_process_killed_after_step_k_is_completed_by_the_next_run(
    after_writes: int, av_objects: int, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    box = Sandbox(rate_limit=0)
    gate = WriteGate(box, after_writes)
    monkeypatch.setattr(box, "handle", gate.handle)
    with serve(box) as server:
        env = {**os.environ, "NOTION_TOKEN": box.token, "NO_COLOR": "1"}
        args = ["apply", "av", "--client", "Killed", "--lang", "en", "--parent",
                box.root_page_id, "--base-url", server.base_url, "--rate-limit", "0",
                "-q", "--json"]  # fmt: skip
        victim = subprocess.Popen(
            [sys.executable, "-m", "notion_setup", *args],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            assert gate.reached.wait(timeout=120), "the run never reached its write"
            victim.kill()  # SIGKILL while write k+1 is held: no clean-up, no registry save
            victim.wait(timeout=30)
        finally:
            gate.release.set()
        gw = NotionGateway(token=box.token, base_url=server.base_url, budget_per_minute=10_000)
        try:
            left = tree(gw, box.root_page_id)
            assert ("child_page", "Killed – Assistant workspace") in [e[1:] for e in left]
            finish = runner.invoke(cli, args, env={"NOTION_TOKEN": box.token})
            assert finish.exit_code == 0, finish.stderr
            done = json.loads(finish.stdout)
            # The killed run had written part of the workspace but not all of it: the next run
            # kept (or adopted) those objects and created only the rest.
            assert 0 < done["created"] < av_objects
            again = runner.invoke(cli, args, env={"NOTION_TOKEN": box.token})
            report = json.loads(again.stdout)
            assert report["writes"] == 0 and report["created"] == 0
            ws = resolve(load_blueprint("av"), lang="en", client="Killed")
            found = find_root(gw, box.root_page_id, ws)
            assert found is not None and found[1] is not None
            # Linked views are database blocks titled like their source: left out.
            entries = tree(gw, box.root_page_id, linked_view_blocks(found[1]))
        finally:
            gw.close()
        assert duplicates(entries) == []
        assert sum(1 for _, kind, _ in entries if kind == "child_database") == len(ws.databases)
