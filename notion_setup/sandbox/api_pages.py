"""Pages: create, retrieve, update, move, and read as Markdown.

A page is created under a page or a data source, with children or markdown.
"""

from __future__ import annotations

from typing import Any

from notion_setup.sandbox import check
from notion_setup.sandbox.api_markdown import markdown_version
from notion_setup.sandbox.blocks import BlockSpec, icon, parse_children
from notion_setup.sandbox.check import Json
from notion_setup.sandbox.errors import (
    ApiError,
    archived_parent,
    body_invalid,
    invalid,
    missing,
    not_present,
)
from notion_setup.sandbox.mdconv import to_blocks
from notion_setup.sandbox.values import parse_value
from notion_setup.sandbox.workspace import Ctx

PAGE_CREATE_KEYS = (
    "parent",
    "properties",
    "icon",
    "cover",
    "children",
    "content",
    "markdown",
    "template",
    "position",
    "markdown_version",
)
PAGE_UPDATE_KEYS = (
    "properties",
    "icon",
    "cover",
    "in_trash",
    "is_locked",
    "template",
    "erase_content",
    "archived",
    "is_archived",
)
MAX_MARKDOWN = 500_000


def cover(value: Any, path: str) -> Json | None:
    """A page cover: an external image URL."""
    if value is None:
        return None
    raw = check.obj(value, path)
    check.only_keys(raw, ("type", "external"), path)
    kind = check.typed_union(raw, ("external",), path)
    ext = check.obj(raw[kind], f"{path}.external")
    check.only_keys(ext, ("url",), f"{path}.external")
    url = check.text(
        check.req(ext, "url", f"{path}.external"), f"{path}.external.url", max_len=2000
    )
    return {"type": "external", "external": {"url": url}}


def trash_flag(ctx: Ctx, body: Json) -> bool | None:
    """``in_trash`` (or ``archived`` under 2025-09-03) from an update body."""
    if "archived" in body and not ctx.legacy:
        raise not_present("body.archived", body["archived"])
    flag = None
    if "archived" in body:
        flag = check.boolean(body["archived"], "body.archived")
    if "in_trash" in body:
        in_trash = check.boolean(body["in_trash"], "body.in_trash")
        if flag is not None and flag != in_trash:
            raise invalid("body failed validation: body.archived and body.in_trash disagree.")
        flag = in_trash
    return flag


def resolve_parent(ctx: Ctx, raw: Any, path: str) -> tuple[Json, Json]:
    """(parent record, parent reference stored on the page) for a create or a move."""
    parent = check.obj(raw, path)
    kind = check.typed_union(
        parent, ("page_id", "data_source_id", "database_id", "workspace"), path
    )
    check.only_keys(parent, ("type", kind), path)
    ws = ctx.ws
    if kind == "workspace":
        raise body_invalid(
            f"{path}.workspace",
            "is not allowed for an internal integration: create the page under a shared page "
            "(parent.page_id)",
        )
    target_id = check.uuid(parent[kind], f"{path}.{kind}")
    if kind == "page_id":
        rec = ws.get("page", target_id)
        if ws.is_in_trash(rec):
            raise archived_parent()
        return rec, {"type": "page_id", "page_id": rec["id"]}
    if kind == "database_id":
        db = ws.get("database", target_id)
        if len(db["data_sources"]) != 1:
            raise invalid(
                f"Database {db['id']} has several data sources: use parent.data_source_id."
            )
        target_id = db["data_sources"][0]
    ds = ws.get("data_source", target_id)
    if ws.live_data_source(ds["id"]) is None:
        raise archived_parent()
    return ds, {
        "type": "data_source_id",
        "data_source_id": ds["id"],
        "database_id": ds["database_id"],
    }


