"""The typed endpoint layer: the only place in the tool that knows Notion's paths.

In the spirit of notion-sdk-py's ``api_endpoints.py``: one namespace per kind of object
(``pages``, ``databases``, ``data_sources``, ``views``, ``blocks``, ``users``, ``search``); each
method names its arguments, sends one request (or one bounded listing) through the transport
(``gateway.NotionGateway``: pacing, retries, redaction) and parses the answer once into a frozen
result of ``results.py``. Request bodies are made of the pieces ``payloads.py`` builds; the
methods here only put them in the envelope Notion documents.

Writes under one parent are serialised by the gateway (Notion answers 409 otherwise): a create
locks its parent, an update the object itself unless the caller names another ``lock``.
A create that failed ambiguously asks the caller's ``find_existing`` (the id of the object it
made, found under its known parent) instead of sending it twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from notion_setup.notion.gateway import NOTION_VERSION
from notion_setup.notion.namespace import (
    FindBlocks,
    FindId,
    Namespace,
    found_blocks,
    parent_id_of,
    pick,
)
from notion_setup.notion.pagination import MAX_PAGES
from notion_setup.notion.results import (
    Block,
    Database,
    DataSource,
    Page,
    Shape,
    Template,
    User,
    View,
    parse_block,
    parse_data_source,
    parse_database,
    parse_page,
    parse_template,
    parse_user,
    parse_view,
)
from notion_setup.notion.transport import JSON, Capability, Transport

#: The id of a data source's title property (Notion gives every title property this id).
TITLE = "title"


#: Returns the view an ambiguous create made (read to recognise it), or None when it is not there.
FindView = Callable[[], View | None]


class Pages(Namespace):
    """``/v1/pages``: pages and rows."""

    def create(
        self,
        *,
        parent: JSON,
        properties: JSON,
        children: list[JSON] | None = None,
        icon: JSON | None = None,
        template: JSON | None = None,
        find_existing: FindId | None = None,
        blueprint_path: str | None = None,
    ) -> Page:
        """Create a page under ``parent`` (a page or a data source); see ``payloads``."""
        body = pick(
            parent=parent, properties=properties, children=children, icon=icon, template=template
        )
        return self._create(
            "pages",
            parse_page,
            body=body,
            lock=parent_id_of(parent),
            find_existing=find_existing,
            blueprint_path=blueprint_path,
        )

    def retrieve(self, page_id: str) -> Page:
        """One page."""
        return self._get(f"pages/{page_id}", parse_page)

    def update(
        self,
        page_id: str,
        *,
        properties: JSON | None = None,
        in_trash: bool | None = None,
        lock: str | None = None,
        blueprint_path: str | None = None,
    ) -> Page:
        """Change a page's properties, or move it to (or out of) the trash; repeatable."""
        return self._update(
            f"pages/{page_id}",
            parse_page,
            body=pick(properties=properties, in_trash=in_trash),
            lock=lock or page_id,
            blueprint_path=blueprint_path,
        )

    def trash(
        self, page_id: str, *, lock: str | None = None, blueprint_path: str | None = None
    ) -> Page:
        """Move a page (and everything under it) to the trash."""
        return self.update(page_id, in_trash=True, lock=lock, blueprint_path=blueprint_path)


class Databases(Namespace):
    """``/v1/databases``: the containers of data sources."""

    def create(
        self,
        *,
        parent: JSON,
        title: list[JSON],
        properties: JSON,
        description: list[JSON] | None = None,
        icon: JSON | None = None,
        is_inline: bool | None = None,
        find_existing: FindId | None = None,
        blueprint_path: str | None = None,
    ) -> Database:
        """Create a database whose first data source has ``properties`` (name -> config).

        An ambiguous create adopted by ``find_existing`` gives only an id: the database is then
        read, so the result always names its data sources.
        """
        body = pick(
            parent=parent,
            title=title,
            is_inline=is_inline,
            initial_data_source={"properties": properties},
            description=description,
            icon=icon,
        )
        created = self._create(
            "databases",
            parse_database,
            body=body,
            lock=parent_id_of(parent),
            find_existing=find_existing,
            blueprint_path=blueprint_path,
        )
        return created if created.data_sources else self.retrieve(created.id)

    def retrieve(self, database_id: str) -> Database:
        """One database, with the data sources it holds."""
        return self._get(f"databases/{database_id}", parse_database)

    def update(
        self,
        database_id: str,
        *,
        title: list[JSON] | None = None,
        in_trash: bool | None = None,
        lock: str | None = None,
        blueprint_path: str | None = None,
    ) -> Database:
        """Rename a database, or move it to (or out of) the trash; repeatable."""
        return self._update(
            f"databases/{database_id}",
            parse_database,
            body=pick(title=title, in_trash=in_trash),
            lock=lock or database_id,
            blueprint_path=blueprint_path,
        )

    def trash(self, database_id: str, *, blueprint_path: str | None = None) -> Database:
        """Move a database (rows included) to the trash."""
        return self.update(database_id, in_trash=True, blueprint_path=blueprint_path)


