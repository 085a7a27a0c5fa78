"""A registry of any size: 160 AV-like databases read back whole; a fast plan, ~2 calls each."""

from __future__ import annotations

from pathlib import Path

from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.notion.endpoints import as_api
from notion_setup.notion.text_units import MAX_TEXT_UNITS, utf16_len
from notion_setup.provision import apply_workspace, plan_workspace
from notion_setup.registry.store import read
from notion_setup.sandbox import Sandbox

from .av_like import write_av_like
from .conftest import GatewayFactory
from .helpers import code_blocks, toggles


def test_160_av_like_databases_keep_a_registry_beyond_a_code_block_and_fast_plan_in_2_calls_each(
    gateway_for: GatewayFactory, tmp_path: Path
) -> None:
    workspace = resolve(load_blueprint(str(write_av_like(tmp_path, 160))), lang="fr", client="Big")
    box = Sandbox(rate_limit=0)
    first = apply_workspace(gateway_for(box), workspace, box.root_page_id, jobs=4)
    assert first.root_page_id
    gw = gateway_for(box)
    [toggle] = toggles(gw, first.root_page_id)
    stored = read(as_api(gw), [toggle])
    assert stored.damage is None and stored.content is not None
    assert utf16_len(stored.content) > MAX_TEXT_UNITS  # more than one code block can hold
    assert len(code_blocks(gw, toggle)) == 2

    planner = gateway_for(box)
    _, plan = plan_workspace(planner, workspace, box.root_page_id, fast=True)
    assert plan.is_empty
    assert planner.stats.writes == 0
    # One schema read and one view listing a database, plus the listings of the parent, the
    # root (two pages of 100 blocks), the registry toggle, the templates page and the 4 pages
    # holding linked views.
    assert planner.stats.api_calls == 2 * 160 + 9 <= 330

    # The full plan also reads each view (Notion lists views by id only) and queries each
    # database for its starter rows, to find what was changed or deleted by hand.
    views = sum(len(db.views) for db in workspace.databases)
    thorough = gateway_for(box)
    _, plan = plan_workspace(thorough, workspace, box.root_page_id)
    assert plan.is_empty and thorough.stats.writes == 0
    with_rows = sum(1 for db in workspace.databases if db.rows)
    assert thorough.stats.api_calls == 2 * 160 + 9 + views + with_rows

    again = apply_workspace(gateway_for(box), workspace, box.root_page_id, jobs=4)
    assert again.writes == 0 and again.created == 0
