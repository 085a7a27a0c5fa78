"""Query filters and sorts: validate them against a schema and evaluate them on pages.

Used by ``POST /v1/data_sources/{id}/query`` and by views (which reference properties by id
only and check select/status values against the options).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from notion_setup.sandbox import check
from notion_setup.sandbox.check import Json
from notion_setup.sandbox.errors import body_invalid, invalid
from notion_setup.sandbox.values import GROUP_NAMES, Renderer, status_group

_TEXT = {
    "equals": "string",
    "does_not_equal": "string",
    "contains": "string",
    "does_not_contain": "string",
    "starts_with": "string",
    "ends_with": "string",
    "is_empty": "true",
    "is_not_empty": "true",
}
_NUMBER = {
    "equals": "number",
    "does_not_equal": "number",
    "greater_than": "number",
    "less_than": "number",
    "greater_than_or_equal_to": "number",
    "less_than_or_equal_to": "number",
    "is_empty": "true",
    "is_not_empty": "true",
}
_SELECT = {
    "equals": "string",
    "does_not_equal": "string",
    "is_empty": "true",
    "is_not_empty": "true",
}
_CONTAINS = {
    "contains": "string",
    "does_not_contain": "string",
    "is_empty": "true",
    "is_not_empty": "true",
}
_DATE = {
    "equals": "date",
    "before": "date",
    "after": "date",
    "on_or_before": "date",
    "on_or_after": "date",
    "is_empty": "true",
    "is_not_empty": "true",
    # Relative windows, each taking an empty object (SDK DatePropertyFilter).
    "this_week": "empty",
    "past_week": "empty",
    "past_month": "empty",
    "past_year": "empty",
    "next_week": "empty",
    "next_month": "empty",
    "next_year": "empty",
}
#: Relative dates a date condition accepts instead of an ISO date (SDK RelativeDateValue).
RELATIVE_DATES = {
    "today": 0,
    "tomorrow": 1,
    "yesterday": -1,
    "one_week_ago": -7,
    "one_week_from_now": 7,
    "one_month_ago": -30,
    "one_month_from_now": 30,
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][0-9:.+\-Z]*)?$")
_CHECKBOX = {"equals": "boolean", "does_not_equal": "boolean"}
#: Filter key -> allowed conditions; the filter key must be the property's type.
CONDITIONS: dict[str, dict[str, str]] = {
    "title": _TEXT,
    "rich_text": _TEXT,
    "url": _TEXT,
    "email": _TEXT,
    "phone_number": _TEXT,
    "number": _NUMBER,
    "unique_id": {k: v for k, v in _NUMBER.items() if not k.startswith("is_")},
    "checkbox": _CHECKBOX,
    "select": _SELECT,
    "status": _SELECT,
    "multi_select": _CONTAINS,
    "relation": _CONTAINS,
    "people": _CONTAINS,
    "created_by": _CONTAINS,
    "last_edited_by": _CONTAINS,
    "files": {"is_empty": "true", "is_not_empty": "true"},  # SDK ExistencePropertyFilter
    "date": _DATE,
    "created_time": _DATE,
    "last_edited_time": _DATE,
}
_FORMULA_KEYS = {"string": _TEXT, "number": _NUMBER, "checkbox": _CHECKBOX, "date": _DATE}
MAX_FILTERS = 100
MAX_COMPOUND_DEPTH = 2

Predicate = Callable[[Json], bool]


class FilterBuilder:
    """Validates filters and sorts for one data source and compiles them to predicates.

    Args:
        ds: the data-source record.
        renderer: computes property values.
        ids_only: configuration fields (``property_id``) name properties by id only.
        check_options: views check select/status values against the options.
        status_groups: the ``Notion-Beta: status-group-filters-2026-10-06`` header was sent:
            status conditions take ``group: {equals | does_not_equal: <group name>}``.
        equals_matches_groups: a status ``equals`` naming a group matches the group's options
            (until 2026-12-01, which drops it: upgrade guide).
    """

    def __init__(
        self,
        ds: Json,
        renderer: Renderer,
        *,
        ids_only: bool = False,
        check_options: bool = False,
        status_groups: bool = False,
        equals_matches_groups: bool = True,
    ) -> None:
        self.ds = ds
        self.renderer = renderer
        self.ids_only = ids_only
        self.check_options = check_options
        self.status_groups = status_groups
        self.equals_matches_groups = equals_matches_groups

    def prop(self, ref: Any, path: str) -> Json:
        """The property a filter or sort names (by name, or by id)."""
        name = check.text(ref, path)
        for prop in self.ds["properties"]:
            if prop["id"] == name or (not self.ids_only and prop["name"] == name):
                return prop  # type: ignore[no-any-return]
        if self.ids_only and any(p["name"] == name for p in self.ds["properties"]):
            raise body_invalid(path, f"should be a property id, instead was the name `{name}`")
        raise invalid(f"Could not find property with name or id: {name}")

    def compile(self, raw: Any, path: str, depth: int = 0) -> Predicate:
        """Validate a filter object and return a predicate over page records."""
        flt = check.obj(raw, path)
        for combinator in ("and", "or"):
            if combinator in flt:
                check.only_keys(flt, (combinator,), path)
                if depth >= MAX_COMPOUND_DEPTH:
                    raise body_invalid(
                        f"{path}.{combinator}",
                        f"should be not present: compound filters nest at most "
                        f"{MAX_COMPOUND_DEPTH} levels deep",
                    )
                items = check.array(flt[combinator], f"{path}.{combinator}", max_len=MAX_FILTERS)
                subs = [
                    self.compile(item, f"{path}.{combinator}[{i}]", depth + 1)
                    for i, item in enumerate(items)
                ]
                if combinator == "and":
                    return lambda page: all(sub(page) for sub in subs)
                return lambda page: any(sub(page) for sub in subs)
        if "timestamp" in flt:
            stamp = check.enum(
                flt["timestamp"], ("created_time", "last_edited_time"), f"{path}.timestamp"
            )
            check.only_keys(flt, ("timestamp", stamp), path)
            cond = self._condition(check.req(flt, stamp, path), f"{path}.{stamp}", _DATE, None)
            return lambda page: cond(page[stamp])
        prop = self.prop(check.req(flt, "property", path), f"{path}.property")
        kind = prop["type"]
        keys = [k for k in flt if k != "property"]
        if len(keys) != 1:
            raise body_invalid(
                path, f"should hold exactly one condition for property {prop['name']}"
            )
        key = keys[0]
        if kind in ("formula", "rollup"):
            if key != kind:
                raise self._mismatch(prop, key)
            inner = check.obj(flt[key], f"{path}.{key}")
            sub_keys = list(inner)
            if len(sub_keys) != 1 or sub_keys[0] not in _FORMULA_KEYS:
                raise body_invalid(
                    f"{path}.{key}", "should hold one of `string`, `number`, `checkbox`, `date`"
                )
            sub = sub_keys[0]
            cond = self._condition(inner[sub], f"{path}.{key}.{sub}", _FORMULA_KEYS[sub], None)
            return self._bind(prop, cond)
        if kind not in CONDITIONS:
            raise invalid(f"Filtering on {kind} properties is not supported ({prop['name']}).")
        if key != kind:
            raise self._mismatch(prop, key)
        cond = self._condition(flt[key], f"{path}.{key}", CONDITIONS[kind], prop)
        return self._bind(prop, cond)

    def _mismatch(self, prop: Json, key: str) -> Exception:
        return invalid(
            f"body failed validation: property {prop['name']} is a {prop['type']} property; "
            f"filter it with `{prop['type']}`, not `{key}`."
        )

    def _bind(self, prop: Json, cond: Callable[[Any], bool]) -> Predicate:
        def predicate(page: Json) -> bool:
            value = self.renderer.scalar(prop, page, self.ds, 0)
            if prop["type"] == "status":
                return cond((value, status_group(prop, page["values"].get(prop["id"]))))
            return cond(value)

        return predicate

    def _condition(
        self, raw: Any, path: str, allowed: dict[str, str], prop: Json | None
    ) -> Callable[[Any], bool]:
        cond = check.obj(raw, path)
        if len(cond) != 1:
            raise body_invalid(path, "should hold exactly one condition")
        ((op, operand),) = cond.items()
        if prop is not None and prop["type"] == "status":
            if op == "group" and self.status_groups:
                return self._group_condition(operand, f"{path}.group")
            if op in ("equals", "does_not_equal") and self.equals_matches_groups:
                return self._legacy_status(op, operand, path, allowed, prop)
        if op not in allowed:
            raise check.not_one_of(f"{path}", tuple(allowed), op)
        shape = allowed[op]
        where = f"{path}.{op}"
        if shape == "empty":
            if operand != {}:
                raise body_invalid(where, f"should be an empty object, instead was `{operand}`")
        elif shape == "true":
            if operand is not True:
                raise body_invalid(where, f"should be `true`, instead was `{operand}`")
        elif shape == "string":
            check.text(operand, where)
            if prop is not None and self.check_options and prop["type"] in ("select", "status"):
                names = [o["name"] for o in prop["config"]["options"]]
                if operand not in names:
                    raise invalid(
                        f"body failed validation: {where} `{operand}` is not an option of "
                        f"{prop['name']} (options: {', '.join(names)})."
                    )
        elif shape == "number":
            check.number(operand, where)
        elif shape == "boolean":
            check.boolean(operand, where)
        elif shape == "date":
            check.text(operand, where)
            if operand not in RELATIVE_DATES and not _ISO_DATE.match(operand):
                raise body_invalid(
                    where, f"should be an ISO 8601 date or a relative date, instead was `{operand}`"
                )
            if operand in RELATIVE_DATES:
                operand = (_today() + timedelta(days=RELATIVE_DATES[operand])).isoformat()
        return functools.partial(_evaluate, op, operand, prop["type"] if prop else "date")

    def _group_condition(self, raw: Any, path: str) -> Callable[[Any], bool]:
        """The beta status group operator: matches every option of a status group."""
        inner = check.obj(raw, path)
        if len(inner) != 1:
            raise body_invalid(path, "should hold exactly one condition")
        ((op, operand),) = inner.items()
        if op not in ("equals", "does_not_equal"):
            raise check.not_one_of(path, ("equals", "does_not_equal"), op)
        group = check.enum(operand, GROUP_NAMES, f"{path}.{op}")

        def matches(value: Any) -> bool:
            hit = value[0] is not None and value[1] == group
            return hit if op == "equals" else not hit

        return matches

    def _legacy_status(
        self, op: str, operand: Any, path: str, allowed: dict[str, str], prop: Json
    ) -> Callable[[Any], bool]:
        """Until 2026-12-01: an ``equals`` value that names no option but a group matches it."""
        check.text(operand, f"{path}.{op}")
        names = [o["name"] for o in prop["config"]["options"]]
        if self.check_options and operand not in names and operand not in GROUP_NAMES:
            raise invalid(
                f"body failed validation: {path}.{op} `{operand}` is not an option of "
                f"{prop['name']} (options: {', '.join(names)})."
            )
        by_group = operand not in names and operand in GROUP_NAMES

        def matches(value: Any) -> bool:
            hit = value[1 if by_group else 0] == operand and value[0] is not None
            return hit if op == "equals" else not hit

        return matches

    def _prop_key(self, prop: Json) -> Callable[[Json], Any]:
        return lambda page: self.renderer.scalar(prop, page, self.ds, 0)

    def sorter(self, raw: Any, path: str) -> Callable[[list[Json]], list[Json]]:
        """Validate ``sorts`` and return a function sorting page records."""
        items = check.array(raw, path)
        keys: list[tuple[Callable[[Json], Any], bool]] = []
        for index, item_raw in enumerate(items):
            where = f"{path}[{index}]"
            item = check.obj(item_raw, where)
            direction = check.enum(
                item.get("direction", "ascending"),
                ("ascending", "descending"),
                f"{where}.direction",
            )
            if "timestamp" in item:
                check.only_keys(item, ("timestamp", "direction"), where)
                stamp = check.enum(
                    item["timestamp"], ("created_time", "last_edited_time"), f"{where}.timestamp"
                )
                keys.append((_stamp_key(stamp), direction == "descending"))
                continue
            check.only_keys(item, ("property", "direction"), where)
            prop = self.prop(check.req(item, "property", where), f"{where}.property")
            keys.append((self._prop_key(prop), direction == "descending"))

        def apply(pages: list[Json]) -> list[Json]:
            result = list(pages)
            for key, reverse in reversed(keys):
                present = [p for p in result if _sortable(key(p)) is not None]
                absent = [p for p in result if _sortable(key(p)) is None]
                present.sort(key=lambda p, k=key: _sortable(k(p)), reverse=reverse)  # type: ignore[misc]
                result = present + absent  # empty values always sort last, as in Notion
            return result

        return apply


def _stamp_key(stamp: str) -> Callable[[Json], Any]:
    return lambda page: page[stamp]


def _sortable(value: Any) -> Any:
    if value in (None, "", []):
        return None
    if isinstance(value, list):
        return (1, ",".join(str(v) for v in value))
    if isinstance(value, bool):
        return (0, int(value))
    if isinstance(value, int | float):
        return (0, value)
    return (1, str(value).lower())


def _evaluate(op: str, operand: Any, kind: str, value: Any) -> bool:
    if kind == "status":
        name, _group = value
        if op == "is_empty":
            return name is None
        if op == "is_not_empty":
            return name is not None
        matches = operand == name
        return matches if op == "equals" else not matches
    empty = value in (None, "", [])
    if op == "is_empty":
        return empty
    if op == "is_not_empty":
        return not empty
    if isinstance(value, list):
        found = operand in value
        return found if op == "contains" else not found
    if kind in ("date", "created_time", "last_edited_time"):
        if value is None:
            return False
        if isinstance(operand, dict):  # a relative window
            return _in_window(op, str(value)[:10])
        day, target = str(value)[: len(operand)], operand
        return bool(
            {
                "equals": day == target,
                "before": day < target,
                "after": day > target,
                "on_or_before": day <= target,
                "on_or_after": day >= target,
            }[op]
        )
    if isinstance(operand, str):
        text = "" if value is None else str(value)
        low, needle = text.lower(), operand.lower()
        return {
            "equals": text == operand,
            "does_not_equal": text != operand,
            "contains": needle in low,
            "does_not_contain": needle not in low,
            "starts_with": low.startswith(needle),
            "ends_with": low.endswith(needle),
        }[op]
    if isinstance(operand, bool):
        return (value is operand) if op == "equals" else (value is not operand)
    if value is None:
        return op == "does_not_equal"
    return bool(
        {
            "equals": value == operand,
            "does_not_equal": value != operand,
            "greater_than": value > operand,
            "less_than": value < operand,
            "greater_than_or_equal_to": value >= operand,
            "less_than_or_equal_to": value <= operand,
        }[op]
    )


def _today() -> date:
    return date.today()


_WINDOWS = {
    "past_week": (-7, 0),
    "past_month": (-30, 0),
    "past_year": (-365, 0),
    "next_week": (0, 7),
    "next_month": (0, 30),
    "next_year": (0, 365),
}


def _in_window(op: str, day: str) -> bool:
    """Whether an ISO day falls in a relative window (weeks start on Monday)."""
    today = _today()
    if op == "this_week":
        start = today - timedelta(days=today.weekday())
        lo, hi = start, start + timedelta(days=6)
    else:
        before, after = _WINDOWS[op]
        lo, hi = today + timedelta(days=before), today + timedelta(days=after)
    return lo.isoformat() <= day <= hi.isoformat()
