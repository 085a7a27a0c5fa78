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
from notion_setup.payloads import plain_text
from notion_setup.protocols import JSON, Reader
from notion_setup.registry import TOGGLE_TITLE, Registry


@dataclass(frozen=True)
class Child:
    """A child block of a page, as far as planning cares."""

    id: str
    type: str
    title: str  # child_page / child_database title, toggle text, else ""


@dataclass(frozen=True)
class ObservedProperty:
    """A property as Notion reports it."""

    id: str
    name: str
    type: str
    options: tuple[str, ...] = ()  # option names, for select / multi_select / status
    raw: JSON = field(default_factory=dict)


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


def _child(block: JSON) -> Child:
    kind = str(block.get("type", ""))
    title = ""
    if kind == "child_page":
        title = str(block.get("child_page", {}).get("title", ""))
    elif kind == "child_database":
        title = str(block.get("child_database", {}).get("title", ""))
    elif kind == "toggle":
        title = plain_text(block.get("toggle", {}).get("rich_text"))
    return Child(id=str(block["id"]), type=kind, title=title)


def list_children(reader: Reader, block_id: str) -> tuple[Child, ...]:
    """Every child block of a page or block, in order."""
    return tuple(_child(b) for b in reader.paginate("GET", f"blocks/{block_id}/children"))


def read_registry(reader: Reader, children: tuple[Child, ...]) -> tuple[Registry, str] | None:
    """Find and parse the registry toggle among a root page's children."""
    for child in children:
        if child.type == "toggle" and child.title == TOGGLE_TITLE:
            for block in reader.paginate("GET", f"blocks/{child.id}/children"):
                if block.get("type") != "code":
                    continue
                text = plain_text(block.get("code", {}).get("rich_text"))
                registry = Registry.from_json(text)
                if registry is not None:
                    registry.code_block_id = str(block["id"])
                    return registry, text
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
    reader: Reader, parent_id: str, workspace: Workspace, cache: RootCache | None = None
) -> tuple[str, Registry | None, str | None, tuple[Child, ...]] | None:
    """Find the client's root page under the parent.

    A page whose registry names this client wins, whatever its title (users rename pages); then a
    page with the blueprint's root title and no registry (a first run killed before saving it).
    Returns (page id, registry, registry text, the page's children) or None.
    """
    cache = cache or RootCache()
    candidates = [c for c in list_children(reader, parent_id) if c.type == "child_page"]
    # Pages with the expected title first: the common case costs one listing.
    candidates.sort(key=lambda c: c.title != workspace.title)
    untitled_match: tuple[str, Registry | None, str | None, tuple[Child, ...]] | None = None
    for child in candidates:
        with cache.lock:
            known = cache.clients.get(child.id)
        if known is not None and known != workspace.client:
            continue  # another client's root, read before
        children = list_children(reader, child.id)
        found = read_registry(reader, children)
        registry, text = found if found else (None, None)
        if registry is not None:
            with cache.lock:
                cache.clients[child.id] = registry.client
            if registry.client == workspace.client:
                return child.id, registry, text, children
        elif child.title == workspace.title and untitled_match is None:
            untitled_match = (child.id, None, None, children)
    return untitled_match


def _observed_property(name: str, raw: JSON) -> ObservedProperty:
    kind = str(raw.get("type", ""))
    options: tuple[str, ...] = ()
    if kind in ("select", "multi_select", "status"):
        options = tuple(str(o.get("name", "")) for o in raw.get(kind, {}).get("options", []))
    return ObservedProperty(
        id=str(raw.get("id", "")), name=name, type=kind, options=options, raw=raw
    )


def observe_database(
    reader: Reader,
    key: str,
    database_id: str,
    data_source_id: str,
    *,
    need_view_names: bool,
    need_rows: bool,
    title_name: Callable[[tuple[ObservedProperty, ...]], str | None],
) -> ObservedDatabase:
    """Read one database's schema and views (and rows or view names when needed)."""
    source = reader.read("GET", f"data_sources/{data_source_id}")
    props = tuple(
        _observed_property(name, raw) for name, raw in (source.get("properties") or {}).items()
    )
    view_ids = tuple(
        str(v["id"]) for v in reader.paginate("GET", "views", query={"database_id": database_id})
    )
    view_names: dict[str, str] | None = None
    if need_view_names:
        view_names = {}
        for view_id in view_ids:
            view = reader.read("GET", f"views/{view_id}")
            view_names.setdefault(str(view.get("name", "")), view_id)
    rows: dict[str, list[str]] | None = None
    if need_rows:
        rows = {}
        title_prop = title_name(props)
        for page in reader.paginate("POST", f"data_sources/{data_source_id}/query", body={}):
            values = page.get("properties", {})
            title = plain_text(values.get(title_prop, {}).get("title")) if title_prop else ""
            rows.setdefault(title, []).append(str(page["id"]))
    return ObservedDatabase(
        key=key,
        database_id=database_id,
        data_source_id=data_source_id,
        title=plain_text(source.get("title")),
        properties=props,
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
    reader: Reader, parent_id: str, workspace: Workspace, cache: RootCache | None = None
) -> Observed:
    """Read what exists of this client's workspace under ``parent_id``.

    Identifies every blueprint object by the registry first (ids survive renames), then by name
    under its expected parent (objects created by a run that stopped before saving its registry).
    """
    found = find_root(reader, parent_id, workspace, cache)
    if found is None:
        return Observed(parent_id=parent_id)
    root_id, registry, registry_text, root_children = found
    registry = registry or Registry(workspace.client, workspace.blueprint, workspace.lang)
    children: dict[str, tuple[Child, ...]] = {root_id: root_children}
    taken: set[str] = set()

    def kids(page_id: str) -> tuple[Child, ...]:
        if page_id not in children:
            children[page_id] = list_children(reader, page_id)
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
            tid = identify(f"tpl:{template.key}", templates_page_id, "child_page", template.title)
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
            sources = reader.read("GET", f"databases/{db_id}").get("data_sources") or []
            if not sources:
                continue
            ds_id = str(sources[0]["id"])
        view_keys = {v.key: registry.id(f"view:{db.key}.{v.key}") for v in db.views}
        row_keys = {r.key: registry.id(f"row:{db.key}.{r.key}") for r in db.rows}
        title_key = db.title_property.key

        def title_prop(props: tuple[ObservedProperty, ...]) -> str | None:
            return next((p.name for p in props if p.type == "title"), None)

        ob = observe_database(
            reader,
            db.key,
            db_id,
            ds_id,
            need_view_names=any(v is None for v in view_keys.values()),
            need_rows=any(r is None for r in row_keys.values()),
            title_name=title_prop,
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
                for item in reader.paginate("GET", "views", query={"database_id": child.id}):
                    detail = reader.read("GET", f"views/{item['id']}")
                    if detail.get("name") == lv.view.name:
                        linked[f"{page.key}.{lv.key}"] = str(item["id"])
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
