"""Notion's paginated lists: cursor rules and the list envelope."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from notion_setup.sandbox import check
from notion_setup.sandbox.check import Json
from notion_setup.sandbox.errors import invalid

if TYPE_CHECKING:
    from notion_setup.sandbox.workspace import Ctx


def paginate(
    items: list[Any],
    ctx: Ctx,
    *,
    cursor: str | None,
    size: Any,
    ident: Callable[[Any], str],
    source: str = "body",
) -> tuple[list[Any], str | None]:
    """Slice ``items`` by Notion's cursor rules: the cursor is the id of the next item.

    Raises:
        ApiError: 400 for a page_size outside 1..100 or an unknown cursor.
    """
    if size is None:
        page_size = 100
    else:
        if source == "query":
            if not str(size).isdigit():
                raise invalid(
                    f"query failed validation: query.page_size should be a number, instead was "
                    f'`"{size}"`.'
                )
            size = int(size)
        if isinstance(size, bool) or not isinstance(size, int):
            raise check.wrong_type(f"{source}.page_size", "an integer", size)
        if size < 1 or size > 100:
            bound = "≤ `100`" if size > 100 else "≥ `1`"
            raise invalid(
                f"{source} failed validation: {source}.page_size should be {bound}, instead was "
                f"`{size}`."
            )
        page_size = size
    start = 0
    if cursor is not None:
        positions = [i for i, item in enumerate(items) if ident(item) == cursor]
        if not positions:
            raise invalid(
                f"{source} failed validation: {source}.start_cursor should be a valid cursor "
                f'returned by a previous request, instead was `"{cursor}"`.'
            )
        start = positions[0]
    chunk = items[start : start + page_size]
    nxt = ident(items[start + page_size]) if start + page_size < len(items) else None
    return chunk, nxt


def list_body(results: list[Json], next_cursor: str | None, kind: str) -> Json:
    """Notion's paginated list envelope."""
    return {
        "object": "list",
        "results": results,
        "next_cursor": next_cursor,
        "has_more": next_cursor is not None,
        "type": kind,
        kind: {},
    }
