"""The emulated workspace: its records, lookups that honour sharing, and Notion-shaped rendering.

Handlers (``api_*.py``) validate a request, then change records through this class; everything a
client sees goes through the ``render_*`` methods so object shapes live in one place.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from notion_setup.sandbox.blocks import BlockSpec
from notion_setup.sandbox.check import Json
from notion_setup.sandbox.errors import invalid, not_found
from notion_setup.sandbox.ids import block_time, database_url, new_id, page_url, view_url
from notion_setup.sandbox.limits import FREE_GRACE_S, PlanLimits
from notion_setup.sandbox.richtext import plain, text_item
from notion_setup.sandbox.schema_render import render_property
from notion_setup.sandbox.store import Store
from notion_setup.sandbox.values import Renderer

V2025 = "2025-09-03"
V2026 = "2026-03-11"
V2026_12 = "2026-12-01"
VERSIONS = (V2025, V2026, V2026_12)
#: Beta header value that enables status ``group`` filters (notion-api.md section 12).
STATUS_GROUP_BETA = "status-group-filters-2026-10-06"

KIND_NAMES = {
    "page": "page",
    "block": "block",
    "database": "database",
    "data_source": "data_source",
    "view": "view",
}


@dataclass
class Ctx:
    """One request as handlers see it."""

    ws: Workspace
    version: str
    body: Json
    query: dict[str, list[str]]
    params: dict[str, str]
    #: Page, block and data-source times (``...:00.000Z``).
    now: str
    #: Database and view times (``...:57.778+00:00``), the same moment.
    now_ms: str = ""
    #: Beta features the request opted into (``Notion-Beta`` header, comma-separated).
    betas: frozenset[str] = frozenset()
    #: Set by write handlers: what the write committed (for 503-after-commit answers).
    committed_id: str | None = None
    committed_children: list[str] = field(default_factory=list)

    @property
    def legacy(self) -> bool:
        """True under 2025-09-03, which still accepts and returns ``archived``."""
        return self.version == V2025

    @property
    def v2026_12(self) -> bool:
        """True under 2026-12-01 (lean lists, markdown v2 only, status equals without groups)."""
        return self.version == V2026_12

    @property
    def status_group_filters(self) -> bool:
        """Whether status filters take the beta ``group`` operator."""
        return STATUS_GROUP_BETA in self.betas

    @property
    def markdown_v2_default(self) -> bool:
        """Whether markdown without ``markdown_version`` is Notion-flavored Markdown (v2)."""
        return self.v2026_12

    def qparam(self, name: str) -> str | None:
        """A single query-string parameter."""
        values = self.query.get(name)
        return values[-1] if values else None


class Workspace(PlanLimits):
    """Records plus the rules that every endpoint shares."""

    def __init__(self, store: Store, rng: random.Random, clock: Callable[[], float]) -> None:
        self.store = store
        self.rng = rng
        self.clock = clock
        self.search_lag_s = 0.0
        self.block_limit = None
        self.grace_s = FREE_GRACE_S
        self.renderer = Renderer(self.live_data_source, self.page_or_none, lambda: self.bot_id)

    # -- workspace identity ----------------------------------------------------------------

    @property
    def root_page_id(self) -> str:
        """The top-level page shared with the integration."""
        return self.store.meta["root_page_id"]

    # -- lookups ---------------------------------------------------------------------------

    def _shared(self, object_id: str, kind: str) -> Json | None:
        rec = self.store.get(object_id)
        if rec is None or rec["kind"] != kind or not rec.get("shared", True):
            return None
        return rec

    def get(self, kind: str, raw_id: str, *, what: str | None = None) -> Json:
        """A shared record of ``kind`` by id (dashed or not), or 404 / wrong-kind 400."""
        object_id = check_path_id(raw_id, what or f"{kind}_id")
        rec = self._shared(object_id, kind)
        if rec is not None:
            return rec
        other = self.store.get(object_id)
        if other is not None and other.get("shared", True) and other["kind"] != kind:
            raise invalid(
                f"Provided ID {object_id} is a {other['kind']}, not a {kind}. Use the "
                f"{other['kind'].replace('_', ' ')} endpoints for it."
            )
        raise not_found(KIND_NAMES.get(kind, kind), object_id)

    def block_like(self, raw_id: str) -> Json:
        """A block, page or database by id: every one of them is a block in Notion."""
        object_id = check_path_id(raw_id, "block_id")
        rec = self.store.get(object_id)
        if rec is None or rec["kind"] not in ("block", "page", "database"):
            raise not_found("block", object_id)
        if not rec.get("shared", True) or rec.get("template"):
            raise not_found("block", object_id)
        return rec

    def page_or_none(self, page_id: str) -> Json | None:
        """A shared page or None."""
        return self._shared(page_id, "page")

    def live_data_source(self, ds_id: str) -> Json | None:
        """A shared data source that is not in the trash, or None."""
        rec = self._shared(ds_id, "data_source")
        if rec is None or rec["in_trash"]:
            return None
        db = self.store.get(rec["database_id"])
        if db is None or db["in_trash"]:
            return None
        return rec

    def edit(self, object_id: str) -> Json:
        """A record for modification inside the current transaction."""
        return self.store.edit(object_id)

    def title_of(self, rec: Json) -> str:
        """Plain title of a page, database or data source."""
        if rec["kind"] in ("database", "data_source"):
            return plain(rec["title"])
        if rec["kind"] == "page":
            ds = self.store.get(rec["parent"].get("data_source_id", ""))
            if ds is not None:
                title_prop = next(p for p in ds["properties"] if p["type"] == "title")
                return plain(rec["values"].get(title_prop["id"], []))
            return plain(rec["values"].get("title", []))
        return ""

    def mention_title(self, kind: str, object_id: str) -> str:
        """Plain text of a page/database mention (404 if it is not shared)."""
        rec = self._shared(object_id, kind)
        if rec is None:
            raise not_found(kind, object_id)
        return self.title_of(rec) or "Untitled"

    def is_in_trash(self, rec: Json) -> bool:
        """Whether a record, or the page/database it lives in, is in the trash."""
        seen = 0
        current: Json | None = rec
        while current is not None and seen < 64:
            if current.get("in_trash"):
                return True
            parent = current.get("parent", {})
            parent_id = parent.get("page_id") or parent.get("block_id")
            if parent.get("type") == "data_source_id":
                parent_id = parent.get("database_id")
            current = self.store.get(parent_id) if parent_id else None
            seen += 1
        return False

    # -- creation helpers ------------------------------------------------------------------

    def insert_blocks(self, specs: list[BlockSpec], parent: Json, now: str) -> list[str]:
        """Store block specs (recursively) under ``parent`` (a page or block); return top ids."""
        ids: list[str] = []
        for spec in specs:
            block_id = new_id()
            if parent["kind"] == "page":
                parent_ref = {"type": "page_id", "page_id": parent["id"]}
            else:
                parent_ref = {"type": "block_id", "block_id": parent["id"]}
            record: Json = {
                "kind": "block",
                "id": block_id,
                "type": spec.type,
                "data": spec.data,
                "parent": parent_ref,
                "children": [],
                "in_trash": False,
                "created_time": now,
                "last_edited_time": now,
            }
            self.store.insert(record)
            record["children"] = self.insert_blocks(spec.children, record, now)
            ids.append(block_id)
        self.count_blocks(len(specs))  # descendants are counted by the recursive calls
        return ids

    def new_page(self, parent: Json, values: Json, now: str) -> Json:
        """A new page record (not yet attached to its parent)."""
        return {
            "kind": "page",
            "id": new_id(),
            "parent": parent,
            "values": values,
            "icon": None,
            "cover": None,
            "in_trash": False,
            "is_locked": False,
            "children": [],
            "created_time": now,
            "last_edited_time": now,
            "shared": True,
            "indexed_at": self.clock() + self.search_lag_s,
        }

    # -- rendering -------------------------------------------------------------------------

    def _trash_fields(self, rec: Json, ctx: Ctx, out: Json) -> None:
        out["in_trash"] = bool(rec["in_trash"])
        if ctx.legacy:
            out["archived"] = bool(rec["in_trash"])

    def _user(self) -> Json:
        return {"object": "user", "id": self.bot_id}

    def render_page(self, rec: Json, ctx: Ctx, *, only: set[str] | None = None) -> Json:
        """A page object as Notion returns it."""
        out: Json = {
            "object": "page",
            "id": rec["id"],
            "created_time": rec["created_time"],
            "last_edited_time": rec["last_edited_time"],
            "created_by": self._user(),
            "last_edited_by": self._user(),
            "cover": rec["cover"],
            "icon": rec["icon"],
            "parent": dict(rec["parent"]),
        }
        self._trash_fields(rec, ctx, out)
        # Recorded on every page (2025-09-03): a page's archived state, apart from the trash.
        out["is_archived"] = rec.get("is_archived", False)
        out["is_locked"] = rec.get("is_locked", False)
        props: Json = {}
        ds = self.store.get(rec["parent"].get("data_source_id", ""))
        if ds is not None:
            for prop in ds["properties"]:
                if only is None or prop["id"] in only or prop["name"] in only:
                    props[prop["name"]] = self.renderer.value(prop, rec, ds)
        elif only is None or "title" in only:
            props["title"] = {
                "id": "title",
                "type": "title",
                "title": rec["values"].get("title", []),
            }
        out["properties"] = props
        out["url"] = page_url(self.title_of(rec), rec["id"])
        out["public_url"] = None
        return out

    def render_block(self, rec: Json, ctx: Ctx) -> Json:
        """Any child of a page as a block object (pages and databases included)."""
        data: Json
        if rec["kind"] == "page":
            block_type, data = "child_page", {"title": self.title_of(rec)}
        elif rec["kind"] == "database":
            block_type, data = "child_database", {"title": self.title_of(rec)}
        else:
            block_type, data = rec["type"], dict(rec["data"])
            if block_type == "paragraph":
                # Recorded on every paragraph block; the SDK types declare it (icon or null).
                data.setdefault("icon", None)
        parent = dict(rec["parent"])
        if rec["kind"] == "page" and parent.get("type") == "data_source_id":
            parent = {"type": "database_id", "database_id": parent["database_id"]}
        out: Json = {
            "object": "block",
            "id": rec["id"],
            "parent": parent,
            # Recorded: a database read as a block shows the block form of its times.
            "created_time": block_time(rec["created_time"]),
            "last_edited_time": block_time(rec["last_edited_time"]),
            "created_by": self._user(),
            "last_edited_by": self._user(),
            "has_children": rec["kind"] != "database" and self.has_live_children(rec),
        }
        self._trash_fields(rec, ctx, out)
        out["type"] = block_type
        out[block_type] = data
        return out

    def has_live_children(self, rec: Json) -> bool:
        """Whether a page or block has at least one child outside the trash."""
        objects = self.store.objects
        return any(
            (child := objects.get(child_id)) is not None
            and not child["in_trash"]
            and child.get("shared", True)
            for child_id in rec.get("children", ())
        )

    def live_children(self, rec: Json) -> list[Json]:
        """Children of a page or block that are not in the trash, in order."""
        result = []
        for child_id in rec.get("children", []):
            child = self.store.get(child_id)
            if child is not None and not child["in_trash"] and child.get("shared", True):
                result.append(child)
        return result

    def render_database(self, rec: Json, ctx: Ctx) -> Json:
        """A database object: container of data sources (2025-09-03+)."""
        out: Json = {
            "object": "database",
            "id": rec["id"],
            "title": rec["title"],
            "description": rec["description"],
            "parent": dict(rec["parent"]),
            "is_inline": rec["is_inline"],
        }
        self._trash_fields(rec, ctx, out)
        out.update(
            {
                "is_locked": rec.get("is_locked", False),
                "created_time": rec["created_time"],
                "last_edited_time": rec["last_edited_time"],
                "data_sources": [
                    {"id": ds_id, "name": plain(self.store.objects[ds_id]["title"])}
                    for ds_id in rec["data_sources"]
                    if ds_id in self.store.objects
                ],
                "icon": rec["icon"],
                "cover": rec["cover"],
                "url": database_url(rec["id"]),
                "public_url": None,
            }
        )
        return out

    def render_data_source(self, rec: Json, ctx: Ctx) -> Json:
        """A data source object with its schema."""
        db = self.store.objects[rec["database_id"]]
        out: Json = {
            "object": "data_source",
            "id": rec["id"],
            "created_time": rec["created_time"],
            "last_edited_time": rec["last_edited_time"],
            "created_by": self._user(),
            "last_edited_by": self._user(),
            "title": rec["title"],
            "description": rec.get("description", []),
            "icon": rec.get("icon"),
            "cover": None,
            "parent": {"type": "database_id", "database_id": rec["database_id"]},
            "database_parent": dict(db["parent"]),
            "is_inline": db["is_inline"],
        }
        self._trash_fields(rec, ctx, out)
        out["properties"] = {
            prop["name"]: render_property(prop, self.live_data_source, rec)
            for prop in rec["properties"]
        }
        out["url"] = database_url(rec["database_id"])
        out["public_url"] = None
        return out

    def render_view(self, rec: Json, ctx: Ctx) -> Json:
        """A view object."""
        return {
            "object": "view",
            "id": rec["id"],
            "parent": {"type": "database_id", "database_id": rec["database_id"]},
            "name": rec["name"],
            "type": rec["type"],
            "created_time": rec["created_time"],
            "last_edited_time": rec["last_edited_time"],
            "url": view_url(rec["database_id"], rec["id"]),
            "data_source_id": rec["data_source_id"],
            "created_by": self._user(),
            "last_edited_by": self._user(),
            # Recorded: an unsorted, unfiltered view answers null for all three, not [] or {}.
            "filter": rec["filter"],
            "sorts": rec["sorts"] or None,
            "quick_filters": rec["quick_filters"] or None,
            "configuration": rec["configuration"],
        }

    def title_items(self, text: str) -> list[Json]:
        """Rich text for a plain title."""
        return [text_item(text)] if text else []


def check_path_id(raw: str, name: str) -> str:
    """A path id must be a UUID (with or without dashes)."""
    from notion_setup.sandbox.ids import normalize_id

    normalized = normalize_id(raw)
    if normalized is None:
        raise invalid(
            f'path failed validation: path.{name} should be a valid uuid, instead was `"{raw}"`.'
        )
    return normalized
