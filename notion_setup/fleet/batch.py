"""``batch --parent PAGE --upgrade``: upgrade every client under a parent, without a manifest.

Clients are found by their registries; ``--shard I/N`` takes every N-th client in the order of
their names (balanced shards; each client in exactly one shard of a CI matrix). Results are the
batch's ``ClientResult``s, so JSON lines, the JUnit report and the summary work as for manifests;
pacing is the connection's (one token for the whole parent).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from notion_setup.batch.results import BatchSummary, ClientResult, ErrorInfo
from notion_setup.batch.session import raise_for_outcome
from notion_setup.batch.shard import Shard
from notion_setup.blueprint import Blueprint
from notion_setup.errors import BatchFailed, NotionSetupError
from notion_setup.fleet.upgrade import UpgradePlan, apply_upgrade, plan_upgrade
from notion_setup.lifecycle.locate import ClientRoot, client_roots
from notion_setup.messages import _, ngettext
from notion_setup.notion.endpoints import NotionAPI
from notion_setup.notion.transport import Transport
from notion_setup.observe import RootCache


def in_shard(roots: list[ClientRoot], shard: Shard | None) -> list[ClientRoot]:
    """The clients of ``shard``: every N-th by client name (all of them without a shard)."""
    if shard is None:
        return roots
    ordered = sorted(roots, key=lambda r: (r.registry.client.casefold(), r.page_id))
    return [r for i, r in enumerate(ordered) if i % shard.count == shard.index - 1]


def _result(up: UpgradePlan, root: ClientRoot, parent: str, token_env: str) -> ClientResult:
    answers = root.registry.answers
    return ClientResult(
        name=up.client,
        status="ok",
        blueprint=answers.source if answers else root.registry.blueprint,
        lang=answers.lang if answers else root.registry.lang,
        token_env=token_env,
        parent=parent,
    )


def _outcome(
    gateway: Transport | NotionAPI,
    parent_id: str,
    up: UpgradePlan,
    root: ClientRoot,
    token_env: str,
    plan: bool,
    allow_destructive: bool,
    cache: RootCache,
) -> ClientResult:
    result = _result(up, root, parent_id, token_env)
    if up.skipped:
        return replace(result, status="skipped", error=ErrorInfo("Skipped", up.skipped, 0))
    changes = up.plan.changes if up.plan else ()
    if plan:
        pending = 0 if up.is_empty else max(1, len(changes))
        return replace(
            result,
            status="changes" if pending else "ok",
            pending=pending,
            changes=tuple(
                {"verb": c.verb, "kind": c.kind, "key": c.key, "name": c.name, "detail": c.detail}
                for c in changes
            ),
        )
    done = apply_upgrade(
        gateway,
        parent_id,
        up,
        allow_destructive=allow_destructive,
        confirm=(lambda changes: True) if allow_destructive else None,
        cache=cache,
    )
    report = done.report
    return replace(
        result,
        writes=done.writes,
        created=report.created if report else 0,
        updated=report.updated if report else 0,
        removed=report.removed if report else 0,
        root_url=report.root_url if report else None,
    )


def run_fleet_upgrade(
    gateway: Transport | NotionAPI,
    parent_id: str,
    *,
    token_env: str,
    shard: Shard | None = None,
    plan: bool = False,
    to: Blueprint | None = None,
    allow_destructive: bool = False,
    on_result: Callable[[ClientResult], None] = lambda result: None,
) -> BatchSummary:
    """Plan (``plan``) or apply the upgrade of every client under ``parent_id``, one by one.

    A client that cannot be upgraded (its blueprint file is not at hand) is reported as
    ``skipped`` with the reason; one that fails does not stop the others.
    """
    summary = BatchSummary()
    started = time.monotonic()
    cache = RootCache()
    roots = in_shard(client_roots(gateway, parent_id, cache), shard)
    for root in roots:
        begin = time.monotonic()
        base = ClientResult(
            name=root.registry.client,
            status="ok",
            blueprint=root.registry.blueprint,
            lang=root.registry.lang,
            token_env=token_env,
            parent=parent_id,
        )
        try:
            up = plan_upgrade(
                gateway, parent_id, root, to=to, allow_destructive=allow_destructive, cache=cache
            )
            result = _outcome(
                gateway, parent_id, up, root, token_env, plan, allow_destructive, cache
            )
        except NotionSetupError as error:
            result = replace(base, status="failed", error=ErrorInfo.from_exception(error))
        result = replace(result, elapsed_s=round(time.monotonic() - begin, 2))
        summary.add(result)
        on_result(result)
    summary.elapsed_s = round(time.monotonic() - started, 2)
    return summary


@dataclass
class SkippedClients:
    """A result sink that keeps the clients an upgrade skipped, to decide the batch's outcome.

    In a manifest batch ``skipped`` means "not started" (``--fail-fast``), a failure of the run;
    in a fleet upgrade it means "cannot be upgraded from here" (its blueprint file is not at
    hand), which is a fact about the fleet, not a failed client: alone it exits 0 with a warning
    line, and exits 6 only with ``--strict`` (a CI job that must upgrade every client).
    """

    names: list[str] = field(default_factory=list)

    def __call__(self, result: ClientResult) -> None:
        if result.status == "skipped":
            self.names.append(result.name)

    def outcome(self, summary: BatchSummary, *, strict: bool) -> str | None:
        """The warning line to print when clients were skipped (None when none was).

        Raises:
            Interrupted: a signal stopped the batch (exit 130).
            BatchFailed: a client failed (exit 6), or one was skipped under ``strict``.
        """
        if summary.stopped_by_signal or summary.failed or summary.interrupted:
            raise_for_outcome(summary)
        if not summary.skipped:
            return None
        listed = ", ".join(self.names)
        if strict:
            raise BatchFailed(
                ngettext(
                    "{n} of {total} client skipped ({names})",
                    "{n} of {total} clients skipped ({names})",
                    summary.skipped,
                ).format(n=summary.skipped, total=summary.total, names=listed),
                hint=_(
                    "pass --to PATH with each skipped client's blueprint file (the reason is "
                    "in its line above, or in the --json lines / --report file), or drop --strict"
                ),
            )
        return ngettext(
            "warning: {n} client skipped ({names}), not upgraded: --strict makes that fail the "
            "run (exit 6)",
            "warning: {n} clients skipped ({names}), not upgraded: --strict makes that fail the "
            "run (exit 6)",
            summary.skipped,
        ).format(n=summary.skipped, names=listed)
