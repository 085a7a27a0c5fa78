"""The bot user (``users/me``) and title search, whose index lags behind writes."""

from __future__ import annotations

from notion_setup.sandbox import check
from notion_setup.sandbox.check import Json
from notion_setup.sandbox.errors import INTEGRATION_NAME
from notion_setup.sandbox.richtext import plain
from notion_setup.sandbox.workspace import Ctx, paginate

SEARCH_KEYS = ("query", "sort", "filter", "start_cursor", "page_size")


def users_me(ctx: Ctx) -> tuple[int, Json]:
    """GET /v1/users/me: the integration's bot user."""
    return 200, {
        "object": "user",
        "id": ctx.ws.bot_id,
        "name": INTEGRATION_NAME,
        "avatar_url": None,
        "type": "bot",
        "bot": {
            "owner": {"type": "workspace", "workspace": True},
            "workspace_name": "Sandbox workspace",
            "workspace_limits": {"max_file_upload_size_in_bytes": 5_242_880},
        },
    }


def search(ctx: Ctx) -> tuple[int, Json]:
    """POST /v1/search: title search over shared pages and data sources.

    Objects only appear once the search index caught up (``search_lag_s`` after their creation),
    as with Notion's asynchronous index.
    """
    ws = ctx.ws
    body = ctx.body
    check.only_keys(body, SEARCH_KEYS, "body")
    query = check.string(body.get("query"), "body.query", nullable=True) or ""
    wanted: tuple[str, ...] = ("page", "data_source")
    if body.get("filter") is not None:
        flt = check.obj(body["filter"], "body.filter")
        check.only_keys(flt, ("property", "value"), "body.filter")
        check.enum(check.req(flt, "property", "body.filter"), ("object",), "body.filter.property")
        value = check.enum(
            check.req(flt, "value", "body.filter"), ("page", "data_source"), "body.filter.value"
        )
        wanted = (value,)
    descending = True
    if body.get("sort") is not None:
        sort = check.obj(body["sort"], "body.sort")
        check.only_keys(sort, ("timestamp", "direction"), "body.sort")
        check.enum(
            check.req(sort, "timestamp", "body.sort"), ("last_edited_time",), "body.sort.timestamp"
        )
        direction = check.enum(
            check.req(sort, "direction", "body.sort"),
            ("ascending", "descending"),
            "body.sort.direction",
        )
        descending = direction == "descending"
    now = ws.clock()
    needle = query.lower()
    hits: list[Json] = []
    for rec in ws.store.objects.values():
        kind = rec["kind"]
        if kind not in wanted or not rec.get("shared", True) or rec.get("template"):
            continue
        if rec.get("indexed_at", 0.0) > now or ws.is_in_trash(rec):
            continue
        if kind == "data_source":
            db = ws.store.objects[rec["database_id"]]
            if db["in_trash"]:
                continue
            title = plain(db["title"])  # 2025-09-03+: the query matches the database title
        else:
            title = ws.title_of(rec)
        if needle and needle not in title.lower():
            continue
        hits.append(rec)
    hits.sort(key=lambda r: str(r["last_edited_time"]), reverse=descending)
    chunk, nxt = paginate(
        hits,
        ctx,
        cursor=body.get("start_cursor"),
        size=body.get("page_size"),
        ident=lambda r: str(r["id"]),
    )
    results = [
        ws.render_page(r, ctx) if r["kind"] == "page" else ws.render_data_source(r, ctx)
        for r in chunk
    ]
    return 200, {
        "object": "list",
        "results": results,
        "next_cursor": nxt,
        "has_more": nxt is not None,
        "type": "page_or_data_source",
        "page_or_data_source": {},
    }
