"""Every error notion-setup raises on purpose, and the exit code each one maps to.

The tree (exit code in brackets)::

    NotionSetupError [1]
    ├── UsageError [2]
    │   ├── BlueprintNotFound [2]
    │   ├── BlueprintInvalid [2]
    │   ├── VariableError [2]
    │   ├── ManifestInvalid [2]
    │   └── TokenMissing [2]
    ├── DestructiveChangesRefused [7]
    ├── ConcurrentRun [1]
    ├── WorkspaceBusy [9]
    ├── Interrupted [130]
    ├── BatchFailed [6]
    ├── BlockLimitWouldBeExceeded [5]
    └── NotionError [1]
        ├── AuthError [4]
        ├── AccessError [4]
        ├── WorkspaceLimitReached [5]
        ├── RequestBlocked [5]
        ├── NotionRejected [1]
        └── NotionUnavailable [8]

``exit_code_for`` is the only place that turns an exception into an exit code; the README lists
the codes. Constructing an error has no side effects: the CLI decides what to print.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from notion_setup.messages import _, ngettext


class ExitCode(IntEnum):
    """Process exit codes, stable for scripts and CI pipelines."""

    OK = 0
    FAILURE = 1
    USAGE = 2
    CHANGES_PENDING = 3
    AUTH = 4
    WORKSPACE_LIMIT = 5
    PARTIAL = 6
    DESTRUCTIVE_REFUSED = 7
    UNREACHABLE = 8
    BUSY = 9
    INTERRUPTED = 130


@dataclass(frozen=True)
class Problem:
    """One validation problem: where it is and what is wrong."""

    path: str
    message: str
    file: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}: " if self.file else ""
        return f"{where}{self.path}: {self.message}" if self.path else f"{where}{self.message}"


class NotionSetupError(Exception):
    """Root of every error notion-setup raises on purpose."""

    exit_code: ExitCode = ExitCode.FAILURE

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if not self.hint:
            return self.message
        return self.message + "\n  " + _("fix: {fix}").format(fix=self.hint)


class UsageError(NotionSetupError):
    """The command line, a blueprint, a manifest or a variable is wrong."""

    exit_code = ExitCode.USAGE


class BlueprintNotFound(UsageError):
    """No bundled blueprint has that name and no file exists at that path."""


class _ProblemsFound(UsageError):
    """A file failed validation; ``problems`` lists every problem found in it."""

    def __init__(self, problems: Sequence[Problem], *, source: str | None = None) -> None:
        self.problems = tuple(problems)
        self.source = source
        head = f"{source}: " if source else ""
        lines = [head + self._summary(len(self.problems))]
        lines += [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))

    @staticmethod
    def _summary(count: int) -> str:
        """``invalid ... (n problems)``; each kind of file words its own (for gettext)."""
        raise NotImplementedError


class BlueprintInvalid(_ProblemsFound):
    """A blueprint failed validation; ``problems`` lists every problem found."""

    @staticmethod
    def _summary(count: int) -> str:
        return ngettext(
            "invalid blueprint ({n} problem)", "invalid blueprint ({n} problems)", count
        ).format(n=count)


class TextTooLong(BlueprintInvalid):
    """A text of the blueprint is longer than a Notion rich-text value can hold."""

    def __init__(self, path: str, units: int, limit: int) -> None:
        self.units = units
        self.limit = limit
        super().__init__(
            [
                Problem(
                    path,
                    f"text is {units} UTF-16 units, the most Notion takes is {limit}",
                )
            ]
        )
        self.hint = "shorten it, or move the long text into a page body (Markdown has no limit)"


class VariableError(UsageError):
    """A blueprint variable is unknown, missing or has a value of the wrong kind."""

    def __init__(
        self, message: str, *, hint: str | None = None, missing: tuple[str, ...] = ()
    ) -> None:
        super().__init__(message, hint=hint)
        #: The variables that have no value (asked for on a terminal).
        self.missing = missing


class ManifestInvalid(_ProblemsFound):
    """A batch manifest failed validation."""

    @staticmethod
    def _summary(count: int) -> str:
        return ngettext(
            "invalid manifest ({n} problem)", "invalid manifest ({n} problems)", count
        ).format(n=count)


class TokenMissing(UsageError):
    """No Notion token in the environment variable that should hold it."""


class DestructiveChangesRefused(NotionSetupError):
    """The plan removes or retypes something and the user did not allow it."""

    exit_code = ExitCode.DESTRUCTIVE_REFUSED


class ConcurrentRun(NotionSetupError):
    """Another run created the same client's workspace at the same time; this one stood down."""


