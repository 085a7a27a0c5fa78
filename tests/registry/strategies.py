"""Hypothesis strategies: registries of any size, in text that UTF-16 counts with care."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from notion_setup.answers import Answers
from notion_setup.registry import Registry

#: Text with what UTF-16 counts differently: emoji and other characters outside the BMP (two
#: units each), accents, quotes and backslashes that JSON escapes, line breaks.
TEXT = st.text(
    alphabet=st.sampled_from([*'aé€"\\\n', "😀", "🗂", "\ufe0f", "𝄞", "中", "\u2028", "\x00"]),
    max_size=40,
)


def registry_of(entries: dict[str, Any], answers: Answers | None = None) -> Registry:
    """A registry holding these entries, for a client whose name needs UTF-16 care."""
    return Registry("Acme – Café 😀", "av", "fr", dict(entries), answers=answers)


@st.composite
def registries(draw: st.DrawFn) -> Registry:
    """Registries from empty to several code blocks large: a few distinct entries, some repeated
    many times under different keys so that sizes reach hundreds of thousands of units cheaply."""
    entries: dict[str, Any] = {}
    for index in range(draw(st.integers(0, 6))):
        value = draw(TEXT) * draw(st.integers(1, 20))
        copies = draw(st.sampled_from([1, 10, 400, 2500]))
        prefix = draw(TEXT)
        for copy in range(copies):
            key = f"row:{prefix}{index}.{copy}"
            entries[key] = value if copy % 2 else {"id": value, "ds": key}
    return registry_of(entries)
