"""F14: a registry corrupted, cut short, emptied or deleted is repaired in place by the next apply.

Each test builds AV in French on the in-process sandbox, damages the registry the way a user can in
the Notion app, then checks that ``plan`` says what it repairs (and exits clean: every object is
found again by its title), that ``apply`` rewrites the registry into the same toggle (or into one
new toggle when the toggle itself was deleted), creates nothing, and that a second apply writes
nothing.
"""

from __future__ import annotations

import pytest

from notion_setup.model import Workspace
from notion_setup.notion import payloads
from notion_setup.notion.endpoints import as_api
from notion_setup.output import NullReporter
from notion_setup.provision import apply_workspace, plan_workspace
from notion_setup.registry import CAPTIONS, TOGGLE_TITLE, codec
from notion_setup.registry.store import read
from notion_setup.sandbox import Sandbox

from .conftest import GatewayFactory
from .helpers import code_blocks, delete_block, set_code, toggles


class Warnings(NullReporter):
    """Keeps the warnings a run gives."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def warn(self, message: str) -> None:
        self.lines.append(message)


def _built(gateway_for: GatewayFactory, ws: Workspace) -> tuple[Sandbox, str, str]:
    """A sandbox holding ``ws``: (sandbox, root page id, registry toggle id)."""
    box = Sandbox(rate_limit=0)
    report = apply_workspace(gateway_for(box), ws, box.root_page_id)
    assert report.root_page_id
    found = toggles(gateway_for(box), report.root_page_id)
    assert len(found) == 1
    return box, report.root_page_id, found[0]


def _repaired(
    gateway_for: GatewayFactory, box: Sandbox, ws: Workspace, root: str, warning: str
) -> list[str]:
    """Plan warns and has nothing else to do, apply repairs creating nothing, then stays still.

    Returns the registry toggles of the root page after the repair.
    """
    said = Warnings()
    observed, plan = plan_workspace(gateway_for(box), ws, box.root_page_id, reporter=said)
    assert observed.root_page_id == root
    assert plan.is_empty  # every object found again by its title: nothing created twice
    assert said.lines == [warning]
    repair = apply_workspace(gateway_for(box), ws, box.root_page_id, reporter=said)
    assert (repair.created, repair.updated, repair.removed) == (0, 0, 0)
    assert repair.writes >= 1  # the registry, rewritten
    gw = gateway_for(box)
    after = toggles(gw, root)
    assert len(after) == 1
    stored = read(as_api(gw), after)
    assert stored.damage is None and stored.registry is not None
    assert stored.registry.id(f"db:{ws.databases[0].key}")
    again = apply_workspace(gateway_for(box), ws, box.root_page_id, reporter=(quiet := Warnings()))
    assert again.writes == 0 and again.plan.is_empty and quiet.lines == []
    return after


DAMAGED = (
    "the registry in the toggle “⚙️ notion-setup” is damaged ({reason}): objects are found "
    "again by their titles, and apply repairs it in place"
)


def test_F14_a_registry_that_is_not_json_any_more_is_repaired_in_the_same_toggle(
    gateway_for: GatewayFactory, av_fr: Workspace
) -> None:
    box, root, toggle = _built(gateway_for, av_fr)
    first, _text = code_blocks(gateway_for(box), toggle)[0]
    set_code(gateway_for(box), first, "{not json")
    warning = DAMAGED.format(reason="its text is not registry JSON")
    assert _repaired(gateway_for, box, av_fr, root, warning) == [toggle]
    assert code_blocks(gateway_for(box), toggle)[0][0] == first  # the same code block, rewritten


def test_F14_a_registry_edited_by_hand_into_other_valid_json_is_repaired(
    gateway_for: GatewayFactory, av_fr: Workspace
) -> None:
    box, root, toggle = _built(gateway_for, av_fr)
    block, text = code_blocks(gateway_for(box), toggle)[0]
    set_code(gateway_for(box), block, text.replace('"lang":"fr"', '"lang":"en"', 1))
    warning = DAMAGED.format(reason="its text changed since notion-setup wrote it")
    assert _repaired(gateway_for, box, av_fr, root, warning) == [toggle]


def test_F14_a_code_block_of_a_registry_in_several_deleted_is_put_back_in_the_same_toggle(
    gateway_for: GatewayFactory, av_fr: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Smaller code blocks, so that AV's registry (about 23,000 characters) takes several.
    monkeypatch.setattr(codec, "PART_BYTES", 8_000)
    box, root, toggle = _built(gateway_for, av_fr)
    blocks = code_blocks(gateway_for(box), toggle)
    assert len(blocks) >= 3
    delete_block(gateway_for(box), blocks[1][0])
    warning = DAMAGED.format(
        reason=f"it spans {len(blocks) - 1} code blocks instead of {len(blocks)}"
    )
    assert _repaired(gateway_for, box, av_fr, root, warning) == [toggle]
    survivors = [block for block, _text in blocks[:1] + blocks[2:]]
    after = code_blocks(gateway_for(box), toggle)
    assert [block for block, _text in after][: len(survivors)] == survivors  # reused in place


def test_F14_an_emptied_toggle_is_filled_again_not_doubled(
    gateway_for: GatewayFactory, av_fr: Workspace
) -> None:
    box, root, toggle = _built(gateway_for, av_fr)
    for block, _text in code_blocks(gateway_for(box), toggle):
        delete_block(gateway_for(box), block)
    warning = DAMAGED.format(reason="its toggle is empty")
    assert _repaired(gateway_for, box, av_fr, root, warning) == [toggle]


def test_F14_a_deleted_toggle_is_written_again_once(
    gateway_for: GatewayFactory, av_fr: Workspace
) -> None:
    box, root, toggle = _built(gateway_for, av_fr)
    delete_block(gateway_for(box), toggle)
    warning = (
        "the client's root page has no registry toggle “⚙️ notion-setup”: objects are found "
        "again by their titles, and apply writes the registry again"
    )
    after = _repaired(gateway_for, box, av_fr, root, warning)
    assert after != [toggle]  # one new toggle, since the old one is in the trash


def test_F14_a_registry_doubled_by_an_older_version_is_read_from_the_toggle_that_holds_it(
    gateway_for: GatewayFactory, av_fr: Workspace
) -> None:
    # Older versions appended a second toggle beside a corrupt one: the whole one is used, and
    # the run needs no repair.
    box, root, toggle = _built(gateway_for, av_fr)
    gw = gateway_for(box)
    [(block, text)] = code_blocks(gw, toggle)
    set_code(gw, block, "{not json")
    code = payloads.registry_code(text, CAPTIONS["fr"])
    as_api(gw).blocks.append(root, [payloads.registry_toggle(TOGGLE_TITLE, code)])
    assert len(toggles(gw, root)) == 2
    said = Warnings()
    again = apply_workspace(gateway_for(box), av_fr, box.root_page_id, reporter=said)
    assert again.writes == 0 and again.plan.is_empty and said.lines == []
