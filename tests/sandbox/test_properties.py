"""Properties over large input spaces: text limits, pagination, all-or-nothing requests."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from notion_client import APIResponseError

from notion_setup.sandbox import Sandbox
from notion_setup.sandbox.testing import notion_client_for
from tests.sandbox.helpers import api_error, para

FAST = settings(max_examples=40, deadline=None)


def _client(sb: Sandbox) -> Any:
    return notion_client_for(sb)


@FAST
@given(content=st.text(max_size=2100))
def test_text_up_to_2000_characters_round_trips(content: str) -> None:
    sb = Sandbox(rate_limit=0)
    api = _client(sb)
    try:
        if len(content) <= 2000:
            (block,) = api.blocks.children.append(sb.root_page_id, children=[para(content)])[
                "results"
            ]
            assert block["paragraph"]["rich_text"][0]["plain_text"] == content
        else:
            try:
                api.blocks.children.append(sb.root_page_id, children=[para(content)])
            except APIResponseError as error:
                assert str(error).endswith(f"should be ≤ `2000`, instead was `{len(content)}`.")
            else:
                raise AssertionError("a text over 2000 characters was accepted")
            assert api.blocks.children.list(sb.root_page_id)["results"] == []
    finally:
        api.close()


@FAST
@given(count=st.integers(0, 230), page_size=st.integers(1, 100))
def test_cursor_walk_returns_every_child_once_in_order(count: int, page_size: int) -> None:
    sb = Sandbox(rate_limit=0)
    api = _client(sb)
    try:
        for start in range(0, count, 100):
            batch = [para(str(i)) for i in range(start, min(count, start + 100))]
            api.blocks.children.append(sb.root_page_id, children=batch)
        seen: list[str] = []
        cursor = None
        while True:
            chunk = api.blocks.children.list(
                sb.root_page_id, page_size=page_size, start_cursor=cursor
            )
            assert len(chunk["results"]) <= page_size
            seen += [b["paragraph"]["rich_text"][0]["plain_text"] for b in chunk["results"]]
            if not chunk["has_more"]:
                break
            cursor = chunk["next_cursor"]
        assert seen == [str(i) for i in range(count)]
    finally:
        api.close()


@FAST
@given(bad_index=st.integers(0, 99), size=st.integers(1, 100))
def test_one_bad_block_rejects_the_whole_append(bad_index: int, size: int) -> None:
    sb = Sandbox(rate_limit=0)
    api = _client(sb)
    try:
        children: list[dict[str, Any]] = [para(str(i)) for i in range(size)]
        index = bad_index % size
        children[index] = {"paragraph": {"rich_text": [], "bogus": True}}
        try:
            api.blocks.children.append(sb.root_page_id, children=children)
        except APIResponseError as error:
            assert f"body.children[{index}].paragraph.bogus should be not present" in str(error)
        else:
            raise AssertionError("a malformed block was accepted")
        assert api.blocks.children.list(sb.root_page_id)["results"] == []
        assert sb.blocks_created == 1  # only the root page
    finally:
        api.close()


# -- one text-length rule: UTF-16 code units, as Notion (JavaScript) counts ------------------


def test_title_of_2000_emoji_is_4000_units_and_refused(sandbox: Sandbox, api: Any) -> None:
    error = api_error(
        lambda: api.pages.create(
            parent={"page_id": sandbox.root_page_id},
            properties={"title": {"title": [{"text": {"content": "😀" * 2000}}]}},
        )
    )
    assert error.code == "validation_error"
    assert str(error) == (
        "body failed validation: body.properties.title.title[0].text.content.length should be "
        "≤ `2000`, instead was `4000`."
    )


def test_title_of_1000_emoji_is_2000_units_and_accepted(sandbox: Sandbox, api: Any) -> None:
    page = api.pages.create(
        parent={"page_id": sandbox.root_page_id},
        properties={"title": {"title": [{"text": {"content": "😀" * 1000}}]}},
    )
    assert page["properties"]["title"]["title"][0]["plain_text"] == "😀" * 1000


def test_markdown_splits_long_emoji_text_at_2000_units(sandbox: Sandbox, api: Any) -> None:
    page = api.pages.create(parent={"page_id": sandbox.root_page_id}, markdown="😀" * 1500)
    (block,) = api.blocks.children.list(page["id"])["results"]
    pieces = [item["plain_text"] for item in block["paragraph"]["rich_text"]]
    assert pieces == ["😀" * 1000, "😀" * 500]
