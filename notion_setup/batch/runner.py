"""Run a batch: every client of a manifest (or of one shard), in parallel where Notion allows it.

Clients with different tokens run side by side; clients that share a token share one gateway,
hence one pacer (Notion's budget is per connection) and one set of per-parent write locks (see
``lanes``). Each client is one ``apply_workspace`` call (``plan`` with ``plan=True``) in one
worker thread, with ``jobs=1`` inside: the batch's parallelism is across clients. A failing client
does not stop the others unless ``fail_fast``; its result carries the error. Results stream to
``on_result`` as clients finish and are not kept.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

from notion_setup.answers import record
from notion_setup.batch.lanes import Connect, Lane, Scheduler
from notion_setup.batch.manifest import ClientSpec
from notion_setup.batch.preflight import BlueprintCache
from notion_setup.batch.results import BatchSummary, ClientResult, ErrorInfo
from notion_setup.batch.tally import ClientView, counting
from notion_setup.errors import Interrupted, NotionSetupError, UsageError
from notion_setup.fleet.answering import source_name
from notion_setup.lease import LeaseOptions
from notion_setup.messages import _
from notion_setup.notion import CallStats
from notion_setup.provision import apply_workspace

log = logging.getLogger(__name__)


def by_token(spec: ClientSpec) -> str:
    """The default lane key: the client's ``token_env``."""
    return spec.token_env


def one_lane(spec: ClientSpec) -> str:
    """Every client in one lane (``--sandbox``: one embedded workspace, one token)."""
    return "sandbox"


class _Batch:
    """The state of one run: its scheduler, its stop event and its summary."""

    def __init__(
        self,
        clients: Sequence[ClientSpec],
        *,
        connect: Connect,
        jobs: int,
        plan: bool,
        fail_fast: bool,
        wait_s: float,
        on_result: Callable[[ClientResult], None],
        stop: threading.Event,
        lane_of: Callable[[ClientSpec], str],
        blueprints: BlueprintCache,
        today: date | None,
        clock: Callable[[], float],
    ) -> None:
        self.scheduler = Scheduler(clients, lanes=jobs, lane_of=lane_of)
        self.connect = connect
        self.jobs = jobs
        self.plan = plan
        self.fail_fast = fail_fast
        self.lease = LeaseOptions(wait_s=wait_s)
        self.on_result = on_result
        self.stop = stop
        self.blueprints = blueprints
        self.today = today
        self.clock = clock
        self.summary = BatchSummary()
        self.failed_first: str | None = None
        self._emit_lock = threading.Lock()

    def emit(self, result: ClientResult) -> None:
        """Count a result and hand it to the sinks, one at a time."""
        with self._emit_lock:
            self.summary.add(result)
            self.on_result(result)

    def work(self) -> None:
        """A worker: take clients until none is left."""
        while not self.stop.is_set():
            taken = self.scheduler.take()
            if taken is None:
                return
            spec, lane = taken
            try:
                result = self.run_client(spec, lane)
            finally:
                if self.scheduler.finish(lane):
                    lane.close()
            self.emit(result)
            if result.status == "failed" and self.fail_fast:
                with self._emit_lock:
                    self.failed_first = self.failed_first or spec.name
                self.stop.set()

    def run_client(self, spec: ClientSpec, lane: Lane) -> ClientResult:
        """Plan or apply one client; every error becomes a failed (or interrupted) result."""
        started = self.clock()
        stats = CallStats()
        parent = spec.parent
        try:
            connection = lane.connection(self.connect, spec)
            parent = spec.parent or connection.default_parent
            if parent is None:
                raise UsageError(
                    _("{client}: no parent page").format(client=spec.name),
                    hint=_('set "parent" for this client or in "defaults" of the manifest'),
                )
            workspace = self.blueprints.workspace(spec, today=self.today)
            bp = self.blueprints.get(spec.blueprint)
            answers = record(
                blueprint_id=bp.id,
                source=source_name(bp, spec.blueprint),
                document=bp.document,
                lang=workspace.lang,
                kept_modules=[m.key for m in workspace.modules],
                module_keys=bp.module_keys,
                variables=dict(spec.variables),
            )
            with counting(stats):
                report = apply_workspace(
                    ClientView(connection.gateway, stats),
                    workspace,
                    parent,
                    cache=lane.cache(parent),
                    stop=self.stop,
                    dry_run=self.plan,
                    jobs=1,
                    answers=answers,
                    lease=self.lease,
                )
            result = ClientResult.from_report(
                spec, report, parent=parent, throttled=stats.by_status[429]
            )
            if result.root_url:  # on the sandbox: where its web view shows the workspace
                result = replace(result, root_url=connection.link(result.root_url))
            return result
        except Interrupted as error:
            status, info = "interrupted", ErrorInfo.from_exception(error)
        except NotionSetupError as error:
            status, info = "failed", ErrorInfo.from_exception(error)
        except Exception as error:
            # A bug must not take the other clients down; -vv shows its traceback.
            log.debug("client %s failed unexpectedly", spec.name, exc_info=True)
            status, info = "failed", ErrorInfo.from_exception(error)
        calls = (stats.api_calls, stats.writes, stats.retries, stats.by_status[429])
        elapsed = self.clock() - started
        return ClientResult.not_done(
            spec, status, info, parent=parent, elapsed_s=elapsed, calls=calls
        )

    def skip_rest(self) -> None:
        """Report every client that never started as skipped."""
        left = self.scheduler.halt()
        if not left:
            return
        if self.failed_first is not None:
            why = _("not started: --fail-fast stopped the batch after {client} failed").format(
                client=self.failed_first
            )
        else:
            why = _("not started: the batch was stopped (SIGTERM or Ctrl-C)")
        info = ErrorInfo("Skipped", _("{why}; run the batch again to finish it").format(why=why), 0)
        for spec in left:
            self.emit(ClientResult.not_done(spec, "skipped", info))


