"""Helpers shared by the sandbox tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from notion_client import APIResponseError


def api_error(call: Callable[[], Any]) -> APIResponseError:
    """Run ``call`` and return the APIResponseError it must raise."""
    with pytest.raises(APIResponseError) as info:
        call()
    return info.value


def text(content: str) -> list[dict[str, Any]]:
    """A request rich-text array."""
    return [{"type": "text", "text": {"content": content}}]


def para(content: str, **extra: Any) -> dict[str, Any]:
    """A paragraph block request."""
    return {
        "object": "block",
        "type": "paragraph",
        "paragraph": {"rich_text": text(content), **extra},
    }


def make_db(
    api: Any, parent: str, title: str, properties: dict[str, Any]
) -> tuple[dict[str, Any], str]:
    """Create a database; return it and its data source id."""
    db = api.databases.create(
        parent={"type": "page_id", "page_id": parent},
        title=text(title),
        initial_data_source={"properties": properties},
    )
    return db, db["data_sources"][0]["id"]
