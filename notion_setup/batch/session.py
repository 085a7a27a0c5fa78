"""A batch from a manifest file, start to finish: the one call behind ``notion-setup batch``."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path

from notion_setup.batch.connectors import connector
from notion_setup.batch.manifest import read_manifest, sorted_problems
from notion_setup.batch.preflight import BlueprintCache, preflight
from notion_setup.batch.results import BatchSummary, ClientResult
from notion_setup.batch.runner import run_batch
from notion_setup.batch.shard import Shard, select
from notion_setup.errors import BatchFailed, Interrupted, ManifestInvalid
from notion_setup.messages import _


def run_manifest(
    path: str | Path,
    *,
    shard: Shard | None = None,
    jobs: int = 4,
    plan: bool = False,
    fail_fast: bool = False,
    wait_s: float = 0.0,
    sandbox: bool = False,
    base_url: str | None = None,
    rate_limit: int | None = None,
    notion_version: str | None = None,
    on_start: Callable[[int, int], None] | None = None,
    on_result: Callable[[ClientResult], None] | None = None,
    stop: threading.Event | None = None,
    environ: Mapping[str, str] | None = None,
    on_retry: Callable[[str], None] | None = None,
    today: date | None = None,
) -> BatchSummary:
    """Load a manifest, take its shard, check every client, then plan or apply them all.

    Args:
        path: the manifest (``.json``, or ``.csv``).
        shard: run only this slice (``--shard I/N``).
        jobs: clients at once.
        plan: only plan.
        fail_fast: stop after the first failure.
        wait_s: how long a client waits for another run's lease on its workspace (``--wait``).
        sandbox: run every client on the embedded sandbox, under its top-level page (the
            manifest's parent pages belong to real Notion and are not used).
        base_url: Notion API root.
        rate_limit: requests per minute per token.
        notion_version: the API version to declare (default ``$NOTION_VERSION``, 2026-03-11).
        on_start: called with (clients in this run, clients in the manifest) before any request.
        on_result: called with each client's result as it finishes.
        stop: set it to stop between steps (SIGTERM).
        environ: where token variables are read.
        on_retry: called with a line per retry.
        today: the date relative dates count from (tests pass one).

    Raises:
        ManifestInvalid: the manifest, a blueprint, a variable or a module is wrong (nothing
            was sent).
    """
    manifest, problems = read_manifest(path)
    clients = select(manifest.clients, shard)
    if sandbox:
        clients = tuple(replace(spec, parent=None) for spec in clients)
    blueprints = BlueprintCache()
    try:
        preflight(
            clients,
            source=manifest.source,
            blueprints=blueprints,
            need_parent=not sandbox,
            today=today,
        )
    except ManifestInvalid as error:
        problems = [*problems, *error.problems]
    if problems:  # every problem of the manifest at once, in document order
        raise ManifestInvalid(sorted_problems(problems), source=str(manifest.source))
    if on_start is not None:
        on_start(len(clients), len(manifest.clients))
    connect, lane_of = connector(
        sandbox=sandbox,
        base_url=base_url,
        rate_limit=rate_limit,
        notion_version=notion_version,
        environ=environ,
        on_retry=on_retry,
    )
    return run_batch(
        clients,
        connect=connect,
        jobs=jobs,
        plan=plan,
        fail_fast=fail_fast,
        wait_s=wait_s,
        on_result=on_result,
        stop=stop,
        lane_of=lane_of,
        blueprints=blueprints,
        today=today,
    )


def raise_for_outcome(summary: BatchSummary) -> None:
    """Turn a batch that did not fully succeed into its error (and so its exit code).

    Raises:
        Interrupted: SIGTERM or Ctrl-C stopped the batch (exit 130).
        BatchFailed: at least one client failed, or ``--fail-fast`` left clients undone (exit 6).
    """
    if summary.stopped_by_signal:
        raise Interrupted(
            _("batch stopped: {interrupted} client(s) interrupted, {skipped} not started").format(
                interrupted=summary.interrupted, skipped=summary.skipped
            ),
            hint=_(
                "run the same command again: finished clients make no writes, the others resume"
            ),
        )
    if not summary.all_done:
        names = ", ".join(summary.failed_names)
        more = summary.failed - len(summary.failed_names)
        if names and more > 0:
            names = _("{names} and {n} more").format(names=names, n=more)
        listed = f" ({names})" if names else ""
        raise BatchFailed(
            _("{failed} of {total} client(s) failed").format(
                failed=summary.failed, total=summary.total
            )
            + listed,
            hint=_(
                "read each client's error above (or in the --json lines / --report file), fix "
                "it, then run the same command again: clients that succeeded make no writes"
            ),
        )