def parse_values(ctx: Ctx, ds: Json | None, raw: Any, path: str, page: Json | None) -> Json:
    """Property values of a create/update body against the parent's schema."""
    props = check.obj(raw, path)
    ws = ctx.ws
    values: Json = {}
    for key, value in props.items():
        where = f"{path}.{key}"
        if ds is None:
            if key == "title" and isinstance(value, list):
                # Recorded (2025-09-03): a page under a page may give its title as the bare
                # rich-text array. Under a data source the bare form is UNCONFIRMED: refused.
                value = {"title": value}
            if key != "title":
                raise invalid(
                    f"body failed validation: {where}: a page whose parent is a page has only a "
                    f'"title" property.'
                )
            prop: Json = {"id": "title", "name": "title", "type": "title", "config": {}}
        else:
            found = next((p for p in ds["properties"] if p["name"] == key or p["id"] == key), None)
            if found is None:
                raise invalid(f"{key} is not a property that exists.")
            prop = found
        values[prop["id"]] = parse_value(
            prop,
            value,
            where,
            ds_edit=lambda: ws.edit(ds["id"]) if ds else {},
            pages=ws.page_or_none,
            rng=ws.rng,
            bot_id=ws.bot_id,
            titles=ws.mention_title,
        )
    return values


def sync_relations(ctx: Ctx, ds: Json, page: Json, old: Json, new: Json) -> None:
    """Mirror relation changes on two-way relations' synced properties."""
    ws = ctx.ws
    for prop in ds["properties"]:
        if prop["id"] not in new or prop["type"] != "relation":
            continue
        cfg = prop["config"]
        if cfg.get("type") != "dual_property":
            continue
        before = set(old.get(prop["id"], []))
        after = set(new[prop["id"]])
        synced_id = cfg.get("synced_property_id")
        for other_id in after - before:
            other = ws.edit(other_id)
            refs = other["values"].setdefault(synced_id, [])
            if page["id"] not in refs:
                refs.append(page["id"])
        for other_id in before - after:
            other_rec = ws.store.get(other_id)
            if other_rec is None:
                continue
            other = ws.edit(other_id)
            other["values"][synced_id] = [
                pid for pid in other["values"].get(synced_id, []) if pid != page["id"]
            ]


def _content(ctx: Ctx, body: Json) -> tuple[list[BlockSpec], str | None]:
    if "markdown_version" in body and "markdown" not in body:
        # Migration guide: markdown_version only with markdown; with children -> 400.
        raise body_invalid(
            "body.markdown_version", "should be not present unless body.markdown is given"
        )
    if "markdown" in body:
        markdown_version(ctx, body.get("markdown_version"), "body.markdown_version")
    given = [k for k in ("children", "content", "markdown") if k in body]
    if len(given) > 1:
        raise invalid(
            f"body failed validation: body.{given[1]} should be not present together with "
            f"body.{given[0]} (children, content and markdown are mutually exclusive)."
        )
    if not given:
        return [], None
    key = given[0]
    if key == "markdown":
        text = check.text(body["markdown"], "body.markdown", max_len=MAX_MARKDOWN)
        title, specs = to_blocks(text)
        return specs, title
    return parse_children(body[key], f"body.{key}", ctx.ws.mention_title), None


def _template(ctx: Ctx, body: Json, ds: Json | None) -> Json | None:
    if "template" not in body:
        return None
    raw = check.obj(body["template"], "body.template")
    kind = check.enum(
        check.req(raw, "type", "body.template"),
        ("none", "default", "template_id"),
        "body.template.type",
    )
    allowed = {
        "none": ("type",),
        "default": ("type", "timezone"),
        "template_id": ("type", "template_id", "timezone"),
    }[kind]
    check.only_keys(raw, allowed, "body.template")
    if "timezone" in raw:
        tz = check.text(raw["timezone"], "body.template.timezone")
        try:
            from zoneinfo import ZoneInfo

            ZoneInfo(tz)
        except (KeyError, ValueError, OSError):
            raise body_invalid(
                "body.template.timezone", f"should be an IANA time zone, instead was `{tz}`"
            ) from None
    if kind == "none":
        return None
    if any(k in body for k in ("children", "content", "markdown")):
        raise invalid(
            "body failed validation: body.children should be not present when a "
            "template is applied."
        )
    templates = [ctx.ws.store.objects[t] for t in (ds or {}).get("templates", [])]
    if kind == "default":
        found = next((t for t in templates if t.get("is_default")), None)
        if found is None:
            raise invalid("This data source has no default template.")
        return found
    template_id = check.uuid(
        check.req(raw, "template_id", "body.template"), "body.template.template_id"
    )
    rec = ctx.ws.store.get(template_id)
    if rec is None or rec["kind"] != "page" or not rec.get("shared", True):
        raise invalid(
            f"Template {template_id} does not exist or is not shared with the integration."
        )
    return rec


