"""What the library needs from a Notion connection, as typing protocols.

``notion.NotionGateway`` implements both; tests and the batch runner's per-client view pass their
own. Reading code asks for a ``Reader``, writing code for a ``Gateway``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Protocol

JSON = dict[str, Any]


class Reader(Protocol):
    """Reads: one request, or every item of a paginated list."""

    def read(
        self,
        method: str,
        path: str,
        *,
        query: dict[str, Any] | None = None,
        body: JSON | None = None,
    ) -> JSON:
        """One read request (retried freely)."""

    def paginate(
        self,
        method: str,
        path: str,
        *,
        query: dict[str, Any] | None = None,
        body: JSON | None = None,
        key: str = "results",
    ) -> Iterator[JSON]:
        """Every item of a paginated list."""


class Gateway(Reader, Protocol):
    """Reads and writes; a write is never duplicated (see ``NotionGateway.write``)."""

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
    ) -> JSON:
        """One write, serialised per parent, adopted rather than repeated after ambiguity."""
