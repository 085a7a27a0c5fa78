"""Page bodies as markdown: ``GET`` and ``PATCH /v1/pages/{id}/markdown``, by API version.

Recorded traffic (2025-09-03) shows both endpoints answering ``{object: "page_markdown", id,
markdown, truncated, unknown_block_ids}``, the body in enhanced markdown (v1). The 2026-12-01
upgrade guide makes Notion-flavored Markdown (v2) the default, refuses ``markdown_version:
"v1"``, refuses ``replace_content_range`` (use ``update_content``) and anchors inserts with
``position: {type: "after_content", anchor}``; each v2 request can be made on 2026-03-11 first.

An edit renders the page body as markdown, applies the operation to that text, and parses the
result back into blocks. Child pages and databases are written as ``<page url="...">`` and
``<database url="...">`` lines; an edit that drops one fails unless ``allow_deleting_content``.
"""

from __future__ import annotations

import re
from typing import Any

from notion_setup.sandbox import check
from notion_setup.sandbox.check import Json
from notion_setup.sandbox.errors import archived_parent, body_invalid, invalid, not_present
from notion_setup.sandbox.ids import database_url, page_url
from notion_setup.sandbox.mdconv import render, to_blocks
from notion_setup.sandbox.workspace import Ctx

OPERATIONS = ("insert_content", "replace_content_range", "update_content", "replace_content")
UPDATE_KEYS = ("type", *OPERATIONS, "markdown_version", "allow_async")
_CHILD_LINE = re.compile(r'^<(page|database) url="[^"]*?([0-9a-f]{32})">.*</(page|database)>$')


def markdown_version(ctx: Ctx, raw: Any, path: str) -> str:
    """``v1`` or ``v2`` from a request (None = the version's default); v1 fails on 2026-12-01."""
    if raw is None:
        return "v2" if ctx.markdown_v2_default else "v1"
    version = check.enum(raw, ("v1", "v2"), path)
    if version == "v1" and ctx.v2026_12:
        raise body_invalid(
            path,
            'should be `"v2"`: enhanced markdown (v1) is no longer accepted from Notion-Version '
            "2026-12-01 on",
        )
    return version


def _body_markdown(ctx: Ctx, rec: Json, v2: bool) -> str:
    ws = ctx.ws

    def kids(block: Json) -> list[Json]:
        return [ws.render_block(c, ctx) for c in ws.live_children(ws.store.objects[block["id"]])]

    rendered = []
    for child in ws.live_children(rec):
        block = ws.render_block(child, ctx)
        if child["kind"] == "page":
            block["_url"] = page_url(ws.title_of(child), child["id"])
        elif child["kind"] == "database":
            block["_url"] = database_url(child["id"])
        rendered.append(block)
    return render(rendered, kids, v2=v2)


def _answer(ctx: Ctx, rec: Json, v2: bool) -> Json:
    return {
        "object": "page_markdown",
        "id": rec["id"],
        "markdown": _body_markdown(ctx, rec, v2),
        "truncated": False,
        "unknown_block_ids": [],
    }


def page_markdown(ctx: Ctx) -> tuple[int, Json]:
    """GET /v1/pages/{page_id}/markdown (served on every version, as recorded on 2025-09-03)."""
    rec = ctx.ws.get("page", ctx.params["id"], what="page_id")
    include = ctx.qparam("include_transcript")
    if include is not None and include not in ("true", "false"):
        raise invalid(
            "query failed validation: query.include_transcript should be `true` or `false`, "
            f'instead was `"{include}"`.'
        )
    version = markdown_version(ctx, ctx.qparam("markdown_version"), "query.markdown_version")
    return 200, _answer(ctx, rec, version == "v2")


def _match(text: str, selection: str, path: str) -> tuple[int, int]:
    """Where an ellipsis selection (``start...end``, or exact text) lies in ``text``."""
    if "..." in selection:
        head, tail = selection.split("...", 1)
        start = text.find(head)
        end = text.find(tail, start + len(head)) if start >= 0 else -1
        if start < 0 or end < 0:
            raise invalid(f"{path}: no content of the page matches `{selection}`.")
        return start, end + len(tail)
    start = text.find(selection)
    if start < 0:
        raise invalid(f"{path}: no content of the page matches `{selection}`.")
    return start, start + len(selection)


def _block_start(blocks: list[str], anchor: str, path: str) -> int:
    """Index of the one top-level block whose markdown starts with ``anchor``."""
    hits = [i for i, block in enumerate(blocks) if block.startswith(anchor)]
    if len(hits) != 1:
        found = "no block" if not hits else f"{len(hits)} blocks"
        raise invalid(f"{path}: `{anchor}` should match the start of one block, found {found}.")
    return hits[0]


def _insert(ctx: Ctx, text: str, op: Json, v2: bool) -> str:
    path = "body.insert_content"
    check.only_keys(op, ("content", "after", "position"), path)
    content = check.text(check.req(op, "content", path), f"{path}.content")
    sep = "\n\n" if v2 else "\n"
    if "after" in op and "position" in op:
        raise not_present(f"{path}.position", op["position"])
    if "after" in op:
        after = check.text(op["after"], f"{path}.after")
        if ctx.v2026_12:
            # 2026-12-01: ``after`` must match the start of one block (upgrade guide).
            blocks = text.split(sep) if text else []
            index = _block_start(blocks, after, f"{path}.after")
            return sep.join([*blocks[: index + 1], content, *blocks[index + 1 :]])
        _, end = _match(text, after, f"{path}.after")
        return text[:end] + sep + content + text[end:]
    position = check.obj(op.get("position", {"type": "end"}), f"{path}.position")
    kind = check.enum(
        check.req(position, "type", f"{path}.position"),
        ("start", "end", "after_content"),
        f"{path}.position.type",
    )
    check.only_keys(
        position, ("type", "anchor") if kind == "after_content" else ("type",), f"{path}.position"
    )
    if kind == "start":
        return content + sep + text if text else content
    if kind == "end":
        return text + sep + content if text else content
    anchor = check.text(
        check.req(position, "anchor", f"{path}.position"), f"{path}.position.anchor", min_len=1
    )
    blocks = text.split(sep) if text else []
    index = _block_start(blocks, anchor, f"{path}.position.anchor")
    return sep.join([*blocks[: index + 1], content, *blocks[index + 1 :]])


