"""Reading a provisioned workspace back, to compare it with its blueprint."""

from __future__ import annotations

from collections import Counter
from typing import Any

from notion_setup.model import Workspace
from notion_setup.notion.results import plain_text
from notion_setup.observe import find_root, list_children
from notion_setup.registry import Registry


def registry_of(gw: Any, parent_id: str, workspace: Workspace) -> Registry:
    """The registry of the client's root page under ``parent_id`` (which must exist)."""
    found = find_root(gw, parent_id, workspace)
    assert found is not None and found[1] is not None, "no root page with a registry"
    return found[1]


def tree(gw: Any, page_id: str, skip: frozenset[str] = frozenset()) -> list[tuple[str, str, str]]:
    """(parent id, kind, title) for every child page and database below a page, recursively.

    ``skip`` holds block ids to leave out: linked views, which Notion lists as ``child_database``
    blocks titled like their source, so two linked views of one database share a title.
    """
    out: list[tuple[str, str, str]] = []
    for child in list_children(gw, page_id):
        if child.id in skip:
            continue
        if child.type in ("child_page", "child_database"):
            out.append((page_id, child.type, child.title))
            if child.type == "child_page":
                out.extend(tree(gw, child.id, skip))
    return out


def linked_view_blocks(registry: Any) -> frozenset[str]:
    """The linked database blocks that hold the registry's linked views (``lv:`` entries'
    ``db``): Notion titles them like their source, so two linked views of one database share a
    title without being duplicates."""
    return frozenset(
        str(entry["db"])
        for key, entry in registry.objects.items()
        if key.startswith("lv:") and isinstance(entry, dict) and entry.get("db")
    )


def duplicates(entries: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Entries that appear more than once under the same parent (there must be none)."""
    return [entry for entry, n in Counter(entries).items() if n > 1]


def rows_of(gw: Any, data_source_id: str) -> list[str]:
    """Titles of the rows of a data source."""
    titles = []
    for page in gw.paginate("POST", f"data_sources/{data_source_id}/query", body={}):
        for value in page["properties"].values():
            if value.get("type") == "title":
                titles.append(plain_text(value["title"]))
    return titles


def check_matches(gw: Any, root_id: str, ws: Workspace, registry: Any) -> None:
    """Assert the workspace under root holds exactly the blueprint's objects, once each."""
    entries = tree(gw, root_id, linked_view_blocks(registry))
    assert duplicates(entries) == []
    titles = Counter(title for _, kind, title in entries if kind == "child_database")
    for db in ws.databases:
        assert titles[db.title] >= 1, f"missing database {db.title}"
        entry = registry.get(f"db:{db.key}")
        source = gw.read("GET", f"data_sources/{entry['ds']}")
        names = set(source["properties"])
        assert {p.name for p in db.properties} <= names, db.key
        rows = rows_of(gw, entry["ds"])
        wanted = Counter(str(r.values[db.title_property.key]) for r in db.rows)
        assert Counter(rows) == wanted, db.key
        views = list(gw.paginate("GET", "views", query={"database_id": entry["id"]}))
        assert len(views) == len(db.views), db.key
        view_names = {gw.read("GET", f"views/{v['id']}")["name"] for v in views}
        assert view_names == {v.name for v in db.views}, db.key
    page_titles = Counter(title for _, kind, title in entries if kind == "child_page")
    for page in ws.pages:
        assert page_titles[page.title] == 1, page.title
