"""What Notion answers, parsed once into small frozen results, each field checked.

The endpoint layer (``endpoints.py``) hands every decoded response to one parser here. A parser
reads only the fields the tool uses and accepts whatever else Notion adds (fields appear with new
API versions). A field the tool needs that has the wrong shape (``"results": "notalist"``, a list
item that is a string, an object without an id) raises ``UnexpectedResponse`` naming the request,
never a ``KeyError`` deep inside the planner. A ``null`` where a list or an object was expected
reads as empty: recorded traffic shows ``"sorts": null`` on an unsorted view, and Notion writes
``null`` for other empty values too.

``raw`` keeps the response itself (read-only by convention) for the one reader that translates
whole Notion objects: ``lifecycle/export.py``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from notion_setup.errors import UnexpectedResponse
from notion_setup.notion_messages import message

JSON = dict[str, Any]


def plain_text(items: Sequence[Mapping[str, Any]] | None) -> str:
    """The plain text of a rich-text array (responses carry ``plain_text``; requests ``text``)."""
    out = []
    for item in items or ():
        if not isinstance(item, Mapping):
            continue
        if "plain_text" in item:
            out.append(str(item["plain_text"]))
        else:
            text = item.get("text")
            out.append(str(text.get("content", "")) if isinstance(text, Mapping) else "")
    return "".join(out)


class Shape:
    """Checks one response against what the tool reads of it; errors name the request."""

    def __init__(self, method: str, path: str, lang: str = "en") -> None:
        self.where = f"{method} /v1/{path}"
        self.lang = lang

    def fail(self, what: str) -> UnexpectedResponse:
        """The error for a response that does not have the shape Notion documents."""
        return UnexpectedResponse(
            message(self.lang, "unexpected", where=self.where, what=what),
            hint=message(self.lang, "unexpected_fix"),
        )

    def obj(self, value: Any, what: str = "the answer") -> Mapping[str, Any]:
        """``value`` as a JSON object."""
        if not isinstance(value, Mapping):
            raise self.fail(f"{what} is {_kind(value)}, not an object")
        return value

    def optional_obj(self, value: Any, what: str) -> Mapping[str, Any]:
        """An object that may be missing or ``null`` (then empty)."""
        return {} if value is None else self.obj(value, what)

    def items(self, value: Any, what: str) -> list[Mapping[str, Any]]:
        """A list of objects; missing or ``null`` reads as empty."""
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(f"{what} is {_kind(value)}, not a list")
        return [self.obj(item, f"an item of {what}") for item in value]

    def id(self, value: Mapping[str, Any], what: str = "the object") -> str:
        """The ``id`` of an object: a non-empty string."""
        found = value.get("id")
        if not isinstance(found, str) or not found:
            raise self.fail(f"{what} has no id")
        return found

    def text(self, value: Any, what: str) -> str:
        """A string field; missing or ``null`` reads as empty."""
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self.fail(f"{what} is {_kind(value)}, not a string")
        return value

    def optional_text(self, value: Any, what: str) -> str | None:
        """A string field that may be missing or ``null``."""
        return None if value is None else self.text(value, what)

    def rich_text(self, value: Any, what: str) -> str:
        """The plain text of a rich-text array; missing or ``null`` reads as empty."""
        return plain_text(self.items(value, what))


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    return "an object"


# --- results -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Parent:
    """Where an object lives: ``type`` is page_id, database_id, data_source_id, block_id..."""

    type: str
    id: str | None


def _parent(shape: Shape, raw: Mapping[str, Any]) -> Parent:
    data = shape.optional_obj(raw.get("parent"), "parent")
    kind = shape.text(data.get("type"), "parent.type")
    value = data.get(kind) if kind else None
    return Parent(kind, value if isinstance(value, str) else None)


@dataclass(frozen=True)
class Page:
    """A page (or a row of a data source)."""

    id: str
    url: str | None
    title: str
    in_trash: bool
    parent: Parent
    #: property name -> property value, as Notion sent it.
    properties: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)


def parse_page(shape: Shape, value: Any) -> Page:
    """A page object (``GET pages/{id}``, a create or update answer, a query result)."""
    raw = shape.obj(value, "the page")
    page_id = shape.id(raw, "the page")
    properties = shape.optional_obj(raw.get("properties"), "properties")
    values: dict[str, Mapping[str, Any]] = {}
    title = ""
    for name, prop in properties.items():
        prop = shape.obj(prop, f"properties.{name}")
        values[str(name)] = prop
        if prop.get("type") == "title":
            title = shape.rich_text(prop.get("title"), f"properties.{name}.title")
    return Page(
        id=page_id,
        url=shape.optional_text(raw.get("url"), "url"),
        title=title,
        in_trash=_trashed(raw),
        parent=_parent(shape, raw),
        properties=values,
        raw=raw,
    )


def _trashed(raw: Mapping[str, Any]) -> bool:
    # ``archived`` is the older name of ``in_trash``; recordings of 2025-09-03 carry both
    # (and ``is_archived`` on pages); any of them true means the object is in the trash.
    return any(raw.get(key) is True for key in ("in_trash", "archived", "is_archived"))


@dataclass(frozen=True)
class DataSourceRef:
    """A data source as a database lists it."""

    id: str
    name: str


@dataclass(frozen=True)
class Database:
    """A database (the container of one or more data sources)."""

    id: str
    url: str | None
    title: str
    description: str
    is_inline: bool
    in_trash: bool
    parent: Parent
    data_sources: tuple[DataSourceRef, ...]
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)


def parse_database(shape: Shape, value: Any) -> Database:
    """A database object (``GET databases/{id}``, a create or update answer)."""
    raw = shape.obj(value, "the database")
    sources = tuple(
        DataSourceRef(shape.id(item, "a data source"), shape.text(item.get("name"), "name"))
        for item in shape.items(raw.get("data_sources"), "data_sources")
    )
    return Database(
        id=shape.id(raw, "the database"),
        url=shape.optional_text(raw.get("url"), "url"),
        title=shape.rich_text(raw.get("title"), "title"),
        description=shape.rich_text(raw.get("description"), "description"),
        is_inline=raw.get("is_inline") is True,
        in_trash=_trashed(raw),
        parent=_parent(shape, raw),
        data_sources=sources,
        raw=raw,
    )


@dataclass(frozen=True)
class PropertySchema:
    """A property of a data source's schema."""

    id: str
    name: str
    type: str
    options: tuple[str, ...] = ()  # option names, for select / multi_select / status
    raw: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DataSource:
    """A data source: a schema of properties, and rows."""

    id: str
    url: str | None
    title: str
    database_id: str | None
    properties: tuple[PropertySchema, ...]
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def by_name(self) -> dict[str, PropertySchema]:
        """Property name -> property."""
        return {p.name: p for p in self.properties}


