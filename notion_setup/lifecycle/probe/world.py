"""The objects the probe makes under its scratch page, each made on first use and kept.

A check asks for what it reads (``world.task_row()``, ``world.view("by_stage")``); the first
ask sends the requests, later asks reuse the answer. A step Notion refused is remembered too, so
every check that needs it reports the same refusal instead of sending it again; the checks that
do not need it still run. Every body comes from the functions ``apply`` uses.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from notion_setup.errors import NotionError, NotionSetupError
from notion_setup.lifecycle.probe import fixture
from notion_setup.messages import _
from notion_setup.model import Database as Blueprinted
from notion_setup.model import Option
from notion_setup.notion import payloads
from notion_setup.notion.body import split_for_create
from notion_setup.notion.endpoints import NotionAPI
from notion_setup.notion.markdown import markdown_to_blocks
from notion_setup.notion.results import Block, Database, DataSource, Page, User, View

T = TypeVar("T")
JSON = dict[str, Any]


class StepFailed(NotionSetupError):
    """A request the probe needed was refused: names the step and Notion's answer."""

    def __init__(self, step: str, error: NotionSetupError) -> None:
        super().__init__(
            _("{step} failed: {error}").format(step=step, error=error.message), hint=error.hint
        )
        self.step = step
        self.error = error


@dataclass(frozen=True)
class Made:
    """A database the probe made: the create answer, then the schema read back."""

    database: Database
    schema: DataSource
    #: the view ids listed right after the create, before the probe added any.
    first_views: tuple[str, ...] = ()


