"""How many Notion blocks a run adds, per module: what a Free workspace's 1,000-block limit meets.

Notion counts every page, database row and content block as a block (reference
``workspace-block-limits``). A run adds: the client's root page and its body, the registry toggle
(a toggle holding one code block), each plain page with its body and one block per linked view,
each database (its ``child_database`` block), each starter row with its body, the templates page
with its intro line and each template page with its intro line and body. Bodies are counted from
the same Markdown conversion ``apply`` sends (``notion_setup.notion.markdown``), nested blocks and
table rows included. Views of a database and properties are not blocks.

``count_blocks`` counts what the resolved model creates on an empty workspace; ``plan_blocks``
counts what one plan's steps create (what already exists is not counted again). Both are pure and
agree on an empty workspace (tests/blocklimit).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from notion_setup.model import Workspace
from notion_setup.notion.markdown import markdown_to_blocks
from notion_setup.plan.types import Plan, Step
from notion_setup.workspace_text import TOOL_TEXT

#: Blocks the workspace itself needs whatever the modules: root page, templates page, registry.
WORKSPACE = ""
#: The registry: a toggle block holding one code block (see ``notion_setup.registry``).
REGISTRY_BLOCKS = 2
#: The lease a writing run appends to the client's root (``notion_setup.lease``) and deletes at
#: its end: on a Free workspace a deleted block still counts against its lifetime blocks.
LEASE_BLOCKS = 1


def _nested(blocks: Sequence[Mapping[str, Any]]) -> int:
    total = 0
    for block in blocks:
        data = block.get(str(block.get("type")))
        children = data.get("children") if isinstance(data, Mapping) else None
        total += 1 + _nested(children or ())
    return total


def body_blocks(markdown: str) -> int:
    """Blocks a Markdown body makes once converted (nested blocks and table rows count)."""
    return _nested(markdown_to_blocks(markdown)) if markdown.strip() else 0


@dataclass(frozen=True)
class BlockCount:
    """Blocks a run adds: in all, and per module key (in module order).

    ``per_module[""]`` (``WORKSPACE``) holds what the workspace needs whatever the modules: the
    root page and its body, the registry and the templates page.
    """

    total: int
    per_module: Mapping[str, int]


def _text(workspace: Workspace) -> Mapping[str, str]:
    return TOOL_TEXT.get(workspace.lang, TOOL_TEXT["en"])


def root_blocks(workspace: Workspace) -> int:
    """The client's root page and its body."""
    return 1 + body_blocks(workspace.body)


def templates_page_blocks(workspace: Workspace) -> int:
    """The page holding the template pages, and the intro line the tool writes on it."""
    intro = _text(workspace)["templates_intro"].format(client=workspace.client)
    return 1 + body_blocks(intro)


def template_blocks(workspace: Workspace, key: str) -> int:
    """A template page: apply writes "Template for the X database." above its own body."""
    template = next(t for t in workspace.templates if t.key == key)
    title = workspace.database(template.database).title
    intro = _text(workspace)["template_for"].format(db=title)
    return 1 + body_blocks(f"{intro}\n\n{template.body}")


def page_blocks(workspace: Workspace, key: str) -> int:
    """A plain page and its body (its linked views are counted apart)."""
    page = next(p for p in workspace.pages if p.key == key)
    return 1 + body_blocks(page.body)


def row_blocks(workspace: Workspace, key: str) -> int:
    """A starter row (``db.row``) and its body."""
    db_key, _sep, row_key = key.partition(".")
    row = next(r for r in workspace.database(db_key).rows if r.key == row_key)
    return 1 + body_blocks(row.body)


def step_blocks(workspace: Workspace, step: Step) -> tuple[str, int]:
    """(module key, blocks) one plan step creates; 0 for steps that create no block."""
    op, key = step.op, step.key
    if op == "create_root":
        return WORKSPACE, root_blocks(workspace)
    if op == "create_templates_page":
        return WORKSPACE, templates_page_blocks(workspace)
    if op == "create_page":
        return _page_module(workspace, key), page_blocks(workspace, key)
    if op == "create_linked_view":  # a linked database block on the page
        return _page_module(workspace, key.partition(".")[0]), 1
    if op == "create_database":  # its child_database block
        return workspace.database(key).module, 1
    if op == "create_row":
        return workspace.database(key.partition(".")[0]).module, row_blocks(workspace, key)
    if op == "create_template":
        template = next(t for t in workspace.templates if t.key == key)
        return template.module, template_blocks(workspace, key)
    return WORKSPACE, 0  # schema, views of a database, relations: no block


def _page_module(workspace: Workspace, key: str) -> str:
    return next(p.module for p in workspace.pages if p.key == key)


def _empty(workspace: Workspace) -> dict[str, int]:
    return {WORKSPACE: 0, **{m.key: 0 for m in workspace.modules}}


def count_blocks(workspace: Workspace) -> BlockCount:
    """How many blocks provisioning ``workspace`` adds to an empty workspace, per module."""
    per = _empty(workspace)
    per[WORKSPACE] += root_blocks(workspace) + REGISTRY_BLOCKS + LEASE_BLOCKS
    if workspace.templates:
        per[WORKSPACE] += templates_page_blocks(workspace)
    for page in workspace.pages:
        per[page.module] = per.get(page.module, 0) + (
            page_blocks(workspace, page.key) + len(page.linked_views)
        )
    for db in workspace.databases:
        rows = sum(row_blocks(workspace, f"{db.key}.{row.key}") for row in db.rows)
        per[db.module] = per.get(db.module, 0) + 1 + rows
    for template in workspace.templates:
        per[template.module] = per.get(template.module, 0) + template_blocks(
            workspace, template.key
        )
    return BlockCount(total=sum(per.values()), per_module=per)


def plan_blocks(workspace: Workspace, plan: Plan, *, registry_saved: bool) -> BlockCount:
    """How many blocks running ``plan`` adds, per module (a pure function).

    ``registry_saved``: the workspace already holds the tool's registry (otherwise the run adds
    its two blocks, whenever it writes anything).
    """
    per = _empty(workspace)
    for step in plan.steps:
        module, blocks = step_blocks(workspace, step)
        per[module] = per.get(module, 0) + blocks
    if not registry_saved and plan.steps:
        per[WORKSPACE] += REGISTRY_BLOCKS
    if plan.steps:
        per[WORKSPACE] += LEASE_BLOCKS  # every writing run holds the lease once
    return BlockCount(total=sum(per.values()), per_module=per)
