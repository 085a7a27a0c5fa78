"""The registry as Notion can hold it: JSON split across code blocks, read back whole or not at all.

Notion caps one rich-text object at 2,000 characters (UTF-16 units), a rich-text array at 100
objects and a request at 500 KB, so a large registry (a 160-database AV-like client writes about
210,000 units) takes several code blocks. The stored text is the registry's JSON with two keys put
first, right after ``notion_setup``:

``{"notion_setup":1,"parts":2,"sha256":"sha256:…","client":…}``

``parts`` is how many code blocks hold text and ``sha256`` the hash of the registry's JSON without
those two keys (``Registry.to_json``). Reading joins the non-empty code blocks of the toggle in
order; a block deleted, a text cut short or edited by hand is found out (``Damage``) instead of
being taken for a smaller registry. Pure: no requests here (``store`` reads and writes).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from notion_setup.notion.text_units import ARRAY_LIMIT, split_utf16
from notion_setup.registry.model import Registry, dump

PARTS = "parts"
CHECKSUM = "sha256"
#: Bytes of rich text one code block may carry, as the request's UTF-8 JSON carries it (httpx
#: writes JSON unescaped): Notion refuses a request body over 500 KB.
PART_BYTES = 450_000
#: Bytes a rich-text object adds around its content (``{"type":"text","text":{"content":""}}``).
ITEM_OVERHEAD = 48

_HEADER = re.compile(r'\{"notion_setup":\d+,"parts":(\d+),')


@dataclass(frozen=True)
class Damage:
    """Why the registry found in a toggle cannot be used."""

    #: ``missing`` (no toggle), ``empty`` (no text), ``incomplete`` (a code block missing),
    #: ``invalid`` (not registry JSON) or ``checksum`` (the text changed since it was written).
    reason: str
    found: int = 0  # code blocks holding text
    expected: int = 0  # code blocks the registry says it was written in


@dataclass(frozen=True)
class Decoded:
    """A registry read back, or why not."""

    registry: Registry | None
    #: The registry's JSON (``Registry.to_json`` form): what a save compares with.
    content: str | None = None
    damage: Damage | None = None


def checksum(content: str) -> str:
    """The hash recorded beside a registry's JSON."""
    return "sha256:" + hashlib.sha256(content.encode("utf-8")).hexdigest()


def _stored(data: dict[str, Any], parts: int, digest: str) -> str:
    head = {"notion_setup": data["notion_setup"], PARTS: parts, CHECKSUM: digest}
    return dump({**head, **{k: v for k, v in data.items() if k != "notion_setup"}})


def _size(piece: str) -> int:
    return len(json.dumps(piece, ensure_ascii=False).encode("utf-8")) + ITEM_OVERHEAD


def group(pieces: Sequence[str]) -> list[str]:
    """Rich-text pieces, in order, gathered into code blocks: at most 100 pieces and
    ``PART_BYTES`` a block; a block's text is the concatenation of its pieces.
    """
    parts: list[list[str]] = []
    size = 0
    for piece in pieces:
        width = _size(piece)
        if not parts or len(parts[-1]) == ARRAY_LIMIT or size + width > PART_BYTES:
            parts.append([])
            size = 0
        parts[-1].append(piece)
        size += width
    return ["".join(p) for p in parts]


def encode(registry: Registry) -> list[str]:
    """The text of each code block that stores ``registry``, in order (at least one)."""
    data = registry.to_data()
    digest = checksum(dump(data))
    count = 1
    while True:
        parts = group(split_utf16(_stored(data, count, digest)))
        if len(parts) == count:
            return parts
        count = len(parts)  # more text needs more blocks, never fewer: this ends


def decode(texts: Sequence[str]) -> Decoded:
    """The registry held by these code-block texts (in toggle order; empty ones are unused)."""
    used = [t for t in texts if t]
    if not used:
        return Decoded(None, damage=Damage("empty"))
    header = _HEADER.match(used[0])
    if header and int(header.group(1)) != len(used):
        return Decoded(None, damage=Damage("incomplete", len(used), int(header.group(1))))
    try:
        data = json.loads("".join(used))
    except ValueError:
        return Decoded(None, damage=Damage("invalid", len(used)))
    if not isinstance(data, dict):
        return Decoded(None, damage=Damage("invalid", len(used)))
    if PARTS not in data and CHECKSUM not in data:
        # Written in one code block before registries were split: no checksum to compare.
        legacy = Registry.from_data(data)
        if legacy is None or len(used) != 1:
            return Decoded(None, damage=Damage("invalid", len(used)))
        return Decoded(legacy, content=used[0])
    parts, digest = data.pop(PARTS, None), data.pop(CHECKSUM, None)
    if parts != len(used):
        expected = parts if isinstance(parts, int) else 0
        return Decoded(None, damage=Damage("incomplete", len(used), expected))
    content = dump(data)
    if digest != checksum(content):
        return Decoded(None, damage=Damage("checksum", len(used), len(used)))
    registry = Registry.from_data(data)
    if registry is None:
        return Decoded(None, damage=Damage("invalid", len(used)))
    return Decoded(registry, content=content)
