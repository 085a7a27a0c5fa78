"""What Notion says it saved before a write failed, so the write is adopted, not resent.

Notion names it in the error's ``additional_data``: ``committed_resource_id`` and
``committed_child_ids``.
"""

from __future__ import annotations

from typing import Any

from notion_setup.errors import NotionUnavailable
from notion_setup.messages import _
from notion_setup.retry import Failure

JSON = dict[str, Any]

#: Collections whose POST creates an object retrievable at ``<collection>/<id>``.
CREATE_COLLECTIONS = frozenset({"pages", "databases", "data_sources", "views", "comments"})


def committed_children(path: str, body: JSON | None, failure: Failure) -> JSON | None:
    """The answer an append of children would have given, from the ids Notion saved; else None."""
    child_ids = failure.committed_child_ids
    if child_ids is None or not path.endswith("/children"):
        return None
    sent = (body or {}).get("children") or []
    results = [
        {"object": "block", "id": child_id, "type": block.get("type")}
        for child_id, block in zip(child_ids, sent, strict=False)
    ]
    return {"object": "list", "results": results, "has_more": False, "next_cursor": None}


def committed_object_path(path: str, failure: Failure) -> str | None:
    """Where to retrieve the object a create saved (``<collection>/<id>``); None if unknown."""
    resource_id = failure.committed_resource_id
    if resource_id is None or path.endswith("/children"):
        return None
    collection = path.split("/")[0]
    if collection not in CREATE_COLLECTIONS:
        return None
    return f"{collection}/{resource_id}"


def unconfirmed(
    failure: Failure, where: str, base_url: str, blueprint_path: str | None, lang: str
) -> NotionUnavailable:
    """The error of a write that may have been saved and cannot be looked up: not resent."""
    cause = failure.describe()
    return NotionUnavailable(
        _(
            "Notion at {base_url} did not confirm {where} ({cause}); it may have been saved, "
            "so it was not sent again",
            lang,
        ).format(base_url=base_url, where=where, cause=cause),
        hint=_("run the same command again: it finds what was saved and carries on", lang),
        status=failure.status,
        notion_code=failure.code,
        request_id=failure.request_id,
        blueprint_path=blueprint_path,
    )
