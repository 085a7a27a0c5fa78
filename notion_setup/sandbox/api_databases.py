"""Databases and data sources: create, retrieve, update, schema changes, query, templates."""

from __future__ import annotations

from typing import Any

from notion_setup.sandbox import check
from notion_setup.sandbox.api_pages import cover, trash_flag
from notion_setup.sandbox.blocks import icon
from notion_setup.sandbox.check import Json
from notion_setup.sandbox.errors import archived_parent, body_invalid, invalid, not_found
from notion_setup.sandbox.filters import FilterBuilder
from notion_setup.sandbox.ids import new_id
from notion_setup.sandbox.listing import paginate
from notion_setup.sandbox.retype import convert_rows
from notion_setup.sandbox.richtext import plain, rich_text
from notion_setup.sandbox.schema import SchemaEditor
from notion_setup.sandbox.workspace import Ctx

DB_CREATE_KEYS = (
    "parent",
    "title",
    "description",
    "is_inline",
    "initial_data_source",
    "icon",
    "cover",
    "properties",
)
DB_UPDATE_KEYS = (
    "parent",
    "title",
    "description",
    "is_inline",
    "icon",
    "cover",
    "in_trash",
    "is_locked",
    "archived",
)
#: SDK 5.26 UpdateDataSourceBodyParameters (``description`` is not in it: refused, strict).
DS_UPDATE_KEYS = ("title", "icon", "properties", "in_trash", "archived", "parent")
QUERY_KEYS = (
    "filter",
    "sorts",
    "start_cursor",
    "page_size",
    "result_type",
    "in_trash",
    "archived",
)


def _editor(ctx: Ctx, ds: Json) -> SchemaEditor:
    ws = ctx.ws
    return SchemaEditor(ds, lookup=ws.live_data_source, edit=ws.edit, rng=ws.rng, bot_id=ws.bot_id)


def _page_parent(ctx: Ctx, raw: Any, path: str) -> Json:
    parent = check.obj(raw, path)
    kind = check.typed_union(parent, ("page_id", "workspace"), path)
    check.only_keys(parent, ("type", kind), path)
    if kind == "workspace":
        raise body_invalid(
            f"{path}.workspace",
            "is not allowed for an internal integration: create the database under a shared "
            "page (parent.page_id)",
        )
    page = ctx.ws.get("page", check.uuid(parent["page_id"], f"{path}.page_id"))
    if ctx.ws.is_in_trash(page):
        raise archived_parent()
    return page


def new_data_source(ctx: Ctx, db: Json, title: list[Json]) -> Json:
    """A data-source record with an empty schema, inserted in the store."""
    ds: Json = {
        "kind": "data_source",
        "id": new_id(),
        "database_id": db["id"],
        "title": title,
        "description": [],
        "icon": None,
        "properties": [],
        "rows": [],
        "templates": [],
        "in_trash": False,
        "next_unique": 1,
        "created_time": ctx.now,
        "last_edited_time": ctx.now,
        "shared": True,
        "indexed_at": ctx.ws.clock() + ctx.ws.search_lag_s,
        "_creating": True,
    }
    return ctx.ws.store.insert(ds)


def default_view(ctx: Ctx, db: Json, ds: Json) -> Json:
    """The table view Notion adds to every new database or data source."""
    view: Json = {
        "kind": "view",
        "id": new_id(),
        "database_id": db["id"],
        "data_source_id": ds["id"],
        "name": "Default view",
        "type": "table",
        "filter": None,
        "sorts": [],
        "quick_filters": None,
        "configuration": {
            "type": "table",
            "properties": [{"property_id": p["id"], "visible": True} for p in ds["properties"]],
        },
        "created_time": ctx.now_ms,
        "last_edited_time": ctx.now_ms,
    }
    ctx.ws.store.insert(view)
    db["views"].append(view["id"])
    return view


