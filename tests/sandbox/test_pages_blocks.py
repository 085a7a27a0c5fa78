"""Pages and blocks: shapes, limits of notion-api.md section 3, append positions, trash, move."""

from __future__ import annotations

import re
from typing import Any

import pytest

from notion_setup.sandbox import Sandbox
from tests.sandbox.helpers import api_error, para, text

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def child_page(api: Any, parent: str, title: str, **kwargs: Any) -> dict[str, Any]:
    return api.pages.create(
        parent={"type": "page_id", "page_id": parent},
        properties={"title": {"title": text(title)}},
        **kwargs,
    )


def kids(api: Any, block_id: str) -> list[dict[str, Any]]:
    return api.blocks.children.list(block_id)["results"]


def test_page_under_a_page_has_notions_shape(sandbox: Sandbox, api: Any) -> None:
    page = child_page(api, sandbox.root_page_id, "Acme")
    assert UUID.match(page["id"])
    assert page["object"] == "page"
    assert page["parent"] == {"type": "page_id", "page_id": sandbox.root_page_id}
    assert page["in_trash"] is False
    assert "archived" not in page  # removed in 2026-03-11
    assert page["properties"]["title"]["id"] == "title"
    assert page["properties"]["title"]["title"][0]["plain_text"] == "Acme"
    assert page["url"] == "https://app.notion.com/p/Acme-" + page["id"].replace("-", "")
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$", page["created_time"])
    assert page["created_by"] == {"object": "user", "id": sandbox.bot_id}


def test_legacy_version_also_returns_archived(sandbox: Sandbox, legacy_api: Any) -> None:
    page = child_page(legacy_api, sandbox.root_page_id, "Old")
    assert page["archived"] is False
    assert page["in_trash"] is False


def test_children_listing_shows_child_pages_in_order(sandbox: Sandbox, api: Any) -> None:
    first = child_page(api, sandbox.root_page_id, "First")
    second = child_page(api, sandbox.root_page_id, "Second")
    third = child_page(api, sandbox.root_page_id, "Third", position={"type": "page_start"})
    listed = kids(api, sandbox.root_page_id)
    assert [b["id"] for b in listed] == [third["id"], first["id"], second["id"]]
    assert listed[1]["type"] == "child_page"
    assert listed[1]["child_page"] == {"title": "First"}
    assert listed[1]["parent"] == {"type": "page_id", "page_id": sandbox.root_page_id}


def test_only_title_is_allowed_under_a_page_parent(sandbox: Sandbox, api: Any) -> None:
    error = api_error(
        lambda: api.pages.create(
            parent={"page_id": sandbox.root_page_id},
            properties={"Status": {"select": {"name": "x"}}},
        )
    )
    assert str(error) == (
        "body failed validation: body.properties.Status: a page whose parent is a page has only "
        'a "title" property.'
    )


def test_parent_is_required(api: Any) -> None:
    error = api_error(lambda: api.pages.create(properties={}))
    assert (
        str(error)
        == "body failed validation: body.parent should be defined, instead was `undefined`."
    )


def test_workspace_parent_is_refused_for_an_internal_integration(api: Any) -> None:
    error = api_error(lambda: api.pages.create(parent={"type": "workspace", "workspace": True}))
    assert str(error).startswith("body failed validation: body.parent.workspace is not allowed")


def test_rich_text_over_2000_characters(sandbox: Sandbox, api: Any) -> None:
    error = api_error(
        lambda: api.pages.create(
            parent={"page_id": sandbox.root_page_id}, children=[para("x" * 2001)]
        )
    )
    assert error.code == "validation_error"
    assert str(error) == (
        "body failed validation: body.children[0].paragraph.rich_text[0].text.content.length "
        "should be ≤ `2000`, instead was `2001`."
    )


def test_more_than_100_children_in_one_array(sandbox: Sandbox, api: Any) -> None:
    error = api_error(
        lambda: api.blocks.children.append(
            sandbox.root_page_id, children=[para(str(i)) for i in range(101)]
        )
    )
    assert str(error) == (
        "body failed validation: body.children.length should be ≤ `100`, instead was `101`."
    )


def test_more_than_100_rich_text_items(sandbox: Sandbox, api: Any) -> None:
    block = {"paragraph": {"rich_text": [{"text": {"content": "a"}}] * 101}}
    error = api_error(lambda: api.blocks.children.append(sandbox.root_page_id, children=[block]))
    assert str(error) == (
        "body failed validation: body.children[0].paragraph.rich_text.length should be ≤ `100`, "
        "instead was `101`."
    )


def _nested(depth: int) -> dict[str, Any]:
    block: dict[str, Any] = {"bulleted_list_item": {"rich_text": text(f"level {depth}")}}
    if depth < 3:
        block["bulleted_list_item"]["children"] = [_nested(depth + 1)]
    return block


