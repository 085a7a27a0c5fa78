"""View configuration: the vocabulary of view types and the checks of a view request.

A request's configuration, filter, sorts and quick filters are checked against a data source's
schema.

Configuration fields (``property_id``, ``date_property_id``...) name properties by id; filters,
sorts and quick filters by name or id (the views guide's examples use names). Each type's
required configuration is enforced (board ``group_by``, calendar/timeline ``date_property_id``,
chart ``chart_type``), and every ``group_by`` needs ``sort`` (SDK request types).
"""

from __future__ import annotations

from typing import Any

from notion_setup.sandbox import check
from notion_setup.sandbox.check import Json
from notion_setup.sandbox.errors import body_invalid, missing
from notion_setup.sandbox.filters import FilterBuilder
from notion_setup.sandbox.workspace import Ctx

VIEW_TYPES = (
    "table",
    "board",
    "list",
    "calendar",
    "timeline",
    "gallery",
    "form",
    "chart",
    "map",
    "dashboard",
)
CREATE_KEYS = (
    "data_source_id",
    "name",
    "type",
    "database_id",
    "view_id",
    "filter",
    "sorts",
    "quick_filters",
    "create_database",
    "configuration",
    "position",
    "placement",
)
UPDATE_KEYS = ("name", "filter", "sorts", "quick_filters", "configuration")
_PROPERTY_ITEM = (
    "property_id",
    "visible",
    "width",
    "wrap",
    "status_show_as",
    "card_property_width_mode",
    "date_format",
    "time_format",
)
_COVER = ("cover", "cover_size", "cover_aspect", "card_layout")
CONFIG_KEYS: dict[str, tuple[str, ...]] = {
    "table": (
        "properties",
        "group_by",
        "subtasks",
        "wrap_cells",
        "frozen_column_index",
        "show_vertical_lines",
    ),
    "board": ("group_by", "sub_group_by", "properties", *_COVER),
    "calendar": ("date_property_id", "properties", "view_range", "show_weekends"),
    "timeline": (
        "date_property_id",
        "end_date_property_id",
        "properties",
        "show_table",
        "table_properties",
        "preference",
        "arrows_by",
        "color_by",
    ),
    "gallery": ("properties", *_COVER),
    "list": ("properties",),
    "form": ("is_form_closed", "anonymous_submissions", "submission_permissions"),
    "chart": (
        "chart_type",
        "x_axis",
        "y_axis",
        "value",
        "color",
        "height",
        "sort",
        "stack_by",
        "show_legend",
        "show_data_labels",
        "hide_empty_groups",
        "axis_labels",
        "grid_lines",
        "smooth_line",
        "gradient_fill",
        "donut_labels",
    ),
    "map": ("height", "map_by", "properties"),
}
REQUIRED_CONFIG = {
    "board": "group_by",
    "calendar": "date_property_id",
    "timeline": "date_property_id",
    "chart": "chart_type",
}
#: Property type -> group_by ``type``.
GROUP_TYPES = {
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
    "formula": "formula",
}
DATE_TYPES = ("date", "created_time", "last_edited_time")
CHART_AGGREGATORS = (
    "count",
    "count_values",
    "sum",
    "average",
    "median",
    "min",
    "max",
    "range",
    "unique",
    "empty",
    "not_empty",
    "percent_empty",
    "percent_not_empty",
)


