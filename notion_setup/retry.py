"""The one retry policy: what a failure means, whether to retry it, and how long to wait.

notion-client runs with its own retries off; this module is the only retry layer. Every failure
is classified into one ``Outcome`` (Notion's status codes and request-limits pages, and what
notion-client 3.1.0 raises for each; ``tests/gateway/test_retry_rules.py`` holds one test per
rule):

- ``FATAL``: 400, 401, 403, 404, a blocked token (429 ``public_api_request_blocked``): never
  retried, never read as "missing, so create".
- ``NOT_APPLIED``: 409, 429, 529, connect errors and connect/pool timeouts: safe to resend.
- ``AMBIGUOUS``: read timeouts, dropped connections, 500/502/503/504: the write may have been
  saved. Reads and idempotent writes are resent; a create is first looked up.
- ``COMMITTED``: 503 carrying ``committed_resource_id`` / ``committed_child_ids``: saved; adopt,
  never resend.

Waits honour ``Retry-After`` exactly (integer seconds, and also "1.5" and HTTP-dates; the shared
pacer holds every other request on the token until then too), else random exponential backoff
("full jitter"). Attempts and total time are bounded per request; a request that runs out of its
own attempts may go on with attempts the run has earned (``RetryBudget``): under scattered faults
a few unlucky requests need more than their share, while a persistent outage, which earns
nothing, still stops after ``max_attempts``.
"""

from __future__ import annotations

import enum
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
import tenacity
from notion_client.errors import HTTPResponseError, RequestTimeoutError

from notion_setup.errors import (
    AccessError,
    AuthError,
    NotionError,
    NotionRejected,
    NotionUnavailable,
    RequestBlocked,
    WorkspaceLimitReached,
)
from notion_setup.messages import _, ngettext

#: Where to create an integration secret and set its capabilities.
INTEGRATIONS_URL = "https://www.notion.so/profile/integrations"
STATUS_URL = "https://www.notion-status.com"

JSON = dict[str, Any]


@dataclass(frozen=True)
class RetryPolicy:
    """Bounds of the retry loop.

    Attributes:
        max_attempts: attempts per call, the first one included.
        max_total_s: a retry whose wait would end after this many seconds since the first
            attempt is not made.
        base_s: first backoff ceiling; it doubles at each attempt.
        cap_s: largest backoff (Retry-After is not capped by it).
        lookup_delay_s: least wait before looking up a create that may have been saved, so a
            listing that lags behind the write still shows it (F18).
        extra_attempts: attempts a request may make beyond ``max_attempts``, each one paid from
            the run's shared allowance (``RetryBudget``).
        successes_per_retry: requests that succeed for the run's allowance to earn one retry.
        allowance_cap: the most retries the allowance may hold.
    """

    max_attempts: int = 6
    max_total_s: float = 300.0
    base_s: float = 0.5
    cap_s: float = 30.0
    lookup_delay_s: float = 2.0
    extra_attempts: int = 12
    successes_per_retry: int = 5
    allowance_cap: int = 30


class RetryBudget:
    """The run's shared allowance of retries beyond each request's own ``max_attempts``.

    Every ``successes_per_retry`` requests that succeed earn one retry (up to
    ``allowance_cap``); a request out of its own attempts draws one retry at a time from it, at
    most ``extra_attempts`` times.
    It starts empty, so a run that never succeeds (Notion down, F22) stops exactly where
    ``max_attempts`` says. The idea is the retry quota of the AWS SDKs' standard retry mode,
    turned around: successes fill it, so it is spent where the faults are scattered.
    Thread-safe: one budget serves every worker of a run.

    Attributes:
        drawn: retries taken from the allowance.
        most_attempts: the most attempts any one request made.
    """

    def __init__(self, policy: RetryPolicy) -> None:
        self.policy = policy
        self._balance = 0
        self._successes = 0
        self._lock = threading.Lock()
        self.drawn = 0
        self.most_attempts = 0

    @property
    def balance(self) -> int:
        """Retries the run could still pay for."""
        with self._lock:
            return self._balance

    def earn(self, attempts: int) -> None:
        """A request succeeded after ``attempts`` attempts."""
        with self._lock:
            self.most_attempts = max(self.most_attempts, attempts)
            self._successes += 1
            if self._successes >= self.policy.successes_per_retry:
                self._successes = 0
                self._balance = min(self.policy.allowance_cap, self._balance + 1)

    def may_retry(self, attempts: int) -> bool:
        """Whether a request that has made ``attempts`` failed attempts may make one more."""
        with self._lock:
            self.most_attempts = max(self.most_attempts, attempts)
            if attempts < self.policy.max_attempts:
                return True
            if attempts >= self.policy.max_attempts + self.policy.extra_attempts:
                return False
            if self._balance < 1:
                return False
            self._balance -= 1
            self.drawn += 1
            return True


