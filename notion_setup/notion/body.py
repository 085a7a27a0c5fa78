"""Upload page content within Notion's payload limits, in order, without duplicates.

One request carries at most 100 blocks per children array, two levels of nesting, 1000 blocks and
500 KB. A page create takes the longest prefix of the content that fits (``split_for_create``);
the rest is appended (``append_blocks``) in chunks. A block whose children are nested deeper than
one level is sent with the leading leaf children that fit and the rest of its children are
appended to its id, taken from the append response (so no listing is needed).

An append that fails ambiguously (timeout, dropped connection, 5xx) is resolved by the gateway:
``committed_child_ids`` when Notion gives them, otherwise by listing the parent's children and
comparing their tail with what was sent (F11); only when the chunk is not there is it resent.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from notion_setup.notion.endpoints import NotionAPI, as_api
from notion_setup.notion.results import Block, plain_text
from notion_setup.notion.transport import JSON, Transport

MAX_CHILDREN = 100
MAX_BLOCKS = 1000
#: 500 KB is the limit of a whole request; keep room for the page's properties and the envelope.
MAX_BYTES = 450_000


def children_of(block: JSON) -> list[JSON]:
    """The children of a request-shaped block (``block[type]["children"]``)."""
    data = block.get(block["type"])
    children = data.get("children") if isinstance(data, dict) else None
    return list(children or [])


def _with_children(block: JSON, children: list[JSON]) -> JSON:
    kind = block["type"]
    data = {k: v for k, v in block.get(kind, {}).items() if k != "children"}
    if children:
        data["children"] = children
    return {**{k: v for k, v in block.items() if k != kind}, kind: data}


def _split_block(block: JSON) -> tuple[JSON, list[JSON]]:
    """What one request can carry of ``block``, and the children to append to it afterwards.

    Leaf children are sent inline (up to 100) until the first child that has children itself.
    """
    children = children_of(block)
    inline: list[JSON] = []
    for child in children:
        if children_of(child) or len(inline) == MAX_CHILDREN:
            break
        inline.append(child)
    return _with_children(block, inline), children[len(inline) :]


def _size(blocks: Sequence[JSON]) -> int:
    return len(json.dumps(list(blocks), ensure_ascii=False).encode("utf-8"))


def _count(block: JSON) -> int:
    return 1 + len(children_of(block))


def split_for_create(blocks: Sequence[JSON]) -> tuple[list[JSON], list[JSON]]:
    """Split content into what a page create can carry and what must be appended after it.

    The head is the longest prefix of whole blocks with at most 100 top-level blocks, two
    nesting levels, 1000 blocks and ``MAX_BYTES``; the tail keeps the original order.

    Args:
        blocks: request-shaped blocks, e.g. from ``markdown_to_blocks``.

    Returns:
        ``(head, tail)``: send ``head`` as the page's ``children``, then
        ``append_blocks(api, page_id, tail, existing_children=len(head))``.
    """
    head: list[JSON] = []
    total = size = 0
    for block in blocks:
        _, deferred = _split_block(block)
        block_size = _size([block])
        if (
            deferred
            or len(head) == MAX_CHILDREN
            or total + _count(block) > MAX_BLOCKS
            or size + block_size > MAX_BYTES
        ):
            break
        head.append(block)
        total += _count(block)
        size += block_size
    return head, list(blocks[len(head) :])


def _chunks(blocks: Sequence[JSON]) -> list[list[tuple[JSON, list[JSON]]]]:
    """Group blocks into append requests, each within every limit."""
    chunks: list[list[tuple[JSON, list[JSON]]]] = []
    current: list[tuple[JSON, list[JSON]]] = []
    total = size = 0
    for block in blocks:
        sent, deferred = _split_block(block)
        sent_size = _size([sent])
        if current and (
            len(current) == MAX_CHILDREN
            or total + _count(sent) > MAX_BLOCKS
            or size + sent_size > MAX_BYTES
        ):
            chunks.append(current)
            current, total, size = [], 0, 0
        current.append((sent, deferred))
        total += _count(sent)
        size += sent_size
    if current:
        chunks.append(current)
    return chunks


def _signature(block: JSON) -> tuple[str, str]:
    """What identifies a sent block when comparing it with what Notion lists."""
    kind = str(block.get("type"))
    data = block.get(kind)
    text = plain_text(data.get("rich_text", [])) if isinstance(data, dict) else ""
    return kind, text


def _listed_signature(block: Block) -> tuple[str, str]:
    return block.type, block.text


def _tail_lookup(
    api: NotionAPI, parent_id: str, sent: list[JSON], existing: int | None
) -> Callable[[], list[str] | None]:
    """F11: did the ambiguous append land? Compare the parent's last children with ``sent``."""

    def find() -> list[str] | None:
        listed = list(api.blocks.children(parent_id))
        if existing is not None and len(listed) < existing + len(sent):
            return None
        tail = listed[len(listed) - len(sent) :]
        if len(tail) == len(sent) and all(
            _listed_signature(a) == _signature(b) for a, b in zip(tail, sent, strict=True)
        ):
            return [block.id for block in tail]
        return None

    return find


def append_blocks(
    notion: Transport | NotionAPI,
    parent_id: str,
    blocks: Sequence[JSON],
    *,
    existing_children: int | None = None,
    blueprint_path: str | None = None,
) -> None:
    """Append ``blocks`` under ``parent_id`` in order, in as few requests as the limits allow.

    Args:
        notion: the gateway, or the endpoint layer over it.
        parent_id: the page or block to append to.
        blocks: request-shaped blocks, with any nesting depth.
        existing_children: how many children the parent has now, when known (after a page
            create: ``len(head)``); it makes the F11 lookup exact when content repeats.
        blueprint_path: named in error messages.

    Raises:
        NotionError: as raised by the gateway.
    """
    api = as_api(notion)
    known = existing_children
    pending = _chunks(blocks)
    while pending:
        chunk = pending.pop(0)
        sent = [block for block, _ in chunk]
        results = api.blocks.append(
            parent_id,
            sent,
            find_existing=_tail_lookup(api, parent_id, sent, known),
            blueprint_path=blueprint_path,
        )
        # Older API versions list more than the new children; the new ones come last.
        created = results[-len(chunk) :] if len(results) > len(chunk) else results
        if known is not None:
            known += len(created)
        for (block, deferred), result in zip(chunk, created, strict=False):
            if deferred:
                append_blocks(
                    api,
                    result.id,
                    deferred,
                    existing_children=len(children_of(block)),
                    blueprint_path=blueprint_path,
                )
        if len(created) < len(chunk):
            # Notion confirmed only part of the chunk (committed_child_ids): send the rest.
            rest = [_with_children(b, children_of(b) + d) for b, d in chunk[len(created) :]]
            pending.insert(0, [_split_block(b) for b in rest])
