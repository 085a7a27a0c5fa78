"""Execute a plan through the gateway: the only module that writes to a client's workspace.

Steps run by dependency (see ``plan.depends`` and ``apply_schedule``): up to ``jobs`` at once,
each as soon as what it needs exists, never two under one Notion parent at once. Every create
passes a ``find_existing`` look-up under its known parent, so an ambiguous failure (timeout,
dropped connection, 5xx after the write) adopts the object instead of creating it twice. The
registry is saved at the end, and on failure or interruption, so the next run resumes.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from notion_setup.apply_schedule import log_bound, run_scheduled
from notion_setup.errors import ConcurrentRun, Interrupted, NotionError, WorkspaceLimitReached
from notion_setup.messages import _
from notion_setup.messages.vocabulary import kind_label
from notion_setup.model import Database, Workspace
from notion_setup.notion import payloads
from notion_setup.notion.body import append_blocks, split_for_create
from notion_setup.notion.endpoints import TITLE, FindId, NotionAPI, as_api
from notion_setup.notion.markdown import markdown_to_blocks
from notion_setup.notion.results import Page, object_url
from notion_setup.notion.transport import JSON, Transport
from notion_setup.observe import Observed, list_children
from notion_setup.output import NullReporter, Reporter
from notion_setup.plan import DEFAULT_VIEW_NAME, Plan, Step
from notion_setup.registry import CAPTIONS, Registry, store
from notion_setup.workspace_text import TOOL_TEXT


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


class Executor:
    """Runs the steps of one plan for one client."""

    def __init__(
        self,
        notion: Transport | NotionAPI,
        workspace: Workspace,
        observed: Observed,
        *,
        reporter: Reporter | None = None,
        jobs: int = 1,
        stop: threading.Event | None = None,
    ) -> None:
        self.api = as_api(notion)
        self.ws = workspace
        self.observed = observed
        self.reporter = reporter or NullReporter()
        self.jobs = max(1, jobs)
        self.stop = stop or threading.Event()
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

    # ----------------------------------------------------------------- steps

    def _create_root(self, step: Step) -> None:
        ws = self.ws
        parent_id = self.observed.parent_id
        page = self._create_page(
            parent=payloads.page_parent(parent_id),
            properties=payloads.title_properties(ws.title, "root.title"),
            markdown=ws.body,
            icon=ws.icon,
            find_existing=lambda: self._child_by_title(parent_id, "child_page", ws.title),
            blueprint_path="root",
        )
        self.root_id = page.id
        self.root_url = object_url(page.id, page.url)
        self.result.root_page_id = self.root_id
        self.result.root_url = self.root_url
        self._record("root", "root", ws.title, page.id, page.url)
        self._yield_to_a_concurrent_run(parent_id, self.root_id)

    def _yield_to_a_concurrent_run(self, parent_id: str, mine: str) -> None:
        """Stop if another run created this client's root page at the same time (F15).

        Notion has no atomic operation to build a lock on, so two first runs for one client can
        both find nothing and both create a root page. One listing after the create settles it:
        the root that comes first among the parent's children (Notion lists children in the
        order they were created; ``created_time`` is only precise to the minute) wins for every
        run, and a run whose root lost trashes it before it holds anything, then stops.
        """
        rivals = [
            child
            for child in list_children(self.api, parent_id)
            if child.type == "child_page" and child.title == self.ws.title
        ]
        if len(rivals) < 2:
            return
        winner = rivals[0]
        if winner.id == mine:
            return
        self.api.pages.trash(mine, lock=parent_id, blueprint_path="root")
        self.root_id = None
        raise ConcurrentRun(
            f"another run is creating the workspace of {self.ws.client} under this parent page "
            f"({object_url(winner.id)}); this run removed its own copy and stopped",
            hint="let the other run finish, then run the same command again "
            "(in CI, a concurrency group keeps runs for one workspace apart)",
        )

    def _page_parent(self, key: str | None) -> str:
        if key is None:
            assert self.root_id is not None
            return self.root_id
        return self.pages[key]

    def _create_plain_page(self, step: Step) -> None:
        page_model = next(p for p in self.ws.pages if p.key == step.key)
        parent_id = self._page_parent(page_model.parent)
        page = self._create_page(
            parent=payloads.page_parent(parent_id),
            properties=payloads.title_properties(page_model.title, f"pages.{page_model.key}.title"),
            markdown=page_model.body,
            icon=page_model.icon,
            find_existing=lambda: self._child_by_title(parent_id, "child_page", page_model.title),
            blueprint_path=f"pages.{page_model.key}",
        )
        self.pages[page_model.key] = page.id
        self.registry.set(f"page:{page_model.key}", page.id)
        self._record("page", page_model.key, page_model.title, page.id, page.url, page_model.parent)

    def _refs(self) -> payloads.Refs:
        """The ids and names the schema bodies of one step refer to (computed once per step)."""
        with self._lock:
            data_source_ids = {k: ds for k, (_, ds) in self.databases.items()}
        return payloads.Refs(data_source_ids, self._names)

    def _create_database(self, step: Step) -> None:
        db = self.ws.database(step.key)
        parent_id = self._page_parent(db.parent)
        created = self.api.databases.create(
            parent=payloads.page_parent(parent_id),
            title=payloads.rich_text(db.title, f"databases.{db.key}.title"),
            is_inline=db.is_inline,
            properties=payloads.database_properties(
                db, step.inline, self._refs(), reverse=step.reverse
            ),
            description=payloads.rich_text(db.description, f"databases.{db.key}.description")
            if db.description
            else None,
            icon=payloads.icon(db.icon),
            find_existing=lambda: self._child_by_title(parent_id, "child_database", db.title),
            blueprint_path=f"databases.{db.key}",
        )
        ds_id = created.data_sources[0].id
        self.databases[db.key] = (created.id, ds_id)
        self.registry.set(f"db:{db.key}", {"id": created.id, "ds": ds_id})
        self._record("database", db.key, db.title, created.id, created.url, db.parent)

    def _update_database_title(self, step: Step) -> None:
        db = self.ws.database(step.key)
        db_id, ds_id = self.databases[db.key]
        self.api.databases.update(
            db_id,
            title=payloads.rich_text(db.title, f"databases.{db.key}.title"),
            blueprint_path=f"databases.{db.key}.title",
        )
        # The plan compares the data source's title (read with the schema); a database and its
        # data source carry separate titles since API 2025-09-03, so both get the new one.
        self.api.data_sources.update(
            ds_id, title=payloads.rich_text(db.title), blueprint_path=f"databases.{db.key}.title"
        )

    def _update_schema(self, step: Step) -> None:
        db = self.ws.database(step.key)
        _, ds_id = self.databases[db.key]
        properties = payloads.schema_update(
            db,
            self._refs(),
            adds=step.adds,
            renames=step.renames,
            retypes=step.retypes,
            retargets=step.retargets,
            removes=step.removes,
            options=step.options,
        )
        source = self.api.data_sources.update(
            ds_id, properties=properties, blueprint_path=f"databases.{db.key}.properties"
        )
        # The answer is the data source with every property and its id (recorded traffic:
        # notion-sdk-py tests/cassettes/test_data_sources_update.yaml): no schema read later.
        self._note_property_ids(db.key, {p.name: p.id for p in source.properties})

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

    def _find_view(self, database_id: str, name: str) -> str | None:
        known = self.registry.known_ids()
        for view_id in self.api.views.list(database_id):
            if view_id in known:
                continue
            if self.api.views.retrieve(view_id).name == name and self._claim([view_id]):
                return view_id
        return None

    def _create_view(self, step: Step) -> None:
        db_key, view_key = step.key.split(".", 1)
        db = self.ws.database(db_key)
        db_id, ds_id = self.databases[db_key]
        spec = self._view_body(db, view_key)
        view = self.api.views.create(
            database_id=db_id,
            data_source_id=ds_id,
            type=_view_type(db, view_key),
            spec=spec,
            lock=db_id,
            find_existing=lambda: self._find_view(db_id, str(spec["name"])),
            blueprint_path=f"databases.{db_key}.views.{view_key}",
        )
        self.registry.set(f"view:{step.key}", view.id)

    def _adopt_default_view(self, step: Step) -> None:
        """Turn the table view Notion made with the database into the blueprint's first table.

        The create-database answer does not name that view (none of the recorded answers of
        ramnes/notion-sdk-py's cassettes lists one), so its id comes from listing the views.
        """
        db_key, view_key = step.key.split(".", 1)
        db = self.ws.database(db_key)
        db_id, _ = self.databases[db_key]
        known = self.registry.known_ids()
        candidates = [v for v in self.api.views.list(db_id) if v not in known]
        default = candidates[0] if len(candidates) == 1 else None
        if len(candidates) > 1:  # a database from an interrupted run: find Notion's own view
            default = next(
                (v for v in candidates if self.api.views.retrieve(v).name == DEFAULT_VIEW_NAME),
                None,
            )
        if default is None:  # someone removed it: create instead
            self._create_view(step)
            return
        self.api.views.update(
            default,
            self._view_body(db, view_key),
            lock=db_id,
            blueprint_path=f"databases.{db_key}.views.{view_key}",
        )
        self.registry.set(f"view:{step.key}", default)

    def _remove_default_view(self, step: Step) -> None:
        """Delete the view Notion made with a database whose blueprint has no table view."""
        db_id, _ = self.databases[step.key]
        known = self.registry.known_ids()
        for view_id in [v for v in self.api.views.list(db_id) if v not in known]:
            if self.api.views.retrieve(view_id).name == DEFAULT_VIEW_NAME:
                self.api.views.delete(
                    view_id, lock=db_id, blueprint_path=f"databases.{step.key}.views"
                )

    def _create_linked_view(self, step: Step) -> None:
        page_key, lv_key = step.key.split(".", 1)
        page = next(p for p in self.ws.pages if p.key == page_key)
        lv = next(v for v in page.linked_views if v.key == lv_key)
        db = self.ws.database(lv.database)
        _, ds_id = self.databases[db.key]
        page_id = self.pages[page_key]

        def find() -> str | None:
            for child in list_children(self.api, page_id):
                if child.type == "child_database" and child.id not in self._taken:
                    found = self._find_view(child.id, lv.view.name)
                    if found:
                        return found
            return None

        view = self.api.views.create(
            data_source_id=ds_id,
            type=lv.view.type,
            create_database=payloads.linked_database(page_id),
            spec=payloads.view_body(lv.view, db, ids=self.property_ids(db.key)),
            lock=page_id,
            find_existing=find,
            blueprint_path=f"pages.{page_key}.linked_views.{lv_key}",
        )
        self.registry.set(f"lv:{step.key}", {"id": view.id, "db": view.database_id or ""})

    def _create_templates_page(self, step: Step) -> None:
        assert self.root_id is not None
        root_id = self.root_id
        title = self.ws.templates_page_title
        text = TOOL_TEXT[self.ws.lang]["templates_intro"].format(client=self.ws.client)
        page = self._create_page(
            parent=payloads.page_parent(root_id),
            properties=payloads.title_properties(title, "templates_page.title"),
            markdown=text,
            icon="📄",
            find_existing=lambda: self._child_by_title(root_id, "child_page", title),
            blueprint_path="templates_page",
        )
        self.templates_page_id = page.id
        self.registry.set("templates_page", page.id)
        self._record("templates_page", "templates", title, page.id, page.url)

    def _create_template(self, step: Step) -> None:
        template = next(t for t in self.ws.templates if t.key == step.key)
        assert self.templates_page_id is not None
        parent_id = self.templates_page_id
        db = self.ws.database(template.database)
        intro = TOOL_TEXT[self.ws.lang]["template_for"].format(db=db.title)
        page = self._create_page(
            parent=payloads.page_parent(parent_id),
            properties=payloads.title_properties(template.title, f"templates.{template.key}.title"),
            markdown=f"{intro}\n\n{template.body}",
            icon=template.icon,
            find_existing=lambda: self._child_by_title(parent_id, "child_page", template.title),
            blueprint_path=f"templates.{template.key}",
        )
        self.registry.set(f"tpl:{template.key}", page.id)
        self._record("template", template.key, template.title, page.id, page.url, "templates")

    def _row_properties(
        self, db: Database, row_key: str, values: Mapping[str, Any], skip: tuple[str, ...]
    ) -> JSON:
        with self._lock:
            row_ids = dict(self.rows)
        index = [r.key for r in db.rows].index(row_key)
        at = f"databases.{db.key}.rows[{index}]"
        return payloads.row_properties(db, values, row_ids=row_ids, skip=skip, at=at)

    def _find_row(self, ds_id: str, title_name: str, title: str) -> str | None:
        rows = self.api.data_sources.query(
            ds_id, properties=(TITLE,), filter=payloads.title_equals(title_name, title)
        )
        return self._claim([row.id for row in rows])

    def _create_row(self, step: Step) -> None:
        db_key, row_key = step.key.split(".", 1)
        db = self.ws.database(db_key)
        row = next(r for r in db.rows if r.key == row_key)
        _, ds_id = self.databases[db_key]
        title_prop = db.title_property
        title = str(row.values.get(title_prop.key, ""))
        page = self._create_page(
            parent=payloads.data_source_parent(ds_id),
            properties=self._row_properties(db, row_key, row.values, step.deferred),
            markdown=row.body,
            icon=None,
            find_existing=lambda: self._find_row(ds_id, title_prop.name, title),
            blueprint_path=f"databases.{db_key}.rows.{row_key}",
        )
        with self._lock:
            self.rows[step.key] = page.id
        self.registry.set(f"row:{step.key}", page.id)
        if not self._knows_property_ids(db_key):
            # A page of a data source carries every property of it with its id (Notion's page
            # object; an adopted bare id carries none and leaves the read to property_ids).
            ids = {name: str(raw.get("id", "")) for name, raw in page.properties.items()}
            self._note_property_ids(db_key, {n: i for n, i in ids.items() if i})

    def _set_row_relations(self, step: Step) -> None:
        db_key, row_key = step.key.split(".", 1)
        db = self.ws.database(db_key)
        row = next(r for r in db.rows if r.key == row_key)
        values = {k: v for k, v in row.values.items() if k in step.deferred}
        props = self._row_properties(db, row_key, values, ())
        page_id = self.rows[step.key]
        self.api.pages.update(
            page_id, properties=props, blueprint_path=f"databases.{db_key}.rows.{row_key}"
        )

    # ----------------------------------------------------------------- registry

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

    # ----------------------------------------------------------------- driver

    def run_step(self, step: Step) -> None:
        """Execute one step and report it."""
        if self.stop.is_set():
            raise Interrupted(
                "stopped before finishing", hint="run the same command again to resume"
            )
        handler = STEP_HANDLERS[step.op]
        handler(self, step)
        for change in step.changes:
            with self._lock:
                if change.verb == "create":
                    self.result.created += 1
                elif change.verb in ("update", "retype"):
                    self.result.updated += 1
                elif change.verb == "remove":
                    self.result.removed += 1
            self.reporter.tick(change.verb, _label(change.kind, change.name))

    def run(self, plan: Plan) -> ApplyResult:
        """Execute every step, each once its dependencies are done; save the registry last."""
        total = sum(len(s.changes) for s in plan.steps)
        self.reporter.start(total, "")
        log_bound(plan.steps, self.ws, self.jobs)
        try:
            run_scheduled(plan.steps, self.run_step, jobs=self.jobs, stop=self.stop)
        except BaseException:
            self._save_quietly(sys.exc_info()[1])
            raise
        self.save_registry()
        return self.result

    def _save_quietly(self, cause: BaseException | None) -> None:
        if isinstance(cause, WorkspaceLimitReached) and not self.registry.code_block_id:
            # Saving would create blocks, which the plan limit forbids; the next run adopts
            # what this one created by name instead.
            self.reporter.warn(_("registry not saved (block limit); the next run adopts by name"))
            return
        try:
            self.save_registry()
        except (NotionError, OSError) as error:
            self.reporter.warn(
                _("could not save the registry ({error}); the next run adopts by name").format(
                    error=error
                )
            )


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
                template.title,
                registry.id(f"tpl:{template.key}"),
                "templates",
            )
    return out


def _label(kind: str, name: str) -> str:
    return f"{kind_label(kind)} {name}"


def _view_type(db: Database, view_key: str) -> str:
    return next(v.type for v in db.views if v.key == view_key)


def _with_registry_text(observed: Observed, text: str) -> Observed:
    return replace(observed, registry_text=text)


STEP_HANDLERS: dict[str, Callable[[Executor, Step], None]] = {
    "create_root": Executor._create_root,
    "create_page": Executor._create_plain_page,
    "create_database": Executor._create_database,
    "update_database_title": Executor._update_database_title,
    "update_schema": Executor._update_schema,
    "create_view": Executor._create_view,
    "adopt_default_view": Executor._adopt_default_view,
    "remove_default_view": Executor._remove_default_view,
    "create_linked_view": Executor._create_linked_view,
    "create_templates_page": Executor._create_templates_page,
    "create_template": Executor._create_template,
    "create_row": Executor._create_row,
    "set_row_relations": Executor._set_row_relations,
}
