"""The main job as a library: plan or apply one client's workspace.

``plan_workspace`` reads (observe) and computes the plan; ``apply_workspace`` does the same and
then executes that very plan. Both take a ready gateway, so tests, the CLI and batch runs share the
code and inject transports, clocks and reporters.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

from notion_setup.answers import Answers, stamped
from notion_setup.apply import (
    ApplyResult,
    CreatedObject,
    Executor,
    workspace_objects,
)
from notion_setup.blueprint.blocks import BlockCount, plan_blocks
from notion_setup.errors import (
    ConcurrentRun,
    DestructiveChangesRefused,
    Interrupted,
    WorkspaceBusy,
)
from notion_setup.lease import Lease, LeaseOptions, hhmm, in_progress_warning
from notion_setup.messages import _
from notion_setup.model import Workspace
from notion_setup.notion import payloads
from notion_setup.notion.endpoints import NotionAPI, as_api
from notion_setup.notion.results import object_url
from notion_setup.notion.transport import Transport
from notion_setup.observe import Observed, RootCache, observe
from notion_setup.output import NullReporter, Reporter
from notion_setup.plan import Change, Plan, make_plan
from notion_setup.registry import Registry
from notion_setup.registry.store import damage_message

#: A gateway, or the endpoint layer over one.
Gateway = Transport | NotionAPI


@dataclass
class RunReport:
    """Everything a run reports: ``plan`` and ``apply`` print it, ``--json`` serialises it."""

    client: str
    blueprint: str
    lang: str
    plan: Plan
    applied: bool
    root_page_id: str | None
    root_url: str | None
    created: int
    updated: int
    removed: int
    unchanged: int
    api_calls: int
    writes: int
    retries: int
    elapsed_s: float
    objects: list[CreatedObject] = field(default_factory=list)
    #: Blocks the plan adds (pages, rows, databases, body blocks): ``blueprint.blocks``.
    blocks_added: int = 0

    def to_json(self) -> dict[str, Any]:
        """The machine-readable form (stable keys)."""
        return {
            "client": self.client,
            "blueprint": self.blueprint,
            "lang": self.lang,
            "applied": self.applied,
            "root_page_id": self.root_page_id,
            "root_url": self.root_url,
            "created": self.created,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "pending": 0 if self.applied else len(self.plan.changes),
            "api_calls": self.api_calls,
            "writes": self.writes,
            "retries": self.retries,
            "elapsed_s": self.elapsed_s,
            "blocks_added": self.blocks_added,
            "changes": [_change_json(c) for c in self.plan.changes],
            "held_back": [_change_json(c) for c in self.plan.held_back],
            "skipped": [_change_json(c) for c in self.plan.skipped],
            "user_additions": [_change_json(c) for c in self.plan.user_additions],
            "objects": [
                {"kind": o.kind, "key": o.key, "name": o.name, "id": o.id, "url": o.url}
                for o in self.objects
            ],
        }


def _change_json(change: Change) -> dict[str, str]:
    return {
        "verb": change.verb,
        "kind": change.kind,
        "key": change.key,
        "name": change.name,
        "detail": change.detail,
    }


def _stats(gateway: Gateway) -> tuple[int, int, int]:
    stats = getattr(gateway, "stats", None)
    if stats is None:
        return 0, 0, 0
    return int(stats.api_calls), int(stats.writes), int(stats.retries)


def _remember(
    executor: Executor, workspace: Workspace, answers: Answers | None, *, wrote: bool
) -> None:
    """Put this run's answers (and its blueprint and language) into the registry to be saved."""
    if answers is None:
        return
    registry = executor.registry
    registry.answers = stamped(answers, registry.answers, wrote=wrote)
    registry.blueprint = workspace.blueprint
    registry.lang = workspace.lang


