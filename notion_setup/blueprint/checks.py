"""Semantic checks: what the schema cannot say (references, uniqueness, Notion's limits).

They run on a document that already passed the schema, so shapes are known; each check adds
problems and never stops at the first one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from notion_setup.blueprint.check_base import LANGS, PROP_REF, Doc, Path, is_example
from notion_setup.blueprint.check_values import ValueChecks
from notion_setup.blueprint.check_views import ViewChecks
from notion_setup.blueprint.props import (
    ROLLUP_NEEDS,
)
from notion_setup.blueprint.variables import (
    BUILTIN,
    LATE,
    check_value,
    malformed_placeholders,
    placeholders,
)
from notion_setup.errors import Problem, VariableError
from notion_setup.messages import N_, _


class Checker(ViewChecks, ValueChecks):
    """Collects the problems of one blueprint document."""

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