class Outcome(enum.Enum):
    """What a failed request means for the object it tried to write."""

    FATAL = "fatal"
    NOT_APPLIED = "not_applied"
    AMBIGUOUS = "ambiguous"
    COMMITTED = "committed"


@dataclass(frozen=True)
class Failure:
    """A failed attempt, decoded once: status, Notion's code and message, additional data."""

    error: BaseException
    outcome: Outcome
    status: int | None = None
    code: str | None = None
    message: str = ""
    request_id: str | None = None
    additional_data: JSON = field(default_factory=dict)
    retry_after_s: float | None = None

    @property
    def committed_resource_id(self) -> str | None:
        """The id Notion says it saved (503 after a committed create), if any."""
        value = self.additional_data.get("committed_resource_id")
        return value if isinstance(value, str) and value else None

    @property
    def committed_child_ids(self) -> list[str] | None:
        """The block ids Notion says it appended (503 after a committed append), if any."""
        value = self.additional_data.get("committed_child_ids")
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
        return None

    def describe(self) -> str:
        """A short, token-free description: ``503 service_unavailable`` or ``ReadTimeout``."""
        if self.status is not None:
            return f"{self.status} {self.code or 'error'}"
        return self.code or type(self.error).__name__


def parse_retry_after(value: str | None, *, now: Callable[[], float] = time.time) -> float | None:
    """Seconds to wait from a Retry-After value: "3", "1.5" or an HTTP-date; None if unusable."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        return seconds if seconds >= 0 and seconds == seconds else None
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - now())


def _error_body(error: HTTPResponseError) -> JSON:
    """Parse the raw body ourselves: notion-client drops it for codes it does not know."""
    try:
        parsed = json.loads(error.body)
    except (TypeError, ValueError):
        return {}
    return parsed if isinstance(parsed, dict) else {}


_AMBIGUOUS_STATUSES = frozenset({500, 502, 503, 504})


def classify(error: BaseException, *, now: Callable[[], float] = time.time) -> Failure:
    """Decode a failure raised by notion-client or httpx into a ``Failure``.

    Args:
        error: what ``Client.request`` raised.
        now: wall clock for HTTP-date Retry-After values.
    """
    if isinstance(error, HTTPResponseError):
        return _classify_response(error, now)
    if isinstance(error, RequestTimeoutError):
        # notion-client keeps the httpx exception only as __context__.
        cause = error.__context__
        if isinstance(cause, httpx.ConnectTimeout | httpx.PoolTimeout):
            return Failure(error, Outcome.NOT_APPLIED, code=type(cause).__name__)
        name = type(cause).__name__ if cause is not None else "Timeout"
        return Failure(error, Outcome.AMBIGUOUS, code=name)
    if isinstance(error, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        return Failure(error, Outcome.NOT_APPLIED, code=type(error).__name__)
    if isinstance(error, httpx.ProxyError):
        return Failure(error, Outcome.NOT_APPLIED, code=type(error).__name__)
    if isinstance(error, httpx.UnsupportedProtocol | httpx.LocalProtocolError):
        return Failure(error, Outcome.FATAL, code=type(error).__name__)
    if isinstance(error, json.JSONDecodeError | httpx.DecodingError):
        # A 2xx whose body did not arrive whole: the write probably happened.
        return Failure(error, Outcome.AMBIGUOUS, code=type(error).__name__)
    if isinstance(error, httpx.TransportError):
        # Read errors, resets, truncated bodies: the request may have reached Notion.
        return Failure(error, Outcome.AMBIGUOUS, code=type(error).__name__)
    return Failure(error, Outcome.FATAL, code=type(error).__name__, message=str(error))


def _classify_response(error: HTTPResponseError, now: Callable[[], float]) -> Failure:
    body = _error_body(error)
    raw_code = body.get("code")
    if isinstance(raw_code, str):
        code: str | None = raw_code
    else:
        value = str(getattr(error.code, "value", error.code))
        code = None if value == "notionhq_client_response_error" else value
    raw_message = body.get("message")
    message = raw_message if isinstance(raw_message, str) else str(error)
    extra = body.get("additional_data")
    additional: JSON = extra if isinstance(extra, dict) else {}
    request_id = body.get("request_id") or error.headers.get("x-notion-request-id")
    status = error.status
    retry_after = parse_retry_after(error.headers.get("retry-after"), now=now)
    if retry_after is None and additional.get("retry_after") is not None:
        retry_after = parse_retry_after(str(additional["retry_after"]), now=now)
    if status in (429, 529):
        blocked = additional.get("rate_limit_reason") == "public_api_request_blocked"
        outcome = Outcome.FATAL if blocked else Outcome.NOT_APPLIED
    elif status == 409:
        outcome = Outcome.NOT_APPLIED
    elif status in _AMBIGUOUS_STATUSES:
        committed = additional.get("committed_resource_id") or additional.get("committed_child_ids")
        outcome = Outcome.COMMITTED if committed else Outcome.AMBIGUOUS
    else:
        outcome = Outcome.FATAL
    return Failure(
        error,
        outcome,
        status=status,
        code=code,
        message=message,
        request_id=request_id if isinstance(request_id, str) else None,
        additional_data=additional,
        retry_after_s=retry_after,
    )


def _object_from(path: str, message: str) -> str:
    """Name the object a 404 is about: Notion's message first, then the request path."""
    found = re.search(r"with ID:? ?([0-9a-fA-F-]{32,36})", message)
    if found:
        return found.group(1)
    parts = [p for p in path.split("/") if p]
    return parts[1] if len(parts) > 1 else path


