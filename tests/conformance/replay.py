"""Replay recorded Notion exchanges (``expectations.json``) against a sandbox and compare shapes.

Each cassette is replayed in its own order on a fresh sandbox, so the objects a request refers to
were created by the earlier requests of the same recording; ids Notion returned are mapped to the
ids the sandbox returned at the same key path. The one id a recording uses without creating it is
the page shared with the recording's integration: it becomes the sandbox's root page (or an
unknown id where the recording expected a 404).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notion_setup.sandbox import Sandbox
from tests.conformance.derive import shape  # the same format rules as the recordings

HERE = Path(__file__).parent
EXPECTATIONS = HERE / "expectations.json"
_PLACEHOLDER = re.compile(r"<id:\d+>")
_ID_SEGMENT = re.compile(r"<id:\d+>|task_<id:\d+>")


#: Endpoints of the recordings that the sandbox does not emulate (docs/sandbox.md "Not
#: emulated"); the tool uses none of them.
NOT_EMULATED = (
    "/v1/comments",
    "/v1/comments/{id}",
    "/v1/file_uploads",
    "/v1/file_uploads/{id}",
    "/v1/file_uploads/{id}/send",
    "/v1/custom_emojis",
    "/v1/async_tasks/{id}",
    "/v1/views/{id}/queries",
    "/v1/views/{id}/queries/{id}",
    "/v1/pages/{id}/properties/title",
    "/v1/users/{id}",
)


#: (endpoint, key path) -> why the recording and the sandbox may differ there: what the
#: recorded workspace happened to hold, not a rule of the API. A key path covers its subtree.
TOLERATED: dict[tuple[str, str], str] = {
    ("POST /v1/search", "results[].properties.title.title"): (
        "the recorded workspace's search hits were untitled pages; the sandbox's are titled"
    ),
    ("POST /v1/search", "results[].url"): (
        "an untitled page's URL has no title slug (url_id); a titled one has (url_page)"
    ),
    ("GET /v1/users", "results[].avatar_url"): (
        "the recorded workspace owner had a profile picture; sandbox members have none (null)"
    ),
}


def template(path: str) -> str:
    """``/v1/pages/<id:3>/markdown`` -> ``/v1/pages/{id}/markdown``."""
    return _ID_SEGMENT.sub("{id}", path)


def endpoint(entry: dict[str, Any]) -> str:
    """``METHOD /v1/path/{id}`` of a recorded exchange."""
    return f"{entry['method']} {template(entry['path'])}"


def emulated(entry: dict[str, Any]) -> bool:
    """Whether the sandbox serves this exchange's endpoint (async markdown edits: not)."""
    if isinstance(entry["body"], dict) and entry["body"].get("allow_async"):
        return False
    return entry["host"] == "api.notion.com" and template(entry["path"]) not in NOT_EMULATED


def load() -> list[dict[str, Any]]:
    """Every recorded exchange."""
    data = json.loads(EXPECTATIONS.read_text(encoding="utf-8"))
    exchanges: list[dict[str, Any]] = data["exchanges"]
    return exchanges


