"""One text-length rule (issue 10): Notion counts rich-text length in UTF-16 code units.

A text object holds 2,000 units and a rich-text value 100 objects; an emoji outside the Basic
Multilingual Plane counts two units. Text that cannot fit is an error naming the blueprint path,
never silently cut.
"""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from notion_setup.errors import TextTooLong
from notion_setup.model import Workspace
from notion_setup.notion import payloads, text_units
from notion_setup.notion.markdown import markdown_to_blocks
from notion_setup.provision import plan_workspace
from notion_setup.sandbox import Sandbox

EMOJI = "😀"  # U+1F600: two UTF-16 units
#: BMP letters, accented letters, emoji and other astral characters, zero-width joiners (as in
#: the sequence 👩‍💻), and any code point at all now and then.
texts = st.text(
    alphabet=st.one_of(
        st.sampled_from(["a", "é", "ß", "😀", "👩", "💻", "𝄞", "中", " ", "\u200d"]),
        st.characters(codec="utf-8"),
    ),
    max_size=6000,
)


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def contents(objects: list[dict]) -> list[str]:
    return [o["text"]["content"] for o in objects]


def test_an_emoji_counts_two_units() -> None:
    assert text_units.utf16_len(EMOJI * 1000) == 2000
    assert text_units.utf16_len("é" * 2000) == 2000


def test_2000_emoji_take_two_objects_of_1000() -> None:
    objects = payloads.rich_text(EMOJI * 2000)
    assert contents(objects) == [EMOJI * 1000, EMOJI * 1000]


def test_a_split_never_falls_inside_an_emoji() -> None:
    # 1999 units of "a" then an emoji: the emoji does not fit in the first object.
    objects = payloads.rich_text("a" * 1999 + EMOJI + "b")
    assert contents(objects) == ["a" * 1999, EMOJI + "b"]


@given(texts)
def test_pieces_hold_at_most_2000_units_and_lose_nothing(text: str) -> None:
    pieces = text_units.split_utf16(text)
    assert "".join(pieces) == text
    assert all(0 < units(p) <= 2000 for p in pieces)
    # Greedy: a piece is only cut short when the next character would not fit.
    for piece, following in itertools.pairwise(pieces):
        assert units(piece) + units(following[0]) > 2000


@given(
    st.text(alphabet=st.sampled_from(["a", "é", "😀", "𝄞", "\u200d"]), max_size=300),
    st.integers(2, 40),
)
def test_pieces_are_the_longest_that_fit_whatever_the_limit(text: str, limit: int) -> None:
    # Small limits put many emoji at the cut points the counting by slices has to find.
    pieces = text_units.split_utf16(text, limit)
    assert "".join(pieces) == text
    assert all(0 < units(p) <= limit for p in pieces)
    for piece, following in itertools.pairwise(pieces):
        assert units(piece) + units(following[0]) > limit


def test_a_limit_below_one_emoji_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 2 UTF-16 units"):
        text_units.split_utf16(EMOJI, 1)


@given(texts)
def test_markdown_text_objects_hold_at_most_2000_units(text: str) -> None:
    for block in markdown_to_blocks(text):
        data = block[block["type"]]
        for item in data.get("rich_text", []):
            assert units(item["text"]["content"]) <= 2000
        assert len(data.get("rich_text", [])) <= 100


def test_the_longest_text_fits_and_one_unit_more_is_an_error_naming_the_path() -> None:
    assert len(payloads.rich_text("a" * 200_000)) == 100
    with pytest.raises(TextTooLong) as info:
        payloads.rich_text("a" * 200_001, "pages.home.title")
    assert str(info.value).startswith(
        "invalid blueprint (1 problem)\n"
        "  pages.home.title: text is 200001 UTF-16 units, the most Notion takes is 200000"
    )
    assert info.value.exit_code == 2


def test_emoji_text_over_the_limit_counts_in_units() -> None:
    with pytest.raises(TextTooLong) as info:
        payloads.rich_text(EMOJI * 125_000, "x")
    assert info.value.units == 250_000
    assert info.value.limit == 200_000


def test_a_row_value_too_long_names_its_row_and_property(studio: Workspace) -> None:
    tasks = studio.database("tasks")
    values = {"name": "x" * 250_000}
    with pytest.raises(TextTooLong) as info:
        payloads.row_properties(tasks, values, row_ids={}, at="databases.tasks.rows[3]")
    assert info.value.problems[0].path == "databases.tasks.rows[3].values.name"
    assert info.value.problems[0].message == (
        "text is 250000 UTF-16 units, the most Notion takes is 200000"
    )


def test_plan_stops_before_any_request_when_a_row_title_cannot_fit(studio: Workspace) -> None:
    tasks = studio.database("tasks")
    report = tasks.rows[1]
    long_row = dataclasses.replace(report, values={**report.values, "name": EMOJI * 125_000})
    long_tasks = dataclasses.replace(tasks, rows=(tasks.rows[0], long_row))
    workspace = dataclasses.replace(
        studio,
        databases=tuple(long_tasks if d.key == "tasks" else d for d in studio.databases),
    )
    box = Sandbox(rate_limit=0)
    before = len(box.request_log)
    from notion_setup.notion import NotionGateway

    with (
        NotionGateway(
            token=box.token, base_url="http://sandbox.invalid", transport=box.transport()
        ) as gateway,
        pytest.raises(TextTooLong) as info,
    ):
        plan_workspace(gateway, workspace, box.root_page_id)
    assert info.value.problems[0].path == "databases.tasks.rows[1].values.name"
    assert len(box.request_log) == before


def test_the_cli_says_which_text_is_too_long(tmp_path) -> None:
    import json
    from pathlib import Path

    from notion_setup.cli import cli

    source = Path(__file__).parent.parent / "fixtures" / "blueprints" / "valid" / "studio.json"
    document = json.loads(source.read_text(encoding="utf-8"))
    document["databases"]["tasks"]["rows"][1]["values"]["name"] = {
        "en": EMOJI * 125_000,
        "fr": "court",
    }
    target = tmp_path / "long.json"
    target.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["plan", str(target), "--sandbox", "--client", "Acme", "--lang", "en"],
        env={"NOTION_SETUP_SANDBOX_STATE": str(tmp_path / "box.sqlite")},
    )
    assert result.exit_code == 2, result.output
    assert (
        "databases.tasks.rows[1].values.name: text is 250000 UTF-16 units, "
        "the most Notion takes is 200000"
    ) in result.stderr
    assert "Traceback" not in result.stderr
