"""Helpers of the batch tests: manifests on disk and a fleet of sandboxes, one per token."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from notion_setup.batch import ClientSpec
from notion_setup.connect import Connection
from notion_setup.notion import NotionGateway, RetryPolicy
from notion_setup.sandbox import Sandbox
from notion_setup.sandbox.testing import FakeClock

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.json"
WRITES = ("POST", "PATCH", "DELETE")


def write_manifest(folder: Path, data: Any, name: str = "clients.json") -> Path:
    """Write a JSON manifest (or raw text) and return its path."""
    path = folder / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def manifest(clients: Iterable[dict[str, Any]], **defaults: Any) -> dict[str, Any]:
    """A manifest document on the mini blueprint, in English, with these clients."""
    base = {"blueprint": str(MINI), "lang": "en", **defaults}
    return {"format": 1, "defaults": base, "clients": list(clients)}


class Fleet:
    """One sandbox per token variable: ``connect`` maps each client's token_env to its sandbox.

    Different tokens are different workspaces, as on Notion. Counts the connections opened and
    how many are open at once.
    """

    def __init__(self, names: Iterable[str], **sandbox_options: Any) -> None:
        options = {"rate_limit": 0, **sandbox_options}
        self.boxes = {name: Sandbox(**options) for name in names}
        self.opened = 0
        self.open_now = 0
        self.most_open = 0
        self.clock = FakeClock()
        self._lock = threading.Lock()

    def connect(self, spec: ClientSpec) -> Connection:
        box = self.boxes[spec.token_env]
        gateway = NotionGateway(
            token=box.token,
            base_url="http://sandbox.invalid",
            transport=box.transport(),
            budget_per_minute=1_000_000,
            policy=RetryPolicy(max_attempts=6, max_total_s=3600),
            sleep=self.clock.sleep,
            clock=self.clock,
        )
        fleet = self

        class Counted(Connection):
            def close(self) -> None:
                with fleet._lock:
                    fleet.open_now -= 1
                super().close()

        with self._lock:
            self.opened += 1
            self.open_now += 1
            self.most_open = max(self.most_open, self.open_now)
        return Counted(gateway, f"sandbox {spec.token_env}", box.root_page_id)

    def writes(self) -> int:
        """Write requests the sandboxes answered so far."""
        return sum(
            1
            for box in self.boxes.values()
            for r in box.request_log
            if r.method in WRITES and not _is_read(r.method, r.path)
        )

    def statuses(self) -> list[int]:
        """Every status the sandboxes answered."""
        return [r.status for box in self.boxes.values() for r in box.request_log]


def _is_read(method: str, path: str) -> bool:
    """A POST that only reads (a data source query, a search), as the gateway counts it."""
    return method == "POST" and (path.endswith("/query") or path.endswith("/search"))
