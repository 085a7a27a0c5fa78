"""Page titles and view names the blueprint changed between two resolutions of it.

``plan`` finds pages by the registry and leaves an existing page's title alone, so an upgrade (new
version) or a ``--relang`` (other language) renames them here, after the plan ran: the root page,
the templates page and its template pages, and each page whose title in the old resolution
differs from the new one. A page a user renamed by hand is part of the three-way view
(``TitleChange.by_hand``): reported, and overwritten only when the blueprint renamed it too.

Views are the plan's: it compares each view's name with the blueprint's and puts it back
(``plan.view_diff``, issue 12), whether the blueprint renamed it or a user did. Here they are only
reported in the three-way view, from the view the planner read (no read of their own), and
always as overwritten.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

from notion_setup.fleet.migrate import original_key
from notion_setup.model import KeyChanges, Keyed, MigrationKind, Workspace
from notion_setup.notion import payloads
from notion_setup.notion.endpoints import NotionAPI, as_api
from notion_setup.notion.transport import Transport
from notion_setup.observe import Observed

TitleKind = Literal["page", "view"]
K = TypeVar("K", bound=Keyed)


@dataclass(frozen=True)
class TitleChange:
    """A page title or view name: in the old blueprint, in the new one, and in the workspace."""

    kind: TitleKind
    key: str  # "root", "templates_page", a page key, or "<db>.<view>"
    object_id: str
    old: str
    new: str
    live: str

    @property
    def renames(self) -> bool:
        """This module writes the new title: a page the blueprint renamed, not renamed yet."""
        return self.kind == "page" and self.old != self.new and self.live != self.new

    @property
    def overwritten(self) -> bool:
        """The upgrade leaves the blueprint's new title in place of the live one.

        A view always: the plan puts its name back. A page only when the blueprint renamed it.
        """
        if self.kind == "view":
            return self.live != self.new
        return self.renames

    @property
    def by_hand(self) -> bool:
        """A user changed it: the live title is neither the old nor the new blueprint's."""
        return self.live not in (self.old, self.new)


def _live_titles(observed: Observed) -> dict[str, str]:
    return {c.id: c.title for kids in observed.children.values() for c in kids}


def _pages(
    old: Workspace, new: Workspace, keys: KeyChanges, observed: Observed
) -> Iterator[tuple[str, str, str, str]]:
    """(key, object id, old title, new title) of the pages the workspace has."""
    if observed.root_page_id:
        yield "root", observed.root_page_id, old.title, new.title
    if observed.templates_page_id:
        yield (
            "templates_page",
            observed.templates_page_id,
            old.templates_page_title,
            new.templates_page_title,
        )
    for before, page, page_id in _kept(keys, "pages", old.pages, new.pages, observed.pages):
        yield page.key, page_id, before.title, page.title
    templates = _kept(keys, "templates", old.templates, new.templates, observed.templates)
    for was, template, page_id in templates:
        yield f"templates.{template.key}", page_id, was.workspace_title, template.workspace_title


def _kept(
    keys: KeyChanges,
    kind: MigrationKind,
    old_items: Sequence[K],
    new_items: Sequence[K],
    ids: Mapping[str, str],
) -> Iterator[tuple[K, K, str]]:
    """(old version, new version, id) of each object of both versions the workspace has.

    An object is matched to its old version through its migrated key (``original_key``).
    """
    old_by_key = {item.key: item for item in old_items}
    for item in new_items:
        origin = original_key(keys, kind, item.key, list(old_by_key))
        before = old_by_key.get(origin) if origin else None
        object_id = ids.get(item.key)
        if before is not None and object_id:
            yield before, item, object_id


def title_changes(
    old: Workspace,
    new: Workspace,
    keys: KeyChanges,
    observed: Observed,
    root_title: str | None = None,
) -> list[TitleChange]:
    """Pages whose title the blueprint changed or a user changed by hand, and views of both
    versions of the blueprint that a user renamed by hand or the blueprint renames.

    ``root_title``: the root page's title as the parent's listing shows it. Reads nothing: the
    other titles are in ``observed``.
    """
    out: list[TitleChange] = []
    live = _live_titles(observed)
    if observed.root_page_id and root_title is not None:
        live[observed.root_page_id] = root_title
    for key, page_id, before, after in _pages(old, new, keys, observed):
        seen = live.get(page_id)
        if seen is not None and (seen != before or before != after):
            out.append(TitleChange("page", key, page_id, before, after, seen))
    old_dbs = {db.key: db for db in old.databases}
    for db in new.databases:
        origin = original_key(keys, "databases", db.key, list(old_dbs))
        before_db = old_dbs.get(origin) if origin else None
        seen_db = observed.databases.get(db.key)
        if before_db is None or seen_db is None:
            continue
        old_views = {v.key: v for v in before_db.views}
        for view in db.views:
            vorigin = original_key(
                keys, "views", f"{db.key}.{view.key}", [f"{before_db.key}.{k}" for k in old_views]
            )
            old_view = old_views.get(vorigin.partition(".")[2]) if vorigin else None
            view_id = observed.views.get(f"{db.key}.{view.key}")
            spec = seen_db.view_specs.get(view_id) if view_id else None
            if old_view is None or view_id is None or spec is None:
                continue
            name = str(spec.get("name", ""))
            if name == view.name and old_view.name == view.name:
                continue
            out.append(
                TitleChange(
                    "view",
                    f"{db.key}.{view.key}",
                    view_id,
                    old_view.name,
                    view.name,
                    name,
                )
            )
    return out


def _path(change: TitleChange) -> str:
    """Where the title comes from in the blueprint (named in Notion's errors)."""
    if change.kind == "view":
        db, _, view = change.key.partition(".")
        return f"databases.{db}.views.{view}.name"
    if change.key in ("root", "templates_page") or change.key.startswith("templates."):
        return f"{change.key}.title"
    return f"pages.{change.key}.title"


def rename_titles(gateway: Transport | NotionAPI, changes: Sequence[TitleChange]) -> int:
    """Write the new title of each change that ``renames``; returns how many were written."""
    api = as_api(gateway)
    written = 0
    for change in changes:
        if not change.renames:
            continue
        api.pages.update(
            change.object_id,
            properties={"title": {"title": payloads.rich_text(change.new, _path(change))}},
            blueprint_path=_path(change),
        )
        written += 1
    return written
