"""What every part of the export translation shares: keys, notes, texts, and the state of a run."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from notion_setup.blueprint.variables import LATE
from notion_setup.messages import _
from notion_setup.notion.markdown import blocks_to_markdown
from notion_setup.notion.results import plain_text
from notion_setup.notion.transport import JSON
from notion_setup.registry import TOGGLE_TITLE

from .read import MARKDOWN_BLOCKS, Raw

_BRACES = re.compile(r"\{\{")
_LATE_PLACEHOLDER = re.compile(r"\{\{\s*(" + "|".join(LATE) + r")\s*\}\}")


@dataclass(frozen=True)
class Note:
    """Something the export could not carry over, and where."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def slugify(text: str, fallback: str) -> str:
    """A blueprint key from a name: ASCII, lowercase, ``_`` between words, starts with a letter."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:48].rstrip("_")
    if not slug:
        return fallback
    return slug if slug[0].isalpha() else f"{fallback}_{slug}"[:48]


class Keys:
    """Hands out unique keys within one scope."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def key(self, name: str, fallback: str) -> str:
        """A new key for ``name``: its slug, with ``_2``, ``_3``... when already taken."""
        base = slugify(name, fallback)
        key, n = base, 2
        while key in self.taken:
            key = f"{base}_{n}"
            n += 1
        self.taken.add(key)
        return key


@dataclass
class Source:
    """One exported database, as read and as translated so far."""

    key: str
    id: str
    ds: str
    title: str
    props: dict[str, JSON]  # property id -> schema entry (with "name")
    views: tuple[Raw, ...] = ()
    rows: list[JSON] = field(default_factory=list)
    row_blocks: dict[str, tuple[Raw, ...]] = field(default_factory=dict)  # row id -> body
    keys: dict[str, str] = field(default_factory=dict)  # property id -> key
    spec: JSON = field(default_factory=dict)
    row_keys: dict[str, str] = field(default_factory=dict)  # page id -> row key

    def key_of(self, ref: str) -> str | None:
        """Property key from an id or a name."""
        if ref in self.keys:
            return self.keys[ref]
        for prop_id, prop in self.props.items():
            if prop["name"] == ref:
                return self.keys.get(prop_id)
        return None

    def option_key(self, prop_key: str, name: Any) -> str | None:
        """The blueprint key of an option, from its name (or key)."""
        spec = self.spec["properties"].get(prop_key) or {}
        for option in spec.get("options", ()):
            if option["name"]["en"] == name or option["key"] == name:
                return str(option["key"])
        return None


class TranslationState:
    """The state of one translation and the helpers every part uses (no Notion access)."""

    def __init__(self, lang: str, client: str | None) -> None:
        self.lang = lang
        self.client = client
        self.notes: list[Note] = []
        self.sources: dict[str, Source] = {}  # database key -> source
        self.by_ds: dict[str, str] = {}  # data source id -> database key
        #: (database key, property key) pairs that rollups and formulas use.
        self.used: set[tuple[str, str]] = set()

    def note(self, where: str, message: str) -> None:
        """Record what is not carried over."""
        self.notes.append(Note(where, message))

    def clean(self, text: str, where: str, *, late: bool = False, client: bool = False) -> str:
        """Make read text safe as blueprint text: ``{{`` escaped, the client's name templated."""
        kept: list[str] = []
        if late:

            def keep(match: re.Match[str]) -> str:
                kept.append(match.group(0))
                return f"\x00{len(kept) - 1}\x00"

            text = _LATE_PLACEHOLDER.sub(keep, text)
        if "{{" in text:
            text = _BRACES.sub("{ {", text)
            self.note(
                where,
                _(
                    "“{braces}” written as “{spaced}” (a blueprint reads {braces}…{closing} as a "
                    "variable)"
                ).format(braces="{{", spaced="{ {", closing="}}"),
            )
        if client and self.client and len(self.client) >= 2:
            pattern = r"(?<!\w)" + re.escape(self.client) + r"(?!\w)"
            text = re.sub(pattern, "{{client_name}}", text)
        for i, original in enumerate(kept):
            text = text.replace(f"\x00{i}\x00", original)
        return text

    def text(self, text: str, where: str, **options: bool) -> JSON:
        """A bilingual blueprint text holding the read text on both sides."""
        cleaned = self.clean(text, where, **options)
        return {"en": cleaned, "fr": cleaned}

    def markdown(self, blocks: tuple[Raw, ...] | list[Raw], where: str) -> str:
        """A body as Markdown; blocks Markdown cannot hold are noted."""
        kept: list[JSON] = []
        skipped: dict[str, int] = {}
        for block in blocks:
            kind = block.get("type", "")
            if kind in ("child_page", "child_database"):
                continue
            if kind == "toggle" and plain_text(block["toggle"].get("rich_text")) == TOGGLE_TITLE:
                continue
            if kind in MARKDOWN_BLOCKS:
                kept.append(dict(block))
            else:
                skipped[kind] = skipped.get(kind, 0) + 1
        for kind, count in sorted(skipped.items()):
            self.note(
                where,
                _("{count} {kind} block(s) not exported (no Markdown for them)").format(
                    count=count, kind=kind
                ),
            )
        return blocks_to_markdown(kept).rstrip("\n")

    def icon(self, obj: Mapping[str, Any], where: str) -> str | None:
        """A blueprint icon (an emoji); other icons and covers are noted."""
        icon = obj.get("icon") or {}
        if icon.get("type") == "emoji":
            return str(icon["emoji"])
        if icon:
            self.note(
                where,
                _("{kind} icon not exported (a blueprint icon is an emoji)").format(
                    kind=icon.get("type")
                ),
            )
        if obj.get("cover"):
            self.note(where, _("cover image not exported"))
        return None

    def declared(self, db_key: str, key: str) -> bool:
        """The property exists in the blueprint (declared, or created by a two-way relation)."""
        if key in self.sources[db_key].spec["properties"]:
            return True
        return any(
            spec.get("two_way", {}).get("key") == key and spec["target"] == db_key
            for other in self.sources.values()
            for spec in other.spec["properties"].values()
            if spec["type"] == "relation"
        )
