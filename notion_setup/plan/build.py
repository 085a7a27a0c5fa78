"""Pure planning: compare the resolved workspace with what exists and list what ``apply`` will do.

``make_plan(workspace, observed)`` reads nothing and writes nothing. ``plan`` prints its steps;
``apply`` executes the very same steps. Each step is one unit of work (usually one API call) and
carries the ``Change`` lines shown to the user.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Literal

from notion_setup.model import Database, Row, View, Workspace
from notion_setup.observe import Observed, ObservedDatabase
from notion_setup.plan import wording
from notion_setup.plan.context import PlanContext
from notion_setup.plan.depends import with_dependencies
from notion_setup.plan.order import (
    creation_levels,
    database_order,
    owned_props,
    property_levels,
    reversed_owners,
    row_waves,
    synced_counterparts,
)
from notion_setup.plan.restores import plan_restores, plan_root
from notion_setup.plan.schema_diff import (
    match_property,
    plan_existing_database,
    stale_synced_sides,
)
from notion_setup.plan.types import (
    DEFAULT_VIEW_NAME,
    STAGE_DATABASES,
    STAGE_LINKED_VIEWS,
    STAGE_PAGES,
    STAGE_ROW_RELATIONS,
    STAGE_ROWS,
    STAGE_SCHEMA,
    STAGE_TEMPLATES,
    STAGE_TEMPLATES_PAGE,
    STAGE_VIEWS,
    Change,
    Kind,
    Plan,
    Step,
)
from notion_setup.plan.view_diff import view_drift, wanted_view


def make_plan(
    workspace: Workspace,
    observed: Observed,
    *,
    allow_destructive: bool = False,
    restore_rows: bool = False,
) -> Plan:
    """Compute the steps that bring the workspace to the blueprint.

    Args:
        workspace: the resolved blueprint for this client.
        observed: what exists (``Observed(parent_id)`` with no root for a first run).
        allow_destructive: include removals and retypes; otherwise they are held back and listed.
        restore_rows: bring back the starter rows deleted by hand (otherwise only noted).
    """
    ctx = PlanContext(
        workspace,
        observed,
        allow_destructive,
        synced_counterparts(workspace),
        restore_rows=restore_rows,
    )
    plan_root(ctx)
    plan_restores(ctx)
    _plan_pages(ctx)
    _plan_databases(ctx)
    _plan_views(ctx)
    _plan_linked_views(ctx)
    _plan_templates(ctx)
    _plan_rows(ctx)
    _note_user_additions(ctx)
    return _finish(ctx)


def _plan_pages(ctx: PlanContext) -> None:
    parents = {p.key: p.parent for p in ctx.workspace.pages}

    def depth(key: str | None) -> int:
        return 0 if key is None else 1 + depth(parents.get(key))

    for page in ctx.workspace.pages:
        if page.key in ctx.observed.pages:
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


def _plan_databases(ctx: PlanContext) -> None:
    """Create the missing databases (in blueprint order) and diff the existing ones."""
    workspace, observed = ctx.workspace, ctx.observed
    order = database_order(workspace, set(observed.databases))
    ctx.stale_synced = stale_synced_sides(ctx)
    # Such an owner is created without that relation; its synced side re-declares it.
    ctx.reversed = reversed_owners(workspace, order) | set(ctx.stale_synced)
    all_levels, available = creation_levels(
        workspace, observed, order, ctx.counterparts, ctx.reversed
    )
    every_database = {db.key for db in workspace.databases}
    for db in workspace.databases:
        existing_db = observed.databases.get(db.key)
        if existing_db is None:
            _plan_new_database(ctx, db, all_levels[db.key], order.index(db.key))
        else:
            levels = property_levels(
                db,
                owned_props(db, ctx.counterparts),
                available,
                created_before=every_database,
                counterparts=ctx.counterparts,
            )
            plan_existing_database(ctx, db, existing_db, levels)


def _plan_new_database(
    ctx: PlanContext, db: Database, levels: Mapping[str, int], position: int
) -> None:
    """One create call with every level-0 property, then one schema pass per higher level."""
    owned = owned_props(db, ctx.counterparts)
    flipped = ctx.reversed
    inline = tuple(
        p.key for p in owned if levels.get(p.key, 0) == 0 and (db.key, p.key) not in flipped
    )
    reverse = tuple(
        (key, owner[0], owner[1])
        for (target, key), owner in ctx.counterparts.items()
        if target == db.key and owner in flipped
    )
    ctx.steps.append(
        Step(
            "create_database",
            STAGE_DATABASES + position,
            db.key,
            (
                Change(
                    "create",
                    "database",
                    db.key,
                    db.title,
                    wording.property_count(len(db.properties)),
                ),
            ),
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
                    Change(
                        "create",
                        "property",
                        f"{db.key}.{p.key}",
                        p.name,
                        wording.property_type(p.type),
                    )
                    for p in batch
                ),
                adds=tuple(p.key for p in batch),
            )
        )


def _takes_over_default_view(ctx: PlanContext, db: Database) -> bool:
    """Whether Notion's "Default view" of this database is still to be taken over or removed.

    A database created by an earlier run that stopped before its views still shows the
    "Default view" Notion made: take it over rather than leave it beside ours.
    """
    seen_db = ctx.observed.databases.get(db.key)
    return seen_db is None or (
        seen_db.view_names is not None
        and DEFAULT_VIEW_NAME in seen_db.view_names
        and seen_db.view_names[DEFAULT_VIEW_NAME] not in ctx.observed.views.values()
    )


def _plan_views(ctx: PlanContext) -> None:
    """Views: the first table view of a new database takes over Notion's "Default view"."""
    views_done = set(ctx.observed.views)
    for db in ctx.workspace.databases:
        new_db = _takes_over_default_view(ctx, db)
        adopted_default = False
        view_steps: list[Step] = []
        for view in db.views:
            vkey = f"{db.key}.{view.key}"
            if vkey in views_done:
                repair = _view_repair(ctx, db, view, vkey)
                if repair is None:
                    ctx.unchanged.append(Change("unchanged", "view", vkey, view.name))
                else:
                    view_steps.append(repair)
                continue
            op: Literal["create_view", "adopt_default_view"] = "create_view"
            if new_db and not adopted_default and view.type == "table":
                op = "adopt_default_view"
                adopted_default = True
            step = Step(
                op,
                STAGE_VIEWS,
                vkey,
                (Change("create", "view", vkey, view.name, wording.view_type(view.type)),),
            )
            # The take-over lists the database's views: first, while Notion's is the only one
            # this run does not know (Notion keeps its tab first whatever the order here).
            view_steps.insert(0 if op == "adopt_default_view" else len(view_steps), step)
        ctx.steps.extend(view_steps)
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
                            wording.default_view_replaced(),
                        ),
                    ),
                )
            )