def create_database(ctx: Ctx) -> tuple[int, Json]:
    """POST /v1/databases: database + first data source + "Default view"."""
    ws = ctx.ws
    body = ctx.body
    check.only_keys(body, DB_CREATE_KEYS, "body")
    page = _page_parent(ctx, check.req(body, "parent", "body"), "body.parent")
    title = rich_text(body.get("title", []), "body.title", resolve_title=ws.mention_title)
    description = rich_text(
        body.get("description", []), "body.description", resolve_title=ws.mention_title
    )
    is_inline = check.boolean(body.get("is_inline", False), "body.is_inline")
    db_icon = icon(body.get("icon"), "body.icon")
    db_cover = cover(body.get("cover"), "body.cover")
    if is_inline and db_cover is not None:
        raise body_invalid("body.cover", "is not supported on inline databases")
    initial = check.obj(body.get("initial_data_source", {}), "body.initial_data_source")
    check.only_keys(initial, ("properties",), "body.initial_data_source")
    # A top-level ``properties`` is silently ignored, as Notion does since 2025-09-03.
    ws.check_block_limit()
    db: Json = {
        "kind": "database",
        "id": new_id(),
        "title": title,
        "description": description,
        "parent": {"type": "page_id", "page_id": page["id"]},
        "is_inline": is_inline,
        "icon": db_icon,
        "cover": db_cover,
        "in_trash": False,
        "is_locked": False,
        "data_sources": [],
        "views": [],
        "created_time": ctx.now_ms,
        "last_edited_time": ctx.now_ms,
        "shared": True,
    }
    ws.store.insert(db)
    ds = new_data_source(ctx, db, title)
    _editor(ctx, ds).create(initial.get("properties"), "body.initial_data_source.properties")
    ds.pop("_creating", None)
    db["data_sources"].append(ds["id"])
    default_view(ctx, db, ds)
    ws.edit(page["id"])["children"].append(db["id"])
    ws.count_blocks(1)
    ctx.committed_id = db["id"]
    return 200, ws.render_database(db, ctx)


def retrieve_database(ctx: Ctx) -> tuple[int, Json]:
    """GET /v1/databases/{database_id}."""
    return 200, ctx.ws.render_database(ctx.ws.get("database", ctx.params["id"]), ctx)


def update_database(ctx: Ctx) -> tuple[int, Json]:
    """PATCH /v1/databases/{database_id}: title, description, icon, cover, trash, move."""
    ws = ctx.ws
    body = ctx.body
    check.only_keys(body, DB_UPDATE_KEYS, "body")
    rec = ws.get("database", ctx.params["id"])
    flag = trash_flag(ctx, body)
    only_flags = all(k in ("in_trash", "archived") for k in body)
    if ws.is_in_trash(rec) and not (only_flags and flag is not None):
        raise archived_parent()
    changes: Json = {}
    if "title" in body:
        changes["title"] = rich_text(body["title"], "body.title", resolve_title=ws.mention_title)
    if "description" in body:
        changes["description"] = rich_text(
            body["description"], "body.description", resolve_title=ws.mention_title
        )
    if "is_inline" in body:
        changes["is_inline"] = check.boolean(body["is_inline"], "body.is_inline")
    if "icon" in body:
        changes["icon"] = icon(body["icon"], "body.icon")
    if "cover" in body:
        changes["cover"] = cover(body["cover"], "body.cover")
    if "is_locked" in body:
        changes["is_locked"] = check.boolean(body["is_locked"], "body.is_locked")
    if changes.get("is_inline", rec["is_inline"]) and changes.get("cover", rec["cover"]):
        raise body_invalid("body.cover", "is not supported on inline databases")
    new_parent = _page_parent(ctx, body["parent"], "body.parent") if "parent" in body else None
    db = ws.edit(rec["id"])
    db.update(changes)
    if flag is not None:
        db["in_trash"] = flag
    if new_parent is not None and new_parent["id"] != db["parent"]["page_id"]:
        old = ws.edit(db["parent"]["page_id"])
        old["children"] = [c for c in old["children"] if c != db["id"]]
        ws.edit(new_parent["id"])["children"].append(db["id"])
        db["parent"] = {"type": "page_id", "page_id": new_parent["id"]}
    db["last_edited_time"] = ctx.now_ms
    ctx.committed_id = db["id"]
    return 200, ws.render_database(db, ctx)


