"""``apply av`` and ``apply obm``, English and French, on the sandbox with 2026-12-01, then
``plan`` finds nothing to do (exit 0): the tool works on the new version from the command line."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from notion_setup.cli import cli


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("blueprint", ["av", "obm"])
def test_apply_then_plan_on_2026_12_01(blueprint: str, lang: str) -> None:
    args = [blueprint, "--sandbox", "--client", "Acme", "--lang", lang]
    applied = CliRunner().invoke(cli, ["apply", *args, "-q", "--notion-version", "2026-12-01"])
    assert applied.exit_code == 0, applied.stderr
    planned = CliRunner().invoke(cli, ["plan", *args], env={"NOTION_VERSION": "2026-12-01"})
    assert planned.exit_code == 0, planned.stdout + planned.stderr
    assert planned.stdout.splitlines()[-2] == (
        "Blocks added: 0 (a Free workspace with more than one member holds 1,000 in all)"
        if lang == "en"
        else "Blocs ajoutés : 0 (un espace Free à plusieurs membres en accepte 1 000 au total)"
    )
