"""What the web view reads from the sandbox's records: titles, children, rows, views, links.

Everything comes from the store as the API left it (never from a blueprint). Only live, shared
objects show: what is in the trash, or hidden from the integration, is left out as Notion would.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from notion_setup.sandbox.check import Json
from notion_setup.sandbox.errors import ApiError
from notion_setup.sandbox.filters import FilterBuilder
from notion_setup.sandbox.ids import normalize_id
from notion_setup.sandbox.richtext import plain
from notion_setup.sandbox.workspace import Workspace


def id32(object_id: str) -> str:
    """The 32 hex characters Notion puts at the end of an object's URL."""
    return object_id.replace("-", "").lower()


class Links(Protocol):
    """Where a link to an object or one of a database's views points."""

    def to(self, object_id: str) -> str:
        """The href of a page, database or row."""
        ...

    def to_view(self, database_id: str, view_id: str) -> str:
        """The href of one view of a database."""
        ...


class FileLinks:
    """Links inside one self-contained file: every object has an anchor named by its id32."""

    def to(self, object_id: str) -> str:
        return f"#{id32(object_id)}"

    def to_view(self, database_id: str, view_id: str) -> str:
        return f"#{id32(view_id)}"


class ServedLinks:
    """Links on the sandbox server: ``/p/<id32>`` and ``/p/<id32>?v=<view32>``, as Notion's."""

    def to(self, object_id: str) -> str:
        return f"/p/{id32(object_id)}"

    def to_view(self, database_id: str, view_id: str) -> str:
        return f"/p/{id32(database_id)}?v={id32(view_id)}"


@dataclass
class Reader:
    """Read-only access to a sandbox workspace's records."""

    ws: Workspace

    def get(self, object_id: str) -> Json | None:
        """A live, shared record (not in the trash), or None."""
        rec = self.ws.store.get(object_id)
        if rec is None or not rec.get("shared", True) or self.ws.is_in_trash(rec):
            return None
        return rec

    def find(self, raw_id: str) -> Json | None:
        """A record by id32 or dashed id: a page, database, data source or view."""
        object_id = normalize_id(raw_id)
        return self.get(object_id) if object_id else None

    @property
    def top(self) -> Json:
        """The sandbox's top-level page shared with the integration."""
        return self.ws.store.objects[self.ws.root_page_id]

    def title(self, rec: Json) -> str:
        """The plain title of a page, row, database or data source."""
        return self.ws.title_of(rec)

    def icon(self, rec: Json) -> str | None:
        """An emoji icon; external and uploaded icons are not shown (they would be a request)."""
        icon = rec.get("icon")
        if isinstance(icon, dict) and icon.get("type") == "emoji":
            return str(icon.get("emoji") or "") or None
        return None

    def children(self, rec: Json) -> list[Json]:
        """Live children of a page or block, in order."""
        return self.ws.live_children(rec)

    def tree_children(self, rec: Json) -> list[Json]:
        """The pages and databases under a page (what Notion's sidebar lists), in order."""
        found: list[Json] = []
        for child in self.children(rec):
            if child["kind"] == "page" or (child["kind"] == "database" and not child.get("linked")):
                found.append(child)
            elif child["kind"] == "block" and child["type"] in ("column_list", "column", "toggle"):
                found.extend(self.tree_children(child))
        return found

    def data_source(self, db: Json) -> Json | None:
        """The first live data source of a database."""
        for ds_id in db.get("data_sources", ()):
            ds = self.ws.live_data_source(ds_id)
            if ds is not None:
                return ds
        return None

    def views(self, db: Json) -> list[Json]:
        """A database's views, in their order."""
        return [v for v in (self.ws.store.get(i) for i in db.get("views", ())) if v is not None]

    def rows(self, ds: Json) -> list[Json]:
        """The live rows of a data source, in creation order (templates excluded)."""
        out = []
        for page_id in ds.get("rows", ()):
            rec = self.ws.store.get(page_id)
            live = rec is not None and not rec["in_trash"] and rec.get("shared", True)
            if live and rec is not None and not rec.get("template"):
                out.append(rec)
        return out

    def templates(self, ds: Json) -> list[Json]:
        """The data source's own templates (made in the Notion app)."""
        found = (self.ws.store.get(i) for i in ds.get("templates", ()))
        return [t for t in found if t is not None and not t["in_trash"]]

    def view_rows(self, ds: Json, view: Json) -> tuple[list[Json], bool]:
        """The rows a view shows, filtered and sorted; False when its filter could not be run."""
        rows = self.rows(ds)
        builder = FilterBuilder(ds, self.ws.renderer, ids_only=True)
        exact = True
        try:
            if view.get("filter"):
                predicate = builder.compile(view["filter"], "filter")
                rows = [r for r in rows if predicate(r)]
            if view.get("sorts"):
                rows = builder.sorter(view["sorts"], "sorts")(rows)
        except (ApiError, ValueError, TypeError, KeyError):
            # A stored filter the emulator cannot evaluate: show every row, flagged as such.
            exact = False
            rows = self.rows(ds)
        return rows, exact

    def prop(self, ds: Json, prop_id: str | None) -> Json | None:
        """A property of a data source by id."""
        return next((p for p in ds["properties"] if p["id"] == prop_id), None)

    def value(self, prop: Json, row: Json, ds: Json) -> Json:
        """The Notion-shaped value of one property of a row."""
        rendered: Json = self.ws.renderer.value(prop, row, ds)
        return rendered

    def scalar(self, prop: Json, row: Json, ds: Json) -> Any:
        """The value as a Python scalar (for charts and boards)."""
        return self.ws.renderer.scalar(prop, row, ds, 0)

    def database_of(self, row: Json) -> Json | None:
        """The database a row belongs to."""
        parent = row.get("parent", {})
        if parent.get("type") != "data_source_id":
            return None
        return self.get(parent.get("database_id", ""))

    def source_database(self, linked: Json) -> Json | None:
        """The database whose data a linked database shows."""
        ds = self.data_source(linked)
        return self.get(ds["database_id"]) if ds is not None else None

    def client_roots(self) -> list[Json]:
        """The pages directly under the sandbox's top page (one per provisioned client)."""
        return [c for c in self.children(self.top) if c["kind"] in ("page", "database")]

    def trail(self, rec: Json) -> list[Json]:
        """The pages above a record, from the top page down (breadcrumbs)."""
        chain: list[Json] = []
        current = rec
        for _ in range(32):
            parent = current.get("parent", {})
            if parent.get("type") == "data_source_id":
                parent_id = parent.get("database_id")
            else:
                parent_id = parent.get("page_id") or parent.get("block_id")
            above = self.ws.store.get(parent_id) if parent_id else None
            if above is None:
                break
            if above["kind"] in ("page", "database"):
                chain.append(above)
            current = above
        return list(reversed(chain))

    @staticmethod
    def plain(items: list[Json]) -> str:
        """Plain text of rich-text items."""
        return plain(items)
