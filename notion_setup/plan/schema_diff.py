"""Schema diff of a database that exists: title, properties, options, retargets. Pure.

Compares one blueprint ``Database`` with its ``ObservedDatabase`` and appends to the plan the
``update_schema`` steps (adds by dependency level, one merged step for renames, retypes, option
changes and removals, one for retargets), or records what is unchanged, held back or added by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from notion_setup.messages import _
from notion_setup.model import Database, Property
from notion_setup.observe import ObservedDatabase, ObservedProperty
from notion_setup.plan import wording
from notion_setup.plan.context import PlanContext
from notion_setup.plan.types import STAGE_DATABASES, STAGE_SCHEMA, Change, Step


@dataclass
class _SchemaDiff:
    """What differs in one database's schema, collected before it becomes steps."""

    adds: dict[int, list[Property]] = field(default_factory=dict)
    renames: list[tuple[str, str]] = field(default_factory=list)
    retypes: list[tuple[str, str]] = field(default_factory=list)
    retargets: list[tuple[str, str]] = field(default_factory=list)
    repoints: list[tuple[str, str, str, str]] = field(default_factory=list)
    options: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    matched_ids: set[str] = field(default_factory=set)


def match_property(
    prop: Property, ob: ObservedDatabase, prop_id: str | None
) -> ObservedProperty | None:
    """The observed property that is this blueprint property: by registered id, else by name."""
    if prop.type == "title":
        return next((p for p in ob.properties if p.type == "title"), None)
    if prop_id:
        found = ob.by_id(prop_id)
        if found is not None:
            return found
    return ob.by_name(prop.name)


def stale_synced_sides(ctx: PlanContext) -> dict[tuple[str, str], str]:
    """Two-way relations whose owner database is created again while their synced side stays.

    A database deleted for good (emptied from the trash) is created again; the synced side of
    each of its two-way relations may still sit in the target database, pointing at the data
    source that is gone (UNCONFIRMED what Notion keeps there; strict reading: it stays). Notion
    refuses a second property of that name, so the owner is created without that relation and
    the synced side, keeping its id and the views that show it, re-declares the pair towards the
    new database. Returns (owner db, owner property) -> the synced side's observed id.
    """
    live = {ob.data_source_id for ob in ctx.observed.databases.values()}
    out: dict[tuple[str, str], str] = {}
    for (target, key), owner in ctx.counterparts.items():
        seen = ctx.observed.databases.get(target)
        if owner[0] in ctx.observed.databases or owner[0] == target or seen is None:
            continue
        prop = ctx.workspace.database(target).property(key)
        found = match_property(prop, seen, ctx.reg(f"prop:{target}.{key}"))
        if found is None or found.type != "relation":
            continue
        if (found.raw.get("relation") or {}).get("data_source_id") not in live:
            out[owner] = found.id
    return out


def plan_existing_database(
    ctx: PlanContext, db: Database, ob: ObservedDatabase, levels: Mapping[str, int]
) -> None:
    """Plan the changes that bring an existing database's title and schema to the blueprint."""
    _diff_title(ctx, db, ob)
    diff = _SchemaDiff()
    for prop in db.properties:
        _diff_property(ctx, db, ob, prop, levels, diff)
    _diff_extras(ctx, db, ob, diff)
    ctx.steps.extend(_schema_steps(ctx, db, diff))


def _diff_title(ctx: PlanContext, db: Database, ob: ObservedDatabase) -> None:
    # The database's own title (renamed in the app) and its data source's (the API) both
    # count: Notion keeps them apart since 2025-09-03.
    renamed = next((t for t in (ob.database_title, ob.title) if t and t != db.title), None)
    if renamed is not None:
        ctx.steps.append(
            Step(
                "update_database_title",
                STAGE_DATABASES,
                db.key,
                (Change("update", "database", db.key, db.title, wording.renamed_back(renamed)),),
            )
        )
    else:
        ctx.unchanged.append(Change("unchanged", "database", db.key, db.title))


def _diff_property(
    ctx: PlanContext,
    db: Database,
    ob: ObservedDatabase,
    prop: Property,
    levels: Mapping[str, int],
    diff: _SchemaDiff,
) -> None:
    is_counterpart = (db.key, prop.key) in ctx.counterparts
    found = match_property(prop, ob, ctx.reg(f"prop:{db.key}.{prop.key}"))
    pkey = f"{db.key}.{prop.key}"
    if found is None:
        if is_counterpart:
            return  # created with its owner relation (planned on the owner's side)
        diff.adds.setdefault(max(levels.get(prop.key, 0), 1), []).append(prop)
        diff.changes.append(
            Change("create", "property", pkey, prop.name, wording.property_type(prop.type))
        )
        return
    diff.matched_ids.add(found.id)
    owner = ctx.counterparts.get((db.key, prop.key))
    if owner is not None and owner in ctx.stale_synced:
        diff.repoints.append((prop.key, found.id, *owner))
        return
    if found.type != prop.type:
        if retype_keeps_values(found.type, prop.type) and not is_counterpart:
            # Notion converts the values itself: not destructive (fleet upgrades rely on it).
            diff.retypes.append((prop.key, found.id))
            diff.changes.append(
                Change("update", "property", pkey, prop.name, retype_detail(found.type, prop.type))
            )
            return
        change = Change("retype", "property", pkey, prop.name, retype_detail(found.type, prop.type))
        if ctx.allow_destructive and not is_counterpart and prop.type != "title":
            diff.retypes.append((prop.key, found.id))
            diff.changes.append(change)
        else:
            ctx.held_back.append(change)
        return
    if prop.type == "relation" and not is_counterpart and prop.relation_target:
        target_db = ctx.observed.databases.get(prop.relation_target)
        pointing_at = (found.raw.get("relation") or {}).get("data_source_id")
        if target_db is None or pointing_at != target_db.data_source_id:
            # Its target database was deleted by hand and is created again: point the
            # relation (and, for a two-way one, its synced side) at the new one.
            diff.retargets.append((prop.key, found.id))
    if found.name != prop.name:
        diff.renames.append((prop.key, found.id))
        diff.changes.append(
            Change("update", "property", pkey, prop.name, wording.renamed_from(found.name))
        )
    if prop.options:
        _diff_options(ctx, db, prop, found, diff)
    if found.name == prop.name:
        ctx.unchanged.append(Change("unchanged", "property", pkey, prop.name))


