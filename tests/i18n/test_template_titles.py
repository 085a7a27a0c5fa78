"""No page title ever shows a literal ``{{month}}``: template pages carry their ``page_title``.

The workspace's template page, the progress line that creates it, the summary that links it and
``plan`` all name it as the workspace shows it ("Forfait mensuel"), while ``new`` still fills the
title's placeholders ("Forfait mensuel – décembre 2026").
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from notion_setup.cli import cli
from notion_setup.connect import open_connection
from notion_setup.notion.endpoints import as_api

from ..conftest import Prebuilt


def test_apply_obm_in_french_names_template_pages_without_month_placeholders() -> None:
    result = CliRunner().invoke(cli, ["apply", "obm", "--sandbox", "--client", "C", "--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert "{{" not in result.stdout + result.stderr
    progress = result.stderr.splitlines()
    assert "[334/339] création  modèle Rapport mensuel" in progress
    assert "[338/339] création  modèle Forfait mensuel" in progress
    listed = [line.split("  file://")[0] for line in result.stdout.splitlines()]
    assert "    ▢ Rapport mensuel" in listed
    assert "    ▢ Forfait mensuel" in listed


def test_the_template_page_in_the_workspace_has_the_page_title() -> None:
    result = CliRunner().invoke(cli, ["apply", "obm", "--sandbox", "--client", "C", "--json"])
    assert result.exit_code == 0, result.output
    objects = json.loads(result.stdout)["objects"]
    template = next(o for o in objects if o["kind"] == "template" and o["key"] == "retainer_month")
    assert template["name"] == "Monthly retainer"
    with open_connection(sandbox=True) as conn:
        page = as_api(conn.gateway).pages.retrieve(template["id"])
    assert page.title == "Monthly retainer"


def test_plan_lists_template_pages_by_their_page_title() -> None:
    result = CliRunner().invoke(cli, ["plan", "obm", "--sandbox", "--client", "C"])
    assert result.exit_code == 3, result.output
    assert "{{" not in result.stdout
    assert "Monthly report" in result.stdout


def test_a_rerun_finds_the_template_pages_and_writes_nothing(prebuilt: Prebuilt) -> None:
    runner = CliRunner()
    prebuilt.restore(("apply", "obm", "--sandbox", "--client", "C", "-q"))
    again = runner.invoke(cli, ["plan", "obm", "--sandbox", "--client", "C"])
    assert again.exit_code == 0, again.output
