"""Views: create (on a database, or as a linked database on a page), list, retrieve, update.

And delete. What a view's configuration may hold is checked by ``view_config.ViewChecker``.
"""

from __future__ import annotations

from typing import Any

from notion_setup.sandbox import check
from notion_setup.sandbox.check import Json
from notion_setup.sandbox.errors import (
    archived_parent,
    invalid,
    missing,
    not_found,
    not_present,
)
from notion_setup.sandbox.ids import new_id
from notion_setup.sandbox.listing import list_body, paginate
from notion_setup.sandbox.view_config import (
    CREATE_KEYS,
    REQUIRED_CONFIG,
    UPDATE_KEYS,
    VIEW_TYPES,
    ViewChecker,
)
from notion_setup.sandbox.workspace import Ctx


def _view_ds(ctx: Ctx, raw: Any) -> Json:
    ds_id = check.uuid(raw, "body.data_source_id")
    ds = ctx.ws.live_data_source(ds_id)
    if ds is None:
        raise not_found("data_source", ds_id)
    return ds


def create_view(ctx: Ctx) -> tuple[int, Json]:
    """POST /v1/views."""
    ws = ctx.ws
    body = ctx.body
    check.only_keys(body, CREATE_KEYS, "body")
    anchors = [k for k in ("database_id", "view_id", "create_database") if k in body]
    if len(anchors) != 1:
        raise invalid(
            "body failed validation: exactly one of body.database_id, body.view_id or "
            f"body.create_database should be defined, instead got {len(anchors)}."
        )
    ds = _view_ds(ctx, check.req(body, "data_source_id", "body"))
    name = check.text(check.req(body, "name", "body"), "body.name", min_len=1)
    view_type = check.enum(check.req(body, "type", "body"), VIEW_TYPES, "body.type")
    if anchors[0] == "view_id" or view_type == "dashboard":
        raise invalid(
            "Dashboard views and widgets (type dashboard, view_id) are not emulated by the sandbox."
        )
    if "placement" in body:
        raise not_present("body.placement", body["placement"])
    if "position" in body and anchors[0] != "database_id":
        raise not_present("body.position", body["position"])
    checker = ViewChecker(ctx, ds)
    if "configuration" in body:
        configuration = checker.configuration(
            body["configuration"], view_type, "body.configuration"
        )
    elif view_type in REQUIRED_CONFIG:
        # UNCONFIRMED whether Notion picks defaults; the strict reading rejects.
        raise missing(f"body.configuration.{REQUIRED_CONFIG[view_type]}")
    else:
        configuration = {"type": view_type}
    view_filter = None
    if body.get("filter") is not None:
        checker.filters.compile(body["filter"], "body.filter")
        view_filter = body["filter"]
    sorts = checker.sorts(body["sorts"], "body.sorts") if body.get("sorts") is not None else []
    quick = checker.quick_filters(body.get("quick_filters"), "body.quick_filters", None)
    if anchors[0] == "database_id":
        db = ws.get("database", check.uuid(body["database_id"], "body.database_id"))
        if ds["id"] not in db["data_sources"]:
            raise invalid(f"Data source {ds['id']} does not belong to database {db['id']}.")
        if ws.is_in_trash(db):
            raise archived_parent()
        db = ws.edit(db["id"])
    else:
        db = _linked_database(ctx, ds, body["create_database"])
    view: Json = {
        "kind": "view",
        "id": new_id(),
        "database_id": db["id"],
        "data_source_id": ds["id"],
        "name": name,
        "type": view_type,
        "filter": view_filter,
        "sorts": sorts,
        "quick_filters": quick,
        "configuration": configuration,
        "created_time": ctx.now_ms,
        "last_edited_time": ctx.now_ms,
    }
    ws.store.insert(view)
    db["views"].insert(_position(ctx, db, body.get("position")), view["id"])
    ctx.committed_id = view["id"]
    return 200, ws.render_view(view, ctx)


def _position(ctx: Ctx, db: Json, raw: Any) -> int:
    views: list[str] = db["views"]
    if raw is None:
        return len(views)
    pos = check.obj(raw, "body.position")
    kind = check.enum(
        check.req(pos, "type", "body.position"),
        ("start", "end", "after_view"),
        "body.position.type",
    )
    check.only_keys(
        pos, ("type", "view_id") if kind == "after_view" else ("type",), "body.position"
    )
    if kind == "start":
        return 0
    if kind == "end":
        return len(views)
    after = check.uuid(check.req(pos, "view_id", "body.position"), "body.position.view_id")
    if after not in views:
        raise invalid(f"View {after} is not a view of database {db['id']}.")
    return views.index(after) + 1


