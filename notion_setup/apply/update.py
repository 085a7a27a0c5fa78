"""The step handlers that change what exists: database titles, schemas, row relations."""

from __future__ import annotations

from notion_setup.apply.base import ExecutorBase
from notion_setup.notion import payloads
from notion_setup.plan import Step


class UpdateSteps(ExecutorBase):
    """Handlers of the update steps."""

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
            repoints=step.repoints,
            removes=step.removes,
            options=step.options,
        )
        source = self.api.data_sources.update(
            ds_id, properties=properties, blueprint_path=f"databases.{db.key}.properties"
        )
        # The answer is the data source with every property and its id (recorded traffic:
        # notion-sdk-py tests/cassettes/test_data_sources_update.yaml): no schema read later.
        self._note_property_ids(db.key, {p.name: p.id for p in source.properties})

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
