"""How Notion measures text: UTF-16 code units, 2000 a rich-text object, 100 objects an array.

Shared by the request bodies (``payloads``), the Markdown converter and the registry codec, which
all cut text to Notion's limits. The sandbox counts on its own (it must not import the tool).
"""

from __future__ import annotations

#: Notion's rich-text content limit per text object, in UTF-16 code units (how Notion counts:
#: an emoji outside the Basic Multilingual Plane counts 2).
TEXT_LIMIT = 2000
#: Notion's limit on rich-text objects in one array.
ARRAY_LIMIT = 100
#: The longest text one rich-text value holds.
MAX_TEXT_UNITS = TEXT_LIMIT * ARRAY_LIMIT


def utf16_len(text: str) -> int:
    """The length of ``text`` as Notion counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def split_utf16(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Split ``text`` into pieces of at most ``limit`` UTF-16 units, never inside a character.

    A character outside the BMP, two units, is never cut into its surrogate halves.
    """
    pieces: list[str] = []
    start = size = 0
    for i, char in enumerate(text):
        width = 2 if ord(char) > 0xFFFF else 1
        if size + width > limit:
            pieces.append(text[start:i])
            start, size = i, 0
        size += width
    if start < len(text):
        pieces.append(text[start:])
    return pieces
