"""NotionGateway: the transport every call notion-setup makes to Notion goes through.

It wraps ``notion_client.Client`` (Notion-Version 2026-03-11, the client's own retries off) with
the one retry policy of ``notion_setup.retry``, the shared pacer of ``notion_setup.pacer`` and the
token redaction of ``notion_setup.redact``. It makes exactly the calls asked for: the only extra
requests are the ones that keep a create from being duplicated after an ambiguous failure
(retrieving a committed object, or the caller's ``find_existing`` lookup). It knows no endpoint:
``endpoints.NotionAPI`` names the paths and checks the answers.
"""

from __future__ import annotations

import functools
import json
import logging
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import httpx
import tenacity
from notion_client.client import Client, ClientOptions
from notion_client.errors import NotionClientErrorBase

from notion_setup.errors import NotionError
from notion_setup.messages import _, seconds
from notion_setup.notion.client_log import client_logger
from notion_setup.notion.committed import committed_children, committed_object_path, unconfirmed
from notion_setup.notion.pagination import pages_of
from notion_setup.notion.stats import CallStats
from notion_setup.notion.transport import Capability, ClosesOnExit
from notion_setup.pacer import Pacer, shared_pacer
from notion_setup.redact import register_secret
from notion_setup.retry import (
    Failure,
    Outcome,
    RetryBudget,
    RetryPolicy,
    backoff_wait,
    bounded_stop,
    classify,
    to_notion_error,
)

__all__ = [
    "JSON",
    "NOTION_VERSION",
    "NOTION_VERSIONS",
    "CallStats",
    "NotionGateway",
    "RetryPolicy",
]

JSON = dict[str, Any]
#: One INFO line per HTTP exchange (method, path, status), shown by -v.
_REQUEST_LOG = logging.getLogger("notion_setup.requests")
#: The API version every request declares by default.
NOTION_VERSION = "2026-03-11"
#: The versions the tool speaks. 2026-12-01's changes are made on 2026-03-11 already (the
#: upgrade guide's "do first" column), so both behave the same for the tool; 2026-03-11 stays the
#: default until the docs confirm each point.
NOTION_VERSIONS = ("2026-03-11", "2026-12-01")
DEFAULT_BASE_URL = "https://api.notion.com"

_FAILURES: tuple[type[BaseException], ...] = (
    NotionClientErrorBase,
    httpx.HTTPError,
    json.JSONDecodeError,
)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """The default certificate verification of httpx, built once a process.

    Each build reads the whole certificate store (~30 ms); a batch or a fleet run opens a
    gateway per client.
    """
    return httpx.create_ssl_context()


class _AttemptFailed(Exception):
    """One failed attempt that the policy may retry; carries the decoded failure."""

    def __init__(self, failure: Failure, *, lookup_next: bool = False) -> None:
        super().__init__(failure.describe())
        self.failure = failure
        #: the next attempt starts with a lookup: wait long enough for listings to catch up.
        self.lookup_next = lookup_next