class DataSources(Namespace):
    """``/v1/data_sources``: schemas, rows and database templates."""

    def retrieve(self, data_source_id: str) -> DataSource:
        """One data source with its schema."""
        return self._get(f"data_sources/{data_source_id}", parse_data_source)

    def update(
        self,
        data_source_id: str,
        *,
        properties: JSON | None = None,
        title: list[JSON] | None = None,
        blueprint_path: str | None = None,
    ) -> DataSource:
        """Add, rename, retype or remove properties (``None`` removes), or rename; repeatable."""
        return self._update(
            f"data_sources/{data_source_id}",
            parse_data_source,
            body=pick(properties=properties, title=title),
            lock=data_source_id,
            blueprint_path=blueprint_path,
        )

    def query(
        self,
        data_source_id: str,
        *,
        properties: Sequence[str],
        filter: JSON | None = None,
    ) -> Iterator[Page]:
        """Every row (page) of a data source, optionally filtered.

        ``properties`` are the ids of the properties to return (``filter_properties``;
        ``TITLE`` when only titles and ids are needed). Without it 2026-12-01 returns only the
        title; the upgrade guide has callers send it on 2026-03-11 already, so both versions
        answer the same. ``result_type: "page"`` leaves out a wiki's child data sources.
        """
        return self._each(
            "POST",
            f"data_sources/{data_source_id}/query",
            parse_page,
            query={"filter_properties": list(properties)},
            body=pick(filter=filter, result_type="page"),
        )

    def templates(self, data_source_id: str, *, name: str | None = None) -> Iterator[Template]:
        """The database templates made in the Notion app (``name`` filters by name)."""
        return self._each(
            "GET",
            f"data_sources/{data_source_id}/templates",
            parse_template,
            query=pick(name=name),
            key="templates",
        )


class Views(Namespace):
    """``/v1/views``: table, board, calendar, timeline, gallery, list and chart views."""

    def list(self, database_id: str) -> Iterator[str]:
        """The ids of a database's views, in Notion's order."""
        return self._each("GET", "views", Shape.id, query={"database_id": database_id})

    def retrieve(self, view_id: str) -> View:
        """One view with its configuration, filter and sorts."""
        return self._get(f"views/{view_id}", parse_view)

    def create(
        self,
        *,
        data_source_id: str,
        type: str,
        spec: JSON,
        database_id: str | None = None,
        create_database: JSON | None = None,
        lock: str | None,
        find_existing: FindView | None = None,
        blueprint_path: str | None = None,
    ) -> View:
        """Create a view of a database, or a linked database block holding one.

        ``spec`` is ``payloads.view_body`` (name, configuration, filter, sorts). An ambiguous
        create is adopted from the view ``find_existing`` read to recognise it (by its name), so
        it is not read a second time; a create answer without its database is read back.
        """
        adopted: list[View] = []

        def lookup() -> str | None:
            view = find_existing() if find_existing is not None else None
            if view is None:
                return None
            adopted.append(view)
            return view.id

        body = {
            **pick(
                database_id=database_id,
                data_source_id=data_source_id,
                type=type,
                create_database=create_database,
            ),
            **spec,
        }
        view = self._create(
            "views",
            parse_view,
            body=body,
            lock=lock,
            find_existing=lookup if find_existing is not None else None,
            blueprint_path=blueprint_path,
        )
        if view.database_id:
            return view
        return next((v for v in adopted if v.id == view.id and v.database_id), None) or (
            self.retrieve(view.id)
        )

    def update(
        self, view_id: str, spec: JSON, *, lock: str | None, blueprint_path: str | None = None
    ) -> View:
        """Replace a view's name, configuration, filter and sorts; repeatable."""
        return self._update(
            f"views/{view_id}", parse_view, body=spec, lock=lock, blueprint_path=blueprint_path
        )

    def delete(self, view_id: str, *, lock: str | None, blueprint_path: str | None = None) -> None:
        """Delete a view (repeatable: a view already gone is a 404 the caller may ignore)."""
        self._write(
            "DELETE",
            f"views/{view_id}",
            lock=lock,
            blueprint_path=blueprint_path,
            capability=Capability.UPDATE,
        )


