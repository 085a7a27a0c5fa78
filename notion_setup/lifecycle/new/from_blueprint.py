"""``new`` from a blueprint template.

Resolved in the workspace's language, late placeholders filled, ``--set`` values over the
template's values, the body appended past what fits in a create.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from notion_setup.blueprint.variables import substitute
from notion_setup.lifecycle.new.target import NewPage, create_page, pick_template, workspace_context
from notion_setup.lifecycle.new.values import (
    UNSETTABLE,
    find_property,
    late_values,
    set_value,
    stored_text,
)
from notion_setup.model import Workspace
from notion_setup.notion import payloads
from notion_setup.notion.body import append_blocks, split_for_create
from notion_setup.notion.endpoints import NotionAPI
from notion_setup.notion.markdown import markdown_to_blocks
from notion_setup.notion.results import object_url
from notion_setup.notion.transport import JSON, Transport
from notion_setup.registry import Registry


def new_from_blueprint(
    notion: Transport | NotionAPI,
    workspace: Workspace,
    registry: Registry,
    template_name: str,
    *,
    sets: Sequence[tuple[str, str]] = (),
    today: date | None = None,
) -> NewPage:
    """Create a page in the template's database from a blueprint template.

    Args:
        notion: the gateway (or the endpoint layer over it).
        workspace: the blueprint resolved for this client, in the registry's language.
        registry: the client's registry (database, property and row ids).
        template_name: the template's key (or title).
        sets: ``--set`` pairs, applied over the template's values.
        today: the date placeholders and relative dates count from (tests pass one).

    Raises:
        UsageError: unknown template or property, a value that does not fit.
        NotionError: Notion refused or could not be reached.
    """
    today = today or date.today()
    template = pick_template(workspace, template_name)
    ctx = workspace_context(notion, workspace, registry, template.database)
    db = ctx.database
    late = late_values(workspace.lang, today)
    title = substitute(template.title, late)
    warnings: list[str] = []
    properties: JSON = {}
    shown: dict[str, str] = {}
    row_ids = {
        key.removeprefix("row:"): str(value)
        for key, value in registry.objects.items()
        if key.startswith("row:") and value
    }
    for key, value in template.values.items():
        prop = db.property(key)
        if prop.type in UNSETTABLE:
            continue
        payload = payloads.page_value(
            prop, value, row_ids=row_ids, at=f"templates.{template.key}.values.{key}"
        )
        if payload is None:
            warnings.append(f"{prop.name}: a related starter row is gone; left empty")
            continue
        properties[ctx.prop_key(prop)] = payload
        text = ", ".join(value) if isinstance(value, tuple) else str(value)
        shown[prop.name] = stored_text(payload, text)
    for name, raw in sets:
        prop = find_property(db, name)
        payload = set_value(prop, raw, db, today=today, find_rows=ctx.find_rows)
        if prop.type == "title":
            title = raw
        properties[ctx.prop_key(prop)] = payload
        shown[prop.name] = stored_text(payload, raw)
    properties.update(payloads.title_properties(title, f"templates.{template.key}.title"))
    shown[db.title_property.name] = title
    markdown = substitute(template.body, late)
    head, tail = split_for_create(markdown_to_blocks(markdown)) if markdown.strip() else ([], [])
    page = create_page(
        ctx,
        properties,
        title,
        f"templates.{template.key}",
        children=head or None,
        icon=payloads.icon(template.icon),
    )
    if tail:
        append_blocks(ctx.api, page.id, tail)
    return NewPage(
        client=workspace.client,
        database=db.key,
        database_title=db.title,
        title=title,
        id=page.id,
        url=object_url(page.id, page.url),
        source="blueprint",
        template=template.key,
        values=shown,
        warnings=tuple(warnings),
    )
