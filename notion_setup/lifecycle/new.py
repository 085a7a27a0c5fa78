"""``new``: one page in the right database of a client's workspace, from a template.

Two sources:

- a blueprint template (``templates.<key>``: database, title, values, body), resolved in the
  workspace's language with relative dates counted from today and the late placeholders
  ``{{date}}`` (2026-03-31), ``{{month}}`` (March 2026 / mars 2026) and ``{{year}}`` filled in;
- a database template made in the Notion app (``--notion-template NAME``), applied through the
  API's template support; Notion applies it after answering, so this waits until the page shows
  the template's content.

``--set PROPERTY=VALUE`` values (property key or name) are checked against the property's type
before anything is written. Properties are addressed by their registered ids, so renames made
by hand in Notion do not break ``new``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from notion_setup.blueprint.dates import is_relative, parse_iso, shift
from notion_setup.blueprint.variables import substitute
from notion_setup.errors import NotionError, UsageError
from notion_setup.model import READ_ONLY_TYPES, Database, Property, Template, Value, Workspace
from notion_setup.notion import payloads
from notion_setup.notion.body import append_blocks, split_for_create
from notion_setup.notion.endpoints import TITLE, NotionAPI, as_api
from notion_setup.notion.markdown import markdown_to_blocks
from notion_setup.notion.results import Page, object_url
from notion_setup.notion.results import Template as NotionTemplate
from notion_setup.notion.transport import JSON, Transport
from notion_setup.registry import Registry

_MONTHS_EN = "January February March April May June July August September October November December"
_MONTHS_FR = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
MONTHS = {"en": _MONTHS_EN.split(), "fr": _MONTHS_FR.split()}
TRUE_WORDS = frozenset({"true", "yes", "y", "1", "on", "oui", "vrai", "x"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "off", "non", "faux", ""})
#: Types ``--set`` cannot fill: Notion computes them, or they need uploads and user ids.
UNSETTABLE = READ_ONLY_TYPES | {"people", "files", "place"}


@dataclass(frozen=True)
class NewPage:
    """The page ``new`` created."""

    client: str
    database: str  # database key
    database_title: str
    title: str
    id: str
    url: str
    source: str  # "blueprint" or "notion"
    template: str  # blueprint template key, or the Notion template's name
    values: Mapping[str, str] = field(default_factory=dict)  # property name -> value as set
    template_applied: bool = True
    warnings: tuple[str, ...] = ()

    def to_json(self) -> JSON:
        """Machine-readable form (stable keys)."""
        return {
            "client": self.client,
            "database": self.database,
            "database_title": self.database_title,
            "title": self.title,
            "id": self.id,
            "url": self.url,
            "source": self.source,
            "template": self.template,
            "values": dict(self.values),
            "template_applied": self.template_applied,
            "warnings": list(self.warnings),
        }


def late_values(lang: str, today: date) -> dict[str, str]:
    """Values of the placeholders left for ``new``: date, month, year."""
    month = MONTHS.get(lang, MONTHS["en"])[today.month - 1]
    return {"date": today.isoformat(), "month": f"{month} {today.year}", "year": str(today.year)}


def parse_sets(items: Sequence[str]) -> list[tuple[str, str]]:
    """``--set PROPERTY=VALUE`` options as pairs, in order.

    Raises:
        UsageError: an item has no ``=`` or no property.
    """
    out = []
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(
                f"--set {item!r}: expected PROPERTY=VALUE",
                hint='e.g. --set amount=450 --set "Due date=+30d"',
            )
        out.append((name.strip(), value.strip()))
    return out


def find_property(database: Database, name: str) -> Property:
    """A property by key, or by name (case-insensitive).

    Raises:
        UsageError: no such property; the message lists them.
    """
    for prop in database.properties:
        if prop.key == name:
            return prop
    folded = name.casefold()
    for prop in database.properties:
        if prop.name.casefold() == folded:
            return prop
    known = ", ".join(f"{p.key} ({p.name})" for p in database.properties)
    raise UsageError(
        f"--set {name}=...: no property {name!r} in the {database.title} database",
        hint=f"use a key or a name: {known}",
    )


def _option(prop: Property, raw: str, database: Database) -> str:
    folded = raw.strip().casefold()
    for option in prop.options:
        if option.key == raw.strip() or option.name.casefold() == folded:
            return option.name
    known = ", ".join(o.name for o in prop.options) or "none"
    raise UsageError(
        f"--set {prop.key}={raw}: {raw!r} is not an option of {prop.name} ({database.title})",
        hint=f"pick one of: {known}",
    )


def set_value(
    prop: Property,
    raw: str,
    database: Database,
    *,
    today: date,
    find_rows: Callable[[Property, str], list[str]],
) -> JSON:
    """The Notion page value for ``--set``, checked against the property's type.

    The text is checked and converted to a model value here; ``payloads.page_value`` encodes it,
    as it encodes the values of starter rows and templates.

    Args:
        prop: the property.
        raw: the text after ``=``.
        database: the property's database (for messages).
        today: relative dates (``+30d``) count from it.
        find_rows: relation targets: (relation property, row key or title) -> page ids.

    Raises:
        UsageError: the value does not fit the property; the message says what would.
    """
    where = f"--set {prop.key}={raw}"
    kind = prop.type
    if kind in UNSETTABLE:
        why = "Notion computes it" if kind in READ_ONLY_TYPES else "it cannot be set from here"
        raise UsageError(
            f"{where}: {prop.name} is a {kind} property; {why}",
            hint="set it in Notion after the page is created"
            if kind not in READ_ONLY_TYPES
            else "remove this --set",
        )
    if kind in ("title", "rich_text"):
        if not raw:
            raise UsageError(f"{where}: empty text", hint=f'e.g. --set "{prop.key}=Some text"')
        return _encode(prop, raw)
    if kind == "number":
        try:
            number = float(raw.replace(",", ".")) if raw else None
        except ValueError:
            number = None
        if number is None or number != number or number in (float("inf"), float("-inf")):
            raise UsageError(
                f"{where}: {prop.name} is a number property; {raw!r} is not a number",
                hint=f"e.g. --set {prop.key}=450 or --set {prop.key}=12.5",
            )
        return _encode(prop, int(number) if number.is_integer() else number)
    if kind in ("select", "status"):
        return _encode(prop, _option(prop, raw, database))
    if kind == "multi_select":
        names = [_option(prop, part, database) for part in raw.split(",") if part.strip()]
        return _encode(prop, tuple(dict.fromkeys(names)))
    if kind == "date":
        text = raw.strip()
        if text == "today":
            day: date | None = today
        elif is_relative(text):
            day = shift(today, text)
        else:
            day = parse_iso(text)
        if day is None:
            raise UsageError(
                f"{where}: {prop.name} is a date property; {raw!r} is not a date",
                hint=f"e.g. --set {prop.key}=2026-01-31, today, +30d, -1w or +1m",
            )
        return _encode(prop, day.isoformat())
    if kind == "checkbox":
        word = raw.strip().casefold()
        if word not in TRUE_WORDS | FALSE_WORDS:
            raise UsageError(
                f"{where}: {prop.name} is a checkbox; {raw!r} is not yes or no",
                hint=f"e.g. --set {prop.key}=true or --set {prop.key}=false",
            )
        return _encode(prop, word in TRUE_WORDS)
    if kind == "email" and ("@" not in raw or " " in raw.strip()):
        raise UsageError(
            f"{where}: {prop.name} is an email property; {raw!r} is not an email address",
            hint=f"e.g. --set {prop.key}=name@example.com",
        )
    if kind == "url" and not raw.startswith(("https://", "http://")):
        raise UsageError(
            f"{where}: {prop.name} is a URL property; {raw!r} is not a web address",
            hint=f"e.g. --set {prop.key}=https://example.com",
        )
    if kind in ("url", "email", "phone_number"):
        if not raw:
            raise UsageError(f"{where}: empty value")
        return _encode(prop, raw)
    if kind == "relation":
        ids: list[str] = []
        for part in (p.strip() for p in raw.split(",")):
            if not part:
                continue
            found = find_rows(prop, part)
            if not found:
                raise UsageError(
                    f"{where}: no page {part!r} in the database {prop.name} points to",
                    hint="give the exact title of a page of that database (or a starter row "
                    "key); separate several with commas",
                )
            ids.extend(found[:1])
        return payloads.relation_value(list(dict.fromkeys(ids)))
    raise UsageError(f"{where}: {kind} properties cannot be set with --set")


def _encode(prop: Property, value: Value) -> JSON:
    payload = payloads.page_value(prop, value, at=f"--set {prop.key}")
    assert payload is not None  # only relations can be "not yet", and they are encoded apart
    return payload


@dataclass
class _Context:
    """The client's workspace as ``new`` needs it."""

    api: NotionAPI
    workspace: Workspace
    registry: Registry
    database: Database
    database_id: str
    data_source_id: str

    def prop_key(self, prop: Property) -> str:
        """The key to send a property under: its registered id, else its name."""
        if prop.type == "title":
            return "title"
        return self.registry.id(f"prop:{self.database.key}.{prop.key}") or prop.name

    def find_rows(self, prop: Property, text: str) -> list[str]:
        target_key = prop.relation_target or ""
        by_key = self.registry.id(f"row:{target_key}.{text}")
        if by_key:
            return [by_key]
        entry = self.registry.get(f"db:{target_key}")
        if not isinstance(entry, dict) or not entry.get("ds"):
            return []
        target = self.workspace.database(target_key)
        query = payloads.title_equals(target.title_property.name, text)
        rows = self.api.data_sources.query(str(entry["ds"]), properties=(TITLE,), filter=query)
        return [row.id for row in rows]

    def titled(self, title: str) -> list[str]:
        """Ids of the rows that have this exact title."""
        query = payloads.title_equals(self.database.title_property.name, title)
        rows = self.api.data_sources.query(self.data_source_id, properties=(TITLE,), filter=query)
        return [row.id for row in rows]


