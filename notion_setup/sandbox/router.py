"""Which handler serves a method and path, whether it writes, and which parent it writes under."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from notion_setup.sandbox import (
    api_blocks,
    api_databases,
    api_markdown,
    api_misc,
    api_pages,
    api_views,
)
from notion_setup.sandbox.check import Json
from notion_setup.sandbox.ids import normalize_id
from notion_setup.sandbox.workspace import Ctx

Handler = Callable[[Ctx], tuple[int, Json]]


def _body_parent(ctx: Ctx) -> str | None:
    parent = ctx.body.get("parent")
    if isinstance(parent, dict):
        for key in ("page_id", "data_source_id", "database_id"):
            if isinstance(parent.get(key), str):
                return normalize_id(parent[key]) or parent[key]
    return None


def _path_id(ctx: Ctx) -> str | None:
    return normalize_id(ctx.params["id"]) or ctx.params["id"]


def _view_parent(ctx: Ctx) -> str | None:
    if isinstance(ctx.body.get("database_id"), str):
        return normalize_id(ctx.body["database_id"]) or ctx.body["database_id"]
    create = ctx.body.get("create_database")
    if isinstance(create, dict) and isinstance(create.get("parent"), dict):
        page_id = create["parent"].get("page_id")
        return normalize_id(page_id) or page_id if isinstance(page_id, str) else None
    return None


@dataclass(frozen=True)
class Route:
    """One endpoint."""

    method: str
    pattern: re.Pattern[str]
    handler: Handler
    #: The parent a write changes (two overlapping writes to one parent -> 409); None for reads.
    parent: Callable[[Ctx], str | None] | None = None
    #: Whether the write creates blocks (refused once the Free plan's block limit is reached).
    creates_blocks: bool = False
    #: Whether the answer carries ``request_id`` (recorded: every endpoint but templates).
    request_id: bool = True

    @property
    def writes(self) -> bool:
        """Whether this endpoint changes the workspace (searches and queries do not)."""
        return self.parent is not None


_ID = r"(?P<id>[^/]+)"


def _r(method: str, path: str, handler: Handler, **kwargs: object) -> Route:
    return Route(method, re.compile(f"^/v1/{path}$"), handler, **kwargs)  # type: ignore[arg-type]


ROUTES = (
    _r("GET", "users/me", api_misc.users_me),
    _r("GET", "users", api_misc.list_users),
    _r("POST", "search", api_misc.search),
    _r("POST", "pages", api_pages.create_page, parent=_body_parent, creates_blocks=True),
    _r("GET", f"pages/{_ID}", api_pages.retrieve_page),
    _r("PATCH", f"pages/{_ID}", api_pages.update_page, parent=_path_id),
    _r("POST", f"pages/{_ID}/move", api_pages.move_page, parent=_path_id),
    _r("GET", f"pages/{_ID}/markdown", api_markdown.page_markdown),
    _r(
        "PATCH",
        f"pages/{_ID}/markdown",
        api_markdown.update_page_markdown,
        parent=_path_id,
        creates_blocks=True,
    ),
    _r("GET", f"blocks/{_ID}", api_blocks.retrieve_block),
    _r("PATCH", f"blocks/{_ID}", api_blocks.update_block, parent=_path_id),
    _r("DELETE", f"blocks/{_ID}", api_blocks.delete_block, parent=_path_id),
    _r("GET", f"blocks/{_ID}/children", api_blocks.list_children),
    _r(
        "PATCH",
        f"blocks/{_ID}/children",
        api_blocks.append_children,
        parent=_path_id,
        creates_blocks=True,
    ),
    _r(
        "POST", "databases", api_databases.create_database, parent=_body_parent, creates_blocks=True
    ),
    _r("GET", f"databases/{_ID}", api_databases.retrieve_database),
    _r("PATCH", f"databases/{_ID}", api_databases.update_database, parent=_path_id),
    _r("POST", "data_sources", api_databases.create_data_source, parent=_body_parent),
    _r("GET", f"data_sources/{_ID}", api_databases.retrieve_data_source),
    _r("PATCH", f"data_sources/{_ID}", api_databases.update_data_source, parent=_path_id),
    _r("POST", f"data_sources/{_ID}/query", api_databases.query_data_source),
    _r("GET", f"data_sources/{_ID}/templates", api_databases.list_templates, request_id=False),
    _r("POST", "views", api_views.create_view, parent=_view_parent),
    _r("GET", "views", api_views.list_views),
    _r("GET", f"views/{_ID}", api_views.retrieve_view),
    _r("PATCH", f"views/{_ID}", api_views.update_view, parent=_path_id),
    _r("DELETE", f"views/{_ID}", api_views.delete_view, parent=_path_id),
)


def match(method: str, path: str) -> tuple[Route, dict[str, str]] | bool | None:
    """The route and path parameters; False when the path exists with another method."""
    path_known = False
    for route in ROUTES:
        found = route.pattern.match(path)
        if found is None:
            continue
        path_known = True
        if route.method == method:
            return route, found.groupdict()
    return False if path_known else None
