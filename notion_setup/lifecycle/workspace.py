"""Open an existing client workspace: its registry, and its blueprint resolved to match it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from notion_setup.answers import reconcile
from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.errors import BlueprintNotFound, UsageError
from notion_setup.lifecycle.locate import (
    client_roots,
    find_client,
    no_such_client,
    require_client,
)
from notion_setup.messages import _
from notion_setup.model import Workspace
from notion_setup.notion.endpoints import NotionAPI, as_api
from notion_setup.notion.transport import Transport
from notion_setup.observe import RootCache, find_root
from notion_setup.registry import Registry


def client_root_id(notion: Transport | NotionAPI, parent_id: str, client: str) -> str:
    """The id of the client's root page under ``parent_id``, found by its registry.

    Raises:
        UsageError: no workspace of that client there (the message lists the clients there).
    """
    return require_client(client_roots(as_api(notion), parent_id), client, parent_id).page_id


def open_client_workspace(
    notion: Transport | NotionAPI,
    parent_id: str,
    client: str,
    *,
    blueprint: str | None = None,
    lang: str | None = None,
    variables: Mapping[str, str] | None = None,
    today: date | None = None,
) -> tuple[Workspace, Registry]:
    """Find the client's root page under ``parent_id`` and resolve its blueprint.

    The registry names the blueprint and the language the workspace was made with, so property
    names match; ``blueprint`` and ``lang`` override them. The root is then confirmed with
    ``observe.find_root`` (reusing what was read).

    Raises:
        UsageError: no workspace for that client, or one whose first run did not finish.
        BlueprintNotFound: the registry's blueprint is not bundled (pass ``blueprint``).
    """
    api = as_api(notion)
    cache = RootCache()
    roots = client_roots(api, parent_id, cache)
    root = find_client(roots, client)
    if root is None and blueprint is None:
        raise no_such_client(client, parent_id, roots)
    name = blueprint or (root.registry.blueprint if root else "")
    try:
        bp = load_blueprint(name)
    except BlueprintNotFound as error:
        raise BlueprintNotFound(
            _("{error} (the workspace was made from blueprint {name!r})").format(
                error=error.message, name=name
            ),
            hint=_("pass --blueprint with the path of the blueprint file it was made from"),
        ) from error
    recorded = root.registry.answers if root else None
    chosen_without: tuple[str, ...] = ()
    if recorded is None and root is not None:
        language = lang or root.registry.lang or "en"
        chosen_vars = dict(variables or {})
    else:
        # The recorded answers fill what is left out; a contradiction is refused (F29).
        choice = reconcile(
            recorded,
            client=client,
            blueprint_id=bp.id,
            blueprint_source=name,
            lang=lang,
            default_lang="en",
            variables=variables or {},
            only=(),
            without=(),
            module_keys=bp.module_keys,
            declared_variables=tuple(bp.variables),
            command="new",
        )
        language, chosen_vars, chosen_without = choice.lang, dict(choice.variables), choice.without
    workspace = resolve(
        bp,
        lang=language,
        client=root.registry.client if root else client,
        variables=chosen_vars,
        without=chosen_without,
        today=today,
    )
    found = find_root(api, parent_id, workspace, cache)
    if found is None or found[1] is None:
        raise UsageError(
            _(
                'the workspace of "{client}" under page {parent} has no notion-setup registry '
                "(its first run did not finish)"
            ).format(client=client, parent=parent_id),
            hint=_(
                'run `notion-setup apply {blueprint} --client "{client}"` again to finish it'
            ).format(blueprint=bp.id, client=client),
        )
    return workspace, found[1]