def workspace_context(
    notion: Transport | NotionAPI, workspace: Workspace, registry: Registry, database_key: str
) -> _Context:
    """The ids of one database of the client's workspace, from its registry.

    Raises:
        UsageError: the database is not in the workspace (its module was left out).
    """
    database = workspace.database(database_key)
    entry = registry.get(f"db:{database_key}")
    if not isinstance(entry, dict) or not entry.get("id") or not entry.get("ds"):
        raise UsageError(
            f"the {database.title} database is not in {workspace.client}'s workspace",
            hint=f"add it with `notion-setup apply {workspace.blueprint} --client "
            f'"{workspace.client}"` (its module may have been left out with --only/--without)',
        )
    return _Context(
        as_api(notion), workspace, registry, database, str(entry["id"]), str(entry["ds"])
    )


def pick_template(workspace: Workspace, name: str) -> Template:
    """The blueprint template with this key (or this title, case-insensitive).

    Raises:
        UsageError: none; the message lists the templates.
    """
    for template in workspace.templates:
        if template.key == name:
            return template
    folded = name.casefold()
    for template in workspace.templates:
        if template.title.casefold() == folded:
            return template
    known = ", ".join(t.key for t in workspace.templates) or "none"
    raise UsageError(
        f"no template {name!r} in the {workspace.blueprint} blueprint",
        hint=f"templates: {known}",
    )


