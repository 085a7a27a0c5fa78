"""``new`` from a database template made in the Notion app (``--notion-template NAME``).

Notion applies the template after answering the create, so this waits until the page shows the
template's content.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import date

from notion_setup.errors import NotionError, UsageError
from notion_setup.lifecycle.new.target import NewPage, create_page, pick_database, workspace_context
from notion_setup.lifecycle.new.values import find_property, set_value, stored_text
from notion_setup.model import Database, Workspace
from notion_setup.notion import payloads
from notion_setup.notion.endpoints import NotionAPI
from notion_setup.notion.results import Template as NotionTemplate
from notion_setup.notion.results import object_url
from notion_setup.notion.transport import JSON, Transport
from notion_setup.registry import Registry


def find_notion_template(
    api: NotionAPI, data_source_id: str, name: str, db: Database
) -> NotionTemplate:
    """The database template with this name (exact, else the one name containing it).

    Raises:
        UsageError: none or several match; the message lists the database's templates.
    """
    found = list(api.data_sources.templates(data_source_id, name=name))
    exact = [t for t in found if t.name.casefold() == name.casefold()]
    if len(exact) == 1 or (exact and len(exact) == len(found)):
        return exact[0]
    if len(found) == 1:
        return found[0]
    every = [t.name for t in api.data_sources.templates(data_source_id)]
    known = ", ".join(f'"{n}"' for n in every) or "none"
    many = "several templates match" if found else "no template matches"
    raise UsageError(
        f"{many} {name!r} in the {db.title} database (templates: {known})",
        hint="database templates are made in the Notion app (New ▾ → + New template); "
        "give the exact name",
    )


def wait_for_template(
    api: NotionAPI,
    page_id: str,
    *,
    timeout_s: float,
    sleep: Callable[[float], None],
    clock: Callable[[], float],
) -> bool:
    """Poll the page until Notion has applied the template (content appeared); False on timeout.

    Notion answers the create with a blank page and applies the template in the background,
    with no job to poll: the page's first blocks appearing is the sign that it is done.
    """
    deadline = clock() + timeout_s
    delay = 0.5
    while True:
        if api.blocks.first_child(page_id) is not None:
            return True
        if clock() >= deadline:
            return False
        sleep(min(delay, max(0.0, deadline - clock())))
        delay = min(delay * 2, 5.0)


def new_from_notion_template(
    notion: Transport | NotionAPI,
    workspace: Workspace,
    registry: Registry,
    database_name: str,
    template_name: str,
    *,
    sets: Sequence[tuple[str, str]] = (),
    today: date | None = None,
    timeout_s: float = 60.0,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> NewPage:
    """Create a page from a database template made in the Notion app, and wait for it.

    Args:
        notion: the gateway (or the endpoint layer over it).
        workspace: the blueprint resolved for this client.
        registry: the client's registry.
        database_name: a blueprint template key (its database), a database key or title.
        template_name: the Notion template's name.
        sets: ``--set`` pairs, sent with the create (the template fills the rest).
        today: relative dates in ``sets`` count from it.
        timeout_s: how long to wait for Notion to apply the template.
        sleep: waits between polls (tests inject one).
        clock: monotonic seconds (tests inject one).

    Raises:
        UsageError: unknown database, template or property, a value that does not fit.
        NotionError: Notion refused or could not be reached.
    """
    today = today or date.today()
    db = pick_database(workspace, database_name)
    ctx = workspace_context(notion, workspace, registry, db.key)
    template = find_notion_template(ctx.api, ctx.data_source_id, template_name, db)
    properties: JSON = {}
    shown: dict[str, str] = {}
    title = ""
    for name, raw in sets:
        prop = find_property(db, name)
        payload = set_value(prop, raw, db, today=today, find_rows=ctx.find_rows)
        properties[ctx.prop_key(prop)] = payload
        shown[prop.name] = stored_text(payload, raw)
        if prop.type == "title":
            title = raw
    try:
        page = create_page(
            ctx,
            properties,
            title,
            f"--notion-template {template_name}",
            template=payloads.template_id(template.id),
        )
    except NotionError as error:
        if error.status == 400 and not error.hint:
            error.hint = (
                "check that the integration can see the template (share the database with it) "
                "and that the template still exists in the Notion app"
            )
        raise
    page_id = page.id
    applied = wait_for_template(ctx.api, page_id, timeout_s=timeout_s, sleep=sleep, clock=clock)
    warnings: tuple[str, ...] = ()
    if not applied:
        warnings = (
            f"Notion had not applied the template after {timeout_s:.0f} s; the page exists and "
            "usually fills in within a minute (a template without content never shows any)",
        )
    if not title:
        title = ctx.api.pages.retrieve(page_id).title
    return NewPage(
        client=workspace.client,
        database=db.key,
        database_title=db.title,
        title=title,
        id=page_id,
        url=object_url(page_id, page.url),
        source="notion",
        template=template.name or template_name,
        values=shown,
        template_applied=applied,
        warnings=warnings,
    )