def by_cassette() -> dict[str, list[dict[str, Any]]]:
    """Exchanges grouped by recording, in recorded order."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for entry in load():
        groups.setdefault(entry["cassette"], []).append(entry)
    return groups


def _at(value: Any, path: str) -> Any:
    """The value at a key path such as ``data_sources[0].id`` (None when absent)."""
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        if part.startswith("["):
            index = int(part[1:-1])
            if not isinstance(value, list) or index >= len(value):
                return None
            value = value[index]
        else:
            if not isinstance(value, dict) or part not in value:
                return None
            value = value[part]
    return value


@dataclass
class Difference:
    """One way a sandbox answer differs from the recorded one."""

    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


@dataclass
class Replayer:
    """Replays one recording on one sandbox."""

    sandbox: Sandbox
    ids: dict[str, str] = field(default_factory=dict)
    shared_page: str | None = None

    def _id(self, placeholder: str, entry: dict[str, Any]) -> str:
        if placeholder not in self.ids:
            # Used before any answer showed it: the page shared with the recording's
            # integration, or an id that does not exist where the recording expected a 404.
            if entry["status"] == 404:
                self.ids[placeholder] = "0b2f6a8e-55d1-4c84-a7c4-6a3a5f9f0e11"
            else:
                self.ids[placeholder] = self._shared_page()
        return self.ids[placeholder]

    def _shared_page(self) -> str:
        """A page under the sandbox's root, standing for the recording's shared page."""
        if self.shared_page is None:
            body = {
                "parent": {"page_id": self.sandbox.root_page_id},
                "properties": {"title": {"title": [{"text": {"content": "Recorded tests"}}]}},
            }
            outcome = self.sandbox.handle(
                "POST", "/v1/pages", self._headers(None), json.dumps(body).encode()
            )
            self.shared_page = str(json.loads(outcome.body)["id"])
        return self.shared_page

    def _headers(self, entry: dict[str, Any] | None) -> dict[str, str]:
        # A recorded 401 means the recording sent a token Notion refused (tokens are redacted).
        token = (
            "ntn_refused" if entry is not None and entry["status"] == 401 else self.sandbox.token
        )
        return {
            "Authorization": f"Bearer {token}",
            "Notion-Version": entry["notion_version"] if entry else "2025-09-03",
            "Content-Type": "application/json",
        }

    def _fill(self, value: Any, entry: dict[str, Any]) -> Any:
        if isinstance(value, str):
            return _PLACEHOLDER.sub(lambda m: self._id(m.group(0), entry), value)
        if isinstance(value, list):
            return [self._fill(v, entry) for v in value]
        if isinstance(value, dict):
            return {self._fill(k, entry): self._fill(v, entry) for k, v in value.items()}
        return value

    def run(self, entry: dict[str, Any]) -> list[Difference]:
        """Send one recorded request; the differences between the answers (empty: conforms)."""
        where = f"{entry['cassette']}[{entry['index']}] {endpoint(entry)}"
        path = self._fill(entry["path"], entry)
        query = "&".join(
            f"{key}={self._fill(value, entry)}"
            for key, values in entry["query"].items()
            for value in values
        )
        url = f"{path}?{query}" if query else path
        body = b""
        if entry["body"] is not None:
            body = json.dumps(self._fill(entry["body"], entry)).encode()
        outcome = self.sandbox.handle(entry["method"], url, self._headers(entry), body)
        answer = json.loads(outcome.body) if outcome.body else None
        problems: list[Difference] = []
        if outcome.status != entry["status"]:
            detail = answer.get("message") if isinstance(answer, dict) else answer
            problems.append(
                Difference(where, f"status {outcome.status} ({detail}), recorded {entry['status']}")
            )
            return problems
        for placeholder, key_path in entry.get("binds", {}).items():
            found = _at(answer, key_path)
            if isinstance(found, str):
                self.ids.setdefault(placeholder, found)
        if "shape" in entry:
            problems.extend(self._compare(where, endpoint(entry), entry["shape"], answer))
        return problems

    def _tolerated(self, name: str, key: str) -> bool:
        return any(
            name == n and (key == k or key.startswith(k + ".") or key.startswith(k + "[]"))
            for n, k in TOLERATED
        )

    def _compare(
        self, where: str, name: str, recorded: dict[str, str], answer: Any
    ) -> list[Difference]:
        got = {k: "|".join(sorted(v)) for k, v in shape(answer).items()}
        problems = []
        for key, formats in recorded.items():
            if self._tolerated(name, key):
                continue
            if key not in got:
                problems.append(Difference(where, f"{key} missing (recorded {formats})"))
            elif got[key] != formats:
                problems.append(Difference(where, f"{key} is {got[key]}, recorded {formats}"))
        for key in got.keys() - recorded.keys():
            if not self._tolerated(name, key):
                problems.append(Difference(where, f"{key} ({got[key]}) not in the recording"))
        return problems
