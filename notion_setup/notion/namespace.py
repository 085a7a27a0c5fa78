"""What every endpoint namespace of ``endpoints.py`` shares: the transport calls, the look-ups
an ambiguous create runs, and the small body helpers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from notion_setup.notion.pagination import pages_of
from notion_setup.notion.results import Shape
from notion_setup.notion.transport import JSON, Capability

if TYPE_CHECKING:
    from notion_setup.notion.endpoints import NotionAPI

#: What a parser of ``results.py`` returns (``Page``, ``Database``, ...).
R = TypeVar("R")
#: A parser of ``results.py``: the answer's shape, the answer, and where it is in the answer
#: ("" for the answer itself, ``results[3]`` for an item of a listing).
Parse = Callable[[Shape, Any, str], R]

#: Returns the id of the object an ambiguous create made, or None when it is not there.
FindId = Callable[[], str | None]
#: Returns the ids of the blocks an ambiguous append made, or None when they are not there.
FindBlocks = Callable[[], Sequence[str] | None]


def found_id(find: FindId | None) -> Callable[[], JSON | None] | None:
    """The gateway's look-up (a JSON answer) from a look-up of an id."""
    if find is None:
        return None

    def lookup() -> JSON | None:
        object_id = find()
        return {"id": object_id} if object_id else None

    return lookup


def found_blocks(find: FindBlocks | None) -> Callable[[], JSON | None] | None:
    """The gateway's look-up (a list answer) from a look-up of block ids."""
    if find is None:
        return None
    return lambda: None if (ids := find()) is None else {"results": [{"id": i} for i in ids]}


def parent_id_of(parent: Mapping[str, Any]) -> str | None:
    """The id a ``parent`` object names (``{"type": "page_id", "page_id": ...}``)."""
    kind = parent.get("type")
    value = parent.get(kind) if isinstance(kind, str) else None
    return value if isinstance(value, str) else None


def pick(**fields: Any) -> JSON:
    """A body of the fields that were given (None means "not sent")."""
    return {k: v for k, v in fields.items() if v is not None}


class Namespace:
    """An endpoint namespace: reads, writes and listings through the ``NotionAPI``'s transport."""

    def __init__(self, api: NotionAPI) -> None:
        self._api = api

    def _shape(self, method: str, path: str) -> Shape:
        return Shape(method, path, self._api.lang)

    def _read(self, method: str, path: str, *, query: JSON | None = None, body: Any = None) -> Any:
        return self._api.transport.read(method, path, query=query, body=body)

    def _write(
        self,
        method: str,
        path: str,
        *,
        body: JSON | None = None,
        lock: str | None,
        capability: Capability,
        idempotent: bool = False,
        find_existing: Callable[[], JSON | None] | None = None,
        blueprint_path: str | None = None,
    ) -> Any:
        return self._api.transport.write(
            method,
            path,
            body=body,
            parent_id=lock,
            idempotent=idempotent,
            find_existing=find_existing,
            blueprint_path=blueprint_path,
            capability=capability,
        )

    def _list(
        self,
        method: str,
        path: str,
        *,
        query: JSON | None = None,
        body: JSON | None = None,
        key: str = "results",
    ) -> Iterator[tuple[str, Mapping[str, Any]]]:
        return pages_of(
            self._api.transport.read,
            method,
            path,
            query=query,
            body=body,
            key=key,
            max_pages=self._api.max_pages,
            lang=self._api.lang,
        )

    # The four request forms most endpoints are: each parses its answer with ``parse`` against
    # the shape of the request it sent, so an undocumented answer names that request.

    def _get(self, path: str, parse: Parse[R]) -> R:
        """``GET path``, parsed."""
        return parse(self._shape("GET", path), self._read("GET", path), "")

    def _create(
        self,
        path: str,
        parse: Parse[R],
        *,
        body: JSON,
        lock: str | None,
        find_existing: FindId | None,
        blueprint_path: str | None,
    ) -> R:
        """``POST path``: an insert, which an ambiguous failure answers by ``find_existing``."""
        return self._write_parsed(
            "POST",
            path,
            parse,
            body=body,
            lock=lock,
            find_existing=found_id(find_existing),
            blueprint_path=blueprint_path,
            capability=Capability.INSERT,
        )

    def _update(
        self,
        path: str,
        parse: Parse[R],
        *,
        body: JSON,
        lock: str | None,
        blueprint_path: str | None,
    ) -> R:
        """``PATCH path``: an update, which sent twice leaves the same object (repeatable)."""
        return self._write_parsed(
            "PATCH",
            path,
            parse,
            body=body,
            lock=lock,
            idempotent=True,
            capability=Capability.UPDATE,
            blueprint_path=blueprint_path,
        )

    def _write_parsed(self, method: str, path: str, parse: Parse[R], **write: Any) -> R:
        """``_write``, its answer parsed against the shape of the request sent."""
        return parse(self._shape(method, path), self._write(method, path, **write), "")

    def _each(
        self,
        method: str,
        path: str,
        parse: Parse[R],
        *,
        query: JSON | None = None,
        body: JSON | None = None,
        key: str = "results",
    ) -> Iterator[R]:
        """Every item of a listing, each parsed at its place in the answer it came in."""
        shape = self._shape(method, path)
        for at, item in self._list(method, path, query=query, body=body, key=key):
            yield parse(shape, item, at)
