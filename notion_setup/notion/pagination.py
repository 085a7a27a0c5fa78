"""Notion's cursor pagination, bounded: the one loop that follows ``next_cursor``.

A list endpoint answers ``{"results": [...], "has_more": bool, "next_cursor": str | null}``; the
cursor travels in the query of a GET and in the body of a POST. A server that answers
``has_more: true`` with the cursor it was just given would make a naive loop run forever, and so
would one that never stops: a cursor seen before, or more than ``max_pages`` pages, is an
``UnexpectedResponse`` (exit 8) naming the request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from notion_setup.messages import _
from notion_setup.notion.results import Shape

JSON = dict[str, Any]

#: Items per request: Notion's maximum ``page_size``.
PAGE_SIZE = 100
#: Pages one listing may take: 1,000 pages of 100 items (100,000 rows) is beyond any client
#: workspace the tool builds, and bounds a server that never says ``has_more: false``.
MAX_PAGES = 1000

#: ``read(method, path, query=..., body=...)``: one request through the gateway.
ReadFn = Callable[..., Any]


def pages_of(
    read: ReadFn,
    method: str,
    path: str,
    *,
    query: JSON | None = None,
    body: JSON | None = None,
    key: str = "results",
    max_pages: int = MAX_PAGES,
    lang: str = "en",
) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Yield every item of a paginated list, checked to be an object, with its place in the answer
    (``results[3]``) for the parser's error messages.

    Args:
        read: sends one request (``NotionGateway.read``).
        method: GET for list endpoints (cursor in the query), POST for queries (in the body).
        path: relative to ``/v1/``.
        query: URL query parameters.
        body: JSON body (POST).
        key: the list's field (``results``; ``templates`` for data-source templates).
        max_pages: the most requests one listing may take.
        lang: language of the error message.

    Raises:
        UnexpectedResponse: an answer that is not a list page, a repeated cursor, too many pages.
    """
    shape = Shape(method.upper(), path, lang)
    is_get = method.upper() == "GET"
    seen: set[str] = set()
    cursor: str | None = None
    for _page_number in range(max_pages):
        params = dict((query if is_get else body) or {})
        params.setdefault("page_size", PAGE_SIZE)
        if cursor:
            params["start_cursor"] = cursor
        if is_get:
            answer = read(method, path, query=params)
        else:
            answer = read(method, path, query=query, body=params)
        page = shape.obj(answer)
        for i, item in enumerate(shape.items(page.get(key), key)):
            yield f"{key}[{i}]", item
        if page.get("has_more") is not True:
            return
        next_cursor = page.get("next_cursor")
        if not isinstance(next_cursor, str) or not next_cursor:
            raise shape.fail(_('"has_more" is true but "next_cursor" is missing', shape.lang))
        if next_cursor in seen:
            raise shape.fail(
                _("the cursor {cursor!r} came back a second time", shape.lang).format(
                    cursor=next_cursor
                )
            )
        seen.add(next_cursor)
        cursor = next_cursor
    raise shape.fail(
        _("the list goes on past {pages} pages of {size}", shape.lang).format(
            pages=max_pages, size=PAGE_SIZE
        )
    )
