"""What a batch reports: one small ``ClientResult`` per client and a ``BatchSummary`` of counts.

Results are built as soon as a client finishes and handed to the sinks (progress line, JSON line,
JUnit test case); the runner keeps only the summary's counters, so memory does not grow with the
manifest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from notion_setup.batch.manifest import ClientSpec
from notion_setup.errors import ExitCode, NotionSetupError, exit_code_for
from notion_setup.messages import _, ngettext, seconds
from notion_setup.provision import RunReport
from notion_setup.redact import redact

#: A client's outcome. ``changes``: ``--plan`` found pending changes. ``interrupted``: stopped
#: between two steps (``--fail-fast`` or SIGTERM), resumable. ``skipped``: never started.
STATUSES = ("ok", "changes", "failed", "interrupted", "skipped")
#: How many failed clients the summary names (the others are counted).
NAMED_FAILURES = 20


@dataclass(frozen=True)
class ErrorInfo:
    """Why a client failed or stopped: the error's class, its full message, its exit code."""

    type: str
    message: str
    exit_code: int

    @classmethod
    def from_exception(cls, error: BaseException) -> ErrorInfo:
        """Describe an exception; tokens are masked, whatever the message holds."""
        if isinstance(error, NotionSetupError):
            return cls(type(error).__name__, redact(str(error)), int(exit_code_for(error)))
        text = redact(f"internal error: {type(error).__name__}: {error}")
        return cls("InternalError", text, int(ExitCode.FAILURE))

    def to_json(self) -> dict[str, Any]:
        """The machine-readable form."""
        return {"type": self.type, "message": self.message, "exit_code": self.exit_code}


@dataclass(frozen=True)
class ClientResult:
    """One client's outcome, small enough to stream and forget."""

    name: str
    status: str
    blueprint: str
    lang: str
    token_env: str
    parent: str | None
    root_url: str | None = None
    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    pending: int = 0
    api_calls: int = 0
    writes: int = 0
    retries: int = 0
    throttled: int = 0
    elapsed_s: float = 0.0
    error: ErrorInfo | None = None
    #: ``--plan`` only: the pending changes as ``{"verb", "kind", "key", "name", "detail"}``.
    changes: tuple[dict[str, str], ...] = ()

    @classmethod
    def from_report(
        cls, spec: ClientSpec, report: RunReport, *, parent: str, throttled: int
    ) -> ClientResult:
        """The result of a client whose plan or apply completed."""
        data = report.to_json()
        pending = 0 if report.applied else len(report.plan.changes)
        return cls(
            name=spec.name,
            status="changes" if pending else "ok",
            blueprint=spec.blueprint,
            lang=spec.lang,
            token_env=spec.token_env,
            parent=parent,
            root_url=report.root_url,
            created=report.created,
            updated=report.updated,
            removed=report.removed,
            unchanged=report.unchanged,
            pending=pending,
            api_calls=report.api_calls,
            writes=report.writes,
            retries=report.retries,
            throttled=throttled,
            elapsed_s=report.elapsed_s,
            changes=tuple(data["changes"]) if pending else (),
        )

    @classmethod
    def not_done(
        cls,
        spec: ClientSpec,
        status: str,
        error: ErrorInfo,
        *,
        parent: str | None = None,
        elapsed_s: float = 0.0,
        calls: tuple[int, int, int, int] = (0, 0, 0, 0),
    ) -> ClientResult:
        """A client that failed, was interrupted or was skipped.

        ``calls`` is (api_calls, writes, retries, 429s) sent before it stopped.
        """
        api_calls, writes, retries, throttled = calls
        return cls(
            name=spec.name,
            status=status,
            blueprint=spec.blueprint,
            lang=spec.lang,
            token_env=spec.token_env,
            parent=parent if parent is not None else spec.parent,
            api_calls=api_calls,
            writes=writes,
            retries=retries,
            throttled=throttled,
            elapsed_s=round(elapsed_s, 2),
            error=error,
        )

    def to_json(self) -> dict[str, Any]:
        """One JSON line of ``--json`` (stable keys; ``changes`` only with ``--plan``)."""
        out: dict[str, Any] = {
            "client": self.name,
            "status": self.status,
            "blueprint": self.blueprint,
            "lang": self.lang,
            "token_env": self.token_env,
            "parent": self.parent,
            "root_url": self.root_url,
            "created": self.created,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "pending": self.pending,
            "api_calls": self.api_calls,
            "writes": self.writes,
            "retries": self.retries,
            "throttled": self.throttled,
            "elapsed_s": self.elapsed_s,
            "error": self.error.to_json() if self.error else None,
        }
        if self.changes:
            out["changes"] = list(self.changes)
        return out