def run_batch(
    clients: Sequence[ClientSpec],
    *,
    connect: Connect,
    jobs: int = 4,
    plan: bool = False,
    fail_fast: bool = False,
    wait_s: float = 0.0,
    on_result: Callable[[ClientResult], None] | None = None,
    stop: threading.Event | None = None,
    lane_of: Callable[[ClientSpec], str] = by_token,
    blueprints: BlueprintCache | None = None,
    today: date | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> BatchSummary:
    """Plan or apply every client; return the counts once all are done.

    Args:
        clients: the clients to run (a shard's, after ``shard.select``), in manifest order.
        connect: opens a lane's connection from its first client (``connectors.connector``
            for the CLI; tests map token variables to sandboxes).
        jobs: clients running at once (worker threads), and lanes active at once.
        plan: only plan (nothing is written); results say ``changes`` when changes are pending.
        fail_fast: after the first failure, start no other client and stop the running ones
            between two steps (their workspaces stay resumable).
        wait_s: how long a client waits for another run's lease on its workspace; past it, the
            client fails with ``WorkspaceBusy`` (exit 9 for one client, 6 for the batch).
        on_result: called with each client's result as soon as it is known, one call at a time.
        stop: set it (SIGTERM) to stop the same way as ``fail_fast`` does.
        lane_of: which clients share a connection (default: the same ``token_env``).
        blueprints: loaded blueprints (``preflight`` fills it).
        today: the date relative dates count from (tests pass one).
        clock: monotonic seconds, for elapsed times.

    Returns:
        The summary; ``stopped_by_signal`` tells a SIGTERM/Ctrl-C stop from a complete run.
    """
    stop = stop if stop is not None else threading.Event()
    jobs = max(1, jobs)
    batch = _Batch(
        clients,
        connect=connect,
        jobs=jobs,
        plan=plan,
        fail_fast=fail_fast,
        wait_s=wait_s,
        on_result=on_result or (lambda result: None),
        stop=stop,
        lane_of=lane_of,
        blueprints=blueprints or BlueprintCache(),
        today=today,
        clock=clock,
    )
    started = clock()
    workers = [
        threading.Thread(target=batch.work, name=f"batch-{n}", daemon=True)
        for n in range(min(jobs, len(clients)))
    ]
    for worker in workers:
        worker.start()
    try:
        for worker in workers:
            # A timeout keeps the main thread responsive to Ctrl-C while it waits.
            while worker.is_alive():
                worker.join(timeout=0.2)
    except KeyboardInterrupt:
        stop.set()
        for worker in workers:
            worker.join()
    finally:
        for lane in batch.scheduler.open_lanes():
            lane.close()
    batch.skip_rest()
    summary = batch.summary
    cut_short = bool(summary.interrupted or summary.skipped)
    summary.stopped_by_signal = cut_short and stop.is_set() and batch.failed_first is None
    summary.elapsed_s = round(clock() - started, 2)
    return summary
