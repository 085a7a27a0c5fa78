"""Page property values: validate request values against a schema, store and render them.

Stored values are keyed by property id (so renames never lose data):
title/rich_text -> rich-text items; select/status -> option id; multi_select -> option ids;
relation -> page ids; people -> user ids; the other writable types keep their request value.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from typing import Any

from notion_setup.sandbox import check
from notion_setup.sandbox.check import Json
from notion_setup.sandbox.errors import body_invalid, invalid
from notion_setup.sandbox.ids import short_id
from notion_setup.sandbox.richtext import MAX_URL, plain, rich_text
from notion_setup.sandbox.vocabulary import READ_ONLY, STATUS_GROUPS

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$")
MAX_REFS = 100

PageLookup = Callable[[str], Json | None]


def _option(cfg: Json, raw: Any, path: str, *, create: bool, rng: Any) -> str:
    ref = check.obj(raw, path)
    check.only_keys(ref, ("name", "id", "color"), path)
    if "id" in ref:
        found = next((o for o in cfg["options"] if o["id"] == ref["id"]), None)
        if found is None:
            raise body_invalid(f"{path}.id", f"`{ref['id']}` is not an option of this property")
        return str(found["id"])
    name = check.text(check.req(ref, "name", path), f"{path}.name", min_len=1, max_len=100)
    if "," in name:
        raise body_invalid(f"{path}.name", f"should not contain commas, instead was `{name}`")
    found = next((o for o in cfg["options"] if o["name"] == name), None)
    if found is not None:
        return str(found["id"])
    if not create:
        raise invalid(
            f"body failed validation: {path}.name `{name}` is not an option of this status "
            "property; status options cannot be created by writing a page."
        )
    # Notion adds an unknown select option to the schema when a page uses it.
    option = {
        "id": short_id(rng, {o["id"] for o in cfg["options"]}),
        "name": name,
        "color": "default",
        "description": None,
    }
    cfg["options"].append(option)
    return str(option["id"])


def _date(raw: Any, path: str) -> Json | None:
    if raw is None:
        return None
    value = check.obj(raw, path)
    check.only_keys(value, ("start", "end", "time_zone"), path)
    start = check.text(check.req(value, "start", path), f"{path}.start")
    if not _DATE.match(start):
        raise body_invalid(
            f"{path}.start", f"should be a valid ISO 8601 date, instead was `{start}`"
        )
    end = check.string(value.get("end"), f"{path}.end", nullable=True)
    if end is not None and not _DATE.match(end):
        raise body_invalid(f"{path}.end", f"should be a valid ISO 8601 date, instead was `{end}`")
    tz = check.string(value.get("time_zone"), f"{path}.time_zone", nullable=True)
    return {"start": start, "end": end, "time_zone": tz}


def parse_value(
    prop: Json,
    raw: Any,
    path: str,
    *,
    ds_edit: Callable[[], Json],
    pages: PageLookup,
    rng: Any,
    bot_id: str,
    titles: Any,
) -> Any:
    """Validate one request property value and return what the page stores.

    Args:
        prop: the stored schema property.
        raw: the request value, e.g. ``{"select": {"name": "Done"}}``.
        path: JSON path, e.g. ``body.properties.Status``.
        ds_edit: returns the data source for modification (new select options).
        pages: finds a live page by id (relation targets).
        rng: for ids of new select options.
        bot_id: the only user the sandbox knows (people values).
        titles: mention-title resolver for rich text.
    """
    kind = prop["type"]
    if kind in READ_ONLY:
        raise invalid(
            f"body failed validation: {path} is a {kind} property, whose value Notion computes; "
            "it cannot be set."
        )
    value = check.obj(raw, path)
    check.only_keys(value, ("id", "type", kind), path)
    if "type" in value and value["type"] != kind:
        raise body_invalid(f"{path}.type", f"should be `{kind}`, instead was `{value['type']}`")
    if "id" in value and value["id"] != prop["id"]:
        raise body_invalid(f"{path}.id", f"should be `{prop['id']}`, instead was `{value['id']}`")
    if kind not in value:
        raise check.missing(f"{path}.{kind}")
    inner = value[kind]
    where = f"{path}.{kind}"
    if kind in ("title", "rich_text"):
        return rich_text(inner, where, resolve_title=titles)
    if kind == "number":
        return check.number(inner, where, nullable=True)
    if kind == "checkbox":
        return check.boolean(inner, where)
    if kind == "url":
        return check.string(inner, where, nullable=True, max_len=MAX_URL)
    if kind in ("email", "phone_number"):
        return check.string(inner, where, nullable=True, max_len=200)
    if kind == "date":
        return _date(inner, where)
    if kind == "select":
        if inner is None:
            return None
        return _option(ds_edit_config(ds_edit, prop), inner, where, create=True, rng=rng)
    if kind == "status":
        return _option(prop["config"], inner, where, create=False, rng=rng)
    if kind == "multi_select":
        items = check.array(inner, where, max_len=MAX_REFS)
        cfg = ds_edit_config(ds_edit, prop)
        ids = [
            _option(cfg, item, f"{where}[{i}]", create=True, rng=rng)
            for i, item in enumerate(items)
        ]
        return list(dict.fromkeys(ids))
    if kind == "relation":
        items = check.array(inner, where, max_len=MAX_REFS)
        target_ds = prop["config"]["data_source_id"]
        result: list[str] = []
        for index, item in enumerate(items):
            ref = check.obj(item, f"{where}[{index}]")
            check.only_keys(ref, ("id",), f"{where}[{index}]")
            page_id = check.uuid(check.req(ref, "id", f"{where}[{index}]"), f"{where}[{index}].id")
            page = pages(page_id)
            if page is None or page["parent"].get("data_source_id") != target_ds:
                raise invalid(
                    f"body failed validation: {where}[{index}].id `{page_id}` is not a page of "
                    f"the related data source {target_ds}."
                )
            if page_id not in result:
                result.append(page_id)
        return result
    if kind == "people":
        items = check.array(inner, where, max_len=MAX_REFS)
        users: list[str] = []
        for index, item in enumerate(items):
            ref = check.obj(item, f"{where}[{index}]")
            check.only_keys(ref, ("id", "object"), f"{where}[{index}]")
            user_id = check.uuid(check.req(ref, "id", f"{where}[{index}]"), f"{where}[{index}].id")
            if user_id != bot_id:
                raise invalid(f"Could not find user with ID: {user_id}.")
            users.append(user_id)
        return users
    if kind == "files":
        items = check.array(inner, where, max_len=MAX_REFS)
        files = []
        for index, item in enumerate(items):
            entry = check.obj(item, f"{where}[{index}]")
            check.only_keys(entry, ("name", "type", "external"), f"{where}[{index}]")
            name = check.text(
                check.req(entry, "name", f"{where}[{index}]"), f"{where}[{index}].name"
            )
            ext = check.obj(
                check.req(entry, "external", f"{where}[{index}]"), f"{where}[{index}].external"
            )
            url = check.text(
                check.req(ext, "url", f"{where}[{index}].external"),
                f"{where}[{index}].external.url",
                max_len=MAX_URL,
            )
            files.append({"name": name, "type": "external", "external": {"url": url}})
        return files
    if kind == "place":
        if inner is None:
            return None
        place = check.obj(inner, where)
        check.only_keys(
            place, ("lat", "lon", "name", "address", "aws_place_id", "google_place_id"), where
        )
        check.number(check.req(place, "lat", where), f"{where}.lat")
        check.number(check.req(place, "lon", where), f"{where}.lon")
        return dict(place)
    raise invalid(f"body failed validation: {path} cannot be set through the API.")


def ds_edit_config(ds_edit: Callable[[], Json], prop: Json) -> Json:
    """The editable config of ``prop`` inside the data source (for auto-created options)."""
    ds = ds_edit()
    for candidate in ds["properties"]:
        if candidate["id"] == prop["id"]:
            return candidate["config"]  # type: ignore[no-any-return]
    return prop["config"]  # type: ignore[no-any-return]


def empty_value(kind: str) -> Any:
    """What an unset property holds."""
    if kind in ("title", "rich_text", "multi_select", "relation", "people", "files"):
        return []
    if kind == "checkbox":
        return False
    return None


class Renderer:
    """Renders page property values; computes formulas and rollups on the fly."""

    def __init__(
        self, lookup_ds: Callable[[str], Json | None], pages: PageLookup, bot: Callable[[], str]
    ) -> None:
        self.lookup_ds = lookup_ds
        self.pages = pages
        self.bot = bot

    def value(self, prop: Json, page: Json, ds: Json, depth: int = 0) -> Json:
        """The ``{id, type, <type>: ...}`` value object of one property of a page."""
        kind = prop["type"]
        stored = page["values"].get(prop["id"], empty_value(kind))
        out: Json = {"id": prop["id"], "type": kind}
        if kind in ("select", "status"):
            option = next((o for o in prop["config"]["options"] if o["id"] == stored), None)
            out[kind] = (
                {"id": option["id"], "name": option["name"], "color": option["color"]}
                if option
                else None
            )
        elif kind == "multi_select":
            opts = {o["id"]: o for o in prop["config"]["options"]}
            out[kind] = [
                {"id": oid, "name": opts[oid]["name"], "color": opts[oid]["color"]}
                for oid in stored
                if oid in opts
            ]
        elif kind == "relation":
            live = [pid for pid in stored if (p := self.pages(pid)) and not p["in_trash"]]
            out[kind] = [{"id": pid} for pid in live[:25]]
            out["has_more"] = len(live) > 25
        elif kind == "people":
            out[kind] = [{"object": "user", "id": uid} for uid in stored]
        elif kind == "created_time":
            out[kind] = page["created_time"]
        elif kind == "last_edited_time":
            out[kind] = page["last_edited_time"]
        elif kind in ("created_by", "last_edited_by"):
            out[kind] = {"object": "user", "id": self.bot()}
        elif kind == "unique_id":
            out[kind] = {"prefix": prop["config"].get("prefix"), "number": stored}
        elif kind == "formula":
            out[kind] = self.formula(prop, page, ds, depth)
        elif kind == "rollup":
            out[kind] = self.rollup(prop, page, ds, depth)
        elif kind == "button":
            out[kind] = {}
        else:
            out[kind] = stored
        return out

    def scalar(self, prop: Json, page: Json, ds: Json, depth: int) -> Any:
        """A property value as a Python scalar (formulas, rollups, filters, sorts)."""
        rendered = self.value(prop, page, ds, depth)
        kind = prop["type"]
        inner = rendered[kind]
        if kind in ("title", "rich_text"):
            return plain(inner)
        if kind in ("select", "status"):
            return inner["name"] if inner else None
        if kind == "multi_select":
            return [o["name"] for o in inner]
        if kind == "relation":
            return [r["id"] for r in inner]
        if kind == "date":
            return inner["start"] if inner else None
        if kind == "unique_id":
            return inner["number"]
        if kind in ("formula", "rollup"):
            return inner.get(inner.get("type", ""), None)
        if kind in ("created_by", "last_edited_by"):
            return inner["id"]
        return inner

    def formula(self, prop: Json, page: Json, ds: Json, depth: int) -> Json:
        """Evaluate a formula: arithmetic, string concatenation and property references."""
        if depth > 8:
            return {"type": "string", "string": None}
        props = {p["id"]: p for p in ds["properties"]}
        try:
            result = _Formula(
                prop["config"]["expression"],
                lambda pid: self.scalar(props[pid], page, ds, depth + 1) if pid in props else None,
            ).run()
        except (ValueError, TypeError, ZeroDivisionError, KeyError, IndexError):
            return {"type": "string", "string": None}
        if isinstance(result, bool):
            return {"type": "boolean", "boolean": result}
        if isinstance(result, int | float):
            return {"type": "number", "number": result}
        return {"type": "string", "string": None if result is None else str(result)}

    def rollup(self, prop: Json, page: Json, ds: Json, depth: int) -> Json:
        """Compute a rollup over the related pages."""
        cfg = prop["config"]
        function = cfg["function"]
        rel = next((p for p in ds["properties"] if p["id"] == cfg["relation_property_id"]), None)
        if rel is None or rel["type"] != "relation" or depth > 8:
            return {"type": "array", "array": [], "function": function}
        target = self.lookup_ds(rel["config"]["data_source_id"])
        rolled = None
        if target is not None:
            rolled = next(
                (p for p in target["properties"] if p["id"] == cfg["rollup_property_id"]), None
            )
        related = [
            p
            for pid in page["values"].get(rel["id"], [])
            if (p := self.pages(pid)) is not None and not p["in_trash"]
        ]
        if target is None or rolled is None:
            return {"type": "array", "array": [], "function": function}
        values = [self.scalar(rolled, p, target, depth + 1) for p in related]
        filled = [v for v in values if v not in (None, "", [], False)]
        numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
        count = len(values)
        result: Any
        if function == "count":
            result = count
        elif function == "count_values":
            result = sum(len(v) if isinstance(v, list) else 1 for v in filled)
        elif function in ("empty", "not_empty"):
            result = count - len(filled) if function == "empty" else len(filled)
        elif function in ("percent_empty", "percent_not_empty"):
            part = count - len(filled) if function == "percent_empty" else len(filled)
            result = part / count if count else 0
        elif function in ("unique",):
            result = len({repr(v) for v in filled})
        elif function == "sum":
            result = sum(numbers)
        elif function in ("average", "median", "min", "max", "range"):
            if not numbers:
                return {"type": "number", "number": None, "function": function}
            result = _AGGREGATES[function](numbers)
        elif function in ("checked", "unchecked", "percent_checked", "percent_unchecked"):
            checked = sum(1 for v in values if v is True)
            part = checked if "unchecked" not in function else count - checked
            result = part if not function.startswith("percent") else (part / count if count else 0)
        else:
            return {
                "type": "array",
                "array": [self.value(rolled, p, target, depth + 1) for p in related],
                "function": function,
            }
        return {"type": "number", "number": result, "function": function}


_AGGREGATES: dict[str, Callable[[list[Any]], Any]] = {
    "average": statistics.fmean,
    "median": statistics.median,
    "min": min,
    "max": max,
    "range": lambda numbers: max(numbers) - min(numbers),
}

_TOKEN_RE = re.compile(
    r'\s*(?:(\d+(?:\.\d+)?)|("(?:[^"\\]|\\.)*")|(\{\{notion:block_property:([^:}]+):[^}]*\}\})'
    r"|(true|false)|([-+*/()]))"
)


class _Formula:
    """A tiny evaluator: numbers, strings, booleans, property tokens, + - * / and parentheses.

    Anything else (functions such as ``if`` or ``dateBetween``) raises ValueError, and the value
    is reported as an empty string formula.
    """

    def __init__(self, expression: str, prop: Callable[[str], Any]) -> None:
        self.tokens: list[tuple[str, Any]] = []
        pos = 0
        expression = expression.strip()
        while pos < len(expression):
            match = _TOKEN_RE.match(expression, pos)
            if not match or match.end() == pos:
                raise ValueError(expression[pos:])
            num, string, token, pid, boolean, op = match.groups()
            if num is not None:
                self.tokens.append(("val", float(num) if "." in num else int(num)))
            elif string is not None:
                self.tokens.append(("val", string[1:-1].replace('\\"', '"')))
            elif token is not None:
                self.tokens.append(("prop", pid))
            elif boolean is not None:
                self.tokens.append(("val", boolean == "true"))
            else:
                self.tokens.append(("op", op))
            pos = match.end()
        self.pos = 0
        self.prop = prop

    def run(self) -> Any:
        result = self._sum()
        if self.pos != len(self.tokens):
            raise ValueError("trailing tokens")
        return result

    def _peek(self) -> tuple[str, Any] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _sum(self) -> Any:
        left = self._product()
        while (tok := self._peek()) in (("op", "+"), ("op", "-")):
            self.pos += 1
            right = self._product()
            if tok[1] == "+":
                left = (
                    f"{_s(left)}{_s(right)}"
                    if isinstance(left, str) or isinstance(right, str)
                    else _n(left) + _n(right)
                )
            else:
                left = _n(left) - _n(right)
        return left

    def _product(self) -> Any:
        left = self._unary()
        while (tok := self._peek()) in (("op", "*"), ("op", "/")):
            self.pos += 1
            right = self._unary()
            left = _n(left) * _n(right) if tok[1] == "*" else _n(left) / _n(right)
        return left

    def _unary(self) -> Any:
        tok = self._peek()
        if tok == ("op", "-"):
            self.pos += 1
            return -_n(self._unary())
        return self._atom()

    def _atom(self) -> Any:
        tok = self._peek()
        if tok is None:
            raise ValueError("unexpected end")
        self.pos += 1
        if tok == ("op", "("):
            value = self._sum()
            if self._peek() != ("op", ")"):
                raise ValueError("missing )")
            self.pos += 1
            return value
        if tok[0] == "val":
            return tok[1]
        if tok[0] == "prop":
            return self.prop(tok[1])
        raise ValueError(f"unexpected {tok[1]}")


def _n(value: Any) -> float | int:
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError("not a number")
    return value


def _s(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def status_group(prop: Json, option_id: str | None) -> str | None:
    """The status group name of an option id."""
    for option in prop["config"].get("options", []):
        if option["id"] == option_id:
            return str(option.get("group"))
    return None


GROUP_NAMES = tuple(name for name, _ in STATUS_GROUPS)