def pick_database(workspace: Workspace, name: str) -> Database:
    """The database ``--notion-template`` targets: a template key's database, a key or a title.

    Raises:
        UsageError: none matches; the message lists the databases.
    """
    for template in workspace.templates:
        if template.key == name:
            return workspace.database(template.database)
    folded = name.casefold()
    for database in workspace.databases:
        if database.key == name or database.title.casefold() == folded:
            return database
    known = ", ".join(f"{d.key} ({d.title})" for d in workspace.databases)
    raise UsageError(
        f"no database or template {name!r} in the {workspace.blueprint} blueprint",
        hint=f"with --notion-template, name the database: {known}",
    )


def _create(
    ctx: _Context,
    properties: JSON,
    title: str,
    path: str,
    *,
    children: list[JSON] | None = None,
    icon: JSON | None = None,
    template: JSON | None = None,
) -> Page:
    """Create the page; after an ambiguous failure adopt a page with this title made meanwhile."""
    before = set(ctx.titled(title)) if title else set()

    def find() -> str | None:
        if not title:
            return None
        fresh = [i for i in ctx.titled(title) if i not in before]
        return fresh[0] if fresh else None

    return ctx.api.pages.create(
        parent=payloads.data_source_parent(ctx.data_source_id),
        properties=properties,
        children=children,
        icon=icon,
        template=template,
        find_existing=find,
        blueprint_path=path,
    )


