"""``resolve``: blueprint + language + client + variables -> the frozen ``model.Workspace``."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Literal, cast

from notion_setup.blueprint.check_base import PROP_REF
from notion_setup.blueprint.dates import is_relative, parse_iso, shift
from notion_setup.blueprint.loader import Blueprint, thaw
from notion_setup.blueprint.migrations import resolve_migrations
from notion_setup.blueprint.props import OPTION_CONDITIONS
from notion_setup.blueprint.selection import kept_properties, select_modules
from notion_setup.blueprint.variables import (
    CURRENCY_FORMATS,
    LATE,
    resolve_variables,
    substitute,
)
from notion_setup.errors import UsageError, VariableError
from notion_setup.model import (
    Chart,
    Database,
    LinkedView,
    Module,
    Option,
    Page,
    Property,
    Row,
    Sort,
    Template,
    Value,
    View,
    Workspace,
)

LANGUAGES = ("en", "fr")
#: The line added to a database's description when it has template pages.
_TEMPLATE_HINT = {
    "en": "📄 Templates: {names}, in the page “{page}”: open one, then ••• › Duplicate.",
    "fr": "📄 Modèles : {names}, dans la page « {page} » : ouvrez-en un, puis ••• › Dupliquer.",
}
_DATE_CONDITIONS = frozenset({"equals", "before", "after", "on_or_before", "on_or_after"})


class _Resolver:
    """Holds what every step needs: language, variable values, surviving properties."""

    def __init__(
        self,
        doc: Mapping[str, Any],
        lang: str,
        values: Mapping[str, str],
        props: dict[str, dict[str, dict[str, Any]]],
    ) -> None:
        self.doc = doc
        self.lang = lang
        self.values = values
        self.props = props
        self.kept_templates: list[Mapping[str, Any]] = []
        start = values.get("start_date")
        self.base_date = (parse_iso(start) if start else None) or date.fromisoformat(
            values["today"]
        )

    def text(self, localised: Mapping[str, str] | None, *, late: bool = False) -> str:
        """One language of a localised text, variables filled in."""
        if localised is None:
            return ""
        return substitute(localised[self.lang], self.values, keep=LATE if late else ())

    def name(self, db_key: str, prop_key: str) -> str:
        return self.text(self.props[db_key][prop_key]["name"])

    # --- properties ------------------------------------------------------------------------

    def property(self, db_key: str, key: str, spec: Mapping[str, Any]) -> Property:
        kind = spec["type"]
        common: dict[str, Any] = {
            "key": key,
            "name": self.text(spec["name"]),
            "type": kind,
            "description": self.text(spec["description"]) if "description" in spec else None,
        }
        if kind == "number":
            common["number_format"] = self.number_format(spec.get("format", "number"))
        elif kind in ("select", "multi_select", "status"):
            common["options"] = tuple(
                Option(
                    key=o["key"],
                    name=self.text(o["name"]),
                    color=o.get("color", "default"),
                    description=self.text(o["description"]) if "description" in o else None,
                    group=o.get("group"),
                )
                for o in spec.get("options", ())
            )
        elif kind == "formula":
            common["expression"] = self.expression(db_key, spec["expression"])
        elif kind == "relation":
            common["relation_target"] = spec["target"]
            source = spec.get("synced_from")
            two_way = spec.get("two_way")
            if source is not None:
                common["two_way_key"] = source[1]
            elif two_way is not None:
                common["two_way_name"] = self.text(two_way["name"])
                common["two_way_key"] = two_way["key"]
        elif kind == "rollup":
            common["rollup_relation"] = spec["relation"]
            common["rollup_property"] = spec["property"]
            common["rollup_function"] = spec["function"]
        elif kind == "unique_id":
            common["unique_id_prefix"] = spec.get("prefix")
        return Property(**common)

    def number_format(self, fmt: str) -> str:
        if fmt != "currency":
            return fmt
        currency = self.values.get("currency", "")
        if currency not in CURRENCY_FORMATS:
            supported = ", ".join(CURRENCY_FORMATS)
            raise VariableError(
                f"currency {currency!r} has no Notion number format (supported: {supported})",
                hint="pass --var currency=EUR",
            )
        return CURRENCY_FORMATS[currency]

    def expression(self, db_key: str, expression: Any) -> str:
        """The formula in Notion's syntax: variables filled in, ``prop("key")`` -> the name."""
        text = expression if isinstance(expression, str) else expression[self.lang]
        text = substitute(text, self.values)

        def rename(match: Any) -> str:
            name = self.name(db_key, match.group(1))
            escaped = name.replace("\\", "\\\\").replace('"', '\\"')
            return f'prop("{escaped}")'

        return PROP_REF.sub(rename, text)

    # --- views -----------------------------------------------------------------------------

    def view(self, db_key: str, spec: Mapping[str, Any]) -> View | None:
        """The view, or None when it needs a property that was dropped with a module."""
        props = self.props[db_key]
        for field in ("group_by", "date_property", "end_date_property"):
            if field in spec and spec[field] not in props:
                return None
        chart = spec.get("chart")
        if chart is not None and any(
            chart.get(f) is not None and chart[f] not in props for f in ("x_axis", "property")
        ):
            return None
        if "filter" in spec and not _filter_keys(spec["filter"]) <= set(props):
            return None
        return View(
            key=spec["key"],
            name=self.text(spec["name"]),
            type=spec["type"],
            properties=tuple(k for k in spec.get("properties", ()) if k in props),
            filter=self.filter(db_key, thaw(spec["filter"])) if "filter" in spec else None,
            sorts=tuple(
                Sort(s["property"], s.get("direction", "ascending"))
                for s in spec.get("sorts", ())
                if s["property"] in props
            ),
            group_by=spec.get("group_by"),
            group_by_date=spec.get("group_dates_by"),
            date_property=spec.get("date_property"),
            end_date_property=spec.get("end_date_property"),
            chart=Chart(
                chart_type=chart["type"],
                x_axis=chart.get("x_axis"),
                y_aggregator=chart.get("aggregator", "count"),
                y_property=chart.get("property"),
                x_axis_date_group=chart.get("group_dates_by"),
            )
            if chart is not None
            else None,
        )

    def filter(self, db_key: str, node: dict[str, Any]) -> dict[str, Any]:
        """Option keys -> option names, relative dates -> ISO dates, variables filled in."""
        for compound in ("and", "or"):
            if compound in node:
                return {compound: [self.filter(db_key, child) for child in node[compound]]}
        prop = self.props[db_key][node["property"]]
        out: dict[str, Any] = {"property": node["property"]}
        for kind, condition in node.items():
            if kind == "property":
                continue
            resolved = {}
            for op, value in condition.items():
                if op in OPTION_CONDITIONS.get(kind, ()):
                    value = self.option_name(prop, value)
                elif isinstance(value, str):
                    value = substitute(value, self.values)
                    if op in _DATE_CONDITIONS and is_relative(value):
                        value = shift(self.base_date, value).isoformat()
                resolved[op] = value
            out[kind] = resolved
        return out

    def option_name(self, prop: Mapping[str, Any], key: str) -> str:
        option = next(o for o in prop["options"] if o["key"] == key)
        return self.text(option["name"])

    # --- values ----------------------------------------------------------------------------

    def values_of(self, db_key: str, raw: Mapping[str, Any]) -> dict[str, Value]:
        props = self.props[db_key]
        return {key: self.value(props[key], value) for key, value in raw.items() if key in props}

    def value(self, prop: Mapping[str, Any], raw: Any) -> Value:
        kind = prop["type"]
        if kind in ("title", "rich_text"):
            return self.text(raw)
        if kind == "number":
            if isinstance(raw, str):
                text = substitute(raw, self.values)
                number = float(text)
                return int(number) if number.is_integer() else number
            return cast(int | float, raw)
        if kind in ("select", "status"):
            return self.option_name(prop, raw)
        if kind == "multi_select":
            return tuple(self.option_name(prop, key) for key in raw)
        if kind == "date":
            text = substitute(raw, self.values)
            return shift(self.base_date, text).isoformat() if is_relative(text) else text
        if kind == "relation":
            return tuple(raw)
        if isinstance(raw, str):
            return substitute(raw, self.values)
        return cast(Value, raw)

    # --- whole objects ---------------------------------------------------------------------

    def database(self, key: str, spec: Mapping[str, Any], pages: set[str]) -> Database:
        props = self.props[key]
        own = [self.property(key, k, p) for k, p in spec["properties"].items() if k in props]
        synced = [self.property(key, k, p) for k, p in props.items() if "synced_from" in p]
        views = [self.view(key, v) for v in spec.get("views", ())]
        parent = spec.get("parent")
        return Database(
            key=key,
            title=self.text(spec["title"]),
            module=spec["module"],
            properties=(*own, *synced),
            views=tuple(v for v in views if v is not None),
            rows=tuple(
                Row(
                    key=r["key"],
                    values=self.values_of(key, r["values"]),
                    body=self.text(r.get("body")),
                    example=bool(r.get("example", spec.get("example_rows", False))),
                )
                for r in spec.get("rows", ())
            ),
            description=self.description_with_templates(key, spec),
            icon=spec.get("icon"),
            parent=parent if parent in pages else None,
            is_inline=bool(spec.get("is_inline", False)),
        )

    def description_with_templates(self, key: str, spec: Mapping[str, Any]) -> str:
        """The description, with a line naming the database's template pages and where they are.

        The API cannot make a database template (reference section 6), so the template pages sit
        under the templates page; this line makes them findable from the database in the app.
        """
        description = self.text(spec.get("description"))
        names = [self.template_page_title(t) for t in self.kept_templates if t["database"] == key]
        if not names:
            return description
        where = self.text(self.doc["templates_page"]["title"])
        joined = ", ".join(f"“{n}”" if self.lang == "en" else f"« {n} »" for n in names)
        hint = _TEMPLATE_HINT[self.lang].format(names=joined, page=where)
        # An exported workspace already carries a hint line: replace it, never stack another.
        prefix = _TEMPLATE_HINT[self.lang].split("{", 1)[0]
        kept = "\n".join(x for x in description.split("\n") if not x.startswith(prefix))
        return f"{kept}\n{hint}" if kept else hint

    def template_page_title(self, spec: Mapping[str, Any]) -> str:
        """The title of a template's page in the workspace: no ``{{month}}`` left in it."""
        if "page_title" in spec:
            return self.text(spec["page_title"])
        return _without_late(self.text(spec["title"], late=True))

    def page(self, key: str, spec: Mapping[str, Any], pages: set[str]) -> Page:
        linked = []
        for item in spec.get("linked_views", ()):
            if item["database"] not in self.props:
                continue
            view = self.view(item["database"], item["view"])
            if view is not None:
                linked.append(LinkedView(key=item["key"], database=item["database"], view=view))
        parent = spec.get("parent")
        return Page(
            key=key,
            title=self.text(spec["title"]),
            module=spec["module"],
            body=self.text(spec.get("body")),
            icon=spec.get("icon"),
            parent=parent if parent in pages else None,
            linked_views=tuple(linked),
        )

    def template(self, key: str, spec: Mapping[str, Any]) -> Template:
        return Template(
            key=key,
            database=spec["database"],
            title=self.text(spec["title"], late=True),
            module=spec["module"],
            values=self.values_of(spec["database"], spec.get("values", {})),
            body=self.text(spec.get("body"), late=True),
            icon=spec.get("icon"),
            page_title=self.template_page_title(spec),
        )


