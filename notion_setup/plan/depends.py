"""What each step waits for: the dependency graph the scheduler runs. Pure.

A step may start once every step in its ``after`` is done. The edges come from what a Notion call
needs to exist: a page needs its parent page; a database its parent page and the databases its
inline relations, rollups and reversed two-way relations point to; a schema pass its database and
the earlier passes of the databases it refers to; a view, a linked view or a row needs its
database's schema complete (its own passes and those of the databases whose two-way relations put
a synced property in it), a row also the rows it relates to. Steps that write under one Notion
parent share a ``lane`` and are chained in plan order: Notion answers concurrent writes under one
parent with 409, and a chain keeps the order children appear in (pages, then databases, on the
root page). Every edge points backwards in plan order, so plan order itself is a valid schedule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from notion_setup.model import Database, Workspace
from notion_setup.plan.order import Counterparts, row_relation_targets
from notion_setup.plan.types import OPS, Step

#: Restores from the trash run first, one at a time, and everything else waits for them: what
#: lives in a page or a database in the trash can only be written once it is back.
RESTORES = frozenset({"restore_root", "restore_page", "restore_database"})
RESTORE_LANE = "trash"

#: The lane of the page the client's root is created under.
PARENT_LANE = "parent"
ROOT_LANE = "page:"


def lane_of(step: Step, workspace: Workspace) -> str:
    """The Notion parent a step writes under, named by blueprint keys."""
    op, key = step.op, step.key
    if op == "create_root":
        return PARENT_LANE
    if op == "create_page":
        parent = next(p.parent for p in workspace.pages if p.key == key)
        return ROOT_LANE + (parent or "")
    if op == "create_database":
        return ROOT_LANE + (workspace.database(key).parent or "")
    if op == "create_templates_page":
        return ROOT_LANE
    if op == "create_template":
        return "templates"
    if op in (
        "update_database_title",
        "create_view",
        "adopt_default_view",
        "remove_default_view",
        "update_view",
    ):
        return "db:" + key.split(".", 1)[0]
    if op in ("update_schema", "create_row", "restore_row"):
        return "ds:" + key.split(".", 1)[0]
    if op == "create_linked_view":
        return ROOT_LANE + key.split(".", 1)[0]
    if op == "set_row_relations":
        return "row:" + key  # it writes the row page itself
    if op in RESTORES:
        return RESTORE_LANE
    return f"{op}:{key}"  # not an op of the plan: a barrier (see with_dependencies)


def _step_ids(steps: Sequence[Step]) -> list[str]:
    ids: list[str] = []
    seen: dict[str, int] = {}
    for step in steps:
        base = f"{step.op}:{step.key}"
        n = seen.get(base, 0)
        seen[base] = n + 1
        ids.append(base if n == 0 else f"{base}#{n + 1}")
    return ids


def _referenced(db: Database, workspace: Workspace, owners_of: dict[str, set[str]]) -> set[str]:
    """Databases whose schema this database's own properties refer to."""
    out: set[str] = set(owners_of.get(db.key, ()))
    by_key = {p.key: p for p in db.properties}
    for prop in db.properties:
        if prop.type == "relation" and prop.relation_target:
            out.add(prop.relation_target)
        if prop.type == "rollup" and prop.rollup_relation in by_key:
            target = by_key[prop.rollup_relation].relation_target
            if target:
                out.add(target)
                out |= owners_of.get(target, set())
    out.discard(db.key)
    return {key for key in out if any(d.key == key for d in workspace.databases)}