def _update(text: str, op: Json) -> str:
    path = "body.update_content"
    check.only_keys(op, ("content_updates", "allow_deleting_content"), path)
    updates = check.array(check.req(op, "content_updates", path), f"{path}.content_updates")
    for index, raw in enumerate(updates):
        where = f"{path}.content_updates[{index}]"
        item = check.obj(raw, where)
        check.only_keys(item, ("old_str", "new_str", "replace_all_matches"), where)
        old = check.text(check.req(item, "old_str", where), f"{where}.old_str", min_len=1)
        new = check.text(check.req(item, "new_str", where), f"{where}.new_str")
        every = check.boolean(
            item.get("replace_all_matches", False), f"{where}.replace_all_matches"
        )
        count = text.count(old)
        if count == 0:
            raise invalid(f"{where}.old_str: no content of the page matches `{old}`.")
        if count > 1 and not every:
            raise invalid(
                f"{where}.old_str matches {count} times: make it unique or set replace_all_matches."
            )
        text = text.replace(old, new) if every else text.replace(old, new, 1)
    return text


def _edited(ctx: Ctx, body: Json, text: str, v2: bool) -> tuple[str, bool]:
    kind = check.enum(check.req(body, "type", "body"), OPERATIONS, "body.type")
    for other in OPERATIONS:
        if other != kind and other in body:
            raise not_present(f"body.{other}", body[other])
    op = check.obj(check.req(body, kind, "body"), f"body.{kind}")
    allow = check.boolean(
        op.get("allow_deleting_content", False), f"body.{kind}.allow_deleting_content"
    )
    if kind == "insert_content":
        return _insert(ctx, text, op, v2), False
    if kind == "update_content":
        return _update(text, op), allow
    if kind == "replace_content":
        check.only_keys(op, ("new_str", "allow_deleting_content"), "body.replace_content")
        return check.text(
            check.req(op, "new_str", "body.replace_content"), "body.replace_content.new_str"
        ), allow
    if ctx.v2026_12:
        raise body_invalid(
            "body.type",
            "should not be `replace_content_range` from Notion-Version 2026-12-01 on: use "
            "`update_content`",
        )
    path = "body.replace_content_range"
    check.only_keys(op, ("content", "content_range", "allow_deleting_content"), path)
    content = check.text(check.req(op, "content", path), f"{path}.content")
    selection = check.text(check.req(op, "content_range", path), f"{path}.content_range")
    start, end = _match(text, selection, f"{path}.content_range")
    return text[:start] + content + text[end:], allow


def update_page_markdown(ctx: Ctx) -> tuple[int, Json]:
    """PATCH /v1/pages/{page_id}/markdown: insert, update, replace (by API version)."""
    ws = ctx.ws
    body = ctx.body
    check.only_keys(body, UPDATE_KEYS, "body")
    if body.get("allow_async"):
        raise invalid(
            "Asynchronous markdown updates (allow_async) are not emulated by the sandbox."
        )
    rec = ws.get("page", ctx.params["id"], what="page_id")
    if ws.is_in_trash(rec):
        raise archived_parent()
    v2 = markdown_version(ctx, body.get("markdown_version"), "body.markdown_version") == "v2"
    before = _body_markdown(ctx, rec, v2)
    after, allow_deleting = _edited(ctx, body, before, v2)
    page = ws.edit(rec["id"])
    kept: list[str] = []
    new_children: list[str] = []
    chunk: list[str] = []

    def flush() -> None:
        if chunk:
            specs = to_blocks("\n".join(chunk), take_title=False)[1]
            ws.check_block_limit()
            new_children.extend(ws.insert_blocks(specs, page, ctx.now))
            chunk.clear()

    live = {c["id"]: c for c in ws.live_children(page) if c["kind"] in ("page", "database")}
    for line in after.split("\n"):
        found = _CHILD_LINE.match(line.strip())
        compact = found.group(2) if found else None
        child_id = next((i for i in live if i.replace("-", "") == compact), None)
        if child_id is not None and child_id not in kept:
            flush()
            kept.append(child_id)
            new_children.append(child_id)
        else:
            chunk.append(line)
    flush()
    dropped = [i for i in live if i not in kept]
    if dropped and not allow_deleting:
        raise invalid(
            f"This edit would delete {len(dropped)} child page(s) or database(s): set "
            "allow_deleting_content to true to allow it."
        )
    for child_id in dropped:
        ws.edit(child_id)["in_trash"] = True
    for child in ws.live_children(page):
        if child["kind"] == "block":
            ws.edit(child["id"])["in_trash"] = True
    page["children"] = new_children + [c for c in page["children"] if c not in new_children]
    page["last_edited_time"] = ctx.now
    ctx.committed_id = page["id"]
    return 200, _answer(ctx, page, v2)
