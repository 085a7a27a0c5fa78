"""``doctor --probe``: run every check under a scratch page, then move the page to the trash.

The scratch page ("notion-setup probe <UTC time>") is created under the parent the user
names; every object of the probe lives under it, so trashing it removes them all. It is trashed
whatever happens (a check that differs, a request Notion refuses, an unexpected error, Ctrl-C),
unless ``keep`` is set; the report says where it is either way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from notion_setup import __version__
from notion_setup.errors import (
    AuthError,
    ExitCode,
    NotionError,
    NotionSetupError,
    NotionUnavailable,
    RequestBlocked,
    WorkspaceLimitReached,
    exit_code_for,
)
from notion_setup.lifecycle.probe.checks import CHECKS, Check, Diff, Expect, refusal
from notion_setup.lifecycle.probe.fixture import SCRATCH_TITLE
from notion_setup.lifecycle.probe.world import StepFailed, World
from notion_setup.messages import _
from notion_setup.notion import payloads
from notion_setup.notion.endpoints import NotionAPI

JSON = dict[str, Any]
#: Errors after which no further check can tell anything (F17, F21, F22): the probe stops, says
#: why and which checks did not run, and still moves its scratch page to the trash.
STOPPING: tuple[type[NotionError], ...] = (
    AuthError,
    NotionUnavailable,
    RequestBlocked,
    WorkspaceLimitReached,
)


@dataclass(frozen=True)
class Outcome:
    """One check's result: as expected when ``diffs`` is empty."""

    check: Check
    diffs: tuple[Diff, ...] = ()
    facts: Mapping[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """The API behaved as the tool expects."""
        return not self.diffs

    def to_json(self) -> JSON:
        """Machine-readable form (stable keys)."""
        return {
            "id": self.check.id,
            "description": self.check.description,
            "settles": self.check.settles,
            "ok": self.ok,
            "differences": [d.to_json() for d in self.diffs],
            "facts": dict(self.facts),
        }


@dataclass
class ProbeReport:
    """Every check's outcome, and where the scratch page is."""

    base_url: str
    notion_version: str
    target: str
    scratch_id: str | None = None
    scratch_url: str | None = None
    scratch_trashed: bool = False
    #: why the scratch page could not be moved to the trash (None when it was, or was kept).
    cleanup_error: str | None = None
    outcomes: list[Outcome] = field(default_factory=list)
    #: why the probe stopped before its last check (``STOPPING``), with that error's exit code.
    stopped: str | None = None
    stop_code: int = 0
    #: the ids of the checks that did not run because it stopped.
    not_run: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Every check ran and is as expected."""
        return self.stopped is None and all(o.ok for o in self.outcomes)

    @property
    def exit_code(self) -> int:
        """0 when every check is as expected, 1 when some differ, the stopping error's code
        (4 token refused, 5 workspace limit, 8 Notion unreachable) when it stopped."""
        if self.stopped is not None:
            return self.stop_code
        return int(ExitCode.OK if self.ok else ExitCode.FAILURE)

    @property
    def differing(self) -> list[Outcome]:
        """The checks that differ."""
        return [o for o in self.outcomes if not o.ok]

    def to_json(self) -> JSON:
        """One object: versions, base URL (never the token), the scratch page, each check."""
        return {
            "tool_version": __version__,
            "notion_version": self.notion_version,
            "base_url": self.base_url,
            "target": self.target,
            "ok": self.ok,
            "exit_code": self.exit_code,
            "scratch_page": {
                "id": self.scratch_id,
                "url": self.scratch_url,
                "trashed": self.scratch_trashed,
                "cleanup_error": self.cleanup_error,
            },
            "checks": [o.to_json() for o in self.outcomes],
            "stopped": self.stopped,
            "not_run": list(self.not_run),
        }


def run_check(check: Check, world: World) -> Outcome:
    """One check; a request it needed that Notion refused is its difference."""
    expect = Expect()
    try:
        check.run(world, expect)
    except STOPPING:
        raise
    except StepFailed as error:
        if isinstance(error.error, STOPPING):
            raise error.error from error
        expect.diffs.append(Diff(error.step, _("accepted"), refusal(error.error)))
    except NotionSetupError as error:
        expect.diffs.append(Diff(check.id, _("accepted"), refusal(error)))
    return Outcome(check, tuple(expect.diffs), dict(expect.facts))


def scratch_title(now: datetime) -> str:
    """The scratch page's title: the probe's name and the UTC time of the run."""
    return f"{SCRATCH_TITLE} {now.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"


def run_probe(
    api: NotionAPI,
    parent_id: str,
    *,
    target: str,
    base_url: str,
    keep: bool = False,
    checks: Sequence[Check] = CHECKS,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    on_check: Callable[[Outcome], None] | None = None,
) -> ProbeReport:
    """Run ``checks`` under a new scratch page of ``parent_id`` and return the report.

    Args:
        api: the endpoint layer over an open connection (pacing and retries as every command).
        parent_id: the page the scratch page is created under.
        target: what the connection points at, for the report ("Notion (https://...)").
        base_url: the API root, for the report.
        keep: leave the scratch page in place instead of trashing it.
        checks: the checks to run (all of them by default).
        now: the clock of the scratch page's title.
        on_check: called after each check (progress).

    A refused request is a difference of the checks that need it; an error after which no
    check can tell anything (``STOPPING``: the token refused, the workspace's block limit,
    Notion unreachable) stops the run, and the report names it and the checks not run.

    Raises:
        NotionError: the scratch page could not be created (no access to the parent, no
            insert capability, Notion unreachable): nothing was made.
    """
    report = ProbeReport(base_url=base_url, notion_version=api.version, target=target)
    scratch = api.pages.create(
        parent=payloads.page_parent(parent_id),
        properties=payloads.title_properties(scratch_title(now())),
    )
    report.scratch_id, report.scratch_url = scratch.id, scratch.url
    world = World(api, scratch)
    try:
        for index, check in enumerate(checks):
            try:
                outcome = run_check(check, world)
            except STOPPING as error:
                report.stopped = error.message
                report.stop_code = int(exit_code_for(error))
                report.not_run = [c.id for c in checks[index:]]
                break
            report.outcomes.append(outcome)
            if on_check is not None:
                on_check(outcome)
    finally:
        if not keep:
            try:
                api.pages.trash(scratch.id)
                report.scratch_trashed = True
            except NotionError as error:
                report.cleanup_error = error.message
    return report
