"""What a user changed by hand in one of the blueprint's views. Pure.

Only what the tool sets is compared: the name, the filter, the sorts and the configuration keys
``payloads.view_configuration`` sends (type, visible properties in order, grouping, dates, the
chart). Whatever else Notion or the user put in a view (column widths, quick filters, keys of
the configuration the tool never sends) is left alone, so a view Notion answers with more detail
than was sent is not drift.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from notion_setup.model import Database, View
from notion_setup.notion import payloads
from notion_setup.notion.transport import JSON

#: What differs, in the order the plan names it.
ASPECTS = ("name", "filter", "sorts", "configuration")


def wanted_view(view: View, db: Database, ids: Mapping[str, str]) -> JSON | None:
    """The view as the blueprint sets it, or None when a property it names is missing (the
    schema step adding it comes first; the view is compared again on the next run).
    """
    try:
        return payloads.view_body(view, db, ids=ids)
    except KeyError:
        return None


def view_drift(wanted: Mapping[str, Any], seen: Mapping[str, Any]) -> tuple[str, ...]:
    """The aspects (``ASPECTS``) in which the view Notion holds differs from the blueprint's."""
    out: list[str] = []
    if seen.get("name") != wanted.get("name"):
        out.append("name")
    for key in ("filter", "sorts"):
        want, have = wanted.get(key), seen.get(key)
        if not want:
            if have:  # the blueprint sets none: one added by hand is drift
                out.append(key)
        elif not _covers(have, want):
            out.append(key)
    want_config = wanted.get("configuration") or {}
    have_config = seen.get("configuration") or {}
    if not isinstance(have_config, Mapping) or not _config_covers(have_config, want_config):
        out.append("configuration")
    return tuple(out)


def repair_body(wanted: Mapping[str, Any], drift: tuple[str, ...]) -> JSON:
    """The ``PATCH /v1/views/{id}`` body that puts the drifted aspects back.

    A filter or sorts the blueprint does not set are cleared with ``null`` (the views
    reference: ``filter?|null``, ``sorts?|null``); the configuration is shallow-merged by
    Notion and always carries its ``type``.
    """
    body: JSON = {}
    for aspect in drift:
        body[aspect] = wanted.get(aspect) or None
    return body


def _config_covers(have: Mapping[str, Any], want: Mapping[str, Any]) -> bool:
    for key, value in want.items():
        if key == "properties":
            visible = [
                p
                for p in have.get("properties") or []
                if isinstance(p, Mapping) and p.get("visible", True) is not False
            ]
            if not _covers(visible, value):
                return False
        elif not _covers(have.get(key), value):
            return False
    return True


def _covers(have: Any, want: Any) -> bool:
    """Whether ``have`` holds everything ``want`` says (extra keys Notion adds are fine)."""
    if isinstance(want, Mapping):
        return isinstance(have, Mapping) and all(_covers(have.get(k), v) for k, v in want.items())
    if isinstance(want, list | tuple):
        return (
            isinstance(have, list | tuple)
            and len(have) == len(want)
            and all(_covers(h, w) for h, w in zip(have, want, strict=True))
        )
    return bool(have == want)