class NotionGateway(ClosesOnExit):
    """The one way to talk to Notion: paced, retried once (by our policy), redacted."""

    def __init__(
        self,
        *,
        token: str,
        base_url: str | None = None,
        transport: httpx.BaseTransport | None = None,
        budget_per_minute: int = 180,
        policy: RetryPolicy = RetryPolicy(),  # noqa: B008 - frozen, safe to share
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        timeout_s: float = 60.0,
        logger: logging.Logger | None = None,
        on_retry: Callable[[str], None] | None = None,
        pacer: Pacer | None = None,
        token_env: str = "NOTION_TOKEN",
        lang: str = "en",
        notion_version: str = NOTION_VERSION,
    ) -> None:
        """Build a gateway.

        Args:
            token: the integration secret; registered for redaction, never logged or kept
                anywhere but in the HTTP client's Authorization header.
            base_url: API root (default https://api.notion.com); the sandbox passes its own.
            transport: an httpx transport (tests and the in-process sandbox).
            budget_per_minute: the connection's request budget per 60-second window.
            policy: retry bounds.
            sleep: waits (retries and pacing); inject a no-op or fake clock in tests.
            clock: monotonic seconds, for the pacer and the total retry time.
            timeout_s: per-request timeout.
            logger: where retries are logged at INFO (default ``notion_setup.notion``).
            on_retry: called with a one-line description before each retry sleep.
            pacer: a specific pacer; default the process-wide one of this token.
            token_env: the environment variable the token came from, named in a 401.
            lang: ``en`` or ``fr``: the language of error messages and retry lines.
            notion_version: the ``Notion-Version`` every request declares (``NOTION_VERSIONS``).

        Raises:
            ValueError: a version the tool does not speak (the CLI checks it first).
        """
        if notion_version not in NOTION_VERSIONS:
            raise ValueError(f"unsupported Notion-Version {notion_version!r}")
        register_secret(token)
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self.policy = policy
        self.stats = CallStats()
        #: The run's shared allowance of retries beyond each request's own (one per gateway).
        self.retry_budget = RetryBudget(policy)
        self._in_lookup = threading.local()
        self._sleep = sleep
        self._clock = clock
        self._on_retry = on_retry
        self._token_env = token_env
        #: language of error messages; the endpoint layer words its own errors in it too.
        self.lang = lang
        #: the API version of every request; the endpoint layer adapts to it.
        self.notion_version = notion_version
        self._pacer = pacer or shared_pacer(token, budget_per_minute, clock=clock, sleep=sleep)
        self._log = logger or logging.getLogger("notion_setup.notion")
        client_log = client_logger(self._log)
        self._http = httpx.Client(
            transport=transport,
            # Without a transport of its own, httpx's default verification, loaded once a process.
            verify=True if transport is not None else _tls_context(),
            event_hooks={"response": [self._count_response]},
        )
        self._client = Client(
            options=ClientOptions(
                auth=token,
                base_url=self.base_url,
                timeout_ms=int(timeout_s * 1000),
                notion_version=notion_version,
                retry=False,
                logger=client_log,
                log_level=logging.NOTSET,
            ),
            client=self._http,
        )

    @property
    def pacer(self) -> Pacer:
        """The pacer this gateway takes tokens from."""
        return self._pacer

    def __repr__(self) -> str:
        return f"NotionGateway(base_url={self.base_url!r})"

    def close(self) -> None:
        """Close the HTTP connection pool."""
        self._http.close()

    # --- public calls -------------------------------------------------------------------------

    def read(
        self,
        method: str,
        path: str,
        *,
        query: JSON | None = None,
        body: JSON | None = None,
    ) -> Any:
        """Send a request that changes nothing (GET, or a POST query/search); retried freely.

        Args:
            method: HTTP method.
            path: relative to ``/v1/``, e.g. ``"pages/<id>"`` or ``"data_sources/<id>/query"``.
            query: URL query parameters.
            body: JSON body (POST queries).

        Raises:
            NotionError: a subclass naming the cause (see ``retry.to_notion_error``).
        """

        def attempt() -> Any:
            try:
                return self._send(method, path, query, body, kind="reads")
            except _FAILURES as error:
                failure = self._failed(error, method, path)
                if failure.outcome is Outcome.FATAL:
                    raise self._error(failure, method, path, None, 1, Capability.READ) from error
                raise _AttemptFailed(failure) from error

        return self._run(method, path, attempt, blueprint_path=None, capability=Capability.READ)

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
        """Send a write without ever duplicating what it creates.

        A failure that means "not applied" (409, 429, 529, connect errors) is resent. After an
        ambiguous failure (read timeout, dropped connection, 5xx) an ``idempotent`` write is
        resent; a create adopts ``committed_resource_id``/``committed_child_ids`` when Notion
        gives them, otherwise calls ``find_existing()`` before each further attempt and returns
        what it finds. Without ``find_existing`` an ambiguous create is not resent.

        Args:
            method: POST, PATCH or DELETE.
            path: relative to ``/v1/``.
            body: JSON body.
            parent_id: writes under one parent are serialised (Notion answers 409 otherwise).
            idempotent: the write may be repeated safely (PATCH of properties or text; DELETE
                always is).
            find_existing: looks the object up under its known parent (never via search);
                returns it, or None when it does not exist.
            blueprint_path: where in the blueprint the request comes from, for error messages.
            capability: what the write needs of the integration, named when Notion answers 403
                (the endpoint layer knows: creates and appends insert, the rest update).

        Raises:
            NotionError: a subclass naming the cause.
        """
        ambiguous: list[Failure] = []
        # Deleting twice leaves the same state: DELETE is idempotent whatever the caller says.
        deleting = method.upper() == "DELETE"
        idempotent = idempotent or deleting
        unsure: list[Failure] = []

        def attempt() -> Any:
            if ambiguous and find_existing is not None:
                found = self._lookup(find_existing, method, path)
                if found is not None:
                    return found
            try:
                return self._send(method, path, None, body, kind="writes")
            except _FAILURES as error:
                failure = self._failed(error, method, path)
                if failure.outcome is Outcome.COMMITTED and not idempotent:
                    adopted = self._adopt(method, path, body, failure)
                    if adopted is not None:
                        return adopted
                    failure = replace(failure, outcome=Outcome.AMBIGUOUS)
                if deleting and unsure and failure.status == 404:
                    # The DELETE before it may have been applied (dropped connection, 5xx): the
                    # object is gone, which is what was asked.
                    self._log.info("%s /v1/%s: gone after %s", method, path, unsure[-1].describe())
                    return {"object": "deleted", "id": path.rsplit("/", 1)[-1]}
                if failure.outcome is Outcome.FATAL:
                    raise self._error(
                        failure, method, path, blueprint_path, 1, capability
                    ) from error
                if failure.outcome is Outcome.AMBIGUOUS:
                    unsure.append(failure)
                if failure.outcome is not Outcome.NOT_APPLIED and not idempotent:
                    if find_existing is None:
                        where, at = f"{method} /v1/{path}", blueprint_path
                        raise unconfirmed(failure, where, self.base_url, at, self.lang) from error
                    ambiguous.append(failure)
                    # Look at once: a write that was saved shows under its parent right away
                    # as a rule. Only when it does not is the next attempt delayed
                    # (lookup_delay_s) and preceded by a second look, in case the listing lags
                    # behind the write (F18); this keeps scattered faults cheap.
                    found = self._lookup(find_existing, method, path)
                    if found is not None:
                        return found
                raise _AttemptFailed(failure, lookup_next=bool(ambiguous)) from error

        with self._pacer.parent_lock(parent_id):
            # Out of attempts, no last look is needed: every ambiguous attempt was looked up
            # right after it failed.
            return self._run(
                method, path, attempt, blueprint_path=blueprint_path, capability=capability
            )

    def paginate(
        self,
        method: str,
        path: str,
        *,
        query: JSON | None = None,
        body: JSON | None = None,
        key: str = "results",
    ) -> Iterator[JSON]:
        """Yield every item of a paginated list (bounded; see ``pagination.pages_of``).

        The tool lists through ``endpoints.NotionAPI``; this is for scripts and tests that
        look at raw answers.
        """
        for _where, item in pages_of(
            self.read, method, path, query=query, body=body, key=key, lang=self.lang
        ):
            yield dict(item)

    # --- internals ----------------------------------------------------------------------------

    def _count_response(self, response: httpx.Response) -> None:
        self.stats.count_status(response.status_code)
        if response.status_code != 429:
            self._pacer.answered()
        # -v shows every request; the URL never holds the token (it travels in a header).
        _REQUEST_LOG.info(
            "%s %s -> %s", response.request.method, response.request.url.path, response.status_code
        )

    def _send(
        self, method: str, path: str, query: JSON | None, body: JSON | None, *, kind: str
    ) -> Any:
        """One HTTP request: take a pacer token, count it, send it."""
        self._pacer.acquire()
        self.stats.add(api_calls=1, **{kind: 1})
        try:
            result = self._client.request(path=path, method=method, query=query, body=body)
        except (httpx.HTTPError, json.JSONDecodeError) as error:
            self.stats.count_status(type(error).__name__)
            raise
        except NotionClientErrorBase as error:
            if error.__context__ is not None and not hasattr(error, "status"):
                self.stats.count_status(type(error.__context__).__name__)
            raise
        # Whatever JSON came back: the endpoint layer checks its shape (a list, a string...).
        return result

    def _failed(self, error: BaseException, method: str, path: str) -> Failure:
        """Decode a failure and slow the shared pacer down on 429/529."""
        failure = classify(error)
        if failure.status in (429, 529) and failure.outcome is Outcome.NOT_APPLIED:
            reason = failure.additional_data.get("rate_limit_reason")
            workspace_wide = reason == "public_api_space_request_rate_limit"
            self._pacer.penalize(failure.retry_after_s, lower_ceiling=workspace_wide)
        self._log.debug("%s /v1/%s failed: %s", method, path, failure.describe())
        return failure

    def _error(
        self,
        failure: Failure,
        method: str,
        path: str,
        blueprint_path: str | None,
        attempts: int,
        capability: Capability,
    ) -> NotionError:
        return to_notion_error(
            failure,
            method=method,
            path=path,
            base_url=self.base_url,
            blueprint_path=blueprint_path,
            attempts=attempts,
            token_env=self._token_env,
            lang=self.lang,
            capability=capability.value,
        )

    def _run(
        self,
        method: str,
        path: str,
        attempt: Callable[[], Any],
        *,
        blueprint_path: str | None,
        capability: Capability,
    ) -> Any:
        """Run ``attempt`` under the retry policy; map the last failure to a NotionError."""
        attempts = 0

        def counted() -> Any:
            nonlocal attempts
            attempts += 1
            return attempt()

        def before_sleep(state: tenacity.RetryCallState) -> None:
            error = state.outcome.exception() if state.outcome else None
            cause = error.failure.describe() if isinstance(error, _AttemptFailed) else "error"
            line = _(
                "retry {attempt}/{max_attempts} of {where} in {delay} s after {cause}",
                self.lang,
            ).format(
                attempt=state.attempt_number + 1,
                # Past its own attempts a request goes on with the run's allowance.
                max_attempts=max(self.policy.max_attempts, state.attempt_number + 1),
                where=f"{method} /v1/{path}",
                delay=seconds(state.upcoming_sleep, self.lang),
                cause=cause,
            )
            self.stats.add(retries=1)
            self._log.info("%s", line)
            if self._on_retry is not None:
                self._on_retry(line)

        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception_type(_AttemptFailed),
            wait=backoff_wait(self.policy),
            stop=bounded_stop(self.policy, self._clock, self.retry_budget),
            sleep=self._sleep,
            before_sleep=before_sleep,
            reraise=True,
        )
        try:
            result = retrying(counted)
        except _AttemptFailed as exhausted:
            error = self._error(
                exhausted.failure, method, path, blueprint_path, attempts, capability
            )
            raise error from exhausted.failure.error
        if not getattr(self._in_lookup, "active", False):
            self.retry_budget.earn(attempts)
        return result

    def _lookup(
        self, find_existing: Callable[[], JSON | None], method: str, path: str
    ) -> JSON | None:
        """Ask the caller whether the ambiguous create landed; its reads count as lookups."""
        self.stats.add(lookups=1)
        # A lookup's reads earn the run no retries: a write that keeps failing must not pay
        # for its own extra attempts with the lookups it makes.
        self._in_lookup.active = True
        try:
            found = find_existing()
        finally:
            self._in_lookup.active = False
        if found is not None:
            self.stats.add(adopted=1)
            self._log.info(
                "%s /v1/%s: found %s after an unconfirmed attempt; adopting it, not resending",
                method,
                path,
                found.get("id", "the object"),
            )
        return found

    def _adopt(self, method: str, path: str, body: JSON | None, failure: Failure) -> Any:
        """Return what Notion says it saved before failing; None if that cannot be known."""
        children = committed_children(path, body, failure)
        if children is not None:
            self.stats.add(adopted=1)
            self._log.info(
                "%s /v1/%s: Notion saved %d block(s) before failing (%s); not resending",
                method,
                path,
                len(children["results"]),
                failure.describe(),
            )
            return children
        saved = committed_object_path(path, failure)
        if saved is None:
            return None
        self._log.info(
            "%s /v1/%s: Notion saved %s before failing (%s); adopting it, not resending",
            method,
            path,
            failure.committed_resource_id,
            failure.describe(),
        )
        self.stats.add(adopted=1)
        return self.read("GET", saved)
