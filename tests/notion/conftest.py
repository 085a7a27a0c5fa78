"""Fixtures of the endpoint-layer tests: the studio blueprint resolved in English."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.model import Workspace

STUDIO = Path(__file__).parent.parent / "fixtures" / "blueprints" / "valid" / "studio.json"


@pytest.fixture(scope="session")
def studio() -> Workspace:
    return resolve(load_blueprint(STUDIO), lang="en", client="Acme", today=date(2026, 3, 2))