def test_two_levels_of_nesting_pass_and_a_third_is_refused(sandbox: Sandbox, api: Any) -> None:
    two = _nested(1)
    two["bulleted_list_item"]["children"][0]["bulleted_list_item"]["children"][0][
        "bulleted_list_item"
    ].pop("children", None)
    api.blocks.children.append(sandbox.root_page_id, children=[two])
    error = api_error(
        lambda: api.blocks.children.append(sandbox.root_page_id, children=[_nested(0)])
    )
    assert str(error) == (
        "body failed validation: body.children[0].bulleted_list_item.children[0]."
        "bulleted_list_item.children[0].bulleted_list_item.children should be not present, "
        'instead was `[{"bulleted_list_item":{"rich_...`.'
    )


def test_more_than_1000_blocks_in_one_request(sandbox: Sandbox, api: Any) -> None:
    toggles = [
        {"toggle": {"rich_text": text(f"t{i}"), "children": [para(str(j)) for j in range(99)]}}
        for i in range(11)
    ]
    error = api_error(lambda: api.blocks.children.append(sandbox.root_page_id, children=toggles))
    assert str(error) == (
        "body failed validation: body.children should hold at most `1000` blocks in total "
        "(nested blocks included), instead held `1100`."
    )


def test_block_shape_errors_name_the_field(sandbox: Sandbox, api: Any) -> None:
    root = sandbox.root_page_id
    error = api_error(lambda: api.blocks.children.append(root, children=[{"paragraph": {}}]))
    assert str(error) == (
        "body failed validation: body.children[0].paragraph.rich_text should be defined, "
        "instead was `undefined`."
    )
    error = api_error(
        lambda: api.blocks.children.append(
            root, children=[{"paragraph": {"rich_text": [], "colour": "red"}}]
        )
    )
    assert str(error) == (
        "body failed validation: body.children[0].paragraph.colour should be not present, "
        'instead was `"red"`.'
    )
    error = api_error(
        lambda: api.blocks.children.append(root, children=[{"code": {"rich_text": text("x")}}])
    )
    assert str(error) == (
        "body failed validation: body.children[0].code.language should be defined, instead was "
        "`undefined`."
    )
    error = api_error(
        lambda: api.blocks.children.append(root, children=[{"child_page": {"title": "x"}}])
    )
    assert str(error).startswith("body failed validation: body.children[0].child_page should be")


def test_append_position_in_2026(sandbox: Sandbox, api: Any) -> None:
    page = child_page(api, sandbox.root_page_id, "Doc")
    a, b = api.blocks.children.append(page["id"], children=[para("a"), para("b")])["results"]
    api.blocks.children.append(page["id"], children=[para("start")], position={"type": "start"})
    api.blocks.children.append(
        page["id"],
        children=[para("after a")],
        position={"type": "after_block", "after_block": {"id": a["id"]}},
    )
    api.blocks.children.append(page["id"], children=[para("end")], position={"type": "end"})
    texts = [blk["paragraph"]["rich_text"][0]["plain_text"] for blk in kids(api, page["id"])]
    assert texts == ["start", "a", "after a", "b", "end"]
    error = api_error(lambda: api.blocks.children.append(page["id"], children=[], after=b["id"]))
    assert str(error) == (
        "body failed validation: body.after should be not present, instead was "
        f'`"{b["id"][:29]}...`.'
    )


def test_append_after_in_2025_and_no_position(sandbox: Sandbox, legacy_api: Any) -> None:
    page = child_page(legacy_api, sandbox.root_page_id, "Doc")
    first, _ = legacy_api.blocks.children.append(page["id"], children=[para("1"), para("3")])[
        "results"
    ]
    legacy_api.blocks.children.append(page["id"], children=[para("2")], after=first["id"])
    texts = [b["paragraph"]["rich_text"][0]["plain_text"] for b in kids(legacy_api, page["id"])]
    assert texts == ["1", "2", "3"]
    error = api_error(
        lambda: legacy_api.blocks.children.append(page["id"], children=[], position={"type": "end"})
    )
    assert str(error) == (
        'body failed validation: body.position should be not present, instead was `{"type":"end"}`.'
    )


def test_append_answers_the_new_blocks_only(sandbox: Sandbox, api: Any) -> None:
    page = child_page(api, sandbox.root_page_id, "Doc")
    api.blocks.children.append(page["id"], children=[para("old")])
    answer = api.blocks.children.append(page["id"], children=[para("new")])
    assert answer["object"] == "list"
    assert [b["paragraph"]["rich_text"][0]["plain_text"] for b in answer["results"]] == ["new"]
    assert answer["results"][0]["parent"] == {"type": "page_id", "page_id": page["id"]}


