"""What a user sees when the registry was damaged: plan says what apply repairs, in French too."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from notion_setup.cli import cli
from notion_setup.connect import UNPACED_BUDGET
from notion_setup.notion import NotionGateway
from notion_setup.pacer import Pacer
from notion_setup.sandbox import Sandbox

from ..conftest import Prebuilt
from .helpers import code_blocks, set_code, toggles

ARGS = ["av", "--sandbox", "--client", "Zoé", "--lang", "fr"]


def _damage_the_registry() -> None:
    """Write invalid JSON into the registry's first code block, as a user typing in it."""
    box = Sandbox(rate_limit=0, state_path=Path(os.environ["NOTION_SETUP_SANDBOX_STATE"]))
    # A pacer of its own: the shared one of the sandbox's token would be made here first, at
    # the default 180 a minute, and then pace the CLI's unpaced sandbox runs that follow.
    with NotionGateway(
        token=box.token,
        base_url="http://sandbox.invalid",
        transport=box.transport(),
        pacer=Pacer(UNPACED_BUDGET),
    ) as gw:
        [root] = [
            c["id"]
            for c in gw.paginate("GET", f"blocks/{box.root_page_id}/children")
            if c["type"] == "child_page"
        ]
        [toggle] = toggles(gw, root)
        set_code(gw, code_blocks(gw, toggle)[0][0], '{"notion_setup": 1, "objects": ')


def test_F14_plan_says_in_french_that_apply_repairs_the_registry_and_apply_does(
    prebuilt: Prebuilt,
) -> None:
    runner = CliRunner()
    prebuilt.restore(("apply", *ARGS, "-q"))
    _damage_the_registry()
    env = {"LANG": "fr_FR.UTF-8"}
    plan = runner.invoke(cli, ["plan", *ARGS], env=env)
    assert plan.exit_code == 0, plan.stderr  # every object was found again by its title
    assert (
        "attention : le registre du bloc dépliant « ⚙️ notion-setup » est endommagé (son texte "
        "n'est pas le JSON d'un registre) : les objets sont retrouvés par leur titre, et apply le "
        "répare sur place\n"
    ) in plan.stderr
    repair = runner.invoke(cli, ["apply", *ARGS], env=env)
    assert repair.exit_code == 0
    assert "endommagé" in repair.stderr
    clean = runner.invoke(cli, ["plan", *ARGS], env=env)
    assert clean.exit_code == 0
    assert "endommagé" not in clean.stderr and "attention" not in clean.stderr
    again = runner.invoke(cli, ["apply", *ARGS, "--json", "-q"], env=env)
    assert '"writes": 0' in again.stdout
