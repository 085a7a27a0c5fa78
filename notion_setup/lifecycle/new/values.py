"""What ``--set PROPERTY=VALUE`` and the late placeholders mean: text -> checked page values.

``--set`` values (property key or name) are checked against the property's type before anything
is written and encoded by ``payloads.page_value``, as starter rows and templates are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TypeVar

from notion_setup.blueprint.dates import is_relative, parse_iso, shift
from notion_setup.errors import UsageError
from notion_setup.model import READ_ONLY_TYPES, Database, Keyed, Property, Value
from notion_setup.notion import payloads
from notion_setup.notion.transport import JSON

_MONTHS_EN = "January February March April May June July August September October November December"
_MONTHS_FR = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
MONTHS = {"en": _MONTHS_EN.split(), "fr": _MONTHS_FR.split()}
TRUE_WORDS = frozenset({"true", "yes", "y", "1", "on", "oui", "vrai", "x"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "off", "non", "faux", ""})
#: Types ``--set`` cannot fill: Notion computes them, or they need uploads and user ids.
UNSETTABLE = READ_ONLY_TYPES | {"people", "files", "place"}


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


K = TypeVar("K", bound=Keyed)


def by_key_or_name(items: Sequence[K], name: str, name_of: Callable[[K], str]) -> K | None:
    """The item whose key is ``name``, else the first whose name is, case-insensitive.

    A key wins over a name: a user who types a key gets that object even when another's name
    happens to be the same word.
    """
    for item in items:
        if item.key == name:
            return item
    folded = name.casefold()
    for item in items:
        if name_of(item).casefold() == folded:
            return item
    return None


def find_property(database: Database, name: str) -> Property:
    """A property by key, or by name (case-insensitive).

    Raises:
        UsageError: no such property; the message lists them.
    """
    prop = by_key_or_name(database.properties, name, lambda p: p.name)
    if prop is not None:
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
        return encode(prop, raw)
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
        return encode(prop, int(number) if number.is_integer() else number)
    if kind in ("select", "status"):
        return encode(prop, _option(prop, raw, database))
    if kind == "multi_select":
        names = [_option(prop, part, database) for part in raw.split(",") if part.strip()]
        return encode(prop, tuple(dict.fromkeys(names)))
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
        return encode(prop, day.isoformat())
    if kind == "checkbox":
        word = raw.strip().casefold()
        if word not in TRUE_WORDS | FALSE_WORDS:
            raise UsageError(
                f"{where}: {prop.name} is a checkbox; {raw!r} is not yes or no",
                hint=f"e.g. --set {prop.key}=true or --set {prop.key}=false",
            )
        return encode(prop, word in TRUE_WORDS)
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
        return encode(prop, raw)
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


def encode(prop: Property, value: Value) -> JSON:
    """The page value of a checked ``--set`` value (``payloads.page_value``)."""
    payload = payloads.page_value(prop, value, at=f"--set {prop.key}")
    assert payload is not None  # only relations can be "not yet", and they are encoded apart
    return payload


def stored_text(payload: JSON, given: str) -> str:
    """What to echo for a value: the date stored for ``+30d`` or ``{{today}}``, else as given."""
    stored = payload.get("date") if isinstance(payload, dict) else None
    if isinstance(stored, dict) and stored.get("start"):
        end = stored.get("end")
        return f"{stored['start']} → {end}" if end else str(stored["start"])
    return given
