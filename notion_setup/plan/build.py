"""Pure planning: compare the resolved workspace with what exists and list what ``apply`` will do.

``make_plan(workspace, observed)`` reads nothing and writes nothing. ``plan`` prints its steps;
``apply`` executes the very same steps. Each step is one unit of work (usually one API call) and
carries the ``Change`` lines shown to the user.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from notion_setup.model import Database, Property, Row, Workspace
from notion_setup.observe import Observed, ObservedDatabase, ObservedProperty

#: The name Notion gives the table view it creates with every database.
DEFAULT_VIEW_NAME = "Default view"

Verb = Literal["create", "update", "unchanged", "remove", "retype", "skip"]
Kind = Literal[
    "root",
    "page",
    "database",
    "property",
    "option",
    "view",
    "linked_view",
    "templates_page",
    "template",
    "row",
]

# Execution stages: steps of one stage may run concurrently (up to --jobs); stages run in order.
STAGE_ROOT = 0
STAGE_PAGES = 100  # + depth in the page tree (a page waits for its parent)
STAGE_DATABASES = 200  # + position in the create order (a relation needs its target's id)
STAGE_SCHEMA = 400  # + dependency level
STAGE_VIEWS = 500
STAGE_LINKED_VIEWS = 600
STAGE_TEMPLATES_PAGE = 700
STAGE_TEMPLATES = 710
STAGE_ROWS = 800  # + dependency wave
STAGE_ROW_RELATIONS = 2000


@dataclass(frozen=True)
class Change:
    """One line of the plan, as shown to the user and in ``--json``."""

    verb: Verb
    kind: Kind
    key: str
    name: str
    detail: str = ""

    @property
    def destructive(self) -> bool:
        """Whether this change can lose data in the workspace."""
        return self.verb in ("remove", "retype")


@dataclass(frozen=True)
class Step:
    """One unit of work for ``apply``; ``op`` says what, the other fields say on what."""

    op: Literal[
        "create_root",
        "create_page",
        "update_page_title",
        "create_database",
        "update_database_title",
        "update_schema",
        "create_view",
        "adopt_default_view",
        "remove_default_view",
        "create_linked_view",
        "create_templates_page",
        "create_template",
        "create_row",
        "set_row_relations",
    ]
    stage: int
    key: str  # the object's key: page, database, "db.view", "db.row", template, "page.lv"
    changes: tuple[Change, ...]
    #: create_database: property keys sent in the create call.
    inline: tuple[str, ...] = ()
    #: create_database: (synced property key here, owner database, owner property) declared
    #: from this side because the owner was created first (see ``reversed_owners``).
    reverse: tuple[tuple[str, str, str], ...] = ()
    #: update_schema: property keys to add.
    adds: tuple[str, ...] = ()
    #: update_schema: (property key, observed property id) to rename back to the blueprint name.
    renames: tuple[tuple[str, str], ...] = ()
    #: update_schema: (property key, observed property id) to retype (destructive).
    retypes: tuple[tuple[str, str], ...] = ()
    #: update_schema: (relation key, observed property id) to point at a re-created target.
    retargets: tuple[tuple[str, str], ...] = ()
    #: update_schema: observed property ids to remove (destructive).
    removes: tuple[str, ...] = ()
    #: update_schema: (property key, observed property id, option names in final order).
    options: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    #: create_row: relation property keys left for set_row_relations (targets created later).
    deferred: tuple[str, ...] = ()

    @property
    def destructive(self) -> bool:
        """Whether any change of this step can lose data."""
        return any(c.destructive for c in self.changes)


@dataclass(frozen=True)
class Plan:
    """The ordered steps of a run, plus what is unchanged or left alone."""

    steps: tuple[Step, ...]
    unchanged: tuple[Change, ...]
    skipped: tuple[Change, ...] = ()
    #: Objects found in the workspace that the blueprint does not own (left alone).
    user_additions: tuple[Change, ...] = ()
    #: Changes left out because they are destructive and were not allowed.
    held_back: tuple[Change, ...] = ()

    @property
    def changes(self) -> tuple[Change, ...]:
        """Every change the steps make, in order."""
        return tuple(c for s in self.steps for c in s.changes)

    @property
    def is_empty(self) -> bool:
        """True when apply would write nothing."""
        return not self.steps

    def counts(self) -> dict[str, int]:
        """How many changes of each verb, plus unchanged."""
        out: dict[str, int] = {"create": 0, "update": 0, "remove": 0, "retype": 0}
        for change in self.changes:
            out[change.verb] = out.get(change.verb, 0) + 1
        out["unchanged"] = len(self.unchanged)
        return out


_PROP_REF = re.compile(r'prop\("((?:[^"\\]|\\.)*)"\)')


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


@dataclass
class _Ctx:
    workspace: Workspace
    observed: Observed
    allow_destructive: bool
    counterparts: dict[tuple[str, str], tuple[str, str]]
    steps: list[Step] = field(default_factory=list)
    unchanged: list[Change] = field(default_factory=list)
    skipped: list[Change] = field(default_factory=list)
    user_additions: list[Change] = field(default_factory=list)
    held_back: list[Change] = field(default_factory=list)
    removes: dict[str, list[str]] = field(default_factory=dict)
    reversed: set[tuple[str, str]] = field(default_factory=set)

    def reg(self, key: str) -> str | None:
        registry = self.observed.registry
        return registry.id(key) if registry else None


def _owned_props(
    db: Database, counterparts: Mapping[tuple[str, str], tuple[str, str]]
) -> list[Property]:
    """Properties this database creates itself (not the synced sides of others' relations)."""
    return [p for p in db.properties if (db.key, p.key) not in counterparts]


def _database_order(workspace: Workspace, existing: set[str]) -> list[str]:
    """Create order: blueprint order, which is also the order users see on the root page.

    A two-way relation to a later database is declared from that later database (see
    ``reversed_owners``); only one-way relations to later databases wait for a schema pass.
    """
    return [db.key for db in workspace.databases if db.key not in existing]


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


def _levels(
    db: Database,
    candidates: list[Property],
    available: Mapping[str, set[str]],
    workspace: Workspace,
    *,
    created_before: set[str],
    counterparts: Mapping[tuple[str, str], tuple[str, str]],
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

    def level(prop: Property, seen: frozenset[str]) -> int:
        if prop.key in levels:
            return levels[prop.key]
        if prop.key in seen:  # a formula cycle: Notion would reject it; send it last
            return 1
        seen = seen | {prop.key}
        result = 0
        owner = counterparts.get((db.key, prop.key))
        flipped = reversed_pairs or set()
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


def _match_property(
    prop: Property, ob: ObservedDatabase, prop_id: str | None
) -> ObservedProperty | None:
    if prop.type == "title":
        return next((p for p in ob.properties if p.type == "title"), None)
    if prop_id:
        found = ob.by_id(prop_id)
        if found is not None:
            return found
    return ob.by_name(prop.name)


def _plan_pages(ctx: _Ctx, identified: Mapping[str, str]) -> None:
    parents = {p.key: p.parent for p in ctx.workspace.pages}

    def depth(key: str | None) -> int:
        return 0 if key is None else 1 + depth(parents.get(key))

    for page in ctx.workspace.pages:
        if page.key in identified:
            ctx.unchanged.append(Change("unchanged", "page", page.key, page.title))
        else:
            ctx.steps.append(
                Step(
                    "create_page",
                    STAGE_PAGES + depth(page.parent),
                    page.key,
                    (Change("create", "page", page.key, page.title),),
                )
            )


def _plan_database(
    ctx: _Ctx,
    db: Database,
    ob: ObservedDatabase | None,
    levels: Mapping[str, int],
    position: int = 0,
) -> None:
    owned = _owned_props(db, ctx.counterparts)
    if ob is None:
        flipped = ctx.reversed
        inline = tuple(
            p.key for p in owned if levels.get(p.key, 0) == 0 and (db.key, p.key) not in flipped
        )
        reverse = tuple(
            (key, owner[0], owner[1])
            for (target, key), owner in ctx.counterparts.items()
            if target == db.key and owner in flipped
        )
        created = [
            Change("create", "database", db.key, db.title, f"{len(db.properties)} properties")
        ]
        ctx.steps.append(
            Step(
                "create_database",
                STAGE_DATABASES + position,
                db.key,
                tuple(created),
                inline=inline,
                reverse=reverse,
            )
        )
        deferred = [p for p in owned if levels.get(p.key, 0) > 0 and (db.key, p.key) not in flipped]
        for level in sorted({levels[p.key] for p in deferred}):
            batch = [p for p in deferred if levels[p.key] == level]
            ctx.steps.append(
                Step(
                    "update_schema",
                    STAGE_SCHEMA + level,
                    db.key,
                    tuple(
                        Change("create", "property", f"{db.key}.{p.key}", p.name, p.type)
                        for p in batch
                    ),
                    adds=tuple(p.key for p in batch),
                )
            )
        return

    if ob.title != db.title:
        ctx.steps.append(
            Step(
                "update_database_title",
                STAGE_DATABASES,
                db.key,
                (Change("update", "database", db.key, db.title, f"title was {ob.title!r}"),),
            )
        )
    else:
        ctx.unchanged.append(Change("unchanged", "database", db.key, db.title))

    adds: dict[int, list[Property]] = {}
    renames: list[tuple[str, str]] = []
    retypes: list[tuple[str, str]] = []
    retargets: list[tuple[str, str]] = []
    options: list[tuple[str, str, tuple[str, ...]]] = []
    changes: list[Change] = []
    matched_ids: set[str] = set()
    for prop in db.properties:
        is_counterpart = (db.key, prop.key) in ctx.counterparts
        found = _match_property(prop, ob, ctx.reg(f"prop:{db.key}.{prop.key}"))
        pkey = f"{db.key}.{prop.key}"
        if found is None:
            if is_counterpart:
                continue  # created with its owner relation (planned on the owner's side)
            adds.setdefault(max(levels.get(prop.key, 0), 1), []).append(prop)
            changes.append(Change("create", "property", pkey, prop.name, prop.type))
            continue
        matched_ids.add(found.id)
        if found.type != prop.type:
            change = Change("retype", "property", pkey, prop.name, f"{found.type} -> {prop.type}")
            if ctx.allow_destructive and not is_counterpart and prop.type != "title":
                retypes.append((prop.key, found.id))
                changes.append(change)
            else:
                ctx.held_back.append(change)
            continue
        if prop.type == "relation" and not is_counterpart and prop.relation_target:
            target_db = ctx.observed.databases.get(prop.relation_target)
            pointing_at = found.raw.get("relation", {}).get("data_source_id")
            if target_db is None or pointing_at != target_db.data_source_id:
                # Its target database was deleted by hand and is created again: point the
                # relation (and, for a two-way one, its synced side) at the new one.
                retargets.append((prop.key, found.id))
        if found.name != prop.name:
            renames.append((prop.key, found.id))
            changes.append(
                Change("update", "property", pkey, prop.name, f"renamed from {found.name!r}")
            )
        if prop.options:
            wanted = [o.name for o in prop.options]
            have = list(found.options)
            have_folded = {n.casefold() for n in have}
            missing = [n for n in wanted if n.casefold() not in have_folded]
            wanted_folded = {n.casefold() for n in wanted}
            registered_extra = [n for n in have if n.casefold() not in wanted_folded]
            final = list(have) + missing
            dropped: list[str] = []
            if registered_extra and ctx.allow_destructive:
                # Options the blueprint no longer lists. Without --allow-destructive they stay,
                # since users add their own options and removing one clears it from rows.
                dropped = [n for n in registered_extra if _was_blueprint_option(ctx, db, prop, n)]
                final = [n for n in final if n not in dropped]
            for name in missing:
                changes.append(Change("create", "option", pkey, name, f"option of {prop.name}"))
            for name in dropped:
                changes.append(Change("remove", "option", pkey, name, f"option of {prop.name}"))
            if missing or dropped:
                options.append((prop.key, found.id, tuple(final)))
        if found.name == prop.name:
            ctx.unchanged.append(Change("unchanged", "property", pkey, prop.name))

    blueprint_names = {p.name for p in db.properties}
    for extra in ob.properties:
        if extra.id in matched_ids:
            continue
        registered_key = _registered_prop_key(ctx, db.key, extra.id)
        if registered_key is not None and extra.name not in blueprint_names:
            change = Change(
                "remove", "property", f"{db.key}.{registered_key}", extra.name, extra.type
            )
            if ctx.allow_destructive:
                changes.append(change)
                ctx.removes.setdefault(db.key, []).append(extra.id)
            else:
                ctx.held_back.append(change)
        else:
            ctx.user_additions.append(
                Change(
                    "skip",
                    "property",
                    f"{db.key}.{extra.name}",
                    extra.name,
                    "added by hand, left alone",
                )
            )

    first_level = min(adds) if adds else 1
    extra_steps: list[Step] = []
    for level in sorted(adds):
        batch = adds[level]
        step_changes = tuple(
            c
            for c in changes
            if c.kind == "property"
            and c.verb == "create"
            and c.key in {f"{db.key}.{p.key}" for p in batch}
        )
        extra_steps.append(
            Step(
                "update_schema",
                STAGE_SCHEMA + level,
                db.key,
                step_changes,
                adds=tuple(p.key for p in batch),
            )
        )
    other_changes = tuple(c for c in changes if not (c.kind == "property" and c.verb == "create"))
    removes = tuple(ctx.removes.pop(db.key, []))
    if renames or retypes or options or removes:
        merged = Step(
            "update_schema",
            STAGE_SCHEMA + (first_level if not extra_steps else 0),
            db.key,
            other_changes,
            renames=tuple(renames),
            retypes=tuple(retypes),
            options=tuple(options),
            removes=removes,
        )
        extra_steps.insert(0, merged)
    if retargets:
        extra_steps.append(
            Step(
                "update_schema",
                STAGE_SCHEMA + 1,
                db.key,
                tuple(
                    Change(
                        "update",
                        "property",
                        f"{db.key}.{key}",
                        db.property(key).name,
                        "its target database is created again",
                    )
                    for key, _ in retargets
                ),
                retargets=tuple(retargets),
            )
        )
    ctx.steps.extend(extra_steps)


def _registered_prop_key(ctx: _Ctx, db_key: str, prop_id: str) -> str | None:
    registry = ctx.observed.registry
    if registry is None:
        return None
    prefix = f"prop:{db_key}."
    for key, value in registry.objects.items():
        if key.startswith(prefix) and value == prop_id:
            return key[len(prefix) :]
    return None


def _was_blueprint_option(ctx: _Ctx, db: Database, prop: Property, name: str) -> bool:
    registry = ctx.observed.registry
    if registry is None:
        return False
    entry = registry.get(f"opts:{db.key}.{prop.key}")
    return isinstance(entry, list) and name in entry


def _row_waves(
    workspace: Workspace, todo: Mapping[str, list[Row]], existing_rows: set[str]
) -> dict[str, tuple[int, tuple[str, ...]]]:
    """Wave of each row to create and the relation properties it must set later.

    A row waits for the rows its relations point to; a cycle defers the relation to a final pass.
    """
    pending = {f"{db}.{row.key}": (db, row) for db, rows in todo.items() for row in rows}
    waves: dict[str, tuple[int, tuple[str, ...]]] = {}
    visiting: set[str] = set()

    def targets(db_key: str, row: Row) -> list[tuple[str, str]]:
        db = workspace.database(db_key)
        out: list[tuple[str, str]] = []
        for pkey, value in row.values.items():
            prop = db.property(pkey)
            if prop.type == "relation" and isinstance(value, tuple) and prop.relation_target:
                out.extend((pkey, f"{prop.relation_target}.{v}") for v in value)
        return out

    def wave(rkey: str) -> int:
        if rkey in waves:
            return waves[rkey][0]
        db_key, row = pending[rkey]
        visiting.add(rkey)
        level = 0
        deferred: set[str] = set()
        for pkey, target in targets(db_key, row):
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


def make_plan(workspace: Workspace, observed: Observed, *, allow_destructive: bool = False) -> Plan:
    """Compute the steps that bring the workspace to the blueprint.

    Args:
        workspace: the resolved blueprint for this client.
        observed: what exists (``Observed(parent_id)`` with no root for a first run).
        allow_destructive: include removals and retypes; otherwise they are held back and listed.
    """
    ctx = _Ctx(workspace, observed, allow_destructive, synced_counterparts(workspace))
    if not observed.exists:
        ctx.steps.append(
            Step(
                "create_root",
                STAGE_ROOT,
                "root",
                (Change("create", "root", "root", workspace.title),),
            )
        )
    else:
        ctx.unchanged.append(Change("unchanged", "root", "root", workspace.title))

    _plan_pages(ctx, observed.pages)

    existing = set(observed.databases)
    order = _database_order(workspace, existing)
    created_before: set[str] = set(existing)
    available: dict[str, set[str]] = {}
    for key, ob in observed.databases.items():
        db = workspace.database(key)
        names = {p.name for p in ob.properties}
        available[key] = {p.key for p in db.properties if p.name in names}
    all_levels: dict[str, dict[str, int]] = {}
    ctx.reversed = reversed_owners(workspace, order)
    for key in order:
        db = workspace.database(key)
        owned = _owned_props(db, ctx.counterparts)
        levels = _levels(
            db,
            list(db.properties),
            available,
            workspace,
            created_before=created_before,
            counterparts=ctx.counterparts,
            reversed_pairs=ctx.reversed,
        )
        all_levels[key] = levels
        available[key] = {p.key for p in db.properties if levels.get(p.key, 0) == 0}
        available[key] -= {p for (d, p) in ctx.reversed if d == key}
        for owner_db, owner_prop in ctx.reversed:
            target = workspace.database(owner_db).property(owner_prop).relation_target
            if target == key:  # created with this database: the owner's side appears now
                available.setdefault(owner_db, set()).add(owner_prop)
        # Synced sides appear on their targets when the owner relation is created inline.
        for p in owned:
            if (
                p.type == "relation"
                and p.two_way_name
                and levels.get(p.key, 0) == 0
                and p.relation_target
                and (key, p.key) not in ctx.reversed
            ):
                available.setdefault(p.relation_target, set()).add(p.two_way_key or "")
        created_before.add(key)
    for db in workspace.databases:
        existing_db = observed.databases.get(db.key)
        if existing_db is None:
            _plan_database(ctx, db, None, all_levels[db.key], order.index(db.key))
        else:
            levels = _levels(
                db,
                _owned_props(db, ctx.counterparts),
                available,
                workspace,
                created_before=set(workspace_keys(workspace)),
                counterparts=ctx.counterparts,
            )
            _plan_database(ctx, db, existing_db, levels)

    # Views: the first table view of a new database takes over Notion's "Default view".
    views_done = set(observed.views)
    for db in workspace.databases:
        seen_db = observed.databases.get(db.key)
        # A database created by an earlier run that stopped before its views still shows the
        # "Default view" Notion made: take it over rather than leave it beside ours.
        new_db = seen_db is None or (
            seen_db.view_names is not None
            and DEFAULT_VIEW_NAME in seen_db.view_names
            and seen_db.view_names[DEFAULT_VIEW_NAME] not in observed.views.values()
        )
        adopted_default = False
        for view in db.views:
            vkey = f"{db.key}.{view.key}"
            if vkey in views_done:
                ctx.unchanged.append(Change("unchanged", "view", vkey, view.name))
                continue
            op: Literal["create_view", "adopt_default_view"] = "create_view"
            if new_db and not adopted_default and view.type == "table":
                op = "adopt_default_view"
                adopted_default = True
            ctx.steps.append(
                Step(op, STAGE_VIEWS, vkey, (Change("create", "view", vkey, view.name, view.type),))
            )
        if new_db and not adopted_default and db.views:
            # No table view to take it over: Notion's English "Default view" goes once the
            # blueprint's views exist (a database must keep at least one view).
            ctx.steps.append(
                Step(
                    "remove_default_view",
                    STAGE_VIEWS + 1,
                    db.key,
                    (
                        Change(
                            "update",
                            "view",
                            f"{db.key}.{DEFAULT_VIEW_NAME}",
                            DEFAULT_VIEW_NAME,
                            "Notion's default view, replaced by the blueprint's views",
                        ),
                    ),
                )
            )

    linked_done = set(observed.linked_views)
    for page in workspace.pages:
        for lv in page.linked_views:
            lkey = f"{page.key}.{lv.key}"
            if lkey in linked_done:
                ctx.unchanged.append(Change("unchanged", "linked_view", lkey, lv.view.name))
                continue
            ctx.steps.append(
                Step(
                    "create_linked_view",
                    STAGE_LINKED_VIEWS,
                    lkey,
                    (Change("create", "linked_view", lkey, lv.view.name, f"on {page.title}"),),
                )
            )

    if workspace.templates:
        if observed.templates_page_id:
            ctx.unchanged.append(
                Change("unchanged", "templates_page", "templates", workspace.templates_page_title)
            )
        else:
            ctx.steps.append(
                Step(
                    "create_templates_page",
                    STAGE_TEMPLATES_PAGE,
                    "templates",
                    (
                        Change(
                            "create", "templates_page", "templates", workspace.templates_page_title
                        ),
                    ),
                )
            )
        templates_done = set(observed.templates)
        for template in workspace.templates:
            if template.key in templates_done:
                ctx.unchanged.append(Change("unchanged", "template", template.key, template.title))
                continue
            ctx.steps.append(
                Step(
                    "create_template",
                    STAGE_TEMPLATES,
                    template.key,
                    (Change("create", "template", template.key, template.title),),
                )
            )

    rows_done = set(observed.rows)
    gone = set(observed.gone_rows)
    todo: dict[str, list[Row]] = {}
    for db in workspace.databases:
        for row in db.rows:
            rkey = f"{db.key}.{row.key}"
            title = str(row.values.get(db.title_property.key, row.key))
            if rkey in rows_done:
                ctx.unchanged.append(Change("unchanged", "row", rkey, title))
            elif rkey in gone:
                ctx.skipped.append(
                    Change("skip", "row", rkey, title, "deleted by hand, not re-created")
                )
            else:
                todo.setdefault(db.key, []).append(row)
    waves = _row_waves(workspace, todo, rows_done | gone)
    for db_key, rows in todo.items():
        db = workspace.database(db_key)
        for row in rows:
            rkey = f"{db_key}.{row.key}"
            wave, deferred = waves[rkey]
            title = str(row.values.get(db.title_property.key, row.key))
            ctx.steps.append(
                Step(
                    "create_row",
                    STAGE_ROWS + wave,
                    rkey,
                    (Change("create", "row", rkey, title, db.title),),
                    deferred=deferred,
                )
            )
            if deferred:
                ctx.steps.append(
                    Step("set_row_relations", STAGE_ROW_RELATIONS, rkey, (), deferred=deferred)
                )

    _note_user_additions(ctx)
    titles = {db.key: db.title for db in workspace.databases}
    ctx.steps = [replace(s, changes=_in_database(s.changes, titles)) for s in ctx.steps]
    ctx.held_back = list(_in_database(ctx.held_back, titles))
    steps = sorted(ctx.steps, key=lambda s: s.stage)  # stable: blueprint order within a stage
    return Plan(
        steps=tuple(steps),
        unchanged=tuple(ctx.unchanged),
        skipped=tuple(ctx.skipped),
        user_additions=tuple(ctx.user_additions),
        held_back=tuple(ctx.held_back),
    )


def _in_database(changes: Iterable[Change], titles: Mapping[str, str]) -> tuple[Change, ...]:
    """Say which database a property, option or view change is in (``Invoices: ...``)."""
    out = []
    for change in changes:
        db_key = change.key.split(".", 1)[0]
        if change.kind in ("property", "option", "view") and db_key in titles:
            detail = f"in {titles[db_key]}" + (f"; {change.detail}" if change.detail else "")
            change = replace(change, detail=detail)
        out.append(change)
    return tuple(out)


def _note_user_additions(ctx: _Ctx) -> None:
    """List what users added by hand beside the blueprint's objects: it is left alone.

    Views come from the listing each database needs anyway, pages and databases from the root
    page's children; rows are not read on a run that has nothing to create (that would cost a
    query per database), so rows added by hand are not listed.
    """
    observed = ctx.observed
    ours = set(observed.views.values())
    for key, ob in observed.databases.items():
        default = (ob.view_names or {}).get(DEFAULT_VIEW_NAME)
        extra = [v for v in ob.view_ids if v not in ours and v != default]
        if extra:
            title = ctx.workspace.database(key).title
            ctx.user_additions.append(
                Change("skip", "view", f"{key}.*", title, f"{len(extra)} view(s) added by hand")
            )
    if observed.root_page_id is None:
        return
    owned = set(observed.pages.values()) | {ob.database_id for ob in observed.databases.values()}
    if observed.templates_page_id:
        owned.add(observed.templates_page_id)
    names = {p.title for p in ctx.workspace.pages} | {d.title for d in ctx.workspace.databases}
    for child in observed.children.get(observed.root_page_id, ()):
        if child.type not in ("child_page", "child_database") or child.id in owned:
            continue
        if child.title in names:
            continue  # a blueprint object deleted and recreated elsewhere is planned, not listed
        kind: Kind = "page" if child.type == "child_page" else "database"
        ctx.user_additions.append(Change("skip", kind, child.id, child.title, "added by hand"))


def workspace_keys(workspace: Workspace) -> list[str]:
    """Every database key of the workspace."""
    return [db.key for db in workspace.databases]
