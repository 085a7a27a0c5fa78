"""Read what already exists for a client, as a snapshot the pure planner compares against.

Reads only what the plan needs: the parent's children (to find the client's root page), the root's
children, one schema read and one view listing per existing database, and row or view look-ups
only where the blueprint has objects the registry does not know yet (a new blueprint version, or a
run that was killed before it saved its registry). Never search: Notion's search index lags behind
writes, so it is no proof of absence.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from notion_setup.lease import LEASE_CHILD_TYPE
from notion_setup.model import Workspace
from notion_setup.notion.endpoints import TITLE, NotionAPI, as_api
from notion_setup.notion.markdown import markdown_to_blocks
from notion_setup.notion.results import PropertySchema
from notion_setup.notion.transport import Transport
from notion_setup.observe_gone import gone_rows as find_gone_rows
from notion_setup.observe_gone import in_trash as trash_state
from notion_setup.observe_root import Child as Child
from notion_setup.observe_root import RootCache as RootCache
from notion_setup.observe_root import find_root as find_root
from notion_setup.observe_root import find_trashed_root, read_stored
from notion_setup.observe_root import list_children as list_children
from notion_setup.observe_root import read_registry as read_registry
from notion_setup.registry import Registry
from notion_setup.registry.codec import Damage

#: A property as Notion reports it (id, name, type, option names, the raw schema).
ObservedProperty = PropertySchema


@dataclass(frozen=True)
class ObservedDatabase:
    """A database the tool owns (registered or adopted by name)."""

    key: str
    database_id: str
    data_source_id: str
    title: str
    properties: tuple[ObservedProperty, ...]
    view_ids: tuple[str, ...]
    #: view name -> id, only read when a blueprint view is not in the registry.
    view_names: dict[str, str] | None = None
    #: row title -> page ids, only read when a blueprint row is not in the registry.
    rows_by_title: dict[str, list[str]] | None = None
    #: The database's own title (its block under the parent page), which users rename in the
    #: app; ``title`` is its data source's. Empty when not listed (a database in the trash).
    database_title: str = ""
    #: Moved to Notion's trash by hand (restored by ``apply``).
    in_trash: bool = False
    #: view id -> the view as Notion answers it, for every registered view (drift by hand).
    view_specs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def by_id(self, prop_id: str) -> ObservedProperty | None:
        """The property with this id."""
        return next((p for p in self.properties if p.id == prop_id), None)

    def by_name(self, name: str) -> ObservedProperty | None:
        """The property with this name."""
        return next((p for p in self.properties if p.name == name), None)


@dataclass(frozen=True)
class Observed:
    """Everything the planner knows about the client's existing workspace."""

    parent_id: str
    root_page_id: str | None = None
    registry: Registry | None = None
    registry_text: str | None = None
    #: Why the registry found in the root page could not be read whole (repaired by apply).
    registry_damage: Damage | None = None
    #: page id -> its child blocks, for every page the tool owns that was listed.
    children: dict[str, tuple[Child, ...]] = field(default_factory=dict)
    databases: dict[str, ObservedDatabase] = field(default_factory=dict)
    #: Identified objects: blueprint key -> Notion id.
    pages: dict[str, str] = field(default_factory=dict)
    views: dict[str, str] = field(default_factory=dict)  # "db.view"
    linked_views: dict[str, str] = field(default_factory=dict)  # "page.lv" -> view id
    #: "page.lv" -> the linked database block holding that view (registered with it).
    linked_blocks: dict[str, str] = field(default_factory=dict)
    templates: dict[str, str] = field(default_factory=dict)
    templates_page_id: str | None = None
    rows: dict[str, str] = field(default_factory=dict)  # "db.row"
    #: Starter rows created by an earlier run and deleted by hand since: not re-created
    #: unless asked (``--restore-rows``); "db.row" -> the id the registry holds.
    gone_rows: Mapping[str, str] = field(default_factory=dict)
    #: Pages of the blueprint moved to the trash by hand: key -> id (restored by ``apply``).
    trashed_pages: dict[str, str] = field(default_factory=dict)
    #: The root page itself is in the trash, with everything under it (restored by ``apply``).
    root_in_trash: bool = False

    @property
    def exists(self) -> bool:
        """Whether the client's root page exists."""
        return self.root_page_id is not None