def to_notion_error(
    failure: Failure,
    *,
    method: str,
    path: str,
    base_url: str,
    blueprint_path: str | None = None,
    attempts: int = 1,
    token_env: str = "NOTION_TOKEN",
    lang: str = "en",
    capability: str = "Update content",
) -> NotionError:
    """The ``notion_setup.errors`` exception for a failure that will not be retried (any more).

    Args:
        failure: the last failure.
        method: HTTP method of the request.
        path: path relative to ``/v1/``.
        base_url: the API base URL, named when Notion cannot be reached.
        blueprint_path: where in the blueprint the request came from.
        attempts: how many attempts were made.
        token_env: the environment variable the token came from.
        lang: ``en`` or ``fr``, the language of the message and hint.
        capability: what the request needs of the integration, as Notion's settings name it
            (``transport.Capability``: the endpoint that sent it knows), named after a 403.
    """

    where = f"{method} /v1/{path}"
    common: dict[str, Any] = {
        "status": failure.status,
        "notion_code": failure.code,
        "request_id": failure.request_id,
        "blueprint_path": blueprint_path,
    }
    status, code = failure.status, failure.code
    if status == 401:
        return AuthError(
            _("Notion rejected the token in ${env} (401 unauthorized)", lang).format(env=token_env),
            hint=_(
                "create an internal integration at {url}, copy its Internal Integration Secret "
                "(it starts with ntn_) and set {env} to it",
                lang,
            ).format(url=INTEGRATIONS_URL, env=token_env),
            **common,
        )
    if status == 403 and failure.additional_data.get("block_limit"):
        return WorkspaceLimitReached(
            _(
                "The Notion workspace reached the Free plan block limit "
                "(403 restricted_resource, block_limit) on {where}",
                lang,
            ).format(where=where),
            hint=_(
                "upgrade the workspace or free blocks, then run the same command again: "
                "it resumes where it stopped",
                lang,
            ),
            **common,
        )
    if status == 403:
        return AccessError(
            _(
                "The integration lacks a capability for {where} (403 {code}): {message}", lang
            ).format(where=where, code=code or "forbidden", message=failure.message),
            hint=_(
                "in {url}, open the integration, Capabilities: enable '{capability}' "
                "(notion-setup needs Read, Update and Insert content)",
                lang,
            ).format(url=INTEGRATIONS_URL, capability=capability),
            **common,
        )
    if status == 404:
        object_id = _object_from(path, failure.message)
        text = _(
            "Notion object {object_id} was not found or is not shared with the integration "
            "({where}: 404 {code})",
            lang,
        ).format(object_id=object_id, where=where, code=code or "object_not_found")
        hint = _(
            "open the page in Notion, ••• menu -> Connections -> add the integration "
            "(sharing a page shares everything under it)",
            lang,
        )
        return AccessError(text, hint=hint, **common)
    if status in (429, 529) and failure.outcome is Outcome.FATAL:
        return RequestBlocked(
            _("Notion blocked this integration's requests (429 public_api_request_blocked)", lang),
            hint=_(
                "do not retry now: check the integration in Notion's settings, and contact "
                "Notion support if it lasts",
                lang,
            ),
            **common,
        )
    if failure.outcome is Outcome.FATAL and status is not None:
        text = _("Notion rejected {where} ({status} {code}): {message}", lang).format(
            where=where, status=status, code=code or "error", message=failure.message
        )
        fix = (
            _(
                "fix {blueprint_path} in the blueprint, then run the same command again", lang
            ).format(blueprint_path=blueprint_path)
            if blueprint_path
            else None
        )
        return NotionRejected(text, hint=fix, **common)
    if failure.outcome is Outcome.FATAL:
        cause = f"{failure.describe()}: {failure.error}"
        return NotionRejected(
            _("could not send {where} to {base_url}: {cause}", lang).format(
                where=where, base_url=base_url, cause=cause
            )
        )
    text = ngettext(
        "Notion at {base_url} did not complete {where} after {attempts} attempt; "
        "last cause: {cause}",
        "Notion at {base_url} did not complete {where} after {attempts} attempts; "
        "last cause: {cause}",
        attempts,
        lang,
    ).format(base_url=base_url, where=where, attempts=attempts, cause=failure.describe())
    hint = _(
        "check your connection and {status_url}, then run the same command again: "
        "it resumes where it stopped",
        lang,
    ).format(status_url=STATUS_URL)
    return NotionUnavailable(text, hint=hint, **common)


