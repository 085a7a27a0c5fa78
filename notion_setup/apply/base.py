"""The state one run of a plan keeps, and what every step handler shares.

``ExecutorBase`` holds the ids known so far (observed, then created), the registry being built,
the look-ups that adopt an object after an ambiguous write, and the registry save.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from notion_setup.apply.summary import ApplyResult, CreatedObject
from notion_setup.lease import Lease
from notion_setup.model import Database, Workspace
from notion_setup.notion import payloads
from notion_setup.notion.body import append_blocks, split_for_create
from notion_setup.notion.endpoints import NotionAPI, as_api
from notion_setup.notion.markdown import markdown_to_blocks
from notion_setup.notion.namespace import FindId
from notion_setup.notion.results import Page, View, object_url
from notion_setup.notion.transport import JSON, Transport
from notion_setup.observe import Observed, list_children
from notion_setup.output import NullReporter, Reporter
from notion_setup.registry import CAPTIONS, Registry, store


class ExecutorBase:
    """The state of one run for one client; the step handlers live in the subclasses."""

    def __init__(
        self,
        notion: Transport | NotionAPI,
        workspace: Workspace,
        observed: Observed,
        *,
        reporter: Reporter | None = None,
        jobs: int = 1,
        stop: threading.Event | None = None,
        lease: Lease | None = None,
    ) -> None:
        self.api = as_api(notion)
        #: this run's lease: claimed on a root it creates, renewed between steps.
        self.lease = lease
        self.ws = workspace
        self.observed = observed
        self.reporter = reporter or NullReporter()
        self.jobs = max(1, jobs)
        self.stop = stop or threading.Event()
        self._new_databases: frozenset[str] = frozenset()
        self.registry = observed.registry or Registry(
            workspace.client, workspace.blueprint, workspace.lang
        )
        self.root_id = observed.root_page_id
        self.root_url = object_url(self.root_id) if self.root_id else ""
        self.pages: dict[str, str] = dict(observed.pages)
        self.templates_page_id = observed.templates_page_id
        self.databases: dict[str, tuple[str, str]] = {
            k: (o.database_id, o.data_source_id) for k, o in observed.databases.items()
        }
        self.rows: dict[str, str] = dict(observed.rows)
        self.prop_ids: dict[str, dict[str, str]] = {}
        self.urls: dict[str, str] = {}
        self._names = payloads.property_names(workspace)
        self._lock = threading.Lock()
        self._prop_locks: dict[str, threading.Lock] = {}
        self._taken: set[str] = set(self.pages.values()) | set(self.rows.values())
        self.result = ApplyResult(root_page_id=self.root_id or "", root_url=self.root_url)
        self._register_observed()

    # ----------------------------------------------------------------- bookkeeping

    def _register_observed(self) -> None:
        """Make sure everything identified (adopted by name included) is in the registry."""
        reg = self.registry
        for key, page_id in self.observed.pages.items():
            reg.set(f"page:{key}", page_id)
        for key, ob in self.observed.databases.items():
            reg.set(f"db:{key}", {"id": ob.database_id, "ds": ob.data_source_id})
            db = self.ws.database(key)
            ids: dict[str, str] = {}
            for prop in db.properties:
                found = ob.by_id(reg.id(f"prop:{key}.{prop.key}") or "") or ob.by_name(prop.name)
                if prop.type == "title":
                    found = next((p for p in ob.properties if p.type == "title"), None)
                if found is not None:
                    reg.set(f"prop:{key}.{prop.key}", found.id)
                    ids[prop.key] = "title" if prop.type == "title" else found.id
            # The schema observe read: views added to this database need no second read.
            self.prop_ids[key] = ids
        for key, view_id in self.observed.views.items():
            reg.set(f"view:{key}", view_id)
        for key, block_id in self.observed.linked_blocks.items():
            reg.set(f"lv:{key}", {"id": self.observed.linked_views[key], "db": block_id})
        for key, row_id in self.observed.rows.items():
            reg.set(f"row:{key}", row_id)
        for key, tpl_id in self.observed.templates.items():
            reg.set(f"tpl:{key}", tpl_id)
        if self.observed.templates_page_id:
            reg.set("templates_page", self.observed.templates_page_id)

    def _claim(self, candidates: list[str]) -> str | None:
        with self._lock:
            for cid in candidates:
                if cid not in self._taken:
                    self._taken.add(cid)
                    return cid
        return None

    def _child_by_title(self, parent_id: str, kind: str, title: str) -> str | None:
        """An unclaimed child page or database with that title (look-up after ambiguous writes)."""
        listing = list_children(self.api, parent_id)
        return self._claim([c.id for c in listing if c.type == kind and c.title == title])

    def _record(
        self,
        kind: str,
        key: str,
        name: str,
        object_id: str,
        url: str | None,
        parent: str | None = None,
    ) -> None:
        url = object_url(object_id, url)
        with self._lock:
            self.urls[key] = url
            self.result.objects.append(CreatedObject(kind, key, name, object_id, url, parent))

    # ----------------------------------------------------------------- bodies

    def _body(self, markdown: str) -> tuple[list[JSON], list[JSON]]:
        return split_for_create(markdown_to_blocks(markdown)) if markdown.strip() else ([], [])

    def _create_page(
        self,
        *,
        parent: JSON,
        properties: JSON,
        markdown: str,
        icon: str | None,
        find_existing: FindId,
        blueprint_path: str,
    ) -> Page:
        head, tail = self._body(markdown)
        page = self.api.pages.create(
            parent=parent,
            properties=properties,
            children=head or None,
            icon=payloads.icon(icon),
            find_existing=find_existing,
            blueprint_path=blueprint_path,
        )
        if tail:
            append_blocks(
                self.api,
                page.id,
                tail,
                existing_children=len(head),
                blueprint_path=blueprint_path,
            )
        return page

    def _page_parent(self, key: str | None) -> str:
        if key is None:
            assert self.root_id is not None
            return self.root_id
        return self.pages[key]

    def _refs(self) -> payloads.Refs:
        """The ids and names the schema bodies of one step refer to (computed once per step)."""
        with self._lock:
            data_source_ids = {k: ds for k, (_, ds) in self.databases.items()}
        return payloads.Refs(data_source_ids, self._names)

    # ----------------------------------------------------------------- property ids

    def property_ids(self, db_key: str, *, refresh: bool = False) -> dict[str, str]:
        """Property key -> Notion property id for a database (one schema read, cached)."""
        with self._lock:
            db_lock = self._prop_locks.setdefault(db_key, threading.Lock())
        with db_lock:  # concurrent views of one database read its schema once
            return self._property_ids(db_key, refresh=refresh)

    def _property_ids(self, db_key: str, *, refresh: bool) -> dict[str, str]:
        if self._knows_property_ids(db_key) and not refresh:
            with self._lock:
                return self.prop_ids[db_key]
        _, ds_id = self.databases[db_key]
        source = self.api.data_sources.retrieve(ds_id)
        return self._note_property_ids(db_key, {p.name: p.id for p in source.properties})

    def _knows_property_ids(self, db_key: str) -> bool:
        with self._lock:
            cached = self.prop_ids.get(db_key)
        return cached is not None and all(
            p.key in cached for p in self.ws.database(db_key).properties
        )

    def _note_property_ids(self, db_key: str, by_name: Mapping[str, str]) -> dict[str, str]:
        """Remember the property ids (by name) an answer gave for this database.

        A data source (read or update) and a page of that data source both carry them, so the
        schema is read again only when no answer named every blueprint property.
        """
        db = self.ws.database(db_key)
        ids: dict[str, str] = {}
        for prop in db.properties:
            if prop.type == "title":
                ids[prop.key] = "title"
            elif prop.name in by_name:
                ids[prop.key] = by_name[prop.name]
        with self._lock:
            self.prop_ids[db_key] = ids
        for key, prop_id in ids.items():
            self.registry.set(f"prop:{db_key}.{key}", prop_id)
        for prop in db.properties:
            if prop.options:
                self.registry.set(f"opts:{db_key}.{prop.key}", [o.name for o in prop.options])
        return ids

    def _view_body(self, db: Database, view_key: str) -> JSON:
        view = next(v for v in db.views if v.key == view_key)
        return payloads.view_body(
            view,
            db,
            ids=self.property_ids(db.key),
        )

    def _find_view(self, database_id: str, name: str) -> View | None:
        """The view an ambiguous create made in this database, recognised by its name."""
        known = self.registry.known_ids()
        for view_id in self.api.views.list(database_id):
            if view_id in known:
                continue
            view = self.api.views.retrieve(view_id)
            if view.name == name and self._claim([view_id]):
                return view
        return None

    def _row_properties(
        self, db: Database, row_key: str, values: Mapping[str, Any], skip: tuple[str, ...]
    ) -> JSON:
        with self._lock:
            row_ids = dict(self.rows)
        index = [r.key for r in db.rows].index(row_key)
        at = f"databases.{db.key}.rows[{index}]"
        return payloads.row_properties(db, values, row_ids=row_ids, skip=skip, at=at)

    # ----------------------------------------------------------------- registry

    def registry_changed(self) -> bool:
        """Whether saving the registry now would write (the root exists and its text differs)."""
        return self.root_id is not None and self.registry.to_json() != self.observed.registry_text

    def save_registry(self) -> bool:
        """Write the registry into the root page if it changed; True when written."""
        if self.root_id is None:
            return False
        for db_key in self.databases:
            if not self._knows_property_ids(db_key) and any(
                self.registry.get(f"prop:{db_key}.{p.key}") is None
                for p in self.ws.database(db_key).properties
            ):
                self.property_ids(db_key)
        text = self.registry.to_json()
        caption = CAPTIONS[self.ws.lang]
        if not store.save(
            self.api, self.root_id, self.registry, self.observed.registry_text, caption
        ):
            return False
        self.observed = _with_registry_text(self.observed, text)
        return True


def _with_registry_text(observed: Observed, text: str) -> Observed:
    return replace(observed, registry_text=text)
