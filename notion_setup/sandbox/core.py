"""The ``Sandbox``: one emulated Notion workspace and the request pipeline in front of it.

Every request, in-process or over HTTP, goes through ``Sandbox.handle``: version header, token,
rate limit, routing, JSON body, the 500 KB limit, faults, latency, the per-parent conflict
check, then the handler inside a store transaction (all-or-nothing), then a committed-write fault
if one is due.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import parse_qs, urlsplit

import httpx

from notion_setup.sandbox.check import Json
from notion_setup.sandbox.errors import ApiError, invalid
from notion_setup.sandbox.faults import COMMITTED, FaultPlan, Injected
from notion_setup.sandbox.ids import new_id, new_token, precise_timestamp, timestamp
from notion_setup.sandbox.ratelimit import RateLimiter
from notion_setup.sandbox.router import Route, match
from notion_setup.sandbox.store import Store
from notion_setup.sandbox.workspace import VERSIONS, Ctx, Workspace

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 500 * 1024
PLANS = ("free", "paid")
ROOT_TITLE = "Sandbox"
RETRY_GUIDANCE = (
    "The write was saved before the error. Do not repeat the write: retrieve the committed "
    "resource instead."
)
_FAULT_ANSWERS: dict[str, tuple[int, str, str]] = {
    "500": (500, "internal_server_error", "Unexpected error occurred."),
    "502": (502, "bad_gateway", "Bad Gateway"),
    "503": (503, "service_unavailable", "Notion is unavailable, please try again later."),
    "504": (504, "gateway_timeout", "Gateway Timeout"),
    "529": (529, "service_overload", "Notion is experiencing high load. Please try again later."),
    "conflict": (409, "conflict_error", "Conflict occurred while saving. Please try again."),
}


class LoggedRequest(NamedTuple):
    """One request the sandbox answered (status 0: the connection was dropped, no answer)."""

    method: str
    path: str
    status: int
    body_json: Any


@dataclass
class Outcome:
    """What the transport or the HTTP server does with a request."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    #: "respond", "drop" (close the connection, no answer) or "timeout" (no answer in time).
    action: str = "respond"


def _error(err: ApiError, request_id: str) -> Outcome:
    headers = {"content-type": "application/json; charset=utf-8", **err.headers}
    body = json.dumps(err.body(request_id), ensure_ascii=False).encode()
    return Outcome(err.status, body, headers)


