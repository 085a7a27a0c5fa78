"""A tiny scripted Notion for gateway tests: pages, block children, and injected faults.

Faults are consumed in order by the first request whose method and path match. "commit" faults
apply the request first (the object exists) and then fail, which is what makes a failure
ambiguous.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from notion_setup.notion import NotionGateway

JSON = dict[str, Any]
BASE_URL = "https://api.notion.test"


def error_body(status: int, code: str, message: str, **extra: Any) -> JSON:
    body: JSON = {"object": "error", "status": status, "code": code, "message": message}
    body.update(extra)
    return body


@dataclass
class Fault:
    method: str
    path: str  # prefix of the request path after /v1/
    kind: str
    count: int = 1
    retry_after: str | None = None


@dataclass
class FakeNotion:
    """Pages with children; POST /pages, GET /pages/{id}, blocks children list/append."""

    pages: dict[str, JSON] = field(default_factory=dict)
    children: dict[str, list[JSON]] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    log: list[tuple[str, str, int | str]] = field(default_factory=list)
    bodies: list[JSON | None] = field(default_factory=list)

    def inject(self, method: str, path: str, kind: str, *, count: int = 1, **kw: Any) -> None:
        self.faults.append(Fault(method, path, kind, count, **kw))

    # --- the handler ---------------------------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/v1/")
        body = json.loads(request.content) if request.content else None
        self.bodies.append(body)
        fault = self._take_fault(request.method, path)
        if fault is not None and fault.kind.startswith("commit-"):
            response = self._apply(request, path, body)
            return self._fail(request, path, fault, response)
        if fault is not None:
            return self._fail(request, path, fault, None)
        response = self._apply(request, path, body)
        self.log.append((request.method, path, response.status_code))
        return response

    def _take_fault(self, method: str, path: str) -> Fault | None:
        for fault in self.faults:
            if fault.method == method and path.startswith(fault.path) and fault.count > 0:
                fault.count -= 1
                return fault
        return None

    def _fail(
        self, request: httpx.Request, path: str, fault: Fault, applied: httpx.Response | None
    ) -> httpx.Response:
        kind = fault.kind.removeprefix("commit-")
        self.log.append((request.method, path, fault.kind))
        headers = {"retry-after": fault.retry_after} if fault.retry_after is not None else {}
        created = json.loads(applied.content) if applied is not None else {}
        if kind == "read-timeout":
            raise httpx.ReadTimeout("timed out", request=request)
        if kind == "connect-timeout":
            raise httpx.ConnectTimeout("timed out", request=request)
        if kind == "connect-error":
            raise httpx.ConnectError("connection refused", request=request)
        if kind == "remote-protocol":
            raise httpx.RemoteProtocolError("server disconnected", request=request)
        if kind == "read-error":
            raise httpx.ReadError("connection reset", request=request)
        if kind == "truncated":
            return httpx.Response(200, content=b'{"object": "page", "id": "', request=request)
        if kind == "502-html":
            return httpx.Response(502, content=b"<html>Bad Gateway</html>", request=request)
        if kind == "503-guided":
            extra: JSON = {"retry_guidance": "Do not repeat the write."}
            if "children" in path:
                extra["committed_child_ids"] = [b["id"] for b in created.get("results", [])]
                extra["committed_resource_id"] = path.split("/")[1]
            else:
                extra["committed_resource_id"] = created["id"]
            return self._json(503, "service_unavailable", "saved", headers, additional_data=extra)
        simple = {
            "400": (400, "validation_error", "body failed validation: body.title is wrong"),
            "401": (401, "unauthorized", "API token is invalid."),
            "403": (403, "restricted_resource", "Insufficient permissions for this endpoint."),
            "404": (404, "object_not_found", "Could not find page with ID: " + "a" * 32 + "."),
            "409": (409, "conflict_error", "Conflict occurred while saving. Please try again."),
            "429": (429, "rate_limited", "You have been rate limited."),
            "500": (500, "internal_server_error", "Unexpected error occurred."),
            "503": (503, "service_unavailable", "Notion is unavailable."),
            "504": (504, "gateway_timeout", "Gateway Timeout"),
            "529": (529, "service_overload", "Overloaded."),
        }
        if kind == "403-block-limit":
            return self._json(
                403,
                "restricted_resource",
                "The workspace reached its block limit.",
                headers,
                additional_data={"block_limit": "block_creation"},
            )
        if kind == "429-blocked":
            return self._json(
                429,
                "rate_limited",
                "Blocked.",
                headers,
                additional_data={"rate_limit_reason": "public_api_request_blocked"},
            )
        status, code, message = simple[kind]
        return self._json(status, code, message, headers, request_id="req-" + kind)

    @staticmethod
    def _json(status: int, code: str, message: str, headers: dict[str, str], **extra: Any) -> Any:
        return httpx.Response(
            status, json=error_body(status, code, message, **extra), headers=headers
        )

    def _apply(self, request: httpx.Request, path: str, body: JSON | None) -> httpx.Response:
        parts = path.split("/")
        if request.method == "POST" and path == "pages":
            assert body is not None
            page_id = str(uuid.uuid4())
            parent = body["parent"].get("page_id")
            page = {"object": "page", "id": page_id, "parent": body["parent"], **body}
            page.pop("children", None)
            self.pages[page_id] = page
            self.children.setdefault(parent, []).append(
                {
                    "object": "block",
                    "id": page_id,
                    "type": "child_page",
                    "child_page": {"title": title_of(page)},
                }
            )
            self._add_children(page_id, body.get("children", []))
            return httpx.Response(200, json=page)
        if request.method == "GET" and parts[0] == "pages" and len(parts) == 2:
            if parts[1] not in self.pages:
                return self._json(404, "object_not_found", f"Could not find page {parts[1]}", {})
            return httpx.Response(200, json=self.pages[parts[1]])
        if parts[0] == "blocks" and len(parts) == 3 and parts[2] == "children":
            parent_id = parts[1]
            if request.method == "PATCH":
                assert body is not None
                created = self._add_children(parent_id, body["children"])
                return httpx.Response(200, json={"object": "list", "results": created})
            items = self.children.get(parent_id, [])
            start = int(request.url.params.get("start_cursor") or 0)
            size = int(request.url.params.get("page_size") or 100)
            chunk = items[start : start + size]
            more = start + size < len(items)
            return httpx.Response(
                200,
                json={
                    "object": "list",
                    "results": chunk,
                    "has_more": more,
                    "next_cursor": str(start + size) if more else None,
                },
            )
        if request.method == "GET" and path == "users/me":
            return httpx.Response(200, json={"object": "user", "id": "bot"})
        return self._json(400, "invalid_request_url", f"Invalid request URL {path}", {})

    def _add_children(self, parent_id: str, blocks: list[JSON]) -> list[JSON]:
        assert len(blocks) <= 100, "more than 100 children in one request"
        created = []
        for block in blocks:
            block_id = str(uuid.uuid4())
            stored = {k: v for k, v in block.items() if k != "children"}
            stored.update({"object": "block", "id": block_id, "has_children": False})
            nested = block.get(block["type"], {}).get("children") or block.get("children")
            self.children.setdefault(block_id, [])
            if nested:
                stored["has_children"] = True
                self._add_children(block_id, nested)
            self.children.setdefault(parent_id, []).append(stored)
            created.append(stored)
        return created

    def count(self, method: str, path: str) -> int:
        return sum(1 for m, p, _ in self.log if m == method and p == path)


ROOT = "r" * 32


def create_page_body(title: str, parent: str = ROOT) -> JSON:
    return {
        "parent": {"type": "page_id", "page_id": parent},
        "properties": {"title": {"title": [{"type": "text", "text": {"content": title}}]}},
    }


def title_of(page: JSON) -> str:
    return str(page["properties"]["title"]["title"][0]["text"]["content"])


def find_by_title(
    gateway: NotionGateway, title: str, parent: str = ROOT
) -> Callable[[], JSON | None]:
    """A lookup under the known parent, like the planner's: list its children, match the title."""

    def find() -> JSON | None:
        for block in gateway.paginate("GET", f"blocks/{parent}/children"):
            if block["type"] == "child_page" and block["child_page"]["title"] == title:
                return gateway.read("GET", f"pages/{block['id']}")
        return None

    return find