def retrieve_data_source(ctx: Ctx) -> tuple[int, Json]:
    """GET /v1/data_sources/{data_source_id}."""
    return 200, ctx.ws.render_data_source(ctx.ws.get("data_source", ctx.params["id"]), ctx)


def create_data_source(ctx: Ctx) -> tuple[int, Json]:
    """POST /v1/data_sources: another data source in an existing database."""
    ws = ctx.ws
    body = ctx.body
    check.only_keys(body, ("parent", "properties", "title", "icon"), "body")
    parent = check.obj(check.req(body, "parent", "body"), "body.parent")
    check.typed_union(parent, ("database_id",), "body.parent")
    check.only_keys(parent, ("type", "database_id"), "body.parent")
    db_rec = ws.get("database", check.uuid(parent["database_id"], "body.parent.database_id"))
    if ws.is_in_trash(db_rec):
        raise archived_parent()
    title = rich_text(body.get("title", []), "body.title", resolve_title=ws.mention_title)
    ds_icon = icon(body.get("icon"), "body.icon")
    db = ws.edit(db_rec["id"])
    ds = new_data_source(ctx, db, title)
    ds["icon"] = ds_icon
    _editor(ctx, ds).create(check.req(body, "properties", "body"), "body.properties")
    ds.pop("_creating", None)
    db["data_sources"].append(ds["id"])
    default_view(ctx, db, ds)
    ctx.committed_id = ds["id"]
    return 200, ws.render_data_source(ds, ctx)


def update_data_source(ctx: Ctx) -> tuple[int, Json]:
    """PATCH /v1/data_sources/{data_source_id}: title, icon, schema, trash, move."""
    ws = ctx.ws
    body = ctx.body
    check.only_keys(body, DS_UPDATE_KEYS, "body")
    rec = ws.get("data_source", ctx.params["id"])
    flag = trash_flag(ctx, body)
    only_flags = all(k in ("in_trash", "archived") for k in body)
    if ws.is_in_trash(rec) and not (only_flags and flag is not None):
        raise archived_parent()
    ds = ws.edit(rec["id"])
    if "title" in body:
        ds["title"] = rich_text(body["title"], "body.title", resolve_title=ws.mention_title)
    if "icon" in body:
        ds["icon"] = icon(body["icon"], "body.icon")
    if "properties" in body:
        editor = _editor(ctx, ds)
        editor.update(body["properties"], "body.properties")
        for prop, old_type, old_config in editor.retyped:
            rows = (ws.edit(pid) for pid in ds["rows"] if ws.store.get(pid) is not None)
            convert_rows(rows, prop, old_type, old_config, ws.rng)
    if "parent" in body:
        parent = check.obj(body["parent"], "body.parent")
        check.typed_union(parent, ("database_id",), "body.parent")
        check.only_keys(parent, ("type", "database_id"), "body.parent")
        target = ws.get("database", check.uuid(parent["database_id"], "body.parent.database_id"))
        if target["id"] != ds["database_id"]:
            old = ws.edit(ds["database_id"])
            if len(old["data_sources"]) == 1:
                raise invalid("Cannot move the only data source of a database.")
            old["data_sources"].remove(ds["id"])
            ws.edit(target["id"])["data_sources"].append(ds["id"])
            ds["database_id"] = target["id"]
    if flag is not None:
        ds["in_trash"] = flag
    ds["last_edited_time"] = ctx.now
    ctx.committed_id = ds["id"]
    return 200, ws.render_data_source(ds, ctx)


