"""Read what already exists for a client, as a snapshot the pure planner compares against.

Reads only what the plan needs: the parent's children (to find the client's root page), the root's
children, one schema read and one view listing per existing database, and row or view look-ups
only where the blueprint has objects the registry does not know yet (a new blueprint version, or a
run that was killed before it saved its registry). Never search: Notion's search index lags behind
writes, so it is no proof of absence.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from notion_setup.model import Workspace
from notion_setup.notion.endpoints import TITLE, NotionAPI, as_api
from notion_setup.notion.results import Block, PropertySchema
from notion_setup.notion.transport import Transport
from notion_setup.registry import TOGGLE_TITLE, Registry

#: A property as Notion reports it (id, name, type, option names, the raw schema).
ObservedProperty = PropertySchema


@dataclass(frozen=True)
class Child:
    """A child block of a page, as far as planning cares."""

    id: str
    type: str
    title: str  # child_page / child_database title, toggle text, else ""


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
    #: page id -> its child blocks, for every page the tool owns that was listed.
    children: dict[str, tuple[Child, ...]] = field(default_factory=dict)
    databases: dict[str, ObservedDatabase] = field(default_factory=dict)
    #: Identified objects: blueprint key -> Notion id.
    pages: dict[str, str] = field(default_factory=dict)
    views: dict[str, str] = field(default_factory=dict)  # "db.view"
    linked_views: dict[str, str] = field(default_factory=dict)  # "page.lv" -> view id
    templates: dict[str, str] = field(default_factory=dict)
    templates_page_id: str | None = None
    rows: dict[str, str] = field(default_factory=dict)  # "db.row"
    #: Starter rows created by an earlier run and deleted by hand since: not re-created.
    gone_rows: frozenset[str] = frozenset()

    @property
    def exists(self) -> bool:
        """Whether the client's root page exists."""
        return self.root_page_id is not None


def _child(block: Block) -> Child:
    title = block.text if block.type == "toggle" else block.title
    return Child(id=block.id, type=block.type, title=title)


def list_children(notion: Transport | NotionAPI, block_id: str) -> tuple[Child, ...]:
    """Every child block of a page or block, in order."""
    return tuple(_child(b) for b in as_api(notion).blocks.children(block_id))


def read_registry(
    notion: Transport | NotionAPI, children: tuple[Child, ...]
) -> tuple[Registry, str] | None:
    """Find and parse the registry toggle among a root page's children."""
    api = as_api(notion)
    for child in children:
        if child.type == "toggle" and child.title == TOGGLE_TITLE:
            for block in api.blocks.children(child.id):
                if block.type != "code":
                    continue
                registry = Registry.from_json(block.text)
                if registry is not None:
                    registry.code_block_id = block.id
                    return registry, block.text
    return None


@dataclass
class RootCache:
    """Client names of the root pages already read under a parent, shared by a batch's clients.

    Only the names are kept, so memory stays flat however many clients a parent holds; the
    matching client's root is read again when it is needed.
    """

    clients: dict[str, str] = field(default_factory=dict)  # root page id -> client name
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


def find_root(
    notion: Transport | NotionAPI,
    parent_id: str,
    workspace: Workspace,
    cache: RootCache | None = None,
) -> tuple[str, Registry | None, str | None, tuple[Child, ...]] | None:
    """Find the client's root page under the parent.

    A page whose registry names this client wins, whatever its title (users rename pages); then a
    page with the blueprint's root title and no registry (a first run killed before saving it).
    Returns (page id, registry, registry text, the page's children) or None.
    """
    api = as_api(notion)
    cache = cache or RootCache()
    candidates = [c for c in list_children(api, parent_id) if c.type == "child_page"]
    # Pages with the expected title first: the common case costs one listing.
    candidates.sort(key=lambda c: c.title != workspace.title)
    untitled_match: tuple[str, Registry | None, str | None, tuple[Child, ...]] | None = None
    for child in candidates:
        with cache.lock:
            known = cache.clients.get(child.id)
        if known is not None and known != workspace.client:
            continue  # another client's root, read before
        children = list_children(api, child.id)
        found = read_registry(api, children)
        registry, text = found if found else (None, None)
        if registry is not None:
            with cache.lock:
                cache.clients[child.id] = registry.client
            if registry.client == workspace.client:
                return child.id, registry, text, children
        elif child.title == workspace.title and untitled_match is None:
            untitled_match = (child.id, None, None, children)
    return untitled_match


