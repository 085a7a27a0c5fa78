"""The mutable state one ``make_plan`` call accumulates while it walks the blueprint."""

from __future__ import annotations

from dataclasses import dataclass, field

from notion_setup.model import Workspace
from notion_setup.observe import Observed
from notion_setup.plan.types import Change, Step


@dataclass
class PlanContext:
    """What the planner has decided so far; discarded once the ``Plan`` is built."""

    workspace: Workspace
    observed: Observed
    allow_destructive: bool
    #: (target db, synced property key) -> (owner db, owner relation key).
    counterparts: dict[tuple[str, str], tuple[str, str]]
    #: Bring back the starter rows deleted by hand (``--restore-rows``).
    restore_rows: bool = False
    steps: list[Step] = field(default_factory=list)
    unchanged: list[Change] = field(default_factory=list)
    skipped: list[Change] = field(default_factory=list)
    user_additions: list[Change] = field(default_factory=list)
    held_back: list[Change] = field(default_factory=list)
    #: database key -> observed property ids to remove.
    removes: dict[str, list[str]] = field(default_factory=dict)
    #: (owner db, owner property) two-way relations declared from their target's side.
    reversed: set[tuple[str, str]] = field(default_factory=set)
    #: (owner db, owner property) -> the observed id of its synced side, for owners created
    #: again whose synced side still points at the database deleted for good.
    stale_synced: dict[tuple[str, str], str] = field(default_factory=dict)

    def reg(self, key: str) -> str | None:
        """The id the registry holds for ``key``, if any."""
        registry = self.observed.registry
        return registry.id(key) if registry else None
