"""Rows, from the pages a data source query lists to blueprint starter rows (pure)."""

from __future__ import annotations

from typing import Any

from notion_setup.messages import _
from notion_setup.notion.results import plain_text
from notion_setup.notion.transport import JSON

from .common import Keys, Source, TranslationState

#: Row values a blueprint can hold.
VALUE_TYPES = frozenset(
    {
        "title",
        "rich_text",
        "number",
        "select",
        "multi_select",
        "status",
        "date",
        "checkbox",
        "url",
        "email",
        "phone_number",
        "relation",
    }
)


def name_rows(source: Source) -> None:
    """Sort the rows read by title and give each a key."""
    # By title: the order Notion lists rows in changes with edits, and starter rows must
    # come out the same from a workspace rebuilt from this export.
    titled = sorted(((row_title(row), row) for row in source.rows), key=lambda pair: pair[0])
    keys = Keys()
    for title, row in titled:
        source.row_keys[str(row["id"])] = keys.key(title, "row")
    source.rows = [row for _, row in titled]


def row_specs(state: TranslationState, source: Source) -> list[JSON]:
    """The starter rows of one database (once every database's rows have keys)."""
    out = []
    props = source.spec["properties"]
    for row in source.rows:
        row_key = source.row_keys[str(row["id"])]
        where = f"databases.{source.key}.rows.{row_key}"
        values: JSON = {}
        for name, value in (row.get("properties") or {}).items():
            prop_id = str(value.get("id", ""))
            key = source.keys.get(prop_id) or source.key_of(name)
            if key is None:
                continue
            spec = props.get(key)
            kind = str(value.get("type"))
            if spec is None or kind not in VALUE_TYPES:
                if kind in ("people", "files", "place") and value.get(kind):
                    state.note(
                        where,
                        _("{kind} value of “{name}” not exported").format(kind=kind, name=name),
                    )
                continue
            converted = _value(state, source, key, spec, value, where)
            if converted is not None:
                values[key] = converted
        title_key = next(k for k, s in props.items() if s["type"] == "title")
        if title_key not in values:
            values[title_key] = {"en": row_key, "fr": row_key}
        item: JSON = {"key": row_key, "values": values}
        body = state.markdown(source.row_blocks.get(str(row["id"]), ()), where)
        if body:
            item["body"] = state.text(body, where)
        out.append(item)
    return out


def _value(
    state: TranslationState, source: Source, key: str, spec: JSON, value: JSON, where: str
) -> Any:
    kind = spec["type"]
    raw = value.get(kind)
    if kind in ("title", "rich_text"):
        text = plain_text(raw)
        return state.text(text, where) if text else None
    if kind == "number":
        return raw if isinstance(raw, (int, float)) and not isinstance(raw, bool) else None
    if kind in ("select", "status"):
        return source.option_key(key, raw.get("name")) if isinstance(raw, dict) else None
    if kind == "multi_select":
        found = [source.option_key(key, o.get("name")) for o in raw or []]
        return [k for k in dict.fromkeys(found) if k] or None
    if kind == "date":
        if not isinstance(raw, dict) or not raw.get("start"):
            return None
        start = str(raw["start"])
        if len(start) > 10 or raw.get("end"):
            state.note(
                where,
                _("“{key}”: only the start day of {start} exported").format(key=key, start=start),
            )
        return start[:10]
    if kind == "checkbox":
        return True if raw is True else None
    if kind in ("url", "email", "phone_number"):
        return state.clean(str(raw), where) if raw else None
    if kind == "relation":
        if "two_way" not in spec and key not in source.spec["properties"]:
            return None
        target = state.sources[spec["target"]]
        ids = [str(r.get("id")) for r in raw or []]
        found = [target.row_keys[i] for i in ids if i in target.row_keys]
        if len(found) < len(ids):
            state.note(
                where, _("“{key}”: links to rows that are not exported left out").format(key=key)
            )
        return list(dict.fromkeys(found)) or None
    return None


def row_title(row: JSON) -> str:
    """The plain text of a row's title property."""
    for value in (row.get("properties") or {}).values():
        if isinstance(value, dict) and value.get("type") == "title":
            return plain_text(value.get("title"))
    return ""