class WorkspaceBusy(NotionSetupError):
    """Another live run holds the lease of the client's workspace; this run wrote nothing there.

    ``root_id`` is the client's root page (where the lease block is), ``holder_block_id`` the
    holder's lease block.
    """

    exit_code = ExitCode.BUSY

    def __init__(
        self, message: str, *, hint: str | None = None, root_id: str = "", holder_block_id: str = ""
    ) -> None:
        super().__init__(message, hint=hint)
        self.root_id = root_id
        self.holder_block_id = holder_block_id


class Interrupted(NotionSetupError):
    """The run was stopped by SIGINT or SIGTERM; the workspace is resumable."""

    exit_code = ExitCode.INTERRUPTED


class BatchFailed(NotionSetupError):
    """Some clients of a batch failed while others succeeded."""

    exit_code = ExitCode.PARTIAL


class BlockLimitWouldBeExceeded(NotionSetupError):
    """A run would pass a Free workspace's block limit: refused before any write (exit 5).

    ``needed`` blocks in all (what exists plus what the plan adds) against ``limit``; ``drop``
    lists the modules whose removal makes the run fit (empty when none does).
    """

    exit_code = ExitCode.WORKSPACE_LIMIT

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        needed: int = 0,
        limit: int = 0,
        drop: Sequence[str] = (),
    ) -> None:
        super().__init__(message, hint=hint)
        self.needed = needed
        self.limit = limit
        self.drop = tuple(drop)


class NotionError(NotionSetupError):
    """Notion answered with an error, or could not be reached.

    ``notion_code`` is Notion's error code, ``status`` the HTTP status, ``request_id`` Notion's
    request id, and ``blueprint_path`` the place in the blueprint that produced the request.
    """

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        status: int | None = None,
        notion_code: str | None = None,
        request_id: str | None = None,
        blueprint_path: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.status = status
        self.notion_code = notion_code
        self.request_id = request_id
        self.blueprint_path = blueprint_path

    def __str__(self) -> str:
        parts = [self.message]
        if self.blueprint_path:
            parts.append("  " + _("blueprint: {path}").format(path=self.blueprint_path))
        if self.request_id:
            parts.append("  " + _("notion request id: {id}").format(id=self.request_id))
        if self.hint:
            parts.append("  " + _("fix: {fix}").format(fix=self.hint))
        return "\n".join(parts)


class AuthError(NotionError):
    """The token is missing, invalid or revoked (HTTP 401)."""

    exit_code = ExitCode.AUTH


class AccessError(NotionError):
    """The integration cannot see or edit an object (404 unshared, 403 capability)."""

    exit_code = ExitCode.AUTH


class WorkspaceLimitReached(NotionError):
    """The workspace is over the Free plan's block limit (403 restricted_resource)."""

    exit_code = ExitCode.WORKSPACE_LIMIT


class RequestBlocked(NotionError):
    """Notion blocked this token's requests (429 public_api_request_blocked)."""

    exit_code = ExitCode.WORKSPACE_LIMIT


class NotionRejected(NotionError):
    """Notion refused a request as invalid (400 validation_error and similar)."""


class NotionUnavailable(NotionError):
    """Notion could not be reached, or kept failing until the retry budget ran out."""

    exit_code = ExitCode.UNREACHABLE


class UnexpectedResponse(NotionError):
    """Notion's answer does not have the shape the API documents (checked by the endpoint layer).

    Exit 8, like an unreachable Notion: the cause is on the other side (a proxy, a wrong
    ``--base-url``, a server fault), and the workspace is left as it was before the request.
    """

    exit_code = ExitCode.UNREACHABLE


def exit_code_for(error: BaseException) -> ExitCode:
    """Return the process exit code for an exception; the one mapping in the program."""
    if isinstance(error, NotionSetupError):
        return error.exit_code
    if isinstance(error, KeyboardInterrupt):
        return ExitCode.INTERRUPTED
    return ExitCode.FAILURE
