"""The identity registry: blueprint key -> Notion id, kept inside the client's workspace.

Notion has no idempotency keys and users rename things by hand, so names cannot identify what the
tool created. The registry maps each blueprint key to the Notion id it got. It lives in the
client's root page, as JSON split across the code blocks of a toggle titled ``⚙️ notion-setup``
(see ``codec``), so a run from a fresh machine (a CI runner keeps no files) finds everything
again. Entries:

``db:<db>`` -> ``{"id": database id, "ds": data source id}``; ``prop:<db>.<prop>`` -> property id;
``view:<db>.<view>``, ``page:<page>``, ``tpl:<template>``, ``row:<db>.<row>`` -> ids;
``lv:<page>.<linked view>`` -> ``{"id": view id, "db": linked database id}``; ``templates_page``.
"""

from __future__ import annotations

import builtins
import json
import threading
from dataclasses import dataclass, field
from typing import Any

from notion_setup.answers import Answers

#: Title of the toggle block that holds the registry; how a run recognises a client root page.
TOGGLE_TITLE = "⚙️ notion-setup"
FORMAT = 1

CAPTIONS = {
    "en": "Do not edit: notion-setup uses this to recognise what it created.",
    "fr": "Ne pas modifier : notion-setup s'en sert pour reconnaître ce qu'il a créé.",
}


def dump(data: Any) -> str:
    """Compact JSON, keys in the order given: the one serialisation the checksum is taken of."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)


@dataclass(frozen=True)
class Place:
    """Where a registry lives in the root page: its toggle and the code blocks inside it."""

    toggle_id: str
    #: Every code block of the toggle, in order (emptied ones included: they are reused).
    code_block_ids: tuple[str, ...] = ()
    #: The text each of those blocks held when read, so a save rewrites only what changed.
    texts: tuple[str, ...] = ()


@dataclass
class Registry:
    """Blueprint key -> Notion id, for one client; thread-safe updates."""

    client: str
    blueprint: str
    lang: str
    objects: dict[str, Any] = field(default_factory=dict)
    #: Where it was read from (its toggle and code blocks); None until saved once.
    place: Place | None = None
    #: What the workspace was built with (None in registries written before answers existed).
    answers: Answers | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def code_block_id(self) -> str | None:
        """The first code block holding the registry, if it was read from one."""
        if self.place is None or not self.place.code_block_ids:
            return None
        return self.place.code_block_ids[0]

    def get(self, key: str) -> Any:
        """The entry for a key, or None."""
        with self._lock:
            return self.objects.get(key)

    def id(self, key: str) -> str | None:
        """The Notion id of an entry (the ``id`` field for dict entries)."""
        entry = self.get(key)
        if isinstance(entry, dict):
            value = entry.get("id")
            return str(value) if value else None
        return str(entry) if entry else None

    def set(self, key: str, value: Any) -> None:
        """Record an id (or a dict of ids) for a key."""
        with self._lock:
            self.objects[key] = value

    def known_ids(self) -> builtins.set[str]:
        """Every Notion id the registry holds (ids inside dict entries included)."""
        with self._lock:
            values = list(self.objects.values())
        ids: builtins.set[str] = builtins.set()
        for value in values:
            if isinstance(value, dict):
                ids.update(str(v) for v in value.values() if isinstance(v, str))
            elif isinstance(value, str):
                ids.add(value)
        return ids

    def to_json(self) -> str:
        """Compact, sorted JSON: stable text so an unchanged registry is never rewritten."""
        return dump(self.to_data())

    def to_data(self) -> dict[str, Any]:
        """The registry as plain JSON data, in the order ``to_json`` writes it."""
        with self._lock:
            data: dict[str, Any] = {
                "notion_setup": FORMAT,
                "client": self.client,
                "blueprint": self.blueprint,
                "lang": self.lang,
                "objects": dict(sorted(self.objects.items())),
            }
            if self.answers is not None:
                data["answers"] = self.answers.to_json()
        return data

    @classmethod
    def from_json(cls, text: str) -> Registry | None:
        """Parse a registry; None when the text is not one (edited by hand, foreign)."""
        try:
            data = json.loads(text)
        except ValueError:
            return None
        return cls.from_data(data)

    @classmethod
    def from_data(cls, data: Any) -> Registry | None:
        """A registry from parsed JSON; None when the data is not one."""
        if not isinstance(data, dict) or data.get("notion_setup") != FORMAT:
            return None
        objects = data.get("objects")
        if not isinstance(objects, dict):
            return None
        return cls(
            client=str(data.get("client", "")),
            blueprint=str(data.get("blueprint", "")),
            lang=str(data.get("lang", "")),
            objects=dict(objects),
            answers=Answers.from_json(data.get("answers")),
        )
