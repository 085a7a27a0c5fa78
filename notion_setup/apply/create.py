"""The step handlers that create: root, pages, databases, views, templates and rows.

Every create passes a ``find_existing`` look-up under its known parent, so an ambiguous failure
(timeout, dropped connection, 5xx after the write) adopts the object instead of creating it twice.
"""

from __future__ import annotations

from notion_setup.apply.base import ExecutorBase
from notion_setup.model import Database
from notion_setup.notion import payloads
from notion_setup.notion.endpoints import TITLE
from notion_setup.notion.results import View
from notion_setup.observe import list_children
from notion_setup.plan import DEFAULT_VIEW_NAME, Step
from notion_setup.workspace_text import TOOL_TEXT


class CreateSteps(ExecutorBase):
    """Handlers of the create steps (and of Notion's default view of a new database)."""

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

        def find() -> View | None:
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
        title = template.workspace_title  # never a literal {{month}} in the workspace
        page = self._create_page(
            parent=payloads.page_parent(parent_id),
            properties=payloads.title_properties(title, f"templates.{template.key}.title"),
            markdown=f"{intro}\n\n{template.body}",
            icon=template.icon,
            find_existing=lambda: self._child_by_title(parent_id, "child_page", title),
            blueprint_path=f"templates.{template.key}",
        )
        self.registry.set(f"tpl:{template.key}", page.id)
        self._record("template", template.key, title, page.id, page.url, "templates")

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


def _view_type(db: Database, view_key: str) -> str:
    return next(v.type for v in db.views if v.key == view_key)
