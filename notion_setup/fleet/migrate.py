"""A blueprint's migrations applied to a workspace's registry, and the option moves they need. Pure.

Identity lives in the registry (blueprint key -> Notion id), so a key renamed between two versions
of a blueprint is followed by renaming the registry entry: the planner then finds the very same
Notion object under its new key, renames it in Notion if its name changed too, and every value in
it stays. Options are different: Notion cannot rename an option through the API (an existing
option's name and colour are fixed, notion-api.md §2), so an option whose name changed is moved:
the new option is added (by the plan), the rows that hold the old one get the new one, and the
old option is dropped once no row holds it (``OptionMove``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from notion_setup.blueprint.migrations import resolve_migrations
from notion_setup.model import MIGRATION_KINDS, KeyChanges, MigrationKind, Workspace, key_changes
from notion_setup.observe import Observed
from notion_setup.registry import Registry

Kind = MigrationKind


def key_map(document: Mapping[str, Any], recorded_version: str | None) -> KeyChanges:
    """The migrations of ``document`` that lead from ``recorded_version`` to its own version.

    The document's ``migrations`` are read by the blueprint layer (``resolve_migrations``) and
    chained by ``model.key_changes``: one reading of migrations in the code base. A workspace
    that recorded no version (built before versions existed) takes every migration: a rename
    only touches registry keys that exist, so that is safe.

    Raises:
        ValueError: a version is not MAJOR.MINOR.PATCH, or the recorded version is newer than
            the document's (a downgrade).
    """
    target = document.get("version")
    migrations = resolve_migrations(document)
    if recorded_version is None:
        top = str(target) if target else None
        return key_changes(migrations, _BEFORE_ANY_VERSION, top)
    return key_changes(migrations, recorded_version, str(target) if target else None)


#: The version a workspace that recorded none is taken to have: older than any release.
_BEFORE_ANY_VERSION = "0.0.0"


def original_key(keys: KeyChanges, kind: Kind, key: str, old_keys: Sequence[str]) -> str | None:
    """The key of the recorded version that became ``key`` (None: new in this version)."""
    for old in old_keys:
        if keys.current_key(kind, old) == key:
            return old
    return None


def migration_lines(keys: KeyChanges) -> list[tuple[str, str, str | None]]:
    """(kind, old key, new key or None) of every explicit rename and removal, for plans.

    Renames are chained (a key renamed twice shows its recorded and its current key); removals
    keep the key the removing step's old version wrote.
    """
    out: list[tuple[str, str, str | None]] = []
    renamed, removed = keys.renamed, keys.removed
    for kind in MIGRATION_KINDS:
        out += [(kind, old, new) for old, new in renamed.get(kind, {}).items()]
        out += [(kind, old, None) for old in removed.get(kind, ())]
    return out


#: Registry key prefix -> the kind of its key (rows and linked views follow their parent).
_PREFIXES: Mapping[str, Kind] = {
    "db": "databases",
    "prop": "properties",
    "opts": "properties",
    "view": "views",
    "page": "pages",
    "tpl": "templates",
}


def registry_key(keys: KeyChanges, entry: str) -> str | None:
    """A registry entry's name after the migrations; None when its object was removed on purpose.

    Entries of removed objects are kept by the caller under their old name, so the planner still
    knows the Notion object is the tool's (and removes it only with ``--allow-destructive``).
    """
    prefix, sep, key = entry.partition(":")
    if not sep:
        return entry
    if prefix in _PREFIXES:
        new = keys.current_key(_PREFIXES[prefix], key)
        return None if new is None else f"{prefix}:{new}"
    if prefix in ("row", "lv"):  # "<db>.<row>" and "<page>.<linked view>"
        parent, _, own = key.partition(".")
        new_parent = keys.current_key("databases" if prefix == "row" else "pages", parent)
        return None if new_parent is None else f"{prefix}:{new_parent}.{own}"
    return entry


def migrate_registry(
    registry: Registry, keys: KeyChanges, option_names: Mapping[str, Sequence[str]]
) -> Registry:
    """A copy of the registry with its keys renamed as the migrations say.

    ``option_names`` (``opts:<db>.<prop>`` -> names) replaces the recorded option names of the
    properties whose options move, so the planner leaves the old option alone until its rows moved.
    """
    objects: dict[str, Any] = {}
    for entry, value in registry.objects.items():
        new = registry_key(keys, entry)
        name = entry if new is None else new
        if name in objects and new is not None and new != entry:
            continue  # both the old and the new key exist: the new one was written already
        objects[name] = value
    for entry, names in option_names.items():
        objects[entry] = list(names)
    copy = Registry(
        registry.client,
        registry.blueprint,
        registry.lang,
        objects,
        place=registry.place,
        answers=registry.answers,
    )
    return copy


@dataclass(frozen=True)
class OptionMove:
    """Rows holding option ``old`` of a property get ``new`` (the option's name changed)."""

    database: str  # database key (new version)
    prop: str  # property key (new version)
    prop_name: str
    prop_type: str  # select, multi_select or status
    old: str
    new: str


def option_moves(old: Workspace, new: Workspace, keys: KeyChanges) -> list[OptionMove]:
    """Options of the old blueprint whose name is different in the new one (following renames).

    The moves are checked against the live schema when they run: an option the workspace no
    longer holds under its old name, or holds under its new name already, does not move.
    """
    old_options: dict[str, str] = {}  # qualified option key (old version) -> name
    for db in old.databases:
        for prop in db.properties:
            for option in prop.options:
                old_options[f"{db.key}.{prop.key}.{option.key}"] = option.name
    moves = []
    for db in new.databases:
        for prop in db.properties:
            if prop.type not in ("select", "multi_select", "status"):
                continue
            for option in prop.options:
                key = f"{db.key}.{prop.key}.{option.key}"
                origin = original_key(keys, "options", key, list(old_options))
                old_name = old_options.get(origin) if origin else None
                if old_name and old_name != option.name:
                    moves.append(
                        OptionMove(db.key, prop.key, prop.name, prop.type, old_name, option.name)
                    )
    return moves


def pending_moves(moves: Sequence[OptionMove], observed: Observed) -> list[OptionMove]:
    """The moves the live workspace still needs: the old option is there, the new one not yet."""
    out = []
    for move in moves:
        seen = observed.databases.get(move.database)
        if seen is None:
            continue
        registry = observed.registry
        prop_id = registry.id(f"prop:{move.database}.{move.prop}") if registry else None
        live = (seen.by_id(prop_id) if prop_id else None) or seen.by_name(move.prop_name)
        if live is None:
            continue
        have = {n.casefold() for n in live.options}
        if move.old.casefold() in have:
            out.append(move)
    return out


def moved_option_names(registry: Registry, moves: Sequence[OptionMove]) -> dict[str, list[str]]:
    """The recorded option names with each moving option's old name replaced by its new one."""
    out: dict[str, list[str]] = {}
    for move in moves:
        entry = f"opts:{move.database}.{move.prop}"
        names = out.get(entry)
        if names is None:
            recorded = registry.get(entry)
            names = [str(n) for n in recorded] if isinstance(recorded, list) else []
        out[entry] = [move.new if n == move.old else n for n in names]
    return out