@dataclass
class BatchSummary:
    """Counters over a batch (no per-client data but the first failed names)."""

    total: int = 0
    ok: int = 0
    changes: int = 0
    failed: int = 0
    interrupted: int = 0
    skipped: int = 0
    api_calls: int = 0
    writes: int = 0
    retries: int = 0
    throttled: int = 0
    elapsed_s: float = 0.0
    #: Set when SIGTERM/Ctrl-C (not ``--fail-fast``) stopped the batch.
    stopped_by_signal: bool = False
    failed_names: list[str] = field(default_factory=list)

    def add(self, result: ClientResult) -> None:
        """Count one client's result."""
        self.total += 1
        setattr(self, result.status, getattr(self, result.status) + 1)
        self.api_calls += result.api_calls
        self.writes += result.writes
        self.retries += result.retries
        self.throttled += result.throttled
        if result.status == "failed" and len(self.failed_names) < NAMED_FAILURES:
            self.failed_names.append(result.name)

    @property
    def all_done(self) -> bool:
        """True when every client finished its plan or apply."""
        return self.failed == self.interrupted == self.skipped == 0

    def text(self, *, plan: bool) -> str:
        """``20 clients: 18 ok, 2 failed (Beta, Gamma) in 41.2 s; 812 API calls, 0 writes``."""
        parts = [_("{n} ok").format(n=self.ok)]
        if plan or self.changes:
            parts.append(
                ngettext(
                    "{n} with changes pending", "{n} with changes pending", self.changes
                ).format(n=self.changes)
            )
        failed = ngettext("{n} failed", "{n} failed", self.failed).format(n=self.failed)
        if self.failed_names:
            more = self.failed - len(self.failed_names)
            names = ", ".join(self.failed_names)
            if more > 0:
                names = _("{names} and {n} more").format(names=names, n=more)
            failed += f" ({names})"
        if self.failed:
            parts.append(failed)
        if self.interrupted:
            parts.append(
                ngettext("{n} interrupted", "{n} interrupted", self.interrupted).format(
                    n=self.interrupted
                )
            )
        if self.skipped:
            parts.append(
                ngettext("{n} skipped", "{n} skipped", self.skipped).format(n=self.skipped)
            )
        head = ngettext("{n} client", "{n} clients", self.total).format(n=self.total)
        return _(
            "{clients}: {outcomes} in {elapsed} s; {calls} API calls, {writes} writes, "
            "{retries} retries, {throttled} rate-limited (429)"
        ).format(
            clients=head,
            outcomes=", ".join(parts),
            elapsed=seconds(self.elapsed_s),
            calls=self.api_calls,
            writes=self.writes,
            retries=self.retries,
            throttled=self.throttled,
        )

    def to_json(self) -> dict[str, Any]:
        """The summary's machine-readable form."""
        return {
            "total": self.total,
            "ok": self.ok,
            "changes": self.changes,
            "failed": self.failed,
            "interrupted": self.interrupted,
            "skipped": self.skipped,
            "api_calls": self.api_calls,
            "writes": self.writes,
            "retries": self.retries,
            "throttled": self.throttled,
            "elapsed_s": self.elapsed_s,
        }
