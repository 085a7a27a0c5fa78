"""Small shape checks for request bodies, each naming the JSON path the way Notion does.

Every function raises ``ApiError`` (400 validation_error) with a message such as
``body failed validation: body.children[0].paragraph.rich_text should be defined, instead was
`undefined`.`` so that a client sees exactly which field to fix.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from notion_setup.sandbox.errors import (
    missing,
    not_one_of,
    not_present,
    too_long,
    wrong_type,
)
from notion_setup.sandbox.ids import normalize_id

Json = dict[str, Any]

__all__ = [
    "Json",
    "missing",
    "not_one_of",
    "not_present",
    "too_long",
    "wrong_type",
]

#: Notion's limit on arrays of blocks or rich-text objects (notion-api.md section 3).
MAX_ARRAY = 100


def obj(value: Any, path: str) -> Json:
    """``value`` must be a JSON object."""
    if not isinstance(value, dict):
        raise wrong_type(path, "an object", value)
    return value


def only_keys(value: Mapping[str, Any], allowed: Iterable[str], path: str) -> None:
    """Reject any key of ``value`` outside ``allowed`` ("should be not present")."""
    allowed_set = set(allowed)
    for key, item in value.items():
        if key not in allowed_set:
            raise not_present(f"{path}.{key}", item)


def req(value: Mapping[str, Any], key: str, path: str) -> Any:
    """The value of a required key (``None`` counts as missing only when absent)."""
    if key not in value:
        raise missing(f"{path}.{key}")
    return value[key]


def utf16_length(value: str) -> int:
    """Length as Notion counts it: UTF-16 code units (JavaScript's ``length``).

    An emoji outside the Basic Multilingual Plane (such as 😀) counts 2, so 2000 of them are
    4000 units, over the 2000 allowed in one text item.
    """
    return len(value.encode("utf-16-le")) // 2


def string(
    value: Any, path: str, *, max_len: int | None = None, min_len: int = 0, nullable: bool = False
) -> str | None:
    """``value`` must be a string within the length bounds (or null when ``nullable``)."""
    if value is None and nullable:
        return None
    if not isinstance(value, str):
        raise wrong_type(path, "a string", value)
    if max_len is not None and utf16_length(value) > max_len:
        raise too_long(path, max_len, utf16_length(value))
    if len(value) < min_len:
        raise wrong_type(path, f"a string of at least {min_len} character(s)", value)
    return value


def text(value: Any, path: str, *, max_len: int | None = None, min_len: int = 0) -> str:
    """Like ``string`` but never null."""
    result = string(value, path, max_len=max_len, min_len=min_len)
    assert result is not None  # not nullable
    return result


def boolean(value: Any, path: str) -> bool:
    """``value`` must be true or false."""
    if not isinstance(value, bool):
        raise wrong_type(path, "a boolean", value)
    return value


def number(value: Any, path: str, *, nullable: bool = False) -> float | int | None:
    """``value`` must be a JSON number (booleans are not numbers)."""
    if value is None and nullable:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise wrong_type(path, "a number", value)
    return value


def array(value: Any, path: str, *, max_len: int | None = MAX_ARRAY) -> list[Any]:
    """``value`` must be an array of at most ``max_len`` elements."""
    if not isinstance(value, list):
        raise wrong_type(path, "an array", value)
    if max_len is not None and len(value) > max_len:
        raise too_long(path, max_len, len(value))
    return value


def enum(value: Any, allowed: tuple[str, ...] | list[str], path: str) -> str:
    """``value`` must be one of ``allowed``."""
    if not isinstance(value, str) or value not in allowed:
        raise not_one_of(path, allowed, value)
    return value


def uuid(value: Any, path: str) -> str:
    """``value`` must be a UUID (dashed or not); returns the dashed lower-case form."""
    if not isinstance(value, str):
        raise wrong_type(path, "a string", value)
    normalized = normalize_id(value)
    if normalized is None:
        raise wrong_type(path, "a valid uuid", value)
    return normalized


def typed_union(value: Json, allowed: tuple[str, ...], path: str) -> str:
    """For ``{type?: T, T: {...}}`` objects: find T among ``allowed`` and check ``type``.

    Exactly one of the ``allowed`` keys must be present; an explicit ``type`` must name it.
    """
    present = [key for key in allowed if key in value]
    declared = value.get("type")
    if declared is not None and (not isinstance(declared, str) or declared not in allowed):
        raise not_one_of(f"{path}.type", allowed, declared)
    if not present:
        if isinstance(declared, str):
            raise missing(f"{path}.{declared}")
        raise missing(f"{path}.type")
    if len(present) > 1:
        raise not_present(f"{path}.{present[1]}", value[present[1]])
    if declared is not None and declared != present[0]:
        raise missing(f"{path}.{declared}")
    return present[0]