def observe_database(
    api: NotionAPI,
    key: str,
    database_id: str,
    data_source_id: str,
    *,
    need_view_names: bool,
    need_rows: bool,
    read_views: frozenset[str] = frozenset(),
) -> ObservedDatabase:
    """Read one database's schema and views (and rows or view names when needed).

    ``read_views`` are the registered views to read whole (a view renamed or re-filtered by
    hand is only seen in the view itself: the listing gives ids).
    """
    source = api.data_sources.retrieve(data_source_id)
    view_ids = tuple(api.views.list(database_id))
    view_names: dict[str, str] | None = None
    specs: dict[str, Mapping[str, Any]] = {}
    for view_id in view_ids:
        if need_view_names or view_id in read_views:
            view = api.views.retrieve(view_id)
            specs[view_id] = view.raw
            if need_view_names:
                view_names = view_names if view_names is not None else {}
                view_names.setdefault(view.name, view_id)
    if need_view_names and view_names is None:
        view_names = {}
    rows: dict[str, list[str]] | None = None
    if need_rows:
        rows = {}
        for page in api.data_sources.query(data_source_id, properties=(TITLE,)):
            rows.setdefault(page.title, []).append(page.id)
    return ObservedDatabase(
        key=key,
        database_id=database_id,
        data_source_id=data_source_id,
        title=source.title,
        properties=source.properties,
        view_ids=view_ids,
        view_names=view_names,
        rows_by_title=rows,
        view_specs={v: specs[v] for v in view_ids if v in read_views and v in specs},
    )


def _starts_with_body(children: tuple[Child, ...], body: str) -> bool:
    """Whether a page's first blocks are the blueprint's root body (the tool wrote them)."""
    wanted = markdown_to_blocks(body) if body.strip() else []
    children = tuple(c for c in children if c.type != LEASE_CHILD_TYPE)  # a run's lease
    if not wanted:
        return not any(c.type not in ("child_page", "child_database", "toggle") for c in children)
    if not children:
        return False
    # A body longer than one create call is appended after it: a run killed in between left
    # only its first blocks.
    for child, block in zip(children, wanted, strict=False):
        kind = str(block.get("type", ""))
        if child.type != kind:
            return False
        rich = block.get(kind, {}).get("rich_text", [])
        text = "".join(str(r.get("text", {}).get("content", "")) for r in rich)
        if text and child.text != text:
            return False
    return True


def _adopt(children: tuple[Child, ...], kind: str, title: str, taken: set[str]) -> str | None:
    """The first child of that kind and title that nothing else has claimed."""
    for child in children:
        if child.type == kind and child.title == title and child.id not in taken:
            taken.add(child.id)
            return child.id
    return None