#: The prefix of the stand-in id of a property this run adds (see ``_property_ids``).
ADDED_IN_THIS_RUN = "added-in-this-run:"


def _property_ids(ctx: PlanContext, db: Database, seen: ObservedDatabase) -> dict[str, str]:
    """Property key -> the id the views were sent with (``"title"`` for the title).

    A property the schema step of this run adds has no id yet: it gets one no view can hold, so
    a view the blueprint changed to name it is drift now and is repaired in this same run, once
    the schema is complete (``plan.depends``), rather than by the next one.
    """
    ids: dict[str, str] = {}
    for prop in db.properties:
        found = match_property(prop, seen, ctx.reg(f"prop:{db.key}.{prop.key}"))
        if found is not None:
            ids[prop.key] = "title" if prop.type == "title" else found.id
        else:
            ids[prop.key] = f"{ADDED_IN_THIS_RUN}{prop.key}"
    return ids


def _view_repair(ctx: PlanContext, db: Database, view: View, vkey: str) -> Step | None:
    """An ``update_view`` step when the view was renamed, re-filtered or re-sorted by hand."""
    seen_db = ctx.observed.databases.get(db.key)
    view_id = ctx.observed.views.get(vkey)
    if seen_db is None or view_id is None or view_id not in seen_db.view_specs:
        return None
    seen = seen_db.view_specs[view_id]
    wanted = wanted_view(view, db, _property_ids(ctx, db, seen_db))
    if wanted is None:
        return None
    drift = view_drift(wanted, seen)
    if not drift:
        return None
    parts = [wording.named_in_notion(str(seen.get("name", "")))] if "name" in drift else []
    parts += [wording.view_changed(a) for a in drift if a != "name"]
    return Step(
        "update_view",
        STAGE_VIEWS,
        vkey,
        (Change("update", "view", vkey, view.name, wording.joined(parts)),),
        aspects=drift,
    )


