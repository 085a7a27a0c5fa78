"""Views and view filters, from their Notion configuration to blueprint views (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, get_args

from notion_setup.blueprint.checks import Checker
from notion_setup.blueprint.props import OPTION_CONDITIONS
from notion_setup.messages import _
from notion_setup.model import ViewType
from notion_setup.notion.transport import JSON

from .common import Keys, Source, TranslationState
from .read import Raw

VIEW_TYPES = frozenset(get_args(ViewType))
CHART_AGGREGATORS = frozenset(
    {"count", "sum", "average", "min", "max", "median", "range", "count_values", "unique"}
)


def views(
    state: TranslationState, checker: Checker, source: Source, read: tuple[Raw, ...], where: str
) -> list[JSON]:
    """The blueprint views of ``source`` from the views read (of it, or of a linked view)."""
    out: list[JSON] = []
    keys = Keys()
    names: set[str] = set()
    for raw in read:
        view = dict(raw)
        name = str(view.get("name") or "View")
        if name.casefold() in names:
            state.note(f"{where}/{name}", _("a second view with this name is not exported"))
            continue
        spec = _view(state, checker, source, view, keys, f"{where}/{name}")
        if spec is not None:
            names.add(name.casefold())
            out.append(spec)
    return out


def _view(
    state: TranslationState, checker: Checker, source: Source, view: JSON, keys: Keys, where: str
) -> JSON | None:
    kind = str(view.get("type"))
    if kind not in VIEW_TYPES:
        state.note(
            where, _("{kind} view not exported (a blueprint has no {kind} views)").format(kind=kind)
        )
        return None
    config = view.get("configuration") or {}
    name = str(view.get("name") or "View")
    spec: JSON = {"key": keys.key(name, "view"), "name": state.text(name, where), "type": kind}

    def key(ref: Any) -> str | None:
        found = source.key_of(str(ref)) if ref else None
        return found if found and state.declared(source.key, found) else None

    visible = [
        key(p.get("property_id"))
        for p in config.get("properties") or []
        if p.get("visible", True) is not False
    ]
    if kind != "chart" and any(visible):
        spec["properties"] = list(dict.fromkeys(k for k in visible if k))
    group = (config.get("group_by") or {}).get("property_id")
    if kind in ("board", "table") and group:
        spec["group_by"] = key(group)
    if kind in ("calendar", "timeline"):
        spec["date_property"] = key(config.get("date_property_id"))
        if kind == "timeline" and config.get("end_date_property_id"):
            spec["end_date_property"] = key(config.get("end_date_property_id"))
    if kind == "chart":
        measure = config.get("y_axis") or config.get("value") or {}
        chart: JSON = {"type": config.get("chart_type", "column")}
        x_axis = (config.get("x_axis") or {}).get("property_id")
        if x_axis:
            chart["x_axis"] = key(x_axis)
        aggregator = measure.get("aggregator", "count")
        if aggregator not in CHART_AGGREGATORS:
            state.note(
                where,
                _("chart aggregator {aggregator} not exported; view dropped").format(
                    aggregator=aggregator
                ),
            )
            return None
        if aggregator != "count":
            chart["aggregator"] = aggregator
        if measure.get("property_id"):
            chart["property"] = key(measure["property_id"])
        spec["chart"] = chart
    if any(v is None for v in (spec.get("group_by", ""), spec.get("date_property", ""))) or (
        "chart" in spec and None in spec["chart"].values()
    ):
        state.note(where, _("it is built on a property that is not exported; view dropped"))
        return None
    sorts = []
    for sort in view.get("sorts") or []:
        sort_key = key(sort.get("property"))
        if sort_key is None:
            state.note(where, _("a sort on a timestamp or missing property not exported"))
            continue
        sorts.append({"property": sort_key, "direction": sort.get("direction", "ascending")})
    if sorts:
        spec["sorts"] = sorts
    if view.get("filter"):
        converted = view_filter(state, source, view["filter"])
        if converted is None:
            state.note(where, _("its filter uses conditions a blueprint cannot hold; not exported"))
        else:
            spec["filter"] = converted
    if view.get("quick_filters"):
        state.note(where, _("quick filters not exported"))
    before = len(checker.problems)
    checker.check_view(source.key, spec, ())
    if len(checker.problems) > before and "filter" in spec:
        del checker.problems[before:]
        del spec["filter"]
        state.note(where, _("its filter does not fit a blueprint; not exported"))
        checker.check_view(source.key, spec, ())
    if len(checker.problems) > before:
        problems = "; ".join(p.message for p in checker.problems[before:])
        del checker.problems[before:]
        state.note(where, _("view dropped: {problems}").format(problems=problems))
        return None
    return spec


def view_filter(state: TranslationState, source: Source, node: Any) -> JSON | None:
    """A blueprint filter from a Notion view filter, or None when a blueprint cannot hold it."""
    if not isinstance(node, Mapping):
        return None
    for compound in ("and", "or"):
        if compound in node:
            children = [view_filter(state, source, child) for child in node[compound]]
            if not children or any(c is None for c in children):
                return None
            return {compound: children}
    key = source.key_of(str(node.get("property", "")))
    rest = [(k, v) for k, v in node.items() if k not in ("property", "type")]
    if key is None or not state.declared(source.key, key) or len(rest) != 1:
        return None
    kind, condition = rest[0]
    if not isinstance(condition, Mapping) or not condition:
        return None
    out: JSON = {}
    for op, value in condition.items():
        if op in OPTION_CONDITIONS.get(kind, ()):
            option = source.option_key(key, value)
            if option is None:
                return None
            value = option
        out[op] = value
    return {"property": key, kind: out}
