"""Blocks: retrieve, update (text blocks), delete (to the trash), list and append children."""

from __future__ import annotations

from notion_setup.sandbox import check
from notion_setup.sandbox.api_pages import trash_flag
from notion_setup.sandbox.blocks import block_data, can_have_children, parse_children
from notion_setup.sandbox.check import Json
from notion_setup.sandbox.errors import archived_parent, body_invalid, invalid, not_present
from notion_setup.sandbox.listing import list_body, paginate
from notion_setup.sandbox.workspace import Ctx


def retrieve_block(ctx: Ctx) -> tuple[int, Json]:
    """GET /v1/blocks/{block_id}."""
    return 200, ctx.ws.render_block(ctx.ws.block_like(ctx.params["id"]), ctx)


def update_block(ctx: Ctx) -> tuple[int, Json]:
    """PATCH /v1/blocks/{block_id}: a text block's content, or ``in_trash``."""
    ws = ctx.ws
    body = ctx.body
    rec = ws.block_like(ctx.params["id"])
    flag = trash_flag(ctx, body)
    block_type = rec.get("type") if rec["kind"] == "block" else None
    for key, value in body.items():
        if key in ("in_trash", "archived"):
            continue
        if key == "type":
            if value != block_type:
                raise body_invalid(
                    "body.type",
                    f"should be `{block_type or 'not present'}`: a block's type cannot change",
                )
            continue
        if key != block_type:
            raise not_present(f"body.{key}", value)
    only_flags = all(k in ("in_trash", "archived") for k in body)
    if ws.is_in_trash(rec) and not (only_flags and flag is not None):
        raise archived_parent()
    data = None
    if block_type is not None and block_type in body:
        cfg = check.obj(body[block_type], f"body.{block_type}")
        if "children" in cfg:
            raise not_present(f"body.{block_type}.children", cfg["children"])
        data = block_data(block_type, cfg, f"body.{block_type}", ws.mention_title, update=True)
    target = ws.edit(rec["id"])
    if data is not None:
        if (
            block_type in ("heading_1", "heading_2", "heading_3")
            and data.get("is_toggleable") is False
            and ws.live_children(target)
        ):
            raise invalid("A heading with children must stay toggleable.")
        target["data"].update(data)
    if flag is not None:
        target["in_trash"] = flag
    target["last_edited_time"] = ctx.now
    ctx.committed_id = target["id"]
    return 200, ws.render_block(target, ctx)


def delete_block(ctx: Ctx) -> tuple[int, Json]:
    """DELETE /v1/blocks/{block_id}: move a block, page or database to the trash."""
    ws = ctx.ws
    rec = ws.block_like(ctx.params["id"])
    if ws.is_in_trash(rec):
        raise archived_parent()
    target = ws.edit(rec["id"])
    target["in_trash"] = True
    target["last_edited_time"] = ctx.now
    ctx.committed_id = target["id"]
    return 200, ws.render_block(target, ctx)


def list_children(ctx: Ctx) -> tuple[int, Json]:
    """GET /v1/blocks/{block_id}/children: live children, paginated."""
    ws = ctx.ws
    rec = ws.block_like(ctx.params["id"])
    children = ws.live_children(rec)
    chunk, nxt = paginate(
        children,
        ctx,
        cursor=ctx.qparam("start_cursor"),
        size=ctx.qparam("page_size"),
        ident=lambda c: str(c["id"]),
        source="query",
    )
    return 200, list_body([ws.render_block(c, ctx) for c in chunk], nxt, "block")


def append_children(ctx: Ctx) -> tuple[int, Json]:
    """PATCH /v1/blocks/{block_id}/children with ``position`` (2026-03-11) or ``after``."""
    ws = ctx.ws
    body = ctx.body
    allowed = ("children", "after", "position")
    check.only_keys(body, allowed, "body")
    if ctx.legacy and "position" in body:
        # 2025-09-03 only knows ``after`` (strict reading of the version split).
        raise not_present("body.position", body["position"])
    if not ctx.legacy and "after" in body:
        raise not_present("body.after", body["after"])
    rec = ws.block_like(ctx.params["id"])
    if rec["kind"] == "database" or (
        rec["kind"] == "block" and not can_have_children(rec["type"], rec["data"])
    ):
        kind = "child_database" if rec["kind"] == "database" else rec["type"]
        raise invalid(f"Block type {kind} does not support children.")
    if ws.is_in_trash(rec):
        raise archived_parent()
    parent_type = rec.get("type") if rec["kind"] == "block" else None
    specs = parse_children(
        check.req(body, "children", "body"),
        "body.children",
        ws.mention_title,
        parent_type=parent_type,
    )
    if rec["kind"] == "block" and rec["type"] in ("table", "column_list"):
        expected = "table_row" if rec["type"] == "table" else "column"
        for index, spec in enumerate(specs):
            if spec.type != expected:
                raise body_invalid(f"body.children[{index}].type", f"should be `{expected}`")
    index = _insert_index(ctx, rec, body)
    ws.check_block_limit()
    target = ws.edit(rec["id"])
    new_ids = ws.insert_blocks(specs, target, ctx.now)
    target["children"][index:index] = new_ids
    target["last_edited_time"] = ctx.now
    ctx.committed_id = target["id"]
    ctx.committed_children = list(new_ids)
    results = [ws.render_block(ws.store.objects[i], ctx) for i in new_ids]
    return 200, list_body(results, None, "block")


def _insert_index(ctx: Ctx, rec: Json, body: Json) -> int:
    children: list[str] = rec["children"]
    after_id: str | None = None
    if "after" in body:
        after_id = check.uuid(body["after"], "body.after")
    elif "position" in body:
        pos = check.obj(body["position"], "body.position")
        kind = check.enum(
            check.req(pos, "type", "body.position"),
            ("after_block", "start", "end"),
            "body.position.type",
        )
        check.only_keys(
            pos, ("type", "after_block") if kind == "after_block" else ("type",), "body.position"
        )
        if kind == "start":
            return 0
        if kind == "end":
            return len(children)
        ref = check.obj(check.req(pos, "after_block", "body.position"), "body.position.after_block")
        check.only_keys(ref, ("id",), "body.position.after_block")
        after_id = check.uuid(
            check.req(ref, "id", "body.position.after_block"), "body.position.after_block.id"
        )
    if after_id is None:
        return len(children)
    if after_id not in children:
        raise invalid(f"Block {after_id} is not a child of block {rec['id']}.")
    return children.index(after_id) + 1