def _property(shape: Shape, name: str, value: Any) -> PropertySchema:
    raw = shape.obj(value, f"properties.{name}")
    kind = shape.text(raw.get("type"), f"properties.{name}.type")
    options: tuple[str, ...] = ()
    if kind in ("select", "multi_select", "status"):
        config = shape.optional_obj(raw.get(kind), f"properties.{name}.{kind}")
        items = shape.items(config.get("options"), f"properties.{name}.{kind}.options")
        options = tuple(shape.text(o.get("name"), "an option's name") for o in items)
    return PropertySchema(
        id=shape.id(raw, f"properties.{name}"), name=str(name), type=kind, options=options, raw=raw
    )


def parse_data_source(shape: Shape, value: Any) -> DataSource:
    """A data source object (``GET data_sources/{id}``, an update answer)."""
    raw = shape.obj(value, "the data source")
    parent = _parent(shape, raw)
    properties = shape.optional_obj(raw.get("properties"), "properties")
    return DataSource(
        id=shape.id(raw, "the data source"),
        url=shape.optional_text(raw.get("url"), "url"),
        title=shape.rich_text(raw.get("title"), "title"),
        database_id=parent.id if parent.type == "database_id" else None,
        properties=tuple(_property(shape, name, v) for name, v in properties.items()),
        raw=raw,
    )


@dataclass(frozen=True)
class View:
    """A view of a database."""

    id: str
    name: str
    type: str
    database_id: str | None
    url: str | None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)


def parse_view(shape: Shape, value: Any) -> View:
    """A view object (``GET views/{id}``, a create or update answer)."""
    raw = shape.obj(value, "the view")
    parent = _parent(shape, raw)
    return View(
        id=shape.id(raw, "the view"),
        name=shape.text(raw.get("name"), "name"),
        type=shape.text(raw.get("type"), "type"),
        database_id=parent.id if parent.type == "database_id" else None,
        url=shape.optional_text(raw.get("url"), "url"),
        raw=raw,
    )


@dataclass(frozen=True)
class Block:
    """A block; ``title`` is a child page's or database's title, ``text`` its rich text."""

    id: str
    type: str
    has_children: bool
    title: str
    text: str
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)


def parse_block(shape: Shape, value: Any) -> Block:
    """A block object (a children listing, an append answer)."""
    raw = shape.obj(value, "a block")
    kind = shape.text(raw.get("type"), "type")
    data = shape.optional_obj(raw.get(kind), kind) if kind else {}
    title = text = ""
    if kind in ("child_page", "child_database"):
        title = shape.text(data.get("title"), f"{kind}.title")
    else:
        text = shape.rich_text(data.get("rich_text"), f"{kind}.rich_text")
    return Block(
        id=shape.id(raw, "a block"),
        type=kind,
        has_children=raw.get("has_children") is True,
        title=title,
        text=text,
        raw=raw,
    )


@dataclass(frozen=True)
class Template:
    """A database template made in the Notion app."""

    id: str
    name: str
    is_default: bool


def parse_template(shape: Shape, value: Any) -> Template:
    """One item of ``GET data_sources/{id}/templates``."""
    raw = shape.obj(value, "a template")
    return Template(
        id=shape.id(raw, "a template"),
        name=shape.text(raw.get("name"), "name"),
        is_default=raw.get("is_default") is True,
    )


@dataclass(frozen=True)
class User:
    """A user or bot (``GET users/me``); ``name`` may be null (API 2026-12-01)."""

    id: str
    type: str
    name: str | None
    workspace_name: str | None
    owner_type: str | None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)


def parse_user(shape: Shape, value: Any) -> User:
    """A user object."""
    raw = shape.obj(value, "the user")
    bot = shape.optional_obj(raw.get("bot"), "bot")
    owner = shape.optional_obj(bot.get("owner"), "bot.owner")
    return User(
        id=shape.id(raw, "the user"),
        type=shape.text(raw.get("type"), "type"),
        name=shape.optional_text(raw.get("name"), "name"),
        workspace_name=shape.optional_text(bot.get("workspace_name"), "bot.workspace_name"),
        owner_type=shape.optional_text(owner.get("type"), "bot.owner.type"),
        raw=raw,
    )
