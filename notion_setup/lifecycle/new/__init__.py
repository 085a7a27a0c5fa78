"""``new``: one page in the right database of a client's workspace, from a template.

Two sources:

- a blueprint template (``templates.<key>``: database, title, values, body), resolved in the
  workspace's language with relative dates counted from today and the late placeholders
  ``{{date}}`` (2026-03-31), ``{{month}}`` (March 2026 / mars 2026) and ``{{year}}`` filled in;
- a database template made in the Notion app (``--notion-template NAME``), applied through the
  API's template support; Notion applies it after answering, so this waits until the page shows
  the template's content.

``--set PROPERTY=VALUE`` values (property key or name) are checked against the property's type
before anything is written. Properties are addressed by their registered ids, so renames made
by hand in Notion do not break ``new``.
"""

from notion_setup.lifecycle.new.from_blueprint import new_from_blueprint
from notion_setup.lifecycle.new.from_notion import new_from_notion_template
from notion_setup.lifecycle.new.target import NewPage
from notion_setup.lifecycle.new.values import MONTHS, late_values, parse_sets, set_value

__all__ = [
    "MONTHS",
    "NewPage",
    "late_values",
    "new_from_blueprint",
    "new_from_notion_template",
    "parse_sets",
    "set_value",
]