def _plan_linked_views(ctx: PlanContext) -> None:
    linked_done = set(ctx.observed.linked_views)
    for page in ctx.workspace.pages:
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
                    (
                        Change(
                            "create", "linked_view", lkey, lv.view.name, wording.on_page(page.title)
                        ),
                    ),
                )
            )


def _plan_templates(ctx: PlanContext) -> None:
    workspace = ctx.workspace
    if not workspace.templates:
        return
    title = workspace.templates_page_title
    if ctx.observed.templates_page_id:
        ctx.unchanged.append(Change("unchanged", "templates_page", "templates", title))
    else:
        ctx.steps.append(
            Step(
                "create_templates_page",
                STAGE_TEMPLATES_PAGE,
                "templates",
                (Change("create", "templates_page", "templates", title),),
            )
        )
    templates_done = set(ctx.observed.templates)
    for template in workspace.templates:
        if template.key in templates_done:
            ctx.unchanged.append(
                Change("unchanged", "template", template.key, template.workspace_title)
            )
            continue
        ctx.steps.append(
            Step(
                "create_template",
                STAGE_TEMPLATES,
                template.key,
                (Change("create", "template", template.key, template.workspace_title),),
            )
        )


def _plan_rows(ctx: PlanContext) -> None:
    """Starter rows in waves (a row after the rows it relates to); cycles set relations last."""
    rows_done = set(ctx.observed.rows)
    gone = set(ctx.observed.gone_rows)
    todo: dict[str, list[Row]] = {}
    for db in ctx.workspace.databases:
        for row in db.rows:
            rkey = f"{db.key}.{row.key}"
            title = str(row.values.get(db.title_property.key, row.key))
            if rkey in rows_done:
                ctx.unchanged.append(Change("unchanged", "row", rkey, title))
            elif rkey in gone and ctx.restore_rows:
                ctx.steps.append(
                    Step(
                        "restore_row",
                        STAGE_ROWS,
                        rkey,
                        (Change("create", "row", rkey, title, wording.row_restored()),),
                    )
                )
            elif rkey in gone:
                ctx.skipped.append(
                    Change("skip", "row", rkey, title, wording.row_removed_by_hand(db.title))
                )
            else:
                todo.setdefault(db.key, []).append(row)
    waves = row_waves(ctx.workspace, todo, rows_done | gone)
    for db_key, rows in todo.items():
        db = ctx.workspace.database(db_key)
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


def _note_user_additions(ctx: PlanContext) -> None:
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
                Change("skip", "view", f"{key}.*", title, wording.views_added_by_hand(len(extra)))
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
        ctx.user_additions.append(
            Change("skip", kind, child.id, child.title, wording.added_by_hand())
        )


def _finish(ctx: PlanContext) -> Plan:
    titles = {db.key: db.title for db in ctx.workspace.databases}
    steps = [replace(s, changes=_in_database(s.changes, titles)) for s in ctx.steps]
    steps.sort(key=lambda s: s.stage)  # stable: blueprint order within a stage
    return Plan(
        steps=with_dependencies(steps, ctx.workspace, ctx.counterparts),
        unchanged=tuple(ctx.unchanged),
        skipped=tuple(ctx.skipped),
        user_additions=tuple(ctx.user_additions),
        held_back=_in_database(ctx.held_back, titles),
    )


def _in_database(changes: Iterable[Change], titles: Mapping[str, str]) -> tuple[Change, ...]:
    """Say which database a property, option or view change is in (``Invoices: ...``)."""
    out = []
    for change in changes:
        db_key = change.key.split(".", 1)[0]
        if change.kind in ("property", "option", "view") and db_key in titles:
            detail = wording.in_database(titles[db_key], change.detail)
            change = replace(change, detail=detail)
        out.append(change)
    return tuple(out)
