"""The plan's vocabulary: a ``Change`` shown to the user, a ``Step`` run by ``apply``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

#: The name Notion gives the table view it creates with every database.
DEFAULT_VIEW_NAME = "Default view"

Verb = Literal["create", "update", "unchanged", "remove", "retype", "skip"]
Kind = Literal[
    "root",
    "page",
    "database",
    "property",
    "option",
    "view",
    "linked_view",
    "templates_page",
    "template",
    "row",
]
Op = Literal[
    "create_root",
    "create_page",
    "create_database",
    "update_database_title",
    "update_schema",
    "create_view",
    "adopt_default_view",
    "remove_default_view",
    "create_linked_view",
    "create_templates_page",
    "create_template",
    "create_row",
    "set_row_relations",
    "update_view",
    "restore_root",
    "restore_page",
    "restore_database",
    "restore_row",
]
#: Every op, once: ``plan.depends`` knows the lane and the needs of each.
OPS: frozenset[Op] = frozenset(get_args(Op))

# Plan order: steps are sorted by stage, which is a valid order to run them one at a time; the
# dependencies (``Step.after``) say what may run at once (see ``plan.depends``).
STAGE_ROOT = 0
STAGE_PAGES = 100  # + depth in the page tree (a page waits for its parent)
STAGE_DATABASES = 1_000  # + position in the create order (a relation needs its target's id)
STAGE_SCHEMA = 10_000  # + dependency level
# Rows before views: a row create answers with every property id, which the views need.
STAGE_ROWS = 20_000  # + dependency wave
STAGE_VIEWS = 30_000
STAGE_LINKED_VIEWS = 31_000
STAGE_TEMPLATES_PAGE = 32_000
STAGE_TEMPLATES = 32_010
STAGE_ROW_RELATIONS = 40_000


@dataclass(frozen=True)
class Change:
    """One line of the plan, as shown to the user and in ``--json``."""

    verb: Verb
    kind: Kind
    key: str
    name: str
    detail: str = ""

    @property
    def destructive(self) -> bool:
        """Whether this change can lose data in the workspace."""
        return self.verb in ("remove", "retype")


@dataclass(frozen=True)
class Step:
    """One unit of work for ``apply``; ``op`` says what, the other fields say on what."""

    op: Op
    stage: int
    key: str  # the object's key: page, database, "db.view", "db.row", template, "page.lv"
    changes: tuple[Change, ...]
    #: create_database: property keys sent in the create call.
    inline: tuple[str, ...] = ()
    #: create_database: (synced property key here, owner database, owner property) declared
    #: from this side because the owner was created first (see ``reversed_owners``).
    reverse: tuple[tuple[str, str, str], ...] = ()
    #: update_schema: property keys to add.
    adds: tuple[str, ...] = ()
    #: update_schema: (property key, observed property id) to rename back to the blueprint name.
    renames: tuple[tuple[str, str], ...] = ()
    #: update_schema: (property key, observed property id) to retype (destructive).
    retypes: tuple[tuple[str, str], ...] = ()
    #: update_schema: (relation key, observed property id) to point at a re-created target.
    retargets: tuple[tuple[str, str], ...] = ()
    #: update_schema: (synced property key, observed property id, owner database, owner
    #: property): the synced side of a two-way relation whose owner database was deleted for
    #: good and is created again, re-declared from this side towards the new owner.
    repoints: tuple[tuple[str, str, str, str], ...] = ()
    #: update_schema: observed property ids to remove (destructive).
    removes: tuple[str, ...] = ()
    #: update_schema: (property key, observed property id, option names in final order).
    options: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    #: update_view: what a user changed by hand (``plan.view_diff.ASPECTS``), to put back.
    aspects: tuple[str, ...] = ()
    #: create_row: relation property keys left for set_row_relations (targets created later).
    deferred: tuple[str, ...] = ()
    #: Unique within the plan (``op:key``, ``#n`` added when one object has several steps).
    id: str = ""
    #: Ids of the steps that must be done before this one starts (see ``plan.depends``).
    after: tuple[str, ...] = ()
    #: The Notion parent this step writes under: steps of one lane never run at once (409).
    lane: str = ""

    @property
    def destructive(self) -> bool:
        """Whether any change of this step can lose data."""
        return any(c.destructive for c in self.changes)


def counts_as_object(change: Change, new_databases: frozenset[str]) -> bool:
    """Whether a change counts as one object in summaries (plan and apply count alike).

    The properties a new database gets in a later step (relations, rollups and formulas that need
    other databases first) are part of its creation: "332 to create" then matches the "332
    unchanged" of the plan after apply.
    """
    return not (
        change.kind in ("property", "option")
        and change.verb == "create"
        and change.key.split(".", 1)[0] in new_databases
    )


@dataclass(frozen=True)
class Plan:
    """The ordered steps of a run, plus what is unchanged or left alone."""

    steps: tuple[Step, ...]
    unchanged: tuple[Change, ...]
    skipped: tuple[Change, ...] = ()
    #: Objects found in the workspace that the blueprint does not own (left alone).
    user_additions: tuple[Change, ...] = ()
    #: Changes left out because they are destructive and were not allowed.
    held_back: tuple[Change, ...] = ()

    @property
    def changes(self) -> tuple[Change, ...]:
        """Every change the steps make, in order."""
        return tuple(c for s in self.steps for c in s.changes)

    @property
    def is_empty(self) -> bool:
        """True when apply would write nothing."""
        return not self.steps

    @property
    def new_databases(self) -> frozenset[str]:
        """Keys of the databases this plan creates."""
        return frozenset(c.key for c in self.changes if c.kind == "database" and c.verb == "create")

    def counts(self) -> dict[str, int]:
        """How many changes of each verb, plus unchanged."""
        out: dict[str, int] = {"create": 0, "update": 0, "remove": 0, "retype": 0}
        new_databases = self.new_databases
        for change in self.changes:
            if counts_as_object(change, new_databases):
                out[change.verb] = out.get(change.verb, 0) + 1
        # Objects, as creates count them: a database's properties and options are part of it.
        out["unchanged"] = sum(1 for c in self.unchanged if c.kind not in ("property", "option"))
        return out