def test_children_of_a_block_without_children_support(sandbox: Sandbox, api: Any) -> None:
    (divider,) = api.blocks.children.append(sandbox.root_page_id, children=[{"divider": {}}])[
        "results"
    ]
    error = api_error(lambda: api.blocks.children.append(divider["id"], children=[para("x")]))
    assert str(error) == "Block type divider does not support children."


def test_listing_children_paginates_by_cursor(sandbox: Sandbox, api: Any) -> None:
    page = child_page(api, sandbox.root_page_id, "Long")
    for start in (0, 100, 200):
        api.blocks.children.append(
            page["id"], children=[para(str(i)) for i in range(start, start + 100)]
        )
    first = api.blocks.children.list(page["id"])
    assert len(first["results"]) == 100
    assert first["has_more"] is True
    assert (
        first["next_cursor"]
        == api.blocks.children.list(page["id"], page_size=1, start_cursor=first["next_cursor"])[
            "results"
        ][0]["id"]
    )
    seen = []
    cursor = None
    while True:
        chunk = api.blocks.children.list(page["id"], page_size=70, start_cursor=cursor)
        seen += [b["paragraph"]["rich_text"][0]["plain_text"] for b in chunk["results"]]
        if not chunk["has_more"]:
            assert chunk["next_cursor"] is None
            break
        cursor = chunk["next_cursor"]
    assert seen == [str(i) for i in range(300)]
    error = api_error(lambda: api.blocks.children.list(page["id"], page_size=101))
    assert (
        str(error)
        == "query failed validation: query.page_size should be ≤ `100`, instead was `101`."
    )


def test_update_a_code_block_keeps_its_language(sandbox: Sandbox, api: Any) -> None:
    toggle = {
        "toggle": {
            "rich_text": text("⚙️ notion-setup"),
            "children": [{"code": {"rich_text": text("{}"), "language": "json"}}],
        }
    }
    (block,) = api.blocks.children.append(sandbox.root_page_id, children=[toggle])["results"]
    (code,) = kids(api, block["id"])
    updated = api.blocks.update(code["id"], code={"rich_text": text('{"a": 1}')})
    assert updated["code"]["language"] == "json"
    assert updated["code"]["rich_text"][0]["plain_text"] == '{"a": 1}'
    assert api.blocks.retrieve(code["id"])["code"]["rich_text"][0]["plain_text"] == '{"a": 1}'
    error = api_error(lambda: api.blocks.update(code["id"], paragraph={"rich_text": []}))
    assert str(error) == (
        "body failed validation: body.paragraph should be not present, instead was "
        '`{"rich_text":[]}`.'
    )


def test_delete_block_trashes_it(sandbox: Sandbox, api: Any) -> None:
    (block,) = api.blocks.children.append(sandbox.root_page_id, children=[para("bye")])["results"]
    deleted = api.blocks.delete(block["id"])
    assert deleted["in_trash"] is True
    assert block["id"] not in [b["id"] for b in kids(api, sandbox.root_page_id)]
    assert api.blocks.retrieve(block["id"])["in_trash"] is True
    error = api_error(lambda: api.blocks.update(block["id"], paragraph={"rich_text": []}))
    assert str(error) == (
        "Can't edit block that is archived. You must unarchive the block before editing."
    )


def test_trashing_a_page_hides_it_and_its_content(sandbox: Sandbox, api: Any) -> None:
    page = child_page(api, sandbox.root_page_id, "Old client")
    trashed = api.pages.update(page["id"], in_trash=True)
    assert trashed["in_trash"] is True
    assert page["id"] not in [b["id"] for b in kids(api, sandbox.root_page_id)]
    assert api.pages.retrieve(page["id"])["in_trash"] is True
    error = api_error(lambda: child_page(api, page["id"], "Inside"))
    assert error.code == "validation_error"
    restored = api.pages.update(page["id"], in_trash=False)
    assert restored["in_trash"] is False
    assert page["id"] in [b["id"] for b in kids(api, sandbox.root_page_id)]


def test_archived_is_refused_in_2026_and_accepted_in_2025(
    sandbox: Sandbox, api: Any, legacy_api: Any
) -> None:
    page = child_page(api, sandbox.root_page_id, "P")
    error = api_error(lambda: api.pages.update(page["id"], archived=True))
    assert (
        str(error)
        == "body failed validation: body.archived should be not present, instead was `true`."
    )
    assert legacy_api.pages.update(page["id"], archived=True)["archived"] is True
    assert api.pages.retrieve(page["id"])["in_trash"] is True


def test_delete_a_child_page_through_blocks(sandbox: Sandbox, api: Any) -> None:
    page = child_page(api, sandbox.root_page_id, "P")
    block = api.blocks.delete(page["id"])
    assert block["type"] == "child_page"
    assert api.pages.retrieve(page["id"])["in_trash"] is True


