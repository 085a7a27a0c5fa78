"""Shared test set-up: every test runs without the developer's Notion settings or state."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

from notion_setup.pacer import reset_shared_pacers

# CI runs the same examples every time (a failure there is reproducible); locally hypothesis keeps
# exploring new ones.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def isolate(env: pytest.MonkeyPatch, folder: Path, cache: Path | None = None) -> None:
    """No real token, no real base URL, sandbox state and XDG dirs inside ``folder``.

    ``cache``: the XDG cache folder (blueprints already checked), default inside ``folder``.
    """
    for name in (
        "NOTION_TOKEN",
        "NOTION_BASE_URL",
        "NOTION_VERSION",
        "NOTION_SETUP_DEBUG",
        "NOTION_SETUP_LANG",
    ):
        env.delenv(name, raising=False)
    env.setenv("NOTION_SETUP_SANDBOX_STATE", str(folder / "sandbox-state.sqlite"))
    env.setenv("XDG_STATE_HOME", str(folder / "xdg-state"))
    env.setenv("XDG_CACHE_HOME", str(cache or folder / "xdg-cache"))
    env.setenv("LANG", "C.UTF-8")
    env.setenv("NO_COLOR", "1")


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One XDG cache folder for the tests of a worker, as a user's is shared by their runs.

    It only remembers blueprints that passed their checks, by content: sharing it changes how
    fast a test's processes start, never what they do (tests of the cache use their own).
    """
    return tmp_path_factory.mktemp("xdg-cache")


@pytest.fixture(autouse=True)
def isolated_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, shared_cache: Path
) -> Iterator[None]:
    """Every test: ``isolate`` in its tmp_path, and no pacer left by another test."""
    isolate(monkeypatch, tmp_path, shared_cache)
    # Pacers are shared per token for the whole process; a test must not inherit another
    # test's fake clock or lowered rate (sandbox tokens repeat from test to test).
    reset_shared_pacers()
    yield
    reset_shared_pacers()


def copy_sandbox_state(source: Path, target: Path) -> None:
    """Make ``target`` the same sandbox workspace as ``source`` (whatever ``target`` held)."""
    # SQLite's own backup, not a file copy: the state's write-ahead log may still hold pages.
    reader = sqlite3.connect(source)
    writer = sqlite3.connect(target)
    try:
        reader.backup(writer)
    finally:
        writer.close()
        reader.close()


class Prebuilt:
    """Sandbox workspaces left by CLI runs, each made once a worker and copied on demand.

    A test whose subject comes after a first ``apply`` (a re-run, an edit by hand, an export)
    starts from the state that apply leaves, the state file being all a sandbox run keeps,
    without building it again. Tests of the first apply itself still run it.
    """

    def __init__(self, folder: Path, cache: Path) -> None:
        self._folder = folder
        self._cache = cache
        self._states: dict[tuple[tuple[str, ...], ...], Path] = {}

    def restore(self, *runs: tuple[str, ...]) -> None:
        """Make the test's sandbox state what ``runs`` (CLI arguments, in order) leave.

        Call it before the test opens its sandbox: a ``Sandbox`` already open keeps its own
        copy of the records.
        """
        if runs not in self._states:
            self._states[runs] = self._build(runs)
        copy_sandbox_state(self._states[runs], Path(os.environ["NOTION_SETUP_SANDBOX_STATE"]))

    def _build(self, runs: tuple[tuple[str, ...], ...]) -> Path:
        from notion_setup.cli import cli

        folder = self._folder / f"state-{len(self._states)}"
        folder.mkdir()
        with pytest.MonkeyPatch.context() as env:  # the test's own environment comes back after
            isolate(env, folder, self._cache)
            reset_shared_pacers()
            try:
                for args in runs:
                    result = CliRunner().invoke(cli, list(args))
                    assert result.exit_code == 0, (args, result.output)
            finally:
                reset_shared_pacers()
        return folder / "sandbox-state.sqlite"


@pytest.fixture(scope="session")
def prebuilt(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Prebuilt:
    """Workspaces built once a worker (see ``Prebuilt``)."""
    return Prebuilt(tmp_path_factory.mktemp("prebuilt"), shared_cache)