class Blocks(Namespace):
    """``/v1/blocks``: page content."""

    def children(self, block_id: str) -> Iterator[Block]:
        """Every child block of a page or block, in order."""
        return self._each("GET", f"blocks/{block_id}/children", parse_block)

    def first_child(self, block_id: str) -> Block | None:
        """The first child block, in one request (is the page empty?)."""
        path = f"blocks/{block_id}/children"
        shape = self._shape("GET", path)
        answer = shape.obj(self._read("GET", path, query={"page_size": 1}))
        items = shape.items(answer.get("results"), "results")
        return parse_block(shape, items[0], "results[0]") if items else None

    def append(
        self,
        block_id: str,
        children: list[JSON],
        *,
        position: JSON | None = None,
        find_existing: FindBlocks | None = None,
        blueprint_path: str | None = None,
    ) -> tuple[Block, ...]:
        """Append blocks to a page or block; returns what Notion lists as appended."""
        path = f"blocks/{block_id}/children"
        answer = self._write(
            "PATCH",
            path,
            body=pick(children=children, position=position),
            lock=block_id,
            find_existing=found_blocks(find_existing),
            blueprint_path=blueprint_path,
            capability=Capability.INSERT,
        )
        shape = self._shape("PATCH", path)
        items = shape.items(shape.obj(answer).get("results"), "results")
        return tuple(parse_block(shape, item, f"results[{i}]") for i, item in enumerate(items))

    def update(
        self, block_id: str, *, type: str, content: JSON, blueprint_path: str | None = None
    ) -> Block:
        """Replace the content of a block of ``type`` (``{"code": {...}}``); repeatable."""
        return self._update(
            f"blocks/{block_id}",
            parse_block,
            body={type: content},
            lock=block_id,
            blueprint_path=blueprint_path,
        )

    def delete(
        self, block_id: str, *, lock: str | None = None, blueprint_path: str | None = None
    ) -> None:
        """Move a block to the trash (``DELETE /v1/blocks/{id}``; repeatable)."""
        self._write(
            "DELETE",
            f"blocks/{block_id}",
            capability=Capability.UPDATE,
            lock=lock or block_id,
            idempotent=True,
            blueprint_path=blueprint_path,
        )


class Users(Namespace):
    """``/v1/users``."""

    def me(self) -> User:
        """The bot user of the token."""
        return self._get("users/me", parse_user)

    def list(self) -> Iterator[User]:
        """Every user of the workspace the token sees: its members (guests are not listed)
        and bots (``GET /v1/users``, paginated).
        """
        return self._each("GET", "users", parse_user)


class Search(Namespace):
    """``/v1/search``: by title, across what the integration can see.

    The tool never uses search to prove that something is absent (Notion's index lags behind
    writes); only for look-ups where a miss is harmless.
    """

    def pages(self, query: str, *, in_trash: bool = False) -> Iterator[Page]:
        """Pages whose title contains ``query``; with ``in_trash``, the pages in the trash.

        Only titles are read, which is all 2026-12-01 returns by default: no ``filter_properties``
        (the SDK's search types do not have it; strict reading: not sent). ``in_trash`` goes in
        the filter object beside ``property`` and ``value``, as SDKJS ``search.ts`` declares it
        (notion-api.md §1.3), and is sent only when asked.
        """
        flt: JSON = {"property": "object", "value": "page"}
        if in_trash:
            flt["in_trash"] = True
        return self._each("POST", "search", parse_page, body={"query": query, "filter": flt})


class NotionAPI:
    """Notion's API as typed namespaces over one transport (``NotionGateway``)."""

    def __init__(self, transport: Transport, *, max_pages: int = MAX_PAGES) -> None:
        """Wrap ``transport``; ``max_pages`` bounds every listing (see ``pagination``)."""
        self.transport = transport
        self.max_pages = max_pages
        self.lang = str(getattr(transport, "lang", "en"))
        #: the API version the transport declares (``gateway.NOTION_VERSIONS``).
        self.version = str(getattr(transport, "notion_version", NOTION_VERSION))
        self.pages = Pages(self)
        self.databases = Databases(self)
        self.data_sources = DataSources(self)
        self.views = Views(self)
        self.blocks = Blocks(self)
        self.users = Users(self)
        self.search = Search(self)

    @property
    def stats(self) -> Any:
        """The transport's ``CallStats`` (None for a transport without any)."""
        return getattr(self.transport, "stats", None)

    def __repr__(self) -> str:
        return f"NotionAPI({self.transport!r})"


def as_api(connection: Transport | NotionAPI) -> NotionAPI:
    """The endpoint layer over a gateway (or the one given)."""
    return connection if isinstance(connection, NotionAPI) else NotionAPI(connection)
