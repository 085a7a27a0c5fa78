"""Checks of views (database views and linked views): columns, sorts, grouping, dates, charts,
filters.
"""

from __future__ import annotations

from notion_setup.blueprint.check_base import CheckerBase, Doc, Path
from notion_setup.blueprint.props import (
    DATE_TYPES,
    FILTER_KEYS,
    GROUPABLE_TYPES,
    NUMERIC_TYPES,
    OPTION_CONDITIONS,
)
from notion_setup.messages import _


class ViewChecks(CheckerBase):
    """A view's references to properties of its database, and what each use needs of them."""

    def check_view(self, db_key: str, view: Doc, path: Path) -> None:
        def need(field: str, allowed: frozenset[str] | None, what: str) -> None:
            key = view.get(field)
            if key is None:
                return
            prop = self.prop(db_key, key)
            if prop is None:
                self.add((*path, field), self.no_property(db_key, key))
            elif allowed is not None and prop["type"] not in allowed:
                self.add(
                    (*path, field),
                    _('"{key}" is a {type} property; {what}').format(
                        key=key, type=prop["type"], what=what
                    ),
                )

        for i, key in enumerate(view.get("properties", [])):
            if self.prop(db_key, key) is None:
                self.add((*path, "properties", i), self.no_property(db_key, key))
        for i, sort in enumerate(view.get("sorts", [])):
            if self.prop(db_key, sort["property"]) is None:
                self.add(
                    (*path, "sorts", i, "property"), self.no_property(db_key, sort["property"])
                )
        need("group_by", GROUPABLE_TYPES, _("a view cannot be grouped by it"))
        if "group_dates_by" in view:
            self.check_date_group(db_key, view.get("group_by"), (*path, "group_dates_by"))
        date_msg = _("{type} views need a date property (date, created or edited time)").format(
            type=view["type"]
        )
        need("date_property", DATE_TYPES, date_msg)
        need("end_date_property", DATE_TYPES, date_msg)
        chart = view.get("chart")
        if chart is not None:
            self.check_chart(db_key, chart, (*path, "chart"))
        if "filter" in view:
            self.check_filter(db_key, view["filter"], (*path, "filter"))

    def check_chart(self, db_key: str, chart: Doc, path: Path) -> None:
        x_axis = chart.get("x_axis")
        if x_axis is None and chart["type"] != "number":
            self.add(
                path,
                _('a {type} chart needs "x_axis", the property it groups by').format(
                    type=chart["type"]
                ),
            )
        elif x_axis is not None:
            prop = self.prop(db_key, x_axis)
            if prop is None:
                self.add((*path, "x_axis"), self.no_property(db_key, x_axis))
            elif prop["type"] not in GROUPABLE_TYPES:
                self.add(
                    (*path, "x_axis"),
                    _('"{x_axis}" is a {type} property; a chart cannot group by it').format(
                        x_axis=x_axis, type=prop["type"]
                    ),
                )
        if "group_dates_by" in chart:
            self.check_date_group(db_key, x_axis, (*path, "group_dates_by"))
        aggregator = chart.get("aggregator", "count")
        measured = chart.get("property")
        if aggregator in ("count",) and measured is not None:
            self.add(
                (*path, "property"),
                _('a "count" chart counts rows; remove "property" or pick another aggregator'),
            )
        elif aggregator not in ("count",) and measured is None:
            self.add(
                path,
                _('aggregator "{aggregator}" needs "property", the number it aggregates').format(
                    aggregator=aggregator
                ),
            )
        elif measured is not None:
            prop = self.prop(db_key, measured)
            if prop is None:
                self.add((*path, "property"), self.no_property(db_key, measured))
            elif aggregator not in ("count_values", "unique") and prop["type"] not in NUMERIC_TYPES:
                self.add(
                    (*path, "property"),
                    _('"{measured}" is a {type} property; "{aggregator}" needs a number').format(
                        measured=measured, type=prop["type"], aggregator=aggregator
                    ),
                )

    def check_date_group(self, db_key: str, key: str | None, path: Path) -> None:
        prop = self.prop(db_key, key) if key is not None else None
        if prop is not None and prop["type"] not in DATE_TYPES:
            self.add(
                path,
                _('"{key}" is a {type} property; only dates group by day, week...').format(
                    key=key, type=prop["type"]
                ),
            )
        elif key is None:
            self.add(path, _("only applies when the view groups by a date property"))

    def check_filter(self, db_key: str, node: Doc, path: Path) -> None:
        for compound in ("and", "or"):
            if compound in node:
                for i, child in enumerate(node[compound]):
                    self.check_filter(db_key, child, (*path, compound, i))
                return
        key = node["property"]
        prop = self.prop(db_key, key)
        if prop is None:
            self.add((*path, "property"), self.no_property(db_key, key))
            return
        ((kind, condition),) = ((k, v) for k, v in node.items() if k != "property")
        allowed = FILTER_KEYS[prop["type"]]
        if kind not in allowed:
            expected = _(" or ").join(f'"{k}"' for k in sorted(allowed)) or _(
                "nothing (not filterable)"
            )
            self.add(
                (*path, kind),
                _('"{key}" is a {type} property; filter it with {expected}').format(
                    key=key, type=prop["type"], expected=expected
                ),
            )
            return
        options = {o["key"] for o in prop.get("options", [])}
        for op, value in condition.items():
            if op in OPTION_CONDITIONS.get(kind, ()) and value not in options:
                known = ", ".join(sorted(options)) or "none"
                self.add(
                    (*path, kind, op),
                    _('no option "{value}" in {db_key}.{key} (options: {known})').format(
                        value=value, db_key=db_key, key=key, known=known
                    ),
                )
