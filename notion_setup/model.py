"""The resolved workspace: what a blueprint describes once language, variables and modules are set.

Everything here is frozen and holds final, user-visible strings in one language. Objects refer to
each other by *key* (the blueprint's stable identifiers, e.g. ``invoices`` or ``invoices.status``),
never by Notion id: ids only exist once ``apply`` has run. The planner, the HTML preview, ``show``
and the exporter all read this model; only ``notion_setup.blueprint`` builds it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, Protocol

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


class Keyed(Protocol):
    """Anything a blueprint names by a stable key (a database, property, page, template...)."""

    @property
    def key(self) -> str:
        """The key, as the blueprint writes it."""
        ...


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
    #: When ``x_axis`` is a date: how dates group ("day", "week", "month", "year"); None = month.
    x_axis_date_group: str | None = None


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
    #: When ``group_by`` is a date: how dates group ("day", "week", "month", "year"); None = month.
    group_by_date: str | None = None


#: A starter-row or template value, already resolved: str for title/rich_text/url/email/phone/
#: select/status (option name)/date (ISO date), float|int for number, bool for checkbox,
#: tuple[str, ...] for multi_select (option names) and relation (row keys of the target database).
Value = str | int | float | bool | tuple[str, ...]


@dataclass(frozen=True)
class Row:
    """A starter row (seed data) of a database.

    A row is either reference data the client needs (reminder levels, declaration deadlines,
    KPI definitions) or an *example* (a made-up customer, a sample invoice): ``example`` rows are
    for the sandbox and demos, and a real workspace gets them only when asked (``--examples``).
    Validation guarantees that no reference row and no template relates to an example row, so
    ``Workspace.without_examples()`` never leaves a dangling relation.
    """

    key: str  # unique inside its database
    values: Mapping[str, Value]  # property key -> value; the title property is always present
    body: str = ""  # Markdown
    example: bool = False


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
    #: Title of the template page ``apply`` writes in the workspace: never a literal
    #: ``{{month}}`` (``title`` keeps the placeholders for ``new``). Empty = ``title``.
    page_title: str = ""

    @property
    def workspace_title(self) -> str:
        """The title the template page has in the workspace."""
        return self.page_title or self.title


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
    #: The blueprint's version (semver), recorded in the registry; None for an unversioned file.
    version: str | None = None
    #: The blueprint's migrations, oldest first (see ``key_changes``).
    migrations: tuple[Migration, ...] = ()
    #: Variables whose value is the blueprint's made-up ``sample`` (no value was given): fine on
    #: the sandbox, never for a real client (the CLI asks for them instead).
    sampled_variables: tuple[str, ...] = ()

    def database(self, key: str) -> Database:
        """The database with that key (KeyError if none)."""
        for db in self.databases:
            if db.key == key:
                return db
        raise KeyError(key)

    def without_examples(self) -> Workspace:
        """The same workspace without its example rows (what a real client gets by default)."""
        databases = tuple(
            replace(db, rows=tuple(row for row in db.rows if not row.example))
            for db in self.databases
        )
        return replace(self, databases=databases)

    def key_changes_since(self, recorded_version: str) -> KeyChanges:
        """How the keys of a workspace built from ``recorded_version`` map onto this version."""
        return key_changes(self.migrations, recorded_version, self.version)


# --- versions and migrations ---------------------------------------------------------------

MigrationKind = Literal["databases", "properties", "options", "views", "pages", "templates"]
#: The kinds of key a migration renames or removes, and how their keys are written:
#: ``db``, ``db.prop``, ``db.prop.option``, ``db.view``, ``page``, ``template``.
MIGRATION_KINDS: tuple[MigrationKind, ...] = (
    "databases",
    "properties",
    "options",
    "views",
    "pages",
    "templates",
)
#: The object a key of each kind names, in the singular (messages; ``kind_label``).
MIGRATION_NOUNS: Mapping[str, str] = {
    "databases": "database",
    "properties": "property",
    "options": "option",
    "views": "view",
    "pages": "page",
    "templates": "template",
}
#: The kind a qualified key's prefix belongs to: ``tasks.state.done`` lives in ``tasks.state``.
MIGRATION_PARENT: Mapping[str, MigrationKind] = {
    "properties": "databases",
    "options": "properties",
    "views": "databases",
}


def parse_version(version: str) -> tuple[int, int, int]:
    """``"2.10.0"`` -> ``(2, 10, 0)``, for ordering versions (ValueError when not semver)."""
    parts = version.split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"{version!r} is not a version MAJOR.MINOR.PATCH")
    major, minor, patch = (int(p) for p in parts)
    return major, minor, patch


@dataclass(frozen=True)
class Migration:
    """How keys changed from one released version of a blueprint to the next.

    Keys are qualified per kind (see ``MIGRATION_KINDS``). ``renamed`` maps an old key, as
    version ``from_version`` wrote it, to its new key, as ``to_version`` writes it; ``removed``
    lists keys of ``from_version`` dropped on purpose. A key whose database (or property) was
    renamed follows it without being listed: ``tasks.state`` becomes ``todo.state`` when the
    database ``tasks`` becomes ``todo``.
    """

    from_version: str
    to_version: str
    renamed: Mapping[MigrationKind, Mapping[str, str]] = field(default_factory=dict)
    removed: Mapping[MigrationKind, tuple[str, ...]] = field(default_factory=dict)

    def translate(self, kind: MigrationKind, key: str) -> str | None:
        """The key in ``to_version`` of ``key`` in ``from_version``; None when it was removed."""
        if key in self.removed.get(kind, ()):
            return None
        explicit = self.renamed.get(kind, {}).get(key)
        if explicit is not None:
            return explicit
        parent_kind = MIGRATION_PARENT.get(kind)
        if parent_kind is None:
            return key
        parent, _, own = key.rpartition(".")
        new_parent = self.translate(parent_kind, parent)
        return None if new_parent is None else f"{new_parent}.{own}"

    def untranslate(self, kind: MigrationKind, key: str) -> str:
        """The key in ``from_version`` that ``key`` of ``to_version`` had (itself if unchanged)."""
        for old, new in self.renamed.get(kind, {}).items():
            if new == key:
                return old
        parent_kind = MIGRATION_PARENT.get(kind)
        if parent_kind is None:
            return key
        parent, _, own = key.rpartition(".")
        return f"{self.untranslate(parent_kind, parent)}.{own}"


@dataclass(frozen=True)
class KeyChanges:
    """The migrations to apply to a workspace built from an older version, chained.

    ``current_key(kind, key)`` is what an upgrade needs: the key a registry entry recorded at
    the old version has now (None: removed on purpose). ``renamed`` and ``removed`` list the
    explicit changes, old keys in the recorded version's terms, for plans and reports.
    """

    from_version: str
    to_version: str
    steps: tuple[Migration, ...] = ()

    def current_key(self, kind: MigrationKind, key: str) -> str | None:
        """``key`` (as the recorded version wrote it) in the current version; None if removed."""
        current: str | None = key
        for step in self.steps:
            if current is None:
                return None
            current = step.translate(kind, current)
        return current

    @property
    def renamed(self) -> Mapping[MigrationKind, Mapping[str, str]]:
        """Kind -> old key -> current key, for every key some step renamed explicitly."""
        out: dict[MigrationKind, dict[str, str]] = {}
        for kind in MIGRATION_KINDS:
            mapping: dict[str, str] = {}  # key in the recorded version -> after this step
            for index, step in enumerate(self.steps):
                followed = set(mapping.values())
                for old in step.renamed.get(kind, {}):
                    if old not in followed:
                        first = old
                        for earlier in reversed(self.steps[:index]):
                            first = earlier.untranslate(kind, first)
                        mapping[first] = old
                for first, now in list(mapping.items()):
                    new = step.translate(kind, now)
                    if new is None:
                        del mapping[first]
                    else:
                        mapping[first] = new
            changed = {old: new for old, new in mapping.items() if old != new}
            if changed:
                out[kind] = changed
        return out

    @property
    def removed(self) -> Mapping[MigrationKind, tuple[str, ...]]:
        """Kind -> keys some step removed on purpose (as that step's old version wrote them)."""
        out: dict[MigrationKind, tuple[str, ...]] = {}
        for kind in MIGRATION_KINDS:
            keys = tuple(k for step in self.steps for k in step.removed.get(kind, ()))
            if keys:
                out[kind] = keys
        return out

    @property
    def is_empty(self) -> bool:
        """True when no step renames or removes anything."""
        return not any(step.renamed or step.removed for step in self.steps)


def key_changes(
    migrations: tuple[Migration, ...], recorded_version: str, current_version: str | None
) -> KeyChanges:
    """The chained migrations from ``recorded_version`` to ``current_version``.

    Every migration that ends after the recorded version and no later than the current one
    applies, oldest first: a workspace recorded at 1.2.0 takes the 1.0.0 -> 2.0.0 step (a version
    between two migrations shares the keys of the step's start). Versions no migration covers
    changed no key.

    Raises:
        ValueError: a version is not MAJOR.MINOR.PATCH, or the recorded version is newer than
            the current one (a downgrade).
    """
    current = current_version or recorded_version
    recorded_at = parse_version(recorded_version)
    current_at = parse_version(current)
    if recorded_at > current_at:
        raise ValueError(
            f"the workspace was built with version {recorded_version}, newer than {current}"
        )
    steps = tuple(
        m
        for m in sorted(migrations, key=lambda m: parse_version(m.to_version))
        if recorded_at < parse_version(m.to_version) <= current_at
    )
    return KeyChanges(from_version=recorded_version, to_version=current, steps=steps)
