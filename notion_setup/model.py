"""The resolved workspace: what a blueprint describes once language, variables and modules are set.

Everything here is frozen and holds final, user-visible strings in one language. Objects refer to
each other by *key* (the blueprint's stable identifiers, e.g. ``invoices`` or ``invoices.status``),
never by Notion id: ids only exist once ``apply`` has run. The planner, the HTML preview, ``show``
and the exporter all read this model; only ``notion_setup.blueprint`` builds it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

PropertyType = Literal[
    "title",
    "rich_text",
    "number",
    "select",
    "multi_select",
    "status",
    "date",
    "people",
    "files",
    "checkbox",
    "url",
    "email",
    "phone_number",
    "formula",
    "relation",
    "rollup",
    "unique_id",
    "created_time",
    "created_by",
    "last_edited_time",
    "last_edited_by",
    "place",
]

ViewType = Literal["table", "board", "calendar", "timeline", "gallery", "list", "chart"]
StatusGroup = Literal["to_do", "in_progress", "complete"]

#: Property types whose values Notion computes; starter rows and templates cannot set them.
READ_ONLY_TYPES: frozenset[str] = frozenset(
    {
        "formula",
        "rollup",
        "unique_id",
        "created_time",
        "created_by",
        "last_edited_time",
        "last_edited_by",
    }
)


@dataclass(frozen=True)
class Option:
    """A select, multi-select or status option."""

    key: str
    name: str
    color: str = "default"
    description: str | None = None
    #: Only for status options: the status group the option belongs to.
    group: StatusGroup | None = None


@dataclass(frozen=True)
class Property:
    """One property of a database's data source.

    Only the fields of its ``type`` are set; the others keep their defaults.

    A two-way relation appears on both databases. The side the blueprint declares has
    ``two_way_name`` (the synced property's name) and ``two_way_key`` (its key in the target).
    The *synced side* is listed in the target database's ``properties``, after the declared ones,
    as a relation with ``relation_target`` = the declaring database, ``two_way_name=None`` and
    ``two_way_key`` = the declaring property's key (see ``is_synced``). Notion creates it with the
    relation, so provisioning never creates it, only finds it (and renames it when needed); starter
    rows and templates never set it. A one-way relation has both fields None.
    """

    key: str  # unique inside its database, e.g. "amount"
    name: str  # the localised property name sent to Notion
    type: PropertyType
    description: str | None = None
    number_format: str | None = None  # number: one of Notion's formats
    options: tuple[Option, ...] = ()  # select, multi_select, status
    expression: str | None = None  # formula: Notion syntax with prop("<localised name>")
    relation_target: str | None = None  # relation: key of the target database
    #: relation: name of the synced property on the target; None means a one-way relation.
    two_way_name: str | None = None
    #: relation, two-way: key the synced property gets in the target database's model.
    two_way_key: str | None = None
    rollup_relation: str | None = None  # rollup: key of a relation property of this database
    rollup_property: str | None = None  # rollup: key of a property of the relation's target
    rollup_function: str | None = None  # rollup: Notion's function name, e.g. "sum"
    unique_id_prefix: str | None = None  # unique_id

    @property
    def is_synced(self) -> bool:
        """True for the synced side of a two-way relation (Notion creates it, not us)."""
        return self.type == "relation" and self.two_way_key is not None and not self.two_way_name


@dataclass(frozen=True)
class Sort:
    """A view sort on one property."""

    property: str  # property key
    direction: Literal["ascending", "descending"] = "ascending"


@dataclass(frozen=True)
class Chart:
    """Configuration of a chart view."""

    chart_type: Literal["column", "bar", "line", "donut", "number"]
    x_axis: str | None = None  # property key the chart groups by
    y_aggregator: str = "count"  # count, sum, average, min, max, median...
    y_property: str | None = None  # property key aggregated (None for count)


@dataclass(frozen=True)
class View:
    """A database view.

    ``filter`` uses Notion's filter shape, with property *keys* in ``property`` and, for
    select/multi_select/status conditions, the option's localised *name* as the value.
    """

    key: str  # unique inside its database
    name: str
    type: ViewType
    properties: tuple[str, ...] = ()  # visible property keys, in order; empty = Notion's default
    filter: Mapping[str, Any] | None = None
    sorts: tuple[Sort, ...] = ()
    group_by: str | None = None  # property key; required for board
    date_property: str | None = None  # property key; required for calendar and timeline
    end_date_property: str | None = None  # timeline only
    chart: Chart | None = None  # required for chart


#: A starter-row or template value, already resolved: str for title/rich_text/url/email/phone/
#: select/status (option name)/date (ISO date), float|int for number, bool for checkbox,
#: tuple[str, ...] for multi_select (option names) and relation (row keys of the target database).
Value = str | int | float | bool | tuple[str, ...]


@dataclass(frozen=True)
class Row:
    """A starter row (seed data) of a database."""

    key: str  # unique inside its database
    values: Mapping[str, Value]  # property key -> value; the title property is always present
    body: str = ""  # Markdown


@dataclass(frozen=True)
class Database:
    """A database with one data source, its views and its starter rows."""

    key: str
    title: str
    module: str
    properties: tuple[Property, ...]
    views: tuple[View, ...]
    rows: tuple[Row, ...] = ()
    description: str = ""
    icon: str | None = None  # an emoji
    parent: str | None = None  # key of a Page; None = the client's root page
    is_inline: bool = False

    @property
    def title_property(self) -> Property:
        """The one title property."""
        return next(p for p in self.properties if p.type == "title")

    def property(self, key: str) -> Property:
        """The property with that key (KeyError if none)."""
        for prop in self.properties:
            if prop.key == key:
                return prop
        raise KeyError(key)


@dataclass(frozen=True)
class LinkedView:
    """A linked view of a database shown on a plain page (e.g. the dashboard)."""

    key: str  # unique inside its page
    database: str  # database key
    view: View


@dataclass(frozen=True)
class Page:
    """A plain page: SOP, dashboard, guide. Its body is Markdown."""

    key: str
    title: str
    module: str
    body: str = ""
    icon: str | None = None
    parent: str | None = None  # key of another Page; None = the client's root page
    linked_views: tuple[LinkedView, ...] = ()


@dataclass(frozen=True)
class Template:
    """A blueprint template: a page pattern for a database (a new invoice, a monthly report).

    ``apply`` writes it as a page under the client's templates page so the user can see it;
    ``notion-setup new`` creates a row in ``database`` from it.
    """

    key: str
    database: str
    title: str  # may contain {{date}}-style placeholders resolved by ``new``
    module: str
    values: Mapping[str, Value] = field(default_factory=dict)
    body: str = ""
    icon: str | None = None


@dataclass(frozen=True)
class Module:
    """A named group of databases and pages a user can keep or drop."""

    key: str
    name: str
    description: str


@dataclass(frozen=True)
class Workspace:
    """A resolved blueprint for one client in one language."""

    blueprint: str  # blueprint id, e.g. "av"
    lang: Literal["en", "fr"]
    client: str
    title: str  # the client's root page title
    icon: str | None
    body: str  # Markdown of the root page
    modules: tuple[Module, ...]
    databases: tuple[Database, ...]
    pages: tuple[Page, ...]
    templates: tuple[Template, ...]
    templates_page_title: str  # title of the page that holds the template pages
    variables: Mapping[str, str]

    def database(self, key: str) -> Database:
        """The database with that key (KeyError if none)."""
        for db in self.databases:
            if db.key == key:
                return db
        raise KeyError(key)
