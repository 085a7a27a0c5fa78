"""What the endpoint layer needs from a connection to Notion, as a typing protocol.

``gateway.NotionGateway`` implements it (pacing, the one retry layer, redaction); the batch
runner's per-client view and test doubles wrap one. Only ``endpoints.py`` calls it: the rest of
the tool asks the typed endpoints (``NotionAPI``), never for a path.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from types import TracebackType
from typing import Any, Protocol, Self

JSON = dict[str, Any]


class Capability(StrEnum):
    """What a request needs of the integration, as Notion's integration settings name it.

    Each endpoint method of ``endpoints.py`` says which it needs; a 403 names it in its fix.
    """

    READ = "Read content"
    INSERT = "Insert content"
    UPDATE = "Update content"


class Transport(Protocol):
    """One request at a time: reads are retried freely, a write is never duplicated."""

    def read(
        self,
        method: str,
        path: str,
        *,
        query: dict[str, Any] | None = None,
        body: JSON | None = None,
    ) -> Any:
        """One read request; returns the decoded JSON answer (checked by the endpoint layer)."""

    def write(
        self,
        method: str,
        path: str,
        *,
        body: JSON | None = None,
        parent_id: str | None = None,
        idempotent: bool = False,
        find_existing: Callable[[], JSON | None] | None = None,
        blueprint_path: str | None = None,
        capability: Capability = Capability.UPDATE,
    ) -> Any:
        """One write, serialised per parent, adopted rather than repeated after ambiguity.

        ``capability``: what the write needs (the endpoint knows: a create inserts content).
        """


class ClosesOnExit:
    """``with`` support for what holds connections: leaving the block calls ``close()``."""

    def close(self) -> None:
        """Release what the object holds."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
