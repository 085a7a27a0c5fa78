"""The read phase of ``export``: every Notion read, into a frozen snapshot of the workspace.

Nothing here decides what a blueprint can hold (that is ``translate``'s job); it only walks the
page tree the way the translation needs it: the root page and its registry, child pages, the
templates page, databases with their data source, views, database templates and rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from notion_setup.lease import Lease, in_progress_warning, is_lease_block
from notion_setup.messages.vocabulary import kind_label
from notion_setup.notion.endpoints import NotionAPI
from notion_setup.observe import list_children, read_registry
from notion_setup.output import Reporter

#: Block types ``blocks_to_markdown`` renders and ``markdown_to_blocks`` reads back the same:
#: only their children are read (nested at most three deep).
MARKDOWN_BLOCKS = frozenset(
    {
        "paragraph",
        "heading_1",
        "heading_2",
        "heading_3",
        "bulleted_list_item",
        "numbered_list_item",
        "to_do",
        "quote",
        "callout",
        "divider",
        "code",
        "toggle",
        "table",
    }
)

Raw = Mapping[str, Any]


@dataclass(frozen=True)
class RowRead:
    """One row of a database: the page object as listed by the query, and its body blocks."""

    raw: Raw
    blocks: tuple[Raw, ...]


@dataclass(frozen=True)
class PropertyRead:
    """One property of a data source's schema (``raw`` is the schema entry)."""

    id: str
    name: str
    raw: Raw


@dataclass(frozen=True)
class DatabaseRead:
    """A ``child_database`` block: the database, its first data source, views and rows.

    ``owner`` is the database the data source belongs to: another one for a linked view.
    """

    id: str
    title: str
    raw: Raw
    description: str
    is_inline: bool
    source_count: int
    ds_id: str = ""
    owner: str = ""
    properties: tuple[PropertyRead, ...] = ()
    template_names: tuple[str, ...] = ()
    views: tuple[Raw, ...] = ()
    rows: tuple[RowRead, ...] = ()
    rows_cut: bool = False  # more rows than ``max_rows`` exist

    @property
    def linked(self) -> bool:
        """A linked view of a database elsewhere (its data source belongs to another one)."""
        return bool(self.owner) and self.owner != self.id


@dataclass(frozen=True)
class TemplateRead:
    """A page of the templates page that the registry names as the tool's template ``key``."""

    id: str
    key: str
    title: str
    raw: Raw
    blocks: tuple[Raw, ...]


@dataclass(frozen=True)
class TemplatesPageRead:
    """The page the tool keeps its templates under; ``others`` are the titles of anything else."""

    raw: Raw
    title: str
    templates: tuple[TemplateRead, ...]
    others: tuple[str, ...]


@dataclass(frozen=True)
class PageRead:
    """A page, its body blocks, and its child pages and databases in order."""

    id: str
    title: str
    raw: Raw
    blocks: tuple[Raw, ...]
    children: tuple[PageRead | DatabaseRead | TemplatesPageRead, ...]


@dataclass(frozen=True)
class Snapshot:
    """Everything ``export`` reads of a workspace, before any translation."""

    root: PageRead
    client: str | None  # the client's name, from the registry
    lang: str | None  # the workspace's language, from the registry
    max_rows: int
    rows_read: bool