def plan_workspace(
    gateway: Gateway,
    workspace: Workspace,
    parent_id: str,
    *,
    allow_destructive: bool = False,
    cache: RootCache | None = None,
    reporter: Reporter | None = None,
    rewrite: Callable[[Registry], Registry] | None = None,
    restore_rows: bool = False,
    fast: bool = False,
) -> tuple[Observed, Plan]:
    """Read what exists for this client under ``parent_id`` and compute the plan.

    ``fast`` skips the reads that only find hand edits of views and deleted starter rows (see
    ``observe``), for a quick check of a large workspace; ``apply`` always reads them.
    """
    reporter = reporter or NullReporter()
    payloads.check_texts(workspace)  # a text Notion cannot hold stops the run before any call
    reporter.status(_("Reading the workspace of {client}…").format(client=workspace.client))
    observed = observe(gateway, parent_id, workspace, cache, rewrite, fast=fast)
    if observed.registry_damage is not None:
        reporter.warn(damage_message(observed.registry_damage))
    plan = make_plan(
        workspace, observed, allow_destructive=allow_destructive, restore_rows=restore_rows
    )
    return observed, plan


#: How many times a run plans again after another run took the root or built it meanwhile.
MAX_REPLANS = 3


@dataclass
class _Outcome:
    observed: Observed
    plan: Plan
    result: ApplyResult | None = None
    executor: Executor | None = None
    blocks: BlockCount | None = None


def apply_workspace(
    gateway: Gateway,
    workspace: Workspace,
    parent_id: str,
    *,
    allow_destructive: bool = False,
    confirm: Callable[[Sequence[Change]], bool] | None = None,
    jobs: int = 1,
    reporter: Reporter | None = None,
    cache: RootCache | None = None,
    stop: threading.Event | None = None,
    dry_run: bool = False,
    answers: Answers | None = None,
    rewrite: Callable[[Registry], Registry] | None = None,
    after: Callable[[Executor], None] | None = None,
    lease: LeaseOptions | None = None,
    check_blocks: Callable[[BlockCount, Observed], None] | None = None,
    restore_rows: bool = False,
    fast: bool = False,
) -> RunReport:
    """Bring the client's workspace to the blueprint: observe, plan, then execute that plan.

    A run that writes holds the workspace's lease (``notion_setup.lease``) from before its first
    write under the client's root to its end: it reads the workspace again once it holds it, so
    what another run built in between is adopted, never duplicated.

    Args:
        gateway: a ready ``NotionGateway`` (or anything with its read/write), or a ``NotionAPI``.
        workspace: the resolved blueprint.
        parent_id: the page under which the client's root page lives.
        allow_destructive: plan removals and retypes (otherwise they are held back and listed).
        confirm: asked with the destructive changes before any write; returning False refuses.
            None refuses destructive changes outright (no terminal and no ``--yes``).
        jobs: concurrent independent creates (views, templates, rows), within the pacer.
        reporter: progress sink (stderr in the CLI).
        cache: registries already read under this parent (batch runs share one).
        stop: set it to stop cleanly between steps (SIGTERM); the registry is saved.
        dry_run: only plan (the ``plan`` command); warns when another run holds the lease.
        answers: what this run was asked for, saved in the registry (see ``notion_setup.answers``);
            its time of last apply moves only when the run writes something else.
        rewrite: maps the registry read to the one the run identifies with (upgrades rename
            its keys); the rewritten registry is saved.
        after: called with the executor once the plan ran (upgrades move rows between options).
        lease: how long to wait for another run's lease, whether to break it, the clocks.
        check_blocks: called with the blocks the plan adds and what was read, before any write
            (``blocklimit``: a Free workspace's 1,000 blocks); it raises to stop the run.
        restore_rows: bring back the starter rows deleted by hand (otherwise only noted).
        fast: with ``dry_run``, skip the reads that only find hand edits of views and deleted
            starter rows (``plan --fast``); a run that writes always reads them.

    Raises:
        TextTooLong: a text of the blueprint is longer than Notion takes (before any request).
        DestructiveChangesRefused: destructive changes were planned and not confirmed.
        WorkspaceBusy: another live run holds the lease (after ``lease.wait_s``).
        NotionError: Notion refused or could not be reached; the workspace stays resumable.
        Interrupted: ``stop`` was set or Ctrl-C was pressed.
    """
    reporter = reporter or NullReporter()
    start = time.monotonic()
    api = as_api(gateway)
    options = lease or LeaseOptions()
    deadline = options.now() + timedelta(seconds=options.wait_s)
    replans = 0
    breaking = options.break_lease
    while True:
        keeper = Lease(
            api,
            workspace.client,
            workspace.lang,
            replace(options, break_lease=breaking),
            reporter,
        )
        try:
            outcome = _apply_once(
                api,
                workspace,
                parent_id,
                keeper,
                allow_destructive=allow_destructive,
                confirm=confirm,
                jobs=jobs,
                reporter=reporter,
                cache=cache,
                stop=stop,
                dry_run=dry_run,
                answers=answers,
                rewrite=rewrite,
                after=after,
                check_blocks=check_blocks,
                restore_rows=restore_rows,
                fast=fast and dry_run,
            )
            break
        except WorkspaceBusy as busy:
            if not busy.root_id or options.now() >= deadline:
                raise
            reporter.status(
                _("Another run holds the workspace of {client}; waiting until {until} UTC…").format(
                    client=workspace.client, until=hhmm(deadline)
                )
            )
            keeper.wait_for_release(busy.root_id, deadline, stop)
            if stop is not None and stop.is_set():
                raise Interrupted(
                    _("stopped while waiting for the other run"),
                    hint=_("run the same command again to resume"),
                ) from busy
        except ConcurrentRun:
            replans += 1
            if replans > MAX_REPLANS:
                raise
            reporter.status(
                _("Another run created the workspace of {client}; reading it again…").format(
                    client=workspace.client
                )
            )
        breaking = False
    return _report(gateway, workspace, outcome, dry_run=dry_run, start=start)