def observe_database(
    api: NotionAPI,
    key: str,
    database_id: str,
    data_source_id: str,
    *,
    need_view_names: bool,
    need_rows: bool,
) -> ObservedDatabase:
    """Read one database's schema and views (and rows or view names when needed)."""
    source = api.data_sources.retrieve(data_source_id)
    view_ids = tuple(api.views.list(database_id))
    view_names: dict[str, str] | None = None
    if need_view_names:
        view_names = {}
        for view_id in view_ids:
            view_names.setdefault(api.views.retrieve(view_id).name, view_id)
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
    )


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
) -> Observed:
    """Read what exists of this client's workspace under ``parent_id``.

    Identifies every blueprint object by the registry first (ids survive renames), then by name
    under its expected parent (objects created by a run that stopped before saving its registry).
    ``rewrite`` maps the registry read to the one to identify with (an upgrade renames its keys
    as the blueprint's migrations say, so a renamed key keeps its Notion object).
    """
    api = as_api(notion)
    found = find_root(api, parent_id, workspace, cache)
    if found is None:
        return Observed(parent_id=parent_id)
    root_id, registry, registry_text, root_children = found
    if rewrite is not None and registry is not None:
        registry = rewrite(registry)
    registry = registry or Registry(workspace.client, workspace.blueprint, workspace.lang)
    children: dict[str, tuple[Child, ...]] = {root_id: root_children}
    taken: set[str] = set()

    def kids(page_id: str) -> tuple[Child, ...]:
        if page_id not in children:
            children[page_id] = list_children(api, page_id)
        return children[page_id]

    def identify(reg_key: str, parent: str | None, kind: str, title: str) -> str | None:
        if parent is None:
            return None
        listing = kids(parent)
        known = registry.id(reg_key)
        if known and any(c.id == known for c in listing):
            taken.add(known)
            return known
        return _adopt(listing, kind, title, taken)

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
    gone_rows: set[str] = set()
    for db in workspace.databases:
        parent = root_id if db.parent is None else pages.get(db.parent)
        db_id = identify(f"db:{db.key}", parent, "child_database", db.title)
        if not db_id:
            continue
        entry = registry.get(f"db:{db.key}")
        if isinstance(entry, dict) and entry.get("id") == db_id and entry.get("ds"):
            ds_id = str(entry["ds"])
        else:
            sources = api.databases.retrieve(db_id).data_sources
            if not sources:
                continue
            ds_id = sources[0].id
        view_keys = {v.key: registry.id(f"view:{db.key}.{v.key}") for v in db.views}
        row_keys = {r.key: registry.id(f"row:{db.key}.{r.key}") for r in db.rows}
        title_key = db.title_property.key
        ob = observe_database(
            api,
            db.key,
            db_id,
            ds_id,
            need_view_names=any(v is None for v in view_keys.values()),
            need_rows=any(r is None for r in row_keys.values()),
        )
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
        for row in db.rows:
            rkey = f"{db.key}.{row.key}"
            rid = row_keys[row.key]
            if rid is not None:
                # Registered rows are not re-read: a registered row that is gone was deleted
                # by hand and stays deleted; the plan reports it (see ``gone_rows``).
                if ob.rows_by_title is None or rid in {
                    i for ids in ob.rows_by_title.values() for i in ids
                }:
                    rows[rkey] = rid
                else:
                    gone_rows.add(rkey)
            elif ob.rows_by_title is not None:
                title = str(row.values.get(title_key, ""))
                candidates = [i for i in ob.rows_by_title.get(title, []) if i not in taken]
                if candidates:
                    taken.add(candidates[0])
                    rows[rkey] = candidates[0]

    linked: dict[str, str] = {}
    for page in workspace.pages:
        page_id = pages.get(page.key)
        if not page_id or not page.linked_views:
            continue
        listing = kids(page_id)
        for lv in page.linked_views:
            entry = registry.get(f"lv:{page.key}.{lv.key}")
            if isinstance(entry, dict) and any(c.id == entry.get("db") for c in listing):
                linked[f"{page.key}.{lv.key}"] = str(entry["id"])
                taken.add(str(entry.get("db")))
                continue
            # Not registered: a linked database block on this page holding a view of that name.
            for child in listing:
                if child.type != "child_database" or child.id in taken:
                    continue
                for view_id in api.views.list(child.id):
                    if api.views.retrieve(view_id).name == lv.view.name:
                        linked[f"{page.key}.{lv.key}"] = view_id
                        taken.add(child.id)
                        break
                if f"{page.key}.{lv.key}" in linked:
                    break

    return Observed(
        parent_id=parent_id,
        root_page_id=root_id,
        registry=registry,
        registry_text=registry_text,
        children=children,
        databases=databases,
        pages=pages,
        views=views,
        linked_views=linked,
        templates=templates,
        templates_page_id=templates_page_id,
        rows=rows,
        gone_rows=frozenset(gone_rows),
    )