class World:
    """The probe's objects under its scratch page, made through ``api`` on first use."""

    def __init__(self, api: NotionAPI, scratch: Page) -> None:
        self.api = api
        #: the scratch page (the answer to its create).
        self.scratch = scratch
        self.scratch_id = scratch.id
        self._done: dict[str, Any] = {}
        self._failed: dict[str, StepFailed] = {}

    def _once(self, key: str, step: str, make: Callable[[], T]) -> T:
        if key in self._failed:
            raise self._failed[key]
        if key not in self._done:
            try:
                self._done[key] = make()
            except StepFailed as error:  # a step it needed failed: the same cause
                self._failed[key] = error
                raise
            except NotionSetupError as error:
                self._failed[key] = StepFailed(step, error)
                raise self._failed[key] from error
        result: T = self._done[key]
        return result

    # --- the token ------------------------------------------------------------------------

    def me(self) -> User:
        """The token's bot user."""
        return self._once("me", _("reading the bot user"), self.api.users.me)

    # --- the two databases ----------------------------------------------------------------

    def _refs(self) -> payloads.Refs:
        names = {db.key: {p.key: p.name for p in db.properties} for db in self._databases()}
        known = {"clients": self.clients().schema.id} if "clients" in self._done else {}
        return payloads.Refs(known, names)

    @staticmethod
    def _databases() -> tuple[Blueprinted, ...]:
        return (fixture.CLIENTS, fixture.TASKS)

    def _create(self, db: Blueprinted, keys: list[str]) -> Made:
        created = self.api.databases.create(
            parent=payloads.page_parent(self.scratch_id),
            title=payloads.rich_text(db.title),
            properties=payloads.database_properties(db, keys, self._refs()),
        )
        views = tuple(self.api.views.list(created.id))
        schema = self.api.data_sources.retrieve(created.data_sources[0].id)
        return Made(created, schema, views)

    def clients(self) -> Made:
        """The database the relation points to (created without the synced side)."""
        db = fixture.CLIENTS
        keys = [p.key for p in db.properties if not p.is_synced]
        step = _("creating the database “{title}”").format(title=db.title)
        return self._once("clients", step, lambda: self._create(db, keys))

    def tasks(self) -> Made:
        """The database with every property type the tool uses, in one create call."""
        db = fixture.TASKS
        self.clients()
        keys = [p.key for p in db.properties]
        step = _("creating the database “{title}”").format(title=db.title)
        return self._once("tasks", step, lambda: self._create(db, keys))

    def clients_schema(self) -> DataSource:
        """The target's schema read after the two-way relation was made."""
        self.tasks()
        ds = self.clients().schema.id
        step = _("reading the data source {id}").format(id=ds)
        return self._once("clients_schema", step, lambda: self.api.data_sources.retrieve(ds))

    def ids(self) -> dict[str, str]:
        """Property key -> Notion property id of the tasks database (its schema read back)."""
        by_name = {p.name: p.id for p in self.tasks().schema.properties}
        return {p.key: by_name[p.name] for p in fixture.TASKS.properties if p.name in by_name}

    # --- rows -----------------------------------------------------------------------------

    def client_row(self) -> Page:
        """The client row (a create answer)."""
        db = fixture.CLIENTS
        row = db.rows[0]
        step = _("creating the row “{title}”").format(title=row.values["name"])

        def make() -> Page:
            return self.api.pages.create(
                parent=payloads.data_source_parent(self.clients().schema.id),
                properties=payloads.row_properties(db, row.values, row_ids={}),
            )

        return self._once("client_row", step, make)

    def task_row(self) -> Page:
        """The task row with a value of every writable type, read back."""
        db = fixture.TASKS
        row = db.rows[0]
        step = _("creating the row “{title}”").format(title=row.values["name"])

        def make() -> Page:
            row_ids = {"clients.acme": self.client_row().id}
            created = self.api.pages.create(
                parent=payloads.data_source_parent(self.tasks().schema.id),
                properties=payloads.row_properties(db, row.values, row_ids=row_ids),
            )
            return self.api.pages.retrieve(created.id)

        return self._once("task_row", step, make)

    def client_row_read(self) -> Page:
        """The client row read after the task row pointed to it."""
        self.task_row()
        page_id = self.client_row().id
        step = _("reading the page {id}").format(id=page_id)
        return self._once("client_row_read", step, lambda: self.api.pages.retrieve(page_id))

    def query(self, property_ids: tuple[str, ...]) -> list[Page]:
        """The task rows as the tool queries them, asking for ``property_ids`` only."""
        self.task_row()
        ds = self.tasks().schema.id
        step = _("querying the data source {id}").format(id=ds)
        key = "query:" + ",".join(property_ids)
        return self._once(
            key, step, lambda: list(self.api.data_sources.query(ds, properties=property_ids))
        )

    # --- views ----------------------------------------------------------------------------

    def view_spec(self, key: str) -> JSON:
        """The body the tool sends for the tasks view ``key`` (property ids from the schema)."""
        view = next(v for v in fixture.TASKS.views if v.key == key)
        return payloads.view_body(view, fixture.TASKS, ids=self.ids())

    def view(self, key: str) -> View:
        """The tasks view ``key``, made as ``apply`` makes it, then read back.

        The first table takes over the "Default view" Notion made with the database.
        """
        view = next(v for v in fixture.TASKS.views if v.key == key)
        step = _("creating the view “{name}”").format(name=view.name)

        def make() -> View:
            made = self.tasks()
            spec = self.view_spec(key)
            if view.type == "table" and made.first_views:
                db_id = made.database.id
                self.api.views.update(made.first_views[0], spec, lock=db_id)
                return self.api.views.retrieve(made.first_views[0])
            return self._add_view(made, view.type, spec)

        return self._once("view:" + key, step, make)

    def named_view(self) -> tuple[JSON, View]:
        """A view whose filter and sort name their property by name; (body sent, read back)."""
        view = fixture.NAMED_VIEW
        step = _("creating the view “{name}”").format(name=view.name)
        names = {p.key: p.name for p in fixture.TASKS.properties}
        spec = payloads.view_body(view, fixture.TASKS, ids=names)

        def make() -> tuple[JSON, View]:
            return spec, self._add_view(self.tasks(), view.type, spec)

        return self._once("view:named", step, make)

    def _add_view(self, made: Made, view_type: str, spec: JSON) -> View:
        """A new view of the database ``made``, read back (as Notion keeps it, not as sent)."""
        created = self.api.views.create(
            database_id=made.database.id,
            data_source_id=made.schema.id,
            type=view_type,
            spec=spec,
            lock=made.database.id,
        )
        return self.api.views.retrieve(created.id)

    def try_view(self, spec: JSON, type: str) -> View | NotionError:
        """A view create the sandbox refuses on purpose: Notion's answer, success or refusal
        (a 4xx); Notion unreachable or failing (5xx) raises, as for any other step.
        """
        made = self.tasks()
        try:
            return self.api.views.create(
                database_id=made.database.id,
                data_source_id=made.schema.id,
                type=type,
                spec=spec,
                lock=made.database.id,
            )
        except NotionError as error:
            if error.status is None or error.status >= 500:
                raise
            return error

    # --- a page with a Markdown body ------------------------------------------------------

    def page(self) -> tuple[list[JSON], Page, list[JSON]]:
        """(blocks sent, the page, its blocks read back with their children)."""
        step = _("creating the page “{title}”").format(title=fixture.PAGE_TITLE)

        def make() -> tuple[list[JSON], Page, list[JSON]]:
            blocks = markdown_to_blocks(fixture.PAGE_MARKDOWN)
            head, tail = split_for_create(blocks)
            page = self.api.pages.create(
                parent=payloads.page_parent(self.scratch_id),
                properties=payloads.title_properties(fixture.PAGE_TITLE),
                children=head or None,
            )
            if tail:  # the probe's body fits in one create; kept for a longer one
                self.api.blocks.append(page.id, tail, position=payloads.at_end())
            return blocks, page, self._tree(page.id, 0)

        return self._once("page", step, make)

    def _tree(self, block_id: str, depth: int) -> list[JSON]:
        out: list[JSON] = []
        for block in self.api.blocks.children(block_id):
            raw = dict(block.raw)
            if block.has_children and depth < 3 and block.type not in _OPAQUE:
                raw["children"] = self._tree(block.id, depth + 1)
            out.append(raw)
        return out

    def first_block(self) -> Block:
        """The first block of the page's body, as listed."""
        page = self.page()[1]
        step = _("reading the page {id}").format(id=page.id)

        def make() -> Block:
            found = self.api.blocks.first_child(page.id)
            if found is None:
                raise StepFailed(step, NotionSetupError(_("the page has no content")))
            return found

        return self._once("first_block", step, make)

    # --- schema change --------------------------------------------------------------------

    def status_added(self) -> DataSource:
        """The tasks schema after a status option without a group was added, as ``apply``
        adds one (the whole list sent, the new option by name and colour).
        """
        step = _("adding the status option “{name}”").format(name=fixture.ADDED_STATUS.name)

        def make() -> DataSource:
            made = self.tasks()
            prop = fixture.TASKS.property("stage")
            names = [*(o.name for o in prop.options), fixture.ADDED_STATUS.name]
            db = _with_option(fixture.TASKS, fixture.ADDED_STATUS)
            refs = self._refs()
            body = payloads.schema_update(db, refs, options=[("stage", self.ids()["stage"], names)])
            self.api.data_sources.update(made.schema.id, properties=body)
            return self.api.data_sources.retrieve(made.schema.id)

        return self._once("status_added", step, make)


#: Blocks whose children are not body text (child pages and databases).
_OPAQUE = frozenset({"child_page", "child_database"})


def _with_option(db: Blueprinted, option: Option) -> Blueprinted:
    props = tuple(
        replace(p, options=(*p.options, option)) if p.key == "stage" else p for p in db.properties
    )
    return replace(db, properties=props)


def raw_of(obj: Any) -> Mapping[str, Any]:
    """The answer behind a parsed result."""
    raw: Mapping[str, Any] = getattr(obj, "raw", {})
    return raw