def _apply_once(
    api: NotionAPI,
    workspace: Workspace,
    parent_id: str,
    keeper: Lease,
    *,
    allow_destructive: bool,
    confirm: Callable[[Sequence[Change]], bool] | None,
    jobs: int,
    reporter: Reporter,
    cache: RootCache | None,
    stop: threading.Event | None,
    dry_run: bool,
    answers: Answers | None,
    rewrite: Callable[[Registry], Registry] | None,
    after: Callable[[Executor], None] | None,
    check_blocks: Callable[[BlockCount, Observed], None] | None,
    restore_rows: bool = False,
    fast: bool = False,
) -> _Outcome:
    """One observe-plan-execute pass; the lease it took is released whatever happens."""

    def read(quietly: bool = False) -> tuple[Observed, Plan]:
        return plan_workspace(
            api,
            workspace,
            parent_id,
            allow_destructive=allow_destructive,
            cache=cache,
            reporter=NullReporter() if quietly else reporter,
            rewrite=rewrite,
            restore_rows=restore_rows,
            fast=fast,
        )

    def blocks_of(observed: Observed, plan: Plan) -> BlockCount:
        blocks = plan_blocks(workspace, plan, registry_saved=observed.registry is not None)
        if not dry_run and not plan.is_empty and check_blocks is not None:
            check_blocks(blocks, observed)  # before any write
        return blocks

    def executor_for(observed: Observed) -> Executor:
        return Executor(
            api, workspace, observed, reporter=reporter, jobs=jobs, stop=stop, lease=keeper
        )

    observed, plan = read()
    blocks = blocks_of(observed, plan)
    if dry_run:
        _warn_if_busy(keeper, observed, reporter)
        return _Outcome(observed, plan, blocks=blocks)
    if plan.is_empty and not observed.root_page_id:
        return _Outcome(observed, plan, blocks=blocks)
    _refuse_unconfirmed(plan, confirm)
    try:
        root_id = observed.root_page_id
        # A root in the trash takes no lease block until its restore step has brought it back
        # (Notion writes nothing in a page in the trash); that step then claims the lease.
        if root_id is not None and not observed.root_in_trash:
            if plan.is_empty:
                # Nothing to create, but adopted objects (a run killed before saving) get
                # registered, and a registry from before answers existed gets them: a write
                # only when the registry changes, and then under the lease.
                probe = executor_for(observed)
                _remember(probe, workspace, answers, wrote=False)
                if not probe.registry_changed():
                    keeper.clear_stale(root_id, observed.children.get(root_id, ()))
                    if after is not None:
                        after(probe)
                    return _Outcome(observed, plan, probe.result, probe, blocks)
            keeper.claim(root_id, observed.children.get(root_id, ()))
            # Another run may have written between the read and the claim: read again.
            first = {c.key for c in plan.changes if c.destructive}
            observed, plan = read(quietly=True)
            blocks = blocks_of(observed, plan)
            if {c.key for c in plan.changes if c.destructive} - first:
                _refuse_unconfirmed(plan, confirm)
        executor = executor_for(observed)
        if plan.is_empty:
            _remember(executor, workspace, answers, wrote=False)
            executor.save_registry()
        else:
            _remember(executor, workspace, answers, wrote=True)
            executor.run(plan)
        if after is not None:
            after(executor)
        return _Outcome(observed, plan, executor.result, executor, blocks)
    finally:
        keeper.release()


