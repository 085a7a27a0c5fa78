"""What Notion answers, parsed once into small frozen results, each field checked.

The endpoint layer (``endpoints.py``) hands every decoded response to one parser here. A parser
reads only the fields the tool uses and accepts whatever else Notion adds (fields appear with new
API versions). A field the tool needs that has the wrong shape (``"results": "notalist"``, a list
item that is a string, an object without an id) raises ``UnexpectedResponse`` naming the request,
never a ``KeyError`` deep inside the planner. A ``null`` where a list or an object was expected
reads as empty: recorded traffic shows ``"sorts": null`` on an unsorted view, and Notion writes
``null`` for other empty values too.

``raw`` keeps the response itself (read-only by convention) for the one reader that translates
whole Notion objects: ``lifecycle/export/read.py``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from notion_setup.errors import UnexpectedResponse
from notion_setup.messages import _

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
    """Checks one response against what the tool reads of it; errors name the request.

    ``path`` arguments name a place in the answer (``results[2].id``, ``properties.Name``);
    the empty path is the answer itself.
    """

    def __init__(self, method: str, path: str, lang: str = "en") -> None:
        self.where = f"{method} /v1/{path}"
        self.lang = lang

    def fail(self, what: str) -> UnexpectedResponse:
        """The error for a response that does not have the shape Notion documents."""
        return UnexpectedResponse(
            _("Notion's answer to {where} is not what the API documents: {what}", self.lang).format(
                where=self.where, what=what
            ),
            hint=_(
                "check that NOTION_BASE_URL (or --base-url) points at Notion's API and that no "
                "proxy rewrites its answers, then run the same command again (it finds anything "
                "already saved)",
                self.lang,
            ),
        )

    def _answer(self, path: str) -> str:
        return path or _("the answer", self.lang)

    def _wrong(self, path: str, value: Any, expected: str) -> UnexpectedResponse:
        kinds = {
            "null": "null",
            "boolean": _("a boolean", self.lang),
            "string": _("a string", self.lang),
            "number": _("a number", self.lang),
            "list": _("a list", self.lang),
            "object": _("an object", self.lang),
        }
        return self.fail(
            _("{path} is {kind}, not {expected}", self.lang).format(
                path=self._answer(path), kind=kinds[_kind(value)], expected=kinds[expected]
            )
        )

    def obj(self, value: Any, path: str = "") -> Mapping[str, Any]:
        """``value`` as a JSON object."""
        if not isinstance(value, Mapping):
            raise self._wrong(path, value, "object")
        return value

    def optional_obj(self, value: Any, path: str) -> Mapping[str, Any]:
        """An object that may be missing or ``null`` (then empty)."""
        return {} if value is None else self.obj(value, path)

    def items(self, value: Any, path: str) -> list[Mapping[str, Any]]:
        """A list of objects; missing or ``null`` reads as empty."""
        if value is None:
            return []
        if not isinstance(value, list):
            raise self._wrong(path, value, "list")
        return [self.obj(item, f"{path}[{i}]") for i, item in enumerate(value)]

    def id(self, value: Mapping[str, Any], path: str = "") -> str:
        """The ``id`` of an object: a non-empty string."""
        found = value.get("id")
        if not isinstance(found, str) or not found:
            raise self.fail(_("{path} has no id", self.lang).format(path=self._answer(path)))
        return found

    def text(self, value: Any, path: str) -> str:
        """A string field; missing or ``null`` reads as empty."""
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self._wrong(path, value, "string")
        return value

    def optional_text(self, value: Any, path: str) -> str | None:
        """A string field that may be missing or ``null``."""
        return None if value is None else self.text(value, path)

    def rich_text(self, value: Any, path: str) -> str:
        """The plain text of a rich-text array; missing or ``null`` reads as empty."""
        return plain_text(self.items(value, path))


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, str):
        return "string"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "list"
    return "object"


def _at(base: str, field: str) -> str:
    return f"{base}.{field}" if base else field


def object_url(object_id: str, url: str | None = None) -> str:
    """The URL Notion gave for an object, else one made from its id (for the objects a run
    only knows by id: Notion redirects ``www.notion.so/<id>`` to wherever the object lives)."""
    return url or "https://www.notion.so/" + object_id.replace("-", "")


def parse_time(value: Any) -> datetime | None:
    """A timestamp in either form Notion writes: ``2026-07-04T09:08:57.778+00:00`` (databases,
    views) or ``2026-07-04T09:13:00.000Z`` (pages, blocks); None when missing or unreadable
    (the tool never decides anything on a timestamp's format)."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


# --- results -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Parent:
    """Where an object lives: ``type`` is page_id, database_id, data_source_id, block_id..."""

    type: str
    id: str | None


def _parent(shape: Shape, raw: Mapping[str, Any], at: str) -> Parent:
    data = shape.optional_obj(raw.get("parent"), _at(at, "parent"))
    kind = shape.text(data.get("type"), _at(at, "parent.type"))
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
    created_time: datetime | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)


def parse_page(shape: Shape, value: Any, at: str = "") -> Page:
    """A page object (``GET pages/{id}``, a create or update answer, a query result)."""
    raw = shape.obj(value, at)
    page_id = shape.id(raw, at)
    properties = shape.optional_obj(raw.get("properties"), _at(at, "properties"))
    values: dict[str, Mapping[str, Any]] = {}
    title = ""
    for name, prop in properties.items():
        prop = shape.obj(prop, _at(at, f"properties.{name}"))
        values[str(name)] = prop
        if prop.get("type") == "title":
            title = shape.rich_text(prop.get("title"), _at(at, f"properties.{name}.title"))
    return Page(
        id=page_id,
        url=shape.optional_text(raw.get("url"), _at(at, "url")),
        title=title,
        in_trash=_trashed(raw),
        parent=_parent(shape, raw, at),
        properties=values,
        created_time=parse_time(raw.get("created_time")),
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
    created_time: datetime | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)


