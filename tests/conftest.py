"""Shared test set-up: every test runs without the developer's Notion settings or state."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
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
