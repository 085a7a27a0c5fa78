"""``group_dates_by`` of a view and of a chart's x axis reaches Notion's view configuration.

Notion groups a date by ``relative|day|week|month|year`` (notion-api.md, views; notion-sdk-js
``DateGroupByConfigRequest.group_by``); without the blueprint saying, the tool asks for month.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from click.testing import CliRunner

from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.cli import cli
from notion_setup.connect import open_connection
from notion_setup.model import Workspace
from notion_setup.notion import payloads
from notion_setup.notion.endpoints import as_api
from notion_setup.observe import observe


@pytest.fixture(scope="module")
def av() -> Workspace:
    return resolve(load_blueprint("av"), lang="en", client="Acme")


def ids_of(workspace: Workspace, db_key: str) -> dict[str, str]:
    return {p.key: f"id-{p.key}" for p in workspace.database(db_key).properties}


def configuration(workspace: Workspace, db_key: str, view_key: str) -> dict[str, object]:
    db = workspace.database(db_key)
    view = next(v for v in db.views if v.key == view_key)
    return payloads.view_configuration(view, db, ids_of(workspace, db_key))


def test_a_board_grouped_by_day_asks_notion_for_day_groups(av: Workspace) -> None:
    config = configuration(av, "tasks", "this_week")
    assert config["group_by"] == {
        "type": "date",
        "property_id": "id-due",
        "sort": {"type": "manual"},
        "group_by": "day",
    }


@pytest.mark.parametrize(
    ("db_key", "view_key", "group"),
    [
        ("invoices", "revenue_month", "month"),
        ("invoices", "revenue_year", "year"),
        ("time_entries", "burn", "week"),
    ],
)
def test_a_charts_date_axis_groups_as_the_blueprint_says(
    av: Workspace, db_key: str, view_key: str, group: str
) -> None:
    x_axis = configuration(av, db_key, view_key)["x_axis"]
    assert isinstance(x_axis, dict)
    assert x_axis["group_by"] == group


def test_without_group_dates_by_dates_group_by_month(av: Workspace) -> None:
    db = av.database("tasks")
    view = replace(next(v for v in db.views if v.key == "this_week"), group_by_date=None)
    config = payloads.view_configuration(view, db, ids_of(av, "tasks"))
    assert isinstance(config["group_by"], dict)
    assert config["group_by"]["group_by"] == "month"


def test_the_sandbox_reads_back_the_date_grouping_of_each_view(av: Workspace) -> None:
    result = CliRunner().invoke(cli, ["apply", "av", "--sandbox", "--client", "Acme", "-q"])
    assert result.exit_code == 0, result.output
    with open_connection(sandbox=True, web_view=False) as conn:
        api = as_api(conn.gateway)
        assert conn.default_parent is not None
        seen = observe(api, conn.default_parent, av)
        board = api.views.retrieve(seen.views["tasks.this_week"]).raw["configuration"]
        burn = api.views.retrieve(seen.views["time_entries.burn"]).raw["configuration"]
        year = api.views.retrieve(seen.views["invoices.revenue_year"]).raw["configuration"]
    assert board["group_by"]["group_by"] == "day"
    assert burn["x_axis"]["group_by"] == "week"
    assert year["x_axis"]["group_by"] == "year"
