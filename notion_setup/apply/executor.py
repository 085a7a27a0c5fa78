"""The driver: one executor runs a plan's steps by dependency and saves the registry.

Steps run by dependency (see ``plan.depends`` and ``apply_schedule``): up to ``jobs`` at once,
each as soon as what it needs exists, never two under one Notion parent at once. The registry is
saved at the end, and on failure or interruption, so the next run resumes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from notion_setup import apply_repairs
from notion_setup.apply.create import CreateSteps
from notion_setup.apply.root import RootSteps
from notion_setup.apply.summary import ApplyResult, _label
from notion_setup.apply.update import UpdateSteps
from notion_setup.apply_schedule import log_bound, run_scheduled
from notion_setup.errors import Interrupted, NotionError, WorkspaceLimitReached
from notion_setup.messages import _
from notion_setup.plan import Plan, Step
from notion_setup.plan.types import counts_as_object


class Executor(RootSteps, CreateSteps, UpdateSteps):
    """Runs the steps of one plan for one client."""

    def run_step(self, step: Step) -> None:
        """Execute one step and report it."""
        if self.stop.is_set():
            raise Interrupted(
                "stopped before finishing", hint="run the same command again to resume"
            )
        if self.lease is not None:
            self.lease.renew_if_due()
        handler = STEP_HANDLERS[step.op]
        handler(self, step)
        for change in step.changes:
            with self._lock:
                if not counts_as_object(change, self._new_databases):
                    pass
                elif change.verb == "create":
                    self.result.created += 1
                elif change.verb in ("update", "retype"):
                    self.result.updated += 1
                elif change.verb == "remove":
                    self.result.removed += 1
            self.reporter.tick(change.verb, _label(change.kind, change.name))

    def run(self, plan: Plan) -> ApplyResult:
        """Execute every step, each once its dependencies are done; save the registry last."""
        self._new_databases = plan.new_databases
        total = sum(len(s.changes) for s in plan.steps)
        self.reporter.start(total, "")
        log_bound(plan.steps, self.ws, self.jobs)
        try:
            run_scheduled(plan.steps, self.run_step, jobs=self.jobs, stop=self.stop)
        except BaseException:
            self._save_quietly(sys.exc_info()[1])
            raise
        self.save_registry()
        return self.result

    def _save_quietly(self, cause: BaseException | None) -> None:
        if isinstance(cause, WorkspaceLimitReached) and not self.registry.code_block_id:
            # Saving would create blocks, which the plan limit forbids; the next run adopts
            # what this one created by name instead.
            self.reporter.warn(_("registry not saved (block limit); the next run adopts by name"))
            return
        try:
            self.save_registry()
        except (NotionError, OSError) as error:
            self.reporter.warn(
                _("could not save the registry ({error}); the next run adopts by name").format(
                    error=error
                )
            )


STEP_HANDLERS: dict[str, Callable[[Executor, Step], None]] = {
    "create_root": Executor._create_root,
    "create_page": Executor._create_plain_page,
    "create_database": Executor._create_database,
    "update_database_title": Executor._update_database_title,
    "update_schema": Executor._update_schema,
    "create_view": Executor._create_view,
    "adopt_default_view": Executor._adopt_default_view,
    "remove_default_view": Executor._remove_default_view,
    "create_linked_view": Executor._create_linked_view,
    "create_templates_page": Executor._create_templates_page,
    "create_template": Executor._create_template,
    "create_row": Executor._create_row,
    "set_row_relations": Executor._set_row_relations,
    # Repairs of what users changed by hand (``apply_repairs``).
    "update_view": apply_repairs.update_view,
    "restore_root": apply_repairs.restore_root,
    "restore_page": apply_repairs.restore_page,
    "restore_database": apply_repairs.restore_database,
    "restore_row": apply_repairs.restore_row,
}
