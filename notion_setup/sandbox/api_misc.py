"""Users (the bot and the workspace's members) and title search, whose index lags behind writes."""

from __future__ import annotations

from notion_setup.sandbox import check
from notion_setup.sandbox.api_databases import list_properties
from notion_setup.sandbox.check import Json
from notion_setup.sandbox.errors import INTEGRATION_NAME
from notion_setup.sandbox.listing import list_body, paginate
from notion_setup.sandbox.richtext import plain
from notion_setup.sandbox.workspace import Ctx

SEARCH_KEYS = ("query", "sort", "filter", "start_cursor", "page_size")
WORKSPACE_NAME = "Sandbox workspace"
#: Recorded on a Free-looking workspace: 5 MiB. The paid figure (5 GiB) is UNCONFIRMED.
UPLOAD_LIMITS = {"free": 5 * 1024 * 1024, "paid": 5 * 1024 * 1024 * 1024}


def bot_user(ctx: Ctx) -> Json:
    """The integration's bot user, as ``users/me`` and the users list show it (recorded)."""
    ws = ctx.ws
    return {
        "object": "user",
        "id": ws.bot_id,
        "name": INTEGRATION_NAME,
        "avatar_url": None,
        "type": "bot",
        "bot": {
            "owner": {"type": "workspace", "workspace": True},
            "workspace_name": WORKSPACE_NAME,
            "workspace_id": ws.workspace_id,
            "workspace_limits": {"max_file_upload_size_in_bytes": UPLOAD_LIMITS[ws.plan]},
        },
    }


def person_user(ctx: Ctx, index: int) -> Json:
    """Member ``index`` (1-based) of the workspace.

    The last member of a workspace with two or more has set no display name: 2026-12-01 answers
    ``name: null`` (upgrade guide); older versions show the email instead (UNCONFIRMED).
    """
    user_id, name, email = ctx.ws.member(index)
    if name is None and not ctx.v2026_12:
        name = email
    return {
        "object": "user",
        "id": user_id,
        "name": name,
        "avatar_url": None,
        "type": "person",
        "person": {"email": email, "email_verified": True},
    }


def users_me(ctx: Ctx) -> tuple[int, Json]:
    """GET /v1/users/me: the integration's bot user."""
    return 200, bot_user(ctx)


def list_users(ctx: Ctx) -> tuple[int, Json]:
    """GET /v1/users: the workspace's members (guests are not listed), then the bot."""
    users = [person_user(ctx, i) for i in range(1, ctx.ws.members + 1)] + [bot_user(ctx)]
    chunk, nxt = paginate(
        users,
        ctx,
        cursor=ctx.qparam("start_cursor"),
        size=ctx.qparam("page_size"),
        ident=lambda u: str(u["id"]),
        source="query",
    )
    return 200, list_body(chunk, nxt, "user")


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
    want_trash = False
    if body.get("filter") is not None:
        # SDK 5.26 SearchBodyParameters: {property: "object", value, in_trash?} or {in_trash}.
        flt = check.obj(body["filter"], "body.filter")
        check.only_keys(flt, ("property", "value", "in_trash"), "body.filter")
        if "in_trash" in flt:
            want_trash = check.boolean(flt["in_trash"], "body.filter.in_trash")
        if "property" in flt or "in_trash" not in flt:
            check.enum(
                check.req(flt, "property", "body.filter"), ("object",), "body.filter.property"
            )
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
        if rec.get("indexed_at", 0.0) > now:
            continue
        trashed = ws.is_in_trash(rec)
        if kind == "data_source":
            trashed = trashed or bool(ws.store.objects[rec["database_id"]]["in_trash"])
        if trashed != want_trash:
            continue
        if kind == "data_source":
            db = ws.store.objects[rec["database_id"]]
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
        ws.render_page(
            r, ctx, only=list_properties(ctx, ws.store.get(r["parent"].get("data_source_id", "")))
        )
        if r["kind"] == "page"
        else ws.render_data_source(r, ctx)
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
