"""What a page's value becomes when its property's type changes (``PATCH /v1/data_sources``).

Notion converts the values of a retyped property itself, as the app does when a column's type
is changed: text becomes options (a multi-select splits it at commas; an option is created for
each new name), options and numbers become their text, a select becomes a multi-select of one,
and text moves between text, URL, email and phone. Every other change leaves the property empty
in each row: the old values are not kept under the new type. Written from the documentation on
its own (the sandbox imports nothing of the tool), like ``mdconv`` and ``api_views``.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import Any

from notion_setup.sandbox.check import Json
from notion_setup.sandbox.ids import short_id
from notion_setup.sandbox.richtext import plain, text_item
from notion_setup.sandbox.values import empty_value
from notion_setup.sandbox.vocabulary import MAX_OPTION_NAME

_TEXTS = ("rich_text", "url", "email", "phone_number")
#: (old type, new type) whose values carry across.
CARRIED = frozenset(
    {
        ("rich_text", "select"),
        ("rich_text", "multi_select"),
        ("select", "multi_select"),
        ("select", "rich_text"),
        ("multi_select", "rich_text"),
        ("status", "rich_text"),
        ("number", "rich_text"),
        *((a, b) for a in _TEXTS for b in _TEXTS if a != b and "rich_text" in (a, b)),
    }
)


def _text(old_type: str, old_config: Json, stored: Any) -> str:
    """The text of a stored value of ``old_type``."""
    if old_type == "rich_text":
        return plain(stored or [])
    if old_type in ("select", "status"):
        names = {o["id"]: o["name"] for o in old_config.get("options", [])}
        return str(names.get(stored, "")) if stored else ""
    if old_type == "multi_select":
        names = {o["id"]: o["name"] for o in old_config.get("options", [])}
        return ", ".join(names[i] for i in stored or [] if i in names)
    if old_type == "number":
        if stored is None:
            return ""
        number = float(stored)
        return str(int(number)) if number.is_integer() else str(stored)
    return str(stored or "")


def _option_id(config: Json, name: str, rng: random.Random) -> str | None:
    name = name.strip()
    if not name or "," in name or len(name) > MAX_OPTION_NAME:
        return None
    for option in config["options"]:
        if option["name"].casefold() == name.casefold():
            return str(option["id"])
    option = {
        "id": short_id(rng, {o["id"] for o in config["options"]}),
        "name": name,
        "color": "default",
        "description": None,
    }
    config["options"].append(option)
    return str(option["id"])


def converted(
    old_type: str, old_config: Json, new_prop: Json, stored: Any, rng: random.Random
) -> Any:
    """What a page stores for ``new_prop`` after the change from ``old_type``."""
    new_type = new_prop["type"]
    if (old_type, new_type) not in CARRIED:
        return empty_value(new_type)
    if old_type == "select" and new_type == "multi_select":
        text = _text(old_type, old_config, stored)
        found = _option_id(new_prop["config"], text, rng) if text else None
        return [found] if found else []
    text = _text(old_type, old_config, stored)
    if new_type == "rich_text":
        return [text_item(text)] if text else []
    if new_type in _TEXTS:
        return text or None
    if new_type == "select":
        return _option_id(new_prop["config"], text, rng) if text else None
    ids = [_option_id(new_prop["config"], part, rng) for part in text.split(",")]
    return list(dict.fromkeys(i for i in ids if i))


def convert_rows(
    pages: Iterable[Json], prop: Json, old_type: str, old_config: Json, rng: random.Random
) -> None:
    """Convert the value of ``prop`` (already retyped) in every page of its data source."""
    for page in pages:
        values = page["values"]
        if prop["id"] in values:
            values[prop["id"]] = converted(old_type, old_config, prop, values[prop["id"]], rng)
