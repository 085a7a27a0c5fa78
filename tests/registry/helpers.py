"""Reading the registry's toggle and code blocks back, and damaging them the way users do."""

from __future__ import annotations

from notion_setup.notion import NotionGateway
from notion_setup.notion.endpoints import as_api
from notion_setup.notion.payloads import rich_text
from notion_setup.registry import TOGGLE_TITLE


def toggles(gw: NotionGateway, root_id: str) -> list[str]:
    """Ids of the registry toggles in the root page (there must be exactly one)."""
    return [
        b.id
        for b in as_api(gw).blocks.children(root_id)
        if b.type == "toggle" and b.text == TOGGLE_TITLE
    ]


def code_blocks(gw: NotionGateway, toggle_id: str) -> list[tuple[str, str]]:
    """(id, text) of every code block in the toggle, in order."""
    return [(b.id, b.text) for b in as_api(gw).blocks.children(toggle_id) if b.type == "code"]


def set_code(gw: NotionGateway, block_id: str, text: str) -> None:
    """Replace a code block's text, as a user typing in it does."""
    gw.write(
        "PATCH",
        f"blocks/{block_id}",
        body={"code": {"rich_text": rich_text(text), "language": "json"}},
        idempotent=True,
    )


def delete_block(gw: NotionGateway, block_id: str) -> None:
    """Delete a block (Notion moves it to the trash)."""
    gw.write("DELETE", f"blocks/{block_id}", idempotent=True)
