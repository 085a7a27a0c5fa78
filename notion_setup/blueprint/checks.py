"""Semantic checks: what the schema cannot say (references, uniqueness, Notion's limits).

They run on a document that already passed the schema, so shapes are known; each check adds
problems and never stops at the first one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from notion_setup.blueprint.dates import is_relative, parse_iso
from notion_setup.blueprint.props import (
    DATE_TYPES,
    FILTER_KEYS,
    GROUPABLE_TYPES,
    NUMERIC_TYPES,
    OPTION_CONDITIONS,
    ROLLUP_NEEDS,
    is_settable,
)
from notion_setup.blueprint.schema import format_path
from notion_setup.blueprint.variables import (
    BUILTIN,
    LATE,
    PLACEHOLDER,
    check_value,
    malformed_placeholders,
    placeholders,
)
from notion_setup.errors import Problem, VariableError
from notion_setup.messages import N_, _
from notion_setup.model import READ_ONLY_TYPES

LANGS = ("en", "fr")
Path = tuple[str | int, ...]
Doc = Mapping[str, Any]

#: ``prop("key")`` in a formula; the key is rewritten to the property's localised name.
PROP_REF = re.compile(r'prop\(\s*"([^"]*)"\s*\)')


def effective_properties(doc: Doc) -> dict[str, dict[str, dict[str, Any]]]:
    """Database key -> property key -> property, including the synced side of two-way relations.

    A synced property is a relation whose ``synced_from`` is ``(database key, property key)`` of
    the relation that creates it; Notion creates it together with that relation.
    """
    out: dict[str, dict[str, dict[str, Any]]] = {
        key: dict(db["properties"]) for key, db in doc["databases"].items()
    }
    for db_key, db in doc["databases"].items():
        for prop_key, prop in db["properties"].items():
            two_way = prop.get("two_way") if prop["type"] == "relation" else None
            if two_way and prop["target"] in out:
                out[prop["target"]].setdefault(
                    two_way["key"],
                    {
                        "type": "relation",
                        "name": two_way["name"],
                        "target": db_key,
                        "synced_from": (db_key, prop_key),
                    },
                )
    return out


class Checker:
    """Collects the problems of one blueprint document."""

    def __init__(self, doc: Doc, file: str | None) -> None:
        self.doc = doc
        self.file = file
        self.problems: list[Problem] = []
        self.props = effective_properties(doc)
        self.row_keys = {
            key: {row["key"] for row in db.get("rows", [])} for key, db in doc["databases"].items()
        }
        self.example_rows = {
            key: {row["key"] for row in db.get("rows", []) if is_example(db, row)}
            for key, db in doc["databases"].items()
        }

    def add(self, path: Path, message: str) -> None:
        """Record one problem."""
        self.problems.append(Problem(format_path(path), message, self.file))

    def run(self) -> list[Problem]:
        """Run every check; the problems in document order."""
        self.check_variables()
        self.check_placeholders(self.doc, ())
        self.check_modules_and_parents()
        for key, db in self.doc["databases"].items():
            self.check_database(key, db, ("databases", key))
        for key, page in self.doc.get("pages", {}).items():
            for i, linked in enumerate(page.get("linked_views", [])):
                path = ("pages", key, "linked_views", i)
                if linked["database"] not in self.props:
                    self.add((*path, "database"), self.no_database(linked["database"]))
                else:
                    self.check_view(linked["database"], linked["view"], (*path, "view"))
            self.check_unique_keys(page.get("linked_views", []), ("pages", key, "linked_views"))
        for key, template in self.doc.get("templates", {}).items():
            where: Path = ("templates", key)
            if template["database"] not in self.props:
                self.add((*where, "database"), self.no_database(template["database"]))
            else:
                values = template.get("values", {})
                self.check_values(template["database"], values, (*where, "values"), row=False)
        self.check_sibling_titles()
        return self.problems

    # --- helpers ---------------------------------------------------------------------------

    def no_database(self, key: str) -> str:
        known = ", ".join(sorted(self.props)) or "none"
        return _('no database "{key}" in this blueprint (databases: {known})').format(
            key=key, known=known
        )

    def no_property(self, db_key: str, key: str) -> str:
        known = ", ".join(self.props[db_key])
        return _('no property "{key}" in database {db_key} (properties: {known})').format(
            key=key, db_key=db_key, known=known
        )

    def prop(self, db_key: str, key: str) -> dict[str, Any] | None:
        return self.props.get(db_key, {}).get(key)

    def check_unique_keys(self, items: list[dict[str, Any]], path: Path) -> None:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item["key"] in seen:
                self.add(
                    (*path, i, "key"),
                    _('key "{key}" is used twice in this list').format(key=item["key"]),
                )
            seen.add(item["key"])

    def check_unique_names(self, named: list[tuple[Path, Mapping[str, str]]], what: str) -> None:
        """Names must differ in each language (case-insensitively, as Notion compares them)."""
        for lang in LANGS:
            seen: dict[str, Path] = {}
            for path, name in named:
                folded = name[lang].strip().casefold()
                if folded in seen:
                    other = format_path(seen[folded])
                    self.add(
                        (*path, "name", lang) if what != "title" else (*path, "title", lang),
                        _(
                            '{what} "{value}" ({lang}) is already used by {other}; Notion needs '
                            "them distinct"
                        ).format(what=_(what), value=name[lang], lang=lang, other=other),
                    )
                else:
                    seen[folded] = path

    # --- variables and placeholders ---------------------------------------------------------

    def check_variables(self) -> None:
        for name, spec in self.doc.get("variables", {}).items():
            path = ("variables", name)
            if name in BUILTIN or name in LATE:
                self.add(path, _('"{name}" is built in; choose another name').format(name=name))
                continue
            if "enum" in spec and spec["type"] != "string":
                self.add((*path, "enum"), _("a list of choices only fits a string variable"))
            if "default" in spec and "sample" in spec:
                self.add(
                    (*path, "sample"),
                    _("a variable with a default needs no sample; keep one of the two"),
                )
            for field in ("default", "sample"):
                if field in spec:
                    given = spec[field]
                    raw = given if isinstance(given, str) else str(given)
                    try:
                        check_value(name, spec, raw, today=date(2000, 1, 1))
                    except VariableError as err:
                        self.add(
                            (*path, field),
                            _("invalid {field}: {message}").format(
                                field=field, message=err.message
                            ),
                        )

    def check_placeholders(self, node: Any, path: Path) -> None:
        declared = set(self.doc.get("variables", {})) | set(BUILTIN)
        for where, text in _strings(node, path):
            bad_chars = control_characters(text)
            if bad_chars:
                self.add(
                    where,
                    _(
                        "contains the control character {items}, which Notion refuses; remove it"
                    ).format(items=", ".join(dict.fromkeys(bad_chars))),
                )
            late_ok = len(where) >= 3 and where[0] == "templates" and where[2] in ("title", "body")
            for bad in malformed_placeholders(text):
                self.add(
                    where,
                    _(
                        "{bad} is not a valid placeholder: write {{{{name}}}} with a lowercase "
                        "variable name"
                    ).format(bad=bad),
                )
            for name in placeholders(text):
                if name in declared or (late_ok and name in LATE):
                    continue
                hint = _(" (only in template titles and bodies)") if name in LATE else ""
                known = ", ".join(sorted(declared))
                self.add(
                    where,
                    _(
                        'unknown variable {{{{{name}}}}}{hint}; declare it under "variables" '
                        "(known: {known})"
                    ).format(name=name, hint=hint, known=known),
                )

    # --- modules, parents, titles -----------------------------------------------------------

    def check_modules_and_parents(self) -> None:
        modules = self.doc["modules"]
        pages = self.doc.get("pages", {})
        for section in ("databases", "pages", "templates"):
            for key, item in self.doc.get(section, {}).items():
                if item["module"] not in modules:
                    known = ", ".join(modules)
                    self.add(
                        (section, key, "module"),
                        _(
                            'no module "{module}" (modules: {known}); declare it under "modules"'
                        ).format(module=item["module"], known=known),
                    )
        for section in ("databases", "pages"):
            for key, item in self.doc.get(section, {}).items():
                parent = item.get("parent")
                if parent is not None and parent not in pages:
                    known = ", ".join(pages) or "none"
                    self.add(
                        (section, key, "parent"),
                        _(
                            'no page "{parent}" to hold it (pages: {known}); omit "parent" to put '
                            "it on the client's root page"
                        ).format(parent=parent, known=known),
                    )
        for key in pages:
            seen = [key]
            current = pages[key].get("parent")
            while current in pages:
                if current in seen:
                    chain = " -> ".join([*seen, current])
                    self.add(
                        ("pages", key, "parent"),
                        _("pages hold each other in a loop: {chain}").format(chain=chain),
                    )
                    break
                seen.append(current)
                current = pages[current].get("parent")

    def check_sibling_titles(self) -> None:
        """Pages and databases under one parent need distinct titles: re-runs find them by title."""
        by_parent: dict[str | None, list[tuple[Path, Mapping[str, str]]]] = {}
        for section in ("databases", "pages"):
            for key, item in self.doc.get(section, {}).items():
                by_parent.setdefault(item.get("parent"), []).append(((section, key), item["title"]))
        for siblings in by_parent.values():
            self.check_unique_names(siblings, N_("title"))

    # --- databases -------------------------------------------------------------------------

    def check_database(self, db_key: str, db: Doc, path: Path) -> None:
        props = self.props[db_key]
        titles = [k for k, p in db["properties"].items() if p["type"] == "title"]
        if len(titles) != 1:
            found = ", ".join(titles) or "none"
            self.add(
                (*path, "properties"),
                _("a database needs exactly one title property (found: {found})").format(
                    found=found
                ),
            )
        named: list[tuple[Path, Mapping[str, str]]] = [
            ((*path, "properties", key), p["name"])
            for key, p in props.items()
            if "synced_from" not in p
        ]
        named += [
            (("databases", *p["synced_from"], "two_way"), p["name"])
            for p in props.values()
            if "synced_from" in p
        ]
        self.check_unique_names(named, N_("property name"))
        for key, prop in db["properties"].items():
            self.check_property(db_key, key, prop, (*path, "properties", key))
        self.check_formula_cycles(db_key, path)
        views = db.get("views", [])
        self.check_unique_keys(views, (*path, "views"))
        self.check_unique_names(
            [((*path, "views", i), v["name"]) for i, v in enumerate(views)], N_("view name")
        )
        for i, view in enumerate(views):
            self.check_view(db_key, view, (*path, "views", i))
        rows = db.get("rows", [])
        self.check_unique_keys(rows, (*path, "rows"))
        for i, row in enumerate(rows):
            self.check_values(
                db_key,
                row["values"],
                (*path, "rows", i, "values"),
                row=True,
                example=is_example(db, row),
            )

    def check_property(self, db_key: str, key: str, prop: Doc, path: Path) -> None:
        kind = prop["type"]
        if kind in ("select", "multi_select", "status"):
            self.check_options(kind, prop.get("options", []), (*path, "options"))
        currency = "currency" in self.doc.get("variables", {})
        if kind == "number" and prop.get("format") == "currency" and not currency:
            self.add(
                (*path, "format"),
                _('format "currency" follows the "currency" variable, which is not declared'),
            )
        if kind == "relation":
            self.check_relation(db_key, key, prop, path)
        if kind == "rollup":
            self.check_rollup(db_key, prop, path)
        if kind == "formula":
            expression = prop["expression"]
            texts = [expression] if isinstance(expression, str) else [expression[x] for x in LANGS]
            for text in texts:
                for ref in PROP_REF.findall(text):
                    if ref == key:
                        self.add(
                            (*path, "expression"),
                            _('a formula cannot use itself: prop("{ref}")').format(ref=ref),
                        )
                    elif ref not in self.props[db_key]:
                        self.add(
                            (*path, "expression"),
                            _('prop("{ref}"): {value}').format(
                                ref=ref, value=self.no_property(db_key, ref)
                            ),
                        )

    def check_options(self, kind: str, options: list[dict[str, Any]], path: Path) -> None:
        self.check_unique_keys(options, path)
        self.check_unique_names(
            [((*path, i), o["name"]) for i, o in enumerate(options)], N_("option name")
        )
        for i, option in enumerate(options):
            for lang in LANGS:
                if "," in option["name"][lang]:
                    self.add(
                        (*path, i, "name", lang),
                        _(
                            'option names cannot contain commas (Notion refuses them): "{value}"'
                        ).format(value=option["name"][lang]),
                    )
            if "group" in option and kind != "status":
                self.add(
                    (*path, i, "group"),
                    _('"group" only applies to status options, not {kind}').format(kind=kind),
                )

    def check_relation(self, db_key: str, key: str, prop: Doc, path: Path) -> None:
        target = prop["target"]
        if target not in self.props:
            self.add((*path, "target"), self.no_database(target))
            return
        two_way = prop.get("two_way")
        if two_way is None:
            return
        existing = self.props[target].get(two_way["key"])
        if existing is not None and existing.get("synced_from") != (db_key, key):
            self.add(
                (*path, "two_way", "key"),
                _(
                    'database {target} already has a property "{key}"; the synced property needs a '
                    "key of its own"
                ).format(target=target, key=two_way["key"]),
            )

    def check_rollup(self, db_key: str, prop: Doc, path: Path) -> None:
        relation = self.prop(db_key, prop["relation"])
        if relation is None:
            self.add((*path, "relation"), self.no_property(db_key, prop["relation"]))
            return
        if relation["type"] != "relation":
            self.add(
                (*path, "relation"),
                _(
                    '"{relation}" is a {type} property; a rollup needs a relation of its own '
                    "database"
                ).format(relation=prop["relation"], type=relation["type"]),
            )
            return
        target = relation["target"]
        if target not in self.props:
            return  # reported on the relation itself
        rolled = self.prop(target, prop["property"])
        if rolled is None:
            self.add((*path, "property"), self.no_property(target, prop["property"]))
            return
        needs = ROLLUP_NEEDS.get(prop["function"])
        if needs is not None and rolled["type"] not in needs:
            self.add(
                (*path, "function"),
                _('"{function}" does not work on {target}.{property}, a {type} property').format(
                    function=prop["function"],
                    target=target,
                    property=prop["property"],
                    type=rolled["type"],
                ),
            )

    def check_formula_cycles(self, db_key: str, path: Path) -> None:
        formulas = {
            key: _expression_refs(p["expression"])
            for key, p in self.props[db_key].items()
            if p["type"] == "formula"
        }
        for start in formulas:
            stack = [(start, [start])]
            while stack:
                current, trail = stack.pop()
                for ref in formulas.get(current, ()):
                    if ref == start and len(trail) > 1:
                        chain = " -> ".join([*trail, start])
                        self.add(
                            (*path, "properties", start, "expression"),
                            _("formulas use each other in a loop: {chain}").format(chain=chain),
                        )
                        stack.clear()
                        break
                    if ref in formulas and ref not in trail:
                        stack.append((ref, [*trail, ref]))

    # --- views -----------------------------------------------------------------------------

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

    # --- values ----------------------------------------------------------------------------

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


def is_example(db: Doc, row: Doc) -> bool:
    """Whether a starter row is an example (its own marker, else its database's default)."""
    return bool(row.get("example", db.get("example_rows", False)))


def control_characters(text: str) -> list[str]:
    """The control characters Notion refuses in ``text``, as ``U+0000`` (tab and newline pass)."""
    return [f"U+{ord(c):04X}" for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n"]


def _expression_refs(expression: Any) -> list[str]:
    texts = [expression] if isinstance(expression, str) else list(expression.values())
    return [ref for text in texts for ref in PROP_REF.findall(text)]


def _strings(node: Any, path: Path) -> Iterator[tuple[Path, str]]:
    """Every string value in the document with its path (object keys are identifiers, skipped)."""
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key != "$schema":
                yield from _strings(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, (*path, i))


def check_document(doc: Doc, *, file: str | None = None) -> list[Problem]:
    """Every semantic problem of a schema-valid blueprint document."""
    return Checker(doc, file).run()
