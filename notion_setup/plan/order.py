"""Dependency ordering. Pure.

Which database comes first, which property waits for a schema pass, which row waits for which,
and the synced counterparts of two-way relations.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from notion_setup.model import Database, Property, Row, Workspace
from notion_setup.observe import Observed

_PROP_REF = re.compile(r'prop\("((?:[^"\\]|\\.)*)"\)')

#: (target db, synced property key) -> (owner db, owner relation key).
Counterparts = Mapping[tuple[str, str], tuple[str, str]]


def formula_references(expression: str, database: Database) -> set[str]:
    """Keys of the properties a formula refers to (its ``prop("Name")`` calls)."""
    by_name = {p.name: p.key for p in database.properties}
    return {by_name[n] for n in _PROP_REF.findall(expression) if n in by_name}


def synced_counterparts(workspace: Workspace) -> dict[tuple[str, str], tuple[str, str]]:
    """(target db, synced property key) -> (owner db, owner relation key) for two-way relations.

    The synced side of a two-way relation is created by Notion when its owner is created; the
    planner never creates it on its own.
    """
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for db in workspace.databases:
        for prop in db.properties:
            if prop.type == "relation" and prop.two_way_name and prop.relation_target:
                out[(prop.relation_target, prop.two_way_key or "")] = (db.key, prop.key)
    return out


def owned_props(db: Database, counterparts: Counterparts) -> list[Property]:
    """Properties this database creates itself (not the synced sides of others' relations)."""
    return [p for p in db.properties if (db.key, p.key) not in counterparts]


def database_order(workspace: Workspace, existing: set[str]) -> list[str]:
    """Create order: blueprint order, which is also the order users see on the root page.

    A two-way relation to a later database is declared from that later database (see
    ``reversed_owners``); only one-way relations to later databases wait for a schema pass.
    """
    return [db.key for db in workspace.databases if db.key not in existing]


def workspace_keys(workspace: Workspace) -> list[str]:
    """Every database key of the workspace."""
    return [db.key for db in workspace.databases]


def reversed_owners(workspace: Workspace, order: list[str]) -> set[tuple[str, str]]:
    """Two-way relations declared from their target's side, because the target comes later.

    Notion's two-way relation is symmetric: creating the synced side on the target with
    ``synced_property_name`` set to the owner's name gives the same pair of properties, at no
    extra call. Returns (owner database, owner property) pairs.
    """
    position = {key: i for i, key in enumerate(order)}
    out: set[tuple[str, str]] = set()
    for db in workspace.databases:
        for prop in db.properties:
            target = prop.relation_target
            if (
                prop.type == "relation"
                and prop.two_way_name
                and target
                and target != db.key
                and db.key in position
                and target in position
                and position[target] > position[db.key]
            ):
                out.add((db.key, prop.key))
    return out


def property_levels(
    db: Database,
    candidates: list[Property],
    available: Mapping[str, set[str]],
    *,
    created_before: set[str],
    counterparts: Counterparts,
    reversed_pairs: set[tuple[str, str]] | None = None,
) -> dict[str, int]:
    """Dependency level of each property: 0 = can go in the create call, n = n-th schema pass.

    ``available`` maps a database key to the property keys that will exist right after the
    databases are created (and, for existing databases, that exist already). The synced side
    of a two-way relation appears only when its owner is created: after this database's
    create call (level 1), or after the owner's own schema pass when the owner had to wait
    for this database (level 2).
    """
    levels: dict[str, int] = {}
    by_key = {p.key: p for p in db.properties}
    flipped = reversed_pairs or set()

    def level(prop: Property, seen: frozenset[str]) -> int:
        if prop.key in levels:
            return levels[prop.key]
        if prop.key in seen:  # a formula cycle: Notion would reject it; send it last
            return 1
        seen = seen | {prop.key}
        result = 0
        owner = counterparts.get((db.key, prop.key))
        if owner is not None:
            owner_db = owner[0]
            if owner in flipped:
                result = 0  # this database's own create call declares it
            else:
                result = 2 if owner_db in created_before or owner_db == db.key else 1
        elif (db.key, prop.key) in flipped:
            result = 1  # appears when its (later) target is created
        elif prop.type == "relation" and prop.relation_target:
            target = prop.relation_target
            # UNCONFIRMED (notion-api.md §10.3): whether a database's create call may name its
            # own data source. Strict reading: it may not, so a self-relation waits for a PATCH.
            if target == db.key or target not in created_before:
                result = 1
        elif prop.type == "rollup" and prop.rollup_relation:
            relation = by_key.get(prop.rollup_relation)
            if relation is not None:
                result = level(relation, seen)
                target = relation.relation_target or ""
                if prop.rollup_property not in available.get(target, set()):
                    result = max(result, 1) + 1
        elif prop.type == "formula" and prop.expression:
            for ref in formula_references(prop.expression, db):
                if ref in by_key and ref != prop.key:
                    result = max(result, level(by_key[ref], seen))
        levels[prop.key] = result
        return result

    for prop in candidates:
        level(prop, frozenset())
    return levels


def creation_levels(
    workspace: Workspace,
    observed: Observed,
    order: list[str],
    counterparts: Counterparts,
    reversed_pairs: set[tuple[str, str]],
) -> tuple[dict[str, dict[str, int]], dict[str, set[str]]]:
    """Property levels of every database to create, in create order, and what exists after.

    Returns (database key -> property key -> level, database key -> property keys available
    once every database is created).
    """
    created_before: set[str] = set(observed.databases)
    available: dict[str, set[str]] = {}
    for key, ob in observed.databases.items():
        db = workspace.database(key)
        names = {p.name for p in ob.properties}
        available[key] = {p.key for p in db.properties if p.name in names}
    all_levels: dict[str, dict[str, int]] = {}
    for key in order:
        db = workspace.database(key)
        levels = property_levels(
            db,
            list(db.properties),
            available,
            created_before=created_before,
            counterparts=counterparts,
            reversed_pairs=reversed_pairs,
        )
        all_levels[key] = levels
        available[key] = {p.key for p in db.properties if levels.get(p.key, 0) == 0}
        available[key] -= {p for (d, p) in reversed_pairs if d == key}
        for owner_db, owner_prop in reversed_pairs:
            target = workspace.database(owner_db).property(owner_prop).relation_target
            if target == key:  # created with this database: the owner's side appears now
                available.setdefault(owner_db, set()).add(owner_prop)
        # Synced sides appear on their targets when the owner relation is created inline.
        for p in owned_props(db, counterparts):
            if (
                p.type == "relation"
                and p.two_way_name
                and levels.get(p.key, 0) == 0
                and p.relation_target
                and (key, p.key) not in reversed_pairs
            ):
                available.setdefault(p.relation_target, set()).add(p.two_way_key or "")
        created_before.add(key)
    return all_levels, available


def row_relation_targets(workspace: Workspace, db_key: str, row: Row) -> list[tuple[str, str]]:
    """(relation property key, "target_db.row_key") for each relation value of a row."""
    db = workspace.database(db_key)
    out: list[tuple[str, str]] = []
    for pkey, value in row.values.items():
        prop = db.property(pkey)
        if prop.type == "relation" and isinstance(value, tuple) and prop.relation_target:
            out.extend((pkey, f"{prop.relation_target}.{v}") for v in value)
    return out


def row_waves(
    workspace: Workspace, todo: Mapping[str, list[Row]], existing_rows: set[str]
) -> dict[str, tuple[int, tuple[str, ...]]]:
    """Wave of each row to create and the relation properties it must set later.

    A row waits for the rows its relations point to; a cycle defers the relation to a final pass.
    """
    pending = {f"{db}.{row.key}": (db, row) for db, rows in todo.items() for row in rows}
    waves: dict[str, tuple[int, tuple[str, ...]]] = {}
    visiting: set[str] = set()

    def wave(rkey: str) -> int:
        if rkey in waves:
            return waves[rkey][0]
        db_key, row = pending[rkey]
        visiting.add(rkey)
        level = 0
        deferred: set[str] = set()
        for pkey, target in row_relation_targets(workspace, db_key, row):
            if target in existing_rows or target not in pending:
                continue
            if target in visiting or target == rkey:
                deferred.add(pkey)
                continue
            level = max(level, wave(target) + 1)
        visiting.discard(rkey)
        waves[rkey] = (level, tuple(sorted(deferred)))
        return level

    for rkey in pending:
        wave(rkey)
    return waves
