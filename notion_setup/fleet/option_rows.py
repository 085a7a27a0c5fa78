"""Rows holding an option the blueprint renamed get its new name, then the old option goes.

As docs/upgrades.md says, an option is not renamed in place: the plan adds the new option, the
rows holding the old one are moved to it here, and the old option is dropped last.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from notion_setup.fleet.migrate import OptionMove
from notion_setup.notion.endpoints import TITLE, NotionAPI, as_api
from notion_setup.notion.results import Page, PropertySchema
from notion_setup.notion.transport import JSON, Transport

if TYPE_CHECKING:
    from notion_setup.apply import Executor


class MoveCounts(Protocol):
    """Where ``move_options`` counts what it did (an upgrade's or a relang's result)."""

    rows_moved: int
    options_dropped: int


def move_options(
    gateway: Transport | NotionAPI,
    executor: Executor,
    moves: Sequence[OptionMove],
    result: MoveCounts,
) -> list[OptionMove]:
    """Give the rows holding each old option its new one, then drop the old option.

    Runs after the plan (which added the new options). Checked against the live schema, so a
    run that stopped half-way finishes the job the next time. Returns the moves it made.
    """
    api = as_api(gateway)
    done: list[OptionMove] = []
    for move in moves:
        ids = executor.databases.get(move.database)
        if ids is None:
            continue
        ds_id = ids[1]
        where = f"databases.{move.database}.properties.{move.prop}"
        source = api.data_sources.retrieve(ds_id)
        prop_id = executor.registry.id(f"prop:{move.database}.{move.prop}")
        live = _live_property(source.properties, prop_id, move.prop_name)
        if live is None:
            continue
        options = list(live.raw.get(move.prop_type, {}).get("options", []))
        folded = {str(o.get("name", "")).casefold(): str(o.get("name", "")) for o in options}
        old_name = folded.get(move.old.casefold())
        if old_name is None or move.new.casefold() not in folded:
            continue
        operator = "contains" if move.prop_type == "multi_select" else "equals"
        query = {"property": live.id, move.prop_type: {operator: old_name}}
        rows = api.data_sources.query(ds_id, properties=(TITLE, live.id), filter=query)
        for row in list(rows):
            value = _moved_value(row, live.id, move, old_name)
            if value is None:
                continue
            api.pages.update(row.id, properties={live.id: value}, blueprint_path=where)
            result.rows_moved += 1
        kept = [{"id": o["id"]} for o in options if o.get("name") != old_name]
        api.data_sources.update(
            ds_id,
            properties={live.id: {move.prop_type: {"options": kept}}},
            blueprint_path=where,
        )
        result.options_dropped += 1
        done.append(move)
    return done


def _live_property(
    props: Sequence[PropertySchema], prop_id: str | None, name: str
) -> PropertySchema | None:
    for prop in props:
        if (prop_id and prop.id == prop_id) or (not prop_id and prop.name == name):
            return prop
    return None


def _moved_value(row: Page, prop_id: str, move: OptionMove, old_name: str) -> JSON | None:
    value = next((v for v in row.properties.values() if v.get("id") == prop_id), None)
    if value is None:
        return None
    if move.prop_type == "multi_select":
        names = [str(o.get("name")) for o in value.get("multi_select") or []]
        if old_name not in names:
            return None
        out = [move.new if n == old_name else n for n in names]
        return {"multi_select": [{"name": n} for n in dict.fromkeys(out)]}
    current = value.get(move.prop_type) or {}
    if current.get("name") != old_name:
        return None
    return {move.prop_type: {"name": move.new}}
