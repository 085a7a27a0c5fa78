"""Pure planning: (resolved workspace, observed snapshot) -> Plan of steps for ``apply``.

``types`` holds the vocabulary, ``order`` the dependency ordering, ``schema_diff`` the diff of an
existing database and ``build`` the planner itself.
"""

from notion_setup.plan.build import make_plan
from notion_setup.plan.order import (
    formula_references,
    reversed_owners,
    synced_counterparts,
    workspace_keys,
)
from notion_setup.plan.types import DEFAULT_VIEW_NAME, Change, Kind, Plan, Step, Verb

__all__ = [
    "DEFAULT_VIEW_NAME",
    "Change",
    "Kind",
    "Plan",
    "Step",
    "Verb",
    "formula_references",
    "make_plan",
    "reversed_owners",
    "synced_counterparts",
    "workspace_keys",
]
