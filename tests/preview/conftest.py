"""Fixtures of the preview tests."""

from __future__ import annotations

import pytest

from notion_setup.model import Workspace

from .workspace_fixture import make_workspace


@pytest.fixture(params=["en", "fr"])
def workspace(request: pytest.FixtureRequest) -> Workspace:
    """The hand-made workspace in each language."""
    return make_workspace(request.param)
