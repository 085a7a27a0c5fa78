"""Which registered starter rows and objects are gone: deleted by hand, or in the trash.

Read by ``observe`` for the drift the plan reports (a starter row deleted by hand is noted, a
database or page in the trash is restored). Kept apart so observe stays one read of the tree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from notion_setup.errors import AccessError
from notion_setup.model import Database
from notion_setup.notion import payloads
from notion_setup.notion.endpoints import TITLE, NotionAPI

if TYPE_CHECKING:
    from notion_setup.observe import ObservedDatabase


def gone_rows(
    api: NotionAPI, db: Database, ob: ObservedDatabase, registered: Mapping[str, str]
) -> dict[str, str]:
    """The registered starter rows ("db.row" -> id) that are no longer live rows of ``db``.

    One query for the rows with a starter row's title (a database may hold thousands of rows
    added by hand); a registered row it does not return is read by id, so a row renamed by hand
    is still there and only a row in the trash (or deleted for good) is gone.
    """
    if not registered:
        return {}
    if ob.rows_by_title is not None:
        live = {i for ids in ob.rows_by_title.values() for i in ids}
    else:
        title_id = next((p.id for p in ob.properties if p.type == "title"), TITLE)
        titles = sorted({str(r.values.get(db.title_property.key, "")) for r in db.rows})
        live = set()
        for start in range(0, len(titles), _TITLES_PER_QUERY):
            chunk = titles[start : start + _TITLES_PER_QUERY]
            query = payloads.titles_in(title_id, chunk)
            live |= {
                p.id
                for p in api.data_sources.query(
                    ob.data_source_id, properties=(TITLE,), filter=query
                )
            }
    gone: dict[str, str] = {}
    for rkey, rid in registered.items():
        if rid in live:
            continue
        if ob.rows_by_title is None and _still_live(api, rid):
            continue
        gone[rkey] = rid
    return gone


#: Starter-row titles per filtered query (an ``or`` of title conditions).
_TITLES_PER_QUERY = 50


def _still_live(api: NotionAPI, page_id: str) -> bool:
    """Whether a page exists outside the trash (a starter row renamed by hand)."""
    try:
        return not api.pages.retrieve(page_id).in_trash
    except AccessError as error:
        if error.status == 404:
            return False
        raise


def in_trash(read: Callable[[], bool]) -> bool | None:
    """True (in the trash), False (alive elsewhere) or None (deleted for good / not found)."""
    try:
        return read()
    except AccessError as error:
        if error.status == 404:
            return None
        raise
