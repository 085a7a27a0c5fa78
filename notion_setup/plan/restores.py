"""The root page and the objects of the blueprint a user moved to the trash by hand.

Planned first: what lives in a page in the trash can only be written once it is back.
"""

from __future__ import annotations

from notion_setup.plan import wording
from notion_setup.plan.context import PlanContext
from notion_setup.plan.types import STAGE_ROOT, Change, Kind, Step


def plan_root(ctx: PlanContext) -> None:
    """The client's root page: created on a first run, restored when it is in the trash."""
    title = ctx.workspace.title
    if not ctx.observed.exists:
        ctx.steps.append(
            Step("create_root", STAGE_ROOT, "root", (Change("create", "root", "root", title),))
        )
    elif ctx.observed.root_in_trash:
        # Everything under it went to the trash with it and comes back with it, ids and
        # content unchanged: one write instead of a second workspace beside the first.
        change = Change("update", "root", "root", title, wording.in_the_trash())
        ctx.steps.append(Step("restore_root", STAGE_ROOT, "root", (change,)))
    else:
        ctx.unchanged.append(Change("unchanged", "root", "root", title))


def plan_restores(ctx: PlanContext) -> None:
    """Pages and databases of the blueprint moved to the trash by hand come back from it.

    Restoring keeps their ids, their content and the relations other databases hold to them,
    where creating them again would leave those relations pointing at the trash.
    """
    observed, workspace = ctx.observed, ctx.workspace
    detail = wording.in_the_trash()
    titles: dict[str, tuple[Kind, str]] = {
        f"page:{p.key}": ("page", p.title) for p in workspace.pages
    }
    titles["templates_page"] = ("templates_page", workspace.templates_page_title)
    titles.update({f"tpl:{t.key}": ("template", t.title) for t in workspace.templates})
    for reg_key in observed.trashed_pages:
        kind, title = titles[reg_key]
        key = reg_key.split(":", 1)[-1] if kind != "templates_page" else "templates"
        ctx.steps.append(
            Step(
                "restore_page",
                STAGE_ROOT + 1,
                reg_key,
                (Change("update", kind, key, title, detail),),
            )
        )
    for db in workspace.databases:
        seen = observed.databases.get(db.key)
        if seen is not None and seen.in_trash:
            ctx.steps.append(
                Step(
                    "restore_database",
                    STAGE_ROOT + 1,
                    db.key,
                    (Change("update", "database", db.key, db.title, detail),),
                )
            )
