"""The identity registry that the client's workspace carries inside itself.

Notion has no idempotency keys and users rename things by hand, so names cannot identify what the
tool created. The registry maps each blueprint key to the Notion id it got. It lives in the
client's root page, as a JSON code block inside a toggle titled ``⚙️ notion-setup``, so a run
from a fresh machine (a CI runner keeps no files) finds everything again. Entries:

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


@dataclass
class Registry:
    """Blueprint key -> Notion id, for one client; thread-safe updates."""

    client: str
    blueprint: str
    lang: str
    objects: dict[str, Any] = field(default_factory=dict)
    code_block_id: str | None = None
    #: What the workspace was built with (None in registries written before answers existed).
    answers: Answers | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

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
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)

    @classmethod
    def from_json(cls, text: str) -> Registry | None:
        """Parse a registry; None when the text is not one (edited by hand, foreign)."""
        try:
            data = json.loads(text)
        except ValueError:
            return None
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
