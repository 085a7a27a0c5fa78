"""Rendering stored properties as the schema entries Notion returns."""

from __future__ import annotations

from collections.abc import Callable

from notion_setup.sandbox.check import Json
from notion_setup.sandbox.vocabulary import STATUS_GROUPS

#: Looks up a live, shared data source by id: returns its record or None.
DataSourceLookup = Callable[[str], Json | None]


def render_property(prop: Json, lookup: DataSourceLookup, own: Json) -> Json:
    """The schema entry Notion returns for a stored property."""
    kind = prop["type"]
    cfg = prop["config"]
    out: Json = {"id": prop["id"], "name": prop["name"], "type": kind}
    out["description"] = prop.get("description")
    if kind in ("select", "multi_select"):
        out[kind] = {"options": [_render_option(o) for o in cfg["options"]]}
    elif kind == "status":
        groups = []
        for index, (group, color) in enumerate(STATUS_GROUPS):
            groups.append(
                {
                    "id": f"grp{index}",
                    "name": group,
                    "color": color,
                    "option_ids": [o["id"] for o in cfg["options"] if o.get("group") == group],
                }
            )
        out[kind] = {"options": [_render_option(o) for o in cfg["options"]], "groups": groups}
    elif kind == "relation":
        target = own if cfg["data_source_id"] == own["id"] else lookup(cfg["data_source_id"])
        rel: Json = {
            "database_id": target["database_id"] if target else None,
            "data_source_id": cfg["data_source_id"],
            "type": cfg["type"],
        }
        if cfg["type"] == "single_property":
            rel["single_property"] = {}
        else:
            synced = None
            if target is not None:
                synced = next(
                    (p for p in target["properties"] if p["id"] == cfg.get("synced_property_id")),
                    None,
                )
            rel["dual_property"] = {
                "synced_property_id": cfg.get("synced_property_id"),
                "synced_property_name": synced["name"] if synced else None,
            }
        out[kind] = rel
    elif kind == "rollup":
        rel_prop = next(
            (p for p in own["properties"] if p["id"] == cfg["relation_property_id"]), None
        )
        target = None
        if rel_prop is not None and rel_prop["type"] == "relation":
            target_id = rel_prop["config"]["data_source_id"]
            target = own if target_id == own["id"] else lookup(target_id)
        rolled = None
        if target is not None:
            rolled = next(
                (p for p in target["properties"] if p["id"] == cfg["rollup_property_id"]), None
            )
        out[kind] = {
            "relation_property_name": rel_prop["name"] if rel_prop else None,
            "relation_property_id": cfg["relation_property_id"],
            "rollup_property_name": rolled["name"] if rolled else None,
            "rollup_property_id": cfg["rollup_property_id"],
            "function": cfg["function"],
        }
    else:
        out[kind] = {k: v for k, v in cfg.items() if not k.startswith("_")}
    return out


def _render_option(option: Json) -> Json:
    return {
        "id": option["id"],
        "name": option["name"],
        "color": option["color"],
        "description": option.get("description"),
    }
