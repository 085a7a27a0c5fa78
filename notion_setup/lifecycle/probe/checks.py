"""The probe's checks: each one a behaviour the tool (or the sandbox) relies on.

``CHECKS`` is data: one ``Check`` per behaviour, with a stable ``id``, a one-line description
and the choice of ``docs/sandbox.md`` it settles (``settles``; a test requires the doc to name
every id). A check reads what it needs from the ``World`` and returns the differences it saw
(``Diff``: what, expected, got); none means "as expected". A request Notion refused is a
difference too (the runner reports it), so one refusal never stops the other checks.
"""

from __future__ import annotations

# The check modules register their checks in report order: answers, schema and rows, views.
from notion_setup.lifecycle.probe import checks_api, checks_schema, checks_views
from notion_setup.lifecycle.probe.expect import CHECKS, Check, Diff, Expect, refusal

__all__ = [
    "CHECKS",
    "Check",
    "Diff",
    "Expect",
    "checks_api",
    "checks_schema",
    "checks_views",
    "refusal",
]
