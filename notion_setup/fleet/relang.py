"""``--relang``: rename in place what the blueprint owns into the workspace's new language.

The plan renames database titles and property names by their registered ids. The rest happens
here, around the plan (``apply_workspace``'s ``rewrite`` and ``after``), as for an upgrade whose
new version is the same blueprint in the other language:

- options: Notion cannot rename an option through the API (an existing option's name is fixed),
  so each option whose name differs is moved: the plan adds "Done", the rows holding "Terminé"
  get "Done", then "Terminé" is dropped; no option is left beside the new one. A status option
  lands in Notion's To-do group: the run warns, naming the group to move it to by hand.
- page titles (the root page, the templates page, each page) and view names are renamed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from notion_setup.apply import Executor
from notion_setup.blueprint import Blueprint, resolve
from notion_setup.fleet.answering import Resolved
from notion_setup.fleet.migrate import (
    OptionMove,
    migrate_registry,
    moved_option_names,
    option_moves,
)
from notion_setup.fleet.option_rows import move_options
from notion_setup.fleet.titles import rename_titles, title_changes
from notion_setup.fleet.upgrade import Gateway
from notion_setup.messages import N_, _
from notion_setup.model import KeyChanges, Workspace
from notion_setup.notion.endpoints import as_api
from notion_setup.output import NullReporter, Reporter
from notion_setup.registry import Registry

#: A relang keeps every key: no migration between the two resolutions.
_SAME_KEYS = KeyChanges(from_version="0.0.0", to_version="0.0.0")


@dataclass
class RelangResult:
    """What the renaming after the plan did."""

    rows_moved: int = 0
    options_dropped: int = 0
    titles_renamed: int = 0


#: Notion's names of its status groups (as its app shows them).
_GROUPS = {"to_do": N_("To-do"), "in_progress": N_("In progress"), "complete": N_("Complete")}


def status_warnings(new: Workspace, moved: Sequence[OptionMove]) -> list[str]:
    """One line per status property whose moved options belong outside To-do.

    Notion puts an option added through the API in its To-do group and its groups cannot be set
    through the API, so the user moves each to the group the blueprint gives it, by hand.
    """
    by_property: dict[tuple[str, str], list[str]] = {}
    for move in moved:
        if move.prop_type != "status":
            continue
        db = new.database(move.database)
        option = next((o for o in db.property(move.prop).options if o.name == move.new), None)
        if option is None or option.group in (None, "to_do"):
            continue
        group = _(_GROUPS.get(option.group or "", option.group or ""))
        by_property.setdefault((db.title, move.prop_name), []).append(
            _("“{option}” to {group}").format(option=move.new, group=group)
        )
    return [
        _(
            "{database} › {property}: Notion puts new status options in To-do; move them to "
            "their group by hand: {moves}"
        ).format(database=database, property=prop, moves=", ".join(moves))
        for (database, prop), moves in by_property.items()
    ]


def relang_hooks(
    gateway: Gateway,
    bp: Blueprint,
    resolved: Resolved,
    *,
    reporter: Reporter | None = None,
    result: RelangResult | None = None,
) -> dict[str, Any]:
    """``rewrite`` and ``after`` for ``apply_workspace`` when ``--relang`` changes the language.

    Empty when the language does not change (an apply that is no relang).
    """
    choice, new = resolved.choice, resolved.workspace
    if choice.relang_from is None or choice.relang_from == new.lang:
        return {}
    old = resolve(
        bp,
        lang=choice.relang_from,
        client=new.client,
        variables=choice.variables,
        only=choice.only,
        without=choice.without,
        samples=resolved.answers.examples is not False,
    )
    if resolved.answers.examples is False:
        old = old.without_examples()
    moves = option_moves(old, new, _SAME_KEYS)
    counts = result if result is not None else RelangResult()
    warn = (reporter or NullReporter()).warn

    def rewrite(registry: Registry) -> Registry:
        return migrate_registry(registry, _SAME_KEYS, moved_option_names(registry, moves))

    def after(executor: Executor) -> None:
        observed = executor.observed
        moved = move_options(gateway, executor, moves, counts)
        root_title = None
        if observed.root_page_id:
            root_title = as_api(gateway).pages.retrieve(observed.root_page_id).title
        changes = title_changes(old, new, _SAME_KEYS, observed, root_title)
        counts.titles_renamed += rename_titles(gateway, changes)
        for line in status_warnings(new, moved):
            warn(line)

    hooks: dict[str, Callable[..., Any]] = {"rewrite": rewrite, "after": after}
    return hooks