class Sandbox:
    """A strict, stateful emulator of the Notion API endpoints notion-setup uses.

    Args:
        state_path: SQLite file holding the workspace across processes; None = in memory.
        rate_limit: requests per 60-second window per token (0 = no limit).
        latency_ms: added to every request (through ``sleep``).
        faults: a ``FaultPlan`` or a spec such as ``"503_committed:0.1,429:0.05"``.
        seed: seeds random faults and property/option ids.
        clock: monotonic clock for rate limiting and the search index.
        sleep: how latency is waited (tests pass a fake).
        search_lag_s: seconds before a new page or data source shows up in search.
        conflict_on_overlap: answer 409 when two writes to one parent overlap in time.
        timeout_hold_s: over HTTP, how long ``timeout_committed`` holds the connection before
            closing it without an answer.
        log_requests: keep ``request_log`` (a long-running server switches it off).
        plan: ``free`` or ``paid`` (None: as the state file says, else paid).
        members: people in the workspace (None: as the state file says, else 1). A Free
            workspace with more than one member has the 1,000-block limit.
        rate_window: ``fixed`` (N per fixed 60 s window) or ``sliding`` (N in any 60 s).
    """

    def __init__(
        self,
        *,
        state_path: Path | str | None = None,
        rate_limit: int = 180,
        latency_ms: int = 0,
        faults: str | FaultPlan | None = None,
        seed: int = 0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        search_lag_s: float = 0.0,
        conflict_on_overlap: bool = True,
        timeout_hold_s: float = 0.0,
        log_requests: bool = True,
        plan: str | None = None,
        members: int | None = None,
        rate_window: str = "fixed",
    ) -> None:
        if plan is not None and plan not in PLANS:
            raise ValueError(f"plan must be one of {', '.join(PLANS)}")
        if members is not None and members < 1:
            raise ValueError("members must be >= 1")
        if latency_ms < 0:
            raise ValueError("latency_ms must be >= 0")
        if rate_limit < 0:
            raise ValueError("rate_limit must be >= 0 (0 switches it off)")
        self.store = Store(Path(state_path) if state_path is not None else None)
        self.ws = Workspace(self.store, random.Random(seed), clock)
        self.ws.search_lag_s = search_lag_s
        self.latency_ms = latency_ms
        self.clock = clock
        self.sleep = sleep
        self.conflict_on_overlap = conflict_on_overlap
        self.timeout_hold_s = timeout_hold_s
        if isinstance(faults, FaultPlan):
            self.faults = faults
        else:
            self.faults = FaultPlan.parse(faults or "", seed=seed)
        self.rate_limiter = RateLimiter(rate_limit, clock, rate_window)
        self.request_log: list[LoggedRequest] = []
        self.log_requests = log_requests
        self.base_url: str | None = None
        self._state_lock = threading.RLock()
        self._inflight: set[str] = set()
        self._inflight_lock = threading.Lock()
        self._log_lock = threading.Lock()
        self._bootstrap()
        # The plan and the members belong to the workspace: kept in the state file.
        if plan is not None:
            self.store.set_meta("plan", plan)
        if members is not None:
            self.store.set_meta("members", str(members))
        self.store.commit()

    # -- workspace set-up ------------------------------------------------------------------

    def _bootstrap(self) -> None:
        if "token" in self.store.meta:
            return
        now = timestamp()
        self.store.set_meta("token", new_token())
        self.store.set_meta("bot_id", new_id())
        root = self.ws.new_page({"type": "workspace", "workspace": True}, {}, now)
        root["values"]["title"] = self.ws.title_items(ROOT_TITLE)
        root["indexed_at"] = 0.0
        self.store.insert(root)
        self.store.set_meta("root_page_id", root["id"])
        self.ws.count_blocks(1)
        self.store.commit()

    @property
    def state_lock(self) -> threading.RLock:
        """Held while a request reads or writes the records (the web view reads under it)."""
        return self._state_lock

    @property
    def token(self) -> str:
        """The integration token every request must carry (``Authorization: Bearer ...``)."""
        return self.store.meta["token"]

    @property
    def root_page_id(self) -> str:
        """The top-level page shared with the integration."""
        return self.ws.root_page_id

    @property
    def bot_id(self) -> str:
        """The integration's bot user id."""
        return self.ws.bot_id

    @property
    def plan(self) -> str:
        """``free`` or ``paid``."""
        return self.ws.plan

    @property
    def members(self) -> int:
        """People in the workspace (the users list shows them and the bot)."""
        return self.ws.members

    @property
    def grace_ends_at(self) -> float | None:
        """When the Free plan's grace period ends (sandbox clock), None until it started."""
        return self.ws.grace_ends_at

    def set_block_limit(self, limit: int | None) -> None:
        """Emulate a Free workspace: once ``limit`` blocks exist, block-creating writes get 403.

        The write that first reaches the limit succeeds (Notion's rule); None lifts the limit.
        """
        self.ws.block_limit = limit

    @property
    def blocks_created(self) -> int:
        """Blocks created in this workspace so far (pages and databases count as blocks)."""
        return self.ws.blocks_created

    def add_unshared_page(self, title: str = "Private") -> str:
        """A top-level page the integration cannot see (for object_not_found scenarios)."""
        with self._state_lock:
            page = self.ws.new_page({"type": "workspace", "workspace": True}, {}, timestamp())
            page["values"]["title"] = self.ws.title_items(title)
            page["shared"] = False
            self.store.insert(page)
            self.store.commit()
            return str(page["id"])

    def delete_for_good(self, object_id: str) -> int:
        """Delete a page or database in the trash for good, with all it holds, as the app does.

        Only the Notion app empties the trash (the API moves to it and back); tests use this
        instead. Relations that other data sources hold to a database deleted this way are left
        as they were, pointing at its data source: what Notion keeps there is UNCONFIRMED, and
        this is the reading a client must cope with. Returns the number of records removed.
        """
        with self._state_lock:
            rec = self.store.get(object_id)
            if rec is None or not rec.get("in_trash"):
                raise ValueError(f"{object_id} is not in the trash: the app deletes from there")
            doomed = {object_id}
            grew = True
            while grew:
                grew = False
                for other in self.store.objects.values():
                    if other["id"] not in doomed and _held_by(other) & doomed:
                        doomed.add(other["id"])
                        grew = True
            for doomed_id in doomed:
                self.store.remove(doomed_id)
            for other in list(self.store.objects.values()):
                if doomed & set(other.get("children", ())):
                    kept = [c for c in other["children"] if c not in doomed]
                    self.store.edit(other["id"])["children"] = kept
            self.store.commit()
            return len(doomed)

    def add_template(
        self, data_source_id: str, title: str, *, is_default: bool = False, markdown: str = ""
    ) -> str:
        """A database template (only the Notion app can make them; tests use this instead)."""
        from notion_setup.sandbox.mdconv import to_blocks

        with self._state_lock:
            ds = self.store.edit(data_source_id)
            title_id = next(p["id"] for p in ds["properties"] if p["type"] == "title")
            page = self.ws.new_page(
                {
                    "type": "data_source_id",
                    "data_source_id": ds["id"],
                    "database_id": ds["database_id"],
                },
                {title_id: self.ws.title_items(title)},
                timestamp(),
            )
            page["template"] = True
            page["is_default"] = is_default
            self.store.insert(page)
            page["children"] = self.ws.insert_blocks(to_blocks(markdown)[1], page, timestamp())
            ds.setdefault("templates", []).append(page["id"])
            self.store.commit()
            return str(page["id"])

    def transport(self) -> httpx.BaseTransport:
        """An httpx transport that serves requests in-process (no socket)."""
        from notion_setup.sandbox.transport import SandboxTransport

        return SandboxTransport(self)

    def close(self) -> None:
        """Close the state file."""
        with self._state_lock:
            self.store.close()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the pipeline ----------------------------------------------------------------------

    def _log(self, method: str, path: str, status: int, body: Any) -> None:
        if not self.log_requests:
            return
        with self._log_lock:
            self.request_log.append(LoggedRequest(method, path, status, body))

    def handle(self, method: str, url: str, headers: Mapping[str, str], body: bytes) -> Outcome:
        """Answer one request.

        Args:
            method: HTTP method.
            url: the path with its query string, e.g. ``/v1/views?database_id=...``.
            headers: request headers (case-insensitive mapping or lower-case keys).
            body: raw request body.
        """
        method = method.upper()
        parts = urlsplit(url)
        path = parts.path
        request_id = new_id()
        body_json: Any = None
        if body:
            try:
                body_json = json.loads(body)
            except ValueError:
                body_json = None
        try:
            outcome = self._pipeline(
                method, path, parts.query, headers, body, body_json, request_id
            )
        except ApiError as err:
            if err.code == "object_not_found" and err.additional_data is None:
                # Recorded 404s name the integration (its id is the bot user's id).
                err.additional_data = {"integration_id": self.bot_id}
            outcome = _error(err, request_id)
        except Exception:
            # A sandbox bug must not look like a network failure: answer as Notion does, log it.
            logger.exception("sandbox failed on %s %s", method, path)
            failure = ApiError(500, "internal_server_error", "Unexpected error occurred.")
            outcome = _error(failure, request_id)
        outcome.headers.setdefault("x-notion-request-id", request_id)
        self._log(method, path, outcome.status if outcome.action == "respond" else 0, body_json)
        return outcome

    def _check_headers(self, headers: Mapping[str, str]) -> str:
        lowered = {k.lower(): v for k, v in headers.items()}
        version = lowered.get("notion-version")
        if version is None:
            raise ApiError(
                400,
                "missing_version",
                "Notion-Version header failed validation: Notion-Version header should be "
                "defined, instead was `undefined`.",
            )
        if version not in VERSIONS:
            names = ", ".join(f"`{v}`" for v in VERSIONS)
            raise invalid(
                "Notion-Version header failed validation: Notion-Version header should be one of "
                f"{names} (the versions the sandbox emulates), instead was `{version}`."
            )
        auth = lowered.get("authorization", "")
        if auth != f"Bearer {self.token}":
            raise ApiError(401, "unauthorized", "API token is invalid.")
        return version

    def _pipeline(
        self,
        method: str,
        path: str,
        query: str,
        headers: Mapping[str, str],
        raw_body: bytes,
        body_json: Any,
        request_id: str,
    ) -> Outcome:
        version = self._check_headers(headers)
        wait = self.rate_limiter.admit(self.token)
        if wait is not None:
            raise ApiError(
                429,
                "rate_limited",
                "You have been rate limited. Please try again in a few minutes.",
                additional_data={
                    "rate_limit_reason": "public_api_request_rate_limit",
                    "retry_after": str(wait),
                },
                headers={"retry-after": str(wait)},
            )
        found = match(method, path)
        if found is None:
            raise ApiError(400, "invalid_request_url", "Invalid request URL.")
        if found is False:
            raise ApiError(400, "invalid_request", f"Unsupported request: {method} {path}.")
        assert not isinstance(found, bool)
        route, params = found
        body: Json = {}
        if method in ("POST", "PATCH") and raw_body:
            if len(raw_body) > MAX_BODY_BYTES:
                raise invalid(
                    f"body failed validation: the request body is {len(raw_body)} bytes, more "
                    f"than the {MAX_BODY_BYTES} bytes (500 KB) allowed."
                )
            if body_json is None and raw_body.strip() not in (b"null",):
                raise ApiError(400, "invalid_json", "Error parsing JSON body.")
            if not isinstance(body_json, dict):
                raise invalid(
                    "body failed validation: body should be an object, instead was "
                    f"`{raw_body[:30].decode(errors='replace')}`."
                )
            body = body_json
        moment = datetime.now(UTC)
        ctx = Ctx(
            ws=self.ws,
            version=version,
            body=body,
            query=parse_qs(query, keep_blank_values=True),
            params=params,
            now=timestamp(moment),
            now_ms=precise_timestamp(moment),
            betas=frozenset(
                part.strip()
                for key, value in headers.items()
                if key.lower() == "notion-beta"
                for part in value.split(",")
            ),
        )
        return self._run(route, ctx, method, path, request_id)

    def _run(self, route: Route, ctx: Ctx, method: str, path: str, request_id: str) -> Outcome:
        picked = self.faults.pick(method, path, route.writes)
        parent_key = route.parent(ctx) if route.parent is not None else None
        if parent_key is not None and self.conflict_on_overlap:
            with self._inflight_lock:
                if parent_key in self._inflight:
                    raise ApiError(*_FAULT_ANSWERS["conflict"][:2], _FAULT_ANSWERS["conflict"][2])
                self._inflight.add(parent_key)
        try:
            if self.latency_ms:
                self.sleep(self.latency_ms / 1000.0)
            if picked is not None and picked[0] not in COMMITTED:
                self.faults.consume(picked[1])
                raise self._fault_error(picked[0])
            with self._state_lock:
                try:
                    status, payload = route.handler(ctx)
                    # Recorded traffic: every JSON answer carries its request_id, success too.
                    if route.request_id:
                        payload = {**payload, "request_id": request_id}
                    # Serialised under the lock: answers share lists with the stored records.
                    data = json.dumps(payload, ensure_ascii=False).encode()
                except BaseException:
                    self.store.rollback()
                    raise
                self.store.commit()
        finally:
            if parent_key is not None and self.conflict_on_overlap:
                with self._inflight_lock:
                    self._inflight.discard(parent_key)
        if picked is not None:
            return self._committed_fault(picked[0], picked[1], ctx, request_id)
        return Outcome(status, data, {"content-type": "application/json; charset=utf-8"})

    def _fault_error(self, kind: str) -> ApiError:
        if kind == "429":
            return ApiError(
                429,
                "rate_limited",
                "You have been rate limited. Please try again in a few minutes.",
                additional_data={
                    "rate_limit_reason": "public_api_request_rate_limit",
                    "retry_after": "1",
                },
                headers={"retry-after": "1"},
            )
        status, code, message = _FAULT_ANSWERS[kind]
        headers = {"retry-after": "1"} if kind == "529" else {}
        return ApiError(status, code, message, headers=headers)

    def _committed_fault(
        self, kind: str, injected: Injected | None, ctx: Ctx, request_id: str
    ) -> Outcome:
        self.faults.consume(injected)
        if kind == "drop_committed":
            return Outcome(0, b"", {}, action="drop")
        if kind == "timeout_committed":
            return Outcome(0, b"", {}, action="timeout")
        status, code, message = _FAULT_ANSWERS[kind.split("_")[0]]
        extra: dict[str, Any] | None = None
        if kind == "503_committed":
            extra = {"retry_guidance": RETRY_GUIDANCE, "committed_resource_id": ctx.committed_id}
            if ctx.committed_children:
                extra["committed_child_ids"] = list(ctx.committed_children)
        return _error(ApiError(status, code, message, additional_data=extra), request_id)


def _held_by(rec: Json) -> set[str]:
    """The ids of the records a record lives in: its parent, its database or data source."""
    parent = rec.get("parent") or {}
    keys = ("page_id", "block_id", "database_id", "data_source_id")
    held = {str(parent[k]) for k in keys if parent.get(k)}
    held |= {str(rec[k]) for k in ("database_id", "data_source_id") if rec.get(k)}
    return held
