"""The steps that repair what a user changed by hand: restore from the trash, put a view back.

Each function is one ``Executor`` step handler (``apply.STEP_HANDLERS``). Restoring keeps an
object's id, its content and the relations other databases hold to it, which creating it again
would lose; Notion restores with ``in_trash: false`` on the page or database (notion-api.md §8).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from notion_setup.errors import AccessError
from notion_setup.notion.transport import JSON
from notion_setup.plan import Step

if TYPE_CHECKING:
    from notion_setup.apply import Executor


def restore_root(executor: Executor, step: Step) -> None:
    """Bring the client's root back from the trash, with everything under it, then take its lease.

    Two runs may both restore it (the same write twice leaves one root); only one gets the
    lease, before anything else is written in the root.
    """
    assert executor.root_id is not None, step.key
    executor.api.pages.update(executor.root_id, in_trash=False, blueprint_path="root")
    if executor.lease is not None:
        executor.lease.claim(executor.root_id)


def restore_page(executor: Executor, step: Step) -> None:
    """Bring a page of the blueprint (a plain page, the templates page, a template) back."""
    page_id = executor.registry.id(step.key)
    assert page_id is not None, step.key
    executor.api.pages.update(page_id, in_trash=False, blueprint_path=_page_path(step.key))


def restore_database(executor: Executor, step: Step) -> None:
    """Bring a database back from the trash, with its rows, views and incoming relations."""
    db_id, _ = executor.databases[step.key]
    executor.api.databases.update(db_id, in_trash=False, blueprint_path=f"databases.{step.key}")


def update_view(executor: Executor, step: Step) -> None:
    """Put back the name, filter, sorts or layout of a view a user changed by hand.

    ``PATCH /v1/views/{id}`` takes ``filter: null`` and ``sorts: null`` to clear what the
    blueprint does not set, and shallow-merges the configuration (it always names its type).
    """
    db_key, view_key = step.key.split(".", 1)
    db = executor.ws.database(db_key)
    db_id, _ = executor.databases[db_key]
    view_id = executor.registry.id(f"view:{step.key}")
    assert view_id is not None, step.key
    wanted = executor._view_body(db, view_key)
    patch: JSON = {aspect: wanted.get(aspect) or None for aspect in step.aspects}
    executor.api.views.update(
        view_id, patch, lock=db_id, blueprint_path=f"databases.{db_key}.views.{view_key}"
    )


def restore_row(executor: Executor, step: Step) -> None:
    """Bring a starter row back from the trash (``--restore-rows``); create it when it was
    deleted for good (the trash emptied).
    """
    row_id = executor.registry.id(f"row:{step.key}")
    db_key, row_key = step.key.split(".", 1)
    if row_id is not None:
        try:
            executor.api.pages.update(
                row_id, in_trash=False, blueprint_path=f"databases.{db_key}.rows.{row_key}"
            )
        except AccessError as error:
            if error.status != 404:
                raise
        else:
            with executor._lock:
                executor.rows[step.key] = row_id
            return
    executor._create_row(step)


def _page_path(reg_key: str) -> str:
    if reg_key.startswith("page:"):
        return "pages." + reg_key[len("page:") :]
    if reg_key.startswith("tpl:"):
        return "templates." + reg_key[len("tpl:") :]
    return reg_key