_LATE_PLACEHOLDER = re.compile(
    r"\s*[–—:-]?\s*\{\{\s*(?:" + "|".join(LATE) + r")\s*\}\}\s*[–—:-]?\s*"
)


def _without_late(title: str) -> str:
    """The title without ``{{month}}``-style placeholders: "Report – {{month}}" -> "Report"."""
    return _LATE_PLACEHOLDER.sub(" ", title).strip()


def _filter_keys(node: Mapping[str, Any]) -> set[str]:
    for compound in ("and", "or"):
        if compound in node:
            return set().union(*(_filter_keys(child) for child in node[compound]))
    return {node["property"]}


def _variable_values(
    bp: Blueprint,
    lang: str,
    client: str,
    given: Mapping[str, str],
    today: date | None,
    samples: bool,
) -> Mapping[str, str]:
    if lang not in LANGUAGES:
        raise UsageError(f"unknown language {lang!r}", hint="use --lang en or --lang fr")
    if not client.strip():
        raise UsageError("the client name is empty", hint='pass --client "Acme"')
    return resolve_variables(
        bp.variables, given, client=client.strip(), today=today or date.today(), samples=samples
    )


def root_title(bp: Blueprint, *, lang: str, client: str) -> str:
    """The title ``resolve(bp, lang=lang, client=client).title`` has, without the rest.

    Finding a client's workspace looks for this title first, in each language; resolving the
    whole blueprint twice for it was a tenth of an ``apply obm`` on the sandbox.

    Raises:
        UsageError: unknown language, empty client name.
        VariableError: a variable without a default or a sample.
    """
    values = _variable_values(bp, lang, client, {}, None, True)
    props: dict[str, dict[str, dict[str, Any]]] = {}
    return _Resolver(bp.document, lang, values, props).text(bp.document["root"]["title"])