def parse_database(shape: Shape, value: Any, at: str = "") -> Database:
    """A database object (``GET databases/{id}``, a create or update answer)."""
    raw = shape.obj(value, at)
    sources = tuple(
        DataSourceRef(
            shape.id(item, _at(at, f"data_sources[{i}]")),
            shape.text(item.get("name"), _at(at, f"data_sources[{i}].name")),
        )
        for i, item in enumerate(shape.items(raw.get("data_sources"), _at(at, "data_sources")))
    )
    return Database(
        id=shape.id(raw, at),
        url=shape.optional_text(raw.get("url"), _at(at, "url")),
        title=shape.rich_text(raw.get("title"), _at(at, "title")),
        description=shape.rich_text(raw.get("description"), _at(at, "description")),
        is_inline=raw.get("is_inline") is True,
        in_trash=_trashed(raw),
        parent=_parent(shape, raw, at),
        data_sources=sources,
        created_time=parse_time(raw.get("created_time")),
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


def _property(shape: Shape, name: str, value: Any, at: str) -> PropertySchema:
    raw = shape.obj(value, _at(at, f"properties.{name}"))
    kind = shape.text(raw.get("type"), _at(at, f"properties.{name}.type"))
    options: tuple[str, ...] = ()
    if kind in ("select", "multi_select", "status"):
        config = shape.optional_obj(raw.get(kind), _at(at, f"properties.{name}.{kind}"))
        items = shape.items(config.get("options"), _at(at, f"properties.{name}.{kind}.options"))
        where = _at(at, f"properties.{name}.{kind}.options")
        options = tuple(
            shape.text(o.get("name"), f"{where}[{i}].name") for i, o in enumerate(items)
        )
    return PropertySchema(
        id=shape.id(raw, _at(at, f"properties.{name}")),
        name=str(name),
        type=kind,
        options=options,
        raw=raw,
    )


def parse_data_source(shape: Shape, value: Any, at: str = "") -> DataSource:
    """A data source object (``GET data_sources/{id}``, an update answer)."""
    raw = shape.obj(value, at)
    parent = _parent(shape, raw, at)
    properties = shape.optional_obj(raw.get("properties"), _at(at, "properties"))
    return DataSource(
        id=shape.id(raw, at),
        url=shape.optional_text(raw.get("url"), _at(at, "url")),
        title=shape.rich_text(raw.get("title"), _at(at, "title")),
        database_id=parent.id if parent.type == "database_id" else None,
        properties=tuple(_property(shape, name, v, at) for name, v in properties.items()),
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
    created_time: datetime | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)


def parse_view(shape: Shape, value: Any, at: str = "") -> View:
    """A view object (``GET views/{id}``, a create or update answer)."""
    raw = shape.obj(value, at)
    parent = _parent(shape, raw, at)
    return View(
        id=shape.id(raw, at),
        name=shape.text(raw.get("name"), _at(at, "name")),
        type=shape.text(raw.get("type"), _at(at, "type")),
        database_id=parent.id if parent.type == "database_id" else None,
        url=shape.optional_text(raw.get("url"), _at(at, "url")),
        created_time=parse_time(raw.get("created_time")),
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
    created_time: datetime | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)


def parse_block(shape: Shape, value: Any, at: str = "") -> Block:
    """A block object (a children listing, an append answer)."""
    raw = shape.obj(value, at)
    kind = shape.text(raw.get("type"), _at(at, "type"))
    data = shape.optional_obj(raw.get(kind), _at(at, kind)) if kind else {}
    title = text = ""
    if kind in ("child_page", "child_database"):
        title = shape.text(data.get("title"), _at(at, f"{kind}.title"))
    else:
        text = shape.rich_text(data.get("rich_text"), _at(at, f"{kind}.rich_text"))
    return Block(
        id=shape.id(raw, at),
        type=kind,
        has_children=raw.get("has_children") is True,
        title=title,
        text=text,
        created_time=parse_time(raw.get("created_time")),
        raw=raw,
    )


@dataclass(frozen=True)
class Template:
    """A database template made in the Notion app."""

    id: str
    name: str
    is_default: bool


def parse_template(shape: Shape, value: Any, at: str = "") -> Template:
    """One item of ``GET data_sources/{id}/templates``."""
    raw = shape.obj(value, at)
    return Template(
        id=shape.id(raw, at),
        name=shape.text(raw.get("name"), _at(at, "name")),
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


def parse_user(shape: Shape, value: Any, at: str = "") -> User:
    """A user object."""
    raw = shape.obj(value, at)
    bot = shape.optional_obj(raw.get("bot"), _at(at, "bot"))
    owner = shape.optional_obj(bot.get("owner"), _at(at, "bot.owner"))
    return User(
        id=shape.id(raw, at),
        type=shape.text(raw.get("type"), _at(at, "type")),
        name=shape.optional_text(raw.get("name"), _at(at, "name")),
        workspace_name=shape.optional_text(
            bot.get("workspace_name"), _at(at, "bot.workspace_name")
        ),
        owner_type=shape.optional_text(owner.get("type"), _at(at, "bot.owner.type")),
        raw=raw,
    )