def query_data_source(ctx: Ctx) -> tuple[int, Json]:
    """POST /v1/data_sources/{data_source_id}/query: filter, sort, paginate live rows."""
    ws = ctx.ws
    body = ctx.body
    check.only_keys(body, QUERY_KEYS, "body")
    rec = ws.get("data_source", ctx.params["id"])
    if ws.live_data_source(rec["id"]) is None:
        raise not_found("data_source", rec["id"])
    want_trash = False
    if "archived" in body and not ctx.legacy:
        raise check_not_present("archived", body["archived"])
    for key in ("in_trash", "archived"):
        if key in body:
            # ``in_trash`` is in Notion's OpenAPI query body on every version; ``archived``
            # only until 2026-03-11 renamed it.
            want_trash = check.boolean(body[key], f"body.{key}")
    result_type = body.get("result_type", "page")
    check.enum(result_type, ("page", "data_source"), "body.result_type")
    builder = FilterBuilder(
        rec,
        ws.renderer,
        status_groups=ctx.status_group_filters,
        equals_matches_groups=not ctx.v2026_12,
    )
    predicate = builder.compile(body["filter"], "body.filter") if body.get("filter") else None
    sorter = builder.sorter(body["sorts"], "body.sorts") if "sorts" in body else None
    rows = [ws.store.objects[pid] for pid in rec["rows"] if pid in ws.store.objects]
    rows = [r for r in rows if bool(r["in_trash"]) == want_trash and r.get("shared", True)]
    if result_type == "data_source":
        rows = []
    if predicate is not None:
        rows = [r for r in rows if predicate(r)]
    if sorter is not None:
        rows = sorter(rows)
    chunk, nxt = paginate(
        rows,
        ctx,
        cursor=body.get("start_cursor"),
        size=body.get("page_size"),
        ident=lambda r: str(r["id"]),
    )
    only = list_properties(ctx, rec)
    results = [ws.render_page(r, ctx, only=only) for r in chunk]
    return 200, {
        "object": "list",
        "results": results,
        "next_cursor": nxt,
        "has_more": nxt is not None,
        "type": "page_or_data_source",
        "page_or_data_source": {},
    }


def list_properties(ctx: Ctx, ds: Json | None) -> set[str] | None:
    """The properties each page of a list shows (``filter_properties``, names or ids).

    Without ``filter_properties``: every property until 2026-03-11; only the title from
    2026-12-01 on (upgrade guide: "Without it, pages return only the title property").
    """
    asked = ctx.query.get("filter_properties[]", []) + ctx.query.get("filter_properties", [])
    if asked:
        return set(asked)
    if not ctx.v2026_12:
        return None
    if ds is None:
        return {"title"}
    return {next(p["id"] for p in ds["properties"] if p["type"] == "title")}


def check_not_present(key: str, value: Any) -> Exception:
    """``body.<key> should be not present``."""
    from notion_setup.sandbox.errors import not_present

    return not_present(f"body.{key}", value)


def list_templates(ctx: Ctx) -> tuple[int, Json]:
    """GET /v1/data_sources/{data_source_id}/templates?name=."""
    ws = ctx.ws
    rec = ws.get("data_source", ctx.params["id"])
    name = (ctx.qparam("name") or "").lower()
    templates = [ws.store.objects[t] for t in rec.get("templates", [])]
    templates = [t for t in templates if name in ws.title_of(t).lower() and not t["in_trash"]]
    chunk, nxt = paginate(
        templates,
        ctx,
        cursor=ctx.qparam("start_cursor"),
        size=ctx.qparam("page_size"),
        ident=lambda t: str(t["id"]),
        source="query",
    )
    return 200, {
        "templates": [
            {"id": t["id"], "name": ws.title_of(t), "is_default": bool(t.get("is_default"))}
            for t in chunk
        ],
        "has_more": nxt is not None,
        "next_cursor": nxt,
    }


def data_source_title(ds: Json) -> str:
    """Plain title of a data source."""
    return plain(ds["title"])
