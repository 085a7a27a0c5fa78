"""Starter rows as Notion would show them: stored values plus what Notion computes.

Notion fills the synced side of two-way relations, evaluates formulas and rollups, numbers unique
ids and stamps created/edited times. The preview does the same over the starter rows so a table
looks like the one the client will open, not like the blueprint's JSON.
"""

from __future__ import annotations

import statistics
from datetime import date
from typing import Any

from notion_setup.model import Database, Property, Row, Workspace
from notion_setup.preview.formula import Unsupported, evaluate


class NotComputed:
    """A computed value the preview cannot reproduce (an unsupported formula)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"NotComputed({self.reason!r})"


class Dataset:
    """Values of every starter row of a workspace, stored and computed, memoised."""

    def __init__(self, workspace: Workspace, today: date) -> None:
        self.workspace = workspace
        self.today = today
        self._dbs = {db.key: db for db in workspace.databases}
        self._memo: dict[tuple[str, str, str], Any] = {}
        self._busy: set[tuple[str, str, str]] = set()

    def database(self, key: str) -> Database | None:
        """The database with that key, or None when its module was left out."""
        return self._dbs.get(key)

    def row(self, db_key: str, row_key: str) -> Row | None:
        """A starter row by key."""
        db = self._dbs.get(db_key)
        return next((r for r in db.rows if r.key == row_key), None) if db else None

    def title(self, db_key: str, row_key: str) -> str:
        """The title of a row (its key when the title is empty, as Notion shows 'Untitled')."""
        db = self._dbs.get(db_key)
        row = self.row(db_key, row_key)
        if db is None or row is None:
            return row_key
        value = row.values.get(db.title_property.key)
        return str(value) if value else row_key

    def value(self, db: Database, row: Row, prop: Property) -> Any:
        """The value Notion would show in ``row``'s ``prop`` cell; None when empty.

        Dates come back as ``datetime.date``; relations as a tuple of row keys of the target.
        """
        memo_key = (db.key, row.key, prop.key)
        if memo_key in self._memo:
            return self._memo[memo_key]
        if memo_key in self._busy:  # a formula or rollup that refers to itself
            return NotComputed("circular reference")
        self._busy.add(memo_key)
        try:
            value = self._compute(db, row, prop)
        finally:
            self._busy.discard(memo_key)
        self._memo[memo_key] = value
        return value

    def _compute(self, db: Database, row: Row, prop: Property) -> Any:
        raw = row.values.get(prop.key)
        kind = prop.type
        if kind == "date":
            return _as_date(raw)
        if kind == "relation":
            return self._relation(db, row, prop)
        if kind == "formula":
            return self._formula(db, row, prop)
        if kind == "rollup":
            return self._rollup(db, row, prop)
        if kind == "unique_id":
            position = next(i for i, r in enumerate(db.rows) if r.key == row.key) + 1
            prefix = prop.unique_id_prefix
            return f"{prefix}-{position}" if prefix else str(position)
        if kind in ("created_time", "last_edited_time"):
            return self.today
        if kind == "multi_select" and isinstance(raw, str):
            return (raw,)
        return raw

    def _relation(self, db: Database, row: Row, prop: Property) -> tuple[str, ...]:
        raw = row.values.get(prop.key)
        keys: list[str] = list(raw) if isinstance(raw, tuple) else []
        target = self._dbs.get(prop.relation_target or "")
        if target is None:
            return tuple(keys)
        # The synced side: rows of the target whose two-way relation points back at this row.
        for other in target.properties:
            if other.type != "relation" or other.relation_target != db.key:
                continue
            if other.two_way_key != prop.key or (target.key == db.key and other.key == prop.key):
                continue
            for target_row in target.rows:
                back = target_row.values.get(other.key)
                if isinstance(back, tuple) and row.key in back and target_row.key not in keys:
                    keys.append(target_row.key)
        return tuple(keys)

    def _formula(self, db: Database, row: Row, prop: Property) -> Any:
        expression = prop.expression or ""
        by_name = {p.name: p for p in db.properties}

        def lookup(name: str) -> Any:
            other = by_name.get(name)
            if other is None:
                raise Unsupported(f"no property {name!r}")
            value = self.value(db, row, other)
            if isinstance(value, NotComputed):
                raise Unsupported(value.reason)
            return value

        try:
            return evaluate(expression, lookup, self.today)
        except (Unsupported, TypeError, ValueError, ArithmeticError) as error:
            return NotComputed(str(error))

    def _rollup(self, db: Database, row: Row, prop: Property) -> Any:
        try:
            relation = db.property(prop.rollup_relation or "")
        except KeyError:
            return NotComputed("relation missing")
        target = self._dbs.get(relation.relation_target or "")
        if target is None:
            return NotComputed("target missing")
        related = [r for key in self.value(db, row, relation) if (r := self.row(target.key, key))]
        function = prop.rollup_function or "show_original"
        if function == "count":
            return float(len(related))
        try:
            source = target.property(prop.rollup_property or "")
        except KeyError:
            return NotComputed("rolled-up property missing")
        values = [self.value(target, r, source) for r in related]
        if any(isinstance(v, NotComputed) for v in values):
            return NotComputed("depends on an unsupported formula")
        return aggregate(function, values)


def aggregate(function: str, values: list[Any]) -> Any:
    """Apply a Notion rollup/chart aggregation to a list of cell values."""
    present = [v for v in values if v is not None and v != "" and v != ()]
    numbers = [float(v) for v in present if isinstance(v, int | float) and not isinstance(v, bool)]
    dates = [v for v in present if isinstance(v, date)]
    simple: dict[str, Any] = {
        "count": float(len(values)),
        "count_values": float(len(present)),
        "empty": float(len(values) - len(present)),
        "not_empty": float(len(present)),
        "unique": float(len({repr(v) for v in present})),
        "checked": float(sum(1 for v in values if v is True)),
        "unchecked": float(sum(1 for v in values if v is not True)),
    }
    if function in simple:
        return simple[function]
    if function == "percent_checked":
        return (sum(1 for v in values if v is True) / len(values)) if values else None
    if function in ("sum", "average", "median", "min", "max", "range"):
        if not numbers:
            return 0.0 if function == "sum" else None
        if function == "sum":
            return sum(numbers)
        if function == "average":
            return statistics.fmean(numbers)
        if function == "median":
            return float(statistics.median(numbers))
        if function == "min":
            return min(numbers)
        if function == "max":
            return max(numbers)
        return max(numbers) - min(numbers)
    if function in ("earliest_date", "latest_date"):
        if not dates:
            return None
        return min(dates) if function == "earliest_date" else max(dates)
    # show_original, show_unique and the rest: the values themselves.
    flat: list[Any] = []
    for v in present:
        flat.extend(v if isinstance(v, tuple) else (v,))
    return tuple(flat)


def _as_date(raw: Any) -> date | None:
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str) and raw:
        try:
            return date.fromisoformat(raw[:10])
        except ValueError:
            return None
    return None