def resolve(
    bp: Blueprint,
    *,
    lang: str,
    client: str,
    variables: Mapping[str, str] | None = None,
    only: Sequence[str] = (),
    without: Sequence[str] = (),
    today: date | None = None,
    samples: bool = True,
) -> Workspace:
    """Resolve a blueprint for one client in one language.

    Args:
        bp: a loaded blueprint.
        lang: ``"en"`` or ``"fr"``; every user-visible string comes out in that language.
        client: the client's name (the ``client_name`` variable).
        variables: values given by the user (``--var``, ``--vars-file``), as strings.
        only: module keys to keep (required modules are always kept); commas allowed.
        without: module keys to drop; commas allowed.
        today: the date relative dates count from when ``start_date`` is not set (tests pass one).
        samples: fill variables that have a made-up ``sample`` and no value given with that
            sample (the sandbox, demos, tests). Pass False for a real client's workspace: such a
            variable is then missing unless given (``Blueprint.variables_to_ask`` lists them).
            ``Workspace.sampled_variables`` says which ones took a sample.

    Returns:
        The frozen workspace model.

    Raises:
        UsageError: unknown language or module, empty client name, --only with --without.
        VariableError: a variable is unknown, missing or has a value of the wrong kind.
    """
    doc = bp.document
    given = variables or {}
    values = _variable_values(bp, lang, client, given, today, samples)
    sampled = tuple(name for name in bp.variables_to_ask if name not in given)
    modules = select_modules(doc["modules"], only, without)
    db_keys = {k for k, db in doc["databases"].items() if db["module"] in modules}
    page_keys = {k for k, page in doc.get("pages", {}).items() if page["module"] in modules}
    resolver = _Resolver(doc, lang, values, kept_properties(doc, db_keys))
    resolver.kept_templates = [
        t
        for t in doc.get("templates", {}).values()
        if t["module"] in modules and t["database"] in db_keys
    ]
    return Workspace(
        blueprint=bp.id,
        lang=cast(Literal["en", "fr"], lang),
        client=client.strip(),
        title=resolver.text(doc["root"]["title"]),
        icon=doc["root"].get("icon"),
        body=resolver.text(doc["root"].get("body")),
        modules=tuple(
            Module(
                key=k, name=resolver.text(m["name"]), description=resolver.text(m["description"])
            )
            for k, m in doc["modules"].items()
            if k in modules
        ),
        databases=tuple(
            resolver.database(k, db, page_keys)
            for k, db in doc["databases"].items()
            if k in db_keys
        ),
        pages=tuple(
            resolver.page(k, p, page_keys)
            for k, p in doc.get("pages", {}).items()
            if k in page_keys
        ),
        templates=tuple(
            resolver.template(k, t)
            for k, t in doc.get("templates", {}).items()
            if t["module"] in modules and t["database"] in db_keys
        ),
        templates_page_title=resolver.text(doc["templates_page"]["title"]),
        variables=values,
        version=bp.version,
        migrations=resolve_migrations(doc),
        sampled_variables=sampled if samples else (),
    )