def stored_text(payload: JSON, given: str) -> str:
    """What to echo for a value: the date stored for ``+30d`` or ``{{today}}``, else as given."""
    stored = payload.get("date") if isinstance(payload, dict) else None
    if isinstance(stored, dict) and stored.get("start"):
        end = stored.get("end")
        return f"{stored['start']} → {end}" if end else str(stored["start"])
    return given


def new_from_blueprint(
    notion: Transport | NotionAPI,
    workspace: Workspace,
    registry: Registry,
    template_name: str,
    *,
    sets: Sequence[tuple[str, str]] = (),
    today: date | None = None,
) -> NewPage:
    """Create a page in the template's database from a blueprint template.

    Args:
        notion: the gateway (or the endpoint layer over it).
        workspace: the blueprint resolved for this client, in the registry's language.
        registry: the client's registry (database, property and row ids).
        template_name: the template's key (or title).
        sets: ``--set`` pairs, applied over the template's values.
        today: the date placeholders and relative dates count from (tests pass one).

    Raises:
        UsageError: unknown template or property, a value that does not fit.
        NotionError: Notion refused or could not be reached.
    """
    today = today or date.today()
    template = pick_template(workspace, template_name)
    ctx = workspace_context(notion, workspace, registry, template.database)
    db = ctx.database
    late = late_values(workspace.lang, today)
    title = substitute(template.title, late)
    warnings: list[str] = []
    properties: JSON = {}
    shown: dict[str, str] = {}
    row_ids = {
        key.removeprefix("row:"): str(value)
        for key, value in registry.objects.items()
        if key.startswith("row:") and value
    }
    for key, value in template.values.items():
        prop = db.property(key)
        if prop.type in UNSETTABLE:
            continue
        payload = payloads.page_value(
            prop, value, row_ids=row_ids, at=f"templates.{template.key}.values.{key}"
        )
        if payload is None:
            warnings.append(f"{prop.name}: a related starter row is gone; left empty")
            continue
        properties[ctx.prop_key(prop)] = payload
        text = ", ".join(value) if isinstance(value, tuple) else str(value)
        shown[prop.name] = stored_text(payload, text)
    for name, raw in sets:
        prop = find_property(db, name)
        payload = set_value(prop, raw, db, today=today, find_rows=ctx.find_rows)
        if prop.type == "title":
            title = raw
        properties[ctx.prop_key(prop)] = payload
        shown[prop.name] = stored_text(payload, raw)
    properties.update(payloads.title_properties(title, f"templates.{template.key}.title"))
    shown[db.title_property.name] = title
    markdown = substitute(template.body, late)
    head, tail = split_for_create(markdown_to_blocks(markdown)) if markdown.strip() else ([], [])
    page = _create(
        ctx,
        properties,
        title,
        f"templates.{template.key}",
        children=head or None,
        icon=payloads.icon(template.icon),
    )
    if tail:
        append_blocks(ctx.api, page.id, tail)
    return NewPage(
        client=workspace.client,
        database=db.key,
        database_title=db.title,
        title=title,
        id=page.id,
        url=object_url(page.id, page.url),
        source="blueprint",
        template=template.key,
        values=shown,
        warnings=tuple(warnings),
    )


