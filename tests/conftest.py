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


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No real token, no real base URL, sandbox state and XDG dirs inside tmp_path."""
    for name in (
        "NOTION_TOKEN",
        "NOTION_BASE_URL",
        "NOTION_VERSION",
        "NOTION_SETUP_DEBUG",
        "NOTION_SETUP_LANG",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NOTION_SETUP_SANDBOX_STATE", str(tmp_path / "sandbox-state.sqlite"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("NO_COLOR", "1")
    # Pacers are shared per token for the whole process; a test must not inherit another
    # test's fake clock or lowered rate (sandbox tokens repeat from test to test).
    reset_shared_pacers()
    yield
    reset_shared_pacers()