def _place(ctx: Ctx, parent: Json, body: Json, page_id: str) -> None:
    position = body.get("position")
    children: list[str] = parent["children"]
    if position is None:
        children.append(page_id)
        return
    pos = check.obj(position, "body.position")
    kind = check.enum(
        check.req(pos, "type", "body.position"),
        ("after_block", "page_start", "page_end"),
        "body.position.type",
    )
    check.only_keys(
        pos, ("type", "after_block") if kind == "after_block" else ("type",), "body.position"
    )
    if kind == "page_start":
        children.insert(0, page_id)
    elif kind == "page_end":
        children.append(page_id)
    else:
        ref = check.obj(check.req(pos, "after_block", "body.position"), "body.position.after_block")
        after = check.uuid(
            check.req(ref, "id", "body.position.after_block"), "body.position.after_block.id"
        )
        if after not in children:
            raise invalid(f"Block {after} is not a child of page {parent['id']}.")
        children.insert(children.index(after) + 1, page_id)


def create_page(ctx: Ctx) -> tuple[int, Json]:
    """POST /v1/pages."""
    body = ctx.body
    ws = ctx.ws
    check.only_keys(body, PAGE_CREATE_KEYS, "body")
    parent_rec, parent_ref = resolve_parent(ctx, check.req(body, "parent", "body"), "body.parent")
    ds = parent_rec if parent_rec["kind"] == "data_source" else None
    if "position" in body and ds is not None:
        raise not_present("body.position", body["position"])
    template = _template(ctx, body, ds)
    specs, md_title = _content(ctx, body)
    page_icon = icon(body.get("icon"), "body.icon")
    page_cover = cover(body.get("cover"), "body.cover")
    values = parse_values(ctx, ds, body.get("properties", {}), "body.properties", None)
    ws.check_block_limit()
    title_id = "title"
    if ds is not None:
        title_id = next(p["id"] for p in ds["properties"] if p["type"] == "title")
    if md_title is not None and not values.get(title_id):
        values[title_id] = ws.title_items(md_title)
    page = ws.new_page(parent_ref, values, ctx.now)
    page["icon"] = page_icon
    page["cover"] = page_cover
    ws.store.insert(page)
    ws.count_blocks(1)
    if ds is not None:
        ds_edit = ws.edit(ds["id"])
        ds_edit["rows"].append(page["id"])
        for prop in ds_edit["properties"]:
            if prop["type"] == "unique_id":
                page["values"][prop["id"]] = ds_edit.get("next_unique", 1)
                ds_edit["next_unique"] = ds_edit.get("next_unique", 1) + 1
        sync_relations(ctx, ds_edit, page, {}, values)
    else:
        _place(ctx, ws.edit(parent_rec["id"]), body, page["id"])
    page["children"] = ws.insert_blocks(specs, page, ctx.now)
    response = ws.render_page(page, ctx)
    if template is not None:
        # Notion applies templates asynchronously: the response shows a blank page, the content
        # is there on the next read.
        _apply_template(ctx, template, page, ds)
    ctx.committed_id = page["id"]
    return 200, response


def _apply_template(ctx: Ctx, template: Json, page: Json, ds: Json | None) -> None:
    ws = ctx.ws
    for key, value in template["values"].items():
        if not page["values"].get(key):
            page["values"][key] = value
    for child_id in template["children"]:
        child = ws.store.objects[child_id]
        if child["kind"] == "block":
            page["children"].extend(
                ws.insert_blocks([BlockSpec(child["type"], dict(child["data"]))], page, ctx.now)
            )


def retrieve_page(ctx: Ctx) -> tuple[int, Json]:
    """GET /v1/pages/{page_id}."""
    rec = ctx.ws.get("page", ctx.params["id"], what="page_id")
    if rec.get("template"):
        raise ApiError(404, "object_not_found", f"Could not find page with ID: {rec['id']}.")
    only = set(ctx.query.get("filter_properties", [])) or None
    return 200, ctx.ws.render_page(rec, ctx, only=only)


