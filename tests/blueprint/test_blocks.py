"""Block counts: what a run adds against the Free plan's 1,000 blocks, per module."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.blueprint.blocks import WORKSPACE, body_blocks, count_blocks
from notion_setup.model import Database, Module, Page, Property, Row, Template, Workspace

from .conftest import TODAY

DOCS = Path(__file__).resolve().parents[2] / "docs" / "blueprints.md"
#: The lean selections docs/blueprints.md recommends for a Free workspace.
LEAN = {"av": ["core", "billing", "time", "portal"], "obm": ["core", "billing", "time", "portal",
        "meetings", "reporting"]}  # fmt: skip


def test_a_body_counts_every_block_it_makes_nested_ones_and_table_rows_included() -> None:
    body = "# Title\n\nA paragraph.\n\n- one\n  - nested\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    # heading, paragraph, two bullets, one table with its header row and one row
    assert body_blocks(body) == 7
    assert body_blocks("  \n") == 0


def test_each_object_counts_once_plus_its_body_per_module() -> None:
    title = Property("name", "Name", "title")
    workspace = Workspace(
        blueprint="t", lang="en", client="A", title="A", icon=None, body="Hello",
        modules=(Module("core", "Core", ""), Module("extra", "Extra", "")),
        databases=(
            Database("db", "Things", "extra", (title,), (), rows=(
                Row("r1", {"name": "One"}, body="- a\n- b"),
                Row("r2", {"name": "Two"}, example=True),
            )),
        ),
        pages=(Page("home", "Home", "core", body="Hi\n\n---", linked_views=()),),
        templates=(Template("t", "db", "New", "extra", body="## Fill in"),),
        templates_page_title="Templates", variables={},
    )  # fmt: skip
    counted = count_blocks(workspace)
    # root page + its paragraph + the registry (toggle and code) + the run's lease paragraph
    # (deleted at its end, still counted by a Free workspace) + the templates page and the intro
    # line apply writes on it
    assert counted.per_module[WORKSPACE] == 1 + 1 + 2 + 1 + 1 + 1
    assert counted.per_module["core"] == 1 + 2  # page, paragraph, divider
    # database block, row r1 and its two bullets, row r2, template page with the intro line
    # apply writes ("Template for the Things database.") and its heading
    assert counted.per_module["extra"] == 1 + 3 + 1 + 3
    assert counted.total == 18
    assert count_blocks(workspace.without_examples()).total == 17


def documented_counts() -> dict[tuple[str, str], list[int]]:
    rows = re.findall(r"^\| (av|obm) \| (en|fr) \|([\d |]+)\|$", DOCS.read_text(), re.MULTILINE)
    return {(bp, lang): [int(n) for n in cells.split("|")] for bp, lang, cells in rows}


@pytest.mark.parametrize("name", ["av", "obm"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_documented_block_counts_are_the_real_ones(name: str, lang: str) -> None:
    bp = load_blueprint(name)
    full = resolve(bp, lang=lang, client="Atelier Lumen", today=TODAY)
    lean = resolve(bp, lang=lang, client="Atelier Lumen", today=TODAY, only=LEAN[name])
    counts = [
        count_blocks(ws).total
        for ws in (full, full.without_examples(), lean, lean.without_examples())
    ]
    assert documented_counts()[(name, lang)] == counts
    assert counts[0] < 1000
    assert counts[3] <= 250  # the lean selection stays well under a Free workspace's 1,000
