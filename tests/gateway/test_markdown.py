"""Markdown -> Notion blocks: every supported construct, Notion's limits, and round-trips."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notion_setup.notion.markdown import (
    blocks_to_markdown,
    markdown_to_blocks,
    rich_text,
)
from notion_setup.notion.results import plain_text

FIXTURE = Path(__file__).parent / "fixtures" / "sop.md"


def text(content: str, **annotations: bool) -> dict:
    obj: dict = {"type": "text", "text": {"content": content}}
    if annotations:
        obj["annotations"] = annotations
    return obj


def para(*objects: dict) -> dict:
    return {"type": "paragraph", "paragraph": {"rich_text": list(objects)}}


def test_headings_paragraph_and_inline_styles():
    blocks = markdown_to_blocks(
        "# One\n## Two\n### Three\n#### Four\n\n"
        "Plain **bold** *italic* ~~gone~~ `code` [site](https://a.example/x?y=1).\nNext line"
    )
    assert [b["type"] for b in blocks] == [
        "heading_1",
        "heading_2",
        "heading_3",
        "heading_3",
        "paragraph",
    ]
    assert blocks[4] == para(
        text("Plain "),
        text("bold", bold=True),
        text(" "),
        text("italic", italic=True),
        text(" "),
        text("gone", strikethrough=True),
        text(" "),
        text("code", code=True),
        text(" "),
        {"type": "text", "text": {"content": "site", "link": {"url": "https://a.example/x?y=1"}}},
        text(".\nNext line"),
    )


def test_nested_lists_and_todos():
    blocks = markdown_to_blocks("- a\n  - b\n    1. c\n- [ ] open\n- [x] done\n  continued")
    assert blocks == [
        {
            "type": "bulleted_list_item",
            "bulleted_list_item": {
                "rich_text": [text("a")],
                "children": [
                    {
                        "type": "bulleted_list_item",
                        "bulleted_list_item": {
                            "rich_text": [text("b")],
                            "children": [
                                {
                                    "type": "numbered_list_item",
                                    "numbered_list_item": {"rich_text": [text("c")]},
                                }
                            ],
                        },
                    }
                ],
            },
        },
        {"type": "to_do", "to_do": {"rich_text": [text("open")], "checked": False}},
        {"type": "to_do", "to_do": {"rich_text": [text("done\ncontinued")], "checked": True}},
    ]


def test_quote_callout_divider_code_toggle_table():
    md = (
        "> said\n> twice\n\n> ⚠️ Careful\n\n---\n\n```js\nlet a = 1;\n```\n\n"
        "+++ More\ninside\n+++\n\n| A | B |\n|---|:-:|\n| 1 | x \\| y |\n| 2 |\n"
    )
    blocks = markdown_to_blocks(md)
    assert blocks[0] == {"type": "quote", "quote": {"rich_text": [text("said\ntwice")]}}
    assert blocks[1] == {
        "type": "callout",
        "callout": {"rich_text": [text("Careful")], "icon": {"type": "emoji", "emoji": "⚠️"}},
    }
    assert blocks[2] == {"type": "divider", "divider": {}}
    assert blocks[3] == {
        "type": "code",
        "code": {"rich_text": [text("let a = 1;")], "language": "javascript"},
    }
    assert blocks[4] == {
        "type": "toggle",
        "toggle": {"rich_text": [text("More")], "children": [para(text("inside"))]},
    }
    table = blocks[5]["table"]
    assert (table["table_width"], table["has_column_header"]) == (2, True)
    cells = [[plain_text(c) for c in row["table_row"]["cells"]] for row in table["children"]]
    assert cells == [["A", "B"], ["1", "x | y"], ["2", ""]]


@pytest.mark.parametrize(
    ("fence", "language"),
    [("python", "python"), ("py", "python"), ("", "plain text"), ("zz", "plain text")],
)
def test_code_languages_map_to_notions_names(fence: str, language: str):
    assert markdown_to_blocks(f"```{fence}\nx\n```")[0]["code"]["language"] == language


def test_long_text_is_split_into_2000_unit_objects():
    blocks = markdown_to_blocks("x" * 4500)
    contents = [o["text"]["content"] for o in blocks[0]["paragraph"]["rich_text"]]
    assert [len(c) for c in contents] == [2000, 2000, 500]


def test_split_counts_utf16_units_and_never_cuts_an_emoji():
    objects = rich_text("😀" * 1500)  # 3000 UTF-16 units
    contents = [o["text"]["content"] for o in objects]
    assert [len(c.encode("utf-16-le")) // 2 for c in contents] == [2000, 1000]
    assert "".join(contents) == "😀" * 1500


def test_more_than_100_text_objects_split_the_block():
    md = " ".join(f"**b{i}** p{i}" for i in range(80))  # 160 objects
    blocks = markdown_to_blocks(md)
    assert [b["type"] for b in blocks] == ["paragraph", "paragraph"]
    assert [len(b["paragraph"]["rich_text"]) for b in blocks] == [100, 60]
    assert "".join(plain_text(b["paragraph"]["rich_text"]) for b in blocks) == plain_text(
        rich_text(md)
    )


def test_escapes_keep_markdown_characters_literal():
    assert plain_text(rich_text(r"\*not italic\* and \[not a link\](x)")) == (
        "*not italic* and [not a link](x)"
    )
    assert markdown_to_blocks("\\# not a heading")[0]["type"] == "paragraph"


def test_fixture_document_round_trips_exactly():
    source = FIXTURE.read_text(encoding="utf-8")
    assert blocks_to_markdown(markdown_to_blocks(source)) == source


inline_text = (
    st.text(
        alphabet=st.characters(
            codec="utf-8", categories=("L", "N", "P", "S", "Zs"), exclude_characters="\r\n\t"
        ),
        min_size=1,
        max_size=60,
    )
    .map(str.strip)
    .filter(bool)
)


@settings(deadline=None)
@given(
    st.lists(
        st.tuples(inline_text, st.sampled_from(["", "bold", "italic", "code"])),
        min_size=1,
        max_size=6,
    )
)
def test_any_text_survives_render_and_parse(parts: list[tuple[str, str]]):
    # Styled runs are separated by a space: "*a***b**" is ambiguous in Markdown itself.
    objects: list[dict] = []
    for content, style in parts:
        if style == "code" and "`" in content:
            style = ""
        if objects:
            objects.append(text(" "))
        objects.append(text(content, **({style: True} if style else {})))
    blocks = [para(*objects)]
    reparsed = markdown_to_blocks(blocks_to_markdown(blocks))
    assert plain_text(reparsed[0]["paragraph"]["rich_text"]) == plain_text(objects)


@settings(deadline=None)
@given(st.lists(inline_text, min_size=1, max_size=8))
def test_parse_render_parse_is_stable(lines: list[str]):
    md = "\n\n".join(lines)
    once = markdown_to_blocks(md)
    assert markdown_to_blocks(blocks_to_markdown(once)) == once


def test_heading_keeps_a_trailing_hash_of_its_text_and_drops_closing_ones():
    assert plain_text(markdown_to_blocks("# C#")[0]["heading_1"]["rich_text"]) == "C#"
    assert plain_text(markdown_to_blocks("## Title ##")[0]["heading_2"]["rich_text"]) == "Title"


def test_a_lone_toggle_fence_is_text_not_a_toggle():
    assert [b["type"] for b in markdown_to_blocks("+++\n\nafter")] == ["paragraph", "paragraph"]


def test_empty_input_gives_no_blocks():
    assert markdown_to_blocks("") == [] and markdown_to_blocks("\n \n") == []
    assert blocks_to_markdown([]) == ""