def test_move_page(sandbox: Sandbox, api: Any) -> None:
    a = child_page(api, sandbox.root_page_id, "A")
    b = child_page(api, sandbox.root_page_id, "B")
    moved = api.pages.move(b["id"], parent={"type": "page_id", "page_id": a["id"]})
    assert moved["parent"] == {"type": "page_id", "page_id": a["id"]}
    assert [x["id"] for x in kids(api, a["id"])] == [b["id"]]
    assert b["id"] not in [x["id"] for x in kids(api, sandbox.root_page_id)]
    error = api_error(lambda: api.pages.move(a["id"], parent={"page_id": b["id"]}))
    assert str(error) == f"Cannot move page {a['id']} into itself or one of its descendants."


def test_icon_must_be_an_emoji(sandbox: Sandbox, api: Any) -> None:
    error = api_error(
        lambda: child_page(api, sandbox.root_page_id, "P", icon={"type": "emoji", "emoji": "ok"})
    )
    assert (
        str(error)
        == "body failed validation: body.icon.emoji should be a valid emoji, instead was `ok`."
    )
    page = child_page(api, sandbox.root_page_id, "P", icon={"type": "emoji", "emoji": "🗂️"})
    assert page["icon"] == {"type": "emoji", "emoji": "🗂️"}


def test_markdown_create_and_read_back(sandbox: Sandbox, api: Any) -> None:
    markdown = "# Welcome\n\nHello **Acme**.\n\n- one\n  - nested\n- [x] done\n\n```json\n{}\n```"
    page = api.pages.create(parent={"page_id": sandbox.root_page_id}, markdown=markdown)
    assert page["properties"]["title"]["title"][0]["plain_text"] == "Welcome"
    types = [b["type"] for b in kids(api, page["id"])]
    assert types == ["paragraph", "bulleted_list_item", "to_do", "code"]
    got = api.pages.retrieve_markdown(page["id"])
    assert got["object"] == "page_markdown"
    assert got["markdown"] == "Hello **Acme**.\n- one\n\t- nested\n- [x] done\n```json\n{}\n```"


def test_markdown_and_children_are_mutually_exclusive(sandbox: Sandbox, api: Any) -> None:
    error = api_error(
        lambda: api.pages.create(
            parent={"page_id": sandbox.root_page_id}, markdown="x", children=[para("y")]
        )
    )
    assert str(error) == (
        "body failed validation: body.markdown should be not present together with "
        "body.children (children, content and markdown are mutually exclusive)."
    )


def test_markdown_endpoint_answers_under_2025(sandbox: Sandbox, legacy_api: Any) -> None:
    # Recorded (notion-sdk-py cassettes): GET /v1/pages/{id}/markdown answers on 2025-09-03.
    page = legacy_api.pages.create(
        parent={"page_id": sandbox.root_page_id}, markdown="# Notes\n\nHello"
    )
    answer = legacy_api.pages.retrieve_markdown(page["id"])
    assert (answer["object"], answer["markdown"]) == ("page_markdown", "Hello")


@pytest.mark.parametrize("kind", ["heading_1", "heading_2", "heading_3"])
def test_headings_take_children_only_when_toggleable(sandbox: Sandbox, api: Any, kind: str) -> None:
    block: dict[str, Any] = {kind: {"rich_text": text("H"), "children": [para("x")]}}
    error = api_error(lambda: api.blocks.children.append(sandbox.root_page_id, children=[block]))
    assert str(error) == (
        f"body failed validation: body.children[0].{kind}.children should be not present unless "
        "is_toggleable is true."
    )
    block[kind]["is_toggleable"] = True
    (made,) = api.blocks.children.append(sandbox.root_page_id, children=[block])["results"]
    assert made["has_children"] is True


def _row(cell: str) -> dict[str, Any]:
    return {"type": "table_row", "table_row": {"cells": [text(cell)]}}


def test_rows_append_to_a_table_and_nowhere_else(sandbox: Sandbox, api: Any) -> None:
    page = child_page(api, sandbox.root_page_id, "Rates")
    table = {"type": "table", "table": {"table_width": 1, "children": [_row("head")]}}
    (created,) = api.blocks.children.append(page["id"], children=[table])["results"]
    added = api.blocks.children.append(created["id"], children=[_row("a"), _row("b")])
    assert [b["type"] for b in added["results"]] == ["table_row", "table_row"]
    assert len(kids(api, created["id"])) == 3
    error = api_error(lambda: api.blocks.children.append(page["id"], children=[_row("stray")]))
    assert error.status == 400
    assert str(error) == (
        "body failed validation: body.children[0].type `table_row` is not allowed here."
    )
    error = api_error(lambda: api.blocks.children.append(created["id"], children=[para("x")]))
    assert str(error) == "body failed validation: body.children[0].type should be `table_row`."
