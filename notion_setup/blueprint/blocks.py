"""How many Notion blocks a run adds, per module: what a Free workspace's 1,000-block limit meets.

Notion counts every page, database row and content block as a block (reference
``workspace-block-limits``). A run adds: the client's root page and its body, the registry toggle
(a toggle holding one code block), each plain page with its body and one block per linked view,
each database (its ``child_database`` block), each starter row with its body, the templates page
and each template page with its body. Bodies are counted from the same Markdown conversion
``apply`` sends (``notion_setup.notion.markdown``), nested blocks and table rows included. Views and
properties are not blocks.

This counts what the resolved model would create on an empty workspace; ``plan`` subtracts what
already exists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from notion_setup.model import Workspace
from notion_setup.notion.markdown import markdown_to_blocks
from notion_setup.workspace_text import TOOL_TEXT

#: Blocks the workspace itself needs whatever the modules: root page, templates page, registry.
WORKSPACE = ""
#: The registry: a toggle block holding one code block (see ``notion_setup.registry``).
REGISTRY_BLOCKS = 2


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
    """Blocks a run adds to an empty workspace: in all, and per module key (in module order).

    ``per_module[""]`` (``WORKSPACE``) holds what the workspace needs whatever the modules: the
    root page and its body, the registry and the templates page.
    """

    total: int
    per_module: Mapping[str, int]


def count_blocks(workspace: Workspace) -> BlockCount:
    """How many blocks provisioning ``workspace`` adds, per module (a pure function)."""
    per: dict[str, int] = {WORKSPACE: 0, **{m.key: 0 for m in workspace.modules}}
    per[WORKSPACE] += 1 + body_blocks(workspace.body) + REGISTRY_BLOCKS
    text = TOOL_TEXT.get(workspace.lang, TOOL_TEXT["en"])
    if workspace.templates:
        # The page holding the template pages, and the intro line the tool writes on it.
        intro = text["templates_intro"].format(client=workspace.client)
        per[WORKSPACE] += 1 + body_blocks(intro)
    for page in workspace.pages:
        per[page.module] = per.get(page.module, 0) + (
            1 + body_blocks(page.body) + len(page.linked_views)
        )
    for db in workspace.databases:
        rows = sum(1 + body_blocks(row.body) for row in db.rows)
        per[db.module] = per.get(db.module, 0) + 1 + rows
    for template in workspace.templates:
        # apply writes "Template for the X database." above the template's own body.
        title = workspace.database(template.database).title
        body = f"{text['template_for'].format(db=title)}\n\n{template.body}"
        per[template.module] = per.get(template.module, 0) + 1 + body_blocks(body)
    return BlockCount(total=sum(per.values()), per_module=per)