def backoff_wait(policy: RetryPolicy) -> Callable[[tenacity.RetryCallState], float]:
    """The wait strategy: exactly Retry-After when given, else full-jitter backoff."""
    exponential = tenacity.wait_random_exponential(multiplier=policy.base_s, max=policy.cap_s)

    def wait(state: tenacity.RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        failure = getattr(error, "failure", None)
        if isinstance(failure, Failure) and failure.retry_after_s is not None:
            # No jitter: the pacer holds every request on the token until the same instant and
            # then lets them go within the budget, so they do not stampede.
            delay = failure.retry_after_s
        else:
            delay = float(exponential(state))
        if getattr(error, "lookup_next", False):
            delay = max(delay, policy.lookup_delay_s)
        return delay

    return wait


def bounded_stop(
    policy: RetryPolicy, clock: Callable[[], float], budget: RetryBudget | None = None
) -> Callable[[tenacity.RetryCallState], bool]:
    """Stop when the next wait would cross ``max_total_s``, or out of attempts.

    A request has ``max_attempts`` of its own; with a run's ``budget`` it may go on with
    attempts the run earned (see ``RetryBudget``). Uses the injected clock (tenacity's own
    timer is not injectable).
    """
    started = clock()

    def stop(state: tenacity.RetryCallState) -> bool:
        if clock() - started + state.upcoming_sleep > policy.max_total_s:
            return True
        if budget is None:
            return state.attempt_number >= policy.max_attempts
        return not budget.may_retry(state.attempt_number)

    return stop
