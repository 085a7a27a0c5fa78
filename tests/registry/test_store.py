"""Saving the registry in place: only what changed is written, growth appends, shrinking empties."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from notion_setup.notion.endpoints import as_api
from notion_setup.registry import CAPTIONS, Registry, codec
from notion_setup.registry.codec import PART_BYTES
from notion_setup.registry.store import read, save
from notion_setup.sandbox import Sandbox

from .conftest import GatewayFactory
from .helpers import code_blocks, toggles
from .strategies import registries


def _registry(rows: int) -> Registry:
    objects = {f"row:db{i}.r{i}": f"{i:08x}-0000-4000-8000-{i:012x}" for i in range(rows)}
    return Registry("Zoé 😀", "av", "fr", objects)


@pytest.fixture(autouse=True)
def small_code_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Code blocks of 10 KB, so that a few hundred entries take several."""
    monkeypatch.setattr(codec, "PART_BYTES", 10_000)


def test_a_registry_is_saved_across_code_blocks_and_read_back_whole(
    gateway_for: GatewayFactory,
) -> None:
    box = Sandbox(rate_limit=0)
    gw = gateway_for(box)
    registry = _registry(600)
    assert save(as_api(gw), box.root_page_id, registry, None, CAPTIONS["fr"])
    assert gw.stats.writes == len(codec.encode(registry))  # the toggle with one, then one each
    [toggle] = toggles(gw, box.root_page_id)
    stored = read(as_api(gw), [toggle])
    assert stored.damage is None and stored.registry is not None
    assert stored.content == registry.to_json()
    assert len(code_blocks(gw, toggle)) == len(codec.encode(registry)) >= 3


def test_an_unchanged_registry_writes_nothing(gateway_for: GatewayFactory) -> None:
    box = Sandbox(rate_limit=0)
    registry = _registry(600)
    save(as_api(gateway_for(box)), box.root_page_id, registry, None, CAPTIONS["fr"])
    gw = gateway_for(box)
    stored = read(as_api(gw), toggles(gw, box.root_page_id))
    assert stored.registry is not None
    before = gw.stats.writes
    assert not save(as_api(gw), box.root_page_id, stored.registry, stored.content, "")
    assert gw.stats.writes == before


def test_a_change_rewrites_only_the_code_blocks_whose_text_changed(
    gateway_for: GatewayFactory,
) -> None:
    box = Sandbox(rate_limit=0)
    save(as_api(gateway_for(box)), box.root_page_id, _registry(600), None, CAPTIONS["fr"])
    gw = gateway_for(box)
    stored = read(as_api(gw), toggles(gw, box.root_page_id))
    assert stored.registry is not None
    # The last key in sorted order: the first block (its checksum) and the last one change.
    stored.registry.set("row:db99.r99", "changed")
    before = gw.stats.writes
    assert save(as_api(gw), box.root_page_id, stored.registry, stored.content, CAPTIONS["fr"])
    assert gw.stats.writes - before == 2
    again = read(as_api(gw), toggles(gw, box.root_page_id))
    assert again.registry is not None and again.registry.get("row:db99.r99") == "changed"


def test_a_registry_that_grows_appends_code_blocks_and_one_that_shrinks_empties_them(
    gateway_for: GatewayFactory,
) -> None:
    box = Sandbox(rate_limit=0)
    gw = gateway_for(box)
    api = as_api(gw)
    small = _registry(50)
    save(api, box.root_page_id, small, None, CAPTIONS["fr"])
    [toggle] = toggles(gw, box.root_page_id)
    grown = read(api, [toggle]).registry
    assert grown is not None
    for i in range(50, 900):
        grown.set(f"row:db{i}.r{i}", f"{i:08x}-0000-4000-8000-{i:012x}")
    save(api, box.root_page_id, grown, small.to_json(), CAPTIONS["fr"])
    blocks = code_blocks(gw, toggle)
    assert len(blocks) == len(codec.encode(grown)) >= 4
    shrunk = read(api, [toggle])
    assert shrunk.registry is not None and shrunk.content == grown.to_json()
    shrunk.registry.objects = dict(list(shrunk.registry.objects.items())[:40])
    save(api, box.root_page_id, shrunk.registry, shrunk.content, CAPTIONS["fr"])
    after = code_blocks(gw, toggle)
    assert [block for block, _ in after] == [block for block, _ in blocks]  # reused, not deleted
    assert [bool(text) for _, text in after] == [True] + [False] * (len(after) - 1)
    final = read(api, toggles(gw, box.root_page_id))
    assert final.registry is not None and final.content == shrunk.registry.to_json()
    # Growing again fills the emptied blocks before appending any.
    final.registry.objects = dict(grown.objects)
    save(api, box.root_page_id, final.registry, final.content, CAPTIONS["fr"])
    assert [block for block, _ in code_blocks(gw, toggle)] == [block for block, _ in blocks]


@pytest.mark.parametrize("fault", ["drop_committed", "500_committed", "timeout_committed"])
def test_F7_F8_a_save_whose_appends_commit_then_fail_leaves_one_toggle_and_each_block_once(
    gateway_for: GatewayFactory, fault: str
) -> None:
    box = Sandbox(rate_limit=0)
    # Both appends (the toggle with the first code block, then the next block) commit, then
    # the answer is lost: the retry finds what was written instead of writing it again.
    box.faults.inject(fault, method="PATCH", path="blocks/*/children", count=2)
    gw = gateway_for(box)
    registry = _registry(600)
    assert save(as_api(gw), box.root_page_id, registry, None, CAPTIONS["fr"])
    assert box.faults.pending == []
    [toggle] = toggles(gw, box.root_page_id)
    blocks = code_blocks(gw, toggle)
    assert len(blocks) == len(codec.encode(registry))
    stored = read(as_api(gw), [toggle])
    assert stored.damage is None and stored.content == registry.to_json()


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(registries())
def test_any_registry_saved_through_the_sandbox_reads_back_the_same(
    gateway_for: GatewayFactory, monkeypatch: pytest.MonkeyPatch, registry: Registry
) -> None:
    # Notion's own block size here: the sandbox checks every rich text (2,000 UTF-16 units,
    # 100 a block) as Notion does.
    monkeypatch.setattr(codec, "PART_BYTES", PART_BYTES)
    box = Sandbox(rate_limit=0)
    gw = gateway_for(box)
    assert save(as_api(gw), box.root_page_id, registry, None, CAPTIONS["fr"])
    stored = read(as_api(gw), toggles(gw, box.root_page_id))
    assert stored.damage is None and stored.content == registry.to_json()