#: Type changes whose values Notion carries across when a data source's property is retyped
#: (``PATCH /v1/data_sources/{id}`` with the new type's key): text becomes options (a
#: multi-select splits at commas), options and numbers become their text, a select becomes a
#: multi-select of one. Any other change empties the property: destructive.
_CARRIED_RETYPES = frozenset(
    {
        ("rich_text", "select"),
        ("rich_text", "multi_select"),
        ("rich_text", "url"),
        ("rich_text", "email"),
        ("rich_text", "phone_number"),
        ("select", "multi_select"),
        ("select", "rich_text"),
        ("multi_select", "rich_text"),
        ("status", "rich_text"),
        ("number", "rich_text"),
        ("url", "rich_text"),
        ("email", "rich_text"),
        ("phone_number", "rich_text"),
    }
)


def retype_keeps_values(old: str, new: str) -> bool:
    """Whether Notion carries a property's values across when its type changes from ``old``."""
    return (old, new) in _CARRIED_RETYPES


def retype_detail(old: str, new: str) -> str:
    """The plan's detail of a type change: ``text -> select, values kept``."""
    fate = _("values kept") if retype_keeps_values(old, new) else _("values lost")
    return f"{wording.retyped(old, new)}, {fate}"


def _diff_options(
    ctx: PlanContext, db: Database, prop: Property, found: ObservedProperty, diff: _SchemaDiff
) -> None:
    pkey = f"{db.key}.{prop.key}"
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
        diff.changes.append(Change("create", "option", pkey, name, wording.option_of(prop.name)))
    for name in dropped:
        diff.changes.append(Change("remove", "option", pkey, name, wording.option_of(prop.name)))
    if missing or dropped:
        diff.options.append((prop.key, found.id, tuple(final)))


def _diff_extras(ctx: PlanContext, db: Database, ob: ObservedDatabase, diff: _SchemaDiff) -> None:
    """Observed properties the blueprint does not match: removed if registered, else kept."""
    blueprint_names = {p.name for p in db.properties}
    for extra in ob.properties:
        if extra.id in diff.matched_ids:
            continue
        registered_key = _registered_prop_key(ctx, db.key, extra.id)
        if registered_key is not None and extra.name not in blueprint_names:
            change = Change(
                "remove",
                "property",
                f"{db.key}.{registered_key}",
                extra.name,
                wording.property_type(extra.type),
            )
            if ctx.allow_destructive:
                diff.changes.append(change)
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
                    wording.added_by_hand_left_alone(),
                )
            )


def _schema_steps(ctx: PlanContext, db: Database, diff: _SchemaDiff) -> list[Step]:
    first_level = min(diff.adds) if diff.adds else 1
    steps: list[Step] = []
    for level in sorted(diff.adds):
        batch = diff.adds[level]
        keys = {f"{db.key}.{p.key}" for p in batch}
        step_changes = tuple(
            c for c in diff.changes if c.kind == "property" and c.verb == "create" and c.key in keys
        )
        steps.append(
            Step(
                "update_schema",
                STAGE_SCHEMA + level,
                db.key,
                step_changes,
                adds=tuple(p.key for p in batch),
            )
        )
    other_changes = tuple(
        c for c in diff.changes if not (c.kind == "property" and c.verb == "create")
    )
    removes = tuple(ctx.removes.pop(db.key, []))
    if diff.renames or diff.retypes or diff.options or removes:
        merged = Step(
            "update_schema",
            STAGE_SCHEMA + (first_level if not steps else 0),
            db.key,
            other_changes,
            renames=tuple(diff.renames),
            retypes=tuple(diff.retypes),
            options=tuple(diff.options),
            removes=removes,
        )
        steps.insert(0, merged)
    if diff.retargets or diff.repoints:
        moved = [key for key, _ in diff.retargets] + [key for key, *_ in diff.repoints]
        steps.append(
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
                        wording.target_created_again(),
                    )
                    for key in moved
                ),
                retargets=tuple(diff.retargets),
                repoints=tuple(diff.repoints),
            )
        )
    return steps


def _registered_prop_key(ctx: PlanContext, db_key: str, prop_id: str) -> str | None:
    registry = ctx.observed.registry
    if registry is None:
        return None
    prefix = f"prop:{db_key}."
    for key, value in registry.objects.items():
        if key.startswith(prefix) and value == prop_id:
            return key[len(prefix) :]
    return None


def _was_blueprint_option(ctx: PlanContext, db: Database, prop: Property, name: str) -> bool:
    registry = ctx.observed.registry
    if registry is None:
        return False
    entry = registry.get(f"opts:{db.key}.{prop.key}")
    return isinstance(entry, list) and name in entry