def _linked_database(ctx: Ctx, ds: Json, raw: Any) -> Json:
    ws = ctx.ws
    spec = check.obj(raw, "body.create_database")
    check.only_keys(spec, ("parent", "position"), "body.create_database")
    parent = check.obj(
        check.req(spec, "parent", "body.create_database"), "body.create_database.parent"
    )
    check.typed_union(parent, ("page_id",), "body.create_database.parent")
    check.only_keys(parent, ("type", "page_id"), "body.create_database.parent")
    page = ws.get("page", check.uuid(parent["page_id"], "body.create_database.parent.page_id"))
    if ws.is_in_trash(page):
        raise archived_parent()
    index = None
    if "position" in spec:
        pos = check.obj(spec["position"], "body.create_database.position")
        check.only_keys(pos, ("type", "block_id"), "body.create_database.position")
        check.enum(
            check.req(pos, "type", "body.create_database.position"),
            ("after_block",),
            "body.create_database.position.type",
        )
        after = check.uuid(
            check.req(pos, "block_id", "body.create_database.position"),
            "body.create_database.position.block_id",
        )
        if after not in page["children"]:
            raise invalid(f"Block {after} is not a child of page {page['id']}.")
        index = page["children"].index(after) + 1
    ws.check_block_limit()
    source_db = ws.store.objects[ds["database_id"]]
    db: Json = {
        "kind": "database",
        "id": new_id(),
        "title": list(source_db["title"]),
        "description": [],
        "parent": {"type": "page_id", "page_id": page["id"]},
        "is_inline": True,
        "icon": None,
        "cover": None,
        "in_trash": False,
        "is_locked": False,
        "data_sources": [ds["id"]],
        "views": [],
        "linked": True,
        "created_time": ctx.now_ms,
        "last_edited_time": ctx.now_ms,
        "shared": True,
    }
    ws.store.insert(db)
    children = ws.edit(page["id"])["children"]
    children.insert(len(children) if index is None else index, db["id"])
    ws.count_blocks(1)
    return db


def _views_of(ctx: Ctx, db_id: str | None, ds_id: str | None) -> list[Json]:
    ws = ctx.ws
    if db_id is not None:
        db = ws.get("database", db_id, what="database_id")
        return [ws.store.objects[v] for v in db["views"] if v in ws.store.objects]
    assert ds_id is not None
    ds = ws.get("data_source", ds_id, what="data_source_id")
    return [
        view
        for db in ws.store.of_kind("database")
        if not db["in_trash"] and ds["id"] in db["data_sources"]
        for v in db["views"]
        if (view := ws.store.objects.get(v)) is not None and view["data_source_id"] == ds["id"]
    ]


def list_views(ctx: Ctx) -> tuple[int, Json]:
    """GET /v1/views?database_id=|data_source_id=."""
    db_id = ctx.qparam("database_id")
    ds_id = ctx.qparam("data_source_id")
    if db_id is None and ds_id is None:
        raise invalid(
            "query failed validation: one of query.database_id or query.data_source_id should "
            "be defined."
        )
    views = _views_of(ctx, db_id, ds_id)
    chunk, nxt = paginate(
        views,
        ctx,
        cursor=ctx.qparam("start_cursor"),
        size=ctx.qparam("page_size"),
        ident=lambda v: str(v["id"]),
        source="query",
    )
    return 200, list_body([{"object": "view", "id": v["id"]} for v in chunk], nxt, "view")


def retrieve_view(ctx: Ctx) -> tuple[int, Json]:
    """GET /v1/views/{view_id}."""
    return 200, ctx.ws.render_view(ctx.ws.get("view", ctx.params["id"], what="view_id"), ctx)


def update_view(ctx: Ctx) -> tuple[int, Json]:
    """PATCH /v1/views/{view_id}: name, filter, sorts, quick filters, configuration (merged)."""
    ws = ctx.ws
    body = ctx.body
    check.only_keys(body, UPDATE_KEYS, "body")
    rec = ws.get("view", ctx.params["id"], what="view_id")
    ds = ws.live_data_source(rec["data_source_id"])
    if ds is None:
        raise not_found("data_source", rec["data_source_id"])
    checker = ViewChecker(ctx, ds)
    changes: Json = {}
    if "name" in body:
        changes["name"] = check.text(body["name"], "body.name", min_len=1)
    if "filter" in body:
        if body["filter"] is not None:
            checker.filters.compile(body["filter"], "body.filter")
        changes["filter"] = body["filter"]
    if "sorts" in body:
        changes["sorts"] = (
            [] if body["sorts"] is None else checker.sorts(body["sorts"], "body.sorts")
        )
    if "quick_filters" in body:
        changes["quick_filters"] = checker.quick_filters(
            body["quick_filters"], "body.quick_filters", rec["quick_filters"]
        )
    if "configuration" in body:
        incoming = check.obj(body["configuration"], "body.configuration")
        if "type" not in incoming:
            raise missing("body.configuration.type")
        # Shallow merge, then the whole result must be a valid configuration of the type.
        merged = {**rec["configuration"], **incoming}
        changes["configuration"] = checker.configuration(merged, rec["type"], "body.configuration")
    view = ws.edit(rec["id"])
    view.update(changes)
    view["last_edited_time"] = ctx.now_ms
    ctx.committed_id = view["id"]
    return 200, ws.render_view(view, ctx)


def delete_view(ctx: Ctx) -> tuple[int, Json]:
    """DELETE /v1/views/{view_id}: refuses to delete a database's last view."""
    ws = ctx.ws
    rec = ws.get("view", ctx.params["id"], what="view_id")
    db = ws.edit(rec["database_id"])
    if db["views"] == [rec["id"]]:
        raise invalid(f"Cannot delete the last view of database {db['id']}.")
    db["views"] = [v for v in db["views"] if v != rec["id"]]
    ws.store.edit(rec["id"])
    del ws.store.objects[rec["id"]]
    ctx.committed_id = rec["id"]
    return 200, {
        "object": "view",
        "id": rec["id"],
        "parent": {"type": "database_id", "database_id": rec["database_id"]},
        "type": rec["type"],
    }
