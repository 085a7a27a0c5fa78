"""Pure builders of Notion request bodies from the resolved model: the one module that makes them.

Nothing here talks to Notion: each function takes model objects plus the Notion ids already known
(``Refs`` for schemas, property ids for views, row ids for relations) and returns a JSON-ready
piece valid for API version 2026-03-11. The endpoint layer (``endpoints.py``) puts the pieces in
the request's envelope.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from notion_setup.errors import TextTooLong
from notion_setup.model import READ_ONLY_TYPES, Database, Property, Sort, Value, View, Workspace
from notion_setup.notion.text_units import ARRAY_LIMIT, MAX_TEXT_UNITS, split_utf16, utf16_len

JSON = dict[str, Any]

# Status groups as Notion names them. ``group`` on a status option is not in the SDK's request
# types, but Notion's property-object docs describe it and a public report of a live
# ``POST /v1/databases`` (200, the groups read back as sent) shows it honoured; UNCONFIRMED until
# ``doctor --probe`` settles it on a user's first real run. The sandbox checks these three names.
STATUS_GROUP_NAMES = {"to_do": "To-do", "in_progress": "In progress", "complete": "Complete"}


def rich_text(text: str, at: str = "") -> list[JSON]:
    """Plain text as rich-text objects of at most 2000 UTF-16 units each (Notion's limits).

    Args:
        text: the text.
        at: where the text comes from in the blueprint, named when it cannot fit.

    Raises:
        TextTooLong: more than 100 objects would be needed (about 200,000 units).
    """
    pieces = split_utf16(text)
    if len(pieces) > ARRAY_LIMIT:
        raise TextTooLong(at, utf16_len(text), MAX_TEXT_UNITS)
    return [{"type": "text", "text": {"content": piece}} for piece in pieces]


def check_texts(workspace: Workspace) -> None:
    """Fail before the first write when a text of the workspace cannot fit in Notion.

    Raises:
        TextTooLong: the first text over the limit, naming its blueprint path.
    """
    rich_text(workspace.title, "root.title")
    for page in workspace.pages:
        rich_text(page.title, f"pages.{page.key}.title")
    for db in workspace.databases:
        rich_text(db.title, f"databases.{db.key}.title")
        rich_text(db.description, f"databases.{db.key}.description")
        texts = [p.key for p in db.properties if p.type in ("title", "rich_text")]
        for index, row in enumerate(db.rows):
            for key in texts:
                if key in row.values:
                    at = f"databases.{db.key}.rows[{index}].values.{key}"
                    rich_text(str(row.values[key]), at)
    if workspace.templates:
        rich_text(workspace.templates_page_title, "templates_page.title")
    for template in workspace.templates:
        rich_text(template.title, f"templates.{template.key}.title")


def icon(emoji: str | None) -> JSON | None:
    """An emoji icon object, or None."""
    return {"type": "emoji", "emoji": emoji} if emoji else None


def page_parent(page_id: str) -> JSON:
    """The ``parent`` of an object created under a page."""
    return {"type": "page_id", "page_id": page_id}


def data_source_parent(data_source_id: str) -> JSON:
    """The ``parent`` of a row created in a data source."""
    return {"type": "data_source_id", "data_source_id": data_source_id}


def title_properties(title: str, at: str = "") -> JSON:
    """The ``properties`` of a page that only has a title (a page under a page)."""
    return {"title": {"title": rich_text(title, at)}}


def template_id(template_id: str) -> JSON:
    """The ``template`` of a page create that applies a database template made in the app."""
    return {"type": "template_id", "template_id": template_id}


def title_equals(title_property: str, title: str) -> JSON:
    """A data source query filter: rows whose title is exactly ``title``."""
    return {"property": title_property, "title": {"equals": title}}


def titles_in(title_property: str, titles: Sequence[str]) -> JSON:
    """A data source query filter: rows whose title is exactly one of ``titles``."""
    if len(titles) == 1:
        return title_equals(title_property, titles[0])
    return {"or": [title_equals(title_property, t) for t in titles]}


def synced_relation(data_source_id: str, synced_property_name: str) -> JSON:
    """A two-way relation to ``data_source_id``; Notion names the other side as given."""
    return {
        "relation": {
            "data_source_id": data_source_id,
            "type": "dual_property",
            "dual_property": {"synced_property_name": synced_property_name},
        }
    }


@dataclass(frozen=True)
class Refs:
    """The ids and names a database's schema bodies refer to, computed once per database."""

    #: database key -> data source id, for relation targets (the databases created so far).
    data_source_ids: Mapping[str, str]
    #: database key -> (property key -> Notion name), for rollups and synced relations.
    names: Mapping[str, Mapping[str, str]]


def property_names(workspace: Workspace) -> dict[str, dict[str, str]]:
    """Database key -> (property key -> name): the ``names`` of ``Refs``."""
    return {db.key: {p.key: p.name for p in db.properties} for db in workspace.databases}


def _options(prop: Property) -> list[JSON]:
    options = []
    for opt in prop.options:
        item: JSON = {"name": opt.name, "color": opt.color}
        if opt.description:
            item["description"] = opt.description
        if prop.type == "status" and opt.group:
            item["group"] = STATUS_GROUP_NAMES[opt.group]
        options.append(item)
    return options


def property_config(prop: Property, database: Database, refs: Refs) -> JSON:
    """The schema configuration of one property for a create or update request.

    Args:
        prop: the property.
        database: the database it belongs to.
        refs: data source ids of relation targets, property names for rollups.
    """
    t = prop.type
    config: JSON
    if t == "number":
        config = {"number": {"format": prop.number_format or "number"}}
    elif t in ("select", "multi_select", "status"):
        config = {t: {"options": _options(prop)}}
    elif t == "formula":
        config = {"formula": {"expression": prop.expression or ""}}
    elif t == "relation":
        assert prop.relation_target is not None
        target = refs.data_source_ids[prop.relation_target]
        if prop.two_way_name:
            config = synced_relation(target, prop.two_way_name)
        else:
            config = {
                "relation": {
                    "data_source_id": target,
                    "type": "single_property",
                    "single_property": {},
                }
            }
    elif t == "rollup":
        assert prop.rollup_relation and prop.rollup_property and prop.rollup_function
        relation = database.property(prop.rollup_relation)
        assert relation.relation_target is not None
        config = {
            "rollup": {
                "function": prop.rollup_function,
                "relation_property_name": refs.names[database.key][relation.key],
                "rollup_property_name": refs.names[relation.relation_target][prop.rollup_property],
            }
        }
    elif t == "unique_id":
        config = {"unique_id": {"prefix": prop.unique_id_prefix}}
    else:
        config = {t: {}}
    if prop.description:
        config["description"] = prop.description
    return config


def database_properties(
    database: Database,
    keys: Sequence[str],
    refs: Refs,
    *,
    reverse: Sequence[tuple[str, str, str]] = (),
) -> JSON:
    """Property name -> configuration: the schema a database is created with.

    Args:
        database: the database.
        keys: the properties sent in the create call.
        refs: ids and names the configurations refer to.
        reverse: (synced property key here, owner database, owner property): the synced side of
            an earlier database's two-way relation, declared from this side.
    """
    properties = {
        database.property(key).name: property_config(database.property(key), database, refs)
        for key in keys
    }
    for key, owner_db, owner_prop in reverse:
        properties[database.property(key).name] = synced_relation(
            refs.data_source_ids[owner_db], refs.names[owner_db][owner_prop]
        )
    return properties


def schema_update(
    database: Database,
    refs: Refs,
    *,
    adds: Sequence[str] = (),
    renames: Sequence[tuple[str, str]] = (),
    retypes: Sequence[tuple[str, str]] = (),
    retargets: Sequence[tuple[str, str]] = (),
    repoints: Sequence[tuple[str, str, str, str]] = (),
    removes: Sequence[str] = (),
    options: Sequence[tuple[str, str, Sequence[str]]] = (),
) -> JSON:
    """The ``properties`` of a data source update (see ``plan.Step`` for each list).

    New properties are keyed by name, existing ones by their id (a rename made by hand does not
    matter); ``None`` removes a property. Option lists are sent whole, in their final order: an
    option of the blueprint with its colour, one added by hand by its name only (kept as is).
    """
    properties: JSON = {}
    for key in adds:
        properties[database.property(key).name] = property_config(
            database.property(key), database, refs
        )
    for key, prop_id in renames:
        properties[prop_id] = {"name": database.property(key).name}
    for key, prop_id in (*retypes, *retargets):
        prop = database.property(key)
        properties[prop_id] = {"name": prop.name, **property_config(prop, database, refs)}
    for key, prop_id, owner_db, owner_prop in repoints:
        properties[prop_id] = {
            "name": database.property(key).name,
            **synced_relation(refs.data_source_ids[owner_db], refs.names[owner_db][owner_prop]),
        }
    for prop_id in removes:
        properties[prop_id] = None
    for key, prop_id, names in options:
        prop = database.property(key)
        colors = {o.name: o.color for o in prop.options}
        items = [
            {"name": name, "color": colors[name]} if name in colors else {"name": name}
            for name in names
        ]
        properties.setdefault(prop_id, {})[prop.type] = {"options": items}
    return properties


def relation_value(page_ids: Sequence[str]) -> JSON:
    """A relation property value pointing at these pages."""
    return {"relation": [{"id": i} for i in page_ids]}


def page_value(
    prop: Property, value: Value, *, row_ids: Mapping[str, str] | None = None, at: str = ""
) -> JSON | None:
    """The page property value for a starter row or template; None when it cannot be sent yet.

    Args:
        prop: the property.
        value: the resolved value (see ``model.Value``).
        row_ids: "<database key>.<row key>" -> page id, for relations; a relation whose targets
            are not all created yet returns None (it is set by a later update).
    """
    t = prop.type
    if t in ("title", "rich_text"):
        return {t: rich_text(str(value), at)}
    if t == "number":
        return {"number": value}
    if t in ("select", "status"):
        return {t: {"name": str(value)}}
    if t == "multi_select":
        assert isinstance(value, tuple)
        return {"multi_select": [{"name": v} for v in value]}
    if t == "date":
        return {"date": {"start": str(value)}}
    if t == "checkbox":
        return {"checkbox": bool(value)}
    if t in ("url", "email", "phone_number"):
        return {t: str(value)}
    if t == "relation":
        assert isinstance(value, tuple) and prop.relation_target is not None
        ids = [(row_ids or {}).get(f"{prop.relation_target}.{key}") for key in value]
        found = [i for i in ids if i is not None]
        return relation_value(found) if len(found) == len(ids) else None
    raise ValueError(f"property type {t} takes no value")


def row_properties(
    database: Database,
    values: Mapping[str, Value],
    *,
    row_ids: Mapping[str, str],
    skip: Sequence[str] = (),
    at: str = "",
) -> JSON:
    """Property name -> value for a starter row: read-only types and ``skip`` left out.

    ``at`` is the row's place in the blueprint (``databases.tasks.rows[3]``), named when a text
    cannot fit.

    A relation whose target rows are not all created yet is left out too (a later update sets it).
    """
    properties: JSON = {}
    for key, value in values.items():
        prop = database.property(key)
        if key in skip or prop.type in READ_ONLY_TYPES:
            continue
        payload = page_value(prop, value, row_ids=row_ids, at=f"{at}.values.{key}")
        if payload is not None:
            properties[prop.name] = payload
    return properties


def _sorts(sorts: Sequence[Sort], names: Mapping[str, str]) -> list[JSON]:
    return [{"property": names[s.property], "direction": s.direction} for s in sorts]


def _filter(node: Any, names: Mapping[str, str]) -> Any:
    """Rewrite property keys to current Notion names inside a filter tree."""
    if isinstance(node, Mapping):
        out = {}
        for k, v in node.items():
            if k == "property" and isinstance(v, str):
                out[k] = names[v]
            else:
                out[k] = _filter(v, names)
        return out
    if isinstance(node, list | tuple):
        return [_filter(v, names) for v in node]
    return node


_GROUP_TYPE = {
    "select": "select",
    "multi_select": "multi_select",
    "status": "status",
    "people": "person",
    "created_by": "created_by",
    "last_edited_by": "last_edited_by",
    "relation": "relation",
    "date": "date",
    "created_time": "created_time",
    "last_edited_time": "last_edited_time",
    "title": "title",
    "rich_text": "text",
    "url": "url",
    "email": "email",
    "phone_number": "phone_number",
    "number": "number",
    "checkbox": "checkbox",
}


def group_by(prop: Property, prop_id: str, date_group: str | None = None) -> JSON:
    """A view ``group_by`` configuration for a property.

    ``date_group`` (``day``, ``week``, ``month``, ``year``) is how a date groups, Notion's
    ``group_by`` of a date group-by (views.ts ``DateGroupByConfigRequest``); None = month.
    """
    kind = _GROUP_TYPE.get(prop.type)
    if kind is None:
        raise ValueError(f"cannot group by a {prop.type} property")
    config: JSON = {"type": kind, "property_id": prop_id, "sort": {"type": "manual"}}
    if kind == "status":
        config["group_by"] = "group"
    elif kind in ("date", "created_time", "last_edited_time"):
        config["group_by"] = date_group or "month"
    elif kind in ("title", "text", "url", "email", "phone_number"):
        config["group_by"] = "exact"
    return config


def view_configuration(view: View, database: Database, ids: Mapping[str, str]) -> JSON:
    """The ``configuration`` object of a view; ``ids`` maps property keys to property ids."""
    config: JSON = {"type": view.type}
    if view.properties and view.type != "chart":
        config["properties"] = [
            {"property_id": ids[key], "visible": True} for key in view.properties
        ]
    if view.type == "board" or (view.type == "table" and view.group_by):
        assert view.group_by is not None
        config["group_by"] = group_by(
            database.property(view.group_by), ids[view.group_by], view.group_by_date
        )
    if view.type in ("calendar", "timeline"):
        assert view.date_property is not None
        config["date_property_id"] = ids[view.date_property]
        if view.type == "timeline" and view.end_date_property:
            config["end_date_property_id"] = ids[view.end_date_property]
    if view.type == "chart":
        assert view.chart is not None
        config["chart_type"] = view.chart.chart_type
        if view.chart.x_axis:
            config["x_axis"] = group_by(
                database.property(view.chart.x_axis),
                ids[view.chart.x_axis],
                view.chart.x_axis_date_group,
            )
        aggregation: JSON = {"aggregator": view.chart.y_aggregator}
        if view.chart.y_property:
            aggregation["property_id"] = ids[view.chart.y_property]
        config["value" if view.chart.chart_type == "number" else "y_axis"] = aggregation
    return config


def view_body(view: View, database: Database, *, ids: Mapping[str, str]) -> JSON:
    """The name, filter, sorts and configuration of a view (shared by create and update).

    Filters and sorts name properties by id: Notion documents "name or ID" there, and an id
    stays right when a user renames a property by hand.
    """
    body: JSON = {"name": view.name, "configuration": view_configuration(view, database, ids)}
    if view.filter:
        body["filter"] = _filter(view.filter, ids)
    if view.sorts:
        body["sorts"] = _sorts(view.sorts, ids)
    return body


def linked_database(page_id: str) -> JSON:
    """The ``create_database`` of a view create: a linked database block on a page."""
    return {"parent": page_parent(page_id)}


def at_end() -> JSON:
    """The ``position`` of an append after a page's last block."""
    return {"type": "end"}


def registry_code(text: str, caption: str) -> JSON:
    """The ``code`` content of the registry's JSON code block."""
    return {
        "rich_text": rich_text(text, "registry"),
        "language": "json",
        "caption": rich_text(caption),
    }


def registry_part(code: JSON) -> JSON:
    """One code block of the registry (a large registry takes several, appended to its toggle)."""
    return {"object": "block", "type": "code", "code": code}


def registry_toggle(title: str, code: JSON) -> JSON:
    """The registry block: a grey toggle titled ``title`` holding its first code block."""
    return {
        "object": "block",
        "type": "toggle",
        "toggle": {
            "rich_text": rich_text(title),
            "color": "gray",
            "children": [registry_part(code)],
        },
    }


def paragraph(text: str, color: str = "gray") -> JSON:
    """A paragraph block of plain text (the lease block: ``notion_setup.lease``)."""
    return {
        "object": "block",
        "type": "paragraph",
        "paragraph": {"rich_text": rich_text(text), "color": color},
    }