def with_dependencies(
    steps: Sequence[Step], workspace: Workspace, counterparts: Counterparts
) -> tuple[Step, ...]:
    """The same steps with ``id``, ``lane`` and ``after`` filled in."""
    ids = _step_ids(steps)
    index = {sid: i for i, sid in enumerate(ids)}
    by_op: dict[tuple[str, str], list[str]] = {}
    for step, sid in zip(steps, ids, strict=True):
        by_op.setdefault((step.op, step.key), []).append(sid)

    def find(op: str, key: str) -> list[str]:
        return by_op.get((op, key), [])

    owners_of: dict[str, set[str]] = {}
    for (target, _), (owner, _) in counterparts.items():
        if owner != target:
            owners_of.setdefault(target, set()).add(owner)
    referenced = {db.key: _referenced(db, workspace, owners_of) for db in workspace.databases}

    #: database key -> its first row of this run: its create answers with every property id,
    #: so views wait for it instead of reading the schema (one call fewer, none longer).
    id_source: dict[str, str] = {}

    def property_ids_known(db_key: str) -> list[str]:
        return schema_complete(db_key) + ([id_source[db_key]] if db_key in id_source else [])

    step_of = dict(zip(ids, steps, strict=True))
    #: database key -> the steps re-declaring a synced side towards it (indexed once: a scan of
    #: every step for every database was quadratic: 1 s of CPU at 160 databases, now 0.07 s).
    repointing: dict[str, list[str]] = {}
    for sid, st in step_of.items():
        for db in dict.fromkeys(r[2] for r in st.repoints):
            repointing.setdefault(db, []).append(sid)

    def makes(sid: str, prop_key: str) -> bool:
        """Whether this step creates (or re-points) the owner relation ``prop_key``."""
        step = step_of[sid]
        touched = {k for k, _ in step.retargets} | {k for k, _ in step.retypes}
        return prop_key in step.inline or prop_key in step.adds or prop_key in touched

    def schema_complete(db_key: str) -> list[str]:
        """Steps after which every property of the database exists.

        Its own create and schema passes, and the steps of other databases whose two-way
        relations put a synced property here (not their other passes).
        """
        out = find("create_database", db_key) + find("update_schema", db_key)
        # A synced side re-declared towards this database gives it the owner relation back.
        out += repointing.get(db_key, [])
        for (target, _), (owner, owner_prop) in counterparts.items():
            if target != db_key or owner == db_key:
                continue
            for op in ("create_database", "update_schema"):
                out += [s for s in find(op, owner) if makes(s, owner_prop)]
        return out

    def page_parent(page_key: str | None) -> list[str]:
        return find("create_root", "root") if page_key is None else find("create_page", page_key)

    def needs(step: Step, sid: str) -> Iterable[str]:
        op, key = step.op, step.key
        db_key = key.split(".", 1)[0]
        if op == "create_page":
            return page_parent(next(p.parent for p in workspace.pages if p.key == key))
        if op == "create_database":
            db = workspace.database(key)
            out = page_parent(db.parent)
            for other in referenced[key]:  # later ones wait for a schema pass (plan.order)
                out += [s for s in find("create_database", other) if index[s] < index[sid]]
            return out
        if op == "update_schema":
            out = find("create_database", key)
            for other in referenced[key] | {key}:
                out += find("create_database", other)
                out += [s for s in find("update_schema", other) if index[s] < index[sid]]
            return out
        if op in ("create_view", "adopt_default_view"):
            return property_ids_known(db_key)
        if op == "update_view":  # the properties it names exist once the schema is complete
            return schema_complete(db_key)
        if op == "remove_default_view":
            db = workspace.database(key)
            views = [
                s
                for v in db.views
                for op2 in ("create_view", "adopt_default_view")
                for s in find(op2, f"{key}.{v.key}")
            ]
            return property_ids_known(key) + views
        if op == "create_linked_view":
            page = next(p for p in workspace.pages if p.key == db_key)
            lv = next(v for v in page.linked_views if f"{page.key}.{v.key}" == key)
            return find("create_page", page.key) + property_ids_known(lv.database)
        if op == "create_templates_page":
            return find("create_root", "root")
        if op == "create_template":
            return find("create_templates_page", "templates")
        if op in ("create_row", "set_row_relations"):
            db = workspace.database(db_key)
            row = next(r for r in db.rows if f"{db_key}.{r.key}" == key)
            deferred, later = set(step.deferred), op == "set_row_relations"
            out = schema_complete(db_key) + (find("create_row", key) if later else [])
            for pkey, target in row_relation_targets(workspace, db_key, row):
                if (pkey in deferred) == later:  # a row sets now what it does not defer
                    out += find("create_row", target)
            if not later:
                id_source.setdefault(db_key, sid)
            return out
        return []  # create_root, update_database_title: nothing of this run before them

    out: list[Step] = []
    last_in_lane: dict[str, str] = {}
    barrier: str | None = None
    for position, (step, sid) in enumerate(zip(steps, ids, strict=True)):
        lane = lane_of(step, workspace)
        after = {d for d in needs(step, sid) if d != sid}
        if lane in last_in_lane:
            after.add(last_in_lane[lane])
        last_in_lane[lane] = sid
        if step.op not in OPS or step.op in RESTORES:
            # A step of an op the plan does not have (made by hand), its needs unknown, waits
            # for everything before it, and everything after waits for it: correct, if slow.
            after |= set(ids[:position])
            barrier = sid
        elif barrier is not None:
            after.add(barrier)
        late = [d for d in after if index[d] > index[sid]]
        if late:  # a planner bug, never a user error: plan order must stay a valid schedule
            raise AssertionError(f"step {sid} depends on later steps {late}")
        ordered = tuple(sorted(after, key=index.__getitem__))
        out.append(replace(step, id=sid, lane=lane, after=ordered))
    return tuple(out)
