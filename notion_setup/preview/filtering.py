"""Apply a view's filter and sorts to the starter rows, the way Notion would.

Filters use Notion's shape with property keys. A condition this module does not know keeps the
row (``FilterResult.exact`` turns False) so the preview never hides rows on a guess.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from notion_setup.model import Database, Row, Sort
from notion_setup.preview.data import Dataset, NotComputed

_RELATIVE = {
    "past_week": (-7, 0),
    "past_month": (-30, 0),
    "past_year": (-365, 0),
    "next_week": (0, 7),
    "next_month": (0, 30),
    "next_year": (0, 365),
    "this_week": (0, 0),  # replaced by the calendar week in _date_condition
}


@dataclass(frozen=True)
class FilterResult:
    """The rows a view shows, and whether every condition could be checked."""

    rows: tuple[Row, ...]
    exact: bool


class _Matcher:
    def __init__(self, data: Dataset, db: Database) -> None:
        self.data = data
        self.db = db
        self.exact = True

    def matches(self, row: Row, flt: Mapping[str, Any]) -> bool:
        if "and" in flt:
            return all(self.matches(row, sub) for sub in flt["and"])
        if "or" in flt:
            return any(self.matches(row, sub) for sub in flt["or"])
        key = flt.get("property")
        try:
            prop = self.db.property(str(key))
        except KeyError:
            self.exact = False
            return True
        value = self.data.value(self.db, row, prop)
        if isinstance(value, NotComputed):
            self.exact = False
            return True
        conditions = next((v for k, v in flt.items() if k != "property"), None)
        if isinstance(conditions, Mapping) and prop.type == "formula":
            # {"formula": {"number": {...}}}: one more level, then the same conditions.
            conditions = next(iter(conditions.values()), None)
        if not isinstance(conditions, Mapping) or not conditions:
            self.exact = False
            return True
        return all(self._condition(name, arg, value) for name, arg in conditions.items())

    def _condition(self, name: str, arg: Any, value: Any) -> bool:
        if name == "is_empty":
            return value is None or value == "" or value == ()
        if name == "is_not_empty":
            return not (value is None or value == "" or value == ())
        if isinstance(value, tuple):  # multi_select, relation
            if name == "contains":
                return arg in value
            if name == "does_not_contain":
                return arg not in value
        if isinstance(value, date) or name in _RELATIVE or name in ("before", "after"):
            return self._date_condition(name, arg, value)
        if name == "equals":
            return bool(value == arg) if value is not None else False
        if name == "does_not_equal":
            return bool(value != arg)
        if isinstance(value, str) and isinstance(arg, str):
            text, needle = value.lower(), arg.lower()
            checks = {
                "contains": needle in text,
                "does_not_contain": needle not in text,
                "starts_with": text.startswith(needle),
                "ends_with": text.endswith(needle),
            }
            if name in checks:
                return checks[name]
        if isinstance(value, int | float) and isinstance(arg, int | float):
            numbers = {
                "greater_than": value > arg,
                "less_than": value < arg,
                "greater_than_or_equal_to": value >= arg,
                "less_than_or_equal_to": value <= arg,
            }
            if name in numbers:
                return numbers[name]
        if value is None and name in ("greater_than", "less_than", "contains", "starts_with"):
            return False
        self.exact = False
        return True

    def _date_condition(self, name: str, arg: Any, value: Any) -> bool:
        if not isinstance(value, date):
            return False
        today = self.data.today
        if name in _RELATIVE:
            if name == "this_week":
                start = today - timedelta(days=today.weekday())
                return start <= value < start + timedelta(days=7)
            low, high = _RELATIVE[name]
            return today + timedelta(days=low) <= value <= today + timedelta(days=high)
        try:
            other = date.fromisoformat(str(arg)[:10])
        except ValueError:
            self.exact = False
            return True
        checks = {
            "equals": value == other,
            "before": value < other,
            "after": value > other,
            "on_or_before": value <= other,
            "on_or_after": value >= other,
            "does_not_equal": value != other,
        }
        if name in checks:
            return checks[name]
        self.exact = False
        return True


def filter_rows(data: Dataset, db: Database, flt: Mapping[str, Any] | None) -> FilterResult:
    """The starter rows of ``db`` that pass ``flt`` (all rows when there is no filter)."""
    if not flt:
        return FilterResult(db.rows, True)
    matcher = _Matcher(data, db)
    rows = tuple(row for row in db.rows if matcher.matches(row, flt))
    return FilterResult(rows, matcher.exact)


def sort_rows(data: Dataset, db: Database, rows: Sequence[Row], sorts: Sequence[Sort]) -> list[Row]:
    """Rows in the order of ``sorts`` (stable; empty values last, as Notion does)."""
    ordered = list(rows)
    for sort in reversed(sorts):
        try:
            prop = db.property(sort.property)
        except KeyError:
            continue
        option_rank = {o.name: i for i, o in enumerate(prop.options)}

        def sort_key(row: Row, prop: Any = prop, ranks: dict[str, int] = option_rank) -> Any:
            # (empty?, kind, number, text): options sort in their declared order, like Notion.
            value = data.value(db, row, prop)
            if value is None or isinstance(value, NotComputed) or value in ("", ()):
                return (1, 0, 0.0, "")
            if isinstance(value, str) and value in ranks:
                return (0, 0, float(ranks[value]), "")
            if isinstance(value, bool | int | float):
                return (0, 0, float(value), "")
            if isinstance(value, date):
                return (0, 0, float(value.toordinal()), "")
            return (0, 1, 0.0, str(value).lower())

        present = [r for r in ordered if sort_key(r)[0] == 0]
        empty = [r for r in ordered if sort_key(r)[0] == 1]
        present.sort(key=sort_key, reverse=sort.direction == "descending")
        ordered = present + empty
    return ordered