class ViewChecker:
    """Checks the parts of a view request against one data source."""

    def __init__(self, ctx: Ctx, ds: Json) -> None:
        self.ctx = ctx
        self.ds = ds
        # Filters, sorts and quick filters name a property by name or by id (the views
        # guide's examples use names); configuration fields are ``property_id``s.
        self.filters = FilterBuilder(
            ds,
            ctx.ws.renderer,
            check_options=True,
            status_groups=ctx.status_group_filters,
            equals_matches_groups=not ctx.v2026_12,
        )
        self.ids = FilterBuilder(ds, ctx.ws.renderer, ids_only=True)

    def prop_id(self, value: Any, path: str, types: tuple[str, ...] | None = None) -> Json:
        prop = self.ids.prop(value, path)
        if types is not None and prop["type"] not in types:
            raise body_invalid(
                path,
                f"should name a property of type {' or '.join(types)}, instead named "
                f"{prop['name']} ({prop['type']})",
            )
        return prop

    def group_by(self, raw: Any, path: str) -> Json:
        grp = check.obj(raw, path)
        prop = self.prop_id(check.req(grp, "property_id", path), f"{path}.property_id")
        expected = GROUP_TYPES.get(prop["type"])
        if expected is None:
            raise body_invalid(f"{path}.property_id", f"cannot group by a {prop['type']} property")
        kind = check.req(grp, "type", path)
        if kind != expected:
            raise body_invalid(
                f"{path}.type",
                f"should be `{expected}` for property {prop['name']}, instead was `{kind}`",
            )
        allowed = ["type", "property_id", "sort", "hide_empty_groups"]
        if expected == "status":
            allowed.append("group_by")
            if "group_by" in grp:
                check.enum(grp["group_by"], ("group", "option"), f"{path}.group_by")
        elif expected in DATE_TYPES:
            allowed += ["group_by", "start_day_of_week"]
            if "group_by" in grp:
                check.enum(
                    grp["group_by"],
                    ("relative", "day", "week", "month", "year"),
                    f"{path}.group_by",
                )
        elif expected in ("text", "title", "url", "email", "phone_number"):
            allowed.append("group_by")
            if "group_by" in grp:
                check.enum(grp["group_by"], ("exact", "alphabet_prefix"), f"{path}.group_by")
        elif expected == "number":
            allowed += ["range_start", "range_end", "range_size"]
        elif expected == "formula":
            allowed.append("group_by")
        check.only_keys(grp, allowed, path)
        # ``sort`` is required in every group-by type of the SDK's request types (5.26,
        # GroupByConfigRequest) and in the views guide's group-by table.
        sort = check.obj(check.req(grp, "sort", path), f"{path}.sort")
        check.only_keys(sort, ("type",), f"{path}.sort")
        check.enum(
            check.req(sort, "type", f"{path}.sort"),
            ("manual", "ascending", "descending"),
            f"{path}.sort.type",
        )
        if "hide_empty_groups" in grp:
            check.boolean(grp["hide_empty_groups"], f"{path}.hide_empty_groups")
        return dict(grp)

    def properties(self, raw: Any, path: str) -> list[Json]:
        items = check.array(raw, path, max_len=None)
        result = []
        for index, item_raw in enumerate(items):
            where = f"{path}[{index}]"
            item = check.obj(item_raw, where)
            check.only_keys(item, _PROPERTY_ITEM, where)
            self.prop_id(check.req(item, "property_id", where), f"{where}.property_id")
            if "visible" in item:
                check.boolean(item["visible"], f"{where}.visible")
            if "width" in item:
                check.number(item["width"], f"{where}.width")
            result.append(dict(item))
        return result

    def configuration(self, raw: Any, view_type: str, path: str) -> Json:
        cfg = check.obj(raw, path)
        declared = check.req(cfg, "type", path)
        if declared != view_type:
            raise body_invalid(
                f"{path}.type",
                f"should be `{view_type}` (the view's type), instead was `{declared}`",
            )
        allowed = CONFIG_KEYS.get(view_type, ())
        check.only_keys(cfg, ("type", *allowed), path)
        required = REQUIRED_CONFIG.get(view_type)
        if required and cfg.get(required) is None:
            raise missing(f"{path}.{required}")
        out: Json = dict(cfg)
        for key in ("properties", "table_properties"):
            if key in cfg:
                out[key] = self.properties(cfg[key], f"{path}.{key}")
        for key in ("group_by", "sub_group_by"):
            if cfg.get(key) is not None:
                out[key] = self.group_by(cfg[key], f"{path}.{key}")
        for key in ("date_property_id", "end_date_property_id"):
            if cfg.get(key) is not None:
                self.prop_id(cfg[key], f"{path}.{key}", DATE_TYPES)
        if view_type == "chart":
            check.enum(
                cfg["chart_type"],
                ("column", "bar", "line", "donut", "number"),
                f"{path}.chart_type",
            )
            if cfg.get("x_axis") is not None:
                out["x_axis"] = self.group_by(cfg["x_axis"], f"{path}.x_axis")
            if cfg.get("y_axis") is not None:
                y_axis = check.obj(cfg["y_axis"], f"{path}.y_axis")
                check.only_keys(y_axis, ("aggregator", "property_id"), f"{path}.y_axis")
                check.enum(
                    check.req(y_axis, "aggregator", f"{path}.y_axis"),
                    CHART_AGGREGATORS,
                    f"{path}.y_axis.aggregator",
                )
                if y_axis.get("property_id") is not None:
                    self.prop_id(y_axis["property_id"], f"{path}.y_axis.property_id")
                elif y_axis["aggregator"] != "count":
                    raise missing(f"{path}.y_axis.property_id")
        if view_type == "calendar" and "view_range" in cfg:
            check.enum(cfg["view_range"], ("week", "month"), f"{path}.view_range")
        if view_type == "form" and "submission_permissions" in cfg:
            check.enum(
                cfg["submission_permissions"],
                ("none", "comment_only", "reader", "read_and_write", "editor"),
                f"{path}.submission_permissions",
            )
        return out

    def sorts(self, raw: Any, path: str) -> list[Json]:
        items = check.array(raw, path)
        result = []
        for index, item_raw in enumerate(items):
            where = f"{path}[{index}]"
            item = check.obj(item_raw, where)
            check.only_keys(item, ("property", "direction"), where)
            self.filters.prop(check.req(item, "property", where), f"{where}.property")
            check.enum(
                check.req(item, "direction", where),
                ("ascending", "descending"),
                f"{where}.direction",
            )
            result.append(dict(item))
        return result

    def quick_filters(self, raw: Any, path: str, current: Json | None) -> Json | None:
        if raw is None:
            return None
        qf = check.obj(raw, path)
        result = dict(current or {})
        for key, cond in qf.items():
            prop = self.filters.prop(key, f"{path}.{key}")
            if cond is None:
                result.pop(prop["id"], None)
                continue
            self.filters.compile(
                {"property": prop["id"], **check.obj(cond, f"{path}.{key}")}, f"{path}.{key}"
            )
            result[prop["id"]] = cond
        return result
