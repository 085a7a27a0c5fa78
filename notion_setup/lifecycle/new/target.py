"""The database ``new`` writes into: the client's ids for it, the picked template, the create.

Properties are addressed by their registered ids, so renames made by hand in Notion do not
break ``new``; a create that failed ambiguously adopts the page it made meanwhile.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from notion_setup.errors import UsageError
from notion_setup.lifecycle.new.values import by_key_or_name
from notion_setup.model import Database, Property, Template, Workspace
from notion_setup.notion import payloads
from notion_setup.notion.endpoints import TITLE, NotionAPI, as_api
from notion_setup.notion.results import Page
from notion_setup.notion.transport import JSON, Transport
from notion_setup.registry import Registry


@dataclass(frozen=True)
class NewPage:
    """The page ``new`` created."""

    client: str
    database: str  # database key
    database_title: str
    title: str
    id: str
    url: str
    source: str  # "blueprint" or "notion"
    template: str  # blueprint template key, or the Notion template's name
    values: Mapping[str, str] = field(default_factory=dict)  # property name -> value as set
    template_applied: bool = True
    warnings: tuple[str, ...] = ()

    def to_json(self) -> JSON:
        """Machine-readable form (stable keys)."""
        return {
            "client": self.client,
            "database": self.database,
            "database_title": self.database_title,
            "title": self.title,
            "id": self.id,
            "url": self.url,
            "source": self.source,
            "template": self.template,
            "values": dict(self.values),
            "template_applied": self.template_applied,
            "warnings": list(self.warnings),
        }


@dataclass
class Context:
    """The client's workspace as ``new`` needs it."""

    api: NotionAPI
    workspace: Workspace
    registry: Registry
    database: Database
    database_id: str
    data_source_id: str

    def prop_key(self, prop: Property) -> str:
        """The key to send a property under: its registered id, else its name."""
        if prop.type == "title":
            return "title"
        return self.registry.id(f"prop:{self.database.key}.{prop.key}") or prop.name

    def find_rows(self, prop: Property, text: str) -> list[str]:
        """Ids of the rows a relation value names: a starter row key, else an exact title."""
        target_key = prop.relation_target or ""
        by_key = self.registry.id(f"row:{target_key}.{text}")
        if by_key:
            return [by_key]
        entry = self.registry.get(f"db:{target_key}")
        if not isinstance(entry, dict) or not entry.get("ds"):
            return []
        target = self.workspace.database(target_key)
        query = payloads.title_equals(target.title_property.name, text)
        rows = self.api.data_sources.query(str(entry["ds"]), properties=(TITLE,), filter=query)
        return [row.id for row in rows]

    def titled(self, title: str) -> list[str]:
        """Ids of the rows that have this exact title."""
        query = payloads.title_equals(self.database.title_property.name, title)
        rows = self.api.data_sources.query(self.data_source_id, properties=(TITLE,), filter=query)
        return [row.id for row in rows]


def workspace_context(
    notion: Transport | NotionAPI, workspace: Workspace, registry: Registry, database_key: str
) -> Context:
    """The ids of one database of the client's workspace, from its registry.

    Raises:
        UsageError: the database is not in the workspace (its module was left out).
    """
    database = workspace.database(database_key)
    entry = registry.get(f"db:{database_key}")
    if not isinstance(entry, dict) or not entry.get("id") or not entry.get("ds"):
        raise UsageError(
            f"the {database.title} database is not in {workspace.client}'s workspace",
            hint=f"add it with `notion-setup apply {workspace.blueprint} --client "
            f'"{workspace.client}"` (its module may have been left out with --only/--without)',
        )
    return Context(
        as_api(notion), workspace, registry, database, str(entry["id"]), str(entry["ds"])
    )


def pick_template(workspace: Workspace, name: str) -> Template:
    """The blueprint template with this key (or this title, case-insensitive).

    Raises:
        UsageError: none; the message lists the templates.
    """
    template = by_key_or_name(workspace.templates, name, lambda t: t.title)
    if template is not None:
        return template
    known = ", ".join(t.key for t in workspace.templates) or "none"
    raise UsageError(
        f"no template {name!r} in the {workspace.blueprint} blueprint",
        hint=f"templates: {known}",
    )


def pick_database(workspace: Workspace, name: str) -> Database:
    """The database ``--notion-template`` targets: a template key's database, a key or a title.

    Raises:
        UsageError: none matches; the message lists the databases.
    """
    for template in workspace.templates:
        if template.key == name:
            return workspace.database(template.database)
    folded = name.casefold()
    for database in workspace.databases:
        if database.key == name or database.title.casefold() == folded:
            return database
    known = ", ".join(f"{d.key} ({d.title})" for d in workspace.databases)
    raise UsageError(
        f"no database or template {name!r} in the {workspace.blueprint} blueprint",
        hint=f"with --notion-template, name the database: {known}",
    )


def create_page(
    ctx: Context,
    properties: JSON,
    title: str,
    path: str,
    *,
    children: list[JSON] | None = None,
    icon: JSON | None = None,
    template: JSON | None = None,
) -> Page:
    """Create the page; after an ambiguous failure adopt a page with this title made meanwhile."""
    before = set(ctx.titled(title)) if title else set()

    def find() -> str | None:
        if not title:
            return None
        fresh = [i for i in ctx.titled(title) if i not in before]
        return fresh[0] if fresh else None

    return ctx.api.pages.create(
        parent=payloads.data_source_parent(ctx.data_source_id),
        properties=properties,
        children=children,
        icon=icon,
        template=template,
        find_existing=find,
        blueprint_path=path,
    )
