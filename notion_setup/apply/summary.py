"""What a run did, and the client's objects in tree order for the summaries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from notion_setup.messages.vocabulary import kind_label
from notion_setup.model import Workspace
from notion_setup.notion.results import object_url
from notion_setup.registry import Registry


@dataclass(frozen=True)
class CreatedObject:
    """An object of the workspace with its Notion id and URL, for the summary."""

    kind: str
    key: str
    name: str
    id: str
    url: str
    parent: str | None = None  # key of the containing object, for the tree


@dataclass
class ApplyResult:
    """What a run did."""

    root_page_id: str
    root_url: str
    created: int = 0
    updated: int = 0
    removed: int = 0
    objects: list[CreatedObject] = field(default_factory=list)


def workspace_objects(
    workspace: Workspace, registry: Registry, urls: Mapping[str, str] | None = None
) -> list[CreatedObject]:
    """The client's pages and databases with ids and URLs, in tree order, for summaries."""
    urls = urls or {}
    out: list[CreatedObject] = []

    def add(kind: str, key: str, name: str, object_id: str | None, parent: str | None) -> None:
        if object_id:
            out.append(
                CreatedObject(
                    kind, key, name, object_id, object_url(object_id, urls.get(key)), parent
                )
            )

    for page in workspace.pages:
        add("page", page.key, page.title, registry.id(f"page:{page.key}"), page.parent)
    for db in workspace.databases:
        add("database", db.key, db.title, registry.id(f"db:{db.key}"), db.parent)
    if workspace.templates:
        add(
            "templates_page",
            "templates",
            workspace.templates_page_title,
            registry.id("templates_page"),
            None,
        )
        for template in workspace.templates:
            add(
                "template",
                template.key,
                template.workspace_title,
                registry.id(f"tpl:{template.key}"),
                "templates",
            )
    return out


def _label(kind: str, name: str) -> str:
    return f"{kind_label(kind)} {name}"
