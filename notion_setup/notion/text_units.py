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

    Greedy: each piece is the longest that fits. A character outside the BMP, two units, is never
    cut into its surrogate halves (Python slices by character).
    """
    if limit < 2:
        raise ValueError("a piece must hold at least 2 UTF-16 units (one emoji)")
    # Counted a slice at a time in C (``utf16_len``), not a character at a time in Python: the
    # registry codec splits texts of millions of units. A slice of ``limit`` characters is at
    # least ``limit`` units; while it is ``excess`` units too long, at least ``excess / 2``
    # characters must go (each is at most 2 units), so dropping that many never cuts below the
    # longest piece that fits, and the loop ends on it.
    if utf16_len(text) == len(text):  # no character outside the BMP: one unit each
        return [text[i : i + limit] for i in range(0, len(text), limit)]
    pieces: list[str] = []
    start = 0
    while start < len(text):
        end = min(start + limit, len(text))
        excess = utf16_len(text[start:end]) - limit
        while excess > 0:
            end -= (excess + 1) // 2
            excess = utf16_len(text[start:end]) - limit
        pieces.append(text[start:end])
        start = end
    return pieces
