"""``extends``: a child blueprint merged over its parent, key by key."""

from __future__ import annotations

from typing import Any

#: Lists whose items carry a ``key`` and merge item by item (others are replaced whole).
KEYED_LISTS = frozenset({"views", "rows", "options", "linked_views"})

#: Keys a child never inherits: the child is a blueprint of its own, with its own versions.
NOT_INHERITED = frozenset({"$schema", "extends", "version", "migrations"})


def _is_keyed(items: Any) -> bool:
    return isinstance(items, list) and all(
        isinstance(item, dict) and isinstance(item.get("key"), str) for item in items
    )


def _merge_list(parent: list[Any], child: list[Any]) -> list[Any]:
    """Merge keyed lists: same key merges in place, new keys append, ``"drop": true`` removes."""
    merged: dict[str, Any] = {item["key"]: item for item in parent}
    for item in child:
        key = item["key"]
        if item.get("drop") is True:
            merged.pop(key, None)
        elif key in merged:
            merged[key] = merge(merged[key], item)
        else:
            merged[key] = item
    return list(merged.values())


def merge(parent: Any, child: Any, *, field: str | None = None) -> Any:
    """Merge ``child`` over ``parent``.

    Objects merge key by key and a ``null`` value drops the parent's entry; lists named in
    ``KEYED_LISTS`` merge by their items' ``key``; anything else in the child replaces the parent's.
    A localised text (``{"en", "fr"}``) therefore merges per language, which lets a child reword
    one language only.
    """
    if isinstance(parent, dict) and isinstance(child, dict):
        out = dict(parent)
        for key, value in child.items():
            if value is None:
                out.pop(key, None)
            elif key in out:
                out[key] = merge(out[key], value, field=key)
            else:
                out[key] = value
        return out
    if field in KEYED_LISTS and _is_keyed(parent) and _is_keyed(child):
        return _merge_list(parent, child)
    return child


def merge_documents(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """The document a child blueprint stands for once its parent is merged in."""
    base = {k: v for k, v in parent.items() if k not in NOT_INHERITED}
    own = {k: v for k, v in child.items() if k != "extends"}
    result = merge(base, own)
    assert isinstance(result, dict)
    return result
