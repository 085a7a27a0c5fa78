"""Blueprint versions and migrations: checked against the released versions, resolved for upgrades.

A versioned blueprint keeps each released version next to it, as
``history/<id>-<version>.json`` (a bundled blueprint in ``blueprints/history/``). That copy is
what lets ``validate`` prove a migration right (every old key existed in the version it starts
from, every new key exists in the version it goes to, and no key of the old version disappears
without being listed) and what lets an upgrade show the old blueprint beside the new one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, cast

from notion_setup.blueprint.check_base import effective_properties
from notion_setup.blueprint.schema import format_path
from notion_setup.errors import Problem
from notion_setup.model import (
    MIGRATION_KINDS,
    MIGRATION_NOUNS,
    MIGRATION_PARENT,
    Migration,
    MigrationKind,
    parse_version,
)

HISTORY_DIR = "history"

#: A loader of released versions: version -> merged document (None when no copy is kept).
OldVersions = Callable[[str], "Mapping[str, Any] | None"]


def history_path(source: Path, blueprint_id: str, version: str) -> Path:
    """Where the released ``version`` of the blueprint in ``source`` is kept."""
    folder = source.parent if source.parent.name == HISTORY_DIR else source.parent / HISTORY_DIR
    return folder / f"{blueprint_id}-{version}.json"


def keys_of(doc: Mapping[str, Any]) -> dict[MigrationKind, set[str]]:
    """Every qualified key of a merged document, per kind (synced relation sides included)."""
    props = effective_properties(doc)
    out: dict[MigrationKind, set[str]] = {kind: set() for kind in MIGRATION_KINDS}
    for db_key, db in doc["databases"].items():
        out["databases"].add(db_key)
        out["views"].update(f"{db_key}.{view['key']}" for view in db.get("views", ()))
    for db_key, db_props in props.items():
        for prop_key, prop in db_props.items():
            out["properties"].add(f"{db_key}.{prop_key}")
            out["options"].update(
                f"{db_key}.{prop_key}.{option['key']}" for option in prop.get("options", ())
            )
    out["pages"].update(doc.get("pages", {}))
    out["templates"].update(doc.get("templates", {}))
    return out


def resolve_migrations(doc: Mapping[str, Any]) -> tuple[Migration, ...]:
    """The document's migrations as frozen model objects, in file order."""
    out = []
    for item in doc.get("migrations", ()):
        renamed = {
            cast(MigrationKind, kind): dict(pairs)
            for kind, pairs in item.get("renamed", {}).items()
        }
        removed = {
            cast(MigrationKind, kind): tuple(keys) for kind, keys in item.get("removed", {}).items()
        }
        out.append(
            Migration(
                from_version=item["from"],
                to_version=item["to"],
                renamed=renamed,
                removed=removed,
            )
        )
    return tuple(out)


class _MigrationChecker:
    def __init__(self, doc: Mapping[str, Any], file: str | None, old_versions: OldVersions):
        self.doc = doc
        self.file = file
        self.old_versions = old_versions
        self.problems: list[Problem] = []

    def add(self, path: tuple[str | int, ...], message: str) -> None:
        self.problems.append(Problem(format_path(path), message, self.file))

    def run(self) -> list[Problem]:
        items = self.doc.get("migrations", ())
        if not items:
            return []
        version = self.doc.get("version")
        if version is None:
            self.add(("version",), 'a blueprint with migrations needs its own "version"')
            return self.problems
        chain_ok = self.check_chain(items, version)
        if not chain_ok:
            return self.problems
        for index, item in enumerate(items):
            self.check_keys(index, item, is_last=index == len(items) - 1)
        return self.problems

    def check_chain(self, items: Any, version: str) -> bool:
        ok = True
        for index, item in enumerate(items):
            if parse_version(item["from"]) >= parse_version(item["to"]):
                self.add(
                    ("migrations", index, "to"),
                    f'{item["to"]} must be a later version than "from" ({item["from"]})',
                )
                ok = False
            if index and items[index - 1]["to"] != item["from"]:
                self.add(
                    ("migrations", index, "from"),
                    f"starts at {item['from']} but the migration before ends at "
                    f"{items[index - 1]['to']}: the chain of versions must be unbroken",
                )
                ok = False
        if items[-1]["to"] != version:
            self.add(
                ("migrations", len(items) - 1, "to"),
                f"ends at {items[-1]['to']} but this blueprint is version {version}: "
                "the last migration must end at it",
            )
            ok = False
        return ok

    def version_doc(self, index: int, field: str, version: str) -> Mapping[str, Any] | None:
        old = self.old_versions(version)
        if old is None:
            self.add(
                ("migrations", index, field),
                f"no copy of version {version} to check the keys against: keep it as "
                f"{HISTORY_DIR}/{self.doc['id']}-{version}.json next to this file",
            )
        return old

    def check_keys(self, index: int, item: Mapping[str, Any], *, is_last: bool) -> None:
        before = self.version_doc(index, "from", item["from"])
        after = self.doc if is_last else self.version_doc(index, "to", item["to"])
        if before is None or after is None:
            return
        (migration,) = resolve_migrations({"migrations": [item]})
        old_keys, new_keys = keys_of(before), keys_of(after)
        where: tuple[str | int, ...] = ("migrations", index)
        for kind in MIGRATION_KINDS:
            noun = MIGRATION_NOUNS[kind]
            listed: set[str] = set()
            for old, new in item.get("renamed", {}).get(kind, {}).items():
                path = (*where, "renamed", kind, old)
                listed.add(old)
                if old not in old_keys[kind]:
                    self.add(path, f'no {noun} "{old}" in version {item["from"]}')
                    continue
                if new not in new_keys[kind]:
                    self.add(path, f'no {noun} "{new}" in version {item["to"]} to rename it to')
                    continue
                self.check_same_parent(kind, migration, old, new, path)
            for i, old in enumerate(item.get("removed", {}).get(kind, ())):
                listed.add(old)
                if old not in old_keys[kind]:
                    self.add(
                        (*where, "removed", kind, i), f'no {noun} "{old}" in version {item["from"]}'
                    )
            for old in sorted(old_keys[kind] - listed):
                new = migration.translate(kind, old)
                if new is not None and new not in new_keys[kind]:
                    self.add(
                        where,
                        f'{noun} "{old}" of version {item["from"]} is not in version '
                        f'{item["to"]}: list it under "renamed" or "removed"',
                    )

    def check_same_parent(
        self,
        kind: MigrationKind,
        migration: Migration,
        old: str,
        new: str,
        path: tuple[str | int, ...],
    ) -> None:
        parent_kind = MIGRATION_PARENT.get(kind)
        if parent_kind is None:
            return
        expected = migration.translate(parent_kind, old.rpartition(".")[0])
        if expected is not None and new.rpartition(".")[0] != expected:
            noun, parent_noun = MIGRATION_NOUNS[kind], MIGRATION_NOUNS[parent_kind]
            self.add(
                path,
                f'a {noun} keeps its {parent_noun}: "{new}" should start with "{expected}."',
            )


def check_migrations(
    doc: Mapping[str, Any], *, file: str | None, old_versions: OldVersions
) -> list[Problem]:
    """Every problem of the document's ``version`` and ``migrations`` (schema already passed)."""
    return _MigrationChecker(doc, file, old_versions).run()
