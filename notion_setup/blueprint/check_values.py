"""Checks of the values of starter rows and templates against their properties."""

from __future__ import annotations

from typing import Any

from notion_setup.blueprint.check_base import CheckerBase, Doc, Path
from notion_setup.blueprint.dates import is_relative, parse_iso
from notion_setup.blueprint.props import (
    is_settable,
)
from notion_setup.blueprint.variables import (
    PLACEHOLDER,
)
from notion_setup.messages import _
from notion_setup.model import READ_ONLY_TYPES


class ValueChecks(CheckerBase):
    """Row and template values: types, options, relations to starter rows, example rows."""

    def check_values(
        self, db_key: str, values: Doc, path: Path, *, row: bool, example: bool = False
    ) -> None:
        title = next((k for k, p in self.props[db_key].items() if p["type"] == "title"), None)
        if row and title is not None and title not in values:
            self.add(
                path,
                _('a starter row needs a value for the title property "{title}"').format(
                    title=title
                ),
            )
        for key, value in values.items():
            prop = self.prop(db_key, key)
            where = (*path, key)
            if prop is None:
                self.add(where, self.no_property(db_key, key))
            elif not row and key == title:
                self.add(where, _('a template\'s title comes from its "title"; remove this value'))
            elif "synced_from" in prop:
                source = ".".join(prop["synced_from"])
                self.add(
                    where,
                    _("this is the synced side of {source}; set the relation from there").format(
                        source=source
                    ),
                )
            elif prop["type"] in READ_ONLY_TYPES:
                self.add(
                    where,
                    _("{type} values are computed by Notion; remove this value").format(
                        type=prop["type"]
                    ),
                )
            elif not is_settable(prop["type"]):
                self.add(
                    where,
                    _("{type} values cannot be set from a blueprint").format(type=prop["type"]),
                )
            else:
                message = self.value_problem(prop, value)
                if message is None and prop["type"] == "relation" and not example:
                    message = self.example_link_problem(prop, value, row=row)
                if message:
                    self.add(where, message)

    def example_link_problem(self, prop: Doc, value: list[str], *, row: bool) -> str | None:
        """Reference data and templates stay whole without the examples: no link to one."""
        examples = self.example_rows.get(prop["target"], set())
        linked = next((key for key in value if key in examples), None)
        if linked is None:
            return None
        fix = 'mark this row "example": true too, or drop the link' if row else "drop the link"
        return _(
            '"{linked}" is an example row of {target}, left out of a real workspace; {value} '
            "cannot point to it: {fix}"
        ).format(
            linked=linked,
            target=prop["target"],
            value=_("reference data") if row else _("a template"),
            fix=fix,
        )

    def value_problem(self, prop: Doc, value: Any) -> str | None:
        """Why ``value`` does not fit ``prop``, or None when it does."""
        kind = prop["type"]
        variables = self.doc.get("variables", {})
        if kind in ("title", "rich_text"):
            return None if isinstance(value, dict) else 'expected a text {"en": ..., "fr": ...}'
        if kind == "number":
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return None
            match = PLACEHOLDER.fullmatch(value) if isinstance(value, str) else None
            if match and variables.get(match.group(1), {}).get("type") in ("number", "integer"):
                return None
            return 'expected a number or a number variable such as "{{hourly_rate}}"'
        if kind in ("select", "status"):
            return (
                self.option_problem(prop, [value])
                if isinstance(value, str)
                else "expected an option key"
            )
        if kind == "multi_select":
            return (
                self.option_problem(prop, value)
                if isinstance(value, list)
                else "expected a list of option keys"
            )
        if kind == "checkbox":
            return None if isinstance(value, bool) else "expected true or false"
        if kind == "date":
            if not isinstance(value, str):
                return 'expected a date: "2026-01-31", "+30d" or "{{start_date}}"'
            match = PLACEHOLDER.fullmatch(value)
            if match and (
                match.group(1) == "today" or variables.get(match.group(1), {}).get("type") == "date"
            ):
                return None
            if parse_iso(value) is None and not is_relative(value):
                return _(
                    '"{value}" is not a date: write "2026-01-31", "+30d", "-1w", "+2m" or '
                    '"{{{{start_date}}}}"'
                ).format(value=value)
            return None
        if kind in ("url", "email", "phone_number"):
            return (
                None
                if isinstance(value, str)
                else _("expected a string ({kind})").format(kind=kind)
            )
        if kind == "relation":
            if not isinstance(value, list):
                return _("expected a list of row keys of database {target}").format(
                    target=prop["target"]
                )
            rows = self.row_keys.get(prop["target"], set())
            missing = [v for v in value if v not in rows]
            if missing:
                known = ", ".join(sorted(rows)) or "none"
                return _('no starter row "{value}" in database {target} (rows: {known})').format(
                    value=missing[0], target=prop["target"], known=known
                )
        return None

    def option_problem(self, prop: Doc, keys: list[Any]) -> str | None:
        options = [o["key"] for o in prop.get("options", [])]
        for key in keys:
            if key not in options:
                known = ", ".join(options) or "none"
                return _('no option "{key}" (options: {known})').format(key=key, known=known)
        return None
