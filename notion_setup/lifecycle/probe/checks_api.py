"""Checks of the answers themselves: request ids, limits, errors, URL and timestamp forms."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from notion_setup.errors import NotionError
from notion_setup.lifecycle.probe.expect import (
    Diff,
    Expect,
    check,
    show,
)
from notion_setup.lifecycle.probe.world import World, raw_of
from notion_setup.messages import N_

JSON = dict[str, Any]
#: ``bot.workspace_limits.max_file_upload_size_in_bytes`` recorded on a Free-looking workspace.
FREE_UPLOAD_LIMIT = 5 * 1024 * 1024


# --- answers -------------------------------------------------------------------------------


@check(
    "api.request_id",
    N_("every answer carries a request_id"),
    "request_id on every JSON answer, success too (recorded under 2025-09-03 only)",
)
def _request_id(world: World, expect: Expect) -> None:
    answers = {
        "GET users/me": raw_of(world.me()),
        "POST pages": raw_of(world.scratch),
        "POST databases": raw_of(world.tasks().database),
        "GET data_sources/{id}": raw_of(world.tasks().schema),
        "GET pages/{id}": raw_of(world.task_row()),
        "GET views/{id}": raw_of(world.view("list")),
    }
    for where, raw in answers.items():
        expect.form(f"{where}: request_id", "uuid", raw.get("request_id"))


@check(
    "workspace.limits",
    N_("users/me shows the workspace's upload limit (how the tool guesses a Free plan)"),
    "a 5 MiB bot.workspace_limits.max_file_upload_size_in_bytes reads as a Free workspace",
)
def _limits(world: World, expect: Expect) -> None:
    bot = raw_of(world.me()).get("bot") or {}
    limits = bot.get("workspace_limits") if isinstance(bot, Mapping) else None
    size = limits.get("max_file_upload_size_in_bytes") if isinstance(limits, Mapping) else None
    if not isinstance(size, int) or isinstance(size, bool):
        expect.diffs.append(
            Diff("bot.workspace_limits.max_file_upload_size_in_bytes", "<bytes>", show(size))
        )
        return
    expect.facts["max_file_upload_size_in_bytes"] = size
    expect.facts["plan_guess"] = "free" if size <= FREE_UPLOAD_LIMIT else "paid"
    workspace_id = bot.get("workspace_id") if isinstance(bot, Mapping) else None
    expect.form("bot.workspace_id", "uuid", workspace_id)


@check(
    "errors.not_found",
    N_("an unknown id answers 404 object_not_found, never 403"),
    "unknown or unshared ids give 404 object_not_found (with additional_data.integration_id)",
)
def _not_found(world: World, expect: Expect) -> None:
    missing = str(uuid.uuid4())
    try:
        world.api.pages.retrieve(missing)
    except NotionError as error:
        expect.equal(
            "GET pages/<unknown id>", "404 object_not_found", f"{error.status} {error.notion_code}"
        )
        return
    expect.diffs.append(Diff("GET pages/<unknown id>", "404 object_not_found", "200"))


# --- URLs and timestamps ---------------------------------------------------------------------


@check(
    "url.page",
    N_("pages and rows have URLs of the form app.notion.com/p/<Title>-<id32>"),
    "page URL slugs: every character outside A-Z a-z 0-9 becomes '-'",
)
def _url_page(world: World, expect: Expect) -> None:
    expect.form("page url", "url_page", world.scratch.url)
    expect.form("row url", "url_page", world.task_row().url)
    expect.equal(
        "page url slug",
        "notion-setup-probe-",
        (world.scratch.url or "").rsplit("/", 1)[-1][: len("notion-setup-probe-")],
    )


@check(
    "url.database",
    N_("a database and its data source share the URL app.notion.com/p/<database id32>"),
    "database and data source URLs are equal, https://app.notion.com/p/<database id32>",
)
def _url_database(world: World, expect: Expect) -> None:
    made = world.tasks()
    expect.form("database url", "url_id", made.database.url)
    expect.equal("data source url", made.database.url, made.schema.url)


@check(
    "url.view",
    N_("views have URLs of the form app.notion.com/p/<database id32>?v=<view id32>"),
    "view URLs are https://app.notion.com/p/<database id32>?v=<view id32>",
)
def _url_view(world: World, expect: Expect) -> None:
    view = world.view("list")
    if expect.form("view url", "url_view", view.url):
        database = world.tasks().database.id.replace("-", "")
        expect.equal("view url database", database, (view.url or "")[25:57])


@check(
    "time.forms",
    N_("timestamps: pages and blocks .000Z, databases and views +00:00"),
    "two timestamp forms: pages, blocks and data sources ...000Z; databases and views ...+00:00",
)
def _times(world: World, expect: Expect) -> None:
    expect.form("page created_time", "time_ms_z", raw_of(world.scratch).get("created_time"))
    expect.form("block created_time", "time_ms_z", raw_of(world.first_block()).get("created_time"))
    expect.form(
        "database created_time",
        "time_ms_offset",
        raw_of(world.tasks().database).get("created_time"),
    )
    expect.form(
        "view created_time", "time_ms_offset", raw_of(world.view("list")).get("created_time")
    )