class _Reader:
    def __init__(
        self,
        api: NotionAPI,
        rows: bool,
        max_rows: int,
        reporter: Reporter,
        on_language: Callable[[str], None] | None = None,
    ) -> None:
        self.api = api
        self.on_language = on_language
        self.rows = rows
        self.max_rows = max_rows
        self.reporter = reporter
        self.template_pages: dict[str, str] = {}  # page id -> template key (from the registry)
        self.templates_page_id: str | None = None

    def blocks(self, block_id: str, depth: int = 0) -> tuple[Raw, ...]:
        blocks: list[Raw] = []
        for listed in self.api.blocks.children(block_id):
            if is_lease_block(listed):
                continue  # a run's lease (notion_setup.lease): not part of the workspace
            block = dict(listed.raw)
            if listed.has_children and listed.type in MARKDOWN_BLOCKS and depth < 3:
                block["children"] = list(self.blocks(listed.id, depth + 1))
            blocks.append(block)
        return tuple(blocks)

    def snapshot(self, page_id: str) -> Snapshot:
        page = self.api.pages.retrieve(page_id)
        listed = list_children(self.api, page_id)
        holder = Lease(self.api, "", "en").live_holder(listed)
        if holder is not None:
            self.reporter.warn(in_progress_warning(holder))
        found = read_registry(self.api, listed)
        client = lang = None
        if found is not None:
            registry = found[0]
            client, lang = registry.client, registry.lang
            if self.on_language is not None and lang:
                self.on_language(lang)
            for key, value in registry.objects.items():
                if key.startswith("tpl:") and isinstance(value, str):
                    self.template_pages[value] = key.removeprefix("tpl:")
            tp = registry.objects.get("templates_page")
            self.templates_page_id = str(tp) if isinstance(tp, str) else None
        root = PageRead(page_id, page.title, page.raw, self.blocks(page_id), self.children(page_id))
        return Snapshot(root, client, lang, self.max_rows, self.rows)

    def children(self, page_id: str) -> tuple[PageRead | DatabaseRead | TemplatesPageRead, ...]:
        out: list[PageRead | DatabaseRead | TemplatesPageRead] = []
        for child in list_children(self.api, page_id):
            if child.type == "child_page" and child.id == self.templates_page_id:
                out.append(self.templates_page(child.id))
            elif child.type == "child_page":
                self.reporter.tick("read", f"{kind_label('page')} {child.title}")
                page = self.api.pages.retrieve(child.id)
                blocks = self.blocks(child.id)
                out.append(
                    PageRead(child.id, child.title, page.raw, blocks, self.children(child.id))
                )
            elif child.type == "child_database":
                out.append(self.database(child.id))
        return tuple(out)

    def templates_page(self, page_id: str) -> TemplatesPageRead:
        page = self.api.pages.retrieve(page_id)
        templates: list[TemplateRead] = []
        others: list[str] = []
        for child in list_children(self.api, page_id):
            if child.type == "child_page" and child.id in self.template_pages:
                blocks = self.blocks(child.id)
                raw = self.api.pages.retrieve(child.id).raw
                key = self.template_pages[child.id]
                templates.append(TemplateRead(child.id, key, child.title, raw, blocks))
            elif child.type in ("child_page", "child_database"):
                others.append(child.title)
        return TemplatesPageRead(page.raw, page.title, tuple(templates), tuple(others))

    def database(self, database_id: str) -> DatabaseRead:
        db = self.api.databases.retrieve(database_id)
        title = db.title or "Database"
        base = DatabaseRead(
            database_id, title, db.raw, db.description, db.is_inline, len(db.data_sources)
        )
        if not db.data_sources:
            return base
        ds = self.api.data_sources.retrieve(db.data_sources[0].id)
        views = tuple(self.api.views.retrieve(v).raw for v in self.api.views.list(database_id))
        owner = ds.database_id or database_id
        if owner != database_id:
            return replace(base, ds_id=ds.id, owner=owner, views=views)
        self.reporter.tick("read", f"{kind_label('database')} {title}")
        properties = tuple(PropertyRead(p.id, p.name, p.raw) for p in ds.properties)
        template_names = tuple(t.name for t in self.api.data_sources.templates(ds.id))
        rows: list[RowRead] = []
        cut = False
        if self.rows:
            every = tuple(p.id for p in properties)  # 2026-12-01 lists only titles else
            for row in self.api.data_sources.query(ds.id, properties=every):
                if len(rows) == self.max_rows:
                    cut = True
                    break
                rows.append(RowRead(row.raw, self.blocks(row.id)))
        return replace(
            base,
            ds_id=ds.id,
            owner=owner,
            properties=properties,
            template_names=template_names,
            views=views,
            rows=tuple(rows),
            rows_cut=cut,
        )


def read_workspace(
    api: NotionAPI,
    page_id: str,
    *,
    rows: bool,
    max_rows: int,
    reporter: Reporter,
    on_language: Callable[[str], None] | None = None,
) -> Snapshot:
    """Read the workspace under ``page_id`` (only reads are sent).

    ``on_language`` is told the language the registry records, as soon as it is read (the CLI
    then speaks it).

    Raises:
        NotionError: a read fails (the page is not shared with the integration...).
    """
    return _Reader(api, rows, max_rows, reporter, on_language).snapshot(page_id)