def update_page(ctx: Ctx) -> tuple[int, Json]:
    """PATCH /v1/pages/{page_id}."""
    ws = ctx.ws
    body = ctx.body
    check.only_keys(body, PAGE_UPDATE_KEYS, "body")
    rec = ws.get("page", ctx.params["id"], what="page_id")
    flag = trash_flag(ctx, body)
    only_trash_flags = all(k in ("in_trash", "archived") for k in body)
    # A page in the trash (or under a trashed page) can only be restored or re-trashed.
    if ws.is_in_trash(rec) and not (only_trash_flags and flag is not None):
        raise archived_parent()
    if "erase_content" in body:
        check.boolean(body["erase_content"], "body.erase_content")
        if "template" not in body:
            raise missing("body.template")
    ds = ws.store.get(rec["parent"].get("data_source_id", ""))
    template = _template(ctx, body, ds) if "template" in body else None
    page_icon = icon(body["icon"], "body.icon") if "icon" in body else None
    page_cover = cover(body["cover"], "body.cover") if "cover" in body else None
    values = (
        parse_values(ctx, ds, body["properties"], "body.properties", rec)
        if "properties" in body
        else {}
    )
    page = ws.edit(rec["id"])
    old_values = {k: v for k, v in page["values"].items()}
    page["values"].update(values)
    if ds is not None and values:
        sync_relations(ctx, ds, page, old_values, values)
    if "icon" in body:
        page["icon"] = page_icon
    if "cover" in body:
        page["cover"] = page_cover
    if "is_locked" in body:
        page["is_locked"] = check.boolean(body["is_locked"], "body.is_locked")
    if "is_archived" in body:
        # SDK 5.26 UpdatePageBodyParameters; recorded responses carry it on every page.
        page["is_archived"] = check.boolean(body["is_archived"], "body.is_archived")
    if flag is not None:
        page["in_trash"] = flag
    if template is not None:
        if body.get("erase_content"):
            page["children"] = []
        _apply_template(ctx, template, page, ds)
    page["last_edited_time"] = ctx.now
    ctx.committed_id = page["id"]
    return 200, ws.render_page(page, ctx)


def _descends_from(ctx: Ctx, rec: Json, ancestor_id: str) -> bool:
    current: Json | None = rec
    for _ in range(64):
        if current is None:
            return False
        if current["id"] == ancestor_id:
            return True
        parent = current["parent"]
        parent_id = parent.get("page_id") or parent.get("block_id") or parent.get("database_id")
        current = ctx.ws.store.get(parent_id) if parent_id else None
    return False


def move_page(ctx: Ctx) -> tuple[int, Json]:
    """POST /v1/pages/{page_id}/move."""
    ws = ctx.ws
    body = ctx.body
    check.only_keys(body, ("parent",), "body")
    rec = ws.get("page", ctx.params["id"], what="page_id")
    parent_raw = check.obj(check.req(body, "parent", "body"), "body.parent")
    kind = check.typed_union(parent_raw, ("page_id", "data_source_id"), "body.parent")
    target, ref = resolve_parent(ctx, parent_raw, "body.parent")
    if kind == "page_id" and _descends_from(ctx, target, rec["id"]):
        raise invalid(f"Cannot move page {rec['id']} into itself or one of its descendants.")
    if ws.is_in_trash(rec):
        raise archived_parent()
    page = ws.edit(rec["id"])
    old = page["parent"]
    old_ds = ws.store.get(old.get("data_source_id", ""))
    title_id = "title"
    if old_ds is not None:
        title_id = next(p["id"] for p in old_ds["properties"] if p["type"] == "title")
        ws.edit(old_ds["id"])["rows"].remove(page["id"])
    else:
        old_parent = ws.edit(old["page_id"])
        old_parent["children"] = [c for c in old_parent["children"] if c != page["id"]]
    title = page["values"].get(title_id, [])
    if target["kind"] == "data_source":
        new_title = next(p["id"] for p in target["properties"] if p["type"] == "title")
        page["values"] = {new_title: title}
        ws.edit(target["id"])["rows"].append(page["id"])
    else:
        page["values"] = {"title": title}
        ws.edit(target["id"])["children"].append(page["id"])
    page["parent"] = ref
    page["last_edited_time"] = ctx.now
    ctx.committed_id = page["id"]
    return 200, ws.render_page(page, ctx)