def find_notion_template(
    api: NotionAPI, data_source_id: str, name: str, db: Database
) -> NotionTemplate:
    """The database template with this name (exact, else the one name containing it).

    Raises:
        UsageError: none or several match; the message lists the database's templates.
    """
    found = list(api.data_sources.templates(data_source_id, name=name))
    exact = [t for t in found if t.name.casefold() == name.casefold()]
    if len(exact) == 1 or (exact and len(exact) == len(found)):
        return exact[0]
    if len(found) == 1:
        return found[0]
    every = [t.name for t in api.data_sources.templates(data_source_id)]
    known = ", ".join(f'"{n}"' for n in every) or "none"
    many = "several templates match" if found else "no template matches"
    raise UsageError(
        f"{many} {name!r} in the {db.title} database (templates: {known})",
        hint="database templates are made in the Notion app (New ▾ → + New template); "
        "give the exact name",
    )


def wait_for_template(
    api: NotionAPI,
    page_id: str,
    *,
    timeout_s: float,
    sleep: Callable[[float], None],
    clock: Callable[[], float],
) -> bool:
    """Poll the page until Notion has applied the template (content appeared); False on timeout.

    Notion answers the create with a blank page and applies the template in the background,
    with no job to poll: the page's first blocks appearing is the sign that it is done.
    """
    deadline = clock() + timeout_s
    delay = 0.5
    while True:
        if api.blocks.first_child(page_id) is not None:
            return True
        if clock() >= deadline:
            return False
        sleep(min(delay, max(0.0, deadline - clock())))
        delay = min(delay * 2, 5.0)


def new_from_notion_template(
    notion: Transport | NotionAPI,
    workspace: Workspace,
    registry: Registry,
    database_name: str,
    template_name: str,
    *,
    sets: Sequence[tuple[str, str]] = (),
    today: date | None = None,
    timeout_s: float = 60.0,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> NewPage:
    """Create a page from a database template made in the Notion app, and wait for it.

    Args:
        notion: the gateway (or the endpoint layer over it).
        workspace: the blueprint resolved for this client.
        registry: the client's registry.
        database_name: a blueprint template key (its database), a database key or title.
        template_name: the Notion template's name.
        sets: ``--set`` pairs, sent with the create (the template fills the rest).
        today: relative dates in ``sets`` count from it.
        timeout_s: how long to wait for Notion to apply the template.
        sleep: waits between polls (tests inject one).
        clock: monotonic seconds (tests inject one).

    Raises:
        UsageError: unknown database, template or property, a value that does not fit.
        NotionError: Notion refused or could not be reached.
    """
    today = today or date.today()
    db = pick_database(workspace, database_name)
    ctx = workspace_context(notion, workspace, registry, db.key)
    template = find_notion_template(ctx.api, ctx.data_source_id, template_name, db)
    properties: JSON = {}
    shown: dict[str, str] = {}
    title = ""
    for name, raw in sets:
        prop = find_property(db, name)
        payload = set_value(prop, raw, db, today=today, find_rows=ctx.find_rows)
        properties[ctx.prop_key(prop)] = payload
        shown[prop.name] = stored_text(payload, raw)
        if prop.type == "title":
            title = raw
    try:
        page = _create(
            ctx,
            properties,
            title,
            f"--notion-template {template_name}",
            template=payloads.template_id(template.id),
        )
    except NotionError as error:
        if error.status == 400 and not error.hint:
            error.hint = (
                "check that the integration can see the template (share the database with it) "
                "and that the template still exists in the Notion app"
            )
        raise
    page_id = page.id
    applied = wait_for_template(ctx.api, page_id, timeout_s=timeout_s, sleep=sleep, clock=clock)
    warnings: tuple[str, ...] = ()
    if not applied:
        warnings = (
            f"Notion had not applied the template after {timeout_s:.0f} s; the page exists and "
            "usually fills in within a minute (a template without content never shows any)",
        )
    if not title:
        title = ctx.api.pages.retrieve(page_id).title
    return NewPage(
        client=workspace.client,
        database=db.key,
        database_title=db.title,
        title=title,
        id=page_id,
        url=object_url(page_id, page.url),
        source="notion",
        template=template.name or template_name,
        values=shown,
        template_applied=applied,
        warnings=warnings,
    )
