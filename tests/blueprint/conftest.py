"""Shared paths and helpers for the blueprint tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "blueprints"
VALID = FIXTURES / "valid"
INVALID = FIXTURES / "invalid"
STUDIO = VALID / "studio.json"
STUDIO_PLUS = VALID / "studio_plus.json"
TODAY = date(2026, 1, 31)


@pytest.fixture(autouse=True)
def _english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands pick their default language from the locale; tests fix it."""
    for name in ("NOTION_SETUP_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("NOTION_SETUP_DEBUG", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
