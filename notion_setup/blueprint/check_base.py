"""What every semantic check of a blueprint shares: the document's properties (synced sides
included), its row keys, how a problem is recorded, and the uniqueness rules for keys and names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from notion_setup.blueprint.schema import format_path
from notion_setup.errors import Problem
from notion_setup.messages import _

LANGS = ("en", "fr")
Path = tuple[str | int, ...]
Doc = Mapping[str, Any]

#: ``prop("key")`` in a formula; the key is rewritten to the property's localised name.
PROP_REF = re.compile(r'prop\(\s*"([^"]*)"\s*\)')


def effective_properties(doc: Doc) -> dict[str, dict[str, dict[str, Any]]]:
    """Database key -> property key -> property, including the synced side of two-way relations.

    A synced property is a relation whose ``synced_from`` is ``(database key, property key)`` of
    the relation that creates it; Notion creates it together with that relation.
    """
    out: dict[str, dict[str, dict[str, Any]]] = {
        key: dict(db["properties"]) for key, db in doc["databases"].items()
    }
    for db_key, db in doc["databases"].items():
        for prop_key, prop in db["properties"].items():
            two_way = prop.get("two_way") if prop["type"] == "relation" else None
            if two_way and prop["target"] in out:
                out[prop["target"]].setdefault(
                    two_way["key"],
                    {
                        "type": "relation",
                        "name": two_way["name"],
                        "target": db_key,
                        "synced_from": (db_key, prop_key),
                    },
                )
    return out


class CheckerBase:
    """The document, its properties and rows, and the problems found so far."""

    def __init__(self, doc: Doc, file: str | None) -> None:
        self.doc = doc
        self.file = file
        self.problems: list[Problem] = []
        self.props = effective_properties(doc)
        self.row_keys = {
            key: {row["key"] for row in db.get("rows", [])} for key, db in doc["databases"].items()
        }
        self.example_rows = {
            key: {row["key"] for row in db.get("rows", []) if is_example(db, row)}
            for key, db in doc["databases"].items()
        }

    def add(self, path: Path, message: str) -> None:
        """Record one problem."""
        self.problems.append(Problem(format_path(path), message, self.file))

    # --- helpers ---------------------------------------------------------------------------

    def no_database(self, key: str) -> str:
        known = ", ".join(sorted(self.props)) or "none"
        return _('no database "{key}" in this blueprint (databases: {known})').format(
            key=key, known=known
        )

    def no_property(self, db_key: str, key: str) -> str:
        known = ", ".join(self.props[db_key])
        return _('no property "{key}" in database {db_key} (properties: {known})').format(
            key=key, db_key=db_key, known=known
        )

    def prop(self, db_key: str, key: str) -> dict[str, Any] | None:
        return self.props.get(db_key, {}).get(key)

    def check_unique_keys(self, items: list[dict[str, Any]], path: Path) -> None:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item["key"] in seen:
                self.add(
                    (*path, i, "key"),
                    _('key "{key}" is used twice in this list').format(key=item["key"]),
                )
            seen.add(item["key"])

    def check_unique_names(self, named: list[tuple[Path, Mapping[str, str]]], what: str) -> None:
        """Names must differ in each language (case-insensitively, as Notion compares them)."""
        for lang in LANGS:
            seen: dict[str, Path] = {}
            for path, name in named:
                folded = name[lang].strip().casefold()
                if folded in seen:
                    other = format_path(seen[folded])
                    self.add(
                        (*path, "name", lang) if what != "title" else (*path, "title", lang),
                        _(
                            '{what} "{value}" ({lang}) is already used by {other}; Notion needs '
                            "them distinct"
                        ).format(what=_(what), value=name[lang], lang=lang, other=other),
                    )
                else:
                    seen[folded] = path


def is_example(db: Doc, row: Doc) -> bool:
    """Whether a starter row is an example (its own marker, else its database's default)."""
    return bool(row.get("example", db.get("example_rows", False)))
