"""Checks of schemas and rows: status groups, property types, relations, rollups, formulas,
unique ids, row values, queries."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from notion_setup.lifecycle.probe import fixture
from notion_setup.lifecycle.probe.expect import (
    Expect,
    check,
    prop_of,
    value_of,
)
from notion_setup.lifecycle.probe.world import World, raw_of
from notion_setup.messages import N_
from notion_setup.model import Option
from notion_setup.notion import payloads
from notion_setup.notion.endpoints import TITLE
from notion_setup.notion.results import DataSource

JSON = dict[str, Any]


# --- schema ----------------------------------------------------------------------------------


@check(
    "status.groups_as_sent",
    N_("status options stay in the group they were created in"),
    "status options carry `group` on create (not in the SDK's types) and keep it",
)
def _status_groups(world: World, expect: Expect) -> None:
    _expect_groups(world.tasks().schema, fixture.STATUS_OPTIONS, expect)


def _expect_groups(schema: DataSource, options: tuple[Option, ...], expect: Expect) -> None:
    """Each option in the one group it was sent with (To-do when sent without one)."""
    status = prop_of(raw_of(schema), "Stage").get("status") or {}
    ids = {o.get("name"): o.get("id") for o in status.get("options") or []}
    groups = status.get("groups") or []
    for option in options:
        sent = payloads.STATUS_GROUP_NAMES[option.group or "to_do"]
        got = [g.get("name") for g in groups if ids.get(option.name) in (g.get("option_ids") or [])]
        expect.equal(f"Stage: {option.name}", sent, got[0] if len(got) == 1 else got)


@check(
    "status.added_to_do",
    N_("a status option added later goes to the To-do group"),
    "on update, a new status option goes to To-do and existing groups stay",
)
def _status_added(world: World, expect: Expect) -> None:
    options = (*fixture.STATUS_OPTIONS, fixture.ADDED_STATUS)
    _expect_groups(world.status_added(), options, expect)


@check(
    "schema.as_sent",
    N_("every property type is created as sent (number formats, options, descriptions)"),
    "each property type's create configuration reads back as sent",
)
def _schema(world: World, expect: Expect) -> None:
    schema = raw_of(world.tasks().schema)
    for prop in fixture.TASKS.properties:
        got = prop_of(schema, prop.name)
        if not expect.equal(f"{prop.name}: type", prop.type, got.get("type")):
            continue
        if prop.number_format:
            expect.equal(
                f"{prop.name}: format", prop.number_format, (got.get("number") or {}).get("format")
            )
        if prop.type in ("select", "multi_select"):
            options = (got.get(prop.type) or {}).get("options") or []
            expect.equal(
                f"{prop.name}: options",
                [[o.name, o.color] for o in prop.options],
                [[o.get("name"), o.get("color")] for o in options],
            )
        if prop.description:
            expect.equal(f"{prop.name}: description", prop.description, got.get("description"))
    budget = prop_of(raw_of(world.clients().schema), "Budget")
    expect.equal("Budget: format", "euro", (budget.get("number") or {}).get("format"))


@check(
    "relation.two_way",
    N_("a two-way relation makes the reverse property with the name sent"),
    "dual_property.synced_property_name names the synced property; the relation answers"
    " database_id and data_source_id",
)
def _two_way(world: World, expect: Expect) -> None:
    made, target = world.tasks(), world.clients()
    relation = prop_of(raw_of(made.schema), "Client").get("relation") or {}
    expect.equal("Client: data_source_id", target.schema.id, relation.get("data_source_id"))
    expect.equal("Client: database_id", target.database.id, relation.get("database_id"))
    expect.equal("Client: type", "dual_property", relation.get("type"))
    reverse = prop_of(raw_of(world.clients_schema()), "Tasks")
    expect.equal("Probe clients: reverse property", "relation", reverse.get("type"))
    dual = relation.get("dual_property") or {}
    expect.equal("Client: synced_property_name", "Tasks", dual.get("synced_property_name"))
    expect.equal("Client: synced_property_id", reverse.get("id"), dual.get("synced_property_id"))


@check(
    "rollup.config",
    N_("a rollup reads back with its relation, property and function, and computes a number"),
    "rollups name relation and property by name in one create call with the relation",
)
def _rollup(world: World, expect: Expect) -> None:
    config = prop_of(raw_of(world.tasks().schema), "Client budget").get("rollup") or {}
    expect.equal("Client budget: function", "sum", config.get("function"))
    expect.equal(
        "Client budget: relation_property_name", "Client", config.get("relation_property_name")
    )
    expect.equal(
        "Client budget: rollup_property_name", "Budget", config.get("rollup_property_name")
    )
    value = value_of(raw_of(world.task_row()), "Client budget").get("rollup") or {}
    expect.equal(
        "row Client budget",
        {"type": "number", "number": 1200},
        {k: value.get(k) for k in ("type", "number")},
    )


@check(
    "formula.number",
    N_("a formula referring to a property by name computes a number"),
    'formula expressions use prop("Name"); Notion answers them as {{notion:block_property:...}}',
)
def _formula(world: World, expect: Expect) -> None:
    config = prop_of(raw_of(world.tasks().schema), "Double estimate").get("formula") or {}
    expression = config.get("expression")
    if not (isinstance(expression, str) and expression.strip()):
        expect.equal("Double estimate: expression", "<an expression>", expression)
    value = value_of(raw_of(world.task_row()), "Double estimate").get("formula") or {}
    expect.equal(
        "row Double estimate",
        {"type": "number", "number": 6},
        {k: value.get(k) for k in ("type", "number")},
    )


@check(
    "unique_id.prefix",
    N_("a unique id keeps its prefix and numbers rows from 1"),
    "unique_id numbers are assigned in creation order, from 1",
)
def _unique_id(world: World, expect: Expect) -> None:
    config = prop_of(raw_of(world.tasks().schema), "Number").get("unique_id") or {}
    expect.equal("Number: prefix", "PRB", config.get("prefix"))
    value = value_of(raw_of(world.task_row()), "Number").get("unique_id") or {}
    expect.equal("row Number", {"prefix": "PRB", "number": 1}, dict(value))


# --- rows ------------------------------------------------------------------------------------


def _rowvalue_of(prop: Mapping[str, Any]) -> Any:
    """A page property value reduced to what the tool sent."""
    kind = prop.get("type")
    data = prop.get(kind) if isinstance(kind, str) else None
    if kind in ("title", "rich_text"):
        return "".join(str(t.get("plain_text", "")) for t in data or [])
    if kind in ("select", "status"):
        return (data or {}).get("name")
    if kind == "multi_select":
        return [o.get("name") for o in data or []]
    if kind == "date":
        return (data or {}).get("start")
    if kind == "relation":
        return [r.get("id") for r in data or []]
    return data


@check(
    "row.values_as_sent",
    N_("a row's values read back as sent, for every writable type"),
    "page values: each writable property type's request shape reads back the same",
)
def _row(world: World, expect: Expect) -> None:
    raw = raw_of(world.task_row())
    client = world.client_row().id
    for key, value in fixture.TASKS.rows[0].values.items():
        prop = fixture.TASKS.property(key)
        sent: Any = list(value) if isinstance(value, tuple) else value
        if prop.type == "relation":
            sent = [client]
        expect.equal(f"row {prop.name}", sent, _rowvalue_of(value_of(raw, prop.name)))
    created = value_of(raw, "Created").get("created_time")
    expect.form("row Created", "time_ms_z", created)


@check(
    "relation.synced_value",
    N_("setting a relation on one side shows it on the other side"),
    "writing a two-way relation updates the synced property of the target row",
)
def _synced(world: World, expect: Expect) -> None:
    raw = raw_of(world.client_row_read())
    expect.equal("client row Tasks", [world.task_row().id], _rowvalue_of(value_of(raw, "Tasks")))


@check(
    "query.filter_properties",
    N_("a query returns only the properties filter_properties names"),
    "filter_properties is honoured by data source queries"
    " (2026-12-01 returns the title only without it)",
)
def _filter_properties(world: World, expect: Expect) -> None:
    rows = world.query((TITLE,))
    expect.equal("rows", 1, len(rows))
    for row in rows:
        expect.equal("properties (title only)", ["Name"], sorted(row.properties))
    stage = world.ids().get("stage", "")
    for row in world.query((TITLE, stage)):
        expect.equal("properties (title and Stage)", ["Name", "Stage"], sorted(row.properties))