def observe(
    notion: Transport | NotionAPI,
    parent_id: str,
    workspace: Workspace,
    cache: RootCache | None = None,
    rewrite: Callable[[Registry], Registry] | None = None,
    *,
    fast: bool = False,
) -> Observed:
    """Read what exists of this client's workspace under ``parent_id``.

    Identifies every blueprint object by the registry first (ids survive renames), then by name
    under its expected parent (objects created by a run that stopped before saving its registry).
    ``rewrite`` maps the registry read to the one to identify with (an upgrade's renamed keys keep
    their Notion objects). ``fast`` leaves out the reads that only find hand edits (each view, the
    starter rows' query): a view changed by hand or a starter row deleted by hand go unseen.
    """
    api = as_api(notion)
    found = find_root(api, parent_id, workspace, cache)
    root_in_trash = found is None
    found = found or find_trashed_root(api, parent_id, workspace)
    if found is None:
        return Observed(parent_id=parent_id)
    root_id, registry, registry_text, root_children = found
    damage: Damage | None = None
    if registry is None:
        # Found by its title: a registry that is damaged (or gone) is repaired where it is.
        stored = read_stored(api, root_children)
        damage = stored.damage
        registry = Registry(workspace.client, workspace.blueprint, workspace.lang)
        registry.place = stored.place
        if not _starts_with_body(root_children, workspace.body):
            # A page someone made by hand with the root's title (a run killed before saving
            # its registry leaves the blueprint's body there): adopted, and ``destroy`` keeps it.
            registry.set("root", {"id": root_id, "adopted": True})
    elif rewrite is not None:
        registry = rewrite(registry)
    children: dict[str, tuple[Child, ...]] = {root_id: root_children}
    taken: set[str] = set()

    def kids(page_id: str) -> tuple[Child, ...]:
        if page_id not in children:
            children[page_id] = list_children(api, page_id)
        return children[page_id]

    #: Registered objects missing from their parent's listing, found in the trash.
    trashed: dict[str, str] = {}
    #: Child id -> its title in the parent's listing (a database's own title).
    listed_titles: dict[str, str] = {}

    def identify(reg_key: str, parent: str | None, kind: str, title: str) -> str | None:
        """The registered object if listed under its parent, else one adopted by name, else
        the registered object read by id: in the trash (restored by apply) or moved by hand.
        """
        known = registry.id(reg_key)
        if parent is not None:
            listing = kids(parent)
            for child in listing:
                listed_titles.setdefault(child.id, child.title)
            if known and any(c.id == known for c in listing):
                taken.add(known)
                return known
            adopted = _adopt(listing, kind, title, taken)
            if adopted:
                return adopted
        if not known or known in taken:
            return None
        if kind == "child_database":
            state = trash_state(lambda: api.databases.retrieve(known).in_trash)
        else:
            state = trash_state(lambda: api.pages.retrieve(known).in_trash)
        if state is None:
            return None  # deleted for good: created again
        if state:
            trashed[reg_key] = known
        taken.add(known)
        return known

    pages: dict[str, str] = {}
    for page in workspace.pages:  # parents come before their children in blueprint order
        parent = root_id if page.parent is None else pages.get(page.parent)
        page_id = identify(f"page:{page.key}", parent, "child_page", page.title)
        if page_id:
            pages[page.key] = page_id

    templates_page_id: str | None = None
    templates: dict[str, str] = {}
    if workspace.templates:
        templates_page_id = identify(
            "templates_page", root_id, "child_page", workspace.templates_page_title
        )
        for template in workspace.templates:
            reg_key = f"tpl:{template.key}"
            tid = identify(reg_key, templates_page_id, "child_page", template.workspace_title)
            if tid is None and template.title != template.workspace_title:
                # Written before template pages lost their {{month}}: found by the old title.
                tid = identify(reg_key, templates_page_id, "child_page", template.title)
            if tid:
                templates[template.key] = tid

    databases: dict[str, ObservedDatabase] = {}
    views: dict[str, str] = {}
    rows: dict[str, str] = {}
    gone_rows: dict[str, str] = {}
    for db in workspace.databases:
        parent = root_id if db.parent is None else pages.get(db.parent)
        reg_key = f"db:{db.key}"
        db_id = identify(reg_key, parent, "child_database", db.title)
        if not db_id:
            continue
        entry = registry.get(reg_key)
        db_title = listed_titles.get(db_id)
        if isinstance(entry, dict) and entry.get("id") == db_id and entry.get("ds"):
            ds_id = str(entry["ds"])
        else:
            database = api.databases.retrieve(db_id)
            db_title = database.title if db_title is None else db_title
            if not database.data_sources:
                continue
            ds_id = database.data_sources[0].id
        if db_title is None:  # not listed: in the trash or moved by hand
            db_title = api.databases.retrieve(db_id).title
        view_keys = {v.key: registry.id(f"view:{db.key}.{v.key}") for v in db.views}
        row_keys = {r.key: registry.id(f"row:{db.key}.{r.key}") for r in db.rows}
        title_key = db.title_property.key
        in_trash = reg_key in trashed
        ob = observe_database(
            api,
            db.key,
            db_id,
            ds_id,
            need_view_names=any(v is None for v in view_keys.values()),
            # Rows of a database in the trash cannot be queried; they come back with it.
            need_rows=not in_trash and any(r is None for r in row_keys.values()),
            read_views=frozenset() if fast else frozenset(v for v in view_keys.values() if v),
        )
        ob = replace(ob, database_title=db_title, in_trash=in_trash)
        databases[db.key] = ob
        present_views = set(ob.view_ids)
        for vkey, vid in view_keys.items():
            if vid and vid in present_views:
                views[f"{db.key}.{vkey}"] = vid
            elif vid is None and ob.view_names is not None:
                view = db.views[[v.key for v in db.views].index(vkey)]
                adopted = ob.view_names.get(view.name)
                if adopted and adopted not in views.values():
                    views[f"{db.key}.{vkey}"] = adopted
        registered_rows = {f"{db.key}.{k}": rid for k, rid in row_keys.items() if rid}
        # A registered row that is gone was deleted by hand: the plan reports it and apply
        # brings it back only when asked (``--restore-rows``).
        gone_here = {} if in_trash or fast else find_gone_rows(api, db, ob, registered_rows)
        gone_rows.update(gone_here)
        for row in db.rows:
            rkey = f"{db.key}.{row.key}"
            rid = row_keys[row.key]
            if rid is not None:
                if rkey not in gone_here:
                    rows[rkey] = rid
            elif ob.rows_by_title is not None:
                title = str(row.values.get(title_key, ""))
                candidates = [i for i in ob.rows_by_title.get(title, []) if i not in taken]
                if candidates:
                    taken.add(candidates[0])
                    rows[rkey] = candidates[0]

    linked: dict[str, str] = {}
    blocks: dict[str, str] = {}
    for page in workspace.pages:
        page_id = pages.get(page.key)
        if not page_id or not page.linked_views:
            continue
        listing = kids(page_id)
        for lv in page.linked_views:
            entry = registry.get(f"lv:{page.key}.{lv.key}")
            if isinstance(entry, dict) and any(c.id == entry.get("db") for c in listing):
                linked[f"{page.key}.{lv.key}"] = str(entry["id"])
                blocks[f"{page.key}.{lv.key}"] = str(entry["db"])
                taken.add(str(entry.get("db")))
                continue
            # Not registered: a linked database block on this page holding a view of that name.
            for child in listing:
                if child.type != "child_database" or child.id in taken:
                    continue
                for view_id in api.views.list(child.id):
                    if api.views.retrieve(view_id).name == lv.view.name:
                        linked[f"{page.key}.{lv.key}"] = view_id
                        blocks[f"{page.key}.{lv.key}"] = child.id
                        taken.add(child.id)
                        break
                if f"{page.key}.{lv.key}" in linked:
                    break

    return Observed(
        parent_id=parent_id,
        root_page_id=root_id,
        registry=registry,
        registry_text=registry_text,
        registry_damage=damage,
        children=children,
        databases=databases,
        pages=pages,
        views=views,
        linked_views=linked,
        linked_blocks=blocks,
        templates=templates,
        templates_page_id=templates_page_id,
        rows=rows,
        gone_rows=gone_rows,
        trashed_pages={k: v for k, v in trashed.items() if not k.startswith("db:")},
        root_in_trash=root_in_trash,
    )