def _refuse_unconfirmed(plan: Plan, confirm: Callable[[Sequence[Change]], bool] | None) -> None:
    destructive = [c for c in plan.changes if c.destructive]
    if destructive and (confirm is None or not confirm(destructive)):
        raise DestructiveChangesRefused(
            f"the plan removes or retypes {len(destructive)} thing(s) that may hold data",
            hint="review them with `notion-setup plan --allow-destructive`, then re-run apply "
            "with --allow-destructive --yes (or answer the prompt in a terminal)",
        )


def _warn_if_busy(keeper: Lease, observed: Observed, reporter: Reporter) -> None:
    """``plan`` never writes: it only says that a run is in progress, and the plan may change."""
    if observed.root_page_id is None:
        return
    holder = keeper.live_holder(observed.children.get(observed.root_page_id, ()))
    if holder is not None:
        reporter.warn(in_progress_warning(holder))


def _report(
    gateway: Gateway, workspace: Workspace, outcome: _Outcome, *, dry_run: bool, start: float
) -> RunReport:
    observed, plan, result = outcome.observed, outcome.plan, outcome.result
    calls, writes, retries = _stats(gateway)
    counts = plan.counts()
    root_id = result.root_page_id if result and result.root_page_id else observed.root_page_id
    root_url = result.root_url if result and result.root_url else None
    if root_id and not root_url:
        root_url = object_url(root_id)
    registry = observed.registry
    urls: dict[str, str] = {}
    if result is not None and outcome.executor is not None:
        urls = {o.key: o.url for o in result.objects}
        registry = outcome.executor.registry
    objects = workspace_objects(workspace, registry, urls) if registry is not None else []
    return RunReport(
        client=workspace.client,
        blueprint=workspace.blueprint,
        lang=workspace.lang,
        plan=plan,
        applied=not dry_run,
        root_page_id=root_id,
        root_url=root_url,
        created=result.created if result else (0 if not dry_run else counts["create"]),
        updated=result.updated if result else (0 if not dry_run else counts["update"]),
        removed=result.removed if result else 0,
        unchanged=counts["unchanged"],
        api_calls=calls,
        writes=writes,
        retries=retries,
        elapsed_s=round(time.monotonic() - start, 2),
        objects=objects,
        blocks_added=outcome.blocks.total if outcome.blocks is not None else 0,
    )
